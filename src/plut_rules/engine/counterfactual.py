"""Counterfactuals and margins (contract §6.1): what would have kept a consultant.

For a decision other than keep, each indicator of the consultant's field gets
the least improvement, on the multiples of the indicator's ``step``, with which
the rules (placement aside) would have decided ``keep``, everything else equal.

The search is exact, not a heuristic.  Over a range of achievements every
variable a rule reads (``score``, ``gates_failed``, ``ratio_<x>``) moves
monotonically, provided the scorer is monotone (a higher ratio never lowers the
score; built-in scorers are, third-party ones declare it).  So the values at
the two ends of a range bound every value inside it, and evaluating the rules
over those bounds (three-valued interval logic) says whether *every*
achievement in the range is kept, *none* is, or it cannot tell; only in the
last case is the range halved.  This finds the least kept value even when
the rules are not monotone (``score > 150`` → replace before the keep rule),
in a number of scorings proportional to the number of boundaries times the
logarithm of the range.  For a scorer that is not monotone no counterfactual
is given (``counterfactuals`` is None) rather than a possibly wrong one.

``lower`` indicators are searched downwards; an achievement of 0 (ratio ``cap``)
is checked on its own, since the ratio jumps there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from plut_rules.engine.gather import NO_ACHIEVEMENTS, Given, Givens, gathered
from plut_rules.engine.indicator_search import IndicatorSearch, comparisons_of
from plut_rules.engine.intervals import Bound, Tri, interval_truth
from plut_rules.engine.scoring import measure
from plut_rules.model import (
    Achievement,
    Consultant,
    Counterfactual,
    Decision,
    Field,
    Margin,
    Policy,
)
from plut_rules.scorers import MinimumRatio, TargetCount, WeightedRatio
from plut_rules.values import number_text, value_text
from plut_rules.wording import words

__all__ = ["add_counterfactuals", "counterfactual_text", "decision_counterfactuals",
           "margin_words"]

#: The scorers whose score a probe recomputes from the other indicators' part.
_BUILT_IN = (WeightedRatio, TargetCount, MinimumRatio)
_ZERO = Fraction(0)


def add_counterfactuals(
    policy: Policy,
    decisions: Sequence[Decision],
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    progress: Callable[[str, int, int], None] | None = None,
    checked: Mapping[str, Mapping[str, Achievement]] | None = None,
) -> list[Decision]:
    """The decisions, each non-keep one with its counterfactuals and margins filled in.

    ``progress`` is called as ``progress("counterfactuals", done, total)``; ``checked`` is
    the roster's achievements by consultant as the evaluation gathered them, if it has
    them (not gathered again).
    """
    consultant_of, given_of = _roster_lookup(policy, consultants, achievements, checked)
    out: list[Decision] = []
    for d in decisions:
        if progress is not None:
            progress("counterfactuals", len(out) + 1, len(decisions))
        if d.outcome == "keep" and d.rule_outcome == "keep":
            out.append(d)
            continue
        counterfactuals, margins = decision_counterfactuals(
            policy, consultant_of(d.consultant), given_of(d.consultant))
        out.append(attrs.evolve(d, counterfactuals=counterfactuals, margins=margins))
    return out


def _roster_lookup(policy: Policy, consultants: Sequence[Consultant],
                   achievements: Sequence[Achievement],
                   checked: Mapping[str, Mapping[str, Achievement]] | None = None,
                   ) -> tuple[Callable[[str], Consultant],
                              Callable[[str], Given]]:
    """A consultant by id and their achievements by indicator, each built when asked.

    Only the consultants not kept are searched (about half a roster): a roster's columns
    build just those consultants and achievements (:class:`~plut_rules.engine.gather.Givens`);
    a roster the gathering does not take (an achievement missing, counted as 0) is read
    into dicts once.
    """
    givens = (checked if isinstance(checked, Givens) and checked.consultants is consultants
              and checked.achievements is achievements
              else gathered(policy, consultants, achievements))
    if givens is not None:
        # a dict, not Givens.position's binary search: asked twice per consultant searched
        ids = givens.consultant_ids
        index = dict(zip(ids, range(len(ids)), strict=True))

        def consultant(cid: str) -> Consultant:
            return consultants[index[cid]]

        def achieved(cid: str) -> Given:
            # each value and own target, read from the columns: what a search reads
            return givens.achieved_at(index[cid])

        return consultant, achieved
    by_id = {c.id: c for c in consultants}
    given: dict[str, dict[str, Achievement]] = {}
    for a in achievements:
        given.setdefault(a.consultant, {})[a.indicator] = a
    return by_id.__getitem__, lambda cid: given.get(cid, NO_ACHIEVEMENTS)


def _rule_plan(runtime: Any, policy: Policy, field: str, unit: str) -> tuple[Any, ...]:
    """The field ids, the rules deciding ``field`` in ``unit``, their comparisons, the
    variables each reads (by position) and each condition as interval logic; kept in the
    policy's compiled plans."""
    plans = runtime.plans
    made = plans.setdefault("counterfactual rules", {})
    found = made.get((field, unit))
    if found is not None:
        return found  # type: ignore[no-any-return]
    # each rule's condition as interval logic and its comparisons, once per policy
    truths = plans.setdefault("intervals", {})
    compared = plans.setdefault("comparisons", {})
    reading = plans.setdefault("reads", {})
    rules = runtime.rules_for(field, unit)
    comparisons: list[tuple[str, float | str]] = []
    reads: list[frozenset[str]] = []
    for compiled in rules:
        if compiled.condition is not None:
            key = id(compiled)
            if key not in truths:
                truths[key] = interval_truth(compiled.condition.root)
                compared[key] = comparisons_of(compiled.condition)
                reading[key] = frozenset(compiled.condition.variables)
            comparisons += compared[key]
            reads.append(reading[key])
        else:
            reads.append(frozenset())
    found = made[(field, unit)] = (
        [f.id for f in policy.fields], rules, comparisons, reads,
        [(c, None if c.condition is None else truths[id(c)]) for c in rules])
    return found


