"""Tests of the rule expression language (policy contract §2.2)."""

from __future__ import annotations

import copy
import inspect
import pickle
import sys
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plut_rules.errors import Location
from plut_rules.lang import (
    MAX_DEPTH,
    MAX_HEIGHT,
    MAX_LENGTH,
    And,
    Arith,
    BoolLit,
    Compare,
    Comparison,
    Expression,
    In,
    Neg,
    Node,
    Not,
    NumberLit,
    Or,
    StringLit,
    Value,
    ValueType,
    Var,
    check,
    parse,
    unparse,
    walk,
)

F = Fraction
N, S, B = ValueType.NUMBER, ValueType.STRING, ValueType.BOOLEAN
ORIGIN = Location("policy.yaml", 7, 12)
TYPES: dict[str, ValueType] = {
    "score": N, "keep": N, "gates_failed": N, "best_competence": N, "competence": N,
    "a": N, "b": N, "zero": N, "field": S, "unit": S, "flag": B,
}
DOMAINS = {"field": ["pemasaran", "produksi", "sdm"], "unit": ["pangkalpinang"]}
VALUES: dict[str, Value] = {
    "score": F("82.35"), "keep": F(70), "gates_failed": F(0), "best_competence": F(80),
    "competence": F(75), "a": F(3), "b": F("1.5"), "zero": F(0), "field": "sdm",
    "unit": "pangkalpinang", "flag": True,
}


def ok(text: str) -> Expression:
    """Parse text that must be valid."""
    expr, problems = parse(text, origin=ORIGIN, path="rules[0].when")
    assert problems == [], problems
    assert expr is not None
    return expr


def run(text: str, values: Mapping[str, Value] = VALUES) -> Value:
    """Evaluate valid text on both paths, checking they agree."""
    expr = ok(text)
    fast = expr.evaluate(values)
    traced, _ = expr.evaluate_traced(values)
    assert fast == traced
    assert type(fast) is type(traced)
    return fast


def one_problem(text: str) -> Any:
    """The single parse problem of invalid text (located from ORIGIN)."""
    expr, problems = parse(text, origin=ORIGIN, path="rules[0].when")
    assert expr is None
    assert len(problems) == 1, problems
    return problems[0]


def checked(text: str) -> list[Any]:
    """The check problems of valid syntax."""
    return check(ok(text), TYPES, domains=DOMAINS)


# --------------------------------------------------------------------------- evaluation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3 == 7", True),
        ("(1 + 2) * 3 == 9", True),
        ("10 - 4 - 3 == 3", True),
        ("8 / 4 / 2 == 1", True),
        ("-2 * 3 == -6", True),
        ("- -2 == 2", True),
        ("2 - -2 == 4", True),
        ("not true or true", True),
        ("not (true or true)", False),
        ("true or true and false", True),
        ("(true or true) and false", False),
        ("false and true or true", True),
        ("not 1 < 2", False),
        ("not not true", True),
        ("1 + 1 in [2, 3]", True),
        ("(1 < 2) == true", True),
        ("true == (1 < 2) and 3 > 2", True),
    ],
)
def test_precedence(text: str, expected: bool) -> None:
    """Operators bind as the contract says: or < and < not < comparisons < + - < * / < unary -."""
    assert run(text) is expected


def test_tree_shape() -> None:
    """`a or b and not c < d` groups as a or (b and (not (c < d)))."""
    expected = Or(Var("a"), And(Var("b"), Not(Compare("<", Var("c"), Var("d")))))
    assert ok("a or b and not c < d").root == expected
    assert ok("a - b - c").root == Arith("-", Arith("-", Var("a"), Var("b")), Var("c"))
    assert ok("x in [1, 'y']").root == In(Var("x"), (NumberLit(F(1)), StringLit("y")))


def test_short_circuit() -> None:
    """`and`/`or` stop at the first operand that decides, so 1/0 is never reached."""
    assert run("false and 1/0 > 0") is False
    assert run("true or 1/0 > 0") is True
    assert run("zero > 0 and 1 / zero > 1") is False
    assert run("zero == 0 or 1 / zero > 1") is True
    with pytest.raises(ZeroDivisionError):
        ok("true and 1/0 > 0").evaluate({})


