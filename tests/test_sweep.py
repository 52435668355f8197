"""A roster scored once and decided under variants of its policy (engine.ScoredRoster, what
``whatif --sweep`` uses) decides exactly as a fresh evaluation of each variant (issue 13)."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plut_rules import Evaluation, evaluate, parse_policy
from plut_rules.engine import RosterDecisions, ScoredRoster
from plut_rules.errors import EvaluationError
from plut_rules.shipped import policy_path
from plut_rules.yearly.whatif import EditablePolicy, sweep
from strategies import policy_documents, rosters
from test_decided import record_path

# rules the column path compiles, reading thresholds in several ways, and one it does not
EXTRA_RULES = [
    {"id": "lama", "when": "years_served >= 5 and score < keep", "then": "replace"},
    {"id": "tepat", "when": "score == keep or ratio_hadir == reassign_floor / 100",
     "then": "keep"},
    {"id": "lantai", "when": "not (score > reassign_floor) and best_competence >= competence",
     "then": "reassign"},
    {"id": "hitung", "when": "score >= keep * 1.1", "then": "keep"},  # arithmetic: exact only
]


def _decimal(value: Fraction) -> Any:
    """``value`` as a JSON number denoting it exactly (a terminating decimal)."""
    return int(value) if value.denominator == 1 else float(value)


@st.composite
def variants(draw: st.DrawFn) -> tuple[Any, Any, list[Any], list[Any]]:
    """A policy, a roster, and variants of the policy changing thresholds and seats only,
    with thresholds pulled onto the roster's scores (ties) and rounding halves."""
    document = draw(policy_documents())
    for rule in draw(st.lists(st.sampled_from(EXTRA_RULES), unique_by=lambda r: r["id"])):
        document["rules"].insert(draw(st.integers(0, len(document["rules"]) - 1)), rule)
    policy = parse_policy(json.dumps(document), "gen.yaml")
    consultants, achievements = draw(rosters(policy, max_size=10))
    scores = [d.score for d in evaluate(policy, consultants, achievements,
                                        explain=False).decisions]
    documents = []
    for _ in range(draw(st.integers(1, 4))):
        edited = copy.deepcopy(document)
        for name in draw(st.lists(st.sampled_from(["keep", "reassign_floor", "competence"]),
                                  max_size=3)):
            value = draw(st.one_of(
                st.sampled_from(scores),
                st.sampled_from(scores).map(lambda s: s + Fraction(1, 200)),
                st.integers(0, 120).map(Fraction)))
            where = (edited["fields"][draw(st.sampled_from(list(edited["fields"])))]
                     if draw(st.booleans()) else edited["defaults"])
            where.setdefault("thresholds", {})[name] = _decimal(value)
        if draw(st.booleans()):
            field = draw(st.sampled_from(list(edited["fields"])))
            edited["units"]["tjp"]["seats"] = {field: draw(st.integers(0, 3))}
        documents.append(edited)
    return policy, consultants, achievements, [
        parse_policy(json.dumps(d), "gen.yaml") for d in documents]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(variants())
def test_scored_once_decides_as_a_fresh_evaluation(case: Any) -> None:
    policy, consultants, achievements, edited = case
    scored = ScoredRoster(policy, consultants, achievements)
    for variant in [policy, *edited]:
        try:  # the record path: evaluate itself now decides through ScoredRoster
            decisions, vacancies = record_path(variant, consultants, achievements, False,
                                               False)
            fresh = Evaluation(policy=variant, input_sha256="", decisions=tuple(decisions),
                               vacancies=tuple(vacancies), engine_name="", engine_version="")
        except EvaluationError:
            assert scored.decide(variant) is None  # evaluate raises it, as it is
            continue
        expected = RosterDecisions.of(fresh)
        found = scored.decide(variant)
        assert found is not None, "a variant changing thresholds and seats only is reused"
        assert found.outcome.tolist() == expected.outcome.tolist()
        assert found.to_field.tolist() == expected.to_field.tolist()
        assert found.rule.tolist() == expected.rule.tolist()
        assert found.vacancies == expected.vacancies
        assert found.counts() == fresh.counts()
        assert found.changed(expected) == 0


def test_a_variant_changing_the_scoring_is_not_reused() -> None:
    document: dict[str, Any] = json.loads(json.dumps(
        {"policy": "gen", "year": 2018,
         "defaults": {"scoring": "weighted_ratio", "cap": 1.2,
                      "thresholds": {"keep": 70},
                      "indicators": {"hadir": {"label": "H", "target": 10, "weight": 0.5}}},
         "units": {"pkp": {"name": "P"}},
         "fields": {"sdm": {"name": "S", "indicators": {
             "pelatihan": {"label": "P", "target": 4, "weight": 0.5}}}},
         "rules": [{"id": "capai", "when": "score >= keep", "then": "keep"},
                   {"id": "lainnya", "when": True, "then": "replace"}]}))
    policy = parse_policy(json.dumps(document), "a.yaml")
    document["defaults"]["indicators"]["hadir"]["target"] = 12
    other = parse_policy(json.dumps(document), "b.yaml")
    from plut_rules import Achievement, Consultant

    people = [Consultant("K-1", "A", "pkp", "sdm", 2015)]
    results = [Achievement("K-1", "hadir", Fraction(9)), Achievement("K-1", "pelatihan", 3)]
    scored = ScoredRoster(policy, people, results)
    assert scored.decide(other) is None
    same = scored.decide(policy)
    assert same is not None
    assert same.counts() == {"keep": 1, "reassign": 0, "replace": 0}


@pytest.mark.parametrize("argument", ["defaults.thresholds.keep=60:80:2.5",
                                      "fields.pemasaran.cap=1:1.4:0.1"])
def test_sweep_points_are_those_of_fresh_evaluations(argument: str) -> None:
    from plut_rules.readers import load_roster
    from plut_rules.shipped import sample_path
    from plut_rules.yearly.whatif import PolicyEdit, SweepPoint, parse_sweep

    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    source, _ = EditablePolicy.read(policy_path("2018"))
    assert source is not None
    points, problems = sweep(source, [], argument, roster.consultants, roster.achievements)
    assert not problems
    path, tokens, values = parse_sweep(argument)
    from plut_rules.errors import Location
    from plut_rules.exact import decimal_text
    from plut_rules.policy import YScalar

    base_policy, _ = source.build([])
    assert base_policy is not None
    base = RosterDecisions.of(evaluate(base_policy, roster.consultants, roster.achievements))
    def point(value: Fraction | None, decided: RosterDecisions) -> SweepPoint:
        return SweepPoint(value, decided.counts(), sum(v.open for v in decided.vacancies),
                          decided.changed(base))

    expected = [point(None, base)]
    for value in values:
        where = Location(f"--sweep {argument} (at {decimal_text(value)})")
        node = YScalar(value, "number", decimal_text(value), where)
        policy, _ = source.build([PolicyEdit(path, tokens, node, where)])
        assert policy is not None
        evaluation = evaluate(policy, roster.consultants, roster.achievements)
        expected.append(point(value, RosterDecisions.of(evaluation)))
    assert points == expected
