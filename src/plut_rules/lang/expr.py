"""Rule conditions: a small, safe expression language (policy contract §2.2).

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

:func:`parse` returns an :class:`Expression` (or None) and the problems found;
:func:`check` type-checks a parsed expression against the variables a rule may
read.  An :class:`Expression` is compiled once, at parse time, into nested
closures, so :meth:`Expression.evaluate` does no tree walking.

Problem codes: ``expr-syntax``, ``expr-chained``, ``expr-too-long``,
``expr-too-deep`` (from :func:`parse`); ``unknown-variable``,
``unknown-value``, ``expr-type``, ``not-boolean`` (from :func:`check`).
"""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal, NamedTuple, NoReturn, TypeAlias

import attrs

from plut_rules.errors import Location, Problem, did_you_mean
from plut_rules.exact import decimal_text

__all__ = [
    "KEYWORDS",
    "MAX_DEPTH",
    "MAX_HEIGHT",
    "MAX_LENGTH",
    "And",
    "Arith",
    "ArithOp",
    "BoolLit",
    "Compare",
    "CompareOp",
    "Comparison",
    "Expression",
    "In",
    "Neg",
    "Node",
    "Not",
    "NumberLit",
    "Or",
    "StringLit",
    "Value",
    "ValueType",
    "Var",
    "check",
    "parse",
    "unparse",
    "walk",
]

#: Words that cannot name a variable.
KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false"})
#: Longest condition text accepted, in characters.
MAX_LENGTH = 2000
#: Deepest nesting of parentheses, list brackets, ``not`` and unary ``-`` accepted.
MAX_DEPTH = 50
#: Tallest syntax tree accepted (a chain ``a + b + c`` is one level per operator), so that
#: nothing that walks a tree, including attrs' generated ``==`` and ``repr``, recurses too deep.
MAX_HEIGHT = 200


class ValueType(enum.Enum):
    """The type of a variable or of a (sub)expression."""

    NUMBER = "number"
    STRING = "string"
    BOOLEAN = "boolean"


#: A value an expression reads or yields: an exact number, a string or a boolean.
Value: TypeAlias = Fraction | str | bool

ArithOp = Literal["+", "-", "*", "/"]
CompareOp = Literal["<", "<=", ">", ">=", "==", "!="]


# --------------------------------------------------------------------------- syntax tree
#
# Every node is a frozen attrs value.  ``start`` and ``end`` are character
# offsets into the expression's text (a parenthesised node's span includes its
# parentheses); they are keyword-only, default to 0 and take no part in
# equality, so two trees are equal when their structure is.


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


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Neg | Not):
        return (node.operand,)
    if isinstance(node, Arith | Compare | And | Or):
        return (node.left, node.right)
    if isinstance(node, In):
        return (node.item, *node.options)
    return ()


def _height(node: Node) -> int:
    """The number of levels of the tree under ``node``, without recursion."""
    height, level = 0, [node]
    while level:
        height += 1
        level = [child for current in level for child in _children(current)]
    return height


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree under ``node`` (itself first), in reading order, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(_children(current)))


@attrs.frozen
class Comparison:
    """One comparison actually evaluated, as an explanation shows it.

    ``text`` is its source text (``"score >= keep"``); ``right`` is a tuple of
    the list's values for ``in``.
    """

    text: str
    op: str
    left: Value
    right: Value | tuple[Value, ...]
    holds: bool


# --------------------------------------------------------------------------- values & closures

_Values = Mapping[str, Value]
_Fn = Callable[[_Values], Any]
_TracedFn = Callable[[_Values, list[Comparison]], Any]
_Op = Callable[[Any, Any], Any]

_ARITH_OPS: dict[str, _Op] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
_COMPARE_OPS: dict[str, _Op] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_NO_VALUES: _Values = MappingProxyType({})
# Chains of + - * / and/or longer than this are evaluated by a loop rather than
# nested closures, so a long chain cannot exhaust the stack.
_NESTED_CHAIN = 8


