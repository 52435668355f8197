"""Spreadsheet and report subcommands of ``plut-rules``: ``template`` and ``report``,
and the XLSX writer and progress bar that ``evaluate`` uses.

Kept apart from :mod:`plut_rules.cli` so that the core commands stay small;
:func:`add_commands` registers the subcommands and :func:`run` runs one.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plut_rules.audit import Determination
    from plut_rules.cli.progress import ProgressFn
    from plut_rules.model import Evaluation

__all__ = ["COMMANDS", "add_commands", "progress", "run", "write_bytes", "write_xlsx"]

COMMANDS = ("template", "report")


def add_commands(sub: Any) -> None:
    """Add ``template`` and ``report`` to the ``plut-rules`` subparsers."""
    from plut_rules.cli.app import _add_allow_outside, _add_input_options

    te = sub.add_parser(
        "template", help="write an input workbook (XLSX) for a policy's year",
        description="Write an XLSX workbook laid out for filling in by hand: a consultants "
                    "sheet and an achievements sheet with dropdowns and number checks, the "
                    "policy's units, fields and indicators (labels, targets) on a reference "
                    "sheet, and a readme sheet in Indonesian. Filled in, it is read by "
                    "evaluate as it is.")
    te.add_argument("--policy", metavar="FILE",
                    help="policy YAML file (default: the shipped 2018 policy)")
    te.add_argument("--output", metavar="FILE", required=True, help="the workbook to write "
                    "(.xlsx)")
    _add_allow_outside(te)

    rp = sub.add_parser(
        "report", help="write the meeting report: one self-contained HTML file",
        description="Evaluate (same inputs as evaluate) or take an audit record, and write "
                    "one self-contained HTML file that prints on A4: policy, counts per unit, "
                    "a chart per unit, vacancies and every consultant's explanation with "
                    "counterfactuals.")
    _add_input_options(rp)
    rp.add_argument("--output", metavar="FILE", required=True, help="the HTML file to write")
    rp.add_argument("--audit", metavar="FILE",
                    help="report on an evaluation recorded in the audit log FILE instead "
                         "(input options are then ignored)")
    rp.add_argument("--record", metavar="N", type=int,
                    help="with --audit: the evaluation record (default: the last)")


def run(args: argparse.Namespace) -> int:
    """Run ``template`` or ``report``; returns the exit status."""
    if args.command == "template":
        return _template(args)
    if args.command == "report":
        return _report(args)
    raise AssertionError(args.command)  # pragma: no cover


@contextmanager
def progress(count: int, args: argparse.Namespace) -> Iterator[ProgressFn | None]:
    """The progress bar of a run over ``count`` consultants (None when not shown)."""
    from plut_rules.cli.progress import progress_bar

    with progress_bar(count, lang=getattr(args, "lang", None) or "id") as update:
        yield update


def write_bytes(data: bytes, output: str) -> None:
    """Write ``data`` whole to ``output``, then move it into place (exit 1 when it cannot)."""
    from plut_rules.cli.app import _Invalid, _print_problems

    tmp = f"{output}.tmp-{os.getpid()}"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, output)
    except OSError as exc:
        from plut_rules.errors import Location, Problem

        with suppress(OSError):
            os.unlink(tmp)
        _print_problems([Problem("output-unwritable",
                                 f"cannot write the output: {exc.strerror or exc}; check that "
                                 "the folder exists and is writable", Location(output))])
        raise _Invalid from None


def write_xlsx(evaluation: Evaluation, args: argparse.Namespace) -> None:
    """``evaluate --format xlsx``: the workbook to ``--output`` (required)."""
    from plut_rules.cli.app import _usage
    from plut_rules.render.spreadsheet import to_xlsx

    if args.output is None:
        _usage("--format xlsx writes a workbook: give --output FILE.xlsx")
    write_bytes(to_xlsx(evaluation, args.lang), args.output)


def _template(args: argparse.Namespace) -> int:
    from plut_rules.cli.app import EXIT_OK, _policy
    from plut_rules.render.spreadsheet import template_workbook, workbook_bytes

    policy = _policy(args)
    write_bytes(workbook_bytes(template_workbook(policy)), args.output)
    print(f"{args.output}: template for {policy.id} {policy.year} ({len(policy.units)} units, "
          f"{len(policy.fields)} fields)", file=sys.stderr)
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from plut_rules.cli.app import EXIT_OK, _load_all, _write
    from plut_rules.render.report import render_report

    audit_info = determination = None
    if args.audit is not None:
        evaluation, audit_info, determination = _from_audit(args)
    else:
        evaluation = _load_all(args)[0]
    with progress(len(evaluation.decisions), args) as update:
        html = render_report(evaluation, args.lang, progress=update, audit=audit_info,
                             determination=determination)
    _write(html, args.output)
    return EXIT_OK


def _from_audit(
        args: argparse.Namespace) -> tuple[Evaluation, dict[str, Any], Determination | None]:
    from plut_rules import audit
    from plut_rules.cli.app import _Invalid, _print_problems
    from plut_rules.errors import PlutRulesError

    try:
        records = audit.read_log(args.audit)
        record = audit.evaluation_record(records, args.record)
        count = len(record.data["input"]["consultants"])
        with progress(count, args) as update:
            evaluation = audit.restore_evaluation(
                record, counterfactuals=not args.no_counterfactuals, progress=update)
    except PlutRulesError as exc:
        _print_problems(exc.problems)
        raise _Invalid from None
    recorded = {d["consultant"]: (d["outcome"], d["to_field"], d["rule"])
                for d in record.data["result"]["decisions"]}
    now = {d.consultant: (d.outcome, d.to_field, d.rule) for d in evaluation.decisions}
    if recorded != now:
        changed = sorted(k for k in recorded.keys() | now.keys()
                         if recorded.get(k) != now.get(k))
        print(f"warning: record {record.seq} re-evaluated with this engine differs for "
              f"{', '.join(changed)}; run 'plut-rules audit replay {args.audit} --record "
              f"{record.seq}'", file=sys.stderr)
    return evaluation, {"path": args.audit, "seq": record.seq, "by": record.by,
                        "time": record.time, "sha256": record.sha256}, \
        audit.determination_for(records, record.seq)
