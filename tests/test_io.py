"""Reading consultants and achievements from CSV, XLSX and JSON (plut_rules.io)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plut_rules.errors import Location, Problem
from plut_rules.exact import decimal_text
from plut_rules.model import Achievement, Consultant
from plut_rules.readers import (
    MAX_FILE_BYTES,
    detect_format,
    parse_achievements,
    parse_consultants,
    read_achievements,
    read_consultants,
)
from plut_rules.readers.lookalike import identity_key

HEADER = "id,name,unit,field,appointed,competence_produksi"
A_HEADER = "consultant,indicator,achievement,target"


# --------------------------------------------------------------------------- helpers


def codes(problems: Sequence[Problem]) -> list[str]:
    """The codes of the problems, in order."""
    return [p.code for p in problems]


def only(problems: Sequence[Problem], code: str) -> Problem:
    """The single problem with ``code``, failing the test otherwise."""
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


def csv_consultants(text: str) -> tuple[list[Consultant], list[Problem]]:
    """Consultants from CSV text (UTF-8) named c.csv."""
    return parse_consultants(text.encode(), "c.csv", "csv")


def csv_achievements(text: str) -> tuple[list[Achievement], list[Problem]]:
    """Achievements from CSV text (UTF-8) named a.csv."""
    return parse_achievements(text.encode(), "a.csv", "csv")


def json_consultants(text: str) -> tuple[list[Consultant], list[Problem]]:
    """Consultants from JSON text named c.json."""
    return parse_consultants(text.encode(), "c.json", "json")


def json_achievements(text: str) -> tuple[list[Achievement], list[Problem]]:
    """Achievements from JSON text named a.json."""
    return parse_achievements(text.encode(), "a.json", "json")


def workbook(build: Callable[[Any], None]) -> bytes:
    """The bytes of a workbook that ``build`` fills in (its first sheet is active)."""
    book = openpyxl.Workbook()
    build(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet(title: str, rows: list[list[Any]]) -> bytes:
    """A one-sheet workbook with these rows from A1."""

    def build(book: Any) -> None:
        ws = book.active
        ws.title = title
        for row in rows:
            ws.append(row)

    return workbook(build)


def patch_sheet(data: bytes, edit: Callable[[str], str]) -> bytes:
    """The workbook with the XML of its first sheet rewritten by ``edit``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = edit(content.decode()).encode()
            target.writestr(info, content)
    return out.getvalue()


def xlsx_consultants(data: bytes) -> tuple[list[Consultant], list[Problem]]:
    """Consultants from workbook bytes named c.xlsx."""
    return parse_consultants(data, "c.xlsx", "xlsx")


def xlsx_achievements(data: bytes) -> tuple[list[Achievement], list[Problem]]:
    """Achievements from workbook bytes named a.xlsx."""
    return parse_achievements(data, "a.xlsx", "xlsx")


# --------------------------------------------------------------------------- CSV basics


def test_csv_comma_file_gives_consultants_with_locations() -> None:
    """A clean comma file gives frozen consultants, each located at the line of its row."""
    text = f"{HEADER}\nPKP-01,Ani,pkp,pemasaran,2016,82.5\n\nPKP-02,Budi,pkp,produksi,2017,\n"
    consultants, problems = csv_consultants(text)
    assert problems == []
    assert consultants == [
        Consultant("PKP-01", "Ani", "pkp", "pemasaran", 2016, {"produksi": Fraction(165, 2)}),
        Consultant("PKP-02", "Budi", "pkp", "produksi", 2017, {}),
    ]
    assert [c.location for c in consultants] == [Location("c.csv", 2), Location("c.csv", 4)]


def test_csv_achievements_with_and_without_target() -> None:
    """An empty target means no override and a written one is exact."""
    text = f"{A_HEADER}\nPKP-01,akses,14,\nPKP-01,omzet,1250,25.5\n"
    achievements, problems = csv_achievements(text)
    assert problems == []
    assert achievements == [
        Achievement("PKP-01", "akses", Fraction(14)),
        Achievement("PKP-01", "omzet", Fraction(1250), Fraction(51, 2)),
    ]
    assert achievements[1].location == Location("a.csv", 3)


def test_csv_semicolon_file_with_bom_and_decimal_commas() -> None:
    """A semicolon file from an Indonesian spreadsheet (BOM, decimal commas) reads exactly."""
    text = "\ufeffconsultant;indicator;achievement;target\r\nPKP-01;omzet;1.250,5;82,5\r\n"
    achievements, problems = csv_achievements(text)
    assert problems == []
    assert achievements == [
        Achievement("PKP-01", "omzet", Fraction(2501, 2), Fraction(165, 2)),
    ]


def test_csv_header_names_are_trimmed_and_case_insensitive() -> None:
    """Header names are compared without surrounding spaces and without case."""
    text = " ID , Name ,UNIT,Field,Appointed, Competence_Produksi \nA,Ani,pkp,produksi,2016,70\n"
    consultants, problems = csv_consultants(text)
    assert problems == []
    assert consultants[0].competences == {"produksi": Fraction(70)}


def test_csv_values_are_trimmed() -> None:
    """Text values lose surrounding whitespace."""
    consultants, problems = csv_consultants(f"{HEADER}\n  A  , Ani Ani ,pkp , produksi ,2016,\n")
    assert problems == []
    assert (consultants[0].id, consultants[0].name, consultants[0].field) == (
        "A",
        "Ani Ani",
        "produksi",
    )


def test_csv_multiline_quoted_cell_keeps_physical_line_numbers() -> None:
    """A row is located at the line where it starts, even after a cell spanning two lines."""
    text = f'{HEADER}\nA,"Ani\nSiregar",pkp,produksi,2016,\nB,Budi,pkp,produksi,2016,\n'
    consultants, problems = csv_consultants(text)
    assert problems == []
    assert consultants[0].name == "Ani\nSiregar"
    assert [c.location for c in consultants] == [Location("c.csv", 2), Location("c.csv", 4)]


def test_csv_blank_lines_and_separator_only_lines_are_skipped() -> None:
    """Blank lines and lines of bare separators (an empty spreadsheet row) are skipped."""
    text = f"\n{HEADER}\n\n,,,,,\nA,Ani,pkp,produksi,2016,\n\n"
    consultants, problems = csv_consultants(text)
    assert problems == []
    assert consultants[0].location == Location("c.csv", 5)


