"""Workbooks: the input template for a policy's year, and the evaluation as XLSX.

:func:`template_workbook` lays out the consultants and achievements sheets for
filling in by hand (dropdowns for unit, field, consultant and indicator; number
validation), with the policy's units, fields and indicators (labels, targets)
on a reference sheet and a readme sheet in Indonesian.  A template filled in
loads with :func:`plut_rules.load_roster` as it is.

:func:`to_xlsx` writes the decisions, the indicator details and the vacancies.
Text cells are always written as text: a cell that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) is
stored as text with the *quote prefix* style, exactly what a spreadsheet app
stores when one types ``'=...``, so it shows the text and never runs it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from plut_rules.exact import decimal_text, round_half_away
from plut_rules.model import Consultant, Evaluation, Indicator, Policy
from plut_rules.render.explain import Lang, outcome_label, source_text, summary
from plut_rules.render.output import sample_title
from plut_rules.visible import visible
from plut_rules.wording import words

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["DETAIL_COLUMNS", "TEMPLATE_ROWS", "template_workbook", "to_xlsx", "workbook_bytes"]

#: Rows of each input sheet that carry the dropdowns and number checks.
TEMPLATE_ROWS = 2000

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_HEAD_FILL = "FFD9E1F2"
_REF_FILL = "FFE2EFDA"


def _header(ws: Worksheet, names: Sequence[str], widths: Sequence[int]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    for col, (name, width) in enumerate(zip(names, widths, strict=True), 1):
        cell = ws.cell(1, col)
        _text(cell, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEAD_FILL)
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"


def _text(cell: Any, value: str) -> None:
    """Write ``value`` as a text cell; neutralise what a spreadsheet would run as a formula.
    A control character a workbook cannot hold (an escape) is written visibly (``\\x1b``);
    tab, line feed and carriage return are kept."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub(lambda m: visible(m.group()), value)
    cell.value = value
    cell.data_type = "s"  # never "f": openpyxl would store "=..." as a formula
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _number(value: Fraction, places: int | None = None) -> int | float:
    if places is not None:
        value = round_half_away(value, places)
    return value.numerator if value.denominator == 1 else float(value)


def _note(cell: Any, text: str) -> None:
    from openpyxl.comments import Comment

    comment = Comment(text, "plut-rules")
    comment.width, comment.height = 320, 140
    cell.comment = comment


def _validation(ws: Worksheet, column: str, **kwargs: Any) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(allow_blank=True, showErrorMessage=True, showInputMessage=True,
                        errorStyle="stop", **kwargs)
    ws.add_data_validation(dv)
    dv.add(f"{column}2:{column}{TEMPLATE_ROWS + 1}")


def _unique_indicators(policy: Policy) -> list[tuple[Indicator, list[str]]]:
    """Each indicator once (common ones too), with the fields that have it."""
    seen: dict[str, tuple[Indicator, list[str]]] = {}
    for field in policy.fields:
        for ind in field.indicators:
            seen.setdefault(ind.id, (ind, []))[1].append(field.id)
    return list(seen.values())


def _shown(value: Fraction | None) -> int | float | str:
    return "" if value is None else _number(value)


