"""Shared fixtures: a small valid policy, helpers to write and load policies, and
:func:`run_cli`, the ``plut-rules`` command run in-process."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import settings

from plut_rules import Policy, PolicyError, Problem, check_policy, load_policy
from plut_rules.cli import main

# Shared machines are noisy: a property's per-example deadline would make CI flaky, so
# tests set no deadline unless they bound time on purpose (tests/test_hardening.py does).
settings.register_profile("plut-rules", deadline=None)
settings.load_profile("plut-rules")

#: The console script of the environment the tests run in (for true subprocess tests).
EXE = Path(sys.executable).with_name("plut-rules")


class Result(NamedTuple):
    """What a run of ``plut-rules`` gave: named as :class:`subprocess.CompletedProcess`'s
    fields, so that a test reads the same whichever way the command ran."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None) -> Result:
    """Run ``plut-rules ARGS...`` in this process (in the folder ``cwd``, if given) and
    capture its exit status, output and messages."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        code = main([os.fspath(a) for a in args], out, err)
    return Result(code, out.getvalue(), err.getvalue())


MINIMAL = """\
policy: uji
year: 2018
defaults:
  scoring: weighted_ratio
  cap: 1.2
  thresholds: {keep: 70, reassign_floor: 50, competence: 75}
  indicators:
    kehadiran: {label: Kehadiran, target: 95, weight: 0.2}
units:
  pkp: {name: Unit PKP, evaluator: Dinas}
fields:
  pemasaran:
    name: Pemasaran
    indicators:
      akses_pasar: {label: Akses pasar, target: 40, weight: 0.8, minimum: 0.5, step: 1}
  produksi:
    name: Produksi
    indicators:
      sertifikasi: {label: Sertifikasi, target: 30, weight: 0.8, minimum: 0.5, step: 1}
rules:
  - id: gagal-gate
    when: gates_failed > 0
    then: replace
  - id: capai-target
    when: score >= keep
    then: keep
  - id: pindah
    when: score >= reassign_floor and best_competence >= competence
    then: reassign
  - id: lainnya
    when: true
    then: replace
"""


def write(tmp_path: Path, text: str, name: str = "policy.yaml") -> Path:
    """Write a dedented policy text to ``tmp_path/name`` and return its path."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(tmp_path: Path, text: str) -> list[Problem]:
    """Every problem (errors and warnings) of a policy text."""
    _, problems = check_policy(write(tmp_path, text))
    return problems


def errors_of(tmp_path: Path, text: str) -> list[Problem]:
    """Only the errors of a policy text; asserts that loading refuses it."""
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    return list(info.value.errors)


@pytest.fixture
def minimal(tmp_path: Path) -> Policy:
    """The MINIMAL policy, loaded."""
    return load_policy(write(tmp_path, MINIMAL))


def without_selection(text: str) -> str:
    """A policy's text with its ``selection:`` section (the last top-level key of the
    shipped 2018 policy) cut off: the same policy, with nothing to select by."""
    cut = text.index("\nselection:\n")
    rest = text[cut + 1:].splitlines(keepends=True)[1:]
    after = next((n for n, line in enumerate(rest) if line[:1] not in ("", " ", "#", "\n")),
                 len(rest))
    return text[:cut + 1] + "".join(rest[after:])
