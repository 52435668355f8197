"""Static analysis of a policy's rules: proofs with the SMT solver z3.

For every field and unit the policy covers, the rules in scope are translated
into z3 formulas over the rule variables, and the variables are tied to what
a real consultant can have: each indicator's ratio is a variable (>= 0; > 0
for a ``lower`` indicator), the score is the field's built-in scorer applied
to those ratios and rounded to 2 decimals (half away from zero), gates are
counted from the same ratios, competences lie in 0..100, ``best_competence``
is their maximum over the other fields, ``years_served`` is a whole number
>= 0, thresholds are the field's numbers, and ``field`` and ``unit`` are the
scope's ids.  The model is exact for the built-in scorers, so z3's answers are
proofs: "unsat" means no consultant at all, "sat" comes with a model that is
turned into a real consultant and achievements (a ratio ``p/q`` that the
policy's target cannot give is written as achievement ``p`` with a target
override ``q``) and checked with the engine before it is reported.

What the translation cannot reason about exactly (a product or a quotient of
two variables, a division by zero, a third-party scorer) never yields a wrong
answer: the finding is ``lint-unknown`` with the reason.

A rule is ``lint-shadowed`` when it decides in no (field, unit) of its scope,
and ``lint-partly-shadowed`` when it decides in some but, in others where its
condition can hold, every consultant for whom it holds is decided first by
earlier rules: each such combination is proven on its own, with the rules
that shadow it there and a witness checked with the engine.

Finding codes: ``lint-gap``, ``lint-shadowed``, ``lint-partly-shadowed``,
``lint-never-holds``, ``lint-unreachable-threshold``, ``lint-unknown``.  ``lint-unavailable``
is the problem raised when z3 is not installed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import attrs

from plut_rules.errors import Location, PlutRulesError, Problem
from plut_rules.exact import decimal_text
from plut_rules.lang import (
    And,
    Arith,
    BoolLit,
    Compare,
    In,
    Neg,
    Node,
    Not,
    NumberLit,
    Or,
    StringLit,
    Value,
    Var,
    unparse,
    walk,
)
from plut_rules.model import Achievement, Consultant, Field, Policy

if TYPE_CHECKING:
    from plut_rules.policy.loader import CompiledRule

__all__ = ["BUILTIN_SCORERS", "Finding", "LintUnavailable", "ShadowedScope", "Witness", "lint",
           "score_range"]

FindingSeverity = Literal["error", "warning", "info"]
BUILTIN_SCORERS = ("weighted_ratio", "target_count", "minimum_ratio")
_TIMEOUT_MS = 30_000


class LintUnavailable(PlutRulesError):
    """z3 (the optional extra ``lint``) is not installed."""


def _z3() -> Any:
    try:
        import z3
    except ImportError:
        raise LintUnavailable([Problem(
            "lint-unavailable",
            "the policy linter needs the SMT solver z3, which is not installed; install it "
            "with: pip install 'plut-rules[lint]' (or: pip install z3-solver)")]) from None
    return z3


@attrs.frozen
class Witness:
    """A concrete consultant found by the analysis.

    ``values`` are the rule variables the consultant has (``score``,
    ``gates_failed``, ``ratio_<i>``...); ``consultant`` and ``achievements``
    realise them (None/empty when they could not be built); ``decided_by`` is
    the rule that decides it (None for a gap).
    """

    field: str
    unit: str
    values: dict[str, Value]
    consultant: Consultant | None
    achievements: tuple[Achievement, ...]
    decided_by: str | None = None

    def summary(self) -> str:
        """The witness in one line: field, unit and the variables that matter."""
        parts = [f"field {self.field}", f"unit {self.unit}"]
        for name in ("score", "gates_failed", "years_served", "best_competence"):
            parts.append(f"{name} {_num(self.values[name])}")
        for name, value in sorted(self.values.items()):
            if name.startswith("competence_") and value != 0:
                parts.append(f"{name} {_num(value)}")
        for name, value in sorted(self.values.items()):
            if name.startswith("ratio_"):
                parts.append(f"{name} {_num(value)}")
        return ", ".join(parts)

    def case_yaml(self, name: str, outcome: str = "replace", comment: str = "") -> str:
        """The witness as a test case to paste under ``cases:`` of a test file."""
        c = self.consultant
        if c is None:
            return ""
        lines = [f"  - name: {name}", f"    unit: {c.unit}", f"    field: {c.field}",
                 f"    appointed: {c.appointed}"]
        comps = {k: v for k, v in c.competences.items() if v != 0}
        if comps:
            lines.append("    competences: {" + ", ".join(f"{k}: {_num(v)}"
                                                      for k, v in comps.items()) + "}")
        lines.append("    achievements:")
        for a in self.achievements:
            if a.target is None:
                lines.append(f"      {a.indicator}: {_num(a.achievement)}")
            else:
                lines.append(f"      {a.indicator}: {{achievement: {_num(a.achievement)}, "
                             f"target: {_num(a.target)}}}")
        lines.append(f"    expect: {{outcome: {outcome}}}" + (f"   # {comment}" if comment else ""))
        return "\n".join(lines) + "\n"


@attrs.frozen
class ShadowedScope:
    """One (field, unit) in which a rule never decides: the rules that always match first
    there, and a consultant for whom the rule holds there (decided by one of them)."""

    field: str
    unit: str
    shadowed_by: tuple[str, ...]
    witness: Witness | None = None


@attrs.frozen
class Finding:
    """One result of the analysis, with where to look and, where one exists, a witness.

    ``scopes`` (``lint-partly-shadowed`` only) lists every (field, unit) in which the rule
    never decides, each with its shadowing rules and witness; ``witness`` is the first's.
    """

    code: str
    severity: FindingSeverity
    message: str
    rule: str | None = None
    location: Location | None = None
    witness: Witness | None = None
    shadowed_by: tuple[str, ...] = ()
    scopes: tuple[ShadowedScope, ...] = ()

    def __str__(self) -> str:
        where = f"{self.location.file}:{self.location.line}: " if self.location else ""
        text = f"{where}{self.severity}: {self.code}: {self.message}"
        if self.scopes:
            for scope in self.scopes:
                if scope.witness is not None:
                    text += (f"\n    example (decided by {scope.witness.decided_by}): "
                             f"{scope.witness.summary()}")
        elif self.witness is not None:
            text += f"\n    example: {self.witness.summary()}"
        return text


def _num(value: Any) -> str:
    if isinstance(value, Fraction):
        if _terminating(value):
            return decimal_text(value)
        return f"{value.numerator}/{value.denominator}"
    return str(value)


def _terminating(value: Fraction, max_places: int = 6) -> bool:
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return den == 1 and (10**max_places) % value.denominator == 0


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


# --------------------------------------------------------------------------- the z3 model


class _Unknown(Exception):
    """The expression is outside what the translation handles exactly."""


def _real(z3: Any, value: Fraction) -> Any:
    return z3.RealVal(f"{value.numerator}/{value.denominator}")


class _FieldModel:
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

    def translate(self, node: Node, unit: str) -> Any:
        z3 = self.z3
        if isinstance(node, NumberLit):
            return _real(z3, node.value)
        if isinstance(node, StringLit):
            return node.value
        if isinstance(node, BoolLit):
            return z3.BoolVal(node.value)
        if isinstance(node, Var):
            if node.name == "field":
                return self.field.id
            if node.name == "unit":
                return unit
            if node.name in self.field.thresholds:
                return _real(z3, self.field.thresholds[node.name])
            if node.name in self.vars:
                return self.vars[node.name]
            raise _Unknown(f"variable {node.name!r} is not known in field {self.field.id!r}")
        if isinstance(node, Neg):
            return -self.translate(node.operand, unit)
        if isinstance(node, Not):
            return z3.Not(self.translate(node.operand, unit))
        if isinstance(node, Arith):
            left = self.translate(node.left, unit)
            right = self.translate(node.right, unit)
            if node.op == "+":
                return left + right
            if node.op == "-":
                return left - right
            if node.op == "*":
                if not (self._constant(left) or self._constant(right)):
                    raise _Unknown(f"'{unparse(node)}' multiplies two variables; the analysis "
                                   "handles only linear arithmetic (a variable times a number)")
                return left * right
            if not self._constant(right):
                raise _Unknown(f"'{unparse(node)}' divides by a variable; the analysis "
                               "handles only division by a number")
            if z3.simplify(right).eq(z3.RealVal(0)):
                raise _Unknown(f"'{unparse(node)}' divides by zero: evaluating it is an error")
            return left / right
        if isinstance(node, Compare):
            left = self.translate(node.left, unit)
            right = self.translate(node.right, unit)
            if isinstance(left, str) or isinstance(right, str):
                same = left == right
                return z3.BoolVal(same if node.op == "==" else not same)
            ops = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
                   ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
                   "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
            return ops[node.op](left, right)
        if isinstance(node, In):
            item = self.translate(node.item, unit)
            options = [self.translate(o, unit) for o in node.options]
            if isinstance(item, str):
                return z3.BoolVal(item in options)
            return z3.Or([item == o for o in options if not isinstance(o, str)] or
                         [z3.BoolVal(False)])
        if isinstance(node, And):
            return z3.And(self.translate(node.left, unit), self.translate(node.right, unit))
        if isinstance(node, Or):
            return z3.Or(self.translate(node.left, unit), self.translate(node.right, unit))
        raise _Unknown(f"unsupported expression {type(node).__name__}")  # pragma: no cover

    def _constant(self, expr: Any) -> bool:
        z3 = self.z3
        return bool(z3.is_rational_value(z3.simplify(expr)))

    def condition(self, compiled: CompiledRule, unit: str) -> Any:
        """The rule's condition as a z3 formula; raises :class:`_Unknown`."""
        if compiled.condition is None:
            return self.z3.BoolVal(bool(compiled.constant))
        return self.translate(compiled.condition.root, unit)

    # ------------------------------------------------------------------ solving

    def solver(self) -> Any:
        s = self.z3.Solver()
        s.set("timeout", _TIMEOUT_MS)
        s.add(*self.constraints)
        return s

    def value(self, model: Any, expr: Any) -> Fraction:
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
        values: dict[str, Value] = {name: self.value(model, v) for name, v in self.vars.items()}
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
                achievement, target = _realise(ratio, ind.target, ind.direction == "lower",
                                               self.field.cap)
                achievements.append(Achievement(cid, ind.id, achievement, target))
        return Witness(self.field.id, unit, values, consultant, tuple(achievements))