def test_chains_and_constants() -> None:
    """Chains of any length decide like Python's and/or; a leading constant decides or drops out."""
    assert run("zero > 1 or zero > 2 or flag") is True
    assert run("zero > 1 or zero > 2 or zero > 3 or not flag") is False
    assert run("zero > 1 or zero > 2 or zero > 3 or flag") is True
    assert run("flag and flag and flag and zero > 1") is False
    assert run("true and flag") is True
    assert run("false or flag") is True
    assert run("true and true") is True
    assert run("false or false") is False
    assert ok("false and missing").evaluate({}) is False
    assert ok("true or missing").evaluate({}) is True
    assert ok("1 in [a, 2]").evaluate({"a": F(1)}) is True
    assert ok("1 in [1, 2]").evaluate({}) is True
    with pytest.raises(TypeError):  # unchecked nonsense compiles, and fails only when run
        ok("-'a' == 1").evaluate({})


def test_division_by_zero_raises() -> None:
    """Division by zero raises ZeroDivisionError on both paths; parsing a constant 1/0 does not."""
    expr = ok("score / zero > 1")
    with pytest.raises(ZeroDivisionError):
        expr.evaluate(VALUES)
    with pytest.raises(ZeroDivisionError):
        expr.evaluate_traced(VALUES)
    constant = ok("1 / (2 - 2) > 0")
    with pytest.raises(ZeroDivisionError):
        constant.evaluate({})


def test_exact_decimals() -> None:
    """Numbers are the decimals written, so binary rounding never decides a comparison."""
    assert run("0.1 + 0.2 == 0.3") is True
    assert run("69.30 >= 63 * 1.1") is True
    assert run("score >= keep * 1.1", {"score": F("69.30"), "keep": F(63)}) is True
    assert run("1 / 3 * 3 == 1") is True
    assert run("0.1 * 3") == F(3, 10)
    assert ok("0.10 > x").root == Compare(">", NumberLit(F(1, 10)), Var("x"))
    assert run("0.000000001 > 0") is True  # the smallest step of the number range
    digits = "0." + "0" * 600 + "1"  # far below it: refused, never converted
    assert [p.code for p in parse(f"{digits} > 0")[1]] == ["number-out-of-range"]


def test_strings_and_membership() -> None:
    """Strings in either quote compare with == and !=; `in` is membership by ==."""
    assert run("field == 'sdm'") is True
    assert run('field != "sdm"') is False
    assert run("field in ['pemasaran', \"sdm\"]") is True
    assert run("field in ['pemasaran']") is False
    assert run("score in [82.35, 1]") is True
    assert run("a + b in [a * 1.5, 0]") is True
    assert run("flag in [false]") is False


def test_results_are_booleans() -> None:
    """Conditions yield real booleans (the engine tests `is True`)."""
    for text in ["score >= keep", "field in ['sdm']", "not not flag", "flag and score > 1",
                 "score > 1 or flag", "true and flag", "a > 1 and b > 1 and score > 1 and flag"]:
        assert run(text) is True, text


def test_traced_comparisons_in_order() -> None:
    """evaluate_traced lists each comparison evaluated, with its source text, in order."""
    expr = ok("score>=keep and (gates_failed == 0 or field in ['sdm', 'pemasaran'])")
    value, trace = expr.evaluate_traced(VALUES)
    assert value is True
    assert trace == (
        Comparison("score>=keep", ">=", F("82.35"), F(70), True),
        Comparison("gates_failed == 0", "==", F(0), F(0), True),
    )
    value, trace = expr.evaluate_traced({**VALUES, "gates_failed": F(2)})
    assert value is True
    assert [c.text for c in trace] == ["score>=keep", "gates_failed == 0",
                                       "field in ['sdm', 'pemasaran']"]
    assert trace[2] == Comparison("field in ['sdm', 'pemasaran']", "in", "sdm",
                                  ("sdm", "pemasaran"), True)