class _Compiled(NamedTuple):
    fn: _Fn
    const: bool = False
    value: Any = None
    var: str | None = None


def _const(value: Any) -> _Compiled:
    def fn(values: _Values) -> Any:
        return value

    return _Compiled(fn, True, value)


def _binary(op: _Op, left: _Compiled, right: _Compiled) -> _Compiled:
    """``op(left, right)`` as one closure, specialised on variables and constants."""
    if left.const and right.const:
        try:
            return _const(op(left.value, right.value))
        except Exception:  # e.g. 1/0: left to raise when evaluated
            pass
    lf, rf, lv, rv = left.fn, right.fn, left.value, right.value
    ln, rn = left.var, right.var
    if ln is not None:
        if right.const:
            return _Compiled(lambda v: op(v[ln], rv))
        if rn is not None:
            return _Compiled(lambda v: op(v[ln], v[rn]))
        return _Compiled(lambda v: op(v[ln], rf(v)))
    if left.const:
        if rn is not None:
            return _Compiled(lambda v: op(lv, v[rn]))
        return _Compiled(lambda v: op(lv, rf(v)))
    if right.const:
        return _Compiled(lambda v: op(lf(v), rv))
    if rn is not None:
        return _Compiled(lambda v: op(lf(v), v[rn]))
    return _Compiled(lambda v: op(lf(v), rf(v)))


def _arith_chain(node: Arith) -> tuple[Node, list[tuple[ArithOp, Node]]]:
    """A left-nested chain ``((a + b) * c) - d`` as ``a, [(+, b), (*, c), (-, d)]``."""
    rest: list[tuple[ArithOp, Node]] = []
    current: Node = node
    while isinstance(current, Arith):
        rest.append((current.op, current.right))
        current = current.left
    rest.reverse()
    return current, rest


def _bool_chain(node: And | Or) -> list[Node]:
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


def _compile(node: Node) -> _Compiled:
    """The fast evaluator of ``node``: closures, constants folded where safe."""
    if isinstance(node, NumberLit | StringLit | BoolLit):
        return _const(node.value)
    if isinstance(node, Var):
        return _Compiled(operator.itemgetter(node.name), var=node.name)
    if isinstance(node, Neg | Not):
        inner = _compile(node.operand)
        f = inner.fn
        if isinstance(node, Neg):
            fn: _Fn = lambda v: -f(v)  # noqa: E731
        else:
            fn = lambda v: not f(v)  # noqa: E731
        if inner.const:
            try:
                return _const(fn(_NO_VALUES))
            except Exception:  # unchecked nonsense raises when evaluated
                pass
        return _Compiled(fn)
    if isinstance(node, Arith):
        first, rest = _arith_chain(node)
        acc = _compile(first)
        parts = [(_ARITH_OPS[op], _compile(right)) for op, right in rest]
        if len(parts) <= _NESTED_CHAIN:
            for op_fn, right_c in parts:
                acc = _binary(op_fn, acc, right_c)
            return acc
        head = acc.fn
        steps = tuple((op_fn, right_c.fn) for op_fn, right_c in parts)

        def chain(v: _Values) -> Any:
            value = head(v)
            for op_fn, right_fn in steps:
                value = op_fn(value, right_fn(v))
            return value

        return _Compiled(chain)
    if isinstance(node, Compare):
        return _binary(_COMPARE_OPS[node.op], _compile(node.left), _compile(node.right))
    if isinstance(node, In):
        return _compile_in(node)
    return _compile_bool_chain(node)


def _compile_in(node: In) -> _Compiled:
    item = _compile(node.item)
    options = [_compile(option) for option in node.options]
    if all(option.const for option in options):
        values = tuple(option.value for option in options)
        pool: Collection[Any] = values
        if all(isinstance(value, str) for value in values):
            pool = frozenset(values)
        if item.const:
            return _const(item.value in pool)
        if item.var is not None:
            name = item.var
            return _Compiled(lambda v: v[name] in pool)
        item_fn = item.fn
        return _Compiled(lambda v: item_fn(v) in pool)
    item_fn = item.fn
    option_fns = tuple(option.fn for option in options)

    def member(v: _Values) -> bool:
        value = item_fn(v)
        return value in [option_fn(v) for option_fn in option_fns]

    return _Compiled(member)