# --------------------------------------------------------------------------- CSV numbers

COMMA_ACCEPTED = [
    ("1250", Fraction(1250)),
    ("82.5", Fraction(165, 2)),
    ("0", Fraction(0)),
    ("0.1", Fraction(1, 10)),
    ("007", Fraction(7)),
]
COMMA_REFUSED = [
    ('"1,250"', "ambiguous-number", ["1250", "1.25"]),
    ('"82,5"', "not-a-number", ["82.5"]),
    ('"1,250.5"', "not-a-number", ["1250.5"]),
    ("1.250.000", "ambiguous-number", ["1250000"]),
    ("nan", "not-finite", []),
    ("inf", "not-finite", []),
    ("-Infinity", "not-finite", []),
    ("1e3", "not-a-number", ["82.5"]),
    (".5", "not-a-number", []),
    ("abc", "not-a-number", ["82.5"]),
    ("82.5%", "not-a-number", ["82.5"]),
    ("-3", "out-of-range", [">= 0"]),
    ("#DIV/0!", "formula-error", []),
]
SEMICOLON_ACCEPTED = [
    ("1250", Fraction(1250)),
    ("82,5", Fraction(165, 2)),
    ("1.250,5", Fraction(2501, 2)),
    ("1.250.000,25", Fraction(5000001, 4)),
    ("1,250", Fraction(5, 4)),
]
SEMICOLON_REFUSED = [
    ("1.250", "ambiguous-number", ["1250", "1,25"]),
    ("82.5", "not-a-number", ["82,5"]),
    ("1.250.000", "ambiguous-number", ["1250000"]),
    ("12.50,5", "not-a-number", []),
    ("1,250.5", "not-a-number", ["1250,5"]),
    ("NaN", "not-finite", []),
    ("-1,5", "out-of-range", [">= 0"]),
]


@pytest.mark.parametrize(("cell", "value"), COMMA_ACCEPTED)
def test_comma_file_accepted_numbers(cell: str, value: Fraction) -> None:
    """A comma file accepts digits with an optional decimal point, exactly."""
    achievements, problems = csv_achievements(f"{A_HEADER}\nA,x,{cell},\n")
    assert problems == []
    assert achievements[0].achievement == value


@pytest.mark.parametrize(("cell", "code", "words"), COMMA_REFUSED)
def test_comma_file_refused_numbers(cell: str, code: str, words: list[str]) -> None:
    """Anything else in a comma file is an error at its line that says what to write."""
    achievements, problems = csv_achievements(f"{A_HEADER}\nA,x,{cell},\n")
    assert achievements == []
    problem = only(problems, code)
    assert problem.location == Location("a.csv", 2)
    assert problem.path == "achievement"
    assert "write" in problem.message or "correct the formula" in problem.message
    for word in words:
        assert word in problem.message


@pytest.mark.parametrize(("cell", "value"), SEMICOLON_ACCEPTED)
def test_semicolon_file_accepted_numbers(cell: str, value: Fraction) -> None:
    """A semicolon file accepts a decimal comma, and dots only as thousands before one."""
    achievements, problems = csv_achievements(
        f"consultant;indicator;achievement;target\nA;x;{cell};\n"
    )
    assert problems == []
    assert achievements[0].achievement == value


@pytest.mark.parametrize(("cell", "code", "words"), SEMICOLON_REFUSED)
def test_semicolon_file_refused_numbers(cell: str, code: str, words: list[str]) -> None:
    """A number that could be read two ways, or is malformed, is refused with what to write."""
    achievements, problems = csv_achievements(
        f"consultant;indicator;achievement;target\nA;x;{cell};\n"
    )
    assert achievements == []
    problem = only(problems, code)
    assert problem.location == Location("a.csv", 2)
    assert "write" in problem.message
    for word in words:
        assert word in problem.message


def test_number_with_too_many_digits_is_refused() -> None:
    """A number of hundreds of digits is refused rather than converted."""
    _, problems = csv_achievements(f"{A_HEADER}\nA,x,{'9' * 500},\n")
    assert codes(problems) == ["number-out-of-range"]


# --------------------------------------------------------------------------- CSV problems


def test_csv_not_utf8_names_the_line_and_says_save_as_utf8() -> None:
    """A Latin-1 file is an error with the line of the first bad byte and a UTF-8 hint."""
    data = f"{HEADER}\nA,Ani,pkp,produksi,2016,\n".encode() + b"B,Jos\xe9,pkp,produksi,2016,\n"
    consultants, problems = parse_consultants(data, "c.csv", "csv")
    assert consultants == []
    problem = only(problems, "not-utf8")
    assert problem.location is not None and problem.location.line == 3
    assert "UTF-8" in problem.message


def test_csv_utf16_is_refused_with_a_hint() -> None:
    """A UTF-16 export ('Unicode Text') is refused and named as such."""
    data = f"{HEADER}\n".encode("utf-16")
    _, problems = parse_consultants(data, "c.csv", "csv")
    assert "UTF-16" in only(problems, "not-utf8").message


def test_csv_nul_bytes_are_refused() -> None:
    """A file with NUL characters is not a text file and is refused."""
    _, problems = parse_consultants(b"i\x00d\x00,name\n", "c.csv", "csv")
    assert codes(problems) == ["not-utf8"]


def test_csv_ragged_row_names_the_row() -> None:
    """A row with more or fewer cells than the header is an error naming its line."""
    text = f"{HEADER}\nA,Ani,pkp,produksi,2016\nB,Budi,pkp,produksi,2016,,extra\n"
    consultants, problems = csv_consultants(text)
    assert consultants == []
    assert codes(problems) == ["ragged-row", "ragged-row"]
    assert [p.location for p in problems] == [Location("c.csv", 2), Location("c.csv", 3)]
    assert "line 2" in problems[0].message and "6" in problems[0].message


def test_csv_unclosed_quote_is_reported() -> None:
    """A quote that is never closed is reported, not silently swallowed."""
    _, problems = csv_consultants(f'{HEADER}\nA,"Ani,pkp,produksi,2016,\n')
    assert codes(problems) == ["csv-syntax"]
    assert 'closing quote (")' in problems[0].message


