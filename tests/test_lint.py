"""plut-rules lint: proofs about a policy's rules, and witnesses the engine agrees with."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, run_cli, write
from plut_rules import EvaluationError, Policy, evaluate, load_policy, parse_policy
from plut_rules.policy import runtime_of
from plut_rules.quality import Finding, LintUnavailable, combinations_text, lint, score_range
from plut_rules.shipped import policy_path
from strategies import policy_documents, rosters

pytest.importorskip("z3")


BAD = MINIMAL.replace("""    indicators:
      akses_pasar""", """    thresholds: {keep: 130}
    indicators:
      akses_pasar""").replace("""  - id: pindah
""", """  - id: lebih-tinggi
    when: score >= keep + 5
    then: keep
  - id: mustahil
    when: competence_produksi > 100 or score > 200
    then: keep
  - id: nonlinear
    when: score * gates_failed > 3
    then: keep
  - id: pindah
""").replace("""  - id: lainnya
    when: true
    then: replace
""", """  - id: rendah
    when: score < 30
    then: replace
""")


# capai-target never decides in unit tjp (tjp-longgar takes every score >= 40 there) nor in
# field produksi of unit sgl (produksi-semua takes everyone without a failed gate), and does
# elsewhere: shadowed only in part of its scope
PARTLY = MINIMAL.replace("""  pkp: {name: Unit PKP, evaluator: Dinas}
""", """  pkp: {name: Unit PKP, evaluator: Dinas}
  tjp: {name: Unit TJP}
  sgl: {name: Unit SGL}
""").replace("""  - id: capai-target
""", """  - id: tjp-longgar
    when: score >= 40
    then: keep
    units: [tjp]
  - id: produksi-semua
    when: gates_failed == 0
    then: keep
    fields: [produksi]
    units: [sgl]
  - id: capai-target
""")


def by_code(findings: list[Finding], code: str) -> list[Finding]:
    """The findings with that code."""
    return [f for f in findings if f.code == code]


def test_shipped_policies_have_no_findings() -> None:
    """The shipped policies are proven free of gaps and dead rules."""
    for year in ("2018", "2019"):
        assert lint(load_policy(policy_path(year))) == []


def test_each_kind_of_finding(tmp_path: Path) -> None:
    """Gaps, unreachable thresholds, shadowed, never-holding and unanalysable rules."""
    policy = load_policy(write(tmp_path, BAD))
    findings = lint(policy)
    gaps = by_code(findings, "lint-gap")
    assert {(g.witness.field, g.witness.unit) for g in gaps if g.witness} == {
        ("pemasaran", "pkp"), ("produksi", "pkp")}
    assert all(g.severity == "error" for g in gaps)
    unreachable = by_code(findings, "lint-unreachable-threshold")
    assert {f.rule for f in unreachable} == {"capai-target", "lebih-tinggi"}
    assert "keep = 130" in unreachable[0].message and "0..120" in unreachable[0].message
    shadowed = {f.rule: f for f in by_code(findings, "lint-shadowed")}
    assert shadowed["lebih-tinggi"].shadowed_by == ("capai-target",)
    # score < 30 implies a failed gate: each gated indicator alone gives at least 40
    assert shadowed["rendah"].shadowed_by == ("gagal-gate",)
    never = by_code(findings, "lint-never-holds")
    assert [f.rule for f in never] == ["mustahil"]
    assert never[0].location is not None and never[0].location.line is not None
    unknown = by_code(findings, "lint-unknown")
    assert [f.rule for f in unknown] == ["nonlinear"]
    assert "multiplies two variables" in unknown[0].message
    check_witnesses(policy, findings)


def test_partly_shadowed(tmp_path: Path) -> None:
    """A rule that never decides in some (field, unit) of its scope but does in others is
    reported once, with those combinations grouped, who shadows it in each, and a witness
    per combination that the engine decides with one of the rules named."""
    policy = load_policy(write(tmp_path, PARTLY))
    findings = lint(policy)
    assert {f.code for f in findings} == {"lint-partly-shadowed"}
    partly = {f.rule: f for f in findings}
    assert set(partly) == {"capai-target", "pindah", "lainnya"}
    capai = partly["capai-target"]
    assert capai.severity == "warning"
    assert capai.location is not None and capai.location.line == 35
    assert [(s.field, s.unit, s.shadowed_by) for s in capai.scopes] == [
        ("pemasaran", "tjp", ("tjp-longgar",)), ("produksi", "tjp", ("tjp-longgar",)),
        ("produksi", "sgl", ("produksi-semua",))]
    assert capai.shadowed_by == ("tjp-longgar", "produksi-semua")
    assert ("never decides in fields pemasaran, produksi of unit tjp, where every consultant "
            "for whom it holds is decided first by tjp-longgar; nor in field produksi of unit "
            "sgl, where every consultant for whom it holds is decided first by produksi-semua; "
            "it decides elsewhere in its scope") in capai.message
    assert "fields:/units:" in capai.message
    # a failed gate is decided by gagal-gate before the unit's rule: both are named
    assert partly["lainnya"].scopes[0].shadowed_by == ("gagal-gate", "tjp-longgar")
    assert str(capai).count("\n    example (decided by ") == 3
    check_witnesses(policy, findings)
    # scoping the rule to where it decides (or removing the rules that take it) clears it
    scoped = PARTLY.replace("""  - id: capai-target
    when: score >= keep