def test_traced_respects_short_circuit() -> None:
    """A comparison skipped by short-circuit is not in the trace."""
    _, trace = ok("score < keep and gates_failed == 0").evaluate_traced(VALUES)
    assert [(c.op, c.holds) for c in trace] == [("<", False)]
    _, trace = ok("(a < b) == (b < a)").evaluate_traced(VALUES)
    assert [c.text for c in trace] == ["a < b", "b < a", "(a < b) == (b < a)"]
    _, trace = ok("((score > 1)) and (('a') == ('a'))").evaluate_traced(VALUES)
    assert [c.text for c in trace] == ["score > 1", "('a') == ('a')"]


def test_variables() -> None:
    """`variables` lists each variable read once, sorted."""
    assert ok("score >= keep and keep > 1 or field in [unit]").variables == (
        "field", "keep", "score", "unit")
    assert ok("1 > 0").variables == ()


def test_pickle_and_copy() -> None:
    """An expression survives pickling (for worker processes) and evaluates the same."""
    expr = ok("score >= keep * 1.1 and field in ['sdm']")
    for clone in (pickle.loads(pickle.dumps(expr)), copy.deepcopy(expr)):
        assert clone.root == expr.root
        assert (clone.text, clone.origin, clone.path) == (expr.text, expr.origin, expr.path)
        assert clone.evaluate(VALUES) is expr.evaluate(VALUES) is True


def test_missing_variable_raises_key_error() -> None:
    """Evaluation assumes a checked expression: an absent variable raises KeyError."""
    with pytest.raises(KeyError):
        ok("score > 1").evaluate({})


def test_long_chains_do_not_recurse() -> None:
    """Long flat chains of + and `and` evaluate, print and check without deep recursion."""
    expr = ok("1+" * (MAX_HEIGHT - 3) + "1 > 0")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 60)
    try:
        assert expr.evaluate({}) is True
        assert expr.evaluate_traced({})[0] is True
        text = expr.normalized()
        long_and = ok(" and ".join(["flag"] * (MAX_HEIGHT - 1)))
        assert long_and.evaluate(VALUES) is True
        assert check(long_and, TYPES) == []
        assert long_and.variables == ("flag",)
    finally:
        sys.setrecursionlimit(limit)
    assert ok(text).root == expr.root


def test_deepest_allowed_nesting_evaluates() -> None:
    """An expression at the nesting limit evaluates and checks under the default stack."""
    text = "(" * (MAX_DEPTH - 1) + "-a" + ")" * (MAX_DEPTH - 1) + " < 0"
    expr = ok(text)
    assert expr.evaluate(VALUES) is True
    assert check(expr, TYPES) == []
    numbers = "1 + (2 * -(" * 10 + "a" + "))" * 10
    nested = "zero > 1 or (flag and (" * 10 + numbers + " < 0" + "))" * 10
    expr = ok(nested)
    value = VALUES["a"]
    for _ in range(10):
        value = 1 + 2 * -value
    expected = value < 0
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + 250)
    try:
        assert expr.evaluate(VALUES) is expected
        assert expr.evaluate_traced(VALUES)[0] is expected
        assert check(expr, TYPES) == []
        assert ok(expr.normalized()).root == expr.root
        assert repr(expr.root).startswith("Or(")
    finally:
        sys.setrecursionlimit(limit)
    assert one_problem("(" + nested + ")").code == "expr-too-deep"


def test_too_tall_trees_are_refused() -> None:
    """A chain longer than the height limit is expr-too-deep, so tree walkers stay shallow."""
    assert one_problem("1+" * MAX_HEIGHT + "1 > 0").code == "expr-too-deep"
    assert one_problem(" or ".join(["flag"] * (MAX_HEIGHT + 1))).code == "expr-too-deep"


# --------------------------------------------------------------------------- canonical text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("((a + b)) * c", "(a + b) * c"),
        ("a - (b - c)", "a - (b - c)"),
        ("a - (b + c)", "a - (b + c)"),
        ("(a - b) - c", "a - b - c"),
        ("a + (b * c)", "a + b * c"),
        ("not (a < b)", "not a < b"),
        ("not (a and b)", "not (a and b)"),
        ("(a < b) == true", "(a < b) == true"),
        ("a and (b and c)", "a and (b and c)"),
        ("(a or b) and c", "(a or b) and c"),
        ("x  in  [ 1 ,2, ]", "x in [1, 2]"),
        ("- (-x)", "--x"),
        ("-(a * b)", "-(a * b)"),
        ("1.50 >= 007", "1.5 >= 7"),
        ("\"it's\" == x", "\"it's\" == x"),
        ("\"plain\" == x", "'plain' == x"),
        ("a\n  and\tb", "a and b"),
    ],
)
def test_normalized(text: str, expected: str) -> None:
    """normalized() writes single spaces and only the parentheses the tree needs."""
    expr = ok(text)
    assert expr.normalized() == expected
    assert ok(expected).root == expr.root