def _compile_bool_chain(node: And | Or) -> _Compiled:
    is_and = isinstance(node, And)
    # A leading constant decides or drops out: `true and x` is x, `false and x` is false.
    operands: list[_Compiled] = []
    for operand in _bool_chain(node):
        compiled = _compile(operand)
        if not operands and compiled.const and isinstance(compiled.value, bool):
            if compiled.value is not is_and:
                return _const(compiled.value)
            continue
        operands.append(compiled)
    if not operands:
        return _const(is_and)
    if len(operands) == 1:
        return operands[0]
    fns = tuple(operand.fn for operand in operands)
    if len(fns) == 2:
        a, b = fns
        if is_and:
            return _Compiled(lambda v: a(v) and b(v))
        return _Compiled(lambda v: a(v) or b(v))
    if len(fns) == 3:
        a, b, c = fns
        if is_and:
            return _Compiled(lambda v: a(v) and b(v) and c(v))
        return _Compiled(lambda v: a(v) or b(v) or c(v))
    if is_and:

        def all_hold(v: _Values) -> bool:
            return all(fn(v) for fn in fns)

        return _Compiled(all_hold)

    def any_holds(v: _Values) -> bool:
        return any(fn(v) for fn in fns)

    return _Compiled(any_holds)


def _compile_traced(node: Node, text: str) -> _TracedFn:
    """The tracing evaluator: records every comparison evaluated, in order."""
    if isinstance(node, NumberLit | StringLit | BoolLit):
        constant = node.value
        return lambda v, out: constant
    if isinstance(node, Var):
        name = node.name
        return lambda v, out: v[name]
    if isinstance(node, Neg):
        f = _compile_traced(node.operand, text)
        return lambda v, out: -f(v, out)
    if isinstance(node, Not):
        f = _compile_traced(node.operand, text)
        return lambda v, out: not f(v, out)
    if isinstance(node, Arith):
        first, rest = _arith_chain(node)
        head = _compile_traced(first, text)
        steps = tuple((_ARITH_OPS[op], _compile_traced(right, text)) for op, right in rest)

        def arith(v: _Values, out: list[Comparison]) -> Any:
            value = head(v, out)
            for op_fn, right_fn in steps:
                value = op_fn(value, right_fn(v, out))
            return value

        return arith
    if isinstance(node, Compare):
        source = _source(text, node)
        op_name = node.op
        op_fn = _COMPARE_OPS[op_name]
        lf = _compile_traced(node.left, text)
        rf = _compile_traced(node.right, text)

        def compare(v: _Values, out: list[Comparison]) -> Any:
            left = lf(v, out)
            right = rf(v, out)
            holds = op_fn(left, right)
            out.append(Comparison(source, op_name, left, right, holds))
            return holds

        return compare
    if isinstance(node, In):
        source = _source(text, node)
        item_fn = _compile_traced(node.item, text)
        option_fns = tuple(_compile_traced(option, text) for option in node.options)

        def member(v: _Values, out: list[Comparison]) -> bool:
            item = item_fn(v, out)
            options = tuple(option_fn(v, out) for option_fn in option_fns)
            holds = item in options
            out.append(Comparison(source, "in", item, options, holds))
            return holds

        return member
    fns = tuple(_compile_traced(operand, text) for operand in _bool_chain(node))
    if isinstance(node, And):

        def all_hold(v: _Values, out: list[Comparison]) -> Any:
            value: Any = True
            for fn in fns:
                value = fn(v, out)
                if not value:
                    return value
            return value

        return all_hold

    def any_holds(v: _Values, out: list[Comparison]) -> Any:
        value: Any = False
        for fn in fns:
            value = fn(v, out)
            if value:
                return value
        return value

    return any_holds


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


