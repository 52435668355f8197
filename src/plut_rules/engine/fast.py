"""The float fast path: decisions in binary floating point, with an exact re-check.

Contract §2.2 wants exact arithmetic.  Floats get the same answers whenever no
comparison and no rounding is close to its boundary: every ratio is one float
division of two correctly rounded inputs (relative error below 4e-16), and a
weighted sum of non-negative terms keeps that relative error.  So every
comparison and the rounding of the score to 2 decimals is checked against a
tolerance (1e-9, relative) far wider than those errors; when one falls inside
it, :class:`Close` is raised and the engine redoes that consultant exactly.
Exact integers (``gates_failed``, ``years_served``, whole thresholds,
competences and scores) are kept as ``int``, so a tie between two of them is
decided exactly without a re-check.

Only what is certain to be exact this way is compiled: comparisons of
variables and number literals, ``in`` over string literals, ``and``, ``or``,
``not``, and the three built-in scorers.  A policy using anything else (an
arithmetic expression, a third-party scorer) is evaluated exactly.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from plut_rules.lang import And, BoolLit, Compare, In, Node, Not, NumberLit, Or, StringLit, Var
from plut_rules.model import Consultant, Field, Policy
from plut_rules.policy import CompiledRule, Runtime
from plut_rules.scorers import MinimumRatio, TargetCount, WeightedRatio

__all__ = ["Close", "FieldPlan", "Plan", "plan_for"]

TOL = 1e-9
_Pred = Callable[[Mapping[str, Any]], bool]


class Close(Exception):
    """A float result too near a boundary to be trusted: redo the consultant exactly."""


def _number(value: Fraction) -> int | float:
    """An exact int when whole, else the nearest float."""
    return value.numerator if value.denominator == 1 else float(value)


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}


def _operand(node: Node) -> tuple[str | None, Any] | None:
    if isinstance(node, Var):
        return (node.name, None)
    if isinstance(node, NumberLit):
        return (None, _number(node.value))
    if isinstance(node, StringLit):
        return (None, node.value)
    return None


def _compare(op_name: str, left: tuple[str | None, Any], right: tuple[str | None, Any]) -> _Pred:
    op = _OPS[op_name]
    ln, lc = left
    rn, rc = right

    def compare(v: Mapping[str, Any]) -> bool:
        a = v[ln] if ln is not None else lc
        b = v[rn] if rn is not None else rc
        if type(a) is str or type(b) is str:
            return bool(op(a, b))
        d = a - b
        close = -TOL <= d <= TOL or abs(d) <= TOL * (abs(a) + abs(b))
        if close and (type(a) is not int or type(b) is not int):
            raise Close
        return bool(op(a, b))

    return compare


def compile_fast(node: Node) -> _Pred | None:
    """A float predicate with a re-check for ``node``, or None when it is not supported."""
    if isinstance(node, BoolLit):
        constant = node.value
        return lambda v: constant
    if isinstance(node, Compare):
        left, right = _operand(node.left), _operand(node.right)
        if left is None or right is None:
            return None
        return _compare(node.op, left, right)
    if isinstance(node, In):
        strings = all(isinstance(o, StringLit) for o in node.options)
        if not isinstance(node.item, Var) or not strings:
            return None
        name = node.item.name
        pool = frozenset(o.value for o in node.options if isinstance(o, StringLit))

        def member(v: Mapping[str, Any]) -> bool:
            item = v[name]
            if type(item) is not str:
                raise Close  # a number in a list of strings: leave it to the exact evaluator
            return item in pool

        return member
    if isinstance(node, Not):
        inner = compile_fast(node.operand)
        if inner is None:
            return None
        return lambda v: not inner(v)
    if isinstance(node, And | Or):
        a, b = compile_fast(node.left), compile_fast(node.right)
        if a is None or b is None:
            return None
        if isinstance(node, And):
            return lambda v: a(v) and b(v)
        return lambda v: a(v) or b(v)
    return None


class FieldPlan:
    """One field's constants, converted once."""

    __slots__ = ("cap", "cap_f", "field", "indicators", "kind", "thresholds")

    def __init__(self, field: Field, scorer: object) -> None:
        self.field = field
        self.cap = field.cap
        self.cap_f = float(field.cap)
        self.thresholds = {k: _number(v) for k, v in field.thresholds.items()}
        self.indicators = tuple(
            (ind.id, float(ind.target), 0.0 if ind.weight is None else float(ind.weight),
             None if ind.minimum is None else float(ind.minimum), ind.direction == "lower",
             f"ratio_{ind.id}")
            for ind in field.indicators)
        kind = type(scorer)
        self.kind = ("weighted" if kind is WeightedRatio else "count" if kind is TargetCount
                     else "minimum" if kind is MinimumRatio else None)


