"""The engine: scoring, rules, placement into open seats, vacancies, and its properties."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, write
from plut_rules import (
    Achievement,
    Consultant,
    DataError,
    EvaluationError,
    Policy,
    evaluate,
    load_policy,
    parse_policy,
    to_json,
)
from strategies import policies, rosters

RANK = {"replace": 0, "reassign": 1, "keep": 2}
SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "docs" / "output.schema.json")
                    .read_text(encoding="utf-8"))


def person(cid: str, field: str = "pemasaran", unit: str = "pkp", appointed: int = 2015,
           **competences: int) -> Consultant:
    """A consultant of the MINIMAL policy."""
    return Consultant(cid, f"Nama {cid}", unit, field, appointed, competences)


def results(cid: str, field: str, main: str | int, hadir: str | int = 95) -> list[Achievement]:
    """Achievements for a MINIMAL consultant: the field's main indicator and attendance."""
    main_id = "akses_pasar" if field == "pemasaran" else "sertifikasi"
    return [Achievement(cid, main_id, main), Achievement(cid, "kehadiran", hadir)]


def test_weighted_ratio_score_and_contributions(minimal: Policy) -> None:
    """weighted_ratio: 100*sum(w*min(r,cap)), contributions per indicator, exact decimals."""
    ev = evaluate(minimal, [person("A")], results("A", "pemasaran", 30, "85.5"))
    d = ev.decision("A")
    # 0.8 * 30/40 + 0.2 * 85.5/95 = 0.6 + 0.18 = 0.78
    assert d.score == Fraction(78)
    assert [i.contribution for i in d.indicators] == [Fraction(60), Fraction(18)]
    assert d.outcome == "keep" and d.rule == "capai-target"


def test_cap_limits_one_indicator(minimal: Policy) -> None:
    """A ratio above the cap is credited at the cap only, but the ratio shown is uncapped."""
    d = evaluate(minimal, [person("A")], results("A", "pemasaran", 80)).decision("A")
    assert d.indicators[0].ratio == 2
    assert d.indicators[0].contribution == Fraction(96)  # 100 * 0.8 * 1.2


def test_score_rounds_half_away_from_zero(tmp_path: Path) -> None:
    """The score is rounded once, to 2 decimals, half away from zero (82.345 -> 82.35)."""
    text = MINIMAL.replace("target: 40,", "target: 200,")
    policy = load_policy(write(tmp_path, text))
    # 100*(0.8*x/200 + 0.2*95/95) = 0.4x + 20 ; x=155.8625 -> 82.345
    ev = evaluate(policy, [person("A")], results("A", "pemasaran", "155.8625"))
    assert ev.decision("A").exact_score == Fraction("82.345")
    assert ev.decision("A").score == Fraction("82.35")


def test_gate_fails_below_minimum(minimal: Policy) -> None:
    """A ratio below the indicator's minimum fails its gate and the gate rule decides."""
    d = evaluate(minimal, [person("A")], results("A", "pemasaran", "19.9")).decision("A")
    assert d.indicators[0].gate == "fail" and d.indicators[1].gate == "none"
    assert d.rule == "gagal-gate" and d.outcome == "replace"
    assert d.trace[0].values["gates_failed"] == 1


def test_lower_direction_and_zero(tmp_path: Path) -> None:
    """For a 'lower' indicator r = target/achievement, and r = cap when achievement is 0."""
    text = MINIMAL.replace("kehadiran: {label: Kehadiran, target: 95, weight: 0.2}",
                           "keluhan: {label: Keluhan, target: 4, weight: 0.2, direction: lower}")
    policy = load_policy(write(tmp_path, text))
    ach = [Achievement("A", "akses_pasar", 40), Achievement("A", "keluhan", 8)]
    d = evaluate(policy, [person("A")], ach).decision("A")
    assert d.indicators[1].ratio == Fraction(1, 2)
    ach[1] = Achievement("A", "keluhan", 0)
    d = evaluate(policy, [person("A")], ach).decision("A")
    assert d.indicators[1].ratio == Fraction(12, 10)


def test_individual_target_overrides_policy(minimal: Policy) -> None:
    """A target given with the achievement replaces the policy's target for that consultant."""
    ach = [Achievement("A", "akses_pasar", 20, target=20), Achievement("A", "kehadiran", 95)]
    d = evaluate(minimal, [person("A")], ach).decision("A")
    assert d.indicators[0].target == 20 and d.indicators[0].ratio == 1