def _source(text: str, node: Node) -> str:
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


# --------------------------------------------------------------------------- expression


@attrs.frozen(eq=False)
class Expression:
    """A parsed rule condition, compiled once for fast evaluation.

    ``origin`` is where the first character of ``text`` is in the policy file,
    ``path`` the document path it came from (``rules[2].when``);
    ``variables`` are the distinct variable names it reads, sorted.
    """

    text: str
    root: Node
    origin: Location | None = None
    path: str = ""
    variables: tuple[str, ...] = attrs.field(init=False)
    _fast: _Fn = attrs.field(init=False, repr=False)
    _traced: _TracedFn = attrs.field(init=False, repr=False)

    @variables.default
    def _collect_variables(self) -> tuple[str, ...]:
        return tuple(sorted({n.name for n in walk(self.root) if isinstance(n, Var)}))

    @_fast.default
    def _compile_fast(self) -> _Fn:
        return _compile(self.root).fn

    @_traced.default
    def _compile_traced(self) -> _TracedFn:
        return _compile_traced(self.root, self.text)

    def __reduce__(self) -> tuple[Any, ...]:
        # Closures cannot be pickled: rebuild (and recompile) from the text and tree.
        return (Expression, (self.text, self.root, self.origin, self.path))

    def evaluate(self, values: Mapping[str, Value]) -> Value:
        """The value of the expression for ``values`` (numbers as Fraction).

        Assumes a checked expression; a missing variable raises KeyError and a
        division by zero raises ZeroDivisionError.
        """
        result: Value = self._fast(values)
        return result

    def evaluate_traced(self, values: Mapping[str, Value]) -> tuple[Value, tuple[Comparison, ...]]:
        """The value, and the comparisons actually evaluated, in order (short-circuit respected)."""
        out: list[Comparison] = []
        result: Value = self._traced(values, out)
        return result, tuple(out)

    def normalized(self) -> str:
        """Canonical text: single spaces, minimal parentheses; it parses to an equal tree."""
        return unparse(self.root)

    def location(self, offset: int) -> Location | None:
        """Where the character at ``offset`` of ``text`` is in the policy file."""
        return _location(self.origin, self.text, offset)


def _location(origin: Location | None, text: str, offset: int) -> Location | None:
    if origin is None:
        return None
    newlines = text.count("\n", 0, offset)
    if newlines == 0:
        column = None if origin.column is None else origin.column + offset
        return attrs.evolve(origin, column=column)
    line = None if origin.line is None else origin.line + newlines
    return attrs.evolve(origin, line=line, column=offset - text.rfind("\n", 0, offset))


# --------------------------------------------------------------------------- tokenizer


class _Token(NamedTuple):
    kind: str  # number string name keyword op end error
    text: str  # for an error: the message
    start: int
    end: int
    code: str = "expr-syntax"


