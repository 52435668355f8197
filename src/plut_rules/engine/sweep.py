"""One roster decided under many variants of a policy: scored once, matched per variant.

A sweep (``plut-rules whatif --sweep defaults.thresholds.keep=60:80:1``) evaluates the
same roster under policies that differ in one value.  When the variants differ from the
policy the roster was scored under only in what scoring does not read -- the fields'
thresholds, the units' seats, the rules -- the scores, ratios, gates and competences
are the same for every variant, so :class:`ScoredRoster` computes them once (the
column-wise scoring of :func:`~plut_rules.engine.columns.score_field`, with the exact
re-check near boundaries) and :meth:`ScoredRoster.decide` only matches each variant's
rules over those columns (:func:`~plut_rules.engine.columns.match_field`) and places
the reassign candidates.  A consultant whose comparison falls within the tolerance of
its boundary, or whose field the column path cannot do, is matched exactly, from their
exact scoring (done once) with the variant's thresholds.

Whatever cannot be reused (a variant that changes an indicator, a weight, a cap, the
year; a consultant no rule decides; a rule dividing by zero) makes
:meth:`ScoredRoster.decide` return None: the caller evaluates that variant from scratch
with :func:`~plut_rules.engine.evaluate`, which also raises its errors as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from plut_rules.engine.columns import (
    ColumnPlan,
    FieldColumns,
    column_plan,
    match_field,
    score_field,
)
from plut_rules.engine.gather import Givens, achieved_of, attribute_of, by_id, held
from plut_rules.engine.inputs import checked_input
from plut_rules.engine.rules import match_rules
from plut_rules.engine.scoring import Measured, measure
from plut_rules.errors import EvaluationError, Problem
from plut_rules.lang import Value
from plut_rules.model import Achievement, Consultant, Evaluation, Field, Outcome, Policy, Vacancy
from plut_rules.policy import CompiledRule, Runtime

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["OUTCOMES", "RosterDecisions", "ScoredRoster"]

#: The outcomes, by their code in :attr:`RosterDecisions.outcome`.
OUTCOMES: tuple[Outcome, ...] = ("keep", "reassign", "replace")
_KEEP, _REASSIGN, _REPLACE = 0, 1, 2
_ZERO = Fraction(0)


class RosterDecisions:
    """A roster's decisions as columns, in consultant id order (as an evaluation's).

    ``outcome`` holds codes into :data:`OUTCOMES`, ``to_field`` the field a candidate
    is placed in (None otherwise), ``rule`` the deciding rule's id; ``vacancies`` are
    an evaluation's.
    """

    __slots__ = ("deciding", "matched", "outcome", "rule", "to_field", "vacancies")

    def __init__(self, outcome: NDArray[np.int8], to_field: NDArray[Any], rule: NDArray[Any],
                 vacancies: list[Vacancy], deciding: NDArray[np.int64] | None = None,
                 matched: dict[str, tuple[Any, Any]] | None = None) -> None:
        self.outcome = outcome
        self.to_field = to_field
        self.rule = rule
        self.vacancies = vacancies
        #: each deciding rule's position in the variant's compiled rules (None when
        #: made from an evaluation)
        self.deciding = deciding
        #: by field matched as columns: each consultant's deciding rule as a position in
        #: the field's rules, and whether the columns decided it (the others exactly)
        self.matched = matched or {}

    @classmethod
    def of(cls, evaluation: Evaluation) -> RosterDecisions:
        """The decisions of an evaluation, as columns."""
        import numpy as np

        decisions = evaluation.decisions
        return cls(np.array([OUTCOMES.index(d.outcome) for d in decisions], dtype=np.int8),
                   np.array([d.to_field for d in decisions], dtype=object),
                   np.array([d.rule for d in decisions], dtype=object),
                   list(evaluation.vacancies))

    def counts(self) -> dict[str, int]:
        """How many decisions of each outcome (as :meth:`Evaluation.counts`)."""
        import numpy as np

        found = np.bincount(self.outcome, minlength=len(OUTCOMES)).tolist()
        return dict(zip(OUTCOMES, found, strict=True))

    def changed(self, other: RosterDecisions) -> int:
        """How many consultants have another (outcome, to_field, rule) in ``other``."""
        import numpy as np

        differ = ((self.outcome != other.outcome) | (self.to_field != other.to_field)
                  | (self.rule != other.rule))
        return int(np.count_nonzero(differ))


def _scoring_of(policy: Policy) -> tuple[Any, ...]:
    """What scoring and the roster check read of a policy (not thresholds, seats, rules)."""
    runtime: Runtime = policy._compiled
    return (policy.year, tuple(u.id for u in policy.units),
            tuple((f.id, f.scoring, type(runtime.scorers[f.id]), f.cap, f.indicators)
                  for f in policy.fields))


class ScoredRoster:
    """A roster checked and scored once under ``policy``, to be decided under variants.

    Raises :class:`~plut_rules.errors.DataError` for a bad roster, as
    :func:`~plut_rules.engine.evaluate` does.
    """

    def __init__(self, policy: Policy, consultants: Iterable[Consultant],
                 achievements: Iterable[Achievement], *, missing_as_zero: bool = False,
                 variants: bool = True, columns: bool = True) -> None:
        """``variants=False``: the roster is decided under ``policy`` alone, so a consultant
        scored exactly keeps only the exact score (not every variable, kept to match
        other variants: a kilobyte and more each, for a tenth of a large roster).  With
        ``columns=False`` too, each field is matched as soon as it is scored and its
        columns let go (a million consultants' columns are 150 MB at once); only
        :meth:`decide` of ``policy`` itself is then possible, and nothing to explain in
        bulk from the columns."""
        import numpy as np

        self.policy = policy
        consultants, achievements = held(consultants, achievements)
        self.by_consultant = checked_input(policy, consultants, achievements,
                                           missing_as_zero=missing_as_zero)
        #: without variants or columns kept, each field's rule matches (see decide)
        self._matched_once: dict[str, tuple[Any, Any, Any, Any]] | None = (
            None if variants or columns else {})
        fields_of = {f.id: f for f in policy.fields}
        # a roster's columns stay columns; the order by id is the one the check made
        ordered = (self.by_consultant.ordered() if isinstance(self.by_consultant, Givens)
                   else by_id(consultants))
        self.ordered: Sequence[Consultant] = ordered
        self._scoring = _scoring_of(policy)
        cp = column_plan(policy)
        self.columns: dict[str, FieldColumns] = {}
        self.exact: list[int] = []  # consultants whose field the column path cannot score
        self.hundredths = np.zeros(len(ordered), dtype=np.int64)
        for fid, indices in _field_groups(attribute_of(ordered, "field")):
            fp = cp.plan.fields.get(fid)
            if fp is None or fp.kind is None:
                self.exact += indices.tolist()
                continue
            scored = score_field(cp, fp, ordered, indices, self.by_consultant)
            self.hundredths[indices] = scored.hundredths
            if self._matched_once is None:
                self.columns[fid] = scored
            else:  # matched now and let go: one field's columns held at a time
                self._matched_once[fid] = _matched(cp, fields_of, fid, scored)
        self._measured: dict[int, Measured] = {}
        self._variants = variants
        self._exact_scores: dict[int, Fraction] = {}  # without variants, kept of each
        unit_ids = {u.id: n for n, u in enumerate(policy.units)}
        self.unit_index = np.array(list(map(unit_ids.__getitem__, attribute_of(ordered, "unit"))),
                                   dtype=np.int64)

    def _measure(self, index: int) -> Measured:
        """Consultant ``index`` scored exactly (as the exact path does), once."""
        found = self._measured.get(index)
        if found is None:
            policy = self.policy
            c = self.ordered[index]
            field = policy.field(c.field)
            assert field is not None
            found = measure(policy, policy._compiled, field, [f.id for f in policy.fields], c,
                            achieved_of(self.by_consultant, c.id), False)
            if self._variants:
                self._measured[index] = found
            else:
                self._exact_scores[index] = found.exact_score
            # the exact score (the column one is not, for a consultant scored too close)
            self.hundredths[index] = int(found.score * 100)
        return found

    def release(self) -> None:
        """Drop the scored columns once no more variants are to be decided (a decision's
        exact score, read later, needs only the roster and its achievements)."""
        self.columns = {}

    def measured(self) -> dict[int, Fraction]:
        """The exact score of each consultant scored exactly so far, by index."""
        found = dict(self._exact_scores)
        found.update((index, m.exact_score) for index, m in self._measured.items())
        return found

    def exact_score(self, index: int) -> Fraction:
        """Consultant ``index``'s exact score (the score before rounding)."""
        found = self._measured.get(index)
        if found is not None:
            return found.exact_score
        kept = self._exact_scores.get(index)
        if kept is not None:
            return kept
        policy = self.policy
        c = self.ordered[index]
        field = policy.field(c.field)
        assert field is not None
        return measure(policy, policy._compiled, field, [f.id for f in policy.fields], c,
                       achieved_of(self.by_consultant, c.id), False).exact_score

    def decide(self, variant: Policy) -> RosterDecisions | None:
        """The roster's decisions under ``variant``; None when they cannot be had from this
        scoring (another scoring, or an error: evaluate the variant from scratch)."""
        import numpy as np

        if _scoring_of(variant) != self._scoring:
            return None
        runtime: Runtime = variant._compiled
        fields = {f.id: f for f in variant.fields}
        vcp = column_plan(variant)
        position = {id(c): n for n, c in enumerate(runtime.rules)}
        decided = np.full(len(self.ordered), -1, dtype=np.int64)
        rest: list[int] = list(self.exact)
        matched: dict[str, tuple[Any, Any]] = {}
        if self._matched_once is not None:  # matched when scored, under this very policy
            if variant is not self.policy:
                return None
            found_by_field = self._matched_once
        else:
            found_by_field = {fid: _matched(vcp, fields, fid, scored)
                              for fid, scored in self.columns.items()}
        for fid, (indices, found, close, rules) in found_by_field.items():
            if found is None:  # the exact path decides the field
                rest += indices.tolist()
                continue
            good = ~close & (found >= 0)
            matched[fid] = (found, good)
            positions = np.array([position[id(c)] for c, _ in rules], dtype=np.int64)
            decided[indices[good]] = positions[found[good]]
            rest += indices[~good].tolist()
        errors: list[Problem] = []
        try:
            for index in rest:
                rule = self._match_exactly(index, runtime, fields, errors)
                if rule is None:
                    return None
                decided[index] = position[id(rule)]
        except EvaluationError:  # a scorer plug-in failed: evaluate says how, in order
            return None
        decisions = self._place(variant, runtime, fields, decided)
        decisions.matched = matched
        return decisions

    def _match_exactly(self, index: int, runtime: Runtime, fields: dict[str, Field],
                       errors: list[Problem]) -> CompiledRule | None:
        """The rule deciding consultant ``index`` under the variant, exactly."""
        m = self._measure(index)
        base = m.field.thresholds
        field = fields[m.field.id]
        # thresholds never share a name with a variable (the policy check refuses it)
        values: dict[str, Value] = dict(field.thresholds)
        values.update((k, v) for k, v in m.values.items() if k not in base)
        found = match_rules(runtime, Measured(m.consultant, field, m.score, m.exact_score,
                                              values, ()), False, errors)
        return None if found is None else found.compiled

    def _place(self, variant: Policy, runtime: Runtime, fields: dict[str, Field],
               decided: NDArray[np.int64]) -> RosterDecisions:
        """Placement (as :func:`plut_rules.engine.placement.placements`) over the columns."""
        import numpy as np

        ordered = self.ordered
        then = np.array([OUTCOMES.index(c.rule.then) for c in runtime.rules], dtype=np.int8)
        outcome = then[decided]
        rule_ids = np.array([c.rule.id for c in runtime.rules], dtype=object)[decided]
        to_field = np.full(len(ordered), None, dtype=object)
        units, field_ids = [u.id for u in variant.units], [f.id for f in variant.fields]
        keeps = np.zeros(len(units) * len(field_ids), dtype=np.int64)
        kept = np.flatnonzero(outcome == _KEEP)
        if len(kept):
            column = {fid: j for j, fid in enumerate(field_ids)}
            own = attribute_of(ordered, "field")
            field_index = np.array([column[own[i]] for i in kept.tolist()], dtype=np.int64)
            keeps = np.bincount(self.unit_index[kept] * len(field_ids) + field_index,
                                minlength=len(keeps))
        open_seats: dict[tuple[str, str], int] = {}
        left = dict.fromkeys(units, 0)
        for u, unit in enumerate(variant.units):
            for j, fid in enumerate(field_ids):
                seats = max(0, unit.seats_for(fid) - int(keeps[u * len(field_ids) + j]))
                open_seats[(unit.id, fid)] = seats
                left[unit.id] += seats
        candidates = np.flatnonzero(outcome == _REASSIGN)
        order = candidates[np.argsort(-self.hundredths[candidates], kind="stable")]
        units_of = attribute_of(ordered, "unit")
        for index in order.tolist():  # by score, best first; then by id (the input order)
            if not left[units_of[index]]:  # the unit is full: nothing to look at
                outcome[index] = _REPLACE
                continue
            c = ordered[index]
            field = fields[c.field]
            minimum = _min_competence(runtime.rules[decided[index]], field)
            best: tuple[Fraction, str] | None = None
            for fid in field_ids:
                if fid == c.field or open_seats[(c.unit, fid)] <= 0:
                    continue
                level = c.competences.get(fid, _ZERO)
                if level < minimum:
                    continue
                if best is None or level > best[0] or (level == best[0] and fid < best[1]):
                    best = (level, fid)
            if best is None:
                outcome[index] = _REPLACE
            else:
                open_seats[(c.unit, best[1])] -= 1
                left[c.unit] -= 1
                to_field[index] = best[1]
        vacancies = [Vacancy(unit, fid, n) for (unit, fid), n in sorted(open_seats.items())
                     if n > 0]
        return RosterDecisions(outcome, to_field, rule_ids, vacancies, decided)


def _matched(cp: ColumnPlan, fields: dict[str, Field], fid: str, scored: FieldColumns
             ) -> tuple[Any, Any, Any, Any]:
    """A field's consultants (indices) matched over its columns: each one's deciding rule
    as a position in the field's rules (-1: none), which were too close to decide there,
    and those rules; (indices, None, None, None) when the exact path decides the field."""
    import numpy as np

    indices = np.array(scored.indices, dtype=np.int64)
    thresholds = cp.thresholds.get(fid)
    rules = cp.rules_of(fid)
    if thresholds is None or rules is None:
        return indices, None, None, None
    try:
        found, close = match_field(scored, fields[fid], thresholds, rules)
    except KeyError:  # a rule reads a variable this field lacks: the exact path says so
        return indices, None, None, None
    return indices, found, close, rules


def _field_groups(fields: list[str]) -> Iterator[tuple[str, NDArray[np.int64]]]:
    """Each field and the positions of its consultants (``fields``: each one's field), in
    order of first appearance, the positions ascending: as arrays, not lists of int
    objects (a million of them are 36 MB)."""
    import numpy as np

    codes = {fid: n for n, fid in enumerate(dict.fromkeys(fields))}
    code = np.fromiter(map(codes.__getitem__, fields), dtype=np.int64, count=len(fields))
    order = np.argsort(code, kind="stable")
    ends = np.cumsum(np.bincount(code, minlength=len(codes))).tolist()
    starts = [0, *ends][:len(ends)]
    for fid, start, end in zip(codes, starts, ends, strict=True):
        yield fid, order[start:end]


def _min_competence(compiled: CompiledRule, field: Field) -> Fraction:
    """The competence a reassign candidate needs in a field with an open seat."""
    raw = compiled.rule.min_competence
    if raw is None:
        return field.thresholds.get("competence", _ZERO)
    if isinstance(raw, str):
        return field.thresholds[raw]
    return raw