@pytest.mark.parametrize(
    ("scoring", "expected", "contributions"),
    [("target_count", Fraction(50), [Fraction(0), Fraction(50)]),
     ("minimum_ratio", Fraction(50), [Fraction(50), Fraction(0)])],
)
def test_other_builtin_scorers(tmp_path: Path, scoring: str, expected: Fraction,
                               contributions: list[Fraction]) -> None:
    """target_count and minimum_ratio score as the contract says."""
    policy = load_policy(write(tmp_path, MINIMAL.replace("scoring: weighted_ratio",
                                                         f"scoring: {scoring}")))
    d = evaluate(policy, [person("A")], results("A", "pemasaran", 20, 100)).decision("A")
    assert d.score == expected
    assert [i.contribution for i in d.indicators] == contributions


def test_placement_fills_vacated_seat(minimal: Policy) -> None:
    """A reassign candidate takes the seat a replaced consultant left, and the rest is vacant."""
    people = [person("A", "pemasaran", produksi=80), person("B", "produksi")]
    ach = results("A", "pemasaran", 24) + results("B", "produksi", 5)
    ev = evaluate(minimal, people, ach)
    a, b = ev.decision("A"), ev.decision("B")
    assert b.outcome == "replace" and b.rule == "gagal-gate"
    assert (a.outcome, a.to_field, a.placement, a.rule) == ("reassign", "produksi", "placed",
                                                            "pindah")
    vacancies = [(v.unit, v.field, v.open) for v in ev.vacancies]
    assert vacancies == [("pkp", "pemasaran", 1)]


def test_placement_no_open_seat(minimal: Policy) -> None:
    """A candidate without a suitable open seat becomes replace and keeps its rule."""
    people = [person("A", "pemasaran", produksi=80), person("B", "produksi")]
    ach = results("A", "pemasaran", 24) + results("B", "produksi", 30)
    ev = evaluate(minimal, people, ach)
    a = ev.decision("A")
    assert (a.outcome, a.rule_outcome, a.placement, a.rule, a.to_field) == (
        "replace", "reassign", "no-open-seat", "pindah", None)
    assert "formasi" in to_json(ev)


def test_placement_order_score_then_id(tmp_path: Path) -> None:
    """Candidates are placed by score descending, then id ascending."""
    text = MINIMAL.replace("  produksi:\n", "  sdm:\n    indicators:\n      latih: "
                           "{target: 10, weight: 0.8}\n  produksi:\n", 1)
    policy = load_policy(write(tmp_path, text))
    people = [person("C", "sdm", produksi=90), person("A", "pemasaran", produksi=90),
              person("B", "pemasaran", unit="pkp", produksi=90)]
    ach = [Achievement("C", "latih", 7), Achievement("C", "kehadiran", 95),
           *results("A", "pemasaran", 24), *results("B", "pemasaran", 24)]
    ev = evaluate(policy, people, ach)
    # C scores 76*... : sdm 0.8*0.7+0.2 = 76 -> keep; A and B tie at 68: A first by id
    assert ev.decision("C").outcome == "keep"
    assert ev.decision("A").to_field == "produksi"
    assert ev.decision("B").placement == "no-open-seat"


def test_placement_picks_highest_competence_then_field_id(tmp_path: Path) -> None:
    """The candidate takes the open seat with its highest competence; ties go to field id."""
    text = MINIMAL.replace("  produksi:\n", "  sdm:\n    indicators:\n      latih: "
                           "{target: 10, weight: 0.8}\n  produksi:\n", 1)
    policy = load_policy(write(tmp_path, text))
    ach = results("A", "pemasaran", 24)
    ev = evaluate(policy, [person("A", produksi=80, sdm=90)], ach)
    assert ev.decision("A").to_field == "sdm"
    ev = evaluate(policy, [person("A", produksi=90, sdm=90)], ach)
    assert ev.decision("A").to_field == "produksi"
    ev = evaluate(policy, [person("A", produksi=70, sdm=74)], ach)
    assert ev.decision("A").outcome == "replace"  # both below min_competence 75 ... rule fails
    assert ev.decision("A").rule == "lainnya"


def test_seats_and_vacancies_per_unit(tmp_path: Path) -> None:
    """A field with 2 seats and one kept consultant leaves 1 vacancy; sorted by unit, field."""
    text = MINIMAL.replace("evaluator: Dinas}", "evaluator: Dinas, seats: {pemasaran: 2}}")
    text = text.replace("units:\n", "units:\n  abc: {name: Unit ABC}\n")
    policy = load_policy(write(tmp_path, text))
    ev = evaluate(policy, [person("A")], results("A", "pemasaran", 40))
    assert [(v.unit, v.field, v.open) for v in ev.vacancies] == [
        ("abc", "pemasaran", 1), ("abc", "produksi", 1), ("pkp", "pemasaran", 1),
        ("pkp", "produksi", 1)]


