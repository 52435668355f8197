"""Policy loading and validation: every error of the contract's §2.1, with its location."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, errors_of, problems_of, write
from plut_rules import (
    Policy,
    PolicyError,
    ScorerRegistry,
    evaluate,
    load_policy,
    parse_policy,
    policy_from_document,
    shipped_policy_path,
    to_json,
)
from plut_rules.model import Achievement, Consultant
from plut_rules.policy import RULE_VARIABLES, rule_variable_types, variable_table
from plut_rules.scorers import MinimumRatio
from strategies import policies, rosters


def replace(old: str, new: str, text: str = MINIMAL) -> str:
    """MINIMAL with one exact substring replaced (fails loudly if it is not there)."""
    assert old in text, old
    return text.replace(old, new, 1)


def only(problems: list, code: str):  # type: ignore[no-untyped-def]
    """The single problem of ``code``."""
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


def test_minimal_policy_loads(minimal: Policy) -> None:
    """The minimal policy loads with its fields, common indicator and rules in order."""
    assert minimal.id == "uji" and minimal.year == 2018
    assert [f.id for f in minimal.fields] == ["pemasaran", "produksi"]
    field = minimal.field("pemasaran")
    assert field is not None
    assert [i.id for i in field.indicators] == ["akses_pasar", "kehadiran"]
    assert field.thresholds["keep"] == 70
    assert [r.id for r in minimal.rules] == ["gagal-gate", "capai-target", "pindah", "lainnya"]
    rule = minimal.rule("capai-target")
    assert rule is not None and rule.source is not None and rule.source.line == 24


def test_shipped_policy_is_valid() -> None:
    """The shipped 2018 policy validates without errors or warnings."""
    policy = load_policy(shipped_policy_path("2018"))
    assert policy.year == 2018
    assert len(policy.fields) == 7
    assert {u.id for u in policy.units} == {"pangkalpinang", "tanjung_pandan"}


def test_unknown_key_with_suggestion(tmp_path: Path) -> None:
    """A misspelt key is an error at its line and column with a did-you-mean."""
    errors = errors_of(tmp_path, replace("  thresholds: {keep", "  treshold: {keep"))
    p = only(errors, "unknown-key")
    assert p.suggestion == "thresholds"
    assert p.location.line == 6 and p.location.column == 3
    assert p.path == "defaults.treshold"
    assert "did you mean 'thresholds'?" in str(p)


TARGET = "fields.pemasaran.indicators.akses_pasar.target"


@pytest.mark.parametrize(
    ("old", "new", "code", "path"),
    [
        ("target: 40,", "target: 0,", "out-of-range", TARGET),
        ("target: 40,", "target: -3,", "out-of-range", TARGET),
        ("weight: 0.8, minimum: 0.5, step: 1}\n  produksi",
         "weight: -0.1, minimum: 0.5, step: 1}\n  produksi", "out-of-range",
         "fields.pemasaran.indicators.akses_pasar.weight"),
        ("cap: 1.2", "cap: 0.9", "out-of-range", "defaults.cap"),
        ("step: 1}\n  produksi", "step: 0}\n  produksi", "out-of-range",
         "fields.pemasaran.indicators.akses_pasar.step"),
        ("target: 40,", "target: .inf,", "not-finite", TARGET),
        ("target: 40,", "target: .nan,", "not-finite", TARGET),
        ("target: 40,", "target: banyak,", "wrong-type", TARGET),
        ("year: 2018", "year: 2018.5", "wrong-type", "year"),
        ("name: Pemasaran", "name: [a, b]", "wrong-type", "fields.pemasaran.name"),
    ],
)
def test_bad_values(tmp_path: Path, old: str, new: str, code: str, path: str) -> None:
    """Wrong types, non-finite numbers and out-of-range values are errors at the value."""
    p = only(errors_of(tmp_path, replace(old, new)), code)
    assert p.path == path
    assert p.location is not None and p.location.line is not None


def test_common_indicator_collides_with_own(tmp_path: Path) -> None:
    """A field's own indicator may not reuse a common indicator's id."""
    text = replace("akses_pasar: {label", "kehadiran: {label")
    p = only(errors_of(tmp_path, text), "duplicate-indicator")
    assert p.path == "fields.pemasaran.indicators.kehadiran"


def test_weights_must_sum_to_one(tmp_path: Path) -> None:
    """Under weighted_ratio each field's weights, common ones included, sum to 1."""
    text = replace("weight: 0.8, minimum: 0.5, step: 1}\n  produksi",
                   "weight: 0.7, minimum: 0.5, step: 1}\n  produksi")
    p = only(errors_of(tmp_path, text), "weights-sum")
    assert "0.9" in p.message and p.path == "fields.pemasaran.indicators"


