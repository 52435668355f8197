"""docs/errors.md documents every problem code of the registry, and only those.

The registry (:mod:`plut_rules.problem_codes`) names for each code the section of
docs/errors.md that explains it and its severity; `Problem` refuses any other
code, so what a user can see is what the page explains.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from plut_rules.errors import Problem
from plut_rules.problem_codes import CODES, problem_code
from plut_rules.quality.lint_findings import Finding

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\|\s*`([a-z0-9-]+)`([^|]*)\|([^|]*)\|")
# how a row marks a severity other than error: "(warning)" after the code, or the cause
# starting with *Warning.* / *Information.* / *Error.*
MARKS = {"(warning)": "warning", "*Warning.*": "warning", "*Information.*": "info",
         "*Error.*": "error"}


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces as '-'."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def documented() -> dict[str, dict[str, str]]:
    """For each section anchor of docs/errors.md, its codes and the severity each row marks."""
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (ROOT / "docs" / "errors.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(anchor(line[3:]), {})
        elif (row := ROW.match(line)) is not None:
            marks = [s for m, s in MARKS.items()
                     if m in row.group(2) or row.group(3).strip().startswith(m)]
            current[row.group(1)] = marks[0] if marks else "error"
    return sections


def test_anchor_is_githubs() -> None:
    assert anchor("Reading a policy file (YAML)") == "reading-a-policy-file-yaml"
    assert anchor("The durable_rules backend (`--backend durable`)") == \
        "the-durable_rules-backend---backend-durable"


def test_the_page_has_the_sections_and_rows() -> None:
    """The parse itself works: known codes are found with their marked severities."""
    sections = documented()
    assert sections["policy-contents"]["no-catch-all"] == "warning"
    assert sections["reading-a-policy-file-yaml"]["yaml-syntax"] == "error"
    quality = sections["policy-tests-and-lint-plut-rules-test-plut-rules-lint-validate---strict"]
    assert quality["lint-unknown"] == "info"
    assert quality["lint-gap"] == "error"


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_is_explained_where_the_registry_says(code: str) -> None:
    """Each code is a row of the section its registry entry names, with the same severity."""
    declared = CODES[code]
    sections = documented()
    assert declared.anchor in sections, f"{code}: no section #{declared.anchor} in errors.md"
    rows = sections[declared.anchor]
    assert code in rows, f"add a row for {code} under #{declared.anchor} of docs/errors.md"
    assert rows[code] == declared.severity, code
    assert declared.meaning and "\n" not in declared.meaning


def test_page_documents_no_other_code() -> None:
    stale = sorted({c for rows in documented().values() for c in rows} - set(CODES))
    assert not stale, f"not in plut_rules/problem_codes.py, remove from docs/errors.md: {stale}"


def test_problem_refuses_an_unknown_code() -> None:
    with pytest.raises(ValueError, match=r"unknown problem code 'unknown-kee'.*'unknown-key'"):
        Problem("unknown-kee", "a message")
    with pytest.raises(ValueError, match="unknown problem code"):
        Finding(code="lint-gaps", severity="error", message="m")
    with pytest.raises(ValueError, match="unknown problem code"):
        problem_code("")


def test_problem_severity_defaults_to_the_declared_one() -> None:
    assert Problem("no-catch-all", "m").severity == "warning"
    assert Problem("unknown-key", "m").severity == "error"
    assert Problem("no-catch-all", "m", severity="error").severity == "error"
    # the linter's information code is an error when it is a Problem (there is no info there)
    assert Problem("lint-unknown", "m").severity == "error"
