"""Rows of a data file, whatever its format, and reading their values.

A format reader (:mod:`~plut_rules.readers.csv_files`, ``xlsx_files``,
``json_files``) turns a file into a :class:`Table` of :class:`Row` objects whose
:class:`Cell` values are told apart by kind; :func:`check_header` matches its
header to the columns of a :class:`~plut_rules.readers.schemas.TableSchema`.
A :class:`RowReader` then reads each value as text or an exact number.  Nothing
here raises on bad input: every problem is recorded with its place in the file
(line, or sheet and cell) and the column it concerns, and says what to write
instead; a row with a problem is not used.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from typing import Any, NamedTuple

import attrs

from plut_rules.errors import Location, Problem, did_you_mean
from plut_rules.exact import (
    NumberOutOfRange,
    decimal_text,
    parse_decimal,
    range_error,
    range_words,
)
from plut_rules.readers.lookalike import lookalike_hint
from plut_rules.readers.number_rules import STYLE_JSON, BadNumber, text_number
from plut_rules.readers.schemas import (
    FIELD_ID,
    HEADERS,
    PREFIXES,
    SCHEMAS,
    WIDE_TARGET_PREFIX,
    TableSchema,
    canonical_column,
    column_hint,
    header_name,
)
from plut_rules.visible import CONTROL, control_characters
from plut_rules.wording import Words, say

__all__ = [
    "Cell",
    "Number",
    "Row",
    "RowReader",
    "Table",
    "check_header",
    "empty_file",
    "header_place",
    "indefinite_article",
    "kind_words",
    "normalize_name",
    "primed",
    "row_place",
    "unknown_column",
    "unnamed_column",
    "worded",
]


#: An exact number read from a cell and its nearest float (one correctly rounded division).
Number = tuple[Fraction, float]

# What :func:`~plut_rules.visible.control_characters` names: tab, newline and every
# character CONTROL matches.  One search tells a clean text (the common case) at C speed.
_NAMED_CONTROLS = re.compile("[\t\n" + CONTROL.pattern[1:])


class Cell(NamedTuple):
    """One value of a row, already told apart by kind.

    ``kind`` is ``empty``, ``text`` (a str), ``number`` (a Fraction, from a
    numeric spreadsheet cell or a JSON number) or ``bad`` (``value`` is a
    ``(code, description, standalone)`` triple: a date, a boolean, a formula
    error...; a standalone description is the whole message).  ``loc`` is where
    the value stands.
    """

    kind: str
    value: Any
    loc: Location | int  # an int is a JSON offset, made a Location by the table's ``locate``


class Row(NamedTuple):
    """One data row: where it starts, its cells by column name, and the paths to name."""

    loc: Location
    cells: dict[str, Cell]
    paths: dict[str, str]  # column -> path to name in problems, when not the column itself


@attrs.define
class Table:
    """The rows of a file, read in a number ``style``, with what its header lacks.

    ``rows`` may be read once only: a CSV file or a workbook gives its rows as they are
    read, so that a file of a million rows is never held as rows at once (and header
    problems are recorded when the first row is asked for).  ``columns`` are the known
    columns of the header (for JSON: of any object).
    """

    schema: TableSchema
    style: str
    rows: Iterable[Row] = attrs.Factory(list)
    columns: set[str] = attrs.Factory(set)
    # Required columns that the header lacks (reported once, at the header).
    missing: set[str] = attrs.Factory(set)
    # A header problem that makes every row unreadable (duplicate column...).
    broken: bool = False
    # Turns a JSON offset into a Location.
    locate: Callable[[int], Location] | None = None
    # The indicator columns of a wide achievements table (one row per consultant, one
    # column per indicator); empty for a table of one row per achievement.
    wide: tuple[str, ...] = ()
    # A column's header as the file wrote it, when not its (English) name: "nama" for
    # "name"; messages in Indonesian name the column so.
    written: dict[str, str] = attrs.Factory(dict)
    # Number text read by the table's style -> its value and nearest float: a text is
    # parsed once per table (text_number depends on the text and the style only).
    numbers: dict[str, Number] = attrs.Factory(dict)
    # Each distinct number value -> its one shared (value, float) pair.
    shared: dict[Fraction, Number] = attrs.Factory(dict)

    def share(self, value: Fraction) -> Number:
        """The table's one (value, nearest float) pair for numbers equal to ``value``."""
        found = self.shared.get(value)
        if found is None:
            found = self.shared[value] = (value, value.numerator / value.denominator)
        return found

    def where(self, loc: Location | int) -> Location:
        """The place of a cell as a Location (a JSON offset is turned into one)."""
        if isinstance(loc, Location):
            return loc
        assert self.locate is not None
        return self.locate(loc)


