"""What-if edits, sweeps, `policy show` rendering and `policy new-year` (in process)."""

from __future__ import annotations

import copy
import json
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plut_rules import Policy, evaluate, load_policy, load_roster, parse_policy
from plut_rules.shipped import policy_path, sample_path
from plut_rules.yearly.diff import Change, policy_diff
from plut_rules.yearly.policy_tools import (
    annotated,
    new_year_text,
    render_yaml,
    resolved_notes,
    yaml_scalar,
)
from plut_rules.yearly.whatif import EditablePolicy, parse_edit, parse_sweep, sweep
from strategies import SCORERS, policies, policy_documents, rosters

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def source(name: str = "2019") -> EditablePolicy:
    found, problems = EditablePolicy.read(policy_path(name), display=f"{name}.yaml")
    assert found is not None, problems
    return found


def build(src: EditablePolicy, *args: str) -> tuple[Policy | None, list[str]]:
    policy, problems = src.build([parse_edit(a) for a in args])
    return policy, [str(p) for p in problems if p.severity == "error"]


def decisions(policy: Policy, roster: Any) -> list[tuple[Any, ...]]:
    evaluation = evaluate(policy, *roster)
    return [(d.consultant, d.outcome, d.to_field, d.rule, d.score) for d in evaluation.decisions]


# --------------------------------------------------------------------------- --set paths


def test_no_edit_gives_the_policy_as_loaded() -> None:
    policy, errors = build(source())
    assert not errors and policy is not None
    assert policy.sha256 == load_policy(policy_path("2019")).sha256


def test_a_default_reaches_every_field_that_does_not_override_it() -> None:
    policy, errors = build(source(), "defaults.thresholds.keep=72.5")
    assert not errors and policy is not None
    keep = {f.id: f.thresholds["keep"] for f in policy.fields}
    assert keep["sdm"] == Fraction(145, 2)
    assert keep["pemasaran"] == 75 and keep["pembiayaan"] == 65  # their own overrides stand


def test_a_field_path_gives_that_field_its_own_value() -> None:
    policy, errors = build(source(), "fields.sdm.thresholds.keep=60")
    assert not errors and policy is not None
    assert policy.field("sdm").thresholds["keep"] == 60  # type: ignore[union-attr]
    assert policy.field("produksi").thresholds["keep"] == 72  # type: ignore[union-attr]
    # later edits win, as a later line of a file would
    policy, _ = build(source(), "fields.sdm.thresholds.keep=60", "fields.sdm.thresholds.keep=61")
    assert policy is not None and policy.field("sdm").thresholds["keep"] == 61  # type: ignore[union-attr]


def test_rule_paths_by_id_and_by_index_and_null_removes() -> None:
    policy, errors = build(source(), "rules.capai-target.when=score >= keep + 1",
                           "rules[0].reason='Gerbang'", "rules.konsultan-baru=null")
    assert not errors and policy is not None
    assert policy.rule("capai-target").when == "score >= keep + 1"  # type: ignore[union-attr]
    assert policy.rules[0].reason == "Gerbang"
    assert policy.rule("konsultan-baru") is None
    gate = "fields.pemasaran.indicators.umkm_akses_pasar.minimum"
    for removal in (f"{gate}=null", f"{gate}=", f"{gate}=~"):
        policy, errors = build(source(), removal)
        assert not errors and policy is not None
        assert policy.field("pemasaran").indicator("umkm_akses_pasar").minimum is None  # type: ignore[union-attr]


def test_values_are_yaml() -> None:
    policy, errors = build(source(), "rules.capai-target.fields=[sdm, produksi]",
                           "units.pangkalpinang.seats.sdm=2", "title='2019: revisi'")
    assert not errors and policy is not None
    assert policy.rule("capai-target").fields == ("sdm", "produksi")  # type: ignore[union-attr]
    assert policy.unit("pangkalpinang").seats["sdm"] == 2  # type: ignore[union-attr]
    assert policy.title == "2019: revisi"


