"""Problems of evaluation, monthly reports, policy test files and the command line in the
reader's language (issue 17, item 2): Indonesian by default, English with ``--lang en``,
the same place, path and code in both; every problem of a broad corpus of bad inputs
carries its Indonesian."""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL, run_cli, write
from plut_rules import (
    Achievement,
    Consultant,
    EvaluationError,
    PlutRulesError,
    PolicyError,
    load_policy,
)
from plut_rules.engine import check_roster, evaluate
from plut_rules.errors import Location, Problem
from plut_rules.monitor import Monitor, MonthlyReport
from plut_rules.policy import parse_policy
from plut_rules.quality import load_tests
from plut_rules.scorers import Score, ScorerRegistry
from plut_rules.shipped import sample_path
from plut_rules.wording.engine_problems import ENGINE_PROBLEMS

SRC = Path(__file__).resolve().parents[1] / "src" / "plut_rules"
DATA = ["--consultants", str(sample_path("consultants.csv")),
        "--achievements", str(sample_path("achievements.csv"))]
#: words an Indonesian message must not contain (English left in a translation)
ENGLISH = re.compile(r"\b(the|unknown|consultant|must|write|give|leave|missing|field|"
                     r"add|appears|twice|is|not|got|expected)\b")


def english_left(indonesian: str) -> list[str]:
    """The English words left in an Indonesian message, quoted names and values aside."""
    return ENGLISH.findall(re.sub(r"'[^']*'|\"[^\"]*\"", "", indonesian))


def lines(stderr: str) -> list[str]:
    return stderr.splitlines()


def split_problem(line: str, path: str) -> tuple[str, str]:
    """(place and path, message) of a problem's line whose path is ``path``."""
    before, found, message = line.partition(f": {path}: ")
    assert found, (line, path)
    return before, message


def assert_both_languages(args: list[Any], path: str, english: str,
                          indonesian: str, status: int = 1) -> None:
    """The command fails with ``status``; it says ``indonesian`` by default and ``english``
    with --lang en, of the same place and ``path``."""
    said_id = run_cli(*args)
    said_en = run_cli(*args, "--lang", "en")
    assert said_id.returncode == said_en.returncode == status, said_id.stderr
    first_id = next(line for line in lines(said_id.stderr)
                    if f": {path}: " in line and indonesian in line)
    first_en = next(line for line in lines(said_en.stderr)
                    if f": {path}: " in line and english in line)
    place_id, message_id = split_problem(first_id, path)
    place_en, message_en = split_problem(first_en, path)
    assert place_id == place_en
    assert indonesian in message_id, said_id.stderr
    assert english in message_en, said_en.stderr
    assert not english_left(message_id), message_id


# --------------------------------------------------------------------------- through the CLI


def roster(tmp_path: Path, people: str, results: str) -> list[Any]:
    consultants = tmp_path / "konsultan.csv"
    consultants.write_text("id,name,unit,field,appointed\n" + people, encoding="utf-8")
    achievements = tmp_path / "capaian.csv"
    achievements.write_text("consultant,indicator,achievement\n" + results, encoding="utf-8")
    return ["--policy", write(tmp_path, MINIMAL), "--consultants", consultants,
            "--achievements", achievements]


def test_the_roster_checked_against_the_policy(tmp_path: Path) -> None:
    """An unknown unit in the consultants file: Indonesian by default, English with --lang
    en, at the same row, with the same did-you-mean."""
    args = roster(tmp_path, "A,Ani,pkq,pemasaran,2015\n",
                  "A,akses_pasar,40\nA,kehadiran,95\n")
    assert_both_languages(["evaluate", *args], "unit",
                          "consultant A: unknown unit 'pkq'; units: pkp (did you mean 'pkp'?)",
                          "konsultan A: unit 'pkq' tidak dikenal; unit yang ada: pkp "
                          "(maksud Anda 'pkp'?)")
    assert_both_languages(["explain", "A", *args], "unit", "unknown unit 'pkq'",
                          "unit 'pkq' tidak dikenal")