class Probe:
    """One consultant scored once, for the search of each of their indicators.

    The consultant is scored exactly once (:func:`~plut_rules.engine.scoring.measure`).
    For the built-in scorers a search then recomputes only what one indicator's
    achievement changes (:class:`~plut_rules.engine.indicator_search.IndicatorSearch`);
    a third-party scorer is asked again for the whole score at each point (:meth:`values`).
    """

    def __init__(self, policy: Policy, consultant: Consultant, field: Field,
                 given: Given) -> None:
        self.policy = policy
        self.consultant = consultant
        self.field = field
        self.given = dict(given)
        self.runtime = policy._compiled
        # what the rules of a field and unit give a search: made once per policy, not
        # once per consultant searched
        self.field_ids, self.rules, self.comparisons, self.reads, self.truths = _rule_plan(
            self.runtime, policy, field.id, consultant.unit)
        self.measured = measure(policy, self.runtime, field, self.field_ids, consultant,
                                self.given, False)
        self.base = self.measured.values
        # every variable as an interval over a range (those a probe changes are replaced)
        self.fixed: dict[str, Bound] = {
            name: (x, x) if isinstance(x, Fraction) else x for name, x in self.base.items()}
        #: the bounds a search's ranges are checked with (each search sets what it changes)
        self.bounds = dict(self.fixed)
        scorer = self.runtime.scorers[field.id]
        self.kind = type(scorer) if type(scorer) in _BUILT_IN else None
        #: what a probe may change: the score, the gates failed, one of the ratios
        self.changing = ("score", "gates_failed",
                         *(f"ratio_{ind.id}" for ind in field.indicators))
        #: the rules' truth over ranges of a search changing none of what they read (by
        #: the rule's position; the same for every such search)
        self.constants: dict[int, Tri] = {}
        #: where a comparison of what a probe changes flips, by variable: the number it is
        #: compared with, or the value of a variable no probe changes
        self.flips: dict[str, list[float]] = {}
        for name, other in self.comparisons:
            if name not in self.changing:
                continue
            if not isinstance(other, str):
                self.flips.setdefault(name, []).append(other)
            elif other not in self.changing:
                value = self.base.get(other)
                if isinstance(value, Fraction):
                    self.flips.setdefault(name, []).append(float(value))

    def values(self, indicator: str | None, value: Fraction | None) -> dict[str, Any]:
        """The variables the rules read, with ``indicator`` achieving ``value`` (None: as
        given), the whole consultant scored again."""
        if indicator is None or value is None:
            return self.base
        old = self.given.get(indicator)
        given = dict(self.given)
        given[indicator] = Achievement(self.consultant.id, indicator, value,
                                       None if old is None else old.target)
        measured = measure(self.policy, self.runtime, self.field, self.field_ids,
                           self.consultant, given, False)
        return measured.values

    def keep(self, values: Mapping[str, Any]) -> bool:
        """Whether the rules decide keep for exactly these values (an error is not keep)."""
        for compiled in self.rules:
            if compiled.condition is None:
                holds = bool(compiled.constant)
            else:
                try:
                    holds = compiled.condition.evaluate(values) is True
                except ArithmeticError:  # division by zero, a value beyond the bound
                    return False
            if holds:
                return bool(compiled.rule.then == "keep")
        return False

    def keep_over(self, a: Mapping[str, Any], b: Mapping[str, Any]) -> Tri:
        """Whether every (True), no (False) or some (None) point between two ends is kept."""
        fixed, base = self.fixed, self.base
        bounds: dict[str, Bound] = {}
        for name, x in a.items():
            y = b[name]
            if x is y and x is base.get(name):  # not changed by the probes: as given
                bounds[name] = fixed[name]
            elif isinstance(x, Fraction) and isinstance(y, Fraction):
                bounds[name] = (min(x, y), max(x, y))
            elif x == y:
                bounds[name] = x
            else:  # pragma: no cover - only numbers vary with an achievement
                return None
        outcomes: set[bool] = set()
        for compiled, truth in self.truths:
            if truth is None:
                holds: Tri = bool(compiled.constant)
            else:
                try:
                    holds = truth(bounds)
                except ZeroDivisionError:
                    holds = None
            if holds is False:
                continue
            outcomes.add(compiled.rule.then == "keep")
            if holds is True:
                break
        else:
            outcomes.add(False)  # some points are decided by no rule
        if outcomes == {True}:
            return True
        if True not in outcomes:
            return False
        return None


