"""The meeting report: one self-contained HTML file that prints well on A4.

:func:`render_report` fills the jinja2 template ``templates/report.html.j2``
(shipped with the package): the title and policy (year, hash), counts of
keep/reassign/replace per unit, a chart per unit of each consultant's score
against their field's keep threshold (inline SVG), the vacancies, then one
section per consultant with the explanation and, where the evaluation has them,
the counterfactuals.  Nothing in the file refers to anything outside it: no
scripts, fonts, images or style sheets are loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from plut_rules.exact import format_number
from plut_rules.model import OUTCOMES, Decision, Evaluation, Policy
from plut_rules.render.explain import Lang, outcome_label, source_text, summary
from plut_rules.render.rankings import selection_groups

if TYPE_CHECKING:
    from plut_rules.audit import Determination

__all__ = ["render_report"]

ProgressFn = Callable[[str, int, int], None]

_WORDS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Laporan evaluasi kinerja konsultan pendamping",
        "policy": "Kebijakan", "year": "Tahun", "sha": "sha256 kebijakan",
        "input": "sha256 data", "engine": "Program", "files": "Berkas kebijakan",
        "counts": "Rekomendasi per unit", "unit": "Unit", "total": "Jumlah",
        "charts": "Skor terhadap ambang dipertahankan", "vacancies": "Formasi kosong (untuk "
        "rekrutmen)", "field": "Bidang", "open": "Formasi", "none": "tidak ada",
        "consultants": "Rincian per konsultan", "outcome": "Rekomendasi", "to": "ke bidang",
        "score": "Skor", "rule": "Aturan penentu", "reason": "Alasan", "placement": "Penempatan",
        "placed": "mendapat formasi kosong", "no-open-seat": "tidak ada formasi kosong",
        "served": "Masa kerja", "years": "tahun", "indicators": "Indikator",
        "h_id": "indikator", "h_label": "uraian", "h_target": "target", "h_ach": "capaian",
        "h_ratio": "rasio", "h_weight": "bobot", "h_contrib": "kontribusi",
        "h_gate": "batas minimum", "gate_pass": "lulus", "gate_fail": "GAGAL", "gate_none": "-",
        "missing": "kosong, dihitung 0", "trace": "Aturan yang diuji (berurutan)",
        "holds": "berlaku", "not_holds": "tidak berlaku", "summary": "Ringkasan",
        "cf": "Yang diperlukan untuk dipertahankan (hal lain tetap)",
        "cf_now": "capaian", "cf_need": "diperlukan", "cf_no": "tidak ada nilai yang cukup",
        "cf_not_monotone": "tidak dihitung: cara penilaian bidang ini tidak monoton",
        "margins": "Selisih pada aturan dipertahankan", "threshold": "ambang dipertahankan",
        "legend": "Batang: skor; garis hitam: ambang dipertahankan bidang konsultan",
        "generated": "Dibuat oleh plut-rules; berkas ini berdiri sendiri (tanpa jaringan).",
        "contents": "Isi", "lang": "id", "record": "Catatan audit", "by": "oleh",
        "at": "pada", "determination": "Penetapan", "det_none": "belum ada penetapan",
        "det_accepted": "rekomendasi diterima", "det_overridden": "diubah",
        "det_override": "DIUBAH", "det_recommended": "rekomendasi",
        "det_determined": "ditetapkan", "det_reason": "alasan",
        "det_overrides": "Rekomendasi yang diubah dalam penetapan",
        "consultant": "Konsultan", "counts_determined": "Hasil penetapan per unit",
        "vacancies_determined": "Formasi kosong setelah penetapan (untuk rekrutmen)",
        "selection": "Hasil seleksi calon konsultan", "id": "ID", "name": "Nama",
        "open_seats": "Formasi", "sel_selected": "terpilih", "sel_reserves": "cadangan",
        "sel_unfilled": "belum terisi", "rank": "Peringkat", "sel_total": "Nilai",
        "sel_outcome": "Hasil", "sel_nobody": "tidak ada pelamar",
        "sel_record": "Seleksi: catatan {seq}, oleh {by} pada {time} (sha256 {sha256}).",
        "sel_file": "Seleksi atas formasi kosong evaluasi ini (sha256 calon {sha256}).",
    },
    "en": {
        "title": "Consultant performance evaluation report",
        "policy": "Policy", "year": "Year", "sha": "policy sha256",
        "input": "input sha256", "engine": "Engine", "files": "Policy files",
        "counts": "Recommendations per unit", "unit": "Unit", "total": "Total",
        "charts": "Scores against the keep threshold", "vacancies": "Vacancies (for "
        "recruitment)", "field": "Field", "open": "Open", "none": "none",
        "consultants": "Consultant by consultant", "outcome": "Recommendation",
        "to": "to field", "score": "Score", "rule": "Deciding rule", "reason": "Reason",
        "placement": "Placement", "placed": "placed in an open seat",
        "no-open-seat": "no suitable open seat", "served": "Years served", "years": "years",
        "indicators": "Indicators", "h_id": "indicator", "h_label": "description",
        "h_target": "target", "h_ach": "achievement", "h_ratio": "ratio", "h_weight": "weight",
        "h_contrib": "contribution", "h_gate": "gate", "gate_pass": "pass", "gate_fail": "FAIL",
        "gate_none": "-", "missing": "missing, counted as 0",
        "trace": "Rules tried, in order", "holds": "holds", "not_holds": "does not hold",
        "summary": "Summary", "cf": "What would have kept the consultant (all else equal)",
        "cf_now": "achieved", "cf_need": "needed", "cf_no": "no value is enough",
        "cf_not_monotone": "not computed: this field's scoring is not monotone",
        "margins": "Margins on the keep rules", "threshold": "keep threshold",
        "legend": "Bars: score; black line: the keep threshold of the consultant's field",
        "generated": "Made by plut-rules; this file is self-contained (no network).",
        "contents": "Contents", "lang": "en", "record": "Audit record", "by": "by",
        "at": "at", "determination": "Determination", "det_none": "not determined yet",
        "det_accepted": "recommendations accepted", "det_overridden": "overridden",
        "det_override": "OVERRIDDEN", "det_recommended": "recommended",
        "det_determined": "determined", "det_reason": "reason",
        "det_overrides": "Recommendations overridden in the determination",
        "consultant": "Consultant", "counts_determined": "Determined outcomes per unit",
        "vacancies_determined": "Vacancies after the determination (for recruitment)",
        "selection": "Selection of new consultants", "id": "ID", "name": "Name",
        "open_seats": "Open seats", "sel_selected": "selected", "sel_reserves": "reserves",
        "sel_unfilled": "unfilled", "rank": "Rank", "sel_total": "Total",
        "sel_outcome": "Outcome", "sel_nobody": "no applicants",
        "sel_record": "Selection: record {seq}, by {by} at {time} (sha256 {sha256}).",
        "sel_file": "Selection for the vacancies of this evaluation (candidates sha256 "
                    "{sha256}).",
    },
}

# Chart geometry (SVG user units, about pixels).
_LABEL_W, _PLOT_W, _RIGHT, _ROW_H, _TOP, _AXIS_H = 200, 420, 60, 20, 8, 22


def _keep_threshold(policy: Policy, field_id: str) -> Fraction | None:
    field = policy.field(field_id)
    return None if field is None else field.thresholds.get("keep")


def _scale_max(values: list[Fraction]) -> int:
    top = max([Fraction(100), *values])
    step = 20 if top <= 200 else 100
    return int(-(-top // step) * step)  # round up to a multiple of step


def _chart(unit_id: str, decisions: list[Decision], policy: Policy, lang: Lang,
           words: dict[str, str]) -> dict[str, Any]:
    """Geometry of one unit's bar chart, for the template to draw."""
    thresholds = [_keep_threshold(policy, d.field) for d in decisions]
    top = _scale_max([d.score for d in decisions] + [t for t in thresholds if t is not None])

    def x(value: Fraction) -> float:
        return round(_LABEL_W + float(max(value, Fraction(0)) / top) * _PLOT_W, 1)

    bars = []
    for n, (d, threshold) in enumerate(zip(decisions, thresholds, strict=True)):
        y = _TOP + n * _ROW_H
        name = d.name if len(d.name) <= 18 else d.name[:17] + "…"
        bars.append({
            "id": d.consultant, "label": f"{d.consultant} {name}", "outcome": d.outcome,
            "y": y, "mid": y + _ROW_H / 2,
            # the score's label goes right of the bar and of the threshold line
            "x_end": max(x(d.score), 0 if threshold is None else x(threshold)),
            "width": round(x(d.score) - _LABEL_W, 1), "score": format_number(d.score, lang),
            "threshold_x": None if threshold is None else x(threshold),
            "threshold": None if threshold is None else format_number(threshold, lang),
            "title": f"{d.consultant} {d.name}: {words['score'].lower()} "
                     f"{format_number(d.score, lang)}"
                     + ("" if threshold is None else
                        f", {words['threshold']} {format_number(threshold, lang)}")
                     + f" — {outcome_label(d.outcome, lang)}",
        })
    plot_bottom = _TOP + len(decisions) * _ROW_H
    tick = next(step for step in (20, 50, 100, 200, 500, 1000, 10**9) if top // step <= 8)
    ticks = [{"x": x(Fraction(v)), "label": str(v)} for v in range(0, top + 1, tick)]
    return {
        "unit": unit_id, "bars": bars, "ticks": ticks, "label_w": _LABEL_W,
        "plot_right": _LABEL_W + _PLOT_W, "plot_top": _TOP, "plot_bottom": plot_bottom,
        "width": _LABEL_W + _PLOT_W + _RIGHT, "height": plot_bottom + _AXIS_H,
        "row_h": _ROW_H,
    }


def _section(d: Decision, evaluation: Evaluation, lang: Lang,
             words: dict[str, str]) -> dict[str, Any]:
    policy = evaluation.policy
    unit = policy.unit(d.unit)
    field = policy.field(d.field)
    to_field = policy.field(d.to_field) if d.to_field else None
    indicators = []
    for i in d.indicators:
        gate = words[f"gate_{i.gate}"]
        if i.minimum is not None:
            gate += f" (min {format_number(i.minimum, lang, 4)})"
        indicators.append({
            "id": i.id + (" ↓" if i.direction == "lower" else ""), "label": i.label,
            "target": format_number(i.target, lang, 4),
            "achievement": format_number(i.achievement, lang, 4), "missing": i.missing,
            "ratio": format_number(i.ratio, lang, 4),
            "weight": "-" if i.weight is None else format_number(i.weight, lang, 4),
            "contribution": format_number(i.contribution, lang, 4), "gate": gate,
            "failed": i.gate == "fail",
        })
    trace = [{"rule": s.rule, "when": s.when, "result": s.result,
              "source": source_text(s.source) or "",
              "values": ", ".join(f"{k} = {_value(v, lang)}" for k, v in s.values.items())}
             for s in d.trace]
    counterfactuals = None
    if d.counterfactuals is not None:
        counterfactuals = [{"indicator": c.indicator,
                            "now": format_number(c.achievement, lang, 4),
                            "needed": None if c.needed is None
                            else format_number(c.needed, lang, 4)}
                           for c in d.counterfactuals]
    margins = [{"rule": m.rule, "comparison": m.comparison, "left": _value(m.left, lang),
                "right": _value(m.right, lang),
                "margin": None if m.margin is None else
                ("+" if m.margin > 0 else "") + format_number(m.margin, lang, 4)}
               for m in d.margins or ()]
    threshold = _keep_threshold(policy, d.field)
    return {
        "id": d.consultant, "name": d.name, "unit": d.unit,
        "unit_name": unit.name if unit is not None else d.unit,
        "field": d.field, "field_name": field.name if field is not None else d.field,
        "outcome": d.outcome, "outcome_label": outcome_label(d.outcome, lang),
        "to_field": d.to_field,
        "to_field_name": to_field.name if to_field is not None else d.to_field,
        "score": format_number(d.score, lang),
        "threshold": None if threshold is None else format_number(threshold, lang),
        "rule": d.rule, "rule_source": source_text(d.rule_source) or "", "reason": d.reason,
        "placement": words[d.placement] if d.placement else None,
        "years_served": d.years_served, "indicators": indicators, "trace": trace,
        "has_counterfactuals": d.margins is not None, "counterfactuals": counterfactuals,
        "margins": margins, "summary": summary(d, lang, policy),
    }


def _outcome_text(outcome: str, to_field: str | None, lang: Lang,
                  words: dict[str, str]) -> str:
    text = outcome_label(outcome, lang) if outcome in OUTCOMES else outcome
    return text + (f" {words['to']} {to_field}" if to_field else "")


def _determination(determination: Determination, evaluation: Evaluation, lang: Lang,
                   words: dict[str, str]) -> dict[str, Any]:
    """The determination of the evaluation: who, when, counts, and each override."""
    decisions = {d.consultant: d for d in evaluation.decisions}
    overrides = []
    for o in determination.overrides:
        d = decisions.get(o.consultant)
        overrides.append({
            "id": o.consultant, "name": d.name if d is not None else "",
            "recommended": "-" if d is None else _outcome_text(d.outcome, d.to_field, lang,
                                                               words),
            "determined": _outcome_text(o.outcome, o.to_field, lang, words),
            "outcome": o.outcome, "reason": o.reason,
        })
    return {"seq": determination.seq, "by": determination.by, "time": determination.time,
            "accepted": len(decisions.keys() - {o.consultant for o in determination.overrides}),
            "overridden": len(overrides), "overrides": overrides,
            "by_consultant": {o["id"]: o for o in overrides}}


def _value(value: Any, lang: Lang) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return format_number(value, lang, 4)
    if isinstance(value, tuple):
        return "[" + ", ".join(_value(v, lang) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def render_report(evaluation: Evaluation, lang: Lang = "id", *,
                  progress: ProgressFn | None = None,
                  audit: dict[str, Any] | None = None,
                  determination: Determination | None = None,
                  selection: Mapping[str, Any] | None = None) -> str:
    """The HTML report of an evaluation (one self-contained document).

    Counterfactuals appear for the decisions that carry them: evaluate with
    ``counterfactuals=True`` to have them.  ``progress`` is called as
    ``progress("render", done, total)`` while the consultants' sections are
    prepared.  ``audit`` (``path``, ``seq``, ``by``, ``time``, ``sha256``) names the audit
    record the evaluation was restored from, shown under the policy.  ``determination``
    (see :func:`plut_rules.audit.determination_for`) is the province's determination of
    that record: who determined and when, how many recommendations were accepted and
    overridden, and in each overridden consultant's section the recommendation, the
    determined outcome and the reason.  With ``audit`` and no ``determination``, the
    report says the record is not determined yet.  ``selection`` (a selection record's
    data, or ``{"result": <select --format json>, "open_seats": [...]}`` for one just made)
    adds the selection per (unit, field): the ranking, the selected and the reserves.
    """
    import jinja2

    words = _WORDS[lang]
    policy = evaluation.policy
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("plut_rules.render", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    units = [u.id for u in policy.units]
    units += sorted({d.unit for d in evaluation.decisions} - set(units))
    by_unit: dict[str, list[Decision]] = {u: [] for u in units}
    for d in evaluation.decisions:
        by_unit[d.unit].append(d)
    # with a determination, the counts and vacancies are the determined ones
    final = {} if determination is None else determination.outcomes
    vacancies: Any = evaluation.vacancies
    if determination is not None:
        covered = {v.unit for v in evaluation.vacancies} | set(by_unit)
        vacancies = [v for v in determination.vacancies if v["unit"] in covered]
    counts = []
    totals = {"keep": 0, "reassign": 0, "replace": 0}
    for u in units:
        row: dict[str, Any] = {"unit": u, "keep": 0, "reassign": 0, "replace": 0}
        for d in by_unit[u]:
            outcome = final[d.consultant]["outcome"] if d.consultant in final else d.outcome
            row[outcome] += 1
            totals[outcome] += 1
        counts.append({**row, "total": len(by_unit[u])})
    sections = []
    total = len(evaluation.decisions)
    for n, d in enumerate(evaluation.decisions, 1):
        sections.append(_section(d, evaluation, lang, words))
        if progress is not None:
            progress("render", n, total)
    return env.get_template("report.html.j2").render(
        w=words, lang=lang, policy=policy, evaluation=evaluation,
        title=policy.title or f"{policy.id} {policy.year}",
        outcome_names={o: outcome_label(o, lang) for o in ("keep", "reassign", "replace")},
        counts=counts, totals={**totals, "total": total},
        charts=[_chart(u, by_unit[u], policy, lang, words) for u in units if by_unit[u]],
        unit_names={u.id: u.name for u in policy.units},
        vacancies=vacancies, sections=sections, audit=audit,
        determination=None if determination is None
        else _determination(determination, evaluation, lang, words),
        selection=None if selection is None else _selection(selection, lang, words),
    )


def _selection(selection: Mapping[str, Any], lang: Lang, words: dict[str, str]
               ) -> dict[str, Any]:
    result = selection["result"]
    if "seq" in selection:
        intro = words["sel_record"].format(seq=selection["seq"], by=selection["by"],
                                           time=selection["time"], sha256=selection["sha256"])
    else:
        intro = words["sel_file"].format(sha256=result["candidates_sha256"])
    return {"intro": intro,
            "groups": selection_groups(result, selection.get("open_seats") or (), lang)}
