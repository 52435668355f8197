"""From a merged, positioned tree to the validated :class:`~plut_rules.model.Policy`.

:func:`build_policy` reads the top-level keys, the fields, units and rules, then every
optional section of the table it is given, and assembles the policy, its resolved
document (hashed into ``sha256``) and its compiled form (:class:`Runtime`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from plut_rules.canonical import canonical_json, sha256_hex
from plut_rules.model import (
    FIRST_YEAR,
    LAST_YEAR,
    Field,
    FrozenMap,
    Indicator,
    Policy,
    PolicyFile,
    Rule,
    Unit,
)
from plut_rules.policy.compiled import Runtime
from plut_rules.policy.fields_units import Defaults, read_defaults, read_fields, read_units
from plut_rules.policy.rules import read_rules, scope_warnings
from plut_rules.policy.section import Section, SectionContext
from plut_rules.policy.validate import Validator
from plut_rules.policy.yaml_tree import YMap

__all__ = ["CORE_KEYS", "build_policy", "resolved_document"]

#: The top-level keys of every policy, before the optional sections' own.
CORE_KEYS = ("policy", "year", "title", "extends", "determined_by", "defaults", "units",
             "fields", "rules")
_REQUIRED_KEYS = ("policy", "year", "units", "fields", "rules")


def build_policy(v: Validator, tree: YMap, files: tuple[PolicyFile, ...],
                 sections: Sequence[Section[Any]]) -> Policy | None:
    """The policy read from ``tree`` (None when any error; every problem is in ``v``)."""
    v.seen(tree, "")
    v.keys(tree, "", (*CORE_KEYS, *(s.name for s in sections)), _REQUIRED_KEYS)
    items = tree.items

    policy_id: str | None = None
    if "policy" in items:
        policy_id = v.text(items["policy"], "policy")
        if policy_id is not None:
            v.slug(policy_id, items["policy"], "policy", "policy")  # refused by its error
    year = (v.integer(items["year"], "year", minimum=FIRST_YEAR, maximum=LAST_YEAR)
            if "year" in items else None)
    title = v.text(items["title"], "title") if "title" in items else None
    determined_by = (v.text(items["determined_by"], "determined_by")
                     if "determined_by" in items else None)

    defaults = read_defaults(v, items.get("defaults"))
    fields = read_fields(v, items.get("fields"), defaults)
    field_ids = [f.id for f in fields] if fields is not None else None
    units = read_units(v, items.get("units"), field_ids)
    rules = read_rules(v, items.get("rules"), fields, units)
    context = SectionContext(fields, units)
    compiled: dict[str, Any] = {}
    for section in sections:
        if section.name in items:
            value = section.validate(v, items[section.name], context)
            if value is not None:
                compiled[section.name] = value
    v.check_threshold_use()

    if (policy_id is None or year is None or fields is None or units is None
            or rules is None or v.has_errors()):
        return None
    scope_warnings(v, tree, fields, units, rules)
    document = resolved_document(policy_id, year, title, determined_by, defaults, fields,
                                 units, [c.rule for c in rules])
    for section in sections:
        if section.name in compiled:
            document[section.name] = section.document(compiled[section.name])
    runtime = Runtime(
        rules=tuple(rules),
        scorers={f.id: v.scorers[f.scoring] for f in fields},
        sections=FrozenMap(compiled),
    )
    return Policy(
        id=policy_id,
        year=year,
        title=title,
        determined_by=determined_by,
        units=tuple(units),
        fields=tuple(fields),
        rules=tuple(c.rule for c in rules),
        files=files,
        sha256=sha256_hex(canonical_json(document)),
        document=document,
        locations=FrozenMap(v.locations),
        compiled=runtime,
    )


def resolved_document(
    policy_id: str, year: int, title: str | None, determined_by: str | None,
    defaults: Defaults, fields: list[Field], units: list[Unit], rules: list[Rule],
) -> dict[str, Any]:
    """The resolved policy as plain data: every default applied, a valid policy itself."""

    def indicator(i: Indicator) -> dict[str, Any]:
        out: dict[str, Any] = {"label": i.label, "target": i.target, "direction": i.direction,
                               "step": i.step}
        if i.weight is not None:
            out["weight"] = i.weight
        if i.minimum is not None:
            out["minimum"] = i.minimum
        return out

    doc: dict[str, Any] = {"policy": policy_id, "year": year}
    if title is not None:
        doc["title"] = title
    if determined_by is not None:
        doc["determined_by"] = determined_by
    common = [i for i in (fields[0].indicators if fields else ()) if i.common]
    if common:
        doc["defaults"] = {"indicators": {i.id: indicator(i) for i in common}}
    doc["units"] = {
        u.id: {"name": u.name, **({"evaluator": u.evaluator} if u.evaluator else {}),
               "seats": dict(u.seats)}
        for u in units
    }
    doc["fields"] = {
        f.id: {"name": f.name, "scoring": f.scoring, "cap": f.cap,
               "thresholds": dict(f.thresholds),
               "indicators": {i.id: indicator(i) for i in f.indicators if not i.common}}
        for f in fields
    }
    doc["rules"] = []
    for r in rules:
        item: dict[str, Any] = {"id": r.id, "when": r.when, "then": r.then}
        if r.reason is not None:
            item["reason"] = r.reason
        if r.fields is not None:
            item["fields"] = list(r.fields)
        if r.units is not None:
            item["units"] = list(r.units)
        if r.min_competence is not None:
            item["min_competence"] = r.min_competence
        doc["rules"].append(item)
    return doc
