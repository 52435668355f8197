"""plut-rules lint: proofs about a policy's rules, and witnesses the engine agrees with."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, write
from plut_rules import EvaluationError, Policy, evaluate, load_policy, parse_policy
from plut_rules._shipped import policy_path
from plut_rules.lint import Finding, LintUnavailable, lint
from strategies import policy_documents, rosters

pytest.importorskip("z3")

EXE = Path(sys.executable).with_name("plut-rules")

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
        result = subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=120,
                                check=False)
        assert result.returncode == 1, result.stderr
        assert "error: lint-gap: field pemasaran in unit pkp" in result.stdout
        assert "as a test case:" in result.stdout and "- name: gap-1" in result.stdout
        assert f"{path}:" in result.stdout
    clean = subprocess.run([str(EXE), "validate", "--strict", str(policy_path("2019"))],
                           capture_output=True, text=True, timeout=120, check=False)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no findings" in clean.stdout


def test_gap_witness_pastes_as_a_test_case(tmp_path: Path) -> None:
    """The printed gap example is a valid test case of the policy's test file."""
    from plut_rules.policy_tests import load_tests

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
