"""The decision documents (berita acara, lampiran SK) from a determination record: content,
the Indonesian place and date, the anchor and its QR code, the policy's documents: section,
--pdf, and the rendering in headless Chromium."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import run_cli as run
from conftest import write
from plut_rules import audit, check_policy, load_policy, load_roster
from plut_rules.engine import evaluate
from plut_rules.shipped import policy_path, sample_path
from test_report import browse

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = """
documents:
  place: Pangkalpinang
  signatories:
    - role: Kepala Dinas KUKM Provinsi Kep. Bangka Belitung
      name: Drs. Contoh Pejabat
      id: NIP 19650101 199003 1 001
    - role: Ketua Tim Evaluasi
      name: Siti Contoh
"""


def policy_with_documents(tmp_path: Path) -> Path:
    text = Path(policy_path("2018")).read_text(encoding="utf-8")
    path = tmp_path / "2018.yaml"
    path.write_text(text + DOCUMENTS, encoding="utf-8")
    return path


def determined(tmp_path: Path) -> Path:
    """A log of the sample year under a policy with a documents: section, determined at
    2018-01-16 18:30 UTC (17 January in Jakarta) with TJP-05 kept."""
    path = policy_with_documents(tmp_path)
    policy = load_policy(path)
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    evaluation = evaluate(policy, roster.consultants, roster.achievements)
    log = tmp_path / "audit-2018.jsonl"
    clock = lambda: datetime(2018, 1, 16, 18, 30, tzinfo=UTC)  # noqa: E731
    audit.append_evaluation(log, evaluation, policy_files=audit.policy_file_bytes(policy, path),
                            consultants=roster.consultants, achievements=roster.achievements,
                            clock=clock)
    audit.determine(log, by="Gubernur Kep. Bangka Belitung", clock=clock, overrides=[
        audit.Override("TJP-05", "keep", "Formasi sdm <tetap> & dipertahankan")])
    return log


def test_berita_acara_holds_everything_to_sign(tmp_path: Path) -> None:
    log = determined(tmp_path)
    out = tmp_path / "ba.html"
    done = run("document", "berita-acara", log, "--output", out)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "@page { size: A4" in html
    assert "Berita Acara Evaluasi Kinerja" in html
    assert '<p class="place-date">Pangkalpinang, 17 Januari 2018</p>' in html
    assert "oleh Gubernur Kep. Bangka Belitung" in html
    assert html.count("<tr class=") == 12
    row = re.search(r'<tr class="keep overridden" data-consultant="TJP-05">.*?</tr>', html)
    assert row is not None and "<td>diganti</td><td>dipertahankan *</td>" in row.group(0)
    assert "58,62" in row.group(0)  # the score the Indonesian way
    assert "Formasi sdm &lt;tetap&gt; &amp; dipertahankan" in html
    vacancies = re.search(r'<table class="vacancies">.*?</table>', html, re.S)
    assert vacancies is not None and "<td>sdm</td>" not in vacancies.group(0)
    assert "Drs. Contoh Pejabat" in html and "NIP 19650101 199003 1 001" in html
    assert "Ketua Tim Evaluasi" in html
    record = audit.read_log(log)[-1]
    anchor = f"{record.seq}:{record.sha256}"
    assert f'data-anchor="{anchor}"' in html and f"<code>{record.sha256}</code>" in html
    import segno

    assert segno.make(anchor, error="m").svg_inline(scale=3, title=anchor) in html
    # the auditor checks the log against the paper
    found = re.search(r"--expect (\d+:[0-9a-f]{64})", html)
    assert found is not None and found.group(1) == anchor
    assert run("audit", "verify", log, "--expect", found.group(1)).returncode == 0


def test_lampiran_sk_in_english_with_options(tmp_path: Path) -> None:
    log = determined(tmp_path)
    out = tmp_path / "sk.html"
    done = run("document", "lampiran-sk", log, "--output", out, "--lang", "en",
               "--place", "Tanjung Pandan", "--signatory", "Governor=A. Name",
               "--time-zone", "Asia/Jayapura")
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "Attachment to the Decree" in html and '<html lang="en">' in html
    assert '<p class="place-date">Tanjung Pandan, 17 January 2018</p>' in html
    assert "Governor" in html and "A. Name" in html and "Drs. Contoh Pejabat" not in html
    assert "<th>Recommended</th>" not in html.split('<table class="consultants">')[1] \
        .split("</thead>")[0]
    bad = run("document", "lampiran-sk", log, "--output", out, "--time-zone", "Mars/Base")
    assert bad.returncode == 1 and "unknown time zone 'Mars/Base'" in bad.stderr


def test_the_documents_section_is_validated(tmp_path: Path) -> None:
    text = Path(policy_path("2018")).read_text(encoding="utf-8")
    path = write(tmp_path, text + "documents:\n  place: X\n  time_zone: Asia/Jakartaa\n"
                 "  signatory: []\n")
    policy, problems = check_policy(path)
    assert policy is None
    messages = {p.code: p for p in problems}
    assert "'Asia/Jakartaa' is not a time zone" in messages["bad-value"].message
    assert messages["bad-value"].location is not None
    assert messages["bad-value"].location.line == text.count("\n") + 3
    assert messages["unknown-key"].suggestion == "signatories"
    plain, _ = check_policy(policy_path("2018"))
    with_section = load_policy(policy_with_documents(tmp_path))
    assert plain is not None and "documents" not in plain.document
    assert with_section.document["documents"]["time_zone"] == "Asia/Jakarta"
    assert with_section.sha256 != plain.sha256


def test_a_log_without_a_determination_has_no_documents(tmp_path: Path) -> None:
    log = tmp_path / "a.jsonl"
    assert run("evaluate", "--audit", log).returncode == 0
    done = run("document", "berita-acara", log, "--output", tmp_path / "x.html", "--lang", "en")
    assert done.returncode == 1 and "holds no determination record" in done.stderr
    assert not (tmp_path / "x.html").exists()


def test_pdf_without_chromium_is_a_clear_error(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    log = determined(tmp_path)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    done = run("document", "berita-acara", log, "--output", tmp_path / "ba.pdf", "--pdf")
    assert done.returncode == 1 and "--pdf needs Chromium" in done.stderr
    assert not (tmp_path / "ba.pdf").exists()


def test_documents_render_and_print_in_headless_chromium(tmp_path: Path) -> None:
    log = determined(tmp_path)
    out = tmp_path / "ba.html"
    assert run("document", "berita-acara", log, "--output", out).returncode == 0
    dom = browse(out.as_uri(), tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count('data-consultant="TJP-05"') == 2
    assert "Pangkalpinang, 17 Januari 2018" in dom.stdout and "<svg" in dom.stdout
    pdf = tmp_path / "ba.pdf"
    done = run("document", "berita-acara", log, "--output", pdf, "--pdf")
    assert done.returncode == 0, done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 10_000
