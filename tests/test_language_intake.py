"""The problems of candidates files and monthly reports in Indonesian and English (issue
17, item 2): every problem read from a bad file has its own Indonesian text."""

from __future__ import annotations

from pathlib import Path

import pytest

from plut_rules.errors import Problem
from plut_rules.monitor import read_monthly_reports
from test_selection import HEADER, policy_with, read

OK_ROW = "CK-0,Ok,pkp,produksi,S1,3,1990,b,80,80,80\n"
BAD_ROWS = [
    "CK-1,Andi,pkx,pemasaran,S1,3,1990,b,80,80,80",
    "CK-1,Andi,pkp,pemasarn,S1,3,1990,b,80,80,80",
    "CK-1,Andi,pkp,pemasaran,S4,3,1990,b,80,80,80",
    "CK-1,Andi,pkp,pemasaran,S1,-3,1990,b,80,80,80",
    "CK-1,Andi,pkp,pemasaran,S1,tiga,1990,b,80,80,80",
    "CK-1,Andi,pkp,pemasaran,S1,3,90,b,80,80,80",
    "CK-1,Andi,pkp,pemasaran,S1,3,2020,b,80,80,80",
    "CK-1,Andi,pkp,pemasaran,S1,3,1990,,80,80,80",
    "CK-1,Andi,pkp,pemasaran,S1,3,1990,b,101,80,80",
    "CK-1,Andi,pkp,pemasaran,S1,3,1990,b,80,,80",
    ",Andi,pkp,pemasaran,S1,3,1990,b,80,80,80",
    "CK-1,Andi,pkp,pemasaran,S1,3,1990,b,80,80,x",
]


def _all_worded(problems: list[Problem]) -> None:
    assert problems
    for problem in problems:
        assert problem.indonesian is not None, problem
        assert problem.indonesian != problem.message, problem


@pytest.mark.parametrize("row", BAD_ROWS)
def test_each_candidate_problem_is_told_in_indonesian(tmp_path: Path, row: str) -> None:
    _, problems = read(tmp_path, policy_with(tmp_path), HEADER + OK_ROW + row + "\n")
    _all_worded(problems)
    assert all(str(p.location) == "kandidat.csv:3" for p in problems)


def test_candidate_file_level_problems_are_told_in_indonesian(tmp_path: Path) -> None:
    policy = policy_with(tmp_path)
    _, problems = read(tmp_path, policy, HEADER.replace("domicile", "domisili_")
                       + "CK-1,Andi,pkp,pemasaran,S1,3,1990,b,80,80,80\n"
                       + "CK-1,Andi,pkp,produksi,S1,3,1990,b,80,80,80\n")
    _all_worded(problems)
    _, duplicate = read(tmp_path, policy, HEADER + OK_ROW + OK_ROW)
    assert [p.code for p in duplicate] == ["duplicate-id"]
    assert duplicate[0].indonesian == ("id kandidat 'CK-0' sudah dipakai di baris 2; seorang "
                                       "kandidat melamar satu (unit, bidang), dalam satu baris")
    assert duplicate[0].message == ("the candidate id 'CK-0' is already used at line 2; a "
                                    "candidate applies for one (unit, field), in one row")


def test_monthly_report_problems_are_told_in_indonesian(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("consultant,month,indicator,achievement\nA,1,kehadiran,\"1,250\"\n"
                   "A,13,kehadiran,1\nA,,kehadiran,1\nA,2.5,kehadiran,1\nA,3,kehadiran,-1\n"
                   "A,4,kehadiran,x\n", encoding="utf-8")
    reports, problems = read_monthly_reports(bad, display="bad.csv")
    assert reports == []
    assert {p.code for p in problems} >= {"bad-month", "missing-value", "out-of-range",
                                          "not-a-number"}
    _all_worded(problems)
    month = next(p for p in problems if p.code == "bad-month")
    assert month.text("id") == "'month' bernilai 13; tulis bulan sebagai bilangan bulat 1 " \
        "sampai 12"
    assert month.text("en") == "'month' is 13; write the month as a whole number from 1 to 12"


SELECTION_CASE_MISTAKES = [
    # (what is written in the case, the Indonesian that must be said)
    ("education: S4", "pendidikan 'S4' tidak dikenal"),
    ("birth_year: 1990.5", "harus berupa tahun (bilangan bulat)"),
    ("certificates: {keuangn: true}", "tidak ada persyaratan yang membaca sertifikat"),
    ("certificates: {keuangan: ya}", "di sini seharusnya true atau false"),
    ("scores: {tertuls: 80}", "komponen 'tertuls' tidak dikenal"),
    ("scores: 80", "nilai komponen, misalnya {tertulis: 80}"),
    ("expect: {outcome: terpilh}", "hasil 'terpilh' tidak dikenal"),
    ("expect: {outcome: tms, reasons: usia}", "di sini seharusnya daftar alasan"),
    ("expect: {outcome: selected, rank: 1.5}", "di sini seharusnya bilangan bulat"),
]


@pytest.mark.parametrize(("written", "said"), SELECTION_CASE_MISTAKES)
def test_selection_case_problems_are_told_in_indonesian(tmp_path: Path, written: str,
                                                        said: str) -> None:
    from plut_rules import load_policy
    from plut_rules.quality import load_tests
    from plut_rules.shipped import policy_path

    key = written.split(":", 1)[0]
    case = {"unit": "unit: pangkalpinang", "field": "field: pemasaran",
            "education": "education: S1", "experience_years": "experience_years: 3",
            "birth_year": "birth_year: 1990", "domicile": "domicile: bangka",
            "expect": "expect: {outcome: selected}"}
    case[key] = written
    text = "selection_cases:\n  - name: salah\n" + "".join(
        f"    {line}\n" for line in case.values())
    policy_file = tmp_path / "seleksi.yaml"
    policy_file.write_text(Path(policy_path("2018")).read_text(encoding="utf-8"),
                           encoding="utf-8")
    (tmp_path / "seleksi.tests.yaml").write_text(text, encoding="utf-8")
    suite, problems = load_tests(load_policy(policy_file), tmp_path / "seleksi.tests.yaml")
    assert suite is None
    _all_worded(problems)
    assert any(said in p.text("id") for p in problems), [p.text("id") for p in problems]
