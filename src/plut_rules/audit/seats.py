"""Seats and final outcomes of a determination (penetapan), on a record's plain data.

A determination accepts every recommendation except its overrides.  What it
determines is the *final* outcome of each consultant, and those outcomes must
fit the units' seats: a kept consultant holds their own (unit, field) seat, a
reassigned one holds the seat of the field they move to, a replaced one holds
none.  :func:`final_outcomes` computes the final outcomes, the seats left open
(vacancies) and the counts per unit, and names every seat held more often than
it exists.  :func:`determination_problem` checks a determination record against
what it copies (or, for a record of the first format, the evaluation record it
names), so that :func:`plut_rules.audit.verify` can say what is wrong with it.

Everything here works on plain data (``str``, ``int``, ``Decimal``, lists and
mappings) as read from the log; nothing here reads or writes a file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from plut_rules.model import OUTCOMES
from plut_rules.wording import Words, say

__all__ = [
    "OUTCOME_WORDS",
    "FinalOutcomes",
    "determination_problem",
    "final_outcomes",
    "outcome_word",
    "recommendations_of",
    "references_of",
    "seats_of",
]

#: The outcome words an override may use, in English and in Indonesian.
OUTCOME_WORDS: dict[str, str] = {
    "keep": "keep", "replace": "replace", "reassign": "reassign",
    "dipertahankan": "keep", "diganti": "replace", "dipindahkan": "reassign",
}


def outcome_word(word: str) -> str:
    """The outcome (keep, replace, reassign) an override's word means; the word itself
    (lower-cased) when it means none, so that the caller can refuse it by name."""
    key = word.strip().lower()
    return OUTCOME_WORDS.get(key, key)


@attrs.frozen
class FinalOutcomes:
    """What a determination comes to.

    ``outcomes``: per consultant (sorted by id) ``consultant``, ``unit``,
    ``field``, ``outcome``, ``to_field``, ``placement``; ``vacancies``:
    ``unit``, ``field``, ``open`` (sorted by unit then field); ``counts``: per
    unit ``keep``, ``reassign``, ``replace``, ``total``; ``overfull``: each
    (unit, field) held by more consultants than it has seats, as a sentence
    naming who holds it, in Indonesian and English (:class:`~plut_rules.wording.Words`;
    ``str()`` is the English).
    """

    outcomes: tuple[dict[str, Any], ...]
    vacancies: tuple[dict[str, Any], ...]
    counts: dict[str, dict[str, int]]
    overfull: tuple[Words, ...]


def seats_of(document: Mapping[str, Any], units: Sequence[str]) -> dict[str, dict[str, int]]:
    """The seats of every field in each of ``units``, from a resolved policy document."""
    fields = list(document.get("fields") or {})
    out: dict[str, dict[str, int]] = {}
    for unit in units:
        named = (document.get("units") or {}).get(unit, {}).get("seats") or {}
        out[unit] = {f: int(named.get(f, 1)) for f in fields}
    return out


def recommendations_of(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The recommendations of an evaluation record's data: per consultant (sorted by id)
    what a determination copies and relies on."""
    names = {c["id"]: c["name"] for c in record["input"]["consultants"]}
    return [{"consultant": d["consultant"], "name": names.get(d["consultant"], ""),
             "unit": d["unit"], "field": d["field"], "outcome": d["outcome"],
             "to_field": d["to_field"], "placement": d["placement"], "score": d["score"],
             "rule": d["rule"]}
            for d in sorted(record["result"]["decisions"], key=lambda d: d["consultant"])]


def _holder_text(c: str, outcome: str, field: str, overridden: bool) -> Words:
    note = say("seats.as_overridden") if overridden else ""
    if outcome == "keep":
        return say("seats.kept", consultant=c, overridden=note)
    return say("seats.moved", consultant=c, field=field, overridden=note)


