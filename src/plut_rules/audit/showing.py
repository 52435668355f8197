"""Showing one consultant's recorded decision, with the determination in force for it."""

from __future__ import annotations

import os

from plut_rules.audit.chain import AuditError, read_log
from plut_rules.audit.determination import determination_for
from plut_rules.audit.replay import evaluation_record, restore_evaluation
from plut_rules.errors import Problem, did_you_mean
from plut_rules.model import OUTCOMES
from plut_rules.render.explain import Lang, explanation_text, outcome_label
from plut_rules.wording import say, words

__all__ = ["show"]


def _outcome_text(outcome: str, to_field: str | None, lang: Lang) -> str:
    text = outcome_label(outcome, lang) if outcome in OUTCOMES else outcome
    return text + (f" {words('audit_show', lang)['to']} {to_field}" if to_field else "")


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
        raise AuditError([Problem.worded(
            "unknown-consultant", say("audit.unknown_consultant", consultant=repr(consultant),
                                      seq=rec.seq, ids=", ".join(sorted(decisions))),
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
    unit = decision["unit"]
    open_seats = [f"{v['field']} ({v['open']})" for v in det.vacancies if v["unit"] == unit]
    text += f"  {w['vacancies']} ({unit}): {', '.join(open_seats) or w['nothing']}\n"
    return text
