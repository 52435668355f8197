"""Fuzz the policy loader: any bytes give a Policy or a PolicyError, nothing else.

Run briefly (CI):   python fuzz/fuzz_policy.py -runs=2000
Run longer:         python fuzz/fuzz_policy.py -max_total_time=3600 fuzz/corpus/policy
(see docs/development.md).  Needs the optional extra: pip install -e '.[fuzz]'.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from plut_rules import PolicyError, parse_policy
    from plut_rules.errors import Problem


def check_one(data: bytes) -> None:
    """The property: a policy, or a PolicyError whose problems all name a file and a line."""
    try:
        parse_policy(data, "fuzz/policy.yaml")
    except PolicyError as exc:
        if not exc.problems:
            raise AssertionError("PolicyError without problems") from exc
        for problem in exc.problems:
            if not isinstance(problem, Problem) or problem.location is None:
                raise AssertionError(f"problem without location: {problem}") from exc
            if problem.location.line is None and problem.code != "file-too-large":
                raise AssertionError(f"problem without line: {problem}") from exc


def main() -> None:
    atheris.Setup(sys.argv, check_one)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
