"""A policy's problems in the reader's language (issue 17, item 2): every problem of the
policy's content (keys, values, fields, units, rules, thresholds, the extends chain and the
monitoring, documents and selection sections) says in Indonesian what is wrong and what to
write instead, and in English exactly what it said before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, run_cli, write
from plut_rules.errors import Problem
from plut_rules.policy import check_policy
from plut_rules.scorers import default_registry

#: codes of problems worded elsewhere (YAML syntax, rule expressions, number text): a
#: problem of these codes may still be English only, until those catalogues are filled
OTHERS = {"yaml-syntax", "not-utf8", "empty-file", "file-too-large", "duplicate-key",
          "bad-key", "tag-not-allowed", "too-large", "too-deep", "expr-syntax",
          "expr-chained", "expr-too-long", "expr-too-deep", "unknown-variable",
          "unknown-value", "expr-type", "not-boolean", "not-a-number",
          "number-out-of-range"}

MONITORING = """\
monitoring:
  thresholds:
    margin: 0.25
  warnings:
    - id: tertinggal
      per: indicator
      when: month >= 3 and cumulative < prorata * (1 - margin)
      severity: medium
"""

DOCUMENTS = """\
documents:
  place: Pangkalpinang
  time_zone: Asia/Jakarta
  signatories:
    - role: Kepala Dinas
"""

SELECTION = """\
selection:
  requirements:
    - id: pendidikan
      when: education in ['S1', 'S2']
  components:
    tertulis: {label: Tes tertulis, weight: 0.6, minimum: 60}
    wawancara: {label: Wawancara, weight: 0.4}
  pass_score: 70
  reserve: 1
  tie_break: [tertulis, experience_years]
  fields:
    pemasaran:
      pass_score: 75
      components: {tertulis: {weight: 0.5}, wawancara: {weight: 0.5}}
