"""What a determination comes to, written out: the evaluation's JSON with the determined
outcomes (``determine --format json``) and the determined table ``determine`` prints.

Both are built from the determination record and the evaluation records it refers to
(:func:`referenced_records` finds them: in the same log, or in another log by the path
the determination recorded relative to its own log).
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from plut_rules import wording
from plut_rules.audit.chain import AuditError, AuditRecord, read_log
from plut_rules.audit.seats import references_of
from plut_rules.canonical import canonical_json, sha256_hex
from plut_rules.model import OUTCOMES
from plut_rules.render.explain import Lang, outcome_label
from plut_rules.values import number_text

__all__ = ["determination_block", "determined_result", "determined_table", "referenced_log",
           "referenced_records"]


def referenced_log(log_path: str | os.PathLike[str], ref: Mapping[str, Any]) -> str:
    """The path of the log a determination's reference names (``log`` is relative to the
    determination's own log ``log_path``; None is that log)."""
    if ref.get("log") is None:
        return os.fspath(log_path)
    return os.path.join(os.path.dirname(os.fspath(log_path)), *str(ref["log"]).split("/"))


def referenced_records(log_path: str | os.PathLike[str], records: Sequence[AuditRecord],
                       det: AuditRecord) -> list[AuditRecord | None]:
    """The evaluation records determination ``det`` (of the log ``log_path``, whose records
    are ``records``) refers to, in its order; None for one that cannot be read or whose
    sha256 differs."""
    found: list[AuditRecord | None] = []
    cache: dict[str, Sequence[AuditRecord] | None] = {}
    for ref in references_of(det.data):
        if ref.get("log") is None:
            pool: Sequence[AuditRecord] | None = records
        else:
            path = referenced_log(log_path, ref)
            if path not in cache:
                try:
                    cache[path] = read_log(path)
                except AuditError:
                    cache[path] = None
            pool = cache[path]
        match = None
        for r in pool or ():
            if r.seq == ref.get("seq") and r.sha256 == ref.get("sha256"):
                match = r
        found.append(match)
    return found


def determination_block(det: AuditRecord, log_path: str | os.PathLike[str]
                        ) -> dict[str, Any]:
    """The ``determination`` member of the determined JSON."""
    data = det.data
    refs = []
    for ref in references_of(data):
        units = ref.get("units")
        refs.append({"log": referenced_log(log_path, ref).replace(os.sep, "/"),
                     "seq": ref["seq"], "sha256": ref["sha256"], "units": units})
    block: dict[str, Any] = {
        "seq": det.seq, "sha256": det.sha256, "by": det.by, "time": det.time,
        "references": refs,
        "overrides": [{"consultant": o["consultant"], "recommended": o["recommended"],
                       "recommended_to_field": o["recommended_to_field"],
                       "outcome": o["outcome"], "to_field": o["to_field"],
                       "reason": o["reason"]} for o in data["overrides"]],
        "counts": data.get("counts"),
    }
    if data.get("missing_units"):
        block["missing_units"] = list(data["missing_units"])
    if data.get("supersedes"):
        block["supersedes"] = {"seq": data["supersedes"]["seq"],
                               "why": data["supersedes"]["why"]}
    return block


def _plain_json(value: Any) -> Any:
    """A record's numbers (Decimals) as JSON numbers again: parsed back from the exact
    text, so that the output reads as the evaluation's own JSON did."""
    from plut_rules.audit.chain import dumps

    return json.loads(dumps(value))


