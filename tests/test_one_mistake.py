"""Issue 17, items 3-6, as an analyst meets them through ``plut-rules validate``: hints
for numbers written as text, one error per mistake (no cascades), a warning for an
empty key that removes several inherited ones, and a threshold's typo found at its
definition, with unused thresholds warned about."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import MINIMAL, run_cli
from plut_rules.policy import check_policy
from plut_rules.shipped import policy_path


def _child(tmp_path: Path, text: str) -> Path:
    """A child file extending a copy of the shipped 2018 policy in the same folder."""
    (tmp_path / "2018.yaml").write_bytes(policy_path("2018").read_bytes())
    child = tmp_path / "2020.yaml"
    child.write_text("extends: 2018.yaml\nyear: 2020\n" + textwrap.dedent(text),
                     encoding="utf-8")
    return child


def _validate(path: Path) -> tuple[int, list[str]]:
    result = run_cli("validate", "--lang", "en", path)
    return result.returncode, result.stderr.splitlines()


@pytest.mark.parametrize(("written", "hint"), [
    ("70%", "write 70: numbers in a policy are written without '%'"),
    ("67,5", "write 67.5: decimals in a policy are written with a point, not a comma"),
    ("67,5 %", "write 67.5: numbers in a policy are written without '%'"),
])
def test_a_threshold_written_as_text_gets_one_error_with_a_hint(
        tmp_path: Path, written: str, hint: str) -> None:
    """`keep: 70%` in a child file: one error, at the value, saying what to write; no
    'threshold keep is not defined' for the rules, since the parent defines it."""
    code, lines = _validate(_child(tmp_path, f"""\
        defaults:
          thresholds:
            keep: {written}
        """))
    assert code == 1
    assert lines == [f"{tmp_path / '2020.yaml'}:5:11: defaults.thresholds.keep: expected a "
                     f"number, got text {written!r}; {hint}", "1 error"]


def test_a_weight_as_a_percentage_is_a_fraction(tmp_path: Path) -> None:
    """A weight of 40% is 0.4 (a fraction of 1), not 40."""
    code, lines = _validate(_child(tmp_path, """\
        fields:
          produksi:
            indicators:
              produk_bersertifikat: {weight: 40%}
        """))
    assert code == 1 and len(lines) == 2
    assert lines[0].endswith("got text '40%'; write 0.4: this number is a fraction of 1, "
                             "without '%'")


def test_an_invalid_indicator_target_adds_no_weight_sum(tmp_path: Path) -> None:
    """An indicator's bad target is one error: no 'weights must sum to 1' for its field."""
    code, lines = _validate(_child(tmp_path, """\
        fields:
          produksi:
            indicators:
              produk_bersertifikat: {target: tiga puluh}
        """))
    assert code == 1
    assert len(lines) == 2 and "target: expected a number, got text 'tiga puluh'" in lines[0]
    assert not [line for line in lines if "weights" in line]


def test_an_invalid_common_indicator_adds_no_weight_sums(tmp_path: Path) -> None:
    code, lines = _validate(_child(tmp_path, """\
        defaults:
          indicators:
            kehadiran:
              weight: 0,1
        """))
    assert code == 1 and lines[-1] == "1 error"
    assert "write 0.1" in lines[0]


def test_an_unknown_scorer_adds_no_unknown_variables(tmp_path: Path) -> None:
    """A misspelt scorer is one error: no unknown variable for every threshold the rules
    read, no unknown indicator value in monitoring, no unknown field in seats."""
    code, lines = _validate(_child(tmp_path, """\
        defaults:
          scoring: weighted_ratoi
        """))
    assert code == 1
    assert lines == [f"{tmp_path / '2020.yaml'}:4:12: defaults.scoring: unknown scorer "
                     "'weighted_ratoi'; known scorers: minimum_ratio, target_count, "
                     "weighted_ratio (did you mean 'weighted_ratio'?)", "1 error"]