def test_a_missing_achievement_and_an_unknown_indicator(tmp_path: Path) -> None:
    args = roster(tmp_path, "A,Ani,pkp,pemasaran,2015\n",
                  "A,akses_pasr,40\nA,kehadiran,95\n")
    assert_both_languages(["evaluate", *args], "indicator",
                          "field 'pemasaran' has no indicator 'akses_pasr'",
                          "bidang 'pemasaran' tidak memiliki indikator 'akses_pasr'; "
                          "indikatornya: akses_pasar, kehadiran")
    assert_both_languages(["evaluate", *args], "achievement",
                          "no achievement for indicator 'akses_pasar' of field 'pemasaran'; "
                          "add a row for it",
                          "tidak ada capaian untuk indikator 'akses_pasar' bidang 'pemasaran'; "
                          "tambahkan satu baris untuknya")


def test_a_rule_that_decides_nothing(tmp_path: Path) -> None:
    """The rules' problems found while evaluating: the rule's line, in both languages."""
    policy = write(tmp_path, MINIMAL.replace("  - id: lainnya\n    when: true\n"
                                             "    then: replace\n", ""), "undecided.yaml")
    args = roster(tmp_path, "A,Ani,pkp,pemasaran,2015\n",
                  "A,akses_pasar,24\nA,kehadiran,50\n")
    args[1] = policy
    assert_both_languages(["evaluate", *args], "rules",
                          "is decided by no rule; add a final catch-all rule with 'when: true'",
                          "konsultan A (pemasaran, pkp) tidak diputuskan oleh aturan mana pun; "
                          "tambahkan aturan terakhir yang menampung semuanya dengan "
                          "'when: true'")


def test_monthly_reports(tmp_path: Path) -> None:
    policy = write(tmp_path, MINIMAL + "monitoring:\n  warnings:\n    - id: hilang\n"
                   "      when: months_missing > 0\n")
    people = tmp_path / "konsultan.csv"
    people.write_text("id,name,unit,field,appointed\nA,Ani,pkp,pemasaran,2015\n",
                      encoding="utf-8")
    reports = tmp_path / "bulanan.csv"
    reports.write_text("consultant,month,indicator,achievement\nB,1,kehadiran,95\n",
                       encoding="utf-8")
    args = ["monitor", "--policy", policy, "--consultants", people, "--reports", reports]
    assert_both_languages(args, "consultant",
                          "report for unknown consultant 'B'; add them to the consultants "
                          "file or correct the id",
                          "laporan untuk konsultan 'B' yang tidak dikenal; tambahkan konsultan "
                          "itu ke berkas konsultan atau perbaiki id-nya")


def test_a_policy_test_file(tmp_path: Path) -> None:
    policy = write(tmp_path, MINIMAL)
    (tmp_path / "policy.tests.yaml").write_text(
        "cases:\n  - name: satu\n    unit: pkp\n    field: pemasaran\n    appointed: 2015\n"
        "    achievements: {akses_pasar: 40, kehadiran: 95}\n    expect: {outcome: kept}\n",
        encoding="utf-8")
    assert_both_languages(["test", policy], "cases.satu.expect.outcome",
                          "'outcome' must be keep, replace or reassign, got 'kept'",
                          "'outcome' harus keep, replace atau reassign, tertulis 'kept'")


def test_explain_an_unknown_consultant() -> None:
    """A problem without a place: the message alone, in the language asked."""
    said = run_cli("explain", "PKP-4", *DATA)
    english = run_cli("explain", "PKP-4", *DATA, "--lang", "en")
    assert said.returncode == english.returncode == 1
    assert lines(said.stderr)[0].startswith(
        "tidak ada konsultan 'PKP-4' dalam masukan; id yang ada: PKP-01, ")
    assert lines(said.stderr)[0].endswith(" (maksud Anda 'PKP-04'?)")
    assert lines(english.stderr)[0].startswith("no consultant 'PKP-4' in the input; ids: ")
    assert lines(said.stderr)[-1] == "1 kesalahan"


