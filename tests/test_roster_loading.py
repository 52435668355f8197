"""Readers fill a roster's columns directly (issue 13): what they give back is exactly the
objects (and locations) the files describe, in every format; the number cache never
confuses two texts; a loaded roster pickles.  Memory and time are measured in
benchmarks/, not here."""

from __future__ import annotations

import io
import json
import math
import pickle
from fractions import Fraction
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plut_rules import Achievement, Consultant, Location
from plut_rules.exact import decimal_text
from plut_rules.readers import (
    AchievementColumns,
    CodedColumn,
    ConsultantColumns,
    RowLocations,
    SparseColumn,
    load_roster,
    parse_achievements,
    parse_consultants,
)

UNITS = ["pangkalpinang", "bangka", "belitung"]
FIELDS = ["pemasaran", "sdm", "produksi"]
INDICATORS = ["omzet_usaha", "umkm_baru", "promosi_pameran"]

# A decimal with up to two places, as (value, text with 0-2 trailing zeros).
_hundredths = st.integers(0, 10**6).map(lambda n: Fraction(n, 100))


def _written(value: Fraction, pad: int) -> str:
    text = decimal_text(value)
    if pad:
        text += ("" if "." in text else ".") + "0" * pad
    return text


@st.composite
def _roster(draw: Any) -> dict[str, Any]:
    n = draw(st.integers(1, 6))
    prefix = draw(st.sampled_from(["K-", "pkp_", "Ü-"]))
    people = []
    for i in range(n):
        levels = draw(st.dictionaries(st.sampled_from(FIELDS),
                                      st.integers(0, 1000).map(lambda k: Fraction(k, 10)),
                                      max_size=3))
        people.append({
            "id": f"{prefix}{i}",
            "name": draw(st.from_regex(r"[A-Za-z][A-Za-z .']{0,10}[A-Za-z]", fullmatch=True)),
            "unit": draw(st.sampled_from(UNITS)), "field": draw(st.sampled_from(FIELDS)),
            "appointed": draw(st.integers(1990, 2024)), "competences": levels})
    rows = []
    for person in people:
        for indicator in draw(st.lists(st.sampled_from(INDICATORS), unique=True, max_size=3)):
            target = draw(st.none() | _hundredths.filter(lambda v: v > 0))
            rows.append({"consultant": person["id"], "indicator": indicator,
                             "value": draw(_hundredths), "target": target,
                             "pads": (draw(st.integers(0, 2)), draw(st.integers(0, 2)))})
    if draw(st.booleans()):
        rows.reverse()  # rows of a consultant need not come together
    return {"people": people, "rows": rows}


def _consultant(p: dict[str, Any], loc: Location) -> Consultant:
    return Consultant(p["id"], p["name"], p["unit"], p["field"], p["appointed"],
                      p["competences"], location=loc)


def _achievement(r: dict[str, Any], loc: Location) -> Achievement:
    return Achievement(r["consultant"], r["indicator"], r["value"], r["target"], location=loc)


def _same(read: ConsultantColumns | AchievementColumns, expected: list[Any]) -> None:
    """Equal objects, and equal locations (which take no part in ==)."""
    assert list(read) == expected
    assert [x.location for x in read] == [x.location for x in expected]


def _csv_tables(roster: dict[str, Any], semicolon: bool) -> tuple[str, str]:
    sep = ";" if semicolon else ","

    def number(value: Fraction, pad: int = 0) -> str:
        text = _written(value, pad)
        return text.replace(".", ",") if semicolon else text

    head = ["id", "name", "unit", "field", "appointed", *(f"competence_{f}" for f in FIELDS)]
    lines = [sep.join(head)]
    for p in roster["people"]:
        lines.append(sep.join([p["id"], p["name"], p["unit"], p["field"], str(p["appointed"]),
                               *(number(p["competences"][f]) if f in p["competences"] else ""
                                 for f in FIELDS)]))
    rows = [sep.join(["consultant", "indicator", "achievement", "target"])]
    for r in roster["rows"]:
        rows.append(sep.join([r["consultant"], r["indicator"], number(r["value"], r["pads"][0]),
                              "" if r["target"] is None else number(r["target"], r["pads"][1])]))
    return "\n".join(lines) + "\n", "\n".join(rows) + "\n"


