"""The plut-rules command: in-process through ``main`` (conftest.run_cli), and as a user
runs it, in a subprocess, where only a real process shows the behaviour."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import jsonschema
import pytest

from conftest import EXE, MINIMAL, run_cli
from plut_rules.shipped import sample_path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "output.schema.json").read_text(encoding="utf-8"))
IDS = ["PKP-01", "PKP-02", "PKP-03", "PKP-04", "PKP-05", "PKP-06", "PKP-07",
       "TJP-01", "TJP-02", "TJP-03", "TJP-04", "TJP-05"]


def run_process(*args: str | Path, cwd: Path | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the plut-rules console script with arguments and capture its output."""
    return subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=60, check=False)


def test_evaluate_without_arguments_prints_the_sample_table() -> None:
    """`plut-rules evaluate` evaluates the shipped sample and prints a table and vacancies."""
    result = run_cli("evaluate")
    assert result.returncode == 0, result.stderr
    for cid in IDS:
        assert cid in result.stdout
    assert "dipertahankan" in result.stdout and "Formasi kosong" in result.stdout
    assert "pangkalpinang / jaringan_kerjasama: 1" in result.stdout
    assert "Traceback" not in result.stderr


def test_json_output_is_valid_deterministic_and_english() -> None:
    """JSON output validates against the shipped schema and is byte-identical run to run."""
    first = run_cli("evaluate", "--format", "json", "--lang", "en")
    second = run_cli("evaluate", "--format", "json", "--lang", "en")
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    data = json.loads(first.stdout)
    jsonschema.validate(data, SCHEMA)
    assert [d["consultant"] for d in data["decisions"]] == IDS
    pkp04 = data["decisions"][3]
    assert pkp04["outcome"] == "reassign" and pkp04["to_field"] == "produksi"
    assert pkp04["rule_source"].startswith("policies/2018.yaml:")
    assert "reassigned" in pkp04["summary"]
    assert data["policy"]["files"][0]["path"] == "policies/2018.yaml"


def test_row_order_and_file_format_do_not_change_the_output(tmp_path: Path) -> None:
    """Reversed rows, or the same data as JSON, give the same decisions and input hash."""
    for name in ("consultants.csv", "achievements.csv"):
        lines = sample_path(name).read_text(encoding="utf-8").splitlines()
        (tmp_path / name).write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n",
                                     encoding="utf-8")
    with sample_path("consultants.csv").open(encoding="utf-8") as handle:
        people = list(csv.DictReader(handle))
    rows = [{k: (int(v) if k == "appointed" or k.startswith("competence_") else v)
             for k, v in row.items() if v != ""} for row in people]
    (tmp_path / "consultants.json").write_text(json.dumps(rows), encoding="utf-8")
    original = run_cli("evaluate", "--format", "json")
    shuffled = run_cli("evaluate", "--format", "json",
                       "--consultants", tmp_path / "consultants.csv",
                       "--achievements", tmp_path / "achievements.csv")
    as_json = run_cli("evaluate", "--format", "json",
                      "--consultants", tmp_path / "consultants.json",
                      "--achievements", tmp_path / "achievements.csv")
    assert shuffled.returncode == 0 and as_json.returncode == 0, as_json.stderr
    a, b, c = (json.loads(r.stdout) for r in (original, shuffled, as_json))
    assert a["decisions"] == b["decisions"] == c["decisions"]
    assert a["input_sha256"] == b["input_sha256"] == c["input_sha256"]


def test_csv_output_to_file(tmp_path: Path) -> None:
    """--format csv --output FILE writes one row per decision."""
    out = tmp_path / "hasil.csv"
    result = run_cli("evaluate", "--format", "csv", "--output", out)
    assert result.returncode == 0 and result.stdout == ""
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["consultant"] for r in rows] == IDS
    assert rows[3]["to_field"] == "produksi" and rows[3]["score"] == "67.33"


def test_explain_prints_the_full_explanation() -> None:
    """`plut-rules explain ID` shows rule, source, indicators, trace and summary."""
    result = run_cli("explain", "PKP-04")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "pindah-bidang (policies/2018.yaml:" in out
    assert "akses_pembiayaan" in out and "0,56" in out
    assert "Jejak aturan" in out and "→  tidak terpenuhi" in out and "→  terpenuhi" in out
    assert "Ringkasan:" in out
    english = run_cli("explain", "PKP-04", "--lang", "en").stdout
    assert "Rules tried, in order" in english and "0.56" in english


