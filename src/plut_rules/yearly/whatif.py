"""What-if: a policy edited in memory with ``PATH=VALUE`` assignments, and sweeps.

An edit applies to the policy *as written* (the ``extends`` chain merged, before
defaults are spread over the fields), exactly as if the last file of the chain
had said it; the edited policy is then validated like a file.  So every path a
user sees works:

- a path from the policy file or from an error message:
  ``defaults.thresholds.keep=72`` changes the default, and every field that does
  not override ``keep`` follows it; ``fields.pemasaran.thresholds.keep=70``
  gives that one field its own value, whether or not it had one;
- a path from ``plut-rules diff`` (which compares resolved policies) means the
  same value as it does there;
- ``rules.<id>.<key>`` (or ``rules[<n>].<key>``) edits one rule;
- a value is read as YAML (``70``, ``0.45``, ``true``, ``'text'``, ``[a, b]``);
  ``null`` or an empty value removes what is there (a gate's ``minimum``, a
  field's override, a whole rule), as ``null`` does in a child policy file.

Problems name the argument they come from, e.g.
``--set fields.pemasaran.thresholds.keep=abc: fields.pemasaran.thresholds.keep:
expected a number, got text 'abc'``.

>>> from plut_rules.shipped import policy_path
>>> source, problems = EditablePolicy.read(policy_path("2018"), display="2018.yaml")
>>> assert source is not None
>>> edit = parse_edit("defaults.thresholds.keep=72")
>>> policy, problems = source.build([edit])
>>> assert policy is not None
>>> [str(policy.field(f).thresholds["keep"]) for f in ("sdm", "pemasaran")]
['72', '75']
>>> policy.locations["defaults.thresholds.keep"].file
'--set defaults.thresholds.keep=72'
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from plut_rules.errors import Location, Problem, did_you_mean
from plut_rules.exact import NUMBER_RANGE, NumberOutOfRange, decimal_text, parse_decimal
from plut_rules.model import Achievement, Consultant, Policy, PolicyFile
from plut_rules.policy import Node, YMap, YScalar, YSeq, parse_yaml
from plut_rules.scorers import ScorerRegistry
from plut_rules.wording import Words, say

if TYPE_CHECKING:
    from plut_rules.engine import RosterDecisions

__all__ = [
    "MAX_SWEEP_POINTS",
    "EditablePolicy",
    "PolicyEdit",
    "SweepPoint",
    "parse_edit",
    "parse_sweep",
    "sweep",
]

#: The most values one ``--sweep`` may try.
MAX_SWEEP_POINTS = 1001

# A missing mapping on the way to the value is created only for these keys:
# they hold overrides (a field's own thresholds, a unit's seats, the defaults).
_CREATABLE = ("defaults", "thresholds", "seats")
_PART = re.compile(r"([^\[\]]+)((?:\[[0-9]+\])*)")


@attrs.frozen
class PolicyEdit:
    """One assignment: the dotted ``path``, the YAML ``value`` (null removes) and its origin."""

    path: str
    tokens: tuple[str | int, ...]
    value: Node | None  # None: remove (null, or an empty value)
    source: Location
    #: problems of the value itself (not valid YAML), reported when the edit is applied
    problems: tuple[Problem, ...] = ()
    #: ``--add``: the last key must be new (a ``--set`` refuses a new key close to an existing one)
    add: bool = False


def split_path(path: str) -> tuple[str | int, ...]:
    """``rules[2].when`` -> ``('rules', 2, 'when')``; ValueError when malformed."""
    tokens: list[str | int] = []
    if not path:
        raise ValueError("the path is empty")
    for part in path.split("."):
        match = _PART.fullmatch(part)
        if match is None:
            raise ValueError(f"{path!r} is not a dotted path such as "
                             "fields.pemasaran.thresholds.keep")
        tokens.append(match.group(1))
        tokens += [int(i) for i in re.findall(r"\[([0-9]+)\]", match.group(2))]
    return tuple(tokens)


def parse_edit(argument: str, option: str = "--set") -> PolicyEdit:
    """Read ``PATH=VALUE``; ValueError (a usage error) when it has no ``=`` or a bad path.

    A value that is not valid YAML is not a usage error: it becomes a
    ``yaml-syntax`` problem when the edit is applied, like a bad file.
    """
    path, sep, value = argument.partition("=")
    path = path.strip()
    if not sep:
        raise ValueError(f"{option} {argument!r}: write PATH=VALUE, e.g. "
                         f"{option} fields.pemasaran.thresholds.keep=70")
    try:
        tokens = split_path(path)
    except ValueError as exc:
        raise ValueError(f"{option} {argument!r}: {exc}") from None
    source = Location(f"{option} {path}={value}")
    node, problems = _value(value, source, path)
    return PolicyEdit(path, tokens, node, source, tuple(problems), add=option == "--add")


def _value(text: str, source: Location, path: str) -> tuple[Node | None, list[Problem]]:
    if not text.strip():
        return None, []
    node, problems = parse_yaml(text.encode("utf-8"), source.file)
    if node is None or any(p.severity == "error" for p in problems):
        return None, [attrs.evolve(p, location=source, path=path) for p in problems]
    relocated = _relocate(node, source)
    if isinstance(relocated, YScalar) and relocated.kind == "null":
        return None, []
    return relocated, []


def _relocate(node: Node, where: Location) -> Node:
    if isinstance(node, YMap):
        return YMap({k: _relocate(v, where) for k, v in node.items.items()},
                    {k: attrs.evolve(v, location=where) for k, v in node.keys.items()}, where)
    if isinstance(node, YSeq):
        return YSeq([_relocate(v, where) for v in node.items], where)
    return attrs.evolve(node, location=where)


class _Fail(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _path_text(tokens: Sequence[str | int]) -> str:
    out = ""
    for t in tokens:
        out += f"[{t}]" if isinstance(t, int) else (f".{t}" if out else t)
    return out


def _keys(node: Node | None, tokens: Sequence[str | int]) -> set[str]:
    """The keys of the mapping at ``tokens`` below ``node`` (none when there is none)."""
    for token in tokens:
        if not isinstance(node, YMap) or not isinstance(token, str):
            return set()
        node = node.items.get(token)
    return {k for k in node.items if isinstance(k, str)} if isinstance(node, YMap) else set()


def _ids(root: YMap) -> set[str]:
    """The ids of the policy's fields, units and indicators: never a misspelt key."""
    found = _keys(root, ["fields"]) | _keys(root, ["units"]) | \
        _keys(root, ["defaults", "indicators"])
    for field in _keys(root, ["fields"]):
        found |= _keys(root, ["fields", field, "indicators"])
    return found


