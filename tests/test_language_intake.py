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
