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

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from plut_rules.engine.gather import NO_ACHIEVEMENTS, gathered
from plut_rules.engine.intervals import Bound, Tri, interval_truth
from plut_rules.engine.scoring import measure
from plut_rules.exact import round_half_away
from plut_rules.lang import And, Compare, Node, Not, NumberLit, Or, Var
from plut_rules.model import (
    Achievement,
    Consultant,
    Counterfactual,
    Decision,
    Field,
    Margin,
    Policy,
)
from plut_rules.scorers import MinimumRatio, TargetCount, WeightedRatio, indicator_ratio
from plut_rules.values import number_text, value_text
from plut_rules.wording import words

__all__ = ["add_counterfactuals", "counterfactual_text", "decision_counterfactuals",
           "margin_words"]

#: The scorers whose score a probe recomputes from the other indicators' part.
_BUILT_IN = (WeightedRatio, TargetCount, MinimumRatio)
_ZERO = Fraction(0)
#: Small whole numbers as Fractions, made once (gates failed).
_WHOLE = tuple(Fraction(n) for n in range(100))


def add_counterfactuals(
    policy: Policy,
    decisions: Sequence[Decision],
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Decision]:
    """The decisions, each non-keep one with its counterfactuals and margins filled in.

    ``progress`` is called as ``progress("counterfactuals", done, total)``.
    """
    consultant_of, given_of = _roster_lookup(policy, consultants, achievements)
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
                   achievements: Sequence[Achievement]
                   ) -> tuple[Callable[[str], Consultant],
                              Callable[[str], Mapping[str, Achievement]]]:
    """A consultant by id and their achievements by indicator, each built when asked.

    Only the consultants not kept are searched (about half a roster): a roster's columns
    build just those consultants and achievements (:class:`~plut_rules.engine.gather.Givens`);
    a roster the gathering does not take (an achievement missing, counted as 0) is read
    into dicts once.
    """
    givens = gathered(policy, consultants, achievements)
    if givens is not None:
        index = givens.index

        def consultant(cid: str) -> Consultant:
            return consultants[index[cid]]

        def achieved(cid: str) -> Mapping[str, Achievement]:
            return givens.at(index[cid])

        return consultant, achieved
    by_id = {c.id: c for c in consultants}
    given: dict[str, dict[str, Achievement]] = {}
    for a in achievements:
        given.setdefault(a.consultant, {})[a.indicator] = a
    return by_id.__getitem__, lambda cid: given.get(cid, NO_ACHIEVEMENTS)


