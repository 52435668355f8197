"""A policy's early warnings compiled into one durable_rules ruleset on a Host of its own."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from plut_rules.engine import (
    ALWAYS,
    CHUNK,
    LOCK,
    MAX_PROPERTIES,
    NEVER,
    ConditionCompiler,
    HostedRuleset,
    Leaf,
    all_of,
    any_of,
    post_leaves,
    ruleset_name,
)
from plut_rules.errors import EvaluationError, PolicyError, Problem
from plut_rules.model import Policy
from plut_rules.monitor.month_variables import WarningItem, evaluation_failed
from plut_rules.policy import Monitoring, runtime_of
from plut_rules.wording import say

__all__ = ["DurableWarnings", "durable_warnings"]


class DurableWarnings(HostedRuleset):
    """A policy's warnings compiled into one durable_rules ruleset on a Host of its own.

    Each event is one (consultant, warning ``j`` [, indicator]); warning ``j``
    becomes rule ``NNNN-<id>`` (salience ``2j + 2``) testing ``w == j``, the
    scope and the condition, with a division-by-zero rule (``2j + 1``) as in
    the rules backend, and a last catch-all ``quiet`` so that every event
    fires exactly one action.
    """

    def __init__(self, section: Monitoring, policy_sha256: str) -> None:
        self.section = section
        self.name = ruleset_name("plut_mon", policy_sha256)
        compiler = ConditionCompiler(frozenset({"field", "unit", "indicator"}))
        definition: dict[str, Any] = {}
        self.leaves: list[tuple[Leaf, ...]] = []
        for j, c in enumerate(section.warnings):
            w = c.warning
            parts: list[dict[str, Any]] = [{"w": j}]
            if w.fields is not None:
                parts.append(any_of([{"field": f} for f in w.fields]))
            if w.units is not None:
                parts.append(any_of([{"unit": u} for u in w.units]))
            scope = all_of(parts)
            first = len(compiler.leaves)
            reached: list[tuple[Leaf, dict[str, Any]]] = []
            if c.condition is None:
                when = ALWAYS if c.constant else NEVER
            else:
                when = compiler.build(c.condition.root, False)
                compiler.reached(c.condition.root, ALWAYS, reached)
            own = tuple(compiler.leaves[first:])
            self.leaves.append(own)
            properties = 7 + sum(2 if leaf.numeric else 1 for leaf in own)
            if properties > MAX_PROPERTIES:
                raise PolicyError([Problem.worded(
                    "durable-too-large",
                    say("durable.too_large", warning=repr(w.id), count=len(own),
                        most=MAX_PROPERTIES),
                    w.source, f"monitoring.warnings.{w.id}.when")])
            definition[f"{j:04d}-{w.id}"] = {"all": [{"m": all_of([scope, when])}],
                                             "pri": 2 * j + 2, "run": self.action("hold")}
            failing = [all_of([reach, {f"e{leaf.key}": 1}])
                       for leaf, reach in reached if leaf.may_fail]
            if failing:
                definition[f"{j:04d}-{w.id}.division-by-zero"] = {
                    "all": [{"m": all_of([scope, any_of(failing)])}], "pri": 2 * j + 1,
                    "run": self.action("error")}
        definition["quiet"] = {"all": [{"m": ALWAYS}],
                               "pri": 2 * len(section.warnings) + 2,
                               "run": self.action("quiet")}
        self.start(definition)

    def event(self, event_id: int, sid: str, item: WarningItem) -> dict[str, Any]:
        """The event posted for one item: its scope keys and its warning's leaves."""
        field = item.values["field"]
        out: dict[str, Any] = {"id": event_id, "sid": sid, "t": 1, "w": item.j,
                               "field": field, "unit": item.values["unit"]}
        if item.indicator is not None:
            out["indicator"] = item.indicator
        if not item.in_scope:
            return out  # the scope test fails in durable; the leaves may not even exist
        post_leaves(self.leaves[item.j], item.values, out)
        return out

    def holds(self, items: Sequence[WarningItem]) -> list[bool]:
        """Which items hold, decided by durable_rules (events posted in chunks)."""
        out: list[bool] = []
        errors: list[Problem] = []
        for start in range(0, len(items), CHUNK):
            chunk = items[start:start + CHUNK]
            for item, outcome in zip(chunk, self._chunk(chunk), strict=True):
                if outcome == "error":
                    errors.append(evaluation_failed(item, self.section.warnings[item.j]))
                out.append(outcome == "hold")
        if errors:
            raise EvaluationError(errors)
        return out

    def _chunk(self, chunk: Sequence[WarningItem]) -> list[str]:
        fired = self.post(lambda sid: [self.event(i, sid, item)
                                        for i, item in enumerate(chunk)])
        return [fired[i] for i in range(len(chunk))]


_COMPILED: weakref.WeakKeyDictionary[Any, DurableWarnings] = weakref.WeakKeyDictionary()


def durable_warnings(policy: Policy, section: Monitoring) -> DurableWarnings:
    """The durable ruleset of a policy's warnings, built on first use (one Host per policy)."""
    runtime = runtime_of(policy)
    with LOCK:
        found = _COMPILED.get(runtime)
        if found is None:
            found = DurableWarnings(section, policy.sha256)
            _COMPILED[runtime] = found
        return found

