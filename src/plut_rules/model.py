"""The domain: consultants and their achievements, policies, decisions.

Every class here is a frozen attrs value.  Numbers are exact
:class:`~fractions.Fraction` values; constructors accept ints, floats, Decimals
or decimal strings and convert them (see :func:`plut_rules.exact.to_exact`).

The input values (:class:`Consultant`, :class:`Achievement`) check what they are
given and raise one :class:`~plut_rules.errors.DataError` listing every bad field
as a :class:`~plut_rules.errors.Problem` (path ``Consultant.appointed``...), as the
file readers do; ``DataError`` is also a :class:`ValueError`.
"""

from __future__ import annotations

import re
from collections.abc import ItemsView, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal, TypeVar

import attrs

from plut_rules.deferred import Deferred, resolved
from plut_rules.errors import DataError, Location, Problem
from plut_rules.exact import NotExact, decimal_text, range_error, reason_words, to_exact
from plut_rules.wording import Words, say

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Achievement",
    "Consultant",
    "Counterfactual",
    "Decision",
    "Deferred",
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

#: The years a policy may be for (``year:``): a typo such as 218 or 20188 is refused.
FIRST_YEAR, LAST_YEAR = 2000, 2100

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

    def items(self) -> ItemsView[str, V]:  # the dict's view (Mapping's goes key by key)
        return self._data.items()

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


@attrs.frozen
class _Refused:
    """A value a converter could not take, kept until every field is checked.

    Converters never raise: each keeps what was wrong here, so that the constructor
    reports every bad field at once, as one :class:`~plut_rules.errors.DataError`.
    """

    problems: tuple[tuple[str, str, Words], ...]  # (code, path below the field, message)


def _refused(code: str, message: Words, below: str = "") -> Any:
    return _Refused(((code, below, message),))


def _exact(value: Any) -> Fraction:
    try:
        exact = to_exact(value)
    except ValueError as exc:
        why = exc.words if isinstance(exc, NotExact) else Words.same(str(exc))
        refused: Fraction = _refused("not-a-number", say("model.not_a_number", why=why))
        return refused
    reason = range_error(exact)
    if reason is not None:  # the one number range of policies and data (exact.py)
        outside: Fraction = _refused("number-out-of-range", say(
            "model.out_of_range", shown=decimal_text(exact), reason=reason_words(reason),
            range=say("number.range")))
        return outside
    return exact


def _exact_or_none(value: Any) -> Fraction | None:
    return None if value is None else _exact(value)


def _competences(value: Mapping[str, Any] | None) -> FrozenMap[Fraction]:
    if value is not None and not isinstance(value, Mapping):
        wrong: FrozenMap[Fraction] = _refused(
            "wrong-type", say("model.not_mapping", type=type(value).__name__))
        return wrong
    out: dict[str, Fraction] = {}
    refused: list[tuple[str, str, Words]] = []
    for key, level in (value or {}).items():
        exact = _exact(level)
        if isinstance(exact, _Refused):
            refused.extend((code, f".{key}", message) for code, _, message in exact.problems)
        elif not 0 <= exact <= 100:
            refused.append(("out-of-range", f".{key}",
                            say("model.competence_range", value=decimal_text(exact))))
        else:
            out[str(key)] = exact
    if refused:
        bad: FrozenMap[Fraction] = _Refused(tuple(refused))  # type: ignore[assignment]
        return bad
    return FrozenMap(out)


def _check(instance: Any, who: str, problems: list[tuple[str, str, Words]]) -> None:
    """Raise one :class:`~plut_rules.errors.DataError` naming every bad field of
    ``instance``: the values its converters refused and ``problems`` found by the class."""
    found = list(problems)
    for field in attrs.fields(type(instance)):
        value = getattr(instance, field.name)
        if isinstance(value, _Refused):
            found.extend((code, f"{field.name}{below}", message)
                         for code, below, message in value.problems)
    if not found:
        return
    kind = type(instance).__name__
    where = getattr(instance, "location", None)
    raise DataError([
        Problem.worded(code, f"{kind}{who}: " + message,
                       where if isinstance(where, Location) else None, f"{kind}.{path}")
        for code, path, message in found
    ])


def _text_problems(instance: Any, names: tuple[str, ...], non_empty: tuple[str, ...]
                   ) -> list[tuple[str, str, Words]]:
    out: list[tuple[str, str, Words]] = []
    for name in names:
        value = getattr(instance, name)
        if not isinstance(value, str):
            out.append(("wrong-type", name, say("model.not_text", type=type(value).__name__,
                                                value=repr(value))))
        elif name in non_empty and not value.strip():
            out.append(("missing-value", name, say("model.empty")))
    return out


# --------------------------------------------------------------------------- input


