"""Excel workbooks (.xlsx, .xlsm): the sheet that holds the table and its cell values.

openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import warnings
import zipfile
from typing import Any

from plut_rules.errors import Location, Problem
from plut_rules.exact import decimal_text, to_exact
from plut_rules.readers.number_rules import STYLE_SHEET
from plut_rules.readers.rows import Cell, Row, Table, check_header, empty_file, unnamed_column
from plut_rules.readers.schemas import SCHEMAS, TableSchema

__all__ = ["read_xlsx_table"]

# A workbook is a zip: refuse one whose parts would expand beyond this.
_MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024


def read_xlsx_table(
    data: bytes, file: str, schema: TableSchema, problems: list[Problem]
) -> Table | None:
    """The table of a workbook's sheet, or None when none can be read (with its problem)."""
    not_xlsx = Problem(
        "not-xlsx",
        "the file cannot be opened as an Excel workbook; save it from the spreadsheet app "
        "as 'Excel Workbook (.xlsx)' (an old .xls file must be saved again as .xlsx)",
        Location(file),
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        problems.append(not_xlsx)
        return None
    if expanded > _MAX_XLSX_UNCOMPRESSED:
        problems.append(
            Problem(
                "file-too-large",
                f"the workbook expands to {expanded:,} bytes; keep only the data sheet and "
                "remove unrelated sheets, images and formatting",
                Location(file),
            )
        )
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import openpyxl  # imported here: only spreadsheet input pays for it

            book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
        except Exception:  # openpyxl raises many kinds on a damaged file
            problems.append(not_xlsx)
            return None
        sheet = _pick_sheet(book, file, schema, problems)
        if sheet is None:
            return None
        title = sheet.title
        if sheet.sheet_state != "visible":
            problems.append(
                Problem(
                    "hidden-sheet",
                    f"the sheet {title!r} is hidden; unhide it (right-click a sheet tab, "
                    "Unhide) so that what is read is what you see",
                    Location(file, sheet=title, cell="A1"),
                )
            )
        try:
            grid = [list(r) for r in sheet.iter_rows()]
            formulas = [c for r in grid for c in r if getattr(c, "data_type", None) == "f"]
            cached: dict[str, tuple[Any, str]] = {}
            if formulas:
                values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)[title]
                for c in formulas:
                    v = values[c.coordinate]
                    cached[c.coordinate] = (v.value, v.data_type)
            merged = [
                (rng.min_row, rng.min_col, rng.max_row, rng.max_col, rng.coord)
                for rng in sheet.merged_cells.ranges
            ]
        except Exception:  # pragma: no cover - a damaged sheet found only while reading
            problems.append(not_xlsx)
            return None

    def place(row: int, col: int) -> Location:
        from openpyxl.utils import get_column_letter

        return Location(file, row, sheet=title, cell=f"{get_column_letter(col)}{row}")

    def cell_of(c: Any) -> Cell:
        loc = place(c.row, c.column)
        value, kind = c.value, c.data_type
        if kind == "f":
            formula = str(getattr(c.value, "text", c.value))
            value, kind = cached.get(c.coordinate, (None, "n"))
            if value is None and kind != "str":
                return Cell(
                    "bad",
                    (
                        "formula-not-calculated",
                        f"the formula {formula} in this cell has no saved result (the file "
                        "was written by a program that does not calculate formulas); open "
                        "the file in the spreadsheet app and save it again",
                        True,
                    ),
                    loc,
                )
        cell = _sheet_value(value, kind, loc)
        if cell.kind == "number" and _percent_format(getattr(c, "number_format", None)):
            # What the user sees: 0.95 formatted as a percentage shows 95%, read as 95.
            cell = cell._replace(value=cell.value * 100)
        return cell

    header_index = next(
        (i for i, r in enumerate(grid) if any(_sheet_value_present(cell_of(c)) for c in r)),
        None,
    )
    if header_index is None:
        problems.append(empty_file(file, schema, place(1, 1)))
        return None
    table = Table(schema, STYLE_SHEET)
    header_cells = [cell_of(c) for c in grid[header_index]]
    header_row = header_index + 1
    names: list[tuple[str, Location]] = []
    unusable: set[int] = set()
    for c in header_cells:
        if c.kind == "text":
            names.append((c.value, table.where(c.loc)))
        elif c.kind == "number":
            names.append((decimal_text(c.value), table.where(c.loc)))
        elif c.kind == "empty":
            names.append(("", table.where(c.loc)))
        else:
            code, description, standalone = c.value
            problems.append(
                Problem(
                    "bad-column-name" if not standalone else code,
                    description
                    if standalone
                    else f"the header cell holds {description}; write the column name as text",
                    table.where(c.loc),
                )
            )
            names.append(("", table.where(c.loc)))
            unusable.add(len(names) - 1)
    columns = check_header(names, schema, table, problems, "column")
    for index in unusable:
        columns[index] = None
    for min_row, min_col, max_row, _max_col, coord in merged:
        if max_row >= header_row:
            problems.append(
                Problem(
                    "merged-cells",
                    f"the cells {coord} are merged; unmerge them and write the value in "
                    "every cell (data rows cannot share a cell)",
                    place(min_row, min_col),
                )
            )
    unnamed_seen: set[int] = set()
    for r in grid[header_index + 1 :]:
        cells = [cell_of(c) for c in r]
        if not any(_sheet_value_present(c) for c in cells):
            continue  # empty row
        row_number = r[0].row
        row_loc = place(row_number, 1)
        row: dict[str, Cell] = {}
        for index, c in enumerate(cells):
            name = columns[index] if index < len(columns) else ""
            if name:
                row[name] = c
            elif name == "" and _sheet_value_present(c) and index not in unnamed_seen:
                unnamed_seen.add(index)
                where = table.where(c.loc)
                problems.append(unnamed_column(index, f"cell {where.cell}", where))
        table.rows.append(Row(row_loc, row, {}))
    return table