def template_workbook(policy: Policy, lang: Lang = "id", *, wide: bool = False,
                      roster: Sequence[Consultant] = ()) -> Workbook:
    """An input workbook for ``policy``'s year, laid out for filling in by hand.

    The column headers are in ``lang`` (``"id"``: ``nama``, ``tahun_pengangkatan``...;
    the readers accept both languages).  With ``wide``, the achievements sheet has one
    row per consultant and one column per indicator instead of one row per achievement.

    With ``roster`` (consultants, e.g. next year's from ``roster next``), the consultants
    sheet holds them, the achievements sheet one row per consultant and indicator of
    their field (the achievement left to fill in), and a sheet ``target_konsultan`` lists
    each consultant's indicators with their labels and targets.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from plut_rules.readers import header_name

    book = Workbook()
    readme = book.active
    assert readme is not None
    readme.title = "petunjuk"
    consultants = book.create_sheet("konsultan")
    achievements = book.create_sheet("capaian")
    ref = book.create_sheet("referensi")
    _fixed_properties(book, policy)

    # ------------------------------------------------------------------ reference sheet
    indicators = _unique_indicators(policy)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor=_REF_FILL)
    tables: list[tuple[int, list[str], list[list[Any]]]] = [
        (1, ["unit", "nama unit", "evaluator"],
         [[u.id, u.name, u.evaluator or ""] for u in policy.units]),
        (5, ["bidang", "nama bidang", "ambang keep", "penilaian"],
         [[f.id, f.name, _shown(f.thresholds.get("keep")), f.scoring] for f in policy.fields]),
        (10, ["indikator", "label", "target", "bobot", "minimum", "arah", "bidang"],
         [[ind.id, ind.label, _number(ind.target), _shown(ind.weight), _shown(ind.minimum),
           "makin tinggi makin baik" if ind.direction == "higher" else "makin rendah makin baik",
           "semua bidang" if ind.common else ", ".join(fields)]
          for ind, fields in indicators]),
    ]
    from openpyxl.utils import get_column_letter

    for first, names, rows in tables:
        for offset, name in enumerate(names):
            cell = ref.cell(1, first + offset)
            _text(cell, name)
            cell.font = bold
            cell.fill = fill
            ref.column_dimensions[get_column_letter(first + offset)].width = (
                48 if name in ("label", "nama unit", "evaluator") else 18)
        for r, row in enumerate(rows, 2):
            for offset, value in enumerate(row):
                cell = ref.cell(r, first + offset)
                if isinstance(value, str):
                    _text(cell, value)
                else:
                    cell.value = value
    ref.freeze_panes = "A2"
    unit_list = f"referensi!$A$2:$A${len(policy.units) + 1}"
    field_list = f"referensi!$E$2:$E${len(policy.fields) + 1}"
    indicator_list = f"referensi!$J$2:$J${len(indicators) + 1}"

    # ------------------------------------------------------------------ consultants
    fields = [f.id for f in policy.fields]
    names = ["id", "name", "unit", "field", "appointed"] + [f"competence_{f}" for f in fields]
    _header(consultants, [header_name("consultants", n, lang) for n in names],
            [12, 30, 18, 22, 12] + [16] * len(fields))
    notes = {
        "id": "Kode konsultan, unik (mis. PKP-01).",
        "name": "Nama lengkap konsultan.",
        "unit": "Pilih unit PLUT dari daftar (lembar referensi).",
        "field": "Pilih bidang saat ini dari daftar (lembar referensi).",
        "appointed": f"Tahun pertama diangkat, empat angka, paling lambat {policy.year}.",
    }
    for col, name in enumerate(names, 1):
        if name in notes:
            _note(consultants.cell(1, col), notes[name])
        else:
            field = policy.field(name.removeprefix("competence_"))
            assert field is not None
            _note(consultants.cell(1, col), f"Kompetensi di bidang {field.name}: angka 0 sampai "
                                            "100. Kosong berarti 0.")
    _validation(consultants, "C", type="list", formula1=unit_list,
                errorTitle="Unit", error="Pilih unit dari daftar.",
                promptTitle="Unit", prompt="Pilih unit dari daftar.")
    _validation(consultants, "D", type="list", formula1=field_list,
                errorTitle="Bidang", error="Pilih bidang dari daftar.",
                promptTitle="Bidang", prompt="Pilih bidang dari daftar.")
    _validation(consultants, "E", type="whole", operator="between", formula1="1900",
                formula2=str(policy.year), errorTitle="Tahun",
                error=f"Tulis tahun empat angka, paling lambat {policy.year}.",
                promptTitle="Tahun diangkat", prompt="Tahun empat angka, mis. 2016.")
    for col in range(6, len(names) + 1):
        _validation(consultants, get_column_letter(col), type="decimal", operator="between",
                    formula1="0", formula2="100", errorTitle="Kompetensi",
                    error="Tulis angka 0 sampai 100.", promptTitle="Kompetensi",
                    prompt="Angka 0 sampai 100; kosong berarti 0.")

    # ------------------------------------------------------------------ achievements
    consultant_list = f"konsultan!$A$2:$A${TEMPLATE_ROWS + 1}"
    if wide:
        _wide_achievements_sheet(achievements, indicators, consultant_list, lang)
    else:
        _long_achievements_sheet(achievements, consultant_list, indicator_list, lang)

    # ------------------------------------------------------------------ readme
    title = policy.title or f"{policy.id} {policy.year}"

    def header(kind: str, name: str) -> str:
        return header_name(kind, name, lang)

    step3 = ("3. Lembar 'capaian': satu baris per konsultan dan indikator. Setiap konsultan "
             "mengisi semua indikator bidangnya (lihat lembar 'referensi', kolom bidang).")
    step4 = (f"4. Kolom {header('achievements', 'target')} di lembar 'capaian' dikosongkan, "
             "kecuali konsultan itu punya target khusus; target kebijakan ada di lembar "
             "'referensi'.")
    if wide:
        step3 = ("3. Lembar 'capaian': satu baris per konsultan, satu kolom per indikator. "
                 "Setiap konsultan mengisi kolom indikator bidangnya (lihat catatan di judul "
                 "kolom dan lembar 'referensi'); kolom bidang lain dikosongkan.")
        step4 = ("4. Target khusus seorang konsultan: tambahkan kolom target_<indikator> "
                 "(mis. target_kehadiran) dan isi hanya barisnya; target kebijakan ada di "
                 "lembar 'referensi'.")
    lines = [
        (f"Templat data evaluasi konsultan pendamping — {title}", True),
        (f"Kebijakan: {policy.id} tahun {policy.year} (sha256 {policy.sha256})", False),
        ("", False),
        ("Cara mengisi", True),
        (f"1. Lembar 'konsultan': satu baris per konsultan. Kolom {header('consultants', 'unit')} "
         f"dan {header('consultants', 'field')} dipilih dari daftar; "
         f"{header('consultants', 'appointed')} adalah tahun pertama diangkat.", False),
        (f"2. Kolom {header('consultants', 'competence_')}<bidang>: nilai kompetensi 0 sampai "
         "100 di bidang itu; kosong berarti 0.", False),
        (step3, False),
        (step4, False),
        ("5. Angka ditulis sebagai angka (bukan teks). Sel berformat persen dibaca seperti yang "
         "tampak: 95% dibaca 95, sama dengan target kehadiran 95.", False),
        ("6. Jangan mengubah nama lembar, jangan menggabungkan sel (merge), dan jangan "
         "menyembunyikan lembar. Judul kolom boleh dalam bahasa Indonesia atau Inggris "
         "(nama atau name, bidang atau field...).", False),
        ("", False),
        ("Menjalankan evaluasi", True),
        ("plut-rules evaluate --policy kebijakan.yaml --consultants data.xlsx "
         "--achievements data.xlsx", False),
        ("plut-rules report --policy kebijakan.yaml --consultants data.xlsx --achievements "
         "data.xlsx --output laporan.html", False),
        ("", False),
        ("Setiap kesalahan dilaporkan sekaligus dengan lembar dan selnya, mis. "
         "data.xlsx:capaian!C14.", False),
    ]
    readme.column_dimensions["A"].width = 120
    for r, (text, strong) in enumerate(lines, 1):
        cell = readme.cell(r, 1)
        if text:
            _text(cell, text)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if strong:
                cell.font = Font(bold=True, size=13 if r == 1 else 11)
    if roster:
        _fill_roster(book, policy, roster, readme, len(lines), wide=wide)
    book.active = 0
    return book


def _long_achievements_sheet(achievements: Worksheet, consultant_list: str,
                             indicator_list: str, lang: Lang) -> None:
    """One row per consultant and indicator: consultant, indicator, achievement, target."""
    from plut_rules.readers import header_name

    _header(achievements, [header_name("achievements", n, lang) for n in
                           ("consultant", "indicator", "achievement", "target")],
            [14, 26, 14, 12])
    _note(achievements.cell(1, 1), "Kode konsultan dari lembar konsultan.")
    _note(achievements.cell(1, 2), "Kode indikator dari daftar; label dan target ada di "
                                   "lembar referensi.")
    _note(achievements.cell(1, 3), "Capaian setahun, angka 0 atau lebih (tulis 0 bila tidak "
                                   "ada). Sel berformat persen dibaca seperti yang tampak: "
                                   "95% dibaca 95.")
    _note(achievements.cell(1, 4), "Kosongkan untuk memakai target kebijakan; isi hanya bila "
                                   "konsultan ini punya target khusus (lebih dari 0).")
    _validation(achievements, "A", type="list", formula1=consultant_list,
                errorTitle="Konsultan", error="Pilih kode konsultan dari lembar konsultan.",
                promptTitle="Konsultan", prompt="Kode konsultan dari lembar konsultan.")
    _validation(achievements, "B", type="list", formula1=indicator_list,
                errorTitle="Indikator", error="Pilih indikator dari daftar.",
                promptTitle="Indikator", prompt="Kode indikator; label dan target: lembar "
                                                "referensi.")
    _validation(achievements, "C", type="decimal", operator="greaterThanOrEqual", formula1="0",
                errorTitle="Capaian", error="Tulis angka 0 atau lebih.",
                promptTitle="Capaian", prompt="Angka 0 atau lebih.")
    _validation(achievements, "D", type="decimal", operator="greaterThan", formula1="0",
                errorTitle="Target", error="Tulis angka lebih dari 0, atau kosongkan.",
                promptTitle="Target khusus", prompt="Kosong: target kebijakan.")


def _wide_achievements_sheet(achievements: Worksheet,
                             indicators: list[tuple[Indicator, list[str]]],
                             consultant_list: str, lang: Lang) -> None:
    """One row per consultant, one column per indicator (grouped by field, common ones
    last); a consultant fills the columns of their field's indicators only."""
    from openpyxl.utils import get_column_letter

    from plut_rules.readers import header_name

    ordered = sorted(indicators, key=lambda pair: pair[0].common)
    names = [header_name("achievements", "consultant", lang)] + [i.id for i, _ in ordered]
    _header(achievements, names, [14] + [18] * len(ordered))
    _note(achievements.cell(1, 1), "Kode konsultan dari lembar konsultan; satu baris per "
                                   "konsultan.")
    _validation(achievements, "A", type="list", formula1=consultant_list,
                errorTitle="Konsultan", error="Pilih kode konsultan dari lembar konsultan.",
                promptTitle="Konsultan", prompt="Kode konsultan dari lembar konsultan.")
    for col, (ind, fields) in enumerate(ordered, 2):
        where = "semua bidang" if ind.common else "bidang " + ", ".join(fields)
        _note(achievements.cell(1, col),
              f"{ind.label} (target {decimal_text(ind.target)}), untuk {where}. Isi hanya "
              "untuk konsultan bidang itu; kosongkan untuk bidang lain. Target khusus: "
              f"tambahkan kolom target_{ind.id}.")
        _validation(achievements, get_column_letter(col), type="decimal",
                    operator="greaterThanOrEqual", formula1="0", errorTitle="Capaian",
                    error="Tulis angka 0 atau lebih.", promptTitle=ind.id,
                    prompt=f"Capaian {ind.label}: angka 0 atau lebih.")
