"""What every ``plut-rules`` command group shares: exit codes, the streams a command
writes to, the argument parser class, the options several commands take, and the
helpers that print problems, write outputs and load a policy or a roster.

Every file a command reads or writes is declared with its argument
(:func:`declare_files`; the ``add_*_option`` helpers declare theirs): before the
handler runs, ``cli.app`` claims them: puts them in the run's :class:`FileGuard`
(``streams.guard``), which refuses an output that is one of the inputs, so nothing is
read before a clash is found.  Files read later (a policy's ``extends`` parents, the
shipped samples) are added by the loaders here.  Outputs are written only through
:func:`write_output` and :func:`write_bytes`, and text only through ``streams.out`` and
``streams.err``, which make control characters visible and turn a write error into a
located problem (exit 1).

Nothing here imports a heavy dependency at module level: ``plut-rules --help`` imports
this module, and must start fast.  Imports no other module of :mod:`plut_rules.cli`
except :mod:`plut_rules.cli.progress` and :mod:`plut_rules.cli.streams`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager

from plut_rules.cli.streams import Streams, VisibleStream
from plut_rules.visible import visible

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn, TextIO, cast

    from plut_rules.cli.progress import ProgressFn
    from plut_rules.errors import Problem
    from plut_rules.model import Policy
    from plut_rules.readers import Roster
    from plut_rules.wording import Lang, Words
else:
    def cast(_type: object, value: object) -> object:
        return value

__all__ = [
    "EXIT_BUG",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_PIPE",
    "EXIT_USAGE",
    "PROBLEMS_LANG",
    "SHIPPED_POLICY",
    "Handler",
    "Invalid",
    "Parser",
    "Streams",
    "Subcommands",
    "UsageError",
    "VisibleStream",
    "add_allow_outside_option",
    "add_evaluation_options",
    "add_format_option",
    "add_lang_option",
    "add_missing_as_zero_option",
    "add_output_option",
    "add_policy_option",
    "add_roster_options",
    "add_sample_option",
    "declare_files",
    "evaluate_roster",
    "load_policy_file",
    "load_policy_option",
    "print_problems",
    "progress",
    "read_policy_files",
    "sample_banner",
    "show_recorded_decision",
    "uses_sample",
    "write_bytes",
    "write_output",
]

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
EXIT_PIPE = 141  # 128 + SIGPIPE: the output's reader closed the pipe

#: How the shipped policy is named in messages when no ``--policy`` is given.
SHIPPED_POLICY = "policies/2018.yaml"


class Invalid(Exception):
    """Bad input: the problems are already printed; the command exits 1."""


class UsageError(Exception):
    """The command line is wrong in a way argparse cannot see; the command exits 2 after
    printing ``plut-rules: error: MESSAGE`` in the run's language.

    ``message`` is :class:`~plut_rules.wording.Words` (both languages, from the catalogue)
    or a plain str (the same in both); ``str(error)`` is the English."""

    def __init__(self, message: Words | str) -> None:
        super().__init__(str(message))
        self.message = message

    def text(self, lang: Lang) -> str:
        """The message in ``lang``."""
        return self.message if isinstance(self.message, str) else self.message.in_lang(lang)


#: A command: runs with the parsed arguments and the streams, returns the exit status.
Handler = Callable[[argparse.Namespace, Streams], int]


class Parser(argparse.ArgumentParser):
    """An argument parser that prints its help and usage errors to the command's streams
    (given by :meth:`use_streams`; ``sys.stdout``/``sys.stderr`` until then), so that
    ``main`` can run in-process with streams of its caller's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.streams: Streams | None = None
        self._command_lists: list[Subcommands] = []

    def add_commands(self, *, dest: str, metavar: str, required: bool = False) -> Subcommands:
        """Add a list of subcommands; their parsers are Parsers and share this one's
        streams."""
        commands = self.add_subparsers(dest=dest, metavar=metavar, required=required)
        self._command_lists.append(commands)
        return commands

    def use_streams(self, streams: Streams) -> None:
        """Print help and usage errors, of this parser and its subcommands', to ``streams``."""
        self.streams = streams
        for commands in self._command_lists:
            for child in commands.choices.values():
                child.use_streams(streams)

    def print_help(self, file: Any = None) -> None:
        """Print the help to ``file``, by default the output stream."""
        super().print_help(file if file is not None else self._out())

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``PROG: error: MESSAGE`` to the message stream; exit 2."""
        self.print_usage(self._err())
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        """Print ``message`` (if any) to the message stream and raise SystemExit(status)."""
        if message:
            self._err().write(message)
        raise SystemExit(status)

    def _out(self) -> TextIO:
        return self.streams.out if self.streams is not None else sys.stdout

    def _err(self) -> TextIO:
        return self.streams.err if self.streams is not None else sys.stderr


if TYPE_CHECKING:
    # argparse names the class of add_subparsers' result privately; only its type is used
    Subcommands = argparse._SubParsersAction[Parser]
else:
    Subcommands = argparse.Action


# --------------------------------------------------------------------------- options


def add_policy_option(parser: argparse.ArgumentParser,
                      text: str = "policy YAML file (default: the shipped 2018 policy)",
                      ) -> None:
    """``--policy FILE``: the policy file instead of the shipped 2018 one."""
    parser.add_argument("--policy", metavar="FILE", help=text)
    declare_files(parser, reads=("policy",))


def add_roster_options(parser: argparse.ArgumentParser, *,
                       consultants: str = "consultants file, CSV/XLSX/JSON (default without "
                                          "--policy: the shipped sample)",
                       achievements: str | None = "achievements file, CSV/XLSX/JSON (default "
                                                  "without --policy: the shipped sample)",
                       ) -> None:
    """``--consultants FILE`` and (unless its help is None) ``--achievements FILE``."""
    parser.add_argument("--consultants", metavar="FILE", help=consultants)
    declare_files(parser, reads=("consultants",))
    if achievements is not None:
        parser.add_argument("--achievements", metavar="FILE", help=achievements)
        declare_files(parser, reads=("achievements",))


def add_sample_option(parser: argparse.ArgumentParser,
                      data: str = "--consultants and --achievements") -> None:
    """``--sample``: use the shipped sample data (fictional consultants) on purpose; with
    ``--policy`` and no data files the command refuses without it (contract §5)."""
    parser.add_argument("--sample", action="store_true",
                        help="use the shipped sample data (fictional consultants) on purpose; "
                             f"needed with --policy when {data} are not given")


def uses_sample(args: argparse.Namespace,
                data: Sequence[str] = ("consultants", "achievements")) -> bool:
    """Whether the command runs on the shipped sample data: none of the data options
    ``data`` (attribute names of ``args``) is given.  :class:`UsageError` when only some
    are given, when ``--policy`` is given without them and without ``--sample`` (a real
    policy must never run on invented people by accident, contract §5), or when
    ``--sample`` is given with them."""
    from plut_rules.wording import say

    given = [getattr(args, name) is not None for name in data]
    options = [f"--{name.replace('_', '-')}" for name in data]
    missing = [o for o, g in zip(options, given, strict=True) if not g]
    if all(given):
        if getattr(args, "sample", False):
            raise UsageError(say("usage.sample_with_data", options=_and(options)))
        return False
    if any(given):
        raise UsageError(say("usage.data_together", options=_and(options),
                             missing=_and(missing)))
    if getattr(args, "policy", None) is not None and not getattr(args, "sample", False):
        raise UsageError(say("usage.policy_without_data", policy=args.policy,
                             files=_and([f"{o} FILE" for o in missing])))
    return True


def _and(items: Sequence[str]) -> Words:
    """``items`` joined by "and" ("dan") in both languages: "--consultants and
    --achievements"."""
    from plut_rules.wording import Words, say

    joined = Words.same(items[0])
    for item in items[1:]:
        joined = joined + say("usage.and") + item
    return joined