def test_unparse_of_constructed_numbers_keeps_the_value() -> None:
    """A NumberLit not from parse (1/3, -2.5) is written so that it evaluates to the same value."""
    for value in [F(1, 3), F(-5, 2), F(-1, 3)]:
        text = unparse(Arith("*", NumberLit(value), Var("x")))
        assert ok(text).evaluate({"x": F(3)}) == value * 3


def test_offsets_and_equality() -> None:
    """Offsets locate each node in the text (parentheses included) and take no part in equality."""
    expr = ok("score >= (keep + 1)")
    root = expr.root
    assert isinstance(root, Compare)
    assert (root.start, root.end) == (0, 19)
    assert expr.text[root.right.start : root.right.end] == "(keep + 1)"
    assert root == Compare(">=", Var("score"), Arith("+", Var("keep"), NumberLit(F(1))))
    assert [type(n).__name__ for n in walk(root)] == ["Compare", "Var", "Arith", "Var",
                                                      "NumberLit"]


# --------------------------------------------------------------------------- parse problems


@pytest.mark.parametrize(
    ("text", "code", "offset", "fragment"),
    [
        ("score = 70", "expr-syntax", 6, "use =="),
        ("a && b", "expr-syntax", 2, "use and"),
        ("a & b", "expr-syntax", 2, "use and"),
        ("a || b", "expr-syntax", 2, "use or"),
        ("!flag", "expr-syntax", 0, "use not"),
        ("a <> b", "expr-syntax", 2, "use !="),
        ("a => b", "expr-syntax", 2, "use >="),
        ("a =< b", "expr-syntax", 2, "use <="),
        ("a ** 2 > 1", "expr-syntax", 2, "powers are not allowed"),
        ("a // 2 > 1", "expr-syntax", 2, "division is exact"),
        ("abs(score) > 1", "expr-syntax", 0, "function calls are not allowed"),
        ("consultant.score > 1", "expr-syntax", 10, "attribute access"),
        ("(a).b > 1", "expr-syntax", 3, "attribute access"),
        ("scores[0] > 1", "expr-syntax", 6, "indexing is not allowed"),
        ("(a)[0] > 1", "expr-syntax", 3, "indexing"),
        ("", "expr-syntax", 0, "empty condition"),
        ("   ", "expr-syntax", 0, "empty condition"),
        ("(a > 1", "expr-syntax", 0, "unclosed '('"),
        ("((a > 1)", "expr-syntax", 0, "unclosed '('"),
        ("a > 1)", "expr-syntax", 5, "no matching opening ("),
        ("field == 'sdm", "expr-syntax", 9, "unclosed string"),
        ('field == "sdm', "expr-syntax", 9, "unclosed string"),
        ("x in [1, 2", "expr-syntax", 5, "unclosed '['"),
        ("x in []", "expr-syntax", 5, "list after in is empty"),
        ("x in y", "expr-syntax", 5, "followed by a list"),
        ("x in [1 2]", "expr-syntax", 8, "operator"),
        ("score 70", "expr-syntax", 6, "operator"),
        ("score >= 70 AND flag", "expr-syntax", 12, "lower case"),
        ("score is 70", "expr-syntax", 6, "use == or !="),
        ("x not in [1]", "expr-syntax", 2, "not x in [...]"),
        ("a == not b", "expr-syntax", 5, "parentheses"),
        ("score >=", "expr-syntax", 6, "a value must follow"),
        ("score >= keep and", "expr-syntax", 14, "a value must follow"),
        ("* 2", "expr-syntax", 0, "expected a value"),
        ("+score > 1", "expr-syntax", 0, "unary + is not allowed"),
        ("()", "expr-syntax", 0, "empty parentheses"),
        ("a > 1,5", "expr-syntax", 5, "decimals with a point: 1.5"),
        ("a > .5", "expr-syntax", 4, "write 0.5"),
        ("a > 5.", "expr-syntax", 5, "followed by digits"),
        ("a > 1e3", "expr-syntax", 5, "'1e3' is not a number"),
        ("a > 1.2.3", "expr-syntax", 7, "unexpected '.'"),
        ("score ≥ 70", "expr-syntax", 6, "use >="),
        ("field == ‘sdm’", "expr-syntax", 9, "plain quotes"),
        ("score > 95%", "expr-syntax", 10, "percentages"),
        ("a ; b", "expr-syntax", 2, "unexpected character ';'"),
        ("a \x00 b", "expr-syntax", 2, "U+0000"),
        ("[1] == x", "expr-syntax", 0, "may only follow in"),
        ("x in", "expr-syntax", 4, "found end of the condition"),
        ("flag if a else b", "expr-syntax", 5, "conditional expressions are not allowed"),
        ("(a) (b)", "expr-syntax", 4, "an operator is missing before '('"),
        ("50 <= score < 70", "expr-chained", 12, "write 50 <= score and score < 70"),
        ("a < b < c < d", "expr-chained", 6, "write a < b and b < c and c < d"),
        ("a < b in [1, 2]", "expr-chained", 6, "write a < b and b in [1, 2]"),
        ("x in [1] == true", "expr-chained", 9, "join them with and"),
    ],
)
def test_parse_problems(text: str, code: str, offset: int, fragment: str) -> None:
    """Each syntax mistake is one problem, located at the offending token, saying what to write."""
    problem = one_problem(text)
    assert problem.code == code
    assert fragment in problem.message, problem.message
    assert problem.location == Location("policy.yaml", 7, 12 + offset)
    assert problem.path == "rules[0].when"
    assert problem.severity == "error"


