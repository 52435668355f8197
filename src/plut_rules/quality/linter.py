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
``lint-never-holds``, ``lint-unreachable-threshold``, ``lint-unknown``, and for the
requirements of a ``selection:`` section (:mod:`~plut_rules.quality.lint_selection`)
``lint-requirement-never-holds`` and ``lint-requirement-implied``.  ``lint-unavailable``
is the problem raised when z3 is not installed.

The model lives in :mod:`~plut_rules.quality.lint_model`, the findings and their
wording in :mod:`~plut_rules.quality.lint_findings`, the witnesses' check with the
engine in :mod:`~plut_rules.quality.witnesses`; z3 is imported only when
:func:`lint` runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from plut_rules import lang as E
from plut_rules.errors import Location, PlutRulesError, Problem
from plut_rules.model import Field, Policy
from plut_rules.policy import runtime_of
from plut_rules.quality.lint_findings import (
    Finding,
    ShadowedScope,
    Witness,
    combinations_text,
    number_text,
)
from plut_rules.quality.lint_model import BUILTIN_SCORERS, FieldModel, Untranslatable, score_range
from plut_rules.quality.lint_selection import selection_findings
from plut_rules.quality.witnesses import engine_check, shadow_witness
from plut_rules.wording import say

if TYPE_CHECKING:
    from plut_rules.policy import CompiledRule

__all__ = ["BUILTIN_SCORERS", "Finding", "LintUnavailable", "ShadowedScope", "Witness", "lint",
           "score_range"]


class LintUnavailable(PlutRulesError):
    """z3 (the optional extra ``lint``) is not installed."""


def _z3() -> Any:
    try:
        import z3
    except ImportError:
        raise LintUnavailable([Problem.worded("lint-unavailable",
                                              say("lint.unavailable"))]) from None
    return z3


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
    shadowed_scopes: list[tuple[FieldModel, str, tuple[str, ...]]] = attrs.field(factory=list)


def _scopes(policy: Policy) -> Iterator[tuple[Field, str]]:
    for field in policy.fields:
        for unit in policy.units:
            yield field, unit.id


def lint(policy: Policy) -> list[Finding]:
    """Every finding of the static analysis of ``policy``'s rules, most severe first.

    Raises :class:`LintUnavailable` when z3 is not installed.
    """
    z3 = _z3()
    runtime = runtime_of(policy)
    states = {c.rule.id: _RuleState(c) for c in runtime.rules}
    findings: list[Finding] = []
    unknown_scopes: list[tuple[str, str, str]] = []
    threshold_seen: set[tuple[str, str]] = set()
    for field, unit in _scopes(policy):
        fm = FieldModel(z3, policy, field)
        rules = runtime.rules_for(field.id, unit)
        conds: list[Any] = []
        for compiled in rules:
            state = states[compiled.rule.id]
            state.scopes += 1
            try:
                conds.append(fm.condition(compiled, unit))
            except Untranslatable as exc:
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
    findings += selection_findings(z3, policy)
    for field_id, unit, reason in unknown_scopes:
        findings.append(Finding(code="lint-unknown", severity="info", message=
                                f"field {field_id} in unit {unit}: cannot tell whether every "
                                f"consultant is decided: {reason}"))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(findings, key=lambda f: (order[f.severity],
                                           f.location.line if f.location and f.location.line
                                           else 0, f.code, f.message))


def _takers(fm: FieldModel, cond: Any, earlier: Sequence[Any],
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


def _gap_finding(policy: Policy, fm: FieldModel, solver: Any, field: Field, unit: str,
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
    decided = engine_check(policy, witness)
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


def _translates(fm: FieldModel, compiled: CompiledRule, unit: str) -> bool:
    try:
        fm.condition(compiled, unit)
    except Untranslatable:
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


def _shadowed_finding(policy: Policy, state: _RuleState, runtime: Any) -> list[Finding]:
    rule = state.compiled.rule
    by = sorted(state.shadowed_by, key=[c.rule.id for c in runtime.rules].index)
    witness = None
    if state.shadowed_scopes:
        fm, unit, scope_by = state.shadowed_scopes[0]
        witness, agrees = shadow_witness(policy, runtime, state.compiled, fm, unit, scope_by)
        if not agrees:
            return [_disagreement(rule.id, rule.source, fm.field.id, unit, witness)]
        by = list(_with_decider(by, witness, runtime))
    return [Finding(code="lint-shadowed", severity="warning", message=
                    f"rule {rule.id}: never decides: every consultant for whom it holds is "
                    f"decided first by {', '.join(by)}; move it up or remove it",
                    rule=rule.id, location=rule.source, witness=witness, shadowed_by=tuple(by))]


def _with_decider(by: Sequence[str], witness: Witness | None,
                  runtime: Any) -> tuple[str, ...]:
    """``by`` and the rule that decides the witness, in rule order.

    The proof names the earlier rules it can reason about; an earlier rule it cannot
    translate (a product of two variables, say) may still be the one the engine finds
    deciding the example, and then it is one of the rules that take the consultants too.
    """
    order = [c.rule.id for c in runtime.rules]
    named = set(by)
    if witness is not None and witness.decided_by is not None:
        named.add(witness.decided_by)
    return tuple(sorted(named, key=order.index))


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
        witness, agrees = shadow_witness(policy, runtime, state.compiled, fm, unit, by)
        if not agrees:
            out.append(_disagreement(rule.id, rule.source, fm.field.id, unit, witness))
            continue
        scopes.append(ShadowedScope(fm.field.id, unit, _with_decider(by, witness, runtime),
                                    witness))
    if not scopes:
        return out
    fields = [f.id for f in policy.fields if rule.fields is None or f.id in rule.fields]
    units = [u.id for u in policy.units if rule.units is None or u.id in rule.units]
    groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for sc in scopes:
        groups.setdefault(sc.shadowed_by, []).append((sc.field, sc.unit))
    parts = [f"in {combinations_text(combos, fields, units)}, where every consultant for "
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


def _threshold_findings(fm: FieldModel, field: Field, unit: str,
                        rules: Sequence[CompiledRule], seen: set[tuple[str, str]]) -> list[Finding]:
    z3 = fm.z3
    out: list[Finding] = []
    span = score_range(field)
    if span is None:
        return out
    for compiled in rules:
        if compiled.condition is None:
            continue
        for node in E.walk(compiled.condition.root):
            if not isinstance(node, E.Compare):
                continue
            names = {n.name for n in E.walk(node) if isinstance(n, E.Var)}
            thresholds = sorted(names & set(field.thresholds))
            if "score" not in names or not thresholds or names - {"score", *thresholds}:
                continue
            text = E.unparse(node)
            if (field.id, text) in seen:
                continue
            seen.add((field.id, text))
            try:
                atom = fm.translate(node, unit)
            except Untranslatable:
                continue
            s = fm.solver()
            s.add(atom)
            if s.check() != z3.unsat:
                continue
            values = ", ".join(f"{t} = {number_text(field.thresholds[t])}" for t in thresholds)
            out.append(Finding(
                code="lint-unreachable-threshold", severity="warning", message=
                f"field {field.id}: '{text}' can never hold ({values}): scores under "
                f"{field.scoring} with cap {number_text(field.cap)} lie in {number_text(span[0])}.."
                f"{number_text(span[1])}; lower the threshold or raise the cap",
                rule=compiled.rule.id, location=compiled.rule.source))
    return out
