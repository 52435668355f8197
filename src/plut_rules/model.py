"""The domain: consultants and their achievements, policies, decisions.

Every class here is a frozen attrs value.  Numbers are exact
:class:`~fractions.Fraction` values; constructors accept ints, floats, Decimals
or decimal strings and convert them (see :func:`plut_rules.numbers.to_exact`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from plut_rules.errors import Location
from plut_rules.exact import to_exact

if TYPE_CHECKING:
    from plut_rules.selection.model import SelectionPolicy

__all__ = [
    "Achievement",
    "Consultant",
    "Counterfactual",
    "Decision",
    "Direction",
    "Evaluation",
    "Field",
    "FrozenMap",
    "Gate",
    "Indicator",
    "IndicatorResult",
    "Margin",
    "Outcome",
    "Placement",
    "Policy",
    "PolicyFile",
    "Rule",
    "TraceStep",
    "Unit",
    "Vacancy",
]

Outcome = Literal["keep", "replace", "reassign"]
Direction = Literal["higher", "lower"]
Gate = Literal["pass", "fail", "none"]
Placement = Literal["placed", "no-open-seat"]
OUTCOMES: tuple[Outcome, ...] = ("keep", "replace", "reassign")

V = TypeVar("V")

SLUG = re.compile(r"[a-z][a-z0-9_]*")


class FrozenMap(Mapping[str, V]):
    """An immutable, hashable mapping with keys in sorted order."""

    __slots__ = ("_data", "_hash")

    def __init__(self, data: Mapping[str, V] | None = None) -> None:
        self._data: dict[str, V] = dict(sorted((data or {}).items()))
        self._hash: int | None = None

    def __getitem__(self, key: str) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"


def _exact(value: Any) -> Fraction:
    return to_exact(value)


def _exact_or_none(value: Any) -> Fraction | None:
    return None if value is None else to_exact(value)


def _exact_map(value: Mapping[str, Any] | None) -> FrozenMap[Fraction]:
    return FrozenMap({str(k): to_exact(v) for k, v in (value or {}).items()})


def _int_map(value: Mapping[str, Any] | None) -> FrozenMap[int]:
    return FrozenMap({str(k): int(v) for k, v in (value or {}).items()})


def _str_tuple(value: Any) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Fraction) -> None:
    if value < 0:
        raise ValueError(f"'{attribute.name}' must be >= 0, got {value}")


def _competences_in_range(
    instance: Any, attribute: attrs.Attribute[Any], value: Mapping[str, Fraction]
) -> None:
    for name, level in value.items():
        if not 0 <= level <= 100:
            raise ValueError(f"'{attribute.name}[{name}]' must be within 0..100, got {level}")


# --------------------------------------------------------------------------- input


@attrs.frozen
class Consultant:
    """A konsultan pendamping as the year's roster lists them.

    ``field`` and ``unit`` are the current ones; ``appointed`` is the year of
    first appointment; ``competences`` maps field ids to a level 0..100
    (a field not named counts as 0).  ``location`` is where the row was read,
    for error messages; it takes no part in equality.
    """

    id: str = attrs.field(validator=attrs.validators.min_len(1))
    name: str
    unit: str
    field: str
    appointed: int = attrs.field(validator=attrs.validators.instance_of(int))
    competences: FrozenMap[Fraction] = attrs.field(
        factory=FrozenMap, converter=_exact_map, validator=_competences_in_range
    )
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def competence(self, field: str) -> Fraction:
        """The competence in ``field``; 0 when not given."""
        return self.competences.get(field, Fraction(0))


@attrs.frozen
class Achievement:
    """One consultant's realisation (capaian) of one indicator.

    ``target`` overrides the policy's target for this consultant when given.
    """

    consultant: str
    indicator: str
    achievement: Fraction = attrs.field(converter=_exact, validator=_non_negative)
    target: Fraction | None = attrs.field(default=None, converter=_exact_or_none)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)


# --------------------------------------------------------------------------- policy


@attrs.frozen
class Indicator:
    """An indicator of a field (or a common one, ``common=True``).

    ``weight`` is None where the field's scorer takes no weights;
    ``minimum`` is the gate (a ratio below it fails); ``step`` is the
    reporting precision.
    """

    id: str
    label: str
    target: Fraction
    weight: Fraction | None = None
    minimum: Fraction | None = None
    direction: Direction = "higher"
    step: Fraction = Fraction(1, 100)
    common: bool = False
    source: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Field:
    """A bidang: its scorer, cap, thresholds and indicators (own ones, then common ones)."""

    id: str
    name: str
    scoring: str
    cap: Fraction
    thresholds: FrozenMap[Fraction]
    indicators: tuple[Indicator, ...]
    source: Location | None = attrs.field(default=None, eq=False, repr=False)

    def indicator(self, indicator_id: str) -> Indicator | None:
        """The indicator with that id, if the field has it."""
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        return None


@attrs.frozen
class Unit:
    """A PLUT-KUMKM unit, the Dinas that evaluates it, and its seats per field."""

    id: str
    name: str
    evaluator: str | None
    seats: FrozenMap[int]
    source: Location | None = attrs.field(default=None, eq=False, repr=False)

    def seats_for(self, field: str) -> int:
        """Seats of ``field`` in this unit (1 when the policy names none)."""
        return self.seats.get(field, 1)


@attrs.frozen
class Rule:
    """One ordered rule: where it applies, when it holds, and what it decides."""

    id: str
    when: str | bool
    then: Outcome
    reason: str | None = None
    fields: tuple[str, ...] | None = None
    units: tuple[str, ...] | None = None
    min_competence: Fraction | str | None = None
    source: Location | None = attrs.field(default=None, eq=False)

    def applies_to(self, field: str, unit: str) -> bool:
        """Whether the rule's scope covers a consultant of ``field`` in ``unit``."""
        return (self.fields is None or field in self.fields) and (
            self.units is None or unit in self.units
        )