@settings(max_examples=60, deadline=None)
@given(_roster(), st.booleans())
def test_csv_reads_back_the_objects_written(roster: dict[str, Any], semicolon: bool) -> None:
    people_text, rows_text = _csv_tables(roster, semicolon)
    people, problems = parse_consultants(people_text.encode(), "c.csv", "csv")
    assert problems == []
    _same(people, [_consultant(p, Location("c.csv", i + 2))
                   for i, p in enumerate(roster["people"])])
    rows, problems = parse_achievements(rows_text.encode(), "a.csv", "csv",
                                        consultant_ids=people.ids)
    assert problems == []
    _same(rows, [_achievement(r, Location("a.csv", i + 2)) for i, r in enumerate(roster["rows"])])
    # the achievements keep the consultants' own id objects
    own = {id(cid) for cid in people.ids}
    assert all(id(cid) in own for cid in rows.consultants)


@settings(max_examples=60, deadline=None)
@given(_roster())
def test_json_reads_back_the_objects_written(roster: dict[str, Any]) -> None:
    # one object per line: object i starts at line i + 2, column 1
    def number(value: Fraction, pad: int = 0) -> str:
        return _written(value, pad)

    people = "[\n" + ",\n".join(
        "{" + ", ".join([f'"id": {json.dumps(p["id"])}', f'"name": {json.dumps(p["name"])}',
                         f'"unit": "{p["unit"]}"', f'"field": "{p["field"]}"',
                         f'"appointed": {p["appointed"]}',
                         '"competences": {' + ", ".join(
                             f'"{f}": {number(v)}' for f, v in p["competences"].items()) + "}"])
        + "}" for p in roster["people"]) + "\n]\n"
    rows = "[\n" + ",\n".join(
        "{" + ", ".join([f'"consultant": {json.dumps(r["consultant"])}',
                         f'"indicator": "{r["indicator"]}"',
                         f'"achievement": {number(r["value"], r["pads"][0])}',
                         '"target": ' + ("null" if r["target"] is None
                                         else number(r["target"], r["pads"][1]))])
        + "}" for r in roster["rows"]) + "\n]\n"
    read, problems = parse_consultants(people.encode(), "c.json", "json")
    assert problems == []
    _same(read, [_consultant(p, Location("c.json", i + 2, 1))
                 for i, p in enumerate(roster["people"])])
    achieved, problems = parse_achievements(rows.encode(), "a.json", "json")
    assert problems == []
    _same(achieved, [_achievement(r, Location("a.json", i + 2, 1))
                     for i, r in enumerate(roster["rows"])])


