"""Semantic policy diff and impact replay."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plut_rules import load_policy, load_roster, parse_policy
from plut_rules.shipped import policy_path, sample_path
from plut_rules.yearly.diff import change_text, impact, policy_diff
from strategies import policies, policy_documents

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(policy=policies(monotone_rules=False))
def test_diff_of_a_policy_with_itself_is_empty(policy: object) -> None:
    assert policy_diff(policy, policy) == []  # type: ignore[arg-type]


@SETTINGS
@given(document=policy_documents(), keep=st.integers(1, 200))
def test_a_changed_threshold_is_the_only_change(document: dict, keep: int) -> None:  # type: ignore[type-arg]
    old = parse_policy(json.dumps(document), "old.yaml")
    field_id = next(iter(document["fields"]))
    before = old.field(field_id)
    assert before is not None
    document["fields"][field_id]["thresholds"] = {"keep": keep}
    new = parse_policy(json.dumps(document), "new.yaml")
    changes = policy_diff(old, new)
    if before.thresholds["keep"] == keep:
        assert changes == []
    else:
        [change] = changes
        assert change.path == f"fields.{field_id}.thresholds.keep"
        assert (change.old, change.new) == (before.thresholds["keep"], keep)
        assert change.new_source is not None and change.new_source.file == "new.yaml"


def test_shipped_2019_against_2018() -> None:
    old = load_policy(policy_path("2018"), display="2018.yaml")
    new = load_policy(policy_path("2019"), display="2019.yaml")
    changes = {c.path: c for c in policy_diff(old, new)}
    keep = changes["fields.kelembagaan.thresholds.keep"]
    assert (keep.old, keep.new) == (70, 72)
    assert keep.old_source is not None and keep.old_source.file == "2018.yaml"
    assert keep.new_source is not None and keep.new_source.file == "2019.yaml"
    assert "fields.pemasaran.thresholds.keep" not in changes  # pemasaran overrides it (75)
    assert changes["rules.konsultan-baru"].kind == "added"
    assert changes["rules.laporan-tidak-tertib.when"].new == "ratio_ketaatan_pelaporan < 0.8"
    assert changes["units.tanjung_pandan.seats.pemasaran"].kind == "added"
    text = change_text(changes["fields.pembiayaan.thresholds.keep"])
    assert text.startswith("changed  fields.pembiayaan.thresholds.keep: 70 -> 65  (2018.yaml:")
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    result = impact(old, new, roster.consultants, roster.achievements)
    assert [(o.consultant, o.outcome, n.outcome) for o, n in result.changed] == [
        ("PKP-04", "reassign", "keep")]
