"""The decision documents to print and sign, from a determination record: the *berita
acara* (minutes of the evaluation meeting) and the *lampiran SK* (attachment of the
decree), with the selection made on it; and from a selection record the *pengumuman
hasil seleksi* (announcement of the results, :func:`render_announcement`).

:func:`render_document` fills the jinja2 template ``templates/document.html.j2`` (on
``page.html.j2``, shared with ``announcement.html.j2``): one
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

from plut_rules import wording
from plut_rules.model import OUTCOMES
from plut_rules.render.explain import Lang, outcome_label
from plut_rules.render.rankings import SELECTION_OUTCOMES, selection_groups

__all__ = ["DOCUMENT_KINDS", "DocumentKind", "local_date_text", "render_announcement",
           "render_document"]

DocumentKind = Literal["berita-acara", "lampiran-sk"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("berita-acara", "lampiran-sk")

# Indonesia keeps no summer time: the offsets of its zones, for a system without tzdata.
_FIXED = {"Asia/Jakarta": 7, "Asia/Pontianak": 7, "Asia/Makassar": 8, "Asia/Jayapura": 9}



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


def _env() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("plut_rules.render", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _page(record: Mapping[str, Any], section: Mapping[str, Any], lang: Lang,
          place: str | None, signatories: Sequence[Mapping[str, str | None]] | None,
          time_zone: str | None, log_name: str) -> dict[str, Any]:
    """What every document's page holds: the date, place, signature blocks and the
    record's anchor (as text and QR code) with the command that checks it."""
    zone = time_zone or section.get("time_zone") or "Asia/Jakarta"
    where = place if place is not None else section.get("place")
    date = local_date_text(record["time"], zone, lang)
    anchor = f"{record['seq']}:{record['sha256']}"
    return {
        "date": date, "zone": zone, "place_date": f"{where}, {date}" if where else date,
        "signatories": list(signatories if signatories is not None
                            else section.get("signatories") or []),
        "anchor": anchor, "seq": record["seq"], "sha256": record["sha256"],
        "qr": _qr_svg(anchor), "verify": f"plut-rules audit verify {log_name} --expect {anchor}",
    }


def _selection_block(selection: Mapping[str, Any], lang: Lang, zone: str,
                     words: Mapping[str, str]) -> dict[str, Any]:
    return {
        "intro": words["selection_intro"].format(
            by=selection["by"], date=local_date_text(selection["time"], zone, lang),
            seq=selection["seq"], sha256=selection["sha256"]),
        "groups": selection_groups(selection["result"], selection.get("open_seats") or (),
                                   lang),
    }


def render_document(
    kind: DocumentKind,
    record: Mapping[str, Any],
    *,
    lang: Lang = "id",
    place: str | None = None,
    signatories: Sequence[Mapping[str, str | None]] | None = None,
    time_zone: str | None = None,
    log_name: str = "audit.jsonl",
    selection: Mapping[str, Any] | None = None,
) -> str:
    """The HTML of a decision document from a determination record's data (with its
    ``seq``, ``sha256``, ``by`` and ``time``).

    ``place``, ``signatories`` (``role``, ``name``, ``id``) and ``time_zone`` override
    the ``documents:`` section of the policy the record copied; ``log_name`` is the log
    named in the verification command printed under the anchor.  ``selection`` (a
    selection record's data made on this determination) adds the selection per (unit,
    field): the ranking, the selected candidates and the reserves.
    """
    words = wording.words("documents", lang)
    policy = record["policy"]
    page = _page(record, policy.get("documents") or {}, lang, place, signatories, time_zone,
                 log_name)
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
    supersedes = record.get("supersedes")
    return str(_env().get_template("document.html.j2").render(
        w=words, lang=lang, kind=kind, title=words[kind],
        opening=words["opening" if kind == "berita-acara" else "sk_opening"].format(
            date=page["date"], year=policy["year"], by=record["by"]),
        policy=policy,
        references=[{"log": ref.get("log") or log_name, "seq": ref["seq"],
                     "sha256": ref["sha256"], "by": ref.get("by"),
                     "units": ", ".join(ref.get("units") or [])} for ref in refs],
        rows=rows, overrides=[r for r in rows if r["overridden"]],
        counts=record["counts"], vacancies=record["vacancies"],
        missing=record.get("missing_units") or [],
        anchor_text=words["anchor_text"].format(seq=record["seq"]),
        supersedes=None if not supersedes else words["supersedes"].format(
            seq=supersedes["seq"], why=supersedes["why"]),
        outcome_names={o: outcome_label(o, lang) for o in OUTCOMES},
        selection=None if selection is None
        else _selection_block(selection, lang, page["zone"], words),
        **page,
    ))


def render_announcement(
    record: Mapping[str, Any],
    *,
    lang: Lang = "id",
    place: str | None = None,
    signatories: Sequence[Mapping[str, str | None]] | None = None,
    time_zone: str | None = None,
    log_name: str = "audit.jsonl",
    determined_by: str | None = None,
) -> str:
    """The HTML of the *pengumuman hasil seleksi* (announcement of the selection's results)
    from a selection record's data (with its ``seq``, ``sha256``, ``by`` and ``time``):
    per (unit, field) the open seats, the ranking, who is selected and who is a reserve,
    the counts per outcome, the seats left unfilled, and the selection record's anchor.

    ``place``, ``signatories`` and ``time_zone`` override the policy's ``documents:``
    section; ``determined_by`` names the authority of the determination the selection
    filled (shown with its record number and sha256).
    """
    words = wording.words("documents", lang)
    policy = record["policy"]
    page = _page(record, (policy.get("document") or {}).get("documents") or {}, lang, place,
                 signatories, time_zone, log_name)
    result = record["result"]
    basis = result.get("basis") or {}
    if basis.get("kind") == "determination":
        basis_text = words["basis_determination"].format(
            by=determined_by or "-", seq=basis["seq"], sha256=basis["sha256"])
    else:
        basis_text = words["basis_evaluation"].format(sha256=basis.get("input_sha256", "-"))
    outcomes = list(SELECTION_OUTCOMES[lang])
    tally = [sum(1 for c in result["candidates"] if c["outcome"] == o) for o in outcomes]
    return str(_env().get_template("announcement.html.j2").render(
        w=words, lang=lang, kind="pengumuman-seleksi", title=words["pengumuman-seleksi"],
        opening=words["ann_opening"].format(year=policy["year"], date=page["date"],
                                            by=record["by"]),
        basis=basis_text, policy=policy,
        selection={"groups": selection_groups(result, record.get("open_seats") or (), lang)},
        counts={"labels": [SELECTION_OUTCOMES[lang][o] for o in outcomes], "numbers": tally,
                "total": len(result["candidates"])},
        unfilled=result.get("unfilled") or [],
        anchor_text=words["anchor_text_selection"].format(seq=record["seq"]),
        **page,
    ))
