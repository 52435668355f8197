"""Issue 14, items 1 and 4: no output destroys an input, and write errors are the user's.

Every path a command writes goes through :mod:`plut_rules.safe_output`: an output that
is the same file as an input (by name, symbolic link or hard link; a policy's parents
included), or that exists and is not a regular file, is refused before any data is
read; a write that fails leaves no temporary file and the old file as it was; standard
output fails like ``--output`` does (exit 1, located), a closed pipe still exits 141.
"""

from __future__ import annotations

import argparse
import errno
import os
import resource
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import EXE, run_cli
from plut_rules import safe_output
from plut_rules.cli.app import build_parser
from plut_rules.shipped import policy_path, sample_path


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder with the 2018 and 2019 policies (2019 extends 2018), the sample data and the
    2019 policy tests."""
    for name in ("2018.yaml", "2019.yaml", "2019.tests.yaml"):
        shutil.copy(policy_path("2018").parent / name, tmp_path / name)
    for name in ("consultants.csv", "achievements.csv", "monthly.csv"):
        shutil.copy(sample_path(name), tmp_path / name)
    assert run_cli("evaluate", "--audit", "a.jsonl", cwd=tmp_path).returncode == 0
    return tmp_path


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (recursively) with its bytes: what a run must leave alone."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink()}


DATA = ("--consultants", "consultants.csv", "--achievements", "achievements.csv")

# (command line, the input named as output): every command that writes, against each
# kind of file it reads; OUT is replaced by the input's name, or another name for it.
CLASHES = {
    "evaluate/consultants": (["evaluate", *DATA, "--output", "OUT"], "consultants.csv"),
    "evaluate/achievements": (["evaluate", *DATA, "--output", "OUT"], "achievements.csv"),
    "evaluate/policy": (["evaluate", "--policy", "2019.yaml", "--output", "OUT"], "2019.yaml"),
    "evaluate/extends-parent": (["evaluate", "--policy", "2019.yaml", *DATA, "--output", "OUT"],
                                "2018.yaml"),
    "evaluate/audit": (["evaluate", "--audit", "a.jsonl", "--output", "OUT"], "a.jsonl"),
    "evaluate/json-audit": (["evaluate", "--format", "json", "--audit", "a.jsonl",
                             "--output", "OUT"], "a.jsonl"),
    "evaluate/xlsx-policy": (["evaluate", "--policy", "2019.yaml", *DATA, "--format", "xlsx",
                              "--output", "OUT"], "2018.yaml"),
    "evaluate/audit-is-data": (["evaluate", *DATA, "--audit", "OUT"], "consultants.csv"),
    "report/consultants": (["report", *DATA, "--output", "OUT"], "consultants.csv"),
    "report/audit": (["report", "--audit", "a.jsonl", "--output", "OUT"], "a.jsonl"),
    "report/parent": (["report", "--policy", "2019.yaml", *DATA, "--output", "OUT"],
                      "2018.yaml"),
    "monitor/reports": (["monitor", "--reports", "monthly.csv", "--output", "OUT"],
                        "monthly.csv"),
    "monitor/policy": (["monitor", "--policy", "2018.yaml", "--output", "OUT"], "2018.yaml"),
    "template/parent": (["template", "--policy", "2019.yaml", "--output", "OUT"], "2018.yaml"),
    "test/junit-policy": (["test", "2019.yaml", "--junit", "OUT"], "2019.yaml"),
    "test/junit-tests": (["test", "2019.yaml", "--junit", "OUT"], "2019.tests.yaml"),
    "test/junit-parent": (["test", "2019.yaml", "--junit", "OUT"], "2018.yaml"),
    "new-year/file": (["policy", "new-year", "2019.yaml", "2020", "--output", "OUT"],
                      "2019.yaml"),
    "new-year/parent": (["policy", "new-year", "2019.yaml", "2020", "--output", "OUT"],
                        "2018.yaml"),
}


def _same_name(folder: Path, name: str) -> str:
    return name


def _symlink(folder: Path, name: str) -> str:
    (folder / "sub").mkdir(exist_ok=True)
    os.symlink(folder / name, folder / "sub" / "link")
    os.symlink("sub/link", folder / "chain")  # a chain of two links
    return "chain"


def _hard_link(folder: Path, name: str) -> str:
    os.link(folder / name, folder / "hard")
    return "hard"


def _dotted(folder: Path, name: str) -> str:
    (folder / "sub").mkdir(exist_ok=True)
    return f"sub/../{name}"


# Commands without --lang print their problems in Indonesian only.
NO_LANG = ("policy", "roster")


def in_english(argv: list[str]) -> list[str]:
    """``--lang en`` for a command that has it."""
    return [] if argv[0] in NO_LANG else ["--lang", "en"]


def said(argv: list[str], english: str, indonesian: str) -> str:
    """What the command prints, in English when it has --lang (given as en)."""
    return indonesian if argv[0] in NO_LANG else english


NAMES: dict[str, Callable[[Path, str], str]] = {
    "same-name": _same_name, "symlink-chain": _symlink, "hard-link": _hard_link,
    "dotted-path": _dotted}


@pytest.mark.parametrize("how", NAMES)
@pytest.mark.parametrize("case", CLASHES)
def test_an_output_that_is_an_input_is_refused_and_nothing_changes(
        work: Path, case: str, how: str) -> None:
    """Each command, each kind of input, each way of naming the same file: exit 1 naming
    both, every file as it was, no temporary file."""
    argv, victim = CLASHES[case]
    out = NAMES[how](work, victim)
    before = _files(work)
    argv = [out if a == "OUT" else a for a in argv]
    result = run_cli(*argv, *in_english(argv), cwd=work)
    assert result.returncode == 1, result.stderr
    assert "output-is-input" not in result.stdout
    assert said(argv, "is the same file as", "adalah berkas yang sama dengan") in \
        result.stderr and "Traceback" not in result.stderr
    assert _files(work) == before
    assert os.path.islink(work / out) or how != "symlink-chain"


def test_the_clash_is_found_before_any_data_is_read(work: Path) -> None:
    """A parent policy named as the output is refused before the (broken) data is read:
    the data's problems are not even reported."""
    (work / "achievements.csv").write_text("nonsense\n", encoding="utf-8")
    result = run_cli("evaluate", "--policy", "2019.yaml", *DATA, "--output", "2018.yaml",
                     "--lang", "en", cwd=work)
    assert result.returncode == 1
    assert result.stderr.startswith("2018.yaml: --output is the same file as the parent "
                                    "policy 2018.yaml (extends)")
    assert "achievements.csv" not in result.stderr


