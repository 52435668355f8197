"""Monthly reports: one consultant's achievement on one indicator in one month.

:func:`read_monthly_reports` reads them from CSV, XLSX or JSON with the same reader
and number rules as the achievements file; the checks that need the policy and the
roster are :meth:`plut_rules.monitor.early_warnings.Monitor.check`'s.
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any

import attrs

from plut_rules.errors import Location, Problem, sort_problems
from plut_rules.exact import decimal_text, to_exact
from plut_rules.readers import RowReader, TableSchema, decimal_mark, parse_table, read_data_file
from plut_rules.wording import say

__all__ = ["MONTHS", "MonthlyReport", "read_monthly_reports"]

MONTHS = 12


@attrs.frozen
class MonthlyReport:
    """One consultant's achievement on one indicator in one month (1-12), not cumulative."""

    consultant: str
    month: int
    indicator: str
    achievement: Fraction = attrs.field(converter=to_exact)
    location: Location | None = attrs.field(default=None, eq=False)


_SCHEMA = TableSchema("monthly reports", "monthly report",
                 ("consultant", "month", "indicator", "achievement"), (), None,
                 ("monthly", "bulanan"), "consultants")


class _MonthRowReader(RowReader):
    """The achievements reader, knowing the 'month' column."""

    def cell(self, column: str, required: bool) -> Any:
        if column != "month":
            return super().cell(column, required)
        cell = self.row.cells.get(column)
        if cell is None or cell.kind == "empty":
            if cell is None and (column in self.table.missing or self.table.broken):
                self.ok = False
            elif required:
                self.fail("missing-value", say("reports.month_empty"), column,
                          cell.loc if cell is not None else None)
            return None
        return cell


def read_monthly_reports(
    path: str | os.PathLike[str], *, display: str | None = None
) -> tuple[list[MonthlyReport], list[Problem]]:
    """Read a file of monthly reports (``consultant, month, indicator, achievement``).

    The same reader and number rules as the achievements file (CSV with ``,``
    or ``;``, XLSX, JSON); every problem with its ``FILE:ROW``.  Checks that
    need the policy and roster (unknown consultant or indicator, duplicates)
    are :meth:`~plut_rules.monitor.early_warnings.Monitor.check`'s.
    """
    data, fmt, file, problems = read_data_file(path, display)
    if data is None or fmt is None:
        return [], problems
    table = parse_table(data, file, fmt, _SCHEMA, problems)
    out: list[MonthlyReport] = []
    if table is None:
        return out, list(sort_problems(problems))
    _, example = decimal_mark(table.style)
    for row in table.rows:
        r = _MonthRowReader(table, row, problems)
        consultant = r.identifier("consultant")
        month = r.number("month", True, say("reports.month_hint"))
        indicator = r.text("indicator")
        value = r.number("achievement", True, say("reports.achievement_hint", example=example))
        if month is not None and (month.denominator != 1 or not 1 <= month <= MONTHS):
            r.fail("bad-month", say("reports.bad_month", month=decimal_text(month)), "month",
                   r.loc_of("month"))
        if value is not None and value < 0:
            r.fail("out-of-range", say("reports.negative", value=decimal_text(value)),
                   "achievement", r.loc_of("achievement"))
        if not r.ok or month is None or value is None:
            continue
        out.append(MonthlyReport(consultant, int(month), indicator, value, row.loc))
    return out, list(sort_problems(problems))