def test_csv_text_after_closing_quote_is_reported_and_reading_goes_on() -> None:
    """Text after a closing quote is a syntax error; later rows are still read."""
    text = f'{HEADER}\nA,"Ani"x,pkp,produksi,2016,\nB,Budi,pkp,produksi,2016,\n'
    consultants, problems = csv_consultants(text)
    assert codes(problems) == ["csv-syntax"]
    assert problems[0].location == Location("c.csv", 2)
    assert [c.id for c in consultants] == ["B"]


def test_csv_unknown_columns_suggest_the_known_name() -> None:
    """A misspelt column is an error with a did-you-mean suggestion."""
    text = "id,name,unit,field,apointed,competance_produksi\nA,Ani,pkp,produksi,2016,80\n"
    _, problems = csv_consultants(text)
    unknown = [p for p in problems if p.code == "unknown-column"]
    assert {(p.path, p.suggestion) for p in unknown} == {
        ("apointed", "appointed"),
        ("competance_produksi", "competence_produksi"),
    }
    assert all(p.location == Location("c.csv", 1) for p in unknown)
    assert "appointed" in only(problems, "missing-column").message


def test_csv_missing_required_column_is_named() -> None:
    """A missing required column is one error at the header that names it."""
    consultants, problems = csv_consultants("id,name,unit,field\nA,Ani,pkp,produksi\n")
    assert consultants == []
    problem = only(problems, "missing-column")
    assert problem.path == "appointed"
    assert "'appointed'" in problem.message
    assert problem.location == Location("c.csv", 1)


def test_csv_competence_column_must_name_a_field_id() -> None:
    """A competence column whose field part is not an id is refused."""
    _, problems = csv_consultants(f"{HEADER},competence_\nA,Ani,pkp,produksi,2016,,\n")
    assert codes(problems) == ["bad-column-name"]


def test_csv_duplicate_column_is_refused() -> None:
    """The same column twice cannot be read and is an error."""
    consultants, problems = csv_consultants(f"{HEADER},Name\nA,Ani,pkp,produksi,2016,,Ani\n")
    assert consultants == []
    assert "twice" in only(problems, "duplicate-column").message


def test_csv_values_under_an_unnamed_column_are_refused() -> None:
    """Values in a column without a header name are reported once, with the first line."""
    text = f"{HEADER},\nA,Ani,pkp,produksi,2016,,x\nB,Budi,pkp,produksi,2016,,y\n"
    _, problems = csv_consultants(text)
    problem = only(problems, "unnamed-column")
    assert "column 7" in problem.message and "line 2" in problem.message


def test_csv_trailing_empty_header_cells_are_ignored() -> None:
    """A trailing separator in every line (an empty unnamed column) is harmless."""
    consultants, problems = csv_consultants(f"{HEADER},\nA,Ani,pkp,produksi,2016,,\n")
    assert problems == [] and len(consultants) == 1


def test_csv_tab_separated_file_is_refused() -> None:
    """A tab-separated file is refused with a hint to save it as CSV."""
    _, problems = csv_consultants("id\tname\tunit\tfield\tappointed\nA\tAni\tpkp\tx\t2016\n")
    assert codes(problems) == ["tab-separated"]


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff"])
def test_csv_empty_file_is_reported(text: str) -> None:
    """A file without a header row is an error naming the columns to write."""
    consultants, problems = csv_consultants(text)
    assert consultants == []
    assert codes(problems) == ["empty-file"]
    assert "appointed" in problems[0].message


def test_csv_achievements_file_given_as_consultants() -> None:
    """An achievements file given where consultants are expected is named as such."""
    consultants, problems = csv_consultants(f"{A_HEADER}\nA,x,1,\n")
    assert consultants == []
    assert codes(problems) == ["wrong-file"]


def test_csv_required_values_must_not_be_empty() -> None:
    """Every required text value is non-empty, each empty one being its own error."""
    consultants, problems = csv_consultants(f"{HEADER}\n,Ani,,produksi,,\n")
    assert consultants == []
    assert sorted(p.path for p in problems) == ["appointed", "id", "unit"]
    assert all(p.code == "missing-value" for p in problems)
    assert all("write" in p.message for p in problems)


@pytest.mark.parametrize("year", ["2016.5", "16", "12016", "-2016", "tahun"])
def test_appointed_must_be_a_whole_four_digit_year(year: str) -> None:
    """The appointment year is a whole number of four digits."""
    consultants, problems = csv_consultants(f"{HEADER}\nA,Ani,pkp,produksi,{year},\n")
    assert consultants == []
    assert len(problems) == 1
    assert problems[0].path == "appointed"
    assert "2016" in problems[0].message


@pytest.mark.parametrize(
    ("level", "code"), [("101", "out-of-range"), ("-1", "out-of-range"), ("tinggi", "not-a-number")]
)
def test_competence_must_be_0_to_100(level: str, code: str) -> None:
    """A competence level outside 0..100, or not a number, is an error in its column."""
    consultants, problems = csv_consultants(f"{HEADER}\nA,Ani,pkp,produksi,2016,{level}\n")
    assert consultants == []
    problem = only(problems, code)
    assert problem.path == "competence_produksi"


def test_competence_bounds_are_accepted() -> None:
    """0 and 100 are valid competence levels; 0 written stays in the mapping."""
    consultants, problems = csv_consultants(
        "id,name,unit,field,appointed,competence_a,competence_b\nA,Ani,pkp,x,2016,0,100\n"
    )
    assert problems == []
    assert consultants[0].competences == {"a": Fraction(0), "b": Fraction(100)}


@pytest.mark.parametrize("target", ["0", "-5", "nol"])
def test_target_must_be_positive(target: str) -> None:
    """A target override must be a number greater than 0."""
    achievements, problems = csv_achievements(f"{A_HEADER}\nA,x,1,{target}\n")
    assert achievements == []
    assert [p.path for p in problems] == ["target"]


def test_achievement_is_required() -> None:
    """An empty achievement is an error that says to write 0 when nothing was achieved."""
    achievements, problems = csv_achievements(f"{A_HEADER}\nA,x,,\n")
    assert achievements == []
    problem = only(problems, "missing-value")
    assert problem.path == "achievement" and "0" in problem.message


def test_duplicate_consultant_id_points_to_the_earlier_line() -> None:
    """A repeated id is an error at the later row naming the earlier row's line."""
    text = f"{HEADER}\nA,Ani,pkp,produksi,2016,\nB,Budi,pkp,produksi,2016,\nA,Ana,pkp,x,2017,\n"
    consultants, problems = csv_consultants(text)
    problem = only(problems, "duplicate-id")
    assert problem.location == Location("c.csv", 4)
    assert "line 2" in problem.message
    assert [c.id for c in consultants] == ["A", "B"]