class Plan:
    """The fast path's view of a policy; ``rules`` is None for a (field, unit) it cannot do."""

    def __init__(self, policy: Policy, runtime: Runtime) -> None:
        self.policy = policy
        self.runtime = runtime
        self.field_ids = [f.id for f in policy.fields]
        self.fields = {f.id: FieldPlan(f, runtime.scorers[f.id]) for f in policy.fields}
        self.field_objects = {f.id: f for f in policy.fields}
        self.units = {u.id: u for u in policy.units}
        self.variables: set[str] = set()
        self.predicates: dict[int, _Pred | None] = {}
        for compiled in runtime.rules:
            if compiled.condition is None:
                self.predicates[id(compiled)] = None
                continue
            self.variables.update(compiled.condition.variables)
            self.predicates[id(compiled)] = compile_fast(compiled.condition.root)
        self.rules: dict[tuple[str, str], tuple[tuple[CompiledRule, _Pred | None], ...] | None] = {}
        self.scores: dict[int, Fraction] = {}

    def rules_for(self, field: str, unit: str
                  ) -> tuple[tuple[CompiledRule, _Pred | None], ...] | None:
        key = (field, unit)
        if key in self.rules:
            return self.rules[key]
        found: tuple[tuple[CompiledRule, _Pred | None], ...] | None = tuple(
            (c, self.predicates[id(c)]) for c in self.runtime.rules_for(field, unit))
        assert found is not None
        if self.fields[field].kind is None or any(
                c.condition is not None and p is None for c, p in found):
            found = None
        self.rules[key] = found
        return found

    def score(self, hundredths: int) -> Fraction:
        found = self.scores.get(hundredths)
        if found is None:
            found = Fraction(hundredths, 100)
            if len(self.scores) < 100_000:
                self.scores[hundredths] = found
        return found


def plan_for(policy: Policy) -> Plan:
    """The policy's plan, built once and kept on its runtime."""
    runtime: Runtime = policy._compiled
    plan = runtime.plans.get("fast")
    if plan is None or plan.policy is not policy:
        plan = runtime.plans["fast"] = Plan(policy, runtime)
    assert isinstance(plan, Plan)
    return plan


def decide(plan: Plan, c: Consultant, given: Mapping[str, Any]
           ) -> tuple[FieldPlan, Fraction, CompiledRule] | None:
    """The rounded score and the deciding rule in floats; None when only the exact path can
    tell (raises :class:`Close` near a boundary, ZeroDivisionError never: no arithmetic)."""
    fp = plan.fields[c.field]
    rules = plan.rules_for(c.field, c.unit)
    if rules is None:
        return None
    cap = fp.cap_f
    gates = 0
    wanted = plan.variables
    values: dict[str, Any] = dict(fp.thresholds)
    total = 0.0
    lowest = None
    hits = 0
    for ind_id, policy_target, weight, minimum, lower, ratio_name in fp.indicators:
        a = given.get(ind_id)
        target = policy_target
        if a is None:
            v = 0.0
        else:
            ach = a.achievement
            v = ach.numerator / ach.denominator
            if a.target is not None:
                t = a.target
                target = t.numerator / t.denominator
        # scorers.indicator_ratio and the built-in scorers' formulas, in floats
        r = (cap if v == 0 else target / v) if lower else v / target
        if minimum is not None:
            d = r - minimum
            if abs(d) <= TOL * (r + minimum) or -TOL <= d <= TOL:
                raise Close
            if d < 0:
                gates += 1
        capped = r if r < cap else cap
        total += weight * capped
        if lowest is None or capped < lowest:
            lowest = capped
        if fp.kind == "count":
            d = r - 1.0
            if -TOL * (r + 1.0) <= d <= TOL * (r + 1.0):
                raise Close
            if d >= 0:
                hits += 1
        if ratio_name in wanted:
            values[ratio_name] = r
    kind = fp.kind
    if kind == "count":
        n = len(fp.indicators)
        exact = Fraction(100 * hits, n) if n else Fraction(0)
        scaled = exact * 100
        k = (2 * scaled.numerator + scaled.denominator) // (2 * scaled.denominator)
    else:
        x = (total if kind == "weighted" else (lowest or 0.0)) * 10_000.0
        k = int(x + 0.5)
        frac = x + 0.5 - k
        margin = TOL * (x + 1.0)
        if frac <= margin or frac >= 1.0 - margin:
            raise Close
    score = plan.score(k)
    if "score" in wanted:
        values["score"] = k // 100 if k % 100 == 0 else k / 100
    values["gates_failed"] = gates
    values["years_served"] = plan.policy.year - c.appointed
    values["field"] = c.field
    values["unit"] = c.unit
    if "best_competence" in wanted or any(n.startswith("competence_") for n in wanted):
        best: int | float = 0
        levels = c.competences
        for fid in plan.field_ids:
            level = levels.get(fid)
            number = 0 if level is None else _number(level)
            values[f"competence_{fid}"] = number
            if fid != c.field and number > best:
                best = number
        values["best_competence"] = best
    for compiled, predicate in rules:
        if predicate is None:
            if compiled.constant:
                return fp, score, compiled
            continue
        if predicate(values):
            return fp, score, compiled
    return None