def _workbook(title: str, rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell_number(value: Fraction) -> int | float:
    # a whole number as an int; else a float, read back as the shortest decimal it prints as
    return value.numerator if value.denominator == 1 else float(value)


@settings(max_examples=20, deadline=None)
@given(_roster())
def test_xlsx_reads_back_the_objects_written(roster: dict[str, Any]) -> None:
    head = ["id", "name", "unit", "field", "appointed", *(f"competence_{f}" for f in FIELDS)]
    data = _workbook("consultants", [head] + [
        [p["id"], p["name"], p["unit"], p["field"], p["appointed"],
         *(_cell_number(p["competences"][f]) if f in p["competences"] else None
           for f in FIELDS)] for p in roster["people"]])
    people, problems = parse_consultants(data, "c.xlsx", "xlsx")
    assert problems == []
    _same(people, [_consultant(p, Location("c.xlsx", i + 2, sheet="consultants", cell=f"A{i + 2}"))
                   for i, p in enumerate(roster["people"])])
    data = _workbook("achievements", [["consultant", "indicator", "achievement", "target"]] + [
        [r["consultant"], r["indicator"], _cell_number(r["value"]),
         None if r["target"] is None else _cell_number(r["target"])] for r in roster["rows"]])
    rows, problems = parse_achievements(data, "a.xlsx", "xlsx")
    assert problems == []
    _same(rows, [_achievement(r, Location("a.xlsx", i + 2, sheet="achievements",
                                          cell=f"A{i + 2}"))
                 for i, r in enumerate(roster["rows"])])


def _wide(roster: dict[str, Any]) -> tuple[list[str], list[list[Any]], list[dict[str, Any]]]:
    """The wide table of the roster's achievements: header, rows (one per consultant with
    any), and the achievements in the order a reader gives them (row by row, column order)."""
    head = ["consultant"]
    for indicator in INDICATORS:
        head += [indicator, f"target_{indicator}"]
    by_person: dict[str, dict[str, dict[str, Any]]] = {}
    for r in roster["rows"]:
        by_person.setdefault(r["consultant"], {})[r["indicator"]] = r
    table, order = [], []
    for cid, given_rows in by_person.items():
        line: list[Any] = [cid]
        for indicator in INDICATORS:
            r = given_rows.get(indicator)
            line += [None, None] if r is None else [r["value"], r["target"]]
            if r is not None:
                order.append({**r, "row": len(table) + 2,
                              "column": 2 + 2 * INDICATORS.index(indicator)})
        table.append(line)
    return head, table, order


@settings(max_examples=20, deadline=None)
@given(_roster())
def test_wide_files_read_back_the_objects_written(roster: dict[str, Any]) -> None:
    head, table, order = _wide(roster)
    text = ",".join(head) + "\n" + "".join(
        ",".join("" if v is None else v if isinstance(v, str) else _written(v, 0) for v in row)
        + "\n" for row in table)
    rows, problems = parse_achievements(text.encode(), "w.csv", "csv")
    assert problems == []
    _same(rows, [_achievement(r, Location("w.csv", r["row"])) for r in order])
    data = _workbook("achievements", [head] + [
        [v if v is None or isinstance(v, str) else _cell_number(v) for v in row]
        for row in table])
    rows, problems = parse_achievements(data, "w.xlsx", "xlsx")
    assert problems == []
    letters = "ABCDEFG"
    _same(rows, [_achievement(r, Location("w.xlsx", r["row"], sheet="achievements",
                                          cell=f"{letters[r['column'] - 1]}{r['row']}"))
                 for r in order])


# --------------------------------------------------------------------------- number cache


def test_equal_numbers_written_differently_are_one_shared_value() -> None:
    text = ("consultant,indicator,achievement,target\n"
            "A,x,1.50,1.5\nA,y,1.5,\nB,x,15,1.500\nB,y,0.15,150\n")
    rows, problems = parse_achievements(text.encode(), "a.csv", "csv")
    assert problems == []
    assert rows.values == [Fraction(3, 2), Fraction(3, 2), Fraction(15), Fraction(3, 20)]
    assert rows.targets == [Fraction(3, 2), None, Fraction(3, 2), Fraction(150)]
    assert rows.values[0] is rows.values[1] is rows.targets[0] is rows.targets[2]
    assert list(rows.value_floats) == [1.5, 1.5, 15.0, 0.15]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 150), st.sampled_from(["none", "some", "every"]), st.data())