def _realise(ratio: Fraction, target: Fraction, lower: bool,
             cap: Fraction) -> tuple[Fraction, Fraction | None]:
    """An achievement (and a target override where needed) whose ratio is exactly ``ratio``."""
    if not lower:
        achievement = ratio * target
        if _terminating(achievement, 4):
            return achievement, None
        return Fraction(ratio.numerator), Fraction(ratio.denominator)
    if ratio == cap:
        return Fraction(0), None
    achievement = target / ratio
    if _terminating(achievement, 4):
        return achievement, None
    if _terminating(ratio, 4):  # ratio = target / achievement = ratio / 1
        return Fraction(1), ratio
    # ratio = target / achievement = p / q
    return Fraction(ratio.denominator), Fraction(ratio.numerator)


# --------------------------------------------------------------------------- the analysis


@attrs.define
class _RuleState:
    compiled: CompiledRule
    scopes: int = 0
    holds: bool = False
    decides: bool = False
    unknown: str | None = None
    undecided_scopes: bool = False  # some scope's answer was unknown
    shadowed_by: set[str] = attrs.field(factory=set)
    # the scopes where it holds but never decides: (model, unit, shadowing rules)
    shadowed_scopes: list[tuple[_FieldModel, str, tuple[str, ...]]] = attrs.field(factory=list)


