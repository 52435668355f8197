"""The ``document`` subcommands of ``plut-rules``: the decision documents to print and sign
(``document berita-acara``, ``document lampiran-sk``) from a determination record, with
the selection made on it, and the announcement of the selection's results (``document
pengumuman-seleksi``) from a selection record.

The documents are :mod:`plut_rules.render.documents`; ``--pdf`` prints them through
headless Chromium.
"""

from __future__ import annotations

import argparse
import os

from plut_rules.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    Streams,
    UsageError,
    add_lang_option,
    add_output_option,
    declare_files,
    print_problems,
    write_bytes,
    write_output,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from plut_rules.cli.common import Subcommands

__all__ = ["document", "register"]

_KINDS = {"berita-acara": "the minutes of the evaluation meeting (berita acara)",
          "lampiran-sk": "the attachment of the decree (lampiran SK)",
          "pengumuman-seleksi": "the announcement of the selection's results (pengumuman "
                                "hasil seleksi)"}


def register(subparsers: Subcommands) -> None:
    """Add ``document berita-acara``, ``document lampiran-sk`` and ``document
    pengumuman-seleksi``."""
    do = subparsers.add_parser("document", help="write a decision document to print and sign",
                               description="Write, from a determination or selection record "
                                           "of an audit log, a document that prints on A4.")
    kinds = do.add_commands(dest="document_kind", metavar="KIND", required=True)
    for kind, what in _KINDS.items():
        announcement = kind == "pengumuman-seleksi"
        p = kinds.add_parser(kind, help=what, description=f"Write {what}: " + (
            "per unit and field the open seats, the ranking, the selected candidates and the "
            "reserves, the counts, the seats left unfilled, signature blocks and the "
            "selection record's anchor (number and sha256, as text and QR code)."
            if announcement else
            "the consultants with the recommended and determined outcomes, the reasons of "
            "the overrides, the final vacancies, the selection made on them (if any), "
            "signature blocks and the record's anchor (number and sha256, as text and QR "
            "code)."))
        p.add_argument("file", metavar="LOG", help="the audit log holding the "
                       + ("selection" if announcement else "determination"))
        p.add_argument("--record", metavar="N", type=int,
                       help="the selection record (default: the last one)" if announcement
                       else "the determination record (default: the last one in force)")
        if not announcement:
            choice = p.add_mutually_exclusive_group()
            choice.add_argument("--selection", metavar="N", type=int,
                                help="the selection record made on the determination to "
                                     "include (default: the last one, if any)")
            choice.add_argument("--no-selection", action="store_true",
                                help="leave the selection out")
        add_output_option(p, "the file to write (HTML, or PDF with --pdf)", required=True)
        declare_files(p, reads=("file",))
        add_lang_option(p, "language of the document (default: id)")
        p.add_argument("--place", metavar="TEXT",
                       help="where it is signed (default: the policy's documents.place)")
        p.add_argument("--signatory", metavar="ROLE=NAME", action="append",
                       help="a signature block (repeatable; replaces the policy's "
                            "documents.signatories)")
        p.add_argument("--time-zone", metavar="ZONE",
                       help="the time zone of the date (default: the policy's, or "
                            "Asia/Jakarta)")
        p.add_argument("--pdf", action="store_true",
                       help="write a PDF, printed through headless Chromium")
        p.set_defaults(handler=document, kind=kind)


def _signatories(specs: list[str] | None) -> list[dict[str, str | None]] | None:
    if specs is None:
        return None
    out: list[dict[str, str | None]] = []
    for spec in specs:
        role, _, name = spec.partition("=")
        if not role.strip():
            from plut_rules.wording import say

            raise UsageError(say("usage.signatory", spec=repr(spec)))
        out.append({"role": role.strip(), "name": name.strip() or None, "id": None})
    return out


