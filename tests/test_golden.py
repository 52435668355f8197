"""Output is byte-identical to golden files written before the engine was optimised (issue 8).

The golden files in ``tests/golden`` were produced by the exact-only engine; any
fast path must give the very same bytes.  Regenerate them only for an intended
change of output: ``PLUT_WRITE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py``.
"""

from __future__ import annotations

import hashlib
import os
import random
from fractions import Fraction
from pathlib import Path

import pytest

from plut_rules import Achievement, Consultant, evaluate, load_policy, load_roster
from plut_rules.render.output import to_csv, to_json
from plut_rules.shipped import policy_path, sample_path

GOLDEN = Path(__file__).parent / "golden"
WRITE = os.environ.get("PLUT_WRITE_GOLDEN") == "1"


def _check(name: str, text: str) -> None:
    path = GOLDEN / name
    if WRITE:
        path.write_text(text, encoding="utf-8", newline="")
    assert path.read_text(encoding="utf-8") == text


def _check_digest(name: str, text: str) -> None:
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    path = GOLDEN / name
    if WRITE:
        path.write_text(digest + "\n", encoding="utf-8")
    assert path.read_text(encoding="utf-8").strip() == digest


def _sample_policy():  # type: ignore[no-untyped-def]
    return load_policy(policy_path("2018"), display="policies/2018.yaml")


def _sample_roster():  # type: ignore[no-untyped-def]
    return load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"),
                       consultants_display="sample/consultants.csv",
                       achievements_display="sample/achievements.csv")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_sample_json_is_unchanged(lang: str) -> None:
    """The sample's JSON as `plut-rules evaluate --format json` writes it: marked
    ``"sample": true`` (issue 17, policy-v1 §5)."""
    roster = _sample_roster()
    ev = evaluate(_sample_policy(), roster.consultants, roster.achievements,
                  counterfactuals=True)
    _check(f"sample-{lang}.json", to_json(ev, lang, sample=True))  # type: ignore[arg-type]


def test_sample_csv_is_unchanged() -> None:
    roster = _sample_roster()
    ev = evaluate(_sample_policy(), roster.consultants, roster.achievements)
    _check("sample-id.csv", to_csv(ev, "id"))


def generated(n: int, seed: int) -> tuple[list[Consultant], list[Achievement]]:
    """A frozen copy of a roster generator (so the golden digests never drift).

    Values cluster around targets and thresholds, so ties, gates at their
    minimum and scores at a rounding boundary all occur.
    """
    policy = _sample_policy()
    rng = random.Random(seed)
    people: list[Consultant] = []
    results: list[Achievement] = []
    field_ids = [f.id for f in policy.fields]
    for k in range(n):
        field = rng.choice(policy.fields)
        unit = rng.choice(policy.units)
        cid = f"G-{k:05d}"
        competences = {f: rng.choice([0, 50, 74, 75, 75.5, 90, 100])
                       for f in field_ids if rng.random() < 0.4}
        people.append(Consultant(cid, f"Nama {k}", unit.id, field.id, rng.randint(2010, 2018),
                                 competences))
        for ind in field.indicators:
            if rng.random() < 0.15:
                continue  # missing: counted as 0 with missing_as_zero
            t = ind.target
            choice = rng.random()
            if choice < 0.3:
                value = t * (ind.minimum or Fraction(3, 4))  # right at a gate / a rule threshold
            elif choice < 0.4:
                value = t
            else:
                value = Fraction(rng.randint(0, int(2 * t * 100)), 100)
            target = None
            if rng.random() < 0.1:
                target = Fraction(rng.randint(1, 300), rng.choice([1, 10, 100]))
            results.append(Achievement(cid, ind.id, value, target))
    return people, results


@pytest.mark.parametrize("explain", [True, False])
def test_generated_roster_output_is_unchanged(explain: bool) -> None:
    people, results = generated(600, 8)
    ev = evaluate(_sample_policy(), people, results, missing_as_zero=True, explain=explain,
                  counterfactuals=explain)
    suffix = "explained" if explain else "plain"
    _check_digest(f"generated-600-{suffix}.json.sha256", to_json(ev, "en"))
    _check_digest(f"generated-600-{suffix}.csv.sha256", to_csv(ev, "id"))


def test_streamed_and_parallel_output_is_identical() -> None:
    """evaluate_stream + iter_json/iter_csv and --jobs give the very bytes of evaluate + to_json."""
    from plut_rules import evaluate_stream, iter_csv, iter_json

    people, results = generated(600, 8)
    policy = _sample_policy()
    expected = evaluate(policy, people, results, missing_as_zero=True, counterfactuals=True)
    for jobs in (1, 2, 3):
        ev = evaluate(policy, people, results, missing_as_zero=True, counterfactuals=True,
                      jobs=jobs)
        assert ev == expected
        assert to_json(ev, "en") == to_json(expected, "en")
        assert [d.exact_score for d in ev.decisions] == [
            d.exact_score for d in expected.decisions]
        plain = evaluate(policy, people, results, missing_as_zero=True, explain=False, jobs=jobs)
        assert to_csv(plain) == to_csv(evaluate(policy, people, results, missing_as_zero=True,
                                                explain=False))
        streamed = evaluate_stream(policy, people, results, missing_as_zero=True,
                                   counterfactuals=True, jobs=jobs)
        assert "".join(iter_json(streamed.evaluation, "en", streamed.decisions())) == to_json(
            expected, "en")
        streamed = evaluate_stream(policy, people, results, missing_as_zero=True, jobs=jobs)
        assert "".join(iter_csv(streamed.evaluation, "id", streamed.decisions())) == to_csv(
            expected, "id")


