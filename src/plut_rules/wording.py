"""The words plut-rules shows a reader, in Indonesian and English, in one place.

Every text a view prints in the reader's language is an entry of
:data:`CATALOGUE`: a key ``"group.name"`` (the group is the view that uses it)
and its Indonesian and English text, which may hold ``{placeholders}`` filled by
:func:`text`.  ``tests/test_wording.py`` checks that every entry has both
languages with the same placeholders and that every key the source asks for
exists.  Problem messages are not here: they are English, with a code a program
can read (:mod:`plut_rules.problem_codes`).  Imports nothing of plut_rules (base
layer), so the engine and the audit log can use it as well as the renderers.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

__all__ = ["CATALOGUE", "LANGUAGES", "Lang", "text", "words"]

Lang = Literal["id", "en"]
LANGUAGES: tuple[Lang, ...] = ("id", "en")

#: key -> (Indonesian, English).
CATALOGUE: Mapping[str, tuple[str, str]] = MappingProxyType({
    # the three outcomes, as the evaluation meeting says them
    "outcome.keep": ("dipertahankan", "keep"),
    "outcome.replace": ("diganti", "replace"),
    "outcome.reassign": ("dipindahkan bidang", "reassign"),
    # plut-rules explain and the one-line summary of a decision (render/explain.py)
    "explain.keep": (
        "{who} dipertahankan di bidang {field} menurut aturan {rule}{why}; skor {score}.",
        "{who} is kept in field {field} under rule {rule}{why}; score {score}.",
    ),
    "explain.replace": (
        "{who} diganti menurut aturan {rule}{why}; skor {score}.",
        "{who} is replaced under rule {rule}{why}; score {score}.",
    ),
    "explain.reassign": (
        "{who} dipindahkan dari bidang {field} ke bidang {to} menurut aturan {rule}{why}; skor "
        "{score}.",
        "{who} is reassigned from field {field} to field {to} under rule {rule}{why}; score "
        "{score}.",
    ),
    "explain.no_seat": (
        "{who} diganti karena tidak ada formasi kosong yang sesuai untuk pindah bidang, walaupun "
        "memenuhi aturan {rule}{why}; skor {score}.",
        "{who} is replaced because no suitable open seat was left for a reassignment, although "
        "rule {rule} held{why}; score {score}.",
    ),
    "explain.missing": (
        " Capaian kosong dihitung 0: {names}.",
        " Missing achievements counted as 0: {names}.",
    ),
    "explain.consultant": ("Konsultan", "Consultant"),
    "explain.unit": ("Unit", "Unit"),
    "explain.field": ("Bidang", "Field"),
    "explain.served": ("Masa kerja", "Years served"),
    "explain.years": ("tahun", "years"),
    "explain.year": ("tahun", "year"),
    "explain.recommendation": ("Rekomendasi", "Recommendation"),
    "explain.to": ("ke bidang", "to field"),
    "explain.placement": ("Penempatan", "Placement"),
    "explain.placed": ("mendapat formasi kosong", "placed in an open seat"),
    "explain.no-open-seat": (
        "tidak ada formasi kosong yang sesuai (no-open-seat)",
        "no suitable open seat (no-open-seat)",
    ),
    "explain.rule": ("Aturan penentu", "Deciding rule"),
    "explain.reason": ("Alasan", "Reason"),
    "explain.score": ("Skor", "Score"),
    "explain.scorer": ("penilaian", "scoring"),
    "explain.cap": ("batas rasio (cap)", "cap"),
    "explain.indicators": ("Indikator", "Indicators"),
    "explain.trace": ("Jejak aturan (diuji berurutan)", "Rules tried, in order"),
    # whether a rule's condition held, in explain's trace and the report's (one phrase)
    "explain.holds": ("terpenuhi", "holds"),
    "explain.not_holds": ("tidak terpenuhi", "does not hold"),
    "explain.summary": ("Ringkasan", "Summary"),
    "explain.h_id": ("indikator", "indicator"),
    "explain.h_target": ("target", "target"),
    "explain.h_ach": ("capaian", "achievement"),
    "explain.h_ratio": ("rasio", "ratio"),
    "explain.h_weight": ("bobot", "weight"),
    "explain.h_contrib": ("kontribusi", "contribution"),
    "explain.h_gate": ("batas minimum", "gate"),
    "explain.gate_pass": ("lulus", "pass"),
    "explain.gate_fail": ("GAGAL", "FAIL"),
    "explain.gate_none": ("-", "-"),
    "explain.missing_mark": ("kosong, dihitung 0", "missing, counted as 0"),
    "explain.policy": ("Kebijakan", "Policy"),
    # the HTML report (render/report.py and its template)
    # the report's trace, counterfactual and margin words are explain's (explain.trace,
    # explain.holds, counterfactual.*): one phrase for one thing
    "report.title": (
        "Laporan evaluasi kinerja konsultan pendamping",
        "Consultant performance evaluation report",
    ),
    "report.policy": ("Kebijakan", "Policy"),
    "report.year": ("Tahun", "Year"),
    "report.sha": ("sha256 kebijakan", "policy sha256"),
    "report.input": ("sha256 data", "input sha256"),
    "report.engine": ("Program", "Engine"),
    "report.files": ("Berkas kebijakan", "Policy files"),
    "report.counts": ("Rekomendasi per unit", "Recommendations per unit"),
    "report.unit": ("Unit", "Unit"),
    "report.total": ("Jumlah", "Total"),
    "report.charts": ("Skor terhadap ambang dipertahankan", "Scores against the keep threshold"),
    "report.vacancies": ("Formasi kosong (untuk rekrutmen)", "Vacancies (for recruitment)"),
    "report.field": ("Bidang", "Field"),
    "report.open": ("Formasi", "Open"),
    "report.none": ("tidak ada", "none"),
    "report.consultants": ("Rincian per konsultan", "Consultant by consultant"),
    "report.outcome": ("Rekomendasi", "Recommendation"),
    "report.to": ("ke bidang", "to field"),
    "report.score": ("Skor", "Score"),
    "report.rule": ("Aturan penentu", "Deciding rule"),
    "report.reason": ("Alasan", "Reason"),
    "report.placement": ("Penempatan", "Placement"),
    "report.placed": ("mendapat formasi kosong", "placed in an open seat"),
    "report.no-open-seat": ("tidak ada formasi kosong", "no suitable open seat"),
    "report.served": ("Masa kerja", "Years served"),
    "report.indicators": ("Indikator", "Indicators"),
    "report.h_id": ("indikator", "indicator"),
    "report.h_label": ("uraian", "description"),
    "report.h_target": ("target", "target"),
    "report.h_ach": ("capaian", "achievement"),
    "report.h_ratio": ("rasio", "ratio"),
    "report.h_weight": ("bobot", "weight"),
    "report.h_contrib": ("kontribusi", "contribution"),
    "report.h_gate": ("batas minimum", "gate"),
    "report.gate_pass": ("lulus", "pass"),
    "report.gate_fail": ("GAGAL", "FAIL"),
    "report.gate_none": ("-", "-"),
    "report.missing": ("kosong, dihitung 0", "missing, counted as 0"),
    "report.summary": ("Ringkasan", "Summary"),
    "report.threshold": ("ambang dipertahankan", "keep threshold"),
    "report.legend": (
        "Batang: skor; garis hitam: ambang dipertahankan bidang konsultan",
        "Bars: score; black line: the keep threshold of the consultant's field",
    ),
    "report.generated": (
        "Dibuat oleh plut-rules; berkas ini berdiri sendiri (tanpa jaringan).",
        "Made by plut-rules; this file is self-contained (no network).",
    ),
    "report.contents": ("Isi", "Contents"),
    "report.lang": ("id", "en"),
    "report.record": ("Catatan audit", "Audit record"),
    "report.by": ("oleh", "by"),
    "report.at": ("pada", "at"),
    "report.determination": ("Penetapan", "Determination"),
    "report.det_none": ("belum ada penetapan", "not determined yet"),
    "report.det_accepted": ("rekomendasi diterima", "recommendations accepted"),
    "report.det_overridden": ("diubah", "overridden"),
    "report.det_override": ("DIUBAH", "OVERRIDDEN"),
    "report.det_recommended": ("rekomendasi", "recommended"),
    "report.det_determined": ("ditetapkan", "determined"),
    "report.det_reason": ("alasan", "reason"),
    "report.det_overrides": (
        "Rekomendasi yang diubah dalam penetapan",
        "Recommendations overridden in the determination",
    ),
    "report.consultant": ("Konsultan", "Consultant"),
    "report.counts_determined": ("Hasil penetapan per unit", "Determined outcomes per unit"),
    "report.vacancies_determined": (
        "Formasi kosong setelah penetapan (untuk rekrutmen)",
        "Vacancies after the determination (for recruitment)",
    ),
    "report.selection": ("Hasil seleksi calon konsultan", "Selection of new consultants"),
    "report.id": ("ID", "ID"),
    "report.name": ("Nama", "Name"),
    "report.open_seats": ("Formasi", "Open seats"),
    "report.sel_selected": ("terpilih", "selected"),
    "report.sel_reserves": ("cadangan", "reserves"),
    "report.sel_unfilled": ("belum terisi", "unfilled"),
    "report.rank": ("Peringkat", "Rank"),
    "report.sel_total": ("Nilai", "Total"),
    "report.sel_outcome": ("Hasil", "Outcome"),
    "report.sel_nobody": ("tidak ada pelamar", "no applicants"),
    "report.sel_record": (
        "Seleksi: catatan {seq}, oleh {by} pada {time} (sha256 {sha256}).",
        "Selection: record {seq}, by {by} at {time} (sha256 {sha256}).",
    ),
    "report.sel_file": (
        "Seleksi atas formasi kosong evaluasi ini (sha256 calon {sha256}).",
        "Selection for the vacancies of this evaluation (candidates sha256 {sha256}).",
    ),
    # the text table of evaluate --format table (render/output.py)
    "table.title": (
        "Rekomendasi evaluasi kinerja konsultan pendamping",
        "Consultant evaluation recommendations",
    ),
    "table.vacancies": ("Formasi kosong (untuk rekrutmen)", "Vacancies (for recruitment)"),
    "table.none": ("tidak ada", "none"),
    "table.counts": ("Jumlah", "Counts"),
    "table.no_seat": ("tidak ada formasi", "no open seat"),
    # the columns of that table, in order
    "table_head.id": ("ID", "ID"),
    "table_head.name": ("Nama", "Name"),
    "table_head.unit": ("Unit", "Unit"),
    "table_head.field": ("Bidang", "Field"),
    "table_head.score": ("Skor", "Score"),
    "table_head.outcome": ("Rekomendasi", "Outcome"),
    "table_head.to_field": ("Ke bidang", "To field"),
    "table_head.rule": ("Aturan", "Rule"),
    # the sheet names of the result workbook, in order (render/spreadsheet.py)
    "sheet.decisions": ("keputusan", "decisions"),
    "sheet.indicator_details": ("rincian_indikator", "indicator_details"),
    "sheet.vacancies": ("formasi_kosong", "vacancies"),
    "sheet.info": ("info", "info"),
    # the counterfactual and margin lines of plut-rules explain (engine/counterfactual.py)
    "counterfactual.cf": (
        "Yang dibutuhkan untuk dipertahankan (satu indikator, lainnya tetap)",
        "Needed to be kept (one indicator, all else equal)",
    ),
    "counterfactual.none": (
        "tidak ada satu indikator pun yang cukup",
        "no single indicator suffices",
    ),
    "counterfactual.not_monotone": (
        "tidak tersedia: penilai bidang ini tidak monoton",
        "not available: this field's scorer is not monotone",
    ),
    "counterfactual.margins": (
        "Selisih terhadap ambang aturan 'dipertahankan'",
        "Margins to the thresholds of 'keep' rules",
    ),
    "counterfactual.now": ("sekarang", "now"),
    "counterfactual.need": ("perlu", "needs"),
    "counterfactual.no_value": ("tidak cukup sendiri", "not enough on its own"),
    # a margin (left - right of a keep rule's comparison) in words, in explain and the report
    "margin.below": ("kurang {amount} dari ambang", "{amount} below the threshold"),
    "margin.above": ("lebih {amount} dari ambang", "{amount} above the threshold"),
    "margin.at": ("tepat di ambang", "exactly at the threshold"),
    # what opens every output on the shipped sample data (contract §5; render/output.py)
    "sample.mark": ("CONTOH / SAMPLE", "CONTOH / SAMPLE"),
    "sample.title": (
        "{mark} — data contoh fiktif, bukan konsultan sungguhan",
        "{mark} — fictional sample data, not real consultants",
    ),
    # plut-rules audit show (audit/determination.py)
    "audit_show.record": ("Catatan audit", "Audit record"),
    "audit_show.by": ("oleh", "by"),
    "audit_show.at": ("pada", "at"),
    "audit_show.files": ("Berkas kebijakan", "Policy files"),
    "audit_show.input": ("Data masukan", "Input data"),
    "audit_show.engine": ("Mesin", "Engine"),
    "audit_show.determination": ("Penetapan", "Determination"),
    "audit_show.none": ("belum ada penetapan", "not determined yet"),
    "audit_show.accepted": ("rekomendasi diterima", "recommendation accepted"),
    "audit_show.overridden": ("DIUBAH", "OVERRIDDEN"),
    "audit_show.recommended": ("rekomendasi", "recommended"),
    "audit_show.determined": ("ditetapkan", "determined"),
    "audit_show.reason": ("Alasan", "Reason"),
    "audit_show.to": ("ke bidang", "to"),
    "audit_show.vacancies": ("Formasi kosong setelah penetapan",
                             "Vacancies after the determination"),
    "audit_show.nothing": ("tidak ada", "none"),
    # the text view of plut-rules monitor (cli/monitor.py)
    "monitor.title": ("Peringatan dini", "Early warnings"),
    "monitor.month": ("sampai bulan", "up to month"),
    "monitor.reports": ("laporan bulanan", "monthly reports"),
    "monitor.none": ("Tidak ada peringatan.", "No warnings."),
    "monitor.total": ("Jumlah", "Total"),
    "monitor.warnings": ("peringatan", "warnings"),
    "monitor.when": ("kondisi", "when"),
    "monitor.high": ("tinggi", "high"),
    "monitor.medium": ("sedang", "medium"),
    "monitor.low": ("rendah", "low"),
    # the stages of the progress bar (cli/progress.py)
    "progress.score": ("Menilai", "Scoring"),
    "progress.counterfactuals": ("Kontrafaktual", "Counterfactuals"),
    "progress.render": ("Menyusun laporan", "Writing report"),
    # the text views of plut-rules whatif and its sweeps (cli/yearly.py)
    "whatif.policy": ("Kebijakan", "Policy"),
    "whatif.whatif": ("Seandainya", "What if"),
    "whatif.changes": ("Perubahan (kebijakan efektif)", "Changes (resolved policy)"),
    "whatif.sweep": (
        "Rentang nilai {path}: {n} nilai ({where})",
        "Sweep {path} over {n} values ({where})",
    ),
    "whatif.with": ("dengan", "with"),
    "whatif.head": (
        "nilai|dipertahankan|dipindahkan bidang|diganti|formasi kosong|berubah",
        "value|keep|reassign|replace|vacancies|changed",
    ),
    "whatif.base": ("(awal)", "(as given)"),
    "whatif.note": (
        "berubah: jumlah konsultan yang keputusannya berbeda dari kebijakan apa adanya (awal)",
        "changed: consultants whose decision differs from the policy as given",
    ),
    # the kinds of change of plut-rules diff (yearly/diff.py)
    "change.added": ("ditambah", "added"),
    "change.removed": ("dihapus", "removed"),
    "change.changed": ("diubah", "changed"),
    "change.reordered": ("diurutkan ulang", "reordered"),
    "change.rules": ("aturan", "rules"),
    # the text views of diff, impact replay, whatif and sweeps (yearly/diff.py)
    "diff.no_changes": ("tidak ada perubahan", "no changes"),
    "diff.impact": (
        "Dampak pada {n} konsultan: {k} keputusan berubah",
        "Impact on {n} consultants: {k} decision(s) change",
    ),
    "diff.old": ("lama", "old"),
    "diff.new": ("baru", "new"),
    "diff.score": ("skor", "score"),
    "diff.counts": ("Jumlah", "Counts"),
    "diff.vacancies": ("Formasi kosong", "Vacancies"),
    "diff.vacancies_same": ("Formasi kosong: tidak berubah", "Vacancies: unchanged"),
})


def _index(lang: str) -> int:
    if lang not in LANGUAGES:
        raise ValueError(f"no wording in language {lang!r}; choose one of {LANGUAGES}")
    return LANGUAGES.index(lang)


def text(key: str, lang: Lang, /, **values: object) -> str:
    """The text of ``key`` in ``lang``, its ``{placeholders}`` filled from ``values``.

    >>> text("outcome.keep", "id"), text("outcome.keep", "en")
    ('dipertahankan', 'keep')
    >>> text("diff.impact", "en", n=3, k=1)
    'Impact on 3 consultants: 1 decision(s) change'
    """
    found = CATALOGUE[key][_index(lang)]
    return found.format(**values) if values else found


def _groups() -> dict[tuple[str, int], Mapping[str, str]]:
    found: dict[tuple[str, int], dict[str, str]] = {}
    for key, texts in CATALOGUE.items():
        group, _, name = key.partition(".")
        for index, value in enumerate(texts):
            found.setdefault((group, index), {})[name] = value
    return {k: MappingProxyType(v) for k, v in found.items()}


_GROUPS = _groups()


def words(group: str, lang: Lang) -> Mapping[str, str]:
    """Every text of ``group`` in ``lang``, by its name within the group (for templates
    and views that use many): ``words("monitor", "en")["title"] == "Early warnings"``."""
    return _GROUPS[group, _index(lang)]
