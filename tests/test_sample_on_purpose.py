"""Issue 17, item 1: the shipped sample (fictional consultants) is never evaluated against
an analyst's policy by accident, and every output made from it says so (policy-v1 §5)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

from conftest import run_cli
from plut_rules.shipped import policy_path, sample_path

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "output.schema.json").read_text(encoding="utf-8"))
DATA = ["--consultants", str(sample_path("consultants.csv")),
        "--achievements", str(sample_path("achievements.csv"))]
BANNER_ID = "CONTOH / SAMPLE — data contoh fiktif, bukan konsultan sungguhan"
BANNER_EN = "CONTOH / SAMPLE — fictional sample data, not real consultants"

COMMANDS = {
    "evaluate": (["evaluate"], ["--consultants", "--achievements"]),
    "explain": (["explain", "PKP-04"], ["--consultants", "--achievements"]),
    "report": (["report", "--output", "laporan.html"], ["--consultants", "--achievements"]),
    "whatif": (["whatif", "--set", "defaults.thresholds.keep=67"],
               ["--consultants", "--achievements"]),
    "monitor": (["monitor"], ["--reports", "--consultants"]),
}


def _policy(tmp_path: Path) -> Path:
    """An analyst's own policy file (the shipped 2018 one, copied)."""
    path = tmp_path / "kebijakan-2020.yaml"
    path.write_bytes(policy_path("2018").read_bytes())
    return path


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_policy_without_data_is_refused_unless_sample_asks(name: str, tmp_path: Path) -> None:
    """`CMD --policy FILE` without data files is a usage error naming the missing options and
    --sample; with --sample it runs, and its output says CONTOH / SAMPLE."""
    command, options = COMMANDS[name]
    policy = _policy(tmp_path)
    refused = run_cli(*command, "--policy", policy, "--lang", "en", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stdout == ""
    message = refused.stderr.splitlines()[-1]
    assert message.startswith(f"plut-rules: error: --policy {policy} is given without data")
    assert f"{options[0]} FILE and {options[1]} FILE" in message and "--sample" in message
    assert not (tmp_path / "laporan.html").exists()
    wanted = run_cli(*command, "--policy", policy, "--sample", cwd=tmp_path)
    assert wanted.returncode == 0, wanted.stderr
    shown = (tmp_path / "laporan.html").read_text(encoding="utf-8") if name == "report" \
        else wanted.stdout
    assert "CONTOH / SAMPLE" in shown
    if name != "report":
        assert shown.startswith(BANNER_ID + "\n")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_sample_and_data_files_do_not_mix(name: str, tmp_path: Path) -> None:
    """--sample with data files, or one data file without the other, is a usage error."""
    command, options = COMMANDS[name]
    data = DATA if name != "monitor" else ["--reports", str(sample_path("monthly.csv")),
                                           "--consultants", str(sample_path("consultants.csv"))]
    both = run_cli(*command, *data, "--sample", "--lang", "en", cwd=tmp_path)
    assert both.returncode == 2
    assert "--sample uses the shipped sample data: leave out" in both.stderr
    one = run_cli(*command, *data[:2], "--lang", "en", cwd=tmp_path)
    assert one.returncode == 2
    assert f"give {options[0]} and {options[1]} together: {options[1]} missing" in one.stderr


def test_data_files_give_no_sample_marks(tmp_path: Path) -> None:
    """The sample's own rows given as data files: an ordinary evaluation, nothing marked."""
    table = run_cli("evaluate", *DATA)
    assert table.returncode == 0 and "CONTOH" not in table.stdout
    assert table.stdout.startswith("Rekomendasi evaluasi kinerja konsultan pendamping — ")
    doc = json.loads(run_cli("evaluate", *DATA, "--format", "json").stdout)
    assert "sample" not in doc
    jsonschema.validate(doc, SCHEMA)
    explained = run_cli("explain", "PKP-04", *DATA)
    assert "CONTOH" not in explained.stdout
    assert run_cli("report", *DATA, "--output", "r.html", cwd=tmp_path).returncode == 0
    assert "CONTOH" not in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_sample_json_says_sample_true_and_validates(jobs: str) -> None:
    """`evaluate --format json` on the sample: "sample": true first, schema-valid, the same
    bytes streamed in one process or two, and apart from the mark what the data files give."""
    text = run_cli("evaluate", "--format", "json", "--jobs", jobs).stdout
    assert text.startswith('{\n  "sample": true,\n  "policy": {')
    doc = json.loads(text)
    jsonschema.validate(doc, SCHEMA)
    with_files = json.loads(run_cli("evaluate", "--format", "json", *DATA).stdout)
    assert {k: v for k, v in doc.items() if k != "sample"} == with_files
    not_sample = json.loads(json.dumps({**doc, "sample": False}))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(not_sample, SCHEMA)


def test_the_sample_outputs_are_titled_as_the_sample(tmp_path: Path) -> None:
    """The table (both languages), report title and heading, whatif/monitor JSON and the
    workbook's info sheet all say it is the sample."""
    assert run_cli("evaluate").stdout.startswith(
        BANNER_ID + "\nRekomendasi evaluasi kinerja konsultan pendamping — kepbabel-plut 2018\n")
    assert run_cli("evaluate", "--lang", "en").stdout.startswith(BANNER_EN + "\n")
    assert run_cli("explain", "PKP-04", "--lang", "en").stdout.startswith(BANNER_EN + "\n")
    assert run_cli("report", "--output", "r.html", cwd=tmp_path).returncode == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<title>CONTOH / SAMPLE — Laporan evaluasi kinerja konsultan pendamping" in html
    assert f'<p class="sample">{BANNER_ID}</p>' in html
    whatif = json.loads(run_cli("whatif", "--set", "defaults.thresholds.keep=67",
                                "--format", "json").stdout)
    assert whatif["sample"] is True
    sweep = json.loads(run_cli("whatif", "--sweep", "defaults.thresholds.keep=60:70:5",
                               "--format", "json").stdout)
    assert sweep["sample"] is True
    assert json.loads(run_cli("monitor", "--format", "json").stdout)["sample"] is True
    assert run_cli("evaluate", "--format", "xlsx", "--output", "h.xlsx",
                   cwd=tmp_path).returncode == 0
    with zipfile.ZipFile(io.BytesIO((tmp_path / "h.xlsx").read_bytes())) as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8") \
            if "xl/sharedStrings.xml" in book.namelist() else ""
        sheets = "".join(book.read(n).decode("utf-8") for n in book.namelist()
                         if n.startswith("xl/worksheets/"))
    assert BANNER_ID in strings + sheets


def test_template_names_the_shipped_policy(tmp_path: Path) -> None:
    """`template` without --policy says the workbook is for the shipped policy."""
    shipped = run_cli("template", "--output", "t.xlsx", cwd=tmp_path)
    assert shipped.returncode == 0
    assert "the shipped policy: give --policy FILE for yours" in shipped.stderr
    own = run_cli("template", "--policy", _policy(tmp_path), "--output", "u.xlsx", cwd=tmp_path)
    assert own.returncode == 0 and "shipped" not in own.stderr