class _Probe:
    """Scores one consultant with one indicator's achievement replaced.

    The consultant is scored exactly once (:func:`~plut_rules.engine.scoring.measure`);
    a probe then recomputes only what one indicator's achievement changes -- its ratio,
    the gates failed and, for the built-in scorers, the score from the other indicators'
    part, which is exact arithmetic on the same fractions and so the same value.  A
    third-party scorer is asked again for the whole score (:func:`measure`).
    """

    def __init__(self, policy: Policy, consultant: Consultant, field: Field,
                 given: Mapping[str, Achievement]) -> None:
        self.policy = policy
        self.consultant = consultant
        self.field = field
        self.given = dict(given)
        self.runtime = policy._compiled
        self.field_ids = [f.id for f in policy.fields]
        self.rules = self.runtime.rules_for(field.id, consultant.unit)
        # each rule's condition as interval logic, compiled once per policy
        truths = self.runtime.plans.setdefault("intervals", {})
        for compiled in self.rules:
            if compiled.condition is not None and id(compiled) not in truths:
                truths[id(compiled)] = interval_truth(compiled.condition.root)
        self.truths = [(c, None if c.condition is None else truths[id(c)]) for c in self.rules]
        self.measured = measure(policy, self.runtime, field, self.field_ids, consultant,
                                self.given, True)
        self.base = self.measured.values
        # every variable as an interval over a range (those a probe changes are replaced)
        self.fixed: dict[str, Bound] = {
            name: (x, x) if isinstance(x, Fraction) else x for name, x in self.base.items()}
        scorer = self.runtime.scorers[field.id]
        self.kind = type(scorer) if type(scorer) in _BUILT_IN else None
        self.parts: dict[str, tuple[Any, ...]] = {}
        #: what a probe may change: the score, the gates failed, one of the ratios
        self.changing = ("score", "gates_failed",
                         *(f"ratio_{ind.id}" for ind in field.indicators))
        # where the rules' comparisons of a changing variable flip: (variable, value)
        self.pivots: list[tuple[str, float]] = []
        if self.kind is not None:
            for compiled in self.rules:
                if compiled.condition is not None:
                    self._pivots(compiled.condition.root)

    def _pivots(self, node: Node) -> None:
        if isinstance(node, Not):
            self._pivots(node.operand)
        elif isinstance(node, And | Or):
            self._pivots(node.left)
            self._pivots(node.right)
        elif isinstance(node, Compare):
            for one, other in ((node.left, node.right), (node.right, node.left)):
                if not isinstance(one, Var) or one.name not in self.changing:
                    continue
                if isinstance(other, NumberLit):
                    self.pivots.append((one.name, float(other.value)))
                elif isinstance(other, Var) and other.name not in self.changing:
                    value = self.base.get(other.name)
                    if isinstance(value, Fraction):
                        self.pivots.append((one.name, float(value)))

    def split(self, i: int, j: int, a: Mapping[str, Any], b: Mapping[str, Any],
              last: bool) -> int | None:
        """Where to cut i..j (into i..m and m+1..j) so that the part sought first ends
        just before a comparison flips, by linear interpolation in floats; None: no
        comparison flips inside.  Only the number of steps depends on it, not the answer:
        any cut gives the same least (greatest) kept index."""
        found: float | None = None
        for name, pivot in self.pivots:
            x, y = float(a[name]), float(b[name])
            if not min(x, y) < pivot < max(x, y):
                continue
            at = i + (pivot - x) / (y - x) * (j - i)
            if found is None or (at > found if last else at < found):
                found = at
        if found is None:
            return None
        return min(max(math.ceil(found) - 1, i), j - 1)

    def _part(self, indicator: str) -> tuple[Any, ...]:
        """What the score and gates are without ``indicator`` (kept per indicator)."""
        found = self.parts.get(indicator)
        if found is None:
            field, measured = self.field, self.measured
            j = next(n for n, ind in enumerate(field.indicators) if ind.id == indicator)
            own = measured.indicators[j]
            gates = self.base["gates_failed"]
            assert isinstance(gates, Fraction)
            others = int(gates) - (own.gate == "fail")
            cap = field.cap
            if self.kind is MinimumRatio:
                capped = [min(r.ratio, cap) for n, r in enumerate(measured.indicators) if n != j]
                rest: Any = min(capped) if capped else None
            elif self.kind is TargetCount:
                rest = sum((1 for n, r in enumerate(measured.indicators)
                            if n != j and r.ratio >= 1), 0)
            else:
                rest = measured.exact_score - own.contribution
            found = self.parts[indicator] = (field.indicators[j], own.target, others, rest)
        return found

    def values(self, indicator: str | None, value: Fraction | None) -> dict[str, Any] | None:
        """The variables the rules read, with ``indicator`` achieving ``value`` (None: as given)."""
        if indicator is None or value is None:
            return self.base
        if self.kind is None:  # a third-party scorer: the whole scoring again
            old = self.given.get(indicator)
            given = dict(self.given)
            given[indicator] = Achievement(self.consultant.id, indicator, value,
                                           None if old is None else old.target)
            measured = measure(self.policy, self.runtime, self.field, self.field_ids,
                               self.consultant, given, False)
            return measured.values
        now = self.given.get(indicator)
        if value == (now.achievement if now is not None else _ZERO):
            return self.base  # the achievement as given: the variables as given
        ind, target, others, rest = self._part(indicator)
        cap = self.field.cap
        r = indicator_ratio(value, target, ind.direction == "lower", cap)
        rn, rd = r.numerator, r.denominator
        if self.kind is WeightedRatio:
            # rest + 100 * weight * min(r, cap), in integers (as WeightedRatio sums)
            weight = ind.weight if ind.weight is not None else _ZERO
            wn, wd = weight.numerator, weight.denominator
            if rn * cap.denominator < cap.numerator * rd:
                cn, cd = 100 * wn * rn, wd * rd
            else:
                cn, cd = 100 * wn * cap.numerator, wd * cap.denominator
            score = round_half_away(
                Fraction(rest.numerator * cd + cn * rest.denominator, rest.denominator * cd), 2)
        elif self.kind is TargetCount:
            n = len(self.field.indicators)
            score = round_half_away(Fraction(100, n) * (rest + (r >= 1)), 2)
        else:
            capped = r if r < cap else cap
            score = round_half_away(100 * (capped if rest is None or capped < rest else rest), 2)
        minimum = ind.minimum
        gates = others + (minimum is not None
                          and rn * minimum.denominator < minimum.numerator * rd)
        values = dict(self.base)
        values[f"ratio_{ind.id}"] = r
        values["score"] = score
        values["gates_failed"] = _WHOLE[gates] if gates < len(_WHOLE) else Fraction(gates)
        return values

    def keep(self, values: Mapping[str, Any] | None) -> bool:
        """Whether the rules decide keep for exactly these values (an error is not keep)."""
        if values is None:
            return False
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

    def keep_over(self, a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> Tri:
        """Whether every (True), no (False) or some (None) point between two ends is kept."""
        if a is None or b is None:
            return None
        bounds: dict[str, Bound]
        if self.kind is not None:  # a probe changes nothing else (see values)
            bounds = dict(self.fixed)
            base = self.base
            for name in self.changing:
                x, y = a[name], b[name]
                if x is base[name] and y is x:
                    continue  # as given
                assert isinstance(x, Fraction) and isinstance(y, Fraction)
                # x <= y, in integers
                low = x.numerator * y.denominator <= y.numerator * x.denominator
                bounds[name] = (x, y) if low else (y, x)
            return self._kept_over(bounds)
        fixed, base = self.fixed, self.base
        bounds = {}
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
        return self._kept_over(bounds)

    def _kept_over(self, bounds: Mapping[str, Bound]) -> Tri:
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
    policy: Policy, consultant: Consultant, given: Mapping[str, Achievement]
) -> tuple[tuple[Counterfactual, ...] | None, tuple[Margin, ...]]:
    """Counterfactuals (None when the scorer is not monotone) and margins of one consultant."""
    field = policy.field(consultant.field)
    assert field is not None
    probe = _Probe(policy, consultant, field, given)
    margins = _margins(probe)
    scorer = probe.runtime.scorers[field.id]
    if not getattr(scorer, "monotone", False):
        return None, margins
    out = []
    for ind in field.indicators:
        a = given.get(ind.id)
        current = a.achievement if a is not None else Fraction(0)
        target = a.target if a is not None and a.target is not None else ind.target
        step = ind.step

        def at(k: int, _id: str = ind.id, _step: Fraction = step) -> dict[str, Any] | None:
            return probe.values(_id, k * _step)

        cache = _Cache(at)
        if ind.direction == "higher":
            lo = math.ceil(current / step)
            hi = math.floor(100 * target / step)
            k = _first_kept(probe, cache, lo, hi) if lo <= hi else None
        else:
            hi = math.floor(current / step)
            k = _last_kept(probe, cache, 1, hi) if hi >= 1 else None
            if k is None and probe.keep(cache(0)):
                k = 0
        out.append(Counterfactual(ind.id, current, None if k is None else k * step))
    return tuple(out), margins