@pytest.mark.parametrize(("arg", "expected"), [
    ("fields.pemasaran.thresholds.keep=abc",
     "--set fields.pemasaran.thresholds.keep=abc: fields.pemasaran.thresholds.keep: expected a "
     "number, got text 'abc'"),
    ("fields.pemasaran.cap=0.5", "--set fields.pemasaran.cap=0.5: fields.pemasaran.cap: must be "
                                 ">= 1, got 0.5"),
    ("fields.pemasarn.thresholds.keep=70", "(did you mean 'pemasaran'?)"),
    ("rules.capai-targe.when=true", "no rule with id 'capai-targe'"),
    ("rules.capai-target.when=score >= kep", "unknown variable 'kep' (did you mean 'keep'?)"),
    ("fields.sdm.indicators.x.minimum=null", "fields.sdm.indicators has no 'x'"),
    ("year.x=1", "year is a single value (2019); it has no 'x'"),
    ("rules[9].then=keep", "rules has 6 item(s)"),
    ("defaults.thresholds.keep=[1", "--set defaults.thresholds.keep=[1: defaults.thresholds.keep:"),
    ("fields.sdm.indicators.pelatihan.minimun=0.5", "unknown key 'minimun'"),
])
def test_problems_name_the_argument(arg: str, expected: str) -> None:
    policy, errors = build(source(), arg)
    assert policy is None
    assert any(expected in e for e in errors), errors
    assert all(e.startswith(f"--set {arg}") or "2019.yaml" in e or "2018.yaml" in e
               for e in errors)


@pytest.mark.parametrize("arg", [
    "defaults.thresholds.kep=67", "fields.sdm.thresholds.kep=67",
    "fields.pemasaran.thresholds.kep=67", "defaults.thresholds.reassign_flor=50"])
def test_a_new_key_close_to_an_existing_one_is_a_typo(arg: str) -> None:
    src = source("2018")
    policy, problems = src.build([parse_edit(arg)])
    assert policy is None
    [problem] = problems
    path = arg.partition("=")[0]
    assert problem.code == "set-path" and problem.path == path
    assert problem.suggestion in ("keep", "reassign_floor")
    assert str(problem).startswith(f"--set {arg}: {path}: ")
    assert f"write --add {arg} (did you mean '{problem.suggestion}'?)" in str(problem)
    # added on purpose, it is there
    policy, problems = src.build([parse_edit(arg, "--add")])
    assert policy is not None, problems
    # in a sweep, too
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    points, problems = sweep(src, [], f"{path}=60:61:1", roster.consultants,
                             roster.achievements)
    assert points == [] and [p.code for p in problems] == ["set-path"]
    assert "--sweep would add it" in str(problems[0])
    assert f"--add {path}=VALUE" in str(problems[0])


def test_new_keys_that_resemble_no_key_and_add_of_an_existing_key() -> None:
    src = source("2018")
    for arg in ("defaults.thresholds.mutu=60", "fields.sdm.thresholds.keep=60",
                "units.tanjung_pandan.seats.pemasaran=2"):  # a field id is no typo
        policy, errors = build(src, arg)
        assert policy is not None and not errors, (arg, errors)
    policy, problems = src.build([parse_edit("defaults.thresholds.keep=60", "--add")])
    assert policy is None
    assert [str(p) for p in problems] == [
        "--add defaults.thresholds.keep=60: defaults.thresholds.keep: defaults.thresholds has "
        "'keep' already; --add adds a new key: to change it, write --set "
        "defaults.thresholds.keep=60"]
    # --add then --set of the new key, in order
    policy, problems = src.build([parse_edit("defaults.thresholds.mutu=60", "--add"),
                                  parse_edit("defaults.thresholds.mutu=61")])
    assert policy is not None and policy.field("sdm").thresholds["mutu"] == 61  # type: ignore[union-attr]


@pytest.mark.parametrize("arg", ["keep", "=3", "fields..x=1", "rules[x].when=1"])
def test_malformed_arguments_are_usage_errors(arg: str) -> None:
    with pytest.raises(ValueError, match="--set"):
        parse_edit(arg)


# --------------------------------------------------------------------------- sweeps


def test_sweep_steps_are_exact_decimals() -> None:
    path, tokens, values = parse_sweep("defaults.cap=0.1:0.3:0.1")
    assert (path, tokens) == ("defaults.cap", ("defaults", "cap"))
    assert values == [Fraction(1, 10), Fraction(2, 10), Fraction(3, 10)]
    assert parse_sweep("x=1:1:5")[2] == [1]
    assert len(parse_sweep("x=60:80:0.02")[2]) == 1001
    for bad in ("x=1:2", "x=1:2:0", "x=2:1:1", "x=a:2:1", "x=0:1000:0.5", "x1:2:1"):
        with pytest.raises(ValueError):
            parse_sweep(bad)


