"""Spreadsheets in and out: the input template, XLSX reading cases, XLSX output and
formula neutralisation (plut_rules.spreadsheet, plut_rules.io, plut_rules.output)."""

from __future__ import annotations

import csv
import io
import zipfile
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from conftest import MINIMAL, write
from conftest import run_cli as run
from plut_rules import evaluate, load_policy, load_roster
from plut_rules.model import Achievement, Consultant
from plut_rules.readers import canonical_column, parse_achievements, parse_consultants
from plut_rules.render.output import to_csv
from plut_rules.render.spreadsheet import DETAIL_COLUMNS, template_workbook, to_xlsx, workbook_bytes
from plut_rules.shipped import policy_path, sample_path

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def sample_rows(name: str) -> list[dict[str, str]]:
    """The rows of a shipped sample CSV file."""
    with open(sample_path(name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fill(book: Any, *, percent_attendance: bool = False) -> None:
    """Fill a template workbook by hand, as a user would, with the shipped sample year."""
    ws = book["konsultan"]
    # the headers are Indonesian or English (template --lang): match them as the readers do
    head = [canonical_column("consultants", str(c.value)) for c in ws[1]]
    for r, row in enumerate(sample_rows("consultants.csv"), 2):
        for key, value in row.items():
            if value == "":
                continue
            cell = ws.cell(r, head.index(key) + 1)
            cell.value = (int(value) if key == "appointed"
                          else float(value) if key.startswith("competence_") else value)
    ws = book["capaian"]
    for r, row in enumerate(sample_rows("achievements.csv"), 2):
        ws.cell(r, 1).value = row["consultant"]
        ws.cell(r, 2).value = row["indicator"]
        achievement = ws.cell(r, 3)
        if percent_attendance and row["indicator"] == "kehadiran":
            # typed as "96.5%": stored as the fraction 0.965, shown as a percentage
            achievement.value = float(Fraction(row["achievement"]) / 100)
            achievement.number_format = "0.0%"
        else:
            achievement.value = float(row["achievement"])
        if row.get("target"):
            ws.cell(r, 4).value = float(row["target"])


def sample_evaluation() -> Any:
    policy = load_policy(policy_path("2018"))
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    return evaluate(policy, roster.consultants, roster.achievements)


# --------------------------------------------------------------------------- template


def test_template_lays_out_the_policy_for_filling_in_by_hand() -> None:
    """Sheets, headers, reference tables with labels and targets, dropdowns and number checks."""
    policy = load_policy(policy_path("2018"))
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(template_workbook(policy))))
    assert book.sheetnames == ["petunjuk", "konsultan", "capaian", "referensi"]
    consultants, achievements, ref = book["konsultan"], book["capaian"], book["referensi"]
    fields = [f.id for f in policy.fields]
    assert [c.value for c in consultants[1]] == (
        ["id", "nama", "unit", "bidang", "tahun_pengangkatan"]
        + [f"kompetensi_{f}" for f in fields])
    assert [c.value for c in achievements[1]] == ["konsultan", "indikator", "capaian",
                                                  "target"]
    english = template_workbook(policy, "en")
    assert [c.value for c in english["konsultan"][1]] == (
        ["id", "name", "unit", "field", "appointed"] + [f"competence_{f}" for f in fields])
    assert [c.value for c in english["capaian"][1]] == ["consultant", "indicator",
                                                        "achievement", "target"]
    units = [ref.cell(r, 1).value for r in range(2, 2 + len(policy.units))]
    assert units == [u.id for u in policy.units]
    assert [ref.cell(r, 5).value for r in range(2, 2 + len(fields))] == fields
    assert ref.cell(2 + fields.index("pemasaran"), 7).value == 75  # its own keep threshold
    indicators = {ref.cell(r, 10).value: (ref.cell(r, 11).value, ref.cell(r, 12).value)
                  for r in range(2, ref.max_row + 1) if ref.cell(r, 10).value}
    assert indicators["kehadiran"] == ("Kehadiran (%)", 95)
    assert indicators["umkm_akses_pasar"] == ("KUMKM dengan akses pasar baru", 40)
    assert len(indicators) == len({i.id for f in policy.fields for i in f.indicators})

    def checks(ws: Any) -> dict[str, Any]:
        return {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}

    c = checks(consultants)
    assert c["C2"].type == "list" and c["C2"].formula1 == "referensi!$A$2:$A$3"
    assert c["D2"].type == "list" and c["D2"].formula1 == f"referensi!$E$2:$E${len(fields) + 1}"
    assert c["E2"].type == "whole" and c["E2"].formula2 == "2018"
    assert c["F2"].type == "decimal" and (c["F2"].formula1, c["F2"].formula2) == ("0", "100")
    a = checks(achievements)
    assert a["A2"].type == "list" and a["A2"].formula1.startswith("konsultan!$A$2")
    assert a["B2"].type == "list" and a["B2"].formula1.startswith("referensi!$J$2")
    assert a["C2"].type == "decimal" and a["C2"].operator == "greaterThanOrEqual"
    assert a["D2"].type == "decimal" and a["D2"].operator == "greaterThan"
    readme = "\n".join(str(c.value) for c in book["petunjuk"]["A"] if c.value)
    assert "Cara mengisi" in readme and policy.sha256 in readme and "95% dibaca 95" in readme


