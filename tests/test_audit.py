"""The audit trail: hash chain, tampering, concurrent and killed writers, replay, determination."""

from __future__ import annotations

import json
import multiprocessing
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, write
from conftest import run_cli as run
from plut_rules import (
    Achievement,
    Consultant,
    Evaluation,
    audit,
    evaluate,
    load_policy,
    parse_policy,
)
from plut_rules.audit import AuditError, Override, chain
from plut_rules.visible import control_characters
from strategies import policy_documents, rosters

CONSULTANTS = [
    Consultant("A-01", "Ani", "pkp", "pemasaran", 2015, {"produksi": 80}),
    Consultant("A-02", "Budi", "pkp", "produksi", 2016),
    Consultant("A-03", "Citra", "pkp", "pemasaran", 2017),
]
ACHIEVEMENTS = [
    Achievement("A-01", "akses_pasar", 25), Achievement("A-01", "kehadiran", 90),
    Achievement("A-02", "sertifikasi", 33), Achievement("A-02", "kehadiran", 95),
    Achievement("A-03", "akses_pasar", 10), Achievement("A-03", "kehadiran", "92.5"),
]


def fixed_clock(start: datetime | None = None) -> Callable[[], datetime]:
    """A clock that ticks one minute per call, from 2019-01-02 03:04:00 UTC."""
    moments = iter(start + timedelta(minutes=n) if start else
                   datetime(2019, 1, 2, 3, 4, tzinfo=UTC) + timedelta(minutes=n)
                   for n in range(10**6))
    return lambda: next(moments)


def evaluated(tmp_path: Path, text: str = MINIMAL) -> tuple[Evaluation, bytes]:
    path = write(tmp_path, text)
    policy = load_policy(path)
    return evaluate(policy, CONSULTANTS, ACHIEVEMENTS), path.read_bytes()


def append(log: Path, evaluation: Evaluation, data: bytes, *, by: str = "Dinas",
           clock: Callable[[], datetime] | None = None) -> audit.AuditRecord:
    return audit.append_evaluation(log, evaluation, policy_files=[data],
                                   consultants=CONSULTANTS, achievements=ACHIEVEMENTS,
                                   by=by, clock=clock)


@pytest.fixture
def log3(tmp_path: Path) -> Path:
    """A log of three records: evaluation, evaluation, determination of the second."""
    evaluation, data = evaluated(tmp_path)
    log = tmp_path / "audit.jsonl"
    clock = fixed_clock()
    append(log, evaluation, data, clock=clock)
    append(log, evaluation, data, by="Analis", clock=clock)
    audit.determine(log, by="Dinas Provinsi", overrides=[Override("A-03", "keep", "Formasi")],
                    clock=clock)
    return log


def lines_of(log: Path) -> list[bytes]:
    return log.read_bytes().splitlines(keepends=True)


# ------------------------------------------------------------------ writing and reading


def test_record_holds_everything_and_replays_identically(log3: Path) -> None:
    """A record names who and when, its policy files with bytes, the input, every decision."""
    result = audit.verify(log3)
    assert result.ok and result.records == 3 and result.evaluations == 2
    assert result.determinations == 1
    assert result.summary().endswith(f"chain intact, last sha256 {result.last_sha256}")
    first, second, third = audit.read_log(log3)
    assert (first.seq, first.prev_sha256, first.time, first.by) == (
        1, None, "2019-01-02T03:04:00Z", "Dinas")
    assert second.prev_sha256 == first.sha256 and third.prev_sha256 == second.sha256
    data = first.data
    assert data["policy"]["files"][0]["text"] == MINIMAL
    assert data["input"]["consultants"][0]["competences"] == {"produksi": "80"}
    assert [d["consultant"] for d in data["result"]["decisions"]] == ["A-01", "A-02", "A-03"]
    assert "A-03" in data["explanations"]
    assert audit.replay(log3, 1).identical
    assert audit.replay(log3).seq == 2


