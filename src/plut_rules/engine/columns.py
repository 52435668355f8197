"""Column-wise scoring and deciding: a whole roster at once, in numpy floats, with an exact
re-check at the boundaries.

A policy is compiled once and applied to a whole roster, which is array work: per field,
the achievements and targets become a (consultants x indicators) matrix, the ratios,
gates and scores are computed for every consultant at once, and each rule's condition
is evaluated over whole columns.  This is the float fast path of
:mod:`plut_rules.engine.fast` done by column instead of by consultant, with the same
safety argument: every ratio is one correctly rounded division of two correctly rounded
inputs, a weighted sum of non-negative terms keeps a relative error of a few units in
the last place, so a comparison or the rounding of the score to 2 decimals whose float
result is within a *relative* tolerance (``TOL``, 1e-9, of the magnitudes involved) of
its boundary is marked *close*, and that consultant is redone exactly (``Fraction``) by
the caller.  Values that are exact integers in floats (``gates_failed``,
``years_served``, whole competences, thresholds and scores, all far below 2**53) are
flagged as such, so a tie between two of them is decided without a re-check.

What cannot be done this way is left to the exact path: a field whose scorer is not one
of the three built-in ones, a rule with arithmetic or anything else
:func:`compile_column` does not know, a number literal or threshold too large for exact
float integers.  numpy is imported here only, when a roster is first evaluated.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from plut_rules.engine.explain_columns import Explained, explain_field
from plut_rules.engine.fast import TOL, FieldPlan, Plan, plan_for
from plut_rules.engine.gather import (
    NO_ACHIEVEMENTS,
    Achieved,
    AskedGivens,
    Givens,
    achieved_rows,
    as_floats,
    attribute_of,
    given_matrices,
    picked,
)
from plut_rules.exact import hundredths_half_away, round_half_away
from plut_rules.lang import And, BoolLit, Compare, In, Node, Not, NumberLit, Or, StringLit, Var
from plut_rules.model import Achievement, Consultant, Field, Indicator, Policy
from plut_rules.policy import CompiledRule
from plut_rules.scorers import WeightedRatio, capped_contribution, indicator_ratio, ratio_terms

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Floats = NDArray[np.float64]
    Bools = NDArray[np.bool_]
    #: some consultants' positions: a list, or an array (a field's group of a large roster)
    Positions = Sequence[int] | NDArray[np.int64]

__all__ = ["ColumnHit", "FieldColumns", "compile_column", "decide_columns",
           "exact_hundredths", "match_field", "score_field"]

_ZERO = Fraction(0)

#: The largest magnitude a float holds every integer of exactly (2**53).
_WHOLE_LIMIT = float(2**53)
#: A column: (values, whole) for numbers (``whole`` marks exact integers), (values, None)
#: for text.
Column = tuple[Any, Any]
#: A compiled condition: the columns by variable name -> (holds, close).
ColumnPredicate = Callable[[Mapping[str, Column]], "tuple[Bools, Bools]"]
#: One consultant decided on the column path: (index in the input, rounded score in
#: hundredths, deciding rule).
ColumnHit = tuple[int, int, CompiledRule]

#: The key of the columns under which a field gives one consultant's exact value of a
#: variable (not a variable name: it cannot be written in a rule).
_EXACT = "#exact"
#: Variables holding text (everything else a rule reads is a number).
_TEXT = frozenset({"field", "unit"})


def _literal(value: Fraction) -> float | None:
    number = float(value)
    if value.denominator == 1 and abs(number) >= _WHOLE_LIMIT:
        return None
    return number


def compile_column(node: Node) -> ColumnPredicate | None:
    """A column-wise predicate for ``node`` with its close mask, or None when the column
    path does not support it (the consultants are then decided exactly)."""
    import numpy as np

    if isinstance(node, BoolLit):
        constant = node.value

        def const(cols: Mapping[str, Column]) -> tuple[Bools, Bools]:
            size = len(cols["gates_failed"][0])
            return np.full(size, constant), np.zeros(size, dtype=bool)

        return const
    if isinstance(node, Compare):
        return _compare(node)
    if isinstance(node, In):
        if not isinstance(node.item, Var) or node.item.name not in _TEXT or not all(
                isinstance(o, StringLit) for o in node.options):
            return None
        name = node.item.name
        pool = [o.value for o in node.options if isinstance(o, StringLit)]

        def member(cols: Mapping[str, Column]) -> tuple[Bools, Bools]:
            values = cols[name][0]
            return np.isin(values, pool), np.zeros(len(values), dtype=bool)

        return member
    if isinstance(node, Not):
        inner = compile_column(node.operand)
        if inner is None:
            return None

        def negate(cols: Mapping[str, Column]) -> tuple[Bools, Bools]:
            holds, close = inner(cols)
            return ~holds, close

        return negate
    if isinstance(node, And | Or):
        left, right = compile_column(node.left), compile_column(node.right)
        if left is None or right is None:
            return None
        both = isinstance(node, And)

        def junction(cols: Mapping[str, Column]) -> tuple[Bools, Bools]:
            a, a_close = left(cols)
            b, b_close = right(cols)
            # the right side matters only where the left does not settle it
            if both:
                return a & b, a_close | (a & b_close)
            return a | b, a_close | (~a & b_close)

        return junction
    return None


def _compare(node: Compare) -> ColumnPredicate | None:
    import numpy as np

    sides: list[tuple[str | None, Any, bool]] = []  # (variable, constant, text)
    for side in (node.left, node.right):
        if isinstance(side, Var):
            sides.append((side.name, None, side.name in _TEXT))
        elif isinstance(side, NumberLit):
            number = _literal(side.value)
            if number is None:
                return None
            sides.append((None, (number, side.value.denominator == 1), False))
        elif isinstance(side, StringLit):
            sides.append((None, side.value, True))
        else:
            return None
    (ln, lc, lt), (rn, rc, rt) = sides
    op = node.op
    if lt or rt:
        if not (lt and rt) or op not in ("==", "!="):
            return None
        equal = op == "=="

        def text(cols: Mapping[str, Column]) -> tuple[Bools, Bools]:
            a = cols[ln][0] if ln is not None else lc
            b = cols[rn][0] if rn is not None else rc
            same = np.asarray(a == b, dtype=bool)
            size = len(cols["gates_failed"][0])
            if same.shape != (size,):
                same = np.full(size, bool(same))
            return (same if equal else ~same), np.zeros(size, dtype=bool)

        return text
    compare = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
               "==": np.equal, "!=": np.not_equal}[op]

    exact_compare = {"<": operator.lt, "<=": operator.le, ">": operator.gt,
                     ">=": operator.ge, "==": operator.eq, "!=": operator.ne}[op]
    left_value = node.left.value if isinstance(node.left, NumberLit) else None
    right_value = node.right.value if isinstance(node.right, NumberLit) else None

    def numbers(cols: Mapping[str, Column]) -> tuple[Bools, Bools]:
        a, aw = cols[ln] if ln is not None else lc
        b, bw = cols[rn] if rn is not None else rc
        d = np.abs(np.subtract(a, b))
        near = (d <= TOL) | (d <= TOL * (np.abs(a) + np.abs(b)))
        close = near & ~np.logical_and(aw, bw)
        holds = compare(a, b)
        size = len(cols["gates_failed"][0])
        if np.ndim(holds) == 0:
            return np.full(size, bool(holds)), np.full(size, bool(close))
        exact = cols.get(_EXACT)
        if exact is not None and close.any():
            # a tie within the tolerance (e.g. 9/12 against 0.75): settled here, exactly
            value_of = exact[0]
            holds, close = holds.copy(), close.copy()
            for i in np.flatnonzero(close).tolist():
                x = left_value if ln is None else value_of(ln, i)
                y = right_value if rn is None else value_of(rn, i)
                if x is not None and y is not None:
                    holds[i] = exact_compare(x, y)
                    close[i] = False
        return holds, close

    return numbers


class ColumnPlan:
    """The column path's view of a policy, built once per policy (kept on its runtime)."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        runtime = plan.runtime
        self.predicates: dict[int, ColumnPredicate | None] = {}
        self.supported = True
        for compiled in runtime.rules:
            if compiled.condition is None:
                continue
            predicate = compile_column(compiled.condition.root)
            self.predicates[id(compiled)] = predicate
        self.thresholds: dict[str, dict[str, tuple[float, bool]] | None] = {}
        for fid, fp in plan.fields.items():
            found: dict[str, tuple[float, bool]] | None = {}
            for name, value in plan.field_objects[fid].thresholds.items():
                number = _literal(value)
                if number is None or found is None:
                    found = None
                    break
                found[name] = (number, value.denominator == 1)
            self.thresholds[fid] = found if fp.kind is not None else None

    @staticmethod
    def reads_competences(compiled: CompiledRule) -> bool:
        """Whether the rule's condition reads a competence."""
        names = compiled.condition.variables if compiled.condition is not None else ()
        return any(n == "best_competence" or n.startswith("competence_") for n in names)

    def rules_of(self, field: str) -> list[tuple[CompiledRule, ColumnPredicate | None]] | None:
        """The rules that may apply to ``field``, in order; None when one cannot be compiled."""
        out: list[tuple[CompiledRule, ColumnPredicate | None]] = []
        for compiled in self.plan.runtime.rules:
            fields = compiled.rule.fields
            if fields is not None and field not in fields:
                continue
            predicate = self.predicates.get(id(compiled))
            if compiled.condition is not None and predicate is None:
                return None
            out.append((compiled, predicate))
        return out