""", """  - id: capai-target
    when: score >= keep
    units: [pkp]
""")
    assert "capai-target" not in {f.rule for f in lint(load_policy(write(tmp_path, scoped)))}


def test_partly_shadowed_in_the_cli(tmp_path: Path) -> None:
    """`plut-rules lint` prints every combination's example and exits 1 (a warning)."""
    path = write(tmp_path, PARTLY)
    result = run_cli("lint", path)
    assert result.returncode == 1, result.stderr
    assert f"{path}:35: warning: lint-partly-shadowed: rule capai-target: never decides in " \
           "fields pemasaran, produksi of unit tjp" in result.stdout
    assert "    example (decided by produksi-semua): field produksi, unit sgl," in result.stdout
    assert "expect: {outcome: keep}   # decided by tjp-longgar" in result.stdout


def test_combinations_are_grouped_compactly() -> None:
    """(field, unit) pairs read as few groups: a whole field, or fields of some units."""
    fields, units = ["a", "b", "c"], ["u", "v"]
    assert combinations_text([("a", "u"), ("a", "v")], fields, units) == "field a"
    assert combinations_text([("a", "v"), ("b", "v")], fields, units) == "fields a, b of unit v"
    assert combinations_text([(f, "u") for f in fields], fields, units) == \
        "fields a, b, c of unit u"
    assert combinations_text([("a", "u"), ("a", "v"), ("b", "v")], fields, units) == \
        "field a and in field b of unit v"
    assert combinations_text([("a", "u"), ("b", "v")], fields, units) == \
        "field a of unit u and in field b of unit v"


def test_division_by_variable_and_by_zero_are_unknown(tmp_path: Path) -> None:
    """Quotients the analysis cannot reason about exactly say 'unknown' and why."""
    text = MINIMAL.replace("""  - id: lainnya""", """  - id: bagi
    when: score / gates_failed > 1
    then: keep
  - id: nol
    when: score / (keep - 70) > 1
    then: keep
  - id: lainnya""")
    findings = lint(load_policy(write(tmp_path, text)))
    unknown = {f.rule: f.message for f in by_code(findings, "lint-unknown")}
    assert "divides by a variable" in unknown["bagi"]
    assert "divides by zero" in unknown["nol"]


def test_text_and_membership_conditions(tmp_path: Path) -> None:
    """field/unit comparisons and 'in' are exact: a rule for one field is no gap elsewhere."""
    text = MINIMAL.replace("""  - id: lainnya
    when: true""", """  - id: lainnya
    when: field in ['pemasaran'] or unit == 'pkp' and not field == 'pemasaran'""")
    assert lint(load_policy(write(tmp_path, text))) == []
    text = MINIMAL.replace("""  - id: lainnya
    when: true""", """  - id: lainnya
    when: field != 'produksi'""")
    findings = lint(load_policy(write(tmp_path, text)))
    assert [(f.code, f.witness.field if f.witness else None) for f in findings] == [
        ("lint-gap", "produksi")]


def test_lint_without_z3_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """No z3: a problem naming the extra to install, not a crash."""
    monkeypatch.setitem(sys.modules, "z3", None)
    with pytest.raises(LintUnavailable) as info:
        lint(load_policy(policy_path("2018")))
    assert info.value.problems[0].code == "lint-unavailable"
    assert "plut-rules[lint]" in str(info.value)


def test_cli_lint_and_validate_strict(tmp_path: Path) -> None:
    """`lint` and `validate --strict` exit 1 on findings, 0 on a clean policy."""
    path = write(tmp_path, BAD)
    for args in (["lint", str(path)], ["validate", "--strict", str(path)]):
        result = run_cli(*args)
        assert result.returncode == 1, result.stderr
        assert "error: lint-gap: field pemasaran in unit pkp" in result.stdout
        assert "as a test case:" in result.stdout and "- name: gap-1" in result.stdout
        assert f"{path}:" in result.stdout
    clean = run_cli("validate", "--strict", policy_path("2019"))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no findings" in clean.stdout


