"""Seleksi on the command line: ``select`` (from a determination or from the evaluation
inputs; table, JSON, CSV, XLSX; ``--explain``; ``--audit``), ``template --for selection``
and ``roster next``; the selection records of the audit log."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import attrs
import jsonschema
import openpyxl
import pytest

from conftest import Result, run_cli, without_selection
from plut_rules import audit, evaluate, load_policy, load_roster
from plut_rules.audit.chain import record_line
from plut_rules.readers import read_consultants
from plut_rules.selection import (
    id_clashes,
    load_candidates,
    lookalike_key,
    open_seats_of,
)
from plut_rules.shipped import policy_path, sample_path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "selection.schema.json").read_text(encoding="utf-8"))
CANDIDATES = sample_path("candidates.csv")
CONSULTANTS = sample_path("consultants.csv")
ACHIEVEMENTS = sample_path("achievements.csv")


@pytest.fixture
def year(tmp_path: Path) -> Path:
    """A folder with the shipped 2018 policy (with its selection: section), a policy
    extending it (seleksi.yaml: the same policy from another file), 2019's, and 2018's
    without its selection: section (plain.yaml)."""
    shutil.copy(policy_path("2018"), tmp_path / "2018.yaml")
    shutil.copy(policy_path("2019"), tmp_path / "2019.yaml")
    (tmp_path / "seleksi.yaml").write_text("extends: 2018.yaml\nyear: 2018\n",
                                           encoding="utf-8")
    (tmp_path / "plain.yaml").write_text(
        without_selection((tmp_path / "2018.yaml").read_text(encoding="utf-8")),
        encoding="utf-8")
    return tmp_path


def _determined(folder: Path, *override: str) -> Path:
    """An audit log with the sample's evaluation (record 1) and its determination (2)."""
    log = folder / "audit.jsonl"
    got = run_cli("evaluate", "--policy", folder / "2018.yaml", "--consultants", CONSULTANTS,
                  "--achievements", ACHIEVEMENTS, "--audit", log, "--by", "Tim evaluasi")
    assert got.returncode == 0, got.stderr
    extra = [a for o in override for a in ("--override", o, "--reason", "rapat penetapan")]
    got = run_cli("determine", log, "--by", "Kepala Dinas", *extra)
    assert got.returncode == 0, got.stderr
    return log


def _select(folder: Path, *args: str | Path) -> Result:
    # without --determination, the open seats are of an evaluation: of the sample, on purpose
    sample = () if "--determination" in args else ("--sample",)
    return run_cli("select", CANDIDATES, "--policy", folder / "seleksi.yaml", *sample, *args)


# --------------------------------------------------------------------------- select