def _fill_roster(book: Workbook, policy: Policy, consultants: Sequence[Consultant],
                 readme: Worksheet, used: int, *, wide: bool = False) -> None:
    """The roster written into a template: consultants, one achievements row per
    indicator of each consultant's field, and their indicators and targets listed."""
    from openpyxl.styles import Alignment

    fields = [f.id for f in policy.fields]
    people = book["konsultan"]
    rows = book["capaian"]
    targets = book.create_sheet("target_konsultan", index=book.sheetnames.index("capaian") + 1)
    _header(targets, ["konsultan", "nama", "unit", "bidang", "indikator", "label", "target",
                      "bobot", "minimum", "arah"], [14, 30, 18, 22, 22, 48, 12, 10, 10, 24])
    n = 2
    for r, c in enumerate(sorted(consultants, key=lambda c: c.id), 2):
        if wide:  # one row per consultant; their indicators' columns left to fill in
            _row(rows, r, [c.id])
        _row(people, r, [c.id, c.name, c.unit, c.field, c.appointed,
                         *(_number(c.competences[f]) if c.competences.get(f) else None
                           for f in fields)])
        field = policy.field(c.field)
        for ind in field.indicators if field is not None else ():
            if not wide:
                _row(rows, n, [c.id, ind.id])
            _row(targets, n, [c.id, c.name, c.unit, c.field, ind.id, ind.label,
                              _number(ind.target), _shown(ind.weight), _shown(ind.minimum),
                              "makin tinggi makin baik" if ind.direction == "higher"
                              else "makin rendah makin baik"])
            n += 1
    targets.freeze_panes = "A2"
    text = (f"Berisi {len(consultants)} konsultan: lembar 'capaian' sudah memuat satu baris per "
            "konsultan dan indikator bidangnya, tinggal kolom achievement yang diisi; lembar "
            "'target_konsultan' mencantumkan label, target, bobot dan minimum tiap indikator "
            "tiap konsultan.")
    cell = readme.cell(used + 2, 1)
    _text(cell, text)
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def _fixed_properties(book: Workbook, policy: Policy) -> None:
    # No wall-clock time in the file: workbook_bytes also dates the save and the zip
    # entries with ``created``, so the same policy and data give the same bytes.
    stamp = datetime(policy.year, 1, 1)
    book.properties.creator = "plut-rules"
    book.properties.created = stamp
    book.properties.modified = stamp


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, the same bytes every time for the same workbook.

    openpyxl stamps the save time twice: as the document's ``modified`` property and
    as the date of every zip entry.  Both are set here to the workbook's ``created``
    property (the policy's year for the workbooks of this module), and the archive is
    written again with its entries in a fixed order (``[Content_Types].xml``, then
    ``_rels/.rels``, then by name), each deflated at a fixed level with fixed
    attributes.
    """
    from openpyxl.xml.functions import tostring

    out = io.BytesIO()
    book.save(out)
    stamp = book.properties.created or datetime(1980, 1, 1)
    book.properties.modified = stamp
    core = tostring(book.properties.to_tree())
    date_time = (min(max(stamp.year, 1980), 2107), stamp.month, stamp.day,
                 stamp.hour, stamp.minute, stamp.second - stamp.second % 2)
    fixed = io.BytesIO()
    with zipfile.ZipFile(out) as source, \
            zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target:
        names = sorted(source.namelist(), key=lambda n: (_ZIP_FIRST.get(n, len(_ZIP_FIRST)), n))
        for name in names:
            entry = zipfile.ZipInfo(name, date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, core if name == _CORE else source.read(name),
                            compresslevel=6)
    return fixed.getvalue()


_CORE = "docProps/core.xml"
_ZIP_FIRST = {"[Content_Types].xml": 0, "_rels/.rels": 1}


DETAIL_COLUMNS = ("consultant", "name", "unit", "field", "outcome", "indicator", "label",
                  "target", "achievement", "ratio", "weight", "contribution", "gate", "missing")


def _row(ws: Worksheet, r: int, values: Sequence[str | int | float | None]) -> None:
    for col, value in enumerate(values, 1):
        if value is None:
            continue
        cell = ws.cell(r, col)
        if isinstance(value, str):
            if value:
                _text(cell, value)
        else:
            cell.value = value


def to_xlsx(evaluation: Evaluation, lang: Lang = "id", *, sample: bool = False) -> bytes:
    """The evaluation as a workbook: one row per decision, a sheet of indicator details,
    the vacancies and the policy's identity (``sample``: first, a row saying the data are
    the shipped sample's, CONTOH / SAMPLE)."""
    from openpyxl import Workbook

    from plut_rules.render.output import CSV_COLUMNS

    policy = evaluation.policy
    book = Workbook()
    decisions = book.active
    assert decisions is not None
    names = tuple(words("sheet", lang).values())
    decisions.title = names[0]
    details = book.create_sheet(names[1])
    vacancies = book.create_sheet(names[2])
    info = book.create_sheet(names[3])
    _fixed_properties(book, policy)

    _header(decisions, CSV_COLUMNS, [12, 28, 16, 20, 12, 16, 9, 22, 26, 40, 14, 80])
    for r, d in enumerate(evaluation.decisions, 2):
        _row(decisions, r, [d.consultant, d.name, d.unit, d.field, d.outcome, d.to_field or "",
                            _number(d.score, 2), d.rule, source_text(d.rule_source) or "",
                            d.reason or "", d.placement or "", summary(d, lang, policy)])
        decisions.cell(r, 7).number_format = "0.00"
    _header(details, DETAIL_COLUMNS, [12, 28, 16, 20, 16, 24, 40, 10, 12, 10, 9, 12, 8, 8])
    r = 2
    for d in evaluation.decisions:
        for i in d.indicators:
            _row(details, r, [d.consultant, d.name, d.unit, d.field,
                              outcome_label(d.outcome, lang), i.id, i.label, _number(i.target),
                              _number(i.achievement), _number(i.ratio, 4),
                              None if i.weight is None else _number(i.weight),
                              _number(i.contribution, 4), i.gate, "yes" if i.missing else ""])
            r += 1
    _header(vacancies, ("unit", "field", "open"), [18, 22, 8])
    for r, v in enumerate(evaluation.vacancies, 2):
        _row(vacancies, r, [v.unit, v.field, v.open])
    info_rows: list[tuple[str, str | int]] = [("sample", sample_title(lang))] if sample else []
    info_rows += [
        ("policy", policy.id), ("year", policy.year), ("policy_sha256", policy.sha256),
        ("input_sha256", evaluation.input_sha256),
        ("engine", f"{evaluation.engine_name} {evaluation.engine_version}"),
    ]
    info_rows += [(f"file {n}", f"{f.path} (sha256 {f.sha256})")
                  for n, f in enumerate(policy.files, 1)]
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 100
    for r, (key, value) in enumerate(info_rows, 1):
        _row(info, r, [key, value])
    return workbook_bytes(book)
