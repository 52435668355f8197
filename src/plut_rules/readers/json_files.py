"""JSON data files: a list of objects, or one key holding it, with every value's place."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import attrs

from plut_rules.errors import Location, Problem
from plut_rules.exact import NumberOutOfRange, parse_decimal, range_words
from plut_rules.readers.files import decode_utf8
from plut_rules.readers.number_rules import STYLE_JSON
from plut_rules.readers.rows import (
    Cell,
    Row,
    Table,
    header_place,
    kind_words,
    normalize_name,
    unknown_column,
)
from plut_rules.readers.schemas import FIELD_ID, SCHEMAS, TableSchema, canonical_column
from plut_rules.wording import Words, say

__all__ = ["read_json_table"]

# JSON nesting deeper than this is refused (a data file needs three levels).
_MAX_JSON_DEPTH = 64


# The C string scanner of the json module: (text, index after the opening quote, strict)
# -> (the string, index after the closing quote).  Not in the type stubs.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


_JSON_WS = re.compile(r"[ \t\n\r]*")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
_JSON_CONSTANTS: dict[str, tuple[str, str]] = {  # first character -> (word, kind)
    "t": ("true", "bool"),
    "f": ("false", "bool"),
    "n": ("null", "null"),
    "N": ("NaN", "nonfinite"),
    "I": ("Infinity", "nonfinite"),
}


class _JNode(NamedTuple):
    """A JSON value and the character offset where it starts.

    ``value`` is a dict ``key -> (key offset, node)`` for an object, a list of
    nodes for an array, the str, the exact Fraction, a bool or None.  Offsets
    become a :class:`Location` only when a problem needs one.
    """

    kind: str  # object, array, str, number, bool, null, nonfinite, outofrange
    value: Any
    pos: int
    raw: str


class _TooDeep(Exception):
    pass


class _JsonReader:
    """A JSON parser that keeps where every value starts.

    It runs on text that :func:`json.loads` has accepted, so it need not
    report syntax errors; it reports duplicate keys, which json.loads ignores.
    """

    def __init__(self, text: str, file: str) -> None:
        self.text = text
        self.file = file
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.problems: list[Problem] = []

    def loc(self, pos: int) -> Location:
        line = bisect.bisect_left(self.newlines, pos)
        start = self.newlines[line - 1] + 1 if line else 0
        return Location(self.file, line + 1, pos - start + 1)

    def skip(self, pos: int) -> int:
        match = _JSON_WS.match(self.text, pos)
        return match.end() if match else pos

    def value(self, pos: int, depth: int) -> tuple[_JNode, int]:
        if depth > _MAX_JSON_DEPTH:
            raise _TooDeep(pos)
        text = self.text
        char = text[pos]
        if char == "{":
            return self.mapping(pos, depth)
        if char == "[":
            return self.sequence(pos, depth)
        if char == '"':
            string, end = _scanstring(text, pos + 1, True)
            return _JNode("str", string, pos, string), end
        constant = _JSON_CONSTANTS.get(char)
        if constant is not None:
            word, kind = constant
            flag = None if kind != "bool" else word == "true"
            return _JNode(kind, flag, pos, word), pos + len(word)
        if text.startswith("-Infinity", pos):
            return _JNode("nonfinite", None, pos, "-Infinity"), pos + 9
        match = _JSON_NUMBER.match(text, pos)
        if match is None:  # pragma: no cover - json.loads accepted the text
            raise ValueError(pos)
        raw = match.group()
        try:
            number = parse_decimal(raw)
        except NumberOutOfRange as exc:
            return _JNode("outofrange", exc.reason, pos, raw), match.end()
        if number is None:  # pragma: no cover - the pattern admits only decimal literals
            return _JNode("nonfinite", None, pos, raw), match.end()
        return _JNode("number", number, pos, raw), match.end()

    def mapping(self, start: int, depth: int) -> tuple[_JNode, int]:
        items: dict[str, tuple[int, _JNode]] = {}
        text = self.text
        pos = self.skip(start + 1)
        if text[pos] == "}":
            return _JNode("object", items, start, "{"), pos + 1
        while True:
            key_pos = pos
            name, pos = _scanstring(text, pos + 1, True)
            pos = self.skip(self.skip(pos) + 1)  # past the ':'
            node, pos = self.value(pos, depth + 1)
            if name in items:
                self.problems.append(Problem.worded(
                    "duplicate-key", say("json.duplicate_key", key=repr(name),
                                         first=header_place(self.loc(items[name][0]))),
                    self.loc(key_pos), path=normalize_name(name)))
            else:
                items[name] = (key_pos, node)
            pos = self.skip(pos)
            if text[pos] == "}":
                return _JNode("object", items, start, "{"), pos + 1
            pos = self.skip(pos + 1)  # past the ','

    def sequence(self, start: int, depth: int) -> tuple[_JNode, int]:
        items: list[_JNode] = []
        text = self.text
        pos = self.skip(start + 1)
        if text[pos] == "]":
            return _JNode("array", items, start, "["), pos + 1
        while True:
            node, pos = self.value(pos, depth + 1)
            items.append(node)
            pos = self.skip(pos)
            if text[pos] == "]":
                return _JNode("array", items, start, "["), pos + 1
            pos = self.skip(pos + 1)


def _parse_json(
    data: bytes, file: str, problems: list[Problem]
) -> tuple[_JNode, _JsonReader] | None:
    text = decode_utf8(data, file, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(Problem.worded("empty-file", say("json.empty"), Location(file, 1, 1)))
        return None
    try:
        json.loads(text, parse_int=str, parse_float=str, parse_constant=str)
    except json.JSONDecodeError as exc:
        problems.append(Problem.worded(
            "json-syntax", say("json.syntax", reason=exc.msg, line=exc.lineno, column=exc.colno),
            Location(file, exc.lineno, exc.colno)))
        return None
    except RecursionError:
        problems.append(_json_too_deep(Location(file)))
        return None
    reader = _JsonReader(text, file)
    try:
        tree, _ = reader.value(reader.skip(0), 0)
    except _TooDeep as exc:
        problems.append(_json_too_deep(reader.loc(exc.args[0])))
        return None
    problems.extend(reader.problems)
    return tree, reader


def _json_too_deep(loc: Location) -> Problem:
    return Problem.worded("too-deep", say("json.too_deep"), loc)


def read_json_table(
    data: bytes, file: str, schema: TableSchema, problems: list[Problem]
) -> Table | None:
    """The table of a JSON file, or None when no row can be read (with its problem)."""
    parsed = _parse_json(data, file, problems)
    if parsed is None:
        return None
    tree, reader = parsed
    other = SCHEMAS[schema.other]
    items: list[_JNode] | None = None
    if tree.kind == "array":
        items = tree.value
    elif tree.kind == "object" and len(tree.value) == 1:
        ((key, (_, inner)),) = tree.value.items()
        if normalize_name(key) == schema.kind and inner.kind == "array":
            items = inner.value
        elif normalize_name(key) == other.kind:
            problems.append(Problem.worded(
                "wrong-file", say("json.wrong_file", a_other=kind_words(other.kind, True),
                                  kind=kind_words(schema.kind)), reader.loc(tree.pos)))
            return None
    if items is None:
        problems.append(Problem.worded(
            "bad-structure", say("json.shape", kind=schema.kind), reader.loc(tree.pos)))
        return None
    table = Table(schema, STYLE_JSON, locate=reader.loc)
    rows: list[Row] = []
    unknown: dict[str, list[int]] = {}
    for item in items:
        if item.kind != "object":
            problems.append(Problem.worded(
                "bad-structure", say("json.not_object", row=row_noun_words(schema.row_noun)),
                reader.loc(item.pos)))
            continue
        rows.append(_json_row(item, reader, schema, problems, unknown, table.written))
    table.rows = rows
    table.columns = {c for row in rows for c in row.cells}
    if (
        rows
        and set(other.required) <= {normalize_name(k) for k in unknown}
        and not any(row.cells for row in rows)
    ):
        problems.append(Problem.worded(
            "wrong-file", say("json.looks_wrong", a_other=kind_words(other.kind, True),
                              kind=kind_words(schema.kind), keys=", ".join(schema.required)),
            reader.loc(tree.pos)))
        table.broken = True
        return table
    for name, places in unknown.items():
        problem = unknown_column(name, normalize_name(name), reader.loc(places[0]), schema, "key")
        if len(places) > 1:
            more = len(places) - 1
            also = say("json.also_more", n=more) if more > 1 else say("json.also_one")
            problem = attrs.evolve(problem, message=problem.message + also.english,
                                   indonesian=(problem.indonesian or "") + also.indonesian)
        problems.append(problem)
    return table


def row_noun_words(noun: str) -> Words:
    """What one row of a table is (``consultant``), in words."""
    if noun == "consultant":
        return say("json.noun_consultant")
    if noun == "achievement":
        return say("json.noun_achievement")
    if noun == "candidate":
        return say("json.noun_candidate")
    if noun == "monthly report":
        return say("json.noun_monthly")
    return Words.same(noun)


def _json_cell(node: _JNode) -> Cell:
    kind = node.kind
    if kind == "str":
        text = node.value.strip()
        return Cell("text", text, node.pos) if text else Cell("empty", None, node.pos)
    if kind == "number":
        return Cell("number", node.value, node.pos)
    if kind == "null":
        return Cell("empty", None, node.pos)
    if kind == "nonfinite":
        description = say("cell.json_non_finite", value=node.raw)
        return Cell("bad", ("not-finite", description, False), node.pos)
    if kind == "outofrange":
        message = range_words(node.raw, node.value)
        return Cell("bad", ("number-out-of-range", message, True), node.pos)
    if kind == "bool":
        return Cell("bad", ("wrong-type", say("cell.boolean", value=node.raw), False), node.pos)
    if kind == "object":
        return Cell("bad", ("wrong-type", say("cell.object"), False), node.pos)
    return Cell("bad", ("wrong-type", say("cell.list"), False), node.pos)


def _json_row(
    item: _JNode,
    reader: _JsonReader,
    schema: TableSchema,
    problems: list[Problem],
    unknown: dict[str, list[int]],
    written: dict[str, str],
) -> Row:
    cells: dict[str, Cell] = {}
    paths: dict[str, str] = {}
    given: dict[str, int] = {}
    known = schema.known()
    prefix = schema.prefix

    def put(name: str, cell: Cell, key_pos: int, path: str) -> None:
        if name in cells:
            problems.append(Problem.worded(
                "duplicate-key", say("json.repeats", path=repr(path),
                                     first_path=repr(paths.get(name, name)),
                                     first=header_place(reader.loc(given[name]))),
                reader.loc(key_pos), path=path))
            return
        cells[name] = cell
        given[name] = key_pos
        if path != name:
            paths[name] = path

    for raw, (key_pos, node) in item.value.items():
        name = canonical_column(schema.kind, normalize_name(raw))
        if name in known:
            if name != normalize_name(raw):
                written.setdefault(name, normalize_name(raw))
            put(name, _json_cell(node), key_pos, name)
        elif prefix is not None and name == "competences":
            if node.kind == "null":
                continue
            if node.kind != "object":
                problems.append(Problem.worded(
                    "wrong-type", say("json.competences"), reader.loc(node.pos),
                    path="competences"))
                continue
            for field_raw, (field_pos, level) in node.value.items():
                field = normalize_name(field_raw)
                if not FIELD_ID.fullmatch(field):
                    problems.append(Problem.worded(
                        "bad-column-name", say("json.not_field_id", field=repr(field_raw)),
                        reader.loc(field_pos), path=f"competences.{field_raw}"))
                    continue
                put(prefix + field, _json_cell(level), field_pos, f"competences.{field}")
        elif prefix is not None and name.startswith(prefix):
            if FIELD_ID.fullmatch(name[len(prefix) :]):
                put(name, _json_cell(node), key_pos, name)
            else:
                problems.append(Problem.worded(
                    "bad-column-name", say("rows.bad_field_column", what=say("rows.the_key"),
                                           column=repr(raw), prefix=prefix),
                    reader.loc(key_pos), path=name))
        else:
            unknown.setdefault(raw.strip(), []).append(key_pos)
    return Row(reader.loc(item.pos), cells, paths)
