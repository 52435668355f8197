"""The determination (penetapan): seat-aware overrides, final outcomes, counts and vacancies
recomputed, the determined table and JSON, and what report --audit and audit show make of it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli as run
from plut_rules import audit

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "output.schema.json").read_text(encoding="utf-8"))
FIELDS = ["kelembagaan", "sdm", "produksi", "pembiayaan", "pemasaran", "pengembangan_it",
          "jaringan_kerjasama"]


@pytest.fixture(scope="module")
def sample_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log holding one evaluation of the whole sample (not to be appended to)."""
    log = tmp_path_factory.mktemp("sample") / "audit.jsonl"
    done = run("evaluate", "--audit", log, "--by", "Dinas KUKM")
    assert done.returncode == 0, done.stderr
    return log


def fresh(sample_log: Path, tmp_path: Path) -> Path:
    log = tmp_path / "audit.jsonl"
    log.write_bytes(sample_log.read_bytes())
    return log


def test_an_override_into_a_held_seat_is_refused_naming_the_holder(
        sample_log: Path, tmp_path: Path) -> None:
    """TJP-02 holds Tanjung Pandan's only produksi seat; PKP-04 was placed into PKP-03's."""
    log = fresh(sample_log, tmp_path)
    before = log.read_bytes()
    moved = run("determine", "--lang", "en", log, "--override", "TJP-04=reassign:produksi",
                "--reason", "x")
    assert moved.returncode == 1 and moved.stdout == ""
    assert "tanjung_pandan / produksi has 1 seat, held by TJP-02 (kept); TJP-04 cannot take " \
           "it unless TJP-02 is also overridden" in moved.stderr
    kept = run("determine", "--lang", "en", log, "--override", "PKP-03=keep", "--reason",
               "Kinerja membaik")
    assert kept.returncode == 1
    assert "pangkalpinang / produksi has 1 seat, held by PKP-04 (reassigned from pembiayaan)" \
        in kept.stderr
    assert log.read_bytes() == before
    both = run("determine", "--lang", "en", log, "--override", "PKP-03=dipertahankan",
               "--reason", "Membaik",
               "--override", "PKP-04=dipindahkan:kelembagaan", "--reason", "Kebutuhan")
    assert both.returncode == 1 and "pangkalpinang / kelembagaan has 1 seat, held by PKP-01" \
        in both.stderr
    done = run("determine", log, "--override", "PKP-03=dipertahankan", "--reason", "Membaik",
               "--override", "PKP-04=diganti", "--reason", "Mengundurkan diri")
    assert done.returncode == 0, done.stderr
    record = audit.read_log(log)[-1]
    outcomes = {o["consultant"]: o for o in record.data["outcomes"]}
    assert outcomes["PKP-03"]["outcome"] == "keep" and outcomes["PKP-04"]["outcome"] == "replace"
    assert {"unit": "pangkalpinang", "field": "pembiayaan", "open": 1} in record.data["vacancies"]
    assert record.data["counts"]["pangkalpinang"] == {"keep": 5, "reassign": 0, "replace": 2,
                                                      "total": 7}
    assert audit.verify(log).ok


def test_final_vacancies_counts_table_show_and_report_follow_the_determination(
        sample_log: Path, tmp_path: Path) -> None:
    """After TJP-05=keep, tanjung_pandan / sdm is no longer vacant anywhere."""
    log = fresh(sample_log, tmp_path)
    done = run("determine", log, "--override", "TJP-05=keep", "--reason", "Formasi dipertahankan")
    assert done.returncode == 0, done.stderr
    assert "tanjung_pandan / sdm" not in done.stdout
    assert "tanjung_pandan: dipertahankan 4, dipindahkan bidang 1, diganti 0, jumlah 5" \
        in done.stdout
    assert re.search(r"TJP-05 .* diganti +dipertahankan \*", done.stdout)
    record = audit.read_log(log)[-1]
    assert all(v["unit"] != "tanjung_pandan" or v["field"] != "sdm"
               for v in record.data["vacancies"])
    shown = run("audit", "show", log, "TJP-05", "--lang", "en")
    assert "determined: keep" in shown.stdout
    assert "Vacancies after the determination (tanjung_pandan): jaringan_kerjasama (1), " \
           "pemasaran (1)\n" in shown.stdout
    html = tmp_path / "r.html"
    assert run("report", "--audit", log, "--output", html, "--no-counterfactuals").returncode == 0
    text = html.read_text(encoding="utf-8")
    vacancies = re.search(r'<table class="vacancies">.*?</table>', text, re.S)
    assert vacancies is not None and "<td>tanjung_pandan</td><td>sdm</td>" not in vacancies.group(0)
    assert "<td>tanjung_pandan</td><td>pemasaran</td>" in vacancies.group(0)
    assert "Hasil penetapan per unit" in text