"""

FULL = MINIMAL + MONITORING + DOCUMENTS + SELECTION
RULES_AT = MINIMAL.index("rules:")


def edit(old: str, new: str, base: str = MINIMAL) -> str:
    """``base`` with ``old`` (written exactly once) replaced by ``new``."""
    assert base.count(old) == 1, old
    return base.replace(old, new)


def rules(text: str) -> str:
    """MINIMAL with its rules replaced by ``text`` (the rules: line included)."""
    return MINIMAL[:RULES_AT] + text


CATCH_ALL = "  - id: lainnya\n    when: true\n    then: replace\n"

#: (case, policy text, a code the case must report): one case per message, as far as a
#: policy text can reach it
CORPUS: list[tuple[str, str, str]] = [
    ("unknown-key", edit("thresholds:", "treshold:"), "unknown-key"),
    ("missing-key", edit("    when: gates_failed > 0\n", ""), "missing-key"),
    ("units-not-mapping", edit("  pkp: {name: Unit PKP, evaluator: Dinas}", "  - pkp"),
     "wrong-type"),
    ("defaults-not-mapping", edit("defaults:\n", "defaults: 3\nx:\n"), "wrong-type"),
    ("missing-colon", edit("  pkp: {name: Unit PKP, evaluator: Dinas}", "  pkp Unit PKP"),
     "wrong-type"),
    ("name-a-list", edit("name: Pemasaran", "name: [a]"), "wrong-type"),
    ("name-a-mapping", edit("name: Pemasaran", "name: {a: 1}"), "wrong-type"),
    ("not-finite", edit("cap: 1.2", "cap: .inf"), "not-finite"),
    ("percent-fraction", edit("weight: 0.2", "weight: 20%"), "wrong-type"),
    ("percent", edit("target: 95", "target: 95%"), "wrong-type"),
    ("decimal-comma", edit("cap: 1.2", "cap: 1,2"), "wrong-type"),
    ("number-a-boolean", edit("cap: 1.2", "cap: true"), "wrong-type"),
    ("below-minimum", edit("cap: 1.2", "cap: 0.5"), "out-of-range"),
    ("strictly-above", edit("target: 95", "target: 0"), "out-of-range"),
    ("whole-number", edit("evaluator: Dinas}", "evaluator: Dinas, seats: {pemasaran: 1.5}}"),
     "wrong-type"),
    ("at-least", edit("evaluator: Dinas}", "evaluator: Dinas, seats: {pemasaran: -1}}"),
     "out-of-range"),
    ("at-most", edit("year: 2018", "year: 99999"), "out-of-range"),
    ("bad-identifier", edit("  pemasaran:\n", "  Pemasaran:\n"), "bad-identifier"),
    ("bad-slug", edit("policy: uji", "policy: Uji Coba"), "bad-identifier"),
    ("unknown-scorer", edit("scoring: weighted_ratio", "scoring: weighted_ratoi"),
     "unknown-scorer"),
    ("reserved-threshold", edit("competence: 75}", "competence: 75, score: 1}"),
     "reserved-name"),
    ("threshold-typo", rules("rules:\n  - id: a\n    when: score >= keeep\n    then: keep\n"
                             "  - id: b\n    when: score < keeep_\n    then: replace\n"
                             "  - id: c\n    when: score >= reassign_floor and "
                             "best_competence >= competence\n    then: reassign\n"
                             + CATCH_ALL), "threshold-typo"),
    ("unused-threshold", edit("competence: 75}", "competence: 75, cadangan: 1}"),
     "unused-threshold"),
    ("duplicate-rule", edit("id: pindah", "id: capai-target"), "duplicate-rule"),
    ("scope-not-list", edit("then: replace\n  - id: capai-target",
                            "then: replace\n    fields: pemasaran\n  - id: capai-target"),
     "wrong-type"),
    ("scope-wrong-type", edit("then: replace\n  - id: capai-target",
                              "then: replace\n    units: 3\n  - id: capai-target"),
     "wrong-type"),
    ("unknown-in-scope", edit("then: replace\n  - id: capai-target",
                              "then: replace\n    fields: [prodksi]\n  - id: capai-target"),
     "unknown-field"),
    ("scope-empty", edit("then: replace\n  - id: capai-target",
                         "then: replace\n    units: []\n  - id: capai-target"), "empty"),
    ("when-wrong-type", edit("when: gates_failed > 0", "when: 5"), "wrong-type"),
    ("bad-direction", edit("weight: 0.2}", "weight: 0.2, direction: up}"), "bad-value"),
    ("no-fields", MINIMAL[:MINIMAL.index("fields:")] + "fields: {}\n"
     + MINIMAL[RULES_AT:], "empty"),
    ("no-scorer", edit("  scoring: weighted_ratio\n", ""), "missing-key"),
    ("no-indicator", edit(
        "    indicators:\n      sertifikasi: {label: Sertifikasi, target: 30, weight: 0.8, "
        "minimum: 0.5, step: 1}", "    indicators: {}"), "empty"),
    ("duplicate-indicator", edit("      akses_pasar: {", "      kehadiran: {"),
     "duplicate-indicator"),
    ("weight-required", edit("target: 95, weight: 0.2}", "target: 95}"), "missing-key"),
    ("weights-sum", edit("target: 40, weight: 0.8", "target: 40, weight: 0.7"),
     "weights-sum"),
    ("no-units", edit("  pkp: {name: Unit PKP, evaluator: Dinas}\n", "  {}\n"), "empty"),
    ("rules-not-list", rules("rules: {a: 1}\n"), "wrong-type"),
    ("no-rules", rules("rules: []\n"), "empty"),
    ("bad-then", edit("then: keep", "then: kep"), "bad-value"),
    ("min-competence-not-reassign", edit("then: keep", "then: keep\n    min_competence: 80"),
     "not-applicable"),
    ("unknown-threshold", edit("then: reassign", "then: reassign\n    min_competence: mahir"),
     "unknown-threshold"),
    ("no-catch-all", edit("when: true", "when: score >= 0"), "no-catch-all"),
    ("indicator-of-some", edit("when: gates_failed > 0", "when: ratio_akses_pasar > 1"),
     "unknown-variable"),
    ("threshold-of-some", edit(
        "    name: Produksi\n", "    name: Produksi\n    thresholds: {tinggi: 90}\n").replace(
        "when: gates_failed > 0", "when: score > tinggi"), "unknown-variable"),
    ("null-without-extends", edit("evaluator: Dinas", "evaluator: null"),
     "null-without-extends"),
    ("not-a-mapping", "- a\n- b\n", "not-a-mapping"),
    ("year-required", edit("year: 2018\n", ""), "missing-key"),
    ("extends-not-name", "extends: 5\n" + MINIMAL, "wrong-type"),
    ("extends-missing", "extends: tidak-ada.yaml\n" + MINIMAL, "extends-missing"),
    ("threshold-typo-or-rename", edit("when: score >= keep", "when: score >= keeep"),
     "unknown-variable"),
    ("common-indicators-not-mapping", edit(
        "  indicators:\n    kehadiran: {label: Kehadiran, target: 95, weight: 0.2}",
        "  indicators: [kehadiran]"), "wrong-type"),
    ("indicator-not-mapping", edit(
        "akses_pasar: {label: Akses pasar, target: 40, weight: 0.8, minimum: 0.5, step: 1}",
        "akses_pasar: 5"), "wrong-type"),
    ("indicators-not-mapping", edit(
        "    indicators:\n      sertifikasi: {label: Sertifikasi, target: 30, weight: 0.8, "
        "minimum: 0.5, step: 1}", "    indicators: [sertifikasi]"), "wrong-type"),
    ("unit-not-mapping", edit("pkp: {name: Unit PKP, evaluator: Dinas}", "pkp: 3"),
     "wrong-type"),
    ("seats-not-mapping", edit("evaluator: Dinas}", "evaluator: Dinas, seats: 3}"),
     "wrong-type"),
    # the monitoring: section
    ("monitoring-field-threshold", FULL.replace("competence: 75}", "competence: 75, month: 3}"),
     "reserved-name"),
    ("monitoring-threshold-reserved", edit("margin: 0.25", "target: 0.25", FULL),
     "reserved-name"),
    ("monitoring-threshold-of-fields", edit("margin: 0.25", "margin: 0.25\n    keep: 1", FULL),
     "reserved-name"),
    ("monitoring-not-mapping", MINIMAL + "monitoring: [a]\n", "wrong-type"),
    ("monitoring-not-list", MINIMAL + "monitoring:\n  warnings: {a: 1}\n", "wrong-type"),
    ("monitoring-none", MINIMAL + "monitoring:\n  warnings: []\n", "empty"),
    ("monitoring-bad-per", edit("per: indicator", "per: indikator", FULL), "bad-value"),
    ("monitoring-bad-severity", edit("severity: medium", "severity: tinggi", FULL),
     "bad-value"),
    ("monitoring-per-indicator", edit("      per: indicator\n", "", FULL), "unknown-variable"),
    ("monitoring-indicator-of-some", edit("cumulative < prorata", "cumulative_akses_pasar < 1",
                                          FULL), "unknown-variable"),
    ("monitoring-duplicate-id", edit("      severity: medium\n", "      severity: medium\n"
                                     "    - id: tertinggal\n      when: month > 1\n", FULL),
     "duplicate-warning"),
    ("warning-not-mapping", edit("  warnings:\n", "  warnings:\n    - 3\n", FULL),
     "wrong-type"),
    # the documents: section
    ("documents-time-zone", edit("Asia/Jakarta", "WIB", FULL), "bad-value"),
    ("documents-signatories", edit("  signatories:\n    - role: Kepala Dinas\n",
                                   "  signatories: Kepala Dinas\n", FULL), "wrong-type"),
    ("documents-signatory", edit("    - role: Kepala Dinas\n", "    - Kepala Dinas\n", FULL),
     "wrong-type"),
    ("documents-not-mapping", MINIMAL + "documents: 3\n", "wrong-type"),
    # the selection: section
    ("selection-not-mapping", MINIMAL + "selection: 3\n", "wrong-type"),
    ("selection-score-range", edit("pass_score: 70", "pass_score: 170", FULL), "out-of-range"),
    ("selection-requirements-not-list", edit(
        "  requirements:\n    - id: pendidikan\n      when: education in ['S1', 'S2']\n",
        "  requirements: 3\n", FULL), "wrong-type"),
    ("selection-no-requirement", edit(
        "  requirements:\n    - id: pendidikan\n      when: education in ['S1', 'S2']\n",
        "  requirements: []\n", FULL), "empty"),
    ("selection-id-clash", edit("id: pendidikan", "id: tertulis", FULL), "id-clash"),
    ("selection-id-clash-pass", edit("id: pendidikan", "id: pass_score", FULL), "id-clash"),
    ("selection-no-component", edit(
        "    tertulis: {label: Tes tertulis, weight: 0.6, minimum: 60}\n"
        "    wawancara: {label: Wawancara, weight: 0.4}\n", "    {}\n", FULL), "empty"),
    ("selection-component-reserved", edit("    wawancara: {", "    education: {", FULL),
     "reserved-name"),
    ("selection-component-bad-id", edit("    wawancara: {", "    Wawancara: {", FULL),
     "bad-identifier"),
    ("selection-tie-break-not-list", edit("tie_break: [tertulis, experience_years]",
                                          "tie_break: tertulis", FULL), "wrong-type"),
    ("selection-tie-break-unknown", edit("tie_break: [tertulis,", "tie_break: [tertulsi,",
                                         FULL), "bad-tie-break"),
    ("selection-tie-break-twice", edit("experience_years]", "tertulis]", FULL),
     "bad-tie-break"),
    ("selection-unknown-field", edit("    pemasaran:\n      pass_score: 75",
                                     "    pemasaan:\n      pass_score: 75", FULL),
     "unknown-field"),
    ("selection-unknown-component", edit("{tertulis: {weight: 0.5}, wawancara",
                                         "{tertulis: {weight: 0.5}, wawancra", FULL),
     "unknown-component"),
    ("selection-field-weights-sum", edit("wawancara: {weight: 0.5}", "wawancara: {weight: 0.2}",
                                         FULL), "weights-sum"),
    ("selection-weights-sum", edit("weight: 0.4}", "weight: 0.3}", FULL), "weights-sum"),
    ("selection-requirement-not-mapping", edit("  requirements:\n", "  requirements:\n    - 3\n",
                                               FULL), "wrong-type"),
    ("selection-components-not-mapping", edit(
        "    tertulis: {label: Tes tertulis, weight: 0.6, minimum: 60}\n"
        "    wawancara: {label: Wawancara, weight: 0.4}\n", "    - tertulis\n", FULL),
     "wrong-type"),
    ("selection-fields-not-mapping", edit(
        "  fields:\n    pemasaran:\n      pass_score: 75\n"
        "      components: {tertulis: {weight: 0.5}, wawancara: {weight: 0.5}}\n",
        "  fields: [pemasaran]\n", FULL), "wrong-type"),
    ("selection-field-not-mapping", edit(
        "    pemasaran:\n      pass_score: 75\n"
        "      components: {tertulis: {weight: 0.5}, wawancara: {weight: 0.5}}\n",
        "    pemasaran: 75\n", FULL), "wrong-type"),
    ("selection-component-overrides-not-mapping", edit(
        "components: {tertulis: {weight: 0.5}, wawancara: {weight: 0.5}}",
        "components: [tertulis]", FULL), "wrong-type"),
    ("selection-component-override-not-mapping", edit(
        "components: {tertulis: {weight: 0.5}, wawancara: {weight: 0.5}}",
        "components: {tertulis: 0.5}", FULL), "wrong-type"),
    ("selection-every-field-weights", edit(
        "      components: {tertulis: {weight: 0.5}, wawancara: {weight: 0.5}}\n", "",
        FULL).replace("weight: 0.6, minimum: 60", "weight: 0.5, minimum: 60"), "weights-sum"),
    ("selection-duplicate-requirement", edit(
        "  components:\n    tertulis",
        "    - id: pendidikan\n      when: age < 40\n  components:\n    tertulis", FULL),
     "duplicate-requirement"),
]


#: cases whose unknown-variable problem is reworded here (why the name is unknown in
#: this scope), so in both languages whatever the rule language's own wording
REWORDED = {"indicator-of-some", "threshold-of-some", "monitoring-per-indicator",
            "monitoring-indicator-of-some"}


def problems(tmp_path: Path, text: str) -> list[Problem]:
    _, found = check_policy(write(tmp_path, text, "kebijakan.yaml"))
    return found


def assert_indonesian(problem: Problem) -> None:
    assert problem.indonesian is not None, problem
    assert problem.indonesian != problem.message, problem


def test_the_corpus_is_valid_at_its_base(tmp_path: Path) -> None:
    """Each case breaks a policy that loads: what it reports is its own mistake."""
    policy, found = check_policy(write(tmp_path, FULL))
    assert policy is not None, [str(p) for p in found]


@pytest.mark.parametrize(("case", "text", "code"), CORPUS, ids=[c[0] for c in CORPUS])
def test_every_policy_problem_is_worded_in_indonesian(tmp_path: Path, case: str, text: str,
                                                      code: str) -> None:
    """The completeness test: each bad policy reports its problem, and every problem of the
    policy's content it reports has an Indonesian message of its own."""
    found = problems(tmp_path, text)
    assert code in {p.code for p in found}, (case, [str(p) for p in found])
    mine = [p for p in found if p.code not in OTHERS]
    assert mine or code in OTHERS
    for problem in mine:
        assert_indonesian(problem)
    if case in REWORDED:
        assert_indonesian(next(p for p in found if p.code == code))


