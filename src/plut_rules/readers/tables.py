"""Reading the input tables: consultants and achievements, from CSV, XLSX or JSON.

Every row becomes a frozen :class:`~plut_rules.model.Consultant` or
:class:`~plut_rules.model.Achievement`.  Nothing here raises on bad input or
prints: every problem found in a file is returned at once as an
:class:`~plut_rules.errors.Problem` with its place in the file (line, or sheet
and cell) and the column it concerns, and says what to write instead.  Rows
with a problem are left out of the returned list; a caller must not evaluate
while any error exists.

Numbers are exact: a number means the decimal written (see
``docs/data-files.md`` for the rules of each format).  A number that could be
read two ways, such as ``1.250`` in a semicolon-separated file, is an error,
never a guess.
"""

from __future__ import annotations

import bisect
import csv
import datetime as _dt
import io
import itertools
import json
import os
import re
import warnings
import zipfile
from collections.abc import Callable
from fractions import Fraction
from typing import Any, Literal, NamedTuple

import attrs

from plut_rules.errors import Location, Problem, did_you_mean, sort_problems
from plut_rules.exact import decimal_text, parse_decimal, to_exact
from plut_rules.model import Achievement, Consultant

__all__ = [
    "MAX_FILE_BYTES",
    "Format",
    "detect_format",
    "parse_achievements",
    "parse_consultants",
    "read_achievements",
    "read_consultants",
]

Format = Literal["csv", "xlsx", "json"]

#: Input files above this size are refused without being read.
MAX_FILE_BYTES = 50 * 1024 * 1024
# A workbook is a zip: refuse one whose parts would expand beyond this.
_MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024
# JSON nesting deeper than this is refused (a data file needs three levels).
_MAX_JSON_DEPTH = 64
# Digits in one number: more is certainly a mistake (and would be slow to convert).
_MAX_DIGITS = 60

_EXTENSIONS: dict[str, Format] = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json"}

_FIELD_ID = re.compile(r"[a-z][a-z0-9_]*")

# The C string scanner of the json module: (text, index after the opening quote, strict)
# -> (the string, index after the closing quote).  Not in the type stubs.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]

# --------------------------------------------------------------------------- tables


@attrs.frozen
class _Schema:
    kind: str  # "consultants" / "achievements"
    row_noun: str  # what one row is, for messages
    required: tuple[str, ...]
    optional: tuple[str, ...]
    prefix: str | None  # "competence_" for consultants
    sheets: tuple[str, ...]  # sheet names, lower case
    other: str  # the other kind, to recognise a file given in the wrong place

    def known(self) -> tuple[str, ...]:
        return self.required + self.optional


_CONSULTANTS = _Schema(
    "consultants",
    "consultant",
    ("id", "name", "unit", "field", "appointed"),
    (),
    "competence_",
    ("consultants", "konsultan"),
    "achievements",
)
_ACHIEVEMENTS = _Schema(
    "achievements",
    "achievement",
    ("consultant", "indicator", "achievement"),
    ("target",),
    None,
    ("achievements", "capaian"),
    "consultants",
)
_SCHEMAS = {s.kind: s for s in (_CONSULTANTS, _ACHIEVEMENTS)}

# Number styles: how text in a cell is read as a number.
_COMMA, _SEMICOLON, _SHEET, _JSON = "comma", "semicolon", "sheet", "json"


class _Cell(NamedTuple):
    """One value of a row, already told apart by kind.

    ``kind`` is ``empty``, ``text`` (a str), ``number`` (a Fraction, from a
    numeric spreadsheet cell or a JSON number) or ``bad`` (``value`` is a
    ``(code, description)`` pair: a date, a boolean, a formula error...).
    """

    kind: str
    value: Any
    loc: Location | int  # an int is a JSON offset, made a Location by the table's ``locate``


class _Row(NamedTuple):
    loc: Location
    cells: dict[str, _Cell]
    paths: dict[str, str]  # column -> path to name in problems, when not the column itself


@attrs.define
class _Table:
    schema: _Schema
    style: str
    rows: list[_Row] = attrs.Factory(list)
    # Required columns that the header lacks (reported once, at the header).
    missing: set[str] = attrs.Factory(set)
    # A header problem that makes every row unreadable (duplicate column...).
    broken: bool = False
    # Turns a JSON offset into a Location.
    locate: Callable[[int], Location] | None = None

    def where(self, loc: Location | int) -> Location:
        if isinstance(loc, Location):
            return loc
        assert self.locate is not None
        return self.locate(loc)


def _where(loc: Location) -> str:
    """How a message names a row: ``row 5`` in a spreadsheet, ``line 5`` in a text file."""
    return f"row {loc.line}" if loc.sheet is not None else f"line {loc.line}"


def _norm(name: str) -> str:
    return name.strip().lower()


# --------------------------------------------------------------------------- public API


def detect_format(path: str | os.PathLike[str]) -> Format | None:
    """The format of a data file by its extension (``.csv``, ``.xlsx``/``.xlsm``, ``.json``)."""
    return _EXTENSIONS.get(os.path.splitext(os.fspath(path))[1].lower())


def read_consultants(
    path: str | os.PathLike[str], *, display: str | None = None
) -> tuple[list[Consultant], list[Problem]]:
    """Read a consultants file; ``display`` is the name used in locations (default: ``path``)."""
    data, fmt, file, problems = _read_file(path, display)
    if data is None or fmt is None:
        return [], problems
    return parse_consultants(data, file, fmt)


