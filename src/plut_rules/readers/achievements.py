"""The achievements file: one row per consultant and indicator, with the achievement
and an optional target; or wide, one row per consultant and one column per indicator
(with an optional ``target_<indicator>`` column)."""

from __future__ import annotations

import os
from collections.abc import Callable

from plut_rules.errors import Location, Problem
from plut_rules.exact import decimal_text
from plut_rules.model import Achievement
from plut_rules.readers.files import Format, read_data_file
from plut_rules.readers.formats import parse_rows
from plut_rules.readers.number_rules import decimal_mark
from plut_rules.readers.rows import Row, RowReader, Table, invalid_row, row_place
from plut_rules.readers.schemas import ACHIEVEMENTS, WIDE_TARGET_PREFIX
from plut_rules.wording import say

__all__ = ["build_achievements", "parse_achievements", "read_achievements"]


def read_achievements(
    path: str | os.PathLike[str], *, display: str | None = None,
    keep_row: Callable[[Row], bool] | None = None,
) -> tuple[list[Achievement], list[Problem]]:
    """Read an achievements file; ``display`` is the name used in locations (default: ``path``);
    rows for which ``keep_row`` is false are left out unread."""
    data, fmt, file, problems = read_data_file(path, display)
    if data is None or fmt is None:
        return [], problems
    return parse_achievements(data, file, fmt, keep_row=keep_row)


def parse_achievements(
    data: bytes, file: str, fmt: Format, *, keep_row: Callable[[Row], bool] | None = None,
) -> tuple[list[Achievement], list[Problem]]:
    """Achievements from the bytes of a file in ``fmt``, with every problem found (rows for
    which ``keep_row`` is false are left out, neither checked nor read)."""
    return parse_rows(data, file, fmt, ACHIEVEMENTS, build_achievements, keep_row=keep_row)


def build_achievements(table: Table, problems: list[Problem]) -> list[Achievement]:
    """The achievements of a table read in any format; every problem is appended to ``problems``.

    A wide table (one row per consultant, one column per indicator) gives one achievement
    per filled cell, located at that cell.
    """
    if table.wide:
        return _wide_achievements(table, problems)
    out: list[Achievement] = []
    first: dict[tuple[str, str], Location] = {}
    _, example = decimal_mark(table.style)
    # The hints are the same for every row: worded once, not once per cell.
    value_hint = say("achievements.value_hint", example=example)
    target_hint = say("achievements.target_hint", example=example)
    for row in table.rows:
        r = RowReader(table, row, problems)
        consultant = r.identifier("consultant")
        indicator = r.identifier("indicator")
        value = r.number("achievement", True, value_hint)
        # signs compared on the numerator (the denominator is positive): cheaper than Fraction's
        if value is not None and value.numerator < 0:
            r.fail("out-of-range", say("achievements.negative", column=r.shown("achievement"),
                                       value=decimal_text(value)),
                   "achievement", r.loc_of("achievement"))
        target = r.number("target", False, target_hint)
        if target is not None and target.numerator <= 0:
            r.fail("out-of-range", say("achievements.target_range", column=r.shown("target"),
                                       value=decimal_text(target)),
                   "target", r.loc_of("target"))
        if consultant and indicator and r.ok:
            key = (consultant, indicator)
            earlier = first.get(key)
            if earlier is not None:
                r.fail("duplicate-row", say("achievements.duplicate_row",
                                            consultant=repr(consultant), indicator=repr(indicator),
                                            first=row_place(earlier)),
                       "indicator", row.loc)
            else:
                first[key] = row.loc
        if not r.ok or value is None:
            continue
        try:
            out.append(
                Achievement(
                    consultant=consultant,
                    indicator=indicator,
                    achievement=value,
                    target=target,
                    location=row.loc,
                )
            )
        except (ValueError, TypeError) as exc:  # pragma: no cover - every value was checked
            problems.append(invalid_row(exc, row.loc))
    return out


def _wide_achievements(table: Table, problems: list[Problem]) -> list[Achievement]:
    out: list[Achievement] = []
    first: dict[tuple[str, str], Location] = {}
    _, example = decimal_mark(table.style)
    value_hint = say("achievements.value_hint", example=example)
    target_hint = say("achievements.target_hint", example=example)
    for row in table.rows:
        r = RowReader(table, row, problems)
        consultant = r.text("consultant")
        found: list[Achievement] = []
        for indicator in table.wide:
            value = r.number(indicator, False, value_hint)
            target_column = WIDE_TARGET_PREFIX + indicator
            target = r.number(target_column, False, target_hint)
            where = table.where(r.loc_of(indicator))
            if value is None:
                if target is not None:
                    r.fail("missing-value", say("achievements.lone_target",
                                                column=repr(target_column),
                                                indicator=repr(indicator)),
                           target_column, r.loc_of(target_column))
                continue
            if value.numerator < 0:
                r.fail("out-of-range", say("achievements.negative", column=repr(indicator),
                                           value=decimal_text(value)), indicator, where)
                continue
            if target is not None and target.numerator <= 0:
                r.fail("out-of-range", say("achievements.target_range",
                                           column=repr(target_column),
                                           value=decimal_text(target)),
                       target_column, r.loc_of(target_column))
                continue
            earlier = first.get((consultant, indicator))
            if earlier is not None:
                r.fail("duplicate-row", say("achievements.duplicate_cell",
                                            consultant=repr(consultant), indicator=repr(indicator),
                                            first=row_place(earlier)), indicator, where)
                continue
            first[(consultant, indicator)] = row.loc
            found.append(Achievement(consultant=consultant, indicator=indicator,
                                     achievement=value, target=target, location=where))
        if r.ok:
            out.extend(found)
    return out
