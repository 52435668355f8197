"""The rule variables, declared once: every name a rule's ``when`` can read.

Each :class:`RuleVariable` says the name (or the pattern of a family of names), its type,
what it means and how the engine computes it.  The validator's known-variable check
(:func:`rule_variable_types`), the names a threshold may not take
(:func:`reserved_for_variables`) and the variable table of ``docs/policy-format.md``
(:func:`variable_table`, compared with the page by a test) are all derived from
:data:`RULE_VARIABLES`.  The engines (``plut_rules.engine``) compute the values, the
linter (``plut_rules.quality``) models them; both follow this declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import attrs

from plut_rules import lang as expr_lang
from plut_rules.model import Field
from plut_rules.wording import Words, say

__all__ = [
    "RULE_VARIABLES",
    "VARIABLES",
    "RuleVariable",
    "explain_unavailable",
    "reserved_for_variables",
    "rule_variable_types",
    "variable_table",
]

#: How a variable's name is formed: one fixed name, every threshold name of the field,
#: one name per field of the policy, or one name per indicator of the field.
VariableKind = Literal["fixed", "threshold", "per_field", "per_indicator"]

_TYPE_WORDS = {expr_lang.ValueType.NUMBER: "number", expr_lang.ValueType.STRING: "text"}


@attrs.frozen
class RuleVariable:
    """One variable (or one family of variables) of the rule language.

    ``name`` is the name as a rule writes it; for a family it is a pattern whose varying
    part is in angle brackets (``ratio_<indicator>``), and for the thresholds it is
    ``<threshold>``.  ``meaning`` says what the value stands for and ``computed`` how it
    is computed, for a consultant in their current field and unit.
    """

    name: str
    kind: VariableKind
    type: expr_lang.ValueType
    meaning: str
    computed: str

    @property
    def prefix(self) -> str:
        """The fixed part of a family's names (``ratio_``); the whole name when fixed."""
        return self.name.split("<", 1)[0]

    @property
    def written(self) -> str:
        """The name as the docs' table writes it."""
        return "every threshold name" if self.kind == "threshold" else f"`{self.name}`"


_NUMBER, _TEXT = expr_lang.ValueType.NUMBER, expr_lang.ValueType.STRING

#: Every variable a rule can read, in the order of the docs' table.
RULE_VARIABLES: tuple[RuleVariable, ...] = (
    RuleVariable("score", "fixed", _NUMBER, "the consultant's score in the field",
                 "the field scorer's result over the indicator ratios, rounded to 2 decimals "
                 "(half away from zero)"),
    RuleVariable("<threshold>", "threshold", _NUMBER, "a named number of the policy",
                 "its value for this field (the field's own, else the default)"),
    RuleVariable("gates_failed", "fixed", _NUMBER, "the gates the consultant fails",
                 "how many indicators have a ratio below their `minimum`"),
    RuleVariable("years_served", "fixed", _NUMBER, "the years since appointment",
                 "the policy's `year` minus the consultant's `appointed` year"),
    RuleVariable("field", "fixed", _TEXT, "the consultant's current field",
                 "the field's id"),
    RuleVariable("unit", "fixed", _TEXT, "the consultant's unit", "the unit's id"),
    RuleVariable("best_competence", "fixed", _NUMBER, "the best competence elsewhere",
                 "the highest competence in the policy's *other* fields (0 when none)"),
    RuleVariable("competence_<field>", "per_field", _NUMBER, "the competence in that field",
                 "as given in the roster (0 when not given)"),
    RuleVariable("ratio_<indicator>", "per_indicator", _NUMBER, "that indicator's ratio",
                 "achievement / target (target / achievement for `direction: lower`), not "
                 "capped; see \"Ratios, scores and gates\""),
)

#: The fixed variable names (the families are named by their prefix).
VARIABLES: tuple[str, ...] = tuple(v.name for v in RULE_VARIABLES if v.kind == "fixed")
_FAMILY_PREFIXES = tuple(v.prefix for v in RULE_VARIABLES if v.kind.startswith("per_"))


def reserved_for_variables(name: str) -> bool:
    """Whether ``name`` cannot name a threshold: a variable, a family's prefix or a keyword."""
    return (name in VARIABLES or name in expr_lang.KEYWORDS
            or name.startswith(_FAMILY_PREFIXES))


def rule_variable_types(
    in_scope: Sequence[Field], all_fields: Sequence[Field]
) -> dict[str, expr_lang.ValueType]:
    """The variables a rule scoped to ``in_scope`` may read, and their types.

    A threshold or ``ratio_<indicator>`` is known only when every field in scope has it;
    ``competence_<field>`` exists for every field of the policy.
    """
    if in_scope:
        thresholds = set.intersection(*(set(f.thresholds) for f in in_scope))
        indicators = set.intersection(*({i.id for i in f.indicators} for f in in_scope))
    else:
        thresholds, indicators = set(), set()
    types: dict[str, expr_lang.ValueType] = {}
    for v in RULE_VARIABLES:
        if v.kind == "fixed":
            types[v.name] = v.type
        elif v.kind == "threshold":
            types.update(dict.fromkeys(sorted(thresholds), v.type))
        elif v.kind == "per_field":
            types.update({v.prefix + f.id: v.type for f in all_fields})
        else:
            types.update({v.prefix + ind: v.type for ind in sorted(indicators)})
    return types


def explain_unavailable(in_scope: Sequence[Field]) -> Callable[[str], Words | None]:
    """Why an unknown name is a variable of only some fields in scope (None: it is not)."""
    scope_ids = [f.id for f in in_scope]
    ratio = next(v.prefix for v in RULE_VARIABLES if v.kind == "per_indicator")

    def explain(name: str) -> Words | None:
        if name.startswith(ratio):
            ind = name[len(ratio):]
            lacking = [f.id for f in in_scope if f.indicator(ind) is None]
            if lacking and len(lacking) < len(in_scope):
                return say("variables.no_indicator", name=repr(name), lacking=", ".join(lacking),
                           indicator=repr(ind),
                           having=", ".join(i for i in scope_ids if i not in lacking))
        lacking = [f.id for f in in_scope if name not in f.thresholds]
        if lacking and len(lacking) < len(in_scope):
            return say("variables.no_threshold", name=repr(name), lacking=", ".join(lacking))
        return None

    return explain


def variable_table() -> str:
    """The variable table of ``docs/policy-format.md``, as Markdown."""
    lines = ["| variable | type | meaning | how it is computed |", "|---|---|---|---|"]
    for v in RULE_VARIABLES:
        lines.append(f"| {v.written} | {_TYPE_WORDS[v.type]} | {v.meaning} | {v.computed} |")
    return "\n".join(lines) + "\n"
