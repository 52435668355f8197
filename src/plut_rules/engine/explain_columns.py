"""Explanations in bulk: a field's decided consultants explained from the columns at once.

The exact path explains one consultant at a time (:func:`~plut_rules.engine.scoring.measure`
then :func:`~plut_rules.engine.rules.match_rules`), building every ratio, contribution and
trace value as new ``Fraction`` and attrs objects.  Most of those are equal from one
consultant to the next: an indicator's result depends only on the achievement and the
target (and, for ``minimum_ratio``, on whether it is the lowest), and a trace step only on
the values its rule read and its result.  So, for the consultants the column path decided
(their score, gates and rule are exact), each indicator result is built exactly once per
distinct (achievement, target), keyed by the exact integers of both, and each trace step
once per distinct (rule, values read, result), keyed by the identity of those values, which
are the shared exact objects themselves (the cache holds them, so an identity is never
reused while it is a key).  A consultant's explanation is then two tuples of shared
objects: equal to what the exact path builds, field by field (``tests/test_columns.py``
checks it), and small.

What this does not know (a missing achievement counted as 0, a variable it cannot read)
is left to the exact path's deferred explanation: :func:`explain_field` returns None.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from math import gcd
from operator import attrgetter
from typing import Any

from plut_rules.engine.fast import FieldPlan
from plut_rules.engine.gather import AchievedColumn, attribute_of, picked
from plut_rules.model import (
    Consultant,
    FrozenMap,
    Gate,
    IndicatorResult,
    TraceStep,
)
from plut_rules.policy import CompiledRule

__all__ = ["Explained", "explain_field"]

#: One consultant's explanation: (indicators, trace).
Explained = tuple[tuple[IndicatorResult, ...], tuple[TraceStep, ...]]

_ZERO = Fraction(0)
#: Small whole numbers as Fractions, made once (gates failed, years served).
_WHOLE = tuple(Fraction(n) for n in range(100))
_target = attrgetter("target")
_integers = Fraction.as_integer_ratio
_new = object.__new__
#: Indicator results kept per indicator between calls (streaming) before starting afresh.
_SHARED_LIMIT = 5_000


def _whole(n: int) -> Fraction:
    return _WHOLE[n] if 0 <= n < 100 else Fraction(n)


def explain_field(
    fp: FieldPlan,
    field_ids: Sequence[str],
    rules: Sequence[tuple[CompiledRule, Any]],
    year: int,
    score_of: Any,
    group: Sequence[Consultant],
    achieved: list[AchievedColumn],
    hundredths: Sequence[int],
    gates: Sequence[int],
    decided: Sequence[int],
    good: Sequence[int],
    made: dict[Any, Any] | None = None,
) -> list[Explained] | None:
    """The explanation of each consultant of ``good`` (positions in ``group``), in order.

    ``achieved`` holds each indicator's achievements of those consultants (the exact values
    and own targets, :func:`~plut_rules.engine.gather.achieved_rows`), ``rules`` the
    field's rules in order (as the column path tried them), ``decided`` the position of
    each consultant's deciding rule, ``hundredths`` and ``gates`` their exact rounded
    score and gates failed; None when the exact path must explain them.  ``made`` keeps
    the indicator results built (by field and indicator) for later calls to share.
    """
    field = fp.field
    indicators = field.indicators
    k = len(indicators)
    per_indicator: list[list[IndicatorResult]] = []
    for j, ind in enumerate(indicators):
        cache = {} if made is None else made.setdefault((field.id, ind.id), {})
        if len(cache) > _SHARED_LIMIT:
            cache.clear()  # bounded: about 2 MB per indicator at most
        per_indicator.append(_indicator_column(fp, ind, *achieved[j], cache))
    if fp.kind == "minimum" and k:
        _lowest_takes_all(fp, per_indicator)
    indicator_rows: list[tuple[IndicatorResult, ...]] = (
        list(zip(*per_indicator, strict=True)) if k else [()] * len(good))
    traces = _traces(fp, field_ids, rules, year, score_of, group, indicator_rows, hundredths,
                     gates, decided, good)
    if traces is None:
        return None
    return list(zip(indicator_rows, traces, strict=True))


def _indicator_column(fp: FieldPlan, ind: Any, values: list[Fraction],
                      owns: list[Fraction | None], made: dict[Any, IndicatorResult]
                      ) -> list[IndicatorResult]:
    """The indicator's result for each achievement of ``values`` with its own target in
    ``owns``, one object per distinct pair; ``made`` holds the results built before, by
    the pair's exact integers (the new ones are added)."""
    # Equal numbers of a roster read from a file are one object: the pairs are told apart
    # by identity first (in C; ``values`` and ``owns`` keep the objects alive meanwhile),
    # and only each distinct pair is turned into integers.
    pairs = list(zip(map(id, values), map(id, owns), strict=True))
    representative = dict(zip(pairs, zip(values, owns, strict=True), strict=True))
    mine: dict[Any, IndicatorResult] = {}  # this call's own: ``made`` may be cleared meanwhile
    for pair, (value, own) in representative.items():
        key = (_integers(value), None if own is None else _integers(own))
        result = made.get(key)
        if result is None:
            result = made[key] = _indicator_result(fp, ind, (value, own), key)
        mine[pair] = result
    return list(map(mine.__getitem__, pairs))