def test_a_scorer_that_fails_to_load_is_explained_in_indonesian(tmp_path: Path) -> None:
    found = broken_scorer_problems(tmp_path)
    problem = next(p for p in found if p.code == "scorer-broken")
    assert problem.message == ("scorer 'rusak' is installed but failed to load: "
                               "ImportError: no module named x")
    assert problem.text("id") == ("penskor 'rusak' terpasang tetapi gagal dimuat: "
                                  "ImportError: no module named x")


def broken_scorer_problems(tmp_path: Path) -> list[Problem]:
    registry = default_registry()
    registry.load_errors["rusak"] = "ImportError: no module named x"
    _, found = check_policy(write(tmp_path, edit("scoring: weighted_ratio", "scoring: rusak")),
                            scorers=registry)
    return found


def chain(tmp_path: Path, parent: str, child: str) -> Path:
    write(tmp_path, parent, "induk.yaml")
    return write(tmp_path, child, "anak.yaml")


def test_extends_problems_are_worded_in_indonesian(tmp_path: Path) -> None:
    cycle = write(tmp_path, "extends: b.yaml\n" + MINIMAL, "a.yaml")
    write(tmp_path, "extends: a.yaml\n" + MINIMAL, "b.yaml")
    _, found = check_policy(cycle)
    EXTRA_MESSAGES.extend(p.message for p in found)
    problem = next(p for p in found if p.code == "extends-cycle")
    assert problem.message.startswith("extends cycle: ")
    assert problem.text("id").startswith("extends berputar: ")
    assert problem.text("id").endswith("; hapus salah satu extends")

    inner = tmp_path / "dalam"
    inner.mkdir()
    outside = write(inner, "extends: ../a.yaml\n" + MINIMAL, "c.yaml")
    _, found = check_policy(outside)
    EXTRA_MESSAGES.extend(p.message for p in found)
    problem = next(p for p in found if p.code == "extends-outside")
    assert "is outside the folder of" in problem.message
    assert "berada di luar folder" in problem.text("id")

    _, found = check_policy(tmp_path)  # a folder, not a file
    EXTRA_MESSAGES.extend(p.message for p in found)
    problem = next(p for p in found if p.code == "file-unreadable")
    assert problem.message.startswith("cannot read the policy file: ")
    assert problem.text("id").startswith("berkas kebijakan tidak dapat dibaca: ")


