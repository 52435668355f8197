"""Repairing a torn tail: the only damage of an audit log the tool mends itself.

A writer killed mid-record (a power cut, SIGKILL) leaves an incomplete last line;
every later append is refused until it is gone.  :func:`repair` keeps the torn bytes
in a side file beside the log, then cuts the log back to the end of its last complete
record, under the log's lock, and says what it did; the log then verifies.  Any other
damage (a changed, removed, reordered or inserted record, an over-long line) is
refused: it is evidence, for an auditor to look at, not for a tool to tidy away.
"""

from __future__ import annotations

import fcntl
import os

import attrs

from plut_rules.audit.chain import audit_error, verify_stream
from plut_rules.safe_output import FileGuard, OutputError, open_regular, write_file
from plut_rules.wording import say

__all__ = ["RepairResult", "repair"]


@attrs.frozen
class RepairResult:
    """What :func:`repair` did: ``repaired`` false when the log was intact (nothing done);
    otherwise the torn bytes (``torn_bytes`` from byte ``offset``) are in ``side_file`` and
    the log ends after its ``records`` intact records."""

    path: str
    repaired: bool
    records: int
    offset: int | None = None
    torn_bytes: int = 0
    side_file: str | None = None

    def summary(self) -> str:
        """What was done, for a person."""
        plural = "s" if self.records != 1 else ""
        if not self.repaired:
            return f"{self.path}: intact, {self.records} record{plural}; nothing to repair"
        return (f"{self.path}: removed a torn tail of {self.torn_bytes} bytes from byte offset "
                f"{self.offset} (kept in {self.side_file}); the log now ends after its "
                f"{self.records} intact record{plural}")


def repair(path: str | os.PathLike[str], *, guard: FileGuard | None = None) -> RepairResult:
    """Remove the torn tail of the log at ``path`` (keeping it in the side file
    ``LOG.torn-OFFSET``); :class:`~plut_rules.audit.AuditError` when the log has other
    damage or cannot be read (nothing changed), or when the side file cannot be written.

    ``guard`` (default: a new one) holds the files of the run; the side file is claimed
    from it, so it is never one of them and never overwrites a file.
    """
    name = os.fspath(path)
    guard = guard if guard is not None else FileGuard()
    try:
        fd = open_regular(name, os.O_RDWR)
    except OSError as exc:
        raise audit_error("audit-unreadable", say("audit.cannot_open_log", name=name,
                                                  reason=exc.strerror or exc)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # no append while the tail is cut
        with open(fd, "rb", closefd=False) as handle:
            result, _ = verify_stream(handle, name)
            if result.ok:
                return RepairResult(name, False, result.records)
            if result.kind != "torn-tail" or result.offset is None:
                raise audit_error(
                    "audit-not-repairable",
                    f"{result.summary()}; audit repair mends a torn tail only: this damage "
                    "is evidence for an auditor, nothing was changed")
            offset = result.offset
            handle.seek(offset)
            torn = handle.read()
        side = f"{name}.torn-{offset}"
        try:
            write_file(guard.writing(side, "the side file of the torn tail", replace=False),
                       [torn])
        except OutputError as exc:
            raise audit_error(exc.problems[0].code,
                              f"{exc.problems[0]}; the log was not changed") from None
        os.ftruncate(fd, offset)
        os.fsync(fd)
        return RepairResult(name, True, result.records, offset, len(torn), side)
    finally:
        os.close(fd)
