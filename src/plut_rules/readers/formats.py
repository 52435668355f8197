"""Which reader reads a data format: the table of a file's bytes in CSV, XLSX or JSON."""

from __future__ import annotations

from plut_rules.errors import Location, Problem
from plut_rules.readers.csv_files import read_csv_table
from plut_rules.readers.files import MAX_FILE_BYTES, Format, too_large
from plut_rules.readers.json_files import read_json_table
from plut_rules.readers.rows import Table
from plut_rules.readers.schemas import TableSchema
from plut_rules.readers.xlsx_files import read_xlsx_table

__all__ = ["parse_table"]


def parse_table(
    data: bytes, file: str, fmt: Format, schema: TableSchema, problems: list[Problem]
) -> Table | None:
    """The rows of ``data`` as a table of ``schema``, or None when no row can be read.

    Every problem found is appended to ``problems``.
    """
    if len(data) > MAX_FILE_BYTES:
        problems.append(too_large(len(data), Location(file)))
        return None
    if fmt == "csv":
        return read_csv_table(data, file, schema, problems)
    if fmt == "xlsx":
        return read_xlsx_table(data, file, schema, problems)
    if fmt == "json":
        return read_json_table(data, file, schema, problems)
    problems.append(
        Problem(
            "unknown-format", f"unknown data format {fmt!r}; use csv, xlsx or json", Location(file)
        )
    )
    return None
