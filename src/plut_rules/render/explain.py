"""Explanations: decisions rendered for people, in Indonesian or English.

Evaluation records what happened (:class:`~plut_rules.model.Decision`, its
indicators and trace); this module only renders it, so the fast path never
pays for text.  :func:`summary` is the one sentence shown beside a decision;
:func:`explanation_text` is the full account printed by ``plut-rules explain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal

from plut_rules.errors import Location
from plut_rules.exact import format_number
from plut_rules.model import Decision, Evaluation, Outcome, Policy

__all__ = ["LANGUAGES", "Lang", "explanation_text", "field_name", "outcome_label", "source_text",
           "summary", "value_text", "verdict_text", "years_text"]

Lang = Literal["id", "en"]
LANGUAGES: tuple[Lang, ...] = ("id", "en")

_OUTCOME = {
    "id": {"keep": "dipertahankan", "replace": "diganti", "reassign": "dipindahkan bidang"},
    "en": {"keep": "keep", "replace": "replace", "reassign": "reassign"},
}

_TEXT: dict[str, dict[str, str]] = {
    "id": {
        "keep": "{who} dipertahankan di bidang {field} menurut aturan {rule}{why}; skor {score}.",
        "replace": "{who} diganti menurut aturan {rule}{why}; skor {score}.",
        "reassign": "{who} dipindahkan dari bidang {field} ke bidang {to} menurut aturan "
                    "{rule}{why}; skor {score}.",
        "no_seat": "{who} diganti karena tidak ada formasi kosong yang sesuai untuk pindah "
                   "bidang, walaupun memenuhi aturan {rule}{why}; skor {score}.",
        "missing": " Capaian kosong dihitung 0: {names}.",
        "consultant": "Konsultan",
        "unit": "Unit",
        "field": "Bidang",
        "served": "Masa kerja",
        "years": "tahun",
        "year": "tahun",
        "recommendation": "Rekomendasi",
        "to": "ke bidang",
        "placement": "Penempatan",
        "placed": "mendapat formasi kosong",
        "no-open-seat": "tidak ada formasi kosong yang sesuai (no-open-seat)",
        "rule": "Aturan penentu",
        "reason": "Alasan",
        "score": "Skor",
        "scorer": "penilaian",
        "cap": "batas rasio (cap)",
        "indicators": "Indikator",
        "trace": "Jejak aturan (diuji berurutan)",
        "holds": "terpenuhi",
        "not_holds": "tidak terpenuhi",
        "summary": "Ringkasan",
        "h_id": "indikator", "h_target": "target", "h_ach": "capaian", "h_ratio": "rasio",
        "h_weight": "bobot", "h_contrib": "kontribusi", "h_gate": "batas minimum",
        "gate_pass": "lulus", "gate_fail": "GAGAL", "gate_none": "-",
        "missing_mark": "kosong, dihitung 0",
        "policy": "Kebijakan",
    },
    "en": {
        "keep": "{who} is kept in field {field} under rule {rule}{why}; score {score}.",
        "replace": "{who} is replaced under rule {rule}{why}; score {score}.",
        "reassign": "{who} is reassigned from field {field} to field {to} under rule "
                    "{rule}{why}; score {score}.",
        "no_seat": "{who} is replaced because no suitable open seat was left for a "
                   "reassignment, although rule {rule} held{why}; score {score}.",
        "missing": " Missing achievements counted as 0: {names}.",
        "consultant": "Consultant",
        "unit": "Unit",
        "field": "Field",
        "served": "Years served",
        "years": "years",
        "year": "year",
        "recommendation": "Recommendation",
        "to": "to field",
        "placement": "Placement",
        "placed": "placed in an open seat",
        "no-open-seat": "no suitable open seat (no-open-seat)",
        "rule": "Deciding rule",
        "reason": "Reason",
        "score": "Score",
        "scorer": "scoring",
        "cap": "cap",
        "indicators": "Indicators",
        "trace": "Rules tried, in order",
        "holds": "holds",
        "not_holds": "does not hold",
        "summary": "Summary",
        "h_id": "indicator", "h_target": "target", "h_ach": "achievement", "h_ratio": "ratio",
        "h_weight": "weight", "h_contrib": "contribution", "h_gate": "gate",
        "gate_pass": "pass", "gate_fail": "FAIL", "gate_none": "-",
        "missing_mark": "missing, counted as 0",
        "policy": "Policy",
    },
}


def outcome_label(outcome: Outcome, lang: Lang = "id") -> str:
    """The outcome as the evaluation meeting says it (``dipertahankan``, ``keep``)."""
    return _OUTCOME[lang][outcome]


def source_text(location: Location | None) -> str | None:
    """``FILE:LINE`` of a location, as the JSON output and explanations show it."""
    if location is None:
        return None
    return location.file if location.line is None else f"{location.file}:{location.line}"


def value_text(value: Any, lang: Lang) -> str:
    """A value read by a rule, as a reader of ``lang`` writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return format_number(value, lang, places=4)
    return repr(value) if isinstance(value, str) else str(value)


def _values_text(values: Mapping[str, Any], lang: Lang) -> str:
    return ", ".join(f"{k} = {value_text(v, lang)}" for k, v in values.items())