def test_an_emptied_parent_section_is_explained_in_both_languages(tmp_path: Path) -> None:
    """``thresholds:`` left empty in a child removes the parent's thresholds: the warning,
    and the errors that follow from it, say why in each language (and a null in a list,
    which removes nothing, is "nothing (null)" in each)."""
    child = chain(tmp_path, MINIMAL, "extends: induk.yaml\nyear: 2019\ndefaults:\n"
                  "  thresholds:\nrules:\n  - id: pindah\n    when: true\n"
                  "    then: reassign\n    min_competence: competence\n"
                  "    fields: [pemasaran, ~]\n")
    _, found = check_policy(child)
    EXTRA_MESSAGES.extend(p.message for p in found)
    warning = next(p for p in found if p.code == "null-removes-many")
    assert warning.message.startswith("empty here, which removes all 3 keys it inherits")
    assert warning.text("id").startswith(
        "kosong di sini, sehingga menghapus seluruh 3 kunci yang diwarisinya")
    assert warning.text("id").endswith("tulis thresholds: null")
    threshold = next(p for p in found if p.code == "unknown-threshold")
    assert "'competence' was removed with the rest of defaults.thresholds" in threshold.message
    assert "'competence' ikut terhapus bersama isi defaults.thresholds lainnya" in \
        threshold.text("id")
    null = next(p for p in found if p.path == "rules.pindah.fields[1]")
    assert null.message == "expected text, got nothing (null)"
    assert null.text("id") == "di sini seharusnya teks, tetapi tertulis nilai kosong (null)"
    for problem in found:
        if problem.code not in OTHERS:
            assert_indonesian(problem)


