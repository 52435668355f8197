"""Decisions decided, placed and built as columns (engine.decided, what evaluate and
evaluate_stream use) are exactly those of the record path (one ``Scored`` per consultant,
``decide_all`` + ``place``, what ``jobs`` > 1 and the durable backend use), explanations
and exact scores included; and a roster's columns evaluate as the objects do."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plut_rules import Decision, Roster, evaluate, evaluate_stream, load_policy
from plut_rules.engine.decided import decide_roster
from plut_rules.engine.inputs import checked_input
from plut_rules.engine.placement import place
from plut_rules.engine.rules import decide_all
from plut_rules.errors import EvaluationError
from plut_rules.readers import load_roster
from plut_rules.shipped import policy_path, sample_path
from test_columns import cases

#: every field of a decision, its explanation and exact score read through
_READ = ("consultant", "name", "unit", "field", "outcome", "rule_outcome", "to_field",
         "score", "rule", "rule_source", "reason", "placement", "years_served",
         "indicators", "trace", "exact_score", "counterfactuals", "margins")


def _read(d: Decision) -> tuple[Any, ...]:
    return tuple(getattr(d, name) for name in _READ)


def record_path(policy: Any, consultants: Any, achievements: Any, explain: bool,
                missing_as_zero: bool) -> tuple[list[Decision], list[Any]]:
    """The decisions and vacancies as the record path gives them (the reference)."""
    by_consultant = checked_input(policy, consultants, achievements,
                                  missing_as_zero=missing_as_zero)
    scored = decide_all(policy, sorted(consultants, key=lambda c: c.id), by_consultant,
                        explain=explain, backend="builtin")
    return place(policy, scored)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases(), st.booleans(), st.booleans())
def test_columns_decide_as_therecord_path(case: Any, explain: bool, columns: bool) -> None:
    policy, consultants, achievements = case
    if columns:
        roster = Roster(consultants, achievements)
        consultants, achievements = roster.consultants, roster.achievements
    try:
        expected = record_path(policy, list(consultants), list(achievements), explain, False)
    except EvaluationError:
        # no rule decides someone, or a rule divides by zero: evaluate raises it as it is
        assert decide_roster(policy, consultants, achievements, explain=explain,
                             missing_as_zero=False) is None
        with pytest.raises(EvaluationError):
            evaluate(policy, consultants, achievements, explain=explain)
        return
    found = decide_roster(policy, consultants, achievements, explain=explain,
                          missing_as_zero=False)
    assert found is not None, "a roster the record path decides is decided as columns"
    decisions, vacancies, _ = found
    assert vacancies == expected[1]
    assert [_read(d) for d in decisions] == [_read(d) for d in expected[0]]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases(), st.data())
def test_missing_achievements_counted_as_zero_decide_as_therecord_path(
        case: Any, data: st.DataObject) -> None:
    policy, consultants, achievements = case
    kept = [a for a in achievements if data.draw(st.booleans())]
    try:
        expected = record_path(policy, consultants, kept, True, True)
    except EvaluationError:
        return
    except Exception:  # a missing achievement of a 'lower' indicator: a DataError for both
        with pytest.raises(Exception):  # noqa: B017 - the same error, whichever it is
            decide_roster(policy, consultants, kept, explain=True, missing_as_zero=True)
        return
    found = decide_roster(policy, consultants, kept, explain=True, missing_as_zero=True)
    assert found is not None
    assert [_read(d) for d in found[0]] == [_read(d) for d in expected[0]]
    assert found[1] == expected[1]


def test_a_loaded_roster_evaluates_as_its_objects() -> None:
    """What load_roster returns (columns) and the same roster as objects give the same
    evaluation, explained or not, evaluated or streamed."""
    policy = load_policy(policy_path("2018"))
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    people, rows = list(roster.consultants), list(roster.achievements)
    for explain in (True, False):
        from_columns = evaluate(policy, roster.consultants, roster.achievements,
                                explain=explain, counterfactuals=True)
        from_objects = evaluate(policy, people, rows, explain=explain, counterfactuals=True)
        assert [_read(d) for d in from_columns.decisions] == [
            _read(d) for d in from_objects.decisions]
        assert from_columns.vacancies == from_objects.vacancies
        assert from_columns.input_sha256 == from_objects.input_sha256
        streamed = evaluate_stream(policy, roster.consultants, roster.achievements,
                                   explain=explain)
        assert [_read(d) for d in streamed.decisions()] == [
            _read(attrs.evolve(d, counterfactuals=None, margins=None))
            for d in from_objects.decisions]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases(), st.booleans())
def test_a_roster_read_as_columns_hashes_as_its_objects(case: Any, odd: bool) -> None:
    """The input hash of columns, read in order from the gathered table, is the canonical
    document's (input_sha256 of the objects), odd characters and row order included."""
    from fractions import Fraction

    from plut_rules import Achievement, Consultant
    from plut_rules.engine import input_sha256

    policy, consultants, achievements = case
    if odd:
        field = policy.fields[0]
        consultants = [*consultants, Consultant(
            "Z\u00e9\"\\", "N\u00e4me \u2603", policy.units[0].id, field.id, 2015,
            {field.id: Fraction(1, 8)})]
        achievements = [*reversed(achievements), *(
            Achievement("Z\u00e9\"\\", ind.id, Fraction(7, 2)) for ind in field.indicators)]
    expected = input_sha256(consultants, achievements)
    roster = Roster(consultants, achievements)
    try:
        found = evaluate(policy, roster.consultants, roster.achievements, explain=False)
    except EvaluationError:
        return
    assert found.input_sha256 == expected
    streamed = evaluate_stream(policy, roster.consultants, roster.achievements)
    assert streamed.evaluation.input_sha256 == expected



@pytest.mark.parametrize(("how", "explain"), [("evaluate", True), ("evaluate", False),
                                              ("stream", True), ("stream", False),
                                              ("counterfactuals", True)])
def test_an_evaluation_leaves_no_reference_cycle(how: str, explain: bool) -> None:
    """evaluate and evaluate_stream pause the garbage collector, so whatever they make
    must be freed by reference counting alone: a reference cycle (a function kept in a
    dict it reads, an object holding a closure over itself) keeps what it reaches alive
    until the collector runs; a cycle through each field's columns held every field's
    columns at once, 300 MB more at the peak of a million consultants."""
    import gc
    from collections import Counter

    policy = load_policy(policy_path("2018"))
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    evaluate(policy, roster.consultants, roster.achievements)  # caches warmed: not garbage
    gc.collect()
    collecting, debug = gc.isenabled(), gc.get_debug()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds is kept in gc.garbage
    try:
        if how == "stream":
            streamed = evaluate_stream(policy, roster.consultants, roster.achievements,
                                       explain=explain)
            assert len([_read(d) for d in streamed.decisions()]) == len(roster.consultants)
            del streamed
        else:
            result = evaluate(policy, roster.consultants, roster.achievements,
                              explain=explain, counterfactuals=how == "counterfactuals")
            assert len([_read(d) for d in result.decisions]) == len(roster.consultants)
            del result
        gc.collect()
        # this package's objects and functions (a cycle of the standard library's, e.g.
        # importlib.metadata's caches, is not the evaluation's to break)
        cycles = Counter(type(o).__qualname__ for o in gc.garbage
                         if (getattr(o, "__module__", None) or "").startswith("plut_rules")
                         or type(o).__module__.startswith("plut_rules"))
    finally:
        gc.garbage.clear()
        gc.set_debug(debug)
        if collecting:
            gc.enable()
    assert not cycles
