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

import attrs

from plut_rules import lang as expr_lang
from plut_rules.errors import Location, Problem, did_you_mean
from plut_rules.exact import (
    NumberOutOfRange,
    decimal_text,
    not_a_number_words,
    parse_decimal,
    range_words,
)
from plut_rules.policy.compiled import compiled_when
from plut_rules.policy.variables import reserved_for_variables
from plut_rules.policy.yaml_tree import Node, YMap, YScalar, YSeq
from plut_rules.scorers import ScorerRegistry
from plut_rules.wording import Words, say

__all__ = ["CompiledWhen", "Validator", "describe", "extended", "join_path", "noun",
           "number_hint", "quoted_name", "suggest_ident"]

#: (condition, constant, as written) of a ``when``; see :func:`~plut_rules.policy.compiled_when`.
CompiledWhen = tuple[expr_lang.Expression | None, bool | None, str | bool | None]

_IDENT = re.compile(r"[a-z][a-z0-9_]*")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_KEY_WITHOUT_COLON = re.compile(r"([a-z][a-z0-9_]*) +([^\s:].*)")
_QUOTED_NAME = re.compile(r"'([A-Za-z_][A-Za-z0-9_]*)'")


class Validator:
    """Reads a merged policy tree value by value, collecting every problem in ``problems``.

    ``scorers`` are the scorers a field may name.  ``locations`` maps each dotted path read
    so far (``fields.sdm.cap``, ``rules.<id>``) to where its value is written.

    One mistake gives one problem (issue 17): a definition reported invalid (a threshold,
    an indicator, a field) is marked with :meth:`mark_invalid`, and the checks that depend
    on it ask :meth:`follows` before reporting, so a rule reading a threshold whose value
    is wrong, or a field whose scorer is unknown, adds nothing.  ``removed`` notes names an
    empty value in a child file removed with others (:meth:`removal_note`), so that the
    errors that follow say why the name is gone.
    """

    def __init__(self, scorers: ScorerRegistry, problems: list[Problem],
                 removed: Mapping[str, Words] | None = None) -> None:
        self.scorers = scorers
        self.problems = problems
        self.locations: dict[str, Location] = {}
        #: names whose definition was reported invalid -> the path reported
        self.invalid: dict[str, str] = {}
        #: parts some of whose items were dropped for their errors ("fields")
        self.incomplete: set[str] = set()
        #: names removed by an empty value in a child file -> why (see load.Loader.merged)
        self.removed: dict[str, Words] = dict(removed or {})
        #: threshold definitions: name -> (location of the key, path), in reading order
        self.threshold_definitions: dict[str, list[tuple[Location, str]]] = {}
        #: the names conditions and min_competence read
        self.used: set[str] = set()
        #: (name, problem) of every name a condition or min_competence reads but is unknown
        self.unknown_names: list[tuple[str, Problem]] = []
        #: the file validated, first of its extends chain (None: an edited tree)
        self.main_file: str | None = None

    # ------------------------------------------------------------------ reporting

    def err(self, code: str, message: Words | str, where: Node | Location | None, path: str,
            suggestion: str | None = None) -> Problem:
        """Report an error at a node (or a location) and the dotted ``path`` of the value;
        ``message`` in both languages (:func:`~plut_rules.wording.say`)."""
        loc = where if isinstance(where, Location) or where is None else where.location
        problem = (Problem.worded(code, message, loc, path, "error", suggestion)
                   if isinstance(message, Words)
                   else Problem(code, message, loc, path, "error", suggestion))
        self.problems.append(problem)
        return problem

    def warn(self, code: str, message: Words | str, where: Location | None,
             path: str = "") -> None:
        """Report a warning: the policy still loads."""
        if isinstance(message, Words):
            self.problems.append(Problem.worded(code, message, where, path, "warning"))
        else:
            self.problems.append(Problem(code, message, where, path, "warning"))

    def mark_invalid(self, name: str, path: str) -> None:
        """Record that the definition of ``name`` (a threshold, an indicator, a field) at
        ``path`` was reported invalid: what depends on it is not reported again."""
        self.invalid.setdefault(name, path)

    def follows(self, name: str) -> bool:
        """Whether a problem about ``name`` would follow from one already reported: ``name``
        is a definition reported invalid, or a variable made from one (``ratio_<indicator>``,
        ``competence_<field>``)."""
        return name in self.invalid or any(name.endswith("_" + bad) for bad in self.invalid)

    def removal_note(self, name: str | None) -> Words:
        """``; NOTE`` when ``name`` was removed by an empty value in a child file, else ''."""
        note = self.removed.get(name or "")
        return "; " + note if note is not None else Words.same("")

    def use(self, name: str) -> None:
        """Record that a condition or a rule's ``min_competence`` reads ``name``."""
        self.used.add(name)

    def has_errors(self) -> bool:
        """Whether any error was reported so far (by this validator or before it)."""
        return any(p.severity == "error" for p in self.problems)

    def seen(self, node: Node, path: str) -> None:
        """Record where the value at ``path`` is written."""
        self.locations[path] = node.location

    # ------------------------------------------------------------------ typed readers
    # each reports its own problem and returns None on failure

    def mapping(self, node: Node, path: str, what: Words) -> YMap | None:
        """``node`` as a mapping; ``what`` names it in the message (``say("what.units")``)."""
        if isinstance(node, YMap):
            self.seen(node, path)
            return node
        message = say("validate.expected_mapping", what=what, got=describe(node))
        missing_colon = _KEY_WITHOUT_COLON.fullmatch(node.raw) if isinstance(
            node, YScalar) and node.kind == "str" and not node.style else None
        if missing_colon is not None:  # `cap 1.2` under a key: YAML reads it as text
            message += say("validate.missing_colon", key=missing_colon[1],
                           value=missing_colon[2])
        self.err("wrong-type", message, node, path)
        return None

    def keys(self, node: YMap, path: str, allowed: Sequence[str], required: Sequence[str],
             ) -> None:
        """Report every key of ``node`` not in ``allowed`` and every ``required`` key missing."""
        for key, key_node in node.keys.items():
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                allowed_text = ", ".join(allowed)
                self.err("unknown-key", say("validate.unknown_key", key=repr(key),
                                            allowed=allowed_text)
                         + self.removal_note(key), key_node, join_path(path, key), hint)
                value = node.items.get(key)
                if hint is not None and isinstance(value, YMap):
                    # a misspelt key (`treshold:`): what it defines is not missing as well
                    for name in value.keys:
                        self.mark_invalid(name, join_path(path, key))
        for key in required:
            if key not in node.items:
                self.err("missing-key", say("validate.missing_key", key=repr(key)),
                         node.location, join_path(path, key))

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
        self.err("wrong-type", say("validate.expected_text", got=describe(node)), node, path)
        return None

    def number(self, node: Node, path: str, *, minimum: Fraction | None = None,
               strict: bool = False, hint: Words | str = "") -> Fraction | None:
        """An exact number, at least ``minimum`` (above it when ``strict``)."""
        if isinstance(node, YScalar) and node.kind == "nonfinite":
            self.err("not-finite", say("validate.not_finite", got=node.raw), node, path)
            return None
        if isinstance(node, YScalar) and node.kind == "badnumber":
            self.err("not-a-number", not_a_number_words(repr(node.raw)), node, path)
            return None
        if isinstance(node, YScalar) and node.kind == "outofrange":
            try:
                parse_decimal(node.raw)
            except NumberOutOfRange as exc:
                self.err("number-out-of-range", range_words(node.raw, exc.reason), node, path)
            return None
        if not (isinstance(node, YScalar) and node.kind == "number"):
            self.err("wrong-type", say("validate.expected_number", got=describe(node))
                     + number_hint(node, path), node, path)
            return None
        assert isinstance(node.value, Fraction)
        value = node.value
        if minimum is not None and (value <= minimum if strict else value < minimum):
            rel = ">" if strict else ">="
            self.err("out-of-range",
                     say("validate.below_minimum", rel=rel, minimum=decimal_text(minimum),
                         got=node.raw) + hint, node, path)
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
            self.err("wrong-type", say("validate.expected_whole", got=describe(node)), node,
                     path)
            return None
        if minimum is not None and value < minimum:
            self.err("out-of-range", say("validate.at_least", minimum=minimum,
                                         got=describe(node)), node, path)
            return None
        if maximum is not None and value > maximum:
            self.err("out-of-range", say("validate.at_most", maximum=maximum,
                                         got=describe(node)), node, path)
            return None
        return int(value)

    def ident(self, key: str, key_node: YScalar, path: str, what: str) -> bool:
        """Whether the key ``key`` is an identifier (a field, indicator, threshold id);
        ``what`` is its kind, a noun of the catalogue (``noun.<what>``)."""
        if _IDENT.fullmatch(key):
            return True
        self.err("bad-identifier",
                 say("validate.bad_identifier", what=noun(what), name=repr(key),
                     example=suggest_ident(key)), key_node, path)
        return False

    def slug(self, text: str, node: Node, path: str, what: str) -> bool:
        """Whether ``text`` is an id of the form ``[a-z0-9][a-z0-9_-]*`` (a policy, a rule)."""
        if _SLUG.fullmatch(text):
            return True
        self.err("bad-identifier",
                 say("validate.bad_slug", what=noun(what), name=repr(text),
                     example=suggest_ident(text).replace("_", "-")), node, path)
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
                     say("validate.scorer_broken", name=repr(name),
                         error=registry.load_errors[name]), node, path)
            return None
        known = ", ".join(registry)
        self.err("unknown-scorer", say("validate.unknown_scorer", name=repr(name), known=known),
                 node, path, did_you_mean(name, registry))
        return None

    def thresholds(self, node: Node, path: str) -> dict[str, Fraction]:
        """Named numbers; a name may not be a variable or keyword of the rule language."""
        out: dict[str, Fraction] = {}
        m = self.mapping(node, path, say("what.thresholds"))
        if m is None:
            return out
        for key, value in m.items.items():
            kpath = join_path(path, key)
            if not self.ident(key, m.keys[key], kpath, "threshold"):
                continue
            if reserved_for_variables(key):
                self.err("reserved-name",
                         say("validate.reserved_threshold", name=repr(key), key=key),
                         m.keys[key], kpath)
                continue
            self.threshold_definitions.setdefault(key, []).append((m.keys[key].location, kpath))
            number = self.number(value, kpath)
            if number is not None:
                out[key] = number
            else:
                self.mark_invalid(key, kpath)
        return out

    def check_threshold_use(self) -> None:
        """After every condition is read, a name read but defined nowhere that is close to a
        threshold read by nothing is one mistake, reported once (issue 17):

        - at the threshold's definition, as its likely typo, when the definition is in the
          file validated (``main_file``) and a reader in a parent (a child file overriding a
          parent's threshold), or several conditions read the same name: the readers'
          problems are dropped;
        - else at the reader; when both are in one file, its message also names the
          definition as the other possible typo.

        Every other threshold read by nothing is an ``unused-threshold`` warning."""
        unused = {n: d for n, d in self.threshold_definitions.items() if n not in self.used}
        typos: dict[str, list[tuple[str, Problem]]] = {}
        for name, problem in self.unknown_names:
            typo = None if name in self.threshold_definitions else did_you_mean(name, unused)
            if typo is not None:
                typos.setdefault(typo, []).append((name, problem))
        for typo, readers in typos.items():
            where, path = unused[typo][-1]
            name, first = readers[0]
            files = {p.location.file for _n, p in readers if p.location is not None}
            if len(readers) > 1 or (where.file == self.main_file and files - {where.file}):
                for _name, problem in readers:
                    if problem in self.problems:
                        self.problems.remove(problem)
                self.err("threshold-typo",
                         say("validate.threshold_typo", typo=repr(typo), reader=first.path,
                             name=repr(name)), where, path, name)
                continue
            if files != {where.file}:
                continue  # the reader is newer (a child file, an edit): it is the typo
            for _name, problem in readers:
                if problem in self.problems:
                    at = self.problems.index(problem)
                    self.problems[at] = extended(
                        problem, say("validate.or_rename", path=path, line=where.line))
        for name, definitions in unused.items():
            if name in typos:
                continue
            for where, path in definitions:
                self.warn("unused-threshold", say("validate.unused_threshold", name=repr(name)),
                          where, path)

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
                     say("validate.duplicate_id", what=noun(what), name=repr(item_id),
                         line=seen_ids[item_id].line), it["id"], f"{path}.id")
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
            self.err("wrong-type", say("validate.scope_not_list", what=noun(what), raw=node.raw),
                     node, path)
            return None
        if not isinstance(node, YSeq):
            self.err("wrong-type", say("validate.scope_wrong_type", what=noun(what),
                                       got=describe(node)), node, path)
            return None
        self.seen(node, path)
        out: list[str] = []
        for i, item in enumerate(node.items):
            ident = self.text(item, f"{path}[{i}]")
            if ident is None:
                continue
            if known is not None and ident not in known:
                if self.follows(ident):
                    continue  # its definition is reported already
                self.err(f"unknown-{what}",
                         say("validate.unknown_in_scope", what=noun(what), name=repr(ident),
                             known=", ".join(known)), item,
                         f"{path}[{i}]", did_you_mean(ident, known))
                continue
            out.append(ident)
        if not node.items:
            self.err("empty", say("validate.scope_empty", what=noun(what)), node, path)
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
            self.err("wrong-type", say("validate.when_wrong_type", got=describe(node)),
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
        self.used.update(parsed.variables)
        for found in expr_lang.check(parsed, types, domains=domains):
            problem = found
            name = quoted_name(problem)
            if problem.code in ("unknown-variable", "unknown-value") and (
                    "fields" in self.incomplete or (name is not None and self.follows(name))):
                continue  # the scope lost a definition already reported
            if problem.code == "unknown-variable":
                if unknown is not None:
                    problem = unknown(problem)
                if name in self.removed:
                    problem = attrs.evolve(extended(problem, self.removal_note(name)),
                                           suggestion=None)
                if name is not None:
                    self.unknown_names.append((name, problem))
            self.problems.append(problem)
        return compiled_when(parsed, written)


_PERCENT = re.compile(r"(-?[0-9]+(?:[.,][0-9]+)?)\s*%")
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")
#: keys whose numbers are fractions of 1 (a percentage p is written p/100)
_FRACTION_KEYS = ("weight", "minimum", "cap", "margin")


def number_hint(node: Node, path: str) -> Words:
    """What to write instead of a text that is almost a number (``70%``, ``67,5``), as the
    data readers say for the decimal comma; empty words when there is nothing to suggest."""
    if not (isinstance(node, YScalar) and node.kind == "str" and isinstance(node.value, str)):
        return Words.same("")
    text = node.value.strip()
    percent = _PERCENT.fullmatch(text)
    if percent:
        value = Fraction(percent[1].replace(",", "."))
        if path.rsplit(".", 1)[-1] in _FRACTION_KEYS:
            return say("hint.percent_fraction", value=decimal_text(value / 100))
        return say("hint.percent", value=decimal_text(value))
    if _DECIMAL_COMMA.fullmatch(text):
        return say("hint.decimal_comma", value=text.replace(",", "."))
    return Words.same("")


def quoted_name(problem: Problem) -> str | None:
    """The first quoted name in a problem's message (the variable of ``unknown-variable``)."""
    match = _QUOTED_NAME.search(problem.message)
    return match.group(1) if match else None


def describe(node: Node) -> Words:
    """What a node is, for messages: ``a mapping``, ``a list``, ``text 'x'``, ``12``..."""
    if isinstance(node, YMap):
        return say("describe.mapping")
    if isinstance(node, YSeq):
        return say("describe.list")
    if node.kind == "str":
        return say("describe.text", raw=repr(node.raw))
    if node.kind == "null":
        return say("describe.null")
    if node.kind == "bool":
        return say("describe.boolean", raw=node.raw)
    return Words.same(f"{node.raw}")


def noun(what: str) -> Words:
    """The kind of an id (``field``, ``rule``...) in both languages, for messages."""
    return say(f"noun.{what}")


def extended(problem: Problem, more: Words) -> Problem:
    """``problem`` with ``more`` added to its message in each language (a problem worded
    in English only stays so, rather than mixing the two)."""
    return attrs.evolve(problem, message=problem.message + more.english,
                        indonesian=None if problem.indonesian is None
                        else problem.indonesian + more.indonesian)


def join_path(path: str, key: str) -> str:
    """The dotted path of ``key`` under ``path`` (``key`` alone at the top)."""
    return f"{path}.{key}" if path else key


def suggest_ident(text: str) -> str:
    """An identifier close to ``text``, to suggest in a ``bad-identifier`` problem."""
    cleaned = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_") or "name"
    if not cleaned[0].isalpha():
        cleaned = "x_" + cleaned
    return cleaned