def sample_banner(lang: str | None) -> str:
    """The line that opens a text output on the shipped sample data (with its newline)."""
    from plut_rules.render.output import sample_title

    return sample_title("en" if lang == "en" else "id") + "\n"


#: the help of ``--lang`` for a command whose only words are its problems
PROBLEMS_LANG = "language of the problems reported (default: id)"


def add_lang_option(parser: argparse.ArgumentParser,
                    text: str = "language of explanations (default: id)",
                    default: str | None = "id") -> None:
    """``--lang id|en``: the language of the output (``default`` None: decided later)."""
    parser.add_argument("--lang", choices=("id", "en"), default=default, help=text)


def add_missing_as_zero_option(parser: argparse.ArgumentParser,
                               text: str = "count a missing achievement as 0",
                               ) -> None:
    """``--missing-as-zero``: a missing achievement counts as 0."""
    parser.add_argument("--missing-as-zero", action="store_true", help=text)


def add_allow_outside_option(
        parser: argparse.ArgumentParser,
        text: str = "let a policy's 'extends' name a parent outside the policy file's folder "
                    "(refused by default)") -> None:
    """``--allow-outside-extends``: let ``extends`` leave the policy file's folder."""
    parser.add_argument("--allow-outside-extends", action="store_true", help=text)


