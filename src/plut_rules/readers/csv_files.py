"""CSV data files: separated by ``,`` (decimal point) or ``;`` (decimal comma)."""

from __future__ import annotations

import csv
import io

from plut_rules.errors import Location, Problem
from plut_rules.readers.files import decode_utf8
from plut_rules.readers.number_rules import STYLE_COMMA, STYLE_SEMICOLON, decimal_comma_split
from plut_rules.readers.rows import (
    Cell,
    Row,
    Table,
    check_header,
    empty_file,
    row_place,
    unnamed_column,
)
from plut_rules.readers.schemas import TableSchema

__all__ = ["read_csv_table"]


def read_csv_table(
    data: bytes, file: str, schema: TableSchema, problems: list[Problem]
) -> Table | None:
    """The table of a CSV file, or None when no row can be read (with its problem)."""
    text = decode_utf8(data, file, problems)
    if text is None:
        return None
    header_line = next((ln for ln in io.StringIO(text, newline="") if ln.strip()), None)
    if header_line is None:
        problems.append(empty_file(file, schema, Location(file, 1)))
        return None
    if ";" in header_line:
        delimiter, style = ";", STYLE_SEMICOLON
    else:
        delimiter, style = ",", STYLE_COMMA
        if "," not in header_line and "\t" in header_line:
            problems.append(
                Problem(
                    "tab-separated",
                    "the header is separated by tabs; save the table as CSV "
                    "(separated by ',' or ';'), e.g. 'CSV UTF-8' in Excel",
                    Location(file, 1),
                )
            )
            return None
    table = Table(schema, style)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    columns: list[str | None] | None = None
    unnamed_seen: set[int] = set()
    previous = 0  # the physical line where the previous row ended
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_csv_error(exc, delimiter, Location(file, previous + 1)))
            if reader.line_num <= previous:  # pragma: no cover - the reader always advances
                break
            previous = reader.line_num
            continue
        start, end = previous + 1, reader.line_num
        previous = end
        stripped = [c.strip() for c in cells]
        if not any(stripped):
            continue  # a blank line, or only separators
        loc = Location(file, start)
        if columns is None:
            columns = check_header([(c, loc) for c in stripped], schema, table, problems, "column")
            continue
        if len(cells) != len(columns):
            lines = f"line {start}" if start == end else f"lines {start}-{end}"
            hint = (
                '; a quoted cell may be missing its closing quote (")'
                if start != end
                else f"; check for a stray '{delimiter}' in a value (quote such values) "
                "or a missing cell"
            )
            if start == end and delimiter == "," and len(cells) > len(columns):
                split = decimal_comma_split(stripped)
                if split is not None:
                    whole, part = split
                    hint += (
                        f"; '{whole},{part}' looks like one number, but this file separates "
                        "cells with ',': write "
                        + (
                            f"{whole}{part} (no thousands separator) or "
                            + f"{whole}.{part}".rstrip("0").rstrip(".")
                            if len(part) == 3
                            else f"{whole}.{part} (a decimal point)"
                        )
                    )
            problems.append(
                Problem(
                    "ragged-row",
                    f"the row at {lines} has {len(cells)} cells but the header has "
                    f"{len(columns)}{hint}",
                    loc,
                )
            )
            continue
        row: dict[str, Cell] = {}
        for index, (name, value) in enumerate(zip(columns, stripped, strict=True)):
            if name:
                row[name] = Cell("text", value, loc) if value else Cell("empty", None, loc)
            elif name == "" and value and index not in unnamed_seen:
                unnamed_seen.add(index)
                problems.append(unnamed_column(index, row_place(loc), Location(file, start)))
        table.rows.append(Row(loc, row, {}))
    if columns is None:
        problems.append(empty_file(file, schema, Location(file, 1)))
        return None
    return table


def _csv_error(exc: csv.Error, delimiter: str, loc: Location) -> Problem:
    text = str(exc)
    if "expected after" in text:
        message = (
            'a quoted cell is followed by other characters; a cell that starts with " '
            f"must end with \" just before the next '{delimiter}' (write a quote inside a "
            'quoted cell as "")'
        )
    elif "end of data" in text:
        message = 'a quoted cell is never closed; add the closing quote (")'
    elif "field larger" in text:
        message = (
            "a cell is longer than the 131,072 characters allowed; check for a missing "
            'closing quote (")'
        )
    else:  # pragma: no cover - other csv errors are not produced by a str source
        message = f"the CSV cannot be read here ({text}); save the table again as CSV UTF-8"
    return Problem("csv-syntax", message, loc)
