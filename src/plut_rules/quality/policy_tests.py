"""Running a policy's test cases with the engine, and the rule coverage they give.

:func:`run_tests` evaluates every case of a :class:`~plut_rules.quality.cases.TestSuite`
(read by :func:`~plut_rules.quality.cases.load_tests`) with the engine;
:func:`coverage` counts, per rule, the consultants it decided and those that
reached it without it holding.  See docs/policy-testing.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from plut_rules.errors import PlutRulesError, PolicyError, Problem
from plut_rules.exact import decimal_text
from plut_rules.model import Evaluation, Policy, Rule
from plut_rules.quality.cases import Case, TestSuite, default_tests_path, load_tests
from plut_rules.quality.selection_cases import (
    RequirementCoverage,
    SelectionCase,
    requirement_coverage,
    run_selection_case,
)

if TYPE_CHECKING:
    from plut_rules.selection import Selection

__all__ = [
    "CaseResult",
    "RuleCoverage",
    "Status",
    "coverage",
    "load_policy_and_tests",
    "requirements_coverage",
    "run_tests",
    "summary_counts",
]

Status = Literal["passed", "failed", "error"]


@attrs.frozen
class CaseResult:
    """How one case went: ``failures`` says what differed, ``problems`` why it could not run.

    ``evaluation`` is a consultant case's evaluation, ``selection`` a selection case's.
    """

    case: Case | SelectionCase
    status: Status
    failures: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    evaluation: Evaluation | None = None
    selection: Selection | None = None


# --------------------------------------------------------------------------- running


def _check(case: Case, evaluation: Evaluation) -> list[str]:
    failures: list[str] = []
    for member in case.members:
        expect = member.expect
        if expect is None:
            continue
        decision = evaluation.decision(member.consultant.id)
        who = "" if len(case.members) == 1 else f"{member.consultant.id}: "
        if decision.outcome != expect.outcome:
            failures.append(f"{who}expected outcome {expect.outcome}, got {decision.outcome}")
        if expect.rule is not None and decision.rule != expect.rule:
            failures.append(f"{who}expected rule {expect.rule}, got {decision.rule}")
        if expect.checks_to_field and decision.to_field != expect.to_field:
            failures.append(f"{who}expected to_field {expect.to_field or 'null'}, got "
                            f"{decision.to_field or 'null'}")
        if expect.score is not None and decision.score != expect.score:
            failures.append(f"{who}expected score {decimal_text(expect.score)}, got "
                            f"{decimal_text(decision.score)}")
    return failures


def run_tests(policy: Policy, suite: TestSuite) -> list[CaseResult]:
    """Evaluate every case of ``suite`` under ``policy``, in file order: the consultant
    cases, then the selection cases."""
    from plut_rules.engine import evaluate

    results: list[CaseResult] = []
    for case in suite.cases:
        consultants = [m.consultant for m in case.members]
        achievements = [a for m in case.members for a in m.achievements]
        try:
            evaluation = evaluate(policy, consultants, achievements)
        except PlutRulesError as exc:
            results.append(CaseResult(case, "error", problems=exc.problems))
            continue
        failures = _check(case, evaluation)
        results.append(CaseResult(case, "failed" if failures else "passed", tuple(failures),
                                  evaluation=evaluation))
    for chosen in suite.selection_cases:
        made, failures, problems = run_selection_case(policy, chosen)
        status: Status = "error" if made is None else "failed" if failures else "passed"
        results.append(CaseResult(chosen, status, tuple(failures), problems, selection=made))
    return results


def requirements_coverage(policy: Policy, results: Sequence[CaseResult]
                          ) -> list[RequirementCoverage]:
    """Per requirement of the policy's ``selection:`` section: how many candidates of the
    selection cases met it, failed it, and failed it alone (it decided their TMS)."""
    return requirement_coverage(policy, [r.selection for r in results
                                         if r.selection is not None])


# --------------------------------------------------------------------------- coverage


@attrs.frozen
class RuleCoverage:
    """How the cases exercised one rule.

    ``decided``: consultants this rule decided; ``passed_over``: consultants
    that reached it (it was tried) and for whom it did not hold.
    """

    rule: Rule
    decided: int
    passed_over: int
    decided_cases: tuple[str, ...] = ()

    @property
    def exercised(self) -> bool:
        """Whether any case reached this rule at all."""
        return self.decided + self.passed_over > 0


def coverage(policy: Policy, results: Sequence[CaseResult]) -> list[RuleCoverage]:
    """Per rule, in policy order: how many consultants of the cases it decided or passed over."""
    decided: dict[str, int] = {r.id: 0 for r in policy.rules}
    passed: dict[str, int] = {r.id: 0 for r in policy.rules}
    names: dict[str, list[str]] = {r.id: [] for r in policy.rules}
    for result in results:
        if result.evaluation is None:
            continue
        for decision in result.evaluation.decisions:
            for step in decision.trace:
                if step.result:
                    decided[step.rule] += 1
                    if result.case.name not in names[step.rule]:
                        names[step.rule].append(result.case.name)
                else:
                    passed[step.rule] += 1
    return [RuleCoverage(r, decided[r.id], passed[r.id], tuple(names[r.id]))
            for r in policy.rules]


def load_policy_and_tests(
    policy_path: str, tests_path: str | None = None, *, allow_outside: bool = False,
) -> tuple[Policy, TestSuite]:
    """Load a policy and its test file; raise :class:`PolicyError` listing every problem."""
    from plut_rules.policy import check_policy

    policy, problems = check_policy(policy_path, allow_outside=allow_outside)
    if policy is None:
        raise PolicyError(problems)
    suite, test_problems = load_tests(policy, tests_path or default_tests_path(policy_path))
    if suite is None:
        raise PolicyError(test_problems)
    return policy, suite


def summary_counts(results: Sequence[CaseResult]) -> Mapping[Status, int]:
    """How many cases passed, failed and could not run."""
    counts: dict[Status, int] = {"passed": 0, "failed": 0, "error": 0}
    for r in results:
        counts[r.status] += 1
    return counts
