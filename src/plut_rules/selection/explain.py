"""Explaining a selection: one sentence per candidate, in Indonesian or English.

Numbers are written as a reader of the language writes them (``82,5`` in Indonesian,
``82.5`` in English); units and fields by their names in the policy.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

from plut_rules.policy import SelectionPolicy
from plut_rules.render.rankings import selection_outcome_label
from plut_rules.selection.model import CandidateResult, Outcome, Selection, ShortBy
from plut_rules.selection.semantics import required_selection
from plut_rules.values import number_text

__all__ = ["Lang", "outcome_label", "short_by_text", "summary"]

Lang = Literal["id", "en"]

def outcome_label(outcome: Outcome, lang: Lang = "id") -> str:
    """The outcome in words (``terpilih``, ``cadangan``, ...)."""
    return selection_outcome_label(outcome, lang)


def _n(value: Fraction, lang: Lang) -> str:
    return number_text(value, lang, places=2)


def _place(result: CandidateResult, selection: Selection, lang: Lang) -> str:
    policy = selection.policy
    c = result.candidate
    field = policy.field(c.field)
    unit = policy.unit(c.unit)
    field_name = field.name if field is not None else c.field
    unit_name = unit.name if unit is not None else c.unit
    ranked = sum(1 for r in selection.candidates if r.rank is not None
                 and (r.candidate.unit, r.candidate.field) == (c.unit, c.field))
    if lang == "id":
        return f"peringkat {result.rank} dari {ranked} di bidang {field_name}, {unit_name}"
    return f"rank {result.rank} of {ranked} in {field_name}, {unit_name}"


def _tie_name(entry: str, result: CandidateResult, lang: Lang) -> str:
    if entry == "id":
        return "urutan id" if lang == "id" else "the order of ids"
    if entry == "experience_years":
        return "lama pengalaman" if lang == "id" else "years of experience"
    for comp in result.components:
        if comp.id == entry:
            return f"nilai {comp.label}" if lang == "id" else f"the {comp.label} score"
    return entry


def short_by_text(result: CandidateResult, lang: Lang = "id") -> str | None:
    """How far a reserve or passed candidate is from the last seat, in words (None when
    nobody was selected in their (unit, field))."""
    short: ShortBy | None = result.short_by
    if short is None:
        return None
    needed = _n(short.needed_total, lang)
    if short.tie_break is not None:
        tie = _tie_name(short.tie_break, result, lang)
        if lang == "id":
            return (f"nilai total sama dengan peserta terpilih terakhir ({needed}), kalah "
                    f"pada {tie}")
        return f"the same total as the last selected candidate ({needed}), behind on {tie}"
    gap = _n(short.gap, lang)
    if lang == "id":
        return f"kurang {gap} dari nilai total peserta terpilih terakhir ({needed})"
    return f"{gap} below the total of the last selected candidate ({needed})"


def _failed_requirements(result: CandidateResult, sel: SelectionPolicy, lang: Lang,
                         ) -> list[str]:
    """Each requirement a TMS candidate fails: its ``reason``, else its id and condition."""
    reqs = {r.id: r for r in sel.requirements}
    parts = []
    for rid in result.reasons:
        req = reqs.get(rid)
        if req is not None and req.reason is not None:
            parts.append(req.reason)
        else:
            when = req.when if req is not None else rid
            parts.append(f"syarat {rid} ({when})" if lang == "id"
                         else f"requirement {rid} ({when})")
    return parts


def _failed_scores(result: CandidateResult, pass_score: str, lang: Lang) -> list[str]:
    """Why a scored candidate failed: each component below its minimum, the total."""
    assert result.total is not None
    total = _n(result.total, lang)
    parts = []
    for comp in result.components:
        if not comp.passed and comp.minimum is not None:
            parts.append(
                f"nilai {comp.label} {_n(comp.score, lang)} di bawah minimum "
                f"{_n(comp.minimum, lang)}" if lang == "id"
                else f"the {comp.label} score {_n(comp.score, lang)} is below the minimum "
                f"{_n(comp.minimum, lang)}")
    if "pass_score" in result.reasons:
        parts.append(f"nilai total {total} di bawah nilai lulus {pass_score}" if lang == "id"
                     else f"the total {total} is below the pass score {pass_score}")
    return parts


def summary(result: CandidateResult, selection: Selection, lang: Lang = "id") -> str:
    """One sentence saying what happened to a candidate and why."""
    sel = required_selection(selection.policy)
    fs = sel.for_field(result.candidate.field)
    pass_score = _n(fs.pass_score, lang)
    if result.outcome == "tms":
        head = "Tidak memenuhi syarat" if lang == "id" else "Does not meet the requirements"
        return f"{head}: {'; '.join(_failed_requirements(result, sel, lang))}."
    assert result.total is not None
    total = _n(result.total, lang)
    if result.outcome == "failed":
        head = "Tidak lulus" if lang == "id" else "Failed"
        return f"{head}: {'; '.join(_failed_scores(result, pass_score, lang))}."
    place = _place(result, selection, lang)
    if result.outcome == "selected":
        if lang == "id":
            return (f"Terpilih: {place}, dengan nilai total {total} (nilai lulus "
                    f"{pass_score}).")
        return f"Selected: {place}, with a total of {total} (pass score {pass_score})."
    short = short_by_text(result, lang)
    if short is None:
        short = ("tidak ada formasi kosong di bidang ini" if lang == "id"
                 else "no seat is open there")
    if result.outcome == "reserve":
        head = "Cadangan" if lang == "id" else "Reserve"
    else:
        head = "Lulus tanpa formasi" if lang == "id" else "Passed without a seat"
    if lang == "id":
        return f"{head}: {place}, nilai total {total}; {short}."
    return f"{head}: {place}, a total of {total}; {short}."
