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
    # the selection table of plut-rules select (selection/output.py)
    "selection_table.title": ("Hasil seleksi konsultan pendamping", "Selection of new consultants"),
    "selection_table.counts": ("Jumlah", "Counts"),
    "selection_table.unfilled": ("Formasi yang belum terisi", "Seats left unfilled"),
    "selection_table.none": ("tidak ada", "none"),
    "selection_table.basis": ("Dasar formasi", "Open seats from"),
    "selection_table.determination": ("penetapan", "determination"),
    "selection_table.evaluation": ("evaluasi", "evaluation"),
    "selection_table.record": ("catatan", "record"),
    # one candidate's explanation, select --explain (selection/explanation.py)
    "selection_explain.candidate": ("Kandidat", "Candidate"),
    "selection_explain.seat": ("Formasi", "Seat applied for"),
    "selection_explain.outcome": ("Hasil", "Outcome"),
    "selection_explain.rank": ("peringkat", "rank"),
    "selection_explain.of": ("dari", "of"),
    "selection_explain.summary": ("Ringkasan", "Summary"),
    "selection_explain.screening": (
        "Seleksi administrasi (semua syarat harus terpenuhi)",
        "Administrative screening (every requirement must hold)",
    ),
    "selection_explain.ms": ("MS ", "MS "),
    "selection_explain.tms": ("TMS", "TMS"),
    "selection_explain.read": ("nilai dibaca", "values read"),
    "selection_explain.none": ("tanpa syarat", "no requirements"),
    "selection_explain.scores": (
        "Nilai tes (bobot bidang ini)",
        "Test scores (this field's weights)",
    ),
    "selection_explain.minimum": ("minimum", "minimum"),
    "selection_explain.met": ("terpenuhi", "met"),
    "selection_explain.below": ("DI BAWAH MINIMUM", "BELOW THE MINIMUM"),
    "selection_explain.total": ("Nilai total", "Total"),
    "selection_explain.rounded": ("dibulatkan 2 desimal", "rounded to 2 decimals"),
    "selection_explain.pass": ("nilai lulus", "pass score"),
    "selection_explain.below_pass": ("DI BAWAH NILAI LULUS", "BELOW THE PASS SCORE"),
    "selection_explain.not_scored": (
        "Tidak dinilai: kandidat TMS tidak mengikuti tes.",
        "Not scored: a TMS candidate takes no test.",
    ),
    "selection_explain.ranking": ("Peringkat di formasi ini", "Rank in this seat"),
    "selection_explain.order": (
        "urut nilai total, lalu {ties}, lalu kode kandidat",
        "by total, then {ties}, then candidate id",
    ),
    "selection_explain.open": ("formasi kosong", "open seats"),
    "selection_explain.not_ranked": (
        "Tidak diperingkat (hanya kandidat yang lulus yang diperingkat).",
        "Not ranked (only candidates who pass are ranked).",
    ),
    "selection_explain.gap": ("Jarak ke kursi terakhir", "Distance to the last seat"),
    "selection_explain.experience_years": ("lama pengalaman", "years of experience"),
    # the documents to sign (render/documents.py and its templates)
    "documents.berita-acara": (
        "Berita Acara Evaluasi Kinerja Konsultan Pendamping PLUT-KUMKM",
        "Minutes of the Performance Evaluation of PLUT-KUMKM Consultants",
    ),
    "documents.lampiran-sk": (
        "Lampiran Surat Keputusan Penetapan Konsultan Pendamping PLUT-KUMKM",
        "Attachment to the Decree Determining PLUT-KUMKM Consultants",
    ),
    "documents.opening": (
        "Pada tanggal {date} telah ditetapkan hasil evaluasi kinerja konsultan pendamping "
        "PLUT-KUMKM tahun {year} oleh {by}, berdasarkan rekomendasi evaluasi berikut:",
        "On {date}, {by} determined the outcome of the {year} performance evaluation of the "
        "PLUT-KUMKM consultants, on these recommendations:",
    ),
    "documents.sk_opening": (
        "Daftar konsultan pendamping PLUT-KUMKM tahun {year} sebagaimana ditetapkan oleh {by}:",
        "The PLUT-KUMKM consultants of {year} as determined by {by}:",
    ),
    "documents.evaluated_by": ("dievaluasi oleh", "evaluated by"),
    "documents.record": ("catatan", "record"),
    "documents.units": ("unit", "units"),
    "documents.no": ("No.", "No."),
    "documents.id": ("ID", "ID"),
    "documents.name": ("Nama", "Name"),
    "documents.unit": ("Unit", "Unit"),
    "documents.field": ("Bidang", "Field"),
    "documents.score": ("Skor", "Score"),
    "documents.recommended": ("Rekomendasi", "Recommended"),
    "documents.determined": ("Penetapan", "Determined"),
    "documents.reason": ("Alasan perubahan", "Reason for the change"),
    "documents.to": ("ke bidang", "to field"),
    "documents.overridden": ("diubah", "overridden"),
    "documents.counts": ("Jumlah per unit", "Counts per unit"),
    "documents.total": ("Jumlah", "Total"),
    "documents.vacancies": ("Formasi kosong untuk rekrutmen", "Vacancies for recruitment"),
    "documents.none": ("tidak ada", "none"),
    "documents.open": ("Formasi", "Open"),
    "documents.missing": ("Unit yang belum ditetapkan", "Units not determined"),
    "documents.signatures": ("Yang menandatangani", "Signed by"),
    "documents.anchor": ("Jangkar catatan audit", "Audit record anchor"),
    "documents.anchor_text": (
        "Penetapan ini tercatat sebagai catatan nomor {seq} pada log audit, dengan sha256:",
        "This determination is record number {seq} of the audit log, with sha256:",
    ),
    "documents.verify": ("Periksa dengan", "Check with"),
    "documents.supersedes": (
        "Mengoreksi penetapan catatan {seq}: {why}",
        "Corrects the determination of record {seq}: {why}",
    ),
    "documents.policy": ("Kebijakan", "Policy"),
    "documents.title_lang": ("id", "en"),
    "documents.pengumuman-seleksi": (
        "Pengumuman Hasil Seleksi Konsultan Pendamping PLUT-KUMKM",
        "Announcement of the Selection of PLUT-KUMKM Consultants",
    ),
    "documents.ann_opening": (
        "Dengan ini diumumkan hasil seleksi calon konsultan pendamping PLUT-KUMKM tahun {year} "
        "yang ditetapkan pada tanggal {date} oleh {by}, per unit dan bidang: peringkat, peserta "
        "terpilih dan cadangan.",
        "The results of the selection of candidate PLUT-KUMKM consultants of {year}, determined on "
        "{date} by {by}, per unit and field: the ranking, the selected candidates and the "
        "reserves.",
    ),
    "documents.basis_determination": (
        "Formasi yang diisi adalah formasi kosong menurut penetapan {by} (catatan {seq}, sha256 "
        "{sha256}).",
        "The seats filled are the vacancies of the determination by {by} (record {seq}, sha256 "
        "{sha256}).",
    ),
    "documents.basis_evaluation": (
        "Formasi yang diisi adalah formasi kosong menurut evaluasi (sha256 data {sha256}).",
        "The seats filled are the vacancies of the evaluation (input sha256 {sha256}).",
    ),
    "documents.anchor_text_selection": (
        "Hasil seleksi ini tercatat sebagai catatan nomor {seq} pada log audit, dengan sha256:",
        "This selection is record number {seq} of the audit log, with sha256:",
    ),
    "documents.selection": ("Hasil seleksi calon konsultan", "Selection of new consultants"),
    "documents.selection_intro": (
        "Seleksi oleh {by} pada tanggal {date} (catatan {seq}, sha256 {sha256}) atas formasi "
        "kosong penetapan ini:",
        "Selection by {by} on {date} (record {seq}, sha256 {sha256}) for the vacancies of this "
        "determination:",
    ),
    "documents.open_seats": ("Formasi", "Open seats"),
    "documents.sel_selected": ("terpilih", "selected"),
    "documents.sel_reserves": ("cadangan", "reserves"),
    "documents.sel_unfilled": ("belum terisi", "unfilled"),
    "documents.rank": ("Peringkat", "Rank"),
    "documents.sel_total": ("Nilai", "Total"),
    "documents.sel_outcome": ("Hasil", "Outcome"),
    "documents.sel_nobody": ("tidak ada pelamar", "no applicants"),
    "documents.sel_counts": ("Jumlah peserta", "Candidates"),
    "documents.sel_unfilled_title": ("Formasi yang belum terisi", "Seats left unfilled"),
    "documents.sel_closing": (
        "Peserta cadangan dipanggil menurut peringkatnya bila formasi di unit dan bidangnya "
        "terbuka kembali.",
        "Reserves are called in rank order if a seat of their unit and field opens again.",
    ),
    # the determined table of plut-rules determine (audit/determined.py)
    "determined.title": ("Penetapan", "Determination"),
    "determined.counts": ("Jumlah per unit", "Counts per unit"),
    "determined.vacancies": ("Formasi kosong (untuk rekrutmen)", "Vacancies (for recruitment)"),
    "determined.none": ("tidak ada", "none"),
    "determined.by": ("oleh", "by"),
    "determined.at": ("pada", "at"),
    "determined.record": ("catatan", "record"),
    "determined.refs": ("Catatan evaluasi", "Evaluation records"),
    "determined.reason": ("alasan", "reason"),
    "determined.total": ("jumlah", "total"),
    "determined.missing": ("Unit yang belum ditetapkan", "Units not determined"),
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