def test_targets_on_none_some_or_every_row_read_back_as_written(
        n: int, how: str, data: st.DataObject) -> None:
    """The own targets are kept sparse while few rows give one, a list once more than one
    in 8 do (a file with a target on every row costs no more than a list); read back,
    every row is the Achievement written, shared numbers and one str per indicator."""
    given = (set() if how == "none" else set(range(n)) if how == "every"
             else data.draw(st.sets(st.integers(0, max(n - 1, 0)), max_size=n // 4)))
    targets = [Fraction(150 + r % 3, 100) if r in given else None for r in range(n)]
    written = [Achievement(f"K-{r // 5}", INDICATORS[r % 5 % 3] + str(r % 5 // 3), Fraction(r),
                           targets[r], location=Location("a.csv", r + 2)) for r in range(n)]
    text = "consultant,indicator,achievement,target\n" + "".join(
        f"{a.consultant},{a.indicator},{a.achievement},"
        f"{'' if a.target is None else decimal_text(a.target)}\n" for a in written)
    rows, problems = parse_achievements(text.encode(), "a.csv", "csv")
    assert problems == []
    _same(rows, written)
    assert rows.targets == targets and targets == rows.targets
    assert [math.isnan(t) for t in rows.target_floats] == [t is None for t in targets]
    assert isinstance(rows.indicators, CodedColumn) and rows.indicators == [
        a.indicator for a in written]
    assert len(rows.indicators.names) == min(n, 5)
    dense = [t for t in targets if t is not None]
    # common (every row, past a few dozen); at most 150 rows: once switched, still common
    if len(dense) > 32 and 8 * len(dense) > n:
        assert type(rows.targets) is list
    elif how != "every":  # few, or none at all: only the rows that give one are kept
        assert isinstance(rows.targets, SparseColumn)
        assert sorted(rows.targets.given) == sorted(given)
    # equal targets written alike are one object, in a dict or a list
    assert len({id(t) for t in rows.targets if t is not None}) == len(set(dense))
    again = pickle.loads(pickle.dumps(rows))
    assert again == rows and type(again.targets) is type(rows.targets)


def test_a_file_dense_only_late_switches_to_a_list() -> None:
    """Targets that start after many rows without: sparse first, a list once common."""
    lines = [f"K-{r},x,{r},{'' if r < 400 else 5}" for r in range(500)]
    rows, problems = parse_achievements(
        ("consultant,indicator,achievement,target\n" + "\n".join(lines)).encode(),
        "a.csv", "csv")
    assert problems == []
    assert type(rows.targets) is list and rows.targets == [None] * 400 + [Fraction(5)] * 100
    few, _ = parse_achievements(
        ("consultant,indicator,achievement,target\n" + "\n".join(lines[:430])).encode(),
        "a.csv", "csv")
    assert isinstance(few.targets, SparseColumn) and len(few.targets.given) == 30


def test_a_decimal_comma_file_reads_its_own_texts() -> None:
    text = ("konsultan;indikator;capaian;target\n"
            "A;x;1,5;15\nA;y;15;1,50\nB;x;1.500;\n")
    rows, problems = parse_achievements(text.encode(), "a.csv", "csv")
    # "1.500" in a ";" file is a thousands separator or a decimal point: refused, every time
    assert [p.code for p in problems] == ["ambiguous-number"]
    assert rows.values == [Fraction(3, 2), Fraction(15)]
    assert rows.targets == [Fraction(15), Fraction(3, 2)]
    assert rows.values[0] is rows.targets[1]


def test_a_cached_text_still_fails_where_it_cannot_be_read() -> None:
    """The cache holds what was read, never a verdict: the same bad text is reported at
    each place, a good text found earlier stays good in another column."""
    text = ("consultant,indicator,achievement,target\n"
            "A,x,1,5,\nA,y,1.5,0\nB,x,\"1,5\",\nB,y,\"1,5\",\n")
    rows, problems = parse_achievements(text.encode(), "a.csv", "csv")
    assert [(p.code, p.location.line if p.location else None) for p in problems] == [
        ("ragged-row", 2), ("out-of-range", 3), ("not-a-number", 4), ("not-a-number", 5)]
    assert list(rows) == []


@settings(max_examples=100)
@given(st.lists(st.tuples(st.integers(0, 10**5), st.integers(0, 3), st.integers(0, 2)),
                min_size=1, max_size=30))
def test_the_number_cache_never_confuses_two_texts(cells: list[tuple[int, int, int]]) -> None:
    """Random numbers, written with varying places and padding: each reads as its own value."""
    values = [Fraction(n, 10**places) for n, places, _ in cells]
    texts = [_written(v, pad) for v, (_, _, pad) in zip(values, cells, strict=True)]
    text = "consultant,indicator,achievement\n" + "".join(
        f"K{i},x,{t}\n" for i, t in enumerate(texts))
    rows, problems = parse_achievements(text.encode(), "a.csv", "csv")
    assert problems == []
    assert rows.values == values
    assert list(rows.value_floats) == [float(v) for v in values]
    shared: dict[Fraction, Fraction] = {}
    assert all(shared.setdefault(v, v) is v for v in rows.values)  # equal values: one object


# --------------------------------------------------------------------------- roster


def _sample(tmp_path: Path) -> tuple[Path, Path]:
    people = tmp_path / "c.csv"
    people.write_text("id,name,unit,field,appointed,competence_sdm\n"
                      "A-1,Ani,bangka,sdm,2015,80\nB-2,Budi,belitung,sdm,2016,80\n"
                      "C-3,Citra,bangka,pemasaran,2017,\n", encoding="utf-8")
    rows = tmp_path / "a.csv"
    rows.write_text("consultant,indicator,achievement,target\n"
                    "A-1,omzet,10,\nB-2,omzet,12.5,20\nC-3,omzet,7,\nB-2,x,bad,\n",
                    encoding="utf-8")
    return people, rows


def test_units_leave_out_the_other_units_rows_unread(tmp_path: Path) -> None:
    people, rows = _sample(tmp_path)
    roster = load_roster(people, rows, units=["bangka"])
    assert roster.consultants.ids == ["A-1", "C-3"]
    assert [(a.consultant, a.location) for a in roster.achievements] == [
        ("A-1", Location(str(rows), 2)), ("C-3", Location(str(rows), 4))]
    assert roster.achievements.consultants[0] is roster.consultants.ids[0]


def test_a_loaded_roster_pickles(tmp_path: Path) -> None:
    people, rows = _sample(tmp_path)
    roster = load_roster(people, rows, units=["bangka"])
    again = pickle.loads(pickle.dumps(roster))
    assert again == roster
    assert isinstance(again.consultants.locations, RowLocations)
    assert list(again.consultants.locations) == list(roster.consultants.locations)
    assert [a.location for a in again.achievements] == [a.location for a in roster.achievements]
    assert list(again.achievements.value_floats) == [10.0, 7.0]


def test_row_locations_keep_any_location() -> None:
    kept = RowLocations()
    given_locations = [
        Location("f.xlsx", 5, sheet="S", cell="C5"), Location("f.xlsx", 6, sheet="S", cell="AB6"),
        None, Location("g.csv", 1), Location("f.xlsx", 7, sheet="S", cell="C8"),
        Location("f.xlsx", 9, sheet="S"), Location("f.xlsx", 2**40, sheet="S", cell="A1"),
    ]
    for loc in given_locations:
        kept.append(loc)
    assert list(kept) == given_locations
    assert kept[-1] == given_locations[-1] and kept[1:3] == tuple(given_locations[1:3])
    # None, another file, a cell not on its row, no cell, a line beyond array('i')
    assert len(kept.others) == 5
    with pytest.raises(IndexError):
        kept[len(given_locations)]
    text = RowLocations()
    for loc in [Location("a.json", 2, 1), Location("a.json", 3), Location("a.json", 4, 9)]:
        text.append(loc)
    assert list(text) == [Location("a.json", 2, 1), Location("a.json", 3),
                          Location("a.json", 4, 9)]
    assert text.others == {}
    assert pickle.loads(pickle.dumps(text)) == text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.sampled_from(INDICATORS)), max_size=60),
       st.integers(0, 40))
def test_every_repeated_consultant_and_indicator_is_a_duplicate_row(
        rows: list[tuple[int, str]], known: int) -> None:
    """Which indicators a consultant already has is kept a bit per consultant: a repeat
    is found for any consultant number (known ones and ids first met in the file), and
    only a repeat is."""
    ids = [f"K-{n:03d}" for n in range(known)]
    text = "consultant,indicator,achievement\n" + "".join(
        f"K-{c:03d},{ind},1\n" for c, ind in rows)
    got, problems = parse_achievements(text.encode(), "a.csv", "csv", consultant_ids=ids)
    first: dict[tuple[int, str], int] = {}
    repeats = []
    for line, pair in enumerate(rows, start=2):
        if pair in first:
            repeats.append(line)
        else:
            first[pair] = line
    assert [p.location.line for p in problems if p.code == "duplicate-row"] == repeats
    assert [(a.consultant, a.indicator) for a in got] == [
        (f"K-{c:03d}", ind) for c, ind in first]
