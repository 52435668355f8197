"""The province's determination (penetapan) of one or more evaluation records, possibly
from several logs: its overrides, checked against the units' seats, and the final
outcome of every consultant, the final vacancies and counts it records.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from plut_rules.audit.chain import AuditError, AuditRecord, Clock, audit_error, read_log
from plut_rules.audit.records import append_record, kind_words
from plut_rules.audit.references import (
    Reference,
    parse_reference,
    relative_log,
    resolve_reference,
    same_log,
)
from plut_rules.audit.replay import evaluation_record
from plut_rules.audit.seats import (
    FinalOutcomes,
    final_outcomes,
    outcome_word,
    recommendations_of,
    references_of,
    seats_of,
)
from plut_rules.errors import Problem, did_you_mean
from plut_rules.model import OUTCOMES, Outcome
from plut_rules.visible import control_characters
from plut_rules.wording import Words, say

__all__ = ["Determination", "Override", "determination_for", "determination_record",
           "determine", "final_of", "parse_override", "superseded_by",
           "units_of"]


@attrs.frozen
class Override:
    """The determination of one consultant differs from the recommendation; ``reason`` says why.

    ``to_field`` is the field an override to ``reassign`` moves the consultant to.
    """

    consultant: str
    outcome: Outcome
    reason: str
    to_field: str | None = None


def parse_override(spec: str, reason: str) -> Override:
    """An override written ``ID=OUTCOME``: ``keep``/``dipertahankan``,
    ``replace``/``diganti``, ``reassign:FIELD``/``dipindahkan:FIELD``.

    >>> parse_override("PKP-03=dipindahkan:produksi", "Kebutuhan")
    Override(consultant='PKP-03', outcome='reassign', reason='Kebutuhan', to_field='produksi')
    """
    consultant, sep, rest = spec.partition("=")
    if not sep or not consultant.strip() or not rest.strip():
        raise audit_error("bad-override", say("determine.bad_override", spec=repr(spec)))
    word, _, to_field = rest.partition(":")
    return Override(consultant.strip(), outcome_word(word),  # type: ignore[arg-type]
                    reason, to_field.strip() or None)


@attrs.frozen
class Determination:
    """A penetapan: who determined which evaluation records, the overrides, and what it
    comes to: the final ``outcomes`` by consultant (``outcome``, ``to_field``,
    ``placement``), the final ``vacancies`` and the ``counts`` per unit."""

    seq: int
    time: str
    by: str
    evaluation_seq: int
    evaluation_sha256: str
    overrides: tuple[Override, ...] = ()
    outcomes: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict, eq=False)
    vacancies: tuple[Mapping[str, Any], ...] = attrs.field(default=(), eq=False)
    counts: Mapping[str, Mapping[str, int]] = attrs.field(factory=dict, eq=False)
    sha256: str = attrs.field(default="", eq=False)

    def override(self, consultant: str) -> Override | None:
        """The override of one consultant, if the determination overrode them."""
        for o in self.overrides:
            if o.consultant == consultant:
                return o
        return None


def units_of(record: AuditRecord) -> list[str]:
    """The units an evaluation record covers (a record without ``units`` covers every unit
    of its policy), in the policy's order."""
    every = list(record.data["policy"]["document"]["units"])
    named = record.data.get("units")
    return every if named is None else [u for u in every if u in named]


def _override_data(o: Override, decision: Mapping[str, Any]) -> dict[str, Any]:
    return {"consultant": o.consultant, "outcome": o.outcome, "to_field": o.to_field,
            "reason": o.reason, "recommended": decision["outcome"],
            "recommended_to_field": decision["to_field"]}


def _joined(parts: Sequence[Words], separator: str) -> Words:
    """``parts`` joined by ``separator``, in each language."""
    out = Words.same("")
    for index, part in enumerate(parts):
        out = out + (separator if index else "") + part
    return out