_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"\w+")
_OPERATORS = ("<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",")
_TWO_CHAR_HINTS = {
    "<>": "use != for 'not equal'",
    "=<": "use <= for 'at most'",
    "=>": "use >= for 'at least'",
    "&&": "use and to combine conditions",
    "||": "use or to combine conditions",
    "**": "powers are not allowed; multiply instead (x * x)",
    "//": "use / (division is exact; there is no integer division)",
}
_CHAR_HINTS = {
    "=": "use == to compare (= alone is not allowed)",
    "!": "use not to negate a condition, and != for 'not equal'",
    "&": "use and to combine conditions",
    "|": "use or to combine conditions",
    "%": "'%' is not allowed; write percentages as plain numbers (95, not 95%)",
    "≥": "use >= instead of ≥",
    "≤": "use <= instead of ≤",
    "≠": "use != instead of ≠",
    "‘": "use plain quotes ' or \" around text",
    "’": "use plain quotes ' or \" around text",
    "“": "use plain quotes ' or \" around text",
    "”": "use plain quotes ' or \" around text",
    "#": "comments are not allowed inside a condition",
}


def _char_text(char: str) -> str:
    return f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"


def _tokenize(text: str) -> list[_Token]:
    """The tokens of ``text``, ending with an ``end`` token, or with an ``error`` token."""
    tokens: list[_Token] = []
    pos, size = 0, len(text)

    def error(message: str, at: int, length: int = 1) -> list[_Token]:
        tokens.append(_Token("error", message, at, at + length))
        return tokens

    while True:
        space = _SPACE.match(text, pos)
        if space:
            pos = space.end()
        if pos >= size:
            tokens.append(_Token("end", "", size, size))
            return tokens
        char = text[pos]
        if char in "'\"":
            close = text.find(char, pos + 1)
            if close < 0:
                return error(f"unclosed string: add the closing {char} at the end of the text", pos)
            tokens.append(_Token("string", text[pos : close + 1], pos, close + 1))
            pos = close + 1
            continue
        match = _NUMBER.match(text, pos)
        if match:
            end = match.end()
            tokens.append(_Token("number", match.group(), pos, end))
            pos = end
            if pos < size and text[pos] == ".":
                if "." in match.group():
                    return error("unexpected '.' after a number", pos)
                return error(f"a decimal point must be followed by digits: write {match.group()}"
                             f" or {match.group()}.0", pos)
            if pos < size and (text[pos].isalnum() or text[pos] == "_"):
                tail = _WORD.match(text, pos)
                whole = text[match.start() : tail.end() if tail else pos + 1]
                return error(f"{whole!r} is not a number: write numbers as plain decimals (such "
                             "as 1000 or 0.5) and put a space between a number and a name", pos)
            continue
        match = _NAME.match(text, pos)
        if match:
            word = match.group()
            kind = "keyword" if word in KEYWORDS else "name"
            tokens.append(_Token(kind, word, pos, match.end()))
            pos = match.end()
            if pos < size and text[pos] == "." and kind == "name":
                return error(f"attribute access ({word}.…) is not allowed: only plain variable "
                             "names can be used", pos)
            continue
        pair = text[pos : pos + 2]
        if pair in _TWO_CHAR_HINTS:
            return error(f"unexpected '{pair}': {_TWO_CHAR_HINTS[pair]}", pos, 2)
        operator_text = next((op for op in _OPERATORS if text.startswith(op, pos)), None)
        if operator_text is not None:
            tokens.append(_Token("op", operator_text, pos, pos + len(operator_text)))
            pos += len(operator_text)
            continue
        if char == ".":
            if pos + 1 < size and text[pos + 1].isdigit():
                digits = _NUMBER.match(text, pos + 1)
                written = digits.group() if digits else "5"
                return error(f"a number must start with a digit: write 0.{written}, "
                             f"not .{written}", pos)
            if tokens and tokens[-1].text in (")", "]"):
                return error("attribute access (….x) is not allowed", pos)
            return error("unexpected '.'", pos)
        hint = _CHAR_HINTS.get(char)
        if hint is not None:
            return error(f"unexpected {_char_text(char)}: {hint}", pos)
        return error(f"unexpected character {_char_text(char)}", pos)


# --------------------------------------------------------------------------- parser


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


def _describe(token: _Token) -> str:
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
        self.tokens = _tokenize(text)
        self.pos = 0
        self.depth = 0
        self.problems: list[Problem] = []

    # -- helpers

    def problem(self, code: str, message: str, offset: int) -> Problem:
        return Problem(code, message, _location(self.origin, self.text, offset), self.path)

    def fail(self, message: str, offset: int, code: str = "expr-syntax") -> NoReturn:
        raise _Failure(self.problem(code, message, offset))

    def peek(self, ahead: int = 0) -> _Token:
        index = min(self.pos + ahead, len(self.tokens) - 1)
        token = self.tokens[index]
        if token.kind == "error" and ahead == 0:
            self.fail(token.text, token.start, token.code)
        return token

    def take(self) -> _Token:
        token = self.peek()
        self.pos += 1
        return token

    def previous(self) -> _Token | None:
        return self.tokens[self.pos - 1] if self.pos > 0 else None

    def at(self, kind: str, *texts: str) -> bool:
        token = self.peek()
        return token.kind == kind and (not texts or token.text in texts)

    def enter(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail(f"the condition nests more than {MAX_DEPTH} levels deep (parentheses, "
                      "lists, not and unary minus); simplify it", token.start, "expr-too-deep")

    def source(self, node: Node) -> str:
        return self.text[node.start : node.end]

    def unexpected(self, token: _Token, expected: str) -> NoReturn:
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

    def is_comparison(self, token: _Token) -> bool:
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

    def comparison_tail(self, left: Node, op: _Token) -> Compare | In:
        if op.kind == "keyword":  # in
            return self.parse_list(left, op)
        if self.peek().kind == "end":
            self.fail(f"the condition ends after '{op.text}': a value must follow it", op.start)
        right = self.parse_sum()
        return Compare(_COMPARE_NAMES[op.text], left, right, start=left.start, end=right.end)

    def parse_list(self, item: Node, op: _Token) -> In:
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
        return None, [Problem("expr-too-long", message, _location(origin, text, 0), path)]
    parser = _Parser(text, origin, path)
    try:
        root = parser.parse()
    except _Failure as failure:
        return None, [*parser.problems, failure.problem]
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps the parser far from the limit
        return None, [parser.problem("expr-too-deep", "the condition nests too deeply", 0)]
    if parser.problems:
        return None, parser.problems
    if _height(root) > MAX_HEIGHT:
        message = (f"the condition is too complex: its operators nest more than {MAX_HEIGHT} "
                   "levels deep (a chain such as a + b + c counts one level per operator); "
                   "split it over several rules")
        return None, [parser.problem("expr-too-deep", message, 0)]
    return Expression(text, root, origin, path), []


# --------------------------------------------------------------------------- type checking

_EMPTY_DOMAINS: Mapping[str, Collection[str]] = MappingProxyType({})
_ORDERING = frozenset({"<", "<=", ">", ">="})
_DESCRIPTION = {
    ValueType.NUMBER: "a number",
    ValueType.STRING: "a string",
    ValueType.BOOLEAN: "true/false",
}


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

    def report(self, code: str, message: str, node: Node, suggestion: str | None = None) -> None:
        self.problems.append(Problem(code, message, self.expr.location(node.start),
                                     self.expr.path, suggestion=suggestion))

    def src(self, node: Node) -> str:
        return _source(self.expr.text, node)

    def numeric_text_hint(self, node: Node) -> str:
        if isinstance(node, StringLit) and _NUMBER.fullmatch(node.value.strip()):
            return f"; write {node.value.strip()} without quotes"
        return ""

    def compare_hint(self, node: Node, found: ValueType) -> str:
        if found is ValueType.NUMBER:
            return f"; write a comparison such as {self.src(node)} > 0"
        if found is ValueType.STRING:
            return f"; write a comparison such as {self.src(node)} == '...'"
        return ""

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
                self.report("expr-type", f"unary - needs a number, but {self.src(node.operand)} "
                            f"is {_DESCRIPTION[found]}", node.operand)
            return ValueType.NUMBER
        if isinstance(node, Arith):
            first, rest = _arith_chain(node)
            operands = [(rest[0][0], first), *rest]
            for op, operand in operands:
                found = self.infer(operand)
                if found is not None and found is not ValueType.NUMBER:
                    self.report("expr-type", f"'{op}' needs numbers on both sides, but "
                                f"{self.src(operand)} is {_DESCRIPTION[found]}"
                                f"{self.numeric_text_hint(operand)}", operand)
            return ValueType.NUMBER
        if isinstance(node, Not):
            found = self.infer(node.operand)
            if found is not None and found is not ValueType.BOOLEAN:
                self.report("expr-type", f"not needs a condition (true or false), but "
                            f"{self.src(node.operand)} is {_DESCRIPTION[found]}"
                            f"{self.compare_hint(node.operand, found)}", node.operand)
            return ValueType.BOOLEAN
        if isinstance(node, And | Or):
            word = "and" if isinstance(node, And) else "or"
            for operand in _bool_chain(node):
                found = self.infer(operand)
                if found is not None and found is not ValueType.BOOLEAN:
                    self.report("expr-type", f"{word} needs conditions (true or false) on both "
                                f"sides, but {self.src(operand)} is {_DESCRIPTION[found]}"
                                f"{self.compare_hint(operand, found)}", operand)
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
        message = f"unknown variable {name!r}"
        suggestion: str | None
        if name.lower() in ("true", "false"):
            suggestion = name.lower()
            message += ": true and false are written in lower case"
        elif any(name in domain for domain in self.domains.values()):
            suggestion = f"'{name}'"
            message += f": to mean the text {name}, put it in quotes"
        else:
            suggestion = did_you_mean(name, self.types)
            if suggestion is None and self.types:
                known = sorted(self.types)
                listed = ", ".join(known[:15]) + (", ..." if len(known) > 15 else "")
                message += f"; known variables: {listed}"
        self.report("unknown-variable", message, node, suggestion)
        return None

    def domain(self, var: Node, literal: Node) -> None:
        """A string literal compared with a variable of known values (field, unit)."""
        if not (isinstance(var, Var) and isinstance(literal, StringLit)):
            return
        allowed = self.domains.get(var.name)
        if allowed is None or literal.value in allowed:
            return
        choices = ", ".join(sorted(allowed)) or "none"
        self.report("unknown-value", f"{literal.value!r} is not a possible value of {var.name} "
                    f"(one of: {choices})", literal, did_you_mean(literal.value, allowed))

    def compare(self, node: Compare) -> None:
        left_t = self.infer(node.left)
        right_t = self.infer(node.right)
        if left_t is None or right_t is None:
            return
        op = node.op
        if left_t is right_t:
            if op in _ORDERING and left_t is ValueType.STRING:
                self.report("expr-type", f"strings can only be compared with == or !=, not {op} "
                            f"({self.src(node)})", node)
            elif op in _ORDERING and left_t is ValueType.BOOLEAN:
                self.report("expr-type", f"true/false values can only be compared with == or !=, "
                            f"not {op} ({self.src(node)})", node)
            elif left_t is ValueType.STRING:
                self.domain(node.left, node.right)
                self.domain(node.right, node.left)
            return
        culprit = node.right
        if isinstance(node.left, NumberLit | StringLit | BoolLit) and not isinstance(
            node.right, NumberLit | StringLit | BoolLit
        ):
            culprit = node.left
        hint = self.numeric_text_hint(node.left) or self.numeric_text_hint(node.right)
        if not hint and {left_t, right_t} == {ValueType.NUMBER, ValueType.STRING}:
            hint = "; compare numbers with numbers and strings with strings"
        self.report("expr-type", f"cannot compare {_DESCRIPTION[left_t]} with "
                    f"{_DESCRIPTION[right_t]}: {self.src(node.left)} is {_DESCRIPTION[left_t]} "
                    f"but {self.src(node.right)} is {_DESCRIPTION[right_t]}"
                    f"{hint}", culprit)

    def membership(self, node: In) -> None:
        item_t = self.infer(node.item)
        for option in node.options:
            option_t = self.infer(option)
            if item_t is None or option_t is None:
                continue
            if option_t is not item_t:
                self.report("expr-type", f"every value in the list must be {_DESCRIPTION[item_t]}"
                            f" like {self.src(node.item)}, but {self.src(option)} is "
                            f"{_DESCRIPTION[option_t]}{self.numeric_text_hint(option)}", option)
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
        checker.report("not-boolean", f"a condition must be true or false, but this one is "
                       f"{_DESCRIPTION[found]}{checker.compare_hint(root, found)}", root)
    return checker.problems