def test_sweep_of_keep_counts_on_the_sample() -> None:
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    src = source("2018")
    points, problems = sweep(src, [], "defaults.thresholds.keep=50:110:5", roster.consultants,
                             roster.achievements)
    assert not problems and len(points) == 14
    assert points[0].value is None and points[0].counts == {"keep": 7, "reassign": 2,
                                                             "replace": 3}
    keeps = [p.counts["keep"] for p in points[1:]]
    assert keeps == sorted(keeps, reverse=True)  # a higher bar keeps no one more
    assert all(sum(p.counts.values()) == 12 for p in points)
    at_70 = next(p for p in points if p.value == 70)
    assert at_70.changed == 0 and at_70.counts == points[0].counts
    # each point is exactly what a --set of that value gives
    at_90 = next(p for p in points if p.value == 90)
    policy, _ = build(src, "defaults.thresholds.keep=90")
    assert policy is not None
    assert evaluate(policy, roster.consultants, roster.achievements).counts() == at_90.counts


def test_sweep_stops_at_the_first_invalid_value() -> None:
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    points, problems = sweep(source("2018"), [], "defaults.cap=0.8:1.2:0.1", roster.consultants,
                             roster.achievements)
    assert points == []
    assert [str(p) for p in problems] == [
        "--sweep defaults.cap=0.8:1.2:0.1 (at 0.8): defaults.cap: must be >= 1, got 0.8"]


# --------------------------------------------------------------------------- diff -> --set


def _set_argument(change: Change) -> str:
    if change.kind == "removed":
        return f"{change.path}=null"
    assert not isinstance(change.new, dict), change
    return f"{change.path}={yaml_scalar(change.new)}"