def test_an_empty_template_reads_as_empty_tables() -> None:
    """Dropdowns, notes and styles on empty rows are not rows."""
    data = workbook_bytes(template_workbook(load_policy(policy_path("2018"))))
    assert parse_consultants(data, "t.xlsx", "xlsx") == ([], [])
    assert parse_achievements(data, "t.xlsx", "xlsx") == ([], [])


@pytest.mark.parametrize("percent", [False, True])
def test_filled_template_round_trip_evaluates_like_the_csv_sample(tmp_path: Path,
                                                                  percent: bool) -> None:
    """template -> filled in with openpyxl -> evaluate: the same input and decisions as CSV
    (also with attendance typed as percentages: 96.5% reads as 96.5)."""
    policy = load_policy(policy_path("2018"))
    book = template_workbook(policy)
    fill(book, percent_attendance=percent)
    path = tmp_path / "data.xlsx"
    book.save(path)
    roster = load_roster(path, path)
    evaluation = evaluate(policy, roster.consultants, roster.achievements)
    expected = sample_evaluation()
    assert evaluation.input_sha256 == expected.input_sha256
    assert evaluation.decisions == expected.decisions


def test_template_command_and_round_trip_through_the_cli(tmp_path: Path) -> None:
    """`plut-rules template` writes the workbook; filled in, `evaluate` reads it unchanged."""
    path = tmp_path / "data.xlsx"
    result = run("template", "--output", path)
    assert result.returncode == 0, result.stderr
    assert "kepbabel-plut 2018" in result.stderr
    book = openpyxl.load_workbook(path)
    fill(book)
    book.save(path)
    from_xlsx = run("evaluate", "--consultants", path, "--achievements", path, "--format", "csv")
    from_csv = run("evaluate", "--format", "csv")
    assert from_xlsx.returncode == 0, from_xlsx.stderr
    assert from_xlsx.stdout == from_csv.stdout


def test_template_of_an_invalid_policy_is_exit_1(tmp_path: Path) -> None:
    """A policy with problems gets no template; every problem is printed."""
    bad = write(tmp_path, MINIMAL.replace("year: 2018", "year: twenty"))
    result = run("template", "--policy", bad, "--output", tmp_path / "t.xlsx")
    assert result.returncode == 1 and "year" in result.stderr
    assert not (tmp_path / "t.xlsx").exists()


def test_template_without_output_is_a_usage_error() -> None:
    """--output is required."""
    assert run("template").returncode == 2


# --------------------------------------------------------------------------- XLSX input