@attrs.frozen
class Consultant:
    """A konsultan pendamping as the year's roster lists them.

    ``field`` and ``unit`` are the current ones; ``appointed`` is the year of
    first appointment; ``competences`` maps field ids to a level 0..100
    (a field not named counts as 0).  ``location`` is where the row was read,
    for error messages; it takes no part in equality.
    """

    id: str
    name: str
    unit: str
    field: str
    appointed: int
    competences: FrozenMap[Fraction] = attrs.field(factory=FrozenMap, converter=_competences)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # the common case first, cheaply: rosters hold up to millions of these
        if (type(self.id) is str and type(self.name) is str and type(self.unit) is str
                and type(self.field) is str and type(self.appointed) is int
                and type(self.competences) is FrozenMap
                and self.id.strip() and self.unit.strip() and self.field.strip()):
            return
        problems = _text_problems(self, ("id", "name", "unit", "field"), ("id", "unit", "field"))
        if isinstance(self.appointed, bool) or not isinstance(self.appointed, int):
            problems.append(("not-a-year", "appointed", say(
                "model.not_a_year", type=type(self.appointed).__name__,
                value=repr(self.appointed))))
        _check(self, f" {self.id!r}" if isinstance(self.id, str) else "", problems)

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
    achievement: Fraction = attrs.field(converter=_exact)
    target: Fraction | None = attrs.field(default=None, converter=_exact_or_none)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # the common case first, cheaply: rosters hold up to millions of these
        achievement, target = self.achievement, self.target
        if (type(self.consultant) is str and type(self.indicator) is str
                and type(achievement) is Fraction and achievement >= 0
                and (target is None or type(target) is Fraction)
                and self.consultant.strip() and self.indicator.strip()):
            return
        problems = _text_problems(self, ("consultant", "indicator"), ("consultant", "indicator"))
        if isinstance(self.achievement, Fraction) and self.achievement < 0:
            problems.append(("out-of-range", "achievement", say(
                "model.negative", value=decimal_text(self.achievement))))
        _check(self, f" {self.consultant!r}/{self.indicator!r}"
               if isinstance(self.consultant, str) and isinstance(self.indicator, str) else "",
               problems)


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
    # the explanation: a tuple, or a Deferred building it when read (see the properties)
    _indicators: Any = attrs.field(default=(), alias="indicators")
    _trace: Any = attrs.field(default=(), alias="trace")
    # the score before rounding; computed on first use when evaluation took the float fast
    # path (a zero-argument callable until then), see :attr:`exact_score`
    _exact_score: Any = attrs.field(default=None, eq=False, repr=False, alias="exact_score")
    #: None when not computed (keep decisions, or evaluation without counterfactuals);
    #: ``counterfactuals`` alone is None when the field's scorer is not monotone.
    counterfactuals: tuple[Counterfactual, ...] | None = None
    margins: tuple[Margin, ...] | None = None

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        """How each indicator of the field counted (empty without explanations).

        Built from the engine's compact record each time it is read when the
        evaluation deferred it; keep the tuple if you read it more than once.
        """
        return resolved(self._indicators)  # type: ignore[no-any-return]

    @property
    def trace(self) -> tuple[TraceStep, ...]:
        """The rules tried, in order, with the values each read (empty without
        explanations); built when read, like :attr:`indicators`."""
        return resolved(self._trace)  # type: ignore[no-any-return]

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
    # a str, or a Deferred computing it when first read (see the property)
    _input_sha256: Any = attrs.field(alias="input_sha256")
    decisions: tuple[Decision, ...]
    vacancies: tuple[Vacancy, ...]
    engine_name: str
    engine_version: str
    explained: bool = True

    @property
    def input_sha256(self) -> str:
        """SHA-256 of the canonical input (computed when first read)."""
        return resolved(self._input_sha256)  # type: ignore[no-any-return]

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

    def to_frame(self) -> Any:
        """The decisions as a :class:`pandas.DataFrame`, one row per consultant by id.

        Columns: ``consultant, name, unit, field, outcome, rule_outcome, to_field,
        score, exact_score, rule, rule_source, reason, placement, years_served``.
        Numbers stay exact: ``score`` (rounded to 2 decimals, as in every output) is a
        :class:`~decimal.Decimal`; ``exact_score`` is text, the decimal when it has
        one (``"67.325"``), else the fraction (``"202/3"``); ``years_served`` is an
        int.  Missing values (``to_field`` of a keep...) are None.  Needs pandas
        (``pip install plut-rules[pandas]``), imported only here.
        """
        import pandas as pd

        columns = ("consultant", "name", "unit", "field", "outcome", "rule_outcome",
                   "to_field", "score", "exact_score", "rule", "rule_source", "reason",
                   "placement", "years_served")
        rows = [
            (d.consultant, d.name, d.unit, d.field, d.outcome, d.rule_outcome, d.to_field,
             Decimal(decimal_text(d.score, 2)), _exact_text(d.exact_score), d.rule,
             None if d.rule_source is None else str(d.rule_source), d.reason, d.placement,
             d.years_served)
            for d in self.decisions
        ]
        data = {name: pd.Series([row[i] for row in rows], dtype="int64" if
                                name == "years_served" else object)
                for i, name in enumerate(columns)}
        return pd.DataFrame(data, columns=list(columns))


def _exact_text(value: Fraction | None) -> str | None:
    """An exact number as text: its decimal when it has one, else ``numerator/denominator``."""
    if value is None:
        return None
    text = decimal_text(value)
    return text if Fraction(text) == value else f"{value.numerator}/{value.denominator}"
