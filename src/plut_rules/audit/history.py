"""A consultant's history across years and logs: every evaluation record that holds them,
with the determination in force for it (in any of the logs given), each with its record
reference (``LOG:SEQ:SHA256``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import attrs

from plut_rules.audit.chain import AuditError, AuditRecord, read_log
from plut_rules.audit.determination import determination_for
from plut_rules.audit.seats import references_of
from plut_rules.errors import Problem, did_you_mean
from plut_rules.wording import say

__all__ = ["HistoryEntry", "history"]


@attrs.frozen
class HistoryEntry:
    """One year of a consultant: where they were, their score, the recommendation and the
    determination (None when the record is not determined in the logs given)."""

    year: int
    unit: str
    field: str
    score: Any
    recommended: str
    recommended_to_field: str | None
    evaluation: str  # LOG:SEQ:SHA256 of the evaluation record
    evaluated_by: str
    determined: str | None = None
    determined_to_field: str | None = None
    reason: str | None = None
    determination: str | None = None  # LOG:SEQ:SHA256 of the determination in force
    determined_by: str | None = None

    def data(self) -> dict[str, Any]:
        """The entry as plain data (JSON)."""
        return attrs.asdict(self)


def _in_force_across(logs: Sequence[tuple[str, Sequence[AuditRecord]]]
                     ) -> dict[str, tuple[str, AuditRecord]]:
    """The determination in force for each evaluation record (by sha256), in any log."""
    found: dict[str, tuple[str, AuditRecord]] = {}
    for path, records in logs:
        for r in records:
            if r.kind != "determination":
                continue
            gone = (r.data.get("supersedes") or {}).get("seq")
            if gone is not None:
                found = {k: v for k, v in found.items()
                         if not (v[0] == path and v[1].seq == gone)}
            for ref in references_of(r.data):
                found[ref["sha256"]] = (path, r)
    return found


def history(consultant: str, logs: Sequence[str | os.PathLike[str]]) -> tuple[HistoryEntry, ...]:
    """Every evaluation of ``consultant`` in ``logs`` (each verified first), sorted by year
    then time, with its determination; :class:`AuditError` when no record holds them."""
    read = [(os.fspath(p), read_log(p)) for p in logs]
    force = _in_force_across(read)
    entries: list[tuple[HistoryEntry, str]] = []  # with the evaluation record's time
    ids: set[str] = set()
    for path, records in read:
        for rec in records:
            if rec.kind != "evaluation":
                continue
            decisions = {d["consultant"]: d for d in rec.data["result"]["decisions"]}
            ids.update(decisions)
            d = decisions.get(consultant)
            if d is None:
                continue
            entry = HistoryEntry(
                year=rec.data["policy"]["year"], unit=d["unit"], field=d["field"],
                score=d["score"], recommended=d["outcome"], recommended_to_field=d["to_field"],
                evaluation=f"{path}:{rec.seq}:{rec.sha256}", evaluated_by=rec.by)
            det = force.get(rec.sha256)
            if det is not None:
                det_path, det_rec = det
                det_records = next(r for p, r in read if p == det_path)
                outcome = {o["consultant"]: o for o in det_rec.data.get("outcomes") or []}
                reasons = {o["consultant"]: o for o in det_rec.data["overrides"]}
                final = outcome.get(consultant)
                if final is None and det_path == path:  # a determination of the first format
                    found = determination_for(det_records, rec.seq)
                    final = None if found is None else found.outcomes.get(consultant)
                entry = attrs.evolve(
                    entry, determined=None if final is None else final["outcome"],
                    determined_to_field=None if final is None else final["to_field"],
                    reason=reasons[consultant]["reason"] if consultant in reasons else None,
                    determination=f"{det_path}:{det_rec.seq}:{det_rec.sha256}",
                    determined_by=det_rec.by)
            entries.append((entry, rec.time))
    if not entries:
        raise AuditError([Problem.worded(
            "unknown-consultant", say("history.unknown_consultant",
                                      consultant=repr(consultant)),
            suggestion=did_you_mean(consultant, ids))])
    entries.sort(key=lambda pair: (pair[0].year, pair[1], pair[0].evaluation))
    return tuple(entry for entry, _ in entries)
