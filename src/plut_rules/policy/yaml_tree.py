"""A safe YAML 1.2 reader that keeps the position of every value.

ruamel.yaml composes the document into nodes; we turn those into a small tree
of :class:`YMap`, :class:`YSeq` and :class:`YScalar`, each with its
:class:`~plut_rules.errors.Location`.  No Python object is ever constructed
from a tag, so nothing in a file can run code; numbers keep the decimal text
they were written as; duplicate keys, unknown tags and alias bombs become
problems instead of surprises.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any, Literal

import attrs

from plut_rules.errors import Location, Problem
from plut_rules.exact import NumberOutOfRange, parse_decimal
from plut_rules.policy.yaml_syntax import explain_syntax_error, in_thousands
from plut_rules.wording import say

__all__ = ["Node", "YMap", "YScalar", "YSeq", "from_plain", "parse_yaml", "to_plain"]

# "badnumber": number syntax YAML admits but data files refuse (1_000, 0x10);
# "outofrange": a number outside the number range (exact.NUMBER_RANGE); both keep the text.
ScalarKind = Literal["str", "number", "bool", "null", "nonfinite", "badnumber", "outofrange"]

# Bounds for hostile input: a policy is a few kilobytes.
MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}


@attrs.frozen(eq=False)
class YScalar:
    """A scalar with its exact value: str, Fraction, bool or None (the text as written for
    a number that is refused)."""

    value: str | Fraction | bool | None
    kind: ScalarKind
    raw: str
    location: Location
    style: str | None = None  # the quote character of a quoted scalar, else None


@attrs.frozen(eq=False)
class YMap:
    """A mapping in file order; ``keys`` holds each key's own node (for its position)."""

    items: dict[str, Node]
    keys: dict[str, YScalar]
    location: Location

    def __iter__(self) -> Iterator[tuple[str, Node]]:
        return iter(self.items.items())


@attrs.frozen(eq=False)
class YSeq:
    """A sequence in file order."""

    items: list[Node]
    location: Location


Node = YScalar | YMap | YSeq


def _loc(file: str, mark: Any) -> Location:
    return Location(file, mark.line + 1, mark.column + 1)


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem.worded("not-utf8", say("yaml.not_utf8", byte=f"{data[exc.start]:02x}"),
                           Location(file, line, col))
        ]