def add_format_option(parser: argparse.ArgumentParser, choices: tuple[str, ...], default: str,
                      text: str) -> None:
    """``--format``: one of ``choices``."""
    parser.add_argument("--format", choices=choices, default=default, help=text)


def add_output_option(parser: argparse.ArgumentParser,
                      text: str = "write the output to FILE instead of stdout",
                      required: bool = False) -> None:
    """``--output FILE``: write the output there instead of the output stream (``-``: the
    output stream)."""
    parser.add_argument("--output", metavar="FILE", required=required, help=text)
    declare_files(parser, writes=("output",))


def declare_files(parser: argparse.ArgumentParser, *, reads: Sequence[str] = (),
                  writes: Sequence[str] = (), appends: Sequence[str] = (),
                  creates: Sequence[str] = ()) -> None:
    """Declare the arguments (by ``dest``) of ``parser`` that name files the command
    reads, writes (replaces), appends to (the audit log) or creates (never overwriting);
    :func:`claim_files` checks them before the command runs.  Declare every file
    argument: tests/test_outputs.py fails for one that is not."""
    declared = list(parser.get_default("file_arguments") or ())
    for mode, dests in (("read", reads), ("append", appends), ("replace", writes),
                        ("create", creates)):
        for dest in dests:
            action = next(a for a in parser._actions if a.dest == dest)
            label = action.option_strings[-1] if action.option_strings else \
                str(action.metavar or dest)
            declared.append((dest, mode, label))
    parser.set_defaults(file_arguments=tuple(declared))


def add_evaluation_options(parser: argparse.ArgumentParser) -> None:
    """The options of every command that evaluates a roster (evaluate, explain, report):
    policy, roster, language, missing achievements, counterfactuals, backend."""
    add_policy_option(parser)
    add_roster_options(parser)
    add_sample_option(parser)
    add_lang_option(parser)
    add_missing_as_zero_option(
        parser, "count a missing achievement as 0 (named in the explanation; never for a "
                "'lower' indicator)")
    parser.add_argument("--no-counterfactuals", action="store_true",
                        help="skip counterfactuals and margins (faster JSON and explain)")
    parser.add_argument("--backend", choices=("builtin", "durable"), default="builtin",
                        help="what matches the rules: the built-in evaluator or durable_rules "
                             "(same decisions; default: builtin)")
    add_allow_outside_option(parser)


# --------------------------------------------------------------------------- output


def print_problems(problems: Sequence[Problem], streams: Streams) -> None:
    """Print each problem on its line in the run's language (``--lang``, Indonesian by
    default), then the count of errors and warnings (if any), to the error stream."""
    from plut_rules.wording import text

    lang = streams.lang
    for problem in problems:
        print(problem.line(lang), file=streams.err)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if errors or warnings:
        parts = []
        if errors == 1:
            parts.append(text("problem.error", lang, n=errors))
        elif errors:
            parts.append(text("problem.errors", lang, n=errors))
        if warnings == 1:
            parts.append(text("problem.one_warning", lang, n=warnings))
        elif warnings:
            parts.append(text("problem.warnings", lang, n=warnings))
        print(", ".join(parts), file=streams.err)


