"""The HTML meeting report, rendered for real in headless Chromium, and the progress bar
of long runs (plut_rules.report, plut_rules.progress, plut-rules report)."""

from __future__ import annotations

import io
import os
import re
import select
import shutil
import struct
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from conftest import MINIMAL, write
from conftest import run_cli as run
from plut_rules import evaluate, load_policy, load_roster
from plut_rules.cli.progress import THRESHOLD, progress_bar
from plut_rules.model import Achievement, Consultant
from plut_rules.render.report import render_report
from plut_rules.shipped import policy_path, sample_path

EXE = Path(sys.executable).with_name("plut-rules")
IDS = ["PKP-01", "PKP-02", "PKP-03", "PKP-04", "PKP-05", "PKP-06", "PKP-07",
       "TJP-01", "TJP-02", "TJP-03", "TJP-04", "TJP-05"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


def sample_evaluation(counterfactuals: bool = True) -> Any:
    policy = load_policy(policy_path("2018"))
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    return evaluate(policy, roster.consultants, roster.achievements,
                    counterfactuals=counterfactuals)


# --------------------------------------------------------------------------- the HTML


def test_report_has_policy_counts_charts_vacancies_and_every_consultant() -> None:
    """Title and policy (year, hash), counts per unit, one SVG chart per unit with a bar and
    a threshold line per consultant, the vacancies and a section per consultant."""
    evaluation = sample_evaluation()
    html = render_report(evaluation)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="id">' in html
    assert "Laporan evaluasi kinerja konsultan pendamping" in html
    assert evaluation.policy.sha256 in html and "<dd>2018</dd>" in html
    counts = re.search(r'<table class="counts">.*?</table>', html, re.S)
    assert counts is not None
    cells = re.findall(r'<td class="num">(\d+)</td>', counts.group(0))
    assert cells == ["4", "1", "2", "7", "3", "1", "1", "5"]
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    assert len(svgs) == 2
    assert sum(s.count('<rect class="bar') for s in svgs) == 12
    assert sum(s.count('class="threshold"') for s in svgs) == 12
    for cid in IDS:
        assert f'id="c-{cid}"' in html and f'data-consultant="{cid}"' in html
    assert "pangkalpinang</td><td>jaringan_kerjasama</td>" in html
    assert "@page { size: A4" in html


def test_report_shows_explanations_and_counterfactuals() -> None:
    """A replaced consultant's section shows indicators, rules tried and what was needed."""
    html = render_report(sample_evaluation())
    section = re.search(r'<section class="consultant replace" id="c-PKP-03".*?</section>',
                        html, re.S)
    assert section is not None
    text = section.group(0)
    assert "gagal-indikator-wajib" in text and "GAGAL" in text
    # the words of plut-rules explain: one phrase for one thing
    assert "Yang dibutuhkan untuk dipertahankan" in text and "perlu <strong>" in text
    assert "Jejak aturan (diuji berurutan)" in text and "→ terpenuhi" in text
    kept = re.search(r'<section class="consultant keep" id="c-PKP-01".*?</section>', html, re.S)
    assert kept is not None and "Yang dibutuhkan" not in kept.group(0)


def test_report_without_counterfactuals_omits_them() -> None:
    """An evaluation without counterfactuals gives the report without that part."""
    assert "Yang dibutuhkan" not in render_report(sample_evaluation(counterfactuals=False))


def test_report_in_english() -> None:
    """--lang en: English words and numbers."""
    html = render_report(sample_evaluation(), "en")
    assert '<html lang="en">' in html and "Consultant performance evaluation report" in html
    assert "Needed to be kept" in html and "103.78" in html
    assert "Laporan evaluasi" not in html


def test_report_is_self_contained_and_escapes_text(tmp_path: Path) -> None:
    """No script, no external reference of any kind; names are escaped."""
    policy = load_policy(write(tmp_path, MINIMAL))
    consultants = [Consultant("K1", "<script>alert(1)</script> & Co", "pkp", "pemasaran", 2016)]
    achievements = [Achievement("K1", "akses_pasar", 40), Achievement("K1", "kehadiran", 95)]
    html = render_report(evaluate(policy, consultants, achievements, counterfactuals=True))
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert not re.search(r"<link|<img|<iframe|<object|@import|url\(|src=", html)
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls == {"http://www.w3.org/2000/svg"}  # the SVG namespace name, never fetched


def test_report_command_and_its_options(tmp_path: Path) -> None:
    """`plut-rules report` writes the file; --output is required; --lang en works."""
    out = tmp_path / "laporan.html"
    result = run("report", "--output", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    html = out.read_text(encoding="utf-8")
    assert all(cid in html for cid in IDS) and "policies/2018.yaml" in html
    en = run("report", "--output", tmp_path / "en.html", "--lang", "en")
    assert en.returncode == 0 and "Recommendations per unit" in (
        tmp_path / "en.html").read_text(encoding="utf-8")
    assert run("report").returncode == 2
    bad = run("report", "--output", out, "--consultants", sample_path("consultants.csv"))
    assert bad.returncode == 2


def test_report_from_an_audit_record(tmp_path: Path) -> None:
    """--audit FILE [--record N]: the report of a recorded evaluation, naming the record."""
    log = tmp_path / "audit.jsonl"
    assert run("evaluate", "--audit", log, "--by", "Dinas Uji").returncode == 0
    out = tmp_path / "r.html"
    result = run("report", "--audit", log, "--record", "1", "--output", out)
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "Catatan audit" in html and "Dinas Uji" in html
    assert all(cid in html for cid in IDS) and "Yang dibutuhkan" in html
    missing = run("report", "--audit", log, "--record", "7", "--output", out, "--lang", "en")
    assert missing.returncode == 1 and "no record 7" in missing.stderr
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text(log.read_text(encoding="utf-8").replace("Dinas Uji", "Dinas Lain"),
                       encoding="utf-8")
    assert run("report", "--audit", damaged, "--output", out).returncode == 1


REASON = "Sakit berkepanjangan <dirawat> & sudah pulih"


def determined_log(tmp_path: Path) -> Path:
    """An audit log of the sample year, determined with PKP-07 (recommended replace) kept
    (PKP-03's seat went to PKP-04, so PKP-03 could not be kept alone)."""
    tmp_path.mkdir(exist_ok=True)
    log = tmp_path / "audit.jsonl"
    assert run("evaluate", "--audit", log, "--by", "Tim Evaluasi").returncode == 0
    result = run("determine", log, "--by", "Gubernur Kep. Bangka Belitung",
                 "--override", "PKP-07=keep", "--reason", REASON)
    assert result.returncode == 0, result.stderr
    return log


def section(html: str, consultant: str) -> str:
    """The HTML of one consultant's section of the report."""
    start = html.index(f'id="c-{consultant}"')
    return html[start:html.index("</section>", start)]


def test_report_from_an_audit_record_shows_the_determination(tmp_path: Path) -> None:
    """With a determination in the log, the report says who determined and when, how many
    recommendations were accepted and overridden, and each override with its reason, in
    Indonesian and English; before it, that the record is not determined yet."""
    log = tmp_path / "audit.jsonl"
    assert run("evaluate", "--audit", log, "--by", "Tim Evaluasi").returncode == 0
    out = tmp_path / "r.html"
    assert run("report", "--audit", log, "--output", out).returncode == 0
    html = out.read_text(encoding="utf-8")
    assert "belum ada penetapan" in html and 'id="override-' not in html
    log = determined_log(tmp_path / "d")  # a second log: the first stays undetermined
    escaped = "Sakit berkepanjangan &lt;dirawat&gt; &amp; sudah pulih"

    assert run("report", "--audit", log, "--output", out).returncode == 0
    html = out.read_text(encoding="utf-8")
    head = html[html.index('id="determination"'):html.index("</dd>",
                                                             html.index('id="determination"'))]
    assert "Catatan audit 2, oleh Gubernur Kep. Bangka Belitung pada " in head
    assert "11 rekomendasi diterima" in head and "1 diubah" in head
    overridden = section(html, "PKP-07")
    assert 'id="override-PKP-07"' in overridden and "Penetapan: DIUBAH" in overridden
    assert "<dt>rekomendasi</dt><dd>diganti</dd>" in overridden
    assert '<span class="badge keep">dipertahankan</span>' in overridden
    assert escaped in overridden and REASON not in html
    assert 'id="override-' not in section(html, "PKP-04")
    assert "<dd>rekomendasi diterima</dd>" in section(html, "PKP-04")
    assert html.count("<dd>rekomendasi diterima</dd>") == 11
    assert 'id="overrides"' in html  # the list of overrides after the counts

    assert run("report", "--audit", log, "--lang", "en", "--output", out).returncode == 0
    html = out.read_text(encoding="utf-8")
    assert "Audit record 2, by Gubernur Kep. Bangka Belitung at " in html
    assert "11 recommendations accepted" in html and "1 overridden" in html
    overridden = section(html, "PKP-07")
    assert "Determination: OVERRIDDEN" in overridden
    assert "<dt>recommended</dt><dd>replace</dd>" in overridden
    assert '<span class="badge keep">keep</span>' in overridden and escaped in overridden
    assert "<dd>recommendations accepted</dd>" in section(html, "TJP-01")


def test_render_report_with_a_determination_from_python(tmp_path: Path) -> None:
    """render_report(..., determination=determination_for(records, seq)); an override to
    reassign names the field on both sides."""
    from plut_rules import audit

    log = tmp_path / "audit.jsonl"
    assert run("evaluate", "--audit", log).returncode == 0
    audit.determine(log, by="Gubernur", overrides=[
        audit.Override("TJP-04", "reassign", "Permintaan unit", "jaringan_kerjasama")])
    records = audit.read_log(log)
    evaluation = audit.restore_evaluation(records[0])
    html = render_report(evaluation, "en",
                         determination=audit.determination_for(records, records[0].seq))
    overridden = section(html, "TJP-04")
    assert "<dd>reassign to field Pengembangan Teknologi Informasi</dd>" in overridden
    assert "reassign to field Pengembangan Jaringan Kerjasama</span>" in overridden
    assert "Permintaan unit" in overridden
    assert "determination" not in render_report(evaluation, "en")


def test_report_shows_the_values_each_rule_read() -> None:
    """The rules tried list the values they read (not a Python object's repr)."""
    html = render_report(sample_evaluation(counterfactuals=False), "en")
    assert "built-in method" not in html and " at 0x" not in html
    assert '<span class="values">keep = 70, score = 103.78</span>' in section(html, "PKP-01")


# --------------------------------------------------------------------------- the browser


def chromium() -> str:
    """The chromium executable, or skip with the reason (scripts/test.sh installs it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("chromium is not installed and could not be installed by scripts/test.sh "
                    "(apt-get install chromium): the headless-browser test is skipped")
    return found


def browse(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra,
                           url], capture_output=True, text=True, timeout=180, check=False)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    """Chromium renders the report: the DOM holds both charts and every consultant, and a
    screenshot is taken."""
    out = tmp_path / "laporan.html"
    assert run("report", "--output", out).returncode == 0
    url = out.as_uri()
    dom = browse(url, tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<svg") == 2
    assert dom.stdout.count('<rect class="bar') == 12
    for cid in IDS:
        assert f'id="c-{cid}"' in dom.stdout
    shot = tmp_path / "shot.png"
    result = browse(url, tmp_path / "profile2", f"--screenshot={shot}", "--window-size=1000,1400")
    assert result.returncode == 0, result.stderr[-2000:]
    assert png_size(shot) == (1000, 1400)
    assert shot.stat().st_size > 20_000  # a rendered page, not a blank one


def test_determined_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    """The rendered DOM of a report from a determined audit record holds the override of
    PKP-07 with its reason."""
    out = tmp_path / "laporan.html"
    result = run("report", "--audit", determined_log(tmp_path), "--output", out)
    assert result.returncode == 0, result.stderr
    dom = browse(out.as_uri(), tmp_path / "profile", "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    overridden = section(dom.stdout, "PKP-07")
    assert 'id="override-PKP-07"' in overridden and "DIUBAH" in overridden
    assert "Sakit berkepanjangan &lt;dirawat&gt; &amp; sudah pulih" in overridden
    assert "11 rekomendasi diterima" in dom.stdout


# --------------------------------------------------------------------------- progress


def test_no_progress_bar_for_few_consultants_or_off_a_terminal() -> None:
    """Up to THRESHOLD consultants, or a console that is not a terminal: no bar, no output."""
    buffer = io.StringIO()
    with progress_bar(THRESHOLD, console=Console(file=buffer, force_terminal=True)) as update:
        assert update is None
    with progress_bar(THRESHOLD + 1, console=Console(file=buffer, force_terminal=False)) as update:
        assert update is None
    assert buffer.getvalue() == ""


def test_progress_bar_on_a_terminal() -> None:
    """More than THRESHOLD consultants on a terminal: a rich bar per stage."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=100)
    total = THRESHOLD + 500
    with progress_bar(total, console=console, lang="en") as update:
        assert update is not None
        for n in range(1, total + 1):
            update("score", n, total)
        update("render", total, total)
    text = buffer.getvalue()
    assert "Scoring" in text and f"{total}/{total}" in text and "Writing report" in text


def test_evaluate_and_report_call_progress_for_every_stage() -> None:
    """The evaluation and the report call back with each stage's count."""
    calls: list[tuple[str, int, int]] = []
    policy = load_policy(policy_path("2018"))
    roster = load_roster(sample_path("consultants.csv"), sample_path("achievements.csv"))
    evaluation = evaluate(policy, roster.consultants, roster.achievements, counterfactuals=True,
                          progress=lambda *a: calls.append(a))
    render_report(evaluation, progress=lambda *a: calls.append(a))
    for stage in ("score", "counterfactuals", "render"):
        done = [c for c in calls if c[0] == stage]
        assert [c[1] for c in done] == list(range(1, 13)) and done[-1][2] == 12


def big_roster(tmp_path: Path, count: int) -> tuple[Path, Path, Path]:
    """A policy and CSV files with ``count`` consultants."""
    policy = write(tmp_path, MINIMAL)
    lines = ["id,name,unit,field,appointed,competence_produksi"]
    ach = ["consultant,indicator,achievement,target"]
    for n in range(count):
        field = ("pemasaran", "akses_pasar") if n % 2 else ("produksi", "sertifikasi")
        lines.append(f"K{n:05d},Nama {n},pkp,{field[0]},2016,{n % 101}")
        ach += [f"K{n:05d},{field[1]},{n % 45},", f"K{n:05d},kehadiran,{80 + n % 20},"]
    consultants, achievements = tmp_path / "k.csv", tmp_path / "c.csv"
    consultants.write_text("\n".join(lines) + "\n", encoding="utf-8")
    achievements.write_text("\n".join(ach) + "\n", encoding="utf-8")
    return policy, consultants, achievements


def test_piped_long_run_shows_no_progress(tmp_path: Path) -> None:
    """With stderr piped, a long evaluate or report writes nothing extra."""
    policy, consultants, achievements = big_roster(tmp_path, THRESHOLD + 100)
    inputs = ["--policy", policy, "--consultants", consultants, "--achievements", achievements]
    result = run("evaluate", *inputs, "--format", "csv")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.count("\n") == THRESHOLD + 101
    report = run("report", *inputs, "--output", tmp_path / "r.html")
    assert report.returncode == 0 and report.stderr == ""


def test_long_run_on_a_terminal_shows_a_progress_bar(tmp_path: Path) -> None:
    """With stderr a terminal (a pseudo-terminal here), the bar appears on it; stdout keeps
    only the output."""
    import pty

    policy, consultants, achievements = big_roster(tmp_path, THRESHOLD + 100)
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [str(EXE), "report", "--policy", str(policy), "--consultants", str(consultants),
         "--achievements", str(achievements), "--output", str(tmp_path / "r.html")],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    os.close(master)
    stdout, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0
    assert stdout == b""
    text = seen.decode("utf-8", "replace")
    assert "Menilai" in text and "Menyusun laporan" in text, text[-2000:]