def parse_yaml(data: bytes, file: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML 1.2 document, returning the positioned tree and every problem.

    The tree is None only when the document cannot be read at all (syntax
    error, not UTF-8, empty, too large); otherwise problems such as duplicate
    keys are reported alongside a usable tree.
    """
    if len(data) > MAX_BYTES:
        return None, [
            Problem.worded("file-too-large",
                           say("yaml.file_too_large", limit=in_thousands(MAX_BYTES)),
                           Location(file))
        ]
    text, problems = _decode(data, file)
    if text is None:
        return None, problems
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    try:
        deep = _too_deep(yaml, text, file)
        if deep is not None:
            return None, [deep]
        root = yaml.compose(text)
    except ReaderError as exc:
        # A control character (NUL, ...) the YAML reader refuses; it knows only the offset.
        pos = min(max(int(exc.position or 0), 0), len(text))
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        char = (f"U+{exc.character:04X}" if isinstance(exc.character, int)
                else say("yaml.a_character"))
        return None, [Problem.worded("yaml-syntax", say("yaml.control_char", char=char),
                                     Location(file, line, col))]
    except MarkedYAMLError as exc:
        return None, [explain_syntax_error(text, exc, file)]
    except YAMLError as exc:
        return None, [Problem.worded("yaml-syntax",
                                     say("yaml.unrecognised", detail=str(exc).strip()),
                                     Location(file))]
    except RecursionError:  # pragma: no cover - _too_deep refuses such nesting first
        return None, [Problem.worded("too-deep", say("yaml.too_deep_plain"),
                                     Location(file, 1, 1))]
    if root is None or (root.tag == _CORE + "null" and root.value == ""):  # "", "---", "..."
        return None, [Problem.worded("empty-file", say("yaml.empty_file"), Location(file, 1, 1))]
    builder = _Builder(file)
    tree = builder.build(root, 0)
    if builder.refused:
        # Refused values were replaced by nulls: validating the rest would only add noise.
        return None, builder.problems
    return tree, builder.problems


def _too_deep(yaml: Any, text: str, file: str) -> Problem | None:
    """Refuse nesting deeper than MAX_DEPTH from the event stream, before composing.

    The parser is a state machine, the composer recursive: checking the events
    first keeps ``[[[[...`` from exhausting the stack and names where it happens.
    """
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = 0
    for event in yaml.parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return Problem.worded("too-deep", say("yaml.too_deep", limit=MAX_DEPTH),
                                      _loc(file, event.start_mark))
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.count = 0
        self.too_many = False
        self.refused = False

    def build(self, node: Any, depth: int) -> Node:
        from ruamel.yaml.nodes import MappingNode, SequenceNode

        loc = _loc(self.file, node.start_mark)
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            self.refused = True
            if not self.too_many:
                self.too_many = True
                what = (say("yaml.too_many_values") if self.count > MAX_NODES
                        else say("yaml.too_many_levels"))
                self.problems.append(
                    Problem.worded("too-large", say("yaml.too_many", what=what), loc))
            return YScalar(None, "null", "", loc)
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            self.refused = True
            short = tag.replace(_CORE, "!!")
            self.problems.append(
                Problem.worded("tag-not-allowed", say("yaml.tag_not_allowed", tag=short), loc)
            )
            return YScalar(None, "null", "", loc)
        if isinstance(node, MappingNode):
            items: dict[str, Node] = {}
            keys: dict[str, YScalar] = {}
            for key_node, value_node in node.value:
                if self.too_many:
                    break
                key = self.build(key_node, depth + 1)
                if not isinstance(key, YScalar) or key.kind == "null":
                    self.problems.append(
                        Problem.worded("bad-key", say("yaml.bad_key"), key.location)
                    )
                    continue
                name = key.raw
                split = _split_decimal(items, key, value_node) if node.flow_style else None
                if split is not None:
                    items[split[0]] = split[1]
                    continue
                if name in items:
                    first = keys[name].location
                    self.problems.append(
                        Problem.worded("duplicate-key",
                                       say("yaml.duplicate_key", key=repr(name), line=first.line),
                                       key.location)
                    )
                    continue
                keys[name] = key
                value = self.build(value_node, depth + 1)
                if isinstance(value, YScalar) and value.kind == "null" and value.raw == "":
                    # An empty value ("title:") is best shown at its key, not the next line.
                    value = attrs.evolve(value, location=key.location)
                items[name] = value
            return YMap(items, keys, loc)
        if isinstance(node, SequenceNode):
            return YSeq([self.build(v, depth + 1) for v in node.value], loc)
        return _scalar(node, tag, loc)


def _split_decimal(items: dict[str, Node], key: YScalar, value_node: Any,
                   ) -> tuple[str, YScalar] | None:
    """``{weight: 0,2}``: YAML reads a decimal comma in a flow mapping as the end of
    ``weight: 0`` and a key ``2`` without a value.  Then the previous item, as written
    (``0,2``), is text the validator reports with its fix ("write 0.2"), and there is no
    key ``2`` to report as well (one mistake, one problem)."""
    if not items or key.kind != "number" or not key.raw.isdigit():
        return None
    if value_node.value != "" or not str(value_node.tag).endswith(":null"):
        return None
    name, before = next(reversed(items.items()))
    if not (isinstance(before, YScalar) and before.kind == "number"
            and before.raw.lstrip("-").isdigit()):
        return None
    end = (before.location.line, (before.location.column or 0) + len(before.raw) + 1)
    if (key.location.line, key.location.column) != end:
        return None
    written = f"{before.raw},{key.raw}"
    return name, YScalar(written, "str", written, before.location)


def _scalar(node: Any, tag: str, loc: Location) -> YScalar:
    raw: str = node.value
    style = node.style if node.style in ("'", '"') else None
    kind = tag[len(_CORE) :]
    if kind == "str":
        return YScalar(raw, "str", raw, loc, style)
    if kind == "bool":
        return YScalar(raw.lower() == "true", "bool", raw, loc)
    if kind == "null":
        return YScalar(None, "null", raw, loc)
    if "_" in raw or raw.lstrip("+-")[:2].lower() in ("0x", "0o", "0b"):
        # YAML 1.2 reads 1_000, 0x10 and 0o17 as integers; data files refuse them, and so
        # does a policy: one way to write a number everywhere.
        return YScalar(raw, "badnumber", raw, loc)
    try:
        value = parse_decimal(raw)
    except NumberOutOfRange:
        return YScalar(raw, "outofrange", raw, loc)
    if value is None:
        # .inf, .nan and anything else a float tag admits but a decimal does not
        return YScalar(None, "nonfinite", raw, loc)
    return YScalar(value, "number", raw, loc)


def to_plain(node: Node) -> Any:
    """The tree as plain Python values (dicts, lists, str, Fraction, bool, None)."""
    if isinstance(node, YMap):
        return {k: to_plain(v) for k, v in node.items.items()}
    if isinstance(node, YSeq):
        return [to_plain(v) for v in node.items]
    return node.value


def from_plain(value: Any, location: Location) -> Node:
    """A tree from plain Python values, every node placed at ``location``.

    Used for documents that never were a file: a policy edited in memory,
    or one restored from an audit record.
    """
    if isinstance(value, dict):
        items = {str(k): from_plain(v, location) for k, v in value.items()}
        keys = {str(k): YScalar(str(k), "str", str(k), location) for k in value}
        return YMap(items, keys, location)
    if isinstance(value, list | tuple):
        return YSeq([from_plain(v, location) for v in value], location)
    if isinstance(value, bool):
        return YScalar(value, "bool", "true" if value else "false", location)
    if value is None:
        return YScalar(None, "null", "null", location)
    if isinstance(value, Fraction | int | float):
        from plut_rules.exact import decimal_text, to_exact

        exact = to_exact(value)
        return YScalar(exact, "number", decimal_text(exact), location)
    text = str(value)
    return YScalar(text, "str", text, location)
