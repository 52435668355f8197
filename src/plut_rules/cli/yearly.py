"""Year-over-year subcommands of ``plut-rules``: ``diff`` (and impact replay),
``whatif`` (``--set``/``--sweep``) and ``policy show|new-year``.

Kept apart from :mod:`plut_rules.cli` so that the core commands stay small;
:func:`add_commands` registers the subcommands and :func:`run` runs one.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fractions import Fraction

    from plut_rules.errors import Problem
    from plut_rules.model import Policy
    from plut_rules.yearly.whatif import EditablePolicy, SweepPoint

__all__ = ["COMMANDS", "add_commands", "run"]

COMMANDS = ("diff", "whatif", "policy")


def add_commands(sub: Any) -> None:
    """Add the year-over-year subcommands to the ``plut-rules`` subparsers."""
    di = sub.add_parser(
        "diff", help="semantic difference of two policies (and its impact on a roster)",
        description="Compare two policies after inheritance, in business terms, each change "
                    "with the FILE:LINE that set it on both sides. With --consultants and "
                    "--achievements, also evaluate that roster under both and list every "
                    "consultant whose decision changes.")
    di.add_argument("old", metavar="OLD", help="the old policy YAML file (e.g. 2018.yaml)")
    di.add_argument("new", metavar="NEW", help="the new policy YAML file (e.g. 2019.yaml)")
    di.add_argument("--format", choices=("text", "json"), default="text",
                    help="output format (default: text)")
    di.add_argument("--exit-code", action="store_true",
                    help="exit 1 when the policies differ (like git diff --exit-code)")
    di.add_argument("--consultants", metavar="FILE",
                    help="consultants file, CSV/XLSX/JSON, for impact replay")
    di.add_argument("--achievements", metavar="FILE",
                    help="achievements file, CSV/XLSX/JSON, for impact replay")
    di.add_argument("--lang", choices=("id", "en"), default="id",
                    help="language of the text output: headings, outcomes, numbers and "
                         "explanations (default: id)")
    di.add_argument("--missing-as-zero", action="store_true",
                    help="count a missing achievement as 0 in the impact replay")
    _add_whatif(sub)
    _add_policy(sub)


def _add_whatif(sub: Any) -> None:
    from plut_rules.cli.app import _add_allow_outside

    wi = sub.add_parser(
        "whatif", help="the impact of an edit of the policy, or a sweep of one value",
        description="Edit the policy in memory with --set PATH=VALUE (paths as in error "
                    "messages and in the policy file, e.g. fields.pemasaran.thresholds.keep=70, "
                    "defaults.thresholds.keep=72, rules.capai-target.when='score >= 75'; "
                    "values are YAML, null removes; --add PATH=VALUE adds a key that is not "
                    "there yet, such as a new threshold), validate it like a file, and show whose "
                    "decision changes, as diff --consultants does. --sweep PATH=FROM:TO:STEP "
                    "prints the counts of keep/reassign/replace and the vacancies at every "
                    "value instead.")
    wi.add_argument("--set", dest="sets", metavar="PATH=VALUE", action=_Edit, default=[],
                    help="change one value (repeatable; later ones win); a new key close to "
                         "an existing one (kep for keep) is refused as a typo")
    wi.add_argument("--add", dest="adds", metavar="PATH=VALUE", action=_Edit, default=[],
                    help="add a key that is not in the policy yet, e.g. a new threshold "
                         "(repeatable; applied in order with --set)")
    wi.set_defaults(edits=())
    wi.add_argument("--sweep", metavar="PATH=FROM:TO:STEP",
                    help="try every value FROM, FROM+STEP, ... up to TO (exact decimals)")
    wi.add_argument("--policy", metavar="FILE",
                    help="policy YAML file (default: the shipped 2018 policy)")
    wi.add_argument("--consultants", metavar="FILE",
                    help="consultants file, CSV/XLSX/JSON (default: the shipped sample)")
    wi.add_argument("--achievements", metavar="FILE",
                    help="achievements file, CSV/XLSX/JSON (default: the shipped sample)")
    wi.add_argument("--format", choices=("text", "json"), default="text",
                    help="output format (default: text)")
    wi.add_argument("--lang", choices=("id", "en"), default="id",
                    help="language of the text output: headings, outcomes, numbers and "
                         "explanations (default: id)")
    wi.add_argument("--missing-as-zero", action="store_true",
                    help="count a missing achievement as 0")
    _add_allow_outside(wi)


class _Edit(argparse.Action):
    """``--set``/``--add``: appends to its own list and to ``edits``, all edits in order."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, [*getattr(namespace, self.dest), values])
        namespace.edits = (*namespace.edits, (option_string, values))


