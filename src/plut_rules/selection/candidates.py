"""The candidates file (contract ``selection-v1.md`` §3): CSV, XLSX sheet ``kandidat``, JSON.

One row per candidate: ``id`` (unique), ``name``, ``unit``, ``field`` (the one seat
applied for), ``education``, ``experience_years``, ``birth_year``, ``domicile``,
``cert_<x>`` columns, and one column per test component (0..100 or empty).  The file is
read by the same table reader as the achievements file, so the same number rules and
error locations hold; every problem is returned at once.  Which columns exist depends on
the policy: its components, and the certificates its requirements read (those columns
are required, and an empty cell in one is an error).
"""

from __future__ import annotations

import os
from fractions import Fraction
from typing import Any

from plut_rules.errors import DataError, Location, Problem, did_you_mean, sort_problems
from plut_rules.exact import decimal_text
from plut_rules.model import Policy
from plut_rules.policy import (
    CANDIDATE_COLUMNS,
    CERT_PREFIX,
    EDUCATION,
    Education,
    SelectionPolicy,
)
from plut_rules.readers import (
    Format,
    RowReader,
    Table,
    TableSchema,
    decimal_mark,
    parse_table,
    read_data_file,
)
from plut_rules.selection.model import Candidate
from plut_rules.wording import Words, say

__all__ = ["load_candidates", "parse_candidates", "read_candidates"]

_TRUE = ("ya", "yes", "true", "1")
_FALSE = ("tidak", "no", "false", "0")

_HINTS = {
    "id": say("candidates.hint_id"),
    "name": say("candidates.hint_name"),
    "unit": say("hint.unit"),
    "field": say("candidates.hint_field"),
    "education": say("candidates.hint_education", levels=", ".join(EDUCATION)),
    "experience_years": say("candidates.hint_experience_years"),
    "birth_year": say("candidates.hint_birth_year"),
    "domicile": say("candidates.hint_domicile"),
}


def _schema(selection: SelectionPolicy) -> TableSchema:
    components = tuple(c.id for c in selection.components)
    certificates = tuple(CERT_PREFIX + x for x in selection.certificates)
    return TableSchema("candidates", "candidate", (*CANDIDATE_COLUMNS, *components, *certificates),
                  (), CERT_PREFIX, ("kandidat", "candidates"), "consultants")


def load_candidates(path: str | os.PathLike[str], policy: Policy, *,
                    display: str | None = None) -> tuple[Candidate, ...]:
    """Read a candidates file for ``policy``; :class:`DataError` listing every problem."""
    found, problems = read_candidates(path, policy, display=display)
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return tuple(found)


def read_candidates(path: str | os.PathLike[str], policy: Policy, *,
                    display: str | None = None) -> tuple[list[Candidate], list[Problem]]:
    """The candidates of a file and every problem found (``display`` names it)."""
    data, fmt, file, problems = read_data_file(path, display)
    if data is None or fmt is None:
        return [], problems
    return parse_candidates(data, file, fmt, policy)


def parse_candidates(data: bytes, file: str, fmt: Format, policy: Policy,
                     ) -> tuple[list[Candidate], list[Problem]]:
    """The candidates in the bytes of a file in ``fmt``, and every problem found."""
    from plut_rules.selection.semantics import required_selection

    selection = required_selection(policy)
    problems: list[Problem] = []
    table = parse_table(data, file, fmt, _schema(selection), problems)
    # a JSON file names its values by key, the others by column
    what = say("candidates.key") if fmt == "json" else say("candidates.column")
    found = _build(table, policy, selection, problems, what) if table is not None else []
    return found, [_wording(p) for p in sort_problems(problems)]


def _wording(problem: Problem) -> Problem:
    """The shared header check words the ``cert_`` columns as the consultants' field
    columns; say certificate instead."""
    import attrs

    if problem.code == "unknown-column" and f"{CERT_PREFIX}<field>" in problem.message:
        return attrs.evolve(problem, **{
            name: getattr(problem, name).replace(f"{CERT_PREFIX}<field>",
                                                 f"{CERT_PREFIX}<certificate>")
            for name in ("message", "indonesian") if getattr(problem, name) is not None})
    if problem.code == "bad-column-name" and problem.path.startswith(CERT_PREFIX):
        words = say("candidates.bad_cert_column", column=repr(problem.path),
                    prefix=CERT_PREFIX)
        return attrs.evolve(problem, message=words.english, indonesian=words.indonesian)
    return problem