def test_undecided_is_an_error(tmp_path: Path) -> None:
    """A consultant no rule decides is an evaluation error naming them, never a default."""
    text = MINIMAL.replace("  - id: lainnya\n    when: true\n    then: replace\n", "")
    policy = load_policy(write(tmp_path, text))
    with pytest.raises(EvaluationError) as info:
        evaluate(policy, [person("A")], results("A", "pemasaran", 24, 50))
    assert "A" in str(info.value) and info.value.problems[0].code == "undecided"


def test_division_by_zero_names_consultant_and_rule(tmp_path: Path) -> None:
    """Division by zero at evaluation is an error naming the consultant and the rule."""
    text = MINIMAL.replace("when: score >= keep", "when: score / gates_failed >= keep")
    policy = load_policy(write(tmp_path, text))
    with pytest.raises(EvaluationError) as info:
        evaluate(policy, [person("A")], results("A", "pemasaran", 30))
    message = str(info.value)
    assert "consultant A" in message and "capai-target" in message
    assert info.value.problems[0].location is not None


def test_data_errors_reported_together(minimal: Policy) -> None:
    """Every roster problem of §4 is reported at once, with suggestions."""
    people = [person("A", "pemasarn"), person("B", unit="pkq"), person("C", appointed=2019),
              person("D"), person("D")]
    ach = [Achievement("A", "akses_pasar", 1), Achievement("X", "akses_pasar", 1),
           Achievement("D", "akses_pasr", 1), Achievement("D", "kehadiran", 1),
           Achievement("D", "kehadiran", 2)]
    with pytest.raises(DataError) as info:
        evaluate(minimal, people, ach)
    codes = sorted(p.code for p in info.value.problems)
    assert codes == sorted([
        "unknown-field", "unknown-unit", "appointed-after-year", "duplicate-consultant",
        "unknown-consultant", "unknown-indicator", "duplicate-achievement",
        *["missing-achievement"] * 5])  # B and C lack both, D lacks akses_pasar
    suggestions = {p.code: p.suggestion for p in info.value.problems if p.suggestion}
    assert suggestions["unknown-field"] == "pemasaran"
    assert suggestions["unknown-indicator"] == "akses_pasar"


def test_missing_as_zero_is_named(minimal: Policy) -> None:
    """With missing_as_zero a missing achievement counts 0 and is marked in the explanation."""
    ev = evaluate(minimal, [person("A")], [Achievement("A", "akses_pasar", 40)],
                  missing_as_zero=True)
    d = ev.decision("A")
    assert d.indicators[1].missing and d.indicators[1].achievement == 0
    assert '"missing": true' in to_json(ev)
    assert "kehadiran" in to_json(ev, "en").split('"summary"')[1]


def test_missing_as_zero_never_for_lower(tmp_path: Path) -> None:
    """A missing 'lower' indicator is still an error: 0 would be full credit."""
    text = MINIMAL.replace("kehadiran: {label: Kehadiran, target: 95, weight: 0.2}",
                           "keluhan: {label: Keluhan, target: 4, weight: 0.2, direction: lower}")
    policy = load_policy(write(tmp_path, text))
    with pytest.raises(DataError) as info:
        evaluate(policy, [person("A")], [Achievement("A", "akses_pasar", 40)],
                 missing_as_zero=True)
    assert "lower" in str(info.value)


def test_without_explanations_same_decisions(minimal: Policy) -> None:
    """explain=False gives the same outcomes, rules and scores, with no trace."""
    people = [person("A", produksi=80), person("B", "produksi")]
    ach = results("A", "pemasaran", 24) + results("B", "produksi", 5)
    full = evaluate(minimal, people, ach)
    fast = evaluate(minimal, people, ach, explain=False)
    assert [(d.outcome, d.rule, d.score, d.to_field) for d in full.decisions] == [
        (d.outcome, d.rule, d.score, d.to_field) for d in fast.decisions]
    assert all(not d.trace and not d.indicators for d in fast.decisions)


def test_threads_share_a_policy(minimal: Policy) -> None:
    """Several threads evaluating with one policy get the same results as one thread."""
    people = [person(f"P{i}", produksi=i * 7 % 101) for i in range(30)]
    ach = [a for i in range(30) for a in results(f"P{i}", "pemasaran", i * 2)]
    expected = to_json(evaluate(minimal, people, ach))
    with ThreadPoolExecutor(max_workers=8) as pool:
        outputs = list(pool.map(lambda _: to_json(evaluate(minimal, people, ach)), range(16)))
    assert all(out == expected for out in outputs)


