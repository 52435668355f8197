"""The validator: typed readers over the positioned YAML tree, each reporting its problem.

:class:`Validator` is what the policy's parts (fields, units, rules) and every section
(``monitoring:``...) use to read the merged tree: each reader checks one value, records
where it was written (:attr:`Validator.locations`, the policy's ``locations``), reports a
located :class:`~plut_rules.errors.Problem` when it is wrong (with a fix, and a "did you
mean" for a misspelling) and returns None then, so that every problem is found in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from plut_rules import lang as expr_lang
from plut_rules.errors import Location, Problem, did_you_mean
from plut_rules.exact import (
    NumberOutOfRange,
    decimal_text,
    not_a_number_message,
    parse_decimal,
    range_message,
)
from plut_rules.policy.compiled import compiled_when
from plut_rules.policy.variables import reserved_for_variables
from plut_rules.policy.yaml_tree import Node, YMap, YScalar, YSeq
from plut_rules.scorers import ScorerRegistry

__all__ = ["CompiledWhen", "Validator", "describe", "join_path", "quoted_name", "suggest_ident"]

#: (condition, constant, as written) of a ``when``; see :func:`~plut_rules.policy.compiled_when`.
CompiledWhen = tuple[expr_lang.Expression | None, bool | None, str | bool | None]

_IDENT = re.compile(r"[a-z][a-z0-9_]*")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_QUOTED_NAME = re.compile(r"'([A-Za-z_][A-Za-z0-9_]*)'")


class Validator:
    """Reads a merged policy tree value by value, collecting every problem in ``problems``.

    ``scorers`` are the scorers a field may name.  ``locations`` maps each dotted path read
    so far (``fields.sdm.cap``, ``rules.<id>``) to where its value is written.
    """

    def __init__(self, scorers: ScorerRegistry, problems: list[Problem]) -> None:
        self.scorers = scorers
        self.problems = problems
        self.locations: dict[str, Location] = {}

    # ------------------------------------------------------------------ reporting

    def err(self, code: str, message: str, where: Node | Location | None, path: str,
            suggestion: str | None = None) -> None:
        """Report an error at a node (or a location) and the dotted ``path`` of the value."""
        loc = where if isinstance(where, Location) or where is None else where.location
        self.problems.append(Problem(code, message, loc, path, "error", suggestion))

    def warn(self, code: str, message: str, where: Location | None, path: str = "") -> None:
        """Report a warning: the policy still loads."""
        self.problems.append(Problem(code, message, where, path, "warning"))

    def has_errors(self) -> bool:
        """Whether any error was reported so far (by this validator or before it)."""
        return any(p.severity == "error" for p in self.problems)

    def seen(self, node: Node, path: str) -> None:
        """Record where the value at ``path`` is written."""
        self.locations[path] = node.location

    # ------------------------------------------------------------------ typed readers
    # each reports its own problem and returns None on failure

    def mapping(self, node: Node, path: str, what: str) -> YMap | None:
        """``node`` as a mapping; ``what`` names it in the message (``the units``)."""
        if isinstance(node, YMap):
            self.seen(node, path)
            return node
        self.err("wrong-type", f"expected {what} (a mapping of keys), got {describe(node)}",
                 node, path)
        return None

    def keys(self, node: YMap, path: str, allowed: Sequence[str], required: Sequence[str],
             ) -> None:
        """Report every key of ``node`` not in ``allowed`` and every ``required`` key missing."""
        for key, key_node in node.keys.items():
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                allowed_text = ", ".join(allowed)
                self.err("unknown-key", f"unknown key {key!r}; allowed here: {allowed_text}",
                         key_node, join_path(path, key), hint)
        for key in required:
            if key not in node.items:
                self.err("missing-key", f"missing required key {key!r}", node.location,
                         join_path(path, key))

    def text(self, node: Node, path: str) -> str | None:
        """A text value; a number or boolean counts as its text as written."""
        if isinstance(node, YScalar) and node.kind == "str":
            self.seen(node, path)
            assert isinstance(node.value, str)
            return node.value
        if isinstance(node, YScalar) and node.kind in ("number", "bool", "badnumber",
                                                       "outofrange"):
            self.seen(node, path)
            return node.raw  # a title like 2018 is text too
        self.err("wrong-type", f"expected text, got {describe(node)}", node, path)
        return None

    def number(self, node: Node, path: str, *, minimum: Fraction | None = None,
               strict: bool = False, hint: str = "") -> Fraction | None:
        """An exact number, at least ``minimum`` (above it when ``strict``)."""
        if isinstance(node, YScalar) and node.kind == "nonfinite":
            self.err("not-finite", f"expected a finite number, got {node.raw}", node, path)
            return None
        if isinstance(node, YScalar) and node.kind == "badnumber":
            self.err("not-a-number", not_a_number_message(repr(node.raw)), node, path)
            return None
        if isinstance(node, YScalar) and node.kind == "outofrange":
            try:
                parse_decimal(node.raw)
            except NumberOutOfRange as exc:
                self.err("number-out-of-range", range_message(node.raw, exc.reason), node, path)
            return None
        if not (isinstance(node, YScalar) and node.kind == "number"):
            self.err("wrong-type", f"expected a number, got {describe(node)}", node, path)
            return None
        assert isinstance(node.value, Fraction)
        value = node.value
        if minimum is not None and (value <= minimum if strict else value < minimum):
            rel = ">" if strict else ">="
            self.err("out-of-range",
                     f"must be {rel} {decimal_text(minimum)}, got {node.raw}{hint}", node, path)
            return None
        self.seen(node, path)
        return value

    def integer(self, node: Node, path: str, *, minimum: int | None = None,
                maximum: int | None = None) -> int | None:
        """A whole number, at least ``minimum`` and at most ``maximum``."""
        value = self.number(node, path)
        if value is None:
            return None
        if value.denominator != 1:
            self.err("wrong-type", f"expected a whole number, got {describe(node)}", node, path)
            return None
        if minimum is not None and value < minimum:
            self.err("out-of-range", f"must be >= {minimum}, got {describe(node)}", node, path)
            return None
        if maximum is not None and value > maximum:
            self.err("out-of-range", f"must be <= {maximum}, got {describe(node)}", node, path)
            return None
        return int(value)

    def ident(self, key: str, key_node: YScalar, path: str, what: str) -> bool:
        """Whether the key ``key`` is an identifier (a field, indicator, threshold id)."""
        if _IDENT.fullmatch(key):
            return True
        self.err("bad-identifier",
                 f"{what} id {key!r} must be lowercase letters, digits and _, starting with a "
                 f"letter (e.g. {suggest_ident(key)})", key_node, path)
        return False

    def slug(self, text: str, node: Node, path: str, what: str) -> bool:
        """Whether ``text`` is an id of the form ``[a-z0-9][a-z0-9_-]*`` (a policy, a rule)."""
        if _SLUG.fullmatch(text):
            return True
        self.err("bad-identifier",
                 f"{what} id {text!r} must be lowercase letters, digits, - and _ "
                 f"(e.g. {suggest_ident(text).replace('_', '-')})", node, path)
        return False

    def scorer(self, node: Node, path: str) -> str | None:
        """The name of an installed scorer."""
        name = self.text(node, path)
        if name is None:
            return None
        registry = self.scorers
        if name in registry:
            return name
        if name in registry.load_errors:
            self.err("scorer-broken",
                     f"scorer {name!r} is installed but failed to load: "
                     f"{registry.load_errors[name]}", node, path)
            return None
        known = ", ".join(registry)
        self.err("unknown-scorer", f"unknown scorer {name!r}; known scorers: {known}", node,
                 path, did_you_mean(name, registry))
        return None

    def thresholds(self, node: Node, path: str) -> dict[str, Fraction]:
        """Named numbers; a name may not be a variable or keyword of the rule language."""
        out: dict[str, Fraction] = {}
        m = self.mapping(node, path, "thresholds")
        if m is None:
            return out
        for key, value in m.items.items():
            kpath = join_path(path, key)
            if not self.ident(key, m.keys[key], kpath, "threshold"):
                continue
            if reserved_for_variables(key):
                self.err("reserved-name",
                         f"{key!r} cannot name a threshold: it is a variable or keyword of the "
                         f"rule language; choose another name (e.g. {key}_min)",
                         m.keys[key], kpath)
                continue
            number = self.number(value, kpath)
            if number is not None:
                out[key] = number
            else:
                # Reported above; the threshold still exists, so that no rule using it
                # adds "threshold not defined" to the one real problem.
                out[key] = Fraction(0)
        return out

    # ------------------------------------------------------------------ ordered lists

    def item_id(self, item: YMap, path: str, list_path: str, what: str,
                seen_ids: dict[str, Location], *, code: str) -> tuple[str | None, str]:
        """The id of an item of an ordered list (a rule, a warning) and the path that names
        it from then on (``rules.<id>``), once the id is a slug and not taken before
        (``seen_ids`` keeps where each id was first given); ``code`` is the problem code of a
        duplicate id."""
        it = item.items
        if "id" not in it:
            return None, path
        item_id = self.text(it["id"], f"{path}.id")
        if item_id is None:
            return None, path
        if not self.slug(item_id, it["id"], f"{path}.id", what):
            return None, path
        if item_id in seen_ids:
            self.err(code,
                     f"duplicate {what} id {item_id!r} (first at line "
                     f"{seen_ids[item_id].line}); give each {what} its own id",
                     it["id"], f"{path}.id")
            return item_id, path
        seen_ids[item_id] = it["id"].location
        named = f"{list_path}.{item_id}"
        self.seen(it["id"], f"{named}.id")
        self.locations[named] = item.keys["id"].location
        return item_id, named

    def scope(self, node: Node | None, path: str, known: Sequence[str] | None,
              what: str) -> tuple[str, ...] | None:
        """An item's ``fields:`` or ``units:`` scope: ids among ``known`` (None when absent)."""
        if node is None:
            return None
        if isinstance(node, YScalar) and node.kind == "str":
            self.err("wrong-type", f"expected a list of {what} ids, e.g. [{node.raw}]", node, path)
            return None
        if not isinstance(node, YSeq):
            self.err("wrong-type", f"expected a list of {what} ids, got {describe(node)}",
                     node, path)
            return None
        self.seen(node, path)
        out: list[str] = []
        for i, item in enumerate(node.items):
            ident = self.text(item, f"{path}[{i}]")
            if ident is None:
                continue
            if known is not None and ident not in known:
                self.err(f"unknown-{what}",
                         f"unknown {what} {ident!r}; {what}s: {', '.join(known)}", item,
                         f"{path}[{i}]", did_you_mean(ident, known))
                continue
            out.append(ident)
        if not node.items:
            self.err("empty", f"an empty {what} list matches nothing; remove the key to apply "
                     f"the rule to every {what}", node, path)
        return tuple(out)

    # ------------------------------------------------------------------ conditions

    def parse_when(self, node: Node | None, path: str
                   ) -> tuple[expr_lang.Expression | None, str | bool | None]:
        """A ``when`` as written (text or boolean; None when absent or of a wrong type) and,
        for text, its parsed expression (None when it does not parse), still to type-check."""
        if node is None:
            return None, None
        if isinstance(node, YScalar) and node.kind == "bool":
            self.seen(node, path)
            return None, bool(node.value)
        if not (isinstance(node, YScalar) and node.kind == "str"):
            self.err("wrong-type",
                     f"'when' must be a condition in quotes or true/false, got {describe(node)}",
                     node, path)
            return None, None
        assert isinstance(node.value, str)
        self.seen(node, path)
        loc = node.location
        # a quoted condition starts one column after its quote
        origin = Location(loc.file, loc.line, (loc.column or 1) + (1 if node.style else 0))
        parsed, problems = expr_lang.parse(node.value, origin=origin, path=path)
        self.problems.extend(problems)
        return parsed, node.value

    def when(self, node: Node | None, path: str, types: Mapping[str, expr_lang.ValueType],
             domains: Mapping[str, Sequence[str]],
             unknown: Callable[[Problem], Problem] | None = None) -> CompiledWhen:
        """A ``when`` parsed and type-checked against the variables in scope (``types``) and
        the known values of text variables (``domains``); ``unknown`` may reword an
        ``unknown-variable`` problem (explain why a name is not in this scope)."""
        parsed, written = self.parse_when(node, path)
        if parsed is None:
            return compiled_when(None, written)
        for problem in expr_lang.check(parsed, types, domains=domains):
            if unknown is not None and problem.code == "unknown-variable":
                self.problems.append(unknown(problem))
            else:
                self.problems.append(problem)
        return compiled_when(parsed, written)


def quoted_name(problem: Problem) -> str | None:
    """The first quoted name in a problem's message (the variable of ``unknown-variable``)."""
    match = _QUOTED_NAME.search(problem.message)
    return match.group(1) if match else None


def describe(node: Node) -> str:
    """What a node is, for messages: ``a mapping``, ``a list``, ``text 'x'``, ``12``..."""
    if isinstance(node, YMap):
        return "a mapping"
    if isinstance(node, YSeq):
        return "a list"
    if node.kind == "str":
        return f"text {node.raw!r}"
    if node.kind == "null":
        return "nothing (null)"
    if node.kind == "bool":
        return f"a boolean ({node.raw})"
    return f"{node.raw}"


def join_path(path: str, key: str) -> str:
    """The dotted path of ``key`` under ``path`` (``key`` alone at the top)."""
    return f"{path}.{key}" if path else key


def suggest_ident(text: str) -> str:
    """An identifier close to ``text``, to suggest in a ``bad-identifier`` problem."""
    cleaned = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_") or "name"
    if not cleaned[0].isalpha():
        cleaned = "x_" + cleaned
    return cleaned
