"""Data files as an Indonesian analyst writes them: Indonesian column headers, and a wide
achievements table (one row per consultant, one column per indicator), in the readers,
the template and the input hash."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run_cli
from plut_rules import load_roster
from plut_rules.engine import input_sha256
from plut_rules.readers import HEADERS, header_name, parse_achievements, parse_consultants
from plut_rules.shipped import sample_path


def sample_rows(name: str) -> list[dict[str, str]]:
    with open(sample_path(name), encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def indonesian(kind: str, rows: list[dict[str, str]], path: Path) -> Path:
    """The sample file ``rows`` written again with Indonesian headers."""
    columns = list(rows[0])
    return write_csv(path, [header_name(kind, c, "id") for c in columns],
                     [[r[c] for c in columns] for r in rows])


def wide(rows: list[dict[str, str]], path: Path, *, consultant: str = "konsultan") -> Path:
    """Long achievement rows written as a wide table, with target_<indicator> columns
    where any row has a target of its own."""
    indicators = list(dict.fromkeys(r["indicator"] for r in rows))
    targets = [i for i in indicators if any(r["target"] for r in rows if r["indicator"] == i)]
    people = list(dict.fromkeys(r["consultant"] for r in rows))
    by = {(r["consultant"], r["indicator"]): r for r in rows}
    table = [[p] + [by[p, i]["achievement"] if (p, i) in by else "" for i in indicators]
             + [by[p, i]["target"] if (p, i) in by else "" for i in targets] for p in people]
    return write_csv(path, [consultant, *indicators, *[f"target_{i}" for i in targets]], table)


def evaluation_json(*args: Any, cwd: Path) -> dict[str, Any]:
    result = run_cli("evaluate", *args, "--format", "json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def sample_json(cwd: Path) -> dict[str, Any]:
    """The shipped sample's evaluation, its files given as data (so not marked
    ``"sample": true``, which only the fallback to the sample is)."""
    return evaluation_json("--consultants", sample_path("consultants.csv"),
                           "--achievements", sample_path("achievements.csv"), cwd=cwd)


def test_the_header_table_is_the_documented_one() -> None:
    """docs/data-files.md shows every English and Indonesian header of the one table."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "data-files.md").read_text(
        encoding="utf-8")
    for kind, pairs in HEADERS.items():
        for english, indonesian in pairs:
            assert f"| {kind} | `{english}` | `{indonesian}` |" in doc, (kind, english)


def test_indonesian_headers_evaluate_like_the_english_files(tmp_path: Path) -> None:
    """The sample with Indonesian headers (nama, bidang, tahun_pengangkatan, kompetensi_*;
    konsultan, indikator, capaian) gives the very output, input hash included."""
    people = indonesian("consultants", sample_rows("consultants.csv"), tmp_path / "k.csv")
    rows = indonesian("achievements", sample_rows("achievements.csv"), tmp_path / "c.csv")
    head = people.read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("id,nama,unit,bidang,tahun_pengangkatan,kompetensi_")
    assert rows.read_text(encoding="utf-8").startswith("konsultan,indikator,capaian,target")
    got = evaluation_json("--consultants", people, "--achievements", rows, cwd=tmp_path)
    assert got == sample_json(tmp_path)


def test_headers_in_either_language_mix_in_every_format() -> None:
    """A file may mix English and Indonesian headers, in CSV, JSON and XLSX alike; the
    values and their locations do not change."""
    csv_data = b"ID,Nama,unit,field,Tahun_Pengangkatan,kompetensi_produksi\nA,Ani,pkp,x,2016,80\n"
    people, problems = parse_consultants(csv_data, "k.csv", "csv")
    assert problems == []
    assert (people[0].name, people[0].appointed, dict(people[0].competences)) == (
        "Ani", 2016, {"produksi": 80})
    json_data = b'[{"konsultan": "A", "indikator": "kehadiran", "capaian": 95.5}]'
    rows, problems = parse_achievements(json_data, "c.json", "json")
    assert problems == [] and (rows[0].consultant, rows[0].achievement) == ("A", 95.5)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "capaian"
    sheet.append(["konsultan", "indicator", "capaian", "target"])
    sheet.append(["A", "kehadiran", 90, 92])
    out = io.BytesIO()
    book.save(out)
    rows, problems = parse_achievements(out.getvalue(), "c.xlsx", "xlsx")
    assert problems == [] and (rows[0].achievement, rows[0].target) == (90, 92)