def test_select_from_evaluation_inputs_every_format(year: Path) -> None:
    got = _select(year)
    assert got.returncode == 0, got.stderr
    assert "Hasil seleksi" in got.stdout and "terpilih" in got.stdout
    assert "Formasi yang belum terisi" in got.stdout
    assert got.stdout.startswith("CONTOH / SAMPLE")  # the seats are the sample year's
    en = _select(year, "--lang", "en")
    assert "Seats left unfilled" in en.stdout and en.stdout.startswith("CONTOH / SAMPLE")
    data = json.loads(_select(year, "--format", "json").stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert data["basis"]["kind"] == "evaluation" and "input_sha256" in data["basis"]
    rows = list(csv.reader(io.StringIO(_select(year, "--format", "csv").stdout)))
    assert rows[0][:5] == ["candidate", "name", "unit", "field", "outcome"]
    assert len(rows) == 1 + len(data["candidates"])
    out = year / "seleksi.xlsx"
    assert _select(year, "--format", "xlsx", "--output", out).returncode == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "hasil_seleksi"
    assert book["hasil_seleksi"].max_row == 1 + len(data["candidates"])
    again = year / "again.xlsx"
    _select(year, "--format", "xlsx", "--output", again)
    assert out.read_bytes() == again.read_bytes()  # deterministic
    assert _select(year, "--format", "xlsx").returncode == 2


def test_select_needs_a_selection_section(year: Path) -> None:
    got = run_cli("select", CANDIDATES, "--policy", year / "plain.yaml", "--sample")
    assert got.returncode == 1
    assert "no-selection" in got.stderr or "selection:" in got.stderr


def test_determination_seats_match_the_evaluation_without_overrides(year: Path) -> None:
    log = _determined(year)
    records = audit.read_log(log)
    det = audit.determination_record(records, 2)
    policy = load_policy(year / "2018.yaml")
    roster = load_roster(CONSULTANTS, ACHIEVEMENTS)
    evaluation = evaluate(policy, roster.consultants, roster.achievements)
    assert audit.determined_seats(det) == open_seats_of(evaluation)
    # read from the record's final vacancies, not recomputed
    assert audit.determined_seats(det) == {(v["unit"], v["field"]): v["open"]
                                           for v in det.data["vacancies"]}


def test_a_first_format_determination_is_recomputed(year: Path) -> None:
    """A determination written before final outcomes were recorded names one evaluation
    record and holds no outcomes or vacancies: they are worked out from that record."""
    records = audit.read_log(_determined(year))
    det = records[1]
    old = {k: v for k, v in det.data.items()
           if k not in ("references", "outcomes", "vacancies", "counts")}
    old["evaluation"] = {"seq": 1, "sha256": records[0].sha256}
    first = attrs.evolve(det, data=old)
    assert audit.determined_seats(first, records) == audit.determined_seats(det)
    assert audit.determined_outcomes(first, records) == audit.determined_outcomes(det)


def test_an_override_moves_the_open_seats(year: Path) -> None:
    records = audit.read_log(_determined(year))
    decisions = {d["consultant"]: d for d in records[0].data["result"]["decisions"]}
    before = audit.determined_seats(records[1])
    # a replaced consultant whose seat is left open (no one was moved into it)
    replaced = next(c for c, d in sorted(decisions.items()) if d["outcome"] == "replace"
                    and (d["unit"], d["field"]) in before)
    d = decisions[replaced]
    other = year / "other"
    other.mkdir()
    for name in ("2018.yaml", "2019.yaml", "seleksi.yaml"):
        shutil.copy(year / name, other / name)
    kept = audit.read_log(_determined(other, f"{replaced}=keep"))
    seats = audit.determined_seats(audit.determination_record(kept, 2))
    key = (d["unit"], d["field"])
    assert seats.get(key, 0) == before.get(key, 0) - 1
    kept_seat = next(s for s in audit.determined_outcomes(kept[1]) if s.consultant == replaced)
    assert kept_seat.outcome == "keep" and kept_seat.overridden and kept_seat.sits_in == d["field"]


def test_select_refuses_a_superseded_determination(year: Path) -> None:
    log = _determined(year)
    records = audit.read_log(log)
    open_now = audit.determined_seats(records[1])
    replaced = next(d["consultant"] for d in records[0].data["result"]["decisions"]
                    if d["outcome"] == "replace" and (d["unit"], d["field"]) in open_now)
    got = run_cli("determine", log, "--by", "Kepala Dinas", "--supersedes", "2", "--why",
                  "salah ketik", "--override", f"{replaced}=keep", "--reason", "rapat")
    assert got.returncode == 0, got.stderr
    got = _select(year, "--determination", f"{log}:2", "--lang", "en")
    assert got.returncode == 1 and "superseded" in got.stderr and f"{log}:3" in got.stderr
    on_record = _select(year, "--determination", f"{log}:3")
    assert on_record.returncode == 0 and "CONTOH" not in on_record.stdout


def test_select_on_a_determination_of_two_logs(year: Path) -> None:
    """The province determines over its own record and a regency's: the selection fills
    the final vacancies of both units."""
    prov, kab = year / "prov.jsonl", year / "kab.jsonl"
    files = ["--policy", year / "2018.yaml", "--consultants", CONSULTANTS,
             "--achievements", ACHIEVEMENTS]
    for log, unit in ((prov, "pangkalpinang"), (kab, "tanjung_pandan")):
        got = run_cli("evaluate", *files, "--unit", unit, "--audit", log, "--by", "Tim",
                      "--output", year / f"{unit}.txt")
        assert got.returncode == 0, got.stderr
    got = run_cli("determine", prov, kab, "--audit", prov, "--by", "Gubernur",
                  "--output", year / "det.txt")
    assert got.returncode == 0, got.stderr
    det = audit.read_log(prov)[-1]
    got = _select(year, "--determination", f"{prov}:2", "--format", "json")
    assert got.returncode == 0, got.stderr
    data = json.loads(got.stdout)
    assert {(u["unit"], u["field"]) for u in data["unfilled"]} <= \
        {(v["unit"], v["field"]) for v in det.data["vacancies"]}
    assert audit.determined_seats(det) == _select_seats(year)
    kab.rename(year / "gone.jsonl")
    got = _select(year, "--determination", f"{prov}:2", "--lang", "en")
    assert got.returncode == 1 and "cannot be read" in got.stderr


def _select_seats(year: Path) -> dict[tuple[str, str], int]:
    roster = load_roster(CONSULTANTS, ACHIEVEMENTS)
    return open_seats_of(evaluate(load_policy(year / "2018.yaml"), roster.consultants,
                                  roster.achievements))


def test_select_on_a_determination_is_recorded_and_verified(year: Path) -> None:
    log = _determined(year)
    got = _select(year, "--determination", f"{log}:2", "--audit", log, "--by", "Panitia",
                  "--format", "json")
    assert got.returncode == 0, got.stderr
    assert "selection record 3" in got.stderr
    data = json.loads(got.stdout)
    records = audit.read_log(log)
    assert data["basis"] == {"kind": "determination", "log": str(log), "seq": 2,
                             "sha256": records[1].sha256}
    record = records[2]
    assert record.kind == "selection" and record.data["basis"]["sha256"] == records[1].sha256
    assert record.data["candidates_sha256"] == data["candidates_sha256"]
    assert record.data["result"]["candidates"] == json.loads(
        json.dumps(data["candidates"]), parse_float=Decimal)
    summary = audit.verify(log).summary()
    assert "1 selection" in summary and "chain intact" in summary
    # a log without selections reads as before
    assert "selection" not in audit.verify(year / "missing.jsonl").summary()


def test_verify_catches_a_selection_pointing_nowhere(year: Path) -> None:
    log = _determined(year)
    assert _select(year, "--determination", f"{log}:2", "--audit", log).returncode == 0
    lines = log.read_bytes().splitlines(keepends=True)
    body = json.loads(lines[2])
    body["basis"]["seq"] = 1
    del body["sha256"]
    line, _ = record_line(body)
    log.write_bytes(b"".join(lines[:2]) + line + b"\n")
    result = audit.verify(log)
    assert not result.ok and result.kind == "bad-reference"


def test_select_refuses_a_policy_that_is_not_the_records(year: Path) -> None:
    log = _determined(year)
    changed = year / "changed.yaml"
    changed.write_text((year / "seleksi.yaml").read_text(encoding="utf-8")
                       + "defaults:\n  thresholds: {keep: 71}\n", encoding="utf-8")
    got = run_cli("select", CANDIDATES, "--determination", f"{log}:2", "--policy", changed,
                  "--lang", "en")
    assert got.returncode == 1
    assert "is not the policy of determination record 2" in got.stderr
    assert "thresholds.keep" in got.stderr
    # only the selection section differs: accepted
    assert _select(year, "--determination", f"{log}:2").returncode == 0


@pytest.mark.parametrize(("args", "words"), [
    (["--determination", "LOG:2"], "--policy"),
    (["--determination", "nolog"], "LOG:SEQ"),
])
def test_select_usage_errors(year: Path, args: list[str], words: str) -> None:
    got = run_cli("select", CANDIDATES, *[a.replace("LOG", str(year / "a.jsonl"))
                                          for a in args])
    assert got.returncode == 2 and words in got.stderr


def test_select_determination_record_must_be_one(year: Path) -> None:
    log = _determined(year)
    got = _select(year, "--determination", f"{log}:1", "--lang", "en")
    assert got.returncode == 1 and "not a determination" in got.stderr
    other = year / "other.jsonl"
    got = _select(year, "--determination", f"{log}:2", "--audit", other, "--lang", "en")
    assert got.returncode == 2 and "same log" in got.stderr


def test_explain_a_candidate(year: Path) -> None:
    got = _select(year, "--explain", "CK-10", "--lang", "en")
    assert got.returncode == 0, got.stderr
    assert "Tes tertulis: 75 × 0.4 = 30" in got.stdout
    assert "behind on the Tes tertulis score" in got.stdout
    assert "<—" in got.stdout
    tms = _select(year, "--explain", "CK-06").stdout
    assert tms.count("[TMS]") == 5 and "Tidak dinilai" in tms
    wrong = _select(year, "--explain", "CK-100", "--lang", "en")
    assert wrong.returncode == 1 and "did you mean 'CK-10'" in wrong.stderr


# --------------------------------------------------------------------------- template


def test_template_for_selection_is_read_back(year: Path) -> None:
    out = year / "kandidat.xlsx"
    got = run_cli("template", "--for", "selection", "--policy", year / "seleksi.yaml",
                  "--output", out)
    assert got.returncode == 0, got.stderr
    book = openpyxl.load_workbook(out)
    sheet = book["kandidat"]
    header = [c.value for c in sheet[1]]
    assert header[:8] == ["id", "name", "unit", "field", "education", "experience_years",
                          "birth_year", "domicile"]
    assert "cert_keuangan" in header and "tertulis" in header
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1
             for dv in sheet.data_validations.dataValidation if dv.type == "list"}
    assert lists["C"].startswith("referensi!$A") and lists["D"].startswith("referensi!$B")
    assert lists["E"].startswith("referensi!$C")
    # filled in, it is read as it is
    row = ["CK-01", "Andi", "pangkalpinang", "pemasaran", "S1", 3, 1990, "bangka", "tidak",
           80, 80, 80]
    for col, value in enumerate(row, 1):
        sheet.cell(2, col).value = value
    book.save(out)
    policy = load_policy(year / "seleksi.yaml")
    (candidate,) = load_candidates(out, policy)
    assert candidate.id == "CK-01" and candidate.scores["tertulis"] == 80
    plain = run_cli("template", "--for", "selection", "--policy", year / "plain.yaml",
                    "--output", year / "x.xlsx")
    assert plain.returncode == 1 and not (year / "x.xlsx").exists()