def column_plan(policy: Policy) -> ColumnPlan:
    """The policy's column plan, built once and kept on its runtime."""
    plan = plan_for(policy)
    found = plan.runtime.plans.get("columns")
    if found is None or found.plan is not plan:
        found = plan.runtime.plans["columns"] = ColumnPlan(plan)
    assert isinstance(found, ColumnPlan)
    return found


def decide_columns(
    policy: Policy,
    consultants: Sequence[Consultant],
    by_consultant: Mapping[str, Mapping[str, Achievement]],
    explanations: dict[int, Explained] | None = None,
    made: dict[Any, Any] | None = None,
) -> list[ColumnHit]:
    """Score and decide ``consultants`` column-wise; the consultants decided, each as
    (index, score in hundredths, rule), in input order of their field's group.

    Every consultant not returned (close to a boundary, a field or rule the column path
    cannot do, or no rule holding) is to be decided exactly.  With ``explanations``, the
    explanation (indicators, trace) of each consultant decided is put there by index,
    built in bulk (:mod:`plut_rules.engine.explain_columns`), where it can be; ``made``
    keeps the indicator results built, to share them with later calls.
    """
    cp = column_plan(policy)
    groups: dict[str, list[int]] = {}
    import numpy as np

    own_fields = attribute_of(consultants, "field")
    if len(own_fields) < 64:
        for index, fid in enumerate(own_fields):
            groups.setdefault(fid, []).append(index)
    else:  # numpy compares the field ids in C
        column = np.array(own_fields, dtype=object)
        for fid in dict.fromkeys(own_fields):
            groups[fid] = np.flatnonzero(column == fid).tolist()
    hits: list[ColumnHit] = []
    for fid, indices in groups.items():
        fp = cp.plan.fields.get(fid)
        thresholds = cp.thresholds.get(fid)
        rules = cp.rules_of(fid)
        if fp is None or thresholds is None or rules is None:
            continue
        try:
            hits.extend(_decide_field(cp, fp, thresholds, rules, consultants, indices,
                                      by_consultant, explanations, made))
        except KeyError:  # a rule reads a variable this field lacks: the exact path says so
            continue
    return hits