def test_two_outputs_on_one_file_are_refused(work: Path) -> None:
    """`determine` appends to the log it reads: that is its job, not a clash; but two
    different outputs on one file are."""
    ok = run_cli("determine", "a.jsonl", "--by", "Gubernur", cwd=work)
    assert ok.returncode == 0, ok.stderr
    guard = safe_output.FileGuard()
    guard.writing(work / "x.json", "--output")
    with pytest.raises(safe_output.OutputError, match="same file as --output"):
        guard.writing(work / "x.json", "--junit")


# --------------------------------------------------------------------------- not a file


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    sock.close()


def _loop(path: Path) -> None:
    os.symlink(path.name + ".b", path)
    os.symlink(path.name, str(path) + ".b")


SPECIAL = {"fifo": _fifo, "folder": _folder, "socket": _socket, "symlink-loop": _loop}


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("argv", [["evaluate", "--output"], ["evaluate", "--audit"],
                                  ["report", "--output"], ["template", "--output"],
                                  ["policy", "new-year", "2018.yaml", "2020", "--output"],
                                  ["test", "2019.yaml", "--junit"]], ids=" ".join)
def test_an_output_that_is_not_a_regular_file_is_refused(
        work: Path, kind: str, argv: list[str]) -> None:
    """A FIFO, a folder, a socket, a loop of links: refused at once (a FIFO is never opened,
    so this cannot block), left as it is."""
    target = work / "special"
    SPECIAL[kind](target)
    mode = os.lstat(target).st_mode
    result = run_cli(*argv, "special", *in_english(argv), cwd=work)
    assert result.returncode == 1, result.stderr
    assert said(argv, "not a regular file", "bukan berkas biasa") in result.stderr
    assert os.lstat(target).st_mode == mode