def test_explain_unknown_id_suggests() -> None:
    """An unknown consultant id is exit 1 with a did-you-mean, no traceback."""
    result = run_cli("explain", "PKP-4", "--lang", "en")
    assert result.returncode == 1
    assert "did you mean 'PKP-04'?" in result.stderr or "did you mean" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_ok_and_errors(tmp_path: Path) -> None:
    """validate prints ok for a good file and every problem as FILE:LINE:COL for a bad one."""
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("thresholds:", "treshold:").replace(
        "when: score >= keep", "when: scor >= keep"), encoding="utf-8")
    ok = run_cli("validate", good)
    assert ok.returncode == 0 and "ok" in ok.stdout
    result = run_cli("validate", "--lang", "en", bad, cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{bad}:6:3: defaults.treshold: unknown key") and
               "did you mean 'thresholds'?" in line for line in lines), result.stderr
    assert any(f"{bad}:25:" in line and "scor" in line for line in lines), result.stderr
    assert "Traceback" not in result.stderr
    assert lines[-1].endswith("errors") or "error" in lines[-1]


def test_bad_data_is_reported_with_file_and_row(tmp_path: Path) -> None:
    """A bad achievements file is exit 1 with FILE:ROW messages and nothing evaluated."""
    text = sample_path("achievements.csv").read_text(encoding="utf-8")
    text = text.replace("PKP-01,kumkm_legalitas,46,", "PKP-01,kumkm_legalitas,banyak,")
    text = text.replace("PKP-02,", "PKP-2,", 1)
    (tmp_path / "a.csv").write_text(text, encoding="utf-8")
    result = run_cli("evaluate", "--consultants", sample_path("consultants.csv"),
                     "--achievements", tmp_path / "a.csv", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert f"{tmp_path / 'a.csv'}:2" in result.stderr
    assert "Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    """Unknown options, or only one of the two data files, are usage errors (exit 2)."""
    assert run_cli("evaluate", "--nope").returncode == 2
    assert run_cli("evaluate", "--consultants", "x.csv").returncode == 2
    assert run_cli().returncode == 2


def test_missing_policy_file_is_exit_1(tmp_path: Path) -> None:
    """A policy file that does not exist is a clear error, exit 1."""
    result = run_cli("validate", "--lang", "en", tmp_path / "nothere.yaml")
    assert result.returncode == 1 and "cannot read" in result.stderr


def test_third_party_scorer_from_an_installed_distribution(tmp_path: Path) -> None:
    """A scorer installed by another distribution (entry point) is usable by name."""
    site = tmp_path / "site"
    (site / "strict_scorer-1.0.dist-info").mkdir(parents=True)
    (site / "strict_scorer-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: strict-scorer\nVersion: 1.0\n", encoding="utf-8")
    (site / "strict_scorer-1.0.dist-info" / "entry_points.txt").write_text(
        "[plut_rules.scorers]\nstrict = strict_scorer:Strict\n", encoding="utf-8")
    (site / "strict_scorer.py").write_text(textwrap.dedent("""\
        from fractions import Fraction
        from plut_rules.scorers import Score

        class Strict:
            '''Full marks only when every indicator reaches its target.'''
            uses_weights = False
            monotone = True

            def score(self, ratios, weights, cap):
                ok = all(r >= 1 for r in ratios)
                value = Fraction(100) if ok else Fraction(0)
                return Score(value, tuple(value / len(ratios) for _ in ratios))
        """), encoding="utf-8")
    policy = tmp_path / "p.yaml"
    policy.write_text(MINIMAL.replace("scoring: weighted_ratio", "scoring: strict"),
                      encoding="utf-8")
    people = tmp_path / "c.csv"
    people.write_text("id,name,unit,field,appointed\nA,Ani,pkp,pemasaran,2016\n",
                      encoding="utf-8")
    ach = tmp_path / "a.csv"
    ach.write_text("consultant,indicator,achievement\nA,akses_pasar,40\nA,kehadiran,95\n",
                   encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    without = run_cli("validate", "--lang", "en", policy)
    assert without.returncode == 1 and "unknown scorer 'strict'" in without.stderr
    # a real process: entry points are read from the path the interpreter starts with
    result = run_process("evaluate", "--policy", policy, "--consultants", people,
                         "--achievements", ach, "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)["decisions"][0]
    assert decision["score"] == 100 and decision["outcome"] == "keep"


def test_internal_error_is_short_without_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in plut-rules prints a short report request (exit 3); --debug re-raises it."""
    from plut_rules.cli import evaluation

    def boom(args: object, streams: object) -> int:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(evaluation, "evaluate", boom)
    result = run_cli("evaluate")
    assert result.returncode == 3 and result.stdout == ""
    assert "kaboom" in result.stderr and "Traceback" not in result.stderr
    assert "--debug" in result.stderr
    with pytest.raises(RuntimeError):
        run_cli("--debug", "evaluate")


def test_output_into_missing_folder_is_exit_1(tmp_path: Path) -> None:
    """--output into a folder that does not exist is bad input (exit 1), not a crash."""
    result = run_cli("evaluate", "--output", tmp_path / "nothere" / "out.txt", "--lang", "en")
    assert result.returncode == 1
    assert "cannot write the output" in result.stderr and "Traceback" not in result.stderr


def test_sample_through_both_backends_is_identical() -> None:
    """`--backend durable` gives byte-identical JSON and the same table and explanation."""
    for args in (("evaluate", "--format", "json"), ("evaluate",), ("explain", "PKP-04")):
        builtin = run_cli(*args)
        durable = run_cli(*args, "--backend", "durable")
        assert builtin.returncode == 0 and durable.returncode == 0, durable.stderr
        assert durable.stdout == builtin.stdout
    data = json.loads(run_cli("evaluate", "--format", "json", "--backend", "durable").stdout)
    jsonschema.validate(data, SCHEMA)


def test_unknown_backend_is_a_usage_error() -> None:
    """An unknown --backend is a usage error (exit 2) naming the choices."""
    result = run_cli("evaluate", "--backend", "drools")
    assert result.returncode == 2 and "durable" in result.stderr


def test_policy_too_large_for_durable_exits_1(tmp_path: Path) -> None:
    """A policy durable cannot run exactly: a message and exit 1, no traceback, no answer."""
    many = " or ".join(f"score > {i}" for i in range(140))
    policy = tmp_path / "besar.yaml"
    policy.write_text(MINIMAL.replace("when: score >= keep", f"when: {many}"), encoding="utf-8")
    consultants = tmp_path / "k.csv"
    consultants.write_text("id,name,unit,field,appointed\nA,Nama A,pkp,pemasaran,2015\n",
                           encoding="utf-8")
    achievements = tmp_path / "a.csv"
    achievements.write_text("consultant,indicator,achievement\nA,akses_pasar,30\n"
                            "A,kehadiran,95\n", encoding="utf-8")
    result = run_cli("evaluate", "--policy", policy, "--consultants", consultants,
                     "--achievements", achievements, "--backend", "durable")
    assert result.returncode == 1, result.stderr
    assert "durable" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_an_input_without_consultants_warns_and_still_prints_the_table(tmp_path: Path) -> None:
    """A header-only CSV or an empty template workbook: a warning naming the file on stderr,
    exit 0, and the same output as before (every seat vacant); the title stays one line."""
    header = sample_path("consultants.csv").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "konsultan.csv").write_text(header + "\n", encoding="utf-8")
    achievements = sample_path("achievements.csv").read_text(encoding="utf-8").splitlines()[0]
    (tmp_path / "capaian.csv").write_text(achievements + "\n", encoding="utf-8")
    assert run_cli("template", "--output", "data.xlsx", cwd=tmp_path).returncode == 0
    for consultants, achievements_file, hint in [
            ("konsultan.csv", "capaian.csv", "a row for each consultant below its header"),
            ("data.xlsx", "data.xlsx", "below the header row of the sheet 'consultants'")]:
        inputs = ["--consultants", consultants, "--achievements", achievements_file]
        english = run_cli("evaluate", *inputs, "--lang", "en", cwd=tmp_path)
        assert english.returncode == 0, english.stderr
        warning, count = english.stderr.splitlines()
        assert warning.startswith(f"{consultants}: warning: no consultants in the input; ")
        assert hint in warning and warning.endswith("(without them every seat is listed as "
                                                    "vacant)")
        assert count == "1 warning"
        assert english.stdout.splitlines()[0] == ("Consultant evaluation recommendations — "
                                                  "kepbabel-plut 2018")
        result = run_cli("evaluate", *inputs, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        warning, count = result.stderr.splitlines()
        assert warning.startswith(f"{consultants}: peringatan: ") and count == "1 peringatan"
        lines = result.stdout.splitlines()
        assert lines[:2] == ["Rekomendasi evaluasi kinerja konsultan pendamping — "
                             "kepbabel-plut 2018", ""]
        assert lines[2].split() == ["ID", "Nama", "Unit", "Bidang", "Skor", "Rekomendasi",
                                    "Ke", "bidang", "Aturan"]
        assert "Jumlah: dipertahankan 0, dipindahkan bidang 0, diganti 0" in result.stdout
        assert "  tanjung_pandan / sdm: 1" in result.stdout
        data = json.loads(run_cli("evaluate", *inputs, "--format", "json", cwd=tmp_path).stdout)
        assert data["decisions"] == []
        report = run_cli("report", *inputs, "--output", "laporan.html", cwd=tmp_path)
        assert report.returncode == 0 and report.stderr.startswith(warning), report.stderr
        explain = run_cli("explain", "PKP-01", *inputs, cwd=tmp_path)
        assert explain.returncode == 1 and explain.stderr.startswith(warning)
    # the sample has consultants: no warning
    assert run_cli("evaluate").stderr == ""


def test_the_console_script_runs_the_command() -> None:
    """The installed `plut-rules` script, in its own process, prints what main prints."""
    result = run_process("evaluate", "--format", "csv", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stdout == run_cli("evaluate", "--format", "csv", "--lang", "en").stdout
    assert run_process("evaluate", "--nope").returncode == 2


def test_main_writes_only_to_the_streams_it_is_given(
        capfd: pytest.CaptureFixture[str]) -> None:
    """Help, usage errors, output and problems all go to main's streams, none to the
    process's own."""
    for args in (("--help",), ("evaluate", "--help"), (), ("evaluate", "--nope"),
                 ("evaluate", "--jobs", "0"), ("explain", "PKP-4"), ("evaluate",),
                 ("--version",), ("determine", "x", "--override", "a"),
                 ("audit", "verify", "nothere.jsonl")):
        result = run_cli(*args)
        assert result.stdout or result.stderr, args
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""


def test_help_and_usage_errors_go_to_their_stream() -> None:
    """--help is output (exit 0); a usage error is the usage and a message (exit 2)."""
    help_ = run_cli("evaluate", "--help")
    assert help_.returncode == 0 and help_.stderr == ""
    assert help_.stdout.startswith("usage: plut-rules evaluate [-h]")
    wrong = run_cli("evaluate", "--jobs", "0")
    assert wrong.returncode == 2 and wrong.stdout == ""
    assert wrong.stderr.startswith("usage: plut-rules evaluate [-h]")
    assert wrong.stderr.endswith("plut-rules evaluate: error: argument --jobs: expected a whole "
                                 "number >= 1, got '0'\n")
    bare = run_cli()
    assert bare.returncode == 2 and bare.stdout.startswith("usage: plut-rules [-h]")
    usage = run_cli("whatif", "--lang", "en")
    assert usage.returncode == 2 and usage.stderr == (
        "plut-rules: error: give at least one --set PATH=VALUE, or --sweep "
        "PATH=FROM:TO:STEP\n")
    indonesian = run_cli("whatif")
    assert indonesian.returncode == 2 and indonesian.stderr == (
        "plut-rules: error: berikan sedikitnya satu --set PATH=NILAI, atau --sweep "
        "PATH=DARI:SAMPAI:LANGKAH\n")


def test_help_imports_no_heavy_dependency() -> None:
    """`plut-rules --help` loads no command's heavy dependencies (it must start fast)."""
    code = ("import sys\n"
            "from plut_rules.cli import main\n"
            "main(['--help'])\n"
            "heavy = {'openpyxl', 'jinja2', 'z3', 'durable', 'rich', 'ruamel', 'numpy',\n"
            "         'babel', 'segno'}\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_import_plut_rules_is_lazy_and_keeps_every_public_name() -> None:
    """`import plut_rules` imports no submodule; every name of __all__ is there on first
    use and in dir(); an unknown name is an AttributeError."""
    code = ("import sys\n"
            "import plut_rules\n"
            "print(sorted(m for m in sys.modules if m.startswith('plut_rules.')))\n"
            "missing = [n for n in plut_rules.__all__ if n not in dir(plut_rules)]\n"
            "values = [getattr(plut_rules, n) for n in plut_rules.__all__]\n"
            "print(missing, len(values) == len(set(plut_rules.__all__)))\n"
            "try:\n"
            "    plut_rules.no_such_name\n"
            "except AttributeError as exc:\n"
            "    print(exc)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "[]", "[] True", "module 'plut_rules' has no attribute 'no_such_name'"]
    import plut_rules
    from plut_rules.engine import evaluate

    assert plut_rules.evaluate is evaluate
