"""Hostile input of issue 14: numbers of any size (one number range for policies and data),
readers bounded by what is there, look-alike identities, one number language, and the
messages for them.  Every input here gives a result or our own located error, never an
internal error (exit 3)."""

from __future__ import annotations

import io
import json
import os
import re
import tracemalloc
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, run_cli, write
from plut_rules import (
    Achievement,
    Consultant,
    EvaluationError,
    PlutRulesError,
    PolicyError,
    evaluate,
    parse_policy,
)
from plut_rules.audit import Override
from plut_rules.errors import Location, Problem
from plut_rules.exact import NumberOutOfRange, parse_decimal
from plut_rules.readers import parse_achievements, parse_consultants, read_consultants

A_HEADER = "consultant,indicator,achievement,target"
C_HEADER = "id,name,unit,field,appointed"


def codes(problems: list[Problem] | tuple[Problem, ...]) -> list[str]:
    return [p.code for p in problems]


def csv_achievements(text: str) -> tuple[list[Achievement], list[Problem]]:
    return parse_achievements(text.encode(), "a.csv", "csv")


def workbook(rows: list[list[Any]], title: str = "capaian") -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def patch_sheet(data: bytes, edit: Callable[[str], str]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = edit(content.decode()).encode()
            target.writestr(info, content)
    return out.getvalue()


# --------------------------------------------------------------------------- the number range


@pytest.mark.parametrize(("text", "value"), [
    ("1000000000000000", Fraction(10**15)), ("1e15", Fraction(10**15)),
    ("-1e15", Fraction(-(10**15))), ("0.000000001", Fraction(1, 10**9)),
    ("999999999999999.999999999", Fraction(999999999999999999999999, 10**9)),
    ("0.10000000000000000000", Fraction(1, 10)), ("0e999999", Fraction(0)),
])
def test_the_edges_of_the_number_range_are_inside(text: str, value: Fraction) -> None:
    """At most 10^15 in size and 9 decimal places, however the number is written."""
    assert parse_decimal(text) == value


@pytest.mark.parametrize(("text", "reason"), [
    ("1000000000000000.5", "larger than 10^15"), ("1e16", "larger than 10^15"),
    ("1e400", "larger than 10^15"), ("1e999999999", "larger than 10^15"),
    ("0.0000000001", "more than 9 decimal places"), ("1.5e-9", "more than 9 decimal places"),
    ("9" * 5000, "more than 100 characters"), ("0." + "0" * 5000 + "1", "more than 100"),
])
def test_outside_the_range_is_refused_before_conversion(text: str, reason: str) -> None:
    """Thousands of digits never reach int() (Python refuses over 4,300 digits)."""
    with pytest.raises(NumberOutOfRange, match=re.escape(reason)):
        parse_decimal(text)


@pytest.mark.parametrize("cell", ["12345678901234567", "0.0000000001", "9" * 5000,
                                  "1000000000000000.1"])
def test_csv_numbers_outside_the_range_are_located(cell: str) -> None:
    achievements, problems = csv_achievements(f"{A_HEADER}\nA,x,1,\nB,x,{cell},\n")
    assert codes(problems) == ["number-out-of-range"]
    assert problems[0].location == Location("a.csv", 3) and problems[0].path == "achievement"
    assert len(problems[0].message) < 400  # thousands of digits are shown shortened
    assert [a.consultant for a in achievements] == ["A"]


def test_csv_numbers_at_the_edges_are_read() -> None:
    achievements, problems = csv_achievements(
        f"{A_HEADER}\nA,x,1000000000000000,0.000000001\n")
    assert problems == []
    assert achievements[0].achievement == 10**15
    assert achievements[0].target == Fraction(1, 10**9)


@pytest.mark.parametrize(("literal", "code"), [
    ("1e400", "number-out-of-range"), ("1e16", "number-out-of-range"),
    ("9" * 5000, "number-out-of-range"), ("1e-10", "number-out-of-range"),
    ("NaN", "not-finite"), ("-Infinity", "not-finite"),
])
def test_json_numbers_outside_the_range(literal: str, code: str) -> None:
    """'finite number' is said of NaN and the infinities only; 1e400 is out of range."""
    data = f'[{{"consultant": "A", "indicator": "x", "achievement": {literal}}}]'.encode()
    _, problems = parse_achievements(data, "a.json", "json")
    assert codes(problems) == [code]
    assert ("finite" in problems[0].message) == (code == "not-finite")
    assert problems[0].location is not None and problems[0].location.column == 55


def test_xlsx_numbers_outside_the_range_name_the_cell() -> None:
    data = workbook([A_HEADER.split(","), ["A", "x", 1e20], ["B", "x", 1e-12], ["C", "x", 5]])
    achievements, problems = parse_achievements(data, "a.xlsx", "xlsx")
    assert codes(problems) == ["number-out-of-range"] * 2
    assert [p.location.cell for p in problems if p.location] == ["C2", "C3"]
    assert [a.consultant for a in achievements] == ["C"]


def test_the_model_keeps_the_range_too() -> None:
    """Python callers meet the same range: no value out of it reaches the engine."""
    with pytest.raises(ValueError, match="larger than 10"):
        Achievement("A", "x", Fraction(10**20))
    with pytest.raises(ValueError, match="9 decimal places"):
        Achievement("A", "x", 1, target=Fraction(1, 10**12))


@pytest.mark.parametrize(("value", "reason"), [
    ("1e309", "larger than 10^15"), ("1e400", "larger than 10^15"),
    ("1" * 4400, "more than 100 characters"), ("0.0000000001", "9 decimal places"),
])
def test_policy_numbers_outside_the_range_are_located(value: str, reason: str,
                                                      tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("cap: 1.2", f"cap: {value}"))
    result = run_cli("validate", "--lang", "en", path)
    assert result.returncode == 1, result.stderr
    assert f"{path}:5:8: defaults.cap:" in result.stderr and reason in result.stderr
    assert "not defined" not in result.stderr


def test_refused_threshold_adds_no_follow_on_problem(tmp_path: Path) -> None:
    """keep: 1e309 is one problem, not also 'threshold keep is not defined' in a rule."""
    path = write(tmp_path, MINIMAL.replace("keep: 70", "keep: 1e309"))
    with pytest.raises(PolicyError) as info:
        parse_policy(path.read_bytes(), str(path))
    assert codes(info.value.errors) == ["number-out-of-range"]


def test_condition_literals_outside_the_range(tmp_path: Path) -> None:
    text = MINIMAL.replace("when: score >= keep", "when: score >= 10000000000000000")
    with pytest.raises(PolicyError) as info:
        parse_policy(text, "p.yaml")
    (problem,) = info.value.errors
    assert problem.code == "number-out-of-range" and problem.path.endswith(".when")
    assert problem.location is not None and problem.location.column is not None


@pytest.mark.parametrize("backend", ["builtin", "durable"])
def test_computed_values_are_bounded_naming_consultant_and_rule(backend: str) -> None:
    """A condition multiplying a 10^15 threshold again and again stops with our error."""
    text = MINIMAL.replace("keep: 70", "keep: 1000000000000000").replace(
        "when: score >= keep", "when: score * " + " * ".join(["keep"] * 150) + " >= 1")
    policy = parse_policy(text, "p.yaml")
    people = [Consultant("PKP-01", "A", "pkp", "pemasaran", 2016)]
    rows = [Achievement("PKP-01", "akses_pasar", 40), Achievement("PKP-01", "kehadiran", 95)]
    with pytest.raises(EvaluationError) as info:
        evaluate(policy, people, rows, backend=backend)
    (problem,) = info.value.errors
    assert problem.code == "computed-out-of-range"
    assert "PKP-01" in problem.message and "'capai-target'" in problem.message
    assert problem.path == "rules.capai-target.when"


def test_values_at_the_edges_work_through_every_output(tmp_path: Path) -> None:
    """Thresholds, cap and achievements at 10^15 and 10^-9: JSON, CSV, table, workbook
    and report (whose chart axis reaches 10^15) all succeed."""
    policy = write(tmp_path, MINIMAL.replace("keep: 70", "keep: 1000000000000000")
                   .replace("cap: 1.2", "cap: 1000000000000000"))
    (tmp_path / "c.csv").write_text(
        f"{C_HEADER},competence_produksi\nK1,A,pkp,pemasaran,2016,80\n"
        "K2,B,pkp,pemasaran,2016,0.000000001\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text(
        f"{A_HEADER}\nK1,akses_pasar,1000000000000000,0.000000001\nK1,kehadiran,0.000000001,\n"
        "K2,akses_pasar,0,\nK2,kehadiran,999999999999999.999999999,\n", encoding="utf-8")
    inputs = ["--policy", policy, "--consultants", tmp_path / "c.csv",
              "--achievements", tmp_path / "a.csv"]
    for fmt in ("json", "csv", "table"):
        result = run_cli("evaluate", *inputs, "--format", fmt)
        assert result.returncode == 0, result.stderr
    assert json.loads(run_cli("evaluate", *inputs, "--format", "json").stdout)
    result = run_cli("evaluate", *inputs, "--format", "xlsx", "--output", tmp_path / "o.xlsx")
    assert result.returncode == 0, result.stderr
    result = run_cli("report", *inputs, "--output", tmp_path / "r.html")
    assert result.returncode == 0, result.stderr
    assert "1000000000000000" in (tmp_path / "r.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- one number language


@pytest.mark.parametrize("written", ["0x10", "0o17", "1_000", "-0x10"])
def test_yaml_12_integers_are_refused_as_data_refuses_them(written: str) -> None:
    """The same message as a data file gives for the same text."""
    with pytest.raises(PolicyError) as info:
        parse_policy(MINIMAL.replace("target: 40", f"target: {written}"), "p.yaml")
    (problem,) = info.value.errors
    _, data_problems = csv_achievements(f"{A_HEADER}\nA,x,{written},\n")
    assert problem.code == data_problems[0].code == "not-a-number"
    assert problem.message == data_problems[0].message.replace("'achievement' ", "")


def test_a_policy_id_with_underscored_digits_is_still_an_id() -> None:
    """2019_2020 is an integer to YAML 1.2 but text where text is read."""
    policy = parse_policy(MINIMAL.replace("policy: uji", "policy: 2019_2020"), "p.yaml")
    assert policy.id == "2019_2020"


def test_arabic_indic_digits_are_refused_by_set_and_sweep() -> None:
    sweep = run_cli("whatif", "--sweep", "defaults.thresholds.keep=٦٠:80:5")
    assert sweep.returncode == 2 and "FROM:TO:STEP" in sweep.stderr
    assert run_cli("whatif", "--set", "defaults.thresholds.keep=٦٠").returncode == 1
    assert run_cli("whatif", "--sweep", "defaults.thresholds.keep=60:1e16:5").returncode == 2


@pytest.mark.parametrize("year", ["1999", "2101", "218", "20188"])
def test_policy_year_is_from_2000_to_2100(year: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(MINIMAL.replace("year: 2018", f"year: {year}"), "p.yaml")
    assert codes(info.value.errors) == ["out-of-range"]


@pytest.mark.parametrize(("year", "fragment"), [
    ("2018", "after the year"), ("2017", "after the year"), ("2101", "from 2000 to 2100")])
def test_new_year_moves_forward(tmp_path: Path, year: str, fragment: str) -> None:
    policy = write(tmp_path, MINIMAL)
    result = run_cli("policy", "new-year", policy, year, "--output", tmp_path / "n.yaml",
                     "--lang", "en")
    assert result.returncode == 2 and fragment in result.stderr
    assert not (tmp_path / "n.yaml").exists()
    result = run_cli("policy", "new-year", policy, "2019", "--output", tmp_path / "n.yaml")
    assert result.returncode == 0, result.stderr


# --------------------------------------------------------------------------- bounded readers


@pytest.mark.parametrize("stray", ["A1048576", "XFD1048576"])
def test_a_stray_last_cell_costs_one_row(stray: str) -> None:
    """Only stored cells are read: the declared range of 17 billion cells is not walked."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "capaian"
    ws.append(A_HEADER.split(","))
    ws.append(["A", "x", 5])
    ws[stray] = "x"
    out = io.BytesIO()
    book.save(out)
    tracemalloc.start()
    try:
        achievements, problems = parse_achievements(out.getvalue(), "a.xlsx", "xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 60 * 1024 * 1024
    assert [a.consultant for a in achievements] == ["A"]
    assert all(p.location and p.location.line == 1048576 for p in problems)
    if stray.startswith("XFD"):
        assert "unnamed-column" in codes(problems)


def test_csv_rows_are_streamed_and_a_last_bad_row_is_located() -> None:
    rows = "".join(f"K{n},x,{n}.5,\n" for n in range(20_000))
    achievements, problems = csv_achievements(f"{A_HEADER}\n{rows}K,x,banyak,\n")
    assert len(achievements) == 20_000
    assert [(p.code, p.location) for p in problems] == [("not-a-number", Location("a.csv", 20_002))]


def test_xlsx_bad_stored_value_names_its_cell() -> None:
    """<v>NaN</v> in a number cell (a program wrote it): the cell, not 'not a workbook'."""
    data = workbook([A_HEADER.split(","), ["A", "x", 5], ["B", "x", 7]])
    data = patch_sheet(data, lambda xml: xml.replace("<v>7</v>", "<v>NaN</v>"))
    _, problems = parse_achievements(data, "a.xlsx", "xlsx")
    assert codes(problems) == ["bad-cell"]
    assert problems[0].location == Location("a.xlsx", 3, sheet="capaian", cell="C3")
    assert "'NaN'" in problems[0].message


@pytest.mark.parametrize("formula", [
    "=[1]Sheet1!A1", "='C:\\data\\[other.xlsx]Sheet1'!A1", '=WEBSERVICE("http://x")',
    '=FILTERXML(A1,"//v")', "=cmd|' /C calc'!A0"])
def test_formulas_from_outside_the_workbook_are_refused(formula: str) -> None:
    data = workbook([A_HEADER.split(","), ["A", "x", "=40+2"]])
    data = patch_sheet(data, lambda xml: xml.replace(
        "<f>40+2</f><v />", f"<f>{formula[1:].replace('&', '&amp;')}</f><v>42</v>"))
    _, problems = parse_achievements(data, "a.xlsx", "xlsx")
    assert codes(problems) == ["formula-external"]
    assert problems[0].location is not None and problems[0].location.cell == "C2"
    assert "Paste" in problems[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    """Reading a FIFO would block forever: refused before it is opened for reading."""
    fifo = tmp_path / "c.csv"
    os.mkfifo(fifo)
    _, problems = read_consultants(fifo)
    assert codes(problems) == ["file-unreadable"] and "not a regular file" in problems[0].message
    policy = tmp_path / "p.yaml"
    os.mkfifo(policy)
    result = run_cli("validate", "--lang", "en", policy)
    assert result.returncode == 1 and "not a regular file" in result.stderr


# --------------------------------------------------------------------------- look-alikes


@pytest.mark.parametrize(("second", "fragment"), [
    (unicodedata.normalize("NFD", "PKÉ-01"), "NFD"),
    ("pké-01", "upper and lower case"),
    ("PKÉ\u201001", "U+2010 HYPHEN"),
    ("PKÉ\u201301", "U+2013 EN DASH"),
])
def test_lookalike_ids_are_refused_naming_both_rows(second: str, fragment: str) -> None:
    text = f"{C_HEADER}\nPKÉ-01,A,pkp,sdm,2016\n{second},B,pkp,sdm,2016\n"
    people, problems = parse_consultants(text.encode(), "c.csv", "csv")
    assert [p.id for p in people] == ["PKÉ-01"]
    (problem,) = problems
    assert problem.code == "lookalike-id" and problem.location == Location("c.csv", 3)
    assert "line 2" in problem.message and fragment in problem.message


def test_a_cyrillic_letter_in_a_header_is_named() -> None:
    text = "\u0456d,name,unit,field,appointed\nA,B,pkp,sdm,2016\n"
    _, problems = parse_consultants(text.encode(), "c.csv", "csv")
    unknown = [p for p in problems if p.code == "unknown-column"]
    assert unknown and "U+0456" in unknown[0].message and unknown[0].suggestion == "id"


@pytest.mark.parametrize(("first", "sep"), [("sep=,", ","), ("sep=;", ";"), ("SEP=;", ";")])
def test_excel_sep_line_is_understood(first: str, sep: str) -> None:
    text = f"{first}\n" + C_HEADER.replace(",", sep) + "\n" + sep.join(
        ["PKP-01", "A", "pkp", "sdm", "2016"]) + "\n"
    people, problems = parse_consultants(text.encode(), "c.csv", "csv")
    assert problems == [] and people[0].location == Location("c.csv", 3)


def test_excel_sep_line_with_another_separator_is_explained() -> None:
    _, problems = parse_consultants(b"sep=|\nid|name\n", "c.csv", "csv")
    assert codes(problems) == ["csv-separator"] and "'|'" in problems[0].message


# --------------------------------------------------------------------------- messages


def test_a_tab_after_a_key_is_not_called_indentation() -> None:
    text = MINIMAL.replace("    when: gates_failed > 0", "    when:\tgates_failed > 0")
    with pytest.raises(PolicyError) as info:
        parse_policy(text, "p.yaml")
    message = info.value.errors[0].message
    assert "indentation" not in message and "write a space" in message


def test_a_tab_indenting_is_called_indentation() -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy("policy: x\nunits:\n\tu: 1\n", "p.yaml")
    assert "for indentation" in info.value.errors[0].message


def test_a_huge_key_gets_the_1024_character_limit_explained() -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy("policy: x\n" + "k" * 50_000 + ": 1\n", "p.yaml")
    assert "at most 1024 characters" in info.value.errors[0].message


def test_reassign_to_the_own_field_does_not_suggest_it(tmp_path: Path) -> None:
    from plut_rules import audit, load_policy

    policy = load_policy(write(tmp_path, MINIMAL))
    people = [Consultant("A-01", "A", "pkp", "pemasaran", 2016)]
    rows = [Achievement("A-01", "akses_pasar", 1), Achievement("A-01", "kehadiran", 1)]
    log = tmp_path / "a.jsonl"
    audit.append_evaluation(log, evaluate(policy, people, rows),
                            policy_files=[(tmp_path / "policy.yaml").read_bytes()],
                            consultants=people, achievements=rows, by="D")
    with pytest.raises(PlutRulesError) as info:
        audit.determine(log, by="D", overrides=[Override("A-01", "reassign", "x", "pemasaran")])
    (problem,) = info.value.problems
    assert "own field" in problem.message and problem.suggestion != "pemasaran"


# --------------------------------------------------------------------------- properties

HOSTILE_NUMBER = st.one_of(
    st.sampled_from(["1e400", "1e309", "-1e16", "0x10", "0o17", "1_000", ".inf", ".nan",
                     "1e-10", "NaN", "Infinity", "٦٠", "1,250", "1.250", "9" * 4400,
                     "0." + "0" * 600 + "1", "1000000000000000", "0.000000001", "-0",
                     "+5", ".5", "1e15", "00012"]),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
PROPERTY = settings(max_examples=60, deadline=timedelta(seconds=20),
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(HOSTILE_NUMBER, st.sampled_from(["cap: 1.2", "keep: 70", "target: 40", "weight: 0.8",
                                        "when: score >= keep", "year: 2018"]))
def test_any_number_in_a_policy_gives_a_policy_or_our_located_error(number: str,
                                                                    where: str) -> None:
    key = where.split(":", maxsplit=1)[0]
    text = MINIMAL.replace(where, f"{key}: {number}" if key != "when"
                           else f"when: score >= {number}", 1)
    try:
        parse_policy(text, "p.yaml")
    except PolicyError as exc:
        assert all(p.location is not None and p.location.line for p in exc.problems)


@PROPERTY
@given(HOSTILE_NUMBER, st.sampled_from(["csv", "json", "xlsx"]))
def test_any_number_in_a_data_file_gives_rows_or_our_located_error(number: str,
                                                                   fmt: str) -> None:
    if fmt == "csv":
        data = f'{A_HEADER}\nA,x,"{number}",\n'.encode()
    elif fmt == "json":
        literal = number if number.lstrip("-").replace(".", "", 1).isdigit() else json.dumps(number)
        data = f'[{{"consultant": "A", "indicator": "x", "achievement": {literal}}}]'.encode()
    else:
        data = patch_sheet(workbook([A_HEADER.split(","), ["A", "x", 7]]),
                           lambda xml: xml.replace("<v>7</v>", f"<v>{number}</v>"))
    rows, problems = parse_achievements(data, f"a.{fmt}", fmt)  # type: ignore[arg-type]
    for row in rows:
        assert abs(row.achievement) <= 10**15
    for problem in problems:
        assert problem.location is not None and problem.location.file == f"a.{fmt}"


@settings(max_examples=15, deadline=timedelta(seconds=30),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(HOSTILE_NUMBER, HOSTILE_NUMBER)
def test_hostile_numbers_through_the_cli_never_exit_3(tmp_path: Path, policy_number: str,
                                                      data_number: str) -> None:
    policy = write(tmp_path, MINIMAL.replace("keep: 70", f"keep: {policy_number}"))
    (tmp_path / "c.csv").write_text(f"{C_HEADER}\nK1,A,pkp,pemasaran,2016\n", encoding="utf-8")
    (tmp_path / "a.csv").write_text(
        f'{A_HEADER}\nK1,akses_pasar,"{data_number}",\nK1,kehadiran,90,\n', encoding="utf-8")
    for fmt in ("json", "csv"):
        result = run_cli("evaluate", "--policy", policy, "--consultants", tmp_path / "c.csv",
                         "--achievements", tmp_path / "a.csv", "--format", fmt)
        assert result.returncode in (0, 1), result.stderr