def read_achievements(
    path: str | os.PathLike[str], *, display: str | None = None
) -> tuple[list[Achievement], list[Problem]]:
    """Read an achievements file; ``display`` is the name used in locations (default: ``path``)."""
    data, fmt, file, problems = _read_file(path, display)
    if data is None or fmt is None:
        return [], problems
    return parse_achievements(data, file, fmt)


def parse_consultants(
    data: bytes, file: str, fmt: Format
) -> tuple[list[Consultant], list[Problem]]:
    """Consultants from the bytes of a file in ``fmt``, with every problem found."""
    problems: list[Problem] = []
    table = _parse_table(data, file, fmt, _CONSULTANTS, problems)
    result = _build_consultants(table, problems) if table is not None else []
    return result, list(sort_problems(problems))


def parse_achievements(
    data: bytes, file: str, fmt: Format
) -> tuple[list[Achievement], list[Problem]]:
    """Achievements from the bytes of a file in ``fmt``, with every problem found."""
    problems: list[Problem] = []
    table = _parse_table(data, file, fmt, _ACHIEVEMENTS, problems)
    result = _build_achievements(table, problems) if table is not None else []
    return result, list(sort_problems(problems))


# --------------------------------------------------------------------------- files


def _read_file(
    path: str | os.PathLike[str], display: str | None
) -> tuple[bytes | None, Format | None, str, list[Problem]]:
    file = display if display is not None else os.fspath(path)
    where = Location(file)
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        return (
            None,
            None,
            file,
            [
                Problem(
                    "file-not-found", "the file does not exist; check the name and folder", where
                )
            ],
        )
    except OSError as exc:
        return None, None, file, [_unreadable(exc, where)]
    fmt = detect_format(path)
    if fmt is None:
        ext = os.path.splitext(os.fspath(path))[1] or "(none)"
        return (
            None,
            None,
            file,
            [
                Problem(
                    "unknown-format",
                    f"the file extension {ext} is not a data format this tool reads; "
                    "save the table as .csv (CSV UTF-8), .xlsx or .json",
                    where,
                )
            ],
        )
    if size > MAX_FILE_BYTES:
        return None, fmt, file, [_too_large(size, where)]
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, fmt, file, [_unreadable(exc, where)]
    if len(data) > MAX_FILE_BYTES:
        return None, fmt, file, [_too_large(len(data), where)]
    return data, fmt, file, []


def _unreadable(exc: OSError, where: Location) -> Problem:
    if isinstance(exc, IsADirectoryError):
        reason = "it is a folder, not a file"
    elif isinstance(exc, PermissionError):
        reason = "permission denied"
    else:
        reason = exc.strerror or str(exc)
    return Problem(
        "file-unreadable",
        f"the file cannot be read ({reason}); give the path of a data file you can open",
        where,
    )


def _too_large(size: int, where: Location) -> Problem:
    return Problem(
        "file-too-large",
        f"the file is {size:,} bytes or more; data files are limited to "
        f"{MAX_FILE_BYTES:,} bytes (50 MB); split it or remove unrelated sheets and columns",
        where,
    )


def _parse_table(
    data: bytes, file: str, fmt: Format, schema: _Schema, problems: list[Problem]
) -> _Table | None:
    if len(data) > MAX_FILE_BYTES:
        problems.append(_too_large(len(data), Location(file)))
        return None
    if fmt == "csv":
        return _read_csv(data, file, schema, problems)
    if fmt == "xlsx":
        return _read_xlsx(data, file, schema, problems)
    if fmt == "json":
        return _read_json(data, file, schema, problems)
    problems.append(
        Problem(
            "unknown-format", f"unknown data format {fmt!r}; use csv, xlsx or json", Location(file)
        )
    )
    return None