def test_duplicate_achievement_row_points_to_the_earlier_line() -> None:
    """The same consultant and indicator twice is an error naming the first line."""
    text = f"{A_HEADER}\nA,x,1,\nA,y,2,\nA,x,3,\n"
    achievements, problems = csv_achievements(text)
    problem = only(problems, "duplicate-row")
    assert problem.location == Location("a.csv", 4)
    assert "line 2" in problem.message
    assert len(achievements) == 2


def test_every_problem_is_reported_at_once() -> None:
    """Problems in several rows and columns are all returned together, in reading order."""
    text = f"{HEADER}\nA,,pkp,produksi,2016,\nB,Budi,pkp,produksi,16,\nC,Cici,pkp,x,2016,120\n"
    consultants, problems = csv_consultants(text)
    assert consultants == []
    assert [(p.location.line if p.location else 0, p.path) for p in problems] == [
        (2, "name"),
        (3, "appointed"),
        (4, "competence_produksi"),
    ]


def test_ten_thousand_rows_read() -> None:
    """A 10,000-row CSV is read whole (speed is measured in benchmarks/, not here)."""
    rows = [f"C{i},Nama {i},pkp,produksi,2016,82.5" for i in range(10_000)]
    data = "\n".join([HEADER, *rows]).encode()
    consultants, problems = parse_consultants(data, "c.csv", "csv")
    assert problems == [] and len(consultants) == 10_000
    assert consultants[-1].id == "C9999"


# --------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.csv", "csv"),
        ("A.CSV", "csv"),
        ("a.xlsx", "xlsx"),
        ("a.xlsm", "xlsx"),
        ("dir.v2/a.json", "json"),
        ("a.xls", None),
        ("a.txt", None),
        ("csv", None),
    ],
)
def test_detect_format_by_extension(name: str, fmt: str | None) -> None:
    """The format is known from the file extension, case-insensitively."""
    assert detect_format(name) == fmt
    assert detect_format(Path(name)) == fmt


def test_read_file_uses_display_name(tmp_path: Path) -> None:
    """Reading a file puts the display name (default: the path as given) in locations."""
    path = tmp_path / "konsultan.csv"
    path.write_text(f"{HEADER}\nA,Ani,pkp,produksi,2016,\n", encoding="utf-8")
    consultants, problems = read_consultants(path, display="data/konsultan.csv")
    assert problems == []
    assert consultants[0].location == Location("data/konsultan.csv", 2)
    consultants, _ = read_consultants(str(path))
    assert consultants[0].location == Location(str(path), 2)


def test_read_missing_file_is_a_problem(tmp_path: Path) -> None:
    """A missing file is a problem, never an exception."""
    consultants, problems = read_consultants(tmp_path / "nope.csv", display="nope.csv")
    assert consultants == []
    assert codes(problems) == ["file-not-found"]
    assert problems[0].location == Location("nope.csv")


def test_read_folder_is_a_problem(tmp_path: Path) -> None:
    """A folder given as a file is a problem."""
    folder = tmp_path / "data.csv"
    folder.mkdir()
    _, problems = read_achievements(folder)
    assert codes(problems) == ["file-unreadable"]


def test_read_unknown_extension_is_a_problem(tmp_path: Path) -> None:
    """An unknown extension (such as an old .xls) is a problem that names the formats."""
    path = tmp_path / "konsultan.xls"
    path.write_bytes(b"whatever")
    _, problems = read_consultants(path)
    assert codes(problems) == ["unknown-format"]
    assert ".xlsx" in problems[0].message


def test_read_too_large_file_is_refused_unread(tmp_path: Path) -> None:
    """A file above 50 MB is refused from its size (a sparse file: nothing is read)."""
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    _, problems = read_achievements(path)
    assert codes(problems) == ["file-too-large"]


def test_read_each_format_from_disk(tmp_path: Path) -> None:
    """read_* picks the reader from the extension for every format."""
    (tmp_path / "a.csv").write_text(f"{A_HEADER}\nA,x,1,\n", encoding="utf-8")
    (tmp_path / "a.json").write_text('[{"consultant": "A", "indicator": "x", "achievement": 1}]')
    (tmp_path / "a.xlsx").write_bytes(sheet("capaian", [A_HEADER.split(","), ["A", "x", 1]]))
    results = [read_achievements(tmp_path / f"a.{ext}") for ext in ("csv", "json", "xlsx")]
    assert all(problems == [] for _, problems in results)
    assert results[0][0] == results[1][0] == results[2][0] == [Achievement("A", "x", 1)]


# --------------------------------------------------------------------------- JSON


def test_json_list_and_wrapped_object_and_nested_competences() -> None:
    """A JSON list, or {"consultants": [...]}, with flat or nested competences, reads the same."""
    flat = (
        '[{"id": "A", "name": "Ani", "unit": "pkp", "field": "produksi", "appointed": 2016,'
        ' "competence_pemasaran": 82.5}]'
    )
    nested = (
        '{"consultants": [\n  {"id": "A", "name": "Ani", "unit": "pkp", "field": "produksi",\n'
        '   "appointed": 2016, "competences": {"pemasaran": 82.5}}\n]}'
    )
    first, p1 = json_consultants(flat)
    second, p2 = json_consultants(nested)
    assert p1 == p2 == []
    assert first == second
    assert first[0].competences == {"pemasaran": Fraction(165, 2)}
    assert second[0].location == Location("c.json", 2, 3)


def test_json_numbers_are_exact_from_their_text() -> None:
    """A JSON number means the decimal written (0.1 is one tenth, 1e2 is 100)."""
    achievements, problems = json_achievements(
        '[{"consultant": "A", "indicator": "x", "achievement": 0.1, "target": 1e2}]'
    )
    assert problems == []
    assert achievements[0].achievement == Fraction(1, 10)
    assert achievements[0].target == Fraction(100)


