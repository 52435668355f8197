"""The durable_rules backend: same decisions as the built-in evaluator, and every known quirk."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, write
from plut_rules import (
    Achievement,
    Consultant,
    EvaluationError,
    Policy,
    PolicyError,
    evaluate,
    evaluation_to_dict,
    load_policy,
    parse_policy,
    to_json,
)
from plut_rules.engine import DurableBackendError, rules_backend
from plut_rules.engine import durable as backend_module
from plut_rules.policy import runtime_of
from strategies import policy_documents, rosters


def person(cid: str, field: str = "pemasaran", unit: str = "pkp", appointed: int = 2015,
           **competences: int) -> Consultant:
    """A consultant of the MINIMAL policy."""
    return Consultant(cid, f"Nama {cid}", unit, field, appointed, competences)


def results(cid: str, field: str, main: str | int, hadir: str | int = 95) -> list[Achievement]:
    """Achievements for a MINIMAL consultant: the field's main indicator and attendance."""
    main_id = "akses_pasar" if field == "pemasaran" else "sertifikasi"
    return [Achievement(cid, main_id, main), Achievement(cid, "kehadiran", hadir)]


def both(policy: Policy, consultants: list[Consultant], achievements: list[Achievement],
         **kwargs: Any) -> tuple[Any, Any]:
    """The outcome under each backend: the output as plain data, or the error's problems."""
    out = []
    for backend in ("builtin", "durable"):
        try:
            evaluation = evaluate(policy, consultants, achievements, backend=backend, **kwargs)
            out.append(evaluation_to_dict(evaluation, "en"))
        except EvaluationError as exc:
            out.append([str(p) for p in exc.problems])
    return out[0], out[1]


def roster(n: int, field: str = "pemasaran") -> tuple[list[Consultant], list[Achievement]]:
    """``n`` MINIMAL consultants; many have identical content apart from their id."""
    people = [person(f"P{i:05d}", field, "pkp", 2015, produksi=(i * 7) % 101) for i in range(n)]
    ach = [a for i in range(n) for a in results(f"P{i:05d}", field, (i % 9) * 5, 95)]
    return people, ach


# ------------------------------------------------------------------ the sample and basics


def test_sample_gives_identical_output_on_both_backends() -> None:
    """The shipped sample: byte-identical JSON from both backends."""
    from plut_rules import load_roster
    from plut_rules.shipped import policy_path, sample_path

    policy = load_policy(policy_path("2018"))
    r = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    builtin = to_json(evaluate(policy, r.consultants, r.achievements))
    durable = to_json(evaluate(policy, r.consultants, r.achievements, backend="durable"))
    assert durable == builtin


def test_unknown_backend_is_refused(minimal: Policy) -> None:
    """A backend name other than builtin or durable is a ValueError naming the choices."""
    with pytest.raises(ValueError, match="builtin, durable"):
        evaluate(minimal, [person("A")], results("A", "pemasaran", 30),
                 backend="drools")  # type: ignore[arg-type]


def test_exact_decimals_near_the_threshold(tmp_path: Path) -> None:
    """69.30 >= 63 * 1.1 and 0.1 + 0.2 == 0.3 hold on durable too (no binary floats)."""
    text = MINIMAL.replace("when: score >= keep", "when: score >= 63 * 1.1 and 0.1 + 0.2 == 0.3")
    text = text.replace("kehadiran: {label: Kehadiran, target: 95, weight: 0.2}",
                        "kehadiran: {label: Kehadiran, target: 100, weight: 0.2}")
    text = text.replace("target: 40, weight: 0.8", "target: 100, weight: 0.8")
    policy = load_policy(write(tmp_path, text))
    # score = 100 * (0.8 * 0.6925 + 0.2 * 0.7) = 69.40; 0.69125 -> 69.30 exactly
    people = [person("A"), person("B")]
    ach = [*results("A", "pemasaran", "69.125", 70), *results("B", "pemasaran", "69.1125", 70)]
    builtin, durable = both(policy, people, ach)
    assert durable == builtin
    assert [d["score"] for d in durable["decisions"]] == [69.3, 69.29]
    assert [d["rule"] for d in durable["decisions"]] == ["capai-target", "lainnya"]


def test_integers_beyond_2_53_compare_exactly(tmp_path: Path) -> None:
    """Scaled values too large for durable's numbers fall back to an exact sign."""
    big = "1000000000000000"  # 10^15, the largest literal: products pass 2^53
    text = MINIMAL.replace("when: score >= keep",
                           f"when: score * {big} >= keep * {big} + 1")
    policy = load_policy(write(tmp_path, text))
    people = [person("A"), person("B"), person("C")]
    ach = [*results("A", "pemasaran", 35), *results("B", "pemasaran", 40),
           *results("C", "pemasaran", 10)]
    builtin, durable = both(policy, people, ach)
    assert durable == builtin


