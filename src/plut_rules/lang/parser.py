"""Parsing a rule condition: a small, safe expression language (policy contract §2.2).

A condition such as ``score >= keep and gates_failed == 0`` is read by a
hand-written tokenizer and recursive-descent parser; nothing a policy says is
ever given to :func:`eval` or :func:`compile`.  The grammar, loosest first::

    or_expr   := and_expr ("or" and_expr)*
    and_expr  := not_expr ("and" not_expr)*
    not_expr  := "not" not_expr | comparison
    comparison:= sum [("<" | "<=" | ">" | ">=" | "==" | "!=") sum | "in" list]   (not chained)
    sum       := product (("+" | "-") product)*
    product   := unary (("*" | "/") unary)*
    unary     := "-" unary | primary
    primary   := NUMBER | STRING | "true" | "false" | NAME | "(" or_expr ")"
    list      := "[" or_expr ("," or_expr)* [","] "]"

Numbers are digits with an optional ``.digits`` and mean the exact decimal
written (a :class:`~fractions.Fraction`); strings are in single or double
quotes (no escapes); names are ``[A-Za-z_][A-Za-z0-9_]*`` other than the
keywords ``and or not in true false``.

:func:`parse` returns an :class:`~plut_rules.lang.evaluation.Expression` (or
None) and the problems found.  Problem codes: ``expr-syntax``,
``expr-chained``, ``expr-too-long``, ``expr-too-deep``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NoReturn

import attrs

from plut_rules.errors import Location, Problem
from plut_rules.lang.evaluation import Expression
from plut_rules.lang.nodes import (
    And,
    Arith,
    ArithOp,
    BoolLit,
    Compare,
    CompareOp,
    In,
    Neg,
    Node,
    Not,
    NumberLit,
    Or,
    StringLit,
    Var,
    height,
)
from plut_rules.lang.tokens import KEYWORDS, Token, text_location, tokenize

__all__ = ["MAX_DEPTH", "MAX_HEIGHT", "MAX_LENGTH", "parse"]

#: Longest condition text accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of parentheses, list brackets, ``not`` and unary ``-`` accepted.
MAX_DEPTH = 50
#: Tallest syntax tree accepted (a chain ``a + b + c`` is one level per operator), so that
#: nothing that walks a tree, including attrs' generated ``==`` and ``repr``, recurses too deep.
MAX_HEIGHT = 200


class _Failure(Exception):
    """Stops the parser at its first syntax error."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


_COMPARE_NAMES: dict[str, CompareOp] = {
    "<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!="
}
_ARITH_NAMES: dict[str, ArithOp] = {"+": "+", "-": "-", "*": "*", "/": "/"}
_COMPARE_TEXTS = frozenset(_COMPARE_NAMES)


def _describe(token: Token) -> str:
    if token.kind == "end":
        return "end of the condition"
    if token.kind == "number":
        return f"number {token.text}"
    if token.kind == "string":
        return f"string {token.text}"
    if token.kind == "name":
        return f"name {token.text!r}"
    return f"'{token.text}'"