def test_chained_then_later_error_reports_both() -> None:
    """A chained comparison does not stop the parser: a later syntax error is reported too."""
    expr, problems = parse("1 < a < 2 and b = 3")
    assert expr is None
    assert [p.code for p in problems] == ["expr-chained", "expr-syntax"]
    assert all(p.location is None for p in problems)


def test_location_after_newlines() -> None:
    """An offset after a newline counts lines from the origin and columns from that line start."""
    problem = one_problem("score >= keep and\n   gates = 0")
    assert problem.location == Location("policy.yaml", 8, 10)
    problem = one_problem("a and\nb and\n(c")
    assert problem.location == Location("policy.yaml", 9, 1)


def test_no_origin_means_no_location() -> None:
    """Without an origin, problems have no location but keep their path."""
    expr, problems = parse("a = 1", path="rules[3].when")
    assert expr is None
    assert problems[0].location is None
    assert problems[0].path == "rules[3].when"


def test_too_long() -> None:
    """Text longer than the limit is refused as expr-too-long; text at the limit is accepted."""
    at_limit = "x" + " " * (MAX_LENGTH - 5) + " > 0"
    assert len(at_limit) == MAX_LENGTH
    ok(at_limit)
    problem = one_problem(at_limit + " ")
    assert problem.code == "expr-too-long"
    assert str(MAX_LENGTH) in problem.message
    assert problem.location == ORIGIN


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "(" * n + "x" + ")" * n + " > 0",
        lambda n: "-" * n + "x > 0",
        lambda n: "not " * n + "flag",
        lambda n: "x in [" * n + "1" + "]" * n,
        lambda n: "(" * (n // 2) + "-" * (n - n // 2) + "x" + ")" * (n // 2) + " > 0",
    ],
)
def test_too_deep(make: Callable[[int], str]) -> None:
    """Nesting beyond the limit is expr-too-deep; at the limit it parses."""
    ok(make(MAX_DEPTH))
    problem = one_problem(make(MAX_DEPTH + 1))
    assert problem.code == "expr-too-deep"


def test_pathological_nesting_never_recurses_too_deep() -> None:
    """Maximal-length nesting of every kind is a problem, never a RecursionError."""
    for text in ["(" * MAX_LENGTH, "-" * (MAX_LENGTH - 1) + "x", "not " * 499 + "x",
                 "[" * MAX_LENGTH, "x in [" * 333, "1/" * 999 + "1"]:
        expr, problems = parse(text)
        assert expr is None
        assert problems