def _overfull_text(unit: str, field: str, have: int,
                   held: Sequence[tuple[str, str, str, bool]]) -> Words:
    """The sentence saying that (unit, field), with ``have`` seats, is ``held`` by too
    many: who holds it, and who cannot take it unless a holder is overridden."""
    movers = [h for h in held if h[3]]
    others = [h for h in held if not h[3]] or held
    who = Words.same("")
    for n, (c, out, f, ov) in enumerate(others):
        who = who + (", " if n else "") + _holder_text(c, out, f, ov)
    fix = ", ".join(h[0] for h in others if not h[3])
    held_by = (say("seats.overfull", unit=unit, field=field, have=have, who=who) if have != 1
               else say("seats.overfull_one", unit=unit, field=field, have=have, who=who))
    return (held_by
            + (say("seats.overfull_fix", movers=", ".join(h[0] for h in movers), fix=fix)
               if movers and fix else ""))


def final_outcomes(recommendations: Sequence[Mapping[str, Any]],
                   seats: Mapping[str, Mapping[str, int]],
                   overrides: Mapping[str, Mapping[str, Any]]) -> FinalOutcomes:
    """The final outcome of every recommended consultant once ``overrides`` (by consultant:
    ``outcome``, ``to_field``) are applied, the seats left open in the units of ``seats``,
    the counts per unit, and each seat held too often."""
    outcomes: list[dict[str, Any]] = []
    holders: dict[tuple[str, str], list[tuple[str, str, str, bool]]] = {}
    for rec in sorted(recommendations, key=lambda r: r["consultant"]):
        o = overrides.get(rec["consultant"])
        if o is None:
            outcome, to_field, placement = rec["outcome"], rec["to_field"], rec["placement"]
        else:
            outcome, to_field = o["outcome"], o.get("to_field")
            placement = "placed" if outcome == "reassign" else None
        outcomes.append({"consultant": rec["consultant"], "unit": rec["unit"],
                         "field": rec["field"], "outcome": outcome, "to_field": to_field,
                         "placement": placement})
        seat = (rec["field"] if outcome == "keep" else to_field if outcome == "reassign"
                else None)
        if seat is not None:
            holders.setdefault((rec["unit"], seat), []).append(
                (rec["consultant"], outcome, rec["field"], o is not None))
    counts: dict[str, dict[str, int]] = {}
    for unit in seats:
        counts[unit] = {"keep": 0, "reassign": 0, "replace": 0, "total": 0}
    for item in outcomes:
        row = counts.setdefault(item["unit"], {"keep": 0, "reassign": 0, "replace": 0,
                                                "total": 0})
        if item["outcome"] in row:
            row[item["outcome"]] += 1
        row["total"] += 1
    vacancies = []
    for unit in sorted(seats):
        for field in sorted(seats[unit]):
            left = seats[unit][field] - len(holders.get((unit, field), ()))
            if left > 0:
                vacancies.append({"unit": unit, "field": field, "open": left})
    overfull = []
    for (unit, field), held in sorted(holders.items()):
        have = seats.get(unit, {}).get(field, 0)
        if len(held) <= have:
            continue
        overfull.append(_overfull_text(unit, field, have, held))
    return FinalOutcomes(tuple(outcomes), tuple(vacancies), counts, tuple(overfull))


# --------------------------------------------------------------------------- checking


