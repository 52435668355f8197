"""pandas DataFrames as data tables: the same columns, checks and problems as a file.

A data pipeline may hold the consultants or achievements as a DataFrame already;
:func:`read_frame_table` turns one into a :class:`~plut_rules.readers.rows.Table`
that the consultants and achievements readers check exactly as a CSV file.  Rows are
numbered as ``frame.to_csv(index=False)`` would write them: the header is line 1, the
first row line 2.  Numbers are exact: an int or a Decimal is the value itself, a float
is the shortest decimal that prints as it (``0.1`` is one tenth), text is read by the
rules of a ``,``-separated CSV (a decimal point).  pandas is never imported here: a
DataFrame is recognised by what it has (``columns`` and ``itertuples``).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Hashable, Iterable, Iterator
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Real
from typing import Any, Protocol, runtime_checkable

from plut_rules.errors import Location, Problem
from plut_rules.exact import to_exact
from plut_rules.readers.number_rules import STYLE_COMMA
from plut_rules.readers.rows import Cell, Row, Table, check_header, empty_file, unnamed_column
from plut_rules.readers.schemas import TableSchema
from plut_rules.wording import say

__all__ = ["DataFrameLike", "is_frame", "read_frame_table"]


@runtime_checkable
class DataFrameLike(Protocol):
    """What the readers use of a :class:`pandas.DataFrame`: its column labels and rows."""

    @property
    def columns(self) -> Iterable[Hashable]:
        """The column labels, in order."""
        ...

    def itertuples(self, index: bool = ..., name: str | None = ...) -> Iterator[tuple[Any, ...]]:
        """The rows as plain tuples (``index=False, name=None``)."""
        ...


def is_frame(source: object) -> bool:
    """Whether ``source`` is a DataFrame (anything with columns and itertuples), not a path."""
    return not isinstance(source, str | bytes) and isinstance(source, DataFrameLike)


def read_frame_table(
    frame: DataFrameLike, file: str, schema: TableSchema, problems: list[Problem]
) -> Table | None:
    """The table of a DataFrame, or None when it has no columns (with its problem)."""
    labels = list(frame.columns)
    if not labels:
        problems.append(empty_file(file, schema, Location(file, 1)))
        return None
    names = [("" if _missing(label) else str(label), Location(file, 1, index + 1))
             for index, label in enumerate(labels)]
    table = Table(schema, STYLE_COMMA)
    columns = check_header(names, schema, table, problems, "column")
    unnamed_seen: set[int] = set()
    rows: list[Row] = []
    table.rows = rows
    for position, values in enumerate(frame.itertuples(index=False, name=None)):
        loc = Location(file, position + 2)
        cells = [_cell(value, loc) for value in values]
        if all(c.kind == "empty" for c in cells):
            continue  # a blank row, as a blank line of a CSV file
        row: dict[str, Cell] = {}
        for index, (name, c) in enumerate(zip(columns, cells, strict=True)):
            if name:
                row[name] = c
            elif name == "" and c.kind != "empty" and index not in unnamed_seen:
                unnamed_seen.add(index)
                problems.append(unnamed_column(index, say("rows.line", n=loc.line), loc))
        rows.append(Row(loc, row, {}))
    return table


def _missing(value: object) -> bool:
    """None, NaN, pandas' NA and NaT: a value not given."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    # pandas.NA and pandas.NaT without importing pandas
    return type(value).__name__ in ("NAType", "NaTType")


def _cell(value: object, loc: Location) -> Cell:
    if _missing(value):
        return Cell("empty", None, loc)
    if isinstance(value, str):
        text = value.strip()
        return Cell("text", text, loc) if text else Cell("empty", None, loc)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return Cell("bad", ("wrong-type", say("cell.boolean", value=value), False), loc)
    if isinstance(value, _dt.date | _dt.time | _dt.timedelta) or type(value).__name__ in (
            "datetime64", "timedelta64"):
        return Cell("bad", ("wrong-type", say("cell.date_value", value=value), False), loc)
    number = _number(value)
    if number is not None:
        return Cell("number", number, loc)
    if isinstance(value, Real | Decimal):
        return Cell("bad", ("not-finite", say("cell.non_finite", value=value), False), loc)
    return Cell("bad", ("wrong-type", say("cell.other_type", type=type(value).__name__,
                                          value=f"{value!r:.40}"), False), loc)


def _number(value: object) -> Fraction | None:
    """The exact value of a Python or numpy number; None when it is not a finite one."""
    try:
        if isinstance(value, Integral):
            return Fraction(int(value))
        if isinstance(value, float):  # numpy's float64 too, whose repr is not a number
            return to_exact(float(value))
        if isinstance(value, Decimal | Fraction):
            return to_exact(value)
        if isinstance(value, Real):  # numpy float32/float16: the decimal they print as
            return to_exact(Decimal(str(value)))
    except ValueError:
        return None
    return None