# --------------------------------------------------------------------------- check


def test_check_accepts_sound_conditions() -> None:
    """A well-typed condition has no problems."""
    for text in ["score >= keep", "gates_failed > 0 or not flag", "true",
                 "field in ['sdm', 'pemasaran'] and unit == 'pangkalpinang'",
                 "flag == (score > 1)", "-score < best_competence * 1.5 - competence"]:
        assert checked(text) == [], text


def test_unknown_variable() -> None:
    """An unknown variable is reported at its column with a did-you-mean suggestion."""
    (problem,) = checked("scor >= keep")
    assert problem.code == "unknown-variable"
    assert "'scor'" in problem.message
    assert problem.suggestion == "score"
    assert problem.location == Location("policy.yaml", 7, 12)
    assert problem.path == "rules[0].when"
    (problem,) = checked("score >= xyzzy")
    assert problem.suggestion is None
    assert "known variables:" in problem.message
    assert problem.location == Location("policy.yaml", 7, 21)


def test_unknown_variable_hints() -> None:
    """`True` is told to be lower case; a bare field id is told to be quoted."""
    (problem,) = checked("flag == True")
    assert problem.suggestion == "true"
    assert "lower case" in problem.message
    (problem,) = checked("field == pemasaran")
    assert problem.code == "unknown-variable"
    assert problem.suggestion == "'pemasaran'"
    assert "quotes" in problem.message


def test_unknown_variable_does_not_cascade() -> None:
    """A comparison with an unknown variable reports only the unknown variable."""
    assert [p.code for p in checked("scor >= 'x'")] == ["unknown-variable"]
    assert [p.code for p in checked("scor in [1, 'x']")] == ["unknown-variable"]


@pytest.mark.parametrize(
    ("text", "offset", "fragment"),
    [
        ("score >= '70'", 9, "write 70 without quotes"),
        ("field == 1", 9, "cannot compare a string with a number"),
        ("score == field", 9, "compare numbers with numbers and strings with strings"),
        ("score == flag", 9, "cannot compare a number with true/false"),
        ("field < 'sdm'", 0, "strings can only be compared with == or !="),
        ("flag > false", 0, "true/false values can only be compared with == or !="),
        ("score + field > 1", 8, "'+' needs numbers on both sides, but field is a string"),
        ("'1' * score > 1", 0, "write 1 without quotes"),
        ("-flag < 1", 1, "unary - needs a number"),
        ("not gates_failed", 4, "write a comparison such as gates_failed > 0"),
        ("gates_failed and flag", 0, "and needs conditions"),
        ("flag or field", 8, "write a comparison such as field == '...'"),
        ("field in ['sdm', 2]", 17, "every value in the list must be a string"),
        ("score in [1, '2']", 13, "write 2 without quotes"),
        ("'70' <= score", 0, "write 70 without quotes"),
    ],
)
def test_type_errors(text: str, offset: int, fragment: str) -> None:
    """Each type mistake is one expr-type problem at the offending operand, saying what to write."""
    (problem,) = checked(text)
    assert problem.code == "expr-type"
    assert fragment in problem.message, problem.message
    assert problem.location == Location("policy.yaml", 7, 12 + offset)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("score", "is a number"), ("field", "is a string"), ("score * 2 + 1", "score * 2 + 1 > 0")],
)
def test_not_boolean(text: str, fragment: str) -> None:
    """A condition that does not yield true/false is reported as not-boolean."""
    (problem,) = checked(text)
    assert problem.code == "not-boolean"
    assert fragment in problem.message


def test_unknown_value() -> None:
    """A string literal outside a variable's domain is unknown-value, with a suggestion."""
    (problem,) = checked("field == 'pemasarn'")
    assert problem.code == "unknown-value"
    assert problem.suggestion == "pemasaran"
    assert problem.location == Location("policy.yaml", 7, 21)
    assert "pemasaran, produksi, sdm" in problem.message
    problems = checked("'sdmm' != field or unit in ['pangkalpinang', 'bangka']")
    assert [(p.code, p.suggestion) for p in problems] == [
        ("unknown-value", "sdm"), ("unknown-value", None)]


