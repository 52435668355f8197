"""Scoring one consultant: indicator ratios, gates, the field's scorer, and the variables
the rules read (contract §2.3).

Every ratio is :func:`plut_rules.scorers.indicator_ratio` and every score is the field's
scorer (``weighted_ratio`` is :class:`plut_rules.scorers.WeightedRatio`); the float fast
path (:mod:`plut_rules.engine.fast`) is the same computation in floats.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import attrs

from plut_rules.engine.gather import Achieved
from plut_rules.errors import EvaluationError, Problem
from plut_rules.exact import round_half_away
from plut_rules.lang import Value
from plut_rules.model import Achievement, Consultant, Field, IndicatorResult, Policy
from plut_rules.policy import Runtime
from plut_rules.scorers import Score, Scorer, indicator_ratio
from plut_rules.wording import Words, say

__all__ = ["Measured", "measure"]

_ZERO = Fraction(0)
#: Small whole numbers as Fractions, made once (gates failed, years served).
_WHOLE = tuple(Fraction(n) for n in range(100))


@attrs.frozen
class Measured:
    """A consultant after scoring, with the variables the rules read.

    ``score`` is rounded to 2 decimals (what the rules and the output see),
    ``exact_score`` is the scorer's exact value; ``indicators`` is empty unless
    the scoring was asked to explain.
    """

    consultant: Consultant
    field: Field
    score: Fraction
    exact_score: Fraction
    values: dict[str, Value]
    indicators: tuple[IndicatorResult, ...]


def measure(
    policy: Policy,
    runtime: Runtime,
    field: Field,
    field_ids: list[str],
    c: Consultant,
    given: Mapping[str, Achievement | Achieved],
    explain: bool,
) -> Measured:
    """Score consultant ``c`` of ``field`` from their achievements ``given`` (by indicator).

    ``field_ids`` are the policy's field ids in order (for ``competence_<x>`` and
    ``best_competence``); with ``explain`` each indicator's details are kept.
    """
    ratios: list[Fraction] = []
    weights: list[Fraction | None] = []
    targets: list[Fraction] = []
    achieved: list[Fraction] = []
    gates_failed = 0
    failed: list[bool | None] = []  # per indicator: below its gate (None: no gate)
    cap = field.cap
    for ind in field.indicators:
        a = given.get(ind.id)
        target = a.target if a is not None and a.target is not None else ind.target
        value = a.achievement if a is not None else _ZERO
        r = indicator_ratio(value, target, ind.direction == "lower", cap)
        minimum = ind.minimum
        # r < minimum, cross-multiplied (no Fraction comparison on the hot path)
        if minimum is None:
            failed.append(None)
        elif r.numerator * minimum.denominator < minimum.numerator * r.denominator:
            gates_failed += 1
            failed.append(True)
        else:
            failed.append(False)
        ratios.append(r)
        weights.append(ind.weight)
        targets.append(target)
        achieved.append(value)
    scorer = runtime.scorers[field.id]
    try:
        result = scorer.score(ratios, weights, cap)
    except Exception as exc:  # a third-party plug-in's bug, named instead of a traceback
        raise _scorer_error(field, scorer, say("engine.scorer_raised",
                                               error=f"{type(exc).__name__}: {exc}")) from exc
    if (not isinstance(result, Score) or not isinstance(result.value, Fraction)
            or len(result.contributions) != len(ratios)
            or not all(type(x) is Fraction or isinstance(x, Fraction)
                       for x in result.contributions)):
        raise _scorer_error(field, scorer, _wrong_result(result, len(ratios)))
    score = round_half_away(result.value, 2)

    values = _variables(policy, field, field_ids, c, ratios, score, gates_failed)

    indicators: tuple[IndicatorResult, ...] = ()
    if explain:
        indicators = tuple(
            IndicatorResult(
                id=ind.id, label=ind.label, target=t, achievement=v, ratio=r, weight=ind.weight,
                contribution=contribution,
                gate="none" if below is None else ("fail" if below else "pass"),
                minimum=ind.minimum, direction=ind.direction, missing=ind.id not in given,
            )
            for ind, t, v, r, contribution, below in zip(
                field.indicators, targets, achieved, ratios, result.contributions, failed,
                strict=True)
        )
    return Measured(c, field, score, result.value, values, indicators)


def _variables(policy: Policy, field: Field, field_ids: list[str], c: Consultant,
               ratios: list[Fraction], score: Fraction, gates_failed: int
               ) -> dict[str, Value]:
    """The variables the rules read of consultant ``c`` (contract §2.3)."""
    values: dict[str, Value] = dict(field.thresholds)
    for fid in field_ids:
        values[f"competence_{fid}"] = _ZERO
    best, top, bottom = _ZERO, 0, 1  # the best other level, as numerator / denominator
    for fid, level in c.competences.items():
        name = f"competence_{fid}"
        if name not in values:
            continue
        values[name] = level
        n, d = level.as_integer_ratio()
        if fid != field.id and n * bottom > top * d:  # level > best, in integers
            best, top, bottom = level, n, d
    for ind, r in zip(field.indicators, ratios, strict=True):
        values[f"ratio_{ind.id}"] = r
    values["score"] = score
    served = policy.year - c.appointed
    values["gates_failed"] = _WHOLE[gates_failed] if gates_failed < 100 else Fraction(gates_failed)
    values["years_served"] = _WHOLE[served] if 0 <= served < 100 else Fraction(served)
    values["field"] = field.id
    values["unit"] = c.unit
    values["best_competence"] = best
    return values


def _wrong_result(result: object, count: int) -> Words:
    """What is wrong with a scorer's result that is not a Score of one exact value and
    ``count`` contributions."""
    if not isinstance(result, Score):
        return say("engine.scorer_not_score", kind=type(result).__name__,
                   value=f"{result!r:.60}")
    if not isinstance(result.value, Fraction):
        return say("engine.scorer_inexact_value", kind=type(result.value).__name__,
                   value=f"{result.value!r:.60}")
    if len(result.contributions) != count:
        return say("engine.scorer_contributions", count=len(result.contributions),
                   indicators=count)
    return say("engine.scorer_inexact_contributions")


def _scorer_error(field: Field, scorer: Scorer, what: Words) -> EvaluationError:
    """The error of a scorer plug-in that failed: which plug-in, for which field, and what
    its ``score`` must return."""
    kind = type(scorer)
    return EvaluationError([Problem.worded(
        "scorer-failed",
        say("engine.scorer_failed", scorer=repr(field.scoring), field=repr(field.id),
            plugin=f"{kind.__module__}.{kind.__qualname__}", what=what),
        field.source, f"fields.{field.id}.scoring")])