def test_json_number_in_quotes_says_remove_the_quotes() -> None:
    """A number written as a string is an error at its line and column saying to remove quotes."""
    text = '[\n  {"consultant": "A", "indicator": "x",\n   "achievement": "82.5"}\n]'
    achievements, problems = json_achievements(text)
    assert achievements == []
    problem = only(problems, "quoted-number")
    assert problem.location == Location("a.json", 3, 19)
    assert "remove the quotes" in problem.message
    assert problem.path == "achievement"


def test_json_null_means_empty() -> None:
    """null is an empty value: no target override, no competence, a missing required value."""
    achievements, problems = json_achievements(
        '[{"consultant": "A", "indicator": "x", "achievement": 3, "target": null}]'
    )
    assert problems == [] and achievements[0].target is None
    consultants, problems = json_consultants(
        '[{"id": "A", "name": null, "unit": "u", "field": "f", "appointed": 2016,'
        ' "competence_x": null, "competences": null}]'
    )
    assert consultants == []
    assert [(p.code, p.path) for p in problems] == [("missing-value", "name")]


def test_json_missing_key_is_reported_at_the_object() -> None:
    """A missing required key is an error at the object's line and column."""
    text = '[\n {"consultant": "A", "achievement": 3}\n]'
    achievements, problems = json_achievements(text)
    assert achievements == []
    problem = only(problems, "missing-value")
    assert problem.path == "indicator"
    assert problem.location == Location("a.json", 2, 2)


def test_json_syntax_error_gives_line_and_column() -> None:
    """Malformed JSON is one error at the line and column where reading stopped."""
    achievements, problems = json_achievements('[\n  {"consultant": "A",,}\n]')
    assert achievements == []
    assert codes(problems) == ["json-syntax"]
    assert problems[0].location == Location("a.json", 2, 22)


def test_json_duplicate_keys_are_reported() -> None:
    """The same key twice in one object is an error (JSON readers would keep the last)."""
    _, problems = json_achievements(
        '[{"consultant": "A", "indicator": "x", "achievement": 1, "achievement": 2}]'
    )
    assert codes(problems) == ["duplicate-key"]
    assert problems[0].location == Location("a.json", 1, 58)


def test_json_flat_and_nested_competence_for_one_field_is_a_duplicate() -> None:
    """A competence given both flat and nested is reported as given twice."""
    _, problems = json_consultants(
        '[{"id": "A", "name": "n", "unit": "u", "field": "f", "appointed": 2016,'
        ' "competences": {"x": 1}, "competence_x": 2}]'
    )
    assert codes(problems) == ["duplicate-key"]


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_json_non_finite_numbers_are_refused(literal: str) -> None:
    """NaN and infinities are not finite numbers (1e999 is outside the number range)."""
    achievements, problems = json_achievements(
        f'[{{"consultant": "A", "indicator": "x", "achievement": {literal}}}]'
    )
    assert achievements == []
    assert codes(problems) == ["not-finite"]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("true", "wrong-type"),
        ("[1]", "wrong-type"),
        ('{"a": 1}', "wrong-type"),
        ('"abc"', "not-a-number"),
        ("-1", "out-of-range"),
    ],
)
def test_json_wrong_values_for_a_number(value: str, code: str) -> None:
    """Booleans, lists, objects, text and negative numbers are refused for achievement."""
    _, problems = json_achievements(
        f'[{{"consultant": "A", "indicator": "x", "achievement": {value}}}]'
    )
    assert codes(problems) == [code]


def test_json_number_for_a_text_value_is_its_decimal_text() -> None:
    """A number given for an id reads as its decimal text (as a numeric spreadsheet cell does)."""
    consultants, problems = json_consultants(
        '[{"id": 101, "name": "n", "unit": "u", "field": "f", "appointed": 2016.0}]'
    )
    assert problems == []
    assert consultants[0].id == "101" and consultants[0].appointed == 2016


def test_json_unknown_key_is_reported_once_with_a_suggestion() -> None:
    """A misspelt key is reported once, at its first use, with a suggestion and a count."""
    text = (
        '[{"consultant": "A", "indicator": "x", "achievement": 1, "tagret": 3},\n'
        ' {"consultant": "B", "indicator": "x", "achievement": 1, "tagret": 3}]'
    )
    _, problems = json_achievements(text)
    problem = only(problems, "unknown-column")
    assert problem.suggestion == "target"
    assert problem.location == Location("a.json", 1, 58)
    assert "1 more object" in problem.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"rows": []}', "bad-structure"),
        ('"text"', "bad-structure"),
        ("[1, 2]", "bad-structure"),
        ('{"consultants": []}', "wrong-file"),
        ("", "empty-file"),
        ("[" * 100 + "]" * 100, "too-deep"),
        ("[" * 100_000, "too-deep"),
    ],
)
def test_json_structure_problems(text: str, code: str) -> None:
    """The file must be a list of objects (or wrap one under the table's name)."""
    achievements, problems = json_achievements(text)
    assert achievements == []
    assert code in codes(problems)


def test_json_competences_must_be_an_object_of_field_ids() -> None:
    """Nested competences must be an object keyed by field ids."""
    base = '"id": "A", "name": "n", "unit": "u", "field": "f", "appointed": 2016'
    _, problems = json_consultants(f'[{{{base}, "competences": [80]}}]')
    assert codes(problems) == ["wrong-type"]
    _, problems = json_consultants(f'[{{{base}, "competences": {{"Bad Field": 80}}}}]')
    assert codes(problems) == ["bad-column-name"]
    _, problems = json_consultants(f'[{{{base}, "competences": {{"x": 180}}}}]')
    assert [(p.code, p.path) for p in problems] == [("out-of-range", "competences.x")]


def test_json_not_utf8_is_reported() -> None:
    """JSON in another encoding is refused with its line."""
    _, problems = parse_achievements(b'[{"consultant": "Jos\xe9"}]', "a.json", "json")
    assert codes(problems) == ["not-utf8"]


# --------------------------------------------------------------------------- XLSX


def test_xlsx_reads_named_sheet_with_cell_locations() -> None:
    """The sheet named konsultan (any case) is read; objects carry sheet, row and cell."""

    def build(book: Any) -> None:
        book.active.title = "Catatan"
        book.active.append(["notes only"])
        ws = book.create_sheet("KONSULTAN")
        ws.append(list(HEADER.split(",")))
        ws.append(["A", "Ani", "pkp", "produksi", 2016, 82.5])
        ws.append([101, "Budi", "pkp", "produksi", 2017, 0.1])

    consultants, problems = xlsx_consultants(workbook(build))
    assert problems == []
    assert consultants == [
        Consultant("A", "Ani", "pkp", "produksi", 2016, {"produksi": Fraction(165, 2)}),
        Consultant("101", "Budi", "pkp", "produksi", 2017, {"produksi": Fraction(1, 10)}),
    ]
    assert consultants[1].location == Location("c.xlsx", 3, sheet="KONSULTAN", cell="A3")