def _add_policy(sub: Any) -> None:
    from plut_rules.cli.app import _add_allow_outside

    po = sub.add_parser("policy", help="show a policy with the source of every value, or start "
                                       "next year's",
                        description="Work with policy files.")
    psub = po.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    sh = psub.add_parser(
        "show", help="every value with the FILE:LINE that set it",
        description="Print the policy as YAML, each value followed by the FILE:LINE that set "
                    "it (through extends). Without --resolved: as written, the extends chain "
                    "merged; with --resolved: the effective policy, defaults applied to every "
                    "field (an inherited value names the defaults path it comes from).")
    sh.add_argument("file", metavar="FILE", help="the policy YAML file")
    sh.add_argument("--resolved", action="store_true",
                    help="the effective policy after inheritance and defaults")
    sh.add_argument("--format", choices=("text", "json"), default="text",
                    help="output format (default: text)")
    _add_allow_outside(sh)
    ny = psub.add_parser(
        "new-year", help="write next year's policy as a file that extends this one",
        description="Write a new policy file for YEAR that extends FILE (a relative path), "
                    "with the year set and comments (Indonesian and English) on how to "
                    "override a value, remove a gate and replace the rules. The new file is "
                    "validated before it is written; an existing file is never overwritten.")
    ny.add_argument("file", metavar="FILE", help="this year's policy YAML file")
    ny.add_argument("year", metavar="YEAR", type=int, help="the new year, e.g. 2019")
    ny.add_argument("--output", metavar="NEW",
                    help="the new file (default: YEAR.yaml next to FILE)")
    _add_allow_outside(ny)


def run(args: argparse.Namespace) -> int:
    """Run one year-over-year subcommand; returns the exit status."""
    if args.command == "diff":
        return _diff(args)
    if args.command == "whatif":
        return _whatif(args)
    if args.command == "policy" and args.policy_command == "show":
        return _policy_show(args)
    if args.command == "policy" and args.policy_command == "new-year":
        return _new_year(args)
    raise AssertionError(args.command)  # pragma: no cover


def _policy(path: str) -> Policy:
    from plut_rules.cli.app import _Invalid, _print_problems
    from plut_rules.policy import check_policy

    policy, problems = check_policy(path)
    _print_problems(problems)
    if policy is None:
        raise _Invalid
    return policy


def _diff(args: argparse.Namespace) -> int:
    from plut_rules.cli.app import EXIT_INVALID, EXIT_OK, _Invalid, _print_problems, _usage
    from plut_rules.errors import PlutRulesError
    from plut_rules.yearly.diff import (
        change_to_dict,
        changes_text,
        impact,
        impact_text,
        impact_to_dict,
        policy_diff,
    )

    if (args.consultants is None) != (args.achievements is None):
        _usage("give both --consultants and --achievements for an impact replay, or neither")
    old, new = _policy(args.old), _policy(args.new)
    changes = policy_diff(old, new)
    replay = None
    if args.consultants is not None:
        from plut_rules.readers import load_roster

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
        lines += changes_text(changes, args.lang)
        sys.stdout.write("\n".join(lines) + "\n")
        if replay is not None:
            sys.stdout.write("\n" + impact_text(replay, args.lang))
    return EXIT_INVALID if args.exit_code and changes else EXIT_OK


def _editable(path: str | None, allow_outside: bool) -> tuple[EditablePolicy, Policy, str]:
    """The policy's chain read for editing, the policy as written, and its display name."""
    from plut_rules import shipped as _shipped
    from plut_rules.cli.app import _Invalid, _print_problems
    from plut_rules.yearly.whatif import EditablePolicy

    if path is None:
        name = "policies/2018.yaml"
        source, problems = EditablePolicy.read(_shipped.policy_path("2018"), display=name)
    else:
        name = path
        source, problems = EditablePolicy.read(path, allow_outside=allow_outside)
    policy = None
    if source is not None:
        policy, more = source.build([])
        problems = [*problems, *more]
    _print_problems(problems)
    if source is None or policy is None:
        raise _Invalid
    return source, policy, name


