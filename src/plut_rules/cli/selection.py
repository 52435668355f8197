"""The seleksi subcommands of ``plut-rules``: ``select`` (fill the open seats with new
candidates: table, JSON, CSV or XLSX, ``--explain ID``, ``--audit``) and ``roster next``
(next year's consultants file from a determination and a selection).

The open seats come from a determination record of an audit log (``--determination
LOG:SEQ``) or from evaluating the roster (``--policy``, ``--consultants``,
``--achievements``).  The library is :mod:`plut_rules.selection`; the records are
:mod:`plut_rules.audit`'s.
"""

from __future__ import annotations

import argparse
import os

from plut_rules.cli.common import (
    EXIT_OK,
    PROBLEMS_LANG,
    Invalid,
    Streams,
    UsageError,
    add_allow_outside_option,
    add_format_option,
    add_lang_option,
    add_missing_as_zero_option,
    add_output_option,
    add_policy_option,
    add_roster_options,
    add_sample_option,
    declare_files,
    evaluate_roster,
    load_policy_file,
    load_policy_option,
    print_problems,
    sample_banner,
    uses_sample,
    write_bytes,
    write_output,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from typing import Any

    from plut_rules.audit import AuditRecord
    from plut_rules.cli.common import Subcommands
    from plut_rules.model import Policy
    from plut_rules.selection import Basis, Selection

__all__ = ["determination_in_force", "log_record", "policy_differences", "register",
           "roster_next", "select"]


def log_record(text: str) -> tuple[str, int]:
    """``LOG:SEQ``: an audit log and the number of one of its records."""
    log, sep, seq = text.rpartition(":")
    if not sep or not log or not seq.isdigit() or int(seq) < 1:
        raise argparse.ArgumentTypeError(f"expected LOG:SEQ (an audit log and a record "
                                         f"number, e.g. audit.jsonl:2), got {text!r}")
    return log, int(seq)


def register(subparsers: Subcommands) -> None:
    """Add ``select`` and ``roster`` (next) to the ``plut-rules`` subcommands."""
    se = subparsers.add_parser(
        "select", help="select new consultants for the open seats (seleksi)",
        description="Screen, score, rank and place the candidates of CANDIDATES into the "
                    "open seats of a determination (--determination LOG:SEQ) or of an "
                    "evaluation of the roster, under the policy's selection: section. Print "
                    "every candidate's outcome, or one candidate's explanation (--explain).")
    se.add_argument("candidates", metavar="CANDIDATES",
                    help="the candidates file, CSV/XLSX (sheet kandidat)/JSON")
    se.add_argument("--determination", metavar="LOG:SEQ", type=log_record,
                    help="take the open seats from determination record SEQ of the audit log "
                         "LOG; --policy is then required and must be the record's policy "
                         "(only its selection: section may differ)")
    add_policy_option(se, "policy YAML file with a selection: section (default: the shipped "
                          "2018 policy; required with --determination)")
    add_roster_options(se, consultants="without --determination: the consultants file "
                                       "evaluated for the open seats (default: the sample)",
                       achievements="without --determination: the achievements file "
                                    "(default: the sample)")
    add_sample_option(se)
    add_missing_as_zero_option(se, "without --determination: count a missing achievement as "
                                   "0 in the evaluation")
    add_lang_option(se)
    add_format_option(se, ("table", "json", "csv", "xlsx"), "table",
                      "output format (default: table; xlsx needs --output)")
    add_output_option(se)
    se.add_argument("--explain", metavar="ID",
                    help="print the full explanation of candidate ID instead: requirements, "
                         "score composition, rank and distance to the last seat")
    se.add_argument("--audit", metavar="LOG",
                    help="also append a selection record to the audit log LOG (with "
                         "--determination: the same log)")
    se.add_argument("--by", metavar="NAME",
                    help="who runs the selection, for --audit (default: the policy's "
                         "determined_by)")
    add_allow_outside_option(se)
    declare_files(se, reads=("candidates", "determination"), appends=("audit",))
    se.set_defaults(handler=select, no_counterfactuals=True, backend="builtin")

    ro = subparsers.add_parser("roster", help="next year's consultants file (roster next)",
                               description="Work with the roster of consultants.")
    actions = ro.add_commands(dest="roster_command", metavar="ACTION", required=True)
    nx = actions.add_parser(
        "next", help="write next year's consultants file from a determination and a selection",
        description="Write next year's consultants file: the consultants kept and moved by "
                    "the determination (moved ones in their new field) and the candidates "
                    "selected, with appointed = the new year; checked against next year's "
                    "policy.")
    nx.add_argument("--determination", metavar="LOG:SEQ", type=log_record, required=True,
                    help="the determination record")
    nx.add_argument("--selection", metavar="LOG:SEQ", type=log_record, required=True,
                    help="the selection record made on that determination")
    add_policy_option(nx, "next year's policy YAML file (required)")
    add_output_option(nx, "the consultants file to write (.csv)", required=True)
    add_allow_outside_option(nx)
    add_lang_option(nx, PROBLEMS_LANG)
    declare_files(nx, reads=("determination", "selection"))
    nx.set_defaults(handler=roster_next)


# --------------------------------------------------------------------------- select


def select(args: argparse.Namespace, streams: Streams) -> int:
    """``plut-rules select CANDIDATES``: the selection as a table, JSON, CSV or a workbook,
    or one candidate's explanation."""
    from plut_rules import selection as sel
    from plut_rules.errors import PlutRulesError

    _check_select_usage(args)
    if args.determination is not None:
        policy, seats, basis = _from_determination(args, streams)
    else:
        policy, seats, basis = _from_evaluation(args, streams)
    try:
        sel.required_selection(policy)
        candidates, problems = sel.read_candidates(args.candidates, policy)
        print_problems(problems, streams)
        if any(p.severity == "error" for p in problems):
            raise Invalid
        selection = sel.select(policy, candidates, seats, basis=basis)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    if args.explain is not None:
        return _explain(selection, args.explain, args.lang, streams)
    if args.audit is not None:
        _record(args, selection, seats, streams)
    if args.format == "xlsx":
        from plut_rules.selection.workbooks import selection_xlsx

        write_bytes(selection_xlsx(selection, args.lang), args.output, streams)
        return EXIT_OK
    if args.format == "json":
        text = sel.to_json(selection, args.lang)
    elif args.format == "csv":
        text = sel.to_csv(selection, args.lang)
    else:
        width = None
        if args.output is None and streams.out.isatty():
            width = max(100, os.get_terminal_size().columns)
        text = sel.to_table(selection, args.lang, width)
        if args.determination is None and uses_sample(args):
            # the open seats are the shipped sample's: the table says so (issue 17)
            text = sample_banner(args.lang) + text
    write_output(text, args.output, streams)
    return EXIT_OK


def _check_select_usage(args: argparse.Namespace) -> None:
    from plut_rules.wording import say

    if args.format == "xlsx" and args.output is None and args.explain is None:
        raise UsageError(say("usage.xlsx_needs_output"))
    if args.determination is not None:
        if args.consultants is not None or args.achievements is not None:
            raise UsageError(say("usage.determination_roster"))
        if args.policy is None:
            raise UsageError(say("usage.determination_policy"))
        if args.audit is not None and not _same_file(args.audit, args.determination[0]):
            raise UsageError(say("usage.determination_log", audit=args.audit,
                                 log=args.determination[0]))
    if args.explain is not None and args.audit is not None:
        raise UsageError(say("usage.explain_audit"))


def _same_file(a: str, b: str) -> bool:
    if os.path.exists(a) and os.path.exists(b):
        return os.path.samefile(a, b)
    return os.path.abspath(a) == os.path.abspath(b)


def _from_evaluation(args: argparse.Namespace, streams: Streams,
                     ) -> tuple[Policy, dict[tuple[str, str], int], Basis]:
    from plut_rules.selection import Basis, open_seats_of

    evaluation = evaluate_roster(args, streams)[0]
    return (evaluation.policy, open_seats_of(evaluation),
            Basis("evaluation", input_sha256=evaluation.input_sha256))


def _from_determination(args: argparse.Namespace, streams: Streams,
                        ) -> tuple[Policy, dict[tuple[str, str], int], Basis]:
    from plut_rules import audit
    from plut_rules.errors import Location, PlutRulesError, Problem
    from plut_rules.selection import Basis
    from plut_rules.wording import say

    log, seq = args.determination
    policy = load_policy_file(args.policy, streams, allow_outside=args.allow_outside_extends)
    try:
        records = audit.read_log(log)
        det = determination_in_force(log, records, seq)
        evaluation = audit.determined_evaluations(log, records, det)[0]
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    differences = policy_differences(evaluation.data["policy"]["document"], policy.document)
    if differences:
        shown = ", ".join(differences[:8]) + (", ..." if len(differences) > 8 else "")
        print_problems([Problem.worded(
            "policy-mismatch",
            say("cmd.policy_mismatch", seq=seq, policy=evaluation.data["policy"]["id"],
                year=evaluation.data["policy"]["year"], paths=shown),
            Location(args.policy))], streams)
        raise Invalid
    seats = audit.determined_seats(det, records)
    return policy, seats, Basis("determination", log=log, seq=seq, sha256=det.sha256)


def determination_in_force(log: str, records: Sequence[AuditRecord], seq: int) -> AuditRecord:
    """Determination record ``seq``, which must still be in force (a superseded one no
    longer says who stays); :class:`plut_rules.audit.AuditError` otherwise."""
    from plut_rules import audit
    from plut_rules.errors import Problem
    from plut_rules.wording import say

    det = audit.determination_record(records, seq)
    later = audit.superseded_by(records, det)
    if later is not None:
        raise audit.AuditError([Problem.worded(
            "superseded", say("cmd.superseded", seq=seq, later=later.seq, log=log))])
    return det


def policy_differences(recorded: Mapping[str, Any], given: Mapping[str, Any]) -> list[str]:
    """The dotted paths where two resolved policy documents differ, ``selection`` aside
    (numbers compared by value, whether read back from a log or loaded)."""
    from plut_rules import audit

    def normal(doc: Mapping[str, Any]) -> Any:
        return audit.loads(audit.dumps({k: v for k, v in doc.items() if k != "selection"}))

    return sorted(_differences(normal(recorded), normal(given), ""))


def _differences(a: Any, b: Any, path: str) -> Iterator[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys()):
            sub = f"{path}.{key}" if path else key
            if key not in a or key not in b:
                yield sub
            else:
                yield from _differences(a[key], b[key], sub)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _differences(x, y, f"{path}[{n}]")
    elif a != b:
        yield path or "(the whole policy)"


def _explain(selection: Selection, candidate: str, lang: str, streams: Streams) -> int:
    from plut_rules.errors import Problem, did_you_mean
    from plut_rules.selection.explanation import explanation_text
    from plut_rules.wording import say

    try:
        result = selection.result(candidate)
    except KeyError:
        ids = [r.candidate.id for r in selection.candidates]
        print_problems([Problem.worded("unknown-candidate",
                                       say("cmd.unknown_candidate", id=repr(candidate),
                                           ids=", ".join(ids)), path="--explain",
                                       suggestion=did_you_mean(candidate, ids))], streams)
        raise Invalid from None
    streams.out.write(explanation_text(result, selection, "en" if lang == "en" else "id"))
    return EXIT_OK


def _record(args: argparse.Namespace, selection: Selection,
            seats: Mapping[tuple[str, str], int], streams: Streams) -> None:
    from plut_rules import audit, shipped
    from plut_rules.errors import PlutRulesError

    policy = selection.policy
    by = args.by if args.by is not None else policy.determined_by
    try:
        if by is None:
            raise audit.AuditError([audit_by_problem()])
        record = audit.append_selection(
            args.audit, selection,
            policy_files=audit.policy_file_bytes(
                policy, args.policy or shipped.policy_path("2018")),
            open_seats=seats, by=by, lang="en" if args.lang == "en" else "id")
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    except OSError as exc:
        from plut_rules.wording import text

        print(text("cmd.log_unwritable", streams.lang, log=args.audit,
                   reason=str(exc.strerror or exc)), file=streams.err)
        raise Invalid from None
    print(f"audit: selection record {record.seq} appended to {args.audit} by {record.by} at "
          f"{record.time} (sha256 {record.sha256})", file=streams.err)


def audit_by_problem() -> Any:
    """The problem of a record whose author is unknown."""
    from plut_rules.errors import Problem
    from plut_rules.wording import say

    return Problem.worded("audit-by", say("cmd.audit_by"))


# --------------------------------------------------------------------------- roster next


def roster_next(args: argparse.Namespace, streams: Streams) -> int:
    """``plut-rules roster next``: next year's consultants file."""
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError
    from plut_rules.selection import check_next_roster, roster_csv

    if args.policy is None:
        from plut_rules.wording import say

        raise UsageError(say("usage.roster_policy"))
    policy = load_policy_option(args, streams)
    (det_log, det_seq), (sel_log, sel_seq) = args.determination, args.selection
    try:
        det_records = audit.read_log(det_log)
        det = determination_in_force(det_log, det_records, det_seq)
        evaluations = audit.determined_evaluations(det_log, det_records, det)
        sel_records = det_records if _same_file(sel_log, det_log) else audit.read_log(sel_log)
        chosen = audit.selection_record(sel_records, sel_seq)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    consultants, problems = audit.next_consultants(evaluations, det, chosen, policy.year)
    if not problems:
        problems = check_next_roster(policy, consultants)
    print_problems(problems, streams)
    if any(p.severity == "error" for p in problems):
        raise Invalid
    write_output(roster_csv(consultants, policy), args.output, streams)
    print(f"{args.output}: {len(consultants)} consultants for {policy.id} {policy.year}",
          file=streams.err)
    return EXIT_OK
