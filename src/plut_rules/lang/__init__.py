"""The rule language: tokens, parser, syntax tree, type check and evaluation of ``when``.

Owns: everything about the text of a condition, from characters to a value.
May import: ``plut_rules.errors``, ``plut_rules.exact`` and ``plut_rules.wording``
(the words of its problems) only.

Its modules import one way, each only from those before it:
``tokens`` (characters to tokens) -> ``nodes`` (the syntax tree, its canonical
text) -> ``evaluation`` (a tree compiled into closures: :class:`Expression`)
-> ``parser`` (text to an :class:`Expression`: :func:`parse`) -> ``typecheck``
(types and variable names: :func:`check`).  Other subpackages import the names
below from ``plut_rules.lang``, never from its modules.
"""

from plut_rules.lang.evaluation import Comparison, ComputedOutOfRange, Expression, Value
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
    bool_chain,
    unparse,
    walk,
)
from plut_rules.lang.parser import MAX_DEPTH, MAX_HEIGHT, MAX_LENGTH, parse
from plut_rules.lang.tokens import KEYWORDS
from plut_rules.lang.typecheck import ValueType, check

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
    "ComputedOutOfRange",
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
    "bool_chain",
    "check",
    "parse",
    "unparse",
    "walk",
]
