"""Mid-year monitoring: monthly reports in, early warnings (peringatan dini) out.

A :class:`Monitor` holds one policy's ``monitoring:`` section and a roster of
consultants.  Monthly reports (:class:`MonthlyReport`: consultant, month,
indicator, that month's achievement) are fed one at a time; after each, the
variables of every consultant the report changes are posted to durable_rules
as events (one per consultant and warning, and per indicator for
``per: indicator`` warnings) and the warnings that hold are raised.

The state after a set of reports depends only on the set, never on the order
in which it was fed: ``month`` is the latest month seen in any report, and
every variable is computed from all reports fed so far.  So
:meth:`Monitor.warnings` after feeding a set of reports is the same in any
order, and the same on ``backend="builtin"`` (a plain-Python reference that
evaluates the conditions directly) as on ``backend="durable"``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from plut_rules.errors import DataError, Location, PolicyError, Problem, did_you_mean
from plut_rules.exact import decimal_text
from plut_rules.model import Consultant, FrozenMap, Policy
from plut_rules.monitor.durable_warnings import durable_warnings
from plut_rules.monitor.month_variables import (
    WarningItem,
    monitoring_of,
    reference_holds,
    warning_items,
)
from plut_rules.monitor.reports import MONTHS, MonthlyReport
from plut_rules.policy import CompiledWarning
from plut_rules.wording import say

__all__ = ["Backend", "EarlyWarning", "Monitor"]

Backend = Literal["durable", "builtin"]


@attrs.frozen
class EarlyWarning:
    """A warning that holds for a consultant, explained like a decision.

    ``values`` are the variables its condition read; ``source`` is where the
    warning's ``id`` is written in the policy; ``month`` is the latest month
    seen; ``indicator`` is set for ``per: indicator`` warnings.
    """

    warning: str
    consultant: str
    unit: str
    field: str
    month: int
    indicator: str | None
    severity: str
    message: str | None
    when: str
    values: FrozenMap[Any]
    source: Location | None = attrs.field(eq=False)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data: numbers as JSON numbers (exact decimals up to 4 places)."""
        return {
            "warning": self.warning, "consultant": self.consultant, "unit": self.unit,
            "field": self.field, "month": self.month, "indicator": self.indicator,
            "severity": self.severity, "message": self.message, "when": self.when,
            "values": {k: _json_value(v) for k, v in self.values.items()},
            "source": _source_text(self.source),
        }

    def text(self) -> str:
        """One line: who, which warning, and the values it read."""
        who = self.consultant + (f" / {self.indicator}" if self.indicator else "")
        read = ", ".join(f"{k} = {_shown(v)}" for k, v in self.values.items())
        line = (f"[{self.severity}] {who}: {self.warning} (bulan {self.month}): {self.when}"
                + (f" [{read}]" if read else "") + f" — {_source_text(self.source)}")
        if self.message:
            line += f"\n    {self.message}"
        return line


def _source_text(loc: Location | None) -> str | None:
    if loc is None:
        return None
    return f"{loc.file}:{loc.line}" if loc.line is not None else loc.file


def _shown(value: Any) -> str:
    if isinstance(value, Fraction):
        return decimal_text(value, 4) if value.denominator != 1 else decimal_text(value)
    return repr(value) if isinstance(value, str) else str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return int(value)
        return float(decimal_text(value, 4))
    return value


@attrs.define
class _State:
    reports: dict[tuple[str, int, str], MonthlyReport] = attrs.Factory(dict)
    by_consultant: dict[str, list[MonthlyReport]] = attrs.Factory(dict)
    month: int = 0
    current: dict[tuple[str, int, str], EarlyWarning] = attrs.Factory(dict)


def _consultants_converter(value: Iterable[Consultant]) -> tuple[Consultant, ...]:
    return tuple(sorted(value, key=lambda c: c.id))


