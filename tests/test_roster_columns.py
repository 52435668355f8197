"""A roster kept as columns is a sequence of the same domain objects (readers.roster_columns)."""

from __future__ import annotations

import math
import pickle
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plut_rules import Achievement, Consultant, Location, Roster, load_policy
from plut_rules.readers import AchievementColumns, CodedColumn, ConsultantColumns, SparseColumn
from plut_rules.readers.roster_columns import targets_column
from plut_rules.shipped import policy_path
from strategies import rosters

POLICY = load_policy(policy_path("2018"))

people_and_rows = rosters(POLICY, min_size=0, max_size=6)


def _located(items: list, kind: str) -> list:
    """The same items, each with a location of its own (locations take no part in ==)."""
    import attrs

    return [attrs.evolve(x, location=Location(f"{kind}.csv", line=n + 2))
            for n, x in enumerate(items)]


@settings(max_examples=60)
@given(people_and_rows)
def test_columns_give_back_the_objects_they_were_built_from(roster: tuple) -> None:
    people, rows = _located(roster[0], "c"), _located(roster[1], "a")
    consultants, achievements = ConsultantColumns.of(people), AchievementColumns.of(rows)
    assert list(consultants) == people and list(achievements) == rows
    # locations too, though they take no part in equality
    assert [c.location for c in consultants] == [c.location for c in people]
    assert [a.location for a in achievements] == [a.location for a in rows]
    assert [consultants[i].competences for i in range(len(people))] == [
        c.competences for c in people]
    assert consultants == tuple(people) and tuple(people) == consultants
    assert achievements == rows


@settings(max_examples=40)
@given(people_and_rows)
def test_float_columns_are_the_nearest_floats(roster: tuple) -> None:
    achievements = AchievementColumns.of(roster[1])
    for a, value, target in zip(roster[1], achievements.value_floats,
                                achievements.target_floats, strict=True):
        assert value == float(a.achievement)  # Fraction.__float__ rounds correctly
        assert math.isnan(target) if a.target is None else target == float(a.target)


@settings(max_examples=30)
@given(people_and_rows)
def test_pickled_columns_are_equal(roster: tuple) -> None:
    kept = Roster(*roster)
    again = pickle.loads(pickle.dumps(kept))
    assert again == kept and hash(again) == hash(kept)
    assert list(again.achievements.value_floats) == list(kept.achievements.value_floats)


def test_indexing_is_a_sequences() -> None:
    people = [Consultant(f"K-{k}", f"N {k}", "pangkalpinang", "sdm", 2015) for k in range(4)]
    columns = ConsultantColumns.of(people)
    assert columns[-1] == people[-1] and columns[1:3] == tuple(people[1:3])
    assert columns.index(people[2]) == 2 and people[3] in columns
    with pytest.raises(IndexError):
        columns[4]
    with pytest.raises(IndexError):
        columns[-5]
    assert list(reversed(columns)) == people[::-1]
    assert repr(columns) == "ConsultantColumns(4 rows)"


def test_a_roster_keeps_any_iterable_as_columns() -> None:
    people = (Consultant("K-1", "Ani", "pangkalpinang", "sdm", 2015, {"produksi": 80}),)
    rows = [Achievement("K-1", "pelatihan", Fraction(7, 2), Fraction(12))]
    roster = Roster(iter(people), rows)
    assert isinstance(roster.consultants, ConsultantColumns)
    assert isinstance(roster.achievements, AchievementColumns)
    assert roster == Roster(people, tuple(rows))
    assert Roster(roster.consultants, roster.achievements).consultants is roster.consultants


