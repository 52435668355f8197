"""Year-over-year subcommands of ``plut-rules``: ``diff`` (and impact replay),
``whatif`` (``--set``/``--sweep``) and ``policy show|new-year``.

:func:`register` adds them; each runs in its handler (``diff``, ``whatif``,
``policy_show``, ``new_year``).  The work is :mod:`plut_rules.yearly`'s.
"""

from __future__ import annotations

import argparse

from plut_rules.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    PROBLEMS_LANG,
    SHIPPED_POLICY,
    Invalid,
    Streams,
    UsageError,
    add_allow_outside_option,
    add_format_option,
    add_lang_option,
    add_missing_as_zero_option,
    add_policy_option,
    add_roster_options,
    add_sample_option,
    declare_files,
    load_policy_file,
    print_problems,
    read_policy_files,
    sample_banner,
    uses_sample,
)

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from fractions import Fraction
    from typing import Any

    from plut_rules.cli.common import Subcommands
    from plut_rules.errors import Problem
    from plut_rules.model import Policy
    from plut_rules.wording import Lang
    from plut_rules.yearly.whatif import EditablePolicy, SweepPoint

__all__ = ["diff", "new_year", "policy_show", "register", "whatif"]

_TEXT_LANG = ("language of the text output: headings, outcomes, numbers and explanations "
              "(default: id)")
_TEXT_FORMAT = "output format (default: text)"


def register(subparsers: Subcommands) -> None:
    """Add ``diff``, ``whatif`` and ``policy show|new-year`` to the subcommands."""
    di = subparsers.add_parser(
        "diff", help="semantic difference of two policies (and its impact on a roster)",
        description="Compare two policies after inheritance, in business terms, each change "
                    "with the FILE:LINE that set it on both sides. With --consultants and "
                    "--achievements, also evaluate that roster under both and list every "
                    "consultant whose decision changes.")
    di.add_argument("old", metavar="OLD", help="the old policy YAML file (e.g. 2018.yaml)")
    di.add_argument("new", metavar="NEW", help="the new policy YAML file (e.g. 2019.yaml)")
    declare_files(di, reads=("old", "new"))
    add_format_option(di, ("text", "json"), "text", _TEXT_FORMAT)
    di.add_argument("--exit-code", action="store_true",
                    help="exit 1 when the policies differ (like git diff --exit-code)")
    add_roster_options(di, consultants="consultants file, CSV/XLSX/JSON, for impact replay",
                       achievements="achievements file, CSV/XLSX/JSON, for impact replay")
    add_lang_option(di, _TEXT_LANG)
    add_missing_as_zero_option(di, "count a missing achievement as 0 in the impact replay")
    di.set_defaults(handler=diff)
    _add_whatif(subparsers)
    _add_policy(subparsers)