def test_xlsx_single_visible_sheet_is_used_whatever_its_name() -> None:
    """Without a sheet of the expected name, the only visible sheet is read."""
    data = sheet("Sheet1", [A_HEADER.split(","), ["A", "x", 3]])
    achievements, problems = xlsx_achievements(data)
    assert problems == [] and achievements == [Achievement("A", "x", 3)]


def test_xlsx_without_a_named_sheet_and_several_sheets_lists_them() -> None:
    """With several sheets and none named for the table, the error lists the sheet names."""

    def build(book: Any) -> None:
        book.active.title = "Data 2018"
        book.create_sheet("Lain")

    consultants, problems = xlsx_consultants(workbook(build))
    assert consultants == []
    problem = only(problems, "sheet-not-found")
    assert "'Data 2018'" in problem.message and "'Lain'" in problem.message
    assert "konsultan" in problem.message


def test_xlsx_one_workbook_holds_both_tables() -> None:
    """A workbook with a consultants and an achievements sheet serves both readers."""

    def build(book: Any) -> None:
        book.active.title = "konsultan"
        book.active.append(HEADER.split(","))
        book.active.append(["A", "Ani", "pkp", "produksi", 2016])
        ws = book.create_sheet("Capaian")
        ws.append(A_HEADER.split(","))
        ws.append(["A", "x", 3, 40])

    data = workbook(build)
    consultants, p1 = xlsx_consultants(data)
    achievements, p2 = xlsx_achievements(data)
    assert p1 == p2 == []
    assert [c.id for c in consultants] == ["A"]
    assert achievements == [Achievement("A", "x", 3, 40)]
    assert achievements[0].location == Location("a.xlsx", 2, sheet="Capaian", cell="A2")


def test_xlsx_achievements_only_workbook_is_not_read_as_consultants() -> None:
    """A workbook whose only sheet is 'capaian' is not taken for the consultants."""
    _, problems = xlsx_consultants(sheet("capaian", [A_HEADER.split(",")]))
    assert codes(problems) == ["sheet-not-found"]


def test_xlsx_hidden_sheet_is_an_error() -> None:
    """The chosen sheet being hidden is an error saying to unhide it."""

    def build(book: Any) -> None:
        ws = book.active
        ws.title = "capaian"
        ws.append(A_HEADER.split(","))
        ws.append(["A", "x", 3])
        book.create_sheet("Ringkasan")
        ws.sheet_state = "hidden"

    _, problems = xlsx_achievements(workbook(build))
    problem = only(problems, "hidden-sheet")
    assert problem.location == Location("a.xlsx", sheet="capaian", cell="A1")
    assert "unhide" in problem.message.lower()


def test_xlsx_merged_cells_in_the_data_are_an_error() -> None:
    """Merged cells in the header or data rows are an error at the range's first cell."""

    def build(book: Any) -> None:
        ws = book.active
        ws.title = "capaian"
        ws.append(A_HEADER.split(","))
        ws.append(["A", "x", 3])
        ws.append(["B", "y", 4])
        ws.merge_cells("A2:A3")

    _, problems = xlsx_achievements(workbook(build))
    problem = only(problems, "merged-cells")
    assert problem.location == Location("a.xlsx", 2, sheet="capaian", cell="A2")
    assert "A2:A3" in problem.message and "unmerge" in problem.message


def test_xlsx_header_is_the_first_non_empty_row_and_empty_rows_are_skipped() -> None:
    """Leading empty rows, empty rows between data and trailing empty rows are skipped."""
    rows: list[list[Any]] = [
        [],
        [None, None],
        A_HEADER.split(","),
        ["A", "x", 3],
        [],
        ["B", "x", 4],
        [None],
        [" "],
    ]
    achievements, problems = xlsx_achievements(sheet("capaian", rows))
    assert problems == []
    assert [a.location.line if a.location else 0 for a in achievements] == [4, 6]


def test_xlsx_text_cells_holding_numbers() -> None:
    """Text cells may hold 82.5 or 82,5; 1.250 and 1,250 are ambiguous and refused."""
    rows: list[list[Any]] = [
        A_HEADER.split(","),
        ["A", "x", "82.5"],
        ["A", "y", "82,5"],
        ["A", "z", "1.250"],
        ["A", "w", "1,250"],
        ["A", "v", "1.250,5"],
        ["A", "u", "0.250"],
    ]
    achievements, problems = xlsx_achievements(sheet("capaian", rows))
    assert [a.achievement for a in achievements] == [
        Fraction(165, 2),
        Fraction(165, 2),
        Fraction(2501, 2),
        Fraction(1, 4),
    ]
    assert codes(problems) == ["ambiguous-number", "ambiguous-number"]
    assert [p.location for p in problems] == [
        Location("a.xlsx", 4, sheet="capaian", cell="C4"),
        Location("a.xlsx", 5, sheet="capaian", cell="C5"),
    ]
    assert "1250" in problems[0].message and "1.25" in problems[0].message


def test_xlsx_formula_without_cached_value_says_open_and_save() -> None:
    """A formula never calculated (written by a program) is an error saying to open and save."""
    data = sheet("capaian", [A_HEADER.split(","), ["A", "x", "=40+2"]])
    achievements, problems = xlsx_achievements(data)
    assert achievements == []
    problem = only(problems, "formula-not-calculated")
    assert problem.location == Location("a.xlsx", 2, sheet="capaian", cell="C2")
    assert "=40+2" in problem.message and "save" in problem.message


def test_xlsx_formula_with_cached_value_gives_that_value() -> None:
    """A formula's saved result is read (the cached value is written into the XML here)."""
    data = sheet("capaian", [A_HEADER.split(","), ["A", "x", "=40+2.5"]])
    data = patch_sheet(
        data, lambda xml: xml.replace("<f>40+2.5</f><v />", "<f>40+2.5</f><v>42.5</v>")
    )
    achievements, problems = xlsx_achievements(data)
    assert problems == []
    assert achievements == [Achievement("A", "x", Fraction(85, 2))]


