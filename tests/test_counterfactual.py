"""Counterfactuals and margins (§6.1): correct by construction, checked by re-evaluation."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from conftest import MINIMAL, write
from plut_rules import Achievement, Consultant, Policy, load_policy, parse_policy
from plut_rules.engine import counterfactual_text, evaluate
from plut_rules.model import Decision, Indicator
from plut_rules.render.output import evaluation_to_dict
from strategies import policy_documents, rosters

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _with(achievements: Sequence[Achievement], consultant: str, indicator: str,
          value: Fraction) -> list[Achievement]:
    out = [a for a in achievements if a.consultant == consultant and a.indicator != indicator]
    old = [a for a in achievements if a.consultant == consultant and a.indicator == indicator]
    out.append(Achievement(consultant, indicator, value, old[0].target if old else None))
    return out


def _kept(policy: Policy, c: Consultant, achievements: Sequence[Achievement], indicator: str,
          value: Fraction) -> bool:
    """Whether the rules (placement aside) keep ``c`` with ``indicator`` at ``value``."""
    ach = _with(achievements, c.id, indicator, value)
    return evaluate(policy, [c], ach).decisions[0].rule_outcome == "keep"


def _target(policy: Policy, d: Decision, ind: Indicator, ach: Sequence[Achievement]) -> Fraction:
    for a in ach:
        if a.consultant == d.consultant and a.indicator == ind.id and a.target is not None:
            return a.target
    return ind.target


@st.composite
def stepped_policies(draw: st.DrawFn) -> Policy:
    """Generated policies (also with non-monotone rules) with varied indicator steps."""
    document: dict[str, Any] = draw(policy_documents(monotone_rules=False))
    for field in document["fields"].values():
        for ind in field["indicators"].values():
            ind["step"] = draw(st.sampled_from([1, 0.5, 0.1, 5]))
    return parse_policy(json.dumps(document), "gen.yaml")


@SETTINGS
@given(data=st.data())
def test_counterfactuals_sound_and_minimal(data: st.DataObject) -> None:
    """Applying ``needed`` keeps the consultant; one step less (more, for lower) does not;
    on small ranges no value nearer the current achievement keeps them, and null means none."""
    policy = data.draw(stepped_policies())
    consultants, achievements = data.draw(rosters(policy, max_size=4))
    evaluation = evaluate(policy, consultants, achievements, counterfactuals=True)
    by_id = {c.id: c for c in consultants}
    for d in evaluation.decisions:
        if d.rule_outcome == "keep":
            assert d.counterfactuals is None and d.margins is None
            continue
        assert d.counterfactuals is not None and d.margins is not None
        c = by_id[d.consultant]
        field = policy.field(d.field)
        assert field is not None
        for cf in d.counterfactuals:
            ind = field.indicator(cf.indicator)
            assert ind is not None
            step = ind.step
            target = _target(policy, d, ind, achievements)
            if ind.direction == "higher":
                grid = range(math.ceil(cf.achievement / step), math.floor(100 * target / step) + 1)
            else:
                grid = range(math.floor(cf.achievement / step), -1, -1)
            if cf.needed is not None:
                assert cf.needed % step == 0
                assert _kept(policy, c, achievements, ind.id, cf.needed)
                before = cf.needed - step if ind.direction == "higher" else cf.needed + step
                if before * (1 if ind.direction == "higher" else -1) >= cf.achievement * (
                        1 if ind.direction == "higher" else -1):
                    assert not _kept(policy, c, achievements, ind.id, before)
            elif grid:
                assert not _kept(policy, c, achievements, ind.id, grid[-1] * step)
            if len(grid) <= 150:
                first = next((k * step for k in grid
                              if _kept(policy, c, achievements, ind.id, k * step)), None)
                assert first == cf.needed


@SETTINGS
@given(data=st.data())
def test_margins_are_the_failed_keep_comparisons(data: st.DataObject) -> None:
    """Margins come from keep rules that were tried and did not hold; margin = left - right."""
    from strategies import policies

    policy = data.draw(policies())
    consultants, achievements = data.draw(rosters(policy))
    evaluation = evaluate(policy, consultants, achievements, counterfactuals=True)
    for d in evaluation.decisions:
        if d.margins is None:
            continue
        tried = {s.rule for s in d.trace if not s.result}
        for m in d.margins:
            rule = policy.rule(m.rule)
            assert rule is not None and rule.then == "keep" and m.rule in tried
            if m.margin is not None:
                assert m.margin == m.left - m.right
        if "capai-target" in tried:
            assert any(m.comparison == "score >= keep" and m.left == d.score for m in d.margins)


def test_counterfactuals_opt_in_and_output(tmp_path: Path) -> None:
    """Off by default in the library; on, JSON carries both keys on non-keep decisions only."""
    policy = load_policy(write(tmp_path, MINIMAL))
    people = [Consultant("A", "A", "pkp", "pemasaran", 2015),
              Consultant("B", "B", "pkp", "produksi", 2015)]
    ach = [Achievement("A", "akses_pasar", 30), Achievement("A", "kehadiran", 95),
           Achievement("B", "sertifikasi", 30), Achievement("B", "kehadiran", 95)]
    plain = evaluate(policy, people, ach)
    assert all(d.margins is None for d in plain.decisions)
    doc = evaluation_to_dict(evaluate(policy, people, ach, counterfactuals=True), "en")
    a, b = doc["decisions"]
    assert "counterfactuals" not in b and "margins" not in b
    # score = 100 * (0.8 * 30/40 + 0.2) = 80 >= 70: kept, so no counterfactual keys.
    assert a["outcome"] == "keep" and "margins" not in a
    # 100 * (0.8 * 24/40 + 0.2) = 68: not kept; 25 gives exactly 70.
    ach[0] = Achievement("A", "akses_pasar", 24)
    doc = evaluation_to_dict(evaluate(policy, people, ach, counterfactuals=True), "en")
    a = doc["decisions"][0]
    assert a["outcome"] != "keep"
    assert a["counterfactuals"][0] == {"indicator": "akses_pasar", "achievement": 24,
                                       "needed": 25}
    # kehadiran is capped at 1.2: 100 * (0.8 * 0.6 + 0.2 * 1.2) = 72 -> enough.
    assert a["counterfactuals"][1]["indicator"] == "kehadiran"
    assert a["margins"] == [{"rule": "capai-target", "comparison": "score >= keep",
                             "left": 68, "right": 70, "margin": -2}]


def test_counterfactual_text_lists_needed_and_margins(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, MINIMAL))
    people = [Consultant("A", "A", "pkp", "pemasaran", 2015)]
    ach = [Achievement("A", "akses_pasar", 24), Achievement("A", "kehadiran", 95)]
    d = evaluate(policy, people, ach, counterfactuals=True).decisions[0]
    text = counterfactual_text(d, "en")
    assert "akses_pasar: now 24, needs 25" in text
    assert "capai-target: score >= keep  (68 vs 70): 2 below the threshold" in text
    assert "(68 vs 70): kurang 2 dari ambang" in counterfactual_text(d, "id")
    assert counterfactual_text(d, "id").count("\n") == text.count("\n")


def test_non_monotone_scorer_gets_no_counterfactual(tmp_path: Path) -> None:
    from plut_rules.scorers import Score, ScorerRegistry

    class Odd:
        uses_weights = False
        monotone = False

        def score(self, ratios: Sequence[Fraction], weights: Sequence[Fraction | None],
                  cap: Fraction) -> Score:
            return Score(Fraction(50), tuple(Fraction(0) for _ in ratios))

    registry = ScorerRegistry.from_entry_points()
    registry.register("odd", Odd())
    text = MINIMAL.replace("scoring: weighted_ratio", "scoring: odd")
    policy = load_policy(write(tmp_path, text), scorers=registry)
    people = [Consultant("A", "A", "pkp", "pemasaran", 2015)]
    ach = [Achievement("A", "akses_pasar", 24), Achievement("A", "kehadiran", 95)]
    d = evaluate(policy, people, ach, counterfactuals=True).decisions[0]
    assert d.counterfactuals is None and d.margins is not None
    assert "not monotone" in counterfactual_text(d, "en")


class _Again:
    """A built-in scorer under a type the counterfactual search does not know: every probe
    scores the whole consultant again (the search as it was before probes were incremental)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.uses_weights = inner.uses_weights
        self.monotone = inner.monotone

    def score(self, ratios: Any, weights: Any, cap: Fraction) -> Any:
        return self.inner.score(ratios, weights, cap)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_incremental_probes_find_what_full_rescoring_finds(data: st.DataObject) -> None:
    from plut_rules.scorers import ScorerRegistry

    document = data.draw(policy_documents(monotone_rules=False))
    policy = parse_policy(json.dumps(document), "gen.yaml")
    registry = ScorerRegistry.from_entry_points()
    again = ScorerRegistry({name: _Again(registry[name]) for name in registry})
    rescoring = parse_policy(json.dumps(document), "gen.yaml", scorers=again)
    people, results = data.draw(rosters(policy, max_size=6))
    # some achievements onto a gate's minimum or the target, where ratios tie
    edged = []
    for a in results:
        c = next(c for c in people if c.id == a.consultant)
        ind = policy.field(c.field).indicator(a.indicator)
        share = data.draw(st.sampled_from([None, ind.minimum, Fraction(1)]))
        target = a.target if a.target is not None else ind.target
        edged.append(a if share is None else
                     Achievement(a.consultant, a.indicator, target * share, a.target))
    note(json.dumps(document))
    note(repr(edged))
    fast = evaluate(policy, people, edged, explain=False, counterfactuals=True)
    slow = evaluate(rescoring, people, edged, explain=False, counterfactuals=True)
    for d, e in zip(fast.decisions, slow.decisions, strict=True):
        assert (d.counterfactuals, d.margins) == (e.counterfactuals, e.margins), d.consultant


