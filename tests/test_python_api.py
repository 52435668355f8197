"""The library as a Python developer meets it: what ``evaluate`` accepts, the errors of
domain values and scorer plug-ins, and the public names the docs use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from plut_rules import (
    Achievement,
    Consultant,
    Evaluation,
    evaluate,
    evaluate_stream,
    load_policy,
    load_roster,
    shipped_policy_path,
    shipped_sample_paths,
)


@pytest.fixture(scope="module")
def sample() -> tuple[Any, tuple[Consultant, ...], tuple[Achievement, ...]]:
    """The shipped 2018 policy and sample roster."""
    roster = load_roster(*shipped_sample_paths())
    return load_policy(shipped_policy_path("2018")), roster.consultants, roster.achievements


def _generator(items: Iterable[Any]) -> Iterable[Any]:
    yield from items


SHAPES: dict[str, Callable[[Iterable[Any]], Iterable[Any]]] = {
    "list": list,
    "generator": _generator,
    "iterator": iter,
    "set": set,
    "frozenset": frozenset,
    "reversed tuple": lambda items: tuple(reversed(tuple(items))),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_evaluate_reads_any_iterable_once(shape: str, sample: Any) -> None:
    """Generators, iterators and sets of consultants and achievements give the very result
    of lists: the same decisions, explanations, counterfactuals and input hash."""
    policy, consultants, achievements = sample
    expected = evaluate(policy, list(consultants), list(achievements), counterfactuals=True)
    make = SHAPES[shape]
    got = evaluate(policy, make(consultants), make(achievements), counterfactuals=True)
    assert got == expected
    assert got.input_sha256 == expected.input_sha256
    assert [d.counterfactuals for d in got.decisions] == [
        d.counterfactuals for d in expected.decisions]
    assert got.counts() == {"keep": 7, "reassign": 2, "replace": 3}


@pytest.mark.parametrize("shape", ["generator", "iterator", "set"])
def test_evaluate_stream_reads_any_iterable_once(shape: str, sample: Any) -> None:
    """The streamed evaluation takes the same iterables and gives the same decisions."""
    policy, consultants, achievements = sample
    expected = evaluate(policy, consultants, achievements)
    make = SHAPES[shape]
    streamed = evaluate_stream(policy, make(consultants), make(achievements))
    assert tuple(streamed.decisions()) == expected.decisions
    assert streamed.evaluation.input_sha256 == expected.input_sha256


def test_evaluate_reads_a_one_shot_iterable_only_once(sample: Any) -> None:
    """An iterable that can be walked only once (a database cursor, a file reader) is
    enough: evaluate never asks for a second pass."""
    policy, consultants, achievements = sample

    class OneShot:
        def __init__(self, items: Iterable[Any]) -> None:
            self.items, self.walks = tuple(items), 0

        def __iter__(self) -> Any:
            self.walks += 1
            if self.walks > 1:
                raise AssertionError("walked twice")
            return iter(self.items)

    people, rows = OneShot(consultants), OneShot(achievements)
    got: Evaluation = evaluate(policy, people, rows, counterfactuals=True)
    assert got == evaluate(policy, consultants, achievements, counterfactuals=True)
    assert (people.walks, rows.walks) == (1, 1)
