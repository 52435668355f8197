"""Command-line tests of the year-over-year features (counterfactuals, diff, what-if, policy)."""

from __future__ import annotations

import json

import jsonschema

from test_cli import SCHEMA, run


def test_json_carries_counterfactuals_and_margins_on_non_keep_decisions() -> None:
    result = run("evaluate", "--format", "json", "--lang", "en")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    pkp04 = next(d for d in data["decisions"] if d["consultant"] == "PKP-04")
    assert {"indicator": "akses_pembiayaan", "achievement": 14, "needed": 16} in \
        pkp04["counterfactuals"]
    assert pkp04["margins"] == [{"rule": "capai-target", "comparison": "score >= keep",
                                 "left": 67.33, "right": 70, "margin": -2.67}]
    for d in data["decisions"]:
        assert ("margins" in d) == (d["outcome"] != "keep")
    fast = json.loads(run("evaluate", "--format", "json", "--no-counterfactuals").stdout)
    assert all("margins" not in d for d in fast["decisions"])


def test_explain_prints_counterfactuals() -> None:
    result = run("explain", "PKP-04", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "akses_pembiayaan: now 14, needs 16" in result.stdout
    assert "capai-target: score >= keep  (67.33 vs 70)  -2.67" in result.stdout
    kept = run("explain", "PKP-01", "--lang", "en")
    assert "Needed to be kept" not in kept.stdout


def test_diff_cli_text_json_and_exit_code() -> None:
    from plut_rules._shipped import policy_path, sample_path

    old, new = policy_path("2018"), policy_path("2019")
    same = run("diff", old, old, "--exit-code")
    assert same.returncode == 0 and "no changes" in same.stdout
    text = run("diff", old, new)
    assert text.returncode == 0, text.stderr
    assert "fields.pembiayaan.thresholds.keep: 70 -> 65" in text.stdout
    assert run("diff", old, new, "--exit-code").returncode == 1
    data = json.loads(run("diff", old, new, "--format", "json", "--consultants",
                          sample_path("consultants.csv"), "--achievements",
                          sample_path("achievements.csv")).stdout)
    assert any(c["path"] == "rules.konsultan-baru" and c["kind"] == "added"
               for c in data["changes"])
    assert [c["consultant"] for c in data["impact"]["consultants"]] == ["PKP-04"]
    assert run("diff", old).returncode == 2