def _new_key(root: YMap, edit: PolicyEdit, depth: int, existing: set[str]) -> Problem | None:
    """A ``--set`` of a new key close to an existing one (probably a typo), or an ``--add``
    of a key that exists."""
    token = edit.tokens[depth]
    assert isinstance(token, str)
    here = _path_text(edit.tokens[:depth]) or say("whatif.the_policy")
    option, _, value = edit.source.file.partition(" ")
    value = value.partition("=")[2] if option in ("--set", "--add") else "VALUE"
    option = option if option in ("--set", "--add") else "--sweep"
    if edit.add:
        if token in existing:
            return Problem.worded("set-path", say("whatif.add_existing", here=here,
                                                  key=repr(token), path=edit.path, value=value),
                                  edit.source, edit.path)
        return None
    # a field inherits what it does not set from defaults (fields.F.thresholds.keep)
    inherited: set[str] = set()
    if len(edit.tokens) > 2 and edit.tokens[0] == "fields":
        inherited = _keys(root, ["defaults", *edit.tokens[2:depth]])
    if token in existing | inherited or token in _ids(root):
        return None
    close = did_you_mean(token, existing | inherited)
    if close is None:
        return None
    return Problem.worded("set-path", say("whatif.set_new", here=here, key=repr(token),
                                          option=option, path=edit.path, value=value),
                          edit.source, edit.path, "error", close)


