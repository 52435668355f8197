"""CSV data files: separated by ``,`` (decimal point) or ``;`` (decimal comma)."""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator

from plut_rules.errors import Location, Problem
from plut_rules.readers.files import DataSource
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


def read_csv_table(
    source: bytes | DataSource, file: str, schema: TableSchema, problems: list[Problem]
) -> Table | None:
    """The table of a CSV file (its bytes, or a :class:`DataSource` open on it), or None
    when no row can be read (with its problem).

    The file is checked as UTF-8 first, then read line by line: the rows are read as they
    are asked for, one at a time (see :class:`Table`); neither its bytes nor its text are
    held whole beside the roster being built (a million consultants' file is 160 MB).
    A file that changed between the two passes gives its problem when the last row has
    been read (``DataSource.unusable``).
    """
    if isinstance(source, bytes):
        source = DataSource.of_bytes(source)
    if not source.check_utf8(file, problems):
        return None
    lines = source.lines(file, problems)
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
        rest = lines  # the header is the line after "sep="
    else:
        if ";" in header_line:
            delimiter, style = ";", STYLE_SEMICOLON
        else:
            delimiter, style = ",", STYLE_COMMA
            if "," not in header_line and "\t" in header_line:
                problems.append(Problem.worded("tab-separated", say("csv.tabs"),
                                               Location(file, 1)))
                return None
        rest = itertools.chain((header_line,), lines)
    table = Table(schema, style)
    table.rows = primed(_rows(rest, skip, file, delimiter, table, problems))
    return table


def _rows(
    lines: Iterator[str], skip: int, file: str, delimiter: str, table: Table,
    problems: list[Problem],
) -> Iterator[Row]:
    """The data rows of a CSV file's physical ``lines`` from its header on (``skip`` lines
    before them), checking the header first (problems as they are met)."""
    schema = table.schema
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