def test_without_audit_nothing_is_written(tmp_path: Path) -> None:
    """A log file appears only when recording; the time comes from the clock only then."""
    evaluation, data = evaluated(tmp_path)
    log = tmp_path / "new" / "a.jsonl"
    log.parent.mkdir()
    rec = append(log, evaluation, data, clock=lambda: datetime(2020, 5, 6, 7, 8, 9,
                                                               tzinfo=timezone(timedelta(hours=7))))
    assert rec.time == "2020-05-06T00:08:09Z"
    with pytest.raises(ValueError, match="aware"):
        append(log, evaluation, data, clock=lambda: datetime(2020, 1, 1))
    assert audit.verify(log).records == 1


def test_inputs_must_match_the_evaluation(tmp_path: Path) -> None:
    """The bytes and the roster given must be what was evaluated."""
    evaluation, data = evaluated(tmp_path)
    log = tmp_path / "a.jsonl"
    with pytest.raises(ValueError, match="sha256"):
        append(log, evaluation, data + b"\n# changed\n")
    with pytest.raises(ValueError, match="input hash"):
        audit.append_evaluation(log, evaluation, policy_files=[data], consultants=CONSULTANTS,
                                achievements=ACHIEVEMENTS[:-1], by="x")
    with pytest.raises(AuditError, match="--by"):
        append(log, evaluation, data, by="  ")
    unexplained = evaluate(evaluation.policy, CONSULTANTS, ACHIEVEMENTS, explain=False)
    with pytest.raises(ValueError, match="explain=True"):
        append(log, unexplained, data)
    assert not log.exists() or log.read_bytes() == b""


# ------------------------------------------------------------------ tampering


def _rewrite(log: Path, lines: list[bytes]) -> None:
    log.write_bytes(b"".join(lines))


def _change_byte(line: bytes) -> bytes:
    at = line.index(b'"by":"') + 6
    return line[:at] + bytes([line[at] ^ 0x01]) + line[at + 1:]


def _change_hash(line: bytes) -> bytes:
    """The record's own sha256 (the last member of its line) with one hex digit changed."""
    digit = b"0" if line[-4:-3] != b"0" else b"1"
    return line[:-4] + digit + line[-3:]


def _forged(log: Path, seq: int, prev: str) -> bytes:
    """A record with a valid hash of its own, as a forger without the chain would write."""
    body = {"format": audit.FORMAT, "kind": "evaluation", "seq": seq, "prev_sha256": prev,
            "time": "2019-01-02T03:04:30Z", "by": "Forger"}
    line, _ = chain.record_line(body)
    return line + b"\n"


TAMPERING: dict[str, tuple[Callable[[Path, list[bytes]], list[bytes]], str, int, str]] = {
    "changed byte": (lambda _, ls: [ls[0], _change_byte(ls[1]), ls[2]],
                     "hash-mismatch", 2, "changed after it was written"),
    "changed byte in last record": (lambda _, ls: [ls[0], ls[1], _change_byte(ls[2])],
                                    "hash-mismatch", 3, "changed after it was written"),
    "changed hash": (lambda _, ls: [_change_hash(ls[0]), ls[1], ls[2]],
                     "hash-mismatch", 1, "does not match its sha256"),
    "removed": (lambda _, ls: [ls[0], ls[2]], "seq-mismatch", 2, "record 2 was removed"),
    "removed first": (lambda _, ls: [ls[1], ls[2]], "seq-mismatch", 1, "record 1 was removed"),
    "reordered": (lambda _, ls: [ls[0], ls[2], ls[1]], "seq-mismatch", 2, "reordered"),
    "duplicated": (lambda _, ls: [ls[0], ls[1], ls[1], ls[2]], "seq-mismatch", 3,
                   "duplicates record 2 (line 2)"),
    "inserted": (lambda log, ls: [ls[0], _forged(log, 2, json.loads(ls[0])["sha256"]),
                                  ls[1], ls[2]],
                 "seq-mismatch", 3, "inserted"),
    "inserted with renumbering": (lambda log, ls: [ls[0], _forged(log, 2, "0" * 64), ls[1]],
                                  "prev-mismatch", 2, "does not link"),
    "blank line": (lambda _, ls: [ls[0], b"\n", ls[1], ls[2]], "malformed", 2, "sha256"),
    "truncated mid-record": (lambda _, ls: [ls[0], ls[1], ls[2][:100]], "torn-tail", 3,
                             "incomplete record"),
    "line end removed": (lambda _, ls: [ls[0], ls[1], ls[2][:-1]], "torn-tail", 3,
                         "incomplete record"),
}


