"""The selection in the meeting report and the documents: per (unit, field) the ranking, the
selected candidates and the reserves in the berita acara, the lampiran SK and the report;
the announcement of the results (``document pengumuman-seleksi``) with the selection
record's anchor; and their rendering in headless Chromium."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import run_cli as run
from conftest import without_selection
from plut_rules import audit, load_policy, selection
from plut_rules.render.rankings import selection_groups
from plut_rules.shipped import sample_path
from test_documents import determined
from test_report import browse

CANDIDATES = sample_path("candidates.csv")


def selected_log(tmp_path: Path) -> Path:
    """The determined sample year of test_documents (TJP-05 kept), then the sample
    candidates selected on that determination at 2018-02-01 03:00 UTC (record 3)."""
    log = determined(tmp_path)
    policy = load_policy(tmp_path / "2018.yaml")
    records = audit.read_log(log)
    det = records[-1]
    seats = audit.determined_seats(det)
    made = selection.select(policy, selection.load_candidates(CANDIDATES, policy), seats,
                            basis=selection.Basis("determination", log=str(log), seq=det.seq,
                                                  sha256=det.sha256))
    audit.append_selection(
        log, made, by="Panitia Seleksi", open_seats=seats,
        policy_files=audit.policy_file_bytes(policy, tmp_path / "2018.yaml"),
        clock=lambda: datetime(2018, 2, 1, 3, 0, tzinfo=UTC))
    return log


def table_of(html: str, unit: str, field: str) -> str:
    found = re.search(rf'<h3 class="group" data-unit="{unit}" data-field="{field}">.*?'
                      r"</table>", html, re.S)
    assert found is not None, (unit, field)
    return found.group(0)


def test_selection_groups_on_plain_data() -> None:
    result = {"candidates": [
        {"candidate": "B", "name": "b", "unit": "u", "field": "f", "outcome": "reserve",
         "rank": 2, "total": 70.5},
        {"candidate": "A", "name": "a", "unit": "u", "field": "f", "outcome": "selected",
         "rank": 1, "total": 81},
        {"candidate": "C", "name": "c", "unit": "u", "field": "f", "outcome": "tms",
         "rank": None, "total": None}],
        "unfilled": [{"unit": "v", "field": "g", "open": 2}]}
    seats = [{"unit": "u", "field": "f", "open": 1}, {"unit": "v", "field": "g", "open": 2}]
    (u, v) = selection_groups(result, seats, "id")
    assert [r["id"] for r in u["ranked"]] == ["A", "B"] and u["others"][0]["id"] == "C"
    assert u["selected"] == ["A"] and u["reserves"] == ["B"] and u["unfilled"] == 0
    assert u["ranked"][1]["total"] == "70,5" and u["ranked"][1]["label"] == "cadangan"
    assert v == {"unit": "v", "field": "g", "open": 2, "ranked": [], "others": [],
                 "selected": [], "reserves": [], "unfilled": 2}


def test_the_announcement_holds_the_results_and_the_selection_anchor(tmp_path: Path) -> None:
    log = selected_log(tmp_path)
    out = tmp_path / "pengumuman.html"
    done = run("document", "pengumuman-seleksi", log, "--output", out)
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "@page { size: A4" in html
    assert "Pengumuman Hasil Seleksi Konsultan Pendamping PLUT-KUMKM" in html
    assert '<p class="place-date">Pangkalpinang, 1 Februari 2018</p>' in html
    assert "oleh Panitia Seleksi" in html
    record = audit.read_log(log)[2]
    det = audit.read_log(log)[1]
    assert f"penetapan Gubernur Kep. Bangka Belitung (catatan 2, sha256 {det.sha256})" in html
    jk = table_of(html, "pangkalpinang", "jaringan_kerjasama")
    assert '<p class="seats">Formasi: 1; terpilih: CK-01; cadangan: CK-02</p>' in jk
    assert re.search(r'<tr class="selected" data-candidate="CK-01"><td class="num rank">1</td>'
                     r"<td>CK-01</td><td>Andi Wijaya</td><td class=\"num\">81</td>"
                     r"<td>terpilih</td></tr>", jk)
    assert '<td class="num">77,6</td><td>cadangan</td>' in jk
    assert "lulus tanpa formasi" in jk
    # the TMS candidates are listed without a rank; a seat nobody filled stays open
    pb = table_of(html, "pangkalpinang", "pembiayaan")
    assert pb.count('<td class="num rank">-</td>') == 2 and "tidak memenuhi syarat" in pb
    assert "belum terisi: 1" in table_of(html, "tanjung_pandan", "jaringan_kerjasama")
    # the tie broken by the rule: same total, CK-09 before CK-10
    tp = table_of(html, "tanjung_pandan", "pemasaran")
    assert tp.index("CK-09") < tp.index("CK-10") and tp.count('<td class="num">76</td>') == 2
    counts = re.search(r'<table class="counts">.*?</table>', html, re.S)
    assert counts is not None and "<td class=\"num\">3</td><td class=\"num\">4</td>" in \
        counts.group(0)
    anchor = f"{record.seq}:{record.sha256}"
    assert f'data-anchor="{anchor}"' in html and "catatan nomor 3" in html
    import segno

    assert segno.make(anchor, error="m").svg_inline(scale=3, title=anchor) in html
    found = re.search(r"--expect (\d+:[0-9a-f]{64})", html)
    assert found is not None and found.group(1) == anchor
    assert run("audit", "verify", log, "--expect", found.group(1)).returncode == 0
    assert "Drs. Contoh Pejabat" in html  # the policy's documents: section


def test_the_announcement_in_english_and_its_errors(tmp_path: Path) -> None:
    log = selected_log(tmp_path)
    out = tmp_path / "announcement.html"
    done = run("document", "pengumuman-seleksi", log, "--record", "3", "--output", out,
               "--lang", "en", "--signatory", "Chair=A. Name")
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "Announcement of the Selection of PLUT-KUMKM Consultants" in html
    assert "1 February 2018" in html and "<td>selected</td>" in html
    assert "Reserves are called in rank order" in html and "Drs. Contoh" not in html
    wrong = run("document", "pengumuman-seleksi", log, "--record", "2", "--output", out,
                "--lang", "en")
    assert wrong.returncode == 1 and "not a selection" in wrong.stderr
    (tmp_path / "bare").mkdir()
    bare = determined(tmp_path / "bare")
    none = run("document", "pengumuman-seleksi", bare, "--output", tmp_path / "x.html",
               "--lang", "en")
    assert none.returncode == 1 and "holds no selection record" in none.stderr
    assert not (tmp_path / "x.html").exists()


def test_the_determination_documents_gain_the_selection(tmp_path: Path) -> None:
    log = selected_log(tmp_path)
    out = tmp_path / "ba.html"
    assert run("document", "berita-acara", log, "--output", out).returncode == 0
    html = out.read_text(encoding="utf-8")
    assert '<h2 id="selection">Hasil seleksi calon konsultan</h2>' in html
    assert "Seleksi oleh Panitia Seleksi pada tanggal 1 Februari 2018 (catatan 3" in html
    assert "terpilih: CK-09; cadangan: CK-10" in table_of(html, "tanjung_pandan", "pemasaran")
    # the anchor stays the determination's
    assert 'data-anchor="2:' in html
    sk = tmp_path / "sk.html"
    assert run("document", "lampiran-sk", log, "--output", sk, "--lang", "en").returncode == 0
    assert "Selection of new consultants" in sk.read_text(encoding="utf-8")
    plain = tmp_path / "plain.html"
    assert run("document", "berita-acara", log, "--output", plain,
               "--no-selection").returncode == 0
    assert 'id="selection"' not in plain.read_text(encoding="utf-8")
    wrong = run("document", "berita-acara", log, "--output", plain, "--selection", "1",
                "--lang", "en")
    assert wrong.returncode == 1 and "not a selection" in wrong.stderr


def test_the_meeting_report_gains_the_selection(tmp_path: Path) -> None:
    log = selected_log(tmp_path)
    out = tmp_path / "laporan.html"
    done = run("report", "--audit", log, "--output", out, "--no-counterfactuals")
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert '<h2 id="selection">Hasil seleksi calon konsultan</h2>' in html
    assert "Seleksi: catatan 3, oleh Panitia Seleksi" in html
    assert "terpilih: CK-01; cadangan: CK-02" in \
        table_of(html, "pangkalpinang", "jaringan_kerjasama")
    # from the inputs, with a candidates file: the evaluation's own vacancies
    fresh = tmp_path / "fresh.html"
    done = run("report", "--policy", tmp_path / "2018.yaml", "--sample", "--candidates",
               CANDIDATES, "--output", fresh, "--lang", "en", "--no-counterfactuals")
    assert done.returncode == 0, done.stderr
    text = fresh.read_text(encoding="utf-8")
    assert "Selection for the vacancies of this evaluation" in text
    # without the override TJP-05 is replaced: sdm is open, and CK-11 selected there
    assert "Open seats: 1; selected: CK-11" in table_of(text, "tanjung_pandan", "sdm")
    both = run("report", "--audit", log, "--candidates", CANDIDATES, "--output", fresh)
    assert both.returncode == 2 and "--candidates" in both.stderr
    plain = tmp_path / "plain.yaml"
    plain.write_text(without_selection((tmp_path / "2018.yaml").read_text(encoding="utf-8")),
                     encoding="utf-8")
    no_section = run("report", "--policy", plain, "--sample", "--candidates", CANDIDATES,
                     "--output", tmp_path / "n.html")
    assert no_section.returncode == 1 and not (tmp_path / "n.html").exists()


def test_the_announcement_renders_and_prints_in_headless_chromium(tmp_path: Path) -> None:
    log = selected_log(tmp_path)
    out = tmp_path / "pengumuman.html"
    assert run("document", "pengumuman-seleksi", log, "--output", out).returncode == 0
    dom = browse(out.as_uri(), tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("data-candidate=") == 13
    assert "Pangkalpinang, 1 Februari 2018" in dom.stdout and "<svg" in dom.stdout
    pdf = tmp_path / "pengumuman.pdf"
    done = run("document", "pengumuman-seleksi", log, "--output", pdf, "--pdf")
    assert done.returncode == 0, done.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) > 10_000


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_report_with_a_selection_renders_in_headless_chromium(tmp_path: Path,
                                                                  lang: str) -> None:
    log = selected_log(tmp_path)
    out = tmp_path / "laporan.html"
    assert run("report", "--audit", log, "--output", out, "--lang", lang,
               "--no-counterfactuals").returncode == 0
    dom = browse(out.as_uri(), tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("data-candidate=") == 13 and 'id="selection"' in dom.stdout