class _Cache:
    def __init__(self, fn: Callable[[int], dict[str, Any] | None]) -> None:
        self.fn = fn
        self.seen: dict[int, dict[str, Any] | None] = {}

    def __call__(self, k: int) -> dict[str, Any] | None:
        if k not in self.seen:
            self.seen[k] = self.fn(k)
        return self.seen[k]


def _first_kept(probe: _Probe, values: _Cache, lo: int, hi: int) -> int | None:
    """The least grid index in lo..hi whose achievement is kept (the range is on x > 0 or x >= 0
    with a monotone ratio)."""
    return _kept(probe, values, lo, hi, last=False)


def _last_kept(probe: _Probe, values: _Cache, lo: int, hi: int) -> int | None:
    """The greatest grid index in lo..hi (all > 0) whose achievement is kept."""
    return _kept(probe, values, lo, hi, last=True)


def _kept(probe: _Probe, values: _Cache, lo: int, hi: int, *, last: bool) -> int | None:
    """The least (greatest, when ``last``) grid index in lo..hi whose achievement is kept.

    An explicit stack instead of recursion: the part nearer the end sought is popped
    first, so the first index found kept is the answer, wherever a range is cut.  A
    range is cut where :meth:`_Probe.split` expects a comparison to flip, and its parts
    in the middle (so that a poor guess costs at most one step more per halving).
    """
    stack = [(lo, hi, True)]
    while stack:
        i, j, guess = stack.pop()
        if i == j:
            if probe.keep(values(i)):
                return i
            continue
        a, b = values(i), values(j)
        status = probe.keep_over(a, b)
        if status is False:
            continue
        if status is True:
            return j if last else i
        m = probe.split(i, j, a, b, last) if guess and a is not None and b is not None else None
        guessed = m is not None
        if m is None:
            m = (i + j) // 2
        if last:
            stack += [(i, m, not guessed), (m + 1, j, not guessed)]
        else:
            stack += [(m + 1, j, not guessed), (i, m, not guessed)]
    return None


# --------------------------------------------------------------------------- margins


def _margins(probe: _Probe) -> tuple[Margin, ...]:
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
