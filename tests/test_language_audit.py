"""The problems of determinations, of the audit log's other requests, of selecting
candidates and of next year's roster in the reader's language (issue 17, item 2):
Indonesian by default, English with ``--lang en``, the same place and path in both; every
problem of a broad corpus of bad determinations and selections carries its Indonesian."""

from __future__ import annotations

import errno
import io
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import MINIMAL, run_cli, without_selection, write
from plut_rules import PlutRulesError, audit, load_policy
from plut_rules.cli.streams import VisibleStream
from plut_rules.errors import Problem
from plut_rules.model import Consultant
from plut_rules.monitor import Monitor
from plut_rules.quality import lint
from plut_rules.selection import Candidate, check_next_roster, select
from plut_rules.shipped import policy_path, sample_path
from plut_rules.wording.audit_problems import AUDIT_PROBLEMS

SRC = Path(__file__).resolve().parents[1] / "src" / "plut_rules"
CANDIDATES = sample_path("candidates.csv")
DATA = ["--consultants", str(sample_path("consultants.csv")),
        "--achievements", str(sample_path("achievements.csv"))]
#: words an Indonesian message must not contain (English left in a translation)
ENGLISH = re.compile(r"\b(the|unknown|consultant|must|write|give|record|missing|field|"
                     r"seats?|twice|is|not|got|already|override|overridden|reason|none|"
                     r"determination|selection|evaluation|candidate|policy)\b")


def english_left(indonesian: str) -> list[str]:
    """The English words left in an Indonesian message, quoted names, values, code words
    (``--why``, ``pip install ...``) and the system's own error text aside."""
    plain = re.sub(r"'[^']*'|\"[^\"]*\"|--\w+|pip install .*|plut-rules \w+.*\)", "",
                   indonesian)
    return ENGLISH.findall(plain.replace("No such file or directory", ""))


