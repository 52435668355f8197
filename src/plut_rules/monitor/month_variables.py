"""The variables a warning reads, and the plain-Python reference that evaluates warnings.

For each consultant, the month's cumulative, pro-rata and projected values of every
indicator are computed from all the reports fed so far (:func:`variables`); one
:class:`WarningItem` is one warning to evaluate for a consultant (and an indicator).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

import attrs

from plut_rules.errors import EvaluationError, Problem
from plut_rules.lang import ComputedOutOfRange, Value
from plut_rules.model import Consultant, Policy
from plut_rules.monitor.reports import MONTHS, MonthlyReport
from plut_rules.policy import CompiledWarning, Monitoring, monitoring_of
from plut_rules.scorers import indicator_ratio
from plut_rules.wording import say

__all__ = ["WarningItem", "evaluation_failed", "monitoring_of", "reference_holds", "variables",
           "warning_items"]


@attrs.frozen
class WarningItem:
    """One evaluation: warning ``j`` for a consultant (and an indicator)."""

    j: int
    consultant: Consultant
    indicator: str | None
    in_scope: bool
    values: Mapping[str, Value]


def variables(policy: Policy, section: Monitoring, consultant: Consultant,
              reports: Iterable[MonthlyReport], month: int,
              indicator: str | None = None) -> dict[str, Value]:
    """The variables a warning reads for ``consultant`` when ``month`` is the latest month.

    With ``indicator``, also that indicator's own variables (``per: indicator``).
    """
    field = policy.field(consultant.field)
    assert field is not None and month >= 1
    cumulative: dict[str, Fraction] = {i.id: Fraction(0) for i in field.indicators}
    reported: set[int] = set()
    for r in reports:
        cumulative[r.indicator] = cumulative.get(r.indicator, Fraction(0)) + r.achievement
        reported.add(r.month)
    out: dict[str, Value] = {"field": field.id, "unit": consultant.unit}
    out.update(field.thresholds)
    out.update(section.thresholds)
    out["month"] = Fraction(month)
    out["months_reported"] = Fraction(len(reported))
    out["months_missing"] = Fraction(sum(1 for m in range(1, month) if m not in reported))
    failing = 0
    own: dict[str, dict[str, Value]] = {}
    for ind in field.indicators:
        cum = cumulative[ind.id]
        prorata = ind.target * month / MONTHS
        projected = cum * MONTHS / month
        ratio = indicator_ratio(projected, ind.target, ind.direction == "lower", field.cap)
        if ind.minimum is not None and ratio < ind.minimum:
            failing += 1
        out[f"cumulative_{ind.id}"] = cum
        out[f"prorata_{ind.id}"] = prorata
        out[f"projected_{ind.id}"] = projected
        out[f"projected_ratio_{ind.id}"] = ratio
        own[ind.id] = {"indicator": ind.id, "cumulative": cum, "target": ind.target,
                       "prorata": prorata, "projected": projected, "projected_ratio": ratio,
                       "minimum": ind.minimum if ind.minimum is not None else Fraction(0)}
    out["gates_projected_failed"] = Fraction(failing)
    if indicator is not None:
        out.update(own[indicator])
    return out


def warning_items(policy: Policy, section: Monitoring, consultant: Consultant,
                  reports: Sequence[MonthlyReport], month: int) -> list[WarningItem]:
    """Every warning to evaluate for ``consultant``: one per warning, or per indicator."""
    field = policy.field(consultant.field)
    assert field is not None
    base = variables(policy, section, consultant, reports, month)
    items: list[WarningItem] = []
    for j, c in enumerate(section.warnings):
        scope = c.warning.applies_to(field.id, consultant.unit)
        if c.warning.per == "consultant":
            items.append(WarningItem(j, consultant, None, scope, base))
            continue
        for ind in field.indicators:
            values = variables(policy, section, consultant, reports, month, ind.id)
            items.append(WarningItem(j, consultant, ind.id, scope, values))
    return items


def evaluation_failed(item: WarningItem, c: CompiledWarning) -> Problem:
    """The problem of a warning whose condition cannot be evaluated for ``item``: it
    divides by zero, or computes a value beyond the bound (lang.ComputedOutOfRange)."""
    try:
        if c.condition is not None:
            c.condition.evaluate(item.values)
    except ComputedOutOfRange:
        return Problem.worded(
            "computed-out-of-range",
            say("monthly.too_large", id=item.consultant.id, warning=repr(c.warning.id),
                when=repr(c.warning.when)),
            c.warning.source, f"monitoring.warnings.{c.warning.id}.when")
    except ZeroDivisionError:
        pass
    return Problem.worded(
        "division-by-zero",
        say("monthly.division_by_zero", id=item.consultant.id, warning=repr(c.warning.id),
            when=repr(c.warning.when)),
        c.warning.source, f"monitoring.warnings.{c.warning.id}.when")


def reference_holds(section: Monitoring, items: Sequence[WarningItem]) -> list[bool]:
    """Which items hold, evaluated directly by the library (the plain-Python reference)."""
    out: list[bool] = []
    errors: list[Problem] = []
    for item in items:
        c = section.warnings[item.j]
        if not item.in_scope:
            out.append(False)
        elif c.condition is None:
            out.append(bool(c.constant))
        else:
            try:
                out.append(c.condition.evaluate(item.values) is True)
            except ArithmeticError:  # division by zero, a value beyond the bound
                errors.append(evaluation_failed(item, c))
                out.append(False)
    if errors:
        raise EvaluationError(errors)
    return out

