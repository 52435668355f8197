"""The decision documents to print and sign, from a determination record: the *berita
acara* (minutes of the evaluation meeting) and the *lampiran SK* (attachment of the
decree).

:func:`render_document` fills the jinja2 template ``templates/document.html.j2``: one
self-contained HTML page that prints on A4.  It holds the place and date written the
reader's way (Babel: "Pangkalpinang, 17 Januari 2018"; the date is the record's time in
the policy's time zone, default Asia/Jakarta), the authority, every consultant with the
recommended and the determined outcome, the reasons of the overrides, the final
vacancies, the signature blocks, and the record's anchor (number and sha256) as text and
as a QR code holding ``SEQ:SHA256`` (segno, inline SVG), so that an auditor can run
``plut-rules audit verify LOG --expect SEQ:SHA256`` from the paper.

Works on the record's plain data; imports Babel and segno only when called.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from typing import Any, Literal

from plut_rules.model import OUTCOMES
from plut_rules.render.explain import Lang, outcome_label

__all__ = ["DOCUMENT_KINDS", "DocumentKind", "local_date_text", "render_document"]

DocumentKind = Literal["berita-acara", "lampiran-sk"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("berita-acara", "lampiran-sk")

# Indonesia keeps no summer time: the offsets of its zones, for a system without tzdata.
_FIXED = {"Asia/Jakarta": 7, "Asia/Pontianak": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}

_WORDS: dict[str, dict[str, str]] = {
    "id": {
        "berita-acara": "Berita Acara Evaluasi Kinerja Konsultan Pendamping PLUT-KUMKM",
        "lampiran-sk": "Lampiran Surat Keputusan Penetapan Konsultan Pendamping PLUT-KUMKM",
        "opening": "Pada tanggal {date} telah ditetapkan hasil evaluasi kinerja konsultan "
                   "pendamping PLUT-KUMKM tahun {year} oleh {by}, berdasarkan rekomendasi "
                   "evaluasi berikut:",
        "sk_opening": "Daftar konsultan pendamping PLUT-KUMKM tahun {year} sebagaimana "
                      "ditetapkan oleh {by}:",
        "evaluated_by": "dievaluasi oleh", "record": "catatan", "units": "unit",
        "no": "No.", "id": "ID", "name": "Nama", "unit": "Unit", "field": "Bidang",
        "score": "Skor", "recommended": "Rekomendasi", "determined": "Penetapan",
        "reason": "Alasan perubahan", "to": "ke bidang", "overridden": "diubah",
        "counts": "Jumlah per unit", "total": "Jumlah",
        "vacancies": "Formasi kosong untuk rekrutmen", "none": "tidak ada",
        "open": "Formasi", "missing": "Unit yang belum ditetapkan",
        "signatures": "Yang menandatangani", "anchor": "Jangkar catatan audit",
        "anchor_text": "Penetapan ini tercatat sebagai catatan nomor {seq} pada log audit, "
                       "dengan sha256:",
        "verify": "Periksa dengan", "supersedes": "Mengoreksi penetapan catatan {seq}: {why}",
        "policy": "Kebijakan", "title_lang": "id",
    },
    "en": {
        "berita-acara": "Minutes of the Performance Evaluation of PLUT-KUMKM Consultants",
        "lampiran-sk": "Attachment to the Decree Determining PLUT-KUMKM Consultants",
        "opening": "On {date}, {by} determined the outcome of the {year} performance "
                   "evaluation of the PLUT-KUMKM consultants, on these recommendations:",
        "sk_opening": "The PLUT-KUMKM consultants of {year} as determined by {by}:",
        "evaluated_by": "evaluated by", "record": "record", "units": "units",
        "no": "No.", "id": "ID", "name": "Name", "unit": "Unit", "field": "Field",
        "score": "Score", "recommended": "Recommended", "determined": "Determined",
        "reason": "Reason for the change", "to": "to field", "overridden": "overridden",
        "counts": "Counts per unit", "total": "Total",
        "vacancies": "Vacancies for recruitment", "none": "none",
        "open": "Open", "missing": "Units not determined",
        "signatures": "Signed by", "anchor": "Audit record anchor",
        "anchor_text": "This determination is record number {seq} of the audit log, with "
                       "sha256:",
        "verify": "Check with", "supersedes": "Corrects the determination of record {seq}: "
                                              "{why}",
        "policy": "Policy", "title_lang": "en",
    },
}


def _zone(name: str) -> tzinfo:
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        if name in _FIXED:
            return timezone(timedelta(hours=_FIXED[name]), name)
        raise ValueError(f"unknown time zone {name!r}") from None


def local_date_text(time: str, time_zone: str, lang: Lang) -> str:
    """The date of a record's UTC ``time`` (``2018-01-17T02:00:00Z``) in ``time_zone``, as
    a reader of ``lang`` writes it.

    >>> local_date_text("2018-01-16T18:30:00Z", "Asia/Jakarta", "id")
    '17 Januari 2018'
    """
    from babel.dates import format_date

    moment = datetime.strptime(time, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return format_date(moment.astimezone(_zone(time_zone)).date(), format="d MMMM y",
                       locale="id" if lang == "id" else "en")


def _score(value: Any, lang: Lang) -> str:
    from babel.numbers import format_decimal

    if value is None:
        return "-"
    return format_decimal(Decimal(str(value)), format="#,##0.00",
                          locale="id" if lang == "id" else "en")


def _outcome(outcome: str, to_field: str | None, lang: Lang, words: Mapping[str, str]) -> str:
    text = outcome_label(outcome, lang) if outcome in OUTCOMES else outcome
    return text + (f" {words['to']} {to_field}" if to_field else "")


def _qr_svg(payload: str) -> str:
    import segno

    svg: str = segno.make(payload, error="m").svg_inline(scale=3, title=payload)
    return svg


def render_document(
    kind: DocumentKind,
    record: Mapping[str, Any],
    *,
    lang: Lang = "id",
    place: str | None = None,
    signatories: Sequence[Mapping[str, str | None]] | None = None,
    time_zone: str | None = None,
    log_name: str = "audit.jsonl",
) -> str:
    """The HTML of a decision document from a determination record's data (with its
    ``seq``, ``sha256``, ``by`` and ``time``).

    ``place``, ``signatories`` (``role``, ``name``, ``id``) and ``time_zone`` override
    the ``documents:`` section of the policy the record copied; ``log_name`` is the log
    named in the verification command printed under the anchor.
    """
    import jinja2

    words = _WORDS[lang]
    policy = record["policy"]
    section = policy.get("documents") or {}
    zone = time_zone or section.get("time_zone") or "Asia/Jakarta"
    where = place if place is not None else section.get("place")
    signers = list(signatories if signatories is not None else section.get("signatories")
                   or [])
    date = local_date_text(record["time"], zone, lang)
    refs = list(record.get("references") or [])
    recommended = {r["consultant"]: r for ref in refs for r in ref.get("recommendations") or ()}
    reasons = {o["consultant"]: o["reason"] for o in record["overrides"]}
    rows = []
    for n, o in enumerate(record["outcomes"], 1):
        rec = recommended.get(o["consultant"], {})
        rows.append({
            "n": n, "id": o["consultant"], "name": rec.get("name", ""), "unit": o["unit"],
            "field": o["field"], "score": _score(rec.get("score"), lang),
            "recommended": _outcome(rec.get("outcome", "-"), rec.get("to_field"), lang, words),
            "determined": _outcome(o["outcome"], o["to_field"], lang, words),
            "outcome": o["outcome"], "overridden": o["consultant"] in reasons,
            "reason": reasons.get(o["consultant"]),
        })
    anchor = f"{record['seq']}:{record['sha256']}"
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("plut_rules.render", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    supersedes = record.get("supersedes")
    return env.get_template("document.html.j2").render(
        w=words, lang=lang, kind=kind, title=words[kind],
        opening=words["opening" if kind == "berita-acara" else "sk_opening"].format(
            date=date, year=policy["year"], by=record["by"]),
        place_date=f"{where}, {date}" if where else date, policy=policy,
        references=[{"log": ref.get("log") or log_name, "seq": ref["seq"],
                     "sha256": ref["sha256"], "by": ref.get("by"),
                     "units": ", ".join(ref.get("units") or [])} for ref in refs],
        rows=rows, overrides=[r for r in rows if r["overridden"]],
        counts=record["counts"], vacancies=record["vacancies"],
        missing=record.get("missing_units") or [], signatories=signers,
        anchor=anchor, seq=record["seq"], sha256=record["sha256"], qr=_qr_svg(anchor),
        verify=f"plut-rules audit verify {log_name} --expect {anchor}",
        supersedes=None if not supersedes else words["supersedes"].format(
            seq=supersedes["seq"], why=supersedes["why"]),
        outcome_names={o: outcome_label(o, lang) for o in OUTCOMES},
    )