# --------------------------------------------------------------------------- roster next


def test_roster_next(year: Path) -> None:
    log = _determined(year)
    assert _select(year, "--determination", f"{log}:2", "--audit", log).returncode == 0
    out = year / "konsultan-2019.csv"
    got = run_cli("roster", "next", "--determination", f"{log}:2", "--selection", f"{log}:3",
                  "--policy", year / "2019.yaml", "--output", out)
    assert got.returncode == 0, got.stderr
    consultants, problems = read_consultants(out)
    assert not [p for p in problems if p.severity == "error"]
    by_id = {c.id: c for c in consultants}
    records = audit.read_log(log)
    selected = [c for c in records[2].data["result"]["candidates"]
                if c["outcome"] == "selected"]
    assert selected and all(by_id[c["candidate"]].appointed == 2019 for c in selected)
    decisions = {d["consultant"]: d for d in records[0].data["result"]["decisions"]}
    recorded = {c["id"]: c for c in records[0].data["input"]["consultants"]}
    for cid, d in decisions.items():
        if d["outcome"] == "replace":
            assert cid not in by_id
        elif d["outcome"] == "keep":
            assert by_id[cid].field == d["field"]
            assert by_id[cid].appointed == int(recorded[cid]["appointed"])
        else:
            assert by_id[cid].field == d["to_field"]


