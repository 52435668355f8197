"""Issue 14, item 5: no raw control characters on a terminal or in a text file.

Text a user gave (a consultant's name, a reason...) is stored as given, and written with
each control character made visible (``\\x1b``) by :func:`plut_rules.visible.visible`,
wherever it meets a terminal or a text file; ids, ``--by`` and ``--reason`` with a control
character are refused.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from plut_rules import audit
from plut_rules.shipped import sample_path
from plut_rules.visible import CONTROL, control_characters, visible

# clear the screen; erase the line above; set the window title; 8-bit CSI; carriage return;
# a bidirectional override
ATTACKS = ["\x1b[2J", "\x1b[1A\x1b[2K", "\x1b]0;owned\x07", "\x9b2J", "x\rOVERRIDDEN",
           "\u202eevil", "\x00nul", "\x7fdel"]
# (a NUL in a CSV file makes it "not a text file": refused by the reader, as it should be)
NAME = "Budi" + "".join(a for a in ATTACKS if "\x00" not in a)


def _raw_controls(text: str) -> list[str]:
    return CONTROL.findall(text)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The sample with PKP-01's name full of escape codes, and the sample's other files."""
    rows = list(csv.reader(sample_path("consultants.csv").open(encoding="utf-8")))
    rows[1][rows[0].index("name")] = NAME
    with (tmp_path / "consultants.csv").open("w", encoding="utf-8", newline="") as handle:
        # quoted: a carriage return inside a value
        csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    for name in ("achievements.csv", "monthly.csv"):
        shutil.copy(sample_path(name), tmp_path / name)
    return tmp_path


DATA = ("--consultants", "consultants.csv", "--achievements", "achievements.csv")


@pytest.mark.parametrize("argv", [
    ["evaluate", *DATA], ["evaluate", *DATA, "--format", "csv"],
    ["evaluate", *DATA, "--format", "json"], ["explain", "PKP-01", *DATA],
    ["explain", "PKP-01", *DATA, "--lang", "en"],
    ["monitor", "--consultants", "consultants.csv", "--reports", str(sample_path("monthly.csv"))],
    ["explain", "PKP-01" + ATTACKS[1], *DATA],  # an unknown id, named in the message
], ids=" ".join)
def test_no_raw_control_character_reaches_the_terminal(hostile: Path, argv: list[str]) -> None:
    result = run_cli(*argv, cwd=hostile)
    assert result.returncode in (0, 1), result.stderr
    assert not _raw_controls(result.stdout) and not _raw_controls(result.stderr)
    shown = result.stdout + result.stderr
    # JSON writes its own escape; monitor shows ids only
    assert argv[0] == "monitor" or "\\x1b" in shown or "\\u001b" in shown


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_text_files_get_the_visible_form_and_json_keeps_the_value(hostile: Path,
                                                                   fmt: str) -> None:
    """Written to a file, the same: and JSON's escapes mean the very name given."""
    result = run_cli("evaluate", *DATA, "--format", fmt, "--output", "out", cwd=hostile)
    assert result.returncode == 0, result.stderr
    text = (hostile / "out").read_text(encoding="utf-8")
    assert not _raw_controls(text)
    if fmt == "json":
        decision = json.loads(text)["decisions"][0]
        assert NAME in decision["summary"]
    elif fmt == "csv":
        first = next(r for r in csv.DictReader(io.StringIO(text)) if r["consultant"] == "PKP-01")
        assert first["name"] == visible(NAME)
    else:
        line = next(x for x in text.splitlines() if x.startswith(" PKP-01"))
        assert visible(NAME)[:60] in line  # a long name is cut to the column


def test_the_table_measures_the_visible_text(hostile: Path) -> None:
    """Columns stay aligned: the unit column starts at the same place on every row."""
    out = run_cli("evaluate", *DATA, cwd=hostile).stdout
    rows = [x for x in out.splitlines() if x.startswith(" PKP-0")]
    assert len({row.index("pangkalpinang") for row in rows if "pangkalpinang" in row}) == 1