def test_weights_are_exact(tmp_path: Path) -> None:
    """0.1 + 0.2 + 0.7 is exactly 1: exact decimals, no float error."""
    text = replace(
        "akses_pasar: {label: Akses pasar, target: 40, weight: 0.8, minimum: 0.5, step: 1}",
        "akses_pasar: {label: Akses pasar, target: 40, weight: 0.1, minimum: 0.5, step: 1}\n"
        "      b: {target: 1, weight: 0.2}\n      c: {target: 1, weight: 0.3}\n"
        "      d: {target: 1, weight: 0.2}")
    policy = load_policy(write(tmp_path, text))
    field = policy.field("pemasaran")
    assert field is not None
    assert sum((i.weight or Fraction(0)) for i in field.indicators) == 1


def test_missing_weight_under_weighted_ratio(tmp_path: Path) -> None:
    """Every indicator needs a weight under weighted_ratio."""
    text = replace("target: 30, weight: 0.8,", "target: 30,")
    p = only(errors_of(tmp_path, text), "missing-key")
    assert p.path == "fields.produksi.indicators.sertifikasi.weight"


def test_duplicate_key(tmp_path: Path) -> None:
    """A key written twice is an error at the second one, naming the first line."""
    text = replace("year: 2018\n", "year: 2018\nyear: 2019\n")
    p = only(errors_of(tmp_path, text), "duplicate-key")
    assert p.location.line == 3 and "line 2" in p.message


def test_duplicate_rule_ids(tmp_path: Path) -> None:
    """Two rules with the same id are an error at the second."""
    text = replace("  - id: lainnya", "  - id: pindah")
    p = only(errors_of(tmp_path, text), "duplicate-rule")
    assert p.location.line == 30


def test_unknown_scorer(tmp_path: Path) -> None:
    """An unknown scorer name is an error with a suggestion."""
    p = only(errors_of(tmp_path, replace("scoring: weighted_ratio", "scoring: weighted_ration")),
             "unknown-scorer")
    assert p.suggestion == "weighted_ratio"


def test_unknown_field_in_scope_and_seats(tmp_path: Path) -> None:
    """A rule scope or seats naming an unknown field or unit is an error with a suggestion."""
    text = replace("    then: keep\n", "    then: keep\n    fields: [pemasarn]\n    units: [pkq]\n")
    text = replace("evaluator: Dinas}", "evaluator: Dinas, seats: {produkis: 2}}", text)
    errors = errors_of(tmp_path, text)
    fields = [p for p in errors if p.code == "unknown-field"]
    assert {p.suggestion for p in fields} == {"pemasaran", "produksi"}
    assert only(errors, "unknown-unit").suggestion == "pkp"


@pytest.mark.parametrize(
    ("when", "code", "fragment"),
    [
        ("[1, 2]", "wrong-type", "'when' must be"),
        ("12", "wrong-type", "'when' must be"),
        ("'score >= '", "expr-syntax", ""),
        ("'scor >= keep'", "unknown-variable", ""),
        ("'score >= keeep'", "unknown-variable", ""),
        ("'score == \"tinggi\"'", "expr-type", "cannot compare"),
        ("'score and true'", "expr-type", "and needs"),
        ("'50 <= score < 70'", "expr-chained", ""),
        ("'score + 1'", "not-boolean", ""),
        ("'field == \"pemasarn\"'", "unknown-value", ""),
    ],
)
def test_bad_conditions(tmp_path: Path, when: str, code: str, fragment: str) -> None:
    """Conditions that are not text/boolean, do not parse or do not type-check are errors."""
    text = replace("when: score >= keep", f"when: {when}")
    errors = errors_of(tmp_path, text)
    p = next(p for p in errors if p.code == code)
    assert fragment in p.message
    assert p.location is not None and p.location.line == 25
    assert p.path == "rules.capai-target.when"