def test_a_bad_field_id_adds_no_unknown_field(tmp_path: Path) -> None:
    """A field with a bad id is one error, not also one per unit seating it."""
    text = MINIMAL.replace("  produksi:\n    name: Produksi", "  Produksi:\n    name: Produksi")
    text = text.replace("pkp: {name: Unit PKP, evaluator: Dinas}",
                        "pkp: {name: Unit PKP, evaluator: Dinas, seats: {Produksi: 1}}")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    _policy, problems = check_policy(path)
    assert [p.code for p in problems if p.severity == "error"] == ["bad-identifier"]


def test_a_real_mistake_elsewhere_is_still_reported(tmp_path: Path) -> None:
    """Suppression is only of what follows: a misspelt variable in a rule next to a bad
    threshold value is its own mistake and is reported."""
    code, lines = _validate(_child(tmp_path, """\
        defaults:
          thresholds:
            keep: 70%
        rules:
          - id: capai-target
            when: scroe >= keep
            then: keep
          - id: lainnya
            when: true
            then: replace
        """))
    assert code == 1
    # the two rules replace the parent's: reassign_floor and competence are read by nothing
    assert lines[-1] == "2 errors, 2 warnings"
    assert any("unknown variable 'scroe'" in line for line in lines)


def test_an_empty_key_removing_inherited_ones_is_warned_and_named(tmp_path: Path) -> None:
    """`thresholds:` left empty with `keep: 72` dedented below it: a warning at the empty
    key, and every error that follows says the name was removed there."""
    child = _child(tmp_path, """\
        defaults:
          thresholds:
          keep: 72
        """)
    code, lines = _validate(child)
    assert code == 1
    assert lines[0] == (
        f"{child}:4:3: warning: defaults.thresholds: empty here, which removes all 3 keys it "
        "inherits (keep, reassign_floor, competence); if the lines below belong under it, "
        "indent them; to remove them on purpose, write thresholds: null")
    note = f"was removed with the rest of defaults.thresholds, left empty at {child}:4:3"
    errors = lines[1:-1]
    assert errors and all(note in line for line in errors), errors
    assert f"{child}:5:3: defaults.keep: unknown key 'keep'" in errors[0]
    assert not [line for line in errors if "did you mean 'competence_" in line]


def test_an_explicit_null_is_not_warned(tmp_path: Path) -> None:
    """`indicators: null` on purpose (written out) removes without a warning."""
    _policy, problems = check_policy(_child(tmp_path, """\
        defaults:
          thresholds: null
        """))
    assert "null-removes-many" not in {p.code for p in problems}


def test_a_typo_in_a_child_threshold_is_reported_at_its_definition(tmp_path: Path) -> None:
    """`reassign_flor: 50` in a child, the parent's rule reading reassign_floor (removed):
    one error, at the definition, suggesting the name the rule reads."""
    child = _child(tmp_path, """\
        defaults:
          thresholds:
            reassign_flor: 50
            reassign_floor: null
        """)
    code, lines = _validate(child)
    assert code == 1
    assert lines == [
        f"{child}:5:5: defaults.thresholds.reassign_flor: threshold 'reassign_flor' is read by "
        "no rule or warning, while rules.pindah-bidang.when reads 'reassign_floor', which no "
        "threshold defines: a typo in this name? (did you mean 'reassign_floor'?)", "1 error"]


def test_a_typo_read_by_two_rules_is_the_definition(tmp_path: Path) -> None:
    """Two rules read 'batas', the file defines 'bats': the definition is the typo."""
    text = MINIMAL.replace("{keep: 70, reassign_floor: 50, competence: 75}",
                           "{keep: 70, reassign_floor: 50, competence: 75, bats: 40}")
    text = text.replace("when: gates_failed > 0", "when: gates_failed > 0 or score < batas")
    text = text.replace("when: score >= reassign_floor and",
                        "when: score >= batas and score >= reassign_floor and")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    _policy, problems = check_policy(path)
    assert [(p.code, p.path, p.suggestion) for p in problems] == [
        ("threshold-typo", "defaults.thresholds.bats", "batas")]