def test_check_reports_every_problem() -> None:
    """All problems of a condition are reported, in reading order."""
    problems = checked("scor > 1 and field < 'x' or not score and field == 'nope'")
    assert [p.code for p in problems] == [
        "unknown-variable", "expr-type", "expr-type", "unknown-value"]
    columns = [p.location.column for p in problems]
    assert columns == sorted(columns)


def test_check_without_domains() -> None:
    """Without domains any string value is accepted."""
    assert check(ok("field == 'anything'"), TYPES) == []


# --------------------------------------------------------------------------- properties

NUM_VARS = ("a", "b", "score", "keep")
DECIMALS = st.decimals(min_value=0, max_value=1000, places=2).map(Fraction)
TEXTS = st.text(alphabet="abcxyz _-'", max_size=4)


def _number_exprs() -> st.SearchStrategy[Node]:
    leaf = st.one_of(DECIMALS.map(NumberLit), st.sampled_from(NUM_VARS).map(Var))
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            inner.map(Neg),
            st.builds(Arith, st.sampled_from(["+", "-", "*", "/"]), inner, inner),
        ),
        max_leaves=6,
    )


NUMBERS = _number_exprs()
STRINGS = st.one_of(TEXTS.map(StringLit), st.just(Var("field")))


def _bool_exprs() -> st.SearchStrategy[Node]:
    leaf = st.one_of(
        st.booleans().map(BoolLit),
        st.just(Var("flag")),
        st.builds(Compare, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), NUMBERS, NUMBERS),
        st.builds(Compare, st.sampled_from(["==", "!="]), STRINGS, STRINGS),
        st.builds(In, NUMBERS, st.lists(NUMBERS, min_size=1, max_size=3).map(tuple)),
        st.builds(In, STRINGS, st.lists(STRINGS, min_size=1, max_size=3).map(tuple)),
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            inner.map(Not),
            st.builds(And, inner, inner),
            st.builds(Or, inner, inner),
            st.builds(Compare, st.sampled_from(["==", "!="]), inner, inner),
            st.builds(In, inner, st.lists(inner, min_size=1, max_size=2).map(tuple)),
        ),
        max_leaves=8,
    )


CONDITIONS = _bool_exprs()
ENVIRONMENTS = st.fixed_dictionaries(
    {
        **dict.fromkeys(NUM_VARS, DECIMALS),
        "field": TEXTS,
        "flag": st.booleans(),
    }
)

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y,
    "/": lambda x, y: x / y, "<": lambda x, y: x < y, "<=": lambda x, y: x <= y,
    ">": lambda x, y: x > y, ">=": lambda x, y: x >= y, "==": lambda x, y: x == y,
    "!=": lambda x, y: x != y,
}


def reference(node: Node, env: Mapping[str, Value], trace: list[tuple[Any, ...]]) -> Any:
    """A plain tree-walking interpreter of the contract's semantics, for comparison."""
    if isinstance(node, NumberLit | StringLit | BoolLit):
        return node.value
    if isinstance(node, Var):
        return env[node.name]
    if isinstance(node, Neg):
        return -reference(node.operand, env, trace)
    if isinstance(node, Not):
        return not reference(node.operand, env, trace)
    if isinstance(node, Arith):
        return _OPS[node.op](reference(node.left, env, trace), reference(node.right, env, trace))
    if isinstance(node, Compare):
        left = reference(node.left, env, trace)
        right = reference(node.right, env, trace)
        holds = _OPS[node.op](left, right)
        trace.append((node.op, left, right, holds))
        return holds
    if isinstance(node, In):
        item = reference(node.item, env, trace)
        options = tuple(reference(o, env, trace) for o in node.options)
        trace.append(("in", item, options, item in options))
        return item in options
    if isinstance(node, And):
        return reference(node.left, env, trace) and reference(node.right, env, trace)
    return reference(node.left, env, trace) or reference(node.right, env, trace)


def outcome(action: Callable[[], Any]) -> Any:
    """The result of action, or the ZeroDivisionError class if it divided by zero."""
    try:
        return action()
    except ZeroDivisionError:
        return ZeroDivisionError