def references_of(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The evaluation records a determination relies on: each ``log`` (None: the same log),
    ``seq``, ``sha256`` and, when it copied them, ``units`` and ``recommendations``.

    A determination of the first format names one evaluation record of its own log.
    """
    if "references" in data:
        return [dict(r) for r in data["references"]]
    ref = data.get("evaluation") or {}
    return [{"log": None, "seq": ref.get("seq"), "sha256": ref.get("sha256")}]


def _override_problem(o: Mapping[str, Any], recommended: Mapping[str, Mapping[str, Any]],
                      fields: Sequence[str]) -> str | None:
    c = o.get("consultant")
    rec = recommended.get(c) if isinstance(c, str) else None
    if rec is None:
        return f"override of {c!r}, who is not among the recommendations it determines"
    if o.get("outcome") not in OUTCOMES:
        return f"override of {c} has outcome {o.get('outcome')!r}, not keep, replace or reassign"
    if not isinstance(o.get("reason"), str) or not o["reason"].strip():
        return f"override of {c} has no reason"
    to_field = o.get("to_field")
    if o["outcome"] == "reassign":
        if to_field not in fields or to_field == rec["field"]:
            return f"override of {c} reassigns to {to_field!r}, not another field of the policy"
    elif to_field is not None:
        return f"override of {c} to {o['outcome']} names a field ({to_field!r})"
    if o["outcome"] == rec["outcome"] and to_field == rec["to_field"]:
        return f"override of {c} does not differ from the recommendation"
    if o.get("recommended", rec["outcome"]) != rec["outcome"] or \
            o.get("recommended_to_field", rec["to_field"]) != rec["to_field"]:
        return f"override of {c} misstates the recommendation"
    return None


def determination_problem(data: Mapping[str, Any],  # noqa: PLR0912 (one check per part)
                          evaluations: Mapping[int, Mapping[str, Any]]) -> str | None:
    """What is wrong with a determination record's data, or None.

    ``evaluations`` are the earlier evaluation records of the same log by
    ``seq``.  Checked: each reference into this log names an earlier
    evaluation record with that sha256 (and copies its recommendations
    faithfully); every override names a recommended consultant, a valid
    outcome and field, a non-empty reason, and differs from the
    recommendation; the recorded final outcomes, vacancies and counts are
    those the recommendations and overrides give; no seat is held twice.
    """
    recommendations: list[dict[str, Any]] = []
    seats: dict[str, dict[str, int]] = {}
    fields: list[str] = []
    for ref in references_of(data):
        seq = ref.get("seq")
        own = evaluations.get(seq) if ref.get("log") is None and isinstance(seq, int) else None
        if ref.get("log") is None and (own is None or own["sha256"] != ref.get("sha256")):
            return (f"it refers to evaluation record {ref.get('seq')} with sha256 "
                    f"{ref.get('sha256')}, which is not an earlier evaluation record of this log")
        if own is not None:
            units = ref.get("units", own.get("units") or list(own["policy"]["document"]["units"]))
            copied = recommendations_of(own)
            if "recommendations" in ref and ref["recommendations"] != copied:
                return (f"its copy of the recommendations of evaluation record {ref['seq']} "
                        "differs from that record")
            recommendations += ref.get("recommendations", copied)
            seats.update(seats_of(own["policy"]["document"], units))
            fields = list(own["policy"]["document"]["fields"])
        else:
            recommendations += ref.get("recommendations") or []
    if "seats" in data.get("policy", {}):
        seats = {u: dict(s) for u, s in data["policy"]["seats"].items()}
        fields = list(data["policy"].get("fields") or fields)
    by_id = {r["consultant"]: r for r in recommendations}
    if len(by_id) != len(recommendations):
        return "a consultant appears in two of the evaluation records it determines"
    seen: set[str] = set()
    for o in data.get("overrides") or []:
        problem = _override_problem(o, by_id, fields)
        if problem is None and o["consultant"] in seen:
            problem = f"{o['consultant']} is overridden twice"
        if problem is not None:
            return problem
        seen.add(o["consultant"])
    if "accepted" in data and sorted(data["accepted"]) != sorted(set(by_id) - seen):
        return "its list of accepted recommendations is not every recommendation but the " \
               "overridden ones"
    final = final_outcomes(recommendations, seats,
                           {o["consultant"]: o for o in data.get("overrides") or []})
    if final.overfull:
        return "a seat is held twice: " + "; ".join(str(text) for text in final.overfull)
    if "outcomes" in data:
        for key in ("outcomes", "vacancies", "counts"):
            recorded = data[key]
            computed: Any = final.counts if key == "counts" else list(getattr(final, key))
            if recorded != computed:
                return (f"its {key} are not what the recommendations and overrides give "
                        "(recomputed)")
    return None
