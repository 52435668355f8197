"""The semantics of a selection (contract ``selection-v1.md`` §4).

For each candidate: screening (every requirement evaluated, no short cut), scoring
(exact, rounded once to 2 decimals half away from zero), then per applied (unit, field)
ranking and placement into the open seats, with reserves, and the seats left unfilled.
The result does not depend on the order of the candidates given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from plut_rules.canonical import canonical_json, sha256_hex
from plut_rules.engine import ENGINE_NAME, engine_version
from plut_rules.errors import (
    DataError,
    EvaluationError,
    Location,
    PolicyError,
    Problem,
    did_you_mean,
)
from plut_rules.exact import round_half_away
from plut_rules.lang import Value
from plut_rules.model import Evaluation, FrozenMap, Policy, Vacancy
from plut_rules.policy import CERT_PREFIX, Requirement, SelectionPolicy, selection_of
from plut_rules.selection.model import (
    Basis,
    Candidate,
    CandidateResult,
    ComponentScore,
    Outcome,
    RequirementCheck,
    Selection,
    ShortBy,
)
from plut_rules.wording import say

__all__ = ["candidates_document", "candidates_sha256", "open_seats_of", "rank_key",
           "required_selection", "screen", "select"]

OpenSeats = Mapping[tuple[str, str], int]

_EXPERIENCE = "experience_years"


def required_selection(policy: Policy) -> SelectionPolicy:
    """The policy's ``selection:`` section; :class:`PolicyError` when it has none."""
    found = selection_of(policy)
    if found is None:
        where = Location(policy.files[0].path) if policy.files else None
        raise PolicyError([Problem.worded("no-selection", say("select.no_section"), where,
                                          "selection")])
    return found


def open_seats_of(evaluation: Evaluation) -> dict[tuple[str, str], int]:
    """The open seats of an evaluation: its vacancies, as (unit, field) -> count."""
    return {(v.unit, v.field): v.open for v in evaluation.vacancies}


def candidate_values(candidate: Candidate, year: int) -> dict[str, Value]:
    """The candidate variables of contract §2 (``cert_<x>`` aside)."""
    return {
        "education": candidate.education,
        "experience_years": candidate.experience_years,
        "age": Fraction(year - candidate.birth_year),
        "field": candidate.field,
        "unit": candidate.unit,
        "domicile": candidate.domicile,
    }


def screen(selection: SelectionPolicy, candidate: Candidate, year: int,
           ) -> tuple[RequirementCheck, ...]:
    """Every requirement evaluated for ``candidate`` (no short cut), in order.

    Raises :class:`EvaluationError` when a requirement divides by zero.
    """
    base = candidate_values(candidate, year)
    out: list[RequirementCheck] = []
    for req in selection.requirements:
        out.append(_check(req, candidate, base))
    return tuple(out)


def _check(req: Requirement, candidate: Candidate, base: Mapping[str, Value]
           ) -> RequirementCheck:
    if req.condition is None:
        return RequirementCheck(req.id, bool(req.constant), FrozenMap(), req.reason)
    values: dict[str, Value] = {}
    for name in req.condition.variables:
        if name in base:
            values[name] = base[name]
        else:  # cert_<x>, the only other variable a checked requirement can read
            values[name] = candidate.holds(name[len(CERT_PREFIX):])
    try:
        result = req.condition.evaluate(values)
    except ZeroDivisionError:
        raise EvaluationError([Problem.worded(
            "division-by-zero", say("select.division_by_zero", candidate=repr(candidate.id),
                                    requirement=repr(req.id), when=req.when), req.source,
            f"selection.requirements.{req.id}.when")]) from None
    return RequirementCheck(req.id, bool(result), FrozenMap(values), req.reason)


def candidates_document(candidates: Iterable[Candidate]) -> list[dict[str, Any]]:
    """The candidates as canonical plain data: rows sorted by id, no locations (what
    :func:`candidates_sha256` hashes, and what an audit record keeps)."""
    rows: list[dict[str, Any]] = []
    for c in sorted(candidates, key=lambda c: c.id):
        rows.append({
            "id": c.id, "name": c.name, "unit": c.unit, "field": c.field,
            "education": c.education, "experience_years": c.experience_years,
            "birth_year": c.birth_year, "domicile": c.domicile,
            "certificates": dict(c.certificates), "scores": dict(c.scores),
        })
    return rows


def candidates_sha256(candidates: Iterable[Candidate]) -> str:
    """SHA-256 of the canonical candidates: rows sorted by id, numbers as decimal text,
    so neither row order nor file format changes it."""
    return sha256_hex(canonical_json(candidates_document(candidates)))


def _problems_of_input(policy: Policy, selection: SelectionPolicy,
                       candidates: tuple[Candidate, ...], open_seats: OpenSeats,
                       ) -> list[Problem]:
    problems: list[Problem] = []
    unit_ids = [u.id for u in policy.units]
    field_ids = [f.id for f in policy.fields]
    seen: dict[str, int] = {}
    for index, c in enumerate(candidates):
        where = c.location if c.location is not None else Location("<candidates>", index + 1)
        if c.id in seen:
            problems.append(Problem.worded(
                "duplicate-id", say("select.duplicate_id", candidate=repr(c.id)), where, "id"))
        seen.setdefault(c.id, index)
        if c.unit not in unit_ids:
            problems.append(Problem.worded(
                "unknown-unit", say("select.unknown_unit", candidate=repr(c.id),
                                    unit=repr(c.unit), units=", ".join(unit_ids)),
                where, "unit", suggestion=did_you_mean(c.unit, unit_ids)))
        if c.field not in field_ids:
            problems.append(Problem.worded(
                "unknown-field", say("select.unknown_field", candidate=repr(c.id),
                                     field=repr(c.field), fields=", ".join(field_ids)),
                where, "field", suggestion=did_you_mean(c.field, field_ids)))
    where = Location("<open seats>")
    for (unit, field), count in sorted(open_seats.items()):
        if unit not in unit_ids:
            problems.append(Problem.worded(
                "unknown-unit", say("select.seats_unknown_unit", unit=repr(unit)), where,
                "unit", suggestion=did_you_mean(unit, unit_ids)))
        if field not in field_ids:
            problems.append(Problem.worded(
                "unknown-field", say("select.seats_unknown_field", field=repr(field)), where,
                "field", suggestion=did_you_mean(field, field_ids)))
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            problems.append(Problem.worded(
                "out-of-range", say("select.seats_count", unit=unit, field=field,
                                    count=repr(count)), where, "open"))
    del selection
    return problems