# ------------------------------------------------------------------ properties

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(data=st.data())
def test_deterministic_and_order_independent(data: st.DataObject) -> None:
    """Shuffled input rows give byte-identical JSON output and the same input hash."""
    policy = data.draw(policies())
    consultants, achievements = data.draw(rosters(policy))
    first = to_json(evaluate(policy, consultants, achievements))
    c2 = data.draw(st.permutations(consultants))
    a2 = data.draw(st.permutations(achievements))
    assert to_json(evaluate(policy, c2, a2)) == first


@SETTINGS
@given(data=st.data())
def test_trace_ends_in_deciding_rule(data: st.DataObject) -> None:
    """Every decision's trace ends with the deciding rule, which held, after rules that did not."""
    policy = data.draw(policies())
    consultants, achievements = data.draw(rosters(policy))
    for d in evaluate(policy, consultants, achievements).decisions:
        assert d.trace[-1].rule == d.rule and d.trace[-1].result
        assert not any(step.result for step in d.trace[:-1])
        assert d.rule_source == d.trace[-1].source
        assert d.rule in {r.id for r in policy.rules}


def _improve(a: Achievement, policy: Policy, field_id: str, amount: Fraction) -> Achievement:
    field = policy.field(field_id)
    assert field is not None
    ind = field.indicator(a.indicator)
    assert ind is not None
    if ind.direction == "lower":
        value = max(Fraction(0), a.achievement - amount)
    else:
        value = a.achievement + amount
    return Achievement(a.consultant, a.indicator, value, a.target)


@SETTINGS
@given(data=st.data())
def test_improving_an_achievement_never_worsens_the_outcome(data: st.DataObject) -> None:
    """Raising one achievement (lowering a 'lower' one) never makes that outcome worse."""
    policy = data.draw(policies())
    consultants, achievements = data.draw(rosters(policy))
    before = evaluate(policy, consultants, achievements)
    index = data.draw(st.integers(0, len(achievements) - 1))
    target = achievements[index]
    owner = next(c for c in consultants if c.id == target.consultant)
    amount = data.draw(st.integers(1, 5000).map(lambda n: Fraction(n, 10)))
    changed = list(achievements)
    changed[index] = _improve(target, policy, owner.field, amount)
    after = evaluate(policy, consultants, changed)
    old, new = before.decision(owner.id), after.decision(owner.id)
    assert RANK[new.rule_outcome] >= RANK[old.rule_outcome]
    assert RANK[new.outcome] >= RANK[old.outcome]
    assert new.score >= old.score


@SETTINGS
@given(data=st.data())
def test_json_output_round_trips(data: st.DataObject) -> None:
    """The JSON output matches the shipped schema, parses back to the same data and
    re-serialises to the same text."""
    policy = data.draw(policies())
    consultants, achievements = data.draw(rosters(policy))
    evaluation = evaluate(policy, consultants, achievements,
                          counterfactuals=data.draw(st.booleans()))
    text = to_json(evaluation, data.draw(st.sampled_from(["id", "en"])))
    parsed = json.loads(text)
    jsonschema.validate(parsed, SCHEMA)
    assert json.dumps(parsed, ensure_ascii=False, indent=2) + "\n" == text
    assert [d["consultant"] for d in parsed["decisions"]] == sorted(
        c.id for c in consultants)


def test_sample_year_story() -> None:
    """The shipped sample year comes out as its story says (domain notes)."""
    from plut_rules import load_roster
    from plut_rules.shipped import policy_path, sample_path

    policy = load_policy(policy_path("2018"))
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    ev = evaluate(policy, roster.consultants, roster.achievements)
    outcomes = {d.consultant: (d.outcome, d.to_field) for d in ev.decisions}
    assert outcomes == {
        "PKP-01": ("keep", None), "PKP-02": ("keep", None), "PKP-03": ("replace", None),
        "PKP-04": ("reassign", "produksi"), "PKP-05": ("keep", None),
        "PKP-06": ("keep", None), "PKP-07": ("replace", None), "TJP-01": ("keep", None),
        "TJP-02": ("keep", None), "TJP-03": ("keep", None),
        "TJP-04": ("reassign", "pengembangan_it"), "TJP-05": ("replace", None),
    }
    assert ev.decision("PKP-03").rule == "gagal-indikator-wajib"
    assert ("pangkalpinang", "jaringan_kerjasama", 1) in [
        (v.unit, v.field, v.open) for v in ev.vacancies]


def test_parse_policy_and_evaluate_many_units() -> None:
    """A policy parsed from text evaluates consultants of every unit."""
    policy = parse_policy(MINIMAL.replace("units:\n", "units:\n  tjp: {name: T}\n"), "p.yaml")
    people = [person("A"), person("B", unit="tjp")]
    ev = evaluate(policy, people, results("A", "pemasaran", 40) + results("B", "pemasaran", 40))
    assert [d.unit for d in ev.decisions] == ["pkp", "tjp"]