def _whatif(args: argparse.Namespace) -> int:
    from plut_rules import shipped as _shipped
    from plut_rules.cli.app import EXIT_OK, _Invalid, _print_problems, _usage
    from plut_rules.errors import PlutRulesError
    from plut_rules.readers import load_roster
    from plut_rules.yearly.diff import (
        change_to_dict,
        changes_text,
        impact,
        impact_text,
        impact_to_dict,
        policy_diff,
    )
    from plut_rules.yearly.whatif import parse_edit, parse_sweep, sweep

    if not args.edits and args.sweep is None:
        _usage("give at least one --set PATH=VALUE, or --sweep PATH=FROM:TO:STEP")
    if (args.consultants is None) != (args.achievements is None):
        _usage("give both --consultants and --achievements, or neither (to use the sample)")
    try:
        edits = [parse_edit(a, option) for option, a in args.edits]
        if args.sweep is not None:
            parse_sweep(args.sweep)
    except ValueError as exc:
        _usage(str(exc))
    source, policy, name = _editable(args.policy, args.allow_outside_extends)
    files: tuple[Any, Any, str | None, str | None]
    if args.consultants is not None:
        files = (args.consultants, args.achievements, None, None)
    else:
        files = (_shipped.sample_path("consultants.csv"), _shipped.sample_path("achievements.csv"),
                 "sample/consultants.csv", "sample/achievements.csv")
    try:
        roster = load_roster(files[0], files[1], consultants_display=files[2],
                             achievements_display=files[3])
        if args.sweep is not None:
            points, problems = sweep(source, edits, args.sweep, roster.consultants,
                                     roster.achievements, missing_as_zero=args.missing_as_zero)
            if not points:
                _print_problems(problems)
                raise _Invalid
            _print_sweep(args, name, policy, points)
            return EXIT_OK
        edited, problems = source.build(edits)
        # the warnings of the policy as written were printed already
        _print_problems([p for p in problems if p.severity == "error"] if edited is None
                        else _new_warnings(problems, policy, source))
        if edited is None:
            raise _Invalid
        replay = impact(policy, edited, roster.consultants, roster.achievements,
                        missing_as_zero=args.missing_as_zero)
    except PlutRulesError as exc:
        _print_problems(exc.problems)
        raise _Invalid from None
    changes = policy_diff(policy, edited)
    if args.format == "json":
        doc: dict[str, Any] = {
            "policy": {"path": name, "id": policy.id, "year": policy.year,
                       "sha256": policy.sha256},
            "set": list(args.sets),
            **({"add": list(args.adds)} if args.adds else {}),
            "edited_sha256": edited.sha256,
            "changes": [change_to_dict(c) for c in changes],
            "impact": impact_to_dict(replay, args.lang),
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    words = _WHATIF_WORDS[args.lang]
    lines = [f"{words['policy']}: {name} ({policy.id} {policy.year})", f"{words['whatif']}:"]
    lines += [f"  {option} {a}" for option, a in args.edits]
    lines += [f"{words['changes']}:"]
    lines += changes_text(changes, args.lang, indent="  ")
    sys.stdout.write("\n".join(lines) + "\n\n" + impact_text(replay, args.lang))
    return EXIT_OK


_WHATIF_WORDS = {
    "id": {"policy": "Kebijakan", "whatif": "Seandainya",
           "changes": "Perubahan (kebijakan efektif)",
           "sweep": "Rentang nilai {path}: {n} nilai ({where})", "with": "dengan",
           "head": "nilai|dipertahankan|dipindahkan bidang|diganti|formasi kosong|berubah",
           "base": "(awal)",
           "note": "berubah: jumlah konsultan yang keputusannya berbeda dari kebijakan apa "
                   "adanya (awal)"},
    "en": {"policy": "Policy", "whatif": "What if", "changes": "Changes (resolved policy)",
           "sweep": "Sweep {path} over {n} values ({where})", "with": "with",
           "head": "value|keep|reassign|replace|vacancies|changed",
           "base": "(as given)",
           "note": "changed: consultants whose decision differs from the policy as given"},
}


def _new_warnings(problems: list[Problem], policy: Policy,
                  source: EditablePolicy) -> list[Problem]:
    before = {(p.code, p.path, p.message) for p in source.build([])[1]}
    return [p for p in problems if (p.code, p.path, p.message) not in before]


def _print_sweep(args: argparse.Namespace, name: str, policy: Policy,
                 points: list[SweepPoint]) -> None:
    from fractions import Fraction

    from plut_rules.exact import format_number
    from plut_rules.render.output import OUTCOME_ORDER
    from plut_rules.yearly.whatif import parse_sweep

    path, _tokens, values = parse_sweep(args.sweep)
    if args.format == "json":
        doc = {
            "policy": {"path": name, "id": policy.id, "year": policy.year,
                       "sha256": policy.sha256},
            "set": list(args.sets),
            **({"add": list(args.adds)} if args.adds else {}),
            "sweep": {"path": path, "from": _number(values[0]), "to": _number(values[-1]),
                      "values": len(values)},
            "base": {"counts": points[0].counts, "vacancies": points[0].vacancies},
            "points": [{"value": _number(p.value), "counts": p.counts,
                        "vacancies": p.vacancies, "changed": p.changed}
                       for p in points[1:] if p.value is not None],
        }
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    lang = "en" if args.lang == "en" else "id"
    words = _WHATIF_WORDS[lang]

    def num(n: int) -> str:
        return format_number(Fraction(n), lang)

    rows: list[tuple[str, ...]] = [tuple(words["head"].split("|"))]
    for p in points:
        rows.append((words["base"] if p.value is None else format_number(p.value, lang, None),
                     *(num(p.counts[k]) for k in OUTCOME_ORDER), num(p.vacancies),
                     "-" if p.value is None else num(p.changed)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    where = f"{name}, {policy.id} {policy.year}"
    if args.edits:
        where += f", {words['with']} " + " ".join(f"{option} {a}" for option, a in args.edits)
    out = [words["sweep"].format(path=path, n=num(len(values)), where=where)]
    for r in rows:
        out.append("  " + "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
    out.append(words["note"])
    sys.stdout.write("\n".join(out) + "\n")


def _number(value: Fraction | None) -> int | float | None:
    from plut_rules.exact import decimal_text

    if value is None:
        return None
    text = decimal_text(value)
    return int(text) if "." not in text else float(text)


def _policy_show(args: argparse.Namespace) -> int:
    from plut_rules.cli.app import EXIT_OK
    from plut_rules.policy import to_plain
    from plut_rules.yearly.policy_tools import (
        annotated,
        leaves,
        render_yaml,
        resolved_notes,
        tree_notes,
        where,
    )

    source, policy, name = _editable(args.file, args.allow_outside_extends)
    chain = " extends ".join(f.path for f in policy.files)
    if args.format == "json":
        doc: dict[str, Any] = {
            "policy": {"path": name, "id": policy.id, "year": policy.year,
                       "sha256": policy.sha256,
                       "files": [{"path": f.path, "sha256": f.sha256} for f in policy.files]},
            "resolved": bool(args.resolved),
        }
        if args.resolved:
            doc["values"] = [{"path": v.path, "value": _json_value(v.value),
                              "source": None if v.source is None else where(v.source),
                              "via": v.via} for v in annotated(policy)]
        else:
            plain = to_plain(source.tree)
            note = tree_notes(source.tree)
            doc["values"] = [{"path": p, "value": _json_value(v), "source": note(p)}
                             for p, v in leaves(plain)]
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if args.resolved:
        head = [f"# {policy.id} {policy.year}, resolved: {chain}",
                "# every value as it takes effect, with the FILE:LINE that set it;",
                "# (defaults.x): inherited from there; default: the built-in default"]
        body = render_yaml(policy.document, resolved_notes(policy))
    else:
        head = [f"# {policy.id} {policy.year}, as written: {chain}",
                "# every value with the FILE:LINE that set it (--resolved: as it takes effect)"]
        body = render_yaml(to_plain(source.tree), tree_notes(source.tree))
    sys.stdout.write("\n".join([*head, *body]) + "\n")
    return EXIT_OK


def _json_value(value: Any) -> Any:
    from plut_rules.yearly.diff import _plain

    return _plain(value)


def _new_year(args: argparse.Namespace) -> int:
    import os
    import posixpath

    from plut_rules.cli.app import EXIT_OK, _Invalid, _print_problems, _usage
    from plut_rules.errors import Location, PlutRulesError, Problem
    from plut_rules.policy import parse_policy
    from plut_rules.yearly.policy_tools import new_year_text

    if args.year < 1:
        _usage(f"YEAR must be a year such as 2020, got {args.year}")
    _source, parent, name = _editable(args.file, args.allow_outside_extends)
    output = args.output or os.path.join(os.path.dirname(args.file), f"{args.year}.yaml")
    relative = os.path.relpath(os.path.abspath(args.file),
                               os.path.dirname(os.path.abspath(output)))
    text = new_year_text(parent, args.year, relative.replace(os.sep, "/"), output,
                         posixpath.normpath(name.replace(os.sep, "/")))
    if os.path.lexists(output):
        _print_problems([Problem("output-exists",
                                  "the file exists already; new-year never overwrites a file: "
                                  "give another --output, or delete the file first",
                                  Location(output))])
        raise _Invalid
    try:
        parse_policy(text, output, allow_outside=args.allow_outside_extends)
    except PlutRulesError as exc:
        _print_problems(exc.problems)
        raise _Invalid from None
    try:
        with open(output, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        _print_problems([Problem("output-exists",
                                  "the file exists already; new-year never overwrites a file",
                                  Location(output))])
        raise _Invalid from None
    except OSError as exc:
        _print_problems([Problem("output-unwritable",
                                  f"cannot write the new policy: {exc.strerror or exc}; check "
                                  "that the folder exists and is writable", Location(output))])
        raise _Invalid from None
    print(f"{output}: written, extends {relative} ({parent.id} {parent.year} -> {args.year}); "
          f"check it with: plut-rules validate {output}")
    return EXIT_OK
