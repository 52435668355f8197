"""Policy files: load, follow ``extends``, merge, validate, resolve.

:func:`load_policy` reads a YAML policy (and its ``extends`` chain), reports
every problem at once as a :class:`~plut_rules.errors.PolicyError`, and
returns a frozen :class:`~plut_rules.model.Policy` whose rule conditions are
already compiled.  :func:`check_policy` does the same without raising, and
also returns warnings.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from plut_rules.canonical import canonical_json, sha256_hex
from plut_rules.errors import Location, PolicyError, Problem, did_you_mean
from plut_rules.lang import expr as expr_lang
from plut_rules.model import (
    Direction,
    Field,
    FrozenMap,
    Indicator,
    Outcome,
    Policy,
    PolicyFile,
    Rule,
    Unit,
)
from plut_rules.policy.yaml_tree import MAX_BYTES, Node, YMap, YScalar, YSeq, parse_yaml
from plut_rules.scorers import Scorer, ScorerRegistry, default_registry

__all__ = [
    "KEYWORDS",
    "VARIABLES",
    "check_policy",
    "load_policy",
    "parse_policy",
    "policy_from_document",
]

#: Variables every rule can read (besides thresholds, competence_<f>, ratio_<i>).
VARIABLES = ("score", "gates_failed", "years_served", "field", "unit", "best_competence")
KEYWORDS = ("and", "or", "not", "in", "true", "false")

_IDENT = re.compile(r"[a-z][a-z0-9_]*")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")

_TOP_KEYS = ("policy", "year", "title", "extends", "determined_by", "defaults", "units", "fields",
             "rules", "monitoring", "selection")
_DEFAULT_KEYS = ("scoring", "cap", "thresholds", "indicators")
_UNIT_KEYS = ("name", "evaluator", "seats")
_FIELD_KEYS = ("name", "thresholds", "scoring", "cap", "indicators")
_INDICATOR_KEYS = ("label", "target", "weight", "minimum", "direction", "step")
_RULE_KEYS = ("id", "when", "then", "reason", "fields", "units", "min_competence")
_OUTCOMES = ("keep", "replace", "reassign")
_DEFAULT_STEP = Fraction(1, 100)
_WEIGHT_TOLERANCE = Fraction(1, 10**6)


@attrs.frozen
class CompiledRule:
    """A rule's condition, compiled once; ``condition`` None means the literal ``true``."""

    rule: Rule
    condition: expr_lang.Expression | None
    constant: bool | None


@attrs.frozen(eq=False)
class Runtime:
    """What the engine needs beyond the policy's values: compiled rules and scorer objects."""

    rules: tuple[CompiledRule, ...]
    scorers: Mapping[str, Scorer]
    # (field, unit) -> rules in scope, filled on first use (idempotent, so thread-safe enough)
    scoped: dict[tuple[str, str], tuple[CompiledRule, ...]] = attrs.field(factory=dict)
    # The validated `monitoring:` section (monitoring_policy.Monitoring), None without one.
    monitoring: Any = None
    # The validated `selection:` section (selection.model.SelectionPolicy), None without one.
    selection: Any = None
    # the engine's per-policy constants (see plut_rules._fast), built on first use
    plans: dict[str, Any] = attrs.field(factory=dict)

    def rules_for(self, field: str, unit: str) -> tuple[CompiledRule, ...]:
        """The rules whose scope covers ``field`` in ``unit``, in order."""
        key = (field, unit)
        found = self.scoped.get(key)
        if found is None:
            found = tuple(c for c in self.rules if c.rule.applies_to(field, unit))
            self.scoped[key] = found
        return found


# --------------------------------------------------------------------------- public API


def load_policy(
    path: str | os.PathLike[str],
    *,
    scorers: ScorerRegistry | None = None,
    display: str | None = None,
    allow_outside: bool = False,
) -> Policy:
    """Load and validate a policy file; raise :class:`PolicyError` listing every problem.

    ``display`` is the file name used in messages and in ``rule_source``
    (default: the path as given).  An ``extends`` parent must lie in the
    policy file's folder or below it unless ``allow_outside`` is true.
    """
    policy, problems = check_policy(path, scorers=scorers, display=display,
                                    allow_outside=allow_outside)
    if policy is None:
        raise PolicyError(problems)
    return policy


def check_policy(
    path: str | os.PathLike[str],
    *,
    scorers: ScorerRegistry | None = None,
    display: str | None = None,
    allow_outside: bool = False,
) -> tuple[Policy | None, list[Problem]]:
    """Validate a policy file: the policy (None when any error) and every problem and warning."""
    name = display if display is not None else os.fspath(path)
    loader = _Loader(scorers, allow_outside=allow_outside)
    return loader.load(Path(path), name, None)