def test_gap_witness_pastes_as_a_test_case(tmp_path: Path) -> None:
    """The printed gap example is a valid test case of the policy's test file."""
    from plut_rules.quality import load_tests

    policy = load_policy(write(tmp_path, BAD))
    gap = by_code(lint(policy), "lint-gap")[0]
    assert gap.witness is not None
    (tmp_path / "t.yaml").write_text("cases:\n" + gap.witness.case_yaml("gap"), encoding="utf-8")
    suite, problems = load_tests(policy, tmp_path / "t.yaml")
    assert suite is not None, problems


# --------------------------------------------------------------------------- witnesses are real


def check_witnesses(policy: Policy, findings: list[Finding]) -> None:
    """Every gap and shadowing witness, evaluated by the engine, agrees with the linter."""
    order = [r.id for r in policy.rules]
    for f in findings:
        w = f.witness
        if f.code == "lint-gap":
            assert w is not None and w.consultant is not None
            with pytest.raises(EvaluationError) as info:
                evaluate(policy, [w.consultant], list(w.achievements))
            assert [p.code for p in info.value.problems] == ["undecided"]
        elif f.code == "lint-shadowed" and w is not None:
            assert w.consultant is not None and w.decided_by is not None and f.rule is not None
            decision = evaluate(policy, [w.consultant], list(w.achievements)).decisions[0]
            assert decision.rule == w.decided_by
            assert order.index(w.decided_by) < order.index(f.rule)
            assert decision.score == w.values["score"]
        elif f.code == "lint-partly-shadowed":
            assert f.rule is not None and f.scopes and f.witness == f.scopes[0].witness
            assert len({(s.field, s.unit) for s in f.scopes}) == len(f.scopes)
            for scope in f.scopes:
                w = scope.witness
                assert w is not None and w.consultant is not None
                assert (w.field, w.unit) == (scope.field, scope.unit)
                assert (w.consultant.field, w.consultant.unit) == (scope.field, scope.unit)
                # the engine decides it, with one of the rules the finding names there
                decision = evaluate(policy, [w.consultant], list(w.achievements)).decisions[0]
                assert decision.rule == w.decided_by
                assert w.decided_by in scope.shadowed_by
                assert order.index(w.decided_by) < order.index(f.rule)
                assert decision.score == w.values["score"]
                # and the rule itself holds for it
                rule = runtime_of(policy).rules[order.index(f.rule)]
                assert rule.condition is None or rule.condition.evaluate(w.values) is True


def shadowed_scopes(findings: list[Finding]) -> set[tuple[str, str, str]]:
    """(rule, field, unit) in which a finding proves the rule never decides."""
    return {(f.rule, s.field, s.unit) for f in findings if f.rule is not None
            for s in f.scopes}


@st.composite
def flawed_policies(draw: st.DrawFn) -> dict[str, Any]:
    """Generated policies whose rules may have gaps, shadowed or dead rules."""
    doc = draw(policy_documents())
    rules: list[dict[str, Any]] = doc["rules"]
    first_field = next(iter(doc["fields"]))
    extra = [
        {"id": "lebih", "when": f"score >= keep + {draw(st.integers(0, 30))}", "then": "keep"},
        {"id": "dua-gate", "when": "gates_failed > 1", "then": "replace"},
        {"id": "baru", "when": f"years_served <= {draw(st.integers(0, 3))} and "
                               "score >= reassign_floor", "then": "keep"},
        {"id": "rendah", "when": f"score < {draw(st.integers(0, 80))}", "then": "replace"},
        {"id": "kompeten", "when": "best_competence >= 50 and score * 2 >= keep",
         "then": "keep", "fields": [first_field]},
        {"id": "mustahil", "when": "score > 100 * 3", "then": "keep"},
        {"id": "kali", "when": "score * gates_failed > 5", "then": "replace"},
        # scoped to one field or one unit: what follows may be shadowed only there
        {"id": "khusus", "when": f"score >= {draw(st.integers(0, 90))}", "then": "keep",
         "fields": [draw(st.sampled_from(sorted(doc["fields"])))]},
        {"id": "unit-tjp", "when": "gates_failed == 0", "then": "keep", "units": ["tjp"]},
    ]
    for rule in draw(st.lists(st.sampled_from(extra), max_size=3, unique_by=lambda r: r["id"])):
        rules.insert(draw(st.integers(0, len(rules) - 1)), rule)
    ending = draw(st.sampled_from(["catch-all", "none", "partial", "scoped"]))
    if ending == "none":
        rules.pop()
    elif ending == "partial":
        rules[-1] = {"id": "lainnya", "when": f"score < {draw(st.integers(0, 120))} or "
                                              "gates_failed >= 1", "then": "replace"}
    elif ending == "scoped":
        rules[-1]["units"] = ["pkp"]
    return doc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=flawed_policies(), data=st.data())