def _fraction(n: int, d: int) -> Fraction:
    """``Fraction(n, d)`` for ints with ``d > 0``, normalised here (no type checks)."""
    g = gcd(n, d)
    if g != 1:
        n, d = n // g, d // g
    made = _new(Fraction)
    made._numerator, made._denominator = n, d  # type: ignore[attr-defined]  # its slots
    return made


def _check_fraction() -> Callable[[int, int], Fraction]:
    """:func:`_fraction` when this Python's Fraction is built that way (checked once), else
    the plain constructor."""
    try:
        made = _fraction(6, 4)
        if made == Fraction(3, 2) and hash(made) == hash(Fraction(3, 2)) and str(made) == "3/2":
            return _fraction
    except (AttributeError, TypeError):  # pragma: no cover - another Fraction layout
        pass
    return Fraction  # pragma: no cover


_exact = _check_fraction()


def _indicator_result(fp: FieldPlan, ind: Any, a: tuple[Fraction, Fraction | None], key: Any
                      ) -> IndicatorResult:
    """One indicator's result, exactly as :func:`~plut_rules.engine.scoring.measure` gives
    it (for ``minimum_ratio``, as if it were not the lowest: see :func:`_lowest_takes_all`),
    in integers: ``key`` is ((numerator, denominator) of the achievement, of its own
    target or None)."""
    cap = fp.cap
    (n, d), own = key
    achievement, own_target = a
    target: Fraction = own_target if own is not None and own_target is not None else ind.target
    tn, td = own if own is not None else _integers(target)
    if ind.direction != "lower":  # scorers.indicator_ratio
        r = _exact(n * td, d * tn)
    elif n == 0:
        r = cap
    else:
        r = _exact(tn * d, td * n)
    rn, rd = r.numerator, r.denominator
    minimum = ind.minimum
    gate: Gate = ("none" if minimum is None else "fail"
                  if rn * minimum.denominator < minimum.numerator * rd else "pass")
    kind = fp.kind
    if kind == "weighted":  # scorers.WeightedRatio
        w = ind.weight
        wn, wd = (0, 1) if w is None else (w.numerator, w.denominator)
        if rn * cap.denominator < cap.numerator * rd:
            contribution = _exact(100 * wn * rn, wd * rd)
        else:
            contribution = _exact(100 * wn * cap.numerator, wd * cap.denominator)
    elif kind == "count":  # scorers.TargetCount
        contribution = _exact(100, len(fp.indicators)) if rn >= rd else _ZERO
    else:  # scorers.MinimumRatio: 0 unless the lowest
        contribution = _ZERO
    return IndicatorResult(
        id=ind.id, label=ind.label, target=target, achievement=achievement, ratio=r,
        weight=ind.weight, contribution=contribution, gate=gate, minimum=ind.minimum,
        direction=ind.direction, missing=False)


def _lowest_takes_all(fp: FieldPlan, per_indicator: list[list[IndicatorResult]]) -> None:
    """``minimum_ratio``: the lowest capped ratio (the first of equals) contributes
    ``100 * ratio``, the others 0 (in place; one result per distinct lowest ratio)."""
    import attrs

    cap = fp.cap
    lowest: dict[int, IndicatorResult] = {}
    for n, row in enumerate(zip(*per_indicator, strict=True)):
        capped = [r.ratio if r.ratio < cap else cap for r in row]
        j = min(range(len(capped)), key=capped.__getitem__)
        result = row[j]
        key = id(result)
        found = lowest.get(key)
        if found is None:
            found = lowest[key] = attrs.evolve(result, contribution=100 * capped[j])
        per_indicator[j][n] = found


