"""The policy's fields (with the defaults they inherit and their indicators) and its units.

Read from the merged tree through a :class:`~plut_rules.policy.validate.Validator`: every
default is applied here, so a :class:`~plut_rules.model.Field` is complete (its own
indicators first, then the common ones of ``defaults.indicators``).
"""

from __future__ import annotations

from fractions import Fraction

import attrs

from plut_rules.errors import Location, did_you_mean
from plut_rules.exact import decimal_text
from plut_rules.model import Direction, Field, FrozenMap, Indicator, Unit
from plut_rules.policy.validate import Validator, noun
from plut_rules.policy.yaml_tree import Node, YMap
from plut_rules.wording import say

__all__ = ["Defaults", "RawIndicator", "read_defaults", "read_fields", "read_units"]

_DEFAULT_KEYS = ("scoring", "cap", "thresholds", "indicators")
_UNIT_KEYS = ("name", "evaluator", "seats")
_FIELD_KEYS = ("name", "thresholds", "scoring", "cap", "indicators")
_INDICATOR_KEYS = ("label", "target", "weight", "minimum", "direction", "step")
_DEFAULT_STEP = Fraction(1, 100)
_WEIGHT_TOLERANCE = Fraction(1, 10**6)


@attrs.define
class Defaults:
    """``defaults:`` as read: what a field inherits unless it says otherwise."""

    scoring: str | None = None
    scoring_ok: bool = True
    cap: Fraction | None = None
    thresholds: dict[str, Fraction] = attrs.field(factory=dict)
    indicators: list[RawIndicator] = attrs.field(factory=list)
    #: the ids of ``defaults.indicators`` as written, read or not
    declared: list[str] = attrs.field(factory=list)


@attrs.frozen
class RawIndicator:
    """An indicator as read, before it joins a field (``has_weight``: the key is written)."""

    id: str
    label: str
    target: Fraction
    weight: Fraction | None
    minimum: Fraction | None
    direction: Direction
    step: Fraction
    common: bool
    location: Location
    has_weight: bool


def read_defaults(v: Validator, node: Node | None) -> Defaults:
    """``defaults:`` (empty when absent)."""
    out = Defaults()
    if node is None:
        return out
    m = v.mapping(node, "defaults", say("what.defaults"))
    if m is None:
        return out
    v.keys(m, "defaults", _DEFAULT_KEYS, ())
    if "scoring" in m.items:
        out.scoring = v.scorer(m.items["scoring"], "defaults.scoring")
        out.scoring_ok = out.scoring is not None
    if "cap" in m.items:
        out.cap = v.number(m.items["cap"], "defaults.cap", minimum=Fraction(1))
    if "thresholds" in m.items:
        out.thresholds = v.thresholds(m.items["thresholds"], "defaults.thresholds")
    if "indicators" in m.items:
        im = v.mapping(m.items["indicators"], "defaults.indicators", say("what.common_indicators"))
        if im is not None:
            for key, value in im.items.items():
                path = f"defaults.indicators.{key}"
                out.declared.append(key)
                if not v.ident(key, im.keys[key], path, "indicator"):
                    continue
                raw = _indicator(v, value, path, key, common=True)
                if raw is not None:
                    out.indicators.append(raw)
                else:
                    v.mark_invalid(key, path)
    return out


def _indicator(v: Validator, node: Node, path: str, ident: str, *,
               common: bool) -> RawIndicator | None:
    m = v.mapping(node, path, say("what.indicator"))
    if m is None:
        return None
    v.keys(m, path, _INDICATOR_KEYS, ("target",))
    it = m.items
    label = v.text(it["label"], f"{path}.label") if "label" in it else ident
    target = (v.number(it["target"], f"{path}.target", minimum=Fraction(0), strict=True)
              if "target" in it else None)
    weight = (v.number(it["weight"], f"{path}.weight", minimum=Fraction(0))
              if "weight" in it else None)
    minimum = (v.number(it["minimum"], f"{path}.minimum", minimum=Fraction(0))
               if "minimum" in it else None)
    step = (v.number(it["step"], f"{path}.step", minimum=Fraction(0), strict=True)
            if "step" in it else _DEFAULT_STEP)
    direction: Direction = "higher"
    if "direction" in it:
        d = v.text(it["direction"], f"{path}.direction")
        if d in ("higher", "lower"):
            direction = "higher" if d == "higher" else "lower"
        elif d is not None:
            v.err("bad-value", say("fields.bad_direction", got=repr(d)),
                  it["direction"], f"{path}.direction",
                  did_you_mean(d, ("higher", "lower")))
    if target is None or step is None or label is None:
        return None
    if "weight" in it and weight is None:
        return None
    if "minimum" in it and minimum is None:
        return None
    return RawIndicator(ident, label, target, weight, minimum, direction, step, common,
                         m.location, "weight" in it)


