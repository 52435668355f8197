"""Evaluating a rule condition: a parsed tree compiled into closures, and :class:`Expression`.

An :class:`Expression` is compiled once, when it is made, into nested
closures, so :meth:`Expression.evaluate` does no tree walking; constants are
folded where that is safe.  :meth:`Expression.evaluate_traced` runs a second,
tracing evaluator that records every :class:`Comparison` it evaluates, for
explanations.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Collection, Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any, NamedTuple, TypeAlias

import attrs

from plut_rules.errors import Location
from plut_rules.exact import MAX_COMPUTED
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
    unparse,
    walk,
)
from plut_rules.lang.tokens import text_location

__all__ = ["Comparison", "ComputedOutOfRange", "Expression", "Value"]


#: A value an expression reads or yields: an exact number, a string or a boolean.
Value: TypeAlias = Fraction | str | bool


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

class ComputedOutOfRange(ArithmeticError):
    """A value computed by a condition is larger than ``exact.MAX_COMPUTED`` in magnitude.

    Raised, like ZeroDivisionError, when the expression is evaluated: numbers in range
    multiplied again and again would otherwise grow without bound (and slowly).
    """


def _bounded(op: _Op) -> _Op:
    low, high = -MAX_COMPUTED, MAX_COMPUTED

    def bounded(left: Any, right: Any) -> Any:
        result = op(left, right)
        if low <= result <= high:
            return result
        raise ComputedOutOfRange(op.__name__)

    return bounded


_ARITH_OPS: dict[str, _Op] = {
    "+": _bounded(operator.add),
    "-": _bounded(operator.sub),
    "*": _bounded(operator.mul),
    "/": _bounded(operator.truediv),
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
        first, rest = arith_chain(node)
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
    for operand in bool_chain(node):
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
        first, rest = arith_chain(node)
        head = _compile_traced(first, text)
        steps = tuple((_ARITH_OPS[op], _compile_traced(right, text)) for op, right in rest)

        def arith(v: _Values, out: list[Comparison]) -> Any:
            value = head(v, out)
            for op_fn, right_fn in steps:
                value = op_fn(value, right_fn(v, out))
            return value

        return arith
    if isinstance(node, Compare):
        source = source_text(text, node)
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
        source = source_text(text, node)
        item_fn = _compile_traced(node.item, text)
        option_fns = tuple(_compile_traced(option, text) for option in node.options)

        def member(v: _Values, out: list[Comparison]) -> bool:
            item = item_fn(v, out)
            options = tuple(option_fn(v, out) for option_fn in option_fns)
            holds = item in options
            out.append(Comparison(source, "in", item, options, holds))
            return holds

        return member
    fns = tuple(_compile_traced(operand, text) for operand in bool_chain(node))
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

        Assumes a checked expression; a missing variable raises KeyError, a
        division by zero raises ZeroDivisionError and a value computed beyond
        ``exact.MAX_COMPUTED`` raises :class:`ComputedOutOfRange` (both ArithmeticError).
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
        return text_location(self.origin, self.text, offset)