@pytest.mark.parametrize(("case", "english", "indonesian"), [
    ("percent-fraction",
     "expected a number, got text '20%'; write 0.2: this number is a fraction of 1, "
     "without '%'",
     "di sini seharusnya angka, tetapi tertulis teks '20%'; tulis 0.2: angka ini pecahan "
     "dari 1, ditulis tanpa '%'"),
    ("weights-sum",
     "the weights of field 'pemasaran' must sum to 1 under weighted_ratio, but "
     "akses_pasar 0.7 + kehadiran 0.2 = 0.9; adjust them so they add up to 1",
     "jumlah bobot bidang 'pemasaran' harus 1 dengan penskor weighted_ratio, tetapi "
     "jumlahnya: akses_pasar 0.7 + kehadiran 0.2 = 0.9; sesuaikan bobotnya agar berjumlah 1"),
    ("no-catch-all",
     "no rule with 'when: true' covers field 'pemasaran' in unit 'pkp', so a consultant "
     "there might be left undecided; end the rules with a catch-all rule (when: true)",
     "tidak ada aturan dengan 'when: true' yang mencakup bidang 'pemasaran' di unit 'pkp', "
     "sehingga konsultan di sana bisa saja tidak mendapat keputusan; akhiri daftar aturan "
     "dengan aturan penampung (when: true)"),
    ("selection-weights-sum",
     "the component weights must sum to 1 (for field(s) produksi, which override no "
     "weight), but tertulis 0.6 + wawancara 0.3 = 0.9; adjust them so they add up to 1",
     "jumlah bobot komponen harus 1 (untuk bidang produksi, yang tidak mengganti bobot apa "
     "pun), tetapi jumlahnya: tertulis 0.6 + wawancara 0.3 = 0.9; sesuaikan bobotnya agar "
     "berjumlah 1"),
])
def test_validate_speaks_indonesian_by_default_and_english_when_asked(
        tmp_path: Path, case: str, english: str, indonesian: str) -> None:
    """Through the CLI as an analyst meets it: the same FILE:LINE:COL and path in both
    languages, the message (and its fix) in Indonesian unless ``--lang en``."""
    text = next(t for c, t, _ in CORPUS if c == case)
    path = write(tmp_path, text, "kebijakan.yaml")
    in_id = run_cli("validate", path)
    in_en = run_cli("validate", "--lang", "en", path)
    line_id = next(line for line in in_id.stderr.splitlines() if indonesian in line)
    line_en = next(line for line in in_en.stderr.splitlines() if english in line)
    assert line_id.replace(indonesian, "").replace("peringatan: ", "") == \
        line_en.replace(english, "").replace("warning: ", "")
    assert line_id.startswith(str(path) + ":")
    assert english not in in_id.stderr


