"""Problems in the reader's language (issue 17, item 2): Indonesian by default, English
with ``--lang en``; the place, path and code do not change with the language."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL, run_cli
from plut_rules.errors import Location, Problem
from plut_rules.wording import Words, say


def test_a_worded_problem_carries_both_languages() -> None:
    problem = Problem.worded("unknown-key", say("validate.unknown_key", key="'x'",
                                                allowed="a, b"),
                             Location("p.yaml", 3, 1), "x", suggestion="a")
    assert problem.message == "unknown key 'x'; allowed here: a, b"
    assert problem.text("id") == "kunci 'x' tidak dikenal; yang boleh di sini: a, b"
    assert str(problem) == problem.line("en") == (
        "p.yaml:3:1: x: unknown key 'x'; allowed here: a, b (did you mean 'a'?)")
    assert problem.line("id") == (
        "p.yaml:3:1: x: kunci 'x' tidak dikenal; yang boleh di sini: a, b (maksud Anda 'a'?)")
    # the Indonesian is the same problem in other words: equal, one in a set
    english_only = Problem("unknown-key", problem.message, problem.location, "x",
                           suggestion="a")
    assert english_only == problem and len({english_only, problem}) == 1
    assert english_only.text("id") == english_only.message  # not translated: English


def test_words_join_and_fill_each_language() -> None:
    joined = say("problem.warning") + ": " + Words.same("x")
    assert (joined.in_lang("id"), joined.in_lang("en")) == ("peringatan: x", "warning: x")
    assert ("> " + joined).in_lang("en") == "> warning: x"
    nested = say("problem.did_you_mean", suggestion=say("problem.warning"))
    assert nested.in_lang("id") == " (maksud Anda peringatan?)"


def test_a_warning_is_labelled_in_the_language() -> None:
    problem = Problem("unused-threshold", "x", Location("p.yaml", 1, 1))
    assert problem.severity == "warning"
    assert problem.line("id") == "p.yaml:1:1: peringatan: x"
    assert problem.line("en") == "p.yaml:1:1: warning: x"


@pytest.mark.parametrize(("lang", "expected", "count"), [
    ((), "defaults.treshold: kunci 'treshold' tidak dikenal; yang boleh di sini: ",
     "1 kesalahan"),
    (("--lang", "id"), "defaults.treshold: kunci 'treshold' tidak dikenal", "1 kesalahan"),
    (("--lang", "en"), "defaults.treshold: unknown key 'treshold'; allowed here: ", "1 error"),
])
def test_validate_speaks_the_language_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            lang: tuple[str, ...], expected: str,
                                            count: str) -> None:
    """The default is Indonesian, whatever the machine's locale; the place is the same."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("thresholds:", "treshold:"), encoding="utf-8")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    result = run_cli("validate", *lang, bad)
    assert result.returncode == 1
    first, last = result.stderr.splitlines()[0], result.stderr.splitlines()[-1]
    assert first.startswith(f"{bad}:6:3: {expected}"), result.stderr
    assert last == count