class _Parser:
    def __init__(self, text: str, origin: Location | None, path: str) -> None:
        self.text = text
        self.origin = origin
        self.path = path
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0
        self.problems: list[Problem] = []

    # -- helpers

    def problem(self, code: str, message: str, offset: int) -> Problem:
        return Problem(code, message, text_location(self.origin, self.text, offset), self.path)

    def fail(self, message: str, offset: int, code: str = "expr-syntax") -> NoReturn:
        raise _Failure(self.problem(code, message, offset))

    def peek(self, ahead: int = 0) -> Token:
        index = min(self.pos + ahead, len(self.tokens) - 1)
        token = self.tokens[index]
        if token.kind == "error" and ahead == 0:
            self.fail(token.text, token.start, token.code)
        return token

    def take(self) -> Token:
        token = self.peek()
        self.pos += 1
        return token

    def previous(self) -> Token | None:
        return self.tokens[self.pos - 1] if self.pos > 0 else None

    def at(self, kind: str, *texts: str) -> bool:
        token = self.peek()
        return token.kind == kind and (not texts or token.text in texts)

    def enter(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"the condition nests more than {MAX_DEPTH} levels deep (parentheses, "
                      "lists, not and unary minus); simplify it", token.start, "expr-too-deep")

    def source(self, node: Node) -> str:
        return self.text[node.start : node.end]

    def unexpected(self, token: Token, expected: str) -> NoReturn:
        """A token where an operator, a closing bracket or the end was due."""
        start = token.start
        lowered = token.text.lower()
        hint = ""
        if token.kind == "name" and lowered in KEYWORDS:
            hint = f"keywords are written in lower case: write {lowered}"
        elif token.kind == "name" and lowered == "is":
            hint = "use == or != to compare"
        elif token.kind == "name" and lowered in ("if", "else", "then"):
            hint = "conditional expressions are not allowed; write one rule per case"
        elif token.kind == "op" and token.text == "(":
            hint = "an operator is missing before '('"
        elif token.kind == "op" and token.text == "[":
            hint = "indexing ([...]) is not allowed; a list may only follow in"
        elif token.kind == "op" and token.text in (")", "]") and expected.startswith("the end"):
            hint = f"there is no matching opening {'(' if token.text == ')' else '['}"
        elif token.kind == "op" and token.text == ",":
            prev, nxt = self.previous(), self.peek(1)
            if prev is not None and prev.kind == "number" and nxt.kind == "number":
                hint = f"write decimals with a point: {prev.text}.{nxt.text}"
            else:
                hint = "',' may only separate the values of a list after in"
        elif token.kind in ("number", "string", "name", "keyword"):
            hint = "an operator (such as and, or, ==, >=, +) is missing before it"
        message = f"unexpected {_describe(token)}"
        message += f": {hint}" if hint else f"; expected {expected}"
        self.fail(message, start)

    # -- grammar

    def parse(self) -> Node:
        if self.peek().kind == "end":
            self.fail("empty condition: write one such as score >= keep (or true)", 0)
        node = self.parse_or()
        token = self.peek()
        if token.kind != "end":
            self.unexpected(token, "the end of the condition")
        return node

    def parse_or(self) -> Node:
        left = self.parse_and()
        while self.at("keyword", "or"):
            self.take()
            right = self.parse_and()
            left = Or(left, right, start=left.start, end=right.end)
        return left

    def parse_and(self) -> Node:
        left = self.parse_not()
        while self.at("keyword", "and"):
            self.take()
            right = self.parse_not()
            left = And(left, right, start=left.start, end=right.end)
        return left

    def parse_not(self) -> Node:
        token = self.peek()
        if token.kind == "keyword" and token.text == "not":
            self.take()
            self.enter(token)
            operand = self.parse_not()
            self.depth -= 1
            return Not(operand, start=token.start, end=operand.end)
        return self.parse_comparison()

    def is_comparison(self, token: Token) -> bool:
        return (token.kind == "op" and token.text in _COMPARE_TEXTS) or (
            token.kind == "keyword" and token.text == "in"
        )

    def parse_comparison(self) -> Node:
        left = self.parse_sum()
        token = self.peek()
        if not self.is_comparison(token):
            if token.kind == "keyword" and token.text == "not" and self.peek(1).text == "in":
                self.fail(f"'not in' is not allowed: write not {self.source(left)} in [...]",
                          token.start)
            return left
        first = self.comparison_tail(left, self.take())
        if not self.is_comparison(self.peek()):
            return first
        # Chained (`50 <= score < 70`): report it, and read on as if joined by `and`.
        chained_at = self.peek().start
        links = [first]
        while self.is_comparison(self.peek()):
            before = links[-1]
            middle = before.right if isinstance(before, Compare) else before
            links.append(self.comparison_tail(middle, self.take()))
        if all(isinstance(link, Compare) for link in links[:-1]):
            written = " and ".join(self.link_text(link) for link in links)
            message = f"comparisons cannot be chained: write {written}"
        else:
            message = ("comparisons cannot be chained: write each one separately and join them "
                       "with and")
        self.problems.append(self.problem("expr-chained", message, chained_at))
        node: Node = links[0]
        for link in links[1:]:
            node = And(node, link, start=node.start, end=link.end)
        return node

    def link_text(self, link: Compare | In) -> str:
        if isinstance(link, Compare):
            return f"{self.source(link.left)} {link.op} {self.source(link.right)}"
        opener = self.text.index("[", link.item.end)
        return f"{self.source(link.item)} in {self.text[opener : link.end]}"

    def comparison_tail(self, left: Node, op: Token) -> Compare | In:
        if op.kind == "keyword":  # in
            return self.parse_list(left, op)
        if self.peek().kind == "end":
            self.fail(f"the condition ends after '{op.text}': a value must follow it", op.start)
        right = self.parse_sum()
        return Compare(_COMPARE_NAMES[op.text], left, right, start=left.start, end=right.end)

    def parse_list(self, item: Node, op: Token) -> In:
        opener = self.peek()
        if not (opener.kind == "op" and opener.text == "["):
            self.fail(f"in must be followed by a list in square brackets, such as "
                      f"{self.source(item)} in [a, b]; found {_describe(opener)}", opener.start)
        self.take()
        self.enter(opener)
        if self.at("op", "]"):
            self.fail("the list after in is empty: name at least one value", opener.start)
        options: list[Node] = []
        while True:
            options.append(self.parse_or())
            token = self.peek()
            if token.kind == "op" and token.text == ",":
                self.take()
                if self.at("op", "]"):
                    break
                continue
            if token.kind == "op" and token.text == "]":
                break
            if token.kind == "end":
                self.fail("unclosed '[': add ']' after the last value of the list", opener.start)
            self.unexpected(token, "',' or ']'")
        close = self.take()
        self.depth -= 1
        return In(item, tuple(options), start=item.start, end=close.end)

    def parse_sum(self) -> Node:
        left = self.parse_product()
        while self.at("op", "+", "-"):
            op = self.take()
            right = self.parse_product()
            left = Arith(_ARITH_NAMES[op.text], left, right, start=left.start, end=right.end)
        return left

    def parse_product(self) -> Node:
        left = self.parse_unary()
        while self.at("op", "*", "/"):
            op = self.take()
            right = self.parse_unary()
            left = Arith(_ARITH_NAMES[op.text], left, right, start=left.start, end=right.end)
        return left

    def parse_unary(self) -> Node:
        token = self.peek()
        if token.kind == "op" and token.text == "-":
            self.take()
            self.enter(token)
            operand = self.parse_unary()
            self.depth -= 1
            return Neg(operand, start=token.start, end=operand.end)
        if token.kind == "op" and token.text == "+":
            self.fail("unary + is not allowed: remove it", token.start)
        return self.parse_primary()

    def parse_primary(self) -> Node:  # noqa: RET503 - every other path raises
        token = self.peek()
        kind, text = token.kind, token.text
        if kind == "number":
            self.take()
            return NumberLit(Fraction(text), start=token.start, end=token.end)
        if kind == "string":
            self.take()
            return StringLit(text[1:-1], start=token.start, end=token.end)
        if kind == "keyword" and text in ("true", "false"):
            self.take()
            return BoolLit(text == "true", start=token.start, end=token.end)
        if kind == "name":
            self.take()
            after = self.peek()
            if after.kind == "op" and after.text == "(":
                self.fail(f"function calls are not allowed: {text}(...) cannot be used; write "
                          "the condition with + - * / and comparisons", token.start)
            if after.kind == "op" and after.text == "[":
                self.fail(f"indexing is not allowed: {text}[...] cannot be used; use a plain "
                          "variable name", after.start)
            return Var(text, start=token.start, end=token.end)
        if kind == "op" and text == "(":
            self.take()
            self.enter(token)
            if self.at("op", ")"):
                self.fail("empty parentheses: put a condition or a value inside", token.start)
            inner = self.parse_or()
            close = self.peek()
            if close.kind == "end":
                self.fail("unclosed '(': add ')'", token.start)
            if not (close.kind == "op" and close.text == ")"):
                self.unexpected(close, "')'")
            self.take()
            self.depth -= 1
            return attrs.evolve(inner, start=token.start, end=close.end)
        if kind == "keyword" and text == "not":
            self.fail("not cannot follow an operator here; put it in parentheses: (not ...)",
                      token.start)
        previous = self.previous()
        if kind == "end":
            if previous is None:  # pragma: no cover - parse() reports the empty condition
                self.fail("empty condition", 0)
            self.fail(f"the condition ends after '{previous.text}': a value must follow it",
                      previous.start)
        if kind == "op" and text == "[":
            self.fail("a list [...] may only follow in (x in [a, b])", token.start)
        where = "at the start" if previous is None else f"after '{previous.text}'"
        self.fail(f"expected a value {where}, found {_describe(token)}", token.start)


