"""The syntax tree of a rule condition, and its canonical text.

Every node is a frozen attrs value.  ``start`` and ``end`` are character
offsets into the expression's text (a parenthesised node's span includes its
parentheses); they are keyword-only, default to 0 and take no part in
equality, so two trees are equal when their structure is.

Nothing here recurses over a tree: :func:`walk`, :func:`height` and
:func:`unparse` loop, so that a very long chain ``a + b + ...`` cannot exhaust
the stack.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

from plut_rules.exact import decimal_text

__all__ = [
    "And",
    "Arith",
    "ArithOp",
    "BoolLit",
    "Compare",
    "CompareOp",
    "In",
    "Neg",
    "Node",
    "Not",
    "NumberLit",
    "Or",
    "StringLit",
    "Var",
    "arith_chain",
    "bool_chain",
    "children",
    "height",
    "source_text",
    "unparse",
    "walk",
]

ArithOp = Literal["+", "-", "*", "/"]
CompareOp = Literal["<", "<=", ">", ">=", "==", "!="]


@attrs.frozen
class NumberLit:
    """A number literal; ``value`` is the exact decimal written (never negative)."""

    value: Fraction
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class StringLit:
    """A string literal, without its quotes."""

    value: str
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class BoolLit:
    """``true`` or ``false``."""

    value: bool
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Var:
    """A variable (``score``, a threshold name, ``ratio_x``...)."""

    name: str
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Neg:
    """Unary minus."""

    operand: Node
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Arith:
    """``left op right`` with ``op`` one of ``+ - * /`` (exact arithmetic)."""

    op: ArithOp
    left: Node
    right: Node
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Compare:
    """``left op right`` with ``op`` one of ``< <= > >= == !=``."""

    op: CompareOp
    left: Node
    right: Node
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class In:
    """``item in [options...]``: membership by ``==``."""

    item: Node
    options: tuple[Node, ...]
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Not:
    """``not operand``."""

    operand: Node
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class And:
    """``left and right``; ``right`` is evaluated only when ``left`` holds."""

    left: Node
    right: Node
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


@attrs.frozen
class Or:
    """``left or right``; ``right`` is evaluated only when ``left`` does not hold."""

    left: Node
    right: Node
    start: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)
    end: int = attrs.field(default=0, eq=False, repr=False, kw_only=True)


#: Any node of the syntax tree (usable with ``isinstance``).
Node: TypeAlias = (
    NumberLit | StringLit | BoolLit | Var | Neg | Arith | Compare | In | Not | And | Or
)


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly under ``node``, in reading order."""
    if isinstance(node, Neg | Not):
        return (node.operand,)
    if isinstance(node, Arith | Compare | And | Or):
        return (node.left, node.right)
    if isinstance(node, In):
        return (node.item, *node.options)
    return ()


def height(node: Node) -> int:
    """The number of levels of the tree under ``node``, without recursion."""
    levels, level = 0, [node]
    while level:
        levels += 1
        level = [child for current in level for child in children(current)]
    return levels


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree under ``node`` (itself first), in reading order, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(children(current)))


def arith_chain(node: Arith) -> tuple[Node, list[tuple[ArithOp, Node]]]:
    """A left-nested chain ``((a + b) * c) - d`` as ``a, [(+, b), (*, c), (-, d)]``."""
    rest: list[tuple[ArithOp, Node]] = []
    current: Node = node
    while isinstance(current, Arith):
        rest.append((current.op, current.right))
        current = current.left
    rest.reverse()
    return current, rest


def bool_chain(node: And | Or) -> list[Node]:
    """A left-nested ``a and b and c`` (or ``or``) as its operands in order."""
    kind = type(node)
    operands: list[Node] = []
    current: Node = node
    while isinstance(current, kind):
        assert isinstance(current, And | Or)
        operands.append(current.right)
        current = current.left
    operands.append(current)
    operands.reverse()
    return operands


# --------------------------------------------------------------------------- canonical text

_OR, _AND, _NOT, _CMP, _SUM, _PRODUCT, _UNARY, _ATOM = range(1, 9)


def _level(node: Node) -> int:
    if isinstance(node, Or):
        return _OR
    if isinstance(node, And):
        return _AND
    if isinstance(node, Not):
        return _NOT
    if isinstance(node, Compare | In):
        return _CMP
    if isinstance(node, Arith):
        return _SUM if node.op in ("+", "-") else _PRODUCT
    if isinstance(node, Neg):
        return _UNARY
    if isinstance(node, NumberLit) and not _plain_number(node.value):
        return _UNARY if _plain_number(-node.value) else _PRODUCT
    return _ATOM


def _plain_number(value: Fraction) -> bool:
    """Whether ``value`` is written as a plain decimal literal (finite, non-negative)."""
    if value < 0:
        return False
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    return den == 1


def _wrap(node: Node, minimum: int) -> str:
    text = unparse(node)
    return text if _level(node) >= minimum else f"({text})"


def unparse(node: Node) -> str:
    """Canonical text of ``node``: single spaces, the fewest parentheses that keep its shape.

    Parsing the result gives an equal tree.  (A :class:`NumberLit` not made by
    :func:`parse`, say one third, is written as a division of the same value.)
    """
    if isinstance(node, NumberLit):
        value = node.value
        if _plain_number(value):
            return decimal_text(value)
        if _plain_number(-value):
            return "-" + decimal_text(-value)
        sign = "-" if value < 0 else ""
        return f"{sign}{abs(value.numerator)} / {value.denominator}"
    if isinstance(node, StringLit):
        quote = '"' if "'" in node.value else "'"
        return f"{quote}{node.value}{quote}"
    if isinstance(node, BoolLit):
        return "true" if node.value else "false"
    if isinstance(node, Var):
        return node.name
    if isinstance(node, Neg):
        return "-" + _wrap(node.operand, _UNARY)
    if isinstance(node, Not):
        return "not " + _wrap(node.operand, _NOT)
    if isinstance(node, Compare):
        return f"{_wrap(node.left, _SUM)} {node.op} {_wrap(node.right, _SUM)}"
    if isinstance(node, In):
        options = ", ".join(unparse(option) for option in node.options)
        return f"{_wrap(node.item, _SUM)} in [{options}]"
    # Left-nested chains of one level are written in a loop (no deep recursion).
    level = _level(node)
    pieces: list[str] = []
    current: Node = node
    while isinstance(current, Arith | And | Or) and _level(current) == level:
        op = current.op if isinstance(current, Arith) else type(current).__name__.lower()
        pieces.append(_wrap(current.right, level + 1))
        pieces.append(op)
        current = current.left
    pieces.append(_wrap(current, level))
    pieces.reverse()
    return " ".join(pieces)


def source_text(text: str, node: Node) -> str:
    """The text ``node`` was parsed from, without enclosing parentheses.

    Its canonical text when its offsets do not fit ``text`` (a tree not made by :func:`parse`).
    """
    if not 0 <= node.start < node.end <= len(text):
        return unparse(node)
    source = text[node.start : node.end]
    while source.startswith("(") and _closing_paren(source) == len(source) - 1:
        source = source[1:-1].strip()
    return source


def _closing_paren(text: str) -> int:
    """The index of the parenthesis closing the one at ``text[0]`` (-1 if none)."""
    depth, quote = 0, ""
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index
    return -1

