"""The roster gathered into columns (engine.gather) holds exactly what the roster check
returns, and only for a roster the check finds nothing wrong with (issue 13)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plut_rules import Achievement, Consultant
from plut_rules.engine import check_roster
from plut_rules.engine.gather import Givens, gathered
from plut_rules.engine.inputs import checked_input
from plut_rules.errors import DataError
from strategies import policies, rosters

BREAKS = ("none", "duplicate-consultant", "unknown-consultant", "unknown-indicator",
          "duplicate-achievement", "missing", "bad-target", "unknown-unit", "late")


@st.composite
def cases(draw: st.DrawFn) -> tuple[Any, list[Consultant], list[Achievement], str]:
    policy = draw(policies())
    consultants, achievements = draw(rosters(policy, max_size=8))
    consultants, achievements = list(consultants), list(achievements)
    broken = draw(st.sampled_from(BREAKS))
    if consultants and achievements:
        c, a = consultants[0], achievements[0]
        if broken == "duplicate-consultant":
            consultants.append(c)
        elif broken == "unknown-consultant":
            achievements.append(Achievement("nobody", a.indicator, 1))
        elif broken == "unknown-indicator":
            achievements.append(Achievement(a.consultant, "no_such_indicator", 1))
        elif broken == "duplicate-achievement":
            achievements.append(a)
        elif broken == "missing":
            achievements.pop(0)
        elif broken == "bad-target":
            achievements[0] = Achievement(a.consultant, a.indicator, a.achievement,
                                          Fraction(0))
        elif broken == "unknown-unit":
            consultants[0] = Consultant(c.id, c.name, "no_such_unit", c.field, c.appointed)
        elif broken == "late":
            consultants[0] = Consultant(c.id, c.name, c.unit, c.field, policy.year + 1)
    return policy, consultants, achievements, broken


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases(), st.booleans())
def test_gathered_is_the_checked_input_or_nothing(case: Any, missing_as_zero: bool) -> None:
    policy, consultants, achievements, _ = case
    found = gathered(policy, consultants, achievements)
    problems = check_roster(policy, consultants, achievements, missing_as_zero=missing_as_zero)
    if found is not None:
        assert problems == []
        assert isinstance(found, Givens)
        # the same content as the full check's, consultant by consultant
        expected: dict[str, dict[str, Achievement]] = {}
        for a in achievements:
            expected.setdefault(a.consultant, {})[a.indicator] = a
        assert {c.id: found.get(c.id, {}) for c in consultants} == {
            c.id: expected.get(c.id, {}) for c in consultants}
        assert all(found[c].keys() == expected[c].keys() for c in expected)
        # a mapping by id found by a binary search of the ids in order: every id and
        # nothing else, in the roster's order, and the order by id an evaluation uses
        assert list(found) == [c.id for c in consultants] and len(found) == len(consultants)
        assert [found.position(c.id) for c in consultants] == list(range(len(consultants)))
        for missing in ("", "~", *(c.id + "0" for c in consultants),
                        *(c.id[:-1] for c in consultants)):
            if missing not in expected and all(c.id != missing for c in consultants):
                assert missing not in found and found.get(missing) is None
        assert [c.id for c in found.ordered()] == sorted(c.id for c in consultants)
    try:
        by_consultant = checked_input(policy, consultants, achievements,
                                      missing_as_zero=missing_as_zero)
    except DataError as exc:
        assert list(exc.problems) == problems and problems
    else:
        assert problems == []
        for a in achievements:
            assert by_consultant[a.consultant][a.indicator] is a


def test_a_sound_roster_is_gathered() -> None:
    from plut_rules import load_policy
    from plut_rules.readers import load_roster
    from plut_rules.shipped import policy_path, sample_path

    policy = load_policy(policy_path("2018"))
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    found = gathered(policy, roster.consultants, roster.achievements)
    assert found is not None and len(found) == len(roster.consultants)
    broken = (*roster.achievements, roster.achievements[0])
    assert gathered(policy, roster.consultants, broken) is None


def _without_owners(rows: Any) -> Any:
    from plut_rules.readers import AchievementColumns

    return AchievementColumns(rows.consultants, rows.indicators, rows.values, rows.targets,
                              rows.locations, rows.value_floats, rows.target_floats)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_rows_numbered_by_the_reader_gather_as_rows_looked_up(
        tmp_path_factory: Any, data: st.DataObject) -> None:
    """A roster read from files carries each achievement's consultant as a position
    (``owners``): gathering from those positions gives what looking each id up gives, an
    unknown consultant included (nothing gathered: the full check reports it)."""
    import csv
    import random

    import numpy as np

    from plut_rules import load_policy
    from plut_rules.readers import load_roster
    from plut_rules.shipped import policy_path, sample_path

    policy = load_policy(policy_path("2018"))
    folder = tmp_path_factory.mktemp("owners")
    with open(sample_path("consultants.csv"), encoding="utf-8", newline="") as f:
        people = list(csv.reader(f))
    with open(sample_path("achievements.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    shuffle = random.Random(data.draw(st.integers(0, 2**32)))
    body = rows[1:]
    shuffle.shuffle(body)
    if data.draw(st.booleans()):  # an achievement of a consultant not in the file
        body.insert(data.draw(st.integers(0, len(body))), ["NOBODY", *body[0][1:]])
    people_body = people[1:]
    shuffle.shuffle(people_body)  # ids out of order: the order by id is sorted
    for name, table in (("consultants.csv", [people[0], *people_body]),
                        ("achievements.csv", [rows[0], *body])):
        with open(folder / name, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows(table)
    roster = load_roster(folder / "consultants.csv", folder / "achievements.csv")
    owners = roster.achievements.owners
    assert owners is not None and owners[0] is roster.consultants.ids
    numbered = gathered(policy, roster.consultants, roster.achievements)
    looked_up = gathered(policy, roster.consultants, _without_owners(roster.achievements))
    if looked_up is None:
        assert numbered is None
        return
    assert numbered is not None
    assert np.array_equal(numbered.rows, looked_up.rows)
    assert list(numbered.order) == list(looked_up.order) == sorted(
        range(len(roster.consultants)), key=roster.consultants.ids.__getitem__)