@pytest.fixture(scope="module")
def sample_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log holding one evaluation of the whole sample (copied before it is appended to)."""
    log = tmp_path_factory.mktemp("sample") / "audit.jsonl"
    assert run_cli("evaluate", "--audit", log, "--by", "Dinas KUKM").returncode == 0
    return log


def fresh(sample_log: Path, tmp_path: Path, name: str = "audit.jsonl") -> Path:
    log = tmp_path / name
    log.write_bytes(sample_log.read_bytes())
    return log


def both(*args: str | Path) -> tuple[list[str], list[str]]:
    """The problem lines of one command run in Indonesian (the default) and in English:
    the same exit status 1 in both."""
    indonesian, english = run_cli(*args), run_cli(*args, "--lang", "en")
    assert indonesian.returncode == english.returncode == 1, (indonesian, english)
    return indonesian.stderr.splitlines()[:-1], english.stderr.splitlines()[:-1]


# --------------------------------------------------------------------------- the CLI


def test_an_override_of_an_unknown_consultant(sample_log: Path, tmp_path: Path) -> None:
    log = fresh(sample_log, tmp_path)
    before = log.read_bytes()
    (id_line,), (en_line,) = both("determine", log, "--override", "PKP-99=keep",
                                  "--reason", "Kebutuhan daerah")
    ids = "PKP-01, PKP-02, PKP-03, PKP-04, PKP-05, PKP-06, PKP-07, TJP-01, TJP-02, " \
          "TJP-03, TJP-04, TJP-05"
    assert id_line == (f"override PKP-99: tidak ada konsultan 'PKP-99' dalam catatan evaluasi "
                       f"1; id yang ada: {ids} (maksud Anda 'PKP-07'?)")
    assert en_line == (f"override PKP-99: no consultant 'PKP-99' in evaluation record 1; ids: "
                       f"{ids} (did you mean 'PKP-07'?)")
    assert log.read_bytes() == before


def test_an_empty_reason_and_a_taken_seat(sample_log: Path, tmp_path: Path) -> None:
    log = fresh(sample_log, tmp_path)
    (id_line,), (en_line,) = both("determine", log, "--override", "PKP-04=keep",
                                  "--reason", " ")
    assert id_line == ("override PKP-04: setiap perubahan rekomendasi memerlukan alasan; "
                       "tuliskan dengan --reason \"...\"")
    assert en_line == "override PKP-04: every override needs a reason (--reason \"...\")"
    (id_line,), (en_line,) = both("determine", log, "--override",
                                  "TJP-04=reassign:produksi", "--reason", "x")
    assert id_line == ("tanjung_pandan / produksi memiliki 1 formasi, ditempati oleh TJP-02 "
                       "(dipertahankan); TJP-04 tidak dapat menempatinya kecuali rekomendasi "
                       "TJP-02 juga diubah (diganti atau dipindahkan)")
    assert en_line == ("tanjung_pandan / produksi has 1 seat, held by TJP-02 (kept); TJP-04 "
                       "cannot take it unless TJP-02 is also overridden (replaced or "
                       "reassigned)")


def test_a_second_determination_and_a_wrong_correction(sample_log: Path,
                                                       tmp_path: Path) -> None:
    log = fresh(sample_log, tmp_path)
    assert run_cli("determine", log).returncode == 0
    id_lines, en_lines = both("determine", log)
    assert id_lines[0].startswith("catatan evaluasi 1 dari log ini sudah ditetapkan dalam "
                                  "catatan 2 oleh ")
    assert en_lines[0].startswith("evaluation record 1 of this log was already determined "
                                  "in record 2 by ")
    assert id_lines[0].endswith("(--supersedes 2 --why \"...\")")
    id_lines, en_lines = both("determine", log, "--supersedes", "1", "--why", " ")
    assert len(id_lines) == len(en_lines) == 3  # and: already determined, as above
    assert id_lines[1:] == ["catatan 1 bukan penetapan yang berlaku dalam log ini; yang berlaku: 2",
                        "sebutkan mengapa penetapan dikoreksi dengan --why \"...\""]
    assert en_lines[1:] == ["record 1 is not a determination in force in this log; in force: 2",
                        "say why the determination is corrected (--why \"...\")"]


def test_select_on_a_record_that_is_no_determination(sample_log: Path,
                                                     tmp_path: Path) -> None:
    log = fresh(sample_log, tmp_path)
    shutil.copy(policy_path("2018"), tmp_path / "2018.yaml")
    (id_line,), (en_line,) = both("select", CANDIDATES, "--policy", tmp_path / "2018.yaml",
                                  "--determination", f"{log}:1")
    assert id_line == ("log audit tidak memuat catatan penetapan; catat satu dengan "
                       "plut-rules determine")
    assert en_line == ("the audit log holds no determination record; record one with "
                       "plut-rules determine")
    assert run_cli("determine", log).returncode == 0
    (id_line,), (en_line,) = both("select", CANDIDATES, "--policy", tmp_path / "2018.yaml",
                                  "--determination", f"{log}:1")
    assert id_line == ("catatan 1 adalah catatan evaluasi, bukan penetapan; catatan "
                       "penetapan: 2")
    assert en_line == ("record 1 is an evaluation, not a determination; determination "
                       "records: 2")
    (id_line,), (en_line,) = both("select", CANDIDATES, "--policy", tmp_path / "2018.yaml",
                                  "--determination", f"{log}:9")
    assert id_line == ("tidak ada catatan 9 dalam log (log memuat 2 catatan); sebutkan nomor "
                       "catatan yang ada")
    assert en_line == "no record 9 in the log (it has 2 records)"


def test_history_and_audit_show_of_an_unknown_consultant(sample_log: Path) -> None:
    (id_line,), (en_line,) = both("history", "PKP-99", sample_log)
    assert id_line == ("tidak ada catatan evaluasi dalam log-log ini yang memuat 'PKP-99' "
                       "(maksud Anda 'PKP-07'?)")
    assert en_line == ("no evaluation record of these logs holds 'PKP-99' (did you mean "
                       "'PKP-07'?)")
    (id_line,), (en_line,) = both("audit", "show", sample_log, "PKP-99")
    assert id_line.startswith("tidak ada konsultan 'PKP-99' dalam catatan evaluasi 1; id "
                              "yang ada: PKP-01, ")
    assert en_line.startswith("no consultant 'PKP-99' in evaluation record 1; ids: PKP-01, ")


def test_select_without_a_selection_section_keeps_its_place(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text(without_selection(policy_path("2018").read_text(encoding="utf-8")),
                     encoding="utf-8")
    (id_line,), (en_line,) = both("select", CANDIDATES, "--policy", plain, "--sample")
    place = f"{plain}: selection: "
    assert id_line == place + ("kebijakan tidak memiliki bagian 'selection:'; tambahkan satu "
                               "(requirements, components, pass_score) untuk menyeleksi "
                               "kandidat dengannya")
    assert en_line == place + ("the policy has no 'selection:' section; add one "
                               "(requirements, components, pass_score) to select candidates "
                               "with it")


# --------------------------------------------------------------------------- the corpus


def _problems(call: Callable[[], object]) -> list[Problem]:
    with pytest.raises(PlutRulesError) as info:
        call()
    return list(info.value.problems)


def _two_logs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The province's log (Pangkalpinang), the regency's (Tanjung Pandan) and one of the
    whole sample."""
    (tmp_path / "kab").mkdir()
    prov, kab, whole = (tmp_path / "prov.jsonl", tmp_path / "kab" / "kab.jsonl",
                        tmp_path / "whole.jsonl")
    assert run_cli("evaluate", "--unit", "pangkalpinang", "--audit", prov).returncode == 0
    assert run_cli("evaluate", "--unit", "tanjung_pandan", "--audit", kab).returncode == 0
    assert run_cli("evaluate", "--audit", whole).returncode == 0
    return prov, kab, whole


