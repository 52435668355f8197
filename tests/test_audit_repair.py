"""Issue 14, items 3 (the audit log) and 6: the log survives a full disk, is read one
record at a time, and a torn tail is repaired by ``audit repair`` only.

A failed append cuts off exactly the bytes it wrote; ``audit verify`` holds at most one
record (:data:`plut_rules.audit.MAX_RECORD_BYTES`) in memory whatever the file's size, and
reports a longer line as damage at its offset; a FIFO as the log is refused at once;
``audit repair`` keeps a torn tail in a side file, cuts it off, and refuses any other
damage.
"""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXE, run_cli
from plut_rules import audit
from plut_rules.audit import AuditError, chain, records
from test_audit import TAMPERING, _rewrite, append, evaluated, fixed_clock, lines_of


@pytest.fixture
def log2(tmp_path: Path) -> Path:
    """A log of two evaluation records."""
    evaluation, data = evaluated(tmp_path)
    log = tmp_path / "audit.jsonl"
    clock = fixed_clock()
    append(log, evaluation, data, clock=clock)
    append(log, evaluation, data, clock=clock)
    return log


# --------------------------------------------------------------------------- failed appends


@pytest.mark.parametrize("fault", ["write-half", "write-nothing", "fsync", "interrupt"])
def test_a_failed_append_cuts_off_exactly_what_it_wrote(
        log2: Path, monkeypatch: pytest.MonkeyPatch, fault: str) -> None:
    """A full disk half-way through the record (or at fsync, or Ctrl-C): the log is byte for
    byte as before, verifies, and the next append works."""
    before = log2.read_bytes()
    real_write = os.write

    def write(fd: int, data: bytes | memoryview) -> int:
        if fault == "write-half":
            real_write(fd, bytes(data[:len(data) // 2]))
        if fault == "interrupt":
            real_write(fd, bytes(data[:10]))
            raise KeyboardInterrupt
        if fault in ("write-half", "write-nothing"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(records.os, "write", write)
    if fault == "fsync":
        monkeypatch.setattr(records.os, "fsync", fsync)
    evaluation, data = evaluated(log2.parent)
    expected = KeyboardInterrupt if fault == "interrupt" else AuditError
    with pytest.raises(expected) as info:
        append(log2, evaluation, data)
    if expected is AuditError:
        message = str(info.value)
        assert "cut off again, the log is as it was" in message
        assert "nothing was appended" in message
    monkeypatch.undo()
    assert log2.read_bytes() == before
    assert audit.verify(log2).ok
    assert append(log2, evaluation, data).seq == 3


def _limit(size: int) -> object:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return apply


def test_a_file_size_limit_during_evaluate_audit_leaves_the_log_as_it_was(
        tmp_path: Path) -> None:
    """A real process under RLIMIT_FSIZE: exit 1 naming the log, the log unchanged and
    intact, and an append without the limit works."""
    log = tmp_path / "a.jsonl"
    assert run_cli("evaluate", "--audit", log).returncode == 0
    before = log.read_bytes()
    result = subprocess.run([EXE, "evaluate", "--audit", str(log), "--lang", "en"],
                            capture_output=True, text=True, timeout=120, check=False,
                            preexec_fn=_limit(len(before) + 1000))  # type: ignore[arg-type]
    assert result.returncode == 1, result.stderr
    assert "cannot append to the audit log: File too large" in result.stderr
    assert "the log is as it was" in result.stderr and "internal error" not in result.stderr
    assert log.read_bytes() == before
    again = run_cli("evaluate", "--audit", log)
    assert again.returncode == 0 and "record 2 appended" in again.stderr


def test_determine_on_a_full_disk_is_exit_1(log2: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    before = log2.read_bytes()

    def full(fd: int, data: bytes | memoryview) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(records.os, "write", full)
    result = run_cli("determine", log2, "--by", "Gubernur")
    assert result.returncode == 1 and "No space left on device" in result.stderr
    assert log2.read_bytes() == before


def test_a_record_larger_than_the_maximum_is_refused(
        log2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "MAX_RECORD_BYTES", 1000)
    before = log2.read_bytes()
    evaluation, data = evaluated(log2.parent)
    with pytest.raises(AuditError, match="more than the 1000 bytes a record may hold"):
        append(log2, evaluation, data)
    assert log2.read_bytes() == before


# --------------------------------------------------------------------------- bounded reading


def test_a_line_longer_than_a_record_is_damage_at_its_offset(
        log2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 30 MB line (sparse zeros, no line end) after two records: reported as too-long at
    its offset, reading at most one maximum record: memory stays near that bound."""
    limit = 256 * 1024
    monkeypatch.setattr(chain, "MAX_RECORD_BYTES", limit)
    start = log2.stat().st_size
    with log2.open("r+b") as handle:
        handle.truncate(start + 30 * 2**20)
    tracemalloc.start()
    try:
        result = audit.verify(log2)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.kind, result.offset, result.line, result.records) == (
        "too-long", start, 3, 2)
    assert f"longer than {limit} bytes" in (result.message or "")
    assert peak < 8 * limit, peak
    # the same with a line end far away: still damage at its offset, not a record
    with log2.open("ab") as handle:
        handle.write(b"\n")
    assert audit.verify(log2).kind == "too-long"


def test_verify_memory_does_not_grow_with_the_log(tmp_path: Path) -> None:
    """Many records: verify keeps 33 bytes per record, never the records themselves."""
    evaluation, data = evaluated(tmp_path)
    log = tmp_path / "a.jsonl"
    clock = fixed_clock()
    append(log, evaluation, data, clock=clock)
    one = log.read_bytes()
    for _ in range(39):
        append(log, evaluation, data, clock=clock)
    size = log.stat().st_size
    tracemalloc.start()
    try:
        result = audit.verify(log)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.ok and result.records == 40
    assert peak < size / 4 and peak < 20 * len(one) + 2**20, (peak, size)


@pytest.mark.parametrize("argv", [["audit", "verify", "FIFO"], ["audit", "show", "FIFO", "A-01"],
                                  ["audit", "replay", "FIFO"], ["audit", "repair", "FIFO"],
                                  ["determine", "FIFO"], ["evaluate", "--audit", "FIFO"],
                                  ["explain", "PKP-04", "--audit", "FIFO"],
                                  ["report", "--audit", "FIFO", "--output", "r.html"]],
                         ids=" ".join)
def test_a_fifo_as_the_log_is_refused_at_once(tmp_path: Path, argv: list[str]) -> None:
    """A FIFO nobody writes to would block a reader forever: refused at once, in a real
    process with a timeout (a hang fails the test instead of the run)."""
    fifo = tmp_path / "log.fifo"
    os.mkfifo(fifo)
    argv = [str(fifo) if a == "FIFO" else a for a in argv]
    result = subprocess.run([EXE, *argv, "--lang", "en"],
                            capture_output=True, text=True, timeout=60, check=False,
                            cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "FIFO (named pipe), not a regular file" in result.stderr
    assert "internal error" not in result.stderr


def test_the_library_refuses_a_fifo_too(tmp_path: Path) -> None:
    fifo = tmp_path / "log.fifo"
    os.mkfifo(fifo)
    assert audit.verify(fifo).kind == "unreadable"
    with pytest.raises(AuditError, match="FIFO"):
        audit.read_log(fifo)
    evaluation, data = evaluated(tmp_path)
    with pytest.raises(AuditError, match="FIFO"):
        append(fifo, evaluation, data)


# --------------------------------------------------------------------------- repair


def test_repair_keeps_the_torn_tail_cuts_it_and_verify_passes(log2: Path) -> None:
    whole = log2.read_bytes()
    good = b"".join(lines_of(log2)[:1])
    torn = lines_of(log2)[1][:123]
    _rewrite(log2, [good, torn])
    result = run_cli("audit", "repair", log2)
    assert result.returncode == 0, result.stderr
    side = Path(f"{log2}.torn-{len(good)}")
    assert result.stdout.splitlines() == [
        f"{log2}: removed a torn tail of 123 bytes from byte offset {len(good)} (kept in "
        f"{side}); the log now ends after its 1 intact record",
        audit.verify(log2).summary()]
    assert side.read_bytes() == torn and log2.read_bytes() == good
    assert run_cli("audit", "verify", log2).returncode == 0
    assert whole.startswith(good)
    again = run_cli("audit", "repair", log2)
    assert again.returncode == 0 and "nothing to repair" in again.stdout


def test_repair_after_a_killed_writer_lets_appends_continue(log2: Path) -> None:
    evaluation, data = evaluated(log2.parent)
    with log2.open("ab") as handle:
        handle.write(b'{"format":"plut-rules-audit/1","kind":"eval')
    with pytest.raises(AuditError, match="torn-tail"):
        append(log2, evaluation, data)
    repaired = audit.repair(log2)
    assert repaired.repaired and repaired.records == 2
    assert append(log2, evaluation, data).seq == 3


@pytest.mark.parametrize("name", [n for n in TAMPERING if "torn" not in TAMPERING[n][1]])
def test_repair_refuses_any_other_damage_and_changes_nothing(log2: Path, name: str) -> None:
    """Changed, removed, reordered, inserted records are evidence: exit 1, nothing written."""
    evaluation, data = evaluated(log2.parent)
    append(log2, evaluation, data)
    audit.determine(log2, by="x", record=2)  # four records, as the tampering cases need
    change = TAMPERING[name][0]
    _rewrite(log2, change(log2, lines_of(log2)))
    before = sorted(os.listdir(log2.parent)), log2.read_bytes()
    result = run_cli("audit", "repair", log2)
    assert result.returncode == 1
    assert "audit repair mends a torn tail only" in result.stderr
    assert (sorted(os.listdir(log2.parent)), log2.read_bytes()) == before


def test_repair_refuses_an_over_long_line(log2: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chain, "MAX_RECORD_BYTES", 4096)
    with log2.open("ab") as handle:
        handle.write(b"x" * 5000)
    before = log2.read_bytes()
    with pytest.raises(AuditError, match="too-long"):
        audit.repair(log2)
    assert log2.read_bytes() == before


def test_repair_never_overwrites_a_side_file(log2: Path) -> None:
    good = lines_of(log2)[0]
    _rewrite(log2, [good, b'{"torn'])
    side = Path(f"{log2}.torn-{len(good)}")
    side.write_bytes(b"an earlier repair's bytes")
    before = log2.read_bytes()
    result = run_cli("audit", "repair", log2)
    assert result.returncode == 1 and "output-exists" not in result.stdout
    assert "exists already" in result.stderr and "the log was not changed" in result.stderr
    assert side.read_bytes() == b"an earlier repair's bytes" and log2.read_bytes() == before


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=1))
def test_any_cut_of_the_last_record_is_repaired_to_the_records_before(
        log2: Path, cut: int) -> None:
    """Cut the log anywhere inside its last record (line end included): repair keeps exactly
    the cut-off bytes aside and leaves the intact records; verify passes."""
    first, second = lines_of(log2)
    original = first + second
    cut = cut % len(second)  # 0 .. len-1 bytes of the last record are left
    log2.write_bytes(first + second[:cut])
    for side in log2.parent.glob("*.torn-*"):
        side.unlink()
    result = audit.repair(log2)
    assert audit.verify(log2).ok and log2.read_bytes() == first
    if cut == 0:
        assert not result.repaired
    else:
        assert result.side_file is not None
        assert log2.read_bytes() + Path(result.side_file).read_bytes() == original[
            :len(first) + cut]
    log2.write_bytes(original)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600), keep=st.integers(min_value=0, max_value=2))
def test_any_bytes_as_a_log_give_a_result_or_our_own_error(
        log2: Path, data: bytes, keep: int) -> None:
    """Any bytes after 0-2 intact records: verify gives a result, reading raises only
    AuditError, repair either leaves a log that verifies or refuses with nothing changed."""
    intact = b"".join(lines_of(log2)[:keep])  # log2 itself is never changed here
    log = log2.parent / "any.jsonl"
    log.write_bytes(intact + data)
    for side in log2.parent.glob("any.jsonl.torn-*"):
        side.unlink()
    result = audit.verify(log)
    assert result.ok or result.kind is not None
    try:
        audit.read_log(log)
    except AuditError:
        assert not result.ok
    before = log.read_bytes()
    try:
        repaired = audit.repair(log)
    except AuditError:
        assert log.read_bytes() == before and result.kind != "torn-tail"
    else:
        assert audit.verify(log).ok
        assert repaired.repaired == (result.kind == "torn-tail")