def achievements_book(rows: list[list[Any]], *, title: str = "Achievements",
                      formats: dict[str, str] | None = None) -> bytes:
    """An achievements workbook; ``formats`` maps cells to number formats."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    ws.append(["consultant", "indicator", "achievement", "target"])
    for row in rows:
        ws.append(row)
    for cell, fmt in (formats or {}).items():
        ws[cell].number_format = fmt
    return workbook_bytes(book)


def test_error_names_sheet_and_cell_as_the_user_sees_them(tmp_path: Path) -> None:
    """A bad value in row 14, column C prints as data.xlsx:Achievements!C14."""
    rows: list[list[Any]] = [["PKP-01", f"ind{n}", n] for n in range(12)]  # rows 2-13
    rows.append(["PKP-02", "kehadiran", "banyak"])  # row 14
    path = tmp_path / "data.xlsx"
    path.write_bytes(achievements_book(rows))
    result = run("evaluate", "--consultants", sample_path("consultants.csv"),
                 "--achievements", path)
    assert result.returncode == 1
    assert f"{path}:Achievements!C14: achievement:" in result.stderr
    assert "Traceback" not in result.stderr


def test_percent_formatted_cells_are_read_as_shown() -> None:
    """0.95 formatted 0% shows 95% and is read as 95; 0.965 at 0.0% is 96.5; a percent
    format in quotes is text, not a percentage."""
    data = achievements_book([["A", "kehadiran", 0.95], ["B", "kehadiran", 0.965],
                              ["C", "kehadiran", 95], ["D", "kehadiran", 0.5, 0.95]],
                             formats={"C2": "0%", "C3": "0.0%", "C4": '0" %"', "D5": "0.00%"})
    achievements, problems = parse_achievements(data, "a.xlsx", "xlsx")
    assert problems == []
    assert achievements == [Achievement("A", "kehadiran", 95),
                            Achievement("B", "kehadiran", Fraction("96.5")),
                            Achievement("C", "kehadiran", 95),
                            Achievement("D", "kehadiran", Fraction("0.5"), 95)]


def test_percent_formatted_formula_reads_its_cached_value_as_shown(tmp_path: Path) -> None:
    """A formula's saved result, formatted as a percentage, is read as shown."""
    data = achievements_book([["A", "kehadiran", "=19/20"]], formats={"C2": "0%"})
    # openpyxl saves no result; write the cached value into the sheet XML as an app would
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>19/20</f><v />" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace("<f>19/20</f><v />",
                                                      "<f>19/20</f><v>0.95</v>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, content in parts.items():
            dst.writestr(name, content)
    achievements, problems = parse_achievements(out.getvalue(), "a.xlsx", "xlsx")
    assert problems == [] and achievements == [Achievement("A", "kehadiran", 95)]


def test_percent_typed_as_text_is_refused() -> None:
    """The text "95%" (a cell formatted as text) is not guessed: write 95."""
    achievements, problems = parse_achievements(
        achievements_book([["A", "kehadiran", "95%"]]), "a.xlsx", "xlsx")
    assert achievements == [] and [p.code for p in problems] == ["not-a-number"]
    assert str(problems[0].location) == "a.xlsx:Achievements!C2"


def test_formatted_numbers_are_read_as_stored_not_as_rounded_for_display() -> None:
    """Thousands separators and fixed decimals are display only: the stored value counts."""
    data = achievements_book([["A", "omzet", 1250.5], ["B", "omzet", 82.46], ["C", "omzet", 7]],
                             formats={"C2": "#,##0.00", "C3": "0.0", "C4": "0.00"})
    achievements, problems = parse_achievements(data, "a.xlsx", "xlsx")
    assert problems == []
    assert [a.achievement for a in achievements] == [Fraction("1250.5"), Fraction("82.46"), 7]


def test_empty_trailing_rows_with_formatting_and_blank_text_are_skipped() -> None:
    """Rows below the data that only have formats, borders or spaces are not rows."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "capaian"
    ws.append(["consultant", "indicator", "achievement", "target"])
    ws.append(["A", "x", 1])
    for r in range(3, 40):
        ws.cell(r, 3).number_format = "0.00"
        ws.cell(r, 1).font = openpyxl.styles.Font(bold=True)
    ws.cell(41, 2).value = "   "
    achievements, problems = parse_achievements(workbook_bytes(book), "a.xlsx", "xlsx")
    assert problems == [] and achievements == [Achievement("A", "x", 1)]


def test_hidden_sheet_and_merged_cells_are_errors_at_their_place(tmp_path: Path) -> None:
    """Through the CLI: a hidden konsultan sheet and merged achievement cells are named."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "konsultan"
    ws.append(["id", "name", "unit", "field", "appointed"])
    ws.append(["PKP-01", "Ani", "pangkalpinang", "produksi", 2016])
    ws.sheet_state = "hidden"
    other = book.create_sheet("capaian")
    other.append(["consultant", "indicator", "achievement", "target"])
    other.append(["PKP-01", "kehadiran", 90])
    other.append(["PKP-01", "kehadiran", 90])
    other.merge_cells("A2:A3")
    path = tmp_path / "data.xlsx"
    book.save(path)
    result = run("evaluate", "--consultants", path, "--achievements", path)
    assert result.returncode == 1
    assert f"{path}:konsultan!A1:" in result.stderr and "hidden" in result.stderr
    assert f"{path}:capaian!A2:" in result.stderr and "A2:A3" in result.stderr