def _scopes(policy: Policy) -> Iterator[tuple[Field, str]]:
    for field in policy.fields:
        for unit in policy.units:
            yield field, unit.id


def _engine_check(policy: Policy, witness: Witness) -> str | None:
    """Evaluate a realised witness with the engine: the deciding rule, or None if undecided."""
    from plut_rules.engine.evaluation import evaluate
    from plut_rules.errors import EvaluationError

    assert witness.consultant is not None
    try:
        evaluation = evaluate(policy, [witness.consultant], list(witness.achievements),
                              explain=False)
    except EvaluationError as exc:
        if any(p.code == "undecided" for p in exc.problems):
            return None
        raise
    return evaluation.decisions[0].rule


def _first_holding(rules: Sequence[CompiledRule], values: dict[str, Value]) -> str | None:
    for compiled in rules:
        if compiled.condition is None:
            if compiled.constant:
                return compiled.rule.id
            continue
        try:
            if compiled.condition.evaluate(values) is True:
                return compiled.rule.id
        except ZeroDivisionError:
            return None
    return None


def lint(policy: Policy) -> list[Finding]:
    """Every finding of the static analysis of ``policy``'s rules, most severe first.

    Raises :class:`LintUnavailable` when z3 is not installed.
    """
    z3 = _z3()
    runtime = policy._compiled
    states = {c.rule.id: _RuleState(c) for c in runtime.rules}
    findings: list[Finding] = []
    unknown_scopes: list[tuple[str, str, str]] = []
    threshold_seen: set[tuple[str, str]] = set()
    for field, unit in _scopes(policy):
        fm = _FieldModel(z3, policy, field)
        rules = runtime.rules_for(field.id, unit)
        conds: list[Any] = []
        for compiled in rules:
            state = states[compiled.rule.id]
            state.scopes += 1
            try:
                conds.append(fm.condition(compiled, unit))
            except _Unknown as exc:
                conds.append(None)
                state.unknown = str(exc)
        # never-holds and shadowing, rule by rule
        for k, compiled in enumerate(rules):
            state = states[compiled.rule.id]
            cond = conds[k]
            if cond is None:
                continue
            s = fm.solver()
            s.add(cond)
            result = s.check()
            if result == z3.unknown:
                state.undecided_scopes = True
                continue
            if result == z3.unsat:
                continue
            state.holds = True
            s2 = fm.solver()
            s2.add(cond)
            s2.add(*[z3.Not(c) for c in conds[:k] if c is not None])
            result = s2.check()
            if result == z3.sat:
                state.decides = True
            elif result == z3.unsat:
                by = _takers(fm, cond, conds[:k], rules)
                state.shadowed_by |= set(by)
                state.shadowed_scopes.append((fm, unit, by))
            else:
                state.undecided_scopes = True
        # gaps
        s = fm.solver()
        for cond in conds:
            if cond is not None:
                s.add(z3.Not(cond))
        result = s.check()
        if result == z3.unknown:
            unknown_scopes.append((field.id, unit, f"z3 gave no answer ({s.reason_unknown()})"))
        elif result == z3.sat:
            findings.append(_gap_finding(policy, fm, s, field, unit, rules))
        # thresholds the scorer can never reach
        findings += _threshold_findings(fm, field, unit, rules, threshold_seen)
    for state in states.values():
        findings += _rule_findings(policy, state, runtime)
    for field_id, unit, reason in unknown_scopes:
        findings.append(Finding(code="lint-unknown", severity="info", message=
                                f"field {field_id} in unit {unit}: cannot tell whether every "
                                f"consultant is decided: {reason}"))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: (order[f.severity],
                                           f.location.line if f.location and f.location.line
                                           else 0, f.code, f.message))