def write_output(text: str | Iterable[str], output: str | None, streams: Streams) -> None:
    """Write ``text`` (or its chunks) to the output stream (``output`` None or ``-``), or
    whole to the file ``output`` through the run's guard (written aside, then moved into
    place), control characters made visible; :class:`~plut_rules.safe_output.OutputError`
    when it is refused or cannot be written (nothing written)."""
    chunks = [text] if isinstance(text, str) else text
    if output is None or output == "-":
        for chunk in chunks:
            streams.out.write(chunk)
        return
    from plut_rules.safe_output import write_file

    write_file(_target(output, streams), (visible(chunk) for chunk in chunks))


def write_bytes(data: bytes, output: str, streams: Streams) -> None:
    """Write ``data`` whole to ``output`` (``-``: the output stream, unless a terminal)
    through the run's guard, then move it into place;
    :class:`~plut_rules.safe_output.OutputError` when it cannot be written."""
    if output == "-":
        buffer = getattr(streams.raw_out, "buffer", None)
        if buffer is None or streams.raw_out.isatty():
            from plut_rules.wording import say

            raise UsageError(say("usage.workbook_not_text"))
        streams.out.flush()
        try:
            buffer.write(data)
            buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise VisibleStream(streams.raw_out, "standard output").failed(exc) from None
        return
    from plut_rules.safe_output import write_file

    write_file(_target(output, streams), [data])


def _target(output: str, streams: Streams) -> Any:
    # Declared outputs were claimed before the command ran; one that was not is claimed
    # now, so that it is checked all the same.
    return streams.guard.claimed(output) or streams.guard.writing(output, output)


@contextmanager
def progress(count: int, args: argparse.Namespace,
             streams: Streams) -> Iterator[ProgressFn | None]:
    """The progress bar of a run over ``count`` consultants, on the message stream when it
    is a terminal (None when not shown)."""
    from plut_rules.cli.progress import progress_bar

    with progress_bar(count, lang=getattr(args, "lang", None) or "id",
                      stream=streams.raw_err) as update:
        yield update


# --------------------------------------------------------------------------- loading


def load_policy_file(path: str, streams: Streams, *, allow_outside: bool = False) -> Policy:
    """The policy of the file ``path``, its problems printed; :class:`Invalid` when it has
    errors."""
    from plut_rules.policy import check_policy

    policy, problems = check_policy(path, allow_outside=allow_outside)
    print_problems(problems, streams)
    if policy is None:
        raise Invalid
    read_policy_files(policy, path, streams)
    return policy


def read_policy_files(policy: Policy, path: str | os.PathLike[str], streams: Streams) -> None:
    """Add every file of the policy's ``extends`` chain (``path`` the first) to the files
    the run reads: an output that is a parent is refused before any data is read."""
    first = os.fspath(path)
    base = os.path.dirname(policy.files[0].path.replace(os.sep, "/")) if policy.files else ""
    for n, file in enumerate(policy.files):
        real = first if n == 0 else os.path.join(os.path.dirname(first),
                                                 os.path.relpath(file.path, base or "."))
        streams.guard.reading(real, "the policy file" if n == 0 else
                              f"the parent policy {file.path} (extends)")


def load_policy_option(args: argparse.Namespace, streams: Streams) -> Policy:
    """The policy of ``--policy`` (or the shipped 2018 one), its problems printed;
    :class:`Invalid` when it has errors."""
    from plut_rules import shipped
    from plut_rules.policy import check_policy

    if args.policy is not None:
        return load_policy_file(args.policy, streams, allow_outside=args.allow_outside_extends)
    policy, problems = check_policy(shipped.policy_path("2018"), display=SHIPPED_POLICY)
    print_problems(problems, streams)
    if policy is None:
        raise Invalid
    read_policy_files(policy, shipped.policy_path("2018"), streams)
    return policy


