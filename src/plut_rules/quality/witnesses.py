"""Witnesses of the linter checked with the engine, and the consultant a shadowed rule holds for.

A witness z3 finds is evaluated with the engine before it is reported, so that
what the linter shows is what the engine does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from plut_rules import lang as E
from plut_rules.model import Policy
from plut_rules.quality.lint_findings import Witness
from plut_rules.quality.lint_model import FieldModel, Untranslatable

if TYPE_CHECKING:
    from plut_rules.policy import CompiledRule

__all__ = ["earlier_rules", "engine_check", "first_holding", "shadow_witness"]


def engine_check(policy: Policy, witness: Witness) -> str | None:
    """Evaluate a realised witness with the engine: the deciding rule, or None if undecided."""
    from plut_rules.engine import evaluate
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


def first_holding(rules: Sequence[CompiledRule], values: dict[str, E.Value]) -> str | None:
    """The first of ``rules`` whose condition holds for ``values`` (None: none, or one fails)."""
    for compiled in rules:
        if compiled.condition is None:
            if compiled.constant:
                return compiled.rule.id
            continue
        try:
            if compiled.condition.evaluate(values) is True:
                return compiled.rule.id
        except ArithmeticError:  # division by zero, a value beyond the bound
            return None
    return None


def earlier_rules(runtime: Any, compiled: CompiledRule, field: str,
                  unit: str) -> list[CompiledRule]:
    """The rules tried before ``compiled`` in (``field``, ``unit``)."""
    earlier = []
    for c in runtime.rules_for(field, unit):
        if c is compiled:
            break
        earlier.append(c)
    return earlier


def shadow_witness(policy: Policy, runtime: Any, compiled: CompiledRule, fm: FieldModel,
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
    earlier = earlier_rules(runtime, compiled, fm.field.id, unit)
    cond = fm.condition(compiled, unit)
    translated: list[tuple[str, Any]] = []
    for c in earlier:
        try:
            translated.append((c.rule.id, fm.condition(c, unit)))
        except Untranslatable:
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
        return attrs.evolve(found, decided_by=first_holding(earlier, found.values)), True
    try:
        decided = engine_check(policy, found)
    except EvaluationError:
        # an earlier rule the analysis cannot reason about fails for this consultant: the
        # rule still never decides them, but the example cannot be shown
        return None, True
    witness = attrs.evolve(found, decided_by=decided)
    return witness, decided in {c.rule.id for c in earlier}