def primed(rows: Iterator[Row]) -> Iterator[Row]:
    """``rows`` with the first already read, so that a reader's header is checked (and
    ``Table.columns`` known) before a caller asks for any row."""
    first = next(rows, None)
    return rows if first is None else itertools.chain((first,), rows)


def row_place(loc: Location) -> Words:
    """How a message names a row: ``row 5`` in a spreadsheet, ``line 5`` in a text file."""
    if loc.sheet is not None:
        return say("rows.row", n=loc.line)
    return say("rows.line", n=loc.line)


def worded(code: str, message: Words | str, location: Location | None = None,
           path: str = "", suggestion: str | None = None) -> Problem:
    """A problem of ``message`` in words (both languages) or in plain English."""
    if isinstance(message, Words):
        return Problem.worded(code, message, location, path, suggestion=suggestion)
    return Problem(code, message, location, path, suggestion=suggestion)


def kind_words(kind: str, article: bool = False) -> Words:
    """A kind of data file (``consultants``) in words; with ``article``, "a consultants"."""
    if kind == "consultants":
        return say("rows.a_consultants") if article else say("rows.consultants")
    if kind == "achievements":
        return say("rows.an_achievements") if article else say("rows.achievements")
    if kind == "candidates":
        return say("rows.a_candidates") if article else say("rows.candidates")
    if kind == "monthly reports":
        return say("rows.a_monthly") if article else say("rows.monthly")
    return Words.same(f"{indefinite_article(kind)} {kind}" if article else kind)


def normalize_name(name: str) -> str:
    """A column or key name as matched: without surrounding spaces, in lower case."""
    return name.strip().lower()


# --------------------------------------------------------------------------- headers


def check_header(
    names: list[tuple[str, Location]],
    schema: TableSchema,
    table: Table,
    problems: list[Problem],
    file_kind: str,
) -> list[str | None]:
    """Map each header position to a known column name (None: ignored or unusable).

    Empty header names map to ``""`` so that the caller can check that their
    column holds no values.
    """
    other = SCHEMAS[schema.other]
    normalized = {normalize_name(n) for n, _ in names}
    if (set(other.required) <= {canonical_column(other.kind, n) for n in normalized}
            and not set(schema.required) & {canonical_column(schema.kind, n)
                                            for n in normalized}):
        problems.append(Problem.worded(
            "wrong-file",
            say("rows.wrong_file", a_other=kind_words(other.kind, article=True),
                kind=kind_words(schema.kind), columns=required_headers(schema)),
            names[0][1] if names else None))
        table.broken = True
        return [None] * len(names)
    if is_wide(names, schema):
        return _wide_header(names, schema, table, problems)
    columns: list[str | None] = []
    known = schema.known()
    for raw, name, loc in _distinct(names, schema, table, problems, columns, {}):
        if normalize_name(raw) != name:
            table.written[name] = normalize_name(raw)
        if name in known:
            columns.append(name)
            continue
        if schema.prefix is not None and name.startswith(schema.prefix):
            field = name[len(schema.prefix) :]
            if FIELD_ID.fullmatch(field):
                columns.append(name)
                continue
            problems.append(Problem.worded(
                "bad-column-name", say("rows.bad_field_column", what=say("rows.the_column"),
                                       column=repr(raw.strip()), prefix=schema.prefix),
                loc, path=name))
            columns.append(None)
            continue
        problems.append(unknown_column(raw.strip(), name, loc, schema, file_kind))
        columns.append(None)
    present = {c for c in columns if c}
    table.columns.update(present)
    missing = [c for c in schema.required if c not in present]
    if missing:
        first = names[0][1] if names else None
        for name in missing:
            problems.append(Problem.worded(
                "missing-column", say("rows.missing_column", column=repr(name),
                                      kind=kind_words(schema.kind),
                                      required=", ".join(schema.required)),
                first, path=name))
        table.missing.update(missing)
    return columns


