"""Policy-quality subcommands of ``plut-rules``: ``test`` and ``lint`` (and ``validate --strict``).

Kept apart from :mod:`plut_rules.cli.evaluation` so that the core commands stay small;
:func:`register` adds the subcommands.  :func:`lint_policy` also serves ``validate
--strict``.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from plut_rules.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    PROBLEMS_LANG,
    Invalid,
    Streams,
    add_allow_outside_option,
    add_lang_option,
    declare_files,
    load_policy_file,
    print_problems,
    write_output,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from plut_rules.cli.common import Subcommands
    from plut_rules.model import Policy
    from plut_rules.quality import (
        CaseResult,
        Finding,
        RequirementCoverage,
        RuleCoverage,
        TestSuite,
    )

__all__ = ["lint_policy", "lint_text", "register", "run_lint", "run_policy_tests"]

_ALLOW_OUTSIDE = "let the policy's 'extends' name a parent outside its folder"


def register(subparsers: Subcommands) -> None:
    """Add ``test`` and ``lint`` to the ``plut-rules`` subcommands."""
    te = subparsers.add_parser(
        "test", help="run a policy's test cases (and report rule coverage)",
        description="Run the test cases of a policy (POLICY.tests.yaml beside it, or --tests "
                    "FILE) and print a summary; a failing case shows expected against actual "
                    "and the full explanation. Exit 1 on any failure.")
    te.add_argument("policy", metavar="POLICY", help="the policy YAML file to test")
    te.add_argument("--tests", metavar="FILE",
                    help="the test file (default: POLICY with .tests.yaml, e.g. 2019.tests.yaml)")
    te.add_argument("--coverage", action="store_true",
                    help="report, per rule, the cases it decided and passed over, and the rules "
                         "no case exercised")
    te.add_argument("--junit", metavar="FILE", help="also write JUnit XML to FILE (for CI)")
    declare_files(te, reads=("policy", "tests"), writes=("junit",))
    add_lang_option(te)
    te.add_argument("-v", "--verbose", action="store_true", help="one line per case")
    add_allow_outside_option(te, _ALLOW_OUTSIDE)
    te.set_defaults(handler=run_policy_tests)
    li = subparsers.add_parser(
        "lint", help="prove properties of a policy's rules: gaps, shadowed and dead rules",
        description="Analyse the rules of a policy for every field and unit with the SMT "
                    "solver z3: consultants no rule decides (with an example), rules that can "
                    "never decide or never hold, thresholds a scorer cannot reach. Exit 1 when "
                    "any error or warning is found.")
    li.add_argument("policy", metavar="POLICY", help="the policy YAML file to analyse")
    declare_files(li, reads=("policy",))
    add_allow_outside_option(li, _ALLOW_OUTSIDE)
    add_lang_option(li, PROBLEMS_LANG)
    li.set_defaults(handler=run_lint)


# --------------------------------------------------------------------------- test


def run_policy_tests(args: argparse.Namespace, streams: Streams) -> int:
    """``test POLICY``: run the policy's test cases; a summary, failures in full."""
    from plut_rules.quality import (
        coverage,
        default_tests_path,
        load_tests,
        requirements_coverage,
        run_tests,
        summary_counts,
    )

    policy = load_policy_file(args.policy, streams, allow_outside=args.allow_outside_extends)
    tests_path = args.tests or default_tests_path(args.policy)
    streams.guard.reading(tests_path, "the test file")
    suite, problems = load_tests(policy, tests_path)
    print_problems(problems, streams)
    if suite is None:
        raise Invalid
    results = run_tests(policy, suite)
    out = streams.out
    n = len(suite.cases) + len(suite.selection_cases)
    print(f"policy {args.policy} ({policy.id} {policy.year}), {n} case"
          f"{'s' if n != 1 else ''} from {tests_path}", file=out)
    if args.verbose:
        for r in results:
            print(f"{_where(r)} {r.case.name} {r.status.upper()}", file=out)
    else:
        print("".join({"passed": ".", "failed": "F", "error": "E"}[r.status] for r in results),
              file=out)
    bad = [r for r in results if r.status != "passed"]
    if bad:
        print("\n" + " FAILURES ".center(72, "="), file=out)
        for r in bad:
            out.write(_failure_text(r, args.lang))
    if args.coverage:
        out.write("\n" + _coverage_text(coverage(policy, results)))
        out.write(_requirements_text(requirements_coverage(policy, results)))
    if args.junit:
        _write_junit(args.junit, suite, results, args.lang, streams)
    counts = summary_counts(results)
    if bad:
        print("\n" + " short test summary ".center(72, "="), file=out)
        for r in bad:
            first = r.failures[0] if r.failures else (str(r.problems[0]) if r.problems else "")
            print(f"{r.status.upper()} {_where(r)} {r.case.name} - {first}", file=out)
    parts = [f"{counts[k]} {k}" for k in ("failed", "error", "passed") if counts[k]]
    print(f" {', '.join(parts) or 'no cases'} ".center(72, "="), file=out)
    return EXIT_INVALID if bad else EXIT_OK


