"""The ``plut-rules`` command: the argument parser built from the command groups, and
:func:`main`, which runs the chosen command's handler.

Exit codes: 0 success, 1 invalid policy or input (every problem listed, no
traceback), 2 usage error, 3 a bug in plut_rules (traceback with ``--debug``),
141 when the output's reader closed the pipe.  Each group imports what its commands
need inside their handlers, so ``--help`` and ``validate`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

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
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

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
    try:
        status: int = args.handler(args, streams)
    except Invalid:
        return EXIT_INVALID
    except UsageError as exc:
        print(f"plut-rules: error: {exc}", file=streams.err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=streams.err)
        return 130
    except BrokenPipeError:
        # The reader stopped early (`plut-rules ... | head`): not a bug. Point the output
        # at /dev/null so that the flush at exit does not fail again, and exit as a shell
        # does for a command killed by SIGPIPE.
        _silence(streams.out)
        return EXIT_PIPE
    except Exception as exc:
        if args.debug:
            raise
        print(f"plut-rules: internal error ({type(exc).__name__}: {exc}).\n"
              "This is a bug in plut-rules, not in your files. Please report it with the "
              "command you ran; run again with --debug to see the traceback.", file=streams.err)
        return EXIT_BUG
    return status


def _silence(stream: TextIO) -> None:
    """Point ``stream``'s file descriptor (if it has one) at /dev/null."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