def test_dev_null_is_never_replaced_even_as_root(tmp_path: Path) -> None:
    """A real process (as root when the tests run as root): --output /dev/null is refused and
    /dev/null stays a character device; standard output is written with `-`."""
    result = subprocess.run([EXE, "evaluate", "--lang", "en", "--output", "/dev/null"],
                            capture_output=True,
                            text=True, timeout=120, check=False, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "/dev/null: --output is a character device" in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    dashed = run_cli("evaluate", "--format", "csv", "--output", "-")
    assert dashed.returncode == 0 and dashed.stdout.startswith("consultant,")


# --------------------------------------------------------------------------- links, modes


def test_a_symlink_chain_writes_its_target_and_stays_a_link(tmp_path: Path) -> None:
    """--output through two links writes the final file; the links stay links."""
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "out.csv").write_text("old\n", encoding="utf-8")
    os.symlink("real/out.csv", tmp_path / "one")
    os.symlink("one", tmp_path / "two")
    result = run_cli("evaluate", "--format", "csv", "--output", "two", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert os.path.islink(tmp_path / "two") and os.path.islink(tmp_path / "one")
    assert (tmp_path / "real" / "out.csv").read_text(encoding="utf-8").startswith("consultant,")
    assert sorted(os.listdir(tmp_path / "real")) == ["out.csv"]


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    os.symlink("made.json", tmp_path / "link")
    result = run_cli("evaluate", "--format", "json", "--output", "link", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert os.path.islink(tmp_path / "link")
    assert (tmp_path / "made.json").read_text(encoding="utf-8").startswith("{")


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755, 0o444])
def test_a_replaced_file_keeps_its_mode_bits(tmp_path: Path, mode: int) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(mode)
    result = run_cli("evaluate", "--output", out)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == mode
    assert out.read_text(encoding="utf-8") != "old\n"


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    """Created with 0666 less the umask, as any program's new file (not 0600)."""
    umask = os.umask(0o022)
    try:
        assert run_cli("evaluate", "--output", tmp_path / "new.txt").returncode == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_new_year_to_standard_output(work: Path) -> None:
    result = run_cli("policy", "new-year", "2019.yaml", "2020", "--output", "-", cwd=work)
    assert result.returncode == 0, result.stderr
    assert "\nextends: \"2019.yaml\"\n" in result.stdout
    assert not (work / "2020.yaml").exists()


def test_every_file_argument_is_declared() -> None:
    """Every argument naming a file (metavar FILE, NEW, OLD, POLICY...) is declared as read or
    written, so that it is checked before the command runs: a new command cannot forget."""
    file_metavars = {"FILE", "FILE.xlsx", "NEW", "OLD", "POLICY", "LOG"}
    missing = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        declared = {dest for dest, _mode, _label in parser.get_default("file_arguments") or ()}
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    walk(child, f"{path} {name}".strip())
            elif str(action.metavar) in file_metavars and action.dest not in declared:
                missing.append(f"{path} {action.dest}")

    walk(build_parser(), "")
    assert not missing, f"declare with declare_files: {missing}"