def _takers(fm: _FieldModel, cond: Any, earlier: Sequence[Any],
            rules: Sequence[CompiledRule]) -> tuple[str, ...]:
    """The earlier rules that decide some consultant for whom ``cond`` holds: those that can
    be the first earlier rule to hold (``earlier`` are their formulas, None if unknown)."""
    z3 = fm.z3
    out = []
    for j, cj in enumerate(earlier):
        if cj is None:
            continue
        s = fm.solver()
        s.add(cond, cj, *[z3.Not(ci) for ci in earlier[:j] if ci is not None])
        if s.check() != z3.unsat:  # sat, or unknown: named rather than left out
            out.append(rules[j].rule.id)
    return tuple(out)


def _gap_finding(policy: Policy, fm: _FieldModel, solver: Any, field: Field, unit: str,
                 rules: Sequence[CompiledRule]) -> Finding:
    witness = fm.witness(solver, unit)
    assert witness is not None
    unknown_rules = [c.rule.id for c in rules if c.condition is not None
                     and _translates(fm, c, unit) is False]
    where = rules[-1].rule.source if rules else None
    scope = f"field {field.id} in unit {unit}"
    if witness.consultant is None:
        return Finding(code="lint-unknown", severity="info", message=
                       f"{scope}: a consultant may be decided by no rule, but the example cannot "
                       f"be built: scorer {field.scoring!r} is not built in",
                       location=where, witness=witness)
    decided = _engine_check(policy, witness)
    if decided is not None:
        reason = (f"rule(s) {', '.join(unknown_rules)} are outside what the analysis can "
                  "reason about" if unknown_rules else "the engine decided the example "
                  f"with rule {decided!r} (please report this)")
        return Finding(code="lint-unknown", severity="info", message=
                       f"{scope}: cannot prove that every consultant is decided: {reason}",
                       location=where, witness=witness)
    return Finding(code="lint-gap", severity="error", message=
                   f"{scope}: some consultants are decided by no rule, e.g. the example below; "
                   "add a rule for them or end the rules with a catch-all (when: true)",
                   location=where, witness=witness)


