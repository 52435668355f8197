"""Scorers: how a consultant's indicator ratios become one score.

A scorer is any object with the attributes of :class:`Scorer`.  The three
built-in ones are registered under the entry-point group
``plut_rules.scorers`` in this package's metadata, exactly as a third party
registers its own; code may also add one to a :class:`ScorerRegistry` with
:meth:`ScorerRegistry.register`.  A policy names its scorer by that name.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from importlib import metadata
from typing import Protocol, runtime_checkable

import attrs

__all__ = [
    "ENTRY_POINT_GROUP",
    "MinimumRatio",
    "Score",
    "Scorer",
    "ScorerRegistry",
    "TargetCount",
    "WeightedRatio",
    "capped_contribution",
    "default_registry",
    "indicator_ratio",
    "ratio_terms",
]

ENTRY_POINT_GROUP = "plut_rules.scorers"


def indicator_ratio(achievement: Fraction, target: Fraction, lower: bool, cap: Fraction
                    ) -> Fraction:
    """An indicator's uncapped ratio (contract §2.3): ``achievement / target`` for a
    ``higher`` indicator, ``target / achievement`` for a ``lower`` one and ``cap`` when
    that achievement is 0.

    Every exact ratio of the library (the engine's scoring, counterfactuals, monitoring's
    projected ratio) is this one; the float fast path computes the same formula in floats.
    """
    # in integers: one Fraction built per ratio (this runs once per indicator and consultant)
    if lower and achievement.numerator == 0:
        return cap
    return Fraction(*ratio_terms(achievement, target, lower, cap))


def ratio_terms(achievement: Fraction, target: Fraction, lower: bool, cap: Fraction
                ) -> tuple[int, int]:
    """:func:`indicator_ratio` as a numerator and a (positive) denominator, not reduced."""
    if not lower:
        return (achievement.numerator * target.denominator,
                achievement.denominator * target.numerator)
    if achievement.numerator == 0:
        return cap.numerator, cap.denominator
    return (target.numerator * achievement.denominator,
            target.denominator * achievement.numerator)


def capped_contribution(rn: int, rd: int, wn: int, wd: int, cap_n: int, cap_d: int
                        ) -> tuple[int, int]:
    """:class:`WeightedRatio`'s contribution ``100 * weight * min(ratio, cap)`` of a ratio
    ``rn / rd`` and a weight ``wn / wd`` as a numerator and denominator, not reduced (the
    ratio compared with the cap ``cap_n / cap_d`` by cross-multiplying)."""
    if rn * cap_d < cap_n * rd:
        return 100 * wn * rn, wd * rd
    return 100 * wn * cap_n, wd * cap_d


@attrs.frozen
class Score:
    """A scorer's result: the exact score (before rounding) and each indicator's contribution."""

    value: Fraction
    contributions: tuple[Fraction, ...]


@runtime_checkable
class Scorer(Protocol):
    """What a scorer provides.

    ``score`` receives, in the field's indicator order, each indicator's
    uncapped ratio and weight (None where the policy gave none) and the field's
    ``cap``; it returns the exact score and one contribution per indicator.

    ``uses_weights``: the policy must give every indicator a weight, summing to
    1 per field.  ``monotone``: a higher ratio never lowers the score (what-if
    and counterfactual searches rely on it).
    """

    uses_weights: bool
    monotone: bool

    def score(
        self, ratios: Sequence[Fraction], weights: Sequence[Fraction | None], cap: Fraction
    ) -> Score:
        """Score one consultant from their ratios."""
        ...


class WeightedRatio:
    """``100 * sum(weight * min(ratio, cap))``; contribution ``100 * weight * min(ratio, cap)``."""

    uses_weights = True
    monotone = True

    def score(
        self, ratios: Sequence[Fraction], weights: Sequence[Fraction | None], cap: Fraction
    ) -> Score:
        """Score one consultant from their ratios."""
        # The engine's scoring of every consultant: summed in integers, one Fraction built
        # per contribution, ratios compared with the cap by cross-multiplying.
        cap_n, cap_d = cap.numerator, cap.denominator
        contributions: list[Fraction] = []
        num, den = 0, 1
        for r, w in zip(ratios, weights, strict=True):
            wn, wd = (0, 1) if w is None else (w.numerator, w.denominator)
            cn, cd = capped_contribution(r.numerator, r.denominator, wn, wd, cap_n, cap_d)
            contributions.append(Fraction(cn, cd))
            num, den = num * cd + cn * den, den * cd
        return Score(Fraction(num, den), tuple(contributions))


class TargetCount:
    """``100 * (indicators with ratio >= 1) / n``; contribution ``100 / n`` or 0."""

    uses_weights = False
    monotone = True

    def score(
        self, ratios: Sequence[Fraction], weights: Sequence[Fraction | None], cap: Fraction
    ) -> Score:
        """Score one consultant from their ratios."""
        share = Fraction(100, len(ratios)) if ratios else Fraction(0)
        contributions = tuple(share if r >= 1 else Fraction(0) for r in ratios)
        return Score(sum(contributions, Fraction(0)), contributions)


class MinimumRatio:
    """``100 * min(min(ratio, cap))``; the lowest indicator (first of equals) contributes it all."""

    uses_weights = False
    monotone = True

    def score(
        self, ratios: Sequence[Fraction], weights: Sequence[Fraction | None], cap: Fraction
    ) -> Score:
        """Score one consultant from their ratios."""
        if not ratios:
            return Score(Fraction(0), ())
        capped = [r if r < cap else cap for r in ratios]
        lowest = min(range(len(capped)), key=capped.__getitem__)
        value = 100 * capped[lowest]
        contributions = tuple(value if i == lowest else Fraction(0) for i in range(len(capped)))
        return Score(value, contributions)


@functools.cache
def _entry_points() -> tuple[metadata.EntryPoint, ...]:
    # Scanning installed distributions is the slow part; the result is immutable.
    return tuple(sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name))


class ScorerRegistry(Mapping[str, Scorer]):
    """Scorers by name.  Each registry is independent: there is no global one.

    >>> reg = ScorerRegistry.from_entry_points()
    >>> sorted(reg)[:3]
    ['minimum_ratio', 'target_count', 'weighted_ratio']
    >>> reg.register("strict", MinimumRatio())
    >>> "strict" in reg
    True

    ``load_errors`` maps an entry-point name that failed to load to the reason,
    so a policy naming it gets a precise error instead of "unknown scorer".
    """

    def __init__(self, scorers: Mapping[str, Scorer] | None = None) -> None:
        self._scorers: dict[str, Scorer] = {}
        self.load_errors: dict[str, str] = {}
        for name, scorer in (scorers or {}).items():
            self.register(name, scorer)

    @classmethod
    def from_entry_points(cls) -> ScorerRegistry:
        """A registry of every scorer installed under the ``plut_rules.scorers`` group."""
        registry = cls()
        for entry in _entry_points():
            try:
                obj = entry.load()
                scorer = obj() if isinstance(obj, type) else obj
                registry.register(entry.name, scorer)
            except Exception as exc:  # a broken third-party plug-in must not break the others
                registry.load_errors[entry.name] = f"{type(exc).__name__}: {exc}"
        return registry

    def register(self, name: str, scorer: Scorer, *, replace: bool = False) -> None:
        """Add ``scorer`` under ``name``; refuses to replace one unless ``replace=True``."""
        if not isinstance(scorer, Scorer):
            raise TypeError(
                f"scorer {name!r} must have 'score', 'uses_weights' and 'monotone', "
                f"got {type(scorer).__name__}"
            )
        if name in self._scorers and not replace:
            raise ValueError(f"a scorer named {name!r} is already registered")
        self._scorers[name] = scorer
        self.load_errors.pop(name, None)

    def __getitem__(self, name: str) -> Scorer:
        return self._scorers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._scorers))

    def __len__(self) -> int:
        return len(self._scorers)


def default_registry() -> ScorerRegistry:
    """A new registry holding every installed scorer (built-in and third-party)."""
    return ScorerRegistry.from_entry_points()
