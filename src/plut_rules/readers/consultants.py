"""The consultants file: one row per consultant, with id, unit, field, year of
appointment and competence levels."""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable
from fractions import Fraction

from plut_rules.errors import Problem
from plut_rules.exact import decimal_text
from plut_rules.model import FrozenMap
from plut_rules.readers.files import DataSource, Format, open_data_file
from plut_rules.readers.formats import parse_rows
from plut_rules.readers.lookalike import how_they_differ, identity_key
from plut_rules.readers.number_rules import decimal_mark
from plut_rules.readers.roster_columns import ConsultantColumns, RowLocations
from plut_rules.readers.rows import Row, RowReader, Table, row_place
from plut_rules.readers.schemas import CONSULTANTS, column_hint
from plut_rules.wording import say

__all__ = ["build_consultants", "parse_consultants", "read_consultants"]


def read_consultants(
    path: str | os.PathLike[str], *, display: str | None = None,
    keep_row: Callable[[Row], bool] | None = None,
) -> tuple[ConsultantColumns, list[Problem]]:
    """Read a consultants file; ``display`` is the name used in locations (default: ``path``);
    rows for which ``keep_row`` is false are left out unread.  The consultants come as
    :class:`ConsultantColumns`, a sequence of :class:`~plut_rules.model.Consultant`."""
    source, fmt, file, problems = open_data_file(path, display)
    if source is None or fmt is None:
        return ConsultantColumns.of(()), problems
    with source:  # closed when read, or on any error
        return parse_consultants(source, file, fmt, keep_row=keep_row)


def parse_consultants(
    data: bytes | DataSource, file: str, fmt: Format, *,
    keep_row: Callable[[Row], bool] | None = None,
) -> tuple[ConsultantColumns, list[Problem]]:
    """Consultants from a file in ``fmt`` (its bytes, or the file open), with every
    problem found (rows for which ``keep_row`` is false are left out, neither checked nor
    read)."""
    return parse_rows(data, file, fmt, CONSULTANTS, build_consultants,
                      ConsultantColumns.of(()), keep_row=keep_row)


class _First:
    """Where each kept id is among the consultants read so far, asked only when an id is
    given again (an index of them all is made at the first such question)."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.found: dict[str, int] | None = None
        self.done = 0  # the ids indexed so far

    def index(self, key: str, cid: str) -> int:
        """The index of ``cid``, kept first with identity key ``key``."""
        if self.found is None:
            self.found = {}
        found = self.found
        for i in range(self.done, len(self.ids)):
            found.setdefault(identity_key(self.ids[i]), i)
        self.done = len(self.ids)
        return found[key]


def build_consultants(table: Table, problems: list[Problem]) -> ConsultantColumns:
    """The consultants of a table read in any format, as columns (equal units, fields and
    competence levels shared); every problem is appended to ``problems``."""
    ids: list[str] = []
    names: list[str] = []
    units: list[str] = []
    fields: list[str] = []
    appointed_years = array("q")
    competence_maps: list[FrozenMap[Fraction]] = []
    locations = RowLocations()
    texts: dict[str, str] = {}  # one str object per distinct unit and field
    maps: dict[tuple[tuple[str, Fraction], ...], FrozenMap[Fraction]] = {}
    # identity_key(id) -> the id kept with that key.  The row of each is found only for
    # a message (see _First): an index per consultant would be an int object each, kept
    # to the end of the table between the consultants' own small objects.
    first: dict[str, str] = {}
    rows_of = _First(ids)
    competence_columns = sorted(c for c in table.columns if c.startswith("competence_"))
    fields_of = {column: column[len("competence_") :] for column in competence_columns}
    _, example = decimal_mark(table.style)
    # The hints are the same for every row: worded once, not once per cell.
    year_hint = column_hint("appointed")
    level_hint = say("consultants.level_hint", example=example)
    for row in table.rows:
        r = RowReader(table, row, problems)
        cid = r.identifier("id")
        name = r.text("name")
        unit = r.identifier("unit")
        field = r.identifier("field")
        year = r.number("appointed", True, year_hint)
        appointed = 0
        if year is not None:  # compared as integers: a Fraction comparison costs far more
            if year.denominator != 1 or not 1000 <= year.numerator <= 9999:
                r.fail("not-a-year", say("consultants.not_a_year", column=r.shown("appointed"),
                                         value=decimal_text(year)),
                       "appointed", r.loc_of("appointed"))
            else:
                appointed = year.numerator
        competences: list[tuple[str, Fraction]] = []  # in field order, as FrozenMap keeps them
        for column in competence_columns:
            level = r.number(column, False, level_hint)
            if level is None:
                continue
            if not 0 <= level.numerator <= 100 * level.denominator:
                r.fail("out-of-range", say("consultants.level_range", column=r.shown(column),
                                           value=decimal_text(level)),
                       column, r.loc_of(column))
                continue
            competences.append((fields_of[column], level))
        if cid and r.ok:
            key = identity_key(cid)
            other = first.get(key)
            if other is None:
                first[key] = cid
            else:
                earlier = locations[rows_of.index(key, other)]
                assert earlier is not None
                if other == cid:
                    r.fail("duplicate-id", say("consultants.duplicate_id", id=repr(cid),
                                               first=row_place(earlier)),
                           "id", r.loc_of("id"))
                else:
                    r.fail("lookalike-id", say("consultants.lookalike_id", id=repr(cid),
                                               other=repr(other), first=row_place(earlier),
                                               how=how_they_differ(cid, other)),
                           "id", r.loc_of("id"))
        if not r.ok:
            continue
        # Every value was checked above, as the Consultant constructor would (text ids
        # not empty, a year, levels 0..100): the row is kept as columns, no object made.
        ids.append(cid)
        names.append(name)
        units.append(texts.setdefault(unit, unit))
        fields.append(texts.setdefault(field, field))
        appointed_years.append(appointed)
        shape = tuple(competences)
        levels = maps.get(shape)
        if levels is None:
            levels = maps[shape] = FrozenMap(dict(shape))
        competence_maps.append(levels)
        locations.append(row.loc)
    return ConsultantColumns(ids, names, units, fields, appointed_years, competence_maps,
                             locations)
