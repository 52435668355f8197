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
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    from .errors import Problem
    from .model import Evaluation

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


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
    parser.add_argument("--backend", choices=("builtin", "durable"), default="builtin",
                        help="what matches the rules: the built-in evaluator or durable_rules "
                             "(same decisions; default: builtin)")


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
    ev.add_argument("--format", choices=("table", "json", "csv"), default="table",
                    help="output format (default: table)")
    ev.add_argument("--output", metavar="FILE", help="write the output to FILE instead of stdout")

    va = sub.add_parser("validate", help="check policy files and report every problem",
                        description="Check policy files; print every problem as "
                                    "FILE:LINE:COL: path: message. Exit 1 if any error.")
    va.add_argument("files", nargs="+", metavar="FILE")

    ex = sub.add_parser("explain", help="print the full explanation of one consultant's decision",
                        description="Print why one consultant was kept, replaced or reassigned.")
    ex.add_argument("consultant", metavar="ID")
    _add_input_options(ex)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from .engine import _engine_version

        print(f"plut-rules {_engine_version()}")
        return EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command == "validate":
            return _validate(args.files)
        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "explain":
            return _explain(args)
    except _Invalid:
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
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


def _validate(files: Sequence[str]) -> int:
    from .policy import check_policy

    failed = False
    for file in files:
        policy, problems = check_policy(file)
        _print_problems(problems)
        if policy is None:
            failed = True
        else:
            print(f"{file}: ok (policy {policy.id} {policy.year}, {len(policy.fields)} fields, "
                  f"{len(policy.units)} units, {len(policy.rules)} rules)")
    return EXIT_INVALID if failed else EXIT_OK


def _load(args: argparse.Namespace) -> Evaluation:
    from . import _shipped
    from .engine import evaluate
    from .errors import PlutRulesError
    from .policy import check_policy
    from .roster import load_roster

    if (args.consultants is None) != (args.achievements is None):
        _usage("give both --consultants and --achievements, or neither (to use the sample)")
    if args.policy is not None:
        policy, problems = check_policy(args.policy)
    else:
        policy, problems = check_policy(_shipped.policy_path("2018"), display="policies/2018.yaml")
    _print_problems(problems)
    if policy is None:
        raise _Invalid
    if args.consultants is not None:
        paths: list[tuple[str | os.PathLike[str], str | None]] = [
            (args.consultants, None), (args.achievements, None)]
    else:
        paths = [(_shipped.sample_path("consultants.csv"), "sample/consultants.csv"),
                 (_shipped.sample_path("achievements.csv"), "sample/achievements.csv")]
    try:
        roster = load_roster(paths[0][0], paths[1][0], consultants_display=paths[0][1],
                             achievements_display=paths[1][1])
        return evaluate(policy, roster.consultants, roster.achievements,
                        missing_as_zero=args.missing_as_zero, backend=args.backend)
    except PlutRulesError as exc:
        _print_problems(exc.problems)
        raise _Invalid from None


def _usage(message: str) -> NoReturn:
    print(f"plut-rules: error: {message}", file=sys.stderr)
    raise SystemExit(EXIT_USAGE)


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    tmp = f"{output}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.replace(tmp, output)


def _evaluate(args: argparse.Namespace) -> int:
    from .output import to_csv, to_json, to_table

    evaluation = _load(args)
    if args.format == "json":
        text = to_json(evaluation, args.lang)
    elif args.format == "csv":
        text = to_csv(evaluation, args.lang)
    else:
        width = None
        if args.output is None and sys.stdout.isatty():
            width = max(100, os.get_terminal_size().columns)
        text = to_table(evaluation, args.lang, width)
    _write(text, args.output)
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from .errors import Problem, did_you_mean
    from .explain import explanation_text

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
    sys.stdout.write(explanation_text(decision, evaluation, args.lang))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
