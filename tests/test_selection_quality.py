"""Quality of a policy's selection: selection cases in its test file (run, failures,
located errors, coverage of the requirements) and the z3 analysis of the requirements
(never holding, implied by earlier ones)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli as run
from conftest import without_selection
from plut_rules import load_policy
from plut_rules.quality import lint, load_tests, requirements_coverage, run_tests
from plut_rules.quality.lint_selection import selection_findings
from plut_rules.shipped import policy_path

CASES = """\
selection_cases:
  - name: satu kandidat lulus terpilih
    unit: pangkalpinang
    field: pemasaran
    education: S1
    experience_years: 3
    birth_year: 1990
    domicile: bangka
    scores: {tertulis: 80, wawancara: 75, portofolio: 70}
    expect: {outcome: selected, rank: 1, total: 76}
  - name: peringkat dan cadangan
    open: 1
    candidates:
      - id: A
        unit: pangkalpinang
        field: pemasaran
        education: S1
        experience_years: 3
        birth_year: 1990
        domicile: bangka
        scores: {tertulis: 80, wawancara: 75, portofolio: 70}
        expect: {outcome: cadangan, rank: 2}
      - id: B
        unit: pangkalpinang
        field: pemasaran
        education: S2
        experience_years: 5
        birth_year: 1988
        domicile: belitung
        scores: {tertulis: 85, wawancara: 80, portofolio: 75}
        expect: {outcome: selected, rank: 1, total: 81}
  - name: tms pendidikan dan sertifikat
    unit: pangkalpinang
    field: pembiayaan
    education: D3
    experience_years: 3
    birth_year: 1990
    domicile: bangka
    certificates: {keuangan: false}
    expect: {outcome: tms, rank: null, reasons: [pendidikan, sertifikat-keuangan]}
  - name: tms usia saja
    unit: pangkalpinang
    field: pemasaran
    education: S1
    experience_years: 3
    birth_year: 1960
    domicile: bangka
    expect: {outcome: tms, reasons: [usia]}
  - name: gagal minimum tertulis
    unit: tanjung_pandan
    field: sdm
    education: S1
    experience_years: 3
    birth_year: 1990
    domicile: belitung
    scores: {tertulis: 55, wawancara: 90, portofolio: 90}
    expect: {outcome: failed, total: 76, reasons: [tertulis]}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The shipped 2018 policy (seleksi.yaml) and the same without its selection: section
    (2018.yaml)."""
    text = Path(policy_path("2018")).read_text(encoding="utf-8")
    (tmp_path / "seleksi.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "2018.yaml").write_text(without_selection(text), encoding="utf-8")
    return tmp_path


def test_selection_cases_run_and_pass(folder: Path) -> None:
    tests = folder / "seleksi.tests.yaml"
    tests.write_text(CASES, encoding="utf-8")
    policy = load_policy(folder / "seleksi.yaml")
    suite, problems = load_tests(policy, tests)
    assert suite is not None, problems
    assert [c.name for c in suite.selection_cases][:2] == ["satu kandidat lulus terpilih",
                                                         "peringkat dan cadangan"]
    results = run_tests(policy, suite)
    assert [r.status for r in results] == ["passed"] * 5, [r.failures for r in results]
    cover = {c.id: c for c in requirements_coverage(policy, results)}
    assert (cover["usia"].failed, cover["usia"].failed_alone) == (1, 1)
    assert (cover["pendidikan"].failed, cover["pendidikan"].failed_alone) == (1, 0)
    assert cover["pengalaman"].failed == 0 and cover["pengalaman"].held == 6
    got = run("test", folder / "seleksi.yaml", "--coverage")
    assert got.returncode == 0, got.stdout + got.stderr
    assert "5 cases from" in got.stdout and "requirement coverage" in got.stdout
    assert "requirements no candidate failed (2): pengalaman, domisili" in got.stdout
    assert "1 of 5 requirements decided a TMS alone" in got.stdout


def test_a_failing_selection_case_shows_the_candidate(folder: Path) -> None:
    wrong = CASES.replace("expect: {outcome: selected, rank: 1, total: 76}",
                          "expect: {outcome: reserve, total: 75}")
    (folder / "seleksi.tests.yaml").write_text(wrong, encoding="utf-8")
    got = run("test", folder / "seleksi.yaml", "--lang", "en")
    assert got.returncode == 1
    assert "expected outcome reserve, got selected" in got.stdout
    assert "expected total 75, got 76" in got.stdout
    assert "actual selection of satu kandidat lulus terpilih:" in got.stdout
    assert "F...." in got.stdout


def test_selection_case_errors_are_located_all_at_once(folder: Path) -> None:
    bad = textwrap.dedent("""\
        selection_cases:
          - name: salah
            unit: pangkalpinang
            field: pemasaran
            education: S4
            experience_years: -1
            birth_year: 1990.5
            domicile: bangka
            certificates: {keuangn: true}
            scores: {tertuls: 80}
            expect: {outcome: terpilh, reasons: [usai]}
        """)
    (folder / "seleksi.tests.yaml").write_text(bad, encoding="utf-8")
    suite, problems = load_tests(load_policy(folder / "seleksi.yaml"),
                                 folder / "seleksi.tests.yaml")
    assert suite is None
    found = {(p.code, p.location.line if p.location else None) for p in problems}
    assert ("bad-education", 5) in found and ("out-of-range", 6) in found
    assert ("wrong-type", 7) in found and ("unknown-certificate", 9) in found
    assert ("unknown-component", 10) in found
    assert {("bad-value", 11)} <= found
    suggestions = {p.suggestion for p in problems}
    assert {"keuangan", "tertulis", "usia", "terpilih"} <= suggestions
    # a policy without a selection: section has nothing to test
    _, problems = load_tests(load_policy(folder / "2018.yaml"), folder / "seleksi.tests.yaml")
    assert [p.code for p in problems] == ["no-selection"]


def _lint_requirements(folder: Path, requirements: str, *, whole: bool = False,
                       ) -> list[tuple[str, str]]:
    """The findings on the selection's requirements: of the whole lint, or of the
    requirements' analysis alone (faster)."""
    text = (folder / "seleksi.yaml").read_text(encoding="utf-8")
    start = text.index("  requirements:")
    end = text.index("  # ----", start)
    (folder / "x.yaml").write_text(text[:start] + "  requirements:\n"
                                   + textwrap.indent(textwrap.dedent(requirements), "    ")
                                   + text[end:], encoding="utf-8")
    z3 = pytest.importorskip("z3")
    policy = load_policy(folder / "x.yaml")
    findings = lint(policy) if whole else selection_findings(z3, policy)
    return [(f.code, f.message) for f in findings if "selection requirement" in f.message]