def _decide_field(
    cp: ColumnPlan,
    fp: FieldPlan,
    thresholds: Mapping[str, tuple[float, bool]],
    rules: list[tuple[CompiledRule, ColumnPredicate | None]],
    consultants: Sequence[Consultant],
    indices: list[int],
    by_consultant: Mapping[str, Mapping[str, Achievement]],
    explanations: dict[int, Explained] | None,
    made: dict[Any, Any] | None,
) -> list[ColumnHit]:
    import numpy as np

    scored = score_field(cp, fp, consultants, indices, by_consultant)
    decided, close = match_field(scored, fp.field, thresholds, rules)
    good = np.flatnonzero(~close & (decided >= 0)).tolist()
    decided_list = decided.tolist()
    hundredths_list = scored.hundredths_list
    out: list[ColumnHit] = [(indices[g], hundredths_list[g], rules[decided_list[g]][0])
                            for g in good]
    achieved = None if explanations is None or not good else achieved_rows(
        fp.indicators, scored.givens, scored.rows, by_consultant, good)
    built = None if achieved is None else explain_field(
        fp, cp.plan.field_ids, rules, cp.plan.policy.year, cp.plan.score, scored.group,
        achieved, hundredths_list, scored.gates.tolist(), decided_list, good, made)
    if explanations is not None and built is not None:
        explanations.update(zip([indices[g] for g in good], built, strict=True))
    return out