# --------------------------------------------------------------------------- XLSX output


def hostile_evaluation(tmp_path: Path) -> Any:
    """An evaluation whose names and reasons start with every formula character."""
    policy_text = MINIMAL.replace(
        "    when: gates_failed > 0\n    then: replace",
        "    when: gates_failed > 0\n    then: replace\n    reason: \"=1+2 gagal\"")
    policy = load_policy(write(tmp_path, policy_text))
    consultants = [Consultant(f"K{n}", name, "pkp", "pemasaran", 2016)
                   for n, name in enumerate(HOSTILE)]
    achievements = [Achievement(c.id, ind, value) for c in consultants
                    for ind, value in (("akses_pasar", 1), ("kehadiran", 90))]
    return evaluate(policy, consultants, achievements)


def test_xlsx_output_has_decisions_and_indicator_details(tmp_path: Path) -> None:
    """One row per decision (the CSV columns) and one per consultant and indicator; numbers
    are numbers."""
    evaluation = sample_evaluation()
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(evaluation, "en")))
    assert book.sheetnames == ["decisions", "indicator_details", "vacancies", "info"]
    decisions = list(book["decisions"].values)
    from plut_rules.render.output import CSV_COLUMNS

    assert decisions[0] == CSV_COLUMNS
    assert [r[0] for r in decisions[1:]] == [d.consultant for d in evaluation.decisions]
    pkp04 = decisions[4]
    assert pkp04[4] == "reassign" and pkp04[5] == "produksi" and pkp04[6] == 67.33
    details = list(book["indicator_details"].values)
    assert details[0] == DETAIL_COLUMNS
    assert len(details) - 1 == sum(len(d.indicators) for d in evaluation.decisions)
    first = dict(zip(DETAIL_COLUMNS, details[1], strict=True))
    assert first["consultant"] == "PKP-01" and isinstance(first["target"], int | float)
    assert list(book["vacancies"].values)[1] == ("pangkalpinang", "jaringan_kerjasama", 1)
    info = dict(book["info"].values)
    assert info["policy_sha256"] == evaluation.policy.sha256
    indonesian = openpyxl.load_workbook(io.BytesIO(to_xlsx(evaluation, "id")))
    assert indonesian.sheetnames[:2] == ["keputusan", "rincian_indikator"]


def test_xlsx_output_neutralises_formulas(tmp_path: Path) -> None:
    """Names and reasons starting with =, +, -, @, tab or CR are text with the quote prefix,
    never formulas; the text itself is unchanged."""
    data = to_xlsx(hostile_evaluation(tmp_path), "en")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist()
                  if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s or "<f " in s for s in sheets)
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(book["decisions"].iter_rows(min_row=2))
    # XML reads a carriage return in text back as a line feed; it still starts the cell
    hostile = {name.replace("\r", "\n") for name in HOSTILE}
    names = {row[1].value: row[1] for row in rows}
    assert set(names) == hostile
    for name, cell in names.items():
        assert cell.data_type == "s" and cell.quotePrefix, name
    reasons = [row[9] for row in rows]
    assert all(c.value == "=1+2 gagal" and c.data_type == "s" and c.quotePrefix
               for c in reasons)
    detail_names = {row[1].value: row[1] for row in book["indicator_details"].iter_rows(
        min_row=2)}
    assert set(detail_names) == hostile
    assert all(c.quotePrefix for c in detail_names.values())
    plain = book["decisions"]["A2"]
    assert plain.value == "K0" and not plain.quotePrefix


def test_csv_output_neutralises_formulas(tmp_path: Path) -> None:
    """The same cells in CSV are prefixed with an apostrophe (and a cell holding a carriage
    return is quoted, so the row stays one row)."""
    rows = list(csv.reader(io.StringIO(to_csv(hostile_evaluation(tmp_path), "en"))))
    names = {row[1] for row in rows[1:]}
    assert names == {"'" + name for name in HOSTILE}
    assert {row[9] for row in rows[1:]} == {"'=1+2 gagal"}
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for cell in row)


