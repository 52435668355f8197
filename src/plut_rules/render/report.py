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

from plut_rules import wording
from plut_rules.engine import margin_words
from plut_rules.model import OUTCOMES, Decision, Evaluation, Policy
from plut_rules.render.explain import (
    Lang,
    field_name,
    outcome_label,
    source_text,
    summary,
    verdict_text,
    years_text,
)
from plut_rules.render.output import sample_title
from plut_rules.render.rankings import selection_groups
from plut_rules.values import number_text, value_text

if TYPE_CHECKING:
    from plut_rules.audit import Determination

__all__ = ["render_report"]

ProgressFn = Callable[[str, int, int], None]


def _shared_words(lang: Lang) -> dict[str, str]:
    """The words the report shares with ``plut-rules explain``: one phrase for one thing."""
    cf = wording.words("counterfactual", lang)
    return {"holds": verdict_text(True, lang), "not_holds": verdict_text(False, lang),
            "trace": wording.text("explain.trace", lang),
            "cf": cf["cf"], "cf_now": cf["now"], "cf_need": cf["need"],
            "cf_no": cf["no_value"], "cf_not_monotone": cf["not_monotone"],
            "margins": cf["margins"]}


# Chart geometry (SVG user units, about pixels).
_LABEL_W, _PLOT_W, _RIGHT, _ROW_H, _TOP, _AXIS_H = 200, 420, 60, 20, 8, 22


def _keep_threshold(policy: Policy, field_id: str) -> Fraction | None:
    field = policy.field(field_id)
    return None if field is None else field.thresholds.get("keep")


def _scale_max(values: list[Fraction]) -> int:
    top = max([Fraction(100), *values])
    step = 20 if top <= 200 else 100
    return int(-(-top // step) * step)  # round up to a multiple of step


def _tick_step(top: int) -> int:
    """The axis step: the first of 20, 50, 100, 200, 500, 1000, 2000... (1, 2 and 5 times
    a power of ten) that divides ``top`` into at most 8 steps, however large ``top`` is
    (a threshold may be as large as the number range allows, 10^15)."""
    power = 10
    while True:
        for step in (2 * power, 5 * power, 10 * power):
            if top // step <= 8:
                return step
        power *= 10


def _chart(unit_id: str, decisions: list[Decision], policy: Policy, lang: Lang,
           words: Mapping[str, str]) -> dict[str, Any]:
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
            "width": round(x(d.score) - _LABEL_W, 1), "score": number_text(d.score, lang),
            "threshold_x": None if threshold is None else x(threshold),
            "threshold": None if threshold is None else number_text(threshold, lang),
            "title": f"{d.consultant} {d.name}: {words['score'].lower()} "
                     f"{number_text(d.score, lang)}"
                     + ("" if threshold is None else
                        f", {words['threshold']} {number_text(threshold, lang)}")
                     + f" — {outcome_label(d.outcome, lang)}",
        })
    plot_bottom = _TOP + len(decisions) * _ROW_H
    tick = _tick_step(top)
    ticks = [{"x": x(Fraction(v)), "label": str(v)} for v in range(0, top + 1, tick)]
    return {
        "unit": unit_id, "bars": bars, "ticks": ticks, "label_w": _LABEL_W,
        "plot_right": _LABEL_W + _PLOT_W, "plot_top": _TOP, "plot_bottom": plot_bottom,
        "width": _LABEL_W + _PLOT_W + _RIGHT, "height": plot_bottom + _AXIS_H,
        "row_h": _ROW_H,
    }