def test_lint_and_strict_validate_speak_indonesian(tmp_path: Path) -> None:
    path = write(tmp_path, edit("competence: 75}", "competence: 75, cadangan: 1}"))
    result = run_cli("validate", "--strict", path)
    assert "ambang 'cadangan' tidak dibaca oleh aturan" in result.stderr
    english = run_cli("validate", "--strict", "--lang", "en", path)
    assert "threshold 'cadangan' is read by no rule, no min_competence" in english.stderr


def test_new_year_refuses_to_overwrite_in_the_language_asked(tmp_path: Path) -> None:
    write(tmp_path, MINIMAL, "2018.yaml")
    assert run_cli("policy", "new-year", "2018.yaml", "2019", cwd=tmp_path).returncode == 0
    kept = (tmp_path / "2019.yaml").read_bytes()
    in_id = run_cli("policy", "new-year", "2018.yaml", "2019", cwd=tmp_path)
    in_en = run_cli("policy", "new-year", "--lang", "en", "2018.yaml", "2019", cwd=tmp_path)
    assert in_id.returncode == in_en.returncode == 1
    assert in_id.stderr.splitlines()[0] == (
        "2019.yaml: berkas itu sudah ada; new-year tidak pernah menimpa berkas: tulis "
        "--output yang lain, atau hapus dulu berkas itu")
    assert in_en.stderr.splitlines()[0] == (
        "2019.yaml: the file exists already; new-year never overwrites a file: give another "
        "--output, or delete the file first")
    assert (tmp_path / "2019.yaml").read_bytes() == kept
    EXTRA_MESSAGES.append(in_en.stderr)


