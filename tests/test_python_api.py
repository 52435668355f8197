"""The library as a Python developer meets it: what ``evaluate`` accepts, the errors of
domain values and scorer plug-ins, and the public names the docs use."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL, write
from plut_rules import (
    Achievement,
    Consultant,
    DataError,
    Evaluation,
    EvaluationError,
    Location,
    Score,
    ScorerRegistry,
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


# --------------------------------------------------------------------------- domain errors


def test_a_domain_constructor_reports_every_bad_field_as_problems() -> None:
    """A Consultant built with bad values raises one DataError naming each bad field (still
    a ValueError, as before), not a bare ValueError about the first one."""
    with pytest.raises(DataError) as caught:
        Consultant("", 5, "pkp", "pemasaran", "2016",  # type: ignore[arg-type]
                   {"produksi": 120, "pemasaran": "tinggi"})
    error = caught.value
    assert isinstance(error, ValueError)
    assert {(p.code, p.path) for p in error.problems} == {
        ("missing-value", "Consultant.id"),
        ("wrong-type", "Consultant.name"),
        ("not-a-year", "Consultant.appointed"),
        ("out-of-range", "Consultant.competences.produksi"),
        ("not-a-number", "Consultant.competences.pemasaran"),
    }
    assert "'tinggi'" in str(error) and "0..100, got 120" in str(error)


@pytest.mark.parametrize(("args", "code", "path"), [
    (("A", "kehadiran", "-1"), "out-of-range", "Achievement.achievement"),
    (("A", "kehadiran", "67,5"), "not-a-number", "Achievement.achievement"),
    (("A", "kehadiran", True), "not-a-number", "Achievement.achievement"),
    (("A", "kehadiran", float("nan")), "not-a-number", "Achievement.achievement"),
    (("A", "kehadiran", 90, "x"), "not-a-number", "Achievement.target"),
    (("A", "", 90), "missing-value", "Achievement.indicator"),
])
def test_an_achievement_refuses_bad_values_with_a_problem(args: tuple[Any, ...], code: str,
                                                          path: str) -> None:
    """Each bad value of an Achievement is a Problem with a code and the field's path; the
    location given to the constructor is kept."""
    where = Location("rows.csv", 7)
    with pytest.raises(DataError) as caught:
        Achievement(*args, location=where)
    (problem,) = caught.value.problems
    assert (problem.code, problem.path, problem.location) == (code, path, where)


def test_valid_domain_values_still_convert_numbers_exactly() -> None:
    """The checks do not change what a valid value becomes."""
    a = Achievement("A", "kehadiran", "85.5", Decimal("90"))
    assert (a.achievement, a.target) == (Fraction(171, 2), Fraction(90))
    c = Consultant("A", "Ani", "pkp", "pemasaran", 2016, {"produksi": 0.1})
    assert c.competence("produksi") == Fraction(1, 10)


class _Broken:
    """A scorer plug-in whose score() returns ``self.result``."""

    uses_weights = False
    monotone = True

    def __init__(self, result: Any) -> None:
        self.result = result

    def score(self, ratios: Any, weights: Any, cap: Any) -> Any:
        if isinstance(self.result, Exception):
            raise self.result
        return self.result(ratios) if callable(self.result) else self.result


@pytest.mark.parametrize(("result", "said"), [
    (0.5, "returned float (0.5), not a plut_rules.scorers.Score"),
    ({"value": 50}, "returned dict"),
    (Score(0.5, ()), "whose value is float"),  # type: ignore[arg-type]
    (lambda ratios: Score(Fraction(50), ()), "0 contributions for 2 indicators"),
    (lambda ratios: Score(Fraction(50), tuple(0.5 for _ in ratios)),
     "contributions are not all exact"),
    (ZeroDivisionError("oops"), "raised ZeroDivisionError: oops"),
])
def test_a_scorer_plugin_returning_the_wrong_type_is_named(tmp_path: Path, result: Any,
                                                           said: str) -> None:
    """A plug-in scorer that returns something else than a Score (or raises) fails with an
    EvaluationError naming the scorer, its class and the field, and what it must return."""
    registry = ScorerRegistry.from_entry_points()
    registry.register("rusak", _Broken(result))
    text = MINIMAL.replace("scoring: weighted_ratio", "scoring: rusak").replace(
        ", weight: 0.2", "").replace(", weight: 0.8", "")
    policy = load_policy(write(tmp_path, text), scorers=registry)
    people = [Consultant("A", "A", "pkp", "pemasaran", 2015)]
    ach = [Achievement("A", "akses_pasar", 24), Achievement("A", "kehadiran", 95)]
    with pytest.raises(EvaluationError) as caught:
        evaluate(policy, people, ach)
    (problem,) = caught.value.problems
    assert problem.code == "scorer-failed"
    assert problem.path == "fields.pemasaran.scoring"
    assert "the scorer 'rusak' of field 'pemasaran'" in problem.message
    assert "test_python_api._Broken" in problem.message
    assert said in problem.message
    assert problem.location is not None and problem.location.file.endswith(".yaml")


# --------------------------------------------------------------------------- pandas


def test_load_roster_reads_dataframes_like_the_files(sample: Any) -> None:
    """DataFrames read from the sample CSV files (ints, floats with NaN, str columns) give
    the very consultants, achievements and input hash of the files."""
    pd = pytest.importorskip("pandas")
    policy, consultants, achievements = sample
    people_path, rows_path = shipped_sample_paths()
    roster = load_roster(pd.read_csv(people_path), pd.read_csv(rows_path))
    assert (roster.consultants, roster.achievements) == (consultants, achievements)
    got = evaluate(policy, roster.consultants, roster.achievements)
    assert got == evaluate(policy, consultants, achievements)
    # a frame and a file mix, in either place
    mixed = load_roster(people_path, pd.read_csv(rows_path))
    assert mixed.achievements == achievements


def test_dataframe_values_are_exact_and_problems_are_located() -> None:
    """Floats mean the decimal they print as, Decimals and numpy numbers are exact, and
    each bad cell is a problem at the row ``to_csv(index=False)`` would write it on."""
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    people = pd.DataFrame({
        "id": ["A", "B"], "name": ["Ani", "Budi"], "unit": ["pkp", "pkp"],
        "field": ["pemasaran", "pemasaran"], "appointed": np.array([2015, 2016]),
        "competence_produksi": [0.1, None]})
    rows = pd.DataFrame({
        "consultant": ["A", "A", "B", "B"],
        "indicator": ["akses_pasar", "kehadiran", "akses_pasar", "kehadiran"],
        "achievement": [Decimal("30.25"), np.float32(85.5), 24, 95.0],
        "target": [None, np.nan, pd.NA, 90]})
    roster = load_roster(people, rows)
    assert roster.consultants[0].competence("produksi") == Fraction(1, 10)
    assert [a.achievement for a in roster.achievements] == [
        Fraction(121, 4), Fraction(171, 2), 24, 95]
    assert [a.target for a in roster.achievements] == [None, None, None, 90]

    bad = rows.assign(achievement=["banyak", True, -1, "67,5"])
    with pytest.raises(DataError) as caught:
        load_roster(people, bad, achievements_display="capaian")
    found = {(str(p.location), p.code) for p in caught.value.problems}
    assert found == {("capaian:2", "not-a-number"), ("capaian:3", "wrong-type"),
                     ("capaian:4", "out-of-range"), ("capaian:5", "not-a-number")}
    assert "write 67.5" in str(caught.value)


def test_a_dataframe_with_wrong_columns_gets_the_file_problems() -> None:
    """A frame missing a column, or holding the other kind of data, is told so as a file."""
    pd = pytest.importorskip("pandas")
    people = pd.DataFrame({"id": ["A"], "nama": ["Ani"], "unit": ["pkp"]})
    rows = pd.DataFrame({"consultant": ["A"], "indicator": ["x"], "achievement": [1]})
    with pytest.raises(DataError) as caught:
        load_roster(rows, people)
    codes = {(p.location.file if p.location else "", p.code) for p in caught.value.problems}
    assert ("consultants DataFrame", "wrong-file") in codes
    with pytest.raises(TypeError, match="file path or a pandas DataFrame"):
        load_roster([{"id": "A"}], rows)  # type: ignore[arg-type]


def test_to_frame_gives_the_decisions_with_exact_numbers(sample: Any) -> None:
    """Evaluation.to_frame(): one row per decision by id; score a Decimal, the exact score
    as text, missing values None."""
    pd = pytest.importorskip("pandas")
    policy, consultants, achievements = sample
    evaluation = evaluate(policy, consultants, achievements)
    frame = evaluation.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["consultant"]) == [d.consultant for d in evaluation.decisions]
    row = frame.set_index("consultant").loc["PKP-04"]
    d = evaluation.decision("PKP-04")
    assert row["score"] == Decimal("67.33") and isinstance(row["score"], Decimal)
    assert Fraction(row["exact_score"]) == d.exact_score
    assert (row["outcome"], row["to_field"], row["placement"]) == ("reassign", "produksi",
                                                                   "placed")
    assert row["rule_source"] == str(d.rule_source)
    assert frame.set_index("consultant").loc["PKP-01"]["to_field"] is None
    assert frame["years_served"].dtype == "int64"
    assert list(frame.columns)[:5] == ["consultant", "name", "unit", "field", "outcome"]
    assert len(evaluate(policy, [], []).to_frame().columns) == len(frame.columns)


def test_pandas_is_imported_only_when_used() -> None:
    """Reading files and evaluating never import pandas (it is an optional extra)."""
    code = ("import sys\n"
            "from plut_rules import evaluate, load_policy, load_roster, shipped_policy_path,"
            " shipped_sample_paths\n"
            "roster = load_roster(*shipped_sample_paths())\n"
            "evaluate(load_policy(shipped_policy_path()), roster.consultants, "
            "roster.achievements)\n"
            "print('pandas' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