@attrs.frozen
class PolicyFile:
    """One file of an ``extends`` chain: the path as given, and the SHA-256 of its bytes."""

    path: str
    sha256: str


@attrs.frozen
class Policy:
    """A validated, resolved policy (after ``extends``), ready to evaluate.

    Build one with :func:`plut_rules.load_policy`.  ``sha256`` hashes the
    canonical resolved document, so it ignores formatting and comments;
    ``files`` lists the ``extends`` chain, the evaluated file first.
    ``document`` is the resolved policy as plain data and ``locations`` maps
    each dotted path in it to where its value was written.
    """

    id: str
    year: int
    title: str | None
    determined_by: str | None
    units: tuple[Unit, ...]
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...]
    files: tuple[PolicyFile, ...]
    sha256: str
    document: Mapping[str, Any] = attrs.field(eq=False, repr=False)
    locations: Mapping[str, Location] = attrs.field(eq=False, repr=False)
    # Compiled rule conditions and scorers, private to the engine.
    _compiled: Any = attrs.field(eq=False, repr=False, alias="compiled")

    def field(self, field_id: str) -> Field | None:
        """The field with that id, if any."""
        for f in self.fields:
            if f.id == field_id:
                return f
        return None

    def unit(self, unit_id: str) -> Unit | None:
        """The unit with that id, if any."""
        for u in self.units:
            if u.id == unit_id:
                return u
        return None

    def rule(self, rule_id: str) -> Rule | None:
        """The rule with that id, if any."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        return None

    @property
    def selection(self) -> SelectionPolicy | None:
        """The validated ``selection:`` section (seleksi), None when the policy has none."""
        found: SelectionPolicy | None = getattr(self._compiled, "selection", None)
        return found


# --------------------------------------------------------------------------- results


@attrs.frozen
class IndicatorResult:
    """How one indicator counted for a consultant.

    ``ratio`` is uncapped; ``contribution`` is the scorer's credit to the
    score; ``missing`` is True when no achievement was given and it was
    counted as 0 at the user's request.
    """

    id: str
    label: str
    target: Fraction
    achievement: Fraction
    ratio: Fraction
    weight: Fraction | None
    contribution: Fraction
    gate: Gate
    minimum: Fraction | None = None
    direction: Direction = "higher"
    missing: bool = False


@attrs.frozen
class TraceStep:
    """One rule tried for a consultant: its condition, the values it read, the result."""

    rule: str
    when: str
    values: FrozenMap[Any]
    result: bool
    source: Location | None


@attrs.frozen
class Counterfactual:
    """The least improvement of one indicator that would have kept a consultant (§6.1).

    ``needed`` is the smallest achievement (largest for a ``lower`` indicator),
    a multiple of the indicator's ``step``, with which the rules keep the
    consultant, everything else equal; None when no such value exists.
    """

    indicator: str
    achievement: Fraction
    needed: Fraction | None


@attrs.frozen
class Margin:
    """One comparison of a ``keep`` rule that was tried and did not hold (§6.1).

    ``margin`` is ``left - right`` (None when a side is not a number).
    """

    rule: str
    comparison: str
    left: Any
    right: Any
    margin: Fraction | None


@attrs.frozen
class Decision:
    """The recommendation for one consultant, with everything that explains it.

    ``rule`` decided; ``outcome`` is final after placement (a reassign
    candidate with no open seat becomes ``replace`` with ``placement``
    ``"no-open-seat"`` and keeps its rule).  ``rule_outcome`` is what the rule
    said.  ``indicators`` and ``trace`` are empty when evaluation ran without
    explanations.
    """

    consultant: str
    name: str
    unit: str
    field: str
    outcome: Outcome
    rule_outcome: Outcome
    to_field: str | None
    score: Fraction
    rule: str
    rule_source: Location | None
    reason: str | None
    placement: Placement | None
    years_served: int
    indicators: tuple[IndicatorResult, ...] = ()
    trace: tuple[TraceStep, ...] = ()
    # the score before rounding; computed on first use when evaluation took the float fast
    # path (a zero-argument callable until then), see :attr:`exact_score`
    _exact_score: Any = attrs.field(default=None, eq=False, repr=False, alias="exact_score")
    #: None when not computed (keep decisions, or evaluation without counterfactuals);
    #: ``counterfactuals`` alone is None when the field's scorer is not monotone.
    counterfactuals: tuple[Counterfactual, ...] | None = None
    margins: tuple[Margin, ...] | None = None

    @property
    def exact_score(self) -> Fraction | None:
        """The exact score before rounding (None for a decision built without it)."""
        value = self._exact_score
        if callable(value):
            value = value()
            object.__setattr__(self, "_exact_score", value)
        return value  # type: ignore[no-any-return]


@attrs.frozen
class Vacancy:
    """Open seats of a field in a unit left for the next recruitment (formasi kosong)."""

    unit: str
    field: str
    open: int


@attrs.frozen
class Evaluation:
    """The result of evaluating a roster under a policy.

    Decisions are sorted by consultant id, vacancies by unit then field.
    ``input_sha256`` hashes the canonical input, so it ignores row order and
    file format.
    """

    policy: Policy
    input_sha256: str
    decisions: tuple[Decision, ...]
    vacancies: tuple[Vacancy, ...]
    engine_name: str
    engine_version: str
    explained: bool = True

    def decision(self, consultant_id: str) -> Decision:
        """The decision for one consultant; :class:`KeyError` when there is none."""
        for d in self.decisions:
            if d.consultant == consultant_id:
                return d
        raise KeyError(consultant_id)

    def counts(self) -> dict[str, int]:
        """How many decisions of each outcome (keep, reassign, replace)."""
        out = {"keep": 0, "reassign": 0, "replace": 0}
        for d in self.decisions:
            out[d.outcome] += 1
        return out
