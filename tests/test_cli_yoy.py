"""Command-line tests of the year-over-year features (counterfactuals, diff, what-if, policy)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from conftest import run_cli
from test_cli import SCHEMA


def test_json_carries_counterfactuals_and_margins_on_non_keep_decisions() -> None:
    result = run_cli("evaluate", "--format", "json", "--lang", "en")
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
    fast = json.loads(run_cli("evaluate", "--format", "json", "--no-counterfactuals").stdout)
    assert all("margins" not in d for d in fast["decisions"])


def test_explain_prints_counterfactuals() -> None:
    result = run_cli("explain", "PKP-04", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "akses_pembiayaan: now 14, needs 16" in result.stdout
    assert "capai-target: score >= keep  (67.33 vs 70): 2.67 below the threshold" \
        in result.stdout
    kept = run_cli("explain", "PKP-01", "--lang", "en")
    assert "Needed to be kept" not in kept.stdout


def test_diff_cli_text_json_and_exit_code() -> None:
    from plut_rules.shipped import policy_path, sample_path

    old, new = policy_path("2018"), policy_path("2019")
    same = run_cli("diff", old, old, "--exit-code")
    assert same.returncode == 0 and "tidak ada perubahan" in same.stdout
    assert "no changes" in run_cli("diff", old, old, "--lang", "en").stdout
    text = run_cli("diff", old, new)
    assert text.returncode == 0, text.stderr
    assert "diubah   fields.pembiayaan.thresholds.keep: 70 -> 65" in text.stdout
    assert run_cli("diff", old, new, "--exit-code").returncode == 1
    data = json.loads(run_cli("diff", old, new, "--format", "json", "--consultants",
                              sample_path("consultants.csv"), "--achievements",
                              sample_path("achievements.csv")).stdout)
    assert any(c["path"] == "rules.konsultan-baru" and c["kind"] == "added"
               for c in data["changes"])
    assert [c["consultant"] for c in data["impact"]["consultants"]] == ["PKP-04"]
    assert run_cli("diff", old).returncode == 2


def test_whatif_set_shows_the_impact_like_diff() -> None:
    result = run_cli("whatif", "--set", "fields.pemasaran.thresholds.keep=64", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert ("changed  fields.pemasaran.thresholds.keep: 75 -> 64  (policies/2018.yaml:196 -> "
            "--set fields.pemasaran.thresholds.keep=64)") in result.stdout
    assert "TJP-04: reassign -> pengembangan_it" in result.stdout
    assert "=>  keep (capai-target, score 64.84)" in result.stdout
    assert "Counts: keep 7 -> 8, reassign 2 -> 1, replace 3 -> 3" in result.stdout
    data = json.loads(run_cli("whatif", "--set", "defaults.thresholds.keep=67",
                              "--format", "json").stdout)
    assert data["set"] == ["defaults.thresholds.keep=67"]
    assert {c["path"] for c in data["changes"]} == {
        f"fields.{f}.thresholds.keep" for f in ("kelembagaan", "sdm", "produksi", "pembiayaan",
                                                "pengembangan_it", "jaringan_kerjasama")}
    assert [c["consultant"] for c in data["impact"]["consultants"]] == ["PKP-04"]
    assert data["impact"]["counts"]["new"] == {"keep": 8, "reassign": 1, "replace": 3}


# English words of the text views that must not appear in the Indonesian one
_ENGLISH = ("Impact", "Counts", "Vacancies", "Sweep", "no changes", "changed ", "added ",
            "removed ", "reordered", "Policy:", "What if", "Changes", "score ", "old:", "new:",
            "keep ", "reassign ", "replace ", "(as given)")


def _view_words(text: str) -> str:
    """The words of a text view without what the policy itself says: the values of change
    lines (paths, YAML values, rule expressions), the rule's reason and expression in a
    summary, file names and --set/--sweep arguments."""
    out = []
    for line in text.splitlines():
        if line.startswith(("---", "+++")) or line.lstrip().startswith(("--set", "--sweep")):
            continue
        kept = line
        if ": " in line and "  (" in line and " -> " in line.rsplit("  (", 1)[1]:
            kept = line.split()[0]  # a change line: its kind only
        kept = re.sub(r"\(.*\)", "()", kept)
        out.append(re.sub(r"--s(et|weep) \S+", "", kept))
    return "\n".join(out)


def test_diff_and_whatif_text_are_indonesian_or_english_throughout() -> None:
    from plut_rules.shipped import policy_path, sample_path

    sample = ["--consultants", str(sample_path("consultants.csv")),
              "--achievements", str(sample_path("achievements.csv"))]
    old, new = policy_path("2018"), policy_path("2019")
    for command in (["diff", old, new, *sample], ["whatif", "--set", "defaults.thresholds.keep=67"],
                    ["whatif", "--sweep", "defaults.thresholds.keep=60:70:2.5"]):
        for lang in ("id", "en"):
            assert "--lang {id,en}" in run_cli(*command[:1], "--help").stdout
            result = run_cli(*command, "--lang", lang)
            assert result.returncode == 0, result.stderr
            if lang == "id":
                words = _view_words(result.stdout)
                assert not [w for w in _ENGLISH if w in words], words
                assert not re.search(r"\d\.\d", words), words
    diff_id = run_cli("diff", old, new, *sample).stdout
    assert "Dampak pada 12 konsultan: 1 keputusan berubah" in diff_id
    assert ("PKP-04: dipindahkan bidang -> produksi (pindah-bidang, skor 67,33)  =>  "
            "dipertahankan (capai-target, skor 66,97)") in diff_id
    assert "Jumlah: dipertahankan 7 -> 8, dipindahkan bidang 2 -> 1, diganti 3 -> 3" in diff_id
    assert "Formasi kosong:\n  pangkalpinang / pembiayaan: 1 -> 0" in diff_id
    assert "ditambah rules.konsultan-baru:" in diff_id
    diff_en = run_cli("diff", old, new, *sample, "--lang", "en").stdout
    assert "Impact on 12 consultants: 1 decision(s) change" in diff_en
    assert ("PKP-04: reassign -> produksi (pindah-bidang, score 67.33)  =>  "
            "keep (capai-target, score 66.97)") in diff_en
    assert "added    rules.konsultan-baru:" in diff_en
    assert not [w for w in ("Dampak", "Jumlah", "Formasi", "diubah", "ditambah", "skor ", "lama:",
                            "dipertahankan", "dipindahkan", "diganti")
                if w in _view_words(diff_en)]
    whatif_id = run_cli("whatif", "--set", "defaults.thresholds.keep=67").stdout
    assert whatif_id.startswith("CONTOH / SAMPLE — data contoh fiktif, bukan konsultan "
                                "sungguhan\nKebijakan: policies/2018.yaml (kepbabel-plut 2018)\n"
                                "Seandainya:\n  --set defaults.thresholds.keep=67\n"
                                "Perubahan (kebijakan efektif):\n  diubah   fields.")
    # JSON stays language-neutral: the same keys and values apart from the summaries
    for command in (["diff", old, new, *sample], ["whatif", "--set", "defaults.thresholds.keep=67"],
                    ["whatif", "--sweep", "defaults.thresholds.keep=60:70:2.5"]):
        docs = [json.loads(run_cli(*command, "--format", "json", "--lang", lang).stdout)
                for lang in ("id", "en")]
        for doc in docs:
            for c in doc.get("impact", {}).get("consultants", []):
                c["old"].pop("summary"), c["new"].pop("summary")
        assert docs[0] == docs[1]


def test_whatif_with_the_value_changes_of_2019_gives_its_impact() -> None:
    """--set with every value change diff 2018 2019 reports gives diff's impact replay
    (2019's one new rule, which --set cannot add, decides no one in the sample)."""
    from plut_rules.shipped import policy_path, sample_path

    sample = ["--consultants", str(sample_path("consultants.csv")),
              "--achievements", str(sample_path("achievements.csv"))]
    old, new = policy_path("2018"), policy_path("2019")
    diffed = json.loads(run_cli("diff", old, new, "--format", "json", *sample).stdout)
    sets = []
    for c in diffed["changes"]:
        if c["path"] != "rules.konsultan-baru":
            assert c["kind"] in ("changed", "added"), c
            sets += ["--set", f"{c['path']}={json.dumps(c['new'], ensure_ascii=False)}"]
    result = run_cli("whatif", "--policy", old, *sets, "--format", "json", *sample)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["impact"] == diffed["impact"] | {"consultants": data["impact"]["consultants"]}
    assert [(c["consultant"], c["new"]["outcome"]) for c in data["impact"]["consultants"]] == \
        [(c["consultant"], c["new"]["outcome"]) for c in diffed["impact"]["consultants"]]


def test_whatif_errors_name_the_argument_and_usage_errors() -> None:
    bad = run_cli("whatif", "--set", "fields.pemasaran.thresholds.keep=abc", "--lang", "en")
    assert bad.returncode == 1
    assert bad.stderr.startswith("--set fields.pemasaran.thresholds.keep=abc: "
                                 "fields.pemasaran.thresholds.keep: expected a number")
    typo = run_cli("whatif", "--set", "rules.capai-targe.when=true", "--lang", "en")
    assert typo.returncode == 1 and "(did you mean 'capai-target'?)" in typo.stderr
    assert "Traceback" not in bad.stderr + typo.stderr
    assert run_cli("whatif").returncode == 2
    assert run_cli("whatif", "--set", "keep").returncode == 2
    assert run_cli("whatif", "--sweep", "defaults.thresholds.keep=80:60:1").returncode == 2
    assert run_cli("whatif", "--set", "year=2018", "--consultants", "x.csv").returncode == 2


def test_whatif_refuses_a_typo_for_a_new_key_and_add_adds_it() -> None:
    typo = run_cli("whatif", "--set", "defaults.thresholds.kep=67", "--lang", "en")
    assert typo.returncode == 1 and typo.stdout == ""
    assert typo.stderr == (
        "--set defaults.thresholds.kep=67: defaults.thresholds.kep: defaults.thresholds has no "
        "'kep', and --set would add it; to add a new key 'kep' on purpose, write --add "
        "defaults.thresholds.kep=67 (did you mean 'keep'?)\n1 error\n")
    added = run_cli("whatif", "--add", "defaults.thresholds.mutu=60", "--set",
                    "rules.capai-target.when=score >= mutu", "--lang", "en")
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith(
        "CONTOH / SAMPLE — fictional sample data, not real consultants\n"
        "Policy: policies/2018.yaml (kepbabel-plut 2018)\nWhat if:\n"
        "  --add defaults.thresholds.mutu=60\n  --set rules.capai-target.when=score >= mutu\n")
    assert "added    fields.sdm.thresholds.mutu: 60  (- -> --add defaults.thresholds.mutu=60)" \
        in added.stdout
    data = json.loads(run_cli("whatif", "--add", "defaults.thresholds.mutu=60", "--set",
                              "defaults.thresholds.keep=67", "--format", "json").stdout)
    assert data["set"] == ["defaults.thresholds.keep=67"]
    assert data["add"] == ["defaults.thresholds.mutu=60"]
    assert "add" not in json.loads(run_cli("whatif", "--set", "defaults.thresholds.keep=67",
                                           "--format", "json").stdout)
    exists = run_cli("whatif", "--add", "defaults.thresholds.keep=67", "--lang", "en")
    assert exists.returncode == 1 and "write --set defaults.thresholds.keep=67" in exists.stderr
    assert "has 'keep' already" in exists.stderr
    assert "--add PATH=VALUE" in run_cli("whatif", "--help").stdout
    assert run_cli("whatif", "--add", "keep").returncode == 2


def test_whatif_sweep_text_and_json() -> None:
    text = run_cli("whatif", "--sweep", "fields.pemasaran.thresholds.keep=60:70:2.5",
                   "--lang", "en")
    assert text.returncode == 0, text.stderr
    banner, *lines = text.stdout.splitlines()
    assert banner == "CONTOH / SAMPLE — fictional sample data, not real consultants"
    assert lines[0].startswith("Sweep fields.pemasaran.thresholds.keep over 5 values")
    assert lines[1].split() == ["value", "keep", "reassign", "replace", "vacancies", "changed"]
    assert lines[2].split() == ["(as", "given)", "7", "2", "3", "5", "-"]
    assert [line.split()[0] for line in lines[3:8]] == ["60", "62.5", "65", "67.5", "70"]
    text = run_cli("whatif", "--sweep", "fields.pemasaran.thresholds.keep=60:70:2.5")
    banner, *lines = text.stdout.splitlines()
    assert banner.startswith("CONTOH / SAMPLE — data contoh fiktif")
    assert lines[0].startswith("Rentang nilai fields.pemasaran.thresholds.keep: 5 nilai")
    assert lines[1].split() == ["nilai", "dipertahankan", "dipindahkan", "bidang", "diganti",
                                "formasi", "kosong", "berubah"]
    assert lines[2].split() == ["(awal)", "7", "2", "3", "5", "-"]
    assert [line.split()[0] for line in lines[3:8]] == ["60", "62,5", "65", "67,5", "70"]
    data = json.loads(run_cli("whatif", "--sweep", "fields.pemasaran.thresholds.keep=60:70:2.5",
                              "--set", "defaults.thresholds.keep=65", "--format", "json").stdout)
    assert [p["value"] for p in data["points"]] == [60, 62.5, 65, 67.5, 70]
    assert data["base"]["counts"] == {"keep": 8, "reassign": 1, "replace": 3}
    assert data["points"][0]["counts"]["keep"] >= data["points"][-1]["counts"]["keep"]
    bad = run_cli("whatif", "--lang", "en", "--sweep", "defaults.cap=0.5:1:0.5")
    assert bad.returncode == 1 and "(at 0.5): defaults.cap: must be >= 1" in bad.stderr


def test_policy_show_resolved_and_as_written(tmp_path: Path) -> None:
    from plut_rules import parse_policy
    from plut_rules.shipped import policy_path

    new = policy_path("2019")
    result = run_cli("policy", "show", new, "--resolved")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    sdm = lines.index("  sdm:")
    keep = next(line for line in lines[sdm:] if line.strip().startswith("keep:"))
    assert keep.split("#")[1].strip() == f"{new}:18 (defaults.thresholds.keep)"
    # the text loads back as the very same policy
    assert parse_policy(result.stdout, str(tmp_path / "x.yaml")).sha256 == \
        json.loads(run_cli("policy", "show", new, "--resolved", "--format", "json").stdout
                   )["policy"]["sha256"]
    written = run_cli("policy", "show", new)
    assert "  thresholds:\n    keep: 72" in written.stdout
    data = json.loads(run_cli("policy", "show", new, "--resolved", "--format", "json").stdout)
    values = {v["path"]: v for v in data["values"]}
    assert values["fields.pembiayaan.thresholds.keep"] == {
        "path": "fields.pembiayaan.thresholds.keep", "value": 65, "source": f"{new}:30",
        "via": None}
    assert values["fields.sdm.thresholds.keep"]["via"] == "defaults.thresholds.keep"
    assert run_cli("policy", "show", tmp_path / "missing.yaml").returncode == 1
    assert run_cli("policy").returncode == 2


def test_policy_new_year_writes_a_valid_child_and_never_overwrites(tmp_path: Path) -> None:
    from plut_rules.shipped import policy_path

    (tmp_path / "2018.yaml").write_bytes(policy_path("2018").read_bytes())
    result = run_cli("policy", "new-year", "2018.yaml", "2019", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "2019.yaml").read_text(encoding="utf-8")
    assert 'extends: "2018.yaml"\nyear: 2019\n' in text
    assert run_cli("validate", "2019.yaml", cwd=tmp_path).returncode == 0
    diff = run_cli("diff", "2018.yaml", "2019.yaml", cwd=tmp_path)
    assert [line.split()[1] for line in diff.stdout.splitlines()[2:]] == ["title:", "year:"]
    again = run_cli("policy", "new-year", "--lang", "en", "2018.yaml", "2019", cwd=tmp_path)
    assert again.returncode == 1 and "never overwrites" in again.stderr
    assert (tmp_path / "2019.yaml").read_text(encoding="utf-8") == text
    # a chain: 2020 extends 2019 extends 2018, given with folders
    (tmp_path / "y").mkdir()
    for name in ("2018.yaml", "2019.yaml"):
        (tmp_path / "y" / name).write_bytes((tmp_path / name).read_bytes())
    chained = run_cli("policy", "new-year", "y/2019.yaml", "2020", "--output", "y/next.yaml",
                      cwd=tmp_path)
    assert chained.returncode == 0, chained.stderr
    assert run_cli("validate", "y/next.yaml", cwd=tmp_path).returncode == 0
    # a parent outside the new file's folder is refused, and nothing is written
    (tmp_path / "sub").mkdir()
    outside = run_cli("policy", "new-year", "--lang", "en", "2018.yaml", "2020", "--output",
                      "sub/2020.yaml",
                      cwd=tmp_path)
    assert outside.returncode == 1 and "extends-outside" not in outside.stdout
    assert "is outside the folder" in outside.stderr
    assert not (tmp_path / "sub" / "2020.yaml").exists()


def test_yearly_workflow_examples_are_the_real_output() -> None:
    """Every line of the text examples of docs/yearly-workflow.md (but those cut with '...')
    is a line the command prints, run where the shipped policies and sample are."""
    from plut_rules.shipped import policy_path

    data = policy_path("2018").parents[1]
    doc = (Path(__file__).resolve().parents[1] / "docs" / "yearly-workflow.md").read_text(
        encoding="utf-8")
    sample = ["--consultants", "sample/consultants.csv", "--achievements",
              "sample/achievements.csv"]
    commands = {
        "    diubah   fields.pembiayaan": ["diff", "policies/2018.yaml", "policies/2019.yaml"],
        "    changed  fields.pembiayaan": ["diff", "policies/2018.yaml", "policies/2019.yaml",
                                           "--lang", "en"],
        "    Dampak pada": ["diff", "policies/2018.yaml", "policies/2019.yaml", *sample],
        "    Kebijakan:": ["whatif", "--policy", "policies/2018.yaml", "--set",
                           "defaults.thresholds.keep=67", *sample],
        "    Rentang nilai": ["whatif", "--sweep", "fields.pembiayaan.thresholds.keep=60:72:2"],
        "    Sweep ": ["whatif", "--sweep", "fields.pembiayaan.thresholds.keep=60:72:2",
                       "--lang", "en"],
    }
    for start, command in commands.items():
        block = doc[doc.index(start):].split("\n\n")[0]
        output = run_cli(*command, cwd=data).stdout.splitlines()
        shown = [line[4:] for line in block.splitlines()]
        assert len(shown) > 1
        for line in shown:
            if "..." in line or line.endswith("{...}  (- -> policies/2019.yaml:51)"):
                continue
            assert line in output, (command, line)
