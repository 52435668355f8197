"""Policy quality: test cases beside a policy (``plut-rules test``) and the z3 linter.

Owns: the test files and their runner (:mod:`.selection_cases` for the selection cases,
:mod:`.cases`, :mod:`.policy_tests`) and the linter (:mod:`.linter`, over
:mod:`.lint_model`, :mod:`.lint_findings`, :mod:`.witnesses` and :mod:`.lint_selection`
for the selection's requirements, imported in that order, never back).

May import: ``plut_rules.audit`` and every layer below it; z3 only inside the linter,
when it runs. Independent of yearly and monitor.
"""

from plut_rules.quality.cases import (
    Case,
    Expectation,
    Member,
    TestSuite,
    default_tests_path,
    load_tests,
)
from plut_rules.quality.lint_findings import Finding, ShadowedScope, Witness, combinations_text
from plut_rules.quality.lint_model import BUILTIN_SCORERS, score_range
from plut_rules.quality.linter import LintUnavailable, lint
from plut_rules.quality.policy_tests import (
    CaseResult,
    RuleCoverage,
    coverage,
    load_policy_and_tests,
    requirements_coverage,
    run_tests,
    summary_counts,
)
from plut_rules.quality.selection_cases import (
    CandidateExpectation,
    RequirementCoverage,
    SelectionCase,
)

__all__ = [
    "BUILTIN_SCORERS",
    "CandidateExpectation",
    "Case",
    "CaseResult",
    "Expectation",
    "Finding",
    "LintUnavailable",
    "Member",
    "RequirementCoverage",
    "RuleCoverage",
    "SelectionCase",
    "ShadowedScope",
    "TestSuite",
    "Witness",
    "combinations_text",
    "coverage",
    "default_tests_path",
    "lint",
    "load_policy_and_tests",
    "load_tests",
    "requirements_coverage",
    "run_tests",
    "score_range",
    "summary_counts",
]
