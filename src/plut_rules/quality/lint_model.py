"""The z3 model of a policy: one field's consultants as z3 variables and constraints.

:class:`FieldModel` ties the rule variables to what a real consultant can have
(see :mod:`plut_rules.quality.linter`), translates rule conditions into z3
formulas and turns a model of the solver back into a :class:`Witness`.  The z3
module is handed in by the caller, so importing this module does not import z3.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from plut_rules import lang as E
from plut_rules.model import Achievement, Consultant, Field, Policy
from plut_rules.quality.lint_findings import Witness, terminating

if TYPE_CHECKING:
    from plut_rules.policy import CompiledRule

__all__ = ["BUILTIN_SCORERS", "FieldModel", "Untranslatable", "realise", "score_range"]

BUILTIN_SCORERS = ("weighted_ratio", "target_count", "minimum_ratio")
_TIMEOUT_MS = 30_000


def score_range(field: Field) -> tuple[Fraction, Fraction] | None:
    """The least and greatest exact score of a built-in scorer in ``field`` (None otherwise)."""
    if field.scoring == "weighted_ratio":
        return Fraction(0), 100 * field.cap * sum((i.weight or Fraction(0)
                                                   for i in field.indicators), Fraction(0))
    if field.scoring == "target_count":
        return Fraction(0), Fraction(100)
    if field.scoring == "minimum_ratio":
        return Fraction(0), 100 * field.cap
    return None


class Untranslatable(Exception):
    """The expression is outside what the translation handles exactly."""


def _real(z3: Any, value: Fraction) -> Any:
    return z3.RealVal(f"{value.numerator}/{value.denominator}")


class FieldModel:
    """The variables of one field's consultants and the constraints tying them together."""

    def __init__(self, z3: Any, policy: Policy, field: Field) -> None:
        self.z3 = z3
        self.policy = policy
        self.field = field
        self.exact = field.scoring in BUILTIN_SCORERS
        cap = _real(z3, field.cap)
        self.constraints: list[Any] = []
        self.vars: dict[str, Any] = {}
        self.ratios: list[Any] = []
        capped: list[Any] = []
        gates: list[Any] = []
        for ind in field.indicators:
            r = z3.Real(f"ratio_{ind.id}")
            self.constraints.append(r > 0 if ind.direction == "lower" else r >= 0)
            self.ratios.append(r)
            self.vars[f"ratio_{ind.id}"] = r
            capped.append(z3.If(r < cap, r, cap))
            if ind.minimum is not None:
                gates.append(z3.If(r < _real(z3, ind.minimum), z3.RealVal(1), z3.RealVal(0)))
        exact = z3.Real("exact_score")
        n = len(field.indicators)
        if field.scoring == "weighted_ratio":
            self.constraints.append(exact == 100 * z3.Sum(
                [_real(z3, ind.weight or Fraction(0)) * c
                 for ind, c in zip(field.indicators, capped, strict=True)]))
        elif field.scoring == "target_count":
            self.constraints.append(exact == z3.Sum(
                [z3.If(r >= 1, _real(z3, Fraction(100, n)), z3.RealVal(0))
                 for r in self.ratios]))
        elif field.scoring == "minimum_ratio":
            low = capped[0]
            for c in capped[1:]:
                low = z3.If(c < low, c, low)
            self.constraints.append(exact == 100 * low)
        hundredths = z3.Int("score_hundredths")
        score = z3.Real("score")
        self.constraints.append(score == z3.ToReal(hundredths) / 100)
        if self.exact:
            # half away from zero, for a score >= 0: k = floor(100 * exact + 1/2)
            self.constraints += [z3.ToReal(hundredths) <= 100 * exact + z3.RealVal("1/2"),
                                 100 * exact + z3.RealVal("1/2") < z3.ToReal(hundredths) + 1]
        self.vars["score"] = score
        self.exact_score = exact
        gates_failed = z3.Real("gates_failed")
        self.constraints.append(gates_failed == (z3.Sum(gates) if gates else z3.RealVal(0)))
        self.vars["gates_failed"] = gates_failed
        served = z3.Int("years_served_int")
        years = z3.Real("years_served")
        self.constraints += [served >= 0, years == z3.ToReal(served)]
        self.vars["years_served"] = years
        best: Any = z3.RealVal(0)
        self.competences: dict[str, Any] = {}
        for f in policy.fields:
            c = z3.Real(f"competence_{f.id}")
            self.constraints += [c >= 0, c <= 100]
            self.vars[f"competence_{f.id}"] = c
            self.competences[f.id] = c
            if f.id != field.id:
                best = z3.If(c > best, c, best)
        b = z3.Real("best_competence")
        self.constraints.append(b == best)
        self.vars["best_competence"] = b

    # ------------------------------------------------------------------ translation

    def translate(self, node: E.Node, unit: str) -> Any:
        """``node`` as a z3 term in ``unit``; raises :class:`Untranslatable`."""
        z3 = self.z3
        if isinstance(node, E.NumberLit):
            return _real(z3, node.value)
        if isinstance(node, E.StringLit):
            return node.value
        if isinstance(node, E.BoolLit):
            return z3.BoolVal(node.value)
        if isinstance(node, E.Var):
            if node.name == "field":
                return self.field.id
            if node.name == "unit":
                return unit
            if node.name in self.field.thresholds:
                return _real(z3, self.field.thresholds[node.name])
            if node.name in self.vars:
                return self.vars[node.name]
            raise Untranslatable(f"variable {node.name!r} is not known in field {self.field.id!r}")
        if isinstance(node, E.Neg):
            return -self.translate(node.operand, unit)
        if isinstance(node, E.Not):
            return z3.Not(self.translate(node.operand, unit))
        if isinstance(node, E.Arith):
            left = self.translate(node.left, unit)
            right = self.translate(node.right, unit)
            if node.op == "+":
                return left + right
            if node.op == "-":
                return left - right
            if node.op == "*":
                if not (self._constant(left) or self._constant(right)):
                    raise Untranslatable(
                        f"'{E.unparse(node)}' multiplies two variables; the analysis "
                        "handles only linear arithmetic (a variable times a number)")
                return left * right
            if not self._constant(right):
                raise Untranslatable(f"'{E.unparse(node)}' divides by a variable; the analysis "
                                     "handles only division by a number")
            if z3.simplify(right).eq(z3.RealVal(0)):
                raise Untranslatable(
                    f"'{E.unparse(node)}' divides by zero: evaluating it is an error")
            return left / right
        if isinstance(node, E.Compare):
            left = self.translate(node.left, unit)
            right = self.translate(node.right, unit)
            if isinstance(left, str) or isinstance(right, str):
                same = left == right
                return z3.BoolVal(same if node.op == "==" else not same)
            ops = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
                   ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
                   "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
            return ops[node.op](left, right)
        if isinstance(node, E.In):
            item = self.translate(node.item, unit)
            options = [self.translate(o, unit) for o in node.options]
            if isinstance(item, str):
                return z3.BoolVal(item in options)
            return z3.Or([item == o for o in options if not isinstance(o, str)] or
                         [z3.BoolVal(False)])
        if isinstance(node, E.And):
            return z3.And(self.translate(node.left, unit), self.translate(node.right, unit))
        if isinstance(node, E.Or):
            return z3.Or(self.translate(node.left, unit), self.translate(node.right, unit))
        raise Untranslatable(f"unsupported expression {type(node).__name__}")  # pragma: no cover

    def _constant(self, expr: Any) -> bool:
        z3 = self.z3
        return bool(z3.is_rational_value(z3.simplify(expr)))

    def condition(self, compiled: CompiledRule, unit: str) -> Any:
        """The rule's condition as a z3 formula; raises :class:`Untranslatable`."""
        if compiled.condition is None:
            return self.z3.BoolVal(bool(compiled.constant))
        return self.translate(compiled.condition.root, unit)

    # ------------------------------------------------------------------ solving

    def solver(self) -> Any:
        """A fresh solver holding this field's constraints."""
        s = self.z3.Solver()
        s.set("timeout", _TIMEOUT_MS)
        s.add(*self.constraints)
        return s

    def value(self, model: Any, expr: Any) -> Fraction:
        """The exact value of ``expr`` in a z3 ``model``."""
        v = model.eval(expr, model_completion=True)
        if self.z3.is_int_value(v):
            return Fraction(v.as_long())
        return Fraction(v.numerator_as_long(), v.denominator_as_long())

    def witness(self, solver: Any, unit: str, tidy: bool = True) -> Witness | None:
        """A witness from a satisfiable ``solver`` (tidier numbers first, when they exist)."""
        z3 = self.z3
        model = None
        if tidy:
            for scale in (1, 100):
                solver.push()
                for f, c in self.competences.items():
                    k = z3.Int(f"tidy_c_{f}")
                    solver.add(c * scale == z3.ToReal(k))
                for ind, r in zip(self.field.indicators, self.ratios, strict=True):
                    k = z3.Int(f"tidy_r_{ind.id}")
                    if ind.direction == "higher":
                        solver.add(r * _real(z3, ind.target) * scale == z3.ToReal(k))
                    else:
                        solver.add(r * scale == z3.ToReal(k))
                if solver.check() == z3.sat:
                    model = solver.model()
                solver.pop()
                if model is not None:
                    break
        if model is None:
            if solver.check() != z3.sat:
                return None
            model = solver.model()
        values: dict[str, E.Value] = {name: self.value(model, v) for name, v in self.vars.items()}
        values.update(self.field.thresholds)
        values["field"] = self.field.id
        values["unit"] = unit
        consultant: Consultant | None = None
        achievements: list[Achievement] = []
        if self.exact:
            years = values["years_served"]
            assert isinstance(years, Fraction)
            cid = f"LINT-{self.field.id}-{unit}"
            comps = {f: self.value(model, c) for f, c in self.competences.items()}
            consultant = Consultant(cid, cid, unit, self.field.id,
                                    self.policy.year - int(years),
                                    {f: v for f, v in comps.items() if v != 0})
            for ind, r in zip(self.field.indicators, self.ratios, strict=True):
                ratio = self.value(model, r)
                achievement, target = realise(ratio, ind.target, ind.direction == "lower",
                                              self.field.cap)
                achievements.append(Achievement(cid, ind.id, achievement, target))
        return Witness(self.field.id, unit, values, consultant, tuple(achievements))


def realise(ratio: Fraction, target: Fraction, lower: bool,
            cap: Fraction) -> tuple[Fraction, Fraction | None]:
    """An achievement (and a target override where needed) whose ratio is exactly ``ratio``."""
    if not lower:
        achievement = ratio * target
        if terminating(achievement, 4):
            return achievement, None
        return Fraction(ratio.numerator), Fraction(ratio.denominator)
    if ratio == cap:
        return Fraction(0), None
    achievement = target / ratio
    if terminating(achievement, 4):
        return achievement, None
    if terminating(ratio, 4):  # ratio = target / achievement = ratio / 1
        return Fraction(1), ratio
    # ratio = target / achievement = p / q
    return Fraction(ratio.denominator), Fraction(ratio.numerator)