def _percent_format(number_format: object) -> bool:
    """Whether a cell's number format shows its value as a percentage (a ``%`` outside
    quoted text and escapes, e.g. ``0%`` or ``0.00%``)."""
    if not isinstance(number_format, str):
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _sheet_value_present(cell: Cell) -> bool:
    return cell.kind != "empty"


def _sheet_value(value: Any, data_type: str, loc: Location) -> Cell:
    if value is None:
        return Cell("empty", None, loc)
    if data_type == "e":
        return Cell(
            "bad",
            (
                "formula-error",
                f"the cell shows the error {value}; correct the formula or value in the "
                "spreadsheet and save it again",
                True,
            ),
            loc,
        )
    if isinstance(value, bool):
        return Cell("bad", ("wrong-type", f"the logical value {str(value).upper()}", False), loc)
    if isinstance(value, int | float):
        try:
            return Cell("number", to_exact(value), loc)
        except ValueError:
            return Cell("bad", ("not-finite", f"the non-finite number {value}", False), loc)
    if isinstance(value, _dt.datetime | _dt.date | _dt.time | _dt.timedelta):
        return Cell(
            "bad",
            ("wrong-type", "a date or time (format the cell as General, not Date)", False),
            loc,
        )
    text = str(value).strip()
    return Cell("text", text, loc) if text else Cell("empty", None, loc)


def _pick_sheet(book: Any, file: str, schema: TableSchema, problems: list[Problem]) -> Any:
    sheets = list(book.worksheets)
    titles = [s.title for s in sheets]
    named = [s for s in sheets if s.title.strip().lower() in schema.sheets]
    if len(named) == 1:
        return named[0]
    wanted = " or ".join(repr(n) for n in schema.sheets)
    if len(named) > 1:
        problems.append(
            Problem(
                "sheet-ambiguous",
                f"the workbook has more than one {schema.kind} sheet "
                f"({', '.join(repr(s.title) for s in named)}); keep one of them",
                Location(file),
            )
        )
        return None
    visible = [s for s in sheets if s.sheet_state == "visible"]
    other = SCHEMAS[schema.other]
    if len(visible) == 1 and visible[0].title.strip().lower() not in other.sheets:
        return visible[0]
    problems.append(
        Problem(
            "sheet-not-found",
            f"no sheet named {wanted} in the workbook (its sheets: "
            f"{', '.join(repr(t) for t in titles)}); rename the sheet that holds the "
            f"{schema.kind} to {schema.sheets[0]!r}",
            Location(file),
        )
    )
    return None
