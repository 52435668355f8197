"""Selection (seleksi) in the audit log: the open seats a determination leaves, the
consultants it keeps and moves, and selection records.

A selection record references what its open seats came from (``basis``): a determination
record of the same log (its ``seq`` and ``sha256``, checked by
:func:`~plut_rules.audit.verify`), or the hash of the evaluation input it was run on.  It
keeps its own copy of the policy and of the candidates, so that it can be read back
without the files.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from plut_rules.audit.chain import AuditError, AuditRecord, Clock, audit_error
from plut_rules.audit.determination import final_of
from plut_rules.audit.determined import referenced_log, referenced_records
from plut_rules.audit.records import append_record, kind_words
from plut_rules.audit.seats import references_of
from plut_rules.errors import Location, Problem
from plut_rules.model import Consultant, Policy
from plut_rules.selection import (
    Lang,
    Selection,
    candidates_document,
    id_clashes,
    selection_to_dict,
)
from plut_rules.wording import say

__all__ = [
    "Seat",
    "append_selection",
    "determined_evaluations",
    "determined_outcomes",
    "determined_seats",
    "next_consultants",
    "record_of_kind",
    "selection_for",
    "selection_record",
]

#: (unit, field) -> number of open seats.
Seats = dict[tuple[str, str], int]


@attrs.frozen
class Seat:
    """Where a consultant sits after a determination: ``outcome`` as determined (``keep``,
    ``replace``, ``reassign``), and the field they sit in (None when replaced)."""

    consultant: str
    unit: str
    field: str
    outcome: str
    sits_in: str | None
    overridden: bool


def record_of_kind(records: Sequence[AuditRecord], seq: int, kind: str) -> AuditRecord:
    """Record ``seq``, which must be of ``kind``; :class:`AuditError` otherwise."""
    of_kind = [r for r in records if r.kind == kind]
    for r in records:
        if r.seq == seq:
            if r.kind != kind:
                listed = ", ".join(str(x.seq) for x in of_kind)
                raise audit_error("audit-record", say(
                    "audit.other_kind", seq=seq, kind=kind_words(r.kind), wanted=kind_words(kind),
                    listed=listed or say("determine.none")))
            return r
    raise audit_error("audit-record", say("audit.no_record", seq=seq, count=len(records)))


def selection_record(records: Sequence[AuditRecord], seq: int) -> AuditRecord:
    """Selection record ``seq``."""
    return record_of_kind(records, seq, "selection")


def selection_for(records: Sequence[AuditRecord], determination: AuditRecord,
                  ) -> AuditRecord | None:
    """The last selection record of ``records`` made on ``determination`` (its basis names
    that record's sha256), if any."""
    made = [r for r in records if r.kind == "selection" and
            (r.data.get("basis") or {}).get("sha256") == determination.sha256]
    return made[-1] if made else None


def determined_evaluations(log_path: str | os.PathLike[str], records: Sequence[AuditRecord],
                           determination: AuditRecord) -> list[AuditRecord]:
    """The evaluation records ``determination`` (of the log ``log_path``, whose records are
    ``records``) determines, in its order; :class:`AuditError` naming each one that cannot
    be read or whose sha256 differs."""
    found = referenced_records(log_path, records, determination)
    missing = [ref for ref, rec in zip(references_of(determination.data), found, strict=True)
               if rec is None]
    if missing:
        raise AuditError([Problem.worded("bad-reference", say(
            "audit.unreadable_reference", seq=determination.seq, ref_seq=ref["seq"],
            log=referenced_log(log_path, ref), sha256=ref["sha256"]))
            for ref in missing])
    return [rec for rec in found if rec is not None]


def determined_outcomes(determination: AuditRecord, records: Sequence[AuditRecord] = (),
                        ) -> tuple[Seat, ...]:
    """Every consultant ``determination`` determines, as determined, sorted by id: the final
    outcomes it records (``records``, the log's records, are read only for a record of the
    first format, whose outcomes are recomputed from the evaluation record it names)."""
    overridden = {o["consultant"] for o in determination.data["overrides"]}
    out = []
    for o in final_of(determination, records).outcomes:
        sits_in = o["field"] if o["outcome"] == "keep" else \
            o["to_field"] if o["outcome"] == "reassign" else None
        out.append(Seat(o["consultant"], o["unit"], o["field"], o["outcome"], sits_in,
                        o["consultant"] in overridden))
    return tuple(sorted(out, key=lambda s: s.consultant))


def determined_seats(determination: AuditRecord, records: Sequence[AuditRecord] = (),
                     ) -> Seats:
    """The open seats (formasi kosong) ``determination`` leaves, per (unit, field): the
    final vacancies it records (recomputed only for a record of the first format, from the
    evaluation record of ``records`` it names)."""
    return {(v["unit"], v["field"]): int(v["open"])
            for v in final_of(determination, records).vacancies}


def _files(policy: Policy, files: Sequence[bytes]) -> list[dict[str, Any]]:
    out = []
    for f, data in zip(policy.files, files, strict=True):
        item: dict[str, Any] = {"path": f.path, "sha256": f.sha256}
        try:
            item["text"] = data.decode("utf-8")
        except UnicodeDecodeError:
            item["base64"] = base64.b64encode(data).decode("ascii")
        out.append(item)
    return out


def _location_data(loc: Location) -> list[Any]:
    return [loc.file, loc.line, loc.column]


def append_selection(
    log_path: str | os.PathLike[str],
    selection: Selection,
    *,
    policy_files: Sequence[bytes],
    open_seats: Mapping[tuple[str, str], int],
    by: str,
    lang: Lang = "id",
    clock: Clock | None = None,
) -> AuditRecord:
    """Append a selection record and return it (written and fsynced).

    ``policy_files`` are the bytes of ``selection.policy.files``; ``open_seats`` the seats
    the selection filled.  A basis of kind ``determination`` must name a determination
    record of this log, by ``seq`` and ``sha256`` (:class:`AuditError` otherwise, nothing
    written).
    """
    policy = selection.policy
    if len(policy_files) != len(policy.files):
        raise ValueError(f"policy_files: expected {len(policy.files)} files' bytes, "
                         f"got {len(policy_files)}")
    basis = selection.basis
    result = selection_to_dict(selection, lang)

    def build(records: Sequence[AuditRecord]) -> dict[str, Any]:
        if basis is not None and basis.kind == "determination":
            assert basis.seq is not None
            det = record_of_kind(records, basis.seq, "determination")
            if det.sha256 != basis.sha256:
                raise audit_error("bad-reference", say(
                    "audit.other_log", seq=basis.seq, sha256=det.sha256,
                    expected=basis.sha256))
        return {
            "kind": "selection",
            "basis": result["basis"],
            "engine": result["engine"],
            "lang": lang,
            "policy": {
                "id": policy.id, "year": policy.year, "sha256": policy.sha256,
                "files": _files(policy, policy_files),
                "document": policy.document,
                "locations": {k: _location_data(v) for k, v in policy.locations.items()},
            },
            "open_seats": [{"unit": u, "field": f, "open": n}
                           for (u, f), n in sorted(open_seats.items())],
            "candidates": candidates_document(c.candidate for c in selection.candidates),
            "candidates_sha256": selection.candidates_sha256,
            "result": result,
        }

    return append_record(log_path, clock, by, build)



def next_consultants(evaluations: Sequence[AuditRecord], determination: AuditRecord,
                     selection: AuditRecord, year: int,
                     ) -> tuple[list[Consultant], list[Problem]]:
    """Next year's consultants: those ``determination`` keeps (in their field) and moves
    (in their new field), with their year of appointment and competences as recorded in
    ``evaluations`` (the records it determines, :func:`determined_evaluations`), and the
    candidates ``selection`` selected, appointed in ``year``.

    Problems (errors): the selection was not made on this determination; ``year`` is not
    after the determined year; a new id equal to, or a look-alike of, a staying id.
    """
    problems: list[Problem] = []
    basis = selection.data.get("basis") or {}
    if basis.get("kind") != "determination" or basis.get("sha256") != determination.sha256:
        made_on = (say("audit.made_on_determination", seq=basis.get("seq"))
                   if basis.get("kind") == "determination" else say("audit.made_on_roster"))
        problems.append(Problem.worded("selection-basis", say(
            "audit.selection_basis", seq=selection.seq, made_on=made_on,
            determination=determination.seq), path="--selection"))
    determined_year = int((determination.data.get("policy") or
                           evaluations[0].data["policy"])["year"])
    if year <= determined_year:
        problems.append(Problem.worded("not-next-year", say(
            "audit.not_next_year", year=year, determined=determined_year), path="--policy"))
    recorded = {c["id"]: c for rec in evaluations for c in rec.data["input"]["consultants"]}
    out: list[Consultant] = []
    for seat in determined_outcomes(determination, evaluations):
        if seat.sits_in is None:
            continue
        c = recorded[seat.consultant]
        out.append(Consultant(id=c["id"], name=c["name"], unit=c["unit"], field=seat.sits_in,
                              appointed=int(c["appointed"]), competences=c["competences"]))
    chosen = [c for c in selection.data["result"]["candidates"] if c["outcome"] == "selected"]
    for new, old in id_clashes([c.id for c in out], [c["candidate"] for c in chosen]):
        same = say("audit.same_id") if new == old else say("audit.lookalike")
        problems.append(Problem.worded("lookalike-id", say(
            "audit.lookalike_id", new=repr(new), same=same, old=repr(old)),
            path="--selection"))
    out += [Consultant(id=c["candidate"], name=c["name"], unit=c["unit"], field=c["field"],
                       appointed=year) for c in chosen]
    return out, problems