def _translates(fm: _FieldModel, compiled: CompiledRule, unit: str) -> bool:
    try:
        fm.condition(compiled, unit)
    except _Unknown:
        return False
    return True


def _rule_findings(policy: Policy, state: _RuleState, runtime: Any) -> list[Finding]:
    rule = state.compiled.rule
    where = rule.source
    out: list[Finding] = []
    if state.unknown is not None:
        out.append(Finding(code="lint-unknown", severity="info", message=
                           f"rule {rule.id}: cannot analyse its condition: {state.unknown}",
                           rule=rule.id, location=where))
    elif state.scopes == 0:
        return out
    elif not state.undecided_scopes and not state.holds:
        return [Finding(code="lint-never-holds", severity="warning", message=
                        f"rule {rule.id}: its condition '{rule.when}' can never hold for any "
                        "consultant in its scope, given the real ranges of the variables "
                        "(scores, ratios, competences 0..100, ...); correct or remove it",
                        rule=rule.id, location=where)]
    elif not state.undecided_scopes and not state.decides:
        return _shadowed_finding(policy, state, runtime)
    if state.shadowed_scopes:
        out += _partly_shadowed_findings(policy, state, runtime)
    return out


def _earlier(runtime: Any, compiled: CompiledRule, field: str, unit: str) -> list[CompiledRule]:
    earlier = []
    for c in runtime.rules_for(field, unit):
        if c is compiled:
            break
        earlier.append(c)
    return earlier