def document(args: argparse.Namespace, streams: Streams) -> int:
    """``document KIND LOG --output FILE``: a decision document of a determination, or the
    announcement of a selection."""
    from plut_rules.errors import PlutRulesError

    signatories = _signatories(args.signatory)
    options = {"lang": args.lang, "place": args.place, "signatories": signatories,
               "time_zone": args.time_zone, "log_name": os.path.basename(args.file)}
    html: str | None
    try:
        if args.kind == "pengumuman-seleksi":
            html = _announcement(args, options)
        else:
            html = _determination_document(args, options, streams)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        return EXIT_INVALID
    except ValueError as exc:
        print(f"plut-rules: {exc}", file=streams.err)
        return EXIT_INVALID
    if html is None:
        return EXIT_INVALID
    if not args.pdf:
        write_output(html, args.output, streams)
        return EXIT_OK
    pdf = print_pdf(html, streams)
    if pdf is None:
        return EXIT_INVALID
    write_bytes(pdf, args.output, streams)
    return EXIT_OK


def _determination_document(args: argparse.Namespace, options: dict[str, Any],
                            streams: Streams) -> str | None:
    from plut_rules import audit
    from plut_rules.render.documents import render_document

    records = audit.read_log(args.file)
    det = audit.determination_record(records, args.record)
    if "outcomes" not in det.data:
        print(f"plut-rules: record {det.seq} is a determination of the first format, without "
              "its final outcomes; determine again (--supersedes "
              f"{det.seq} --why ...) to print documents", file=streams.err)
        return None
    if args.no_selection:
        chosen = None
    elif args.selection is not None:
        chosen = audit.selection_record(records, args.selection)
        if (chosen.data.get("basis") or {}).get("sha256") != det.sha256:
            print(f"plut-rules: selection record {chosen.seq} was not made on determination "
                  f"record {det.seq}; give a selection made on it, or --no-selection",
                  file=streams.err)
            return None
    else:
        chosen = audit.selection_for(records, det)
    return render_document(args.kind, det.data, selection=None if chosen is None
                           else chosen.data, **options)


def _announcement(args: argparse.Namespace, options: dict[str, Any]) -> str:
    from plut_rules import audit
    from plut_rules.render.documents import render_announcement

    records = audit.read_log(args.file)
    if args.record is not None:
        chosen = audit.selection_record(records, args.record)
    else:
        made = [r for r in records if r.kind == "selection"]
        if not made:
            raise audit.AuditError([_no_selection_problem()])
        chosen = made[-1]
    basis = chosen.data.get("basis") or {}
    determined_by = None
    if basis.get("kind") == "determination":
        determined_by = next((r.by for r in records if r.seq == basis.get("seq")), None)
    return render_announcement(chosen.data, determined_by=determined_by, **options)


def _no_selection_problem() -> Any:
    from plut_rules.errors import Problem
    from plut_rules.wording import say

    return Problem.worded("no-selection-record", say("cmd.no_selection_record"))


def print_pdf(html: str, streams: Streams) -> bytes | None:
    """The PDF headless Chromium prints of ``html``; None (the reason printed) when it
    cannot."""
    import shutil
    import subprocess
    import tempfile

    browser = shutil.which("chromium") or shutil.which("chromium-browser") or \
        shutil.which("google-chrome")
    if browser is None:
        print("plut-rules: --pdf needs Chromium (chromium or chromium-browser on PATH), "
              "which is not installed; install it (apt-get install chromium) or write the "
              "HTML without --pdf and print it from a browser", file=streams.err)
        return None
    with tempfile.TemporaryDirectory(prefix="plut-rules-pdf-") as folder:
        page = os.path.join(folder, "document.html")
        out = os.path.join(folder, "document.pdf")
        with open(page, "w", encoding="utf-8") as handle:
            handle.write(html)
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu",
                   "--no-first-run", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync",
                   f"--user-data-dir={os.path.join(folder, 'profile')}",
                   "--no-pdf-header-footer", f"--print-to-pdf={out}", "file://" + page]
        try:
            done = subprocess.run(command, capture_output=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            print(f"plut-rules: Chromium could not print the PDF: {exc}", file=streams.err)
            return None
        if done.returncode != 0 or not os.path.exists(out):
            tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
            print("plut-rules: Chromium could not print the PDF (exit "
                  f"{done.returncode}): {' / '.join(tail)}", file=streams.err)
            return None
        with open(out, "rb") as handle:
            return handle.read()
