"""The stored cells of a workbook's sheet, row by row, as :class:`~plut_rules.readers.rows.Cell`
values: what a cell holds, its saved formula result, and what makes a cell unreadable.

A sheet is streamed with openpyxl's read-only mode, its declared dimensions ignored, so
that only the rows actually stored are read (a stray cell at ``XFD1048576`` costs one
row, not the 17 billion cells it would declare).  A row is given up to its last stored
cell; rows wider than the table cost in proportion, bounded by :data:`MAX_SHEET_SLOTS`.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import iterparse

from plut_rules.errors import Location, Problem
from plut_rules.exact import to_exact
from plut_rules.readers.rows import Cell
from plut_rules.wording import Words, say

__all__ = ["MAX_SHEET_SLOTS", "SheetRows", "merged_ranges", "sheet_part"]

#: Cells read from one sheet, counting the empty ones left of each row's last stored
#: cell: far above any table (a million rows of 12 columns), far below what a sheet
#: of stray far-right cells would make us walk.
MAX_SHEET_SLOTS = 2**25

# Formulas whose result comes from outside the workbook: another workbook ([1]Sheet!A1,
# 'C:\\x\\[b.xlsx]S'!A1), a web service or a DDE link (cmd|'/c calc'!A0).
_EXTERNAL = re.compile(
    r"\[\d+\]|\.xl[a-z]{1,2}\]|\b(?:WEBSERVICE|FILTERXML|RTD|STOCKHISTORY|IMPORTXML|"
    r"IMPORTDATA|IMPORTHTML|IMPORTRANGE|IMPORTFEED)\s*\(|^=?\s*[A-Za-z0-9_.]+\|",
    re.IGNORECASE,
)
# Stored rows read at once between two yields (memory: a few hundred kilobytes).
_BATCH = 512
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def sheet_part(sheet: Any) -> str | None:
    """The name of a read-only sheet's XML part in the workbook's zip (None: unknown)."""
    # openpyxl keeps it on the read-only sheet; it names no public accessor for it.
    part = getattr(sheet, "_worksheet_path", None)
    return part if isinstance(part, str) else None


def merged_ranges(data: bytes, part: str | None) -> list[tuple[int, int, int, int, str]]:
    """The merged ranges of the sheet part as (min_row, min_col, max_row, max_col, ref)."""
    if part is None:
        return []
    from openpyxl.utils.cell import range_boundaries

    out: list[tuple[int, int, int, int, str]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part) as xml:
        for _, element in iterparse(xml):
            if element.tag == f"{_MAIN_NS}mergeCell":
                ref = element.get("ref", "")
                min_col, min_row, max_col, max_row = range_boundaries(ref)
                if None not in (min_col, min_row, max_col, max_row):
                    out.append((min_row, min_col, max_row, max_col, ref))  # type: ignore[arg-type]
            if element.tag != f"{_MAIN_NS}mergeCells":
                element.clear()
    return out


class SheetRows:
    """The stored rows of a sheet (``sheet``, with ``values`` the same sheet read for its
    saved formula results), as ``(row number, cells)`` from column A."""

    def __init__(self, file: str, title: str, data: bytes, part: str | None, sheet: Any,
                 values: Any) -> None:
        self.file = file
        self.title = title
        self.data = data
        self.part = part
        self.sheet = sheet
        self.values = values

    def place(self, row: int, column: int) -> Location:
        """The location of a cell of the sheet."""
        from openpyxl.utils import get_column_letter

        return Location(self.file, row, sheet=self.title, cell=f"{get_column_letter(column)}{row}")

    def rows(self, problems: list[Problem]) -> Iterator[tuple[int, list[Cell]]]:
        """Each stored row that holds a cell; a cell that cannot be read, or a sheet far
        wider than its table, ends the rows with its problem."""
        self.sheet.reset_dimensions()
        self.values.reset_dimensions()
        # filter(None, ...) drops the empty rows openpyxl gives for each row not stored
        # (a million before a stray last row) without a step of ours for each.
        pairs = zip(filter(None, self.sheet.iter_rows()), filter(None, self.values.iter_rows()),
                    strict=False)
        slots = 0
        last = 0
        done = False
        while not done:
            batch: list[tuple[Any, Any]] = []
            # openpyxl's warnings are silenced batch by batch: a catch_warnings per row
            # would cost more than reading the row, and empty rows come by the million.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    while len(batch) < _BATCH:
                        batch.append(next(pairs))
                except StopIteration:
                    done = True
                except Exception:  # a value openpyxl cannot convert: name its cell
                    done = True
                    batch.append((None, None))
            for row, cached in batch:
                if row is None:
                    problems.append(self._unreadable(last))
                    return
                number = next(c.row for c in reversed(row) if hasattr(c, "row"))
                last = number
                slots += len(row)
                if slots > MAX_SHEET_SLOTS:
                    problems.append(Problem.worded(
                        "file-too-large", say("xlsx.too_wide", row=number, column=len(row),
                                              n=f"{MAX_SHEET_SLOTS:,}"),
                        self.place(number, len(row))))
                    return
                yield number, [self._cell(c, v, number, i + 1)
                               for i, (c, v) in enumerate(zip(row, cached, strict=False))]

    def _cell(self, c: Any, cached: Any, row: int, column: int) -> Cell:
        value = getattr(c, "value", None)
        if value is None:
            return Cell("empty", None, self.place(row, column))
        loc = self.place(row, column)
        kind = c.data_type
        if kind == "f":
            formula = str(getattr(value, "text", value))
            if _EXTERNAL.search(formula):
                return Cell("bad", ("formula-external",
                                    say("xlsx.external", formula=formula), True), loc)
            value, kind = getattr(cached, "value", None), getattr(cached, "data_type", "n")
            if value is None and kind != "str":  # a saved empty text result is empty
                return Cell("bad", ("formula-not-calculated",
                                    say("xlsx.not_calculated", formula=formula), True), loc)
        cell = sheet_value(value, kind, loc)
        if cell.kind == "number" and _percent_format(getattr(c, "number_format", None)):
            # What the user sees: 0.95 formatted as a percentage shows 95%, read as 95.
            cell = cell._replace(value=cell.value * 100)
        return cell

    def _unreadable(self, last: int) -> Problem:
        """The problem of the first cell (after row ``last``) whose stored value is not
        of its type, e.g. ``<v>NaN</v>`` in a number cell."""
        found = _first_bad_value(self.data, self.part)
        if found is None:
            return Problem.worded("bad-cell", say("xlsx.bad_cell_after", row=last),
                                  self.place(last + 1, 1))
        ref, kind, shown = found
        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        letters, row = coordinate_from_string(ref)
        return Problem.worded("bad-cell", say("xlsx.bad_cell", shown=shown, kind=kind),
                              self.place(row, column_index_from_string(letters)))


_NUMBER_TEXT = re.compile(r"\s*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*")
_KINDS = {"n": say("xlsx.kind_number"), "b": say("xlsx.kind_logical"),
          "s": say("xlsx.kind_text")}


def _first_bad_value(data: bytes, part: str | None) -> tuple[str, Words, str] | None:
    """The reference, type and shown value of the first cell whose value is not of its
    type (what made openpyxl fail), or None when none is found."""
    if part is None:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part) as xml:
            for _, element in iterparse(xml):
                if element.tag != f"{_MAIN_NS}c":
                    continue
                kind = element.get("t", "n")
                ref = element.get("r", "A1")
                text = element.findtext(f"{_MAIN_NS}v")
                element.clear()
                if text is None or kind not in ("n", "b", "s"):
                    continue
                if kind == "n":
                    ok = len(text) <= 400 and _NUMBER_TEXT.fullmatch(text) is not None
                elif kind == "b":
                    ok = text.strip() in ("0", "1")
                else:
                    ok = text.strip().isdigit() and len(text) < 10
                if not ok:
                    shown = repr(text if len(text) <= 40 else text[:30] + "...")
                    return ref, _KINDS[kind], shown
    except Exception:  # a damaged part: no cell to name
        return None
    return None


def _percent_format(number_format: object) -> bool:
    """Whether a cell's number format shows its value as a percentage (a ``%`` outside
    quoted text and escapes, e.g. ``0%`` or ``0.00%``)."""
    if not isinstance(number_format, str):
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def sheet_value(value: Any, data_type: str, loc: Location) -> Cell:
    """The cell of a stored value of openpyxl's ``data_type``."""
    if value is None:
        return Cell("empty", None, loc)
    if data_type == "e":
        return Cell("bad", ("formula-error", say("xlsx.error_value", value=value), True), loc)
    if isinstance(value, bool):
        return Cell("bad", ("wrong-type", say("cell.logical", value=str(value).upper()), False),
                    loc)
    if isinstance(value, int | float):
        try:
            return Cell("number", to_exact(value), loc)
        except ValueError:
            return Cell("bad", ("not-finite", say("cell.non_finite", value=value), False), loc)
    if isinstance(value, _dt.datetime | _dt.date | _dt.time | _dt.timedelta):
        return Cell("bad", ("wrong-type", say("cell.date"), False), loc)
    text = str(value).strip()
    return Cell("text", text, loc) if text else Cell("empty", None, loc)
