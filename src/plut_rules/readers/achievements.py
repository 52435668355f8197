"""The achievements file: one row per consultant and indicator, with the achievement
and an optional target; or wide, one row per consultant and one column per indicator
(with an optional ``target_<indicator>`` column)."""

from __future__ import annotations

import functools
import os
from array import array
from collections.abc import Callable, Sequence
from fractions import Fraction

from plut_rules.errors import Location, Problem
from plut_rules.exact import decimal_text
from plut_rules.readers.files import DataSource, Format, open_data_file
from plut_rules.readers.formats import parse_rows
from plut_rules.readers.number_rules import decimal_mark
from plut_rules.readers.roster_columns import (
    AchievementColumns,
    CodedColumn,
    RowLocations,
    SparseColumn,
)
from plut_rules.readers.rows import Number, Row, RowReader, Table, row_place
from plut_rules.readers.schemas import ACHIEVEMENTS, WIDE_TARGET_PREFIX
from plut_rules.wording import say

__all__ = ["build_achievements", "parse_achievements", "read_achievements"]

_NAN = float("nan")


def read_achievements(
    path: str | os.PathLike[str], *, display: str | None = None,
    keep_row: Callable[[Row], bool] | None = None,
    consultant_ids: Sequence[str] | None = None,
) -> tuple[AchievementColumns, list[Problem]]:
    """Read an achievements file; ``display`` is the name used in locations (default: ``path``);
    rows for which ``keep_row`` is false are left out unread.  The achievements come as
    :class:`AchievementColumns`, a sequence of :class:`~plut_rules.model.Achievement`;
    an id of ``consultant_ids`` (the consultants read) is kept as that very str object."""
    source, fmt, file, problems = open_data_file(path, display)
    if source is None or fmt is None:
        return AchievementColumns.of(()), problems
    with source:  # closed when read, or on any error
        return parse_achievements(source, file, fmt, keep_row=keep_row,
                                  consultant_ids=consultant_ids)


def parse_achievements(
    data: bytes | DataSource, file: str, fmt: Format, *,
    keep_row: Callable[[Row], bool] | None = None,
    consultant_ids: Sequence[str] | None = None,
) -> tuple[AchievementColumns, list[Problem]]:
    """Achievements from a file in ``fmt`` (its bytes, or the file open), with every
    problem found (rows for which ``keep_row`` is false are left out, neither checked nor
    read); ``consultant_ids`` as for :func:`read_achievements`."""
    return parse_rows(data, file, fmt, ACHIEVEMENTS,
                      functools.partial(build_achievements, consultant_ids=consultant_ids),
                      AchievementColumns.of(()), keep_row=keep_row)


class _Filler:
    """The columns of achievements as a table's rows are read.

    Each consultant id is kept as one str object (that of ``consultant_ids`` when it is
    one of them) and numbered, so that which indicators a consultant has is a bit per
    consultant and indicator (:meth:`seen`), not an object per row kept to the end of the
    table: a million rows read leave no small objects behind between the kept ones.

    The indicators are kept as codes (:class:`CodedColumn`); the own targets as a dict
    of the rows that give one while few do, a list once more than one row in 8 does
    (:meth:`SparseColumn.crowded`): a file without targets keeps nothing a row for them,
    one with a target on every row no more than a list.
    """

    def __init__(self, consultant_ids: Sequence[str] | None) -> None:
        self.consultants: list[str] = []
        self.indicators = CodedColumn()
        self.indicator_codes: dict[str, int] = {}  # the codes of self.indicators' names
        self.values: list[Fraction] = []
        self.sparse: SparseColumn | None = SparseColumn()  # None once targets are a list
        self.targets: list[Fraction | None] = []  # the targets once common
        self.value_floats = array("d")
        self.target_floats = array("d")
        self.locations = RowLocations()
        self.known = consultant_ids  # the consultants' ids as given (owners number into it)
        self.owners = array("i")  # each row's consultant number (past known: an unknown id)
        self.ids: list[str] = list(consultant_ids or ())
        self.numbers: dict[str, int] = {cid: i for i, cid in enumerate(self.ids)}
        self.given: dict[str, bytearray] = {}  # indicator -> a bit set at each one's number
        self.rows: dict[tuple[str, str], int] | None = None  # see row_of
        self.indexed = 0  # the rows in self.rows

    def number(self, consultant: str) -> int:
        """The number of ``consultant`` (its kept str is ``ids[number]``)."""
        found = self.numbers.get(consultant)
        if found is None:
            found = self.numbers[consultant] = len(self.ids)
            self.ids.append(consultant)
        return found

    def seen(self, number: int, indicator: str) -> bool:
        """Whether the consultant numbered ``number`` has ``indicator`` already; it has
        from now on."""
        given = self.given.get(indicator)
        if given is None:
            given = self.given[indicator] = bytearray()
        byte, bit = number >> 3, 1 << (number & 7)  # a bit each: 4 MB for a million, not 35
        if byte < len(given):
            if given[byte] & bit:
                return True
        else:
            given.extend(bytes(max(byte + 1, 2 * len(given)) - len(given)))
        given[byte] |= bit
        return False

    def row_of(self, consultant: str, indicator: str) -> int:
        """The index of the kept achievement of ``consultant`` and ``indicator`` (asked
        only of a duplicate: an index of every row is made at the first question)."""
        if self.rows is None:
            self.rows = {}
        for i in range(self.indexed, len(self.values)):
            self.rows.setdefault((self.consultants[i], self.indicators[i]), i)
        self.indexed = len(self.values)
        return self.rows[(consultant, indicator)]

    def add(self, number: int, indicator: str, value: Number, target: Number | None,
            loc: Location) -> None:
        """Keep an achievement of the consultant numbered ``number``.  Every value was
        checked by the caller, as the Achievement constructor would (ids not empty, the
        value not negative, numbers in range): no object is made."""
        self.consultants.append(self.ids[number])
        self.owners.append(number)
        code = self.indicator_codes.get(indicator)  # a dict look-up a row, no Python call
        if code is None:
            code = self.indicator_codes[indicator] = self.indicators.code(indicator)
        self.indicators.codes.append(code)
        values = self.values
        values.append(value[0])
        self.value_floats.append(value[1])
        sparse = self.sparse
        if target is None:
            if sparse is None:
                self.targets.append(None)
            self.target_floats.append(_NAN)
        else:
            if sparse is None:
                self.targets.append(target[0])
            else:
                sparse.given[len(values) - 1] = target[0]
                sparse.length = len(values)
                if sparse.crowded():  # targets are common: a list costs less from now on
                    self.targets, self.sparse = sparse.as_list(), None
            self.target_floats.append(target[1])
        self.locations.append(loc)

    def columns(self) -> AchievementColumns:
        targets: Sequence[Fraction | None] = self.targets
        if self.sparse is not None:
            targets = self.sparse
            self.sparse.length = len(self.values)
        known = self.known
        return AchievementColumns(self.consultants, self.indicators, self.values, targets,
                                  self.locations, self.value_floats, self.target_floats,
                                  owners=None if known is None else (known, self.owners))