def _determination_corpus(sample_log: Path, tmp_path: Path) -> Iterator[Problem]:
    log = fresh(sample_log, tmp_path)
    yield from _problems(lambda: audit.parse_override("PKP-04", "x"))
    yield from _problems(lambda: audit.determine(log, overrides=[
        audit.Override("PKP-99", "keep", "x"),
        audit.Override("PKP-01", "naik", "x"),
        audit.Override("PKP-02", "replace", "a\x1b[2Jb"),
        audit.Override("PKP-02", "replace", "lagi"),
        audit.Override("PKP-03", "reassign", "x"),
        audit.Override("PKP-05", "reassign", "x", "sdm"),
        audit.Override("PKP-06", "reassign", "x", "kuliner"),
        audit.Override("TJP-01", "replace", "x", "sdm"),
        audit.Override("TJP-02", "keep", ""),
    ]))
    yield from _problems(lambda: audit.determine(log, overrides=[
        audit.Override("TJP-04", "reassign", "x", "produksi")]))
    yield from _problems(lambda: audit.determine(log, overrides=[
        audit.Override("PKP-03", "keep", "x")]))
    yield from _problems(lambda: audit.determination_record(audit.read_log(log)))
    audit.determine(log)
    records = audit.read_log(log)
    yield from _problems(lambda: audit.determine(log))
    yield from _problems(lambda: audit.determine(log, supersedes=1))
    yield from _problems(lambda: audit.determination_record(records, 1))
    yield from _problems(lambda: audit.determination_record(records, 9))
    yield from _problems(lambda: audit.record_of_kind(records, 2, "selection"))
    yield from _problems(lambda: audit.history("PKP-99", [log]))
    yield from _problems(lambda: audit.show(log, "PKP-99"))
    yield from _problems(lambda: audit.read_log(tmp_path / "gone.jsonl"))
    yield from _problems(lambda: audit.repair(tmp_path / "gone.jsonl"))
    yield from _problems(lambda: audit.determine(log, by=" "))
    yield from _problems(lambda: audit.determine(log, by="Dinas\x1b[2J"))
    yield from _problems(lambda: audit.parse_reference(""))
    yield from _problems(lambda: audit.determine(log, references=[f"{log}:1:{'0' * 64}"]))
    yield from _problems(lambda: audit.determine(log, references=[f"{log}:2"]))
    yield from _problems(lambda: audit.evaluation_record(records, 2))
    yield from _problems(lambda: audit.evaluation_record(records, 9))
    yield from _problems(lambda: audit.evaluation_record(records[1:], None))
    prov, kab, whole = _two_logs(tmp_path)
    yield from _problems(lambda: audit.determine(prov))
    yield from _problems(lambda: audit.determine(prov, references=[str(kab), str(kab)]))
    yield from _problems(lambda: audit.determine(prov, references=[str(prov), str(whole)]))
    other = tmp_path / "2019.yaml"
    other.write_text(policy_path("2018").read_text(encoding="utf-8").replace(
        "\nyear: 2018", "\nyear: 2019", 1), encoding="utf-8")
    later = tmp_path / "later.jsonl"
    assert run_cli("evaluate", "--policy", other, "--unit", "tanjung_pandan", *DATA,
                   "--audit", later).returncode == 0
    yield from _problems(lambda: audit.determine(prov, references=[str(prov), str(later)]))
    audit.determine(prov, references=[str(prov), str(kab)])
    shutil.move(kab, tmp_path / "moved.jsonl")
    records = audit.read_log(prov)
    yield from _problems(lambda: audit.determined_evaluations(prov, records, records[-1]))