@pytest.mark.parametrize("name", list(TAMPERING))
def test_verify_names_the_first_bad_record_and_the_damage(log3: Path, name: str) -> None:
    """Every kind of tampering is found, at the right line, and the log is never appended to."""
    change, kind, line, words = TAMPERING[name]
    original = lines_of(log3)
    _rewrite(log3, change(log3, original))
    result = audit.verify(log3)
    assert not result.ok
    assert (result.kind, result.line) == (kind, line), result.message
    assert words in (result.message or "")
    assert result.offset == sum(len(x) for x in lines_of(log3)[:line - 1])
    assert result.records == line - 1
    damaged = log3.read_bytes()
    evaluation, data = evaluated(log3.parent)
    with pytest.raises(AuditError, match="nothing was appended"):
        append(log3, evaluation, data)
    with pytest.raises(AuditError, match="DAMAGED"):
        audit.determine(log3, by="x", record=1)
    with pytest.raises(AuditError, match="DAMAGED"):
        audit.replay(log3)
    assert log3.read_bytes() == damaged


def test_torn_tail_offset_is_exact(log3: Path) -> None:
    """A cut last record is reported at the byte where it starts; earlier records are intact."""
    whole = log3.read_bytes()
    start = sum(len(x) for x in lines_of(log3)[:2])
    log3.write_bytes(whole[:start + 7])
    result = audit.verify(log3)
    assert (result.kind, result.offset, result.records) == ("torn-tail", start, 2)
    assert f"the last 7 bytes, from byte offset {start}" in (result.message or "")


def test_determination_must_reference_an_earlier_evaluation(tmp_path: Path) -> None:
    """A determination pointing at a record that is not an earlier evaluation is damage."""
    evaluation, data = evaluated(tmp_path)
    log = tmp_path / "a.jsonl"
    first = append(log, evaluation, data)
    body = {"format": audit.FORMAT, "kind": "determination", "seq": 2,
            "prev_sha256": first.sha256, "time": "2019-01-02T03:04:30Z", "by": "X",
            "evaluation": {"seq": 1, "sha256": "f" * 64}, "overrides": [], "accepted": []}
    line, _ = chain.record_line(body)
    with log.open("ab") as handle:
        handle.write(line + b"\n")
    result = audit.verify(log)
    assert (result.kind, result.line) == ("bad-reference", 2)


# ------------------------------------------------------------------ concurrency and crashes


def _writer(log: str, policy_path: str, by: str, n: int) -> None:
    policy = load_policy(policy_path)
    evaluation = evaluate(policy, CONSULTANTS, ACHIEVEMENTS)
    data = Path(policy_path).read_bytes()
    for _ in range(n):
        append(Path(log), evaluation, data, by=by)


def test_concurrent_writers_lose_and_interleave_nothing(tmp_path: Path) -> None:
    """Four processes appending at once: every record is there, whole, in one chain."""
    policy_path = write(tmp_path, MINIMAL)
    log = tmp_path / "a.jsonl"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(log), str(policy_path), f"writer-{k}", 12))
             for k in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    result = audit.verify(log)
    assert result.ok, result.message
    records = audit.read_log(log)
    assert [r.seq for r in records] == list(range(1, 49))
    assert sorted(r.by for r in records) == sorted(f"writer-{k}" for k in range(4) for _ in
                                                     range(12))


KILLER = textwrap.dedent("""
    import os, signal, sys
    from plut_rules import audit
    real = os.write
    def half(fd, data):
        data = bytes(data)
        real(fd, data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    os.write = half
    audit.determine(sys.argv[1], by="Killed writer", record=1)
""")


def test_killed_writer_leaves_a_torn_tail_that_verify_reports(log3: Path) -> None:
    """A writer SIGKILLed mid-line: earlier records intact, torn tail at its offset, no append."""
    log = log3
    lines = lines_of(log)
    _rewrite(log, lines[:1])
    size = log.stat().st_size
    proc = subprocess.run([sys.executable, "-c", KILLER, str(log)], capture_output=True,
                          timeout=60, check=False)
    assert proc.returncode == -9, proc.stderr
    assert log.stat().st_size > size
    result = audit.verify(log)
    assert (result.kind, result.offset, result.records, result.line) == (
        "torn-tail", size, 1, 2)
    damaged = log.read_bytes()
    with pytest.raises(AuditError, match="torn-tail"):  # the lock was released by the kill
        audit.determine(log, by="Dinas", record=1)
    assert log.read_bytes() == damaged