def _where(r: CaseResult) -> str:
    loc = r.case.location
    return f"{loc.file}:{loc.line}"


def _failure_text(r: CaseResult, lang: str) -> str:
    from plut_rules.quality import SelectionCase
    from plut_rules.render.explain import explanation_text

    lines = ["", f" {r.case.name} ".center(72, "_"), f"{_where(r)}: {r.case.name}"]
    if r.status == "error":
        lines.append("the case could not be evaluated:")
        lines += [f"  {p}" for p in r.problems]
        return "\n".join(lines) + "\n"
    lines += [f"  {f}" for f in r.failures]
    if r.selection is not None:
        from plut_rules.selection.explanation import explanation_text as selection_text

        for result in r.selection.candidates:
            lines += ["", f"actual selection of {result.candidate.id}:",
                      selection_text(result, r.selection, "en" if lang == "en" else "id")]
        return "\n".join(lines) + "\n"
    assert r.evaluation is not None and not isinstance(r.case, SelectionCase)
    for member in r.case.members:
        if member.expect is None:
            continue
        decision = r.evaluation.decision(member.consultant.id)
        lines += ["", f"actual decision of {member.consultant.id}:",
                  explanation_text(decision, r.evaluation, "en" if lang == "en" else "id")]
    return "\n".join(lines) + "\n"


def _coverage_text(rules: Sequence[RuleCoverage]) -> str:
    lines = ["rule coverage (consultants of the cases):",
             f"  {'rule':<28} {'decided':>8} {'passed over':>12}  source"]
    for c in rules:
        src = f"{c.rule.source.file}:{c.rule.source.line}" if c.rule.source else "-"
        lines.append(f"  {c.rule.id:<28} {c.decided:>8} {c.passed_over:>12}  {src}")
    never = [c for c in rules if not c.exercised]
    undecided = [c for c in rules if c.exercised and c.decided == 0]
    if never:
        lines.append(f"rules no case exercised ({len(never)}):")
        for c in never:
            src = f"{c.rule.source.file}:{c.rule.source.line}" if c.rule.source else "-"
            lines.append(f"  {src}: {c.rule.id}: when {_when(c.rule.when)}")
    if undecided:
        lines.append(f"rules reached but never deciding a case ({len(undecided)}):")
        for c in undecided:
            src = f"{c.rule.source.file}:{c.rule.source.line}" if c.rule.source else "-"
            lines.append(f"  {src}: {c.rule.id}: when {_when(c.rule.when)}")
    decided = sum(1 for c in rules if c.decided)
    lines.append(f"{decided} of {len(rules)} rules decided at least one case")
    return "\n".join(lines) + "\n"


