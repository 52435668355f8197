"""The ``plut-rules`` command: a thin shell over the public API.

Exit codes: 0 success, 1 invalid policy or input (every problem listed, no
traceback), 2 usage error, 3 a bug in plut_rules (traceback with ``--debug``).
Modules are imported inside the commands that need them, so ``--help`` and
``validate`` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

if TYPE_CHECKING:
    from plut_rules.errors import Problem
    from plut_rules.model import Evaluation, Policy
    from plut_rules.readers.roster import Roster

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
EXIT_PIPE = 141  # 128 + SIGPIPE: the output's reader closed the pipe


class _Invalid(Exception):
    """Bad input: the problems are already printed; exit 1."""


def _print_problems(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    out = stream or sys.stderr
    for problem in problems:
        print(problem, file=out)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if errors or warnings:
        parts = []
        if errors:
            parts.append(f"{errors} error{'s' if errors != 1 else ''}")
        if warnings:
            parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        print(", ".join(parts), file=out)


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policy", metavar="FILE",
                        help="policy YAML file (default: the shipped 2018 policy)")
    parser.add_argument("--consultants", metavar="FILE",
                        help="consultants file, CSV/XLSX/JSON (default: the shipped sample)")
    parser.add_argument("--achievements", metavar="FILE",
                        help="achievements file, CSV/XLSX/JSON (default: the shipped sample)")
    parser.add_argument("--lang", choices=("id", "en"), default="id",
                        help="language of explanations (default: id)")
    parser.add_argument("--missing-as-zero", action="store_true",
                        help="count a missing achievement as 0 (named in the explanation; "
                             "never for a 'lower' indicator)")
    parser.add_argument("--no-counterfactuals", action="store_true",
                        help="skip counterfactuals and margins (faster JSON and explain)")
    parser.add_argument("--backend", choices=("builtin", "durable"), default="builtin",
                        help="what matches the rules: the built-in evaluator or durable_rules "
                             "(same decisions; default: builtin)")
    _add_allow_outside(parser)


def _add_allow_outside(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-outside-extends", action="store_true",
                        help="let a policy's 'extends' name a parent outside the policy "
                             "file's folder (refused by default)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plut-rules",
        description="Evaluate PLUT-KUMKM consultants against a yearly YAML policy and explain "
                    "every decision.",
    )
    parser.add_argument("--debug", action="store_true",
                        help="show a Python traceback if plut-rules itself fails")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ev = sub.add_parser("evaluate", help="evaluate a roster and print the decisions",
                        description="Evaluate consultants and print keep/replace/reassign "
                                    "decisions and the vacancies left.")
    _add_input_options(ev)
    ev.add_argument("--format", choices=("table", "json", "csv", "xlsx"), default="table",
                    help="output format (default: table; xlsx needs --output)")
    ev.add_argument("--output", metavar="FILE", help="write the output to FILE instead of stdout")
    ev.add_argument("--audit", metavar="FILE",
                    help="also append a record of this evaluation to the audit log FILE")
    ev.add_argument("--jobs", metavar="N", type=_jobs, default=1,
                    help="evaluate in N processes (same output; default: 1)")
    ev.add_argument("--by", metavar="NAME",
                    help="who runs the evaluation, for --audit (default: the units' evaluator "
                         "in the policy)")

    va = sub.add_parser("validate", help="check policy files and report every problem",
                        description="Check policy files; print every problem as "
                                    "FILE:LINE:COL: path: message. Exit 1 if any error.")
    va.add_argument("files", nargs="+", metavar="FILE", help="policy YAML file(s) to check")
    _add_allow_outside(va)

    ex = sub.add_parser("explain", help="print the full explanation of one consultant's decision",
                        description="Print why one consultant was kept, replaced or reassigned.")
    ex.add_argument("consultant", metavar="ID",
                    help="the consultant's id, as in the consultants file (e.g. PKP-04)")
    _add_input_options(ex)
    ex.add_argument("--audit", metavar="FILE",
                    help="show the decision as recorded in the audit log FILE instead of "
                         "evaluating (input options other than --lang are then ignored; "
                         "default language: the record's)")
    ex.add_argument("--record", metavar="N", type=int,
                    help="with --audit: the evaluation record (default: the last)")
    # --lang: id unless given; with --audit, the record's language unless given
    ex.set_defaults(lang=None)
    _add_audit_commands(sub)

    from plut_rules.cli.yearly import add_commands

    add_commands(sub)
    from plut_rules.cli import quality as cli_quality

    cli_quality.add_commands(sub)
    from plut_rules.cli import monitor as cli_monitor

    cli_monitor.add_commands(sub)
    from plut_rules.cli import report as cli_report

    cli_report.add_commands(sub)
    return parser


def _add_audit_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    au = sub.add_parser("audit", help="verify, replay or show records of an audit log",
                        description="Work with an audit log written by evaluate --audit.")
    asub = au.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    av = asub.add_parser("verify", help="check the log's hash chain",
                         description="Check every record and link of the hash chain. Exit 0 "
                                     "and a summary when intact; exit 1 naming the first bad "
                                     "record and the damage otherwise.")
    av.add_argument("file", metavar="FILE", help="the audit log")
    ar = asub.add_parser("replay", help="re-evaluate a record from what it holds",
                         description="Re-evaluate an evaluation record from its own copy of "
                                     "the policy and input; print 'identical' or every "
                                     "difference (exit 1 when any).")
    ar.add_argument("file", metavar="FILE", help="the audit log")
    ar.add_argument("--record", metavar="N", type=int,
                    help="the evaluation record (default: the last)")
    ash = asub.add_parser("show", help="one consultant's recorded decision and explanation",
                          description="Print one consultant's decision and full explanation "
                                      "as recorded, who ran it and when, and the "
                                      "determination of that record.")
    ash.add_argument("file", metavar="FILE", help="the audit log")
    ash.add_argument("consultant", metavar="ID", help="the consultant's id")
    ash.add_argument("--record", metavar="N", type=int,
                     help="the evaluation record (default: the last)")
    ash.add_argument("--lang", choices=("id", "en"),
                     help="language (default: the record's)")
    de = sub.add_parser("determine", help="record the determination (penetapan) of an evaluation",
                        description="Append a determination of an evaluation record: every "
                                    "recommendation is accepted except the overrides, each "
                                    "with its reason.")
    de.add_argument("file", metavar="FILE", help="the audit log")
    de.add_argument("--record", metavar="N", type=int,
                    help="the evaluation record (default: the last)")
    de.add_argument("--by", metavar="NAME",
                    help="who determines (default: the policy's determined_by)")
    de.add_argument("--override", metavar="ID=OUTCOME", action="append", default=[],
                    help="determine OUTCOME (keep, replace or reassign:FIELD) for consultant "
                         "ID; each --override is followed by its --reason")
    de.add_argument("--reason", metavar="TEXT", action="append", default=[],
                    help="the reason of the preceding --override (mandatory)")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from plut_rules.engine import engine_version

        print(f"plut-rules {engine_version()}")
        return EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command == "validate" and args.strict:
            from plut_rules.cli.quality import validate_strict

            return validate_strict(args)
        if args.command == "validate":
            return _validate(args.files, allow_outside=args.allow_outside_extends)
        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "explain":
            if args.audit is not None:
                return _audit_show(args.audit, args.consultant, args.record, args.lang)
            args.lang = args.lang or "id"
            return _explain(args)
        if args.command == "audit":
            return _audit(args)
        if args.command == "determine":
            return _determine(args)
        from plut_rules.cli.yearly import COMMANDS, run

        if args.command in COMMANDS:
            return run(args)
        from plut_rules.cli import quality as cli_quality

        if args.command in cli_quality.COMMANDS:
            return cli_quality.run(args)
        if args.command == "monitor":
            from plut_rules.cli import monitor as cli_monitor

            return cli_monitor.run(args)
        from plut_rules.cli import report as cli_report

        if args.command in cli_report.COMMANDS:
            return cli_report.run(args)
    except _Invalid:
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`plut-rules ... | head`): not a bug. Point stdout at
        # /dev/null so that the flush at exit does not fail again, and exit as a shell
        # does for a command killed by SIGPIPE.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE
    except Exception:
        if args.debug:
            raise
        exc = sys.exc_info()[1]
        print(f"plut-rules: internal error ({type(exc).__name__}: {exc}).\n"
              "This is a bug in plut-rules, not in your files. Please report it with the "
              "command you ran; run again with --debug to see the traceback.", file=sys.stderr)
        return EXIT_BUG
    parser.error(f"unknown command {args.command!r}")  # pragma: no cover - argparse refuses it
    return EXIT_USAGE  # pragma: no cover


def _validate(files: Sequence[str], *, allow_outside: bool = False) -> int:
    from plut_rules.policy.loader import check_policy

    failed = False
    for file in files:
        policy, problems = check_policy(file, allow_outside=allow_outside)
        _print_problems(problems)
        if policy is None:
            failed = True
        else:
            print(f"{file}: ok (policy {policy.id} {policy.year}, {len(policy.fields)} fields, "
                  f"{len(policy.units)} units, {len(policy.rules)} rules)")
    return EXIT_INVALID if failed else EXIT_OK


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {text!r}")
    return int(text)


def _load(args: argparse.Namespace) -> Evaluation:
    evaluation: Evaluation = _load_all(args)[0]
    return evaluation


def _policy(args: argparse.Namespace) -> Policy:
    """The policy of ``--policy`` (or the shipped 2018 one), its problems printed;
    :class:`_Invalid` when it has errors."""
    from plut_rules import shipped as _shipped
    from plut_rules.policy.loader import check_policy

    if args.policy is not None:
        policy, problems = check_policy(args.policy, allow_outside=args.allow_outside_extends)
    else:
        policy, problems = check_policy(_shipped.policy_path("2018"),
                                        display="policies/2018.yaml")
    _print_problems(problems)
    if policy is None:
        raise _Invalid
    return policy


def _load_all(args: argparse.Namespace, stream: bool = False) -> tuple[Any, Roster, str]:
    """The evaluation (streamed: an ``evaluate_stream`` result), the roster evaluated, and the
    policy file's real path."""
    from plut_rules import shipped as _shipped
    from plut_rules.engine import evaluate, evaluate_stream
    from plut_rules.errors import PlutRulesError
    from plut_rules.readers.roster import load_roster

    if (args.consultants is None) != (args.achievements is None):
        _usage("give both --consultants and --achievements, or neither (to use the sample)")
    policy_path = str(args.policy or _shipped.policy_path("2018"))
    policy = _policy(args)
    if args.consultants is not None:
        paths: list[tuple[str | os.PathLike[str], str | None]] = [
            (args.consultants, None), (args.achievements, None)]
    else:
        paths = [(_shipped.sample_path("consultants.csv"), "sample/consultants.csv"),
                 (_shipped.sample_path("achievements.csv"), "sample/achievements.csv")]
    try:
        roster = load_roster(paths[0][0], paths[1][0], consultants_display=paths[0][1],
                             achievements_display=paths[1][1])
        if not roster.consultants:
            _print_problems([_no_consultants(paths[0][1] or os.fspath(paths[0][0]))])
        if stream:
            streamed = evaluate_stream(policy, roster.consultants, roster.achievements,
                                       missing_as_zero=args.missing_as_zero,
                                       counterfactuals=_wants_counterfactuals(args),
                                       jobs=getattr(args, "jobs", 1))
            return streamed, roster, policy_path
        from plut_rules.cli.report import progress

        with progress(len(roster.consultants), args) as update:
            evaluation = evaluate(policy, roster.consultants, roster.achievements,
                                  missing_as_zero=args.missing_as_zero,
                                  counterfactuals=_wants_counterfactuals(args),
                                  backend=args.backend, jobs=getattr(args, "jobs", 1),
                                  progress=update)
        return evaluation, roster, policy_path
    except PlutRulesError as exc:
        _print_problems(exc.problems)
        raise _Invalid from None


