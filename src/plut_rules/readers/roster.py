"""A year's roster: the consultants and their achievements, read from files."""

from __future__ import annotations

import os

import attrs

from plut_rules.errors import DataError
from plut_rules.model import Achievement, Consultant
from plut_rules.readers.achievements import read_achievements
from plut_rules.readers.consultants import read_consultants

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
) -> Roster:
    """Read the consultants and achievements files (CSV, XLSX or JSON).

    Raises :class:`~plut_rules.errors.DataError` listing every problem in both
    files.  Checks that need the policy (unknown units, missing achievements)
    happen in :func:`plut_rules.evaluate`.
    """
    people, problems = read_consultants(consultants, display=consultants_display)
    rows, more = read_achievements(achievements, display=achievements_display)
    problems = [*problems, *more]
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return Roster(tuple(people), tuple(rows))
