"""Excel workbooks (.xlsx, .xlsm): the sheet that holds the table, its header and rows.

openpyxl is imported only when a workbook is read; the cells of a sheet are streamed by
:mod:`~plut_rules.readers.xlsx_cells`, as stored.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any

from plut_rules.errors import Location, Problem
from plut_rules.exact import decimal_text
from plut_rules.readers.number_rules import STYLE_SHEET
from plut_rules.readers.rows import (
    Cell,
    Row,
    Table,
    check_header,
    empty_file,
    kind_words,
    primed,
    unnamed_column,
)
from plut_rules.readers.schemas import SCHEMAS, TableSchema
from plut_rules.readers.xlsx_cells import SheetRows, merged_ranges, sheet_part
from plut_rules.wording import Words, say

__all__ = ["read_xlsx_table"]

# A workbook is a zip: refuse one whose parts would expand beyond this.
_MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024


def read_xlsx_table(
    data: bytes, file: str, schema: TableSchema, problems: list[Problem]
) -> Table | None:
    """The table of a workbook's sheet, or None when none can be read (with its problem)."""
    not_xlsx = Problem.worded("not-xlsx", say("xlsx.not_xlsx"), Location(file))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        problems.append(not_xlsx)
        return None
    if expanded > _MAX_XLSX_UNCOMPRESSED:
        problems.append(Problem.worded(
            "file-too-large", say("xlsx.expands", n=f"{expanded:,}"), Location(file)))
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import openpyxl  # imported here: only spreadsheet input pays for it

            # Read-only: the sheet is streamed row by row as stored, never as the range it
            # declares (one stray cell at XFD1048576 declares 17 billion cells).
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds on a damaged file
            problems.append(not_xlsx)
            return None
        sheet = _pick_sheet(book, file, schema, problems)
        if sheet is None:
            return None
    title = sheet.title
    if sheet.sheet_state != "visible":
        problems.append(Problem.worded(
            "hidden-sheet", say("xlsx.hidden_sheet", sheet=repr(title)),
            Location(file, sheet=title, cell="A1")))
    part = sheet_part(sheet)
    try:
        merged = merged_ranges(data, part)
    except Exception:  # a damaged sheet part, found only while reading it
        problems.append(not_xlsx)
        return None
    table = Table(schema, STYLE_SHEET)
    sheet_rows = SheetRows(file, title, data, part, sheet, values[title])
    table.rows = primed(_rows(sheet_rows, table, merged, problems))
    return table


def _rows(
    sheet: SheetRows, table: Table, merged: list[tuple[int, int, int, int, str]],
    problems: list[Problem],
) -> Iterator[Row]:
    """The data rows of a sheet, checking the header first (problems as they are met)."""
    columns: list[str | None] | None = None
    unnamed_seen: set[int] = set()
    for row_number, cells in sheet.rows(problems):
        if not any(c.kind != "empty" for c in cells):
            continue  # an empty row
        if columns is None:
            columns = _header(cells, table, problems)
            for min_row, min_col, max_row, _max_col, coord in merged:
                if max_row >= row_number:
                    problems.append(Problem.worded(
                        "merged-cells", say("xlsx.merged", cells=coord),
                        sheet.place(min_row, min_col)))
            continue
        row: dict[str, Cell] = {}
        for index in range(len(cells), len(columns)):  # right of the row's last stored cell
            missing = columns[index]
            if missing:
                row[missing] = Cell("empty", None, sheet.place(row_number, index + 1))
        for index, c in enumerate(cells):
            name = columns[index] if index < len(columns) else ""
            if name:
                row[name] = c
            elif name == "" and c.kind != "empty" and index not in unnamed_seen:
                unnamed_seen.add(index)
                where = table.where(c.loc)
                problems.append(unnamed_column(index, say("rows.cell", cell=where.cell), where))
        yield Row(sheet.place(row_number, 1), row, {})
    if columns is None:
        problems.append(empty_file(sheet.file, table.schema, sheet.place(1, 1)))


def _header(cells: list[Cell], table: Table, problems: list[Problem]) -> list[str | None]:
    names: list[tuple[str, Location]] = []
    unusable: set[int] = set()
    for c in cells:
        if c.kind == "text":
            names.append((c.value, table.where(c.loc)))
        elif c.kind == "number":
            names.append((decimal_text(c.value), table.where(c.loc)))
        elif c.kind == "empty":
            names.append(("", table.where(c.loc)))
        else:
            code, description, standalone = c.value
            problems.append(Problem.worded(
                "bad-column-name" if not standalone else code,
                description if standalone else say("xlsx.header_cell", description=description),
                table.where(c.loc)))
            names.append(("", table.where(c.loc)))
            unusable.add(len(names) - 1)
    columns = check_header(names, table.schema, table, problems, "column")
    for index in unusable:
        columns[index] = None
    return columns


def _pick_sheet(book: Any, file: str, schema: TableSchema, problems: list[Problem]) -> Any:
    sheets = list(book.worksheets)
    titles = [s.title for s in sheets]
    named = [s for s in sheets if s.title.strip().lower() in schema.sheets]
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        problems.append(Problem.worded(
            "sheet-ambiguous", say("xlsx.sheet_ambiguous", kind=kind_words(schema.kind),
                                   sheets=", ".join(repr(s.title) for s in named)),
            Location(file)))
        return None
    visible = [s for s in sheets if s.sheet_state == "visible"]
    other = SCHEMAS[schema.other]
    if len(visible) == 1 and visible[0].title.strip().lower() not in other.sheets:
        return visible[0]
    wanted = Words.same(repr(schema.sheets[0]))
    for name in schema.sheets[1:]:
        wanted += say("xlsx.or") + repr(name)
    problems.append(Problem.worded(
        "sheet-not-found", say("xlsx.sheet_not_found", wanted=wanted,
                               sheets=", ".join(repr(t) for t in titles),
                               kind=kind_words(schema.kind), name=repr(schema.sheets[0])),
        Location(file)))
    return None