def _traces(
    fp: FieldPlan,
    field_ids: Sequence[str],
    rules: Sequence[tuple[CompiledRule, Any]],
    year: int,
    score_of: Any,
    group: Sequence[Consultant],
    indicator_rows: list[tuple[IndicatorResult, ...]],
    hundredths: Sequence[int],
    gates: Sequence[int],
    decided: Sequence[int],
    good: Sequence[int],
) -> list[tuple[TraceStep, ...]] | None:
    """Each consultant's trace: the rules in scope tried up to the deciding one."""
    # what the rules read of each consultant, straight from the roster's columns (no
    # consultant is built for it)
    people = picked(group, list(good))
    units = attribute_of(people, "unit")
    count = len(good)
    column = _Variables(fp, field_ids, year, score_of, people, indicator_rows,
                        [score_of(hundredths[i]) for i in good], [gates[i] for i in good])
    steps: list[list[TraceStep | None]] = []
    for position, (compiled, _) in enumerate(rules):
        rule = compiled.rule
        mine: list[TraceStep | None] = [None] * count
        tried = [n for n, i in enumerate(good) if decided[i] >= position]
        if rule.units is not None:
            scope = set(rule.units)
            tried = [n for n in tried if units[n] in scope]
        if not tried:
            steps.append(mine)
            continue
        names = sorted(compiled.condition.variables) if compiled.condition is not None else []
        try:
            values = [column.of(name, tried) for name in names]
        except KeyError:
            return None
        when = str(rule.when).lower() if isinstance(rule.when, bool) else rule.when
        cache: dict[Any, TraceStep] = {}
        # each consultant's values read, as a row (in C)
        rows = list(zip(*[v if isinstance(v, list) else [v] * count for v in values],
                        strict=True)) if values else [()] * count
        for n in tried:
            holds = decided[good[n]] == position
            read = rows[n]
            key = (holds, *map(id, read))
            step = cache.get(key)
            if step is None:
                step = cache[key] = TraceStep(rule.id, when, _frozen(names, read), holds,
                                              rule.source)
            mine[n] = step
        steps.append(mine)
    # a TraceStep is never falsy (no __len__ or __bool__): filter(None) drops the untried
    return [tuple(filter(None, row)) for row in zip(*steps, strict=True)]


class _Variables:
    """The values of each variable the rules read, one per consultant (or one for all),
    as :func:`~plut_rules.engine.scoring.measure` gives them, computed when first asked."""

    def __init__(self, fp: FieldPlan, field_ids: Sequence[str], year: int, score_of: Any,
                 people: Sequence[Consultant], indicator_rows: list[tuple[IndicatorResult, ...]],
                 scores: list[Fraction], gates: list[int]) -> None:
        self.field = fp.field
        self.field_ids = field_ids
        self.year = year
        self.people = people
        self.rows = indicator_rows
        self.scores = scores
        self.gates = gates
        self.ratio_column = {f"ratio_{ind.id}": j for j, ind in enumerate(fp.field.indicators)}
        self.columns: dict[str, Any] = {}
        self.numbers: dict[tuple[int, int], Fraction] = {}  # equal competence levels shared
        self.lazy: dict[str, Callable[[FrozenMap[Fraction]], Fraction]] = {}
        self.competences: list[FrozenMap[Fraction]] | None = None

    def _shared(self, level: Fraction) -> Fraction:
        return self.numbers.setdefault(_integers(level), level)

    def of(self, name: str, tried: list[int]) -> Any:
        """The values of variable ``name``: a list (filled at least at ``tried``), or one
        value for every consultant; KeyError for a variable this does not know (left to
        the exact path)."""
        found = self.columns.get(name)
        if found is None:
            found = self.columns[name] = self._column(name)
        if name in self.lazy:  # a competence: read for the consultants asked for only
            level = self.lazy[name]
            if self.competences is None:
                self.competences = attribute_of(self.people, "competences")
            levels = self.competences
            for n in tried:
                if found[n] is None:
                    found[n] = self._shared(level(levels[n]))
        return found

    def _column(self, name: str) -> Any:
        field, people = self.field, self.people
        # in the exact path's order of precedence (scoring._variables): thresholds last
        if name == "score":
            return self.scores
        if name == "gates_failed":
            return [_whole(g) for g in self.gates]
        if name == "years_served":
            return [_whole(self.year - a) for a in attribute_of(people, "appointed")]
        if name == "field":
            return field.id
        if name == "unit":
            return attribute_of(people, "unit")
        j = self.ratio_column.get(name)
        if j is not None:
            return [row[j].ratio for row in self.rows]
        if name.startswith("competence_") and name[len("competence_"):] in self.field_ids:
            fid = name[len("competence_"):]
            self.lazy[name] = lambda levels: levels.get(fid, _ZERO)
            return [None] * len(people)
        if name == "best_competence":
            field_ids = self.field_ids  # not self: self.lazy holding self is a cycle
            self.lazy[name] = lambda levels: _best(field.id, field_ids, levels)
            return [None] * len(people)
        return field.thresholds[name]


def _frozen(names: list[str], read: tuple[Any, ...]) -> FrozenMap[Any]:
    return FrozenMap(dict(zip(names, read, strict=True)))


def _best(field: str, field_ids: Sequence[str], levels: FrozenMap[Fraction]) -> Fraction:
    """The best competence in another field (as :func:`~plut_rules.engine.scoring.measure`)."""
    best, top, bottom = _ZERO, 0, 1
    for fid, level in levels.items():
        if fid not in field_ids:
            continue
        n, d = level.as_integer_ratio()
        if fid != field and n * bottom > top * d:
            best, top, bottom = level, n, d
    return best
