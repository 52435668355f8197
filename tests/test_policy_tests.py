"""Policy test files and `plut-rules test` (run in-process through conftest.run_cli)."""

from __future__ import annotations

import re
import shutil
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import MINIMAL
from conftest import run_cli as run
from plut_rules import load_policy
from plut_rules.quality import coverage, default_tests_path, load_tests, run_tests
from plut_rules.shipped import policy_path

CASES = """\
cases:
  - name: kept
    unit: pkp
    field: pemasaran
    appointed: 2015
    achievements: {akses_pasar: 40, kehadiran: 95}
    expect: {outcome: keep, rule: capai-target, score: 100}
  - name: gate
    unit: pkp
    field: pemasaran
    appointed: 2015
    achievements: {akses_pasar: 10, kehadiran: 95}
    expect: {outcome: replace, rule: gagal-gate}
  - name: placement
    roster:
      - id: A
        unit: pkp
        field: pemasaran
        appointed: 2015
        competences: {produksi: 90}
        achievements: {akses_pasar: 24, kehadiran: {achievement: 95, target: 95}}
        expect: {outcome: reassign, to_field: produksi}
"""


def setup(tmp_path: Path, cases: str = CASES) -> Path:
    """MINIMAL as policy.yaml with ``cases`` as policy.tests.yaml beside it."""
    policy = tmp_path / "policy.yaml"
    policy.write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "policy.tests.yaml").write_text(textwrap.dedent(cases), encoding="utf-8")
    return policy


def test_default_path_is_beside_the_policy() -> None:
    """2019.yaml -> 2019.tests.yaml."""
    assert default_tests_path("a/2019.yaml") == "a/2019.tests.yaml"


def test_passing_cases_print_a_summary_and_exit_0(tmp_path: Path) -> None:
    """All cases pass: dots and the pytest-like summary line."""
    result = run("test", setup(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "..." in result.stdout
    assert "3 passed" in result.stdout


def test_a_failing_case_shows_expected_actual_and_the_explanation(tmp_path: Path) -> None:
    """A wrong expectation: exit 1, expected against actual, the full explanation, JUnit XML."""
    policy = setup(tmp_path, CASES.replace("{outcome: keep, rule: capai-target, score: 100}",
                                           "{outcome: replace, rule: lainnya}"))
    junit = tmp_path / "junit.xml"
    result = run("test", policy, "--junit", junit, "--lang", "en")
    assert result.returncode == 1
    out = result.stdout
    assert "F.." in out and "1 failed, 2 passed" in out
    assert "expected outcome replace, got keep" in out
    assert "expected rule lainnya, got capai-target" in out
    assert "Rules tried, in order" in out and "Deciding rule: capai-target" in out
    assert "policy.tests.yaml:2 kept" in out
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "1"
    failure = suite.find("testcase[@name='kept']/failure")
    assert failure is not None and "expected outcome replace" in (failure.get("message") or "")


def test_test_file_errors_point_at_file_line_col(tmp_path: Path) -> None:
    """Typos in a test file are reported at once, with FILE:LINE:COL and did-you-mean."""
    bad = CASES.replace("field: pemasaran\n    appointed: 2015\n    achievements: {akses_pasar: 10",
                        "feild: pemasaran\n    appointed: 2015\n    achievements: {akses_pasr: 10")
    bad = bad.replace("{outcome: keep, rule: capai-target", "{outcome: kept, rule: capai-targte")
    result = run("test", setup(tmp_path, bad), "--lang", "en")
    assert result.returncode == 1
    err = result.stderr
    assert "policy.tests.yaml:10:5: cases.gate.feild: unknown key 'feild'" in err
    assert "(did you mean 'field'?)" in err
    assert "cases.kept.expect.outcome: 'outcome' must be keep, replace or reassign" in err
    assert "(did you mean 'capai-target'?)" in err
    assert "Traceback" not in err


def test_missing_test_file_is_exit_1(tmp_path: Path) -> None:
    """No test file beside the policy: a clear message, exit 1."""
    policy = tmp_path / "p.yaml"
    policy.write_text(MINIMAL, encoding="utf-8")
    result = run("test", policy, "--lang", "en")
    assert result.returncode == 1
    assert "no test file" in result.stderr and "p.tests.yaml" in result.stderr


def test_tests_option_and_coverage_lists_unexercised_rules(tmp_path: Path) -> None:
    """--tests FILE; --coverage counts decided/passed over and lists rules never reached."""
    setup(tmp_path)
    other = tmp_path / "other.yaml"
    shutil.move(tmp_path / "policy.tests.yaml", other)
    result = run("test", tmp_path / "policy.yaml", "--tests", other, "--coverage")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = {line.split()[0]: line.split()[1:3] for line in result.stdout.splitlines()
             if line.startswith("  ") and len(line.split()) >= 4}
    assert lines["gagal-gate"] == ["1", "2"]
    assert lines["capai-target"] == ["1", "1"]
    assert lines["pindah"] == ["1", "0"]
    assert "rules no case exercised (1):" in result.stdout
    assert "policy.yaml:30: lainnya: when true" in result.stdout


def test_api_coverage_and_error_cases(tmp_path: Path) -> None:
    """A case the engine refuses is an 'error' result, not a crash; coverage ignores it."""
    policy = load_policy(setup(tmp_path))
    suite, problems = load_tests(policy, tmp_path / "policy.tests.yaml")
    assert suite is not None and not problems
    results = run_tests(policy, suite)
    assert [r.status for r in results] == ["passed", "passed", "passed"]
    cov = {c.rule.id: (c.decided, c.passed_over) for c in coverage(policy, results)}
    assert cov["lainnya"] == (0, 0)


def test_shipped_policies_pass_their_tests() -> None:
    """The shipped 2018 and 2019 policies ship test files, and every case passes."""
    for year in ("2018", "2019"):
        path = policy_path(year)
        assert Path(default_tests_path(path)).is_file()
        result = run("test", path, "--coverage")
        assert result.returncode == 0, result.stdout + result.stderr
        assert " passed " in result.stdout and "FAILED" not in result.stdout
        assert not re.search(r"\d+ failed", result.stdout)
        assert "rules no case exercised" not in result.stdout
    # 2018 holds the selection: section (2019 inherits it); its cases cover every requirement
    result = run("test", policy_path("2018"), "--coverage")
    assert "requirements no candidate failed" not in result.stdout