def _check_overrides(decisions: Mapping[str, Mapping[str, Any]], fields: Sequence[str],
                     overrides: Sequence[Override], where_from: Words) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    for o in overrides:
        where = f"override {o.consultant}"
        decision = decisions.get(o.consultant)
        if decision is None:
            problems.append(Problem.worded(
                "unknown-consultant",
                say("determine.unknown_consultant", consultant=repr(o.consultant),
                    where_from=where_from, ids=", ".join(sorted(decisions))), path=where,
                suggestion=did_you_mean(o.consultant, decisions)))
            continue
        if o.consultant in seen:
            problems.append(Problem.worded(
                "duplicate-override",
                say("determine.duplicate_override", consultant=o.consultant), path=where))
        seen.add(o.consultant)
        if o.outcome not in OUTCOMES:
            problems.append(Problem.worded(
                "bad-outcome", say("determine.bad_outcome", outcome=repr(o.outcome)),
                path=where, suggestion=did_you_mean(o.outcome, OUTCOMES)))
            continue
        if not o.reason.strip():
            problems.append(Problem.worded("missing-reason",
                                           say("determine.missing_reason"), path=where))
        elif shown := control_characters(o.reason):
            problems.append(Problem.worded(
                "control-character", say("determine.control_character", shown=shown),
                path=where))
        if o.outcome == "reassign":
            if o.to_field is None:
                problems.append(Problem.worded(
                    "missing-field", say("determine.missing_field", consultant=o.consultant,
                                         fields=", ".join(fields)), path=where))
            elif o.to_field not in fields or o.to_field == decision["field"]:
                others = [f for f in fields if f != decision["field"]]
                listed = ", ".join(others)
                what = (say("determine.own_field", field=repr(o.to_field),
                            consultant=o.consultant, fields=listed)
                        if o.to_field == decision["field"] else
                        say("determine.not_a_field", field=repr(o.to_field), fields=listed))
                problems.append(Problem.worded(
                    "bad-field", what, path=where,
                    suggestion=did_you_mean(o.to_field, others)))
        elif o.to_field is not None:
            problems.append(Problem.worded(
                "bad-field", say("determine.field_without_reassign", outcome=o.outcome),
                path=where))
        if o.outcome == decision["outcome"] and o.to_field == decision["to_field"]:
            problems.append(Problem.worded(
                "not-an-override", say("determine.not_an_override", consultant=o.consultant,
                                       outcome=o.outcome), path=where))
    return problems


def _in_force(records: Sequence[AuditRecord]) -> dict[str, AuditRecord]:
    """The determination in force for each evaluation record (by its sha256)."""
    force: dict[str, AuditRecord] = {}
    for r in records:
        if r.kind != "determination":
            continue
        gone = (r.data.get("supersedes") or {}).get("seq")
        if gone is not None:
            force = {k: v for k, v in force.items() if v.seq != gone}
        for ref in references_of(r.data):
            force[ref["sha256"]] = r
    return force


def _select(log_path: str | os.PathLike[str], records: Sequence[AuditRecord],
            references: Sequence[Reference], record: int | None
            ) -> list[tuple[str | None, AuditRecord]]:
    """The evaluation records determined, each with its log relative to ``log_path`` (None:
    that log itself)."""
    if not references:
        return [(None, evaluation_record(records, record))]
    chosen: list[tuple[str | None, AuditRecord]] = []
    for ref in references:
        if same_log(ref.log, log_path):
            chosen.append((None, resolve_reference(ref, records)))
        else:
            chosen.append((relative_log(ref.log, log_path), resolve_reference(ref)))
    return chosen


def _coverage(chosen: Sequence[tuple[str | None, AuditRecord]], partial: bool
              ) -> tuple[list[Problem], list[str]]:
    """Problems of what the records cover together, and the units left out (``partial``)."""
    problems: list[Problem] = []
    hashes = {rec.data["policy"]["sha256"] for _, rec in chosen}
    this_log = say("determine.this_log")
    if len(hashes) > 1:
        each = [say("determine.policy_sha", seq=rec.seq, log=log or this_log,
                    sha256=rec.data["policy"]["sha256"]) for log, rec in chosen]
        problems.append(Problem.worded("policy-differs", say(
            "determine.policy_differs", each=_joined(each, "; "))))
    where: dict[str, Words] = {}
    owner: dict[str, Words] = {}
    for log, rec in chosen:
        name = say("determine.record_of", seq=rec.seq, log=log or this_log)
        if rec.sha256 in {r.sha256 for _, r in chosen if r is not rec} and \
                [r.sha256 for _, r in chosen].count(rec.sha256) > 1:
            problems.append(Problem.worded("duplicate-reference",
                                           say("determine.duplicate_reference", name=name)))
            continue
        for unit in units_of(rec):
            if unit in where:
                problems.append(Problem.worded("unit-twice", say(
                    "determine.unit_twice", unit=unit, first=where[unit], name=name)))
            where.setdefault(unit, name)
        for d in rec.data["result"]["decisions"]:
            c = d["consultant"]
            if c in owner and owner[c] != name:
                problems.append(Problem.worded("consultant-twice", say(
                    "determine.consultant_twice", consultant=c, first=owner[c], name=name)))
            owner.setdefault(c, name)
    every = list(chosen[0][1].data["policy"]["document"]["units"])
    missing = [u for u in every if u not in where]
    if missing and not partial and len(hashes) == 1:
        units = ", ".join(missing)
        problems.append(Problem.worded("unit-missing", (
            say("determine.units_missing", units=units) if len(missing) > 1
            else say("determine.unit_missing", units=units))))
    return problems, missing