def test_determined_json_follows_the_schema_and_the_determination(
        sample_log: Path, tmp_path: Path) -> None:
    log = fresh(sample_log, tmp_path)
    done = run("determine", log, "--format", "json", "--by", "Gubernur",
               "--override", "PKP-04=keep", "--reason", "Kebutuhan daerah")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    jsonschema.validate(out, SCHEMA)
    record = audit.read_log(log)[-1]
    det = out["determination"]
    assert det["by"] == "Gubernur" and det["seq"] == 2 and det["sha256"] == record.sha256
    assert det["references"] == [{"log": str(log), "seq": 1, "sha256": audit.read_log(log)[0]
                                  .sha256, "units": ["pangkalpinang", "tanjung_pandan"]}]
    assert det["overrides"] == [{"consultant": "PKP-04", "recommended": "reassign",
                                 "recommended_to_field": "produksi", "outcome": "keep",
                                 "to_field": None, "reason": "Kebutuhan daerah"}]
    pkp04 = next(d for d in out["decisions"] if d["consultant"] == "PKP-04")
    assert (pkp04["outcome"], pkp04["to_field"], pkp04["placement"], pkp04["reason"]) == \
        ("keep", None, None, "Kebutuhan daerah")
    assert pkp04["rule"] == "pindah-bidang" and pkp04["score"] == 67.33 and pkp04["trace"]
    recorded = json.loads(run("evaluate", "--format", "json").stdout)
    assert out["policy"] == recorded["policy"] and out["input_sha256"] == recorded["input_sha256"]
    # PKP-04 keeps pembiayaan, so PKP-03's produksi seat opens and pembiayaan is held
    assert {"unit": "pangkalpinang", "field": "produksi", "open": 1} in out["vacancies"]
    assert not any(v["field"] == "pembiayaan" and v["unit"] == "pangkalpinang"
                   for v in out["vacancies"])
    assert det["counts"]["pangkalpinang"] == {"keep": 5, "reassign": 0, "replace": 2, "total": 7}


def test_override_words(sample_log: Path, tmp_path: Path) -> None:
    """Indonesian outcome words are the English ones; an unknown word is named."""
    assert audit.parse_override("A=diganti", "r").outcome == "replace"
    assert audit.parse_override("A=Dipertahankan", "r").outcome == "keep"
    assert audit.parse_override("A=dipindahkan:sdm", "r") == audit.Override("A", "reassign", "r",
                                                                             "sdm")
    log = fresh(sample_log, tmp_path)
    bad = run("determine", "--lang", "en", log, "--override", "PKP-04=naik", "--reason", "x")
    assert bad.returncode == 1 and "'naik' is not one of keep (dipertahankan)" in bad.stderr
    assert run("determine", log, "--override", "PKP-04", "--reason", "x").returncode == 2


