"""Hypothesis strategies: generated policies (as files) and rosters that fit them."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

from plut_rules import Achievement, Consultant, Policy, parse_policy

SCORERS = ("weighted_ratio", "target_count", "minimum_ratio")


def _num(value: Fraction | int) -> float | int:
    """A JSON number that denotes exactly this (terminating) decimal."""
    value = Fraction(value)
    if value.denominator == 1:
        return int(value)
    return float(Decimal(value.numerator) / Decimal(value.denominator))


@st.composite
def weights(draw: st.DrawFn, n: int) -> list[Fraction]:
    """``n`` weights in hundredths that sum to exactly 1."""
    if n == 1:
        return [Fraction(1)]
    cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=n - 1, max_size=n - 1)))
    edges = [0, *cuts, 100]
    return [Fraction(edges[i + 1] - edges[i], 100) for i in range(n)]


@st.composite
def policy_documents(draw: st.DrawFn, *, monotone_rules: bool = True) -> dict[str, Any]:
    """A valid policy document: 1-3 fields, 1-3 own indicators each, a common one, 4+ rules."""
    scoring = draw(st.sampled_from(SCORERS))
    n_fields = draw(st.integers(1, 3))
    field_ids = ["kelembagaan", "produksi", "pemasaran"][:n_fields]
    common_weight = Fraction(draw(st.integers(0, 3)), 10)
    fields: dict[str, Any] = {}
    for fid in field_ids:
        n = draw(st.integers(1, 3))
        ws = [w * (1 - common_weight) for w in draw(weights(n))]
        indicators: dict[str, Any] = {}
        for i in range(n):
            ind: dict[str, Any] = {
                "label": f"Indikator {i}",
                "target": draw(st.sampled_from([1, 5, 12, 25, 40, 100])),
                "weight": _num(ws[i]),
                "direction": draw(st.sampled_from(["higher", "higher", "lower"])),
                "step": 1,
            }
            if draw(st.booleans()):
                ind["minimum"] = _num(Fraction(draw(st.integers(1, 9)), 10))
            indicators[f"{fid[:3]}_{i}"] = ind
        field: dict[str, Any] = {"name": fid.title(), "indicators": indicators}
        if draw(st.booleans()):
            field["thresholds"] = {"keep": draw(st.integers(40, 110))}
        if draw(st.booleans()):
            field["cap"] = _num(Fraction(draw(st.integers(10, 20)), 10))
        fields[fid] = field
    units = {"pkp": {"name": "Unit PKP"}, "tjp": {"name": "Unit TJP"}}
    if draw(st.booleans()):
        units["pkp"]["seats"] = {field_ids[0]: draw(st.integers(0, 3))}
    rules: list[dict[str, Any]] = [
        {"id": "gagal-gate", "when": "gates_failed > 0", "then": "replace"},
        {"id": "capai-target", "when": "score >= keep", "then": "keep"},
        {"id": "pindah", "when": "score >= reassign_floor and best_competence >= competence",
         "then": "reassign", "min_competence": "competence"},
    ]
    if draw(st.booleans()):
        rules.insert(1, {"id": "hadir", "when": "ratio_hadir < 0.5", "then": "replace"})
    if not monotone_rules and draw(st.booleans()):
        rules.insert(0, {"id": "terbalik", "when": "score > 150", "then": "replace"})
    rules.append({"id": "lainnya", "when": True, "then": "replace"})
    return {
        "policy": "gen",
        "year": 2018,
        "defaults": {
            "scoring": scoring,
            "cap": _num(Fraction(draw(st.integers(10, 15)), 10)),
            "thresholds": {"keep": draw(st.integers(40, 110)),
                           "reassign_floor": draw(st.integers(20, 60)),
                           "competence": draw(st.integers(0, 90))},
            "indicators": {"hadir": {"label": "Kehadiran", "target": 95,
                                     "weight": _num(common_weight)}},
        },
        "units": units,
        "fields": fields,
        "rules": rules,
    }


@st.composite
def policies(draw: st.DrawFn, **kwargs: Any) -> Policy:
    """A loaded generated policy (written as JSON, which is YAML 1.2)."""
    document = draw(policy_documents(**kwargs))
    return parse_policy(json.dumps(document, indent=1), "gen.yaml")


decimals = st.integers(0, 20000).map(lambda n: Fraction(n, 10))


@st.composite
def rosters(
    draw: st.DrawFn, policy: Policy, min_size: int = 1, max_size: int = 8
) -> tuple[list[Consultant], list[Achievement]]:
    """Consultants of the policy's units and fields with an achievement for every indicator."""
    n = draw(st.integers(min_size, max_size))
    consultants: list[Consultant] = []
    achievements: list[Achievement] = []
    field_ids = [f.id for f in policy.fields]
    for k in range(n):
        field = draw(st.sampled_from(policy.fields))
        unit = draw(st.sampled_from(policy.units))
        competences = {f: draw(st.integers(0, 100)) for f in field_ids if draw(st.booleans())}
        cid = f"K-{k:03d}"
        consultants.append(Consultant(cid, f"Nama {k}", unit.id, field.id,
                                      draw(st.integers(2010, policy.year)), competences))
        for ind in field.indicators:
            value = draw(decimals)
            if ind.direction == "lower" and value == 0 and draw(st.booleans()):
                value = Fraction(1)
            target = draw(st.one_of(st.none(), st.sampled_from([Fraction(3), Fraction(50)])))
            achievements.append(Achievement(cid, ind.id, value, target))
    return consultants, achievements