def test_unknown_variable_suggests(tmp_path: Path) -> None:
    """A misspelt variable gets a did-you-mean and points at its column."""
    errors = errors_of(tmp_path, replace("when: score >= keep", "when: score >= keeep"))
    p = only(errors, "unknown-variable")
    assert p.suggestion == "keep"
    assert p.location.column == 20


def test_threshold_must_exist_in_every_scoped_field(tmp_path: Path) -> None:
    """A threshold defined for one field only cannot be used by a rule covering both."""
    text = replace("    name: Produksi\n", "    name: Produksi\n    thresholds: {khusus: 60}\n")
    text = replace("when: score >= keep", "when: score >= khusus", text)
    p = only(errors_of(tmp_path, text), "unknown-variable")
    assert "pemasaran" in p.message
    # scoped to the field that has it, the same rule is valid
    ok = text.replace("    then: keep\n", "    then: keep\n    fields: [produksi]\n", 1)
    load_policy(write(tmp_path, ok, "ok.yaml"))


def test_ratio_variable_needs_indicator_in_scope(tmp_path: Path) -> None:
    """ratio_<x> is usable only where every field in scope has indicator x."""
    text = replace("when: score >= keep", "when: ratio_akses_pasar >= 1")
    p = only(errors_of(tmp_path, text), "unknown-variable")
    assert "produksi" in p.message
    ok = text.replace("    then: keep\n", "    then: keep\n    fields: [pemasaran]\n", 1)
    load_policy(write(tmp_path, ok, "ok.yaml"))
    common = replace("when: score >= keep", "when: ratio_kehadiran >= 1")
    load_policy(write(tmp_path, common, "common.yaml"))


def test_null_without_extends(tmp_path: Path) -> None:
    """A null in a file that extends nothing is an error."""
    p = only(errors_of(tmp_path, MINIMAL + "title:\n"), "null-without-extends")
    assert p.path == "title" and p.location.line == 33


def test_many_errors_reported_at_once(tmp_path: Path) -> None:
    """Several independent mistakes are all reported, in file order."""
    text = replace("cap: 1.2", "cap: 0.5")
    text = replace("target: 40,", "target: 0,", text)
    text = replace("then: keep", "then: kep", text)
    errors = errors_of(tmp_path, text)
    assert {p.code for p in errors} >= {"out-of-range", "bad-value"}
    assert len(errors) >= 3
    lines = [p.location.line for p in errors]
    assert lines == sorted(lines)
    assert only(errors, "bad-value").suggestion == "keep"


def test_warning_when_no_catch_all(tmp_path: Path) -> None:
    """Without a final 'when: true' rule the policy loads with a warning per field and unit."""
    text = replace("  - id: lainnya\n    when: true\n    then: replace\n", "")
    problems = problems_of(tmp_path, text)
    warnings = [p for p in problems if p.severity == "warning"]
    assert len(warnings) == 2 and all(p.code == "no-catch-all" for p in warnings)
    load_policy(write(tmp_path, text, "w.yaml"))  # warnings do not refuse the policy


def test_reserved_threshold_names(tmp_path: Path) -> None:
    """A threshold may not be named like a variable or keyword."""
    p = only(errors_of(tmp_path, replace("{keep: 70,", "{score: 1, keep: 70,")), "reserved-name")
    assert p.path == "defaults.thresholds.score"


def test_yaml_syntax_error_has_position(tmp_path: Path) -> None:
    """A YAML syntax error is one problem with line and column."""
    p = only(errors_of(tmp_path, "policy: uji\nyear: [2018\n"), "yaml-syntax")
    assert p.location.line is not None and p.location.column is not None


def test_python_tags_refused(tmp_path: Path) -> None:
    """Tags that would build Python objects are refused, never run."""
    text = MINIMAL.replace("title", "x") + "title: !!python/object/apply:os.system ['echo hi']\n"
    p = only(errors_of(tmp_path, text), "tag-not-allowed")
    assert "!!python/object/apply:os.system" in p.message


