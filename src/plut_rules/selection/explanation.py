"""The full explanation of one candidate's outcome, in Indonesian or English: why TMS
(every requirement, with the values it read), the composition of the total (each
component's score x weight, its minimum), the rank among the candidates of the same
(unit, field) in the order of the tie-break, and for a reserve or passed candidate how far
they are from the last seat.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from plut_rules import wording
from plut_rules.selection.explain import Lang, outcome_label, short_by_text, summary
from plut_rules.selection.model import CandidateResult, Selection
from plut_rules.selection.semantics import rank_key, required_selection
from plut_rules.values import number_text

__all__ = ["explanation_text"]



def _n(value: Fraction, lang: Lang, places: int | None = 2) -> str:
    return number_text(value, lang, places=places)


def _value(value: Any, lang: Lang) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return _n(value, lang, None)
    return repr(value) if isinstance(value, str) else str(value)


def explanation_text(result: CandidateResult, selection: Selection, lang: Lang = "id") -> str:
    """Every step of one candidate's outcome, as text (several lines, final newline)."""
    w = wording.words("selection_explain", lang)
    policy = selection.policy
    sel = required_selection(policy)
    c = result.candidate
    field = policy.field(c.field)
    unit = policy.unit(c.unit)
    head = outcome_label(result.outcome, lang)
    if result.rank is not None:
        ranked = _ranked(result, selection)
        head += f" ({w['rank']} {result.rank} {w['of']} {len(ranked)})"
    lines = [
        f"{w['candidate']} {c.id} — {c.name}",
        f"{w['seat']}: {field.name if field else c.field}, {unit.name if unit else c.unit} "
        f"({c.unit} / {c.field})",
        f"{w['outcome']}: {head}",
        f"{w['summary']}: {summary(result, selection, lang)}",
        "",
        f"{w['screening']}:",
    ]
    if not result.requirements:
        lines.append(f"  {w['none']}")
    requirements = {r.id: r for r in sel.requirements}
    for check in result.requirements:
        req = requirements[check.id]
        mark = w["ms"] if check.passed else w["tms"]
        values = ", ".join(f"{k} = {_value(v, lang)}" for k, v in sorted(check.values.items()))
        line = f"  [{mark}] {check.id}: {req.when}"
        if values:
            line += f" — {w['read']}: {values}"
        if not check.passed and check.reason:
            line += f" ({check.reason})"
        lines.append(line)
    lines.append("")
    lines += _scores(result, selection, lang)
    lines += _ranking(result, selection, lang)
    return "\n".join(lines) + "\n"


def _scores(result: CandidateResult, selection: Selection, lang: Lang) -> list[str]:
    w = wording.words("selection_explain", lang)
    if result.outcome == "tms" or result.total is None:
        return [w["not_scored"]]
    fs = required_selection(selection.policy).for_field(result.candidate.field)
    lines = [f"{w['scores']}:"]
    for p in result.components:
        line = (f"  {p.label}: {_n(p.score, lang, None)} × {_n(p.weight, lang, None)} = "
                f"{_n(p.contribution, lang, 4)}")
        if p.minimum is not None:
            line += (f"  ({w['minimum']} {_n(p.minimum, lang, None)}: "
                     f"{w['met'] if p.passed else w['below']})")
        lines.append(line)
    verdict = w["met"] if result.total >= fs.pass_score else w["below_pass"]
    lines.append(f"  {w['total']}: {_n(result.total, lang)} ({w['rounded']}); "
                 f"{w['pass']} {_n(fs.pass_score, lang, None)}: {verdict}")
    return lines


def _ranked(result: CandidateResult, selection: Selection) -> list[CandidateResult]:
    tie_break = required_selection(selection.policy).tie_break
    c = result.candidate
    return sorted((r for r in selection.candidates if r.rank is not None
                   and (r.candidate.unit, r.candidate.field) == (c.unit, c.field)),
                  key=lambda r: rank_key(r, tie_break))


def _ranking(result: CandidateResult, selection: Selection, lang: Lang) -> list[str]:
    w = wording.words("selection_explain", lang)
    lines = [""]
    if result.rank is None:
        return [*lines, w["not_ranked"]]
    tie_break = required_selection(selection.policy).tie_break
    ties = ", ".join(w["experience_years"] if t == "experience_years" else t
                     for t in tie_break)
    lines.append(f"{w['ranking']} ({w['order'].format(ties=ties)}):")
    for r in _ranked(result, selection):
        assert r.total is not None
        tie_values = " ".join(f"{t}={_n(_tie_value(r, t), lang, None)}" for t in tie_break)
        marker = "  <—" if r.candidate.id == result.candidate.id else ""
        lines.append(f"  {r.rank}. {r.candidate.id} {r.candidate.name}: "
                     f"{_n(r.total, lang)} [{tie_values}] {outcome_label(r.outcome, lang)}"
                     f"{marker}")
    short = short_by_text(result, lang)
    if short is not None:
        lines.append(f"{w['gap']}: {short}")
    return lines


def _tie_value(result: CandidateResult, entry: str) -> Fraction:
    c = result.candidate
    return c.experience_years if entry == "experience_years" else c.scores[entry]
