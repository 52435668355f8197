"""The optional ``monitoring:`` section of a policy: early warnings (peringatan dini).

Validated by :mod:`plut_rules.policy` with the same ``FILE:LINE:COL`` problems
as the rules: :data:`MONITORING` plugs :func:`validate_monitoring` into the validator
(see :mod:`plut_rules.policy.section`); run by :mod:`plut_rules.monitor`, which reads the
compiled section with :func:`monitoring_of`.  A policy without the section is unchanged: no
``monitoring`` key in its resolved document, so its hash is the same.

The section::

    monitoring:
      thresholds: {margin: 0.2}        # named numbers for warnings (optional)
      warnings:                        # ordered, like rules
        - id: di-bawah-prorata
          per: indicator                # consultant (default) or indicator
          when: cumulative < prorata * (1 - margin)
          severity: medium              # low | medium | high (default medium)
          message: Capaian kumulatif di bawah target pro-rata
          fields: [pemasaran]           # optional scope, as in rules
          units: [pangkalpinang]
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from plut_rules.errors import Location, Problem, did_you_mean
from plut_rules.lang import Expression, ValueType
from plut_rules.model import Field, FrozenMap, Policy, Unit
from plut_rules.policy.compiled import runtime_of
from plut_rules.policy.section import Section, SectionContext
from plut_rules.policy.validate import CompiledWhen, Validator, describe, quoted_name
from plut_rules.policy.yaml_tree import Node, YMap, YSeq
from plut_rules.wording import say

__all__ = [
    "CONSULTANT_VARIABLES",
    "INDICATOR_PREFIXES",
    "INDICATOR_VARIABLES",
    "MONITORING",
    "SEVERITIES",
    "CompiledWarning",
    "Monitoring",
    "WarningRule",
    "monitoring_of",
    "validate_monitoring",
    "variable_types",
]

Severity = Literal["low", "medium", "high"]
Per = Literal["consultant", "indicator"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high")
PERS: tuple[Per, ...] = ("consultant", "indicator")

#: Numeric variables of every warning (besides thresholds and per-indicator names).
CONSULTANT_VARIABLES = ("month", "months_reported", "months_missing", "gates_projected_failed")
#: Variables of one indicator, in warnings with ``per: indicator`` (``indicator`` is text).
INDICATOR_VARIABLES = ("cumulative", "target", "prorata", "projected", "projected_ratio",
                       "minimum")
#: ``<prefix><indicator>`` variables, for indicators every field in scope has.
INDICATOR_PREFIXES = ("cumulative_", "prorata_", "projected_", "projected_ratio_")

_SECTION_KEYS = ("thresholds", "warnings")
_WARNING_KEYS = ("id", "when", "per", "severity", "message", "fields", "units")


@attrs.frozen
class WarningRule:
    """One declared early warning; ``source`` is where its ``id`` key is written."""

    id: str
    when: str | bool
    per: Per
    severity: Severity
    message: str | None
    fields: tuple[str, ...] | None
    units: tuple[str, ...] | None
    source: Location | None = attrs.field(default=None, eq=False)

    def applies_to(self, field: str, unit: str) -> bool:
        """Whether a consultant of ``field`` in ``unit`` is in this warning's scope."""
        return ((self.fields is None or field in self.fields)
                and (self.units is None or unit in self.units))


@attrs.frozen
class CompiledWarning:
    """A warning and its compiled condition (None: the literal ``constant``)."""

    warning: WarningRule
    condition: Expression | None
    constant: bool | None


@attrs.frozen
class Monitoring:
    """The validated ``monitoring:`` section."""

    thresholds: FrozenMap[Fraction]
    warnings: tuple[CompiledWarning, ...]

    def document(self) -> dict[str, Any]:
        """The section as plain data, every default applied (part of the policy hash)."""
        items: list[dict[str, Any]] = []
        for c in self.warnings:
            w = c.warning
            item: dict[str, Any] = {"id": w.id, "when": w.when, "per": w.per,
                                    "severity": w.severity}
            if w.message is not None:
                item["message"] = w.message
            if w.fields is not None:
                item["fields"] = list(w.fields)
            if w.units is not None:
                item["units"] = list(w.units)
            items.append(item)
        return {"thresholds": dict(self.thresholds), "warnings": items}