def test_streamed_text_rendered_in_workers_is_identical() -> None:
    """iter_streamed with jobs 1, 2, 3 (the decisions' JSON/CSV text rendered in worker
    processes, chunk by chunk) gives the bytes of to_json/to_csv; so does rendered() with
    several chunks per worker and in one process."""
    from functools import partial

    from plut_rules import evaluate_stream, iter_streamed
    from plut_rules.render.output import csv_chunk, json_chunk

    people, results = generated(600, 8)
    policy = _sample_policy()
    expected = evaluate(policy, people, results, missing_as_zero=True, counterfactuals=True)
    json_en, csv_id = to_json(expected, "en"), to_csv(expected, "id")
    for jobs in (1, 2, 3):
        streamed = evaluate_stream(policy, people, results, missing_as_zero=True,
                                   counterfactuals=True, jobs=jobs)
        assert "".join(iter_streamed(streamed, "json", "en", jobs=jobs)) == json_en
        assert "".join(iter_streamed(streamed, "csv", "id", jobs=jobs)) == csv_id
    streamed = evaluate_stream(policy, people, results, missing_as_zero=True,
                               counterfactuals=True)
    for jobs in (1, 2):
        pieces = list(streamed.rendered(partial(csv_chunk, streamed.evaluation, "id"),
                                        jobs=jobs, chunk=7))
        assert len(pieces) == -(-600 // 7)
        assert to_csv(expected, "id").split("\n", 1)[1] == "".join(pieces)
        body = "".join(streamed.rendered(partial(json_chunk, streamed.evaluation, "en"),
                                         jobs=jobs, chunk=7))
        assert body in json_en and body.startswith("\n    {")
    with pytest.raises(ValueError, match="jobs"):
        next(streamed.rendered(partial(csv_chunk, streamed.evaluation, "id"), jobs=0))
    empty = evaluate_stream(policy, [], [])
    assert "".join(iter_streamed(empty, "json", "en", jobs=2)) == to_json(
        evaluate(policy, [], []), "en")
    assert "".join(iter_streamed(empty, "csv", "en", jobs=2)) == to_csv(
        evaluate(policy, [], []), "en")


def _roster_files(tmp_path: Path, n: int, seed: int) -> tuple[Path, Path]:
    """A generated roster written as the two JSON input files."""
    import json

    people, results = generated(n, seed)
    consultants = tmp_path / "k.json"
    achievements = tmp_path / "a.json"
    consultants.write_text(json.dumps([
        {"id": c.id, "name": c.name, "unit": c.unit, "field": c.field, "appointed": c.appointed,
         **{f"competence_{k}": float(v) for k, v in c.competences.items()}} for c in people]))
    achievements.write_text(json.dumps([
        {"consultant": a.consultant, "indicator": a.indicator, "achievement": int(a.achievement)
         if a.achievement.denominator == 1 else float(a.achievement),
         "target": None if a.target is None else float(a.target)} for a in results]))
    return consultants, achievements


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_cli_jobs_in_a_subprocess_gives_identical_bytes(fmt: str, tmp_path: Path) -> None:
    """`plut-rules evaluate --format json|csv --jobs 1|2|3` (the streamed path, the text
    rendered in the workers), run as a command, writes identical bytes to stdout."""
    import subprocess
    import sys

    consultants, achievements = _roster_files(tmp_path, 250, 5)
    exe = Path(sys.executable).with_name("plut-rules")
    outputs = []
    for jobs in ("1", "2", "3"):
        result = subprocess.run(
            [str(exe), "evaluate", "--consultants", str(consultants), "--achievements",
             str(achievements), "--missing-as-zero", "--format", fmt, "--lang", "en",
             "--jobs", jobs], capture_output=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr.decode()
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].count(b"\nG-" if fmt == "csv" else b'"consultant": "G-') == 250


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cli_jobs_gives_identical_output(fmt: str, tmp_path: Path) -> None:
    from plut_rules.cli.app import main

    consultants, achievements = _roster_files(tmp_path, 300, 3)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.{fmt}"
        assert main(["evaluate", "--consultants", str(consultants), "--achievements",
                     str(achievements), "--missing-as-zero", "--format", fmt, "--jobs", jobs,
                     "--output", str(out)]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 1000


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_command_writes_the_sample_golden(lang: str) -> None:
    """`plut-rules evaluate --format json` without data files writes the sample golden."""
    from conftest import run_cli

    result = run_cli("evaluate", "--format", "json", "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / f"sample-{lang}.json").read_text(encoding="utf-8")