def test_report_html_and_workbook(hostile: Path) -> None:
    assert run_cli("report", *DATA, "--output", "r.html", cwd=hostile).returncode == 0
    assert not _raw_controls((hostile / "r.html").read_text(encoding="utf-8"))
    result = run_cli("evaluate", *DATA, "--format", "xlsx", "--output", "o.xlsx", cwd=hostile)
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(hostile / "o.xlsx")
    names = [row[1] for row in book["keputusan"].iter_rows(min_row=2, values_only=True)]
    assert "\\x1b[2J" in names[0] and "\x1b" not in names[0]


def test_the_audit_log_stores_what_was_given_and_show_makes_it_visible(hostile: Path) -> None:
    assert run_cli("evaluate", *DATA, "--audit", "a.jsonl", cwd=hostile).returncode == 0
    (record,) = audit.read_log(hostile / "a.jsonl")
    (decision,) = [d for d in record.data["result"]["decisions"] if d["consultant"] == "PKP-01"]
    assert NAME in decision["summary"]  # stored as given
    shown = run_cli("audit", "show", "a.jsonl", "PKP-01", cwd=hostile)
    assert shown.returncode == 0 and visible(NAME) in shown.stdout
    assert not _raw_controls(shown.stdout)


@pytest.mark.parametrize(("file", "column", "row"), [
    ("consultants.csv", "id", 3), ("consultants.csv", "unit", 2),
    ("achievements.csv", "consultant", 4), ("achievements.csv", "indicator", 2),
    ("monthly.csv", "consultant", 5)])
@pytest.mark.parametrize("attack", ATTACKS[:5])
def test_an_id_with_a_control_character_is_refused_where_it_is(
        hostile: Path, file: str, column: str, row: int, attack: str) -> None:
    shutil.copy(sample_path("consultants.csv"), hostile / "consultants.csv")  # no CR name
    path = hostile / file
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    at = rows[0].index(column)
    rows[row - 1][at] += attack
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    argv = ["monitor", "--consultants", "consultants.csv", "--reports", "monthly.csv"] \
        if file == "monthly.csv" else ["evaluate", *DATA]
    result = run_cli(*argv, "--lang", "en", cwd=hostile)
    assert result.returncode == 1
    assert f"{file}:{row}: {column}: {column!r} holds the control character(s)" in result.stderr
    assert not _raw_controls(result.stderr)


@pytest.mark.parametrize("attack", ATTACKS[:5])
def test_a_wide_files_consultant_with_a_control_character_is_refused(attack: str) -> None:
    """The wide form (a column per indicator) checks its consultant column as the long
    form does."""
    from plut_rules.readers import parse_achievements

    text = f'konsultan,kehadiran\nA,90\n"B{attack}",80\n'
    rows, problems = parse_achievements(text.encode(), "w.csv", "csv")
    assert [(p.code, p.path, p.location.line if p.location else None) for p in problems] == [
        ("control-character", "consultant", 3)]
    assert [a.consultant for a in rows] == ["A"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_by_and_reason_with_a_control_character_are_refused(tmp_path: Path,
                                                            attack: str) -> None:
    log = tmp_path / "a.jsonl"
    by = run_cli("evaluate", "--audit", log, "--by", f"Dinas{attack}", "--lang", "en")
    assert by.returncode == 1 and "control character" in by.stderr
    assert not log.exists() or log.stat().st_size == 0
    assert run_cli("evaluate", "--audit", log).returncode == 0
    size = log.stat().st_size
    for argv in (["--by", f"Gubernur{attack}"],
                 ["--override", "PKP-04=keep", "--reason", f"Kebutuhan{attack}"]):
        result = run_cli("determine", "--lang", "en", log, *argv)
        assert result.returncode == 1 and "control character" in result.stderr, result.stderr
        assert not _raw_controls(result.stderr)
    assert log.stat().st_size == size


@given(st.text())
def test_visible_leaves_no_control_character_and_keeps_json_meaning(text: str) -> None:
    shown = visible(text)
    assert not CONTROL.search(shown)
    assert (shown == text) == (CONTROL.search(text) is None)
    encoded = json.dumps({"name": text}, ensure_ascii=False)
    assert json.loads(visible(encoded)) == {"name": text}
    assert bool(control_characters(text)) == bool(CONTROL.search(text) or "\t" in text
                                                  or "\n" in text)