def test_header_problems_know_both_languages() -> None:
    """A misspelt Indonesian header gets an Indonesian suggestion; the same column in both
    languages is a duplicate column."""
    data = b"id,nama,unit,bidang,tahun_pengangkatn\nA,Ani,pkp,x,2016\n"
    _, problems = parse_consultants(data, "k.csv", "csv")
    unknown = next(p for p in problems if p.code == "unknown-column")
    assert unknown.suggestion == "tahun_pengangkatan"
    assert "in Indonesian: id, nama, unit, bidang, tahun_pengangkatan" in unknown.message
    data = b"id,nama,name,unit,bidang,tahun_pengangkatan\nA,Ani,Ani,pkp,x,2016\n"
    _, problems = parse_consultants(data, "k.csv", "csv")
    assert [p.code for p in problems if p.severity == "error"] == ["duplicate-column"]


def test_a_wide_file_gives_the_long_files_hash_and_decisions(tmp_path: Path) -> None:
    """The sample's achievements as one row per consultant and one column per indicator
    (targets in target_<indicator> columns) evaluate exactly as the long file."""
    path = wide(sample_rows("achievements.csv"), tmp_path / "wide.csv")
    got = evaluation_json("--consultants", sample_path("consultants.csv"),
                          "--achievements", path, cwd=tmp_path)
    assert got == sample_json(tmp_path)
    long_roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    wide_roster = load_roster(sample_path("consultants.csv"), path)
    assert sorted(wide_roster.achievements, key=lambda a: (a.consultant, a.indicator)) == (
        sorted(long_roster.achievements, key=lambda a: (a.consultant, a.indicator)))
    located = next(a for a in wide_roster.achievements if a.consultant == "PKP-01")
    assert located.location is not None and located.location.line == 2


_NUMBER = st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False)


@settings(max_examples=25)
@given(data=st.data())
def test_property_wide_and_long_files_hash_alike(tmp_path_factory: pytest.TempPathFactory,
                                                 data: st.DataObject) -> None:
    """Any achievements, written long or wide (in any column and row order), read to the
    same achievements and the same input hash."""
    base = sample_rows("achievements.csv")
    chosen = data.draw(st.lists(st.sampled_from(base), min_size=1, max_size=len(base),
                                unique_by=lambda r: (r["consultant"], r["indicator"])))
    rows = [{**r, "achievement": str(data.draw(_NUMBER)),
             "target": data.draw(st.sampled_from(["", "12.5", "40"]))} for r in chosen]
    folder = tmp_path_factory.mktemp("wide")
    long_path = write_csv(folder / "long.csv", ["konsultan", "indikator", "capaian", "target"],
                          [[r["consultant"], r["indicator"], r["achievement"], r["target"]]
                           for r in rows])
    shuffled = data.draw(st.permutations(rows))
    wide_path = wide(shuffled, folder / "wide.csv",
                     consultant=data.draw(st.sampled_from(["consultant", "konsultan"])))
    people = load_roster(sample_path("consultants.csv"), long_path).consultants
    long_rows = load_roster(sample_path("consultants.csv"), long_path).achievements
    wide_rows = load_roster(sample_path("consultants.csv"), wide_path).achievements
    assert set(long_rows) == set(wide_rows)
    assert input_sha256(people, long_rows) == input_sha256(people, wide_rows)


@pytest.mark.parametrize(("text", "expected"), [
    ("konsultan,kehadiran,target\nA,90,95\n",
     {("bad-column-name", "target")}),
    ("konsultan,kehadiran,target_pelatihan\nA,90,95\n",
     {("unknown-column", "target_pelatihan")}),
    ("konsultan,kehadiran,Akses Pasar\nA,90,95\n",
     {("bad-column-name", "akses pasar")}),
    ("konsultan,kehadiran,target_kehadiran\nA,,95\n",
     {("missing-value", "target_kehadiran")}),
    ("konsultan,kehadiran,pelatihan\nA,-1,banyak\n",
     {("out-of-range", "kehadiran"), ("not-a-number", "pelatihan")}),
    ("konsultan,kehadiran,target_kehadiran\nA,90,0\n",
     {("out-of-range", "target_kehadiran")}),
    ("konsultan,kehadiran\nA,90\nA,91\n",
     {("duplicate-row", "kehadiran")}),
])
def test_wide_file_problems_name_the_column(text: str, expected: set[tuple[str, str]]) -> None:
    """Each mistake of a wide file is a problem naming its column."""
    _, problems = parse_achievements(text.encode(), "c.csv", "csv")
    assert {(p.code, p.path) for p in problems} == expected