class FieldColumns:
    """One field's consultants scored column-wise (:func:`score_field`), to be matched
    against the rules with any thresholds (:func:`match_field`) as often as wanted."""

    __slots__ = ("close", "cols", "fp", "gates", "givens", "group", "hundredths",
                 "hundredths_list", "indices", "plan", "rows", "units")

    def __init__(self, plan: Plan, fp: FieldPlan, indices: Positions,
                 group: Sequence[Consultant],
                 givens: Sequence[Mapping[str, Achievement | Achieved]], cols: dict[str, Column],
                 close: Bools, hundredths: Any, gates: Any, rows: Any) -> None:
        self.plan = plan
        #: each consultant's gates failed, and achievement rows when gathered into columns
        self.gates = gates
        self.rows = rows
        self.fp = fp
        self.indices = indices
        self.group = group
        self.givens = givens
        self.cols = cols
        #: the consultants whose score or ratios are too close to a boundary to compare
        self.close = close
        self.hundredths = hundredths
        self.hundredths_list: list[int] = hundredths.tolist()
        self.units: Any = cols["unit"][0]


def score_field(
    cp: ColumnPlan,
    fp: FieldPlan,
    consultants: Sequence[Consultant],
    indices: Positions,
    by_consultant: Mapping[str, Mapping[str, Achievement]],
) -> FieldColumns:
    """Score the consultants ``indices`` (all of field ``fp``) column-wise: every variable
    a rule reads but the thresholds, which :func:`match_field` adds."""
    import numpy as np

    plan = cp.plan
    m = len(indices)
    k = len(fp.indicators)
    group = picked(consultants, indices)
    givens: Sequence[Mapping[str, Achievement | Achieved]]
    rows = None  # each consultant's achievement rows, when gathered into columns
    if isinstance(by_consultant, Givens):
        givens = AskedGivens(by_consultant, group)
        v, t, rows = by_consultant.matrices(by_consultant.positions(group),
                                            [ind[1] for ind in fp.indicators], k)
    else:
        givens = [by_consultant.get(c.id, NO_ACHIEVEMENTS) for c in group]
        v, t = given_matrices(fp.indicators, givens, m, k)
    cap = fp.cap_f
    close = np.zeros(m, dtype=bool)
    gates = np.zeros(m, dtype=np.int64)
    total = np.zeros(m, dtype=np.float64)
    lowest = np.full(m, np.inf)
    hits = np.zeros(m, dtype=np.int64)
    cols: dict[str, Column] = {}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for j, (_, _, weight, minimum, lower, ratio_name) in enumerate(fp.indicators):
            vj, tj = v[:, j], t[:, j]
            # scorers.indicator_ratio, in floats
            r = np.where(vj == 0, cap, tj / vj) if lower else vj / tj
            if minimum is not None:
                d = r - minimum
                below = d < 0
                near = (np.abs(d) <= TOL * (r + minimum)) | (np.abs(d) <= TOL)
                if near.any():  # ties with the gate (common: exactly at the minimum), exactly
                    indicator = fp.field.indicators[j]
                    gate = indicator.minimum
                    assert gate is not None
                    for i in np.flatnonzero(near).tolist():
                        below[i] = _exact_ratio(fp, indicator, givens[i]) < gate
                gates += below
            capped = np.minimum(r, cap)
            total += weight * capped
            np.minimum(lowest, capped, out=lowest)
            if fp.kind == "count":
                d = r - 1.0
                reached = d >= 0
                near = np.abs(d) <= TOL * (r + 1.0)
                if near.any():
                    indicator = fp.field.indicators[j]
                    for i in np.flatnonzero(near).tolist():
                        reached[i] = _exact_ratio(fp, indicator, givens[i]) >= 1
                hits += reached
            close |= ~np.isfinite(r)
            cols[ratio_name] = (r, False)
        if fp.kind == "count":
            scaled = 2 * 10_000 * hits + k
            hundredths = scaled // (2 * k) if k else np.zeros(m, dtype=np.int64)
        else:
            x = (total if fp.kind == "weighted" else
                 (lowest if k else np.zeros(m))) * 10_000.0
            close |= ~np.isfinite(x) | (x >= 1e15)
            x = np.where(close, 0.0, x)
            rounded = np.floor(x + 0.5)
            frac = x + 0.5 - rounded
            margin = TOL * (x + 1.0)
            halves = ((frac <= margin) | (frac >= 1.0 - margin)) & ~close
            if halves.any():  # a rounding half (common: x.xx5 exactly): rounded exactly here
                for i in np.flatnonzero(halves).tolist():
                    rounded[i] = exact_hundredths(cp, fp, givens[i])
            hundredths = rounded.astype(np.int64)
    cols["score"] = (hundredths / 100.0, hundredths % 100 == 0)
    cols["gates_failed"] = (gates.astype(np.float64), True)
    cols["years_served"] = (plan.policy.year - np.array(attribute_of(group, "appointed"),
                                                        dtype=np.float64), True)
    cols["field"] = (np.full(m, fp.field.id, dtype=object), None)
    units = np.array(attribute_of(group, "unit"), dtype=object)
    cols["unit"] = (units, None)

    return FieldColumns(plan, fp, indices, group, givens, cols, close, hundredths, gates, rows)


