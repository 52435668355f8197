"""A year's roster: the consultants and their achievements, read from files."""

from __future__ import annotations

import os
from collections.abc import Collection

import attrs

from plut_rules.errors import DataError
from plut_rules.model import Achievement, Consultant
from plut_rules.readers.achievements import read_achievements
from plut_rules.readers.consultants import read_consultants
from plut_rules.readers.rows import Row


def _text(row: Row, column: str) -> str:
    """A row's cell as text (stripped), '' when it is not text."""
    cell = row.cells.get(column)
    if cell is None or cell.kind not in ("text", "number"):
        return ""
    return str(cell.value).strip()

__all__ = ["Roster", "load_roster"]


@attrs.frozen
class Roster:
    """The consultants and achievements of one evaluation, in the order they were read."""

    consultants: tuple[Consultant, ...]
    achievements: tuple[Achievement, ...]


def load_roster(
    consultants: str | os.PathLike[str],
    achievements: str | os.PathLike[str],
    *,
    consultants_display: str | None = None,
    achievements_display: str | None = None,
    units: Collection[str] | None = None,
) -> Roster:
    """Read the consultants and achievements files (CSV, XLSX or JSON).

    Raises :class:`~plut_rules.errors.DataError` listing every problem in both
    files.  Checks that need the policy (unknown units, missing achievements)
    happen in :func:`plut_rules.evaluate`.  With ``units``, only the consultants of
    those units and their achievements are read: the rows of other units' consultants
    (and their achievement rows) are left out unchecked, as if absent.
    """
    wanted = None if units is None else set(units)
    others: set[str] = set()  # ids of the consultants left out

    def keep_consultant(row: Row) -> bool:
        if wanted is None or _text(row, "unit") in wanted:
            return True
        others.add(_text(row, "id"))
        return False

    def keep_achievement(row: Row) -> bool:
        return _text(row, "consultant") not in others

    people, problems = read_consultants(consultants, display=consultants_display,
                                        keep_row=keep_consultant)
    others.difference_update({"", *(c.id for c in people)})  # a wanted id keeps its rows
    rows, more = read_achievements(achievements, display=achievements_display,
                                   keep_row=keep_achievement)
    problems = [*problems, *more]
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return Roster(tuple(people), tuple(rows))