def determined_result(det: AuditRecord, evaluations: Sequence[AuditRecord],
                      log_path: str | os.PathLike[str]) -> dict[str, Any]:
    """The evaluation's JSON with, per decision, the determined ``outcome``, ``to_field``,
    ``placement`` (``reason``: the override's reason), the recommended rule, score,
    indicators and trace, the vacancies recomputed, and the ``determination`` block."""
    outcomes = {o["consultant"]: o for o in det.data["outcomes"]}
    reasons = {o["consultant"]: o["reason"] for o in det.data["overrides"]}
    decisions = []
    for rec in evaluations:
        for d in rec.data["result"]["decisions"]:
            final = outcomes[d["consultant"]]
            item = dict(d)
            item.update(outcome=final["outcome"], to_field=final["to_field"],
                        placement=final["placement"])
            if d["consultant"] in reasons:
                item["reason"] = reasons[d["consultant"]]
            decisions.append(item)
    decisions.sort(key=lambda d: d["consultant"])
    first = evaluations[0].data
    if len(evaluations) == 1:
        input_sha = first["input_sha256"]
    else:  # the inputs merged, as one evaluation of them all would hash them
        merged = {"consultants": sorted((c for r in evaluations
                                         for c in r.data["input"]["consultants"]),
                                        key=lambda c: c["id"]),
                  "achievements": sorted((a for r in evaluations
                                          for a in r.data["input"]["achievements"]),
                                         key=lambda a: (a["consultant"], a["indicator"])),
                  "missing_as_zero": any(r.data["input"]["missing_as_zero"]
                                         for r in evaluations)}
        input_sha = sha256_hex(canonical_json(_plain_json(merged)))
    result: dict[str, Any] = _plain_json({
        "policy": first["result"]["policy"],
        "input_sha256": input_sha,
        "engine": first["result"]["engine"],
        "decisions": decisions,
        "vacancies": det.data["vacancies"],
        "determination": determination_block(det, log_path),
    })
    return result


#: The columns of the determined table, by language (the other words: the catalogue"s
#: group ``determined``).
_HEAD = {
    "id": ("ID", "Nama", "Unit", "Bidang", "Skor", "Rekomendasi", "Penetapan", "Ke bidang"),
    "en": ("ID", "Name", "Unit", "Field", "Score", "Recommended", "Determined", "To field"),
}


def _label(outcome: str, lang: Lang) -> str:
    return outcome_label(outcome, lang) if outcome in OUTCOMES else outcome


def determined_table(det: AuditRecord, log_path: str | os.PathLike[str],
                     lang: Lang = "id") -> str:
    """The determined outcomes as a text table: each consultant's recommendation and
    determination (overrides marked ``*`` with their reasons below), the counts per unit
    and the vacancies after the determination."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    w = wording.words("determined", lang)
    data = det.data
    recs = {r["consultant"]: r for ref in references_of(data)
            for r in ref.get("recommendations") or ()}
    reasons = {o["consultant"]: o["reason"] for o in data["overrides"]}
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for n, head in enumerate(_HEAD[lang]):
        table.add_column(head, justify="right" if n == 4 else "left", no_wrap=True)
    for o in data["outcomes"]:
        r = recs.get(o["consultant"], {})
        score = r.get("score")
        mark = " *" if o["consultant"] in reasons else ""
        table.add_row(o["consultant"], str(r.get("name", "")), o["unit"], o["field"],
                      "-" if score is None else number_text(Fraction(score), lang),
                      _label(str(r.get("outcome", "-")), lang),
                      _label(o["outcome"], lang) + mark, o["to_field"] or "-")
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, force_terminal=False, no_color=True,
                      highlight=False, legacy_windows=False, emoji=False)
    pol = data["policy"]
    buffer.write(f"{w['title']} — {pol['id']} {pol['year']} ({w['record']} {det.seq} "
                 f"{w['by']} {det.by} {w['at']} {det.time})\n")
    console.print(table)
    for o in data["overrides"]:
        console.print(f"* {o['consultant']}: {w['reason']}: {o['reason']}")
    console.print(f"{w['counts']}:")
    for unit, row in data["counts"].items():
        console.print(f"  {unit}: " + ", ".join(f"{_label(k, lang)} {row[k]}"
                                               for k in ("keep", "reassign", "replace"))
                      + f", {w['total']} {row['total']}")
    console.print(f"{w['vacancies']}:", end="")
    if not data["vacancies"]:
        console.print(f" {w['none']}")
    else:
        console.print()
        for v in data["vacancies"]:
            console.print(f"  {v['unit']} / {v['field']}: {v['open']}")
    if data.get("missing_units"):
        console.print(f"{w['missing']}: {', '.join(data['missing_units'])}")
    console.print(f"{w['refs']}:")
    for ref in references_of(data):
        console.print(f"  {referenced_log(log_path, ref)}:{ref['seq']}:{ref['sha256']}")
    console.print(f"sha256: {det.sha256}")
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
