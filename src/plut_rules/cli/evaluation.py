"""The core subcommands of ``plut-rules``: ``evaluate`` (table, JSON, CSV or XLSX, and
``--audit``), ``validate`` (``--strict`` lints too) and ``explain``.

They are registered together because ``--help`` lists them first, in this order.
``validate --strict`` prints its lint findings as ``lint`` does
(:func:`plut_rules.cli.quality.lint_policy`).
"""

from __future__ import annotations

import argparse
import os

from plut_rules.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    PROBLEMS_LANG,
    Invalid,
    Streams,
    UsageError,
    add_allow_outside_option,
    add_evaluation_options,
    add_format_option,
    add_lang_option,
    add_output_option,
    declare_files,
    evaluate_roster,
    print_problems,
    sample_banner,
    show_recorded_decision,
    uses_sample,
    write_bytes,
    write_output,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from plut_rules.cli.common import Subcommands
    from plut_rules.model import Evaluation
    from plut_rules.readers import Roster

__all__ = ["evaluate", "explain", "jobs", "register", "validate"]


def register(subparsers: Subcommands) -> None:
    """Add ``evaluate``, ``validate`` and ``explain`` to the ``plut-rules`` subcommands."""
    ev = subparsers.add_parser("evaluate", help="evaluate a roster and print the decisions",
                               description="Evaluate consultants and print keep/replace/"
                                           "reassign decisions and the vacancies left.")
    add_evaluation_options(ev)
    add_format_option(ev, ("table", "json", "csv", "xlsx"), "table",
                      "output format (default: table; xlsx needs --output)")
    add_output_option(ev)
    ev.add_argument("--audit", metavar="FILE",
                    help="also append a record of this evaluation to the audit log FILE")
    declare_files(ev, appends=("audit",))
    ev.add_argument("--jobs", metavar="N", type=jobs, default=1,
                    help="evaluate in N processes (same output; default: 1)")
    ev.add_argument("--unit", metavar="ID", action="append",
                    help="evaluate only the consultants of unit ID (repeatable): rows of "
                         "other units are ignored; placement and vacancies within these units")
    ev.add_argument("--by", metavar="NAME",
                    help="who runs the evaluation, for --audit (default: the units' evaluator "
                         "in the policy)")
    ev.set_defaults(handler=evaluate)

    va = subparsers.add_parser("validate", help="check policy files and report every problem",
                               description="Check policy files; print every problem as "
                                           "FILE:LINE:COL: path: message. Exit 1 if any error.")
    va.add_argument("files", nargs="+", metavar="FILE", help="policy YAML file(s) to check")
    declare_files(va, reads=("files",))
    add_allow_outside_option(va)
    va.add_argument("--strict", action="store_true",
                    help="also run plut-rules lint on each valid policy; exit 1 on any "
                         "lint error or warning")
    add_lang_option(va, PROBLEMS_LANG)
    va.set_defaults(handler=validate)

    ex = subparsers.add_parser("explain",
                               help="print the full explanation of one consultant's decision",
                               description="Print why one consultant was kept, replaced or "
                                           "reassigned.")
    ex.add_argument("consultant", metavar="ID",
                    help="the consultant's id, as in the consultants file (e.g. PKP-04)")
    add_evaluation_options(ex)
    ex.add_argument("--audit", metavar="FILE",
                    help="show the decision as recorded in the audit log FILE instead of "
                         "evaluating (input options other than --lang are then ignored; "
                         "default language: the record's)")
    declare_files(ex, reads=("audit",))
    ex.add_argument("--record", metavar="N", type=int,
                    help="with --audit: the evaluation record (default: the last)")
    # --lang: id unless given; with --audit, the record's language unless given
    ex.set_defaults(lang=None, handler=explain)