# ------------------------------------------------------------------ replay


def test_replay_uses_its_own_copy_after_the_policy_file_changes(tmp_path: Path) -> None:
    """Editing or deleting the policy files on disk changes nothing in a replay."""
    folder = tmp_path / "policies"
    parent = write(folder, MINIMAL, "2017.yaml")
    child = write(folder, "extends: 2017.yaml\nyear: 2018\ndefaults:\n  thresholds: {keep: 60}\n",
                  "2018.yaml")
    policy = load_policy(child)
    evaluation = evaluate(policy, CONSULTANTS, ACHIEVEMENTS)
    log = tmp_path / "a.jsonl"
    rec = audit.append_evaluation(log, evaluation,
                                  policy_files=audit.policy_file_bytes(policy, child),
                                  consultants=CONSULTANTS, achievements=ACHIEVEMENTS, by="D")
    assert [f["path"] for f in rec.data["policy"]["files"]] == [str(child), str(parent)]
    parent.write_text(MINIMAL.replace("keep: 70", "keep: 10"), encoding="utf-8")
    child.unlink()
    result = audit.replay(log)
    assert result.identical, result.differences
    assert result.text().endswith("identical\n")


def test_replay_reports_the_exact_differences_after_an_engine_change(
    log3: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine that rounds differently: each changed score and text is listed."""
    from plut_rules.engine import evaluation, fast, scoring

    rounding = scoring.round_half_away
    monkeypatch.setattr(scoring, "round_half_away",
                        lambda v, p: rounding(v, p) + Fraction(1, 100))
    # the column-wise path's rounded scores (plut_rules.engine.columns), likewise
    monkeypatch.setattr(fast.Plan, "score", lambda self, k: Fraction(k + 1, 100))
    monkeypatch.setattr(evaluation, "engine_version", lambda: "9.9")
    result = audit.replay(log3, 1)
    assert not result.identical
    assert "replayed with plut_rules 9.9" in result.text()
    assert any(d.startswith("result.decisions.A-01.score: recorded ") for d in result.differences)
    assert "explanations.A-01: the explanation text differs" in result.differences
    with pytest.raises(AuditError, match="determination, not an evaluation"):
        audit.replay(log3, 3)
    with pytest.raises(AuditError, match="no record 7"):
        audit.replay(log3, 7)


# ------------------------------------------------------------------ determination


def test_determination_accepts_all_but_the_overrides(log3: Path) -> None:
    """The show text gives the recorded explanation, who and when, and the override."""
    records = audit.read_log(log3)
    det = audit.determination_for(records, 2)
    assert det is not None and det.by == "Dinas Provinsi"
    assert det.evaluation_sha256 == records[1].sha256
    assert det.override("A-03") == Override("A-03", "keep", "Formasi")
    assert records[2].data["accepted"] == ["A-01", "A-02"]
    assert records[2].data["overrides"][0]["recommended"] == "replace"
    text = audit.show(log3, "A-03", lang="en")
    assert "Audit record 2" in text and "by Analis at 2019-01-02T03:05:00Z" in text
    assert "OVERRIDDEN\n  recommended: replace\n  determined: keep\n  Reason: Formasi" in text
    assert "Deciding rule" in text
    assert "accepted — keep" in audit.show(log3, "A-02", lang="en")
    assert "belum ada penetapan" in audit.show(log3, "A-01", record=1)
    with pytest.raises(AuditError, match="did you mean 'A-03'"):
        audit.show(log3, "A-3")


@pytest.mark.parametrize(("override", "message"), [
    (Override("A-09", "keep", "x"), "no consultant 'A-09'"),
    (Override("A-01", "kep", "x"), "not one of keep (dipertahankan), replace (diganti), "
                                   "reassign (dipindahkan) (did you mean 'keep'?)"),
    (Override("A-01", "keep", " "), "needs a reason"),
    (Override("A-01", "reassign", "x"), "names the field"),
    (Override("A-01", "reassign", "x", "pemasaran"), "not another field"),
    (Override("A-01", "keep", "x", "produksi"), "only reassign takes a field"),
])
def test_bad_overrides_are_refused(tmp_path: Path, override: Override, message: str) -> None:
    """An unknown consultant, a bad outcome or field, or no reason: an error, nothing written."""
    evaluation, data = evaluated(tmp_path)
    log = tmp_path / "a.jsonl"
    append(log, evaluation, data)
    before = log.read_bytes()
    with pytest.raises(AuditError, match=re.escape(message)):
        audit.determine(log, by="D", overrides=[override])
    assert log.read_bytes() == before


def test_a_record_is_determined_once_and_by_someone(log3: Path, tmp_path: Path) -> None:
    """A second determination of a record is refused; with no determined_by, --by is needed."""
    with pytest.raises(AuditError, match="already determined in record 3"):
        audit.determine(log3, by="D", record=2)
    with pytest.raises(AuditError, match="determined_by"):
        audit.determine(log3, record=1)
    with pytest.raises(AuditError, match=re.escape(
            "pkp / produksi has 1 seat, held by A-02 (kept); A-03 cannot take it unless A-02 "
            "is also overridden")):
        audit.determine(log3, by="D", record=1,
                        overrides=[Override("A-03", "reassign", "Butuh", "produksi")])
    rec = audit.determine(log3, by="D", record=1,
                          overrides=[Override("A-03", "reassign", "Butuh", "produksi"),
                                     Override("A-02", "replace", "Pindah tugas")])
    assert rec.seq == 4 and audit.verify(log3).ok


# ------------------------------------------------------------------ round trips

text_values = st.text(st.characters(codec="utf-8"), max_size=20)
plain = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | text_values
    | st.builds(lambda n, e: Fraction(n, 10**e), st.integers(-10**9, 10**9), st.integers(0, 6)),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(text_values, children, max_size=4),
    max_leaves=20,
)


def _exact(value: Any) -> Any:
    if isinstance(value, Decimal):
        return Fraction(value)
    if isinstance(value, dict):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_exact(v) for v in value]
    return value


@settings(max_examples=200, deadline=None)
@given(plain)
def test_dumps_loads_round_trip(value: Any) -> None:
    """Any record content reads back exactly, numbers and order included, on one line."""
    text = audit.dumps(value)
    assert "\n" not in text
    back = _exact(audit.loads(text))
    assert back == value
    if isinstance(value, dict):
        assert list(back) == [str(k) for k in value]
    body = {"format": audit.FORMAT, "kind": "evaluation", "seq": 1, "prev_sha256": None,
            "time": "t", "by": "b", "x": value}
    line, digest = chain.record_line(body)
    parsed, kind, _ = chain.parse_line(line)
    assert kind is None and parsed is not None and parsed["sha256"] == digest
    assert _exact(parsed["x"]) == value


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data(), by=st.text(st.characters(codec="utf-8"), min_size=1, max_size=30)
       .filter(lambda by: by.strip() and not control_characters(by)))
def test_generated_evaluations_record_and_replay_identically(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject, by: str
) -> None:
    """Generated policies and rosters: a record reads back as written and replays identically."""
    document = data.draw(policy_documents())
    raw = json.dumps(document, indent=1).encode("utf-8")
    policy = parse_policy(raw, "gen.yaml")
    consultants, achievements = data.draw(rosters(policy, max_size=5))
    evaluation = evaluate(policy, consultants, achievements)
    log = tmp_path_factory.mktemp("log") / "a.jsonl"
    moment = data.draw(st.datetimes(min_value=datetime(2000, 1, 1), timezones=st.just(UTC)))
    written = audit.append_evaluation(log, evaluation, policy_files=[raw],
                                      consultants=consultants, achievements=achievements,
                                      by=by, clock=lambda: moment)
    (read,) = audit.read_log(log)
    assert read == written and read.by == by
    assert read.time == moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    result = audit.replay(log)
    assert result.identical, result.differences


# ------------------------------------------------------------------ the command line


def test_cli_audit_workflow(tmp_path: Path) -> None:
    """evaluate --audit, verify, replay, determine, show, explain --audit, as a user runs them."""
    log = tmp_path / "audit.jsonl"
    plain_run = run("evaluate", "--format", "json")
    audited = run("evaluate", "--format", "json", "--audit", log)
    assert audited.returncode == 0, audited.stderr
    assert audited.stdout == plain_run.stdout
    assert "audit: record 1 appended" in audited.stderr
    assert "Dinas KUKM Provinsi Kep. Bangka Belitung" in audited.stderr
    assert run("evaluate", "--audit", log, "--by", "Analis A").returncode == 0
    verified = run("audit", "verify", log)
    assert verified.returncode == 0 and "ok, 2 records" in verified.stdout
    replayed = run("audit", "replay", log, "--record", "1")
    assert replayed.returncode == 0 and replayed.stdout.endswith("identical\n")

    bad = run("determine", log, "--override", "PKP-4=keep", "--reason", "x", "--lang", "en")
    assert bad.returncode == 1 and "did you mean 'PKP-04'" in bad.stderr
    assert run("determine", log, "--override", "PKP-04=keep").returncode == 2
    assert run("determine", log, "--override", "PKP-04", "--reason", "x").returncode == 2
    done = run("determine", log, "--override", "PKP-04=keep", "--reason", "Kebutuhan daerah")
    assert done.returncode == 0, done.stderr
    assert "record 3" in done.stderr and "11 accepted, 1 overridden" in done.stderr
    assert "PKP-04   Dewi Anggraini" in done.stdout and "dipertahankan *" in done.stdout

    shown = run("audit", "show", log, "PKP-04", "--lang", "en")
    assert shown.returncode == 0, shown.stderr
    assert "by Analis A" in shown.stdout and "OVERRIDDEN" in shown.stdout
    assert "recommended: reassign to produksi\n  determined: keep" in shown.stdout
    explained = run("explain", "PKP-04", "--audit", log)
    assert explained.returncode == 0 and "DIUBAH" in explained.stdout
    assert "Alasan: Kebutuhan daerah" in explained.stdout
    assert run("audit", "show", log, "NOPE").returncode == 1

    lines = lines_of(log)
    _rewrite(log, [lines[0], lines[2]])
    damaged = run("audit", "verify", log)
    assert damaged.returncode == 1
    assert "line 2 (byte offset" in damaged.stderr and "record 2 was removed" in damaged.stderr
    refused = run("evaluate", "--audit", log)
    assert refused.returncode == 1 and "nothing was appended" in refused.stderr
    assert refused.stdout == ""
    assert run("audit", "verify", tmp_path / "missing.jsonl").returncode == 1


def test_cli_replay_after_the_policy_file_changed(tmp_path: Path) -> None:
    """The policy file edited after recording: evaluation changes, the replay does not."""
    policy = write(tmp_path, MINIMAL)
    consultants = tmp_path / "c.csv"
    consultants.write_text("id,name,unit,field,appointed,competence_produksi\n"
                           "A-01,Ani,pkp,pemasaran,2015,80\nA-02,Budi,pkp,produksi,2016,\n",
                           encoding="utf-8")
    achievements = tmp_path / "a.csv"
    achievements.write_text("consultant,indicator,achievement\nA-01,akses_pasar,25\n"
                            "A-01,kehadiran,90\nA-02,sertifikasi,33\nA-02,kehadiran,95\n",
                            encoding="utf-8")
    log = tmp_path / "audit.jsonl"
    args = ["--policy", policy, "--consultants", consultants, "--achievements", achievements]
    first = run("evaluate", *args, "--audit", log, "--format", "json")
    assert first.returncode == 0, first.stderr
    policy.write_text(MINIMAL.replace("keep: 70", "keep: 99"), encoding="utf-8")
    assert run("evaluate", *args, "--format", "json").stdout != first.stdout
    replayed = run("audit", "replay", log)
    assert replayed.returncode == 0 and "identical" in replayed.stdout
    assert run("determine", log).returncode == 1  # MINIMAL names no determined_by
    assert run("determine", log, "--by", "Dinas Provinsi").returncode == 0
    assert run("audit", "verify", log).returncode == 0