def variable_types(
    in_scope: Sequence[Field], all_fields: Sequence[Field], thresholds: FrozenMap[Fraction],
    per: Per,
) -> dict[str, ValueType]:
    """The variables a warning in this scope may read, and their types."""
    num, text = ValueType.NUMBER, ValueType.STRING
    types: dict[str, ValueType] = {"field": text, "unit": text}
    if in_scope:
        for name in set.intersection(*(set(f.thresholds) for f in in_scope)):
            types[name] = num
        common = set.intersection(*({i.id for i in f.indicators} for f in in_scope))
    else:
        common = set()
    for name in thresholds:
        types[name] = num
    for name in CONSULTANT_VARIABLES:
        types[name] = num
    for ind in common:
        for prefix in INDICATOR_PREFIXES:
            types[prefix + ind] = num
    if per == "indicator":
        types["indicator"] = text
        for name in INDICATOR_VARIABLES:
            types[name] = num
    del all_fields
    return types


def validate_monitoring(v: Validator, node: Node, context: SectionContext,
                        ) -> Monitoring | None:
    """Check the ``monitoring:`` section, reporting through the policy's validator."""
    fields, units = context.fields, context.units
    m = v.mapping(node, "monitoring", say("what.monitoring"))
    if m is None:
        return None
    v.keys(m, "monitoring", _SECTION_KEYS, ("warnings",))
    reserved = {*CONSULTANT_VARIABLES, *INDICATOR_VARIABLES, "indicator", "field", "unit"}
    field_thresholds = {t for f in (fields or []) for t in f.thresholds}
    for f in fields or []:
        for name in f.thresholds:
            if name in reserved:
                v.err("reserved-name",
                      say("monitoring.field_threshold_reserved", name=repr(name),
                          field=repr(f.id), key=name), m.location, "monitoring")
    thresholds: dict[str, Fraction] = {}
    if "thresholds" in m.items:
        found = v.thresholds(m.items["thresholds"], "monitoring.thresholds")
        tm = m.items["thresholds"]
        for name, value in found.items():
            where = tm.keys[name] if isinstance(tm, YMap) else tm
            if name in reserved or name.startswith(INDICATOR_PREFIXES):
                v.err("reserved-name",
                      say("monitoring.threshold_reserved", name=repr(name), key=name), where,
                      f"monitoring.thresholds.{name}")
            elif name in field_thresholds:
                v.err("reserved-name", say("monitoring.threshold_of_fields", name=repr(name)),
                      where, f"monitoring.thresholds.{name}")
            else:
                thresholds[name] = value
    warnings = _warnings(v, m.items.get("warnings"), fields, units, FrozenMap(thresholds))
    if warnings is None:
        return None
    return Monitoring(FrozenMap(thresholds), tuple(warnings))


