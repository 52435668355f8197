"""What an evaluation reads and records about its input: the roster check, the canonical
input document and its SHA-256, and the engine's name and version.

The roster is checked against the policy before anything is scored, reporting every
problem at once; the input hash is the same whatever the row order.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring
from typing import Any

from plut_rules.engine.gather import Givens, gathered, held
from plut_rules.errors import DataError, Location, Problem, did_you_mean
from plut_rules.exact import decimal_text
from plut_rules.model import Achievement, Consultant, Deferred, Policy
from plut_rules.readers import AchievementColumns, CodedColumn, ConsultantColumns, row_getter
from plut_rules.wording import Words, say

__all__ = [
    "ENGINE_NAME",
    "InputHash",
    "achievement_key",
    "check_roster",
    "checked_input",
    "consultant_key",
    "engine_version",
    "input_document",
    "input_sha256",
]

#: The engine's name, recorded with every evaluation (and in the audit log).
ENGINE_NAME = "plut_rules"


@functools.cache  # looked up once a process: each look-up scans the installed packages
def engine_version() -> str:
    """The installed version of plut-rules, recorded with every evaluation (``0+unknown``
    when running from a source tree that is not installed)."""
    from importlib import metadata

    try:
        return metadata.version("plut-rules")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def _where(obj: Consultant | Achievement, kind: str, index: int) -> Location:
    return obj.location if obj.location is not None else Location(f"<{kind}>", index + 1)


def _first_at(first: Location | None) -> Words | str:
    """Where a repeated row was first given, as the end of a sentence (nothing if unknown)."""
    return say("engine.first_at", where=str(first)) if first else ""


def check_roster(
    policy: Policy,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    missing_as_zero: bool = False,
) -> list[Problem]:
    """Every problem of the roster against the policy (empty when it can be evaluated)."""
    return _check(policy, consultants, achievements, missing_as_zero)[0]


def _check(
    policy: Policy,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    missing_as_zero: bool,
) -> tuple[list[Problem], dict[str, dict[str, Achievement]]]:
    """The problems, and each consultant's achievements by indicator (valid without
    problems), in one pass over the achievements."""
    # each consultant and achievement once: a roster's columns build a new object each
    # time one is read, and the passes below tell consultants apart by identity
    consultants, achievements = list(consultants), list(achievements)
    problems: list[Problem] = []
    field_ids = [f.id for f in policy.fields]
    unit_ids = [u.id for u in policy.units]
    fields = {f.id: f for f in policy.fields}
    units = set(unit_ids)
    indicator_ids = {f.id: {i.id for i in f.indicators} for f in policy.fields}
    by_id: dict[str, Consultant] = {}
    for index, c in enumerate(consultants):
        if c.id in by_id:
            where = _where(c, "consultants", index)
            first = by_id[c.id].location
            problems.append(Problem.worded(
                "duplicate-consultant",
                say("engine.duplicate_consultant", id=repr(c.id), first=_first_at(first)),
                where, "id"))
            continue
        by_id[c.id] = c
        if (c.unit in units and c.field in fields and c.appointed <= policy.year
                and all(map(fields.__contains__, c.competences))):
            continue
        where = _where(c, "consultants", index)
        if c.unit not in units:
            problems.append(Problem.worded(
                "unknown-unit", say("engine.unknown_unit", id=c.id, unit=repr(c.unit),
                                    units=", ".join(unit_ids)),
                where, "unit", suggestion=did_you_mean(c.unit, unit_ids)))
        if fields.get(c.field) is None:
            problems.append(Problem.worded(
                "unknown-field", say("engine.unknown_field", id=c.id, field=repr(c.field),
                                     fields=", ".join(field_ids)),
                where, "field", suggestion=did_you_mean(c.field, field_ids)))
        if c.appointed > policy.year:
            problems.append(Problem.worded(
                "appointed-after-year",
                say("engine.appointed_after_year", id=c.id, appointed=c.appointed,
                    year=policy.year), where, "appointed"))
        for name in c.competences:
            if fields.get(name) is None:
                problems.append(Problem.worded(
                    "unknown-field", say("engine.unknown_competence", id=c.id, field=repr(name)),
                    where, f"competence_{name}", suggestion=did_you_mean(name, field_ids)))

    given: dict[str, dict[str, Achievement]] = defaultdict(dict)
    stray = False  # an achievement of an indicator its consultant's field lacks
    for index, a in enumerate(achievements):
        mine = given[a.consultant]
        if a.indicator in mine:
            where = _where(a, "achievements", index)
            first = mine[a.indicator].location
            problems.append(Problem.worded(
                "duplicate-achievement",
                say("engine.duplicate_achievement", id=a.consultant, indicator=repr(a.indicator),
                    first=_first_at(first)), where, "indicator"))
            continue
        mine[a.indicator] = a
        consultant = by_id.get(a.consultant)
        if consultant is not None and consultant.field in fields and a.indicator in \
                indicator_ids[consultant.field] and (a.target is None or a.target > 0):
            continue
        stray = stray or consultant is None or consultant.field not in fields or \
            a.indicator not in indicator_ids[consultant.field]
        where = _where(a, "achievements", index)
        if consultant is None:
            problems.append(Problem.worded(
                "unknown-consultant", say("engine.unknown_consultant", id=repr(a.consultant)),
                where, "consultant", suggestion=did_you_mean(a.consultant, by_id)))
            continue
        field = fields.get(consultant.field)
        if field is None:
            continue
        if a.indicator not in indicator_ids[field.id]:
            names = [i.id for i in field.indicators]
            problems.append(Problem.worded(
                "unknown-indicator",
                say("engine.unknown_indicator", id=a.consultant, field=repr(field.id),
                    indicator=repr(a.indicator), indicators=", ".join(names)),
                where, "indicator", suggestion=did_you_mean(a.indicator, names)))
        if a.target is not None and a.target <= 0:
            problems.append(Problem.worded(
                "out-of-range", say("engine.target_not_positive", id=a.consultant,
                                    value=decimal_text(a.target)), where, "target"))

    for index, c in enumerate(consultants):
        field = fields.get(c.field)
        if field is None or by_id.get(c.id) is not c:
            continue
        mine = given.get(c.id, {})
        if not stray and len(mine) == len(field.indicators):
            continue  # every achievement is one of the field's indicators: none missing
        for ind in field.indicators:
            if ind.id in mine:
                continue
            if missing_as_zero and ind.direction == "higher":
                continue
            extra = "" if ind.direction == "higher" else say("engine.lower_never_zero")
            problems.append(Problem.worded(
                "missing-achievement",
                say("engine.missing_achievement", id=c.id, indicator=repr(ind.id),
                    field=repr(field.id), extra=extra), _where(c, "consultants", index),
                "achievement"))
    return problems, given


def checked_input(
    policy: Policy,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    missing_as_zero: bool = False,
) -> Mapping[str, dict[str, Achievement]]:
    """Each consultant's achievements by indicator, once the roster is checked (a
    :class:`~plut_rules.engine.gather.Givens` when the roster is in order).

    Raises :class:`~plut_rules.errors.DataError` listing every problem of
    :func:`check_roster`.
    """
    fast = gathered(policy, consultants, achievements)
    if fast is not None:  # nothing to report: the same content, gathered into columns
        return fast
    problems, by_consultant = _check(policy, consultants, achievements, missing_as_zero)
    if problems:
        raise DataError(problems)
    return by_consultant


def input_document(
    consultants: Iterable[Consultant],
    achievements: Iterable[Achievement],
    *,
    missing_as_zero: bool = False,
) -> dict[str, Any]:
    """The input as canonical plain data: rows sorted, zero competences dropped, no locations."""
    rows = [
        {"id": c.id, "name": c.name, "unit": c.unit, "field": c.field, "appointed": c.appointed,
         "competences": {k: v for k, v in c.competences.items() if v != 0}}
        for c in sorted(consultants, key=lambda c: c.id)
    ]
    ach = [
        {"consultant": a.consultant, "indicator": a.indicator, "achievement": a.achievement,
         "target": a.target}
        for a in sorted(achievements, key=lambda a: (a.consultant, a.indicator))
    ]
    return {"consultants": rows, "achievements": ach, "missing_as_zero": missing_as_zero}


def input_sha256(
    consultants: Iterable[Consultant],
    achievements: Iterable[Achievement],
    *,
    missing_as_zero: bool = False,
) -> str:
    """SHA-256 of ``canonical_json(input_document(...))``, written and hashed piece by piece.

    The same bytes as the canonical form, without building the document or the
    whole text (a million consultants' input is hundreds of megabytes of JSON).
    """
    return _digest(
        ((a.consultant, a.indicator, a.achievement, a.target)
         for a in sorted(achievements, key=achievement_key)),
        ((c.id, c.name, c.unit, c.field, c.appointed, c.competences)
         for c in sorted(consultants, key=consultant_key)),
        missing_as_zero)


def _columns_sha256(givens: Givens, missing_as_zero: bool) -> str:
    """:func:`input_sha256` of a sound roster read as columns, from its gathered table:
    rows in the canonical order without building an object per row or sorting them (a
    consultant's achievement rows are its slots, ordered by indicator id)."""
    people: Any = givens.consultants
    rows: Any = givens.achievements
    ids = people.ids
    order = givens.order  # the positions by id, as gathered
    slots_by_id: dict[str, list[int]] = {}
    for f in givens.policy.fields:
        indicator_ids = [i.id for i in f.indicators]
        slots_by_id[f.id] = sorted(range(len(indicator_ids)), key=indicator_ids.__getitem__)
    table, fields = givens.rows, givens.fields

    def achievement_rows() -> Iterator[tuple[Any, ...]]:
        owners, values, target_of = rows.consultants, rows.values, row_getter(rows.targets)
        # a row's indicator is names[codes[r]]: its code's name, or a plain list's item
        indicators = rows.indicators
        names, codes = ((indicators.names, indicators.codes)
                        if isinstance(indicators, CodedColumn)
                        else (indicators, range(len(indicators))))
        for p in order:
            mine = table[p].tolist()
            for j in slots_by_id[fields[p]]:
                r = mine[j]
                if r >= 0:
                    yield owners[r], names[codes[r]], values[r], target_of(r)

    names, units, own, appointed, levels = (people.names, people.units, people.fields,
                                            people.appointed, people.competences)
    return _digest(achievement_rows(),
                   ((ids[p], names[p], units[p], own[p], appointed[p], levels[p])
                    for p in order), missing_as_zero)


def _digest(achievements: Iterable[tuple[Any, ...]], consultants: Iterable[tuple[Any, ...]],
            missing_as_zero: bool) -> str:
    """The canonical input document's SHA-256, from its rows in order: (consultant,
    indicator, achievement, target) and (id, name, unit, field, appointed, competences)."""
    enc = encode_basestring
    digest = hashlib.sha256()
    parts: list[str] = ['{"achievements":[']

    def flush() -> None:
        digest.update("".join(parts).encode("utf-8"))
        parts.clear()

    names: dict[str, str] = {}
    first = True
    for consultant, indicator_id, achievement, target in achievements:
        indicator = names.get(indicator_id)
        if indicator is None:
            indicator = names[indicator_id] = enc(indicator_id)
        own = "null" if target is None else f'"{decimal_text(target)}"'
        parts.append(f'{"" if first else ","}{{"achievement":"{decimal_text(achievement)}",'
                     f'"consultant":{enc(consultant)},"indicator":{indicator},'
                     f'"target":{own}}}')
        first = False
        if len(parts) >= 4096:
            flush()
    parts.append('],"consultants":[')
    first = True
    for cid, name, unit, field, appointed, competences in consultants:
        levels = ",".join(f'{enc(str(k))}:"{decimal_text(v)}"'
                          for k, v in sorted(competences.items()) if v != 0)
        parts.append(f'{"" if first else ","}{{"appointed":"{appointed}",'
                     f'"competences":{{{levels}}},"field":{enc(field)},"id":{enc(cid)},'
                     f'"name":{enc(name)},"unit":{enc(unit)}}}')
        first = False
        if len(parts) >= 4096:
            flush()
    parts.append(f'],"missing_as_zero":{"true" if missing_as_zero else "false"}}}')
    flush()
    return digest.hexdigest()


class InputHash(Deferred):
    """:func:`input_sha256` of a roster, computed when first read (then kept).

    ``given`` is the roster's achievements by consultant as the evaluation gathered them;
    for a roster read as columns it lets the hash read the rows in order without building
    an object per row (the bytes are the same).
    """

    __slots__ = ("_args", "_digest")

    def __init__(self, consultants: Sequence[Consultant], achievements: Sequence[Achievement],
                 missing_as_zero: bool, given: object = None) -> None:
        # the caller's lists may change after the evaluation, its input may not
        self._args: tuple[Any, ...] | None = (*held(consultants, achievements),
                                              missing_as_zero, given)
        self._digest: str | None = None

    def value(self) -> str:
        if self._digest is None:
            assert self._args is not None
            consultants, achievements, missing_as_zero, given = self._args
            if (isinstance(given, Givens) and given.consultants is consultants
                    and given.achievements is achievements
                    and isinstance(consultants, ConsultantColumns)
                    and isinstance(achievements, AchievementColumns)):
                self._digest = _columns_sha256(given, missing_as_zero)
            else:
                self._digest = input_sha256(consultants, achievements,
                                            missing_as_zero=missing_as_zero)
            self._args = None
        return self._digest


def achievement_key(a: Achievement) -> tuple[str, str]:
    """The order of achievements in the input document: by consultant, then indicator."""
    return (a.consultant, a.indicator)


def consultant_key(c: Consultant) -> str:
    """The order of consultants in the input document and the evaluation: by id."""
    return c.id
