"""A roster kept as columns is a sequence of the same domain objects (readers.roster_columns)."""

from __future__ import annotations

import math
import pickle
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plut_rules import Achievement, Consultant, Location, Roster, load_policy
from plut_rules.readers import AchievementColumns, ConsultantColumns
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