def test_engine_agrees_with_every_witness(doc: dict[str, Any], data: st.DataObject) -> None:
    """Property: gap witnesses are undecided, shadowing witnesses are decided by the claimed
    earlier rule; and where the linter proves no gap (or a dead rule), sampled rosters agree."""
    policy = parse_policy(json.dumps(doc), "gen.yaml")
    findings = lint(policy)
    check_witnesses(policy, findings)
    gaps = {(f.witness.field, f.witness.unit) for f in findings
            if f.code in ("lint-gap", "lint-unknown") and f.witness is not None}
    unknown_gap = any(f.code == "lint-unknown" and f.rule is None for f in findings)
    dead = {f.rule for f in findings if f.code in ("lint-shadowed", "lint-never-holds")}
    dead_in = shadowed_scopes(findings)
    consultants, achievements = data.draw(rosters(policy))
    for c in consultants:
        mine = [a for a in achievements if a.consultant == c.id]
        try:
            decision = evaluate(policy, [c], mine, explain=False).decisions[0]
        except EvaluationError as exc:
            assert any(p.code == "undecided" for p in exc.problems) or any(
                p.code == "division-by-zero" for p in exc.problems)
            if all(p.code == "undecided" for p in exc.problems):
                assert (c.field, c.unit) in gaps or unknown_gap, "undecided, yet no gap found"
            continue
        assert decision.rule not in dead, f"{decision.rule} was proven never to decide"
        assert (decision.rule, c.field, c.unit) not in dead_in, \
            f"{decision.rule} was proven never to decide in {c.field}/{c.unit}"


@st.composite
def partly_shadowing_policies(draw: st.DrawFn) -> tuple[dict[str, Any], str | None, str | None]:
    """Generated policies whose first rule is scoped to one field or one unit, so that the
    rules after it may be shadowed there only; with the field and unit it is scoped to."""
    doc = draw(policy_documents())
    field = unit = None
    rule: dict[str, Any] = {"id": "dulu", "then": "keep", "when": draw(st.sampled_from(
        ["true", "gates_failed == 0", f"score >= {draw(st.integers(0, 100))}"]))}
    if draw(st.booleans()):
        field = draw(st.sampled_from(sorted(doc["fields"])))
        rule["fields"] = [field]
    else:
        unit = draw(st.sampled_from(["pkp", "tjp"]))
        rule["units"] = [unit]
    doc["rules"].insert(draw(st.integers(0, 1)), rule)
    return doc, field, unit


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(generated=partly_shadowing_policies(), data=st.data())
def test_partly_shadowed_witnesses_and_samples(
        generated: tuple[dict[str, Any], str | None, str | None], data: st.DataObject) -> None:
    """Property: a rule shadowed only in the field (or unit) of an earlier scoped rule is
    reported there, each combination's witness is decided by a rule the finding names (the
    engine says so), and no sampled consultant is decided by a rule where it is proven not to."""
    doc, field, unit = generated
    policy = parse_policy(json.dumps(doc), "gen.yaml")
    findings = lint(policy)
    check_witnesses(policy, findings)
    dead_in = shadowed_scopes(findings)
    # a rule may have several findings (e.g. also an unreachable threshold in another field)
    codes: dict[str, set[str]] = {}
    for finding in findings:
        if finding.rule is not None:
            codes.setdefault(finding.rule, set()).add(finding.code)
    first = doc["rules"][0]
    if first["id"] == "dulu" and first["when"] == "true":
        # capai-target, after an unconditional scoped rule, never decides in its scope;
        # where its threshold can be reached there, the finding names those combinations
        scope_fields = [f for f in policy.fields if field is None or f.id == field]
        scope_units = [u.id for u in policy.units if unit is None or u.id == unit]
        for f in scope_fields:
            span = score_range(f)
            assert span is not None
            if span[1] >= f.thresholds["keep"]:
                found = codes.get("capai-target", set())
                assert found & {"lint-partly-shadowed", "lint-shadowed"}, found
                if "lint-partly-shadowed" in found:
                    assert {("capai-target", f.id, u) for u in scope_units} <= dead_in
    consultants, achievements = data.draw(rosters(policy))
    for c in consultants:
        mine = [a for a in achievements if a.consultant == c.id]
        try:
            decision = evaluate(policy, [c], mine, explain=False).decisions[0]
        except EvaluationError:
            continue
        assert (decision.rule, c.field, c.unit) not in dead_in, \
            f"{decision.rule} was proven never to decide in {c.field}/{c.unit}"