def test_xlsx_formula_with_cached_error_is_reported() -> None:
    """A formula whose saved result is an error value (#DIV/0!) is an error at its cell."""
    data = sheet("capaian", [A_HEADER.split(","), ["A", "x", "=1/0"]])
    data = patch_sheet(
        data,
        lambda xml: xml.replace(
            '<c r="C2"><f>1/0</f><v />', '<c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v>'
        ),
    )
    _, problems = xlsx_achievements(data)
    problem = only(problems, "formula-error")
    assert "#DIV/0!" in problem.message
    assert problem.location == Location("a.xlsx", 2, sheet="capaian", cell="C2")


def test_xlsx_formula_with_cached_empty_text_is_empty() -> None:
    """A formula whose saved result is empty text counts as an empty cell."""
    data = sheet("capaian", [A_HEADER.split(","), ["A", "x", 3, '=""']])
    data = patch_sheet(
        data,
        lambda xml: xml.replace('<c r="D2"><f>""</f><v />', '<c r="D2" t="str"><f>""</f><v />'),
    )
    achievements, problems = xlsx_achievements(data)
    assert problems == []
    assert achievements == [Achievement("A", "x", 3)]


def test_xlsx_dates_and_booleans_are_refused() -> None:
    """A date for a year, or TRUE for a name, is an error at its cell."""
    rows: list[list[Any]] = [HEADER.split(","), ["A", True, "pkp", "produksi", date(2016, 1, 1)]]
    _, problems = xlsx_consultants(sheet("konsultan", rows))
    found = {(p.code, p.location.cell if p.location else None): p for p in problems}
    assert set(found) == {("wrong-type", "B2"), ("wrong-type", "E2")}
    assert "2016" in found["wrong-type", "E2"].message


def test_xlsx_unknown_column_is_at_its_header_cell() -> None:
    """An unknown header is reported at its cell with a suggestion."""
    rows: list[list[Any]] = [["consultant", "indicatr", "achievement"], ["A", "x", 1]]
    _, problems = xlsx_achievements(sheet("capaian", rows))
    problem = only(problems, "unknown-column")
    assert problem.location == Location("a.xlsx", 1, sheet="capaian", cell="B1")
    assert problem.suggestion == "indicator"


def test_xlsx_duplicate_names_the_earlier_row() -> None:
    """A duplicate row in a spreadsheet names the earlier row number."""
    rows: list[list[Any]] = [A_HEADER.split(","), ["A", "x", 1], ["A", "x", 2]]
    _, problems = xlsx_achievements(sheet("capaian", rows))
    assert "row 2" in only(problems, "duplicate-row").message


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_xlsx_damaged_file_is_a_problem(data: bytes) -> None:
    """Bytes that are not a workbook give a problem, not an exception."""
    consultants, problems = xlsx_consultants(data)
    assert consultants == []
    assert codes(problems) == ["not-xlsx"]


def test_xlsx_empty_sheet_is_reported() -> None:
    """A sheet with no header row is an error."""
    _, problems = xlsx_consultants(sheet("konsultan", []))
    assert codes(problems) == ["empty-file"]


# --------------------------------------------------------------------------- equal across formats

CONSULTANT_ROWS: list[list[Any]] = [
    ["PKP-01", "Ani Siregar", "pkp", "pemasaran", 2016, Fraction(165, 2), None],
    ["PKP-02", "Budi, S.E.", "pkp", "produksi", 2018, None, Fraction(70)],
]
ACHIEVEMENT_ROWS: list[list[Any]] = [
    ["PKP-01", "akses_pasar", Fraction(2501, 2), None],
    ["PKP-01", "kehadiran", Fraction(0), Fraction(95)],
    ["PKP-02", "omzet", Fraction(1, 10), Fraction(25, 2)],
]
CONSULTANT_COLUMNS = [
    "id",
    "name",
    "unit",
    "field",
    "appointed",
    "competence_pemasaran",
    "competence_produksi",
]


