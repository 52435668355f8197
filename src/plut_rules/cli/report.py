"""Spreadsheet and report subcommands of ``plut-rules``: ``template`` (an input
workbook) and ``report`` (the meeting report, one HTML file).

:func:`register` adds them; :func:`template` and :func:`report` run them.
"""

from __future__ import annotations

import argparse

from plut_rules.cli.common import (
    EXIT_OK,
    Invalid,
    Streams,
    UsageError,
    add_allow_outside_option,
    add_evaluation_options,
    add_lang_option,
    add_output_option,
    add_policy_option,
    declare_files,
    evaluate_roster,
    load_policy_option,
    print_problems,
    progress,
    uses_sample,
    write_bytes,
    write_output,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

    from plut_rules.audit import Determination
    from plut_rules.cli.common import Subcommands
    from plut_rules.model import Consultant, Evaluation, Policy

__all__ = ["register", "report", "template"]


def register(subparsers: Subcommands) -> None:
    """Add ``template`` and ``report`` to the ``plut-rules`` subcommands."""
    te = subparsers.add_parser(
        "template", help="write an input workbook (XLSX) for a policy's year",
        description="Write an XLSX workbook laid out for filling in by hand: a consultants "
                    "sheet and an achievements sheet with dropdowns and number checks, the "
                    "policy's units, fields and indicators (labels, targets) on a reference "
                    "sheet, and a readme sheet in Indonesian. Filled in, it is read by "
                    "evaluate as it is.")
    add_policy_option(te)
    add_output_option(te, "the workbook to write (.xlsx)", required=True)
    te.add_argument("--consultants", metavar="FILE",
                    help="with --for evaluation: fill the workbook with these consultants "
                         "(e.g. next year's roster from 'roster next'): one achievements row "
                         "per indicator of each one's field, and their indicators and targets "
                         "listed")
    te.add_argument("--for", dest="template_for", choices=("evaluation", "selection"),
                    default="evaluation",
                    help="evaluation: consultants and achievements (default); selection: "
                         "the candidates workbook of the policy's selection: section")
    declare_files(te, reads=("consultants",))
    add_allow_outside_option(te)
    add_lang_option(te, "language of the column headers (default: id; evaluate reads both)",
                    default="id")
    te.add_argument("--wide", action="store_true",
                    help="lay out the achievements sheet wide: one row per consultant, one "
                         "column per indicator (default: one row per achievement)")
    te.set_defaults(handler=template)

    rp = subparsers.add_parser(
        "report", help="write the meeting report: one self-contained HTML file",
        description="Evaluate (same inputs as evaluate) or take an audit record, and write "
                    "one self-contained HTML file that prints on A4: policy, counts per unit, "
                    "a chart per unit, vacancies and every consultant's explanation with "
                    "counterfactuals.")
    add_evaluation_options(rp)
    add_output_option(rp, "the HTML file to write", required=True)
    rp.add_argument("--audit", metavar="FILE",
                    help="report on an evaluation recorded in the audit log FILE instead "
                         "(input options are then ignored)")
    declare_files(rp, reads=("audit",))
    rp.add_argument("--record", metavar="N", type=int,
                    help="with --audit: the evaluation record (default: the last)")
    rp.add_argument("--candidates", metavar="FILE",
                    help="without --audit: also select new consultants from this candidates "
                         "file for the evaluation's vacancies (the policy needs a selection: "
                         "section); with --audit, the report shows the last selection "
                         "recorded on the determination in force")
    declare_files(rp, reads=("candidates",))
    rp.set_defaults(handler=report)


def template(args: argparse.Namespace, streams: Streams) -> int:
    """``template --output FILE.xlsx``: an input workbook for the policy's year."""
    from plut_rules.render.spreadsheet import template_workbook, workbook_bytes

    policy = load_policy_option(args, streams)
    if args.template_for == "selection":
        if args.consultants is not None:
            from plut_rules.wording import say

            raise UsageError(say("usage.template_consultants"))
        return _candidates_template(policy, args, streams)
    consultants = () if args.consultants is None else _roster(policy, args, streams)
    book = template_workbook(policy, args.lang, wide=args.wide, roster=consultants)
    write_bytes(workbook_bytes(book), args.output, streams)
    shipped = "" if args.policy is not None else "; the shipped policy: give --policy FILE " \
                                                 "for yours"
    print(f"{args.output}: template for {policy.id} {policy.year} ({len(policy.units)} units, "
          f"{len(policy.fields)} fields"
          + (f", {len(consultants)} consultants" if consultants else "") + f"{shipped})",
          file=streams.err)
    return EXIT_OK


def _roster(policy: Policy, args: argparse.Namespace, streams: Streams,
            ) -> Sequence[Consultant]:
    """The consultants of ``--consultants``, checked against the policy (their units and
    fields known); every problem printed, :class:`Invalid` on an error."""
    from plut_rules.engine import check_roster
    from plut_rules.readers import read_consultants

    consultants, problems = read_consultants(args.consultants)
    if not any(p.severity == "error" for p in problems):
        problems += [p for p in check_roster(policy, consultants, ())
                     if p.code != "missing-achievement"]
    print_problems(problems, streams)
    if any(p.severity == "error" for p in problems):
        raise Invalid
    return consultants


def _candidates_template(policy: Policy, args: argparse.Namespace, streams: Streams) -> int:
    """``template --for selection``: the candidates workbook of the selection section."""
    from plut_rules.errors import PlutRulesError
    from plut_rules.selection import required_selection
    from plut_rules.selection.workbooks import candidates_template

    try:
        section = required_selection(policy)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    write_bytes(candidates_template(policy), args.output, streams)
    print(f"{args.output}: candidates template for {policy.id} {policy.year} "
          f"({len(section.requirements)} requirements, {len(section.components)} components)",
          file=streams.err)
    return EXIT_OK


def report(args: argparse.Namespace, streams: Streams) -> int:
    """``report --output FILE.html``: the meeting report of an evaluation, or of an audit
    record, with the selection made on it."""
    from plut_rules.render.report import render_report

    audit_info = determination = chosen = None
    sample = False
    if args.audit is not None:
        if args.candidates is not None:
            from plut_rules.wording import say

            raise UsageError(say("usage.report_candidates"))
        evaluation, audit_info, determination, chosen = _from_audit(args, streams)
    else:
        sample = uses_sample(args)
        evaluation = evaluate_roster(args, streams)[0]
        if args.candidates is not None:
            chosen = _selection_of(evaluation, args, streams)
    with progress(len(evaluation.decisions), args, streams) as update:
        html = render_report(evaluation, args.lang, progress=update, audit=audit_info,
                             determination=determination, sample=sample, selection=chosen)
    write_output(html, args.output, streams)
    return EXIT_OK


def _selection_of(evaluation: Evaluation, args: argparse.Namespace, streams: Streams,
                  ) -> dict[str, Any]:
    """The selection of ``--candidates`` for the evaluation's vacancies, as plain data."""
    from plut_rules import selection as sel
    from plut_rules.errors import PlutRulesError

    policy = evaluation.policy
    try:
        sel.required_selection(policy)
        candidates, problems = sel.read_candidates(args.candidates, policy)
        print_problems(problems, streams)
        if any(p.severity == "error" for p in problems):
            raise Invalid
        seats = sel.open_seats_of(evaluation)
        made = sel.select(policy, candidates, seats, basis=sel.Basis(
            "evaluation", input_sha256=evaluation.input_sha256))
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    return {"result": sel.selection_to_dict(made, "en" if args.lang == "en" else "id"),
            "open_seats": [{"unit": u, "field": f, "open": n}
                           for (u, f), n in sorted(seats.items())]}


def _from_audit(args: argparse.Namespace, streams: Streams,
                ) -> tuple[Evaluation, dict[str, Any], Determination | None,
                           Mapping[str, Any] | None]:
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError

    try:
        records = audit.read_log(args.audit)
        record = audit.evaluation_record(records, args.record)
        count = len(record.data["input"]["consultants"])
        with progress(count, args, streams) as update:
            evaluation = audit.restore_evaluation(
                record, counterfactuals=not args.no_counterfactuals, progress=update)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    recorded = {d["consultant"]: (d["outcome"], d["to_field"], d["rule"])
                for d in record.data["result"]["decisions"]}
    now = {d.consultant: (d.outcome, d.to_field, d.rule) for d in evaluation.decisions}
    if recorded != now:
        changed = sorted(k for k in recorded.keys() | now.keys()
                         if recorded.get(k) != now.get(k))
        print(f"warning: record {record.seq} re-evaluated with this engine differs for "
              f"{', '.join(changed)}; run 'plut-rules audit replay {args.audit} --record "
              f"{record.seq}'", file=streams.err)
    determination = audit.determination_for(records, record.seq)
    chosen = None
    if determination is not None:
        det = next(r for r in records if r.seq == determination.seq)
        found = audit.selection_for(records, det)
        chosen = None if found is None else found.data
    return evaluation, {"path": args.audit, "seq": record.seq, "by": record.by,
                        "time": record.time, "sha256": record.sha256}, determination, chosen