def test_an_unknown_unit_option() -> None:
    said = run_cli("evaluate", *DATA, "--unit", "pangkalpinan")
    english = run_cli("evaluate", *DATA, "--unit", "pangkalpinan", "--lang", "en")
    assert said.returncode == english.returncode == 1
    assert lines(said.stderr)[0] == (
        "--unit: kebijakan tidak memiliki unit 'pangkalpinan'; unit yang ada: pangkalpinang, "
        "tanjung_pandan (maksud Anda 'pangkalpinang'?)")
    assert lines(english.stderr)[0] == (
        "--unit: the policy has no unit 'pangkalpinan'; units: pangkalpinang, "
        "tanjung_pandan (did you mean 'pangkalpinang'?)")


def test_no_consultants_is_a_warning_in_both_languages(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.csv"
    empty.write_text("id,name,unit,field,appointed\n", encoding="utf-8")
    args = ["evaluate", "--consultants", empty, "--achievements",
            sample_path("achievements.csv")]
    said, english = run_cli(*args), run_cli(*args, "--lang", "en")
    problem_id = next(line for line in lines(said.stderr) if "kosong.csv: peringatan: " in line)
    problem_en = next(line for line in lines(english.stderr) if "kosong.csv: warning: " in line)
    assert "tidak ada konsultan dalam masukan; periksa bahwa berkas memiliki satu baris " \
        "untuk setiap konsultan" in problem_id
    assert "no consultants in the input; check that the file has a row for each consultant" \
        in problem_en


@pytest.mark.parametrize(("args", "indonesian", "english"), [
    (["evaluate", "--policy", "kebijakan.yaml"],
     "--policy kebijakan.yaml diberikan tanpa data: berikan --consultants FILE dan "
     "--achievements FILE, atau --sample untuk sengaja memakai data contoh bawaan (konsultan "
     "rekaan)",
     "--policy kebijakan.yaml is given without data: give --consultants FILE and "
     "--achievements FILE, or --sample to use the shipped sample data (fictional "
     "consultants) on purpose"),
    (["evaluate", "--consultants", "k.csv"],
     "berikan --consultants dan --achievements bersama-sama: --achievements belum diberikan",
     "give --consultants and --achievements together: --achievements missing"),
    (["evaluate", *DATA, "--sample"],
     "--sample memakai data contoh bawaan: hilangkan --consultants dan --achievements, atau "
     "hilangkan --sample",
     "--sample uses the shipped sample data: leave out --consultants and --achievements, or "
     "leave out --sample"),
    (["evaluate", "--format", "xlsx"],
     "--format xlsx menulis buku kerja: berikan --output FILE.xlsx",
     "--format xlsx writes a workbook: give --output FILE.xlsx"),
    (["evaluate", "--output", "hasil.xlsx"],
     "--output hasil.xlsx adalah buku kerja, tetapi --format bernilai table",
     "--output hasil.xlsx is a workbook, but --format is table"),
    (["determine", "a.jsonl", "--override", "A=keep"],
     "berikan satu --reason untuk setiap --override (1 override, 0 alasan)",
     "give one --reason for each --override (1 overrides, 0 reasons)"),
    (["determine", "a.jsonl", "--supersedes", "2"],
     "--supersedes SEQ dan --why TEXT harus diberikan bersama",
     "--supersedes SEQ and --why TEXT go together"),
    (["select", "calon.csv", "--determination", "a.jsonl:2"],
     "dengan --determination, berikan --policy", "with --determination, give --policy"),
    (["select", "calon.csv", "--explain", "CK-1", "--audit", "log.jsonl"],
     "--explain mencetak satu calon; hilangkan --audit",
     "--explain prints one candidate; leave out --audit"),
    (["template", "--output", "t.xlsx", "--for", "selection", "--consultants", "k.csv"],
     "--consultants mengisi templat evaluasi", "--consultants fills the evaluation template"),
    (["roster", "next", "--determination", "a.jsonl:2", "--selection", "a.jsonl:3",
      "--output", "k.csv"],
     "berikan --policy: kebijakan tahun berikutnya",
     "give --policy: next year's policy, which the new roster must fit"),
    (["report", "--audit", "log.jsonl", "--candidates", "calon.csv", "--output", "r.html"],
     "--candidates memilih calon untuk evaluasi atas masukan",
     "--candidates selects for an evaluation of the inputs"),
])
def test_usage_errors_speak_the_language_asked(tmp_path: Path, args: list[str],
                                                indonesian: str, english: str) -> None:
    """A command line that cannot run: ``plut-rules: error: ...`` and exit 2, the message in
    Indonesian by default and in English with --lang en."""
    said = run_cli(*args, cwd=tmp_path)
    assert said.returncode == 2, said.stderr
    message = lines(said.stderr)[-1]
    assert message.startswith("plut-rules: error: "), said.stderr
    assert message.startswith(f"plut-rules: error: {indonesian}"), message
    english_run = run_cli(*args, "--lang", "en", cwd=tmp_path)
    assert english_run.returncode == 2
    assert lines(english_run.stderr)[-1].startswith(f"plut-rules: error: {english}")


def test_the_usage_error_keeps_a_plain_message() -> None:
    """A UsageError given a plain str (not yet in the catalogue) prints it as it is."""
    from plut_rules.cli.common import UsageError
    from plut_rules.wording import say

    plain = UsageError("give --x")
    assert str(plain) == plain.text("id") == plain.text("en") == "give --x"
    worded = UsageError(say("usage.supersedes_why"))
    assert str(worded) == "--supersedes SEQ and --why TEXT go together"
    assert worded.text("id") == "--supersedes SEQ dan --why TEXT harus diberikan bersama"


# --------------------------------------------------------------------------- the corpus


LOWER = MINIMAL.replace(
    "      akses_pasar: {label: Akses pasar, target: 40, weight: 0.8, minimum: 0.5, step: 1}",
    "      akses_pasar: {label: Akses pasar, target: 40, weight: 0.6, minimum: 0.5, step: 1}\n"
    "      keluhan: {label: Keluhan, target: 2, weight: 0.2, direction: lower}")


def roster_problems(tmp_path: Path) -> Iterator[Problem]:
    """Every kind of problem of a roster checked against the policy."""
    policy = load_policy(write(tmp_path, MINIMAL))
    here = Location("k.csv", 2)
    people = [
        Consultant("A", "A", "pkp", "pemasaran", 2015, location=here),
        Consultant("A", "A", "pkp", "pemasaran", 2015, location=Location("k.csv", 3)),
        Consultant("A2", "A", "pkp", "pemasaran", 2015),
        Consultant("A2", "A", "pkp", "pemasaran", 2015),
        Consultant("B", "B", "pkq", "pemasarn", 2019, {"produksii": 80}),
        Consultant("C", "C", "pkp", "produksi", 2015),
    ]
    achievements = [
        Achievement("A", "akses_pasar", 40, location=Location("c.csv", 2)),
        Achievement("A", "akses_pasar", 41, location=Location("c.csv", 3)),
        Achievement("A", "kehadiran", 95),
        Achievement("A", "kehadiran", 95),
        Achievement("A", "sertifikasi", 3),
        Achievement("Z", "kehadiran", 95),
        Achievement("C", "sertifikasi", 3, target=0),
    ]
    yield from check_roster(policy, people, achievements)
    lower = load_policy(write(tmp_path, LOWER, "lower.yaml"))
    yield from check_roster(lower, [Consultant("A", "A", "pkp", "pemasaran", 2015)],
                            [Achievement("A", "akses_pasar", 40)], missing_as_zero=True)


def evaluation_problems(tmp_path: Path) -> Iterator[Problem]:
    """The rules' and the scorers' problems met while evaluating."""
    person = [Consultant("A", "A", "pkp", "pemasaran", 2018)]
    results = [Achievement("A", "akses_pasar", 24), Achievement("A", "kehadiran", 95)]
    texts = {
        "undecided": MINIMAL.replace("  - id: lainnya\n    when: true\n    then: replace\n",
                                     ""),
        "division": MINIMAL.replace("when: gates_failed > 0", "when: score / years_served > 1"),
        "large": MINIMAL.replace(
            "when: gates_failed > 0",
            "when: score * 1000000000000000 * 1000000000000000 * 1000000 > 1"),
    }
    for name, text in texts.items():
        policy = load_policy(write(tmp_path, text, f"{name}.yaml"))
        for backend in ("builtin", "durable"):
            with pytest.raises(EvaluationError) as caught:
                evaluate(policy, person, results, backend=backend)  # type: ignore[arg-type]
            yield from caught.value.problems
    many = " or ".join(f"score > {i}" for i in range(140))
    policy = load_policy(write(tmp_path, MINIMAL.replace("when: score >= keep", f"when: {many}"),
                               "many.yaml"))
    with pytest.raises(PolicyError) as too_large:
        evaluate(policy, person, results, backend="durable")
    yield from too_large.value.problems
    for result in (0.5, Score(0.5, ()), lambda r: Score(Fraction(50), ()),  # type: ignore[arg-type]
                   lambda r: Score(Fraction(50), tuple(0.5 for _ in r)),
                   ZeroDivisionError("oops")):
        registry = ScorerRegistry.from_entry_points()
        registry.register("rusak", _Broken(result))
        text = MINIMAL.replace("scoring: weighted_ratio", "scoring: rusak").replace(
            ", weight: 0.2", "").replace(", weight: 0.8", "")
        policy = load_policy(write(tmp_path, text, "rusak.yaml"), scorers=registry)
        with pytest.raises(EvaluationError) as failed:
            evaluate(policy, person, results)
        yield from failed.value.problems


class _Broken:
    """A scorer plug-in whose score() returns (or raises) ``result``."""

    uses_weights = False
    monotone = True

    def __init__(self, result: Any) -> None:
        self.result = result

    def score(self, ratios: Any, weights: Any, cap: Any) -> Any:
        if isinstance(self.result, Exception):
            raise self.result
        return self.result(ratios) if callable(self.result) else self.result


def monitor_problems() -> Iterator[Problem]:
    """Every kind of problem of monthly reports and the monitor's roster."""
    plain = parse_policy(MINIMAL, "plain.yaml")
    with pytest.raises(PolicyError) as caught:
        Monitor(plain, [])
    yield from caught.value.problems
    policy = parse_policy(MINIMAL + "monitoring:\n  warnings:\n    - id: bagi\n"
                          "      when: month > 0 and cumulative_kehadiran / months_missing > 1\n"
                          "    - id: besar\n      when: cumulative_kehadiran * "
                          "1000000000000000 * 1000000000000000 * 1000000 > 1\n",
                          "bulanan.yaml")
    with pytest.raises(PlutRulesError) as roster:
        Monitor(policy, [Consultant("A", "A", "pkp", "pemasaran", 2015),
                         Consultant("A", "A", "pkq", "pemasarn", 2015)])
    yield from roster.value.problems
    watch = Monitor(policy, [Consultant("A", "A", "pkp", "pemasaran", 2015)],
                    backend="builtin")
    yield from watch.check(MonthlyReport("Z", 1, "kehadiran", 95))
    yield from watch.check(MonthlyReport("A", 13, "kehadirn", -1, Location("b.csv", 2)))
    with pytest.raises(EvaluationError) as division:
        watch.feed(MonthlyReport("A", 1, "kehadiran", 95, Location("b.csv", 2)))
    yield from division.value.problems
    yield from watch.check(MonthlyReport("A", 1, "kehadiran", 95))


BAD_TEST_FILES = [
    "- just a list\n",
    "cases: []\n",
    "kasus: []\n",
    "cases: [1]\n",
    "cases:\n  - name: a\n    unit: pkq\n    field: pemasarn\n    appointed: 2019\n"
    "    competences: {produksii: 80, produksi: 101}\n"
    "    achievements: {akses_pasr: 1}\n    expect: {outcome: kept, rule: capai, "
    "to_field: produksii, score: x}\n",
    "cases:\n  - name: a\n    unit: pkp\n    field: pemasaran\n    appointed: 2015.5\n"
    "    competences: [1]\n    achievements: {akses_pasar: {achievement: -1, target: 0, x: 1},"
    " kehadiran: teks}\n    expect: []\n  - name: a\n    unit: [pkp]\n",
    "cases:\n  - name: r\n    unit: pkp\n    roster: []\n",
    "cases:\n  - name: r\n    roster:\n      - 1\n      - id: A\n        unit: pkp\n"
    "        field: produksi\n        appointed: 2015\n        achievements: {sertifikasi: 1, "
    "kehadiran: 90}\n      - id: A\n",
    "cases:\n  - name: r\n    achievements: 5\n    expect: {outcome: keep}\n",
    "cases:\n  - name: b\n    unit: pkp\n    field: pemasaran\n    appointed: 2015\n"
    "    achievements: {akses_pasr: 1}\n    expect: {outcome: keep}\n",
]


def test_file_problems(tmp_path: Path) -> Iterator[Problem]:
    """Every kind of problem of a policy test file."""
    policy = load_policy(write(tmp_path, MINIMAL))
    for n, text in enumerate(BAD_TEST_FILES):
        path = tmp_path / f"t{n}.yaml"
        path.write_text(text, encoding="utf-8")
        yield from load_tests(policy, path)[1]
    yield from load_tests(policy, tmp_path / "none.yaml")[1]
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    yield from load_tests(policy, folder)[1]


test_file_problems.__test__ = False  # type: ignore[attr-defined]  # a corpus, not a test


def corpus(tmp_path: Path) -> list[Problem]:
    return [*roster_problems(tmp_path), *evaluation_problems(tmp_path), *monitor_problems(),
            *test_file_problems(tmp_path)]


def test_every_problem_of_the_corpus_is_in_indonesian(tmp_path: Path) -> None:
    """A broad corpus of bad rosters, rules, scorer plug-ins, monthly reports and test files:
    every problem found has its Indonesian, different from the English, with no English
    words left in it, and the corpus meets most of this catalogue's problem messages."""
    problems = corpus(tmp_path)
    assert len({p.message for p in problems}) >= 70
    for problem in problems:
        assert problem.indonesian is not None, problem
        assert problem.indonesian != problem.message, problem
        assert not english_left(problem.indonesian), problem.indonesian
    codes = {p.code for p in problems}
    assert {"duplicate-consultant", "unknown-unit", "unknown-field", "appointed-after-year",
            "duplicate-achievement", "unknown-consultant", "unknown-indicator", "out-of-range",
            "missing-achievement", "undecided", "division-by-zero", "computed-out-of-range",
            "scorer-failed", "durable-too-large", "no-monitoring", "bad-month",
            "duplicate-report", "tests-not-found", "file-unreadable", "duplicate-case",
            "wrong-type", "unknown-key", "missing-key", "bad-value", "empty",
            "unknown-rule"} <= codes


def test_every_entry_of_the_catalogue_is_used() -> None:
    """Each entry of engine_problems.py is asked for by name somewhere in the source (an
    entry no code uses is a message that can never be shown)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")
                       if p.parent.name != "wording")
    unused = [key for key in ENGINE_PROBLEMS if f'"{key}"' not in source]
    assert not unused


def test_both_languages_of_a_roster_problem_share_place_and_suggestion(
        tmp_path: Path) -> None:
    (problem,) = [p for p in roster_problems(tmp_path) if p.code == "unknown-unit"]
    assert problem.line("en") == (
        "<consultants>:5: unit: consultant B: unknown unit 'pkq'; units: pkp "
        "(did you mean 'pkp'?)")
    assert problem.line("id") == (
        "<consultants>:5: unit: konsultan B: unit 'pkq' tidak dikenal; unit yang ada: pkp "
        "(maksud Anda 'pkp'?)")