def _distinct(names: list[tuple[str, Location]], schema: TableSchema, table: Table,
              problems: list[Problem], columns: list[str | None],
              seen: dict[str, Location]) -> Iterator[tuple[str, str, Location]]:
    """Each header as (written, column name, place), but an empty one (column ``""``) and
    a repeated one (reported; column None), which are put in ``columns`` here: the caller
    appends the column of each header yielded, so ``columns`` stays in header order.
    ``seen`` gets where each name was first given."""
    for raw, loc in names:
        name = canonical_column(schema.kind, normalize_name(raw))
        if not name:
            columns.append("")
            continue
        if name in seen:
            problems.append(Problem.worded(
                "duplicate-column", say("rows.duplicate_column", column=repr(name),
                                        first=header_place(seen[name])), loc, path=name))
            table.broken = True
            columns.append(None)
            continue
        seen[name] = loc
        yield raw, name, loc


def is_wide(names: list[tuple[str, Location]], schema: TableSchema) -> bool:
    """Whether a header is that of a wide achievements table: the consultant column and
    other columns, none of them the indicator or achievement column (nor close to one)."""
    if schema.kind != "achievements":
        return False
    columns = [canonical_column(schema.kind, normalize_name(n)) for n, _ in names]
    others = [c for c in columns if c and c != "consultant"]
    if "consultant" not in columns or not others or {"indicator", "achievement"} & set(others):
        return False
    long_names = [n for pair in HEADERS["achievements"] for n in pair if n != "consultant"]
    # the target column of an indicator in the header ("omzet, target_omzet") is no typo
    # of "target", however short the indicator's name
    targets = {WIDE_TARGET_PREFIX + c for c in others}
    # "indicatr, achievment": a long table with typos, not indicators named so
    return not any(did_you_mean(c, long_names) for c in others
                   if c != "target" and c not in targets)


def _wide_header(
    names: list[tuple[str, Location]], schema: TableSchema, table: Table, problems: list[Problem]
) -> list[str | None]:
    """The columns of a wide achievements table: ``consultant``, then indicator ids and
    ``target_<indicator>`` columns."""
    columns: list[str | None] = []
    seen: dict[str, Location] = {}
    indicators: list[str] = []
    for raw, name, loc in _distinct(names, schema, table, problems, columns, seen):
        indicator = name.removeprefix(WIDE_TARGET_PREFIX)
        if name == "consultant":
            columns.append(name)
            continue
        if name == "target":
            problems.append(Problem.worded(
                "bad-column-name", say("rows.wide_target", prefix=WIDE_TARGET_PREFIX),
                loc, path=name))
            columns.append(None)
            continue
        if not FIELD_ID.fullmatch(indicator):
            problems.append(Problem.worded(
                "bad-column-name", say("rows.wide_bad_column", column=repr(raw.strip()),
                                       prefix=WIDE_TARGET_PREFIX), loc, path=name))
            columns.append(None)
            continue
        columns.append(name)
        if not name.startswith(WIDE_TARGET_PREFIX):
            indicators.append(name)
    for name, loc in seen.items():
        if name.startswith(WIDE_TARGET_PREFIX) and name != "target" and (
                name.removeprefix(WIDE_TARGET_PREFIX) not in indicators):
            problems.append(Problem.worded(
                "unknown-column", say("rows.wide_lone_target", column=repr(name),
                                      indicator=repr(name.removeprefix(WIDE_TARGET_PREFIX))),
                loc, path=name))
    table.wide = tuple(indicators)
    return columns


