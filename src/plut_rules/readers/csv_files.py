"""CSV data files: separated by ``,`` (decimal point) or ``;`` (decimal comma)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from plut_rules.errors import Location, Problem
from plut_rules.readers.files import decode_utf8
from plut_rules.readers.number_rules import STYLE_COMMA, STYLE_SEMICOLON, decimal_comma_split
from plut_rules.readers.rows import (
    Cell,
    Row,
    Table,
    check_header,
    empty_file,
    primed,
    row_place,
    unnamed_column,
)
from plut_rules.readers.schemas import TableSchema
from plut_rules.wording import Words, say

__all__ = ["read_csv_table"]


# Excel's first line naming the separator ("sep=;"), written by some exports.
_SEP_LINE = re.compile(r"\s*sep=(.?)\s*", re.IGNORECASE)


def _decoded_lines(data: bytes) -> Iterator[str]:
    """The physical lines of a valid UTF-8 file's bytes (a BOM skipped), decoded one at a
    time, with their line breaks (\r\n, \r or \n) as ``newline=""`` reads them."""
    source = io.BytesIO(data)  # shares the bytes: nothing is copied
    if data.startswith(b"\xef\xbb\xbf"):
        source.seek(3)
    yield from io.TextIOWrapper(source, encoding="utf-8", newline="")


def read_csv_table(
    data: bytes, file: str, schema: TableSchema, problems: list[Problem]
) -> Table | None:
    """The table of a CSV file, or None when no row can be read (with its problem).

    The rows are read as they are asked for, one at a time (see :class:`Table`).
    """
    if decode_utf8(data, file, problems) is None:
        return None
    # Checked whole, then read line by line from the bytes: the whole text is not held
    # beside the roster being built (a million consultants' file is 160 MB of it).
    lines = _decoded_lines(data)
    skip = 0  # physical lines before the header that are not data (a "sep=" line)
    header_line = None
    for header_line in lines:
        if header_line.strip():
            break
        skip += 1
    else:
        header_line = None
    if header_line is None:
        problems.append(empty_file(file, schema, Location(file, 1)))
        return None
    sep = _SEP_LINE.fullmatch(header_line)
    if sep is not None:
        skip += 1
        separator = sep[1]
        if separator not in (",", ";"):
            shown = say("csv.a_tab") if separator == "\t" else Words.same(repr(separator)) \
                if separator else say("csv.nothing")
            problems.append(Problem.worded(
                "csv-separator", say("csv.separator", line=repr(header_line.strip()),
                                     shown=shown), Location(file, skip)))
            return None
        delimiter = separator
        style = STYLE_SEMICOLON if delimiter == ";" else STYLE_COMMA
    elif ";" in header_line:
        delimiter, style = ";", STYLE_SEMICOLON
    else:
        delimiter, style = ",", STYLE_COMMA
        if "," not in header_line and "\t" in header_line:
            problems.append(Problem.worded("tab-separated", say("csv.tabs"), Location(file, 1)))
            return None
    table = Table(schema, style)
    table.rows = primed(_rows(data, skip, file, delimiter, table, problems))
    return table


def _rows(
    data: bytes, skip: int, file: str, delimiter: str, table: Table, problems: list[Problem]
) -> Iterator[Row]:
    """The data rows of a CSV file's bytes (valid UTF-8), checking the header first
    (problems as they are met)."""
    schema = table.schema
    lines = _decoded_lines(data)
    for _ in range(skip):
        next(lines)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    columns: list[str | None] | None = None
    unnamed_seen: set[int] = set()
    previous = skip  # the physical line where the previous row ended
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(_csv_error(exc, delimiter, Location(file, previous + 1)))
            if reader.line_num + skip <= previous:  # pragma: no cover - it always advances
                break
            previous = reader.line_num + skip
            continue
        start, end = previous + 1, reader.line_num + skip
        previous = end
        stripped = [c.strip() for c in cells]
        if not any(stripped):
            continue  # a blank line, or only separators
        loc = Location(file, start)
        if columns is None:
            columns = check_header([(c, loc) for c in stripped], schema, table, problems, "column")
            continue
        if len(cells) != len(columns):
            problems.append(_ragged(stripped, len(columns), start, end, delimiter, loc))
            continue
        row: dict[str, Cell] = {}
        for index, (name, value) in enumerate(zip(columns, stripped, strict=True)):
            if name:
                row[name] = Cell("text", value, loc) if value else Cell("empty", None, loc)
            elif name == "" and value and index not in unnamed_seen:
                unnamed_seen.add(index)
                problems.append(unnamed_column(index, row_place(loc), Location(file, start)))
        yield Row(loc, row, {})
    if columns is None:
        problems.append(empty_file(file, schema, Location(file, 1)))


def _ragged(
    stripped: list[str], width: int, start: int, end: int, delimiter: str, loc: Location
) -> Problem:
    """The problem of a row with more or fewer cells than the header's ``width``."""
    lines = say("rows.line", n=start) if start == end else \
        say("csv.lines", start=start, end=end)
    hint = say("csv.unclosed_hint") if start != end else \
        say("csv.stray_hint", delimiter=delimiter)
    if start == end and delimiter == "," and len(stripped) > width:
        split = decimal_comma_split(stripped)
        if split is not None:
            whole, part = split
            write = say("csv.write_grouped", plain=f"{whole}{part}",
                        decimal=f"{whole}.{part}".rstrip("0").rstrip(".")) \
                if len(part) == 3 else say("csv.write_decimal", decimal=f"{whole}.{part}")
            hint += say("csv.split_number", whole=whole, part=part, write=write)
    return Problem.worded("ragged-row", say("csv.ragged", lines=lines, n=len(stripped),
                                            width=width, hint=hint), loc)


def _csv_error(exc: csv.Error, delimiter: str, loc: Location) -> Problem:
    text = str(exc)
    if "expected after" in text:
        message = say("csv.after_quote", delimiter=delimiter)
    elif "end of data" in text:
        message = say("csv.never_closed")
    elif "field larger" in text:
        message = say("csv.cell_too_long")
    else:  # pragma: no cover - other csv errors are not produced by a str source
        message = say("csv.unreadable", reason=text)
    return Problem.worded("csv-syntax", message, loc)