class _Cells:
    """The values of one row, read with the table's row reader."""

    def __init__(self, reader: RowReader, what: Words) -> None:
        self.r = reader
        self.what = what

    def present(self, column: str, hint: Words) -> Any:
        """The cell of a required column, or None after reporting it missing."""
        r = self.r
        cell = r.cell(column, False)
        if cell is not None:
            return cell
        if column in r.table.missing or r.table.broken:
            r.ok = False  # reported once, at the header
            return None
        given = r.row.cells.get(column)
        what = self.what
        if given is None:
            r.fail("missing-value", say("candidates.missing", what=what,
                                        column=r.shown(column), hint=hint), column)
        else:
            r.fail("missing-value", say("rows.empty_value", column=r.shown(column), hint=hint),
                   column, given.loc)
        return None

    def text(self, column: str) -> str:
        hint = _HINTS[column]
        cell = self.present(column, hint)
        if cell is None:
            return ""
        if cell.kind == "text":
            return str(cell.value)
        if cell.kind == "number":
            return decimal_text(cell.value)
        self.r.bad(cell, column, hint)
        return ""

    def number(self, column: str, required: bool, hint: Words) -> Fraction | None:
        if required and self.present(column, hint) is None:
            return None
        return self.r.number(column, False, hint)

    def flag(self, column: str, required: bool) -> bool | None:
        hint = say("candidates.hint_flag")
        cell = self.present(column, hint) if required else self.r.cell(column, False)
        if cell is None:
            return None
        if cell.kind == "bad":
            # A workbook's TRUE/FALSE cell, or a JSON true/false: the reader marks them
            # as not numbers; for a certificate they are the answer itself.
            description = str(cell.value[1])
            if description.startswith(("the logical value ", "the boolean ")):
                return description.rsplit(" ", 1)[1].lower() == "true"
            self.r.bad(cell, column, hint)
            return None
        text = decimal_text(cell.value) if cell.kind == "number" else str(cell.value)
        word = text.strip().lower()
        if word in _TRUE or word in _FALSE:
            return word in _TRUE
        self.r.fail("bad-boolean", say("candidates.bad_boolean", column=self.r.shown(column),
                                       value=repr(text), hint=hint), column, cell.loc)
        return None

    def loc(self, column: str) -> Location:
        return self.r.table.where(self.r.loc_of(column))


def _build(table: Table, policy: Policy, selection: SelectionPolicy, problems: list[Problem],
           what: Words) -> list[Candidate]:
    from plut_rules.selection.semantics import screen

    out: list[Candidate] = []
    first: dict[str, Location] = {}
    required_certs = set(selection.certificates)
    rows = list(table.rows)  # read once (a CSV gives its rows as it reads them); used twice
    cert_columns = sorted({c for row in rows for c in row.cells
                           if c.startswith(CERT_PREFIX)}
                          | {CERT_PREFIX + x for x in required_certs})
    _, example = decimal_mark(table.style)
    for row in rows:
        r = RowReader(table, row, problems)
        cells = _Cells(r, what)
        cid = cells.text("id")
        name = cells.text("name")
        unit, field = _place(r, cells, policy, problems)
        education = _education(r, cells, problems)
        experience = cells.number("experience_years", True,
                                  say("candidates.experience_hint", example=example))
        if experience is not None and experience < 0:
            r.fail("out-of-range", say("candidates.negative_experience",
                                       value=decimal_text(experience)),
                   "experience_years", r.loc_of("experience_years"))
        birth_year = _birth_year(r, cells, policy.year)
        domicile = cells.text("domicile")
        certificates: dict[str, bool] = {}
        for column in cert_columns:
            held = cells.flag(column, column[len(CERT_PREFIX):] in required_certs)
            if held is not None:
                certificates[column[len(CERT_PREFIX):]] = held
        scores, empty = _scores(r, cells, selection, example)
        _first_use(r, cid, first)
        if not r.ok or education is None or experience is None:
            continue
        candidate = Candidate(cid, name, unit, field, education, experience, birth_year,
                              domicile, certificates, scores, row.loc)
        if empty and all(c.passed for c in screen(selection, candidate, policy.year)):
            for comp_id in empty:
                problems.append(Problem.worded(
                    "missing-score", say("candidates.missing_score", component=repr(comp_id),
                                         candidate=repr(cid)),
                    cells.loc(comp_id), comp_id))
            continue
        out.append(candidate)
    return out