def _decode(data: bytes, file: str, problems: list[Problem]) -> str | None:
    """The text of a UTF-8 file (a BOM is allowed), or None with a problem."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = ""
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = " (it is UTF-16, which Excel calls 'Unicode Text')"
        problems.append(
            Problem(
                "not-utf8",
                f"the file is not UTF-8{hint}: byte 0x{data[exc.start]:02x} on line {line} "
                "cannot be read; save the file as UTF-8 (in Excel: Save As, "
                "'CSV UTF-8 (Comma delimited)')",
                Location(file, line, column),
            )
        )
        return None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        problems.append(
            Problem(
                "not-utf8",
                f"the file holds NUL characters (first on line {line}), so it is not a UTF-8 "
                "text file (perhaps UTF-16 or a workbook renamed); save it as UTF-8 "
                "(in Excel: Save As, 'CSV UTF-8 (Comma delimited)')",
                Location(file, line),
            )
        )
        return None
    return text


# --------------------------------------------------------------------------- headers


def _check_header(
    names: list[tuple[str, Location]],
    schema: _Schema,
    table: _Table,
    problems: list[Problem],
    file_kind: str,
) -> list[str | None]:
    """Map each header position to a known column name (None: ignored or unusable).

    Empty header names map to ``""`` so that the caller can check that their
    column holds no values.
    """
    other = _SCHEMAS[schema.other]
    normalized = {_norm(n) for n, _ in names}
    if set(other.required) <= normalized and not set(schema.required) & normalized:
        problems.append(
            Problem(
                "wrong-file",
                f"this looks like {_article(other.kind)} {other.kind} file, but {schema.kind} "
                f"were expected; give the {schema.kind} file here "
                f"(columns: {', '.join(schema.required)})",
                names[0][1] if names else None,
            )
        )
        table.broken = True
        return [None] * len(names)
    columns: list[str | None] = []
    seen: dict[str, Location] = {}
    known = schema.known()
    for raw, loc in names:
        name = _norm(raw)
        if not name:
            columns.append("")
            continue
        if name in seen:
            problems.append(
                Problem(
                    "duplicate-column",
                    f"the column {name!r} appears twice in the header (first at "
                    f"{_header_place(seen[name])}); keep one of them",
                    loc,
                    path=name,
                )
            )
            table.broken = True
            columns.append(None)
            continue
        seen[name] = loc
        if name in known:
            columns.append(name)
            continue
        if schema.prefix is not None and name.startswith(schema.prefix):
            field = name[len(schema.prefix) :]
            if _FIELD_ID.fullmatch(field):
                columns.append(name)
                continue
            problems.append(
                Problem(
                    "bad-column-name",
                    f"the column {raw.strip()!r} does not name a field: after "
                    f"'{schema.prefix}' write a field id from the policy in lower case "
                    "letters, digits and '_', e.g. competence_produksi",
                    loc,
                    path=name,
                )
            )
            columns.append(None)
            continue
        problems.append(_unknown_column(raw.strip(), name, loc, schema, file_kind))
        columns.append(None)
    present = {c for c in columns if c}
    missing = [c for c in schema.required if c not in present]
    if missing:
        first = names[0][1] if names else None
        for name in missing:
            problems.append(
                Problem(
                    "missing-column",
                    f"the required column {name!r} is missing from the header; add a column "
                    f"named {name!r} ({schema.kind} need: {', '.join(schema.required)})",
                    first,
                    path=name,
                )
            )
        table.missing.update(missing)
    return columns


def _header_place(loc: Location) -> str:
    if loc.sheet is not None:
        return f"cell {loc.cell}"
    if loc.column is not None:
        return f"line {loc.line}, column {loc.column}"
    return f"line {loc.line}"


def _unknown_column(
    shown: str, name: str, loc: Location, schema: _Schema, file_kind: str
) -> Problem:
    candidates = set(schema.known())
    if schema.prefix is not None:
        # "competance_produksi" -> "competence_produksi"; "competence produksi" too.
        for sep in ("_", " ", "-"):
            if sep in name:
                candidates.add(schema.prefix + name.split(sep, 1)[1].replace(" ", "_"))
    suggestion = did_you_mean(name, candidates)
    allowed = ", ".join(schema.known())
    if schema.prefix is not None:
        allowed += f", {schema.prefix}<field>"
    return Problem(
        "unknown-column",
        f"unknown {file_kind} {shown!r}; rename or remove it ({schema.kind} {file_kind}s are: "
        f"{allowed})",
        loc,
        path=name,
        suggestion=suggestion,
    )


# --------------------------------------------------------------------------- CSV


def _read_csv(data: bytes, file: str, schema: _Schema, problems: list[Problem]) -> _Table | None:
    text = _decode(data, file, problems)
    if text is None:
        return None
    header_line = next((ln for ln in io.StringIO(text, newline="") if ln.strip()), None)
    if header_line is None:
        problems.append(_empty_file(file, schema, Location(file, 1)))
        return None
    if ";" in header_line:
        delimiter, style = ";", _SEMICOLON
    else:
        delimiter, style = ",", _COMMA
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
    table = _Table(schema, style)
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
            columns = _check_header([(c, loc) for c in stripped], schema, table, problems, "column")
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
                split = _decimal_comma_split(stripped)
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
        row: dict[str, _Cell] = {}
        for index, (name, value) in enumerate(zip(columns, stripped, strict=True)):
            if name:
                row[name] = _Cell("text", value, loc) if value else _Cell("empty", None, loc)
            elif name == "" and value and index not in unnamed_seen:
                unnamed_seen.add(index)
                problems.append(_unnamed_column(index, _where(loc), Location(file, start)))
        table.rows.append(_Row(loc, row, {}))
    if columns is None:
        problems.append(_empty_file(file, schema, Location(file, 1)))
        return None
    return table


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _decimal_comma_split(cells: list[str]) -> tuple[str, str] | None:
    """The last two neighbouring cells that read as one number split at a comma."""
    found = None
    for left, right in itertools.pairwise(cells):
        if re.fullmatch(r"[0-9]+", left) and re.fullmatch(r"[0-9]+", right):
            found = left, right
    return found


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


def _unnamed_column(index: int, first: str, loc: Location) -> Problem:
    return Problem(
        "unnamed-column",
        f"column {index + 1} has no name in the header but holds values (first at {first}); "
        "write a column name in the header or remove the values",
        loc,
    )


def _empty_file(file: str, schema: _Schema, loc: Location) -> Problem:
    return Problem(
        "empty-file",
        f"there is no header row; the first row must name the columns: "
        f"{', '.join(schema.required)}",
        loc,
    )


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(data: bytes, file: str, schema: _Schema, problems: list[Problem]) -> _Table | None:
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

    def cell_of(c: Any) -> _Cell:
        loc = place(c.row, c.column)
        value, kind = c.value, c.data_type
        if kind == "f":
            formula = str(getattr(c.value, "text", c.value))
            value, kind = cached.get(c.coordinate, (None, "n"))
            if value is None and kind != "str":
                return _Cell(
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
        problems.append(_empty_file(file, schema, place(1, 1)))
        return None
    table = _Table(schema, _SHEET)
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
    columns = _check_header(names, schema, table, problems, "column")
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
        row: dict[str, _Cell] = {}
        for index, c in enumerate(cells):
            name = columns[index] if index < len(columns) else ""
            if name:
                row[name] = c
            elif name == "" and _sheet_value_present(c) and index not in unnamed_seen:
                unnamed_seen.add(index)
                where = table.where(c.loc)
                problems.append(_unnamed_column(index, f"cell {where.cell}", where))
        table.rows.append(_Row(row_loc, row, {}))
    return table


def _percent_format(number_format: object) -> bool:
    """Whether a cell's number format shows its value as a percentage (a ``%`` outside
    quoted text and escapes, e.g. ``0%`` or ``0.00%``)."""
    if not isinstance(number_format, str):
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _sheet_value_present(cell: _Cell) -> bool:
    return cell.kind != "empty"


def _sheet_value(value: Any, data_type: str, loc: Location) -> _Cell:
    if value is None:
        return _Cell("empty", None, loc)
    if data_type == "e":
        return _Cell(
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
        return _Cell("bad", ("wrong-type", f"the logical value {str(value).upper()}", False), loc)
    if isinstance(value, int | float):
        try:
            return _Cell("number", to_exact(value), loc)
        except ValueError:
            return _Cell("bad", ("not-finite", f"the non-finite number {value}", False), loc)
    if isinstance(value, _dt.datetime | _dt.date | _dt.time | _dt.timedelta):
        return _Cell(
            "bad",
            ("wrong-type", "a date or time (format the cell as General, not Date)", False),
            loc,
        )
    text = str(value).strip()
    return _Cell("text", text, loc) if text else _Cell("empty", None, loc)


def _pick_sheet(book: Any, file: str, schema: _Schema, problems: list[Problem]) -> Any:
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
    other = _SCHEMAS[schema.other]
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


# --------------------------------------------------------------------------- JSON


_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_JSON_CONSTANTS: dict[str, tuple[str, str]] = {  # first character -> (word, kind)
    "t": ("true", "bool"),
    "f": ("false", "bool"),
    "n": ("null", "null"),
    "N": ("NaN", "nonfinite"),
    "I": ("Infinity", "nonfinite"),
}


class _JNode(NamedTuple):
    """A JSON value and the character offset where it starts.

    ``value`` is a dict ``key -> (key offset, node)`` for an object, a list of
    nodes for an array, the str, the exact Fraction, a bool or None.  Offsets
    become a :class:`Location` only when a problem needs one.
    """

    kind: str  # object, array, str, number, bool, null, nonfinite
    value: Any
    pos: int
    raw: str


class _TooDeep(Exception):
    pass


class _JsonReader:
    """A JSON parser that keeps where every value starts.

    It runs on text that :func:`json.loads` has accepted, so it need not
    report syntax errors; it reports duplicate keys, which json.loads ignores.
    """

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.problems: list[Problem] = []

    def loc(self, pos: int) -> Location:
        line = bisect.bisect_left(self.newlines, pos)
        start = self.newlines[line - 1] + 1 if line else 0
        return Location(self.file, line + 1, pos - start + 1)

    def skip(self, pos: int) -> int:
        match = _JSON_WS.match(self.text, pos)
        return match.end() if match else pos

    def value(self, pos: int, depth: int) -> tuple[_JNode, int]:
        if depth > _MAX_JSON_DEPTH:
            raise _TooDeep(pos)
        text = self.text
        char = text[pos]
        if char == "{":
            return self.mapping(pos, depth)
        if char == "[":
            return self.sequence(pos, depth)
        if char == '"':
            string, end = _scanstring(text, pos + 1, True)
            return _JNode("str", string, pos, string), end
        constant = _JSON_CONSTANTS.get(char)
        if constant is not None:
            word, kind = constant
            flag = None if kind != "bool" else word == "true"
            return _JNode(kind, flag, pos, word), pos + len(word)
        if text.startswith("-Infinity", pos):
            return _JNode("nonfinite", None, pos, "-Infinity"), pos + 9
        match = _JSON_NUMBER.match(text, pos)
        if match is None:  # pragma: no cover - json.loads accepted the text
            raise ValueError(pos)
        raw = match.group()
        number = parse_decimal(raw)
        if number is None:
            return _JNode("nonfinite", None, pos, raw), match.end()
        return _JNode("number", number, pos, raw), match.end()

    def mapping(self, start: int, depth: int) -> tuple[_JNode, int]:
        items: dict[str, tuple[int, _JNode]] = {}
        text = self.text
        pos = self.skip(start + 1)
        if text[pos] == "}":
            return _JNode("object", items, start, "{"), pos + 1
        while True:
            key_pos = pos
            name, pos = _scanstring(text, pos + 1, True)
            pos = self.skip(self.skip(pos) + 1)  # past the ':'
            node, pos = self.value(pos, depth + 1)
            if name in items:
                self.problems.append(
                    Problem(
                        "duplicate-key",
                        f"the key {name!r} is given twice in this object (first at "
                        f"{_header_place(self.loc(items[name][0]))}); remove one of them",
                        self.loc(key_pos),
                        path=_norm(name),
                    )
                )
            else:
                items[name] = (key_pos, node)
            pos = self.skip(pos)
            if text[pos] == "}":
                return _JNode("object", items, start, "{"), pos + 1
            pos = self.skip(pos + 1)  # past the ','

    def sequence(self, start: int, depth: int) -> tuple[_JNode, int]:
        items: list[_JNode] = []
        text = self.text
        pos = self.skip(start + 1)
        if text[pos] == "]":
            return _JNode("array", items, start, "["), pos + 1
        while True:
            node, pos = self.value(pos, depth + 1)
            items.append(node)
            pos = self.skip(pos)
            if text[pos] == "]":
                return _JNode("array", items, start, "["), pos + 1
            pos = self.skip(pos + 1)


def _parse_json(
    data: bytes, file: str, problems: list[Problem]
) -> tuple[_JNode, _JsonReader] | None:
    text = _decode(data, file, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(
            Problem(
                "empty-file",
                'the file is empty; write a JSON list of objects, e.g. [{"id": "PKP-01", ...}]',
                Location(file, 1, 1),
            )
        )
        return None
    try:
        json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                "json-syntax",
                f"the JSON cannot be read: {exc.msg} (line {exc.lineno}, column {exc.colno}); "
                "correct the file there (a common cause is a missing or extra comma)",
                Location(file, exc.lineno, exc.colno),
            )
        )
        return None
    except RecursionError:
        problems.append(_json_too_deep(Location(file)))
        return None
    reader = _JsonReader(text, file)
    try:
        tree, _ = reader.value(reader.skip(0), 0)
    except _TooDeep as exc:
        problems.append(_json_too_deep(reader.loc(exc.args[0])))
        return None
    problems.extend(reader.problems)
    return tree, reader


def _json_too_deep(loc: Location) -> Problem:
    return Problem(
        "too-deep",
        "the JSON is nested too deeply; a data file is a list of flat objects",
        loc,
    )


def _read_json(data: bytes, file: str, schema: _Schema, problems: list[Problem]) -> _Table | None:
    parsed = _parse_json(data, file, problems)
    if parsed is None:
        return None
    tree, reader = parsed
    other = _SCHEMAS[schema.other]
    shape = f'a list of objects, [{{...}}, {{...}}], or {{"{schema.kind}": [{{...}}, ...]}}'
    items: list[_JNode] | None = None
    if tree.kind == "array":
        items = tree.value
    elif tree.kind == "object" and len(tree.value) == 1:
        ((key, (_, inner)),) = tree.value.items()
        if _norm(key) == schema.kind and inner.kind == "array":
            items = inner.value
        elif _norm(key) == other.kind:
            problems.append(
                Problem(
                    "wrong-file",
                    f"this is an {other.kind} file, but {schema.kind} were expected; give the "
                    f"{schema.kind} file here",
                    reader.loc(tree.pos),
                )
            )
            return None
    if items is None:
        problems.append(
            Problem("bad-structure", f"the file must hold {shape}", reader.loc(tree.pos))
        )
        return None
    table = _Table(schema, _JSON, locate=reader.loc)
    unknown: dict[str, list[int]] = {}
    for item in items:
        if item.kind != "object":
            problems.append(
                Problem(
                    "bad-structure",
                    f"each entry of the list must be an object {{...}} describing one "
                    f"{schema.row_noun}; this one is not",
                    reader.loc(item.pos),
                )
            )
            continue
        table.rows.append(_json_row(item, reader, schema, problems, unknown))
    if (
        table.rows
        and set(other.required) <= {_norm(k) for k in unknown}
        and not any(row.cells for row in table.rows)
    ):
        problems.append(
            Problem(
                "wrong-file",
                f"this looks like {_article(other.kind)} {other.kind} file, but {schema.kind} "
                f"were expected; give the {schema.kind} file here "
                f"(keys: {', '.join(schema.required)})",
                reader.loc(tree.pos),
            )
        )
        table.broken = True
        return table
    for name, places in unknown.items():
        problem = _unknown_column(name, _norm(name), reader.loc(places[0]), schema, "key")
        if len(places) > 1:
            more = len(places) - 1
            problem = attrs.evolve(
                problem,
                message=problem.message + f" (also in {more} more object{'s' if more > 1 else ''})",
            )
        problems.append(problem)
    return table


def _json_cell(node: _JNode) -> _Cell:
    kind = node.kind
    if kind == "str":
        text = node.value.strip()
        return _Cell("text", text, node.pos) if text else _Cell("empty", None, node.pos)
    if kind == "number":
        return _Cell("number", node.value, node.pos)
    if kind == "null":
        return _Cell("empty", None, node.pos)
    if kind == "nonfinite":
        description = f"{node.raw}, which is not a finite number"
        return _Cell("bad", ("not-finite", description, False), node.pos)
    if kind == "bool":
        return _Cell("bad", ("wrong-type", f"the boolean {node.raw}", False), node.pos)
    if kind == "object":
        return _Cell("bad", ("wrong-type", "an object {...}", False), node.pos)
    return _Cell("bad", ("wrong-type", "a list [...]", False), node.pos)


def _json_row(
    item: _JNode,
    reader: _JsonReader,
    schema: _Schema,
    problems: list[Problem],
    unknown: dict[str, list[int]],
) -> _Row:
    cells: dict[str, _Cell] = {}
    paths: dict[str, str] = {}
    given: dict[str, int] = {}
    known = schema.known()
    prefix = schema.prefix

    def put(name: str, cell: _Cell, key_pos: int, path: str) -> None:
        if name in cells:
            problems.append(
                Problem(
                    "duplicate-key",
                    f"{path!r} repeats {paths.get(name, name)!r} (first at "
                    f"{_header_place(reader.loc(given[name]))}); keep one of them",
                    reader.loc(key_pos),
                    path=path,
                )
            )
            return
        cells[name] = cell
        given[name] = key_pos
        if path != name:
            paths[name] = path

    for raw, (key_pos, node) in item.value.items():
        name = _norm(raw)
        if name in known:
            put(name, _json_cell(node), key_pos, name)
        elif prefix is not None and name == "competences":
            if node.kind == "null":
                continue
            if node.kind != "object":
                problems.append(
                    Problem(
                        "wrong-type",
                        "competences must be an object of field ids and levels, e.g. "
                        '{"produksi": 80, "pemasaran": 65}',
                        reader.loc(node.pos),
                        path="competences",
                    )
                )
                continue
            for field_raw, (field_pos, level) in node.value.items():
                field = _norm(field_raw)
                if not _FIELD_ID.fullmatch(field):
                    problems.append(
                        Problem(
                            "bad-column-name",
                            f"{field_raw!r} is not a field id; write a field id from the "
                            "policy in lower case letters, digits and '_', e.g. produksi",
                            reader.loc(field_pos),
                            path=f"competences.{field_raw}",
                        )
                    )
                    continue
                put(prefix + field, _json_cell(level), field_pos, f"competences.{field}")
        elif prefix is not None and name.startswith(prefix):
            if _FIELD_ID.fullmatch(name[len(prefix) :]):
                put(name, _json_cell(node), key_pos, name)
            else:
                problems.append(
                    Problem(
                        "bad-column-name",
                        f"the key {raw!r} does not name a field: after '{prefix}' "
                        "write a field id from the policy in lower case letters, digits "
                        "and '_', e.g. competence_produksi",
                        reader.loc(key_pos),
                        path=name,
                    )
                )
        else:
            unknown.setdefault(raw.strip(), []).append(key_pos)
    return _Row(reader.loc(item.pos), cells, paths)


# --------------------------------------------------------------------------- numbers

_COMMA_NUMBER = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")
_SEMICOLON_NUMBER = re.compile(r"(-?)([0-9]{1,3}(?:\.[0-9]{3})+(?=,)|[0-9]+)(?:,([0-9]+))?")
_SHEET_SIMPLE = re.compile(r"(-?)([0-9]+)(?:[.,]([0-9]+))?")
_SHEET_DOT_THOUSANDS = re.compile(r"(-?)([0-9]{1,3}(?:\.[0-9]{3})+),([0-9]+)")
_SHEET_COMMA_THOUSANDS = re.compile(r"(-?)([0-9]{1,3}(?:,[0-9]{3})+)\.([0-9]+)")
_GROUPED = re.compile(r"-?[0-9]{1,3}(?:([.,])[0-9]{3})+")
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity|∞)", re.IGNORECASE)
_SHEET_ERROR = re.compile(
    r"#(?:DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|GETTING_DATA)"
)


class _BadNumber(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _exact(sign: str, whole: str, frac: str | None) -> Fraction:
    whole = whole.replace(".", "").replace(",", "")
    if len(whole) + len(frac or "") > _MAX_DIGITS:
        raise _BadNumber(
            "not-a-number", f"has more than {_MAX_DIGITS} digits; write the value itself"
        )
    value = Fraction(int(whole + (frac or "")), 10 ** len(frac or ""))
    return -value if sign else value


def _point_name(style: str) -> tuple[str, str]:
    """The decimal mark of a style, and an example number written with it."""
    if style == _SEMICOLON:
        return "comma", "82,5"
    if style == _SHEET:
        return "point or comma", "82.5"
    return "point", "82.5"


def _text_number(text: str, style: str) -> Fraction:
    """The exact value of number text in ``style``, or :class:`_BadNumber` saying what to write."""
    if style == _COMMA:
        m = _COMMA_NUMBER.fullmatch(text)
        if m:
            return _exact(m[1], m[2], m[3])
    elif style == _SEMICOLON:
        m = _SEMICOLON_NUMBER.fullmatch(text)
        if m:
            return _exact(m[1], m[2], m[3])
    elif style == _SHEET:
        m = _SHEET_SIMPLE.fullmatch(text)
        if m and not (m[3] is not None and len(m[3]) == 3 and _ambiguous_whole(m[2])):
            return _exact(m[1], m[2], m[3])
        m = _SHEET_DOT_THOUSANDS.fullmatch(text) or _SHEET_COMMA_THOUSANDS.fullmatch(text)
        if m:
            return _exact(m[1], m[2], m[3])
    raise _bad_number(text, style)


def _ambiguous_whole(whole: str) -> bool:
    """Whether ``whole`` could be the first group of a thousands-separated number."""
    return len(whole) <= 3 and whole != "0"


def _bad_number(text: str, style: str) -> _BadNumber:
    mark, example = _point_name(style)
    shown = repr(text)
    if _NON_FINITE.fullmatch(text):
        return _BadNumber(
            "not-finite", f"{shown} is not a finite number; write a number such as {example}"
        )
    if _SHEET_ERROR.match(text):
        return _BadNumber(
            "formula-error",
            f"{shown} is a spreadsheet error value; correct the formula in the spreadsheet "
            "and save or export the file again",
        )
    grouped = _GROUPED.fullmatch(text)
    if grouped:
        sep = grouped[1]
        plain = text.replace(sep, "")
        if text.count(sep) == 1:
            point = "," if style == _SEMICOLON else "."
            whole, _, frac = text.partition(sep)
            decimal = f"{whole}{point}{frac.rstrip('0')}".rstrip(point)
            return _BadNumber(
                "ambiguous-number",
                f"{shown} could be read two ways, as {plain} or as {decimal}; write {plain} or "
                f"{decimal}, whichever you mean (write numbers without thousands separators)",
            )
        return _BadNumber(
            "ambiguous-number",
            f"{shown} uses '{sep}' as a thousands separator; write it without separators: {plain}",
        )
    if style == _COMMA and re.fullmatch(r"-?[0-9]+,[0-9]+", text):
        fixed = text.replace(",", ".")
        return _BadNumber(
            "not-a-number",
            f"{shown} has a decimal comma, but in this comma-separated file decimals are "
            f"written with a point: write {fixed}",
        )
    if style == _SEMICOLON and re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        fixed = text.replace(".", ",")
        return _BadNumber(
            "not-a-number",
            f"{shown} has a decimal point, but in this semicolon-separated file decimals are "
            f"written with a comma: write {fixed}",
        )
    if style in (_COMMA, _SEMICOLON) and (
        _SHEET_DOT_THOUSANDS.fullmatch(text) or _SHEET_COMMA_THOUSANDS.fullmatch(text)
    ):
        m = _SHEET_DOT_THOUSANDS.fullmatch(text) or _SHEET_COMMA_THOUSANDS.fullmatch(text)
        assert m is not None
        point = "," if style == _SEMICOLON else "."
        fixed = f"{m[1]}{m[2].replace('.', '').replace(',', '')}{point}{m[3]}"
        return _BadNumber(
            "not-a-number",
            f"{shown} has a thousands separator, which this file does not use; write {fixed}",
        )
    cleaned = re.sub(r"(?i)^rp\.?|%$|\s", "", text)
    if cleaned and cleaned != text:
        try:
            value = _text_number(cleaned, style)
        except _BadNumber:
            pass
        else:
            del value
            return _BadNumber(
                "not-a-number",
                f"{shown} is not a plain number; write the number only, without units, "
                f"'%', 'Rp' or spaces: {cleaned}",
            )
    return _BadNumber(
        "not-a-number",
        f"{shown} is not a number; write digits with an optional decimal {mark}, e.g. {example}",
    )


# --------------------------------------------------------------------------- rows


_HINTS = {
    "id": "the consultant's id, e.g. PKP-01",
    "name": "the consultant's full name",
    "unit": "the unit id from the policy, e.g. pangkalpinang",
    "field": "the field id from the policy, e.g. pemasaran",
    "appointed": "the year of first appointment, e.g. 2016",
    "consultant": "the consultant's id as in the consultants file, e.g. PKP-01",
    "indicator": "the indicator id from the policy, e.g. umkm_akses_pasar",
    "achievement": "the achievement (capaian) as a number; write 0 if nothing was achieved",
    "target": "a target greater than 0, or leave it empty to use the policy's target",
}


class _RowReader:
    """Reads the values of one row, recording each problem; ``ok`` is False after any."""

    def __init__(self, table: _Table, row: _Row, problems: list[Problem]) -> None:
        self.table = table
        self.row = row
        self.problems = problems
        self.ok = not table.broken  # a broken header makes no row usable

    def fail(self, code: str, message: str, column: str, loc: Location | int | None = None) -> None:
        self.ok = False
        where = self.row.loc if loc is None else self.table.where(loc)
        self.problems.append(Problem(code, message, where, path=self.row.paths.get(column, column)))

    def cell(self, column: str, required: bool) -> _Cell | None:
        """The cell of ``column``, or None when it is empty (a problem if ``required``)."""
        cell = self.row.cells.get(column)
        if cell is None:
            if column in self.table.missing or self.table.broken:
                self.ok = False  # reported once, at the header
            elif required:
                what = "key" if self.table.style == _JSON else "column"
                self.fail(
                    "missing-value",
                    f"the {what} {column!r} is missing; add it with {_HINTS[column]}",
                    column,
                )
            return None
        if cell.kind == "empty":
            if required:
                self.fail(
                    "missing-value",
                    f"{column!r} is empty; write {_HINTS[column]}",
                    column,
                    cell.loc,
                )
            return None
        return cell

    def text(self, column: str) -> str:
        cell = self.cell(column, required=True)
        if cell is None:
            return ""
        if cell.kind == "text":
            return str(cell.value)
        if cell.kind == "number":
            return decimal_text(cell.value)
        self.bad(cell, column, _HINTS[column])
        return ""

    def number(self, column: str, required: bool, hint: str) -> Fraction | None:
        cell = self.cell(column, required)
        if cell is None:
            return None
        if cell.kind == "number":
            value: Fraction = cell.value
            return value
        if cell.kind == "bad":
            self.bad(cell, column, hint)
            return None
        text = str(cell.value)
        if self.table.style == _JSON:
            quoted = parse_decimal(text) is not None
            if quoted:
                message = (
                    f'{column!r} is the text "{text}", not a number; remove the quotes: {text}'
                )
                code = "quoted-number"
            else:
                message = f'{column!r} is the text "{text}", not a number; write {hint}'
                code = "not-a-number"
            self.fail(code, message, column, cell.loc)
            return None
        try:
            return _text_number(text, self.table.style)
        except _BadNumber as exc:
            if column == "appointed":
                self.fail("not-a-year", f"{text!r} is not a year; write {hint}", column, cell.loc)
            else:
                self.fail(exc.code, exc.message, column, cell.loc)
            return None

    def bad(self, cell: _Cell, column: str, hint: str) -> None:
        code, description, standalone = cell.value
        message = description if standalone else f"{column!r} holds {description}; write {hint}"
        self.fail(code, message, column, cell.loc)

    def loc_of(self, column: str) -> Location | int:
        cell = self.row.cells.get(column)
        return cell.loc if cell is not None else self.row.loc


def _shown(value: Fraction) -> str:
    return decimal_text(value)


def _build_consultants(table: _Table, problems: list[Problem]) -> list[Consultant]:
    out: list[Consultant] = []
    first: dict[str, Location] = {}
    competence_columns = sorted(
        {c for row in table.rows for c in row.cells if c.startswith("competence_")}
    )
    _, example = _point_name(table.style)
    for row in table.rows:
        r = _RowReader(table, row, problems)
        cid = r.text("id")
        name = r.text("name")
        unit = r.text("unit")
        field = r.text("field")
        year = r.number("appointed", True, _HINTS["appointed"])
        appointed = 0
        if year is not None:
            if year.denominator != 1 or not 1000 <= year <= 9999:
                r.fail(
                    "not-a-year",
                    f"'appointed' is {_shown(year)}, which is not a year; write the year of "
                    "first appointment as four digits, e.g. 2016",
                    "appointed",
                    r.loc_of("appointed"),
                )
            else:
                appointed = int(year)
        competences: dict[str, Fraction] = {}
        for column in competence_columns:
            level = r.number(
                column, False, f"a level from 0 to 100 such as {example}, or leave it empty for 0"
            )
            if level is None:
                continue
            if not 0 <= level <= 100:
                r.fail(
                    "out-of-range",
                    f"{column!r} is {_shown(level)}; a competence is a level from 0 to 100 "
                    "(leave it empty for 0)",
                    column,
                    r.loc_of(column),
                )
                continue
            competences[column[len("competence_") :]] = level
        if cid and r.ok:
            earlier = first.get(cid)
            if earlier is not None:
                r.fail(
                    "duplicate-id",
                    f"the consultant id {cid!r} is already used at {_where(earlier)}; "
                    "give each consultant one row with a unique id",
                    "id",
                    r.loc_of("id"),
                )
            else:
                first[cid] = row.loc
        if not r.ok:
            continue
        try:
            out.append(
                Consultant(
                    id=cid,
                    name=name,
                    unit=unit,
                    field=field,
                    appointed=appointed,
                    competences=competences,
                    location=row.loc,
                )
            )
        except (ValueError, TypeError) as exc:  # pragma: no cover - every value was checked
            problems.append(_invalid_row(exc, row.loc))
    return out


def _build_achievements(table: _Table, problems: list[Problem]) -> list[Achievement]:
    out: list[Achievement] = []
    first: dict[tuple[str, str], Location] = {}
    _, example = _point_name(table.style)
    for row in table.rows:
        r = _RowReader(table, row, problems)
        consultant = r.text("consultant")
        indicator = r.text("indicator")
        value = r.number(
            "achievement", True, f"the achievement as a number such as {example} (0 if none)"
        )
        if value is not None and value < 0:
            r.fail(
                "out-of-range",
                f"'achievement' is {_shown(value)}; an achievement must be >= 0 "
                "(write 0 if nothing was achieved)",
                "achievement",
                r.loc_of("achievement"),
            )
        target = r.number(
            "target", False, f"a target greater than 0 such as {example}, or leave it empty"
        )
        if target is not None and target <= 0:
            r.fail(
                "out-of-range",
                f"'target' is {_shown(target)}; a target must be greater than 0 "
                "(leave it empty to use the policy's target)",
                "target",
                r.loc_of("target"),
            )
        if consultant and indicator and r.ok:
            key = (consultant, indicator)
            earlier = first.get(key)
            if earlier is not None:
                r.fail(
                    "duplicate-row",
                    f"consultant {consultant!r} already has an achievement for indicator "
                    f"{indicator!r} at {_where(earlier)}; keep one row per consultant and "
                    "indicator",
                    "indicator",
                    row.loc,
                )
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
            problems.append(_invalid_row(exc, row.loc))
    return out


def _invalid_row(exc: Exception, loc: Location) -> Problem:  # pragma: no cover
    return Problem("invalid-row", f"the row cannot be used: {exc}", loc)
