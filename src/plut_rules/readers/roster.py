"""A year's roster: the consultants and their achievements, read from files."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Collection, Iterable

import attrs

from plut_rules.errors import DataError, Problem, sort_problems
from plut_rules.model import Achievement, Consultant
from plut_rules.readers.achievements import build_achievements, read_achievements
from plut_rules.readers.consultants import build_consultants, read_consultants
from plut_rules.readers.frames import DataFrameLike, is_frame, read_frame_table
from plut_rules.readers.roster_columns import AchievementColumns, ConsultantColumns
from plut_rules.readers.rows import Row, Table
from plut_rules.readers.schemas import ACHIEVEMENTS, CONSULTANTS


def _text(row: Row, column: str) -> str:
    """A row's cell as text (stripped), '' when it is not text."""
    cell = row.cells.get(column)
    if cell is None or cell.kind not in ("text", "number"):
        return ""
    return str(cell.value).strip()

__all__ = ["Roster", "load_roster"]

#: achievement rows from which a roster is large enough to give back what reading freed
_LARGE = 100_000


def _give_back_freed_memory() -> None:
    """Return to the system the memory that reading freed (the file's bytes, the rows).

    glibc keeps freed heap memory for the process to reuse, so after reading a large roster
    the process stays hundreds of megabytes above what the roster holds (a million
    consultants: about 200 MB); ``malloc_trim`` gives it back.  Elsewhere, nothing to do.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # another C library (musl): nothing to give back
        return


def _consultant_columns(consultants: Iterable[Consultant]) -> ConsultantColumns:
    if isinstance(consultants, ConsultantColumns):
        return consultants
    return ConsultantColumns.of(consultants)


def _achievement_columns(achievements: Iterable[Achievement]) -> AchievementColumns:
    if isinstance(achievements, AchievementColumns):
        return achievements
    return AchievementColumns.of(achievements)


@attrs.frozen
class Roster:
    """The consultants and achievements of one evaluation, in the order they were read.

    Both are kept as columns (:class:`ConsultantColumns`, :class:`AchievementColumns`),
    sequences whose items are the domain objects, built when read.  ``Roster(consultants,
    achievements)`` takes any iterables of :class:`~plut_rules.model.Consultant` and
    :class:`~plut_rules.model.Achievement` and keeps them as columns: the way to give
    :func:`plut_rules.evaluate` a roster built in Python in the form it reads fastest.
    """

    consultants: ConsultantColumns = attrs.field(converter=_consultant_columns)
    achievements: AchievementColumns = attrs.field(converter=_achievement_columns)


def load_roster(
    consultants: str | os.PathLike[str] | DataFrameLike,
    achievements: str | os.PathLike[str] | DataFrameLike,
    *,
    consultants_display: str | None = None,
    achievements_display: str | None = None,
    units: Collection[str] | None = None,
) -> Roster:
    """Read the consultants and achievements files (CSV, XLSX or JSON), or DataFrames.

    Either may be a :class:`pandas.DataFrame` with the columns of the file; it is
    checked exactly as a CSV file, its rows numbered as ``to_csv(index=False)``
    writes them (see :mod:`plut_rules.readers.frames`).  Raises
    :class:`~plut_rules.errors.DataError` listing every problem in both inputs.
    Checks that need the policy (unknown units, missing achievements) happen in
    :func:`plut_rules.evaluate`.  With ``units``, only the consultants of those units
    and their achievements are read: the rows of other units' consultants (and their
    achievement rows) are left out unchecked, as if absent.
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

    keep_people = None if wanted is None else keep_consultant
    if isinstance(consultants, str | os.PathLike):
        people, problems = read_consultants(consultants, display=consultants_display,
                                            keep_row=keep_people)
    else:
        people, problems = _frame_consultants(consultants, consultants_display, keep_people)
    others.difference_update({"", *people.ids})  # a wanted id keeps its rows
    keep_rows = keep_achievement if others else None
    # The achievements keep the consultants' own id objects: an id is one str however
    # many achievements it has.
    if isinstance(achievements, str | os.PathLike):
        rows, more = read_achievements(achievements, display=achievements_display,
                                       keep_row=keep_rows, consultant_ids=people.ids)
    else:
        rows, more = _frame_achievements(achievements, achievements_display, keep_rows,
                                         people.ids)
    problems = [*problems, *more]
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    if len(rows) >= _LARGE:
        _give_back_freed_memory()
    return Roster(people, rows)


def _kept(table: Table | None, keep_row: Callable[[Row], bool] | None) -> Table | None:
    if table is not None and keep_row is not None:
        table.rows = (row for row in table.rows if keep_row(row))
    return table


def _frame_consultants(frame: DataFrameLike, display: str | None,
                       keep_row: Callable[[Row], bool] | None
                       ) -> tuple[ConsultantColumns, list[Problem]]:
    _check_frame(frame, "consultants")
    problems: list[Problem] = []
    table = _kept(read_frame_table(frame, display or "consultants DataFrame", CONSULTANTS,
                                   problems), keep_row)
    people = (build_consultants(table, problems) if table is not None
              else ConsultantColumns.of(()))
    return people, list(sort_problems(problems))


def _frame_achievements(frame: DataFrameLike, display: str | None,
                        keep_row: Callable[[Row], bool] | None, consultant_ids: list[str]
                        ) -> tuple[AchievementColumns, list[Problem]]:
    _check_frame(frame, "achievements")
    problems: list[Problem] = []
    table = _kept(read_frame_table(frame, display or "achievements DataFrame", ACHIEVEMENTS,
                                   problems), keep_row)
    rows = (build_achievements(table, problems, consultant_ids=consultant_ids)
            if table is not None
            else AchievementColumns.of(()))
    return rows, list(sort_problems(problems))


def _check_frame(source: object, kind: str) -> None:
    if not is_frame(source):
        raise TypeError(f"{kind} must be a file path or a pandas DataFrame, got "
                        f"{type(source).__name__}")