def evaluate_roster(args: argparse.Namespace, streams: Streams,
                    stream: bool = False) -> tuple[Any, Roster, str]:
    """Evaluate the roster of ``--consultants``/``--achievements`` (or the shipped sample,
    see :func:`uses_sample`) under the policy of ``--policy``: the evaluation (streamed: an
    ``evaluate_stream`` result), the roster evaluated, and the policy file's real path."""
    from plut_rules import shipped
    from plut_rules.engine import evaluate, evaluate_stream
    from plut_rules.errors import PlutRulesError
    from plut_rules.readers import load_roster

    sample = uses_sample(args)
    policy_path = str(args.policy or shipped.policy_path("2018"))
    policy = load_policy_option(args, streams)
    units = _units_option(args, policy, streams)
    if not sample:
        paths: list[tuple[str | os.PathLike[str], str | None]] = [
            (args.consultants, None), (args.achievements, None)]
    else:
        paths = [(shipped.sample_path("consultants.csv"), "sample/consultants.csv"),
                 (shipped.sample_path("achievements.csv"), "sample/achievements.csv")]
        for shipped_file, display in paths:
            streams.guard.reading(shipped_file, f"the shipped {display}")
    try:
        roster = load_roster(paths[0][0], paths[1][0], consultants_display=paths[0][1],
                             achievements_display=paths[1][1], units=units)
        if not roster.consultants:
            print_problems([_no_consultants(paths[0][1] or os.fspath(paths[0][0]))],
                           streams)
        if stream:
            streamed = evaluate_stream(policy, roster.consultants, roster.achievements,
                                       missing_as_zero=args.missing_as_zero,
                                       counterfactuals=_wants_counterfactuals(args),
                                       jobs=getattr(args, "jobs", 1))
            return streamed, roster, policy_path
        with progress(len(roster.consultants), args, streams) as update:
            evaluation = evaluate(policy, roster.consultants, roster.achievements,
                                  missing_as_zero=args.missing_as_zero,
                                  counterfactuals=_wants_counterfactuals(args),
                                  backend=args.backend, jobs=getattr(args, "jobs", 1),
                                  progress=update)
        if units is not None:  # the seats of other units are not this evaluation's
            import attrs

            evaluation = attrs.evolve(evaluation, vacancies=tuple(
                v for v in evaluation.vacancies if v.unit in units))
        return evaluation, roster, policy_path
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None


def _units_option(args: argparse.Namespace, policy: Policy,
                  streams: Streams) -> list[str] | None:
    """The units of ``--unit`` (None: every unit), in the policy's order; :class:`Invalid`
    when one is not a unit of the policy."""
    from plut_rules.errors import Location, Problem, did_you_mean
    from plut_rules.wording import say

    named = getattr(args, "unit", None)
    if not named:
        return None
    ids = [u.id for u in policy.units]
    unknown = [u for u in named if u not in ids]
    if unknown:
        print_problems([Problem.worded("unknown-unit", say("cmd.unknown_unit", unit=repr(u),
                                                           units=", ".join(ids)),
                                       Location("--unit"), suggestion=did_you_mean(u, ids))
                        for u in unknown], streams)
        raise Invalid
    return [u for u in ids if u in named]


def _no_consultants(file: str) -> Problem:
    """The warning for an input without consultants: every seat would be listed vacant."""
    from plut_rules.errors import Location, Problem
    from plut_rules.wording import say

    if file.lower().endswith((".xlsx", ".xlsm")):
        check = say("cmd.check_workbook")
    elif file.lower().endswith(".json"):
        check = say("cmd.check_json")
    else:
        check = say("cmd.check_rows")
    return Problem.worded("no-consultants", say("cmd.no_consultants", check=check),
                          Location(file), severity="warning")


def _wants_counterfactuals(args: argparse.Namespace) -> bool:
    # Counterfactuals (contract 6.1) appear in JSON and in explain; the table and CSV
    # do not show them, so they are not computed there.
    if getattr(args, "no_counterfactuals", False):
        return False
    return args.command in ("explain", "report") or getattr(args, "format", None) == "json"


def show_recorded_decision(file: str, consultant: str, record: int | None, lang: str | None,
                           streams: Streams) -> int:
    """Print one consultant's decision as recorded in the audit log ``file`` (``explain
    --audit`` and ``audit show``); the exit status."""
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError

    try:
        text = audit.show(file, consultant, record=record,
                          lang="en" if lang == "en" else "id" if lang == "id" else None)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        return EXIT_INVALID
    streams.out.write(text)
    return EXIT_OK
