"""The ``plut-rules`` command: the argument parser built from the command groups, and
:func:`main`, which runs the chosen command's handler.

Exit codes: 0 success, 1 invalid policy or input, or an output that is refused or
cannot be written (every problem listed, no traceback), 2 usage error, 3 a bug in
plut_rules (traceback with ``--debug``), 141 when the output's reader closed the
pipe.  Each group imports what its commands need inside their handlers, so ``--help``
and ``validate`` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import suppress

from plut_rules.cli import (
    audit_commands,
    documents,
    evaluation,
    monitor,
    quality,
    report,
    selection,
    yearly,
)
from plut_rules.cli.common import (
    EXIT_BUG,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_USAGE,
    Invalid,
    Parser,
    Streams,
    UsageError,
    print_problems,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from plut_rules.errors import PlutRulesError

__all__ = ["build_parser", "main"]

#: The command groups, in the order ``--help`` lists their commands.
GROUPS = (evaluation, audit_commands, yearly, quality, monitor, report, documents, selection)


def build_parser() -> Parser:
    """The ``plut-rules`` argument parser: global options and every group's subcommands,
    each with its ``handler``."""
    parser = Parser(
        prog="plut-rules",
        description="Evaluate PLUT-KUMKM consultants against a yearly YAML policy and explain "
                    "every decision.",
    )
    parser.add_argument("--debug", action="store_true",
                        help="show a Python traceback if plut-rules itself fails")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    subparsers = parser.add_commands(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run ``plut-rules`` with ``argv`` (default: ``sys.argv[1:]``), writing to ``stdout``
    and ``stderr`` (default: ``sys.stdout``, ``sys.stderr``); returns the exit status."""
    streams = Streams(sys.stdout if stdout is None else stdout,
                      sys.stderr if stderr is None else stderr)
    parser = build_parser()
    parser.use_streams(streams)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error argparse has printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if args.version:
        from plut_rules.engine import engine_version

        print(f"plut-rules {engine_version()}", file=streams.out)
        return EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    streams.lang = getattr(args, "lang", None) or "id"
    try:
        # the files to write are checked against those read before anything is read
        claim_files(args, streams)
        status: int = args.handler(args, streams)
        # a buffered write error of the output stream surfaces here, not at exit
        streams.out.flush()
    except Invalid:
        return EXIT_INVALID
    except UsageError as exc:
        print(f"plut-rules: error: {exc.text(streams.lang)}", file=streams.err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        from plut_rules.wording import text

        print(text("cmd.interrupted", streams.lang), file=streams.err)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`plut-rules ... | head`): not a bug. Point the output
        # at /dev/null so that the flush at exit does not fail again, and exit as a shell
        # does for a command killed by SIGPIPE.
        _silence(streams.raw_out)
        return EXIT_PIPE
    except Exception as exc:
        from plut_rules.errors import PlutRulesError

        if isinstance(exc, PlutRulesError):  # bad input or an output that cannot be written
            _user_error(exc, streams)
            return EXIT_INVALID
        if args.debug:
            raise
        from plut_rules.wording import text

        print(text("cmd.internal_error", streams.lang, error=f"{type(exc).__name__}: {exc}"),
              file=streams.err)
        return EXIT_BUG
    return status


def _user_error(exc: PlutRulesError, streams: Streams) -> None:
    """Print the problems of ``exc``; when the output stream itself failed, point it at
    /dev/null so that the flush at exit does not fail again."""
    if any(p.location is not None and p.location.file == "<standard output>"
           for p in exc.problems):
        _silence(streams.raw_out)
    with suppress(OSError):  # the message stream failed too: the exit status says it
        print_problems(exc.problems, streams)


def _silence(stream: TextIO) -> None:
    """Point ``stream``'s file descriptor (if it has one) at /dev/null."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):  # not a file: nothing will flush it
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())


def claim_files(args: argparse.Namespace, streams: Streams) -> None:
    """Put the files the command's arguments name into ``streams.guard``, inputs first:
    :class:`~plut_rules.safe_output.OutputError` (nothing read yet) when an output is one
    of the inputs, or exists and is not a regular file."""
    declared = getattr(args, "file_arguments", ())
    order = {"read": 0, "append": 1, "replace": 2, "create": 2}

    def paths(dest: str) -> list[tuple[str, bool]]:
        # a list (repeated or nargs), or a (LOG, SEQ) record reference: its log (True)
        value = getattr(args, dest, None)
        found = []
        for item in value if isinstance(value, list) else [value]:
            path = item[0] if isinstance(item, tuple) else item
            if path is not None and path != "-":
                found.append((os.fspath(path), isinstance(item, tuple)))
        return found

    # a log whose record is referenced and which is appended to (select --determination
    # LOG:SEQ --audit LOG) is claimed once, for the append
    appended = {os.path.realpath(path) for dest, mode, _ in declared if mode == "append"
                for path, _ in paths(dest)}
    for dest, mode, label in sorted(declared, key=lambda d: order[d[1]]):
        for path, reference in paths(dest):
            if mode == "read" and reference and os.path.realpath(path) in appended:
                continue
            if mode == "read":
                streams.guard.reading(path, label)
            else:
                streams.guard.writing(path, label, append=mode == "append",
                                      replace=mode != "create")
