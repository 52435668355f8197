"""Placement (contract §2.3): per unit, ``reassign`` candidates fill the seats left open,
best score first; the seats still open are the vacancies.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction

from plut_rules.engine.rules import Scored
from plut_rules.model import Decision, Outcome, Placement, Policy, Vacancy

__all__ = ["Placed", "decision_of", "place", "placements"]

#: Where each reassign candidate goes, by consultant id: the field (None when no seat
#: was open) and how.
Placed = dict[str, tuple[str | None, Placement]]

_ZERO = Fraction(0)


def _min_competence(s: Scored) -> Fraction:
    raw = s.compiled.rule.min_competence
    if raw is None:
        return s.field.thresholds.get("competence", _ZERO)
    if isinstance(raw, str):
        return s.field.thresholds[raw]
    return raw


def place(policy: Policy, scored: list[Scored]) -> tuple[list[Decision], list[Vacancy]]:
    """Fill open seats with reassign candidates, unit by unit (contract §2.3); the decisions
    and the vacancies left."""
    placed, vacancies = placements(policy, scored)
    year = policy.year
    decisions: list[Decision] = []
    append = decisions.append
    for s in scored:  # decision_of, inlined: this runs once per consultant
        rule = s.compiled.rule
        if rule.then == "reassign":
            append(decision_of(policy, s, placed))
            continue
        c = s.consultant
        append(Decision(
            consultant=c.id, name=c.name, unit=c.unit, field=c.field, outcome=rule.then,
            rule_outcome=rule.then, to_field=None, score=s.score, rule=rule.id,
            rule_source=rule.source, reason=rule.reason, placement=None,
            years_served=year - c.appointed, indicators=s.indicators, trace=s.trace,
            exact_score=s.exact_score))
    return decisions, vacancies


def placements(policy: Policy, scored: list[Scored]) -> tuple[Placed, list[Vacancy]]:
    """Where each reassign candidate goes (by consultant id), and the seats left open."""
    keeps: dict[tuple[str, str], int] = defaultdict(int)
    for s in scored:
        if s.compiled.rule.then == "keep":
            keeps[(s.consultant.unit, s.field.id)] += 1
    open_seats: dict[tuple[str, str], int] = {}
    for unit in policy.units:
        for field in policy.fields:
            key = (unit.id, field.id)
            open_seats[key] = max(0, unit.seats_for(field.id) - keeps[key])

    placed: Placed = {}
    candidates = sorted((s for s in scored if s.compiled.rule.then == "reassign"),
                        key=lambda s: (-s.score, s.consultant.id))
    for s in candidates:
        c = s.consultant
        minimum = _min_competence(s)
        best: tuple[Fraction, str] | None = None
        for field in policy.fields:
            if field.id == c.field or open_seats[(c.unit, field.id)] <= 0:
                continue
            level = c.competences.get(field.id, _ZERO)
            if level < minimum:
                continue
            if best is None or level > best[0] or (level == best[0] and field.id < best[1]):
                best = (level, field.id)
        if best is None:
            placed[c.id] = (None, "no-open-seat")
        else:
            open_seats[(c.unit, best[1])] -= 1
            placed[c.id] = (best[1], "placed")
    vacancies = [Vacancy(unit, field, left) for (unit, field), left in sorted(open_seats.items())
                 if left > 0]
    return placed, vacancies


def decision_of(policy: Policy, s: Scored, placed: Placed) -> Decision:
    """The decision of one scored consultant, with their placement (``placed``) when
    the rule reassigns: a candidate left without a seat is replaced."""
    rule = s.compiled.rule
    outcome: Outcome = rule.then
    to_field: str | None = None
    placement: Placement | None = None
    if rule.then == "reassign":
        to_field, placement = placed[s.consultant.id]
        if placement == "no-open-seat":
            outcome = "replace"
    return Decision(
        consultant=s.consultant.id, name=s.consultant.name, unit=s.consultant.unit,
        field=s.field.id, outcome=outcome, rule_outcome=rule.then, to_field=to_field,
        score=s.score, rule=rule.id, rule_source=rule.source, reason=rule.reason,
        placement=placement, years_served=policy.year - s.consultant.appointed,
        indicators=s.indicators, trace=s.trace, exact_score=s.exact_score,
    )
