"""The audit-log subcommands of ``plut-rules``: ``audit verify|replay|show|repair`` and
``determine`` (the penetapan of an evaluation record).

The log itself is :mod:`plut_rules.audit`; ``evaluate --audit`` appends to it.
"""

from __future__ import annotations

import argparse

from plut_rules.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    Streams,
    UsageError,
    add_lang_option,
    declare_files,
    print_problems,
    show_recorded_decision,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from plut_rules.cli.common import Subcommands

__all__ = ["audit_repair", "audit_replay", "audit_show", "audit_verify", "determine",
           "register"]


def register(subparsers: Subcommands) -> None:
    """Add ``audit`` (verify, replay, show, repair) and ``determine`` to the subcommands."""
    au = subparsers.add_parser("audit",
                               help="verify, replay, show or repair records of an audit log",
                               description="Work with an audit log written by evaluate "
                                           "--audit.")
    actions = au.add_commands(dest="audit_command", metavar="ACTION", required=True)
    av = actions.add_parser("verify", help="check the log's hash chain",
                            description="Check every record and link of the hash chain. Exit "
                                        "0 and a summary when intact; exit 1 naming the first "
                                        "bad record and the damage otherwise.")
    av.add_argument("file", metavar="FILE", help="the audit log")
    declare_files(av, reads=("file",))
    av.set_defaults(handler=audit_verify)
    ar = actions.add_parser("replay", help="re-evaluate a record from what it holds",
                            description="Re-evaluate an evaluation record from its own copy "
                                        "of the policy and input; print 'identical' or every "
                                        "difference (exit 1 when any).")
    ar.add_argument("file", metavar="FILE", help="the audit log")
    declare_files(ar, reads=("file",))
    ar.add_argument("--record", metavar="N", type=int,
                    help="the evaluation record (default: the last)")
    ar.set_defaults(handler=audit_replay)
    ash = actions.add_parser("show", help="one consultant's recorded decision and explanation",
                             description="Print one consultant's decision and full "
                                         "explanation as recorded, who ran it and when, and "
                                         "the determination of that record.")
    ash.add_argument("file", metavar="FILE", help="the audit log")
    declare_files(ash, reads=("file",))
    ash.add_argument("consultant", metavar="ID", help="the consultant's id")
    ash.add_argument("--record", metavar="N", type=int,
                     help="the evaluation record (default: the last)")
    add_lang_option(ash, "language (default: the record's)", default=None)
    ash.set_defaults(handler=audit_show)
    rep = actions.add_parser(
        "repair", help="cut off a torn tail (an interrupted append), keeping its bytes",
        description="Mend a log whose last record was cut off mid-write (torn-tail): keep "
                    "the torn bytes in the side file FILE.torn-OFFSET, cut the log back to "
                    "the end of its last complete record, and say so; the log then "
                    "verifies. Any other damage is refused (exit 1, nothing changed).")
    rep.add_argument("file", metavar="FILE", help="the audit log")
    declare_files(rep, appends=("file",))
    rep.set_defaults(handler=audit_repair)

    de = subparsers.add_parser("determine",
                               help="record the determination (penetapan) of an evaluation",
                               description="Append a determination of an evaluation record: "
                                           "every recommendation is accepted except the "
                                           "overrides, each with its reason.")
    de.add_argument("file", metavar="FILE", help="the audit log")
    declare_files(de, appends=("file",))
    de.add_argument("--record", metavar="N", type=int,
                    help="the evaluation record (default: the last)")
    de.add_argument("--by", metavar="NAME",
                    help="who determines (default: the policy's determined_by)")
    de.add_argument("--override", metavar="ID=OUTCOME", action="append", default=[],
                    help="determine OUTCOME (keep, replace or reassign:FIELD) for consultant "
                         "ID; each --override is followed by its --reason")
    de.add_argument("--reason", metavar="TEXT", action="append", default=[],
                    help="the reason of the preceding --override (mandatory)")
    de.set_defaults(handler=determine)


def audit_verify(args: argparse.Namespace, streams: Streams) -> int:
    """``audit verify FILE``: the summary of the hash chain's check."""
    from plut_rules import audit

    result = audit.verify(args.file)
    print(result.summary(), file=streams.out if result.ok else streams.err)
    return EXIT_OK if result.ok else EXIT_INVALID


def audit_repair(args: argparse.Namespace, streams: Streams) -> int:
    """``audit repair FILE``: cut off a torn tail, keeping its bytes in a side file."""
    from plut_rules import audit

    result = audit.repair(args.file, guard=streams.guard)
    print(result.summary(), file=streams.out)
    if result.repaired:
        print(audit.verify(args.file).summary(), file=streams.out)
    return EXIT_OK


def audit_replay(args: argparse.Namespace, streams: Streams) -> int:
    """``audit replay FILE``: re-evaluate a record; 'identical' or every difference."""
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError

    try:
        replayed = audit.replay(args.file, args.record)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams.err)
        return EXIT_INVALID
    streams.out.write(replayed.text())
    return EXIT_OK if replayed.identical else EXIT_INVALID


def audit_show(args: argparse.Namespace, streams: Streams) -> int:
    """``audit show FILE ID``: one consultant's recorded decision and explanation."""
    return show_recorded_decision(args.file, args.consultant, args.record, args.lang, streams)


def determine(args: argparse.Namespace, streams: Streams) -> int:
    """``determine FILE``: append the determination of an evaluation record."""
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError

    if len(args.override) != len(args.reason):
        raise UsageError(f"give one --reason for each --override ({len(args.override)} "
                         f"overrides, {len(args.reason)} reasons)")
    overrides = []
    for spec, reason in zip(args.override, args.reason, strict=True):
        consultant, sep, outcome = spec.partition("=")
        if not sep or not consultant or not outcome:
            raise UsageError(f"--override {spec!r}: write ID=OUTCOME, e.g. PKP-04=keep or "
                             "PKP-04=reassign:produksi")
        outcome, _, to_field = outcome.partition(":")
        overrides.append(audit.Override(consultant, outcome, reason, to_field or None))
    try:
        record = audit.determine(args.file, by=args.by, record=args.record, overrides=overrides)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams.err)
        return EXIT_INVALID
    print(f"determination: record {record.seq} appended to {args.file} by {record.by} at "
          f"{record.time} (sha256 {record.sha256}); evaluation record "
          f"{record.data['evaluation']['seq']}: {len(record.data['accepted'])} accepted, "
          f"{len(record.data['overrides'])} overridden", file=streams.out)
    return EXIT_OK