@settings(max_examples=300, deadline=None)
@given(CONDITIONS, ENVIRONMENTS)
def test_normalized_round_trip(root: Node, env: dict[str, Value]) -> None:
    """A generated tree printed by normalized() parses to an equal tree with the same value."""
    text = unparse(root)
    parsed, problems = parse(text)
    assert problems == [], (text, problems)
    assert parsed is not None
    assert parsed.root == root, text
    assert parsed.normalized() == text
    assert check(parsed, {**dict.fromkeys(NUM_VARS, N), "field": S, "flag": B}) == []
    direct = Expression(text, root)
    assert outcome(lambda: parsed.evaluate(env)) == outcome(lambda: direct.evaluate(env))


@settings(max_examples=300, deadline=None)
@given(CONDITIONS, ENVIRONMENTS)
def test_fast_and_traced_agree(root: Node, env: dict[str, Value]) -> None:
    """evaluate, evaluate_traced and a reference interpreter agree, comparisons included."""
    expr, _ = parse(unparse(root))
    assert expr is not None
    expected_trace: list[tuple[Any, ...]] = []
    expected = outcome(lambda: reference(root, env, expected_trace))
    fast = outcome(lambda: expr.evaluate(env))
    traced = outcome(lambda: expr.evaluate_traced(env))
    assert fast == expected
    if expected is ZeroDivisionError:
        assert traced is ZeroDivisionError
    else:
        value, trace = traced
        assert value == expected
        assert isinstance(value, bool)
        assert [(c.op, c.left, c.right, c.holds) for c in trace] == expected_trace


GRAMMAR_ALPHABET = "()[],<>=!+-*/.'\" \n0123456789abxyz" + "&|%"
GRAMMAR_WORDS = st.lists(
    st.one_of(
        st.sampled_from(["and", "or", "not", "in", "true", "false", "score", "field", "1.5", "2",
                         "(", ")", "[", "]", ",", "+", "-", "*", "/", "<", "<=", ">", ">=",
                         "==", "!=", "'sdm'", '"x"']),
        st.text(alphabet=GRAMMAR_ALPHABET, max_size=3),
    ),
    max_size=25,
).map(" ".join)


def _assert_parse_contract(text: str) -> None:
    origin = Location("f.yaml", 3, 5)
    expr, problems = parse(text, origin=origin, path="p")
    if expr is None:
        assert problems
        for problem in problems:
            assert problem.code in {"expr-syntax", "expr-chained", "expr-too-long",
                                    "expr-too-deep", "number-out-of-range"}
            assert problem.path == "p"
            assert problem.location is not None
            assert problem.location.line is not None and problem.location.line >= 3
            assert problem.location.column is not None and problem.location.column >= 1
    else:
        assert problems == []
        again, _ = parse(expr.normalized())
        assert again is not None
        assert again.root == expr.root
        check(expr, {"score": N, "field": S})


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_parse_never_raises_on_any_text(text: str) -> None:
    """Arbitrary text yields an expression or problems, never an exception."""
    _assert_parse_contract(text)


@settings(max_examples=500, deadline=None)
@given(GRAMMAR_WORDS)
def test_parse_never_raises_on_near_grammar_text(text: str) -> None:
    """Text made of the language's own tokens parses or fails cleanly, and round-trips."""
    _assert_parse_contract(text)


def _decimal_text(value: Decimal) -> str:
    text = format(value, "f")
    return f"-{text[1:]}" if text.startswith("-") else text


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=-10**6, max_value=10**6, places=4),
    st.decimals(min_value=-10**6, max_value=10**6, places=4),
    st.sampled_from(["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!="]),
)
def test_arithmetic_matches_fractions(x: Decimal, y: Decimal, op: str) -> None:
    """Literal arithmetic and comparison give exactly what Fraction arithmetic gives."""
    text = f"{_decimal_text(x)} {op} {_decimal_text(y)}"
    expr = ok(text)
    expected = outcome(lambda: _OPS[op](Fraction(x), Fraction(y)))
    assert outcome(lambda: expr.evaluate({})) == expected
    with_vars = ok(f"x {op} y")
    values = {"x": Fraction(x), "y": Fraction(y)}
    assert outcome(lambda: with_vars.evaluate(values)) == expected