def header_place(loc: Location) -> Words:
    """Where a header name stands, for a message that points back to it."""
    if loc.sheet is not None:
        return say("rows.cell", cell=loc.cell)
    if loc.column is not None:
        return say("rows.line_column", line=loc.line, column=loc.column)
    return say("rows.line", n=loc.line)


def unknown_column(
    shown: str, name: str, loc: Location, schema: TableSchema, file_kind: str
) -> Problem:
    """The problem of a column (or key, ``file_kind``) the schema does not know, with a
    suggestion."""
    indonesian = [name for _, name in HEADERS.get(schema.kind, ())]
    candidates = set(schema.known()) | set(indonesian)
    if schema.prefix is not None:
        # "competance_produksi" -> "competence_produksi"; "competence produksi" too.
        for sep in ("_", " ", "-"):
            if sep in name:
                candidates.add(schema.prefix + name.split(sep, 1)[1].replace(" ", "_"))
    suggestion = did_you_mean(name, candidates)
    allowed = Words.same(", ".join(schema.known()))
    if schema.prefix is not None:
        allowed += f", {schema.prefix}<field>"
    if indonesian:
        allowed += say("rows.in_indonesian") + ", ".join(indonesian)
    if schema.kind in PREFIXES:
        allowed += f", {PREFIXES[schema.kind][1]}<field>"
    lookalike = lookalike_hint(name)
    hint = Words.same("")
    if lookalike is not None:
        hint = "; " + lookalike[0]
        suggestion = did_you_mean(lookalike[1], candidates) or suggestion
    what = say("rows.key") if file_kind == "key" else say("rows.column")
    return Problem.worded(
        "unknown-column",
        say("rows.unknown_column", what=what, shown=repr(shown), hint=hint,
            kind=kind_words(schema.kind), allowed=allowed),
        loc, path=name, suggestion=suggestion)


def indefinite_article(word: str) -> str:
    """The indefinite article before ``word``."""
    return "an" if word[:1] in "aeiou" else "a"


def unnamed_column(index: int, first: Words, loc: Location) -> Problem:
    """The problem of values under a header cell left empty (``first``: where they start)."""
    return Problem.worded("unnamed-column", say("rows.unnamed_column", n=index + 1, first=first),
                          loc)


def empty_file(file: str, schema: TableSchema, loc: Location) -> Problem:
    """The problem of a file or sheet without a header row."""
    return Problem.worded("empty-file", say("rows.no_header", columns=required_headers(schema)),
                          loc)


def required_headers(schema: TableSchema) -> Words:
    """The required columns of ``schema``'s files, as their headers are written in each
    language (``nama, bidang...`` in Indonesian, as the Indonesian template writes them)."""
    return Words(", ".join(header_name(schema.kind, c, "id") for c in schema.required),
                 ", ".join(schema.required))


# --------------------------------------------------------------------------- values