def _sample_recommendations(log: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rec = audit.read_log(log)[0]
    from plut_rules.audit.seats import recommendations_of, seats_of

    return recommendations_of(rec.data), seats_of(rec.data["policy"]["document"],
                                                  ["pangkalpinang", "tanjung_pandan"])


@given(st.dictionaries(st.sampled_from([f"PKP-0{n}" for n in range(1, 8)]
                                       + [f"TJP-0{n}" for n in range(1, 6)]),
                       st.sampled_from(["keep", "replace"] + [f"reassign:{f}" for f in FIELDS]),
                       max_size=5))
def test_final_outcomes_never_hold_a_seat_twice(sample_log: Path, picks: dict[str, str]) -> None:
    """Whatever the overrides: either a seat is named as held too often, or every seat is
    held at most once, the open seats are what is left and the counts add up."""
    recommendations, seats = _sample_recommendations(sample_log)
    overrides = {}
    for c, spec in picks.items():
        outcome, _, field = spec.partition(":")
        overrides[c] = {"outcome": outcome, "to_field": field or None}
    final = audit.final_outcomes(recommendations, seats, overrides)
    held: dict[tuple[str, str], int] = {}
    for o in final.outcomes:
        seat = o["field"] if o["outcome"] == "keep" else o["to_field"]
        if o["outcome"] != "replace":
            held[(o["unit"], seat)] = held.get((o["unit"], seat), 0) + 1
    too_many = {k for k, n in held.items() if n > seats[k[0]][k[1]]}
    assert bool(final.overfull) == bool(too_many)
    if not too_many:
        opened = {(v["unit"], v["field"]): v["open"] for v in final.vacancies}
        for unit, by_field in seats.items():
            for field, n in by_field.items():
                assert held.get((unit, field), 0) + opened.get((unit, field), 0) == n
    assert sum(row["total"] for row in final.counts.values()) == 12
    assert all(row["keep"] + row["reassign"] + row["replace"] == row["total"]
               for row in final.counts.values())


# --------------------------------------------------------------------------- verifying


def forge(log: Path, change: Any) -> None:
    """Append a determination that ``change`` (data -> None) makes from a copy of the
    log's last determination, with a valid hash chain: what a forger can write."""
    import copy

    from plut_rules.audit import chain

    records = audit.read_log(log)
    last = next(r for r in reversed(records) if r.kind == "determination")
    body = copy.deepcopy(dict(last.data))
    body.pop("sha256")
    body["seq"], body["prev_sha256"] = len(records) + 1, records[-1].sha256
    change(body)
    line, _ = chain.record_line(body)
    with open(log, "ab") as handle:
        handle.write(line + b"\n")


def _second(body: dict[str, Any]) -> None:
    pass


def _promote(body: dict[str, Any]) -> None:
    body["overrides"][0]["outcome"] = "promote"


def _no_reason(body: dict[str, Any]) -> None:
    body["overrides"][0]["reason"] = "  "


def _seat_twice(body: dict[str, Any]) -> None:
    body["supersedes"] = {"seq": body["seq"] - 1, "sha256": "0" * 64, "why": "x"}
    body["overrides"] = [{"consultant": "PKP-03", "outcome": "keep", "to_field": None,
                          "reason": "x", "recommended": "replace",
                          "recommended_to_field": None}]
    body["accepted"] = sorted((set(body["accepted"]) | {"PKP-04"}) - {"PKP-03"})


def _vacancy_hidden(body: dict[str, Any]) -> None:
    body["supersedes"] = {"seq": body["seq"] - 1, "sha256": "0" * 64, "why": "x"}
    body["vacancies"] = body["vacancies"][1:]


@pytest.mark.parametrize(("change", "message"), [
    (_second, "evaluation record 1 is already determined by record 2, which it does not "
              "supersede"),
    (_promote, "override of PKP-04 has outcome 'promote', not keep, replace or reassign"),
    (_no_reason, "override of PKP-04 has no reason"),
    (_seat_twice, "a seat is held twice: pangkalpinang / produksi has 1 seat, held by PKP-04"),
    (_vacancy_hidden, "its vacancies are not what the recommendations and overrides give"),
])
def test_verify_checks_what_a_determination_says(sample_log: Path, tmp_path: Path,
                                                 change: Any, message: str) -> None:
    log = fresh(sample_log, tmp_path)
    assert run("determine", log, "--override", "PKP-04=keep", "--reason", "Daerah").returncode \
        == 0
    forge(log, change)
    result = run("audit", "verify", log)
    assert result.returncode == 1 and "DAMAGED (bad-determination)" in result.stderr
    assert "line 3 (byte offset" in result.stderr and message in result.stderr
    shown = run("audit", "show", log, "PKP-04")
    assert shown.returncode == 1 and "bad-determination" in shown.stderr


def test_a_correction_supersedes_the_determination_in_force(sample_log: Path,
                                                            tmp_path: Path) -> None:
    log = fresh(sample_log, tmp_path)
    assert run("determine", log, "--override", "PKP-04=keep", "--reason", "Daerah").returncode \
        == 0
    again = run("determine", "--lang", "en", log, "--override", "PKP-07=keep", "--reason", "x")
    assert again.returncode == 1 and "--supersedes 2 --why" in again.stderr
    assert run("determine", log, "--supersedes", "2").returncode == 2
    bad = run("determine", "--lang", "en", log, "--supersedes", "1", "--why", "Salah ketik")
    assert bad.returncode == 1 and "record 1 is not a determination in force" in bad.stderr
    fixed = run("determine", log, "--supersedes", "2", "--why", "Salah ketik alasan",
                "--override", "PKP-04=keep", "--reason", "Kebutuhan daerah")
    assert fixed.returncode == 0, fixed.stderr
    assert run("audit", "verify", log).returncode == 0
    assert "Reason: Kebutuhan daerah" in run("audit", "show", log, "PKP-04", "--lang",
                                             "en").stdout
    old = run("determine", "--lang", "en", log, "--supersedes", "2", "--why", "lagi")
    assert old.returncode == 1 and "in force: 3" in old.stderr


def test_verify_against_an_anchor(sample_log: Path, tmp_path: Path) -> None:
    """An anchor (SEQ:SHA256) written outside the log catches a cut or rewritten log."""
    log = fresh(sample_log, tmp_path)
    assert run("determine", log).returncode == 0
    records = audit.read_log(log)
    anchor = f"2:{records[1].sha256}"
    ok = run("audit", "verify", log, "--expect", anchor, "--expect", f"1:{records[0].sha256}")
    assert ok.returncode == 0, ok.stderr
    assert run("evaluate", "--audit", log).returncode == 0  # later records are allowed
    assert run("audit", "verify", log, "--expect", anchor).returncode == 0
    wrong = run("audit", "verify", log, "--expect", f"2:{records[0].sha256}")
    assert wrong.returncode == 1 and "DAMAGED (expect-mismatch)" in wrong.stderr
    assert "record 2 (line 2) has sha256" in wrong.stderr
    log.write_bytes(b"".join(log.read_bytes().splitlines(keepends=True)[:1]))
    cut = run("audit", "verify", log, "--expect", anchor)
    assert cut.returncode == 1 and "there is no record 2 (the log has 1)" in cut.stderr
    assert run("audit", "verify", log, "--expect", "2:abc").returncode == 2


# --------------------------------------------------------------------------- two authorities

SAMPLE = ROOT / "src" / "plut_rules" / "data" / "sample"


def test_evaluate_by_unit_ignores_the_rows_of_other_units(tmp_path: Path) -> None:
    """Rows of other units are neither checked nor hashed; vacancies stay in the unit."""
    people = (SAMPLE / "consultants.csv").read_text(encoding="utf-8").splitlines()
    rows = (SAMPLE / "achievements.csv").read_text(encoding="utf-8").splitlines()
    broken_people = [people[0], *[line.replace(",2015,", ",abc,") if line.startswith("PKP")
                                  else line for line in people[1:]]]
    broken_rows = [rows[0], *[line.replace(",", ",x", 2) if line.startswith("PKP") else line
                              for line in rows[1:]]]
    (tmp_path / "k.csv").write_text("\n".join(broken_people) + "\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("\n".join(broken_rows) + "\n", encoding="utf-8")
    assert run("evaluate", "--consultants", tmp_path / "k.csv", "--achievements",
               tmp_path / "c.csv").returncode == 1
    only = [people[0], *[line for line in people[1:] if line.startswith("TJP")]]
    only_rows = [rows[0], *[line for line in rows[1:] if line.startswith("TJP")]]
    (tmp_path / "k2.csv").write_text("\n".join(only) + "\n", encoding="utf-8")
    (tmp_path / "c2.csv").write_text("\n".join(only_rows) + "\n", encoding="utf-8")
    log = tmp_path / "kab.jsonl"
    unit = run("evaluate", "--unit", "tanjung_pandan", "--format", "json", "--consultants",
               tmp_path / "k.csv", "--achievements", tmp_path / "c.csv", "--audit", log)
    assert unit.returncode == 0, unit.stderr
    alone = run("evaluate", "--format", "json", "--consultants", tmp_path / "k2.csv",
                "--achievements", tmp_path / "c2.csv")
    out, by_itself = json.loads(unit.stdout), json.loads(alone.stdout)
    jsonschema.validate(out, SCHEMA)
    assert out["input_sha256"] == by_itself["input_sha256"]
    assert [d["consultant"] for d in out["decisions"]] == [f"TJP-0{n}" for n in range(1, 6)]
    assert {v["unit"] for v in out["vacancies"]} == {"tanjung_pandan"}
    assert out["decisions"] == by_itself["decisions"]
    record = audit.read_log(log)[0]
    assert record.data["units"] == ["tanjung_pandan"]
    assert record.by == "Dinas KopUMKM Kabupaten Belitung"
    assert audit.replay(log).identical
    wrong = run("evaluate", "--unit", "tanjung-pandan", "--lang", "en")
    assert wrong.returncode == 1 and "did you mean 'tanjung_pandan'" in wrong.stderr


@pytest.fixture(scope="module")
def two_logs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The province's log (Pangkalpinang) and the regency's (Tanjung Pandan)."""
    folder = tmp_path_factory.mktemp("two")
    (folder / "kab").mkdir()
    prov, kab = folder / "prov.jsonl", folder / "kab" / "kab.jsonl"
    assert run("evaluate", "--unit", "pangkalpinang", "--audit", prov).returncode == 0
    assert run("evaluate", "--unit", "tanjung_pandan", "--audit", kab).returncode == 0
    return prov, kab


def copies(two_logs: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "kab").mkdir()
    prov, kab = tmp_path / "prov.jsonl", tmp_path / "kab" / "kab.jsonl"
    prov.write_bytes(two_logs[0].read_bytes())
    kab.write_bytes(two_logs[1].read_bytes())
    return prov, kab


def test_determination_over_two_logs(two_logs: tuple[Path, Path], tmp_path: Path) -> None:
    prov, kab = copies(two_logs, tmp_path)
    kab_sha = audit.read_log(kab)[0].sha256
    assert run("determine", prov, kab).returncode == 2  # which log receives it?
    done = run("determine", prov, f"{kab}:1:{kab_sha}", "--audit", prov, "--format", "json",
               "--override", "TJP-05=keep", "--reason", "Formasi sdm dipertahankan")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    jsonschema.validate(out, SCHEMA)
    whole = json.loads(run("evaluate", "--format", "json").stdout)
    assert out["input_sha256"] == whole["input_sha256"]  # the inputs merged
    assert len(out["decisions"]) == 12
    assert [(r["log"], r["units"]) for r in out["determination"]["references"]] == [
        (str(prov), ["pangkalpinang"]), (str(tmp_path / "kab" / "kab.jsonl"),
                                         ["tanjung_pandan"])]
    record = audit.read_log(prov)[-1]
    assert [r["log"] for r in record.data["references"]] == [None, "kab/kab.jsonl"]
    assert not any(v == {"unit": "tanjung_pandan", "field": "sdm", "open": 1}
                   for v in record.data["vacancies"])
    assert run("audit", "verify", prov).returncode == 0
    # the determination verifies alone: the regency's log out of reach is a warning
    kab.rename(tmp_path / "elsewhere.jsonl")
    alone = run("audit", "verify", prov)
    assert alone.returncode == 0 and "warning: unreachable-reference: determination 2" \
        in alone.stderr
    # a regency log rewritten under the determination is caught
    (tmp_path / "elsewhere.jsonl").rename(kab)
    assert run("evaluate", "--unit", "tanjung_pandan", "--audit", tmp_path / "new.jsonl",
               "--by", "Orang lain").returncode == 0
    kab.write_bytes((tmp_path / "new.jsonl").read_bytes())
    forged = run("audit", "verify", prov)
    assert forged.returncode == 1 and "DAMAGED (bad-reference)" in forged.stderr
    assert "holds no evaluation record 1 with sha256" in forged.stderr


def test_what_a_determination_over_several_records_refuses(two_logs: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    prov, kab = copies(two_logs, tmp_path)
    missing = run("determine", "--lang", "en", prov)
    assert missing.returncode == 1 and "no record covers unit tanjung_pandan" in missing.stderr
    wrong = run("determine", "--lang", "en", prov, f"{kab}:1:{'0' * 64}", "--audit", prov)
    assert wrong.returncode == 1 and "not the 0000" in wrong.stderr
    whole = tmp_path / "whole.jsonl"
    assert run("evaluate", "--audit", whole).returncode == 0
    twice = run("determine", "--lang", "en", prov, whole, "--audit", prov)
    assert twice.returncode == 1 and "unit pangkalpinang is covered by" in twice.stderr
    assert "consultant PKP-01 is in" in twice.stderr
    policy = tmp_path / "2019.yaml"
    text = (ROOT / "src" / "plut_rules" / "data" / "policies" / "2018.yaml").read_text("utf-8")
    policy.write_text(text.replace("title: ", "title: Ubah ", 1), encoding="utf-8")
    other = tmp_path / "other.jsonl"
    assert run("evaluate", "--policy", policy, "--consultants", SAMPLE / "consultants.csv",
               "--achievements", SAMPLE / "achievements.csv", "--unit", "tanjung_pandan",
               "--audit", other).returncode == 0
    differs = run("determine", "--lang", "en", prov, other, "--audit", prov)
    assert differs.returncode == 1 and "evaluated under different policies" in differs.stderr
    assert prov.read_bytes() == two_logs[0].read_bytes()
    partial = run("determine", prov, "--partial", "--override", "PKP-07=keep", "--reason", "x")
    assert partial.returncode == 0, partial.stderr
    record = audit.read_log(prov)[-1]
    assert record.data["missing_units"] == ["tanjung_pandan"]
    assert set(record.data["counts"]) == {"pangkalpinang"}
    assert "Unit yang belum ditetapkan: tanjung_pandan" in partial.stdout


# --------------------------------------------------------------------------- history


def test_history_of_a_consultant_across_years_and_logs(two_logs: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    """2018 in the regency's log, determined in the province's; 2019 under a new policy
    year, not determined yet."""
    prov, kab = copies(two_logs, tmp_path)
    assert run("determine", prov, kab, "--audit", prov, "--override", "TJP-05=keep",
               "--reason", "Formasi dipertahankan").returncode == 0
    policy = tmp_path / "2019.yaml"
    text = (ROOT / "src" / "plut_rules" / "data" / "policies" / "2018.yaml").read_text("utf-8")
    policy.write_text(text.replace("\nyear: 2018", "\nyear: 2019", 1), encoding="utf-8")
    later = tmp_path / "kab-2019.jsonl"
    assert run("evaluate", "--policy", policy, "--consultants", SAMPLE / "consultants.csv",
               "--achievements", SAMPLE / "achievements.csv", "--unit", "tanjung_pandan",
               "--audit", later).returncode == 0
    shown = run("history", "TJP-05", later, prov, kab, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    entries = json.loads(shown.stdout)["history"]
    assert [e["year"] for e in entries] == [2018, 2019]
    first, second = entries
    kab_rec, det = audit.read_log(kab)[0], audit.read_log(prov)[-1]
    assert first["evaluation"] == f"{kab}:1:{kab_rec.sha256}"
    assert first["determination"] == f"{prov}:{det.seq}:{det.sha256}"
    assert (first["unit"], first["field"], first["score"], first["recommended"],
            first["determined"], first["reason"]) == (
        "tanjung_pandan", "sdm", 58.62, "replace", "keep", "Formasi dipertahankan")
    assert second["determination"] is None and second["determined"] is None
    text_out = run("history", "TJP-05", kab, prov)
    assert "2018  unit tanjung_pandan, bidang sdm, skor 58,62" in text_out.stdout
    assert "penetapan: dipertahankan" in text_out.stdout
    assert "alasan: Formasi dipertahankan" in text_out.stdout
    unknown = run("history", "TJP-5", kab, "--lang", "en")
    assert unknown.returncode == 1 and "did you mean 'TJP-05'" in unknown.stderr