def test_why_a_file_cannot_be_read_is_said_in_indonesian(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's reason stays as the system says it in English; its usual reasons are
    said in Indonesian (a missing file, no permission, a folder)."""
    import errno
    import os

    import plut_rules.policy.load as load_module

    missing = check_policy(tmp_path / "tidak-ada.yaml")[1][0]
    assert missing.message == "cannot read the policy file: No such file or directory"
    assert missing.text("id") == "berkas kebijakan tidak dapat dibaca: berkas tidak ditemukan"
    folder = check_policy(tmp_path)[1][0]
    assert folder.text("id").endswith(": bukan berkas biasa (sebuah folder, pipa atau "
                                      "perangkat)")
    os.mkfifo(tmp_path / "pipa.yaml")
    pipe = check_policy(tmp_path / "pipa.yaml")[1][0]
    assert pipe.message == ("cannot read the policy file: not a regular file (a folder, "
                            "pipe or device)")
    assert pipe.text("id") == ("berkas kebijakan tidak dapat dibaca: bukan berkas biasa "
                               "(sebuah folder, pipa atau perangkat)")

    def refused(*_args: object) -> int:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    path = write(tmp_path, MINIMAL)
    monkeypatch.setattr(load_module.os, "open", refused)
    denied = check_policy(path)[1][0]
    assert denied.message == f"cannot read the policy file: {os.strerror(errno.EACCES)}"
    assert denied.text("id") == ("berkas kebijakan tidak dapat dibaca: tidak ada izin untuk "
                                 "membacanya")
    EXTRA_MESSAGES.extend(p.message for p in (missing, folder, pipe, denied))


def template_pattern(english: str) -> re.Pattern[str]:
    """A message template as a pattern: its text as written, any value in a placeholder."""
    parts = re.split(r"\{[a-z_]+\}", english)
    return re.compile(".*?".join(re.escape(part) for part in parts), re.DOTALL)


def test_the_corpus_meets_every_policy_message(tmp_path: Path) -> None:
    """Every entry of the policy catalogue is met by a problem of the cases above: a
    message added without a case that reports it fails here."""
    from plut_rules.wording.policy_problems import POLICY_PROBLEMS

    messages: list[str] = []
    for n, (_case, text, _code) in enumerate(CORPUS):
        folder = tmp_path / str(n)
        folder.mkdir()
        messages += [p.message for p in problems(folder, text)]
    messages += [p.message for p in broken_scorer_problems(tmp_path / "scorer")]
    for test in (test_extends_problems_are_worded_in_indonesian,
                 test_an_emptied_parent_section_is_explained_in_both_languages,
                 test_new_year_refuses_to_overwrite_in_the_language_asked):
        folder = tmp_path / test.__name__
        folder.mkdir()
        test(folder)
    with pytest.MonkeyPatch.context() as monkeypatch:
        folder = tmp_path / "unreadable"
        folder.mkdir()
        test_why_a_file_cannot_be_read_is_said_in_indonesian(folder, monkeypatch)
    messages += EXTRA_MESSAGES
    unmet = [key for key, (_id, english) in POLICY_PROBLEMS.items()
             if not any(template_pattern(english).search(m) for m in messages)]
    assert unmet == [], " ".join(unmet)


#: the messages the tests of the extends chain met (filled as they run)
EXTRA_MESSAGES: list[str] = []


def test_no_policy_message_is_written_in_english_only() -> None:
    """Every problem reported in policy/ (but the YAML syntax's own module) passes its
    message as words of the catalogue, never as an English text or f-string."""
    import ast

    import plut_rules.policy as package

    folder = Path(package.__file__).parent

    def written(message: ast.expr) -> bool:  # text as written, or starting so
        while isinstance(message, ast.BinOp):
            message = message.left
        return isinstance(message, ast.Constant | ast.JoinedStr)

    english: list[str] = []
    for path in sorted(folder.rglob("*.py")):
        if path.name == "yaml_tree.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and len(node.args) >= 2):
                continue
            func = node.func
            reporting = (
                (isinstance(func, ast.Attribute) and func.attr in ("err", "warn", "error"))
                or (isinstance(func, ast.Name) and func.id == "Problem"))
            if reporting and written(node.args[1]):
                english.append(f"{path.name}:{node.lineno}")
    assert english == []


#: places of FULL whose value the property below replaces, each written once
PLACES = ("cap: 1.2", "weight: 0.2", "target: 40", "then: keep", "evaluator: Dinas",
          "per: indicator", "severity: medium", "time_zone: Asia/Jakarta", "pass_score: 70",
          "reserve: 1", "policy: uji", "year: 2018", "name: Pemasaran", "margin: 0.25",
          "tie_break: [tertulis, experience_years]", "scoring: weighted_ratio")

#: values an analyst might write by mistake: words, numbers as text, percentages,
#: decimal commas, negative and huge numbers, booleans, lists, mappings, nothing
VALUES = st.one_of(
    st.text(st.sampled_from("abcXYZ _-%,.019"), min_size=1, max_size=8).map(
        lambda t: '"' + t + '"'),
    st.decimals(allow_nan=False, allow_infinity=False, places=3,
                min_value=-10**6, max_value=10**6).map(str),
    st.sampled_from(["true", "false", "~", "[a, 1]", "{a: 1}", "70%", "67,5", "1e999",
                     ".nan", "-.inf", "''", "[]", "{}"]),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PLACES), value=VALUES)
def test_any_wrong_value_is_explained_in_indonesian(tmp_path: Path, place: str,
                                                    value: str) -> None:
    """Whatever value is written in a place of the policy, every problem of its content
    says in Indonesian what is wrong, at the same place and path as in English."""
    key = place.partition(":")[0]
    found = problems(tmp_path, edit(place, f"{key}: {value}", FULL))
    for problem in found:
        if problem.code in OTHERS:
            continue
        assert problem.indonesian is not None, problem
        assert problem.indonesian != problem.message, problem
        assert problem.line("id").split(": ")[0] == problem.line("en").split(": ")[0]