def parse_policy(
    data: bytes | str,
    file: str = "<policy>",
    *,
    scorers: ScorerRegistry | None = None,
    allow_outside: bool = False,
) -> Policy:
    """Load a policy from bytes or text; ``extends`` is resolved relative to ``file``'s folder."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    loader = _Loader(scorers, allow_outside=allow_outside)
    policy, problems = loader.load(Path(file), file, data)
    if policy is None:
        raise PolicyError(problems)
    return policy


def policy_from_document(
    document: Mapping[str, Any],
    *,
    source: str = "<document>",
    locations: Mapping[str, Location] | None = None,
    scorers: ScorerRegistry | None = None,
    files: Sequence[PolicyFile] = (),
) -> Policy:
    """Build a policy from a resolved document (plain data, as in :attr:`Policy.document`).

    Used for policies that are not files: edited in memory or restored from a
    record.  ``locations`` maps dotted paths to where each value came from
    (:attr:`Policy.locations`), so rule sources and errors point where the
    original file did; ``files`` is recorded as the policy's file chain.
    """
    where = locations or {}
    tree = _tree_from_plain(document, "", Location(source), where)
    loader = _Loader(scorers)
    policy, problems = loader.finish(tree, tuple(files), None)
    if policy is None:
        raise PolicyError(problems)
    return policy


# --------------------------------------------------------------------------- loading


@attrs.frozen
class _File:
    display: str
    sha256: str
    tree: YMap | None


class _Loader:
    def __init__(self, scorers: ScorerRegistry | None, *, allow_outside: bool = False) -> None:
        self.scorers = scorers if scorers is not None else default_registry()
        self.problems: list[Problem] = []
        self.allow_outside = allow_outside

    def error(
        self,
        code: str,
        message: str,
        where: Node | Location | None,
        path: str = "",
        suggestion: str | None = None,
    ) -> None:
        loc = where if isinstance(where, Location) or where is None else where.location
        self.problems.append(Problem(code, message, loc, path, "error", suggestion))

    def warn(self, code: str, message: str, where: Location | None, path: str = "") -> None:
        self.problems.append(Problem(code, message, where, path, "warning"))

    def load(
        self, path: Path, display: str, data: bytes | None
    ) -> tuple[Policy | None, list[Problem]]:
        merged, files = self.merged(path, display, data)
        if merged is None:
            return None, self.problems
        return self.finish(merged, files, files[0].path)

    def merged(
        self, path: Path, display: str, data: bytes | None
    ) -> tuple[YMap | None, tuple[PolicyFile, ...]]:
        """The ``extends`` chain read and merged, not yet validated (None on a read error)."""
        chain = self._read_chain(path, display, data, [], None)
        if any(p.severity == "error" for p in self.problems) or not chain:
            return None, ()
        merged: YMap | None = None
        for item in reversed(chain):
            assert item.tree is not None
            merged = item.tree if merged is None else _merge_maps(merged, item.tree)
        assert merged is not None
        return merged, tuple(PolicyFile(f.display, f.sha256) for f in chain)

    def _read_chain(
        self,
        path: Path,
        display: str,
        data: bytes | None,
        seen: list[tuple[Path, str]],
        via: YScalar | None,
    ) -> list[_File]:
        real = path.resolve()
        if any(real == p for p, _ in seen):
            cycle = " -> ".join([d for _, d in seen] + [display])
            self.error("extends-cycle", f"extends cycle: {cycle}; remove one of the extends",
                       via, "extends")
            return []
        if via is not None and seen and not self.allow_outside:
            home = seen[0][0].parent
            if not real.is_relative_to(home):
                self.error("extends-outside",
                           f"the parent policy {display!r} is outside the folder of "
                           f"{seen[0][1]!r} ({home}); copy it into that folder, or allow it "
                           "explicitly (--allow-outside-extends, or allow_outside=True)",
                           via, "extends")
                return []
        if data is None:
            try:
                data = _read_bounded(path)
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                if via is not None:
                    self.error("extends-missing",
                               f"cannot read the parent policy {display!r}: {reason}", via,
                               "extends")
                else:
                    self.error("file-unreadable", f"cannot read the policy file: {reason}",
                               Location(display))
                return []
        tree, problems = parse_yaml(data, display)
        self.problems.extend(problems)
        if tree is None:
            return []
        if not isinstance(tree, YMap):
            self.error("not-a-mapping",
                       "a policy file must be a mapping of keys (policy:, year:, units:, ...)",
                       tree)
            return []
        this = _File(display, sha256_hex(data), tree)
        if "year" not in tree.items:
            self.error("missing-key", "'year' is required in every policy file, a parent's too",
                       tree.location, "year")
        parent = tree.items.get("extends")
        if parent is None or (isinstance(parent, YScalar) and parent.kind == "null"):
            _find_nulls(tree, "", self)
            return [this]
        if not (isinstance(parent, YScalar) and parent.kind == "str" and parent.value):
            self.error("wrong-type", "'extends' must be a file name, e.g. extends: 2018.yaml",
                       parent, "extends")
            return [this]
        assert isinstance(parent.value, str)
        parent_path = path.parent / parent.value
        parent_display = posixpath.normpath(
            posixpath.join(posixpath.dirname(display.replace(os.sep, "/")), parent.value)
        )
        rest = self._read_chain(parent_path, parent_display, None,
                                [*seen, (real, display)], parent)
        return [this, *rest] if rest else [this]

    # ------------------------------------------------------------------- validation

    def finish(
        self, tree: YMap, files: tuple[PolicyFile, ...], main_file: str | None
    ) -> tuple[Policy | None, list[Problem]]:
        validator = _Validator(self)
        built = validator.run(tree, files)
        if built is None or any(p.severity == "error" for p in self.problems):
            return None, self.problems
        return built, self.problems


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, but never more than one byte past the size limit (checked later)."""
    with open(path, "rb") as handle:
        return handle.read(MAX_BYTES + 1)