def _warnings(v: Validator, node: Node | None, fields: Sequence[Field] | None,
              units: Sequence[Unit] | None, thresholds: FrozenMap[Fraction],
              ) -> list[CompiledWarning] | None:
    if node is None:
        return None
    if not isinstance(node, YSeq):
        v.err("wrong-type", say("monitoring.not_list", got=describe(node)), node,
              "monitoring.warnings")
        return None
    v.seen(node, "monitoring.warnings")
    if not node.items:
        v.err("empty", say("monitoring.none"), node, "monitoring.warnings")
        return None
    field_ids = [f.id for f in fields] if fields is not None else None
    unit_ids = [u.id for u in units] if units is not None else None
    seen_ids: dict[str, Location] = {}
    out: list[CompiledWarning] = []
    for index, item in enumerate(node.items):
        path = f"monitoring.warnings[{index}]"
        wm = v.mapping(item, path, say("what.warning"))
        if wm is None:
            continue
        it = wm.items
        warning_id, path = v.item_id(wm, path, "monitoring.warnings", "warning", seen_ids,
                                     code="duplicate-warning")
        v.keys(wm, path, _WARNING_KEYS, ("id", "when"))
        per: Per = "consultant"
        if "per" in it:
            p = v.text(it["per"], f"{path}.per")
            if p == "indicator":
                per = "indicator"
            elif p is not None and p != "consultant":
                v.err("bad-value", say("monitoring.bad_per", got=repr(p)),
                      it["per"], f"{path}.per", did_you_mean(p, PERS))
        severity: Severity = "medium"
        if "severity" in it:
            s = v.text(it["severity"], f"{path}.severity")
            if s in ("low", "high"):
                severity = "low" if s == "low" else "high"
            elif s is not None and s != "medium":
                v.err("bad-value", say("monitoring.bad_severity", got=repr(s)),
                      it["severity"], f"{path}.severity", did_you_mean(s, SEVERITIES))
        message = v.text(it["message"], f"{path}.message") if "message" in it else None
        scope_fields = v.scope(it.get("fields"), f"{path}.fields", field_ids, "field")
        scope_units = v.scope(it.get("units"), f"{path}.units", unit_ids, "unit")
        in_scope = [f for f in (fields or []) if scope_fields is None or f.id in scope_fields]
        condition, constant, when_text = _condition(
            v, it.get("when"), f"{path}.when", in_scope, fields or [], unit_ids, thresholds, per)
        if warning_id is None or when_text is None or fields is None or units is None:
            continue
        rule = WarningRule(warning_id, when_text, per, severity, message, scope_fields,
                           scope_units, wm.keys["id"].location)
        out.append(CompiledWarning(rule, condition, constant))
    return out


def _condition(
    v: Validator, node: Node | None, path: str, in_scope: list[Field],
    all_fields: Sequence[Field], unit_ids: list[str] | None, thresholds: FrozenMap[Fraction],
    per: Per,
) -> CompiledWhen:
    def unknown(found: Problem) -> Problem:
        name = quoted_name(found)
        if per == "consultant" and name in ("indicator", *INDICATOR_VARIABLES):
            better = say("monitoring.per_indicator_variable", name=repr(name), key=name)
            return attrs.evolve(found, suggestion=None, message=better.english,
                                indonesian=better.indonesian)
        return _explain_scope(found, in_scope)

    types = variable_types(in_scope, all_fields, thresholds, per)
    domains = {"field": [f.id for f in all_fields], "unit": unit_ids or [],
               "indicator": sorted({i.id for f in in_scope for i in f.indicators})}
    return v.when(node, path, types, domains, unknown)


def _explain_scope(problem: Problem, in_scope: list[Field]) -> Problem:
    """Why ``<prefix><indicator>`` is unknown when only some fields in scope have it."""
    name = quoted_name(problem)
    if name is None:
        return problem
    for prefix in sorted(INDICATOR_PREFIXES, key=len, reverse=True):
        if name.startswith(prefix):
            ind = name[len(prefix):]
            having = [f.id for f in in_scope if f.indicator(ind) is not None]
            lacking = [f.id for f in in_scope if f.indicator(ind) is None]
            if having and lacking:
                better = say("monitoring.no_indicator", name=repr(name),
                             lacking=", ".join(lacking), indicator=repr(ind),
                             having=", ".join(having))
                return attrs.evolve(problem, suggestion=None, message=better.english,
                                    indonesian=better.indonesian)
            break
    return problem


def monitoring_of(policy: Policy) -> Monitoring | None:
    """The policy's validated ``monitoring:`` section, None when it has none."""
    section: Monitoring | None = runtime_of(policy).section(MONITORING.name)
    return section


#: The ``monitoring:`` section's entry in the table of sections.
MONITORING: Section[Monitoring] = Section("monitoring", validate_monitoring,
                                          Monitoring.document)