def _requirements_text(requirements: Sequence[RequirementCoverage]) -> str:
    """The coverage of the selection's requirements (empty for a policy without them)."""
    if not requirements:
        return ""
    lines = ["", "requirement coverage (candidates of the selection cases):",
             f"  {'requirement':<28} {'held':>6} {'failed':>7} {'failed alone':>13}  source"]
    for c in requirements:
        src = f"{c.source.file}:{c.source.line}" if c.source else "-"
        lines.append(f"  {c.id:<28} {c.held:>6} {c.failed:>7} {c.failed_alone:>13}  {src}")
    never = [c for c in requirements if c.failed == 0]
    if never:
        lines.append(f"requirements no candidate failed ({len(never)}): "
                     + ", ".join(c.id for c in never))
    alone = sum(1 for c in requirements if c.failed_alone)
    lines.append(f"{alone} of {len(requirements)} requirements decided a TMS alone in at least "
                 "one case")
    return "\n".join(lines) + "\n"


def _when(when: str | bool) -> str:
    return str(when).lower() if isinstance(when, bool) else when


def _write_junit(path: str, suite: TestSuite, results: Sequence[CaseResult], lang: str,
                 streams: Streams) -> None:
    import xml.etree.ElementTree as ET

    counts = {s: sum(1 for r in results if r.status == s) for s in ("failed", "error")}
    root = ET.Element("testsuites")
    ts = ET.SubElement(root, "testsuite", name=suite.file, tests=str(len(results)),
                       failures=str(counts["failed"]), errors=str(counts["error"]), skipped="0")
    for r in results:
        tc = ET.SubElement(ts, "testcase", classname=suite.file, name=r.case.name,
                           file=r.case.location.file, line=str(r.case.location.line or 0))
        if r.status == "failed":
            el = ET.SubElement(tc, "failure", message="; ".join(r.failures))
            el.text = _failure_text(r, lang)
        elif r.status == "error":
            el = ET.SubElement(tc, "error", message=str(r.problems[0]) if r.problems else "")
            el.text = _failure_text(r, lang)
    ET.indent(root)
    write_output('<?xml version="1.0" encoding="utf-8"?>\n'
                 + ET.tostring(root, encoding="unicode") + "\n", path, streams)


# --------------------------------------------------------------------------- lint


def lint_text(findings: Sequence[Finding], policy: Policy | None = None) -> str:
    """The findings as printed by ``plut-rules lint``, with pasteable test cases."""
    lines: list[str] = []
    for n, f in enumerate(findings, 1):
        lines.append(str(f))
        if f.witness is not None and f.witness.consultant is not None:
            if f.code == "lint-gap":
                snippet = f.witness.case_yaml(f"gap-{n}", "replace",
                                              "write the outcome you intend")
            else:
                by = policy.rule(f.witness.decided_by or "") if policy is not None else None
                snippet = f.witness.case_yaml(f"example-{n}", by.then if by else "replace",
                                              f"decided by {f.witness.decided_by}")
            lines.append("    as a test case:")
            lines += ["    " + line for line in snippet.rstrip("\n").split("\n")]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    parts = [f"{v} {k}{'s' if v != 1 else ''}" for k, v in counts.items() if v]
    lines.append(", ".join(parts) if parts else "no findings")
    return "\n".join(lines) + "\n"


def lint_policy(policy: Policy, label: str, streams: Streams) -> bool:
    """Print the lint findings for one policy (named ``label``); True when any is an error
    or a warning.  :class:`Invalid` when the solver is not installed."""
    from plut_rules.quality import LintUnavailable, lint

    try:
        findings = lint(policy)
    except LintUnavailable as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    streams.out.write(f"lint {label} ({policy.id} {policy.year}):\n" + lint_text(findings, policy))
    return any(f.severity in ("error", "warning") for f in findings)


def run_lint(args: argparse.Namespace, streams: Streams) -> int:
    """``lint POLICY``: the findings; exit 1 when any is an error or a warning."""
    policy = load_policy_file(args.policy, streams, allow_outside=args.allow_outside_extends)
    return EXIT_INVALID if lint_policy(policy, args.policy, streams) else EXIT_OK

