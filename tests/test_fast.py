"""The float fast path with exact re-check gives exactly the exact engine's results (issue 8)."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plut_rules import Achievement, Consultant, evaluate, parse_policy
from plut_rules.canonical import canonical_json
from plut_rules.engine import input_document, input_sha256, match_rules, measure
from plut_rules.engine.fast import Close, decide, plan_for
from plut_rules.policy import runtime_of
from strategies import policy_documents, rosters

# extra rules exercising every form the fast path compiles (and one it does not)
EXTRA_RULES = [
    {"id": "lama", "when": "years_served >= 5 and score < keep", "then": "replace"},
    {"id": "bidang", "when": "field in ['produksi'] and not (score >= reassign_floor)",
     "then": "replace"},
    {"id": "kompeten", "when": "competence_kelembagaan == 75 or best_competence > 99",
     "then": "keep"},
    {"id": "unit", "when": "unit != 'pkp' and score <= 50.5", "then": "replace"},
    {"id": "hitung", "when": "score >= keep * 1.1", "then": "keep"},  # arithmetic: exact only
]


@st.composite
def cases(draw: st.DrawFn) -> tuple[Any, list[Consultant], list[Achievement]]:
    document = draw(policy_documents())
    for rule in draw(st.lists(st.sampled_from(EXTRA_RULES), unique_by=lambda r: r["id"])):
        if any(f in rule["when"] and f not in document["fields"]
               for f in ("kelembagaan", "produksi")):
            continue
        document["rules"].insert(draw(st.integers(0, len(document["rules"]) - 1)), rule)
    import json

    policy = parse_policy(json.dumps(document), "gen.yaml")
    consultants, achievements = draw(rosters(policy, max_size=12))
    # pull some achievements onto boundaries: a gate's minimum, the target, a threshold
    edged = []
    for a in achievements:
        c = next(c for c in consultants if c.id == a.consultant)
        field = policy.field(c.field)
        assert field is not None
        ind = field.indicator(a.indicator)
        assert ind is not None
        target = a.target if a.target is not None else ind.target
        share = draw(st.sampled_from([None, ind.minimum, Fraction(1), Fraction(1, 2),
                                      Fraction(7, 10), Fraction(3, 4)]))
        if share is not None and ind.direction == "higher":
            edged.append(Achievement(a.consultant, a.indicator, target * share, a.target))
        else:
            edged.append(a)
    return policy, consultants, edged


def _key(ev: Any) -> list[tuple[Any, ...]]:
    return [(d.consultant, d.outcome, d.rule, d.score, d.to_field, d.placement, d.exact_score)
            for d in ev.decisions]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases())
def test_fast_path_decides_exactly_as_the_exact_path(case: Any) -> None:
    policy, consultants, achievements = case
    try:
        exact = evaluate(policy, consultants, achievements, explain=True)
    except Exception as exc:  # an undecided consultant: the fast run must fail the same way
        try:
            evaluate(policy, consultants, achievements, explain=False)
        except Exception as fast_exc:
            assert type(fast_exc) is type(exc)
            assert str(fast_exc) == str(exc)
            return
        raise AssertionError("the fast path decided what the exact path could not") from exc
    fast = evaluate(policy, consultants, achievements, explain=False)
    assert _key(fast) == _key(exact)
    assert fast.input_sha256 == exact.input_sha256
    # each consultant on its own: the float decision, when it gives one, is the exact one
    plan = plan_for(policy)
    runtime = runtime_of(policy)
    field_ids = [f.id for f in policy.fields]
    given_by: dict[str, dict[str, Achievement]] = {}
    for a in achievements:
        given_by.setdefault(a.consultant, {})[a.indicator] = a
    for c in consultants:
        field = policy.field(c.field)
        measured = measure(policy, runtime, field, field_ids, c, given_by.get(c.id, {}), False)
        scored = match_rules(runtime, measured, False, [])
        try:
            hit = decide(plan, c, given_by.get(c.id, {}))
        except Close:
            continue
        if hit is None or scored is None:
            continue
        assert hit[1] == scored.score
        assert hit[2] is scored.compiled


def test_close_calls_are_redone_exactly() -> None:
    """Values whose float is within 1e-9 of a boundary are decided exactly (inputs have at
    most 9 decimals, the number range, but a ratio such as a/3 has endless ones)."""
    policy = parse_policy("""
policy: t
year: 2018
defaults: {scoring: weighted_ratio, thresholds: {keep: 70}}
units: {u: {name: U}}
fields:
  f:
    indicators:
      a: {label: A, target: 3, weight: 1, minimum: 0.6}
rules:
  - {id: gate, when: gates_failed > 0, then: replace}
  - {id: tepat, when: ratio_a >= 0.800000001, then: replace}
  - {id: keep, when: score >= keep, then: keep}
  - {id: rest, when: true, then: replace}
""", "t.yaml")
    people = [Consultant(f"K{n}", "", "u", "f", 2017) for n in range(4)]
    results = [Achievement("K0", "a", "1.8"),           # ratio 0.6 exactly: gate passes
               Achievement("K1", "a", "1.799999999"),   # 3.3e-10 below: gate fails
               Achievement("K2", "a", "2.400000003"),   # ratio 0.800000001: 'tepat' holds
               Achievement("K3", "a", "2.09985")]       # score 69.995 rounds to 70
    fast = evaluate(policy, people, results, explain=False)
    exact = evaluate(policy, people, results, explain=True)
    assert _key(fast) == _key(exact)
    assert [d.rule for d in fast.decisions] == ["rest", "gate", "tepat", "keep"]


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_input_hash_is_the_canonical_documents_hash(data: st.DataObject) -> None:
    import json

    policy = parse_policy(json.dumps(data.draw(policy_documents())), "gen.yaml")
    consultants, achievements = data.draw(rosters(policy, max_size=6))
    odd = Consultant("Z\u00e9\"\\\n", "N\u00e4me \u2603", "pkp", policy.fields[0].id, 2015,
                     {policy.fields[0].id: Fraction(1, 8)})
    for people in (consultants, [*consultants, odd]):
        for flag in (False, True):
            expected = hashlib.sha256(canonical_json(input_document(
                people, achievements, missing_as_zero=flag)).encode("utf-8")).hexdigest()
            assert input_sha256(people, achievements, missing_as_zero=flag) == expected