class RowReader:
    """Reads the values of one row, recording each problem; ``ok`` is False after any.

    The consultants, achievements and monthly-report readers use one each per
    row: :meth:`text` and :meth:`number` give a value or None, :meth:`fail` records a
    problem of the row's own (a year out of range, a duplicate id...).
    """

    def __init__(self, table: Table, row: Row, problems: list[Problem]) -> None:
        self.table = table
        self.row = row
        self.problems = problems
        self.ok = not table.broken  # a broken header makes no row usable

    def fail(self, code: str, message: Words | str, column: str,
             loc: Location | int | None = None) -> None:
        """Record a problem of ``column`` at ``loc`` (default: the row) and mark the row bad;
        ``message`` in words (both languages) or plain English."""
        self.ok = False
        where = self.row.loc if loc is None else self.table.where(loc)
        self.problems.append(worded(code, message, where, self.row.paths.get(column, column)))

    def shown(self, column: str) -> Words:
        """``column`` quoted as a message names it: in Indonesian as the file wrote it
        (``'nama'``), in English by its name (``'name'``)."""
        return Words(repr(self.table.written.get(column, column)), repr(column))

    def cell(self, column: str, required: bool) -> Cell | None:
        """The cell of ``column``, or None when it is empty (a problem if ``required``)."""
        cell = self.row.cells.get(column)
        if cell is None:
            if column in self.table.missing or self.table.broken:
                self.ok = False  # reported once, at the header
            elif required:
                what = say("rows.the_key") if self.table.style == STYLE_JSON else \
                    say("rows.the_column")
                self.fail("missing-value", say("rows.missing_value", what=what,
                                               column=self.shown(column),
                                               hint=column_hint(column)), column)
            return None
        if cell.kind == "empty":
            if required:
                self.fail("missing-value", say("rows.empty_value", column=self.shown(column),
                                               hint=column_hint(column)), column, cell.loc)
            return None
        return cell

    def text(self, column: str) -> str:
        """The text of a required column (a number as written), or ``""`` with a problem."""
        cell = self.cell(column, required=True)
        if cell is None:
            return ""
        if cell.kind == "text":
            return str(cell.value)
        if cell.kind == "number":
            return decimal_text(cell.value)
        self.bad(cell, column, column_hint(column))
        return ""

    def identifier(self, column: str) -> str:
        """The text of a required id column (a consultant's id, a unit...), or ``""`` with
        a problem when it holds a control character (an escape code could hide or fake
        lines where the id is shown)."""
        text = self.text(column)
        if _NAMED_CONTROLS.search(text) is None:
            return text
        shown = control_characters(text)
        if shown:
            self.fail("control-character",
                      say("rows.control_character", column=self.shown(column), shown=shown),
                      column, self.loc_of(column))
            return ""
        return text

    def number(self, column: str, required: bool, hint: Words | str) -> Fraction | None:
        """The exact number in ``column`` by the table's number rules, or None.

        ``hint`` says what to write when the value is not a number.
        """
        found = self.exact_number(column, required, hint)
        return None if found is None else found[0]

    def exact_number(self, column: str, required: bool, hint: Words | str) -> Number | None:
        """:meth:`number` with its nearest float, or None; equal numbers of a table give
        one shared pair (see :meth:`Table.share`), a number text is parsed once."""
        cell = self.cell(column, required)
        if cell is None:
            return None
        kind = cell.kind
        table = self.table
        if kind == "text" and table.style != STYLE_JSON:
            text = str(cell.value)
            found = table.numbers.get(text)
            if found is not None:
                return found
            try:
                value = text_number(text, table.style)
            except BadNumber as exc:
                if column == "appointed":
                    self.fail("not-a-year", say("rows.not_a_year", text=repr(text), hint=hint),
                              column, cell.loc)
                else:
                    self.fail(exc.code, exc.words, column, cell.loc)
                return None
            found = table.numbers[text] = table.share(value)
            return found
        if kind == "number":
            value = cell.value
            reason = range_error(value)
            if reason is not None:
                shown = decimal_text(value) if value.denominator == 1 else str(float(value))
                message = range_words(self.shown(column) + f" ({shown})", reason)
                self.fail("number-out-of-range", message, column, cell.loc)
                return None
            return table.share(value)
        if kind == "bad":
            self.bad(cell, column, hint)
            return None
        text = str(cell.value)  # text in a JSON file, where a number is written unquoted
        try:
            quoted = parse_decimal(text) is not None
        except NumberOutOfRange:
            quoted = True
        if quoted:
            message = say("rows.quoted_number", column=self.shown(column), text=text)
            code = "quoted-number"
        else:
            message = say("rows.text_not_number", column=self.shown(column), text=text,
                          hint=hint)
            code = "not-a-number"
        self.fail(code, message, column, cell.loc)
        return None

    def bad(self, cell: Cell, column: str, hint: Words | str) -> None:
        """Record the problem of a ``bad`` cell (a date, a formula error...)."""
        code, description, standalone = cell.value
        message = description if standalone else say(
            "rows.holds", column=self.shown(column), description=description, hint=hint)
        self.fail(code, message, column, cell.loc)

    def loc_of(self, column: str) -> Location | int:
        """Where the value of ``column`` stands (the row when it has none)."""
        cell = self.row.cells.get(column)
        return cell.loc if cell is not None else self.row.loc