def _find_nulls(node: Node, path: str, loader: _Loader) -> None:
    if isinstance(node, YScalar):
        if node.kind == "null":
            loader.error(
                "null-without-extends",
                "null (an empty value) removes an inherited value, and this file extends "
                "nothing; write a value or delete the key",
                node,
                path,
            )
    elif isinstance(node, YMap):
        for key, value in node.items.items():
            _find_nulls(value, _join(path, key), loader)
    else:
        for i, value in enumerate(node.items):
            _find_nulls(value, f"{path}[{i}]", loader)


def _merge_maps(parent: YMap, child: YMap) -> YMap:
    """Deep-merge ``child`` over ``parent``: maps key by key, other values replace, null removes."""
    items = dict(parent.items)
    keys = dict(parent.keys)
    for key, value in child.items.items():
        if key == "extends":
            continue
        if isinstance(value, YScalar) and value.kind == "null":
            items.pop(key, None)
            keys.pop(key, None)
            continue
        old = items.get(key)
        if isinstance(old, YMap) and isinstance(value, YMap):
            items[key] = _merge_maps(old, value)
        elif isinstance(value, YMap):
            items[key] = _merge_maps(YMap({}, {}, value.location), value)
        else:
            items[key] = value
        keys[key] = child.keys[key]
    items.pop("extends", None)
    keys.pop("extends", None)
    return YMap(items, keys, child.location)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _tree_from_plain(
    value: Any, path: str, default: Location, where: Mapping[str, Location]
) -> Any:
    loc = where.get(path, default)
    if isinstance(value, Mapping):
        items: dict[str, Node] = {}
        keys: dict[str, YScalar] = {}
        for k, v in value.items():
            key = str(k)
            child_path = _join(path, key)
            if path == "rules":  # pragma: no cover - rules is a list
                child_path = path
            items[key] = _tree_from_plain(v, child_path, default, where)
            keys[key] = YScalar(key, "str", key, where.get("#" + child_path, loc))
        return YMap(items, keys, loc)
    if isinstance(value, list | tuple):
        out: list[Node] = []
        for i, v in enumerate(value):
            child_path = f"{path}[{i}]"
            if path == "rules" and isinstance(v, Mapping) and isinstance(v.get("id"), str):
                child_path = f"rules.{v['id']}"
            out.append(_tree_from_plain(v, child_path, default, where))
        return YSeq(out, loc)
    from plut_rules.policy.yaml_tree import from_plain

    return from_plain(value, loc)


# --------------------------------------------------------------------------- the validator


