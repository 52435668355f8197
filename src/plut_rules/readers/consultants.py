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
from plut_rules.readers.schemas import COLUMN_HINTS, CONSULTANTS

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
    for row in table.rows:
        r = RowReader(table, row, problems)
        cid = r.identifier("id")
        name = r.text("name")
        unit = r.identifier("unit")
        field = r.identifier("field")
        year = r.number("appointed", True, COLUMN_HINTS["appointed"])
        appointed = 0
        if year is not None:
            if year.denominator != 1 or not 1000 <= year <= 9999:
                r.fail(
                    "not-a-year",
                    f"'appointed' is {decimal_text(year)}, which is not a year; write the year of "
                    "first appointment as four digits, e.g. 2016",
                    "appointed",
                    r.loc_of("appointed"),
                )
            else:
                appointed = int(year)
        competences: dict[str, Fraction] = {}
        for column in competence_columns:
            level = r.number(
                column, False, f"a level from 0 to 100 such as {example}, or leave it empty for 0"
            )
            if level is None:
                continue
            if not 0 <= level <= 100:
                r.fail(
                    "out-of-range",
                    f"{column!r} is {decimal_text(level)}; a competence is a level from 0 to 100 "
                    "(leave it empty for 0)",
                    column,
                    r.loc_of(column),
                )
                continue
            competences[column[len("competence_") :]] = level
        if cid and r.ok:
            key = identity_key(cid)
            found = first.get(key)
            if found is None:
                first[key] = (cid, row.loc)
            elif found[0] == cid:
                r.fail(
                    "duplicate-id",
                    f"the consultant id {cid!r} is already used at {row_place(found[1])}; "
                    "give each consultant one row with a unique id",
                    "id",
                    r.loc_of("id"),
                )
            else:
                r.fail(
                    "lookalike-id",
                    f"the consultant id {cid!r} looks like {found[0]!r} at "
                    f"{row_place(found[1])} but differs: {how_they_differ(cid, found[0])}; "
                    "two people must not have ids that look alike: if it is the same person "
                    "keep one row, otherwise give a clearly different id",
                    "id",
                    r.loc_of("id"),
                )
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