def match_field(
    scored: FieldColumns,
    field: Field,
    thresholds: Mapping[str, tuple[float, bool]],
    rules: list[tuple[CompiledRule, ColumnPredicate | None]],
) -> tuple[Any, Bools]:
    """Match the rules (of the field, in order) over a scored field with ``field``'s
    thresholds (exact) and ``thresholds`` (the same as floats, with their whole flags):
    the position in ``rules`` deciding each consultant (-1: none) and the consultants too
    close to a boundary to be decided here (to be decided exactly)."""
    import numpy as np

    fp = scored.fp
    cols: dict[str, Column] = dict(thresholds)  # the scored variables win a clash, as ever
    cols.update(scored.cols)
    close = scored.close.copy()
    settled = ~scored.close  # the consultants whose score and ratios are exact enough
    hundredths_list = scored.hundredths_list
    givens = scored.givens
    group = scored.group
    fields = scored.plan.fields
    ratio_indicators = {f"ratio_{ind.id}": ind for ind in fp.field.indicators}

    def exact_value(name: str, i: int) -> Fraction | None:
        """Consultant ``i``'s exact value of variable ``name``; None when not known here."""
        if not settled[i]:
            return None
        if name == "score":
            return Fraction(hundredths_list[i], 100)
        if name in ("gates_failed", "years_served"):
            # read from the scored columns, not from ``cols``: a function held in ``cols``
            # and reading it would be a reference cycle, which keeps every field's columns
            # alive until the collector runs (and evaluate pauses it)
            return Fraction(int(scored.cols[name][0][i]))
        indicator = ratio_indicators.get(name)
        if indicator is not None:
            return _exact_ratio(fp, indicator, givens[i])
        if name.startswith("competence_") and name[len("competence_"):] in fields:
            return group[i].competences.get(name[len("competence_"):], Fraction(0))
        threshold: Fraction | None = field.thresholds.get(name)
        return threshold  # None for anything else (best_competence): left to the exact path

    cols[_EXACT] = (exact_value, None)
    units = scored.units
    m = len(hundredths_list)
    undecided = np.ones(m, dtype=bool)
    decided = np.full(m, -1, dtype=np.int64)
    for position, (compiled, predicate) in enumerate(rules):
        if not undecided.any():
            break
        scope = compiled.rule.units
        tried = undecided if scope is None else undecided & np.isin(units, list(scope))
        if predicate is None:
            if compiled.constant:
                decided[tried] = position
                undecided &= ~tried
            continue
        if "best_competence" not in cols and ColumnPlan.reads_competences(compiled):
            # read for the consultants still undecided only (the others' are never read)
            _competences(scored.plan, fp.field.id, group, cols,
                         np.flatnonzero(undecided).tolist())
        holds, near = predicate(cols)
        close |= tried & near
        now = tried & holds & ~near
        decided[now] = position
        undecided &= ~now
    return decided, close