def test_roster_next_refuses_lookalike_ids_and_wrong_basis(year: Path) -> None:
    log = _determined(year)
    records = audit.read_log(log)
    kept = next(d["consultant"] for d in records[0].data["result"]["decisions"]
                if d["outcome"] == "keep")
    text = CANDIDATES.read_text(encoding="utf-8").replace("CK-01,", f"{kept.lower()},")
    candidates = year / "kandidat.csv"
    candidates.write_text(text, encoding="utf-8")
    got = run_cli("select", candidates, "--policy", year / "seleksi.yaml", "--determination",
                  f"{log}:2", "--audit", log)
    assert got.returncode == 0, got.stderr
    got = run_cli("roster", "next", "--determination", f"{log}:2", "--selection", f"{log}:3",
                  "--policy", year / "2019.yaml", "--output", year / "r.csv", "--lang", "en")
    assert got.returncode == 1 and "looks like the id of consultant" in got.stderr
    assert not (year / "r.csv").exists()
    # a selection made from the evaluation inputs, not on the determination
    got = _select(year, "--audit", log)
    assert got.returncode == 0, got.stderr
    got = run_cli("roster", "next", "--determination", f"{log}:2", "--selection", f"{log}:4",
                  "--policy", year / "2019.yaml", "--output", year / "r.csv", "--lang", "en")
    assert got.returncode == 1 and "not on determination record 2" in got.stderr
    got = run_cli("roster", "next", "--determination", f"{log}:2", "--selection", f"{log}:3",
                  "--policy", year / "2018.yaml", "--output", year / "r.csv", "--lang", "en")
    assert got.returncode == 1 and "is not after the determined year" in got.stderr