def field_name(policy: Policy | None, field_id: str | None) -> str:
    """A field as a sentence names it: its name (``Pengembangan Teknologi Informasi``), or
    its id when it has no other name."""
    if field_id is None:
        return "-"
    field = policy.field(field_id) if policy is not None else None
    return field.name if field is not None and field.name != field_id else field_id


_field_name = field_name


def years_text(years: int, lang: Lang = "id") -> str:
    """``1 tahun``, ``1 year``, ``3 years``."""
    t = _TEXT[lang]
    return f"{years} {t['year'] if years == 1 else t['years']}"


def verdict_text(result: bool, lang: Lang = "id") -> str:
    """Whether a rule's condition held, as explain and the report both say it
    (``terpenuhi`` / ``tidak terpenuhi``)."""
    return _TEXT[lang]["holds" if result else "not_holds"]


def summary(decision: Decision, lang: Lang = "id", policy: Policy | None = None) -> str:
    """One sentence saying what was decided and by which rule, quoting the rule's
    ``reason`` (the condition and its values are in the trace, not here)."""
    texts = _TEXT[lang]
    who = f"{decision.consultant} ({decision.name})" if decision.name else decision.consultant
    why = f' ("{decision.reason}")' if decision.reason else ""
    key: str = decision.outcome
    if decision.placement == "no-open-seat":
        key = "no_seat"
    sentence = texts[key].format(
        who=who,
        field=_field_name(policy, decision.field),
        to=_field_name(policy, decision.to_field),
        rule=decision.rule,
        why=why,
        score=format_number(decision.score, lang),
    )
    missing = [i.id for i in decision.indicators if i.missing]
    if missing:
        sentence += texts["missing"].format(names=", ".join(missing))
    return sentence


def _table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for n, row in enumerate(rows):
        cells = [cell.ljust(widths[i]) if i < 2 else cell.rjust(widths[i])
                 for i, cell in enumerate(row)]
        out.append((indent + "  ".join(cells)).rstrip())
        if n == 0:
            out.append(indent + "  ".join("-" * w for w in widths))
    return out


def explanation_text(decision: Decision, evaluation: Evaluation, lang: Lang = "id") -> str:
    """The full explanation of one decision, as ``plut-rules explain`` prints it."""
    t = _TEXT[lang]
    policy = evaluation.policy
    unit = policy.unit(decision.unit)
    field = policy.field(decision.field)
    lines = [
        f"{t['consultant']}: {decision.consultant} — {decision.name}",
        f"{t['policy']}: {policy.id} {policy.year} (sha256 {policy.sha256[:12]})",
        f"{t['unit']}: {decision.unit}" + (f" ({unit.name})" if unit and unit.name != unit.id
                                           else ""),
        f"{t['field']}: {decision.field}" + (f" ({field.name})" if field and field.name != field.id
                                             else ""),
        f"{t['served']}: {years_text(decision.years_served, lang)}",
        "",
        f"{t['recommendation']}: {outcome_label(decision.outcome, lang).upper()}"
        + (f" {t['to']} {field_name(policy, decision.to_field)}" if decision.to_field else ""),
    ]
    if decision.placement is not None:
        lines.append(f"{t['placement']}: {t[decision.placement]}")
    lines.append(f"{t['rule']}: {decision.rule} ({source_text(decision.rule_source)})")
    if decision.reason:
        lines.append(f"{t['reason']}: {decision.reason}")
    scorer = ""
    if field is not None:
        scorer = (f" ({t['scorer']} {field.scoring}, {t['cap']} "
                  f"{format_number(field.cap, lang)})")
    lines.append(f"{t['score']}: {format_number(decision.score, lang)}{scorer}")

    if decision.indicators:
        lines += ["", f"{t['indicators']}:"]
        rows = [[t["h_id"], "", t["h_target"], t["h_ach"], t["h_ratio"], t["h_weight"],
                 t["h_contrib"], t["h_gate"]]]
        for i in decision.indicators:
            gate = t[f"gate_{i.gate}"]
            if i.minimum is not None:
                gate += f" (min {format_number(i.minimum, lang, 4)})"
            ach = format_number(i.achievement, lang, 4)
            if i.missing:
                ach += f" ({t['missing_mark']})"
            rows.append([
                i.id + (" ↓" if i.direction == "lower" else ""), i.label,
                format_number(i.target, lang, 4), ach, format_number(i.ratio, lang, 4),
                "-" if i.weight is None else format_number(i.weight, lang, 4),
                format_number(i.contribution, lang, 4), gate,
            ])
        lines += _table(rows)

    if decision.trace:
        lines += ["", f"{t['trace']}:"]
        for n, step in enumerate(decision.trace, 1):
            verdict = verdict_text(step.result, lang)
            lines.append(f"  {n}. {step.rule}: {step.when}  →  {verdict}"
                         f"  [{source_text(step.source)}]")
            if step.values:
                lines.append(f"       {_values_text(step.values, lang)}")
    lines += ["", f"{t['summary']}: {summary(decision, lang, policy)}"]
    return "\n".join(lines) + "\n"
