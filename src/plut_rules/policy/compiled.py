"""The compiled form of a policy: what the engines read besides the policy's values.

A :class:`~plut_rules.model.Policy` carries one :class:`Runtime`, built once when the
policy is validated: every rule with its condition already parsed and type-checked
(:class:`CompiledRule`), the scorer object of each field, and the compiled value of each
optional section (``monitoring:``...).  Consumers get it with :func:`runtime_of`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from plut_rules import lang as expr_lang
from plut_rules.model import FrozenMap, Policy, Rule
from plut_rules.scorers import Scorer

__all__ = ["CompiledRule", "Runtime", "compiled_when", "runtime_of"]


@attrs.frozen
class CompiledRule:
    """A rule's condition, compiled once; ``condition`` None means the literal ``true``."""

    rule: Rule
    condition: expr_lang.Expression | None
    constant: bool | None


@attrs.frozen(eq=False)
class Runtime:
    """What the engine needs beyond the policy's values: compiled rules and scorer objects.

    ``sections`` holds the compiled value of each optional section the policy has, by the
    section's name (see :class:`plut_rules.policy.Section`); a section the policy does not
    write has no entry.
    """

    rules: tuple[CompiledRule, ...]
    scorers: Mapping[str, Scorer]
    sections: Mapping[str, Any] = attrs.field(factory=lambda: FrozenMap({}))
    # (field, unit) -> rules in scope, filled on first use (idempotent, so thread-safe enough)
    scoped: dict[tuple[str, str], tuple[CompiledRule, ...]] = attrs.field(factory=dict)
    # the engine's per-policy constants (see plut_rules.engine.fast), built on first use
    plans: dict[str, Any] = attrs.field(factory=dict)

    def rules_for(self, field: str, unit: str) -> tuple[CompiledRule, ...]:
        """The rules whose scope covers ``field`` in ``unit``, in order."""
        key = (field, unit)
        found = self.scoped.get(key)
        if found is None:
            found = tuple(c for c in self.rules if c.rule.applies_to(field, unit))
            self.scoped[key] = found
        return found

    def section(self, name: str) -> Any:
        """The compiled value of the section ``name``, None when the policy has none."""
        return self.sections.get(name)


def runtime_of(policy: Policy) -> Runtime:
    """The compiled form of a validated policy."""
    runtime: Runtime = policy._compiled
    return runtime


def compiled_when(parsed: expr_lang.Expression | None, when: str | bool | None
                  ) -> tuple[expr_lang.Expression | None, bool | None, str | bool | None]:
    """(condition, constant, as written) of a checked ``when``: the literal ``true`` (written
    as a boolean or as text) is a constant, so that the catch-all needs no evaluation."""
    if isinstance(when, bool):
        return None, when, when
    if when is not None and when.strip() == "true":
        return None, True, when
    return parsed, None, when