# ------------------------------------------------------------------ extends


PARENT = MINIMAL
CHILD = """\
extends: 2018.yaml
year: 2019
defaults:
  thresholds: {keep: 75}
fields:
  produksi: null
  pemasaran:
    indicators:
      akses_pasar: {minimum: null}
rules:
  - id: capai-target
    when: score >= keep
    then: keep
  - id: lainnya
    when: true
    then: replace
"""


def test_extends_merges_and_removes(tmp_path: Path) -> None:
    """A child overrides maps key by key, replaces rules, and null removes a parent's value."""
    write(tmp_path, PARENT, "2018.yaml")
    child = load_policy(write(tmp_path, CHILD, "2019.yaml"))
    assert child.year == 2019
    assert [f.id for f in child.fields] == ["pemasaran"]
    field = child.field("pemasaran")
    assert field is not None and field.thresholds["keep"] == 75
    ind = field.indicator("akses_pasar")
    assert ind is not None and ind.minimum is None and ind.target == 40
    assert [r.id for r in child.rules] == ["capai-target", "lainnya"]
    assert [Path(f.path).name for f in child.files] == ["2019.yaml", "2018.yaml"]


def test_extends_locations_name_the_supplying_file(tmp_path: Path) -> None:
    """An error in an inherited value points into the parent file."""
    write(tmp_path, replace("target: 30,", "target: -1,"), "2018.yaml")
    path = write(tmp_path, CHILD.replace("  produksi: null\n", ""), "2019.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    p = only(list(info.value.errors), "out-of-range")
    assert p.location.file.endswith("2018.yaml")


def test_parent_display_path_is_joined_to_child_folder(tmp_path: Path) -> None:
    """rule_source of an inherited rule names the parent joined to the child's folder."""
    write(tmp_path, PARENT, "pol/2018.yaml")
    child_text = "extends: 2018.yaml\nyear: 2019\n"
    write(tmp_path, child_text, "pol/2019.yaml")
    policy = load_policy(tmp_path / "pol" / "2019.yaml", display="pol/2019.yaml")
    rule = policy.rule("capai-target")
    assert rule is not None and rule.source is not None
    assert rule.source.file == "pol/2018.yaml"
    assert [f.path for f in policy.files] == ["pol/2019.yaml", "pol/2018.yaml"]


def test_extends_cycle(tmp_path: Path) -> None:
    """a extends b extends a is an error naming the cycle."""
    write(tmp_path, "extends: b.yaml\nyear: 2018\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\nyear: 2018\n", "b.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "a.yaml")
    p = only(list(info.value.errors), "extends-cycle")
    assert "a.yaml" in p.message and "b.yaml" in p.message


def test_extends_missing_parent(tmp_path: Path) -> None:
    """A missing parent is an error at the extends value."""
    path = write(tmp_path, "extends: nothere.yaml\nyear: 2019\n", "c.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    p = only(list(info.value.errors), "extends-missing")
    assert p.location.line == 1 and p.location.column == 10


def test_year_required_in_parent(tmp_path: Path) -> None:
    """Every file of the chain needs a year."""
    write(tmp_path, MINIMAL.replace("year: 2018\n", ""), "2018.yaml")
    path = write(tmp_path, "extends: 2018.yaml\nyear: 2019\n", "2019.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    p = only(list(info.value.errors), "missing-key")
    assert p.location.file.endswith("2018.yaml")


# ------------------------------------------------------------------ hashes and documents


def test_hash_ignores_formatting_and_comments(tmp_path: Path) -> None:
    """The policy hash depends on meaning: comments, quoting and flow style do not change it."""
    a = load_policy(write(tmp_path, MINIMAL, "a.yaml"))
    text = "# komentar\n" + MINIMAL.replace("policy: uji", "policy: 'uji'").replace(
        "cap: 1.2", "cap: 1.20")
    b = load_policy(write(tmp_path, text, "b.yaml"))
    assert a.sha256 == b.sha256
    assert a.files[0].sha256 != b.files[0].sha256
    c = load_policy(write(tmp_path, MINIMAL.replace("keep: 70", "keep: 71"), "c.yaml"))
    assert c.sha256 != a.sha256


def test_document_round_trip(minimal: Policy) -> None:
    """A policy rebuilt from its resolved document is equal and has the same hash."""
    again = policy_from_document(minimal.document)
    assert again.sha256 == minimal.sha256
    assert again.fields == minimal.fields
    assert again.rules == minimal.rules


def test_parse_policy_from_text() -> None:
    """A policy can be loaded from text as well as from a file."""
    policy = parse_policy(MINIMAL, "inline.yaml")
    assert policy.rules[0].source is not None
    assert policy.rules[0].source.file == "inline.yaml"


def test_registry_call_adds_a_scorer(tmp_path: Path) -> None:
    """A scorer registered in code can be named by a policy loaded with that registry."""
    registry = ScorerRegistry.from_entry_points()
    registry.register("paling_lemah", MinimumRatio())
    text = replace("scoring: weighted_ratio", "scoring: paling_lemah")
    policy = load_policy(write(tmp_path, text), scorers=registry)
    assert all(f.scoring == "paling_lemah" for f in policy.fields)
    with pytest.raises(PolicyError):
        load_policy(write(tmp_path, text, "other.yaml"))  # the default registry lacks it


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_resolved_document_round_trips(data: st.DataObject) -> None:
    """Any policy rebuilt from its resolved document has the same hash and decisions."""
    policy = data.draw(policies())
    again = policy_from_document(policy.document, locations=policy.locations,
                                 files=policy.files)
    assert again.sha256 == policy.sha256
    assert again.fields == policy.fields and again.units == policy.units
    consultants, achievements = data.draw(rosters(policy))
    assert to_json(evaluate(again, consultants, achievements)) == to_json(
        evaluate(policy, consultants, achievements))


DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_docs_variable_table_is_the_declaration() -> None:
    """The variable table of docs/policy-format.md is generated from the declaration."""
    page = (DOCS / "policy-format.md").read_text(encoding="utf-8")
    table = variable_table()
    assert table in page, "regenerate the table with plut_rules.policy.variable_table()"
    assert len(table.splitlines()) == len(RULE_VARIABLES) + 2


@pytest.mark.parametrize("variable", [v for v in RULE_VARIABLES if v.kind != "threshold"],
                         ids=lambda v: v.name)
def test_declared_variable_cannot_name_a_threshold(tmp_path: Path, variable: Any) -> None:
    """A threshold named like a declared variable (or a family of them) is refused."""
    name = variable.prefix + ("x" if variable.kind != "fixed" else "")
    p = only(errors_of(tmp_path, replace("{keep: 70,", f"{{{name}: 1, keep: 70,")),
             "reserved-name")
    assert p.path == f"defaults.thresholds.{name}"


def test_engine_computes_exactly_the_declared_variables() -> None:
    """A rule reading every variable its scope declares sees each one, with its type."""
    base = parse_policy(MINIMAL, "base.yaml")
    pemasaran = base.field("pemasaran")
    assert pemasaran is not None
    types = rule_variable_types([pemasaran], base.fields)
    kinds = {v.kind for v in RULE_VARIABLES}
    assert kinds == {"fixed", "threshold", "per_field", "per_indicator"}
    assert {"ratio_akses_pasar", "competence_produksi", "keep", "field"} <= set(types)
    numbers = sorted(n for n, t in types.items() if t.value == "number")
    texts = sorted(n for n, t in types.items() if t.value == "string")
    when = f"{' + '.join(numbers)} < -1 or {' == '.join(texts[:2])}"
    rule = f"  - id: semua\n    when: {when}\n    then: keep\n    fields: [pemasaran]\n"
    policy = parse_policy(MINIMAL.replace("rules:\n", "rules:\n" + rule), "all.yaml")
    consultant = Consultant("A", "Nama A", "pkp", "pemasaran", 2015,
                            {"produksi": 80})
    achievements = [Achievement("A", "akses_pasar", 30), Achievement("A", "kehadiran", 90)]
    decision = evaluate(policy, [consultant], achievements).decisions[0]
    step = decision.trace[0]
    assert step.rule == "semua" and step.result is False
    assert set(step.values) == set(types)
    for name, value in step.values.items():
        assert isinstance(value, Fraction if types[name].value == "number" else str), name
