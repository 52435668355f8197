"""Selection workbooks (XLSX): the candidates template, laid out for filling in by hand,
and a selection's results.

Both are deterministic (the same policy and data give the same bytes: dates fixed to the
policy's year, as :func:`plut_rules.render.spreadsheet.workbook_bytes` does), and no text
cell is ever stored as a formula.  openpyxl is imported when a workbook is made.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from plut_rules.exact import round_half_away
from plut_rules.model import Policy
from plut_rules.policy import CANDIDATE_COLUMNS, CERT_PREFIX, EDUCATION
from plut_rules.render.spreadsheet import workbook_bytes
from plut_rules.selection.explain import Lang, outcome_label, summary
from plut_rules.selection.model import Selection
from plut_rules.selection.semantics import required_selection

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["CANDIDATE_ROWS", "candidates_template", "selection_xlsx"]

#: Rows of the candidates sheet the template's checks cover.
CANDIDATE_ROWS = 1000

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HEAD_FILL = "FFD9E1F2"

_NOTES = {
    "id": "Kode kandidat, unik (mis. CK-01). Satu baris per kandidat.",
    "name": "Nama lengkap kandidat.",
    "unit": "Pilih unit PLUT yang dilamar dari daftar (lembar referensi).",
    "field": "Pilih bidang yang dilamar dari daftar (lembar referensi).",
    "education": f"Pendidikan terakhir, pilih dari daftar: {', '.join(EDUCATION)}.",
    "experience_years": "Lama pengalaman kerja dalam tahun, angka 0 atau lebih.",
    "birth_year": "Tahun lahir, empat angka.",
    "domicile": "Domisili, mis. kode kabupaten/kota (pangkalpinang).",
}


def _text(cell: Any, value: str) -> None:
    """Write ``value`` as a text cell; neutralise what a spreadsheet would run as a formula."""
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _header(ws: Worksheet, names: list[str], widths: list[int]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (name, width) in enumerate(zip(names, widths, strict=True), 1):
        cell = ws.cell(1, col)
        _text(cell, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEAD_FILL)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def _note(cell: Any, text: str) -> None:
    from openpyxl.comments import Comment

    comment = Comment(text, "plut-rules")
    comment.width, comment.height = 320, 140
    cell.comment = comment


def _check(ws: Worksheet, column: str, **kwargs: Any) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(allow_blank=True, showErrorMessage=True, showInputMessage=True,
                        errorStyle="stop", **kwargs)
    ws.add_data_validation(dv)
    dv.add(f"{column}2:{column}{CANDIDATE_ROWS + 1}")


def _book(policy: Policy) -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    # no wall-clock time in the file: the same policy gives the same bytes
    stamp = datetime(policy.year, 1, 1)
    book.properties.creator = "plut-rules"
    book.properties.created = stamp
    book.properties.modified = stamp
    return book


def _number(value: Fraction, places: int | None = None) -> int | float:
    if places is not None:
        value = round_half_away(value, places)
    return value.numerator if value.denominator == 1 else float(value)


def candidates_template(policy: Policy) -> bytes:
    """The candidates workbook for ``policy``'s ``selection:`` section: a ``kandidat`` sheet
    with a column per candidate variable, certificate and component, dropdowns for
    education, unit and field, number checks, and a reference sheet."""
    from openpyxl.utils import get_column_letter

    sel = required_selection(policy)
    book = _book(policy)
    sheet = book.active
    assert sheet is not None
    sheet.title = "kandidat"
    ref = book.create_sheet("referensi")
    certs = [CERT_PREFIX + x for x in sel.certificates]
    components = [c.id for c in sel.components]
    names = [*CANDIDATE_COLUMNS, *certs, *components]
    _header(sheet, names, [12, 30, 18, 22, 12, 14, 12, 18] + [14] * (len(certs)
                                                                     + len(components)))
    for col, name in enumerate(names, 1):
        if name in _NOTES:
            _note(sheet.cell(1, col), _NOTES[name])
        elif name in certs:
            _note(sheet.cell(1, col), f"Memiliki sertifikat {name[len(CERT_PREFIX):]}? Pilih "
                                      "ya atau tidak. Wajib diisi.")
        else:
            comp = next(c for c in sel.components if c.id == name)
            minimum = "" if comp.minimum is None else f"; minimum {comp.minimum}"
            _note(sheet.cell(1, col), f"{comp.label}: nilai 0 sampai 100{minimum}. Boleh "
                                      "kosong hanya untuk kandidat yang tidak memenuhi syarat.")
    # reference lists: units, fields, education levels
    lists: list[tuple[str, list[str]]] = [("unit", [u.id for u in policy.units]),
                                          ("bidang", [f.id for f in policy.fields]),
                                          ("pendidikan", list(EDUCATION))]
    for col, (title, values) in enumerate(lists, 1):
        _text(ref.cell(1, col), title)
        ref.column_dimensions[get_column_letter(col)].width = 24
        for row, value in enumerate(values, 2):
            _text(ref.cell(row, col), value)
    column = {name: get_column_letter(n) for n, name in enumerate(names, 1)}
    for name, ref_col, count, title in (("unit", "A", len(policy.units), "Unit"),
                                        ("field", "B", len(policy.fields), "Bidang"),
                                        ("education", "C", len(EDUCATION), "Pendidikan")):
        _check(sheet, column[name], type="list",
               formula1=f"referensi!${ref_col}$2:${ref_col}${count + 1}",
               errorTitle=title, error="Pilih dari daftar.", promptTitle=title,
               prompt="Pilih dari daftar.")
    _check(sheet, column["experience_years"], type="decimal", operator="greaterThanOrEqual",
           formula1="0", errorTitle="Pengalaman", error="Tulis angka 0 atau lebih.")
    _check(sheet, column["birth_year"], type="whole", operator="between", formula1="1900",
           formula2=str(policy.year), errorTitle="Tahun lahir",
           error=f"Tulis tahun empat angka, paling lambat {policy.year}.")
    for name in certs:
        _check(sheet, column[name], type="list", formula1='"ya,tidak"',
               errorTitle="Sertifikat", error="Pilih ya atau tidak.")
    for name in components:
        _check(sheet, column[name], type="decimal", operator="between", formula1="0",
               formula2="100", errorTitle="Nilai", error="Tulis angka 0 sampai 100.")
    book.active = 0
    return workbook_bytes(book)


def selection_xlsx(selection: Selection, lang: Lang = "id") -> bytes:
    """A selection as a workbook: one row per candidate (sorted by id), then the
    component scores, the seats left unfilled and the identity of policy and data."""
    policy = selection.policy
    book = _book(policy)
    sheet = book.active
    assert sheet is not None
    names = (("hasil_seleksi", "nilai_komponen", "formasi_belum_terisi", "info") if lang == "id"
             else ("results", "component_scores", "unfilled", "info"))
    sheet.title = names[0]
    scores, unfilled, info = (book.create_sheet(n) for n in names[1:])
    _header(sheet, ["candidate", "name", "unit", "field", "outcome", "rank", "total", "reasons",
                    "summary"], [12, 28, 16, 22, 22, 8, 10, 24, 90])
    for r, res in enumerate(selection.candidates, 2):
        c = res.candidate
        _row(sheet, r, [c.id, c.name, c.unit, c.field, outcome_label(res.outcome, lang),
                        res.rank, None if res.total is None else _number(res.total, 2),
                        " ".join(res.reasons), summary(res, selection, lang)])
    _header(scores, ["candidate", "component", "score", "weight", "contribution", "minimum",
                     "passed"], [12, 18, 10, 10, 14, 10, 8])
    row = 2
    for res in selection.candidates:
        for p in res.components:
            _row(scores, row, [res.candidate.id, p.id, _number(p.score), _number(p.weight),
                               _number(p.contribution, 4),
                               None if p.minimum is None else _number(p.minimum),
                               "yes" if p.passed else "no"])
            row += 1
    _header(unfilled, ["unit", "field", "open"], [18, 22, 8])
    for r, v in enumerate(selection.unfilled, 2):
        _row(unfilled, r, [v.unit, v.field, v.open])
    basis = selection.basis.document() if selection.basis is not None else {}
    rows: list[list[Any]] = [["policy", policy.id], ["year", policy.year],
                             ["policy_sha256", policy.sha256],
                             ["candidates_sha256", selection.candidates_sha256],
                             ["engine", f"{selection.engine_name} {selection.engine_version}"]]
    rows += [[f"basis {k}", v] for k, v in basis.items() if v is not None]
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 90
    for r, values in enumerate(rows, 1):
        _row(info, r, values)
    return workbook_bytes(book)


def _row(ws: Worksheet, r: int, values: list[Any]) -> None:
    for col, value in enumerate(values, 1):
        if value is None or value == "":
            continue
        if isinstance(value, str):
            _text(ws.cell(r, col), value)
        else:
            ws.cell(r, col).value = value
