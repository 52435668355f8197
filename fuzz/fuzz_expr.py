"""Fuzz the rule-expression parser, checker and evaluator.

Any text parses to an Expression or to located problems; a parsed expression
type-checks without raising, and evaluating it raises nothing but
ZeroDivisionError (which the engine reports naming consultant and rule) or,
for a condition that does not type-check, TypeError.

Run briefly (CI):   python fuzz/fuzz_expr.py -runs=2000
Run longer:         python fuzz/fuzz_expr.py -max_total_time=3600 fuzz/corpus/expr
"""

from __future__ import annotations

import sys
from fractions import Fraction

import atheris

with atheris.instrument_imports():
    from plut_rules.errors import Location
    from plut_rules.lang import ValueType, check, parse

NUM, TEXT = ValueType.NUMBER, ValueType.STRING
TYPES = {"score": NUM, "keep": NUM, "gates_failed": NUM, "field": TEXT, "unit": TEXT}
VALUES: dict[str, object] = {"score": Fraction(7015, 100), "keep": Fraction(70),
                             "gates_failed": Fraction(0), "field": "pemasaran", "unit": "pkp"}
ORIGIN = Location("fuzz/policy.yaml", 3, 11)


def check_one(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(4096)
    parsed, problems = parse(text, origin=ORIGIN, path="rules[0].when")
    if parsed is None:
        if not problems:
            raise AssertionError(f"refused without a problem: {text!r}")
        for problem in problems:
            if problem.location is None or problem.location.line is None:
                raise AssertionError(f"problem without line: {problem}")
        return
    found = check(parsed, TYPES, domains={"field": ["pemasaran"], "unit": ["pkp"]})
    try:
        parsed.evaluate(VALUES)  # type: ignore[arg-type]
    except ZeroDivisionError:
        pass
    except (TypeError, KeyError):
        if not found:  # a condition that passed the checker must evaluate
            raise


def main() -> None:
    atheris.Setup(sys.argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