def jobs(text: str) -> int:
    """``--jobs N``: a whole number of processes, at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def validate(args: argparse.Namespace, streams: Streams) -> int:
    """``plut-rules validate FILE...``: every problem of each file, or ``ok`` and its size
    (with ``--strict``, then its lint findings)."""
    from plut_rules.policy import check_policy
    from plut_rules.wording import text

    failed = False
    for file in args.files:
        policy, problems = check_policy(file, allow_outside=args.allow_outside_extends)
        print_problems(problems, streams)
        if policy is None:
            failed = True
            continue
        print(text("cmd.validate_ok", streams.lang, file=file, policy=policy.id,
                   year=policy.year, fields=len(policy.fields), units=len(policy.units),
                   rules=len(policy.rules)), file=streams.out)
        if args.strict:
            from plut_rules.cli.quality import lint_policy

            failed = lint_policy(policy, file, streams) or failed
    return EXIT_INVALID if failed else EXIT_OK


def evaluate(args: argparse.Namespace, streams: Streams) -> int:
    """``plut-rules evaluate``: the decisions as a table, JSON, CSV or a workbook."""
    from plut_rules.render.output import iter_streamed, to_csv, to_json, to_table
    from plut_rules.wording import say

    if args.format == "xlsx" and args.output is None:
        raise UsageError(say("usage.xlsx_needs_output"))
    if (args.output is not None and args.format != "xlsx"
            and args.output.lower().endswith((".xlsx", ".xlsm"))):
        raise UsageError(say("usage.output_is_workbook", output=args.output,
                             format=args.format))
    sample = uses_sample(args)
    if args.format in ("json", "csv") and args.audit is None and args.backend == "builtin" \
            and not args.unit:
        # written decision by decision, none kept (issue 8: a million explained decisions)
        # with --jobs N the decisions' text is rendered in N processes, written in order
        streamed = evaluate_roster(args, streams, stream=True)[0]
        write_output(iter_streamed(streamed, args.format, args.lang, jobs=args.jobs,
                                   sample=sample), args.output, streams)
        return EXIT_OK
    evaluation, roster, policy_path = evaluate_roster(args, streams)
    if args.format == "xlsx":
        from plut_rules.render.spreadsheet import to_xlsx

        if args.audit is not None:
            _record_evaluation(args, evaluation, roster, policy_path, streams)
        write_bytes(to_xlsx(evaluation, args.lang, sample=sample), args.output, streams)
        return EXIT_OK
    if args.format == "json":
        text = to_json(evaluation, args.lang, sample=sample)
    elif args.format == "csv":
        text = to_csv(evaluation, args.lang)
    else:
        width = None
        if args.output is None and streams.out.isatty():
            width = max(100, os.get_terminal_size().columns)
        text = to_table(evaluation, args.lang, width, sample=sample)
    if args.audit is not None:
        _record_evaluation(args, evaluation, roster, policy_path, streams)
    write_output(text, args.output, streams)
    return EXIT_OK


def _record_evaluation(args: argparse.Namespace, evaluation: Evaluation, roster: Roster,
                       policy_path: str, streams: Streams) -> None:
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError

    try:
        record = audit.append_evaluation(
            args.audit, evaluation,
            policy_files=audit.policy_file_bytes(evaluation.policy, policy_path),
            consultants=roster.consultants, achievements=roster.achievements,
            missing_as_zero=args.missing_as_zero, by=args.by, lang=args.lang,
            units=args.unit)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    except OSError as exc:
        print(f"plut-rules: cannot write the audit log {args.audit}: {exc.strerror or exc}",
              file=streams.err)
        raise Invalid from None
    print(f"audit: record {record.seq} appended to {args.audit} by {record.by} at "
          f"{record.time} (sha256 {record.sha256})", file=streams.err)


def explain(args: argparse.Namespace, streams: Streams) -> int:
    """``plut-rules explain ID``: the full explanation of one decision, evaluated now or
    (``--audit``) as recorded."""
    if args.audit is not None:
        return show_recorded_decision(args.audit, args.consultant, args.record, args.lang,
                                      streams)
    args.lang = args.lang or "id"
    from plut_rules.engine import counterfactual_text
    from plut_rules.errors import Problem, did_you_mean
    from plut_rules.render.explain import explanation_text
    from plut_rules.wording import say

    sample = uses_sample(args)
    evaluation: Evaluation = evaluate_roster(args, streams)[0]
    try:
        decision = evaluation.decision(args.consultant)
    except KeyError:
        ids = [d.consultant for d in evaluation.decisions]
        print_problems([Problem.worded("unknown-consultant",
                                       say("cmd.unknown_consultant", id=repr(args.consultant),
                                           ids=", ".join(ids)),
                                       suggestion=did_you_mean(args.consultant, ids))], streams)
        return EXIT_INVALID
    streams.out.write((sample_banner(args.lang) if sample else "")
                      + explanation_text(decision, evaluation, args.lang)
                      + counterfactual_text(decision, args.lang))
    return EXIT_OK