@attrs.frozen
class Monitor:
    """Early warnings for one policy and roster, fed monthly reports one at a time.

    The configuration (``policy``, ``consultants``, ``backend``) is frozen;
    the reports fed so far are the monitor's only state.  Raises
    :class:`~plut_rules.errors.PolicyError` when the policy has no
    ``monitoring:`` section, :class:`~plut_rules.errors.DataError` when a
    consultant's unit or field is not in the policy.
    """

    policy: Policy
    consultants: tuple[Consultant, ...] = attrs.field(converter=_consultants_converter)
    backend: Backend = "durable"
    _state: _State = attrs.field(factory=_State, init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.backend not in ("durable", "builtin"):
            raise ValueError(f"unknown backend {self.backend!r}; choose one of: builtin, durable")
        if monitoring_of(self.policy) is None:
            raise PolicyError([Problem.worded(
                "no-monitoring", say("monthly.no_monitoring"), self.policy.locations.get(""),
                "monitoring")])
        problems: list[Problem] = []
        seen: set[str] = set()
        for c in self.consultants:
            if c.id in seen:
                problems.append(Problem.worded(
                    "duplicate-consultant", say("monthly.duplicate_consultant", id=repr(c.id)),
                    c.location, "id"))
            seen.add(c.id)
            if self.policy.field(c.field) is None:
                problems.append(Problem.worded(
                    "unknown-field", say("monthly.unknown_field", id=c.id, field=repr(c.field)),
                    c.location, "field",
                    suggestion=did_you_mean(c.field, [f.id for f in self.policy.fields])))
            if self.policy.unit(c.unit) is None:
                problems.append(Problem.worded(
                    "unknown-unit", say("monthly.unknown_unit", id=c.id, unit=repr(c.unit)),
                    c.location, "unit",
                    suggestion=did_you_mean(c.unit, [u.id for u in self.policy.units])))
        if problems:
            raise DataError(problems)
        if self.backend == "durable":
            section = monitoring_of(self.policy)
            assert section is not None
            durable_warnings(self.policy, section)  # compile now: a too-large policy fails here

    @property
    def month(self) -> int:
        """The latest month seen in any report fed (0 before the first)."""
        return self._state.month

    def check(self, report: MonthlyReport) -> list[Problem]:
        """Every problem of ``report`` against the policy, the roster and the reports fed."""
        problems: list[Problem] = []
        where = report.location
        consultant = self._consultant(report.consultant)
        if consultant is None:
            ids = [c.id for c in self.consultants]
            problems.append(Problem.worded(
                "unknown-consultant",
                say("monthly.unknown_consultant", id=repr(report.consultant)), where,
                "consultant",
                suggestion=did_you_mean(report.consultant, ids)))
        else:
            field = self.policy.field(consultant.field)
            assert field is not None
            if field.indicator(report.indicator) is None:
                names = [i.id for i in field.indicators]
                problems.append(Problem.worded(
                    "unknown-indicator",
                    say("engine.unknown_indicator", id=consultant.id, field=repr(field.id),
                        indicator=repr(report.indicator), indicators=", ".join(names)), where,
                    "indicator", suggestion=did_you_mean(report.indicator, names)))
        if not 1 <= report.month <= MONTHS:
            problems.append(Problem.worded(
                "bad-month", say("monthly.bad_month", month=report.month), where, "month"))
        if report.achievement < 0:
            problems.append(Problem.worded(
                "out-of-range", say("monthly.negative", value=decimal_text(report.achievement)),
                where, "achievement"))
        earlier = self._state.reports.get(_key(report))
        if earlier is not None:
            first = (say("engine.first_at", where=str(earlier.location))
                     if earlier.location is not None else "")
            problems.append(Problem.worded(
                "duplicate-report",
                say("monthly.duplicate_report", id=report.consultant, month=report.month,
                    indicator=repr(report.indicator), first=first), where, "indicator"))
        return problems

    def feed(self, report: MonthlyReport) -> tuple[EarlyWarning, ...]:
        """Take one monthly report; the warnings it newly raised, in warning order.

        Raises :class:`~plut_rules.errors.DataError` (and keeps nothing) when
        the report is invalid or already fed.
        """
        problems = self.check(report)
        if problems:
            raise DataError(problems)
        state = self._state
        state.reports[_key(report)] = report
        state.by_consultant.setdefault(report.consultant, []).append(report)
        if report.month > state.month:
            state.month = report.month
            affected = list(self.consultants)
        else:
            found = self._consultant(report.consultant)
            assert found is not None
            affected = [found]
        return self._update(affected)

    def feed_all(self, reports: Iterable[MonthlyReport]) -> tuple[EarlyWarning, ...]:
        """Feed reports in order; every warning raised on the way that still holds."""
        raised: dict[tuple[str, int, str], None] = {}
        for report in reports:
            for w in self.feed(report):
                raised[_warning_key(self, w)] = None
        return tuple(self._state.current[k] for k in sorted(raised, key=self._order)
                     if k in self._state.current)

    def warnings(self) -> tuple[EarlyWarning, ...]:
        """Every warning that holds after the reports fed so far, by consultant, then warning."""
        current = self._state.current
        return tuple(current[k] for k in sorted(current, key=self._order))

    # ------------------------------------------------------------------ internals

    def _order(self, key: tuple[str, int, str]) -> tuple[str, int, int]:
        consultant, j, indicator = key
        if not indicator:
            return consultant, j, -1
        found = self._consultant(consultant)
        field = self.policy.field(found.field) if found is not None else None
        ids = [i.id for i in field.indicators] if field is not None else []
        return consultant, j, ids.index(indicator) if indicator in ids else len(ids)

    def _consultant(self, consultant_id: str) -> Consultant | None:
        for c in self.consultants:
            if c.id == consultant_id:
                return c
        return None

    def _update(self, affected: Sequence[Consultant]) -> tuple[EarlyWarning, ...]:
        section = monitoring_of(self.policy)
        assert section is not None
        state = self._state
        items: list[WarningItem] = []
        for c in affected:
            items += warning_items(self.policy, section, c, state.by_consultant.get(c.id, []),
                                   state.month)
        if self.backend == "durable":
            holds = durable_warnings(self.policy, section).holds(items)
        else:
            holds = reference_holds(section, items)
        ids = {c.id for c in affected}
        before = {k for k in state.current if k[0] in ids}
        for k in before:
            del state.current[k]
        for item, held in zip(items, holds, strict=True):
            if held:
                w = _warning(section.warnings[item.j], item, state.month)
                state.current[(item.consultant.id, item.j, item.indicator or "")] = w
        new = [k for k in state.current if k[0] in ids and k not in before]
        return tuple(state.current[k] for k in sorted(new, key=self._order))


def _key(report: MonthlyReport) -> tuple[str, int, str]:
    return report.consultant, report.month, report.indicator


def _warning_key(monitor: Monitor, w: EarlyWarning) -> tuple[str, int, str]:
    section = monitoring_of(monitor.policy)
    assert section is not None
    j = next(i for i, c in enumerate(section.warnings) if c.warning.id == w.warning)
    return w.consultant, j, w.indicator or ""


def _warning(c: CompiledWarning, item: WarningItem, month: int) -> EarlyWarning:
    w = c.warning
    read: dict[str, Any] = {}
    if c.condition is not None:
        read = {name: item.values[name] for name in c.condition.variables}
    when = str(w.when).lower() if isinstance(w.when, bool) else w.when
    return EarlyWarning(w.id, item.consultant.id, item.consultant.unit, item.consultant.field,
                        month, item.indicator, w.severity, w.message, when, FrozenMap(read),
                        w.source)