class _Validator:
    """Walks a merged tree, checks every key and value, and builds the Policy."""

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.locations: dict[str, Location] = {}

    # small typed readers; each reports its own problem and returns None on failure

    def err(self, code: str, message: str, where: Node | Location | None, path: str,
            suggestion: str | None = None) -> None:
        self.loader.error(code, message, where, path, suggestion)

    def seen(self, node: Node, path: str) -> None:
        self.locations[path] = node.location

    def mapping(self, node: Node, path: str, what: str) -> YMap | None:
        if isinstance(node, YMap):
            self.seen(node, path)
            return node
        self.err("wrong-type", f"expected {what} (a mapping of keys), got {_describe(node)}",
                 node, path)
        return None

    def keys(self, node: YMap, path: str, allowed: Sequence[str], required: Sequence[str],
             ) -> None:
        for key, key_node in node.keys.items():
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                allowed_text = ", ".join(allowed)
                self.err("unknown-key", f"unknown key {key!r}; allowed here: {allowed_text}",
                         key_node, _join(path, key), hint)
        for key in required:
            if key not in node.items:
                self.err("missing-key", f"missing required key {key!r}", node.location,
                         _join(path, key))

    def text(self, node: Node, path: str) -> str | None:
        if isinstance(node, YScalar) and node.kind == "str":
            self.seen(node, path)
            assert isinstance(node.value, str)
            return node.value
        if isinstance(node, YScalar) and node.kind in ("number", "bool"):
            self.seen(node, path)
            return node.raw  # a title like 2018 is text too
        self.err("wrong-type", f"expected text, got {_describe(node)}", node, path)
        return None

    def number(self, node: Node, path: str, *, minimum: Fraction | None = None,
               strict: bool = False, hint: str = "") -> Fraction | None:
        if isinstance(node, YScalar) and node.kind == "nonfinite":
            self.err("not-finite", f"expected a finite number, got {node.raw}", node, path)
            return None
        if not (isinstance(node, YScalar) and node.kind == "number"):
            self.err("wrong-type", f"expected a number, got {_describe(node)}", node, path)
            return None
        assert isinstance(node.value, Fraction)
        value = node.value
        if minimum is not None and (value <= minimum if strict else value < minimum):
            rel = ">" if strict else ">="
            self.err("out-of-range", f"must be {rel} {_num(minimum)}, got {node.raw}{hint}",
                     node, path)
            return None
        self.seen(node, path)
        return value

    def integer(self, node: Node, path: str, *, minimum: int | None = None) -> int | None:
        value = self.number(node, path)
        if value is None:
            return None
        if value.denominator != 1:
            self.err("wrong-type", f"expected a whole number, got {_describe(node)}", node, path)
            return None
        if minimum is not None and value < minimum:
            self.err("out-of-range", f"must be >= {minimum}, got {_describe(node)}", node, path)
            return None
        return int(value)

    def ident(self, key: str, key_node: YScalar, path: str, what: str) -> bool:
        if _IDENT.fullmatch(key):
            return True
        self.err("bad-identifier",
                 f"{what} id {key!r} must be lowercase letters, digits and _, starting with a "
                 f"letter (e.g. {_suggest_ident(key)})", key_node, path)
        return False

    def scorer(self, node: Node, path: str) -> str | None:
        name = self.text(node, path)
        if name is None:
            return None
        registry = self.loader.scorers
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

    # ------------------------------------------------------------------ sections

    def run(self, tree: YMap, files: tuple[PolicyFile, ...]) -> Policy | None:
        self.seen(tree, "")
        self.keys(tree, "", _TOP_KEYS, ("policy", "year", "units", "fields", "rules"))
        items = tree.items

        policy_id: str | None = None
        if "policy" in items:
            policy_id = self.text(items["policy"], "policy")
            if policy_id is not None and not _SLUG.fullmatch(policy_id):
                self.err("bad-identifier",
                         f"policy id {policy_id!r} must be lowercase letters, digits, - and _ "
                         f"(e.g. {_suggest_ident(policy_id).replace('_', '-')})",
                         items["policy"], "policy")
        year = self.integer(items["year"], "year", minimum=1) if "year" in items else None
        title = self.text(items["title"], "title") if "title" in items else None
        determined_by = (self.text(items["determined_by"], "determined_by")
                         if "determined_by" in items else None)

        defaults = self.defaults(items.get("defaults"))
        fields = self.fields(items.get("fields"), defaults)
        field_ids = [f.id for f in fields] if fields is not None else None
        units = self.units(items.get("units"), field_ids)
        rules = self.rules(items.get("rules"), fields, units)
        monitoring = self.monitoring(items.get("monitoring"), fields, units)
        selection = self.selection(items.get("selection"), fields, units)

        if (policy_id is None or year is None or fields is None or units is None
                or rules is None or any(p.severity == "error" for p in self.loader.problems)):
            return None
        self.scope_warnings(tree, fields, units, rules)
        document = _document(policy_id, year, title, determined_by, defaults, fields, units,
                             [c.rule for c in rules])
        if monitoring is not None:
            document["monitoring"] = monitoring.document()
        if selection is not None:
            document["selection"] = selection.document()
        runtime = Runtime(
            rules=tuple(rules),
            scorers={f.id: self.loader.scorers[f.scoring] for f in fields},
            monitoring=monitoring,
            selection=selection,
        )
        return Policy(
            id=policy_id,
            year=year,
            title=title,
            determined_by=determined_by,
            units=tuple(units),
            fields=tuple(fields),
            rules=tuple(c.rule for c in rules),
            files=files,
            sha256=sha256_hex(canonical_json(document)),
            document=document,
            locations=FrozenMap(self.locations),
            compiled=runtime,
        )

    def defaults(self, node: Node | None) -> _Defaults:
        out = _Defaults()
        if node is None:
            return out
        m = self.mapping(node, "defaults", "the defaults")
        if m is None:
            return out
        self.keys(m, "defaults", _DEFAULT_KEYS, ())
        if "scoring" in m.items:
            out.scoring = self.scorer(m.items["scoring"], "defaults.scoring")
            out.scoring_ok = out.scoring is not None
        if "cap" in m.items:
            out.cap = self.number(m.items["cap"], "defaults.cap", minimum=Fraction(1))
        if "thresholds" in m.items:
            out.thresholds = self.thresholds(m.items["thresholds"], "defaults.thresholds")
        if "indicators" in m.items:
            im = self.mapping(m.items["indicators"], "defaults.indicators", "the common indicators")
            if im is not None:
                for key, value in im.items.items():
                    path = f"defaults.indicators.{key}"
                    if not self.ident(key, im.keys[key], path, "indicator"):
                        continue
                    raw = self.indicator(value, path, key, common=True)
                    if raw is not None:
                        out.indicators.append(raw)
        return out

    def thresholds(self, node: Node, path: str) -> dict[str, Fraction]:
        out: dict[str, Fraction] = {}
        m = self.mapping(node, path, "thresholds")
        if m is None:
            return out
        for key, value in m.items.items():
            kpath = _join(path, key)
            if not self.ident(key, m.keys[key], kpath, "threshold"):
                continue
            if (key in VARIABLES or key in KEYWORDS or key.startswith(("competence_", "ratio_"))):
                self.err("reserved-name",
                         f"{key!r} cannot name a threshold: it is a variable or keyword of the "
                         f"rule language; choose another name (e.g. {key}_min)",
                         m.keys[key], kpath)
                continue
            number = self.number(value, kpath)
            if number is not None:
                out[key] = number
        return out

    def indicator(self, node: Node, path: str, ident: str, *, common: bool) -> _RawIndicator | None:
        m = self.mapping(node, path, "an indicator")
        if m is None:
            return None
        self.keys(m, path, _INDICATOR_KEYS, ("target",))
        it = m.items
        label = self.text(it["label"], f"{path}.label") if "label" in it else ident
        target = (self.number(it["target"], f"{path}.target", minimum=Fraction(0), strict=True)
                  if "target" in it else None)
        weight = (self.number(it["weight"], f"{path}.weight", minimum=Fraction(0))
                  if "weight" in it else None)
        minimum = (self.number(it["minimum"], f"{path}.minimum", minimum=Fraction(0))
                   if "minimum" in it else None)
        step = (self.number(it["step"], f"{path}.step", minimum=Fraction(0), strict=True)
                if "step" in it else _DEFAULT_STEP)
        direction: Direction = "higher"
        if "direction" in it:
            d = self.text(it["direction"], f"{path}.direction")
            if d in ("higher", "lower"):
                direction = "higher" if d == "higher" else "lower"
            elif d is not None:
                self.err("bad-value", f"direction must be 'higher' or 'lower', got {d!r}",
                         it["direction"], f"{path}.direction",
                         did_you_mean(d, ("higher", "lower")))
        if target is None or step is None or label is None:
            return None
        if "weight" in it and weight is None:
            return None
        if "minimum" in it and minimum is None:
            return None
        return _RawIndicator(ident, label, target, weight, minimum, direction, step, common,
                             m.location, "weight" in it)

    def fields(self, node: Node | None, defaults: _Defaults) -> list[Field] | None:
        if node is None:
            return None
        m = self.mapping(node, "fields", "the fields")
        if m is None:
            return None
        if not m.items:
            self.err("empty", "at least one field is required", m, "fields")
            return None
        common_ids = {i.id for i in defaults.indicators}
        out: list[Field] = []
        for key, value in m.items.items():
            path = f"fields.{key}"
            if not self.ident(key, m.keys[key], path, "field"):
                continue
            fm = self.mapping(value, path, "a field")
            if fm is None:
                continue
            self.keys(fm, path, _FIELD_KEYS, ("indicators",))
            it = fm.items
            name = self.text(it["name"], f"{path}.name") if "name" in it else key
            scoring: str | None
            if "scoring" in it:
                scoring = self.scorer(it["scoring"], f"{path}.scoring")
            elif defaults.scoring is not None:
                scoring = defaults.scoring
            else:
                scoring = None
                if defaults.scoring_ok:
                    self.err("missing-key",
                             "no scorer: set 'scoring' here or in defaults "
                             "(e.g. scoring: weighted_ratio)", fm.location, f"{path}.scoring")
            if "cap" in it:
                cap = self.number(it["cap"], f"{path}.cap", minimum=Fraction(1))
            else:
                cap = defaults.cap if defaults.cap is not None else Fraction(1)
            thresholds = dict(defaults.thresholds)
            if "thresholds" in it:
                thresholds.update(self.thresholds(it["thresholds"], f"{path}.thresholds"))
            own: list[_RawIndicator] = []
            if "indicators" in it:
                im = self.mapping(it["indicators"], f"{path}.indicators", "the indicators")
                if im is not None:
                    if not im.items:
                        self.err("empty", "a field needs at least one indicator of its own",
                                 im, f"{path}.indicators")
                    for ikey, ivalue in im.items.items():
                        ipath = f"{path}.indicators.{ikey}"
                        if not self.ident(ikey, im.keys[ikey], ipath, "indicator"):
                            continue
                        if ikey in common_ids:
                            self.err("duplicate-indicator",
                                     f"{ikey!r} is already a common indicator "
                                     "(defaults.indicators); rename one of them", im.keys[ikey],
                                     ipath)
                            continue
                        raw = self.indicator(ivalue, ipath, ikey, common=False)
                        if raw is not None:
                            own.append(raw)
            if scoring is None or cap is None or name is None:
                continue
            indicators = [*own, *defaults.indicators]
            scorer = self.loader.scorers[scoring]
            if scorer.uses_weights:
                self.check_weights(key, path, fm, scoring, indicators)
            out.append(Field(
                id=key,
                name=name,
                scoring=scoring,
                cap=cap,
                thresholds=FrozenMap(thresholds),
                indicators=tuple(
                    Indicator(i.id, i.label, i.target, i.weight, i.minimum, i.direction, i.step,
                              i.common, i.location)
                    for i in indicators
                ),
                source=m.keys[key].location,
            ))
        return out

    def check_weights(self, key: str, path: str, fm: YMap, scoring: str,
                      indicators: list[_RawIndicator]) -> None:
        missing = [i for i in indicators if i.weight is None]
        for ind in missing:
            if ind.has_weight:
                continue  # already reported as a bad value
            where = ("defaults.indicators." if ind.common else f"{path}.indicators.") + ind.id
            self.err("missing-key",
                     f"'weight' is required for every indicator under scoring {scoring}"
                     + (f" (field {key!r} uses this common indicator)" if ind.common else ""),
                     ind.location, f"{where}.weight")
        if missing:
            return
        total = sum((i.weight or Fraction(0) for i in indicators), Fraction(0))
        if abs(total - 1) > _WEIGHT_TOLERANCE:
            parts = " + ".join(f"{i.id} {_num(i.weight or Fraction(0))}" for i in indicators)
            self.err("weights-sum",
                     f"the weights of field {key!r} must sum to 1 under {scoring}, but "
                     f"{parts} = {_num(total)}; adjust them so they add up to 1",
                     fm.location, f"{path}.indicators")

    def units(self, node: Node | None, field_ids: list[str] | None) -> list[Unit] | None:
        if node is None:
            return None
        m = self.mapping(node, "units", "the units")
        if m is None:
            return None
        if not m.items:
            self.err("empty", "at least one unit is required", m, "units")
            return None
        out: list[Unit] = []
        for key, value in m.items.items():
            path = f"units.{key}"
            if not self.ident(key, m.keys[key], path, "unit"):
                continue
            um = self.mapping(value, path, "a unit")
            if um is None:
                continue
            self.keys(um, path, _UNIT_KEYS, ())
            it = um.items
            name = self.text(it["name"], f"{path}.name") if "name" in it else key
            evaluator = (self.text(it["evaluator"], f"{path}.evaluator")
                         if "evaluator" in it else None)
            seats: dict[str, int] = {}
            if "seats" in it:
                sm = self.mapping(it["seats"], f"{path}.seats", "seats per field")
                if sm is not None:
                    for fkey, fvalue in sm.items.items():
                        spath = f"{path}.seats.{fkey}"
                        if field_ids is not None and fkey not in field_ids:
                            self.err("unknown-field",
                                     f"unknown field {fkey!r}; fields: {', '.join(field_ids)}",
                                     sm.keys[fkey], spath, did_you_mean(fkey, field_ids))
                            continue
                        count = self.integer(fvalue, spath, minimum=0)
                        if count is not None:
                            seats[fkey] = count
            if name is None:
                continue
            out.append(Unit(key, name, evaluator, FrozenMap(seats), m.keys[key].location))
        return out

    def rules(self, node: Node | None, fields: list[Field] | None,
              units: list[Unit] | None) -> list[CompiledRule] | None:
        if node is None:
            return None
        if not isinstance(node, YSeq):
            self.err("wrong-type",
                     f"expected the ordered list of rules (each starting with '- id:'), got "
                     f"{_describe(node)}", node, "rules")
            return None
        self.seen(node, "rules")
        if not node.items:
            self.err("empty", "at least one rule is required", node, "rules")
            return None
        field_ids = [f.id for f in fields] if fields is not None else None
        unit_ids = [u.id for u in units] if units is not None else None
        seen_ids: dict[str, Location] = {}
        out: list[CompiledRule] = []
        for index, item in enumerate(node.items):
            path = f"rules[{index}]"
            rm = self.mapping(item, path, "a rule")
            if rm is None:
                continue
            it = rm.items
            rule_id, path = self.item_id(rm, path, "rules", "rule", seen_ids,
                                          code="duplicate-rule")
            self.keys(rm, path, _RULE_KEYS, ("id", "when", "then"))
            then: Outcome | None = None
            if "then" in it:
                t = self.text(it["then"], f"{path}.then")
                if t in _OUTCOMES:
                    then = "keep" if t == "keep" else "replace" if t == "replace" else "reassign"
                elif t is not None:
                    self.err("bad-value",
                             f"'then' must be keep, replace or reassign, got {t!r}",
                             it["then"], f"{path}.then", did_you_mean(t, _OUTCOMES))
            reason = self.text(it["reason"], f"{path}.reason") if "reason" in it else None
            scope_fields = self.scope(it.get("fields"), f"{path}.fields", field_ids, "field")
            scope_units = self.scope(it.get("units"), f"{path}.units", unit_ids, "unit")
            in_scope = [f for f in (fields or [])
                        if scope_fields is None or f.id in scope_fields]
            min_comp: Fraction | str | None = None
            if "min_competence" in it:
                min_comp = self.min_competence(it["min_competence"], f"{path}.min_competence",
                                               in_scope, then)
            condition, constant, when_text = self.condition(it.get("when"), f"{path}.when",
                                                            in_scope, fields or [], unit_ids)
            if rule_id is None or then is None or when_text is None:
                continue
            if fields is None or units is None:
                continue
            rule = Rule(
                id=rule_id,
                when=when_text,
                then=then,
                reason=reason,
                fields=scope_fields,
                units=scope_units,
                min_competence=min_comp,
                source=rm.keys["id"].location,
            )
            out.append(CompiledRule(rule, condition, constant))
        return out

    def monitoring(self, node: Node | None, fields: list[Field] | None,
                   units: list[Unit] | None) -> Any:
        """The optional ``monitoring:`` section (see :mod:`plut_rules.monitoring_policy`)."""
        if node is None:
            return None
        from plut_rules.policy.monitoring_section import validate_monitoring

        return validate_monitoring(self, node, fields, units)

    def selection(self, node: Node | None, fields: list[Field] | None,
                  units: list[Unit] | None) -> Any:
        """The optional ``selection:`` section (see :mod:`plut_rules.selection.section`)."""
        if node is None:
            return None
        from plut_rules.selection.section import validate_selection

        return validate_selection(self, node, fields, units)

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
        if not _SLUG.fullmatch(item_id):
            self.err("bad-identifier",
                     f"{what} id {item_id!r} must be lowercase letters, digits, - and _ "
                     f"(e.g. {_suggest_ident(item_id).replace('_', '-')})", it["id"],
                     f"{path}.id")
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
                     f"'when' must be a condition in quotes or true/false, got {_describe(node)}",
                     node, path)
            return None, None
        assert isinstance(node.value, str)
        self.seen(node, path)
        loc = node.location
        # a quoted condition starts one column after its quote
        origin = Location(loc.file, loc.line, (loc.column or 1) + (1 if node.style else 0))
        parsed, problems = expr_lang.parse(node.value, origin=origin, path=path)
        self.loader.problems.extend(problems)
        return parsed, node.value

    def scope(self, node: Node | None, path: str, known: list[str] | None,
              what: str) -> tuple[str, ...] | None:
        if node is None:
            return None
        if isinstance(node, YScalar) and node.kind == "str":
            self.err("wrong-type", f"expected a list of {what} ids, e.g. [{node.raw}]", node, path)
            return None
        if not isinstance(node, YSeq):
            self.err("wrong-type", f"expected a list of {what} ids, got {_describe(node)}",
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

    def min_competence(self, node: Node, path: str, in_scope: list[Field],
                       then: Outcome | None) -> Fraction | str | None:
        if then is not None and then != "reassign":
            self.err("not-applicable",
                     "min_competence applies only to rules with 'then: reassign'; remove it",
                     node, path)
            return None
        if isinstance(node, YScalar) and node.kind == "str":
            assert isinstance(node.value, str)
            name = node.value
            missing = [f.id for f in in_scope if name not in f.thresholds]
            if missing:
                known = sorted({t for f in in_scope for t in f.thresholds})
                self.err("unknown-threshold",
                         f"threshold {name!r} is not defined for field(s) "
                         f"{', '.join(missing)}; define it in defaults.thresholds or write a "
                         "number", node, path, did_you_mean(name, known))
                return None
            self.seen(node, path)
            return name
        return self.number(node, path, minimum=Fraction(0))

    def condition(
        self, node: Node | None, path: str, in_scope: list[Field], all_fields: list[Field],
        unit_ids: list[str] | None,
    ) -> tuple[expr_lang.Expression | None, bool | None, str | bool | None]:
        parsed, when = self.parse_when(node, path)
        if parsed is None:
            return compiled_when(None, when)
        types, explain = _variable_types(in_scope, all_fields)
        domains = {"field": [f.id for f in all_fields], "unit": unit_ids or []}
        for found in expr_lang.check(parsed, types, domains=domains):
            better = _explain_unknown(found, explain) if found.code == "unknown-variable" else found
            self.loader.problems.append(better)
        return compiled_when(parsed, when)

    def scope_warnings(self, tree: YMap, fields: list[Field], units: list[Unit],
                       rules: list[CompiledRule]) -> None:
        where = tree.items["rules"].location if "rules" in tree.items else tree.location
        for f in fields:
            for u in units:
                if not any(c.constant is True and c.rule.applies_to(f.id, u.id) for c in rules):
                    self.loader.warn(
                        "no-catch-all",
                        f"no rule with 'when: true' covers field {f.id!r} in unit {u.id!r}, so a "
                        "consultant there might be left undecided; end the rules with a "
                        "catch-all rule (when: true)", where, "rules")


def compiled_when(parsed: expr_lang.Expression | None, when: str | bool | None
                  ) -> tuple[expr_lang.Expression | None, bool | None, str | bool | None]:
    """(condition, constant, as written) of a checked ``when``: the literal ``true`` (written
    as a boolean or as text) is a constant, so that the catch-all needs no evaluation."""
    if isinstance(when, bool):
        return None, when, when
    if when is not None and when.strip() == "true":
        return None, True, when
    return parsed, None, when


@attrs.define
class _Defaults:
    scoring: str | None = None
    scoring_ok: bool = True
    cap: Fraction | None = None
    thresholds: dict[str, Fraction] = attrs.field(factory=dict)
    indicators: list[_RawIndicator] = attrs.field(factory=list)


@attrs.frozen
class _RawIndicator:
    id: str
    label: str
    target: Fraction
    weight: Fraction | None
    minimum: Fraction | None
    direction: Direction
    step: Fraction
    common: bool
    location: Location
    has_weight: bool


def _variable_types(
    in_scope: list[Field], all_fields: list[Field]
) -> tuple[dict[str, expr_lang.ValueType], Callable[[str], str | None]]:
    num, text = expr_lang.ValueType.NUMBER, expr_lang.ValueType.STRING
    types: dict[str, expr_lang.ValueType] = {
        "score": num, "gates_failed": num, "years_served": num, "best_competence": num,
        "field": text, "unit": text,
    }
    for f in all_fields:
        types[f"competence_{f.id}"] = num
    scope_ids = [f.id for f in in_scope]
    if in_scope:
        common_thresholds = set.intersection(*(set(f.thresholds) for f in in_scope))
        common_indicators = set.intersection(*({i.id for i in f.indicators} for f in in_scope))
    else:
        common_thresholds, common_indicators = set(), set()
    for name in common_thresholds:
        types[name] = num
    for ind in common_indicators:
        types[f"ratio_{ind}"] = num

    def explain(name: str) -> str | None:
        if name.startswith("ratio_"):
            ind = name[len("ratio_"):]
            lacking = [f.id for f in in_scope if f.indicator(ind) is None]
            if lacking and len(lacking) < len(in_scope):
                return (f"{name!r} is not available: field(s) {', '.join(lacking)} in this "
                        f"rule's scope have no indicator {ind!r}; scope the rule with "
                        f"fields: [{', '.join(i for i in scope_ids if i not in lacking)}]")
        lacking = [f.id for f in in_scope if name not in f.thresholds]
        if lacking and len(lacking) < len(in_scope):
            return (f"threshold {name!r} is not defined for field(s) {', '.join(lacking)} in "
                    "this rule's scope; define it in defaults.thresholds or scope the rule")
        return None

    return types, explain


def _explain_unknown(problem: Problem, explain: Callable[[str], str | None]) -> Problem:
    match = re.search(r"'([A-Za-z_][A-Za-z0-9_]*)'", problem.message)
    if match is None:
        return problem
    better = explain(match.group(1))
    if better is None:
        return problem
    return attrs.evolve(problem, message=better, suggestion=None)


def _describe(node: Node) -> str:
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


def _num(value: Fraction) -> str:
    from plut_rules.exact import decimal_text

    return decimal_text(value)


def _suggest_ident(text: str) -> str:
    cleaned = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_") or "name"
    if not cleaned[0].isalpha():
        cleaned = "x_" + cleaned
    return cleaned


def _document(
    policy_id: str, year: int, title: str | None, determined_by: str | None,
    defaults: _Defaults, fields: list[Field], units: list[Unit], rules: list[Rule],
) -> dict[str, Any]:
    """The resolved policy as plain data: every default applied, a valid policy itself."""

    def indicator(i: Indicator) -> dict[str, Any]:
        out: dict[str, Any] = {"label": i.label, "target": i.target, "direction": i.direction,
                               "step": i.step}
        if i.weight is not None:
            out["weight"] = i.weight
        if i.minimum is not None:
            out["minimum"] = i.minimum
        return out

    doc: dict[str, Any] = {"policy": policy_id, "year": year}
    if title is not None:
        doc["title"] = title
    if determined_by is not None:
        doc["determined_by"] = determined_by
    common = [i for i in (fields[0].indicators if fields else ()) if i.common]
    if common:
        doc["defaults"] = {"indicators": {i.id: indicator(i) for i in common}}
    doc["units"] = {
        u.id: {"name": u.name, **({"evaluator": u.evaluator} if u.evaluator else {}),
               "seats": dict(u.seats)}
        for u in units
    }
    doc["fields"] = {
        f.id: {"name": f.name, "scoring": f.scoring, "cap": f.cap,
               "thresholds": dict(f.thresholds),
               "indicators": {i.id: indicator(i) for i in f.indicators if not i.common}}
        for f in fields
    }
    doc["rules"] = []
    for r in rules:
        item: dict[str, Any] = {"id": r.id, "when": r.when, "then": r.then}
        if r.reason is not None:
            item["reason"] = r.reason
        if r.fields is not None:
            item["fields"] = list(r.fields)
        if r.units is not None:
            item["units"] = list(r.units)
        if r.min_competence is not None:
            item["min_competence"] = r.min_competence
        doc["rules"].append(item)
    return doc