@pytest.mark.parametrize(("a", "b"), [("PKP-01", "pkp01"), ("PKP-01", "PKP_O1"),
                                      ("TJP-1", "tjp-l"), ("CK-10", "ck 1o")])
def test_lookalike_ids(a: str, b: str) -> None:
    assert lookalike_key(a) == lookalike_key(b)
    assert id_clashes([a], [b]) == [(b, a)]


def test_distinct_ids_do_not_clash() -> None:
    assert id_clashes(["PKP-01", "PKP-02"], ["PKP-03", "CK-01"]) == []


def test_template_for_next_year_lists_each_consultants_indicators(year: Path) -> None:
    """roster next, then template --consultants: each consultant's indicators and targets,
    one achievements row per indicator; filled in, next year's evaluation reads it."""
    log = _determined(year)
    assert _select(year, "--determination", f"{log}:2", "--audit", log).returncode == 0
    roster = year / "konsultan-2019.csv"
    assert run_cli("roster", "next", "--determination", f"{log}:2", "--selection",
                   f"{log}:3", "--policy", year / "2019.yaml",
                   "--output", roster).returncode == 0
    out = year / "capaian-2019.xlsx"
    got = run_cli("template", "--policy", year / "2019.yaml", "--consultants", roster,
                  "--output", out)
    assert got.returncode == 0, got.stderr
    consultants, _ = read_consultants(roster)
    policy = load_policy(year / "2019.yaml")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:4] == ["petunjuk", "konsultan", "capaian", "target_konsultan"]
    expected = [(c.id, ind.id) for c in sorted(consultants, key=lambda c: c.id)
                for ind in policy.field(c.field).indicators]  # type: ignore[union-attr]
    rows = [(r[0], r[1]) for r in book["capaian"].iter_rows(min_row=2, values_only=True)
            if r[0] is not None]
    assert rows == expected and len({c for c, _ in rows}) == len(consultants)
    targets = {(r[0], r[4]): r for r in book["target_konsultan"].iter_rows(
        min_row=2, values_only=True)}
    some = consultants[0]
    field = policy.field(some.field)
    assert field is not None
    for ind in field.indicators:
        row = targets[(some.id, ind.id)]
        assert row[5] == ind.label and Decimal(str(row[6])) == Decimal(
            ind.target.numerator) / Decimal(ind.target.denominator)
    # filled in, it is next year's input as it is
    for n, row in enumerate(book["capaian"].iter_rows(min_row=2), 2):
        if row[0].value is not None:
            book["capaian"].cell(n, 3).value = 80
    book.save(out)
    got = run_cli("evaluate", "--policy", year / "2019.yaml", "--consultants", out,
                  "--achievements", out, "--format", "json")
    assert got.returncode == 0, got.stderr
    assert len(json.loads(got.stdout)["decisions"]) == len(consultants)
    bad = year / "bad.csv"
    bad.write_text(roster.read_text(encoding="utf-8").replace(",pemasaran,", ",pemasarn,", 1),
                   encoding="utf-8")
    got = run_cli("template", "--policy", year / "2019.yaml", "--consultants", bad,
                  "--output", year / "x.xlsx")
    assert got.returncode == 1 and "pemasarn" in got.stderr and not (year / "x.xlsx").exists()