@st.composite
def policy_pairs(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A generated policy and a copy with value changes (defaults, fields, units, rules)."""
    old = draw(policy_documents(monotone_rules=False))
    new = copy.deepcopy(old)
    d = new["defaults"]
    if draw(st.booleans()):
        d["thresholds"]["keep"] = draw(st.integers(40, 110))
    if draw(st.booleans()):
        d["thresholds"]["reassign_floor"] = draw(st.integers(20, 60))
    if draw(st.booleans()):
        d["scoring"] = draw(st.sampled_from(SCORERS))
    if draw(st.booleans()):
        d["cap"] = draw(st.sampled_from([1, 1.1, 1.25, 2]))
    if draw(st.booleans()):
        d["indicators"]["hadir"]["target"] = draw(st.sampled_from([80, 90, 100]))
    for fid, field in new["fields"].items():
        if draw(st.booleans()):
            if "thresholds" in field and draw(st.booleans()):
                del field["thresholds"]
            else:
                field["thresholds"] = {"keep": draw(st.integers(40, 110))}
        if draw(st.booleans()):
            field.pop("cap", None) if draw(st.booleans()) else field.update(cap=1.5)
        for ind in field["indicators"].values():
            if draw(st.booleans()):
                ind["target"] = draw(st.sampled_from([2, 10, 30, 60]))
            if draw(st.booleans()):
                if "minimum" in ind:
                    del ind["minimum"]
                else:
                    ind["minimum"] = 0.4
            if draw(st.booleans()):
                ind["direction"] = "lower" if ind["direction"] == "higher" else "higher"
        if draw(st.booleans()):
            new["units"]["tjp"].setdefault("seats", {})[fid] = draw(st.integers(0, 2))
    rules = {r["id"]: r for r in new["rules"]}
    if draw(st.booleans()):
        rules["capai-target"]["when"] = draw(st.sampled_from(
            ["score > keep", "score >= keep + 5", "score >= reassign_floor"]))
    if draw(st.booleans()):
        rules["capai-target"]["then"] = "replace"
    if draw(st.booleans()):
        rules["gagal-gate"]["when"] = "gates_failed > 1"
    if draw(st.booleans()):
        rules["pindah"]["min_competence"] = draw(st.integers(0, 90))
    if draw(st.booleans()):
        rules["lainnya"]["reason"] = "Sisanya: diganti"
    if draw(st.booleans()):
        new["title"] = "Tahun baru: 2019"
    return old, new


@SETTINGS
@given(pair=policy_pairs(), data=st.data())
def test_applying_a_diffs_changes_with_set_reproduces_the_new_policy(
        pair: tuple[dict[str, Any], dict[str, Any]], data: st.DataObject) -> None:
    old_doc, new_doc = pair
    old_text = json.dumps(old_doc, indent=1)
    old = parse_policy(old_text, "old.yaml")
    new = parse_policy(json.dumps(new_doc, indent=1), "new.yaml")
    changes = policy_diff(old, new)
    assert all(c.kind != "reordered" and not (c.path.startswith("rules.")
                                              and c.path.count(".") == 1) for c in changes)
    src, problems = EditablePolicy.read("old.yaml", data=old_text.encode())
    assert src is not None, problems
    edited, problems = src.build([parse_edit(_set_argument(c)) for c in changes])
    assert edited is not None, [str(p) for p in problems] + [_set_argument(c) for c in changes]
    assert edited.sha256 == new.sha256
    assert policy_diff(edited, new) == []
    roster = data.draw(rosters(new))
    assert decisions(edited, roster) == decisions(new, roster)


# --------------------------------------------------------------------------- policy show


@pytest.mark.parametrize("name", ["2018", "2019"])
def test_resolved_text_loads_as_the_same_policy(name: str) -> None:
    policy = load_policy(policy_path(name), display=f"{name}.yaml")
    text = "\n".join(render_yaml(policy.document, resolved_notes(policy))) + "\n"
    assert parse_policy(text, "shown.yaml").sha256 == policy.sha256
    assert "keep: 72" in text and "# 2019.yaml:18 (defaults.thresholds.keep)" in text \
        if name == "2019" else "# 2018.yaml:" in text


@SETTINGS
@given(policy=policies(monotone_rules=False))
def test_resolved_text_round_trips_generated_policies(policy: Policy) -> None:
    text = "\n".join(render_yaml(policy.document, resolved_notes(policy))) + "\n"
    assert parse_policy(text, "shown.yaml").sha256 == policy.sha256


def test_every_resolved_value_names_its_source() -> None:
    policy = load_policy(policy_path("2019"), display="2019.yaml")
    values = annotated(policy)
    unsourced = {v.path.rsplit(".", 1)[-1] for v in values if v.source is None}
    assert unsourced <= {"direction", "step", "seats", "per", "severity"}  # built-in defaults
    files = {v.source.file for v in values if v.source is not None}
    assert files == {"2018.yaml", "2019.yaml"}
    by_path = {v.path: v for v in values}
    assert by_path["rules.konsultan-baru.when"].source.file == "2019.yaml"  # type: ignore[union-attr]
    assert by_path["fields.pemasaran.indicators.umkm_akses_pasar.target"].value == 45


# --------------------------------------------------------------------------- new year

_YAML_LINE = re.compile(r"# ( *(- )?[a-z_][a-z0-9_-]*:( .*)?)$")


def _uncomment(text: str, section: str) -> str:
    """The file with the commented YAML example of one section (``# --- <section>``) enabled."""
    out, inside = [], False
    for line in text.splitlines():
        if line.startswith("# --- "):
            inside = line.startswith(f"# --- {section}")
        match = _YAML_LINE.match(line)
        out.append(match.group(1) if inside and match else line)
    return "\n".join(out) + "\n"


def test_new_year_text_validates_and_its_examples_work(tmp_path: Path) -> None:
    parent = load_policy(policy_path("2018"), display="2018.yaml")
    (tmp_path / "2018.yaml").write_bytes(policy_path("2018").read_bytes())
    child_path = str(tmp_path / "2019.yaml")
    text = new_year_text(parent, 2019, "2018.yaml", "2019.yaml", "2018.yaml")
    child = parse_policy(text, child_path)
    assert child.year == 2019 and child.title is not None and child.title.endswith("2019")
    assert {c.path for c in policy_diff(parent, child)} == {"year", "title"}
    # each commented example, enabled as it stands, is valid; the threshold and rule
    # examples show the values in force (no change), the gate example removes one gate
    same = parse_policy(_uncomment(text, "Menimpa"), child_path)
    assert policy_diff(child, same) == []
    gate = parse_policy(_uncomment(text, "Menghapus"), child_path)
    assert [c.path for c in policy_diff(child, gate)] == [
        "fields.kelembagaan.indicators.kumkm_legalitas.minimum"]
    rules = parse_policy(_uncomment(text, "Mengganti"), child_path)
    assert policy_diff(child, rules) == []
    assert len(rules.rules) == len(parent.rules)