def _compare_reference(op: str, a: tuple[Fraction, Fraction], b: tuple[Fraction, Fraction]
                       ) -> bool | None:
    """Three-valued ``a op b`` over two intervals, with Fraction comparisons."""
    (alo, ahi), (blo, bhi) = a, b
    if op == "<":
        return True if ahi < blo else False if alo >= bhi else None
    if op == "<=":
        return True if ahi <= blo else False if alo > bhi else None
    if op == ">":
        return True if alo > bhi else False if ahi <= blo else None
    if op == ">=":
        return True if alo >= bhi else False if ahi < blo else None
    if alo == ahi and blo == bhi:
        equal: bool | None = alo == blo
    else:
        equal = False if ahi < blo or bhi < alo else None
    return equal if op == "==" or equal is None else not equal


_ends = st.fractions(min_value=-50, max_value=50, max_denominator=12)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), _ends, _ends, _ends, _ends,
       st.booleans(), st.booleans())
def test_interval_comparisons_in_integers_are_fraction_comparisons(
        op: str, a: Fraction, b: Fraction, c: Fraction, d: Fraction, point_a: bool,
        point_b: bool) -> None:
    from plut_rules.engine.intervals import compare_bounds

    left = (a, a) if point_a else (min(a, b), max(a, b))
    right = (c, c) if point_b else (min(c, d), max(c, d))
    assert compare_bounds(op, left, right) == _compare_reference(op, left, right)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_searches_sharing_a_consultant_find_what_rescoring_finds(data: st.DataObject) -> None:
    """A consultant's searches share their bounds, the truth of the rules they do not change
    and where comparisons flip: a rule on the *first* indicator's ratio (read, as given,
    by the later searches) finds what scoring every point again finds."""
    from plut_rules.scorers import ScorerRegistry

    document = data.draw(policy_documents(monotone_rules=False))
    for fid, field in document["fields"].items():
        first = next(iter(field["indicators"]))
        bound = data.draw(st.sampled_from(["0.3", "0.8", "1"]))
        op = data.draw(st.sampled_from(["<", ">=", "<="]))
        outcome = data.draw(st.sampled_from(["keep", "replace"]))
        document["rules"].insert(data.draw(st.integers(0, 2)), {
            "id": f"utama-{fid}", "fields": [fid], "then": outcome,
            "when": data.draw(st.sampled_from([
                f"ratio_{first} {op} {bound}",
                f"{bound} {op} ratio_{first} and score >= reassign_floor",
                f"ratio_{first} {op} {bound} or gates_failed >= 1"]))})
    policy = parse_policy(json.dumps(document), "gen.yaml")
    registry = ScorerRegistry.from_entry_points()
    again = ScorerRegistry({name: _Again(registry[name]) for name in registry})
    rescoring = parse_policy(json.dumps(document), "gen.yaml", scorers=again)
    people, results = data.draw(rosters(policy, max_size=5))
    note(json.dumps(document))
    fast = evaluate(policy, people, results, explain=False, counterfactuals=True)
    slow = evaluate(rescoring, people, results, explain=False, counterfactuals=True)
    for d, e in zip(fast.decisions, slow.decisions, strict=True):
        assert (d.counterfactuals, d.margins) == (e.counterfactuals, e.margins), d.consultant


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_roster_counterfactuals_are_each_consultants_alone(data: st.DataObject) -> None:
    """Whatever form the roster has (objects, columns, an achievement missing and counted as
    0), each decision's counterfactuals are those of its consultant searched alone."""
    from plut_rules import Roster
    from plut_rules.engine import decision_counterfactuals
    from strategies import policies

    policy = data.draw(policies())
    people, results = data.draw(rosters(policy, max_size=6))
    fields = {c.id: policy.field(c.field) for c in people}
    higher = [n for n, a in enumerate(results)
              if fields[a.consultant].indicator(a.indicator).direction == "higher"]
    missing = bool(higher) and data.draw(st.booleans())
    if missing:  # one achievement left out, counted as 0 (the roster is not gathered)
        left_out = data.draw(st.sampled_from(higher))
        results = [a for n, a in enumerate(results) if n != left_out]
    roster = Roster(people, results)
    consultants, achievements = data.draw(st.sampled_from([
        (people, results), (roster.consultants, roster.achievements)]))
    evaluation = evaluate(policy, consultants, achievements, explain=False,
                          missing_as_zero=missing, counterfactuals=True)
    by_id = {c.id: c for c in people}
    for d in evaluation.decisions:
        if d.outcome == "keep" and d.rule_outcome == "keep":
            assert d.counterfactuals is None and d.margins is None
            continue
        alone = decision_counterfactuals(
            policy, by_id[d.consultant],
            {a.indicator: a for a in results if a.consultant == d.consultant})
        assert (d.counterfactuals, d.margins) == alone, d.consultant


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["<", "<=", ">", ">="]), _ends, _ends, _ends, st.booleans())
def test_a_variable_against_a_number_is_compare_bounds(
        op: str, a: Fraction, b: Fraction, number: Fraction, number_first: bool) -> None:
    """``x op 2.5`` and ``2.5 op x`` over an interval of x, as their own closure, are what
    :func:`compare_bounds` says of the interval and the number as a point."""
    from plut_rules.engine.intervals import compare_bounds, interval_truth
    from plut_rules.lang import Compare, NumberLit, Var, parse

    text = f"{abs(number.numerator) / number.denominator:.6f}"
    expression, problems = parse(f"{text} {op} x" if number_first else f"x {op} {text}")
    assert expression is not None and not problems
    root = expression.root
    assert isinstance(root, Compare)
    variable, literal = (root.right, root.left) if number_first else (root.left, root.right)
    assert isinstance(variable, Var)
    assert isinstance(literal, NumberLit)
    point = (literal.value, literal.value)
    interval = (min(a, b), max(a, b))
    expected = (compare_bounds(op, point, interval) if number_first
                else compare_bounds(op, interval, point))
    assert interval_truth(expression.root)({"x": interval}) == expected


@pytest.mark.parametrize("columns", [False, True])
def test_streamed_counterfactuals_are_evaluates(columns: bool) -> None:
    """evaluate_stream finds the same counterfactuals and margins as evaluate, on a roster
    loaded as columns (each value read from them) and on its objects."""
    from plut_rules import evaluate_stream
    from plut_rules.readers import load_roster
    from plut_rules.shipped import policy_path, sample_path

    policy = load_policy(policy_path("2018"))
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    people: Any = roster.consultants if columns else list(roster.consultants)
    rows: Any = roster.achievements if columns else list(roster.achievements)
    whole = evaluate(policy, people, rows, counterfactuals=True).decisions
    streamed = list(evaluate_stream(policy, people, rows, counterfactuals=True).decisions())
    assert [(d.consultant, d.counterfactuals, d.margins) for d in streamed] == [
        (d.consultant, d.counterfactuals, d.margins) for d in whole]
    assert any(d.counterfactuals for d in whole)
