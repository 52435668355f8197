"""The problems of data files and values in the reader's language (issue 17, item 2):
the readers (CSV, XLSX, JSON, headers, numbers, files), the domain constructors, the
number range and the safe writer speak Indonesian by default and English with
``--lang en``, at the same place and path; the English is what it always was."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINIMAL, run_cli, write
from plut_rules.errors import DataError, Problem
from plut_rules.exact import (
    not_a_number_message,
    not_a_number_words,
    range_message,
    range_words,
    to_exact,
)
from plut_rules.model import Achievement, Consultant
from plut_rules.readers import parse_achievements, parse_consultants, read_consultants
from plut_rules.safe_output import FileGuard, OutputError
from plut_rules.shipped import sample_path

ACHIEVEMENTS = str(sample_path("achievements.csv"))
CONSULTANTS_HEAD = "id,name,unit,field,appointed,competence_produksi\n"
ACHIEVEMENTS_HEAD = "consultant,indicator,achievement,target\n"


def both_languages(result_id: str, result_en: str) -> list[tuple[str, str]]:
    """The (Indonesian, English) pairs of problem lines printed for one input."""
    ids, ens = result_id.splitlines(), result_en.splitlines()
    assert len(ids) == len(ens), (ids, ens)
    return list(zip(ids, ens, strict=True))


def place(line: str) -> str:
    """FILE:LINE[:COL] of a problem line."""
    return line.split(": ", maxsplit=1)[0]


# --------------------------------------------------------------------------- the CLI


def test_an_indonesian_header_is_named_as_written(tmp_path: Path) -> None:
    """A file with Indonesian headers: the Indonesian message names the column as the file
    wrote it ('nama'), the English one by its name ('name'); place and path alike."""
    people = tmp_path / "k.csv"
    people.write_text("id,nama,unit,bidang,tahun_pengangkatan\nK1,,pkp,pemasaran,2017\n"
                      "K2,Dua,pkp,pemasaran,dua ribu\n", encoding="utf-8")
    args = ["evaluate", "--consultants", people, "--achievements", ACHIEVEMENTS]
    indonesian = run_cli(*args)
    english = run_cli(*args, "--lang", "en")
    assert indonesian.returncode == english.returncode == 1
    assert f"{people}:2: name: 'nama' kosong; tulis nama lengkap konsultan\n" in \
        indonesian.stderr
    assert f"{people}:2: name: 'name' is empty; write the consultant's full name\n" in \
        english.stderr
    assert f"{people}:3: appointed: 'dua ribu' bukan tahun; tulis tahun pengangkatan " \
        "pertama, misalnya 2016\n" in indonesian.stderr
    assert f"{people}:3: appointed: 'dua ribu' is not a year; write the year of first " \
        "appointment, e.g. 2016\n" in english.stderr
    assert indonesian.stderr.splitlines()[-1] == "2 kesalahan"
    assert english.stderr.splitlines()[-1] == "2 errors"


@pytest.mark.parametrize(("name", "text", "indonesian", "english"), [
    ("semicolon.csv", "consultant;indicator;achievement\nPKP-01;kehadiran;1.250\n",
     "'1.250' dapat dibaca dua cara, sebagai 1250 atau 1,25",
     "'1.250' could be read two ways, as 1250 or as 1,25"),
    ("comma.csv", "consultant,indicator,achievement\nPKP-01,kehadiran,\"82,5\"\n",
     "'82,5' memakai koma desimal, padahal dalam berkas yang dipisahkan koma ini desimal "
     "ditulis dengan titik: tulis 82.5",
     "'82,5' has a decimal comma, but in this comma-separated file decimals are written "
     "with a point: write 82.5"),
    ("huge.csv", "consultant,indicator,achievement\nPKP-01,kehadiran,1" + "0" * 17 + "\n",
     "lebih besar dari 10^15; angka paling besar", "is larger than 10^15; numbers are at most"),
    ("ragged.csv", "consultant,indicator,achievement\nPKP-01,kehadiran,82,5\n",
     "baris 2 memiliki 4 sel, padahal judul kolom memiliki 3",
     "the row at line 2 has 4 cells but the header has 3"),
    ("quoted.json", '[{"consultant": "PKP-01", "indikator": "kehadiran", "capaian": "90"}]',
     "'capaian' berupa teks \"90\", bukan angka; hapus tanda kutipnya: 90",
     "'achievement' is the text \"90\", not a number; remove the quotes: 90"),
])
def test_achievements_problems_in_both_languages(tmp_path: Path, name: str, text: str,
                                                 indonesian: str, english: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    args = ["evaluate", "--consultants", str(sample_path("consultants.csv")),
            "--achievements", path]
    in_id, in_en = run_cli(*args), run_cli(*args, "--lang", "en")
    assert in_id.returncode == in_en.returncode == 1
    assert indonesian in in_id.stderr and english not in in_id.stderr, in_id.stderr
    assert english in in_en.stderr, in_en.stderr
    for line_id, line_en in both_languages(in_id.stderr, in_en.stderr)[:-1]:
        assert place(line_id) == place(line_en)
        assert line_id != line_en


def test_a_policy_number_out_of_range_in_both_languages(tmp_path: Path) -> None:
    """exact.py's number range, used by the policy validator, in both languages."""
    path = write(tmp_path, MINIMAL.replace("cap: 1.2", "cap: 0.0000000001"))
    in_id = run_cli("validate", path)
    in_en = run_cli("validate", "--lang", "en", path)
    assert in_id.stderr.startswith(
        f"{path}:5:8: defaults.cap: 0.0000000001 memiliki lebih dari 9 angka desimal; angka "
        "paling besar 1000000000000000 (10^15), dengan paling banyak 9 angka desimal: tulis "
        "angka dalam rentang ini\n"), in_id.stderr
    assert in_en.stderr.startswith(
        f"{path}:5:8: defaults.cap: 0.0000000001 has more than 9 decimal places; numbers are "
        "at most 1000000000000000 (10^15) in size, with at most 9 decimal places: write a "
        "number in this range\n"), in_en.stderr