def build_achievements(table: Table, problems: list[Problem], *,
                       consultant_ids: Sequence[str] | None = None) -> AchievementColumns:
    """The achievements of a table read in any format, as columns; every problem is
    appended to ``problems``; ``consultant_ids`` as for :func:`read_achievements`.

    A wide table (one row per consultant, one column per indicator) gives one achievement
    per filled cell, located at that cell.
    """
    out = _Filler(consultant_ids)
    if table.wide:
        return _wide_achievements(table, problems, out)
    _, example = decimal_mark(table.style)
    # The hints are the same for every row: worded once, not once per cell.
    value_hint = say("achievements.value_hint", example=example)
    target_hint = say("achievements.target_hint", example=example)
    for row in table.rows:
        r = RowReader(table, row, problems)
        consultant = r.identifier("consultant")
        indicator = r.identifier("indicator")
        value = r.exact_number("achievement", True, value_hint)
        # signs compared on the numerator (the denominator is positive): cheaper than Fraction's
        if value is not None and value[0].numerator < 0:
            r.fail("out-of-range", say("achievements.negative", column=r.shown("achievement"),
                                       value=decimal_text(value[0])),
                   "achievement", r.loc_of("achievement"))
        target = r.exact_number("target", False, target_hint)
        if target is not None and target[0].numerator <= 0:
            r.fail("out-of-range", say("achievements.target_range", column=r.shown("target"),
                                       value=decimal_text(target[0])),
                   "target", r.loc_of("target"))
        if not (consultant and indicator and r.ok):
            continue
        number = out.number(consultant)
        if out.seen(number, indicator):
            place = out.locations[out.row_of(out.ids[number], indicator)]
            assert place is not None
            r.fail("duplicate-row", say("achievements.duplicate_row",
                                        consultant=repr(consultant), indicator=repr(indicator),
                                        first=row_place(place)),
                   "indicator", row.loc)
            continue
        if value is not None:  # a required number: None only with a problem (r.ok false)
            out.add(number, indicator, value, target, row.loc)
    return out.columns()


def _wide_achievements(table: Table, problems: list[Problem], out: _Filler
                       ) -> AchievementColumns:
    first: dict[str, dict[str, int]] = {}  # consultant -> indicator -> the line given first
    _, example = decimal_mark(table.style)
    value_hint = say("achievements.value_hint", example=example)
    target_hint = say("achievements.target_hint", example=example)
    for row in table.rows:
        r = RowReader(table, row, problems)
        consultant = r.identifier("consultant")  # as the long form: no control character
        found: list[tuple[str, Number, Number | None, Location]] = []
        for indicator in table.wide:
            value = r.exact_number(indicator, False, value_hint)
            target_column = WIDE_TARGET_PREFIX + indicator
            target = r.exact_number(target_column, False, target_hint)
            where = table.where(r.loc_of(indicator))
            if value is None:
                if target is not None:
                    r.fail("missing-value", say("achievements.lone_target",
                                                column=repr(target_column),
                                                indicator=repr(indicator)),
                           target_column, r.loc_of(target_column))
                continue
            if value[0].numerator < 0:
                r.fail("out-of-range", say("achievements.negative", column=repr(indicator),
                                           value=decimal_text(value[0])), indicator, where)
                continue
            if target is not None and target[0].numerator <= 0:
                r.fail("out-of-range", say("achievements.target_range",
                                           column=repr(target_column),
                                           value=decimal_text(target[0])),
                       target_column, r.loc_of(target_column))
                continue
            seen = first.setdefault(consultant, {}) if consultant else {}
            earlier = seen.get(indicator)
            if earlier is not None:
                # row_place reads the line and whether a sheet holds the row
                place = Location(row.loc.file, earlier, sheet=row.loc.sheet)
                r.fail("duplicate-row", say("achievements.duplicate_cell",
                                            consultant=repr(consultant), indicator=repr(indicator),
                                            first=row_place(place)), indicator, where)
                continue
            assert row.loc.line is not None
            seen[indicator] = row.loc.line
            found.append((indicator, value, target, where))
        if r.ok:  # a row without its consultant (reported) gives no achievement
            number = out.number(consultant)
            for indicator, value, target, where in found:
                out.add(number, indicator, value, target, where)
    return out.columns()
