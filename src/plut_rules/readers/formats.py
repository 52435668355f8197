"""Which reader reads a data format: the table of a file (its bytes, or the file open as a
:class:`~plut_rules.readers.files.DataSource`) in CSV, XLSX or JSON."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from plut_rules.errors import Location, Problem, sort_problems
from plut_rules.readers.csv_files import read_csv_table
from plut_rules.readers.files import MAX_FILE_BYTES, DataSource, Format, too_large
from plut_rules.readers.json_files import read_json_table
from plut_rules.readers.rows import Row, Table
from plut_rules.readers.schemas import TableSchema
from plut_rules.readers.xlsx_files import read_xlsx_table
from plut_rules.wording import say

__all__ = ["parse_rows", "parse_table"]

T = TypeVar("T")


def parse_table(
    data: bytes | DataSource, file: str, fmt: Format, schema: TableSchema,
    problems: list[Problem],
) -> Table | None:
    """The rows of ``data`` as a table of ``schema``, or None when no row can be read.

    Every problem found is appended to ``problems``.  A CSV :class:`DataSource` is read
    line by line as the rows are asked for (it must stay open until they are read); any
    other format is read whole.
    """
    if isinstance(data, bytes) and len(data) > MAX_FILE_BYTES:
        problems.append(too_large(len(data), Location(file)))
        return None
    if fmt == "csv":
        return read_csv_table(data, file, schema, problems)
    if isinstance(data, DataSource) and fmt in ("xlsx", "json"):
        whole = data.read_whole(file, problems)
        if whole is None:
            return None
        data = whole
    if fmt == "xlsx" and isinstance(data, bytes):
        return read_xlsx_table(data, file, schema, problems)
    if fmt == "json" and isinstance(data, bytes):
        return read_json_table(data, file, schema, problems)
    problems.append(Problem.worded("unknown-format", say("file.unknown_format", fmt=repr(fmt)),
                                   Location(file)))
    return None


def parse_rows(
    data: bytes | DataSource, file: str, fmt: Format, schema: TableSchema,
    build: Callable[[Table, list[Problem]], T], nothing: T, *,
    keep_row: Callable[[Row], bool] | None = None,
) -> tuple[T, list[Problem]]:
    """The values ``build`` makes of the table of ``data`` (a file of ``schema`` in ``fmt``),
    or ``nothing`` when no table is read, with every problem found, sorted; rows for which
    ``keep_row`` is false are left out, neither checked nor read.

    Should a :class:`DataSource` have changed while it was read, what was read is void:
    ``nothing`` and that one problem.
    """
    problems: list[Problem] = []
    table = parse_table(data, file, fmt, schema, problems)
    if table is not None and keep_row is not None:
        table.rows = (row for row in table.rows if keep_row(row))
    result = build(table, problems) if table is not None else nothing
    if isinstance(data, DataSource) and data.unusable is not None:
        return nothing, [data.unusable]
    return result, list(sort_problems(problems))
