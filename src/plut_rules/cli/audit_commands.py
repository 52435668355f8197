"""The audit-log subcommands of ``plut-rules``: ``audit verify|replay|show|repair`` and
``determine`` (the penetapan of an evaluation record).

The log itself is :mod:`plut_rules.audit`; ``evaluate --audit`` appends to it.
"""

from __future__ import annotations

import argparse
import json
import os

from plut_rules.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    PROBLEMS_LANG,
    Streams,
    UsageError,
    add_format_option,
    add_lang_option,
    add_output_option,
    declare_files,
    print_problems,
    show_recorded_decision,
    write_output,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from plut_rules.cli.common import Subcommands

__all__ = ["anchor", "audit_repair", "audit_replay", "audit_show", "audit_verify", "determine",
           "history",
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
    av.add_argument("--expect", metavar="SEQ:SHA256", action="append", default=[],
                    type=anchor,
                    help="an anchor written outside the log (on the berita acara): record "
                         "SEQ must exist with exactly this sha256; repeatable")
    add_lang_option(av, PROBLEMS_LANG)
    av.set_defaults(handler=audit_verify)
    ar = actions.add_parser("replay", help="re-evaluate a record from what it holds",
                            description="Re-evaluate an evaluation record from its own copy "
                                        "of the policy and input; print 'identical' or every "
                                        "difference (exit 1 when any).")
    ar.add_argument("file", metavar="FILE", help="the audit log")
    declare_files(ar, reads=("file",))
    ar.add_argument("--record", metavar="N", type=int,
                    help="the evaluation record (default: the last)")
    add_lang_option(ar, PROBLEMS_LANG)
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
    add_lang_option(rep, PROBLEMS_LANG)
    rep.set_defaults(handler=audit_repair)

    hi = subparsers.add_parser(
        "history", help="one consultant across years and audit logs",
        description="List a consultant's evaluations across years and logs: year, unit, "
                    "field, score, recommendation, determination and override reason, each "
                    "with its record reference (LOG:SEQ:SHA256).")
    hi.add_argument("consultant", metavar="ID", help="the consultant's id")
    hi.add_argument("logs", metavar="LOG", nargs="+", help="the audit logs to read")
    add_format_option(hi, ("text", "json"), "text", "output format (default: text)")
    add_lang_option(hi, "language of the outcomes (default: id)")
    declare_files(hi, reads=("logs",))
    hi.set_defaults(handler=history)

    de = subparsers.add_parser(
        "determine", help="record the determination (penetapan) of evaluations",
        description="Append a determination of evaluation records, from one or more audit "
                    "logs: every recommendation is accepted except the overrides, each with "
                    "its reason; overrides must fit the units' seats. Prints the determined "
                    "table (or JSON).")
    de.add_argument("refs", metavar="LOG[:SEQ[:SHA256]]", nargs="+",
                    help="the evaluation records to determine: a log (its last evaluation "
                         "record), LOG:SEQ, or LOG:SEQ:SHA256 (checked)")
    de.add_argument("--audit", metavar="LOG",
                    help="the log that receives the determination (the province's own; "
                         "needed when the records come from several logs)")
    declare_files(de, appends=("audit",))
    de.add_argument("--record", metavar="N", type=int,
                    help="with a single log: the evaluation record (default: the last)")
    de.add_argument("--by", metavar="NAME",
                    help="who determines (default: the policy's determined_by)")
    de.add_argument("--override", metavar="ID=OUTCOME", action="append", default=[],
                    help="determine OUTCOME for consultant ID: keep (dipertahankan), replace "
                         "(diganti) or reassign:FIELD (dipindahkan:FIELD); each --override "
                         "is followed by its --reason")
    de.add_argument("--reason", metavar="TEXT", action="append", default=[],
                    help="the reason of the preceding --override (mandatory)")
    de.add_argument("--supersedes", metavar="SEQ", type=int,
                    help="correct the determination in force recorded as SEQ (with --why)")
    de.add_argument("--why", metavar="TEXT", help="why the determination is corrected")
    de.add_argument("--partial", action="store_true",
                    help="allow units that no record covers (named in the record)")
    add_format_option(de, ("table", "json"), "table",
                      "output: the determined table or the evaluation's JSON with the "
                      "determined outcomes")
    add_output_option(de)
    add_lang_option(de, "language of the table (default: id)")
    de.set_defaults(handler=determine)


def anchor(text: str) -> tuple[int, str]:
    """``--expect SEQ:SHA256``: a record number and the sha256 it must have."""
    seq, sep, sha = text.partition(":")
    sha = sha.strip().lower()
    if not sep or not seq.isdigit() or int(seq) < 1 or len(sha) != 64 or \
            any(c not in "0123456789abcdef" for c in sha):
        raise argparse.ArgumentTypeError(f"expected SEQ:SHA256 (a record number, a colon and "
                                         f"64 hex digits), got {text!r}")
    return int(seq), sha


def audit_verify(args: argparse.Namespace, streams: Streams) -> int:
    """``audit verify FILE [--expect SEQ:SHA256]...``: the summary of the log's check."""
    from plut_rules import audit

    result = audit.verify(args.file, expect=args.expect)
    for warning in result.warnings:
        print(f"warning: {warning}", file=streams.err)
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
        print_problems(exc.problems, streams)
        return EXIT_INVALID
    streams.out.write(replayed.text())
    return EXIT_OK if replayed.identical else EXIT_INVALID


def audit_show(args: argparse.Namespace, streams: Streams) -> int:
    """``audit show FILE ID``: one consultant's recorded decision and explanation."""
    return show_recorded_decision(args.file, args.consultant, args.record, args.lang, streams)


def determine(args: argparse.Namespace, streams: Streams) -> int:
    """``determine LOG[:SEQ[:SHA256]]...``: append the determination of evaluation records
    and print what it comes to."""
    from plut_rules import audit
    from plut_rules.errors import PlutRulesError
    from plut_rules.wording import Words, say

    if len(args.override) != len(args.reason):
        raise UsageError(say("usage.reason_per_override", overrides=len(args.override),
                             reasons=len(args.reason)))
    if (args.supersedes is None) != (args.why is None):
        raise UsageError(say("usage.supersedes_why"))
    try:
        refs = [audit.parse_reference(text) for text in args.refs]
        overrides = [audit.parse_override(spec, reason)
                     for spec, reason in zip(args.override, args.reason, strict=True)]
    except PlutRulesError as exc:
        raise UsageError(Words("; ".join(p.text("id") for p in exc.problems),
                               "; ".join(p.message for p in exc.problems))) from None
    log = args.audit
    if log is None:
        logs = {os.path.realpath(r.log) for r in refs}
        if len(logs) > 1:
            raise UsageError(say("usage.several_logs"))
        log = refs[0].log
    if args.record is not None and (len(refs) > 1 or refs[0].seq is not None):
        raise UsageError(say("usage.record_single_log"))
    plain = args.record is None and len(refs) == 1 and refs[0].seq is None \
        and refs[0].sha256 is None and args.audit is None
    try:
        record = audit.determine(log, by=args.by, record=args.record,
                                 references=() if plain else refs, overrides=overrides,
                                 supersedes=args.supersedes, why=args.why,
                                 partial=args.partial)
        records = audit.read_log(log)
        evaluations = [r for r in audit.referenced_records(log, records, record)
                       if r is not None]
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        return EXIT_INVALID
    print(f"determination: record {record.seq} appended to {log} by {record.by} at "
          f"{record.time} (sha256 {record.sha256}); "
          f"{len(record.data['accepted'])} accepted, "
          f"{len(record.data['overrides'])} overridden", file=streams.err)
    if args.format == "json":
        text = json.dumps(audit.determined_result(record, evaluations, log),
                          ensure_ascii=False, indent=2) + "\n"
    else:
        text = audit.determined_table(record, log, args.lang)
    write_output(text, args.output, streams)
    return EXIT_OK


def history(args: argparse.Namespace, streams: Streams) -> int:
    """``history ID LOG...``: one consultant across years and logs."""
    from fractions import Fraction

    from plut_rules import audit
    from plut_rules.errors import PlutRulesError
    from plut_rules.model import OUTCOMES
    from plut_rules.render.explain import outcome_label
    from plut_rules.values import number_text

    try:
        entries = audit.history(args.consultant, args.logs)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        return EXIT_INVALID
    if args.format == "json":
        data = {"consultant": args.consultant, "history": [e.data() for e in entries]}
        plain = json.loads(audit.dumps(data))  # the scores as JSON numbers
        write_output(json.dumps(plain, ensure_ascii=False, indent=2) + "\n", None, streams)
        return EXIT_OK

    def said(outcome: str | None, to_field: str | None) -> str:
        if outcome is None:
            return "-"
        text = outcome_label(outcome, args.lang) if outcome in OUTCOMES else outcome
        return text + (f" -> {to_field}" if to_field else "")

    heads = {"id": ("tahun", "unit", "bidang", "skor", "rekomendasi", "penetapan", "alasan"),
             "en": ("year", "unit", "field", "score", "recommended", "determined", "reason")}
    lines = [f"{args.consultant}:"]
    for e in entries:
        h = heads[args.lang]
        lines.append(f"  {e.year}  {h[1]} {e.unit}, {h[2]} {e.field}, {h[3]} "
                     f"{number_text(Fraction(str(e.score)), args.lang)}")
        lines.append(f"    {h[4]}: {said(e.recommended, e.recommended_to_field)}"
                     f" ({e.evaluated_by}; {e.evaluation})")
        if e.determination is None:
            lines.append(f"    {h[5]}: " + ("belum ada penetapan" if args.lang == "id"
                                             else "not determined"))
        else:
            lines.append(f"    {h[5]}: {said(e.determined, e.determined_to_field)}"
                         f" ({e.determined_by}; {e.determination})")
        if e.reason:
            lines.append(f"    {h[6]}: {e.reason}")
    write_output("\n".join(lines) + "\n", None, streams)
    return EXIT_OK
