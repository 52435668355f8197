"""Year-over-year subcommands of ``plut-rules``: ``diff`` (and impact replay).

Kept apart from :mod:`plut_rules.cli` so that the core commands stay small;
:func:`add_commands` registers the subcommands and :func:`run` runs one.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Policy

__all__ = ["COMMANDS", "add_commands", "run"]

COMMANDS = ("diff",)


def add_commands(sub: Any) -> None:
    """Add the year-over-year subcommands to the ``plut-rules`` subparsers."""
    di = sub.add_parser(
        "diff", help="semantic difference of two policies (and its impact on a roster)",
        description="Compare two policies after inheritance, in business terms, each change "
                    "with the FILE:LINE that set it on both sides. With --consultants and "
                    "--achievements, also evaluate that roster under both and list every "
                    "consultant whose decision changes.")
    di.add_argument("old", metavar="OLD")
    di.add_argument("new", metavar="NEW")
    di.add_argument("--format", choices=("text", "json"), default="text",
                    help="output format (default: text)")
    di.add_argument("--exit-code", action="store_true",
                    help="exit 1 when the policies differ (like git diff --exit-code)")
    di.add_argument("--consultants", metavar="FILE", help="consultants file for impact replay")
    di.add_argument("--achievements", metavar="FILE", help="achievements file for impact replay")
    di.add_argument("--lang", choices=("id", "en"), default="id",
                    help="language of explanations (default: id)")
    di.add_argument("--missing-as-zero", action="store_true",
                    help="count a missing achievement as 0 in the impact replay")


def run(args: argparse.Namespace) -> int:
    """Run one year-over-year subcommand; returns the exit status."""
    if args.command == "diff":
        return _diff(args)
    raise AssertionError(args.command)  # pragma: no cover


def _policy(path: str) -> Policy:
    from .cli import _Invalid, _print_problems
    from .policy import check_policy

    policy, problems = check_policy(path)
    _print_problems(problems)
    if policy is None:
        raise _Invalid
    return policy


def _diff(args: argparse.Namespace) -> int:
    from .cli import EXIT_INVALID, EXIT_OK, _Invalid, _print_problems, _usage
    from .diff import change_text, change_to_dict, impact, impact_text, impact_to_dict, policy_diff
    from .errors import PlutRulesError

    if (args.consultants is None) != (args.achievements is None):
        _usage("give both --consultants and --achievements for an impact replay, or neither")
    old, new = _policy(args.old), _policy(args.new)
    changes = policy_diff(old, new)
    replay = None
    if args.consultants is not None:
        from .roster import load_roster

        try:
            roster = load_roster(args.consultants, args.achievements)
            replay = impact(old, new, roster.consultants, roster.achievements,
                            missing_as_zero=args.missing_as_zero)
        except PlutRulesError as exc:
            _print_problems(exc.problems)
            raise _Invalid from None
    if args.format == "json":
        doc: dict[str, Any] = {
            "old": {"path": args.old, "id": old.id, "year": old.year, "sha256": old.sha256},
            "new": {"path": args.new, "id": new.id, "year": new.year, "sha256": new.sha256},
            "changes": [change_to_dict(c) for c in changes],
        }
        if replay is not None:
            doc["impact"] = impact_to_dict(replay, args.lang)
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        lines = [f"--- {args.old} ({old.id} {old.year})", f"+++ {args.new} ({new.id} {new.year})"]
        lines += [change_text(c) for c in changes] or ["no changes"]
        sys.stdout.write("\n".join(lines) + "\n")
        if replay is not None:
            sys.stdout.write("\n" + impact_text(replay, args.lang))
    return EXIT_INVALID if args.exit_code and changes else EXIT_OK