def _apply(node: Node, edit: PolicyEdit, depth: int, root: YMap | None = None,
           typos: list[Problem] | None = None) -> Node | None:
    """``node`` (at ``edit.tokens[:depth]``) with the edit applied; None: remove it.

    A new key close to an existing one is added, and the problem appended to ``typos``.
    """
    if root is None:
        assert isinstance(node, YMap)
        root = node
    if depth == len(edit.tokens):
        return edit.value
    token = edit.tokens[depth]
    here = _path_text(edit.tokens[:depth]) or say("whatif.the_policy")

    def fail(code: str, message: Words, suggestion: str | None = None) -> _Fail:
        return _Fail(Problem.worded(code, message, edit.source, edit.path, "error", suggestion))

    last = depth + 1 == len(edit.tokens)
    if isinstance(node, YMap):
        if isinstance(token, int):
            raise fail("set-path", say("whatif.not_a_list", here=here, index=token))
        items, keys = dict(node.items), dict(node.keys)
        child = items.get(token)
        if last and (edit.value is not None or edit.add):
            problem = _new_key(root, edit, depth, set(items) if child is None else {token})
            if problem is not None and edit.add:
                raise _Fail(problem)
            if problem is not None and typos is not None:
                typos.append(problem)
        if child is None:
            if last and edit.value is None:
                raise fail("set-path", say("whatif.nothing_to_remove", here=here,
                                           key=repr(token)), did_you_mean(token, items))
            if not last and token not in _CREATABLE:
                raise fail("set-path", say("whatif.no_such_key", here=here, key=repr(token)),
                           did_you_mean(token, items))
            child = YMap({}, {}, edit.source)
            keys[token] = YScalar(token, "str", token, edit.source)
        new = _apply(child, edit, depth + 1, root, typos)
        if new is None:
            del items[token]
            del keys[token]
        else:
            items[token] = new
        return YMap(items, keys, node.location)
    if isinstance(node, YSeq):
        index = _find(node, token, here, edit, fail)
        seq = list(node.items)
        new = _apply(seq[index], edit, depth + 1, root, typos)
        if new is None:
            del seq[index]
        else:
            seq[index] = new
        return YSeq(seq, node.location)
    raise fail("set-path", say("whatif.single_value", here=here, value=node.raw,
                               key=repr(token)))


def _find(node: YSeq, token: str | int, here: str | Words, edit: PolicyEdit,
          fail: object) -> int:
    assert callable(fail)
    if isinstance(token, int):
        if token >= len(node.items):
            raise fail("set-path", say("whatif.no_item", here=here, n=len(node.items),
                                       index=token))
        return token
    ids = []
    for i, item in enumerate(node.items):
        rule_id = item.items.get("id") if isinstance(item, YMap) else None
        if isinstance(rule_id, YScalar) and isinstance(rule_id.value, str):
            if rule_id.value == token:
                return i
            ids.append(rule_id.value)
    if edit.tokens[0] == "rules":
        raise fail("unknown-rule", say("whatif.unknown_rule", rule=repr(token),
                                       rules=", ".join(ids)), did_you_mean(token, ids))
    raise fail("set-path", say("whatif.a_list", here=here))


@attrs.frozen(eq=False)
class EditablePolicy:
    """A policy file's ``extends`` chain, read and merged once, to build edited variants."""

    tree: YMap
    files: tuple[PolicyFile, ...]
    scorers: ScorerRegistry | None = None

    @classmethod
    def read(
        cls,
        path: str | os.PathLike[str],
        *,
        display: str | None = None,
        data: bytes | None = None,
        scorers: ScorerRegistry | None = None,
        allow_outside: bool = False,
    ) -> tuple[EditablePolicy | None, list[Problem]]:
        """Read the chain; None and the problems when a file cannot be read or parsed."""
        from plut_rules.policy import Loader

        loader = Loader(scorers, allow_outside=allow_outside)
        name = display if display is not None else os.fspath(path)
        tree, files = loader.merged(Path(path), name, data)
        if tree is None:
            return None, loader.problems
        return cls(tree, files, scorers), loader.problems

    def edited_tree(self, edits: Sequence[PolicyEdit]) -> tuple[YMap | None, list[Problem]]:
        """The merged tree with the edits applied in order (later edits win).

        A ``--set`` of a new key close to an existing one is a problem here
        (:meth:`build` reports it only where the validation does not refuse the
        key itself, as an unknown key of an indicator).
        """
        tree, problems, typos = self._edited(edits)
        if typos:
            return None, [*problems, *typos]
        return tree, problems

    def _edited(self, edits: Sequence[PolicyEdit]
                ) -> tuple[YMap | None, list[Problem], list[Problem]]:
        tree: Node = self.tree
        problems: list[Problem] = []
        typos: list[Problem] = []
        for edit in edits:
            if edit.problems:
                problems += edit.problems
                continue
            try:
                new = _apply(tree, edit, 0, typos=typos)
            except _Fail as exc:
                problems.append(exc.problem)
                continue
            if not isinstance(new, YMap):
                problems.append(Problem.worded("set-path", say("whatif.whole_policy"),
                                               edit.source, edit.path))
                continue
            tree = new
        if problems:
            return None, problems, typos
        assert isinstance(tree, YMap)
        return tree, [], typos

    def build(self, edits: Sequence[PolicyEdit]) -> tuple[Policy | None, list[Problem]]:
        """The edited policy, validated as a whole like a file (None when any error)."""
        from plut_rules.policy import Loader

        tree, problems, typos = self._edited(edits)
        if tree is None:
            return None, [*problems, *typos]
        loader = Loader(self.scorers)
        policy, problems = loader.finish(tree, self.files, None)
        refused = {p.path for p in problems if p.severity == "error"}
        typos = [t for t in typos if t.path not in refused]
        if typos:
            return None, [*typos, *(p for p in problems if p.severity == "error")]
        return policy, problems