def test_columns_take_domain_objects_only() -> None:
    with pytest.raises(TypeError, match="expected a Consultant"):
        ConsultantColumns.of([{"id": "K-1"}])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="expected an Achievement"):
        AchievementColumns.of(["K-1"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="one entry per consultant"):
        ConsultantColumns(["a"], [], [], [], [], [], [])


@given(st.lists(st.sampled_from([0, 60, 75, 80]), min_size=2, max_size=2))
def test_equal_competences_are_shared(levels: list[int]) -> None:
    people = [Consultant(f"K-{k}", "N", "pangkalpinang", "sdm", 2015, {"produksi": level})
              for k, level in enumerate(levels)]
    columns = ConsultantColumns.of(people)
    assert (columns.competences[0] is columns.competences[1]) == (levels[0] == levels[1])


# ------------------------------------------------------------ columns of plain values

_targets = st.lists(st.none() | st.sampled_from([Fraction(3), Fraction(1, 3), Fraction(50)]),
                    max_size=40)
_names = st.lists(st.sampled_from(["hadir", "akses_pasar", "omzet", "", "é"]), max_size=40)


def _behaves_as(column: Sequence[Any], items: list[Any], data: st.DataObject) -> None:
    """``column`` answers as the list ``items`` would: len, iteration, indexing (negative
    too, IndexError past either end), slices, equality both ways, the Sequence mixins,
    pickling."""
    n = len(items)
    assert len(column) == n and list(column) == items
    for i in range(-n - 2, n + 2):
        if -n <= i < n:
            assert column[i] == items[i]
        else:
            with pytest.raises(IndexError):
                column[i]
    cut = data.draw(st.slices(n + 2))
    assert column[cut] == items[cut] and type(column[cut]) is list
    assert column == items and items == column and column == tuple(items)
    assert tuple(items) == column and (column != items) is False
    assert column != [*items, None] and [*items, None] != column
    if items:
        other = data.draw(st.sampled_from(items))
        changed = items.copy()
        changed[data.draw(st.integers(0, n - 1))] = "other" if other is None else None
        assert (column == changed) == (items == changed)
        assert (changed == column) == (changed == items)
        assert column.index(other) == items.index(other)
        assert column.count(other) == items.count(other) and other in column
    assert list(reversed(column)) == items[::-1]
    assert all(column != other for other in ("text", 3, None))
    again = pickle.loads(pickle.dumps(column))
    assert type(again) is type(column) and again == items and again == column
    with pytest.raises(TypeError):
        hash(column)  # as a list's


@given(_targets, st.data())
def test_a_sparse_column_is_the_list_it_replaces(items: list[Any], data: st.DataObject
                                                 ) -> None:
    column = SparseColumn.of(items)
    _behaves_as(column, items, data)
    assert column.given == {r: v for r, v in enumerate(items) if v is not None}
    assert column.as_list() == items and targets_column(items) == items
    assert SparseColumn(len(items), dict(column.given)) == column
    if not items:
        assert column == CodedColumn() and CodedColumn() == column


@given(_names, st.data())
def test_a_coded_column_is_the_list_it_replaces(items: list[str], data: st.DataObject
                                                ) -> None:
    column = CodedColumn.of(items)
    _behaves_as(column, items, data)
    assert column.names == list(dict.fromkeys(items))  # distinct, first seen first
    assert column.codes.typecode == "H" and len(column.codes) == len(items)
    # one str object per distinct name, whichever row it is read from
    assert all(column[i] is column.names[column.codes[i]] for i in range(len(items)))
    assert CodedColumn(column.names, column.codes) == column


def test_a_coded_column_takes_four_bytes_a_row_past_65535_names() -> None:
    many = [f"i{k}" for k in range(70_000)]
    column = CodedColumn.of([*many, "i3", "i69999"])
    assert column.codes.typecode == "I" and len(column.names) == 70_000
    assert column[65_535] == "i65535" and column[65_536] == "i65536"
    assert column[-2:] == ["i3", "i69999"] and column[-1] is column.names[-1]
    assert pickle.loads(pickle.dumps(column)) == column
    assert CodedColumn.of(many[:65_536]).codes.typecode == "H"  # codes up to 65,535 fit


def test_columns_of_plain_values_refuse_what_they_cannot_hold() -> None:
    with pytest.raises(ValueError, match="within its length"):
        SparseColumn(2, {2: Fraction(1)})
    with pytest.raises(ValueError, match="distinct"):
        CodedColumn(["a", "a"])
    with pytest.raises(ValueError, match="positions of its names"):
        CodedColumn(["a"], [0, 1])
    with pytest.raises(TypeError):
        SparseColumn(3)["1"]  # type: ignore[call-overload]


@settings(max_examples=40, deadline=None)
@given(people_and_rows, st.sampled_from(["none", "some", "every"]))
def test_plain_lists_and_compact_columns_evaluate_and_hash_alike(roster: tuple, targets: str
                                                                ) -> None:
    """The engine reads achievements' indicators and targets kept as lists, as codes or
    sparse alike: the same decisions and the same input hash as the objects."""
    import attrs

    from plut_rules.engine import evaluate, input_sha256

    people, rows = roster
    if targets != "some":
        rows = [attrs.evolve(a, target=Fraction(40) if targets == "every" else None)
                for a in rows]
    compact = AchievementColumns.of(rows)
    assert isinstance(compact.indicators, CodedColumn)
    if targets != "every" or len(rows) <= 32:
        assert isinstance(compact.targets, SparseColumn)
    plain = AchievementColumns([a.consultant for a in rows], [a.indicator for a in rows],
                               [a.achievement for a in rows], [a.target for a in rows],
                               [a.location for a in rows])
    assert compact == plain and list(compact) == rows
    expected = input_sha256(people, rows)
    for explain in (False, True):
        found = [evaluate(POLICY, ConsultantColumns.of(people), columns, explain=explain)
                 for columns in (compact, plain)]
        assert found[0].decisions == found[1].decisions
        assert found[0].input_sha256 == found[1].input_sha256 == expected