def decision_counterfactuals(
    policy: Policy, consultant: Consultant, given: Given
) -> tuple[tuple[Counterfactual, ...] | None, tuple[Margin, ...]]:
    """Counterfactuals (None when the scorer is not monotone) and margins of one consultant."""
    field = policy.field(consultant.field)
    assert field is not None
    probe = Probe(policy, consultant, field, given)
    margins = _margins(probe)
    scorer = probe.runtime.scorers[field.id]
    if not getattr(scorer, "monotone", False):
        return None, margins
    out = []
    for j, ind in enumerate(field.indicators):
        a = given.get(ind.id)
        current = a.achievement if a is not None else _ZERO
        target = a.target if a is not None and a.target is not None else ind.target
        step = ind.step
        cn, cd = current.numerator, current.denominator
        sn, sd = step.numerator, step.denominator
        higher = ind.direction == "higher"
        if higher:  # from ceil(current / step) to floor(100 * target / step)
            lo = -(-cn * sd // (cd * sn))
            hi = 100 * target.numerator * sd // (target.denominator * sn)
        else:  # from 1 to floor(current / step), then 0
            lo, hi = 1, cn * sd // (cd * sn)
        k: int | None
        if probe.kind is not None:
            search = IndicatorSearch(probe, j, target, step)
            k = search.kept_index(lo, hi, last=not higher) if lo <= hi else None
            if k is None and not higher and search.keep(0):
                k = 0
        else:
            k = _rescoring_search(probe, ind.id, step, lo, hi, last=not higher)
        out.append(Counterfactual(ind.id, current, None if k is None else k * step))
    return tuple(out), margins


def _rescoring_search(probe: Probe, indicator: str, step: Fraction, lo: int, hi: int, *,
                      last: bool) -> int | None:
    """The least (greatest, when ``last``) grid index in lo..hi whose achievement is kept,
    then (for a ``lower`` indicator, ``last``) 0, each point scored again: ranges checked
    with interval logic and halved when it cannot tell, the part nearer the end sought
    searched first (so the first index found kept is the answer)."""
    seen: dict[int, dict[str, Any]] = {}

    def at(k: int) -> dict[str, Any]:
        found = seen.get(k)
        if found is None:
            found = seen[k] = probe.values(indicator, k * step)
        return found

    stack = [(lo, hi)] if lo <= hi else []
    while stack:
        i, j = stack.pop()
        if i == j:
            if probe.keep(at(i)):
                return i
            continue
        status = probe.keep_over(at(i), at(j))
        if status is False:
            continue
        if status is True:
            return j if last else i
        m = (i + j) // 2
        stack += [(i, m), (m + 1, j)] if last else [(m + 1, j), (i, m)]
    if last and probe.keep(at(0)):
        return 0
    return None


# --------------------------------------------------------------------------- margins


def _margins(probe: Probe) -> tuple[Margin, ...]:
    values = probe.values(None, None)
    if values is None:
        return ()
    out: list[Margin] = []
    for compiled in probe.rules:
        if compiled.condition is None:
            if compiled.constant:
                break
            continue
        try:
            result, comparisons = compiled.condition.evaluate_traced(values)
        except ArithmeticError:  # division by zero, a value beyond the bound
            break
        if result is True:
            break
        if compiled.rule.then != "keep":
            continue
        for c in comparisons:
            margin = None
            if isinstance(c.left, Fraction) and isinstance(c.right, Fraction):
                margin = c.left - c.right
            out.append(Margin(compiled.rule.id, c.text, c.left, c.right, margin))
    return tuple(out)


# --------------------------------------------------------------------------- text

def margin_words(margin: Fraction, lang: str = "id") -> str:
    """A margin (left − right of a comparison) in words: ``kurang 2,67 dari ambang``,
    ``lebih 3 dari ambang``, ``tepat di ambang`` (English: ``2.67 below the threshold``)."""
    w = words("margin", "en" if lang == "en" else "id")
    if margin == 0:
        return w["at"]
    return (w["below"] if margin < 0 else w["above"]).format(
        amount=number_text(abs(margin), lang, 4))


def counterfactual_text(decision: Decision, lang: str = "id") -> str:
    """The counterfactual and margin lines ``plut-rules explain`` adds ("" for keep)."""
    if decision.margins is None:
        return ""
    w = words("counterfactual", "en" if lang == "en" else "id")
    lines = ["", f"{w['cf']}:"]
    if decision.counterfactuals is None:
        lines.append(f"  {w['not_monotone']}")
    else:
        for c in decision.counterfactuals:
            now = f"{w['now']} {number_text(c.achievement, lang, 4)}"
            if c.needed is None:
                lines.append(f"  {c.indicator}: {now}, {w['no_value']}")
            else:
                lines.append(f"  {c.indicator}: {now}, {w['need']} "
                             f"{number_text(c.needed, lang, 4)}")
        if all(c.needed is None for c in decision.counterfactuals):
            lines.append(f"  ({w['none']})")
    if decision.margins:
        lines += ["", f"{w['margins']}:"]
        for m in decision.margins:
            margin = "" if m.margin is None else f": {margin_words(m.margin, lang)}"
            lines.append(f"  {m.rule}: {m.comparison}  ({value_text(m.left, lang)} vs "
                         f"{value_text(m.right, lang)}){margin}")
    return "\n".join(lines) + "\n"