def _selection_corpus(sample_log: Path, tmp_path: Path) -> Iterator[Problem]:
    policy = load_policy(policy_path("2018"))

    def cand(cid: str, unit: str = "pangkalpinang", field: str = "pemasaran",
             scores: dict[str, object] | None = None) -> Candidate:
        return Candidate(cid, f"Nama {cid}", unit, field, "S1", 3, 1990,  # type: ignore[arg-type]
                         "pangkalpinang", {"keuangan": True, "pemasaran": True},
                         {"tertulis": 80, "wawancara": 80, "portofolio": 80}
                         if scores is None else scores)

    yield from _problems(lambda: select(policy, [
        cand("A"), cand("A", field="produksi"), cand("B", unit="zzz"),
        cand("C", field="kuliner")], {("zzz", "kuliner"): -1}))
    yield from _problems(lambda: select(policy, [cand("D", scores={"tertulis": 80})], {}))
    yield from _problems(lambda: select(load_policy(write(tmp_path, MINIMAL, "plain.yaml")),
                                        [], {}))
    zero = load_policy(write(tmp_path, MINIMAL + """\
selection:
  requirements:
    - {id: rasio, when: experience_years / (age - 28) < 1}
  components: {a: {weight: 1}}
  pass_score: 50
""", "nol.yaml"))
    yield from _problems(lambda: select(zero, [cand("E", "pkp", scores={"a": 70})], {}))
    # next year's roster: too many in a seat
    crowded = [Consultant(f"K-{n}", f"Nama {n}", "pangkalpinang", "produksi", 2015)
               for n in range(3)]
    yield from check_next_roster(policy, crowded)
    # next_consultants: a selection made on the evaluation, a year not after the
    # determined one, a selected id like a staying consultant's
    log = fresh(sample_log, tmp_path, "roster.jsonl")
    audit.determine(log)
    records = audit.read_log(log)
    kept = next(d["consultant"] for d in records[0].data["result"]["decisions"]
                if d["outcome"] == "keep")
    people = tmp_path / "kandidat.csv"
    people.write_text(CANDIDATES.read_text(encoding="utf-8").replace("CK-01,",
                                                                     f"{kept.lower()},"),
                      encoding="utf-8")
    shutil.copy(policy_path("2018"), tmp_path / "2018.yaml")
    assert run_cli("select", people, "--policy", tmp_path / "2018.yaml", "--sample",
                   "--audit", log).returncode == 0
    records = audit.read_log(log)
    _, problems = audit.next_consultants([records[0]], records[1], records[2], 2018)
    yield from problems


def _other_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Problem]:
    yield from VisibleStream(io.StringIO(), "standard output").failed(
        OSError(errno.ENOSPC, "No space left on device")).problems
    many = " or ".join(f"month > {i}" for i in range(140))
    monitored = load_policy(write(tmp_path, MINIMAL + f"""\
monitoring:
  warnings:
    - id: banyak
      when: {many}
""", "pantau.yaml"))
    person = [Consultant("A", "Andi", "pkp", "pemasaran", 2015)]
    yield from _problems(lambda: Monitor(monitored, person, backend="durable"))
    monkeypatch.setitem(sys.modules, "z3", None)
    yield from _problems(lambda: lint(load_policy(policy_path("2018"))))


def test_every_problem_of_the_corpus_is_told_in_indonesian(
        sample_log: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broad corpus of bad determinations, audit requests, selections and the rest: every
    problem has its own Indonesian, without English words left, and the corpus meets most
    of this catalogue's problems."""
    for folder in ("d", "s", "o"):
        (tmp_path / folder).mkdir()
    problems = [*_determination_corpus(sample_log, tmp_path / "d"),
                *_selection_corpus(sample_log, tmp_path / "s"),
                *_other_corpus(tmp_path / "o", monkeypatch)]
    assert problems
    for problem in problems:
        assert problem.indonesian is not None, problem
        assert problem.indonesian != problem.message, problem
        assert not english_left(problem.indonesian), problem.indonesian
    codes = {p.code for p in problems}
    assert codes >= {
        "bad-override", "unknown-consultant", "duplicate-override", "bad-outcome",
        "missing-reason", "control-character", "missing-field", "bad-field",
        "not-an-override", "seat-taken", "no-determination", "already-determined",
        "bad-supersedes", "missing-why", "audit-record", "audit-unreadable",
        "unit-missing", "duplicate-reference", "unit-twice", "consultant-twice",
        "policy-differs", "bad-reference", "duplicate-id", "unknown-unit", "unknown-field",
        "out-of-range", "missing-score", "no-selection", "division-by-zero", "over-seats",
        "selection-basis", "not-next-year", "lookalike-id", "output-unwritable",
        "durable-too-large", "lint-unavailable", "audit-by", "sha-mismatch", "audit-empty"},\
        codes
    assert len({p.message for p in problems}) >= 50


def test_every_entry_is_used() -> None:
    """Each problem of this catalogue is asked for by the source (none left behind)."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in SRC.rglob("*.py")
                       if path.parent.name != "wording")
    assert [key for key in AUDIT_PROBLEMS if f'"{key}"' not in source] == []
