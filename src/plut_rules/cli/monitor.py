"""The ``plut-rules monitor`` subcommand: early warnings from monthly reports.

The warnings are :mod:`plut_rules.monitor`'s; :func:`register` adds the subcommand
and :func:`monitor` runs it.
"""

from __future__ import annotations

import argparse
import os

from plut_rules.cli.common import (
    EXIT_OK,
    Invalid,
    Streams,
    add_allow_outside_option,
    add_format_option,
    add_lang_option,
    add_output_option,
    add_policy_option,
    add_roster_options,
    add_sample_option,
    declare_files,
    load_policy_option,
    print_problems,
    sample_banner,
    uses_sample,
    write_output,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from plut_rules.cli.common import Subcommands
    from plut_rules.model import Policy
    from plut_rules.monitor import EarlyWarning
    from plut_rules.wording import Lang

__all__ = ["monitor", "register"]

def register(subparsers: Subcommands) -> None:
    """Add ``monitor`` to the ``plut-rules`` subcommands."""
    mo = subparsers.add_parser(
        "monitor", help="early warnings (peringatan dini) from monthly reports",
        description="Feed monthly reports (consultant, month, indicator, achievement) one at a "
                    "time to the policy's 'monitoring:' warnings and print the warnings that "
                    "hold after the last report, each with the values it read and its line "
                    "in the policy. Without options: the shipped 2018 sample.")
    mo.add_argument("--reports", metavar="FILE",
                    help="monthly reports, CSV (default without --policy: the shipped sample "
                         "monthly.csv)")
    declare_files(mo, reads=("reports",))
    add_policy_option(mo, "policy YAML file with a monitoring: section (default: shipped 2018)")
    add_roster_options(mo, consultants="consultants file, CSV/XLSX/JSON (default without "
                                       "--policy: the shipped sample)", achievements=None)
    add_sample_option(mo, "--reports and --consultants")
    add_format_option(mo, ("table", "json"), "table", "output format (default: table)")
    add_lang_option(mo, "language of the headings (default: id)")
    mo.add_argument("--backend", choices=("durable", "builtin"), default="durable",
                    help="what matches the warnings: durable_rules (default) or the plain "
                         "Python reference (same warnings)")
    add_output_option(mo, "write to FILE instead of the screen")
    add_allow_outside_option(mo, "let a policy's 'extends' name a parent outside its folder")
    mo.set_defaults(handler=monitor)


def monitor(args: argparse.Namespace, streams: Streams) -> int:
    """``plut-rules monitor``: the early warnings after the last monthly report."""
    import json

    from plut_rules import shipped
    from plut_rules.errors import DataError, PlutRulesError
    from plut_rules.monitor import Monitor, read_monthly_reports
    from plut_rules.readers import read_consultants

    sample = uses_sample(args, ("reports", "consultants"))
    policy = load_policy_option(args, streams)
    people_path: str | os.PathLike[str] = args.consultants or shipped.sample_path(
        "consultants.csv")
    people_display = "sample/consultants.csv" if sample else None
    reports_path: str | os.PathLike[str] = args.reports or shipped.sample_path("monthly.csv")
    reports_display = "sample/monthly.csv" if sample else None
    people, found = read_consultants(people_path, display=people_display)
    reports, more = read_monthly_reports(reports_path, display=reports_display)
    found = [*found, *more]
    try:
        if any(p.severity == "error" for p in found):
            raise DataError(found)
        watch = Monitor(policy, people, backend=args.backend)
        # every problem of every report at once, before feeding any
        checks = []
        seen: dict[tuple[str, int, str], Any] = {}
        for report in reports:
            checks += watch.check(report)
            key = (report.consultant, report.month, report.indicator)
            if key in seen:
                from plut_rules.errors import Problem
                from plut_rules.wording import say

                checks.append(Problem.worded(
                    "duplicate-report",
                    say("monthly.duplicate_row", id=report.consultant, month=report.month,
                        indicator=repr(report.indicator), where=str(seen[key])),
                    report.location, "indicator"))
            seen[key] = report.location
        if checks:
            raise DataError(checks)
        for report in reports:
            watch.feed(report)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    warnings = watch.warnings()
    if args.format == "json":
        doc = _json(policy, watch.month, len(reports), warnings)
        text = json.dumps({"sample": True, **doc} if sample else doc,
                          ensure_ascii=False, indent=2) + "\n"
    else:
        text = _table(policy, watch.month, len(reports), warnings, args.lang)
        if sample:
            text = sample_banner(args.lang) + text
    write_output(text, args.output, streams)
    return EXIT_OK


def _json(policy: Policy, month: int, reports: int,
          warnings: tuple[EarlyWarning, ...]) -> dict[str, Any]:
    return {
        "policy": {"id": policy.id, "year": policy.year, "sha256": policy.sha256,
                   "files": [{"path": f.path, "sha256": f.sha256} for f in policy.files]},
        "month": month,
        "reports": reports,
        "warnings": [w.to_dict() for w in warnings],
    }


def _table(policy: Policy, month: int, reports: int, warnings: tuple[EarlyWarning, ...],
           lang: Lang) -> str:
    from plut_rules.wording import words

    t = words("monitor", lang)
    lines = [f"{t['title']} — {policy.id} {policy.year}, {t['month']} {month} "
             f"({reports} {t['reports']})", ""]
    current = None
    for w in warnings:
        if w.consultant != current:
            current = w.consultant
            lines.append(f"{w.consultant} ({w.unit}, {w.field})")
        what = w.warning + (f" / {w.indicator}" if w.indicator else "")
        source = w.source
        where = f"{source.file}:{source.line}" if source is not None else "-"
        lines.append(f"  [{t.get(w.severity, w.severity)}] {what} — {where}")
        lines.append(f"      {t['when']}: {w.when}")
        read = ", ".join(f"{k} = {_shown(v, lang)}" for k, v in w.values.items())
        if read:
            lines.append(f"      {read}")
        if w.message:
            lines.append(f"      {w.message}")
    if not warnings:
        lines.append(t["none"])
    counts: dict[str, int] = {}
    for w in warnings:
        counts[w.severity] = counts.get(w.severity, 0) + 1
    parts = ", ".join(f"{t[s]} {counts[s]}" for s in ("high", "medium", "low") if s in counts)
    lines.append("")
    lines.append(f"{t['total']}: {len(warnings)} {t['warnings']}" + (f" ({parts})" if parts
                                                                       else ""))
    lines.append(f"policy sha256: {policy.sha256}")
    return "\n".join(lines) + "\n"


def _shown(value: Any, lang: str) -> str:
    # Numbers as the reader writes them: 0,25 in Indonesian, 0.25 in English.
    from plut_rules.render.explain import value_text

    return value_text(value, "en" if lang == "en" else "id")