def _section(d: Decision, evaluation: Evaluation, lang: Lang,
             words: Mapping[str, str]) -> dict[str, Any]:
    policy = evaluation.policy
    unit = policy.unit(d.unit)
    field = policy.field(d.field)
    to_field = policy.field(d.to_field) if d.to_field else None
    indicators = []
    for i in d.indicators:
        gate = words[f"gate_{i.gate}"]
        if i.minimum is not None:
            gate += f" (min {number_text(i.minimum, lang, 4)})"
        indicators.append({
            "id": i.id + (" ↓" if i.direction == "lower" else ""), "label": i.label,
            "target": number_text(i.target, lang, 4),
            "achievement": number_text(i.achievement, lang, 4), "missing": i.missing,
            "ratio": number_text(i.ratio, lang, 4),
            "weight": "-" if i.weight is None else number_text(i.weight, lang, 4),
            "contribution": number_text(i.contribution, lang, 4), "gate": gate,
            "failed": i.gate == "fail",
        })
    trace = [{"rule": s.rule, "when": s.when, "result": s.result,
              "source": source_text(s.source) or "",
              "values": ", ".join(f"{k} = {value_text(v, lang)}" for k, v in s.values.items())}
             for s in d.trace]
    counterfactuals = None
    if d.counterfactuals is not None:
        counterfactuals = [{"indicator": c.indicator,
                            "now": number_text(c.achievement, lang, 4),
                            "needed": None if c.needed is None
                            else number_text(c.needed, lang, 4)}
                           for c in d.counterfactuals]
    margins = [{"rule": m.rule, "comparison": m.comparison, "left": value_text(m.left, lang),
                "right": value_text(m.right, lang),
                "margin": None if m.margin is None else margin_words(m.margin, lang)}
               for m in d.margins or ()]
    threshold = _keep_threshold(policy, d.field)
    return {
        "id": d.consultant, "name": d.name, "unit": d.unit,
        "unit_name": unit.name if unit is not None else d.unit,
        "field": d.field, "field_name": field.name if field is not None else d.field,
        "outcome": d.outcome, "outcome_label": outcome_label(d.outcome, lang),
        "to_field": d.to_field,
        "to_field_name": to_field.name if to_field is not None else d.to_field,
        "score": number_text(d.score, lang),
        "threshold": None if threshold is None else number_text(threshold, lang),
        "rule": d.rule, "rule_source": source_text(d.rule_source) or "", "reason": d.reason,
        "placement": words[d.placement] if d.placement else None,
        "years_served": years_text(d.years_served, lang), "indicators": indicators,
        "trace": trace,
        "has_counterfactuals": d.margins is not None, "counterfactuals": counterfactuals,
        "margins": margins, "summary": summary(d, lang, policy),
    }


def _outcome_text(outcome: str, to_field: str | None, lang: Lang,
                  words: Mapping[str, str], policy: Policy) -> str:
    text = outcome_label(outcome, lang) if outcome in OUTCOMES else outcome
    return text + (f" {words['to']} {field_name(policy, to_field)}" if to_field else "")


def _determination(determination: Determination, evaluation: Evaluation, lang: Lang,
                   words: Mapping[str, str]) -> dict[str, Any]:
    """The determination of the evaluation: who, when, counts, and each override."""
    decisions = {d.consultant: d for d in evaluation.decisions}
    overrides = []
    for o in determination.overrides:
        d = decisions.get(o.consultant)
        overrides.append({
            "id": o.consultant, "name": d.name if d is not None else "",
            "recommended": "-" if d is None else _outcome_text(
                d.outcome, d.to_field, lang, words, evaluation.policy),
            "determined": _outcome_text(o.outcome, o.to_field, lang, words, evaluation.policy),
            "outcome": o.outcome, "reason": o.reason,
        })
    return {"seq": determination.seq, "by": determination.by, "time": determination.time,
            "accepted": len(decisions.keys() - {o.consultant for o in determination.overrides}),
            "overridden": len(overrides), "overrides": overrides,
            "by_consultant": {o["id"]: o for o in overrides}}


def render_report(evaluation: Evaluation, lang: Lang = "id", *,
                  progress: ProgressFn | None = None,
                  audit: dict[str, Any] | None = None,
                  determination: Determination | None = None,
                  sample: bool = False,
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
    report says the record is not determined yet.  ``sample``: the evaluation is of the
    shipped sample data; the document's title and heading say CONTOH / SAMPLE.
    ``selection`` (a selection record's data, or ``{"result": <select --format json>,
    "open_seats": [...]}`` for one just made) adds the selection per (unit, field): the
    ranking, the selected and the reserves.
    """
    import jinja2

    words = {**wording.words("report", lang), **_shared_words(lang)}
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
        sample=sample_title(lang) if sample else None,
        sample_mark=wording.text("sample.mark", lang),
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
