"""Type checking a rule condition against the variables a rule may read.

:func:`check` infers the type of every part of a parsed condition, resolves
its variable names and reports, all at once, every problem with a fix:
``unknown-variable``, ``unknown-value``, ``expr-type`` and ``not-boolean``.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from types import MappingProxyType

from plut_rules.errors import Problem, did_you_mean
from plut_rules.lang.evaluation import Expression
from plut_rules.lang.nodes import (
    And,
    Arith,
    BoolLit,
    Compare,
    In,
    Neg,
    Node,
    Not,
    NumberLit,
    Or,
    StringLit,
    Var,
    arith_chain,
    bool_chain,
    source_text,
)
from plut_rules.lang.tokens import NUMBER
from plut_rules.wording import Words, say

__all__ = ["ValueType", "check"]


class ValueType(enum.Enum):
    """The type of a variable or of a (sub)expression."""

    NUMBER = "number"
    STRING = "string"
    BOOLEAN = "boolean"


_EMPTY_DOMAINS: Mapping[str, Collection[str]] = MappingProxyType({})
_ORDERING = frozenset({"<", "<=", ">", ">="})
_DESCRIPTION = {
    ValueType.NUMBER: say("expr.type_number"),
    ValueType.STRING: say("expr.type_string"),
    ValueType.BOOLEAN: say("expr.type_boolean"),
}
_NO_HINT = Words.same("")


class _Checker:
    def __init__(
        self,
        expr: Expression,
        types: Mapping[str, ValueType],
        domains: Mapping[str, Collection[str]],
    ) -> None:
        self.expr = expr
        self.types = types
        self.domains = domains
        self.problems: list[Problem] = []

    def report(self, code: str, message: Words, node: Node,
               suggestion: str | None = None) -> None:
        self.problems.append(Problem.worded(code, message, self.expr.location(node.start),
                                            self.expr.path, suggestion=suggestion))

    def src(self, node: Node) -> str:
        return source_text(self.expr.text, node)

    def numeric_text_hint(self, node: Node) -> Words:
        if isinstance(node, StringLit) and NUMBER.fullmatch(node.value.strip()):
            return say("expr.without_quotes", number=node.value.strip())
        return _NO_HINT

    def compare_hint(self, node: Node, found: ValueType) -> Words:
        if found is ValueType.NUMBER:
            return say("expr.compare_number", operand=self.src(node))
        if found is ValueType.STRING:
            return say("expr.compare_string", operand=self.src(node))
        return _NO_HINT

    def infer(self, node: Node) -> ValueType | None:
        """The type of ``node`` (None when unknown because of a problem already reported)."""
        if isinstance(node, NumberLit):
            return ValueType.NUMBER
        if isinstance(node, StringLit):
            return ValueType.STRING
        if isinstance(node, BoolLit):
            return ValueType.BOOLEAN
        if isinstance(node, Var):
            return self.variable(node)
        if isinstance(node, Neg):
            found = self.infer(node.operand)
            if found is not None and found is not ValueType.NUMBER:
                self.report("expr-type", say("expr.minus_needs_number",
                                             operand=self.src(node.operand),
                                             found=_DESCRIPTION[found]), node.operand)
            return ValueType.NUMBER
        if isinstance(node, Arith):
            first, rest = arith_chain(node)
            operands = [(rest[0][0], first), *rest]
            for op, operand in operands:
                found = self.infer(operand)
                if found is not None and found is not ValueType.NUMBER:
                    self.report("expr-type", say("expr.arith_needs_numbers", op=op,
                                                 operand=self.src(operand),
                                                 found=_DESCRIPTION[found],
                                                 hint=self.numeric_text_hint(operand)), operand)
            return ValueType.NUMBER
        if isinstance(node, Not):
            found = self.infer(node.operand)
            if found is not None and found is not ValueType.BOOLEAN:
                self.report("expr-type", say("expr.not_needs_condition",
                                             operand=self.src(node.operand),
                                             found=_DESCRIPTION[found],
                                             hint=self.compare_hint(node.operand, found)),
                            node.operand)
            return ValueType.BOOLEAN
        if isinstance(node, And | Or):
            word = "and" if isinstance(node, And) else "or"
            for operand in bool_chain(node):
                found = self.infer(operand)
                if found is not None and found is not ValueType.BOOLEAN:
                    self.report("expr-type", say("expr.join_needs_conditions", word=word,
                                                 operand=self.src(operand),
                                                 found=_DESCRIPTION[found],
                                                 hint=self.compare_hint(operand, found)),
                                operand)
            return ValueType.BOOLEAN
        if isinstance(node, Compare):
            self.compare(node)
            return ValueType.BOOLEAN
        self.membership(node)
        return ValueType.BOOLEAN

    def variable(self, node: Var) -> ValueType | None:
        name = node.name
        found = self.types.get(name)
        if found is not None:
            return found
        message = say("expr.unknown_variable", name=repr(name))
        suggestion: str | None
        if name.lower() in ("true", "false"):
            suggestion = name.lower()
            message += say("expr.lower_case_boolean")
        elif any(name in domain for domain in self.domains.values()):
            suggestion = f"'{name}'"
            message += say("expr.quote_the_text", name=name)
        else:
            suggestion = did_you_mean(name, self.types)
            if suggestion is None and self.types:
                known = sorted(self.types)
                listed = ", ".join(known[:15]) + (", ..." if len(known) > 15 else "")
                message += say("expr.known_variables", listed=listed)
        self.report("unknown-variable", message, node, suggestion)
        return None

    def domain(self, var: Node, literal: Node) -> None:
        """A string literal compared with a variable of known values (field, unit)."""
        if not (isinstance(var, Var) and isinstance(literal, StringLit)):
            return
        allowed = self.domains.get(var.name)
        if allowed is None or literal.value in allowed:
            return
        choices = (Words.same(", ".join(sorted(allowed))) if allowed
                   else say("expr.no_choices"))
        self.report("unknown-value", say("expr.unknown_value", value=repr(literal.value),
                                         name=var.name, choices=choices),
                    literal, did_you_mean(literal.value, allowed))

    def compare(self, node: Compare) -> None:
        left_t = self.infer(node.left)
        right_t = self.infer(node.right)
        if left_t is None or right_t is None:
            return
        op = node.op
        if left_t is right_t:
            if op in _ORDERING and left_t is ValueType.STRING:
                self.report("expr-type", say("expr.ordering_strings", op=op,
                                             written=self.src(node)), node)
            elif op in _ORDERING and left_t is ValueType.BOOLEAN:
                self.report("expr-type", say("expr.ordering_booleans", op=op,
                                             written=self.src(node)), node)
            elif left_t is ValueType.STRING:
                self.domain(node.left, node.right)
                self.domain(node.right, node.left)
            return
        culprit = node.right
        if isinstance(node.left, NumberLit | StringLit | BoolLit) and not isinstance(
            node.right, NumberLit | StringLit | BoolLit
        ):
            culprit = node.left
        hint = self.numeric_text_hint(node.left)
        if hint == _NO_HINT:
            hint = self.numeric_text_hint(node.right)
        if hint == _NO_HINT and {left_t, right_t} == {ValueType.NUMBER, ValueType.STRING}:
            hint = say("expr.like_with_like")
        self.report("expr-type", say("expr.cannot_compare", left_type=_DESCRIPTION[left_t],
                                     right_type=_DESCRIPTION[right_t],
                                     left=self.src(node.left), right=self.src(node.right),
                                     hint=hint), culprit)

    def membership(self, node: In) -> None:
        item_t = self.infer(node.item)
        for option in node.options:
            option_t = self.infer(option)
            if item_t is None or option_t is None:
                continue
            if option_t is not item_t:
                self.report("expr-type", say("expr.list_value_type",
                                             item_type=_DESCRIPTION[item_t],
                                             item=self.src(node.item), option=self.src(option),
                                             option_type=_DESCRIPTION[option_t],
                                             hint=self.numeric_text_hint(option)), option)
            elif item_t is ValueType.STRING:
                self.domain(node.item, option)


def check(
    expr: Expression,
    types: Mapping[str, ValueType],
    *,
    domains: Mapping[str, Collection[str]] = _EMPTY_DOMAINS,
) -> list[Problem]:
    """Every type problem of ``expr`` given the variables in scope and their types.

    ``domains`` maps a string variable (``field``, ``unit``) to the values it
    can take; comparing it with a string literal outside them is an
    ``unknown-value`` problem.  Returns an empty list for a sound condition.
    """
    checker = _Checker(expr, types, domains)
    found = checker.infer(expr.root)
    if found is not None and found is not ValueType.BOOLEAN:
        root = expr.root
        checker.report("not-boolean", say("expr.not_boolean", found=_DESCRIPTION[found],
                                          hint=checker.compare_hint(root, found)), root)
    return checker.problems