def test_first_matching_rule_wins_by_salience(tmp_path: Path) -> None:
    """Several rules hold: durable fires the first in file order, named explicitly."""
    text = MINIMAL.replace(
        "  - id: gagal-gate\n",
        "  - id: pertama\n    when: score >= 0\n    then: keep\n"
        "  - id: kedua\n    when: score >= 0\n    then: replace\n  - id: gagal-gate\n")
    policy = load_policy(write(tmp_path, text))
    evaluation = evaluate(policy, [person("A")], results("A", "pemasaran", 1),
                          backend="durable")
    assert evaluation.decisions[0].rule == "pertama"
    names = rules_backend(runtime_of(policy), policy.sha256).rule_names
    assert names[:2] == ["0000-pertama", "0001-kedua"]


def test_not_in_scope_and_strings(tmp_path: Path) -> None:
    """not, in, string comparisons and rule scopes compile to equivalent conditions."""
    text = MINIMAL.replace(
        "  - id: gagal-gate\n",
        "  - id: cakupan\n    when: not (field in ['produksi'] or unit != 'pkp')"
        " and not (gates_failed in [1, 2])\n    then: keep\n    fields: [pemasaran]\n"
        "  - id: gagal-gate\n")
    policy = load_policy(write(tmp_path, text))
    people = [person("A"), person("B", "produksi"), person("C")]
    ach = [*results("A", "pemasaran", 5), *results("B", "produksi", 5),
           *results("C", "pemasaran", 30)]
    builtin, durable = both(policy, people, ach)
    assert durable == builtin
    assert [d["rule"] for d in durable["decisions"]] == ["gagal-gate", "gagal-gate", "cakupan"]


def test_division_by_zero_only_where_the_evaluator_reaches_it(tmp_path: Path) -> None:
    """A division by zero is the same error on durable, and none where `and` stops first."""
    text = MINIMAL.replace("when: score >= keep",
                           "when: gates_failed > 0 and score / gates_failed >= keep "
                           "or score / (years_served - 3) >= keep")
    policy = load_policy(write(tmp_path, text))
    # A: appointed 2015, years_served 3: the second division is reached and fails
    people = [person("A"), person("B", appointed=2010)]
    ach = [*results("A", "pemasaran", 30), *results("B", "pemasaran", 40)]
    builtin, durable = both(policy, people, ach)
    assert durable == builtin
    assert isinstance(durable, list) and "division" in durable[0] and "consultant A" in durable[0]
    ok_builtin, ok_durable = both(policy, [people[1]], ach[2:])
    assert ok_durable == ok_builtin and isinstance(ok_durable, dict)


def test_undecided_is_the_same_error(tmp_path: Path) -> None:
    """No rule holds: durable's catch-all reports the same undecided error."""
    text = MINIMAL.replace("  - id: lainnya\n    when: true\n    then: replace\n", "")
    policy = load_policy(write(tmp_path, text))
    builtin, durable = both(policy, [person("A")], results("A", "pemasaran", 24, 50))
    assert durable == builtin
    assert "decided by no rule" in str(durable)


def test_policy_too_large_for_a_message_is_refused(tmp_path: Path) -> None:
    """More comparisons than durable accepts in one message: a clear error, no answer."""
    many = " or ".join(f"score > {i}" for i in range(140))
    text = MINIMAL.replace("when: score >= keep", f"when: {many}")
    policy = load_policy(write(tmp_path, text))
    with pytest.raises(PolicyError) as info:
        evaluate(policy, [person("A")], results("A", "pemasaran", 30), backend="durable")
    assert info.value.problems[0].code == "durable-too-large"
    assert "built-in backend" in str(info.value)


# ------------------------------------------------------------------ durable_rules quirks


def test_each_policy_has_its_own_host_and_ruleset_name(tmp_path: Path) -> None:
    """Two loads of one policy: two Hosts, names from the policy hash, both usable."""
    first = load_policy(write(tmp_path, MINIMAL, "a.yaml"))
    second = load_policy(write(tmp_path, MINIMAL, "b.yaml"))
    assert first.sha256 == second.sha256
    a = rules_backend(runtime_of(first), first.sha256)
    b = rules_backend(runtime_of(second), second.sha256)
    assert a.host is not b.host and a.name != b.name
    assert a.name.startswith(f"plut_{first.sha256[:16]}_")
    assert rules_backend(runtime_of(first), first.sha256) is a
    for policy in (first, second):
        evaluation = evaluate(policy, [person("A")], results("A", "pemasaran", 30),
                              backend="durable")
        assert evaluation.decisions[0].rule == "capai-target"