def _add_whatif(subparsers: Subcommands) -> None:
    wi = subparsers.add_parser(
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
    add_policy_option(wi)
    add_roster_options(wi)
    add_sample_option(wi)
    add_format_option(wi, ("text", "json"), "text", _TEXT_FORMAT)
    add_lang_option(wi, _TEXT_LANG)
    add_missing_as_zero_option(wi)
    add_allow_outside_option(wi)
    wi.set_defaults(handler=whatif)


class _Edit(argparse.Action):
    """``--set``/``--add``: appends to its own list and to ``edits``, all edits in order."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        setattr(namespace, self.dest, [*getattr(namespace, self.dest), values])
        namespace.edits = (*namespace.edits, (option_string, values))


def _add_policy(subparsers: Subcommands) -> None:
    po = subparsers.add_parser("policy", help="show a policy with the source of every value, "
                                              "or start next year's",
                               description="Work with policy files.")
    actions = po.add_commands(dest="policy_command", metavar="ACTION", required=True)
    sh = actions.add_parser(
        "show", help="every value with the FILE:LINE that set it",
        description="Print the policy as YAML, each value followed by the FILE:LINE that set "
                    "it (through extends). Without --resolved: as written, the extends chain "
                    "merged; with --resolved: the effective policy, defaults applied to every "
                    "field (an inherited value names the defaults path it comes from).")
    sh.add_argument("file", metavar="FILE", help="the policy YAML file")
    declare_files(sh, reads=("file",))
    sh.add_argument("--resolved", action="store_true",
                    help="the effective policy after inheritance and defaults")
    add_format_option(sh, ("text", "json"), "text", _TEXT_FORMAT)
    add_allow_outside_option(sh)
    add_lang_option(sh, PROBLEMS_LANG)
    sh.set_defaults(handler=policy_show)
    ny = actions.add_parser(
        "new-year", help="write next year's policy as a file that extends this one",
        description="Write a new policy file for YEAR that extends FILE (a relative path), "
                    "with the year set and comments (Indonesian and English) on how to "
                    "override a value, remove a gate and replace the rules. The new file is "
                    "validated before it is written; an existing file is never overwritten.")
    ny.add_argument("file", metavar="FILE", help="this year's policy YAML file")
    ny.add_argument("year", metavar="YEAR", type=int, help="the new year, e.g. 2019")
    ny.add_argument("--output", metavar="NEW",
                    help="the new file (default: YEAR.yaml next to FILE; - for standard "
                         "output)")
    declare_files(ny, reads=("file",), creates=("output",))
    add_allow_outside_option(ny)
    add_lang_option(ny, PROBLEMS_LANG)
    ny.set_defaults(handler=new_year)


def diff(args: argparse.Namespace, streams: Streams) -> int:
    """``diff OLD NEW``: the semantic difference of two policies (and its impact)."""
    from plut_rules.errors import PlutRulesError
    from plut_rules.wording import say
    from plut_rules.yearly.diff import (
        change_to_dict,
        changes_text,
        impact,
        impact_text,
        impact_to_dict,
        policy_diff,
    )

    if (args.consultants is None) != (args.achievements is None):
        raise UsageError(say("usage.impact_both"))
    old, new = load_policy_file(args.old, streams), load_policy_file(args.new, streams)
    changes = policy_diff(old, new)
    replay = None
    if args.consultants is not None:
        from plut_rules.readers import load_roster

        try:
            roster = load_roster(args.consultants, args.achievements)
            replay = impact(old, new, roster.consultants, roster.achievements,
                            missing_as_zero=args.missing_as_zero)
        except PlutRulesError as exc:
            print_problems(exc.problems, streams)
            raise Invalid from None
    if args.format == "json":
        doc: dict[str, Any] = {
            "old": {"path": args.old, "id": old.id, "year": old.year, "sha256": old.sha256},
            "new": {"path": args.new, "id": new.id, "year": new.year, "sha256": new.sha256},
            "changes": [change_to_dict(c) for c in changes],
        }
        if replay is not None:
            doc["impact"] = impact_to_dict(replay, args.lang)
        streams.out.write(_json_text(doc))
    else:
        lines = [f"--- {args.old} ({old.id} {old.year})", f"+++ {args.new} ({new.id} {new.year})"]
        lines += changes_text(changes, args.lang)
        streams.out.write("\n".join(lines) + "\n")
        if replay is not None:
            streams.out.write("\n" + impact_text(replay, args.lang))
    return EXIT_INVALID if args.exit_code and changes else EXIT_OK


def _editable(path: str | None, allow_outside: bool,
              streams: Streams) -> tuple[EditablePolicy, Policy, str]:
    """The policy's chain read for editing, the policy as written, and its display name."""
    from plut_rules import shipped
    from plut_rules.yearly.whatif import EditablePolicy

    if path is None:
        name = SHIPPED_POLICY
        source, problems = EditablePolicy.read(shipped.policy_path("2018"), display=name)
    else:
        name = path
        source, problems = EditablePolicy.read(path, allow_outside=allow_outside)
    policy = None
    if source is not None:
        policy, more = source.build([])
        problems = [*problems, *more]
    print_problems(problems, streams)
    if source is None or policy is None:
        raise Invalid
    read_policy_files(policy, shipped.policy_path("2018") if path is None else path, streams)
    return source, policy, name


def whatif(args: argparse.Namespace, streams: Streams) -> int:
    """``whatif --set|--add|--sweep``: the impact of an edit of the policy, or a sweep."""
    from plut_rules import shipped
    from plut_rules.errors import PlutRulesError
    from plut_rules.readers import load_roster
    from plut_rules.wording import say
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
        raise UsageError(say("usage.whatif_nothing"))
    sample = uses_sample(args)
    try:
        edits = [parse_edit(a, option) for option, a in args.edits]
        if args.sweep is not None:
            parse_sweep(args.sweep)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    source, policy, name = _editable(args.policy, args.allow_outside_extends, streams)
    files: tuple[Any, Any, str | None, str | None]
    if not sample:
        files = (args.consultants, args.achievements, None, None)
    else:
        files = (shipped.sample_path("consultants.csv"), shipped.sample_path("achievements.csv"),
                 "sample/consultants.csv", "sample/achievements.csv")
    try:
        roster = load_roster(files[0], files[1], consultants_display=files[2],
                             achievements_display=files[3])
        if args.sweep is not None:
            points, problems = sweep(source, edits, args.sweep, roster.consultants,
                                     roster.achievements, missing_as_zero=args.missing_as_zero)
            if not points:
                print_problems(problems, streams)
                raise Invalid
            _print_sweep(args, name, policy, points, streams, sample)
            return EXIT_OK
        edited, problems = source.build(edits)
        # the warnings of the policy as written were printed already
        print_problems([p for p in problems if p.severity == "error"] if edited is None
                       else _new_warnings(problems, policy, source), streams)
        if edited is None:
            raise Invalid
        replay = impact(policy, edited, roster.consultants, roster.achievements,
                        missing_as_zero=args.missing_as_zero)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    changes = policy_diff(policy, edited)
    if args.format == "json":
        doc: dict[str, Any] = {
            **({"sample": True} if sample else {}),
            "policy": {"path": name, "id": policy.id, "year": policy.year,
                       "sha256": policy.sha256},
            "set": list(args.sets),
            **({"add": list(args.adds)} if args.adds else {}),
            "edited_sha256": edited.sha256,
            "changes": [change_to_dict(c) for c in changes],
            "impact": impact_to_dict(replay, args.lang),
        }
        streams.out.write(_json_text(doc))
        return EXIT_OK
    from plut_rules.wording import words as wording_words

    words = wording_words("whatif", args.lang)
    lines = [f"{words['policy']}: {name} ({policy.id} {policy.year})", f"{words['whatif']}:"]
    lines += [f"  {option} {a}" for option, a in args.edits]
    lines += [f"{words['changes']}:"]
    lines += changes_text(changes, args.lang, indent="  ")
    streams.out.write((sample_banner(args.lang) if sample else "") + "\n".join(lines)
                      + "\n\n" + impact_text(replay, args.lang))
    return EXIT_OK


def _new_warnings(problems: list[Problem], policy: Policy,
                  source: EditablePolicy) -> list[Problem]:
    before = {(p.code, p.path, p.message) for p in source.build([])[1]}
    return [p for p in problems if (p.code, p.path, p.message) not in before]


def _print_sweep(args: argparse.Namespace, name: str, policy: Policy,
                 points: list[SweepPoint], streams: Streams, sample: bool) -> None:
    from fractions import Fraction

    from plut_rules.render.output import OUTCOME_ORDER
    from plut_rules.values import number_text
    from plut_rules.wording import words as wording_words
    from plut_rules.yearly.whatif import parse_sweep

    path, _tokens, values = parse_sweep(args.sweep)
    if args.format == "json":
        doc = {
            **({"sample": True} if sample else {}),
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
        streams.out.write(_json_text(doc))
        return
    lang: Lang = "en" if args.lang == "en" else "id"
    words = wording_words("whatif", lang)

    def num(n: int) -> str:
        return number_text(Fraction(n), lang)

    rows: list[tuple[str, ...]] = [tuple(words["head"].split("|"))]
    for p in points:
        rows.append((words["base"] if p.value is None else number_text(p.value, lang, None),
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
    streams.out.write((sample_banner(lang) if sample else "") + "\n".join(out) + "\n")


def _number(value: Fraction | None) -> int | float | None:
    from plut_rules.values import json_number

    return None if value is None else json_number(value)


def policy_show(args: argparse.Namespace, streams: Streams) -> int:
    """``policy show FILE``: every value with the FILE:LINE that set it."""
    from plut_rules.policy import to_plain
    from plut_rules.yearly.policy_tools import (
        annotated,
        leaves,
        render_yaml,
        resolved_notes,
        tree_notes,
        where,
    )

    source, policy, name = _editable(args.file, args.allow_outside_extends, streams)
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
        streams.out.write(_json_text(doc))
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
    streams.out.write("\n".join([*head, *body]) + "\n")
    return EXIT_OK


def _json_text(doc: Any) -> str:
    """``doc`` as the JSON output of these commands: indented, UTF-8 as it is."""
    import json

    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _json_value(value: Any) -> Any:
    from plut_rules.values import json_plain

    return json_plain(value)


def new_year(args: argparse.Namespace, streams: Streams) -> int:
    """``policy new-year FILE YEAR``: write next year's policy, extending this one."""
    import os
    import posixpath

    from plut_rules.errors import Location, PlutRulesError, Problem
    from plut_rules.model import FIRST_YEAR, LAST_YEAR
    from plut_rules.policy import parse_policy
    from plut_rules.safe_output import write_file
    from plut_rules.wording import say
    from plut_rules.yearly.policy_tools import new_year_text

    if not FIRST_YEAR <= args.year <= LAST_YEAR:
        raise UsageError(say("usage.year_range", first=FIRST_YEAR, last=LAST_YEAR,
                             year=args.year))
    output = args.output or os.path.join(os.path.dirname(args.file), f"{args.year}.yaml")
    to_stdout = output == "-"
    # claimed before the policy is read: refused when it is the policy or one of its parents
    target = None if to_stdout else (streams.guard.claimed(output) or
                                     streams.guard.writing(output, "NEW", replace=False))
    _source, parent, name = _editable(args.file, args.allow_outside_extends, streams)
    if args.year <= parent.year:
        raise UsageError(say("usage.year_after", file=args.file, year=parent.year,
                             example=min(parent.year + 1, LAST_YEAR)))
    place = os.getcwd() if to_stdout else os.path.dirname(os.path.abspath(output))
    relative = os.path.relpath(os.path.abspath(args.file), place)
    text = new_year_text(parent, args.year, relative.replace(os.sep, "/"),
                         "<stdout>" if to_stdout else output,
                         posixpath.normpath(name.replace(os.sep, "/")))
    if target is not None and os.path.lexists(target.real):
        print_problems([Problem.worded("output-exists", say("newyear.output_exists"),
                                       Location(output))], streams)
        raise Invalid
    try:
        parse_policy(text, output if target is not None else os.path.join(place, "-"),
                     allow_outside=args.allow_outside_extends)
    except PlutRulesError as exc:
        print_problems(exc.problems, streams)
        raise Invalid from None
    if target is None:
        streams.out.write(text)
        return EXIT_OK
    write_file(target, [text])
    print(f"{output}: written, extends {relative} ({parent.id} {parent.year} -> {args.year}); "
          f"check it with: plut-rules validate {output}", file=streams.out)
    return EXIT_OK