# --------------------------------------------------------------------------- failures


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_full_disk_leaves_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while writing: exit 1 naming the file and the reason, old bytes kept."""
    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safe_output.os, "fsync", full)
    result = run_cli("evaluate", "--format", "json", "--output", out, "--lang", "en")
    assert result.returncode == 1
    assert f"{out}: cannot write the output (--output): No space left on device" in result.stderr
    assert out.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("error", [KeyboardInterrupt, ValueError, OSError])
def test_an_error_while_producing_the_output_removes_the_temporary(
        tmp_path: Path, error: type[BaseException]) -> None:
    """Whatever stops the chunks half-way (a streamed evaluation's error, Ctrl-C), the
    temporary file goes and the target is untouched (or never created)."""
    guard = safe_output.FileGuard()

    def chunks() -> Iterator[str]:
        yield "half"
        raise error("stop")

    for target in (tmp_path / "old.txt", tmp_path / "new.txt"):
        if target.name == "old.txt":
            target.write_text("old", encoding="utf-8")
        for replace in (True, False):
            if not replace and target.exists():
                continue
            with pytest.raises((error, safe_output.OutputError)):
                safe_output.write_file(guard.writing(target, str(target), replace=replace),
                                       chunks())
            assert _leftovers(tmp_path) == []
    assert (tmp_path / "old.txt").read_text(encoding="utf-8") == "old"
    assert not (tmp_path / "new.txt").exists()


def _limit(size: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return apply


def test_a_file_size_limit_is_a_clean_exit_1_for_output_and_stdout(tmp_path: Path) -> None:
    """RLIMIT_FSIZE (ulimit -f) in a real process: --output and a redirected standard output
    both exit 1 with a located message, no 'internal error', no temporary left."""
    out = tmp_path / "out.json"
    out.write_text("old\n", encoding="utf-8")
    result = subprocess.run([EXE, "evaluate", "--format", "json", "--output", str(out)],
                            capture_output=True, text=True, timeout=120, check=False,
                            preexec_fn=_limit(4096))
    assert result.returncode == 1, result.stderr
    assert "File too large" in result.stderr and "internal error" not in result.stderr
    assert out.read_text(encoding="utf-8") == "old\n" and _leftovers(tmp_path) == []
    with (tmp_path / "stdout.json").open("w") as handle:
        piped = subprocess.run([EXE, "evaluate", "--format", "json", "--lang", "en"],
                               stdout=handle,
                               stderr=subprocess.PIPE, text=True, timeout=120, check=False,
                               preexec_fn=_limit(4096))
    assert piped.returncode == 1, piped.stderr
    assert piped.stderr.startswith("<standard output>: cannot write to standard output: File "
                                   "too large")
    assert "internal error" not in piped.stderr and "Exception ignored" not in piped.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["evaluate"], ["evaluate", "--format", "json"],
                                  ["explain", "PKP-04"], ["audit", "verify", "LOG"],
                                  ["policy", "show", "POLICY"]], ids=" ".join)
def test_standard_output_on_a_full_disk_is_exit_1(work: Path, argv: list[str]) -> None:
    """`plut-rules ... > /dev/full`: exit 1 and one located line, never exit 3."""
    argv = [str(work / "a.jsonl") if a == "LOG" else str(work / "2019.yaml") if a == "POLICY"
            else a for a in argv]
    with open("/dev/full", "w") as full:
        result = subprocess.run([EXE, *argv, "--lang", "en"], stdout=full,
                                stderr=subprocess.PIPE, text=True,
                                timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("<standard output>: cannot write to standard output: No "
                                    "space left on device")
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


class _Full:
    """A stream whose writes fail as a full disk's do."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def test_standard_output_failing_in_process_is_exit_1() -> None:
    from io import StringIO

    from plut_rules.cli import main

    err = StringIO()
    code = main(["evaluate", "--lang", "en"], _Full(), err)  # type: ignore[arg-type]
    assert code == 1
    assert err.getvalue().startswith("<standard output>: cannot write to standard output")


@pytest.mark.parametrize("args", [("evaluate", "--format", "csv"),
                                  ("evaluate", "--format", "csv", "--output", "-")])
def test_a_closed_pipe_still_exits_141(args: tuple[str, ...]) -> None:
    """The reader is gone: 141 quietly as before, not the exit 1 of a failed write."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run([str(EXE), *args], stdout=write_end, stderr=subprocess.PIPE,
                                text=True, timeout=120, check=False)
    finally:
        os.close(write_end)
    assert result.returncode == 141, result.stderr
    assert result.stderr == ""


def test_the_module_examples_hold() -> None:
    import doctest

    from plut_rules import visible

    for module in (safe_output, visible):
        failed, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert failed == 0, module.__name__
    assert sys.modules["plut_rules.safe_output"] is safe_output


def test_a_record_reference_claims_its_log(tmp_path: Path) -> None:
    """``LOG:SEQ`` options name a log that is read: writing the output over it is refused
    before anything is read, and the log keeps its bytes; the same log read for a
    determination and appended to (``select --determination LOG:SEQ --audit LOG``) is no
    clash."""
    log = tmp_path / "audit.jsonl"
    log.write_bytes(b"not read\n")
    got = run_cli("roster", "next", "--determination", f"{log}:1", "--selection", f"{log}:2",
                  "--policy", tmp_path / "2019.yaml", "--output", log)
    assert got.returncode == 1 and "adalah berkas yang sama dengan" in got.stderr, got.stderr
    assert log.read_bytes() == b"not read\n"
    both = run_cli("select", tmp_path / "candidates.csv", "--determination", f"{log}:1",
                   "--policy", tmp_path / "2018.yaml", "--audit", log, "--lang", "en")
    assert "is the same file as" not in both.stderr
    assert log.read_bytes() == b"not read\n"