def exact_hundredths(cp: ColumnPlan, fp: FieldPlan,
                      given: Mapping[str, Achievement | Achieved]) -> int:
    """One consultant's score rounded to 2 decimals, in hundredths, exactly (the field's
    scorer on the exact ratios, as :func:`plut_rules.engine.scoring.measure`)."""
    indicators = fp.field.indicators
    scorer = cp.plan.runtime.scorers[fp.field.id]
    if type(scorer) is WeightedRatio:  # the built-in one (not a subclass): in integers
        return _weighted_hundredths(fp, given)
    ratios = [_exact_ratio(fp, indicator, given) for indicator in indicators]
    score = scorer.score(ratios, [indicator.weight for indicator in indicators], fp.cap)
    return int(round_half_away(score.value, 2) * 100)


def _weighted_hundredths(fp: FieldPlan, given: Mapping[str, Achievement | Achieved]) -> int:
    """:func:`exact_hundredths` of :class:`~plut_rules.scorers.WeightedRatio` in integers
    (ratios as ``indicator_ratio``, capped, weighted, summed, rounded half away): no
    Fraction and gcd per step for the twentieth of a roster at a rounding half."""
    cap = fp.cap
    cap_n, cap_d = cap.numerator, cap.denominator
    num, den = 0, 1
    for indicator in fp.field.indicators:
        a = given.get(indicator.id)
        target = a.target if a is not None and a.target is not None else indicator.target
        value = a.achievement if a is not None else _ZERO  # missing: counted as 0
        rn, rd = ratio_terms(value, target, indicator.direction == "lower", cap)
        weight = indicator.weight
        wn, wd = (0, 1) if weight is None else (weight.numerator, weight.denominator)
        cn, cd = capped_contribution(rn, rd, wn, wd, cap_n, cap_d)
        num, den = num * cd + cn * den, den * cd
    return hundredths_half_away(num, den)


def _exact_ratio(fp: FieldPlan, indicator: Indicator,
                 given: Mapping[str, Achievement | Achieved]) -> Fraction:
    """One consultant's exact ratio of ``indicator`` (as :mod:`plut_rules.engine.scoring`)."""
    a = given.get(indicator.id)
    target = a.target if a is not None and a.target is not None else indicator.target
    value = a.achievement if a is not None else Fraction(0)
    return indicator_ratio(value, target, indicator.direction == "lower", fp.cap)


def _competences(plan: Plan, field: str, group: Sequence[Consultant],
                 cols: dict[str, Column], rows: list[int]) -> None:
    """The competence columns, read for the consultants at ``rows`` (0 for the others)."""
    import numpy as np

    column = {fid: j for j, fid in enumerate(plan.field_ids)}
    levels_of = attribute_of(group, "competences")
    entries = [(i, column.get(fid), level) for i in rows
               for fid, level in levels_of[i].items()]
    entries = [e for e in entries if e[1] is not None]
    levels = np.zeros((len(group), len(column)))
    fractional = np.zeros((len(group), len(column)), dtype=bool)
    if entries:
        where = (np.array([e[0] for e in entries], dtype=np.int64),
                 np.array([e[1] for e in entries], dtype=np.int64))
        levels[where] = as_floats([e[2] for e in entries])
        fractional[where] = [e[2].denominator != 1 for e in entries]
    for fid, j in column.items():
        cols[f"competence_{fid}"] = (levels[:, j], ~fractional[:, j])
    others = levels.copy()
    if field in column:
        others[:, column[field]] = 0.0
    best = np.maximum(others.max(axis=1), 0.0) if column else np.zeros(len(group))
    # a best level is whole only when every level equal to it (in floats) is whole
    tied = (others == best[:, None]) & fractional
    cols["best_competence"] = (best, ~tied.any(axis=1))
