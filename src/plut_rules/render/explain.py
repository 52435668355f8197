"""Explanations: decisions rendered for people, in Indonesian or English.

Evaluation records what happened (:class:`~plut_rules.model.Decision`, its
indicators and trace); this module only renders it, so the fast path never
pays for text.  :func:`summary` is the one sentence shown beside a decision;
:func:`explanation_text` is the full account printed by ``plut-rules explain``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plut_rules.errors import Location
from plut_rules.model import Decision, Evaluation, Outcome, Policy
from plut_rules.values import number_text, value_text
from plut_rules.wording import LANGUAGES, Lang, text, words

__all__ = ["LANGUAGES", "Lang", "explanation_text", "field_name", "outcome_label", "source_text",
           "summary", "value_text", "verdict_text", "years_text"]


def outcome_label(outcome: Outcome, lang: Lang = "id") -> str:
    """The outcome as the evaluation meeting says it (``dipertahankan``, ``keep``)."""
    return text(f"outcome.{outcome}", lang)


def source_text(location: Location | None) -> str | None:
    """``FILE:LINE`` of a location, as the JSON output and explanations show it."""
    if location is None:
        return None
    return location.file if location.line is None else f"{location.file}:{location.line}"


def _values_text(values: Mapping[str, Any], lang: Lang) -> str:
    return ", ".join(f"{k} = {value_text(v, lang)}" for k, v in values.items())


def field_name(policy: Policy | None, field_id: str | None) -> str:
    """A field as a sentence names it: its name (``Pengembangan Teknologi Informasi``), or
    its id when it has no other name."""
    if field_id is None:
        return "-"
    field = policy.field(field_id) if policy is not None else None
    return field.name if field is not None and field.name != field_id else field_id


def years_text(years: int, lang: Lang = "id") -> str:
    """``1 tahun``, ``1 year``, ``3 years``."""
    t = words("explain", lang)
    return f"{years} {t['year'] if years == 1 else t['years']}"


def verdict_text(result: bool, lang: Lang = "id") -> str:
    """Whether a rule's condition held, as explain and the report both say it
    (``terpenuhi`` / ``tidak terpenuhi``)."""
    return words("explain", lang)["holds" if result else "not_holds"]


def summary(decision: Decision, lang: Lang = "id", policy: Policy | None = None) -> str:
    """One sentence saying what was decided and by which rule, quoting the rule's
    ``reason`` (the condition and its values are in the trace, not here)."""
    texts = words("explain", lang)
    who = f"{decision.consultant} ({decision.name})" if decision.name else decision.consultant
    why = f' ("{decision.reason}")' if decision.reason else ""
    key: str = decision.outcome
    if decision.placement == "no-open-seat":
        key = "no_seat"
    sentence = texts[key].format(
        who=who,
        field=field_name(policy, decision.field),
        to=field_name(policy, decision.to_field),
        rule=decision.rule,
        why=why,
        score=number_text(decision.score, lang),
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
    t = words("explain", lang)
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
                  f"{number_text(field.cap, lang)})")
    lines.append(f"{t['score']}: {number_text(decision.score, lang)}{scorer}")

    if decision.indicators:
        lines += ["", f"{t['indicators']}:"]
        rows = [[t["h_id"], "", t["h_target"], t["h_ach"], t["h_ratio"], t["h_weight"],
                 t["h_contrib"], t["h_gate"]]]
        for i in decision.indicators:
            gate = t[f"gate_{i.gate}"]
            if i.minimum is not None:
                gate += f" (min {number_text(i.minimum, lang, 4)})"
            ach = number_text(i.achievement, lang, 4)
            if i.missing:
                ach += f" ({t['missing_mark']})"
            rows.append([
                i.id + (" ↓" if i.direction == "lower" else ""), i.label,
                number_text(i.target, lang, 4), ach, number_text(i.ratio, lang, 4),
                "-" if i.weight is None else number_text(i.weight, lang, 4),
                number_text(i.contribution, lang, 4), gate,
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
