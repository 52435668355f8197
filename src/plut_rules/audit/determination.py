"""The province's determination (penetapan) of an evaluation record, its overrides, and
showing one consultant's recorded decision with its determination.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from plut_rules.audit.chain import AuditError, AuditRecord, Clock, audit_error, read_log
from plut_rules.audit.records import append_record
from plut_rules.audit.replay import evaluation_record, restore_evaluation
from plut_rules.errors import Problem, did_you_mean
from plut_rules.model import OUTCOMES, Outcome
from plut_rules.render.explain import Lang, explanation_text, outcome_label
from plut_rules.visible import control_characters
from plut_rules.wording import words

__all__ = ["Determination", "Override", "determination_for", "determine", "show"]


@attrs.frozen
class Override:
    """The determination of one consultant differs from the recommendation; ``reason`` says why.

    ``to_field`` is the field an override to ``reassign`` moves the consultant to.
    """

    consultant: str
    outcome: Outcome
    reason: str
    to_field: str | None = None


@attrs.frozen
class Determination:
    """A penetapan: who determined which evaluation record, and the overrides (if any)."""

    seq: int
    time: str
    by: str
    evaluation_seq: int
    evaluation_sha256: str
    overrides: tuple[Override, ...] = ()

    def override(self, consultant: str) -> Override | None:
        """The override of one consultant, if the determination overrode them."""
        for o in self.overrides:
            if o.consultant == consultant:
                return o
        return None


def _override_data(o: Override, decision: Mapping[str, Any]) -> dict[str, Any]:
    return {"consultant": o.consultant, "outcome": o.outcome, "to_field": o.to_field,
            "reason": o.reason, "recommended": decision["outcome"],
            "recommended_to_field": decision["to_field"]}


def _check_overrides(rec: AuditRecord, overrides: Sequence[Override]) -> list[Problem]:
    decisions = {d["consultant"]: d for d in rec.data["result"]["decisions"]}
    fields = sorted(rec.data["policy"]["document"].get("fields", {}))
    problems: list[Problem] = []
    seen: set[str] = set()
    for o in overrides:
        where = f"override {o.consultant}"
        decision = decisions.get(o.consultant)
        if decision is None:
            problems.append(Problem(
                "unknown-consultant",
                f"no consultant {o.consultant!r} in evaluation record {rec.seq}; ids: "
                f"{', '.join(sorted(decisions))}", path=where,
                suggestion=did_you_mean(o.consultant, decisions)))
            continue
        if o.consultant in seen:
            problems.append(Problem("duplicate-override",
                                    f"{o.consultant} is overridden twice; give one override",
                                    path=where))
        seen.add(o.consultant)
        if o.outcome not in OUTCOMES:
            problems.append(Problem("bad-outcome",
                                    f"outcome {o.outcome!r} is not one of keep, replace, "
                                    "reassign", path=where,
                                    suggestion=did_you_mean(o.outcome, OUTCOMES)))
            continue
        if not o.reason.strip():
            problems.append(Problem("missing-reason",
                                    "every override needs a reason (--reason \"...\")",
                                    path=where))
        elif shown := control_characters(o.reason):
            problems.append(Problem("control-character",
                                    f"the reason holds the control character(s) {shown}; "
                                    "write it as plain text on one line", path=where))
        if o.outcome == "reassign":
            if o.to_field is None:
                problems.append(Problem("missing-field",
                                        "an override to reassign names the field: "
                                        f"{o.consultant}=reassign:FIELD; fields: "
                                        f"{', '.join(fields)}", path=where))
            elif o.to_field not in fields or o.to_field == decision["field"]:
                others = [f for f in fields if f != decision["field"]]
                what = (f"{o.to_field!r} is {o.consultant}'s own field, not another field "
                        "of the policy to reassign to" if o.to_field == decision["field"] else
                        f"{o.to_field!r} is not another field of the policy")
                problems.append(Problem(
                    "bad-field", f"{what}; fields: {', '.join(others)}",
                    path=where, suggestion=did_you_mean(o.to_field, others)))
        elif o.to_field is not None:
            problems.append(Problem("bad-field", f"only reassign takes a field, not "
                                    f"{o.outcome}", path=where))
        if o.outcome == decision["outcome"] and o.to_field == decision["to_field"]:
            problems.append(Problem("not-an-override",
                                    f"{o.consultant} was already recommended {o.outcome}; "
                                    "an override must differ from the recommendation",
                                    path=where))
    return problems


def determine(
    log_path: str | os.PathLike[str],
    *,
    by: str | None = None,
    record: int | None = None,
    overrides: Sequence[Override] = (),
    clock: Clock | None = None,
) -> AuditRecord:
    """Append a determination (penetapan) of an evaluation record (default: the last one).

    Every recommendation is accepted except the ``overrides``.  ``by``
    defaults to the policy's ``determined_by``.  Raises :class:`AuditError`
    (nothing written) for an unknown consultant, a bad outcome or field, a
    missing reason, or a record that is already determined.
    """
    def build(records: Sequence[AuditRecord]) -> dict[str, Any]:
        rec = evaluation_record(records, record)
        for r in records:
            if r.kind == "determination" and r.data["evaluation"]["seq"] == rec.seq:
                raise audit_error("already-determined",
                            f"evaluation record {rec.seq} was already determined in record "
                            f"{r.seq} by {r.by} at {r.time}")
        problems = _check_overrides(rec, overrides)
        if problems:
            raise AuditError(problems)
        decisions = {d["consultant"]: d for d in rec.data["result"]["decisions"]}
        overridden = {o.consultant for o in overrides}
        return {
            "kind": "determination",
            "evaluation": {"seq": rec.seq, "sha256": rec.sha256},
            "policy": {"id": rec.data["policy"]["id"], "year": rec.data["policy"]["year"],
                       "determined_by": rec.data["policy"]["determined_by"]},
            "accepted": sorted(set(decisions) - overridden),
            "overrides": sorted((_override_data(o, decisions[o.consultant]) for o in overrides),
                                key=lambda x: x["consultant"]),
        }

    who = by
    if who is None:
        records = read_log(log_path)
        who = evaluation_record(records, record).data["policy"]["determined_by"]
        if who is None:
            raise audit_error("audit-by", "the policy names no authority (determined_by); say who "
                        "determines with --by")
    return append_record(log_path, clock, who, build)


def determination_for(records: Sequence[AuditRecord], seq: int) -> Determination | None:
    """The determination of evaluation record ``seq``, if there is one."""
    for r in records:
        if r.kind == "determination" and r.data["evaluation"]["seq"] == seq:
            ov = tuple(Override(o["consultant"], o["outcome"], o["reason"], o["to_field"])
                       for o in r.data["overrides"])
            return Determination(r.seq, r.time, r.by, seq, r.data["evaluation"]["sha256"], ov)
    return None


# --------------------------------------------------------------------------- showing

def _outcome_text(outcome: str, to_field: str | None, lang: Lang) -> str:
    shown = outcome_label(outcome, lang) if outcome in OUTCOMES else outcome
    return shown + (f" {words('audit_show', lang)['to']} {to_field}" if to_field else "")


def show(path: str | os.PathLike[str], consultant: str, *, record: int | None = None,
         lang: Lang | None = None) -> str:
    """One consultant's decision and full explanation as recorded, who ran it and when,
    and the determination (with any override) of that record.

    ``record`` defaults to the last evaluation record.  With a ``lang`` other
    than the record's, the explanation is re-rendered from the record's own
    policy and input.
    """
    records = read_log(path)
    rec = evaluation_record(records, record)
    data = rec.data
    decisions = {d["consultant"]: d for d in data["result"]["decisions"]}
    if consultant not in decisions:
        raise AuditError([Problem(
            "unknown-consultant", f"no consultant {consultant!r} in evaluation record "
            f"{rec.seq}; ids: {', '.join(sorted(decisions))}",
            suggestion=did_you_mean(consultant, decisions))])
    use: Lang = lang or data["lang"]
    w = words("audit_show", use)
    if use == data["lang"]:
        explanation = str(data["explanations"][consultant])
    else:
        evaluation = restore_evaluation(rec)
        explanation = explanation_text(evaluation.decision(consultant), evaluation, use)
    files = ", ".join(f"{f['path']} (sha256 {f['sha256'][:12]})" for f in data["policy"]["files"])
    lines = [
        f"{w['record']} {rec.seq} ({path}): {w['by']} {rec.by} {w['at']} {rec.time}",
        f"  sha256 {rec.sha256}",
        f"  {w['files']}: {files or '-'}",
        f"  {w['input']}: sha256 {data['input_sha256']}",
        f"  {w['engine']}: {data['engine']['name']} {data['engine']['version']}",
        "",
    ]
    text: str = "\n".join(lines) + explanation
    det = determination_for(records, rec.seq)
    decision = decisions[consultant]
    if det is None:
        text += f"\n{w['determination']}: {w['none']}\n"
        return text
    head = f"\n{w['determination']} ({w['record']} {det.seq}, {w['by']} {det.by} {w['at']} " \
           f"{det.time}): "
    override = det.override(consultant)
    if override is None:
        text += head + f"{w['accepted']} — " \
                f"{_outcome_text(decision['outcome'], decision['to_field'], use)}\n"
    else:
        text += (head + f"{w['overridden']}\n"
                 f"  {w['recommended']}: "
                 f"{_outcome_text(decision['outcome'], decision['to_field'], use)}\n"
                 f"  {w['determined']}: {_outcome_text(override.outcome, override.to_field, use)}"
                 f"\n  {w['reason']}: {override.reason}\n")
    return text
