"""Static analysis of the ``selection:`` requirements (seleksi) with z3.

The candidate variables are tied to what a real candidate can have: ``education`` is one
of SMA..S3, ``field`` and ``unit`` one of the policy's, ``domicile`` any text,
``experience_years`` a number >= 0, ``age`` (the policy's year minus a birth year) a whole
number >= 0, and ``cert_<x>`` true or false.  Texts are numbered in one space (each level,
field, unit and every text the requirements write), so comparing two text variables works
too.  Then, requirement by requirement, in order:

- ``lint-requirement-never-holds`` (error): no candidate at all meets it, so every
  candidate is TMS;
- ``lint-requirement-implied`` (warning): every candidate meets it, or every candidate
  who meets the earlier requirements named meets it too, so it never decides a TMS (the
  smallest such set of earlier requirements found is named).

What the translation cannot handle exactly (a product of two variables, a division by a
variable) is ``lint-unknown``.  The z3 module is handed in by the linter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plut_rules import lang as E
from plut_rules.model import Policy
from plut_rules.policy import EDUCATION, selection_of
from plut_rules.quality.lint_findings import Finding

if TYPE_CHECKING:
    from plut_rules.policy import Requirement

__all__ = ["selection_findings"]

_TIMEOUT_MS = 30_000


class _Untranslatable(Exception):
    pass


class _CandidateModel:
    """The candidate variables as z3 terms, and the constraints of a real candidate."""

    def __init__(self, z3: Any, policy: Policy, requirements: tuple[Requirement, ...]) -> None:
        self.z3 = z3
        texts: list[str] = [*EDUCATION, *(f.id for f in policy.fields),
                            *(u.id for u in policy.units)]
        for q in requirements:
            if q.condition is not None:
                texts += [n.value for n in E.walk(q.condition.root)
                          if isinstance(n, E.StringLit)]
        self.codes = {t: n for n, t in enumerate(dict.fromkeys(texts))}
        self.vars: dict[str, Any] = {}
        self.constraints: list[Any] = []
        for name, allowed in (("education", EDUCATION),
                              ("field", [f.id for f in policy.fields]),
                              ("unit", [u.id for u in policy.units])):
            v = z3.Int(name)
            self.vars[name] = v
            self.constraints.append(z3.Or([v == self.codes[t] for t in allowed]))
        self.vars["domicile"] = z3.Int("domicile")  # any text, named or not
        experience = z3.Real("experience_years")
        age = z3.Int("age")
        self.constraints += [experience >= 0, age >= 0]
        self.vars["experience_years"] = experience
        self.vars["age"] = z3.ToReal(age)

    def var(self, name: str) -> Any:
        if name in self.vars:
            return self.vars[name]
        if name.startswith("cert_"):
            self.vars[name] = self.z3.Bool(name)
            return self.vars[name]
        raise _Untranslatable(f"variable {name!r} is not a candidate variable")

    def translate(self, node: E.Node) -> Any:
        z3 = self.z3
        if isinstance(node, E.NumberLit):
            return z3.RealVal(f"{node.value.numerator}/{node.value.denominator}")
        if isinstance(node, E.StringLit):
            return z3.IntVal(self.codes[node.value])
        if isinstance(node, E.BoolLit):
            return z3.BoolVal(node.value)
        if isinstance(node, E.Var):
            return self.var(node.name)
        if isinstance(node, E.Neg):
            return -self.translate(node.operand)
        if isinstance(node, E.Not):
            return z3.Not(self.translate(node.operand))
        if isinstance(node, E.Arith):
            return self._arith(node)
        if isinstance(node, E.Compare):
            left, right = self.translate(node.left), self.translate(node.right)
            return {"<": lambda: left < right, "<=": lambda: left <= right,
                    ">": lambda: left > right, ">=": lambda: left >= right,
                    "==": lambda: left == right, "!=": lambda: left != right}[node.op]()
        if isinstance(node, E.In):
            item = self.translate(node.item)
            return z3.Or([item == self.translate(o) for o in node.options] or
                         [z3.BoolVal(False)])
        if isinstance(node, E.And):
            return z3.And(self.translate(node.left), self.translate(node.right))
        if isinstance(node, E.Or):
            return z3.Or(self.translate(node.left), self.translate(node.right))
        raise _Untranslatable(f"unsupported expression {type(node).__name__}")

    def _arith(self, node: E.Arith) -> Any:
        z3 = self.z3
        left, right = self.translate(node.left), self.translate(node.right)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        constant = bool(z3.is_rational_value(z3.simplify(right)))
        if node.op == "*":
            if not (constant or z3.is_rational_value(z3.simplify(left))):
                raise _Untranslatable(f"'{E.unparse(node)}' multiplies two variables")
            return left * right
        if not constant or z3.simplify(right).eq(z3.RealVal(0)):
            raise _Untranslatable(f"'{E.unparse(node)}' divides by a variable or by zero")
        return left / right

    def condition(self, q: Requirement) -> Any:
        if q.condition is None:
            return self.z3.BoolVal(bool(q.constant))
        return self.translate(q.condition.root)

    def unsat(self, *formulas: Any) -> bool | None:
        """Whether no candidate makes every formula hold (None: z3 could not tell)."""
        s = self.z3.Solver()
        s.set("timeout", _TIMEOUT_MS)
        s.add(*self.constraints, *formulas)
        result = s.check()
        if result == self.z3.unknown:
            return None
        return bool(result == self.z3.unsat)


def selection_findings(z3: Any, policy: Policy) -> list[Finding]:
    """The findings on the requirements of ``policy``'s ``selection:`` section (none
    without one)."""
    section = selection_of(policy)
    if section is None or not section.requirements:
        return []
    model = _CandidateModel(z3, policy, section.requirements)
    findings: list[Finding] = []
    earlier: list[tuple[str, Any]] = []  # requirements that can hold, translated
    for q in section.requirements:
        try:
            cond = model.condition(q)
        except _Untranslatable as exc:
            findings.append(Finding(code="lint-unknown", severity="info", message=
                                    f"selection requirement {q.id}: cannot analyse its "
                                    f"condition: {exc}", location=q.source))
            continue
        never = model.unsat(cond)
        if never:
            findings.append(Finding(
                code="lint-requirement-never-holds", severity="error", message=
                f"selection requirement {q.id}: '{_when(q)}' holds for no candidate at all "
                "(education is one of SMA..S3, field and unit are the policy's, experience "
                "and age are >= 0), so every candidate is TMS; correct or remove it",
                location=q.source))
            continue
        if model.unsat(z3.Not(cond)):
            findings.append(Finding(
                code="lint-requirement-implied", severity="warning", message=
                f"selection requirement {q.id}: '{_when(q)}' holds for every candidate, so "
                "it never decides a TMS; remove it or correct it", location=q.source))
            continue
        by = _implied_by(model, cond, earlier)
        if by:
            findings.append(Finding(
                code="lint-requirement-implied", severity="warning", message=
                f"selection requirement {q.id}: '{_when(q)}' holds for every candidate who "
                f"meets {', '.join(by)}, so it never decides a TMS (it fails only with "
                f"{'it' if len(by) == 1 else 'them'}); remove it or correct it",
                location=q.source))
        earlier.append((q.id, cond))
    return findings


def _implied_by(model: _CandidateModel, cond: Any, earlier: list[tuple[str, Any]],
                ) -> list[str]:
    """A smallest set (found greedily) of earlier requirements that imply ``cond``; empty
    when they do not, or z3 cannot tell."""
    z3 = model.z3
    if not earlier or not model.unsat(*(c for _, c in earlier), z3.Not(cond)):
        return []
    kept = list(earlier)
    for item in list(earlier):
        trial = [x for x in kept if x is not item]
        if model.unsat(*(c for _, c in trial), z3.Not(cond)):
            kept = trial
    return [name for name, _ in kept]


def _when(q: Requirement) -> str:
    return str(q.when).lower() if isinstance(q.when, bool) else q.when
