"""Three-valued interval logic over rule conditions, compiled once per policy.

The counterfactual search (:mod:`plut_rules.engine.counterfactual`) asks of a range of
achievements whether a condition holds for *every* point (True), for *none* (False) or
for some (None), given each variable's bounds over the range: an interval ``(lo, hi)``
of exact numbers, or a fixed string or boolean.  A condition is turned into nested
closures once (:func:`interval_truth`), so that the many ranges of a search walk no
syntax tree.  Arithmetic is interval arithmetic; a division by an interval holding 0
raises ZeroDivisionError (the caller cannot tell then).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from plut_rules.lang import (
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
)

__all__ = ["Bound", "Bounds", "Range", "Tri", "compare_bounds", "interval_truth"]

Range = tuple[Fraction, Fraction]
#: A variable's value over a range of achievements: an interval of numbers, or a fixed
#: string/bool.
Bound = Range | str | bool
Bounds = Mapping[str, Bound]
#: Three-valued truth: True (for every point), False (for none), None (cannot tell).
Tri = bool | None
Truth = Callable[[Bounds], Tri]


def compare_bounds(op: str, a: Bound, b: Bound) -> Tri:
    """``a op b`` for every pair of points of two bounds (True), none (False), or some."""
    if not isinstance(a, tuple) or not isinstance(b, tuple):
        results = {"==": a == b, "!=": a != b}
        return results[op]
    # the ends are exact rationals (Fraction, or int): compared by cross-multiplying their
    # integers (denominators are positive), which is what Fraction does after its checks
    (alo, ahi), (blo, bhi) = a, b
    an, ad = alo.numerator, alo.denominator
    hn, hd = ahi.numerator, ahi.denominator
    bn, bd = blo.numerator, blo.denominator
    tn, td = bhi.numerator, bhi.denominator
    if op == "<":  # ahi < blo; alo >= bhi
        return True if hn * bd < bn * hd else False if an * td >= tn * ad else None
    if op == "<=":  # ahi <= blo; alo > bhi
        return True if hn * bd <= bn * hd else False if an * td > tn * ad else None
    if op == ">":  # alo > bhi; ahi <= blo
        return True if an * td > tn * ad else False if hn * bd <= bn * hd else None
    if op == ">=":  # alo >= bhi; ahi < blo
        return True if an * td >= tn * ad else False if hn * bd < bn * hd else None
    point = an * hd == hn * ad and bn * td == tn * bd
    disjoint = hn * bd < bn * hd or tn * ad < an * td  # ahi < blo or bhi < alo
    equal: Tri = (an * bd == bn * ad) if point else (False if disjoint else None)
    if op == "==":
        return equal
    return None if equal is None else not equal


#: an order comparison with its sides swapped (``c < x`` is ``x > c``)
_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _against_number(op: str, name: str, number: Fraction) -> Truth:
    """``name op number`` over the variable's interval: what :func:`compare_bounds` gives
    with the number as a point, each end read only when needed."""
    cn, cd = number.numerator, number.denominator

    def less(bounds: Bounds) -> Tri:  # hi < c; lo >= c
        ends: Range = bounds[name]  # type: ignore[assignment]  # a number's interval
        lo, hi = ends
        if hi.numerator * cd < cn * hi.denominator:
            return True
        return False if lo.numerator * cd >= cn * lo.denominator else None

    def at_most(bounds: Bounds) -> Tri:  # hi <= c; lo > c
        ends: Range = bounds[name]  # type: ignore[assignment]  # a number's interval
        lo, hi = ends
        if hi.numerator * cd <= cn * hi.denominator:
            return True
        return False if lo.numerator * cd > cn * lo.denominator else None

    def greater(bounds: Bounds) -> Tri:  # lo > c; hi <= c
        ends: Range = bounds[name]  # type: ignore[assignment]  # a number's interval
        lo, hi = ends
        if lo.numerator * cd > cn * lo.denominator:
            return True
        return False if hi.numerator * cd <= cn * hi.denominator else None

    def at_least(bounds: Bounds) -> Tri:  # lo >= c; hi < c
        ends: Range = bounds[name]  # type: ignore[assignment]  # a number's interval
        lo, hi = ends
        if lo.numerator * cd >= cn * lo.denominator:
            return True
        return False if hi.numerator * cd < cn * hi.denominator else None

    return {"<": less, "<=": at_most, ">": greater, ">=": at_least}[op]


def _number(node: Node) -> Callable[[Bounds], Range]:
    if isinstance(node, NumberLit):
        constant = (node.value, node.value)
        return lambda bounds: constant
    if isinstance(node, Var):
        name = node.name

        def variable(bounds: Bounds) -> Range:
            value = bounds[name]
            assert isinstance(value, tuple)
            return value

        return variable
    if isinstance(node, Neg):
        inner = _number(node.operand)

        def negate(bounds: Bounds) -> Range:
            lo, hi = inner(bounds)
            return (-hi, -lo)

        return negate
    if isinstance(node, Arith):
        left, right, op = _number(node.left), _number(node.right), node.op

        def arith(bounds: Bounds) -> Range:
            a, b = left(bounds), right(bounds)
            if op == "+":
                return (a[0] + b[0], a[1] + b[1])
            if op == "-":
                return (a[0] - b[1], a[1] - b[0])
            if op == "/":
                if b[0] <= 0 <= b[1]:
                    raise ZeroDivisionError
                b = (1 / b[1], 1 / b[0])
            products = [x * y for x in a for y in b]
            return (min(products), max(products))

        return arith
    raise TypeError(f"not a number: {type(node).__name__}")  # pragma: no cover - checked policy


def _scalar(node: Node) -> Callable[[Bounds], Bound]:
    if isinstance(node, StringLit | BoolLit):
        constant = node.value
        return lambda bounds: constant
    if isinstance(node, Var):  # a number's interval, or a fixed string or boolean
        name = node.name
        return lambda bounds: bounds[name]
    if isinstance(node, Compare | In | Not | And | Or):
        raise TypeError("boolean operand")  # pragma: no cover - checked policy
    return _number(node)


def interval_truth(node: Node) -> Truth:
    """``node`` (a checked condition) as a function of the variables' bounds."""
    if isinstance(node, BoolLit):
        constant = node.value
        return lambda bounds: constant
    if isinstance(node, Var):
        name = node.name

        def variable(bounds: Bounds) -> Tri:
            value = bounds[name]
            return value if isinstance(value, bool) else None

        return variable
    if isinstance(node, Not):
        inner = interval_truth(node.operand)

        def negate(bounds: Bounds) -> Tri:
            found = inner(bounds)
            return None if found is None else not found

        return negate
    if isinstance(node, And):
        left, right = interval_truth(node.left), interval_truth(node.right)

        def both(bounds: Bounds) -> Tri:
            a = left(bounds)
            if a is False:
                return False
            b = right(bounds)
            if b is False:
                return False
            return True if a is True and b is True else None

        return both
    if isinstance(node, Or):
        left, right = interval_truth(node.left), interval_truth(node.right)

        def either(bounds: Bounds) -> Tri:
            a = left(bounds)
            if a is True:
                return True
            b = right(bounds)
            if b is True:
                return True
            return False if a is False and b is False else None

        return either
    if isinstance(node, Compare):
        if node.op in _FLIPPED:  # a variable ordered against a number: the common case
            if isinstance(node.left, Var) and isinstance(node.right, NumberLit):
                return _against_number(node.op, node.left.name, node.right.value)
            if isinstance(node.left, NumberLit) and isinstance(node.right, Var):
                return _against_number(_FLIPPED[node.op], node.right.name, node.left.value)
        first, second, op = _scalar(node.left), _scalar(node.right), node.op
        return lambda bounds: compare_bounds(op, first(bounds), second(bounds))
    if isinstance(node, In):
        item = _scalar(node.item)
        options = [_scalar(option) for option in node.options]

        def member(bounds: Bounds) -> Tri:
            value = item(bounds)
            results = [compare_bounds("==", value, option(bounds)) for option in options]
            if any(r is True for r in results):
                return True
            if all(r is False for r in results):
                return False
            return None

        return member
    return lambda bounds: None  # pragma: no cover - a checked condition is boolean