def test_a_typo_in_one_file_names_both_places(tmp_path: Path) -> None:
    """One file, one reader: which name is misspelt is not known; the rule's error names
    the unused threshold as the other possibility."""
    text = MINIMAL.replace("when: score >= keep", "when: score >= keeep")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    _policy, problems = check_policy(path)
    (problem,) = problems
    assert problem.code == "unknown-variable" and problem.suggestion == "keep"
    assert "rename defaults.thresholds.keep (line 6), which nothing reads" in problem.message


def test_unused_thresholds_are_warned_about(tmp_path: Path) -> None:
    """A threshold no rule, min_competence default or warning reads is a warning; the
    shipped policies have none."""
    text = MINIMAL.replace("{keep: 70, reassign_floor: 50, competence: 75}",
                           "{keep: 70, reassign_floor: 50, competence: 75, mutu: 60}")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    code, lines = _validate(path)
    assert code == 0
    assert lines == [f"{path}:6:62: warning: defaults.thresholds.mutu: threshold 'mutu' is "
                     "read by no rule, no min_competence and no monitoring warning; use it "
                     "in a rule's 'when' or remove it", "1 warning"]
    # 'competence' is read only as the default min_competence of the reassign rule: used
    assert "'competence'" not in "".join(lines)
    for year in ("2018", "2019"):
        _policy, problems = check_policy(policy_path(year))
        assert not [p for p in problems if p.code == "unused-threshold"]


def test_a_misspelt_section_key_adds_nothing_for_what_it_defines(tmp_path: Path) -> None:
    """`treshold:` for `thresholds:` is one error, not one more per threshold the rules
    read (they are defined, under the misspelt key)."""
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace("thresholds:", "treshold:"), encoding="utf-8")
    code, lines = _validate(path)
    assert code == 1
    assert lines[1:] == ["1 error"], lines
    assert lines[0].endswith("unknown key 'treshold'; allowed here: scoring, cap, thresholds, "
                             "indicators (did you mean 'thresholds'?)")


@pytest.mark.parametrize(("written", "place", "fix"), [
    ("weight: 0,2}", "defaults.indicators.kehadiran.weight", "write 0.2"),
    ("target: 95,5, weight: 0.2}", "defaults.indicators.kehadiran.target", "write 95.5"),
])
def test_a_decimal_comma_in_a_flow_mapping_is_one_number(tmp_path: Path, written: str,
                                                         place: str, fix: str) -> None:
    """`{weight: 0,2}` is read by YAML as `weight: 0` and a key `2`: it is reported once,
    as the number written with a comma, with what to write (item 3 of issue 17)."""
    path = tmp_path / "p.yaml"
    original = "target: 95, weight: 0.2}" if "target" in written else "weight: 0.2}"
    assert original in MINIMAL
    path.write_text(MINIMAL.replace(original, written, 1), encoding="utf-8")
    code, lines = _validate(path)
    assert code == 1 and lines[1:] == ["1 error"], lines
    assert f": {place}: expected a number, got text " in lines[0] and fix in lines[0]
    indonesian = run_cli("validate", path).stderr.splitlines()
    assert indonesian[0].split(": ")[:2] == lines[0].split(": ")[:2]
    assert "tulis " + fix.split()[1] in indonesian[0]


def test_a_key_without_its_colon_is_named_with_what_to_write(tmp_path: Path) -> None:
    """`units:` followed by `  pkp Unit PKP` is valid YAML (one text): say the colon is
    missing after the key, and what to write."""
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL.replace("  pkp: {name: Unit PKP, evaluator: Dinas}",
                                    "  pkp Unit PKP"), encoding="utf-8")
    code, lines = _validate(path)
    assert code == 1 and lines[-1] == "1 error", lines
    assert lines[0].endswith("got text 'pkp Unit PKP'; is the colon after the key missing? "
                             "write pkp: Unit PKP")
    indonesian = run_cli("validate", path).stderr.splitlines()[0]
    assert indonesian.endswith("apakah titik dua sesudah kunci terlupa? tulis pkp: Unit PKP")