def test_evaluate_format_xlsx_through_the_cli(tmp_path: Path) -> None:
    """--format xlsx writes the workbook to --output, and refuses to run without it."""
    out = tmp_path / "hasil.xlsx"
    result = run("evaluate", "--format", "xlsx", "--output", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "keputusan" and book["keputusan"].max_row == 13
    missing = run("evaluate", "--format", "xlsx")
    assert missing.returncode == 2 and "--output" in missing.stderr
    unwritable = run("evaluate", "--format", "xlsx", "--output", tmp_path / "no" / "x.xlsx",
                     "--lang", "en")
    assert unwritable.returncode == 1 and "cannot write the output" in unwritable.stderr


# --------------------------------------------------------------------------- byte-identical


def move_clock(monkeypatch: pytest.MonkeyPatch, days: int) -> None:
    """Make the wall clock read ``days`` later for openpyxl's save time and for the dates
    that zipfile gives its entries."""
    import datetime as dt
    import time
    from types import SimpleNamespace

    from openpyxl.writer import excel

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Later:  # type: ignore[override]
            moved = dt.datetime.now(tz) + dt.timedelta(days=days)
            return cls.fromtimestamp(moved.timestamp(), tz)

    real = time.time
    monkeypatch.setattr(excel, "datetime", SimpleNamespace(datetime=Later,
                                                           timezone=dt.timezone))
    monkeypatch.setattr(time, "time", lambda: real() + days * 86400)


def entry_dates_and_times(data: bytes) -> tuple[set[tuple[int, ...]], str]:
    """The dates of the zip entries, and the document properties (docProps/core.xml)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        dates = {info.date_time for info in archive.infolist()}
        return dates, archive.read("docProps/core.xml").decode()


def shuffled_sample(tmp_path: Path, seed: int) -> tuple[Path, Path]:
    """The shipped sample's two CSV files with their rows (and columns) in another order."""
    import random

    rng = random.Random(seed)
    paths = []
    for name in ("consultants.csv", "achievements.csv"):
        rows = sample_rows(name)
        rng.shuffle(rows)
        columns = list(rows[0])
        rng.shuffle(columns)
        path = tmp_path / f"shuffled-{seed}-{name}"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths[0], paths[1]


def test_template_bytes_do_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The template is byte-identical when saved at another time: the zip entries and the
    document's created/modified times are the policy's year."""
    policy = load_policy(policy_path("2018"))
    first = workbook_bytes(template_workbook(policy))
    move_clock(monkeypatch, 400)
    second = workbook_bytes(template_workbook(policy))
    assert first == second
    dates, core = entry_dates_and_times(first)
    assert dates == {(2018, 1, 1, 0, 0, 0)}
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2018-01-01T00:00:00Z" in core
    assert "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2018-01-01T00:00:00Z" in core
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist()[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert archive.testzip() is None
    assert openpyxl.load_workbook(io.BytesIO(first)).sheetnames[0] == "petunjuk"


def test_xlsx_output_bytes_depend_on_neither_clock_nor_row_order(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The same policy and data give the same workbook bytes, whatever the time of the run
    or the order of the input rows."""
    policy = load_policy(policy_path("2018"))
    first = to_xlsx(sample_evaluation(), "en")
    move_clock(monkeypatch, -300)
    roster = load_roster(*shuffled_sample(tmp_path, 7))
    again = to_xlsx(evaluate(policy, roster.consultants, roster.achievements), "en")
    assert first == again
    assert entry_dates_and_times(first)[0] == {(2018, 1, 1, 0, 0, 0)}


def test_template_and_xlsx_output_through_the_cli_are_byte_identical(tmp_path: Path) -> None:
    """Two runs of `template`, and of `evaluate --format xlsx` on the sample and on the
    sample with its rows shuffled, write identical files."""
    outputs = []
    for n in range(2):
        out = tmp_path / f"t{n}.xlsx"
        result = run("template", "--output", out)
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    results = []
    for seed in (None, 1, 2):
        out = tmp_path / f"hasil-{seed}.xlsx"
        # the sample's own files given as data, then shuffled: no CONTOH / SAMPLE row
        inputs: list[str | Path] = ["--consultants", sample_path("consultants.csv"),
                                    "--achievements", sample_path("achievements.csv")]
        if seed is not None:
            consultants, achievements = shuffled_sample(tmp_path, seed)
            inputs = ["--consultants", consultants, "--achievements", achievements]
        result = run("evaluate", *inputs, "--format", "xlsx", "--output", out)
        assert result.returncode == 0, result.stderr
        results.append(out.read_bytes())
    assert results[0] == results[1] == results[2]