def test_import_defines_nothing_and_shadows_nothing() -> None:
    """Importing the library defines no ruleset; durable.lang (which shadows all/any) is unused."""
    code = textwrap_code("""
        import builtins, sys
        import plut_rules, plut_rules.engine.durable as d
        assert not d._BACKENDS
        assert 'durable' not in sys.modules
        from plut_rules import evaluate, Consultant, Achievement, load_policy
        from plut_rules.shipped import policy_path
        p = load_policy(policy_path('2018'))
        assert 'durable.lang' not in sys.modules
        assert all is builtins.all and any is builtins.any
        print('ok')
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.stdout.strip() == "ok", result.stderr


def textwrap_code(text: str) -> str:
    """Dedented code for ``python -c``."""
    import textwrap

    return textwrap.dedent(text)


def test_messages_carry_explicit_id_and_sid(minimal: Policy) -> None:
    """Every message has its own id and sid, so identical content is never 'already observed'."""
    backend = rules_backend(runtime_of(minimal), minimal.sha256)
    names = ("score", "keep", "reassign_floor", "competence", "gates_failed", "best_competence")
    values = {name: Fraction(1) for name in names}
    message = backend.message(7, "s9", "pemasaran", "pkp", values)
    assert message["id"] == 7 and message["sid"] == "s9"


def test_sessions_are_deleted(minimal: Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    """1,200 sessions one after another (more than durable's ~1,024 live ones) all work."""
    monkeypatch.setattr(backend_module, "CHUNK", 1)
    people, ach = roster(1200)
    builtin = evaluate(minimal, people, ach, explain=False)
    durable = evaluate(minimal, people, ach, explain=False, backend="durable")
    assert [d.rule for d in durable.decisions] == [d.rule for d in builtin.decisions]
    backend = rules_backend(runtime_of(minimal), minimal.sha256)
    with pytest.raises(Exception):  # noqa: B017 - durable's own error type
        backend.host.get_state(backend.name, "s1")


def test_five_thousand_consultants(minimal: Policy) -> None:
    """A 5,000-consultant roster (mostly identical content) through the backend."""
    people, ach = roster(5000)
    builtin = evaluate(minimal, people, ach)
    durable = evaluate(minimal, people, ach, backend="durable")
    assert durable.decisions == builtin.decisions
    assert durable.vacancies == builtin.vacancies


def test_posts_in_bounded_chunks(minimal: Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    """No post carries more than CHUNK consultants."""
    monkeypatch.setattr(backend_module, "CHUNK", 7)
    backend = rules_backend(runtime_of(minimal), minimal.sha256)
    sizes: list[int] = []
    real = backend.host.post_batch

    def spy(name: str, messages: list[dict[str, Any]]) -> Any:
        sizes.append(len(messages))
        return real(name, messages)

    monkeypatch.setattr(backend.host, "post_batch", spy)
    people, ach = roster(30)
    evaluate(minimal, people, ach, backend="durable")
    assert sizes == [7, 7, 7, 7, 2]


def test_exception_in_an_action_is_surfaced(minimal: Policy,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """An action that fails inside durable raises our error instead of vanishing."""
    backend = rules_backend(runtime_of(minimal), minimal.sha256)
    real = backend.message

    def broken(*args: Any) -> dict[str, Any]:
        message = real(*args)
        message["id"] = "not-a-number"  # the action's int() fails inside durable
        return message

    monkeypatch.setattr(backend, "message", broken)
    with pytest.raises(DurableBackendError, match="action failed"):
        evaluate(minimal, [person("A")], results("A", "pemasaran", 30), backend="durable")


def test_hosts_start_no_timer_threads(tmp_path: Path) -> None:
    """A backend's Host runs actions only inside our calls: it starts no threads."""
    policy = load_policy(write(tmp_path, MINIMAL))
    before = threading.active_count()
    rules_backend(runtime_of(policy), policy.sha256)
    evaluate(policy, [person("A")], results("A", "pemasaran", 30), backend="durable")
    assert threading.active_count() == before


def test_concurrent_use(minimal: Policy, tmp_path: Path) -> None:
    """Threads evaluating at once, on one policy and on several, get the built-in answers."""
    other = parse_policy(MINIMAL.replace("keep: 70", "keep: 60"), str(tmp_path / "o.yaml"))
    people, ach = roster(300)
    expected = {id(p): to_json(evaluate(p, people, ach)) for p in (minimal, other)}

    def run(k: int) -> bool:
        policy = minimal if k % 2 else other
        return to_json(evaluate(policy, people, ach, backend="durable")) == expected[id(policy)]

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(run, range(24)))


# ------------------------------------------------------------------ differential property

NUMBERS = ("0", "1", "0.1", "0.2", "0.3", "0.5", "1.1", "3", "50", "63", "69.3", "70", "100")
NUM_VARS = ("score", "keep", "reassign_floor", "competence", "gates_failed", "years_served",
            "best_competence", "ratio_hadir")


def numeric(depth: int, extra: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A numeric expression over the generated policy's variables."""
    base = st.sampled_from(NUMBERS + NUM_VARS + extra)
    if depth == 0:
        return base
    inner = numeric(depth - 1, extra)
    return st.one_of(
        base,
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"-({e})"),
    )


def condition(depth: int, fields: list[str], extra: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A boolean expression: comparisons, in, strings, not, and, or, boolean equality."""
    num = numeric(1, extra)
    ops = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
    base = st.one_of(
        # ties and near-ties, where an operator or a float would be off by one
        st.tuples(num, ops).map(lambda t: f"{t[0]} {t[1]} ({t[0]}) * 1"),
        ops.map(lambda op: f"0.1 + 0.2 {op} 0.3"),
        ops.map(lambda op: f"score {op} keep * 1.1"),
        st.tuples(num, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), num).map(
            lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(st.sampled_from(["==", "!="]), st.sampled_from(fields)).map(
            lambda t: f"field {t[0]} '{t[1]}'"),
        st.sampled_from(["unit == 'pkp'", "unit in ['tjp']", "unit != field",
                         "'pkp' == unit", "true", "false"]),
        st.lists(st.sampled_from(fields), min_size=1, max_size=2).map(
            lambda fs: "field in [" + ", ".join(f"'{f}'" for f in fs) + "]"),
        st.tuples(num, st.lists(num, min_size=1, max_size=3)).map(
            lambda t: f"{t[0]} in [{', '.join(t[1])}]"),
    )
    if depth == 0:
        return base
    inner = condition(depth - 1, fields, extra)
    return st.one_of(
        base,
        inner.map(lambda e: f"not ({e})"),
        st.tuples(inner, st.sampled_from(["and", "or"]), inner).map(
            lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
        st.tuples(inner, st.sampled_from(["==", "!="]), inner).map(
            lambda t: f"({t[0]}) {t[1]} ({t[2]})"),
    )


@st.composite
def policies_with_conditions(draw: st.DrawFn) -> Policy:
    """A generated policy with a few extra rules of generated conditions, anywhere but last."""
    document = draw(policy_documents(monotone_rules=False))
    fields = list(document["fields"])
    extra = tuple(f"competence_{f}" for f in fields)
    rules = document["rules"]
    for k in range(draw(st.integers(1, 3))):
        rule: dict[str, Any] = {"id": f"gen-{k}", "when": draw(condition(2, fields, extra)),
                                "then": draw(st.sampled_from(["keep", "replace", "reassign"]))}
        if draw(st.booleans()):
            rule["fields"] = [draw(st.sampled_from(fields))]
        if draw(st.booleans()):
            rule["units"] = [draw(st.sampled_from(["pkp", "tjp"]))]
        rules.insert(draw(st.integers(0, len(rules) - 1)), rule)
    return parse_policy(json.dumps(document, indent=1), "gen.yaml")


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_both_backends_decide_identically(data: st.DataObject) -> None:
    """Generated policies and rosters: identical output (or identical errors) on both."""
    policy = data.draw(policies_with_conditions())
    consultants, achievements = data.draw(rosters(policy, max_size=10))
    builtin, durable = both(policy, consultants, achievements)
    assert durable == builtin


@pytest.mark.parametrize("op", ["<", "<=", ">", ">=", "==", "!="])
def test_negated_comparisons_at_ties(tmp_path: Path, op: str) -> None:
    """`not (a op b)` with a == b, a < b and a > b: every operator flips exactly."""
    text = MINIMAL.replace("when: score >= keep", f"when: not (score {op} 40 * 1.75)")
    policy = load_policy(write(tmp_path, text))
    people = [person("A"), person("B"), person("C")]
    # scores 70 (tie with 40 * 1.75), 72, 68
    ach = [*results("A", "pemasaran", 25, 95), *results("B", "pemasaran", 26, 95),
           *results("C", "pemasaran", 24, 95)]
    builtin, durable = both(policy, people, ach)
    assert [d["score"] for d in builtin["decisions"]] == [70, 72, 68]
    assert durable == builtin