def select(policy: Policy, candidates: Iterable[Candidate], open_seats: OpenSeats, *,
           basis: Basis | None = None) -> Selection:
    """Screen, score, rank and place ``candidates`` into ``open_seats`` under ``policy``.

    ``open_seats`` maps (unit, field) to the number of open seats there (those of the
    determination, or :func:`open_seats_of` an evaluation); ``basis`` says where they
    came from, for the output.  Raises :class:`PolicyError` when the policy has no
    ``selection:`` section, :class:`DataError` listing every problem of the input
    (duplicate ids, unknown units or fields, a missing score of a candidate who meets
    every requirement) and :class:`EvaluationError` when a requirement divides by zero.
    """
    selection = required_selection(policy)
    given = tuple(candidates)
    problems = _problems_of_input(policy, selection, given, open_seats)
    if problems:
        raise DataError(problems)
    scored: dict[str, CandidateResult] = {}
    for index, c in enumerate(given):
        checks = screen(selection, c, policy.year)
        failed = tuple(r.id for r in checks if not r.passed)
        if failed:
            scored[c.id] = CandidateResult(c, "tms", None, None, checks, (), failed, None)
            continue
        fs = selection.for_field(c.field)
        missing = [comp.id for comp in fs.components if comp.id not in c.scores]
        if missing:
            where = c.location if c.location is not None else Location("<candidates>",
                                                                        index + 1)
            problems.extend(
                Problem.worded("missing-score", say("select.missing_score",
                                                    candidate=repr(c.id), component=repr(m)),
                               where, m)
                for m in missing)
            continue
        parts: list[ComponentScore] = []
        exact = Fraction(0)
        for comp in fs.components:
            score = c.scores[comp.id]
            contribution = comp.weight * score
            exact += contribution
            passed = comp.minimum is None or score >= comp.minimum
            parts.append(ComponentScore(comp.id, comp.label, score, comp.weight, contribution,
                                        comp.minimum, passed))
        total = round_half_away(exact, 2)
        reasons = [p.id for p in parts if not p.passed]
        if total < fs.pass_score:
            reasons.append("pass_score")
        outcome: Outcome = "failed" if reasons else "passed"
        scored[c.id] = CandidateResult(c, outcome, None, total, checks, tuple(parts),
                                       tuple(reasons), None, exact)
    if problems:
        raise DataError(problems)
    placed, unfilled = _place(selection, scored, open_seats)
    results = tuple(placed[cid] for cid in sorted(placed))
    return Selection(policy, candidates_sha256(given), basis, results, unfilled, ENGINE_NAME,
                     engine_version())


def _tie_value(result: CandidateResult, entry: str) -> Fraction:
    if entry == _EXPERIENCE:
        return result.candidate.experience_years
    return result.candidate.scores[entry]


def rank_key(result: CandidateResult, tie_break: tuple[str, ...]) -> tuple[Any, ...]:
    """The order of ranking: total descending, each tie_break entry descending, id."""
    assert result.total is not None
    return (-result.total, *(-_tie_value(result, e) for e in tie_break), result.candidate.id)


def _place(selection: SelectionPolicy, scored: dict[str, CandidateResult],
           open_seats: OpenSeats) -> tuple[dict[str, CandidateResult], tuple[Vacancy, ...]]:
    groups: dict[tuple[str, str], list[CandidateResult]] = {}
    for r in scored.values():
        if r.outcome == "passed":
            groups.setdefault((r.candidate.unit, r.candidate.field), []).append(r)
    out = dict(scored)
    unfilled: list[Vacancy] = []
    for key in sorted(set(groups) | set(open_seats)):
        ranked = sorted(groups.get(key, []), key=lambda r: rank_key(r, selection.tie_break))
        seats = open_seats.get(key, 0)
        chosen = ranked[:seats]
        last = chosen[-1] if chosen else None
        for position, r in enumerate(ranked):
            outcome: Outcome
            if position < seats:
                outcome = "selected"
            elif position < seats + selection.reserve:
                outcome = "reserve"
            else:
                outcome = "passed"
            short = None
            if outcome != "selected" and last is not None:
                short = _short_by(r, last, selection.tie_break)
            out[r.candidate.id] = attrs.evolve(r, outcome=outcome, rank=position + 1,
                                               short_by=short)
        if seats > len(chosen):
            unfilled.append(Vacancy(key[0], key[1], seats - len(chosen)))
    return out, tuple(unfilled)


def _short_by(result: CandidateResult, last: CandidateResult, tie_break: tuple[str, ...]
              ) -> ShortBy:
    assert result.total is not None and last.total is not None
    decided: str | None = None
    if result.total == last.total:
        decided = next((e for e in tie_break
                        if _tie_value(result, e) != _tie_value(last, e)), "id")
    return ShortBy(last.total, last.total - result.total, decided)
