"""The optional ``selection:`` section of a policy: seleksi of new consultants
(contract ``selection-v1.md`` §1).

Validated with the same ``FILE:LINE:COL`` problems, did-you-mean and validator readers as
the rules and ``monitoring:``: :data:`SELECTION` plugs :func:`validate_selection` into the
validator (see :mod:`plut_rules.policy.section`); run by :mod:`plut_rules.selection`, which
reads the compiled section with :func:`selection_of`.  A policy without the section is
unchanged (no ``selection`` key in its resolved document, so the same hash).  Requirement
conditions use the rule language with the candidate variables of §2
(:data:`CANDIDATE_VARIABLES` and ``cert_<x>``).

The compiled section (:class:`SelectionPolicy` and its parts) lives here, beside its
validator, because the policy layer cannot import :mod:`plut_rules.selection` (which sits
above it); the candidates, the results and the semantics live there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from plut_rules import lang as expr_lang
from plut_rules.errors import Location, did_you_mean
from plut_rules.exact import decimal_text
from plut_rules.model import Field, FrozenMap, Policy, Unit
from plut_rules.policy.compiled import compiled_when, runtime_of
from plut_rules.policy.section import Section, SectionContext
from plut_rules.policy.validate import Validator, describe, noun
from plut_rules.policy.yaml_tree import Node, YMap, YSeq
from plut_rules.wording import say

__all__ = [
    "CANDIDATE_COLUMNS",
    "CANDIDATE_VARIABLES",
    "CERT_PREFIX",
    "EDUCATION",
    "SELECTION",
    "CandidateTypes",
    "Component",
    "Education",
    "FieldSelection",
    "Requirement",
    "SelectionPolicy",
    "selection_of",
    "validate_selection",
]

Education = Literal["SMA", "D3", "D4", "S1", "S2", "S3"]
#: The levels of education a candidate may have, lowest first.
EDUCATION: tuple[Education, ...] = ("SMA", "D3", "D4", "S1", "S2", "S3")

_NUM, _TEXT, _BOOL = (expr_lang.ValueType.NUMBER, expr_lang.ValueType.STRING,
                      expr_lang.ValueType.BOOLEAN)
#: The variables every requirement may read (besides ``cert_<x>``), and their types.
CANDIDATE_VARIABLES: Mapping[str, expr_lang.ValueType] = {
    "education": _TEXT, "experience_years": _NUM, "age": _NUM, "field": _TEXT, "unit": _TEXT,
    "domicile": _TEXT,
}
#: ``cert_<x>``: whether the candidate holds certificate ``x``.
CERT_PREFIX = "cert_"
#: The fixed columns of the candidates file; a component may not take one of these names.
CANDIDATE_COLUMNS = ("id", "name", "unit", "field", "education", "experience_years",
                     "birth_year", "domicile")

_IDENT = re.compile(r"[a-z][a-z0-9_]*")
_SECTION_KEYS = ("requirements", "components", "pass_score", "reserve", "tie_break", "fields")
_REQUIREMENT_KEYS = ("id", "when", "reason")
_COMPONENT_KEYS = ("label", "weight", "minimum")
_FIELD_KEYS = ("pass_score", "components")
_OVERRIDE_KEYS = ("weight", "minimum")
_EXPERIENCE = "experience_years"
_WEIGHT_TOLERANCE = Fraction(1, 10**6)
_HUNDRED = Fraction(100)


@attrs.frozen
class Requirement:
    """One administrative requirement; all must hold for a candidate to be MS.

    ``condition`` is the compiled ``when`` (None when ``when`` is the constant
    ``constant``); ``source`` is where its ``id`` key is written.
    """

    id: str
    when: str | bool
    reason: str | None
    condition: expr_lang.Expression | None = attrs.field(eq=False, repr=False)
    constant: bool | None = attrs.field(eq=False, repr=False)
    source: Location | None = attrs.field(default=None, eq=False, repr=False)


@attrs.frozen
class Component:
    """A scored part of the test, with its weight and optional minimum (raw score)."""

    id: str
    label: str
    weight: Fraction
    minimum: Fraction | None = None


@attrs.frozen
class FieldSelection:
    """The components (per-field overrides applied) and pass score of one field."""

    field: str
    components: tuple[Component, ...]
    pass_score: Fraction

    def component(self, component_id: str) -> Component | None:
        """The component with that id, if any."""
        for c in self.components:
            if c.id == component_id:
                return c
        return None


@attrs.frozen
class SelectionPolicy:
    """The validated ``selection:`` section of a policy.

    ``components`` and ``pass_score`` are as written at the top of the section;
    ``fields`` holds, for every field of the policy, the resolved components and
    pass score (the top ones with that field's overrides).  ``overrides`` keeps
    the per-field overrides as written (part of the policy's resolved document).
    """

    requirements: tuple[Requirement, ...]
    components: tuple[Component, ...]
    pass_score: Fraction
    reserve: int
    tie_break: tuple[str, ...]
    fields: FrozenMap[FieldSelection]
    overrides: FrozenMap[Any] = attrs.field(factory=FrozenMap, eq=False, repr=False)

    def for_field(self, field: str) -> FieldSelection:
        """The components and pass score of ``field`` (:class:`KeyError` for an unknown one)."""
        return self.fields[field]

    @property
    def certificates(self) -> tuple[str, ...]:
        """The certificate ids (``x`` of ``cert_x``) the requirements read, sorted."""
        found = {name[len("cert_"):] for r in self.requirements if r.condition is not None
                 for name in r.condition.variables if name.startswith("cert_")}
        return tuple(sorted(found))

    def document(self) -> dict[str, Any]:
        """The section as plain data, defaults applied (part of the policy hash)."""
        out: dict[str, Any] = {}
        if self.requirements:
            items: list[dict[str, Any]] = []
            for r in self.requirements:
                item: dict[str, Any] = {"id": r.id, "when": r.when}
                if r.reason is not None:
                    item["reason"] = r.reason
                items.append(item)
            out["requirements"] = items
        components: dict[str, Any] = {}
        for c in self.components:
            entry: dict[str, Any] = {"label": c.label, "weight": c.weight}
            if c.minimum is not None:
                entry["minimum"] = c.minimum
            components[c.id] = entry
        out["components"] = components
        out["pass_score"] = self.pass_score
        out["reserve"] = self.reserve
        out["tie_break"] = list(self.tie_break)
        if self.overrides:
            out["fields"] = dict(self.overrides)
        return out


class CandidateTypes(Mapping[str, expr_lang.ValueType]):
    """The candidate variables and their types: the fixed ones, and ``cert_<x>`` for any
    certificate id ``x`` (so iteration, used for did-you-mean, lists only the fixed ones)."""

    def __getitem__(self, name: str) -> expr_lang.ValueType:
        found = CANDIDATE_VARIABLES.get(name)
        if found is not None:
            return found
        if name.startswith(CERT_PREFIX) and _IDENT.fullmatch(name[len(CERT_PREFIX):]):
            return _BOOL
        raise KeyError(name)

    def __iter__(self) -> Iterator[str]:
        return iter(CANDIDATE_VARIABLES)

    def __len__(self) -> int:
        return len(CANDIDATE_VARIABLES)


def validate_selection(v: Validator, node: Node, context: SectionContext,
                       ) -> SelectionPolicy | None:
    """Check the ``selection:`` section, reporting every problem through the policy's
    validator; the compiled section, or None when it has an error."""
    fields = list(context.fields) if context.fields is not None else None
    units = list(context.units) if context.units is not None else None
    before = _errors(v)
    m = v.mapping(node, "selection", say("what.selection"))
    if m is None:
        return None
    v.keys(m, "selection", _SECTION_KEYS, ("components", "pass_score"))
    it = m.items
    components, component_ids = _components(v, it.get("components"))
    requirements = _requirements(v, it.get("requirements"), fields, units, component_ids)
    pass_score = _score(v, it["pass_score"], "selection.pass_score") if "pass_score" in it \
        else None
    reserve = v.integer(it["reserve"], "selection.reserve", minimum=0) if "reserve" in it else 0
    tie_break = _tie_break(v, it.get("tie_break"), component_ids)
    overrides, raw = _field_overrides(v, it.get("fields"), fields, component_ids)
    if components is None or pass_score is None or fields is None:
        return None
    resolved = _resolve(v, m, fields, components, pass_score, overrides)
    if _errors(v) > before or reserve is None or requirements is None or tie_break is None:
        return None
    return SelectionPolicy(tuple(requirements), tuple(components), pass_score, reserve,
                           tie_break, FrozenMap(resolved), FrozenMap(raw))


def _errors(v: Validator) -> int:
    return sum(1 for p in v.problems if p.severity == "error")


def _score(v: Validator, node: Node, path: str) -> Fraction | None:
    """A number within 0..100 (a pass score or a minimum)."""
    value = v.number(node, path, minimum=Fraction(0))
    if value is not None and value > _HUNDRED:
        v.err("out-of-range", say("selection.score_range", got=decimal_text(value)), node, path)
        return None
    return value


def _requirements(v: Validator, node: Node | None, fields: list[Field] | None,
                  units: list[Unit] | None, component_ids: list[str] | None,
                  ) -> list[Requirement] | None:
    if node is None:
        return []
    path = "selection.requirements"
    if not isinstance(node, YSeq):
        v.err("wrong-type", say("selection.requirements_not_list", got=describe(node)), node,
              path)
        return None
    v.seen(node, path)
    if not node.items:
        v.err("empty", say("selection.no_requirement"), node, path)
        return None
    domains: dict[str, list[str]] = {"education": list(EDUCATION),
                                     "field": [f.id for f in fields or []],
                                     "unit": [u.id for u in units or []]}
    seen_ids: dict[str, Location] = {}
    out: list[Requirement] = []
    ok = True
    for index, item in enumerate(node.items):
        ipath = f"{path}[{index}]"
        rm = v.mapping(item, ipath, say("what.requirement"))
        if rm is None:
            ok = False
            continue
        rid, ipath = v.item_id(rm, ipath, path, "requirement", seen_ids,
                               code="duplicate-requirement")
        v.keys(rm, ipath, _REQUIREMENT_KEYS, ("id", "when"))
        if rid is not None and (rid == "pass_score" or rid in (component_ids or ())):
            what = (say("selection.the_pass_score") if rid == "pass_score"
                    else say("selection.component_named", name=repr(rid)))
            v.err("id-clash", say("selection.id_clash", name=repr(rid), what=what,
                                  example=rid.replace("_", "-")), rm.items["id"], f"{ipath}.id")
        reason = v.text(rm.items["reason"], f"{ipath}.reason") if "reason" in rm.items else None
        parsed, when = v.parse_when(rm.items.get("when"), f"{ipath}.when")
        if parsed is not None:
            # a field or unit dropped for its own error is reported once, not again here
            v.problems.extend(
                p for p in expr_lang.check(parsed, CandidateTypes(), domains=domains)
                if not (p.code == "unknown-value" and "fields" in v.incomplete))
        condition, constant, when_text = compiled_when(parsed, when)
        if rid is None or when_text is None or (condition is None and constant is None):
            ok = False
            continue
        out.append(Requirement(rid, when_text, reason, condition, constant,
                               rm.keys["id"].location))
    return out if ok else None


def _components(v: Validator, node: Node | None,
                ) -> tuple[list[Component] | None, list[str] | None]:
    """The components (None on any error), and the ids of those well named (None when the
    section has no readable components), for checking what refers to them."""
    if node is None:
        return None, None
    path = "selection.components"
    m = v.mapping(node, path, say("what.components"))
    if m is None:
        return None, None
    if not m.items:
        v.err("empty", say("selection.no_component",
                              example="tertulis: {label: Tes tertulis, weight: 1}"), m, path)
        return None, None
    out: list[Component] = []
    names: list[str] = []
    ok = True
    for key, value in m.items.items():
        cpath = f"{path}.{key}"
        if not v.ident(key, m.keys[key], cpath, "component"):
            ok = False
            continue
        if key in CANDIDATE_COLUMNS or key.startswith(CERT_PREFIX) or key == "pass_score":
            v.err("reserved-name", say("selection.component_reserved", name=repr(key), key=key),
                  m.keys[key], cpath)
            ok = False
            continue
        names.append(key)
        cm = v.mapping(value, cpath, say("what.component"))
        if cm is None:
            ok = False
            continue
        v.keys(cm, cpath, _COMPONENT_KEYS, ("weight",))
        label = v.text(cm.items["label"], f"{cpath}.label") if "label" in cm.items else key
        weight = (v.number(cm.items["weight"], f"{cpath}.weight", minimum=Fraction(0))
                  if "weight" in cm.items else None)
        minimum = (_score(v, cm.items["minimum"], f"{cpath}.minimum")
                   if "minimum" in cm.items else None)
        if label is None or weight is None or ("minimum" in cm.items and minimum is None):
            ok = False
            continue
        out.append(Component(key, label, weight, minimum))
    return (out if ok else None), names


def _tie_break(v: Validator, node: Node | None, component_ids: list[str] | None,
               ) -> tuple[str, ...] | None:
    if node is None:
        return (_EXPERIENCE,)
    path = "selection.tie_break"
    if not isinstance(node, YSeq):
        v.err("wrong-type", say("selection.tie_break_not_list", got=describe(node)), node, path)
        return None
    v.seen(node, path)
    allowed = [*(component_ids or []), _EXPERIENCE]
    out: list[str] = []
    ok = True
    for index, item in enumerate(node.items):
        ipath = f"{path}[{index}]"
        entry = v.text(item, ipath)
        if entry is None:
            ok = False
            continue
        if component_ids is not None and entry not in allowed:
            v.err("bad-tie-break", say("selection.tie_break_unknown", name=repr(entry),
                                       allowed=", ".join(allowed)), item, ipath,
                  did_you_mean(entry, allowed))
            ok = False
            continue
        if entry in out:
            v.err("bad-tie-break", say("selection.tie_break_twice", name=repr(entry)), item,
                  ipath)
            ok = False
            continue
        out.append(entry)
    return tuple(out) if ok else None


_Override = tuple[Fraction | None, dict[str, tuple[Fraction | None, Fraction | None]], YMap]


def _field_overrides(v: Validator, node: Node | None, fields: list[Field] | None,
                     component_ids: list[str] | None,
                     ) -> tuple[dict[str, _Override], dict[str, Any]]:
    """Per field: (pass score, component -> (weight, minimum), the node), and the
    overrides as plain data for the resolved document."""
    found: dict[str, _Override] = {}
    raw: dict[str, Any] = {}
    if node is None:
        return found, raw
    path = "selection.fields"
    m = v.mapping(node, path, say("what.field_overrides"))
    if m is None:
        return found, raw
    field_ids = [f.id for f in fields] if fields is not None else None
    for key, value in m.items.items():
        fpath = f"{path}.{key}"
        if field_ids is not None and key not in field_ids:
            if "fields" in v.incomplete or v.follows(key):
                continue  # the field was dropped for an error reported already
            v.err("unknown-field", say("validate.unknown_in_scope", what=noun("field"),
                                       name=repr(key), known=", ".join(field_ids)),
                  m.keys[key], fpath, did_you_mean(key, field_ids))
            continue
        fm = v.mapping(value, fpath, say("what.overrides_of_field"))
        if fm is None:
            continue
        v.keys(fm, fpath, _FIELD_KEYS, ())
        doc: dict[str, Any] = {}
        pass_score = None
        if "pass_score" in fm.items:
            pass_score = _score(v, fm.items["pass_score"], f"{fpath}.pass_score")
            if pass_score is not None:
                doc["pass_score"] = pass_score
        changes: dict[str, tuple[Fraction | None, Fraction | None]] = {}
        if "components" in fm.items:
            changes, docs = _component_overrides(v, fm.items["components"],
                                                 f"{fpath}.components", component_ids)
            if docs:
                doc["components"] = docs
        found[key] = (pass_score, changes, fm)
        if doc:
            raw[key] = doc
    return found, raw


def _component_overrides(v: Validator, node: Node, path: str, component_ids: list[str] | None,
                         ) -> tuple[dict[str, tuple[Fraction | None, Fraction | None]],
                                    dict[str, Any]]:
    """A field's component overrides: component -> (weight, minimum), and as plain data."""
    changes: dict[str, tuple[Fraction | None, Fraction | None]] = {}
    docs: dict[str, Any] = {}
    cm = v.mapping(node, path, say("what.component_overrides"))
    if cm is None:
        return changes, docs
    for cid, cvalue in cm.items.items():
        opath = f"{path}.{cid}"
        if component_ids is not None and cid not in component_ids:
            v.err("unknown-component",
                  say("validate.unknown_in_scope", what=noun("component"), name=repr(cid),
                      known=", ".join(component_ids)),
                  cm.keys[cid], opath, did_you_mean(cid, component_ids))
            continue
        om = v.mapping(cvalue, opath, say("what.component_override"))
        if om is None:
            continue
        v.keys(om, opath, _OVERRIDE_KEYS, ())
        weight = (v.number(om.items["weight"], f"{opath}.weight", minimum=Fraction(0))
                  if "weight" in om.items else None)
        minimum = (_score(v, om.items["minimum"], f"{opath}.minimum")
                   if "minimum" in om.items else None)
        changes[cid] = (weight, minimum)
        docs[cid] = {k: x for k, x in (("weight", weight), ("minimum", minimum))
                     if x is not None}
    return changes, docs


def _resolve(v: Validator, section: YMap, fields: list[Field], components: list[Component],
             pass_score: Fraction, overrides: dict[str, _Override],
             ) -> dict[str, FieldSelection]:
    """Every field's components and pass score, checking that its weights sum to 1."""
    out: dict[str, FieldSelection] = {}
    plain_bad: list[str] = []
    for f in fields:
        field_pass, changes, where = overrides.get(f.id, (None, {}, None))
        resolved = []
        for c in components:
            weight, minimum = changes.get(c.id, (None, None))
            resolved.append(Component(c.id, c.label, c.weight if weight is None else weight,
                                      c.minimum if minimum is None else minimum))
        total = sum((c.weight for c in resolved), Fraction(0))
        if abs(total - 1) > _WEIGHT_TOLERANCE:
            weights_changed = any(w is not None for w, _ in changes.values())
            if where is not None and weights_changed:
                parts = " + ".join(f"{c.id} {decimal_text(c.weight)}" for c in resolved)
                v.err("weights-sum", say("selection.field_weights_sum", name=repr(f.id),
                                         parts=parts, total=decimal_text(total)),
                      where, f"selection.fields.{f.id}.components")
            else:
                plain_bad.append(f.id)
        out[f.id] = FieldSelection(f.id, tuple(resolved),
                                   pass_score if field_pass is None else field_pass)
    if plain_bad:
        parts = " + ".join(f"{c.id} {decimal_text(c.weight)}" for c in components)
        total = sum((c.weight for c in components), Fraction(0))
        which = (say("selection.every_field") if len(plain_bad) == len(fields)
                 else say("selection.fields_without_override", fields=", ".join(plain_bad)))
        node = section.items.get("components", section)
        v.err("weights-sum", say("selection.weights_sum", which=which, parts=parts,
                                 total=decimal_text(total)), node, "selection.components")
    return out


def selection_of(policy: Policy) -> SelectionPolicy | None:
    """The policy's validated ``selection:`` section, None when it has none."""
    section: SelectionPolicy | None = runtime_of(policy).section(SELECTION.name)
    return section


#: The ``selection:`` section's entry in the table of sections.
SELECTION: Section[SelectionPolicy] = Section("selection", validate_selection,
                                              SelectionPolicy.document)