def test_lint_finds_requirements_that_never_hold_or_never_decide(folder: Path) -> None:
    found = _lint_requirements(folder, """\
        - id: pendidikan
          when: education in ['S1', 'S2', 'S3']
        - id: magister
          when: experience_years > 10 and experience_years < 5 or age < 0
        - id: pengalaman
          when: experience_years >= 2
        - id: pengalaman-1
          when: experience_years >= 1 or domicile == 'jakarta'
        - id: sarjana
          when: education != 'SMA' and education != 'D3'
        - id: usia
          when: age >= 0
        - id: kali
          when: experience_years * age < 1000
        - id: domisili
          when: domicile == unit or field == 'sdm'
        """, whole=True)
    codes = {message.split(":")[0].split()[-1]: code for code, message in found}
    assert codes == {"magister": "lint-requirement-never-holds",
                     "pengalaman-1": "lint-requirement-implied",
                     "sarjana": "lint-requirement-implied",
                     "usia": "lint-requirement-implied",
                     "kali": "lint-unknown"}
    messages = {message.split(":")[0].split()[-1]: message for _, message in found}
    assert "every candidate who meets pengalaman," in messages["pengalaman-1"]
    assert "meets pendidikan," in messages["sarjana"]
    assert "holds for every candidate," in messages["usia"]
    # the shipped fixture's requirements are all decisive
    assert _lint_requirements(folder, "- id: a\n  when: experience_years >= 2\n") == []


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(0, 20), second=st.integers(0, 20))
def test_a_weaker_later_minimum_is_implied_exactly_when_it_is_weaker(
        folder: Path, first: int, second: int) -> None:
    found = _lint_requirements(folder, f"""\
        - id: a
          when: experience_years >= {first}
        - id: b
          when: experience_years >= {second}
        """)
    implied = [m for c, m in found if c == "lint-requirement-implied"
               and m.startswith("selection requirement b:")]
    assert bool(implied) == (second <= first), found
    if second == 0:
        assert "holds for every candidate," in implied[0]
    elif implied:
        assert "meets a," in implied[0]
    # the first is never implied by anything; it never decides only when it always holds
    assert any(m.startswith("selection requirement a:") for _, m in found) == (first == 0)