def test_a_long_file_with_misspelt_headers_is_not_taken_for_a_wide_one() -> None:
    """'indicatr' and 'achievment' are typos of the long file's columns, not indicators."""
    _, problems = parse_achievements(b"consultant,indicatr,achievment\nA,x,1\n", "c.csv", "csv")
    assert {p.suggestion for p in problems if p.code == "unknown-column"} == {
        "indicator", "achievement"}


@pytest.mark.parametrize("indicator", ["ab", "omzet", "tarif", "umkm", "x"])
def test_a_short_indicator_with_its_target_column_is_a_wide_file(indicator: str) -> None:
    """'target_omzet' beside 'omzet' is that indicator's target, not a typo of the long
    file's 'target', however short the indicator's name."""
    text = f"konsultan,{indicator},target_{indicator}\nA,5,10\n"
    rows, problems = parse_achievements(text.encode(), "c.csv", "csv")
    assert problems == []
    assert [(a.consultant, a.indicator, a.achievement, a.target) for a in rows] == [
        ("A", indicator, 5, 10)]


def test_wide_template_filled_in_evaluates_like_the_csv_sample(tmp_path: Path) -> None:
    """`template --wide` (Indonesian headers) has one column per indicator; filled in with
    the sample, `evaluate` gives the output of the CSV sample; --lang en writes English."""
    path = tmp_path / "data.xlsx"
    result = run_cli("template", "--wide", "--output", path, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(path)
    people, sheet = book["konsultan"], book["capaian"]
    head = [c.value for c in people[1]]
    assert head[:5] == ["id", "nama", "unit", "bidang", "tahun_pengangkatan"]
    columns = [c.value for c in sheet[1]]
    assert columns[0] == "konsultan" and "kehadiran" in columns
    assert columns.index("kehadiran") > columns.index("umkm_akses_pasar")  # common ones last
    for r, row in enumerate(sample_rows("consultants.csv"), 2):
        for c, value in enumerate(row.values(), 1):
            if value:
                people.cell(r, c).value = int(value) if value.isdigit() else value
    achievements = sample_rows("achievements.csv")
    ids = list(dict.fromkeys(r["consultant"] for r in achievements))
    targets: dict[str, int] = {}
    for r, cid in enumerate(ids, 2):
        sheet.cell(r, 1).value = cid
        for row in (x for x in achievements if x["consultant"] == cid):
            sheet.cell(r, columns.index(row["indicator"]) + 1).value = float(row["achievement"])
            if row["target"]:
                if row["indicator"] not in targets:
                    targets[row["indicator"]] = len(columns) + len(targets) + 1
                    sheet.cell(1, targets[row["indicator"]]).value = (
                        f"target_{row['indicator']}")
                sheet.cell(r, targets[row["indicator"]]).value = float(row["target"])
    book.save(path)
    got = evaluation_json("--consultants", path, "--achievements", path, cwd=tmp_path)
    assert got == sample_json(tmp_path)

    english = tmp_path / "en.xlsx"
    assert run_cli("template", "--lang", "en", "--output", english).returncode == 0
    book = openpyxl.load_workbook(english)
    assert [c.value for c in book["capaian"][1]] == ["consultant", "indicator",
                                                     "achievement", "target"]


def test_wide_problem_is_located_at_its_cell(tmp_path: Path) -> None:
    """In a wide sheet, an unknown indicator column is reported by evaluate at the cell."""
    path = wide(sample_rows("achievements.csv"), tmp_path / "wide.csv")
    text = path.read_text(encoding="utf-8").replace(",kehadiran,", ",kehadiran_,", 1)
    path.write_text(text, encoding="utf-8")
    result = run_cli("evaluate", "--consultants", sample_path("consultants.csv"),
                     "--achievements", path, "--lang", "en", cwd=tmp_path)
    assert result.returncode == 1
    assert "wide.csv:2: indicator:" in result.stderr
    assert "did you mean 'kehadiran'?" in result.stderr


def test_wide_sheet_values_are_located_at_their_cells() -> None:
    """In a wide XLSX sheet each achievement, and each problem, is at its own cell."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "capaian"
    sheet.append(["konsultan", "kehadiran", "pelatihan"])
    sheet.append(["A", 90, None])
    sheet.append(["B", 95, "banyak"])
    out = io.BytesIO()
    book.save(out)
    rows, problems = parse_achievements(out.getvalue(), "d.xlsx", "xlsx")
    assert [(a.consultant, a.indicator, str(a.location)) for a in rows] == [
        ("A", "kehadiran", "d.xlsx:capaian!B2")]
    assert [(str(p.location), p.path) for p in problems] == [("d.xlsx:capaian!C3", "pelatihan")]
