"""Findings of a user review: docs agree with --help, Indonesian output, clear messages."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import EXE, run_cli
from plut_rules.cli.app import build_parser
from plut_rules.shipped import sample_path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[tuple[str, list[str]]]:
    """Every command path (``evaluate``, ``policy show``...) with its long options."""
    found: list[tuple[str, list[str]]] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        options = [o for a in parser._actions for o in a.option_strings
                   if o.startswith("--") and o != "--help"]
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if path:
            found.append((" ".join(path), options))
        for action in subs:
            for name, child in action.choices.items():
                walk(child, [*path, name])

    walk(build_parser(), [])
    return found


def _sections(text: str) -> list[tuple[str, str]]:
    parts = re.split(r"\n## ", text)
    return [(p.split("\n", 1)[0], p) for p in parts[1:]]


@pytest.mark.parametrize(("command", "options"), _commands(), ids=str)
def test_cli_md_lists_every_command_and_option(command: str, options: list[str]) -> None:
    """Each command of --help, and each of its options, is in its section of docs/cli.md."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    top = command.split(maxsplit=1)[0]
    sections = [body for head, body in _sections(text)
                if f"plut-rules {top}" in head or f"`{top}`" in head]
    assert sections, f"docs/cli.md has no section for {command}"
    body = "\n".join(sections)
    assert f"{command}" in body
    missing = [o for o in options if o not in body]
    assert not missing, f"docs/cli.md, section of {command}: options not listed: {missing}"


def test_every_positional_argument_has_help() -> None:
    """`plut-rules COMMAND --help` explains every positional argument."""
    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{path} {name}")
            elif not action.option_strings:
                assert action.help, f"{path}: positional {action.metavar} has no help"

    walk(build_parser(), "plut-rules")


def test_monitor_in_indonesian_has_no_english_labels() -> None:
    """The monitor table in Indonesian names severities and the condition in Indonesian."""
    result = run_cli("monitor")
    assert result.returncode == 0, result.stderr
    assert "[sedang]" in result.stdout and "[tinggi]" in result.stdout
    assert "kondisi: " in result.stdout
    assert "[medium]" not in result.stdout and "when:" not in result.stdout
    assert "(tinggi 1, sedang 8)" in result.stdout
    assert "margin = 0,25" in result.stdout
    english = run_cli("monitor", "--lang", "en")
    assert "[medium]" in english.stdout and "      when: " in english.stdout
    assert "(high 1, medium 8)" in english.stdout


def test_explain_in_indonesian_names_the_cap_in_indonesian() -> None:
    """Explain's score line: 'batas rasio (cap) 1,2' in Indonesian, 'cap 1.2' in English."""
    result = run_cli("explain", "PKP-04")
    assert "Skor: 67,33 (penilaian weighted_ratio, batas rasio (cap) 1,2)" in result.stdout
    english = run_cli("explain", "PKP-04", "--lang", "en")
    assert "Score: 67.33 (scoring weighted_ratio, cap 1.2)" in english.stdout


def test_decimal_comma_in_a_comma_file_says_what_to_write(tmp_path: Path) -> None:
    """An unquoted 96,5 in a comma-separated file is named, with the number to write."""
    text = sample_path("achievements.csv").read_text(encoding="utf-8")
    assert "PKP-01,kehadiran,96.5," in text
    bad = tmp_path / "capaian.csv"
    bad.write_text(text.replace("PKP-01,kehadiran,96.5,", "PKP-01,kehadiran,96,5,"),
                   encoding="utf-8")
    result = run_cli("evaluate", "--consultants", sample_path("consultants.csv"),
                     "--achievements", bad, "--lang", "en")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "capaian.csv:5:" in result.stderr
    assert "'96,5' looks like one number" in result.stderr
    assert "write 96.5 (a decimal point)" in result.stderr
    bad.write_text(text.replace("PKP-01,kehadiran,96.5,", "PKP-01,kehadiran,1,250,"),
                   encoding="utf-8")
    result = run_cli("evaluate", "--consultants", sample_path("consultants.csv"),
                     "--achievements", bad, "--lang", "en")
    assert "write 1250 (no thousands separator) or 1.25" in result.stderr


@pytest.mark.parametrize("args", [("evaluate", "--format", "json"), ("explain", "PKP-04"),
                                  ("monitor",)])
def test_a_closed_pipe_is_not_reported_as_a_bug(args: tuple[str, ...]) -> None:
    """`plut-rules ... | head` that stops reading: exit 141 quietly, no 'internal error'."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: the first write fails with EPIPE
    try:
        result = subprocess.run([str(EXE), *args], stdout=write_end, stderr=subprocess.PIPE,
                                text=True, timeout=60, check=False)
    finally:
        os.close(write_end)
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""


def test_explain_from_the_audit_log_follows_lang(tmp_path: Path) -> None:
    """`explain ID --audit FILE --lang en` prints English; without --lang, the record's."""
    log = tmp_path / "audit.jsonl"
    assert run_cli("evaluate", "--audit", log, "--by", "analis").returncode == 0
    english = run_cli("explain", "PKP-04", "--audit", log, "--lang", "en")
    assert english.returncode == 0, english.stderr
    assert english.stdout.startswith("Audit record 1")
    recorded = run_cli("explain", "PKP-04", "--audit", log)
    assert recorded.stdout.startswith("Catatan audit 1")
    assert run_cli("explain", "PKP-04", "--audit", log, "--lang", "id").stdout == recorded.stdout


def test_a_workbook_output_needs_format_xlsx(tmp_path: Path) -> None:
    """`--output hasil.xlsx` without `--format xlsx` is a usage error, not a text file."""
    out = tmp_path / "hasil.xlsx"
    result = run_cli("evaluate", "--output", out, "--lang", "en")
    assert result.returncode == 2
    assert "add --format xlsx" in result.stderr
    assert not out.exists()
    assert run_cli("evaluate", "--output", out, "--format", "xlsx").returncode == 0
    assert out.read_bytes()[:2] == b"PK"


def test_swapped_files_are_named_with_the_right_article() -> None:
    """The wrong-file message reads 'a consultants file' and 'an achievements file'."""
    result = run_cli("evaluate", "--consultants", sample_path("achievements.csv"),
                     "--achievements", sample_path("consultants.csv"), "--lang", "en")
    assert result.returncode == 1
    assert "this looks like an achievements file" in result.stderr
    assert "this looks like a consultants file" in result.stderr