# --------------------------------------------------------------------------- sweeps


def parse_sweep(argument: str) -> tuple[str, tuple[str | int, ...], list[Fraction]]:
    """``PATH=FROM:TO:STEP`` -> path, its tokens and the exact values; ValueError if malformed."""
    path, sep, spec = argument.partition("=")
    path = path.strip()
    parts = spec.split(":")
    usage = (f"--sweep {argument!r}: write PATH=FROM:TO:STEP with decimal numbers, e.g. "
             "--sweep defaults.thresholds.keep=60:80:2.5")
    if not sep or len(parts) != 3:
        raise ValueError(usage)
    try:
        tokens = split_path(path)
    except ValueError as exc:
        raise ValueError(f"--sweep {argument!r}: {exc}") from None
    try:
        numbers = [parse_decimal(p) for p in parts]
    except NumberOutOfRange as exc:
        raise ValueError(f"--sweep {argument!r}: a number {exc.reason}; {NUMBER_RANGE}") from None
    if any(n is None for n in numbers):
        raise ValueError(usage)
    start, stop, step = (n for n in numbers if n is not None)
    if step <= 0:
        raise ValueError(f"--sweep {argument!r}: STEP must be greater than 0")
    if stop < start:
        raise ValueError(f"--sweep {argument!r}: FROM must not be greater than TO")
    count = int((stop - start) / step) + 1
    if count > MAX_SWEEP_POINTS:
        raise ValueError(f"--sweep {argument!r}: {count} values; at most {MAX_SWEEP_POINTS}, "
                         "use a larger STEP")
    return path, tokens, [start + k * step for k in range(count)]


@attrs.frozen
class SweepPoint:
    """The outcome counts at one value (``value`` None: the policy as given)."""

    value: Fraction | None
    counts: dict[str, int]
    vacancies: int
    changed: int


def _point(value: Fraction | None, decided: RosterDecisions,
           base: RosterDecisions | None) -> SweepPoint:
    return SweepPoint(value, decided.counts(), sum(v.open for v in decided.vacancies),
                      0 if base is None else decided.changed(base))


def sweep(
    source: EditablePolicy,
    edits: Sequence[PolicyEdit],
    argument: str,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    missing_as_zero: bool = False,
) -> tuple[list[SweepPoint], list[Problem]]:
    """Evaluate the roster at every value of ``--sweep argument`` (after ``edits``).

    The first point (``value`` None) is the policy with ``edits`` only; every
    other point counts the consultants whose decision differs from it.
    Returns no points and the problems when any value makes the policy invalid.

    The roster is scored once (:class:`~plut_rules.engine.ScoredRoster`); a value that
    changes only thresholds, seats or rules is decided from those scores, any other
    value is evaluated from scratch: the points are the same either way.
    """
    from plut_rules.engine import RosterDecisions, ScoredRoster, evaluate

    path, tokens, values = parse_sweep(argument)
    base_policy, problems = source.build(edits)
    if base_policy is None:
        return [], problems
    scored = ScoredRoster(base_policy, consultants, achievements,
                          missing_as_zero=missing_as_zero)

    def decide(policy: Policy) -> RosterDecisions:
        found = scored.decide(policy)
        if found is None:  # not from these scores (or an error, raised as evaluate raises it)
            found = RosterDecisions.of(evaluate(policy, consultants, achievements,
                                                explain=False, missing_as_zero=missing_as_zero))
        return found

    base = decide(base_policy)
    points = [_point(None, base, None)]
    found: list[Problem] = []
    for value in values:
        text = decimal_text(value)
        where = Location(f"--sweep {argument} (at {text})")
        node = YScalar(value, "number", text, where)
        policy, problems = source.build([*edits, PolicyEdit(path, tokens, node, where)])
        if policy is None:  # report the first value that makes the policy invalid
            found = [p for p in problems if p.severity == "error"]
            break
        points.append(_point(value, decide(policy), base))
    if found:
        return [], found
    return points, []