def _shadow_witness(policy: Policy, runtime: Any, compiled: CompiledRule, fm: _FieldModel,
                    unit: str, by: Sequence[str]) -> tuple[Witness | None, bool]:
    """A consultant for whom ``compiled`` holds in (``fm.field``, ``unit``), with the rule that
    decides it, and whether that agrees with the proof (an earlier rule decides it).

    The consultant is chosen, where one exists, so that the first earlier rule holding for it
    is one of ``by`` (the rules the proof names). Where the witness can be realised the engine
    evaluates it and ``decided_by`` is the engine's answer; otherwise it is the first earlier
    rule that holds for the witness's values.
    """
    from plut_rules.errors import EvaluationError

    z3 = fm.z3
    earlier = _earlier(runtime, compiled, fm.field.id, unit)
    cond = fm.condition(compiled, unit)
    translated: list[tuple[str, Any]] = []
    for c in earlier:
        try:
            translated.append((c.rule.id, fm.condition(c, unit)))
        except _Unknown:
            continue
    first_by_named = [z3.And(cj, *[z3.Not(ci) for _, ci in translated[:j]])
                      for j, (rid, cj) in enumerate(translated) if rid in by]
    found = None
    if first_by_named:
        s = fm.solver()
        s.add(cond, z3.Or(first_by_named))
        found = fm.witness(s, unit)
    if found is None:
        s = fm.solver()
        s.add(cond)
        found = fm.witness(s, unit)
    if found is None:
        return None, True
    if found.consultant is None:
        return attrs.evolve(found, decided_by=_first_holding(earlier, found.values)), True
    try:
        decided = _engine_check(policy, found)
    except EvaluationError:
        # an earlier rule the analysis cannot reason about fails for this consultant: the
        # rule still never decides them, but the example cannot be shown
        return None, True
    witness = attrs.evolve(found, decided_by=decided)
    return witness, decided in {c.rule.id for c in earlier}


def _shadowed_finding(policy: Policy, state: _RuleState, runtime: Any) -> list[Finding]:
    rule = state.compiled.rule
    by = sorted(state.shadowed_by, key=[c.rule.id for c in runtime.rules].index)
    witness = None
    if state.shadowed_scopes:
        fm, unit, scope_by = state.shadowed_scopes[0]
        witness, agrees = _shadow_witness(policy, runtime, state.compiled, fm, unit, scope_by)
        if not agrees:
            return [_disagreement(rule.id, rule.source, fm.field.id, unit, witness)]
    return [Finding(code="lint-shadowed", severity="warning", message=
                    f"rule {rule.id}: never decides: every consultant for whom it holds is "
                    f"decided first by {', '.join(by)}; move it up or remove it",
                    rule=rule.id, location=rule.source, witness=witness, shadowed_by=tuple(by))]


def _disagreement(rule: str, where: Location | None, field: str, unit: str,
                  witness: Witness | None) -> Finding:
    decided = witness.decided_by if witness is not None else None
    return Finding(code="lint-unknown", severity="info", message=
                   f"rule {rule}: cannot prove that it never decides in field {field} of unit "
                   f"{unit}: the engine decided the example with "
                   f"{'rule ' + repr(decided) if decided else 'no rule'} (please report this)",
                   rule=rule, location=where, witness=witness)


