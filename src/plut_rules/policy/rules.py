"""The policy's ordered rules: scope, outcome, ``min_competence`` and the compiled ``when``.

Each ``when`` is parsed and type-checked against the rule variables its scope can read
(:mod:`plut_rules.policy.variables`), so a loaded policy never fails on a name or a type.
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from plut_rules.errors import Location, Problem, did_you_mean
from plut_rules.model import Field, Outcome, Rule, Unit
from plut_rules.policy.compiled import CompiledRule
from plut_rules.policy.validate import CompiledWhen, Validator, describe, quoted_name
from plut_rules.policy.variables import explain_unavailable, rule_variable_types
from plut_rules.policy.yaml_tree import Node, YMap, YScalar, YSeq
from plut_rules.wording import say

__all__ = ["read_rules", "scope_warnings"]

_RULE_KEYS = ("id", "when", "then", "reason", "fields", "units", "min_competence")
_OUTCOMES = ("keep", "replace", "reassign")


def read_rules(v: Validator, node: Node | None, fields: list[Field] | None,
               units: list[Unit] | None) -> list[CompiledRule] | None:
    """``rules:``, each with its condition compiled (None when absent or not a list)."""
    if node is None:
        return None
    if not isinstance(node, YSeq):
        v.err("wrong-type", say("rules.not_list", got=describe(node)), node, "rules")
        return None
    v.seen(node, "rules")
    if not node.items:
        v.err("empty", say("rules.none"), node, "rules")
        return None
    field_ids = [f.id for f in fields] if fields is not None else None
    unit_ids = [u.id for u in units] if units is not None else None
    seen_ids: dict[str, Location] = {}
    out: list[CompiledRule] = []
    for index, item in enumerate(node.items):
        path = f"rules[{index}]"
        rm = v.mapping(item, path, say("what.rule"))
        if rm is None:
            continue
        it = rm.items
        rule_id, path = v.item_id(rm, path, "rules", "rule", seen_ids,
                                   code="duplicate-rule")
        v.keys(rm, path, _RULE_KEYS, ("id", "when", "then"))
        then: Outcome | None = None
        if "then" in it:
            t = v.text(it["then"], f"{path}.then")
            if t in _OUTCOMES:
                then = "keep" if t == "keep" else "replace" if t == "replace" else "reassign"
            elif t is not None:
                v.err("bad-value", say("rules.bad_then", got=repr(t)),
                      it["then"], f"{path}.then", did_you_mean(t, _OUTCOMES))
        reason = v.text(it["reason"], f"{path}.reason") if "reason" in it else None
        scope_fields = v.scope(it.get("fields"), f"{path}.fields", field_ids, "field")
        scope_units = v.scope(it.get("units"), f"{path}.units", unit_ids, "unit")
        in_scope = [f for f in (fields or [])
                    if scope_fields is None or f.id in scope_fields]
        min_comp: Fraction | str | None = None
        if "min_competence" in it:
            min_comp = _min_competence(v, it["min_competence"], f"{path}.min_competence",
                                       in_scope, then)
        elif then == "reassign":
            v.use("competence")  # placement's default min_competence
        condition, constant, when_text = _condition(v, it.get("when"), f"{path}.when",
                                                    in_scope, fields or [], unit_ids)
        if rule_id is None or then is None or when_text is None:
            continue
        if fields is None or units is None:
            continue
        rule = Rule(
            id=rule_id,
            when=when_text,
            then=then,
            reason=reason,
            fields=scope_fields,
            units=scope_units,
            min_competence=min_comp,
            source=rm.keys["id"].location,
        )
        out.append(CompiledRule(rule, condition, constant))
    return out


def _min_competence(v: Validator, node: Node, path: str, in_scope: list[Field],
                    then: Outcome | None) -> Fraction | str | None:
    if then is not None and then != "reassign":
        v.err("not-applicable", say("rules.min_competence_not_reassign"), node, path)
        return None
    if isinstance(node, YScalar) and node.kind == "str":
        assert isinstance(node.value, str)
        name = node.value
        v.use(name)
        missing = [f.id for f in in_scope if name not in f.thresholds]
        if missing and ("fields" in v.incomplete or v.follows(name)):
            return None  # its definition is reported already
        if missing:
            known = sorted({t for f in in_scope for t in f.thresholds})
            problem = v.err("unknown-threshold",
                            say("rules.unknown_threshold", name=repr(name),
                                fields=", ".join(missing)) + v.removal_note(name), node, path,
                            did_you_mean(name, known))
            v.unknown_names.append((name, problem))
            return None
        v.seen(node, path)
        return name
    return v.number(node, path, minimum=Fraction(0))


def _condition(
    v: Validator, node: Node | None, path: str, in_scope: list[Field], all_fields: list[Field],
    unit_ids: list[str] | None,
) -> CompiledWhen:
    explain = explain_unavailable(in_scope)

    def unknown(problem: Problem) -> Problem:
        name = quoted_name(problem)
        better = explain(name) if name is not None else None
        if better is None:
            return problem
        return attrs.evolve(problem, message=better.english, indonesian=better.indonesian,
                            suggestion=None)

    domains = {"field": [f.id for f in all_fields], "unit": unit_ids or []}
    return v.when(node, path, rule_variable_types(in_scope, all_fields), domains, unknown)


def scope_warnings(v: Validator, tree: YMap, fields: list[Field], units: list[Unit],
                   rules: list[CompiledRule]) -> None:
    """Warn where no catch-all rule (``when: true``) covers a field in a unit."""
    where = tree.items["rules"].location if "rules" in tree.items else tree.location
    for f in fields:
        for u in units:
            if not any(c.constant is True and c.rule.applies_to(f.id, u.id) for c in rules):
                v.warn("no-catch-all",
                       say("rules.no_catch_all", field=repr(f.id), unit=repr(u.id)), where,
                       "rules")