def determine(  # noqa: PLR0915 (the checks of a determination, in order)
    log_path: str | os.PathLike[str],
    *,
    by: str | None = None,
    record: int | None = None,
    references: Sequence[Reference | str] = (),
    overrides: Sequence[Override] = (),
    supersedes: int | None = None,
    why: str | None = None,
    partial: bool = False,
    clock: Clock | None = None,
) -> AuditRecord:
    """Append to ``log_path`` a determination (penetapan) of evaluation records.

    Without ``references``, of evaluation record ``record`` of that log (default: the last
    one).  ``references`` (``LOG``, ``LOG:SEQ`` or ``LOG:SEQ:SHA256``) name records of this
    and other logs, each verified first; together they must cover every unit of the
    policy once (``partial``: some units may be missing), under one policy, with no
    consultant twice.  Every recommendation is accepted except the ``overrides``, which
    must fit the units' seats.  ``supersedes`` (with ``why``) names the determination in
    force that this one corrects.  ``by`` defaults to the policy's ``determined_by``.
    Raises :class:`AuditError` (nothing written) for any of these problems.
    """
    refs = [r if isinstance(r, Reference) else parse_reference(r) for r in references]

    def build(records: Sequence[AuditRecord]) -> dict[str, Any]:
        chosen = _select(log_path, records, refs, record)
        problems, missing = _coverage(chosen, partial)
        force = _in_force(records)
        if supersedes is not None:
            target = next((r for r in records if r.seq == supersedes), None)
            if target is None or target.kind != "determination" or \
                    target not in force.values():
                in_force = ", ".join(sorted({str(r.seq) for r in force.values()}))
                problems.append(Problem.worded("bad-supersedes", say(
                    "determine.bad_supersedes", seq=supersedes,
                    in_force=in_force or say("determine.none"))))
            if not (why or "").strip():
                problems.append(Problem.worded("missing-why", say("determine.missing_why")))
        for log, rec in chosen:
            done = force.get(rec.sha256)
            if done is not None and done.seq != supersedes:
                problems.append(Problem.worded("already-determined", say(
                    "determine.already_determined", seq=rec.seq,
                    log=log or say("determine.this_log"), done=done.seq, by=done.by,
                    time=done.time)))
        if problems:
            raise AuditError(problems)
        first = chosen[0][1].data["policy"]
        recommendations = [r for _, rec in chosen for r in recommendations_of(rec.data)]
        by_id = {r["consultant"]: r for r in recommendations}
        fields = list(first["document"]["fields"])
        where = _joined([say("determine.evaluation_record_of", seq=rec.seq, log=log) if log
                         else say("determine.evaluation_record", seq=rec.seq)
                         for log, rec in chosen], ", ")
        problems = _check_overrides(by_id, fields, overrides, where)
        if problems:
            raise AuditError(problems)
        units = [u for u in first["document"]["units"] if u not in missing]
        seats = seats_of(first["document"], units)
        final = final_outcomes(recommendations, seats,
                               {o.consultant: attrs.asdict(o) for o in overrides})
        if final.overfull:
            raise AuditError([Problem.worded("seat-taken", text) for text in final.overfull])
        overridden = {o.consultant for o in overrides}
        data: dict[str, Any] = {
            "kind": "determination",
            "references": [{"log": log, "seq": rec.seq, "sha256": rec.sha256,
                            "units": units_of(rec), "by": rec.by, "time": rec.time,
                            "input_sha256": rec.data["input_sha256"],
                            "recommendations": recommendations_of(rec.data)}
                           for log, rec in chosen],
            "policy": {"id": first["id"], "year": first["year"], "sha256": first["sha256"],
                       "determined_by": first["determined_by"], "fields": fields,
                       "seats": seats},
        }
        if first["document"].get("documents") is not None:  # what its documents print
            data["policy"]["documents"] = first["document"]["documents"]
        if missing:
            data["missing_units"] = missing
        if supersedes is not None:
            gone = next(r for r in records if r.seq == supersedes)
            data["supersedes"] = {"seq": supersedes, "sha256": gone.sha256, "why": why}
        data.update({
            "accepted": sorted(set(by_id) - overridden),
            "overrides": sorted((_override_data(o, by_id[o.consultant]) for o in overrides),
                                key=lambda x: x["consultant"]),
            "outcomes": list(final.outcomes),
            "vacancies": list(final.vacancies),
            "counts": final.counts,
        })
        return data

    who = by
    if who is None:
        if refs and not any(same_log(r.log, log_path) for r in refs):
            rec = resolve_reference(refs[0])
        else:
            own = next((r for r in refs if same_log(r.log, log_path)), None)
            records = read_log(log_path)
            rec = evaluation_record(records, own.seq if own else record)
        who = rec.data["policy"]["determined_by"]
        if who is None:
            raise audit_error("audit-by", say("determine.no_authority"))
    return append_record(log_path, clock, who, build)