def write_csv(columns: list[str], rows: list[list[Any]], delimiter: str) -> bytes:
    """CSV bytes for rows, numbers written as the given style writes them."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, Fraction | int):
                text = decimal_text(Fraction(value))
                cells.append(text.replace(".", ",") if delimiter == ";" else text)
            else:
                cells.append(value)
        writer.writerow(cells)
    prefix = "\ufeff" if delimiter == ";" else ""
    return (prefix + out.getvalue()).encode()


def write_json(columns: list[str], rows: list[list[Any]]) -> bytes:
    """JSON bytes for rows, numbers written as their exact decimal text."""
    objects = []
    for row in rows:
        parts = []
        for name, value in zip(columns, row, strict=True):
            if isinstance(value, Fraction | int):
                parts.append(f"{json.dumps(name)}: {decimal_text(Fraction(value))}")
            else:
                parts.append(f"{json.dumps(name)}: {json.dumps(value)}")
        objects.append("  {" + ", ".join(parts) + "}")
    return ("[\n" + ",\n".join(objects) + "\n]\n").encode()


def write_xlsx(title: str, columns: list[str], rows: list[list[Any]]) -> bytes:
    """Workbook bytes for rows, numbers as numeric cells."""
    cooked = [
        [
            float(v)
            if isinstance(v, Fraction) and v.denominator != 1
            else int(v)
            if isinstance(v, Fraction)
            else v
            for v in row
        ]
        for row in rows
    ]
    return sheet(title, [columns, *cooked])


def test_consultants_equal_in_every_format() -> None:
    """The same consultants as CSV (, and ;), JSON and XLSX give equal objects."""
    results = [
        parse_consultants(write_csv(CONSULTANT_COLUMNS, CONSULTANT_ROWS, ","), "c.csv", "csv"),
        parse_consultants(write_csv(CONSULTANT_COLUMNS, CONSULTANT_ROWS, ";"), "c.csv", "csv"),
        parse_consultants(write_json(CONSULTANT_COLUMNS, CONSULTANT_ROWS), "c.json", "json"),
        parse_consultants(
            write_xlsx("konsultan", CONSULTANT_COLUMNS, CONSULTANT_ROWS), "c.xlsx", "xlsx"
        ),
    ]
    for _, problems in results:
        assert problems == []
    assert results[0][0] == results[1][0] == results[2][0] == results[3][0]
    assert results[0][0][0].competences == {"pemasaran": Fraction(165, 2)}


def test_achievements_equal_in_every_format() -> None:
    """The same achievements as CSV (, and ;), JSON and XLSX give equal objects."""
    columns = A_HEADER.split(",")
    results = [
        parse_achievements(write_csv(columns, ACHIEVEMENT_ROWS, ","), "a.csv", "csv"),
        parse_achievements(write_csv(columns, ACHIEVEMENT_ROWS, ";"), "a.csv", "csv"),
        parse_achievements(write_json(columns, ACHIEVEMENT_ROWS), "a.json", "json"),
        parse_achievements(write_xlsx("capaian", columns, ACHIEVEMENT_ROWS), "a.xlsx", "xlsx"),
    ]
    for _, problems in results:
        assert problems == []
    assert results[0][0] == results[1][0] == results[2][0] == results[3][0]
    assert results[0][0][0] == Achievement("PKP-01", "akses_pasar", Fraction(2501, 2))


# --------------------------------------------------------------------------- properties

FIELDS = ["kelembagaan", "sdm", "produksi", "pembiayaan", "pemasaran"]
text_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
clean_text = (
    st.text(text_chars | st.sampled_from(',;"\n'), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)
hundredths = st.integers(0, 10_000).map(lambda n: Fraction(n, 100))


@st.composite
def consultants(draw: st.DrawFn) -> list[Consultant]:
    """A list of consultants with distinct ids and competences in hundredths."""
    ids = draw(
        st.lists(
            st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,8}", fullmatch=True),
            # distinct as the reader tells ids apart: 't' and 'T' are refused as look-alikes
            unique_by=identity_key,
            max_size=6,
        )
    )
    result = []
    for cid in ids:
        fields = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=3))
        result.append(
            Consultant(
                cid,
                draw(clean_text),
                draw(st.sampled_from(["pkp", "bangka"])),
                draw(st.sampled_from(FIELDS)),
                draw(st.integers(1990, 2030)),
                {f: draw(hundredths) for f in fields},
            )
        )
    return result


def consultant_rows(roster: list[Consultant]) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows of a roster, one competence column per field used."""
    fields = sorted({f for c in roster for f in c.competences})
    columns = ["id", "name", "unit", "field", "appointed"] + [f"competence_{f}" for f in fields]
    rows = [
        [c.id, c.name, c.unit, c.field, c.appointed] + [c.competences.get(f) for f in fields]
        for c in roster
    ]
    return columns, rows


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(consultants())
def test_round_trip_csv_both_styles_and_json(roster: list[Consultant]) -> None:
    """Generated consultants written as , CSV, ; CSV and JSON read back equal."""
    columns, rows = consultant_rows(roster)
    for data, fmt in (
        (write_csv(columns, rows, ","), "csv"),
        (write_csv(columns, rows, ";"), "csv"),
        (write_json(columns, rows), "json"),
    ):
        back, problems = parse_consultants(data, "c", fmt)  # type: ignore[arg-type]
        assert problems == []
        assert back == roster


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_any_bytes_as_csv_or_json_never_raise(data: bytes) -> None:
    """Arbitrary bytes given as CSV or JSON yield objects or problems, never an exception."""
    for fmt in ("csv", "json"):
        for parse in (parse_consultants, parse_achievements):
            objects, problems = parse(data, "f", fmt)
            assert isinstance(objects, Sequence) and isinstance(problems, list)
            assert all(isinstance(p, Problem) for p in problems)


csv_noise = st.lists(
    st.sampled_from([*',;"\n\r .-0123456789abeinfNA,\t', "1.250", "82,5"]), max_size=60
).map("".join)


@settings(max_examples=300)
@given(
    st.sampled_from([HEADER, A_HEADER, HEADER.replace(",", ";"), A_HEADER.replace(",", ";")]),
    csv_noise,
)
def test_csv_like_text_never_raises(header: str, body: str) -> None:
    """Text shaped like a data file (a real header, noisy rows) never raises."""
    data = f"{header}\n{body}".encode()
    for parse in (parse_consultants, parse_achievements):
        objects, _ = parse(data, "f.csv", "csv")
        assert isinstance(objects, Sequence)
        if objects:
            assert all(o.location is not None for o in objects)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 3000)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
json_rows = st.lists(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "name",
                "unit",
                "field",
                "appointed",
                "competences",
                "competence_x",
                "consultant",
                "indicator",
                "achievement",
                "target",
            ]
        ),
        json_values,
    ),
    max_size=4,
)


@settings(max_examples=300)
@given(json_rows)
def test_json_shaped_values_never_raise(rows: list[dict[str, Any]]) -> None:
    """JSON lists of objects with arbitrary values never raise and locate every object."""
    data = json.dumps(rows, indent=1).encode()
    for parse in (parse_consultants, parse_achievements):
        objects, problems = parse(data, "f.json", "json")
        for obj in objects:
            assert obj.location is not None and obj.location.line is not None
        for p in problems:
            assert p.location is not None


def test_problem_text_is_file_line_message() -> None:
    """Problems print as FILE:LINE: column: message, ready for an analyst."""
    _, problems = csv_achievements(f"{A_HEADER}\nA,x,-1,\n")
    assert re.match(r"a\.csv:2: achievement: ", str(problems[0]))


def test_json_achievements_list_given_as_consultants() -> None:
    """A list of achievement objects given where consultants are expected is named as such."""
    consultants, problems = json_consultants(
        '[{"consultant": "A", "indicator": "x", "achievement": 1}]'
    )
    assert consultants == []
    assert codes(problems) == ["wrong-file"]


def test_json_wrapper_key_is_case_insensitive() -> None:
    """The wrapping key may be written in any case, like column names."""
    achievements, problems = json_achievements(
        '{"Achievements": [{"Consultant": "A", "INDICATOR": "x", "achievement": 1}]}'
    )
    assert problems == []
    assert achievements == [Achievement("A", "x", 1)]


def test_xlsx_two_sheets_for_one_table_are_ambiguous() -> None:
    """A workbook with both 'consultants' and 'konsultan' sheets is refused, not guessed."""

    def build(book: Any) -> None:
        book.active.title = "consultants"
        book.create_sheet("Konsultan")

    consultants, problems = xlsx_consultants(workbook(build))
    assert consultants == []
    assert codes(problems) == ["sheet-ambiguous"]