def read_fields(v: Validator, node: Node | None, defaults: Defaults) -> list[Field] | None:
    """``fields:``, every default applied (None when absent or not a non-empty mapping)."""
    if node is None:
        return None
    m = v.mapping(node, "fields", say("what.fields"))
    if m is None:
        return None
    if not m.items:
        v.err("empty", say("fields.none"), m, "fields")
        return None
    common_ids = {i.id for i in defaults.indicators}
    out: list[Field] = []
    for key, value in m.items.items():
        path = f"fields.{key}"
        if not v.ident(key, m.keys[key], path, "field"):
            v.mark_invalid(key, path)
            v.incomplete.add("fields")
            continue
        fm = v.mapping(value, path, say("what.field"))
        if fm is None:
            v.mark_invalid(key, path)
            v.incomplete.add("fields")
            continue
        v.keys(fm, path, _FIELD_KEYS, ("indicators",))
        it = fm.items
        name = v.text(it["name"], f"{path}.name") if "name" in it else key
        scoring: str | None
        if "scoring" in it:
            scoring = v.scorer(it["scoring"], f"{path}.scoring")
        elif defaults.scoring is not None:
            scoring = defaults.scoring
        else:
            scoring = None
            if defaults.scoring_ok:
                v.err("missing-key", say("fields.no_scorer"), fm.location, f"{path}.scoring")
        if "cap" in it:
            cap = v.number(it["cap"], f"{path}.cap", minimum=Fraction(1))
        else:
            cap = defaults.cap if defaults.cap is not None else Fraction(1)
        thresholds = dict(defaults.thresholds)
        if "thresholds" in it:
            thresholds.update(v.thresholds(it["thresholds"], f"{path}.thresholds"))
        own: list[RawIndicator] = []
        lost = False  # an indicator of this field was dropped for its own error
        if "indicators" in it:
            im = v.mapping(it["indicators"], f"{path}.indicators", say("what.indicators"))
            if im is not None:
                if not im.items:
                    v.err("empty", say("fields.no_indicator"), im, f"{path}.indicators")
                for ikey, ivalue in im.items.items():
                    ipath = f"{path}.indicators.{ikey}"
                    if not v.ident(ikey, im.keys[ikey], ipath, "indicator"):
                        continue
                    if ikey in common_ids:
                        v.err("duplicate-indicator",
                              say("fields.duplicate_indicator", name=repr(ikey)),
                              im.keys[ikey], ipath)
                        continue
                    raw = _indicator(v, ivalue, ipath, ikey, common=False)
                    if raw is not None:
                        own.append(raw)
                    else:
                        v.mark_invalid(ikey, ipath)
                        lost = True
        if scoring is None or cap is None or name is None:
            v.mark_invalid(key, path)
            v.incomplete.add("fields")
            continue
        indicators = [*own, *defaults.indicators]
        scorer = v.scorers[scoring]
        lost = lost or any(v.follows(i) for i in defaults.declared)
        if scorer.uses_weights and not lost:  # a sum without a lost weight would mislead
            _check_weights(v, key, path, fm, scoring, indicators)
        out.append(Field(
            id=key,
            name=name,
            scoring=scoring,
            cap=cap,
            thresholds=FrozenMap(thresholds),
            indicators=tuple(
                Indicator(i.id, i.label, i.target, i.weight, i.minimum, i.direction, i.step,
                          i.common, i.location)
                for i in indicators
            ),
            source=m.keys[key].location,
        ))
    return out


def _check_weights(v: Validator, key: str, path: str, fm: YMap, scoring: str,
                   indicators: list[RawIndicator]) -> None:
    missing = [i for i in indicators if i.weight is None]
    for ind in missing:
        if ind.has_weight:
            continue  # already reported as a bad value
        where = ("defaults.indicators." if ind.common else f"{path}.indicators.") + ind.id
        v.err("missing-key",
              say("fields.weight_required", scoring=scoring)
              + (say("fields.uses_common", name=repr(key)) if ind.common else ""),
              ind.location, f"{where}.weight")
    if missing:
        return
    total = sum((i.weight or Fraction(0) for i in indicators), Fraction(0))
    if abs(total - 1) > _WEIGHT_TOLERANCE:
        parts = " + ".join(f"{i.id} {decimal_text(i.weight or Fraction(0))}" for i in indicators)
        v.err("weights-sum",
              say("fields.weights_sum", name=repr(key), scoring=scoring, parts=parts,
                  total=decimal_text(total)), fm.location, f"{path}.indicators")


def read_units(v: Validator, node: Node | None,
               field_ids: list[str] | None) -> list[Unit] | None:
    """``units:``, their seats checked against the fields (None when absent or empty)."""
    if node is None:
        return None
    m = v.mapping(node, "units", say("what.units"))
    if m is None:
        return None
    if not m.items:
        v.err("empty", say("units.none"), m, "units")
        return None
    out: list[Unit] = []
    for key, value in m.items.items():
        path = f"units.{key}"
        if not v.ident(key, m.keys[key], path, "unit"):
            continue
        um = v.mapping(value, path, say("what.unit"))
        if um is None:
            continue
        v.keys(um, path, _UNIT_KEYS, ())
        it = um.items
        name = v.text(it["name"], f"{path}.name") if "name" in it else key
        evaluator = (v.text(it["evaluator"], f"{path}.evaluator")
                     if "evaluator" in it else None)
        seats: dict[str, int] = {}
        if "seats" in it:
            sm = v.mapping(it["seats"], f"{path}.seats", say("what.seats"))
            if sm is not None:
                for fkey, fvalue in sm.items.items():
                    spath = f"{path}.seats.{fkey}"
                    if field_ids is not None and fkey not in field_ids:
                        if v.follows(fkey):
                            continue  # the field's own error is reported
                        v.err("unknown-field",
                              say("validate.unknown_in_scope", what=noun("field"),
                                  name=repr(fkey), known=", ".join(field_ids)),
                              sm.keys[fkey], spath, did_you_mean(fkey, field_ids))
                        continue
                    count = v.integer(fvalue, spath, minimum=0)
                    if count is not None:
                        seats[fkey] = count
        if name is None:
            continue
        out.append(Unit(key, name, evaluator, FrozenMap(seats), m.keys[key].location))
    return out