def final_of(det: AuditRecord, records: Sequence[AuditRecord]) -> FinalOutcomes:
    """What determination record ``det`` comes to: the final ``outcomes``, ``vacancies`` and
    ``counts`` it records, or, for a record of the first format (which held none), those
    recomputed from the evaluation record of ``records`` it names."""
    data = det.data
    if "outcomes" in data:
        return FinalOutcomes(tuple(data["outcomes"]), tuple(data["vacancies"]),
                             data["counts"], ())
    rec = evaluation_record(records, data["evaluation"]["seq"])
    return final_outcomes(recommendations_of(rec.data),
                          seats_of(rec.data["policy"]["document"], units_of(rec)),
                          {o["consultant"]: o for o in data["overrides"]})


def superseded_by(records: Sequence[AuditRecord], det: AuditRecord) -> AuditRecord | None:
    """The determination now in force in place of determination record ``det``, or None
    when ``det`` itself is in force for every evaluation record it determines."""
    force = _in_force(records)
    for ref in references_of(det.data):
        now = force.get(ref["sha256"])
        if now is not None and now.seq != det.seq:
            return now
    return None


def _determination_of(r: AuditRecord, records: Sequence[AuditRecord],
                      evaluation_seq: int, evaluation_sha256: str) -> Determination:
    overrides = tuple(Override(o["consultant"], o["outcome"], o["reason"], o["to_field"])
                      for o in r.data["overrides"])
    final = final_of(r, records)
    return Determination(r.seq, r.time, r.by, evaluation_seq, evaluation_sha256, overrides,
                         {o["consultant"]: o for o in final.outcomes}, tuple(final.vacancies),
                         final.counts, r.sha256)


def determination_for(records: Sequence[AuditRecord], seq: int) -> Determination | None:
    """The determination in force for evaluation record ``seq`` of this log, if any."""
    target = next((r for r in records if r.seq == seq), None)
    if target is None:
        return None
    found = _in_force(records).get(target.sha256)
    return None if found is None else _determination_of(found, records, seq, target.sha256)


def determination_record(records: Sequence[AuditRecord], seq: int | None = None
                         ) -> AuditRecord:
    """Determination record ``seq`` (None: the last one in force); :class:`AuditError`
    when there is none."""
    dets = [r for r in records if r.kind == "determination"]
    if not dets:
        raise audit_error("no-determination", say("determine.no_determination"))
    if seq is None:
        force = _in_force(records)
        return max(force.values(), key=lambda r: r.seq) if force else dets[-1]
    for r in records:
        if r.seq == seq:
            if r.kind != "determination":
                raise audit_error("audit-record", say(
                    "determine.not_a_determination", seq=seq, kind=kind_words(r.kind),
                    seqs=", ".join(str(d.seq) for d in dets)))
            return r
    raise audit_error("audit-record", say("audit.no_record", seq=seq, count=len(records)))