def test_an_output_that_is_an_input_in_both_languages(tmp_path: Path) -> None:
    people = tmp_path / "k.csv"
    people.write_bytes(sample_path("consultants.csv").read_bytes())
    args = ["evaluate", "--consultants", people, "--achievements", ACHIEVEMENTS,
            "--output", people]
    in_id, in_en = run_cli(*args), run_cli(*args, "--lang", "en")
    assert in_id.returncode == in_en.returncode == 1
    assert "--output adalah berkas yang sama dengan --consultants" in in_id.stderr
    assert "tulis keluaran ke berkas lain" in in_id.stderr
    assert "--output is the same file as --consultants" in in_en.stderr
    assert "write the output to another file" in in_en.stderr
    assert people.read_bytes() == sample_path("consultants.csv").read_bytes()


def test_a_missing_file_in_both_languages(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    args = ["evaluate", "--consultants", missing, "--achievements", ACHIEVEMENTS]
    assert f"{missing}: berkas tidak ada; periksa nama dan foldernya\n" in run_cli(*args).stderr
    assert f"{missing}: the file does not exist; check the name and folder\n" in \
        run_cli(*args, "--lang", "en").stderr


# --------------------------------------------------------------------------- the corpus


def workbook(build: Callable[[object], None], sheet: str = "consultants") -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    build(ws)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _hidden(ws: object) -> None:
    ws.append(["id", "name", "unit", "field", "appointed"])  # type: ignore[attr-defined]
    ws.append(["K1", "Satu", "pkp", "pemasaran", 2017])  # type: ignore[attr-defined]
    ws.sheet_state = "hidden"  # type: ignore[attr-defined]
    ws.parent.create_sheet("other")  # type: ignore[attr-defined]


def _merged_and_bad(ws: object) -> None:
    import datetime

    ws.append(["id", "name", "unit", "field", "appointed", True, None])  # type: ignore[attr-defined]
    ws.append(["K1", "Satu", "pkp", "pemasaran", datetime.date(2017, 1, 1),  # type: ignore[attr-defined]
               None, "x"])
    ws.append(["K2", "Dua", "pkp", "pemasaran", "=1/0"])  # type: ignore[attr-defined]
    ws.append(["K3", "Tiga", "pkp", "pemasaran", "='C:\\x\\[b.xlsx]S'!A1"])  # type: ignore[attr-defined]
    ws.append(["K4", "Empat", "pkp", "pemasaran", False])  # type: ignore[attr-defined]
    ws.append(["K5", "Lima", "pkp", "pemasaran", 2017])  # type: ignore[attr-defined]
    ws.append(["K5", "Lima", "pkp", "pemasaran", 2017])  # type: ignore[attr-defined]
    ws.merge_cells("B6:B7")  # type: ignore[attr-defined]


def _two_sheets(ws: object) -> None:
    ws.parent.create_sheet("konsultan")  # type: ignore[attr-defined]


def _no_sheet(ws: object) -> None:
    ws.parent.create_sheet("other")  # type: ignore[attr-defined]


def consultants_corpus() -> list[tuple[str, str, bytes]]:
    """Bad consultants files: (name, format, bytes), one or more problems each."""
    csv = [
        "",
        "sep=|\nid|name\n",
        "id\tname\tunit\tfield\tappointed\nK1\tA\tu\tf\t2017\n",
        CONSULTANTS_HEAD + "K1,A,u,f,2017,80\nK1,B,u,f,2017,80\nk1,C,u,f,2017,80\n",
        CONSULTANTS_HEAD + "K1,A,u,f,20.5,120\nK2,B,u,f,12345,-1\nK3,,u,f,,\n",
        CONSULTANTS_HEAD + "K1,A,u,f,2017,\"1.250,5\"\nK2,A,u,f,2017,1e5\nK3,A,u,f,2017,Rp 5\n",
        CONSULTANTS_HEAD + "K1,A,u,f,2017,nan\nK2,A,u,f,2017,#N/A\nK3,A,u,f,2017,\"1,250,000\"\n",
        CONSULTANTS_HEAD + "K1,A,u,f,2017,\"82,5\"\nK2,A,u,f,2017,1" + "0" * 20 + "\n",
        CONSULTANTS_HEAD + "K1,A,u,f,2017,0.0000000001\nK2\x1b[2J,A,u,f,2017,1\n",
        "id,name,unit,field,appointed,id,competance produksi,competence_Produksi!,nаme\n"
        "K1,A,u,f,2017,K1,1,1,x\n",
        "id,name,unit\nK1,A,u\n",
        "id,name,unit,field,appointed,\nK1,A,u,f,2017,extra\n",
        "id,name,unit,field,appointed\nK1,A,u,f,2017,extra,more\n",
        "id,name,unit,field,appointed\nK1,\"A,u,f,2017\n",
        "id,name,unit,field,appointed\nK1,\"A\"x,u,f,2017\n",
        "id,name,unit,field,appointed\nK1,A,u,f,2017\nK2,\"" + "x" * 140000 + "\",u,f,2017\n",
        "consultant,indicator,achievement\nK1,x,1\n",
        "consultant,indicator,achievement;target\nK1,x,1\n",
        "id;name;unit;field;appointed;competence_produksi\nK1;A;u;f;2017;82.5\n",
        "id,name,unit,field,appointed\nJOS\u00c9,A,u,f,2017\nJOSE\u0301,A,u,f,2017\n",
        "id,name,unit,field,appointed\nPKP-01,A,u,f,2017\nPKP\u201001,A,u,f,2017\n",
        "id,name,unit,field,appointed\nK\uff11,A,u,f,2017\nK1,A,u,f,2017\n",
    ]
    found = [(f"c{i}.csv", "csv", text.encode("utf-8")) for i, text in enumerate(csv)]
    found += [
        ("utf16.csv", "csv", "id,name\n".encode("utf-16")),
        ("latin1.csv", "csv", "id,name\nK1,Jos\xe9\n".encode("latin-1")),
        ("nul.csv", "csv", b"id,name\nK1\x00,A\n"),
        ("empty.json", "json", b"  "),
        ("syntax.json", "json", b'[{"id": "K1",}]'),
        ("deep.json", "json", b"[" * 100 + b"]" * 100),
        ("shape.json", "json", b'{"a": 1, "b": 2}'),
        ("other.json", "json", b'{"achievements": []}'),
        ("looks.json", "json", b'[{"consultant": "K1", "indicator": "x", "achievement": 1},'
                               b' {"consultant": "K2", "indicator": "x", "achievement": 1}]'),
        ("items.json", "json", b'[1, {"id": "K1", "id": "K2", "name": true, "unit": [1],'
                               b' "field": {}, "appointed": "2017", "colour": 1,'
                               b' "competences": {"Bad Field": 1, "produksi": NaN,'
                               b' "sdm": 1e99}, "competence_produksi": 2,'
                               b' "competence_X-1": 1},'
                               b' {"id": "K3", "colour": 2, "competences": 5,'
                               b' "name": "A", "unit": "u", "field": "f",'
                               b' "appointed": "dua"}, {"id": "K4", "colour": 3}]'),
        ("notxlsx.xlsx", "xlsx", b"PK\x03\x04 not really"),
        ("hidden.xlsx", "xlsx", workbook(_hidden)),
        ("cells.xlsx", "xlsx", workbook(_merged_and_bad)),
        ("two.xlsx", "xlsx", workbook(_two_sheets)),
        ("nosheet.xlsx", "xlsx", workbook(_no_sheet, "data")),
        ("format.txt", "txt", b"id\n"),
    ]
    return found


def achievements_corpus() -> list[tuple[str, str, bytes]]:
    csv = [
        ACHIEVEMENTS_HEAD + "K1,x,-1,0\nK1,x,1,\nK1,x,1,\n,,,\n",
        ACHIEVEMENTS_HEAD.replace("target", "nilai") + "K1,x,1,1\n",
        "consultant,kehadiran,target_kehadiran,target_pelatihan,target,1bad\n"
        "K1,-1,,,,\nK2,5,0,,,\nK3,,5,,,\nK4,5,,,,\nK4,6,,,,\n",
        "id,name,unit,field,appointed\nK1,A,u,f,2017\n",
        "konsultan;indikator;capaian\nK1;x;82.5\n",
    ]
    found = [(f"a{i}.csv", "csv", text.encode("utf-8")) for i, text in enumerate(csv)]
    found.append(("a.json", "json", b'[{"konsultan": "K1", "indikator": "x", "capaian": "a"},'
                                    b' {"consultant": "K2", "indicator": "x", "achievement":'
                                    b' [1]}, {"consultant": "K3", "indicator": "x"}]'))
    return found


def corpus_problems() -> list[Problem]:
    problems: list[Problem] = []
    for name, fmt, data in consultants_corpus():
        _, found = parse_consultants(data, name, fmt)  # type: ignore[arg-type]
        assert found, name
        problems += found
    for name, fmt, data in achievements_corpus():
        _, found = parse_achievements(data, name, fmt)  # type: ignore[arg-type]
        assert found, name
        problems += found
    return problems


def constructor_problems() -> list[Problem]:
    problems: list[Problem] = []
    attempts: list[Callable[[], object]] = [
        lambda: Consultant(id=" ", name=3, unit="", field="f", appointed="2017",  # type: ignore[arg-type]
                           competences={"produksi": 120, "sdm": "x", "it": True,
                                        "x": 10**20, "y": float("nan")}),
        lambda: Consultant(id="K1", name="A", unit="u", field="f", appointed=2017,
                           competences=[1]),  # type: ignore[arg-type]
        lambda: Achievement(consultant="", indicator=1, achievement=-1,  # type: ignore[arg-type]
                            target=object()),
        lambda: Achievement(consultant="K1", indicator="x", achievement="0.0000000001"),
    ]
    for attempt in attempts:
        with pytest.raises(DataError) as caught:
            attempt()
        problems += caught.value.problems
    return problems


def file_problems(tmp_path: Path) -> list[Problem]:
    problems: list[Problem] = []
    for path in (tmp_path / "nowhere.csv", tmp_path, tmp_path / "x.docx"):
        if path.suffix == ".docx":
            path.write_text("x", encoding="utf-8")
        problems += read_consultants(path)[1]
    guard = FileGuard()
    data = tmp_path / "c.csv"
    data.write_text("id\n", encoding="utf-8")
    guard.reading(data, "--consultants")
    for target, kwargs in ((data, {}), (tmp_path, {}), (os.devnull, {})):
        with pytest.raises(OutputError) as caught:
            guard.writing(target, "--output", **kwargs)
        problems += caught.value.problems
    return problems


def test_every_data_problem_has_its_indonesian(tmp_path: Path) -> None:
    """The completeness test: a broad corpus of bad data files, bad constructor values and
    bad output paths; every problem carries an Indonesian message other than the English."""
    problems = corpus_problems() + constructor_problems() + file_problems(tmp_path)
    untranslated = [p for p in problems if p.indonesian is None or p.indonesian == p.message]
    assert not untranslated, "\n".join(str(p) for p in untranslated)
    for p in problems:
        assert p.indonesian is not None
        assert p.line("id").startswith(p.line("en").partition(p.message)[0])
    codes = {p.code for p in problems}
    # the corpus reaches far: most kinds of data problems, not a handful
    assert len(codes) >= 40, sorted(codes)


def test_the_corpus_reaches_each_reader() -> None:
    messages = " ".join(p.message for p in corpus_problems())
    for part in ("not UTF-8", "JSON cannot be read", "Excel workbook", "merged",
                 "is hidden", "decimal comma", "thousands separator", "looks like",
                 "control character", "Latin letter", "(also in 2 more objects)"):
        assert part in messages, part


# --------------------------------------------------------------------------- pieces


def test_the_old_string_forms_keep_their_english() -> None:
    assert range_message("1e99", "is larger than 10^15") == (
        "1e99 is larger than 10^15; numbers are at most 1000000000000000 (10^15) in size, "
        "with at most 9 decimal places: write a number in this range")
    assert range_words("1e99", "is larger than 10^15").english == \
        range_message("1e99", "is larger than 10^15")
    assert not_a_number_message("'x'") == (
        "'x' is not a number; write digits with an optional decimal point, e.g. 82.5")
    words = not_a_number_words("'x'", "comma", "82,5")
    assert words.english == not_a_number_message("'x'", "comma", "82,5")
    assert words.indonesian == ("'x' bukan angka; tulis angka, dengan koma desimal bila "
                                "perlu, misalnya 82,5")
    long = range_words("1" * 4400, "is written with more than 100 characters")
    assert long.english.startswith("111111111111111111111111...11111111 (4,400 characters) ")
    assert "(4,400 karakter) ditulis dengan lebih dari 100 karakter;" in long.indonesian


def test_to_exact_refuses_in_both_languages() -> None:
    with pytest.raises(ValueError, match=r"^expected a number, got a boolean \(True\)$") as caught:
        to_exact(True)
    assert caught.value.words.indonesian == (  # type: ignore[attr-defined]
        "yang diharapkan angka, yang diberikan boolean (True)")


def test_the_columns_to_give_are_named_in_the_language_of_the_headers() -> None:
    """Swapped files: the Indonesian message lists the Indonesian headers (as the template
    writes them under --lang id), the English one the English headers."""
    swapped = ["--consultants", sample_path("achievements.csv"),
               "--achievements", sample_path("consultants.csv")]
    indonesian = run_cli("evaluate", *swapped)
    english = run_cli("evaluate", *swapped, "--lang", "en")
    assert indonesian.returncode == english.returncode == 1
    assert "(kolom: id, nama, unit, bidang, tahun_pengangkatan)" in indonesian.stderr
    assert "(kolom: konsultan, indikator, capaian)" in indonesian.stderr
    assert "(columns: id, name, unit, field, appointed)" in english.stderr