def _no_consultants(file: str) -> Problem:
    """The warning for an input without consultants: every seat would be listed vacant."""
    from plut_rules.errors import Location, Problem

    if file.lower().endswith((".xlsx", ".xlsm")):
        where = ("check that they are filled in below the header row of the sheet "
                 "'consultants' (or 'konsultan'), and that this is the filled-in workbook, "
                 "not an empty template")
    elif file.lower().endswith(".json"):
        where = ("check that the file's list of consultants is not empty and that it is the "
                 "right file")
    else:
        where = "check that the file has a row for each consultant below its header and that " \
                "it is the right file"
    return Problem("no-consultants", f"no consultants in the input; {where} (without them "
                                     "every seat is listed as vacant)", Location(file),
                   severity="warning")


def _wants_counterfactuals(args: argparse.Namespace) -> bool:
    # Counterfactuals (contract 6.1) appear in JSON and in explain; the table and CSV
    # do not show them, so they are not computed there.
    if getattr(args, "no_counterfactuals", False):
        return False
    return args.command in ("explain", "report") or getattr(args, "format", None) == "json"


def _usage(message: str) -> NoReturn:
    print(f"plut-rules: error: {message}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def _write(text: str | Iterable[str], output: str | None) -> None:
    chunks = [text] if isinstance(text, str) else text
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        return
    tmp = f"{output}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(tmp, output)
    except OSError as exc:
        from plut_rules.errors import Location, Problem

        _print_problems([Problem("output-unwritable",
                                 f"cannot write the output: {exc.strerror or exc}; check that "
                                 "the folder exists and is writable", Location(output))])
        raise _Invalid from None


def _evaluate(args: argparse.Namespace) -> int:
    from plut_rules.render.output import iter_streamed, to_csv, to_json, to_table

    if args.format == "xlsx" and args.output is None:
        _usage("--format xlsx writes a workbook: give --output FILE.xlsx")
    if (args.output is not None and args.format != "xlsx"
            and args.output.lower().endswith((".xlsx", ".xlsm"))):
        _usage(f"--output {args.output} is a workbook, but --format is {args.format}: "
               "add --format xlsx to write a workbook")
    if args.format in ("json", "csv") and args.audit is None and args.backend == "builtin":
        # written decision by decision, none kept (issue 8: a million explained decisions)
        # with --jobs N the decisions' text is rendered in N processes, written in order
        streamed = _load_all(args, stream=True)[0]
        _write(iter_streamed(streamed, args.format, args.lang, jobs=args.jobs), args.output)
        return EXIT_OK
    evaluation, roster, policy_path = _load_all(args)
    if args.format == "xlsx":
        from plut_rules.cli.report import write_xlsx

        if args.audit is not None:
            _record_evaluation(args, evaluation, roster, policy_path)
        write_xlsx(evaluation, args)
        return EXIT_OK
    if args.format == "json":
        text = to_json(evaluation, args.lang)
    elif args.format == "csv":
        text = to_csv(evaluation, args.lang)
    else:
        width = None
        if args.output is None and sys.stdout.isatty():
            width = max(100, os.get_terminal_size().columns)
        text = to_table(evaluation, args.lang, width)
    if args.audit is not None:
        _record_evaluation(args, evaluation, roster, policy_path)
    _write(text, args.output)
    return EXIT_OK


def _record_evaluation(args: argparse.Namespace, evaluation: Evaluation, roster: Roster,
                       policy_path: str) -> None:
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError

    try:
        record = audit.append_evaluation(
            args.audit, evaluation,
            policy_files=audit.policy_file_bytes(evaluation.policy, policy_path),
            consultants=roster.consultants, achievements=roster.achievements,
            missing_as_zero=args.missing_as_zero, by=args.by, lang=args.lang)
    except PlutRulesError as exc:
        _print_problems(exc.problems)
        raise _Invalid from None
    except OSError as exc:
        print(f"plut-rules: cannot write the audit log {args.audit}: {exc.strerror or exc}",
              file=sys.stderr)
        raise _Invalid from None
    print(f"audit: record {record.seq} appended to {args.audit} by {record.by} at "
          f"{record.time} (sha256 {record.sha256})", file=sys.stderr)


def _audit(args: argparse.Namespace) -> int:
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError

    if args.audit_command == "verify":
        result = audit.verify(args.file)
        print(result.summary(), file=sys.stdout if result.ok else sys.stderr)
        return EXIT_OK if result.ok else EXIT_INVALID
    if args.audit_command == "show":
        return _audit_show(args.file, args.consultant, args.record, args.lang)
    try:
        replayed = audit.replay(args.file, args.record)
    except PlutRulesError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    sys.stdout.write(replayed.text())
    return EXIT_OK if replayed.identical else EXIT_INVALID


def _audit_show(file: str, consultant: str, record: int | None, lang: str | None) -> int:
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError

    try:
        text = audit.show(file, consultant, record=record,
                          lang="en" if lang == "en" else "id" if lang == "id" else None)
    except PlutRulesError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    sys.stdout.write(text)
    return EXIT_OK


def _determine(args: argparse.Namespace) -> int:
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError

    if len(args.override) != len(args.reason):
        _usage(f"give one --reason for each --override ({len(args.override)} overrides, "
               f"{len(args.reason)} reasons)")
    overrides = []
    for spec, reason in zip(args.override, args.reason, strict=True):
        consultant, sep, outcome = spec.partition("=")
        if not sep or not consultant or not outcome:
            _usage(f"--override {spec!r}: write ID=OUTCOME, e.g. PKP-04=keep or "
                   "PKP-04=reassign:produksi")
        outcome, _, to_field = outcome.partition(":")
        overrides.append(audit.Override(consultant, outcome,
                                        reason, to_field or None))
    try:
        record = audit.determine(args.file, by=args.by, record=args.record, overrides=overrides)
    except PlutRulesError as exc:
        _print_problems(exc.problems)
        return EXIT_INVALID
    print(f"determination: record {record.seq} appended to {args.file} by {record.by} at "
          f"{record.time} (sha256 {record.sha256}); evaluation record "
          f"{record.data['evaluation']['seq']}: {len(record.data['accepted'])} accepted, "
          f"{len(record.data['overrides'])} overridden")
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from plut_rules.errors import Problem, did_you_mean
    from plut_rules.render.explain import explanation_text

    evaluation = _load(args)
    try:
        decision = evaluation.decision(args.consultant)
    except KeyError:
        ids = [d.consultant for d in evaluation.decisions]
        _print_problems([Problem("unknown-consultant",
                                 f"no consultant {args.consultant!r} in the input; ids: "
                                 f"{', '.join(ids)}", suggestion=did_you_mean(args.consultant,
                                                                              ids))])
        return EXIT_INVALID
    from plut_rules.engine import counterfactual_text

    sys.stdout.write(explanation_text(decision, evaluation, args.lang)
                     + counterfactual_text(decision, args.lang))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
