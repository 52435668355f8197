"""Decisions decided and placed as columns, built in one pass.

An evaluation needs each consultant's score, rule and placement, and (explained) the
indicators and trace, nothing per consultant before the
:class:`~plut_rules.model.Decision` itself.  The roster is
scored once as columns (:class:`~plut_rules.engine.sweep.ScoredRoster`, the scoring a
sweep reuses), the rules are matched over the columns, the reassign candidates placed
over them (:meth:`~plut_rules.engine.sweep.ScoredRoster.decide`, which a differential
test holds to :func:`~plut_rules.engine.evaluate`), and the decisions are built in one
loop over the consultants by id.  Explanations are built in bulk, a field at a time
(:func:`~plut_rules.engine.explain_columns.explain_field`, as the column path of
:func:`~plut_rules.engine.rules.decide_all` does); a consultant the bulk cannot explain
gets an explanation built exactly when read.  A consultant close to a boundary is
decided exactly there, as everywhere.  When anything cannot be had this way (a consultant no rule
decides, a rule dividing by zero, a scorer failing), :func:`decide_roster` returns
None and the caller evaluates as before, which raises the error as ever.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from plut_rules.engine.columns import column_plan
from plut_rules.engine.explain_columns import Explained, explain_field
from plut_rules.engine.fast import plan_for
from plut_rules.engine.gather import NO_ACHIEVEMENTS, achieved_rows, attribute_of
from plut_rules.engine.placement import Placed
from plut_rules.engine.rules import Explaining, Explanation, ExplanationPart, Scored
from plut_rules.engine.sweep import OUTCOMES, RosterDecisions, ScoredRoster
from plut_rules.model import Achievement, Consultant, Decision, Policy, Vacancy
from plut_rules.policy import Runtime

__all__ = ["ExactLater", "ScoredColumns", "decide_roster", "scored_roster"]


class ExactLater:
    """The exact score of a consultant decided as columns, computed when first asked for
    (a decision's ``exact_score``); pickled as its value."""

    __slots__ = ("index", "roster")

    def __init__(self, roster: ScoredRoster, index: int) -> None:
        self.roster = roster
        self.index = index

    def __call__(self) -> Fraction:
        return self.roster.exact_score(self.index)

    def __reduce__(self) -> tuple[Any, tuple[Fraction]]:
        return (Fraction, (self(),))


def decide_roster(
    policy: Policy,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    explain: bool,
    missing_as_zero: bool,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[list[Decision], list[Vacancy], Mapping[str, dict[str, Achievement]]] | None:
    """The decisions (by consultant id) and vacancies of the roster, and its achievements
    by consultant as checked; None when they cannot be had as columns (evaluate as
    before: it says why).

    Raises :class:`~plut_rules.errors.DataError` for a bad roster, as
    :func:`~plut_rules.engine.evaluate` does.
    """
    roster = ScoredRoster(policy, consultants, achievements, missing_as_zero=missing_as_zero,
                          variants=False, columns=explain)
    columns = roster.decide(policy)
    if columns is None:
        return None
    assert columns.deciding is not None
    runtime: Runtime = policy._compiled
    plan = plan_for(policy)
    scores, make_score = plan.scores, plan.score
    rules = [(c.rule, c.rule.then == "reassign") for c in runtime.rules]
    measured = roster.measured()
    year = policy.year
    ordered = roster.ordered
    hundredths = roster.hundredths.tolist()
    score_of = {h: scores.get(h) or make_score(h) for h in set(hundredths)}
    decisions: list[Decision] = []
    append = decisions.append
    explained = _explained(policy, roster, columns) if explain else {}
    roster.release()  # the decisions keep the roster (for exact scores), not its columns
    context = Explaining(policy)
    by_field = {f.id: f for f in policy.fields}
    for index, cid, name, unit, fid, appointed, deciding, outcome, to_field, h in zip(
            range(len(ordered)), attribute_of(ordered, "id"), attribute_of(ordered, "name"),
            attribute_of(ordered, "unit"), attribute_of(ordered, "field"),
            attribute_of(ordered, "appointed"), columns.deciding.tolist(),
            columns.outcome.tolist(), columns.to_field.tolist(), hundredths, strict=True):
        rule, reassigns = rules[deciding]
        exact = measured.get(index)
        indicators: Any = ()
        trace: Any = ()
        if explain:
            built = explained.get(index)
            if built is not None:
                indicators, trace = built
            else:  # built exactly when read
                c = ordered[index]
                later = Explanation(context, c, by_field[fid],
                                    roster.by_consultant.get(cid, NO_ACHIEVEMENTS),
                                    runtime.rules[deciding])
                indicators, trace = ExplanationPart(later, 0), ExplanationPart(later, 1)
        append(Decision(
            consultant=cid, name=name, unit=unit, field=fid, outcome=OUTCOMES[outcome],
            rule_outcome=rule.then, to_field=to_field, score=score_of[h], rule=rule.id,
            rule_source=rule.source, reason=rule.reason,
            placement=("placed" if to_field is not None else "no-open-seat") if reassigns
            else None,
            years_served=year - appointed, indicators=indicators, trace=trace,
            exact_score=ExactLater(roster, index) if exact is None else exact))
    if progress is not None:  # one call per consultant, as the exact path makes them
        total = len(decisions)
        for n in range(1, total + 1):
            progress("score", n, total)
    return decisions, columns.vacancies, roster.by_consultant


def _explained(policy: Policy, roster: ScoredRoster, columns: RosterDecisions
               ) -> dict[int, Explained]:
    """The explanations built in bulk, by consultant index: each field's consultants the
    columns decided (what :func:`~plut_rules.engine.columns.decide_columns` explains)."""
    import numpy as np

    cp = column_plan(policy)
    plan = cp.plan
    out: dict[int, Explained] = {}
    made: dict[Any, Any] = {}  # indicator results, shared between fields' calls
    for fid, (found, decided_here) in columns.matched.items():
        scored = roster.columns[fid]
        good = np.flatnonzero(decided_here).tolist()
        rules = cp.rules_of(fid)
        if not good or rules is None:
            continue
        fp = scored.fp
        achieved = achieved_rows(fp.indicators, scored.givens, scored.rows,
                                 roster.by_consultant, good)
        if achieved is None:  # a missing achievement counted as 0: explained exactly
            continue
        built = explain_field(fp, plan.field_ids, rules, policy.year, plan.score, scored.group,
                              achieved, scored.hundredths_list, scored.gates.tolist(),
                              found.tolist(), good, made)
        if built is not None:
            out.update(zip(np.asarray(scored.indices)[good].tolist(), built, strict=True))
    return out


class ScoredColumns(Sequence[Scored]):
    """A roster decided as columns, as the :class:`~plut_rules.engine.rules.Scored` of
    each consultant by id, each built when read (a slice: a list of them).

    What a streamed evaluation holds instead of a record per consultant: the columns of
    the scoring, the deciding rules and the placement.
    """

    def __init__(self, policy: Policy, roster: ScoredRoster, columns: RosterDecisions) -> None:
        assert columns.deciding is not None
        runtime: Runtime = policy._compiled
        self.roster = roster
        self.compiled = runtime.rules
        self.deciding: list[int] = columns.deciding.tolist()
        self.fields = {f.id: f for f in policy.fields}
        plan = plan_for(policy)
        self.score = plan.score
        self.measured = roster.measured()

    def __len__(self) -> int:
        return len(self.deciding)

    def _item(self, index: int) -> Scored:
        roster = self.roster
        c = roster.ordered[index]
        exact = self.measured.get(index)
        return Scored(c, self.fields[c.field], self.score(int(roster.hundredths[index])),
                      ExactLater(roster, index) if exact is None else exact,
                      self.compiled[self.deciding[index]], (), ())

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self._item(n) for n in range(*i.indices(len(self)))]
        if not -len(self) <= i < len(self):
            raise IndexError("index out of range")
        return self._item(i % len(self))


def scored_roster(policy: Policy, consultants: Sequence[Consultant],
                  achievements: Sequence[Achievement], *, missing_as_zero: bool
                  ) -> tuple[ScoredColumns, Placed, list[Vacancy], Any] | None:
    """The roster decided and placed as columns, for a streamed evaluation: the scored
    consultants, where each reassign candidate goes, the vacancies and the achievements
    by consultant; None when it cannot be had as columns (decide as before)."""
    roster = ScoredRoster(policy, consultants, achievements, missing_as_zero=missing_as_zero,
                          variants=False, columns=False)
    columns = roster.decide(policy)
    if columns is None:
        return None
    scored = ScoredColumns(policy, roster, columns)
    roster.release()  # a streamed evaluation holds the decisions' columns, not the scoring's
    reassigning = [n for n, c in enumerate(scored.compiled) if c.rule.then == "reassign"]
    placed: Placed = {}
    if reassigning:
        import numpy as np

        assert columns.deciding is not None
        candidates = np.flatnonzero(np.isin(columns.deciding, reassigning)).tolist()
        ids = attribute_of(roster.ordered, "id")
        to_field = columns.to_field.tolist()
        for index in candidates:
            where = to_field[index]
            placed[ids[index]] = (where, "placed" if where is not None else "no-open-seat")
    return scored, placed, columns.vacancies, roster.by_consultant
