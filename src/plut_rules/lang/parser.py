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
from plut_rules.wording import Words, say

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
_EXPECTED_END = say("expr.expected_end")


def _describe(token: Token) -> Words:
    if token.kind == "end":
        return say("expr.the_end")
    if token.kind == "number":
        return say("expr.a_number", number=token.text)
    if token.kind == "string":
        return say("expr.a_string", string=token.text)
    if token.kind == "name":
        return say("expr.a_name", name=repr(token.text))
    return Words.same(f"'{token.text}'")


#: the Indonesian words an analyst may write for the language's keywords
_INDONESIAN_WORDS = {"dan": "and", "atau": "or", "bukan": "not", "tidak": "not",
                     "di": "in", "dalam": "in", "benar": "true", "salah": "false"}


def _problem(code: str, message: Words | str, location: Location | None, path: str) -> Problem:
    """A problem in both languages (a plain str: English only, as the number range's)."""
    if isinstance(message, Words):
        return Problem.worded(code, message, location, path)
    return Problem(code, message, location, path)


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

    def problem(self, code: str, message: Words | str, offset: int) -> Problem:
        return _problem(code, message, text_location(self.origin, self.text, offset), self.path)

    def fail(self, message: Words | str, offset: int, code: str = "expr-syntax") -> NoReturn:
        raise _Failure(self.problem(code, message, offset))

    def peek(self, ahead: int = 0) -> Token:
        index = min(self.pos + ahead, len(self.tokens) - 1)
        token = self.tokens[index]
        if token.kind == "error" and ahead == 0:
            self.fail(token.words or token.text, token.start, token.code)
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
            self.fail(say("expr.too_deep", limit=MAX_DEPTH), token.start, "expr-too-deep")

    def source(self, node: Node) -> str:
        return self.text[node.start : node.end]

    def unexpected(self, token: Token, expected: Words) -> NoReturn:
        """A token where an operator, a closing bracket or the end was due."""
        start = token.start
        lowered = token.text.lower()
        hint: Words | None = None
        if token.kind == "name" and lowered in KEYWORDS:
            hint = say("expr.keyword_case", word=lowered)
        elif token.kind == "name" and lowered == "is":
            hint = say("expr.no_is")
        elif token.kind == "name" and lowered in _INDONESIAN_WORDS:
            hint = say("expr.indonesian_word", word=repr(token.text),
                       keyword=_INDONESIAN_WORDS[lowered])
        elif token.kind == "name" and lowered in ("if", "else", "then"):
            hint = say("expr.no_conditional")
        elif token.kind == "op" and token.text == "(":
            hint = say("expr.operator_before_paren")
        elif token.kind == "op" and token.text == "[":
            hint = say("expr.no_indexing_here")
        elif token.kind == "op" and token.text in (")", "]") and expected == _EXPECTED_END:
            hint = say("expr.no_opener", opener="(" if token.text == ")" else "[")
        elif token.kind == "op" and token.text == ",":
            prev, nxt = self.previous(), self.peek(1)
            if prev is not None and prev.kind == "number" and nxt.kind == "number":
                hint = say("expr.decimal_comma", number=f"{prev.text}.{nxt.text}")
            else:
                hint = say("expr.stray_comma")
        elif token.kind in ("number", "string", "name", "keyword"):
            hint = say("expr.operator_missing")
        if hint is not None:
            self.fail(say("expr.unexpected_hint", what=_describe(token), hint=hint), start)
        self.fail(say("expr.unexpected_expected", what=_describe(token), expected=expected),
                  start)

    # -- grammar

    def parse(self) -> Node:
        if self.peek().kind == "end":
            self.fail(say("expr.empty"), 0)
        node = self.parse_or()
        token = self.peek()
        if token.kind != "end":
            self.unexpected(token, _EXPECTED_END)
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
                self.fail(say("expr.not_in", item=self.source(left)), token.start)
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
            message = say("expr.chained", written=written)
        else:
            message = say("expr.chained_plain")
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
            self.fail(say("expr.ends_after", op=op.text), op.start)
        right = self.parse_sum()
        return Compare(_COMPARE_NAMES[op.text], left, right, start=left.start, end=right.end)

    def parse_list(self, item: Node, op: Token) -> In:
        opener = self.peek()
        if not (opener.kind == "op" and opener.text == "["):
            self.fail(say("expr.in_needs_list", item=self.source(item),
                          found=_describe(opener)), opener.start)
        self.take()
        self.enter(opener)
        if self.at("op", "]"):
            self.fail(say("expr.empty_list"), opener.start)
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
                self.fail(say("expr.unclosed_bracket"), opener.start)
            self.unexpected(token, say("expr.expected_comma_or_bracket"))
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
            self.fail(say("expr.unary_plus"), token.start)
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
                self.fail(say("expr.no_calls", name=text), token.start)
            if after.kind == "op" and after.text == "[":
                self.fail(say("expr.no_indexing", name=text), after.start)
            return Var(text, start=token.start, end=token.end)
        if kind == "op" and text == "(":
            self.take()
            self.enter(token)
            if self.at("op", ")"):
                self.fail(say("expr.empty_parentheses"), token.start)
            inner = self.parse_or()
            close = self.peek()
            if close.kind == "end":
                self.fail(say("expr.unclosed_paren"), token.start)
            if not (close.kind == "op" and close.text == ")"):
                self.unexpected(close, say("expr.expected_paren"))
            self.take()
            self.depth -= 1
            return attrs.evolve(inner, start=token.start, end=close.end)
        if kind == "keyword" and text == "not":
            self.fail(say("expr.not_after_operator"), token.start)
        previous = self.previous()
        if kind == "end":
            if previous is None:  # pragma: no cover - parse() reports the empty condition
                self.fail(say("expr.empty_plain"), 0)
            self.fail(say("expr.ends_after", op=previous.text), previous.start)
        if kind == "op" and text == "[":
            self.fail(say("expr.list_only_after_in"), token.start)
        where = (say("expr.at_start") if previous is None
                 else say("expr.after", token=previous.text))
        self.fail(say("expr.value_expected", where=where, found=_describe(token)), token.start)


def parse(
    text: str, *, origin: Location | None = None, path: str = ""
) -> tuple[Expression | None, list[Problem]]:
    """Parse a condition; the expression (None on any error) and every problem found.

    ``origin`` is where ``text``'s first character is in the policy file;
    problem locations are computed from it (None without it).  Never raises on
    bad text: every mistake is a :class:`~plut_rules.errors.Problem`.
    """
    if len(text) > MAX_LENGTH:
        message = say("expr.too_long", length=len(text), limit=MAX_LENGTH)
        return None, [Problem.worded("expr-too-long", message, text_location(origin, text, 0),
                                     path)]
    parser = _Parser(text, origin, path)
    try:
        root = parser.parse()
    except _Failure as failure:
        return None, [*parser.problems, failure.problem]
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps the parser far from the limit
        return None, [parser.problem("expr-too-deep", say("expr.too_deep_plain"), 0)]
    if parser.problems:
        return None, parser.problems
    if height(root) > MAX_HEIGHT:
        return None, [parser.problem("expr-too-deep", say("expr.too_complex", limit=MAX_HEIGHT),
                                     0)]
    return Expression(text, root, origin, path), []