def _place(r: RowReader, cells: _Cells, policy: Policy, problems: list[Problem],
           ) -> tuple[str, str]:
    """The (unit, field) applied for, each checked against the policy."""
    unit_ids = [u.id for u in policy.units]
    field_ids = [f.id for f in policy.fields]
    unit = cells.text("unit")
    if unit and unit not in unit_ids:
        r.fail("unknown-unit", say("candidates.unknown_unit", unit=repr(unit),
                                   units=", ".join(unit_ids)), "unit", r.loc_of("unit"))
        problems[-1] = _suggest(problems[-1], unit, unit_ids)
    field = cells.text("field")
    if field and field not in field_ids:
        r.fail("unknown-field", say("cases.unknown_field", field=repr(field),
                                    fields=", ".join(field_ids)), "field", r.loc_of("field"))
        problems[-1] = _suggest(problems[-1], field, field_ids)
    return unit, field


def _education(r: RowReader, cells: _Cells, problems: list[Problem]) -> Education | None:
    """The level of education (any letter case), None after reporting a wrong one."""
    text = cells.text("education")
    for level in EDUCATION:
        if text.strip().upper() == level:
            return level
    if text:
        r.fail("bad-education", say("candidates.bad_education", value=repr(text),
                                    levels=", ".join(EDUCATION)),
               "education", r.loc_of("education"))
        problems[-1] = _suggest(problems[-1], text.upper(), EDUCATION)
    return None


def _birth_year(r: RowReader, cells: _Cells, year: int) -> int:
    """The year of birth (0 after reporting a problem: the row is then not used)."""
    birth = cells.number("birth_year", True, _HINTS["birth_year"])
    if birth is None:
        return 0
    if birth.denominator != 1 or not 1000 <= birth <= 9999:
        r.fail("not-a-year", say("candidates.not_a_year", value=decimal_text(birth)),
               "birth_year", r.loc_of("birth_year"))
        return 0
    if birth > year:
        r.fail("out-of-range", say("candidates.born_after", value=decimal_text(birth),
                                   year=year), "birth_year", r.loc_of("birth_year"))
        return 0
    return int(birth)


def _scores(r: RowReader, cells: _Cells, selection: SelectionPolicy, example: str,
            ) -> tuple[dict[str, Fraction], list[str]]:
    """The component scores given, and the components left empty."""
    table = r.table
    scores: dict[str, Fraction] = {}
    empty: list[str] = []
    for comp in selection.components:
        if r.row.cells.get(comp.id) is None and (comp.id in table.missing or table.broken):
            r.ok = False
            continue
        score = cells.number(comp.id, False, say("candidates.score_hint", example=example))
        if score is None:
            if r.cell(comp.id, False) is None:
                empty.append(comp.id)
            continue
        if not 0 <= score <= 100:
            r.fail("out-of-range", say("candidates.score_range", component=repr(comp.id),
                                       value=decimal_text(score)), comp.id, r.loc_of(comp.id))
            continue
        scores[comp.id] = score
    return scores, empty


def _first_use(r: RowReader, cid: str, first: dict[str, Location]) -> None:
    """Report a candidate id given on an earlier row (``first``: where each id was first)."""
    if not cid or not r.ok:
        return
    earlier = first.get(cid)
    if earlier is None:
        first[cid] = r.row.loc
        return
    where = (say("candidates.row", n=earlier.line) if earlier.sheet
             else say("candidates.line", n=earlier.line))
    r.fail("duplicate-id", say("candidates.duplicate_id", candidate=repr(cid), where=where),
           "id", r.loc_of("id"))


def _suggest(problem: Problem, word: str, choices: Any) -> Problem:
    import attrs

    return attrs.evolve(problem, suggestion=did_you_mean(word, choices))
