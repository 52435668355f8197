"""References to evaluation records, possibly in other logs: ``LOG``, ``LOG:SEQ`` or
``LOG:SEQ:SHA256``, and resolving them into the records they name.

Each authority keeps its own log (the province's Dinas KUKM evaluates one unit, a
regency's Dinas another); the province determines over the records of several logs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

import attrs

from plut_rules.audit.chain import AuditRecord, audit_error, read_log
from plut_rules.audit.replay import evaluation_record
from plut_rules.wording import Words, say

__all__ = ["Reference", "parse_reference", "relative_log", "resolve_reference", "same_log"]

_SHA = re.compile(r"[0-9a-f]{64}\Z")


@attrs.frozen
class Reference:
    """An evaluation record named from outside its log: the ``log``'s path, the record's
    ``seq`` (None: the log's last evaluation record) and, when given, the ``sha256`` it
    must have."""

    log: str
    seq: int | None = None
    sha256: str | None = None

    def __str__(self) -> str:
        return self.log + (f":{self.seq}" if self.seq is not None else "") + \
            (f":{self.sha256}" if self.sha256 else "")


def parse_reference(text: str) -> Reference:
    """``LOG``, ``LOG:SEQ`` or ``LOG:SEQ:SHA256``, split at the last colons (a log's path may
    itself hold a colon).

    >>> parse_reference("audit/prov.jsonl:2")
    Reference(log='audit/prov.jsonl', seq=2, sha256=None)
    >>> parse_reference("a:b.jsonl")
    Reference(log='a:b.jsonl', seq=None, sha256=None)
    """
    parts = text.rsplit(":", 2)
    if len(parts) == 3 and parts[0] and parts[1].isdigit() and _SHA.match(parts[2].lower()):
        return Reference(parts[0], int(parts[1]), parts[2].lower())
    head, sep, tail = text.rpartition(":")
    if sep and head and tail.isdigit():
        return Reference(head, int(tail))
    if not text:
        raise audit_error("bad-reference", say("audit.empty_reference"))
    return Reference(text)


def same_log(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether two paths name the same log file."""
    return os.path.realpath(a) == os.path.realpath(b)


def relative_log(log: str | os.PathLike[str], base: str | os.PathLike[str]) -> str:
    """The path of ``log`` relative to the folder of the log ``base`` (``/``-separated),
    as a determination in ``base`` records it."""
    folder = os.path.dirname(os.path.abspath(base))
    return os.path.relpath(os.path.abspath(log), folder).replace(os.sep, "/")


def resolve_reference(ref: Reference, records: Sequence[AuditRecord] | None = None
                      ) -> AuditRecord:
    """The evaluation record ``ref`` names, its log verified first (``records``: the
    log's records, already read); :class:`AuditError` if it is missing, damaged or its
    sha256 differs."""
    if records is None:
        records = read_log(ref.log)
    try:
        rec = evaluation_record(records, ref.seq)
    except Exception as exc:
        from plut_rules.errors import PlutRulesError

        if isinstance(exc, PlutRulesError):
            raise audit_error("bad-reference", f"{ref}: " + Words(
                "; ".join(p.text("id") for p in exc.problems),
                "; ".join(p.message for p in exc.problems))) from None
        raise
    if ref.sha256 is not None and rec.sha256 != ref.sha256:
        raise audit_error("sha-mismatch", f"{ref}: " + say(
            "audit.sha_mismatch", seq=rec.seq, log=ref.log, sha256=rec.sha256,
            named=ref.sha256))
    return rec