def _partly_shadowed_findings(policy: Policy, state: _RuleState, runtime: Any) -> list[Finding]:
    rule = state.compiled.rule
    out: list[Finding] = []
    scopes: list[ShadowedScope] = []
    for fm, unit, by in state.shadowed_scopes:
        witness, agrees = _shadow_witness(policy, runtime, state.compiled, fm, unit, by)
        if not agrees:
            out.append(_disagreement(rule.id, rule.source, fm.field.id, unit, witness))
            continue
        scopes.append(ShadowedScope(fm.field.id, unit, by, witness))
    if not scopes:
        return out
    fields = [f.id for f in policy.fields if rule.fields is None or f.id in rule.fields]
    units = [u.id for u in policy.units if rule.units is None or u.id in rule.units]
    groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for sc in scopes:
        groups.setdefault(sc.shadowed_by, []).append((sc.field, sc.unit))
    parts = [f"in {_combinations_text(combos, fields, units)}, where every consultant for "
             f"whom it holds is decided first by {', '.join(by)}" for by, combos in groups.items()]
    elsewhere = ("it decides elsewhere in its scope" if state.decides else
                 "elsewhere in its scope the analysis could not tell")
    out.append(Finding(
        code="lint-partly-shadowed", severity="warning", message=
        f"rule {rule.id}: never decides {'; nor '.join(parts)}; {elsewhere}: scope it with "
        "fields:/units: to where it decides, or move it above the rules named",
        rule=rule.id, location=rule.source, witness=scopes[0].witness,
        shadowed_by=tuple(sorted({r for sc in scopes for r in sc.shadowed_by},
                                 key=[c.rule.id for c in runtime.rules].index)),
        scopes=tuple(scopes)))
    return out


def _plural(word: str, items: Sequence[str]) -> str:
    return f"{word}{'s' if len(items) > 1 else ''} {', '.join(items)}"


def _combinations_text(combos: Sequence[tuple[str, str]], fields: Sequence[str],
                       units: Sequence[str]) -> str:
    """(field, unit) pairs, compactly: 'fields a, b of unit u and in field c' (every unit
    of ``units``, the rule's scope, for c), with as few groups as grouping by field or by
    unit gives."""
    def grouped(outer: Sequence[str], inner: Sequence[str],
                pairs: set[tuple[str, str]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        # outer items with the same set of inner items go together, in the policy's order
        by_inner: dict[tuple[str, ...], list[str]] = {}
        for o in outer:
            mine = tuple(i for i in inner if (o, i) in pairs)
            if mine:
                by_inner.setdefault(mine, []).append(o)
        return [(tuple(os), ins) for ins, os in by_inner.items()]

    pairs = set(combos)
    by_field = grouped(fields, units, pairs)
    by_unit = grouped(units, fields, {(u, f) for f, u in pairs})

    def text(fs: Sequence[str], us: Sequence[str]) -> str:
        where = "" if len(us) == len(units) else f" of {_plural('unit', us)}"
        return _plural("field", fs) + where

    if len(by_unit) < len(by_field):
        texts = [text(fs, us) for us, fs in by_unit]
    else:
        texts = [text(fs, us) for fs, us in by_field]
    return " and in ".join(texts)


def _threshold_findings(fm: _FieldModel, field: Field, unit: str,
                        rules: Sequence[CompiledRule], seen: set[tuple[str, str]]) -> list[Finding]:
    z3 = fm.z3
    out: list[Finding] = []
    span = score_range(field)
    if span is None:
        return out
    for compiled in rules:
        if compiled.condition is None:
            continue
        for node in walk(compiled.condition.root):
            if not isinstance(node, Compare):
                continue
            names = {n.name for n in walk(node) if isinstance(n, Var)}
            thresholds = sorted(names & set(field.thresholds))
            if "score" not in names or not thresholds or names - {"score", *thresholds}:
                continue
            text = unparse(node)
            if (field.id, text) in seen:
                continue
            seen.add((field.id, text))
            try:
                atom = fm.translate(node, unit)
            except _Unknown:
                continue
            s = fm.solver()
            s.add(atom)
            if s.check() != z3.unsat:
                continue
            values = ", ".join(f"{t} = {_num(field.thresholds[t])}" for t in thresholds)
            out.append(Finding(
                code="lint-unreachable-threshold", severity="warning", message=
                f"field {field.id}: '{text}' can never hold ({values}): scores under "
                f"{field.scoring} with cap {_num(field.cap)} lie in {_num(span[0])}.."
                f"{_num(span[1])}; lower the threshold or raise the cap",
                rule=compiled.rule.id, location=compiled.rule.source))
    return out