def parse(
    text: str, *, origin: Location | None = None, path: str = ""
) -> tuple[Expression | None, list[Problem]]:
    """Parse a condition; the expression (None on any error) and every problem found.

    ``origin`` is where ``text``'s first character is in the policy file;
    problem locations are computed from it (None without it).  Never raises on
    bad text: every mistake is a :class:`~plut_rules.errors.Problem`.
    """
    if len(text) > MAX_LENGTH:
        message = (f"the condition is {len(text)} characters long; the limit is {MAX_LENGTH}: "
                   "split it over several rules")
        return None, [Problem("expr-too-long", message, text_location(origin, text, 0), path)]
    parser = _Parser(text, origin, path)
    try:
        root = parser.parse()
    except _Failure as failure:
        return None, [*parser.problems, failure.problem]
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps the parser far from the limit
        return None, [parser.problem("expr-too-deep", "the condition nests too deeply", 0)]
    if parser.problems:
        return None, parser.problems
    if height(root) > MAX_HEIGHT:
        message = (f"the condition is too complex: its operators nest more than {MAX_HEIGHT} "
                   "levels deep (a chain such as a + b + c counts one level per operator); "
                   "split it over several rules")
        return None, [parser.problem("expr-too-deep", message, 0)]
    return Expression(text, root, origin, path), []

