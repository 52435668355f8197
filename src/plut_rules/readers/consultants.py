"""The consultants file: one row per consultant, with id, unit, field, year of
appointment and competence levels."""

from __future__ import annotations

import os
from collections.abc import Callable
from fractions import Fraction

from plut_rules.errors import Location, Problem
from plut_rules.exact import decimal_text
from plut_rules.model import Consultant
from plut_rules.readers.files import Format, read_data_file
from plut_rules.readers.formats import parse_rows
from plut_rules.readers.lookalike import how_they_differ, identity_key
from plut_rules.readers.number_rules import decimal_mark
from plut_rules.readers.rows import Row, RowReader, Table, invalid_row, row_place
from plut_rules.readers.schemas import CONSULTANTS, column_hint
from plut_rules.wording import say

__all__ = ["build_consultants", "parse_consultants", "read_consultants"]


def read_consultants(
    path: str | os.PathLike[str], *, display: str | None = None,
    keep_row: Callable[[Row], bool] | None = None,
) -> tuple[list[Consultant], list[Problem]]:
    """Read a consultants file; ``display`` is the name used in locations (default: ``path``);
    rows for which ``keep_row`` is false are left out unread."""
    data, fmt, file, problems = read_data_file(path, display)
    if data is None or fmt is None:
        return [], problems
    return parse_consultants(data, file, fmt, keep_row=keep_row)


def parse_consultants(
    data: bytes, file: str, fmt: Format, *, keep_row: Callable[[Row], bool] | None = None,
) -> tuple[list[Consultant], list[Problem]]:
    """Consultants from the bytes of a file in ``fmt``, with every problem found (rows for
    which ``keep_row`` is false are left out, neither checked nor read)."""
    return parse_rows(data, file, fmt, CONSULTANTS, build_consultants, keep_row=keep_row)


def build_consultants(table: Table, problems: list[Problem]) -> list[Consultant]:
    """The consultants of a table read in any format; every problem is appended to ``problems``."""
    out: list[Consultant] = []
    first: dict[str, tuple[str, Location]] = {}  # identity_key(id) -> (id, its row)
    competence_columns = sorted(c for c in table.columns if c.startswith("competence_"))
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
        competences: dict[str, Fraction] = {}
        for column in competence_columns:
            level = r.number(column, False, level_hint)
            if level is None:
                continue
            if not 0 <= level.numerator <= 100 * level.denominator:
                r.fail("out-of-range", say("consultants.level_range", column=r.shown(column),
                                           value=decimal_text(level)),
                       column, r.loc_of(column))
                continue
            competences[column[len("competence_") :]] = level
        if cid and r.ok:
            key = identity_key(cid)
            found = first.get(key)
            if found is None:
                first[key] = (cid, row.loc)
            elif found[0] == cid:
                r.fail("duplicate-id", say("consultants.duplicate_id", id=repr(cid),
                                           first=row_place(found[1])),
                       "id", r.loc_of("id"))
            else:
                r.fail("lookalike-id", say("consultants.lookalike_id", id=repr(cid),
                                           other=repr(found[0]), first=row_place(found[1]),
                                           how=how_they_differ(cid, found[0])),
                       "id", r.loc_of("id"))
        if not r.ok:
            continue
        try:
            out.append(
                Consultant(
                    id=cid,
                    name=name,
                    unit=unit,
                    field=field,
                    appointed=appointed,
                    competences=competences,
                    location=row.loc,
                )
            )
        except (ValueError, TypeError) as exc:  # pragma: no cover - every value was checked
            problems.append(invalid_row(exc, row.loc))
    return out
