"""Decisions per second of the built-in and the durable_rules backends, in one run.

Usage: .venv/bin/python benchmarks/durable_vs_builtin.py [N]   (default N = 5000)

Both backends evaluate the same generated roster of N consultants under the
shipped 2018 policy (explanations off, so the numbers measure scoring and
rule matching).  A plain-Python loop that only matches the rules (no scoring,
no placement) over the same variables is the baseline the ratios are given
against.  Each is timed as the best of 3 runs.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from fractions import Fraction

from plut_rules import Achievement, Consultant, evaluate, load_policy
from plut_rules.engine import rules_backend
from plut_rules.policy import runtime_of
from plut_rules.shipped import policy_path


def roster(n: int, seed: int = 2018) -> tuple[list[Consultant], list[Achievement]]:
    """``n`` consultants spread over the policy's units and fields, with random results."""
    policy = load_policy(policy_path("2018"))
    rng = random.Random(seed)
    people: list[Consultant] = []
    results: list[Achievement] = []
    field_ids = [f.id for f in policy.fields]
    for k in range(n):
        field = rng.choice(policy.fields)
        unit = rng.choice(policy.units)
        cid = f"B-{k:06d}"
        competences = {f: rng.randint(0, 100) for f in field_ids if rng.random() < 0.4}
        people.append(Consultant(cid, f"Nama {k}", unit.id, field.id, rng.randint(2010, 2018),
                                 competences))
        for ind in field.indicators:
            value = Fraction(rng.randint(0, 2 * int(ind.target) * 10 + 10), 10)
            results.append(Achievement(cid, ind.id, value))
    return people, results


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    policy = load_policy(policy_path("2018"))
    people, results = roster(n)
    builtin = evaluate(policy, people, results, explain=False)
    durable = evaluate(policy, people, results, explain=False, backend="durable")
    assert builtin.decisions == durable.decisions, "the backends disagree"

    # the plain-Python baseline: the rules alone, over the variables each backend reads
    from plut_rules.engine import measure

    runtime = runtime_of(policy)
    field_ids = [f.id for f in policy.fields]
    given: dict[str, dict[str, Achievement]] = {}
    for a in results:
        given.setdefault(a.consultant, {})[a.indicator] = a
    measured = [measure(policy, runtime, policy.field(c.field), field_ids, c,  # type: ignore[arg-type]
                        given[c.id], False) for c in people]

    def plain() -> None:
        for m in measured:
            for compiled in runtime.rules_for(m.field.id, m.consultant.unit):
                if compiled.condition is None or compiled.condition.evaluate(m.values) is True:
                    break

    backend = rules_backend(runtime, policy.sha256)
    items = [(m.field.id, m.consultant.unit, m.values) for m in measured]

    t_builtin = best_of(3, lambda: evaluate(policy, people, results, explain=False))
    t_durable = best_of(3, lambda: evaluate(policy, people, results, explain=False,
                                            backend="durable"))
    t_plain = best_of(3, plain)
    t_match = best_of(3, lambda: backend.decide(items))
    print(f"roster: {n} consultants, shipped 2018 policy, best of 3 runs each")
    print(f"{'':34}{'decisions/s':>14}{'vs plain':>10}")
    for label, seconds in (("builtin evaluate()", t_builtin),
                           ("durable evaluate()", t_durable),
                           ("plain-Python rule matching only", t_plain),
                           ("durable rule matching only", t_match)):
        print(f"{label:34}{n / seconds:14,.0f}{t_plain / seconds:10.3f}")
    print(f"durable evaluate() takes {t_durable / t_builtin:.2f}x the builtin's time")


if __name__ == "__main__":
    main()
