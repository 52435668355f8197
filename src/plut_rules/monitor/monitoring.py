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

import os
import weakref
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from plut_rules.engine import durable as db
from plut_rules.errors import (
    DataError,
    EvaluationError,
    Location,
    PolicyError,
    Problem,
    did_you_mean,
    sort_problems,
)
from plut_rules.exact import decimal_text, to_exact
from plut_rules.lang import Value
from plut_rules.model import Consultant, FrozenMap, Policy
from plut_rules.policy.monitoring_section import CompiledWarning, Monitoring

__all__ = [
    "EarlyWarning",
    "Monitor",
    "MonthlyReport",
    "monitoring_of",
    "read_monthly_reports",
    "variables",
]

Backend = Literal["durable", "builtin"]
MONTHS = 12


@attrs.frozen
class MonthlyReport:
    """One consultant's achievement on one indicator in one month (1-12), not cumulative."""

    consultant: str
    month: int
    indicator: str
    achievement: Fraction = attrs.field(converter=to_exact)
    location: Location | None = attrs.field(default=None, eq=False)


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


def monitoring_of(policy: Policy) -> Monitoring | None:
    """The policy's validated ``monitoring:`` section, or None when it has none."""
    section: Monitoring | None = policy._compiled.monitoring
    return section


# --------------------------------------------------------------------------- variables


@attrs.frozen
class _Item:
    """One evaluation: warning ``j`` for a consultant (and an indicator)."""

    j: int
    consultant: Consultant
    indicator: str | None
    in_scope: bool
    values: Mapping[str, Value]


def _ratio(projected: Fraction, target: Fraction, lower: bool, cap: Fraction) -> Fraction:
    if not lower:
        return projected / target
    return cap if projected == 0 else target / projected


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
        ratio = _ratio(projected, ind.target, ind.direction == "lower", field.cap)
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


def _items(policy: Policy, section: Monitoring, consultant: Consultant,
           reports: Sequence[MonthlyReport], month: int) -> list[_Item]:
    field = policy.field(consultant.field)
    assert field is not None
    base = variables(policy, section, consultant, reports, month)
    items: list[_Item] = []
    for j, c in enumerate(section.warnings):
        scope = c.warning.applies_to(field.id, consultant.unit)
        if c.warning.per == "consultant":
            items.append(_Item(j, consultant, None, scope, base))
            continue
        for ind in field.indicators:
            values = variables(policy, section, consultant, reports, month, ind.id)
            items.append(_Item(j, consultant, ind.id, scope, values))
    return items


def _division_by_zero(item: _Item, c: CompiledWarning) -> Problem:
    return Problem(
        "division-by-zero",
        f"consultant {item.consultant.id}: warning {c.warning.id!r} divides by zero in "
        f"{c.warning.when!r}; guard the division (e.g. x > 0 and ...)",
        c.warning.source, f"monitoring.warnings.{c.warning.id}.when")


def _reference(section: Monitoring, items: Sequence[_Item]) -> list[bool]:
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
            except ZeroDivisionError:
                errors.append(_division_by_zero(item, c))
                out.append(False)
    if errors:
        raise EvaluationError(errors)
    return out


# --------------------------------------------------------------------------- durable


class _DurableWarnings(db._HostedRuleset):
    """A policy's warnings compiled into one durable_rules ruleset on a Host of its own.

    Each event is one (consultant, warning ``j`` [, indicator]); warning ``j``
    becomes rule ``NNNN-<id>`` (salience ``2j + 2``) testing ``w == j``, the
    scope and the condition, with a division-by-zero rule (``2j + 1``) as in
    the rules backend, and a last catch-all ``quiet`` so that every event
    fires exactly one action.
    """

    def __init__(self, section: Monitoring, policy_sha256: str) -> None:
        self.section = section
        self.name = f"plut_mon_{policy_sha256[:16]}_{next(db._SEQUENCE)}"
        compiler = db._Compiler(frozenset({"field", "unit", "indicator"}))
        definition: dict[str, Any] = {}
        self.leaves: list[tuple[db._Leaf, ...]] = []
        for j, c in enumerate(section.warnings):
            w = c.warning
            parts: list[dict[str, Any]] = [{"w": j}]
            if w.fields is not None:
                parts.append(db._or([{"field": f} for f in w.fields]))
            if w.units is not None:
                parts.append(db._or([{"unit": u} for u in w.units]))
            scope = db._and(parts)
            first = len(compiler.leaves)
            reached: list[tuple[db._Leaf, dict[str, Any]]] = []
            if c.condition is None:
                when = db._ALWAYS if c.constant else db._NEVER
            else:
                when = compiler.build(c.condition.root, False)
                compiler.reached(c.condition.root, db._ALWAYS, reached)
            own = tuple(compiler.leaves[first:])
            self.leaves.append(own)
            properties = 7 + sum(2 if leaf.numeric else 1 for leaf in own)
            if properties > db._MAX_PROPERTIES:
                raise PolicyError([Problem(
                    "durable-too-large",
                    f"warning {w.id!r} has {len(own)} comparisons: durable_rules accepts at "
                    f"most {db._MAX_PROPERTIES} values per event; simplify the warning",
                    w.source, f"monitoring.warnings.{w.id}.when")])
            definition[f"{j:04d}-{w.id}"] = {"all": [{"m": db._and([scope, when])}],
                                             "pri": 2 * j + 2, "run": self._action("hold")}
            failing = [db._and([reach, {f"e{leaf.key}": 1}])
                       for leaf, reach in reached if leaf.may_fail]
            if failing:
                definition[f"{j:04d}-{w.id}.division-by-zero"] = {
                    "all": [{"m": db._and([scope, db._or(failing)])}], "pri": 2 * j + 1,
                    "run": self._action("error")}
        definition["quiet"] = {"all": [{"m": db._ALWAYS}],
                               "pri": 2 * len(section.warnings) + 2,
                               "run": self._action("quiet")}
        self._start(definition)

    def event(self, event_id: int, sid: str, item: _Item) -> dict[str, Any]:
        """The event posted for one item: its scope keys and its warning's leaves."""
        field = item.values["field"]
        out: dict[str, Any] = {"id": event_id, "sid": sid, "t": 1, "w": item.j,
                               "field": field, "unit": item.values["unit"]}
        if item.indicator is not None:
            out["indicator"] = item.indicator
        if not item.in_scope:
            return out  # the scope test fails in durable; the leaves may not even exist
        db._post_leaves(self.leaves[item.j], item.values, out)
        return out

    def holds(self, items: Sequence[_Item]) -> list[bool]:
        """Which items hold, decided by durable_rules (events posted in chunks)."""
        out: list[bool] = []
        errors: list[Problem] = []
        for start in range(0, len(items), db.CHUNK):
            chunk = items[start:start + db.CHUNK]
            for item, outcome in zip(chunk, self._chunk(chunk), strict=True):
                if outcome == "error":
                    errors.append(_division_by_zero(item, self.section.warnings[item.j]))
                out.append(outcome == "hold")
        if errors:
            raise EvaluationError(errors)
        return out

    def _chunk(self, chunk: Sequence[_Item]) -> list[str]:
        fired = self._post(lambda sid: [self.event(i, sid, item)
                                        for i, item in enumerate(chunk)])
        return [fired[i] for i in range(len(chunk))]


_COMPILED: weakref.WeakKeyDictionary[Any, _DurableWarnings] = weakref.WeakKeyDictionary()


def _durable(policy: Policy, section: Monitoring) -> _DurableWarnings:
    """The durable ruleset of a policy's warnings, built on first use (one Host per policy)."""
    runtime = policy._compiled
    with db._LOCK:
        found = _COMPILED.get(runtime)
        if found is None:
            found = _DurableWarnings(section, policy.sha256)
            _COMPILED[runtime] = found
        return found


# --------------------------------------------------------------------------- the monitor


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
            raise PolicyError([Problem(
                "no-monitoring",
                "the policy has no 'monitoring:' section; add one with the warnings to raise "
                "(see docs/policy-format.md)", self.policy.locations.get(""), "monitoring")])
        problems: list[Problem] = []
        seen: set[str] = set()
        for c in self.consultants:
            if c.id in seen:
                problems.append(Problem("duplicate-consultant",
                                        f"consultant {c.id!r} is given twice; keep one",
                                        c.location, "id"))
            seen.add(c.id)
            if self.policy.field(c.field) is None:
                problems.append(Problem(
                    "unknown-field", f"consultant {c.id}: unknown field {c.field!r}",
                    c.location, "field",
                    suggestion=did_you_mean(c.field, [f.id for f in self.policy.fields])))
            if self.policy.unit(c.unit) is None:
                problems.append(Problem(
                    "unknown-unit", f"consultant {c.id}: unknown unit {c.unit!r}",
                    c.location, "unit",
                    suggestion=did_you_mean(c.unit, [u.id for u in self.policy.units])))
        if problems:
            raise DataError(problems)
        if self.backend == "durable":
            section = monitoring_of(self.policy)
            assert section is not None
            _durable(self.policy, section)  # compile now: a too-large policy fails here

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
            problems.append(Problem(
                "unknown-consultant",
                f"report for unknown consultant {report.consultant!r}; add them to the "
                "consultants file or correct the id", where, "consultant",
                suggestion=did_you_mean(report.consultant, ids)))
        else:
            field = self.policy.field(consultant.field)
            assert field is not None
            if field.indicator(report.indicator) is None:
                names = [i.id for i in field.indicators]
                problems.append(Problem(
                    "unknown-indicator",
                    f"consultant {consultant.id}: field {field.id!r} has no indicator "
                    f"{report.indicator!r}; its indicators: {', '.join(names)}", where,
                    "indicator", suggestion=did_you_mean(report.indicator, names)))
        if not 1 <= report.month <= MONTHS:
            problems.append(Problem(
                "bad-month", f"month {report.month} is not a month; write 1 to 12", where,
                "month"))
        if report.achievement < 0:
            problems.append(Problem(
                "out-of-range", f"achievement {decimal_text(report.achievement)} must be >= 0 "
                "(write 0 if nothing was achieved)", where, "achievement"))
        earlier = self._state.reports.get(_key(report))
        if earlier is not None:
            first = f" (first at {earlier.location})" if earlier.location is not None else ""
            problems.append(Problem(
                "duplicate-report",
                f"consultant {report.consultant}: month {report.month}, indicator "
                f"{report.indicator!r} is already reported{first}; keep one report", where,
                "indicator"))
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
        items: list[_Item] = []
        for c in affected:
            items += _items(self.policy, section, c, state.by_consultant.get(c.id, []),
                            state.month)
        if self.backend == "durable":
            holds = _durable(self.policy, section).holds(items)
        else:
            holds = _reference(section, items)
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


def _warning(c: CompiledWarning, item: _Item, month: int) -> EarlyWarning:
    w = c.warning
    read: dict[str, Any] = {}
    if c.condition is not None:
        read = {name: item.values[name] for name in c.condition.variables}
    when = str(w.when).lower() if isinstance(w.when, bool) else w.when
    return EarlyWarning(w.id, item.consultant.id, item.consultant.unit, item.consultant.field,
                        month, item.indicator, w.severity, w.message, when, FrozenMap(read),
                        w.source)


# --------------------------------------------------------------------------- files


def read_monthly_reports(
    path: str | os.PathLike[str], *, display: str | None = None
) -> tuple[list[MonthlyReport], list[Problem]]:
    """Read a file of monthly reports (``consultant, month, indicator, achievement``).

    The same reader and number rules as the achievements file (CSV with ``,``
    or ``;``, XLSX, JSON); every problem with its ``FILE:ROW``.  Checks that
    need the policy and roster (unknown consultant or indicator, duplicates)
    are :meth:`Monitor.check`'s.
    """
    from plut_rules.readers import tables as _io

    data, fmt, file, problems = _io._read_file(path, display)
    if data is None or fmt is None:
        return [], problems
    table = _io._parse_table(data, file, fmt, _SCHEMA, problems)
    out: list[MonthlyReport] = []
    if table is None:
        return out, list(sort_problems(problems))
    _, example = _io._point_name(table.style)
    for row in table.rows:
        r = _Reader(table, row, problems)
        consultant = r.text("consultant")
        month = r.number("month", True, "the month as a whole number from 1 to 12")
        indicator = r.text("indicator")
        value = r.number("achievement", True,
                         f"that month's achievement as a number such as {example} (0 if none)")
        if month is not None and (month.denominator != 1 or not 1 <= month <= MONTHS):
            r.fail("bad-month", f"'month' is {decimal_text(month)}; write the month as a whole "
                   "number from 1 to 12", "month", r.loc_of("month"))
        if value is not None and value < 0:
            r.fail("out-of-range", f"'achievement' is {decimal_text(value)}; an achievement "
                   "must be >= 0 (write 0 if nothing was achieved)", "achievement",
                   r.loc_of("achievement"))
        if not r.ok or month is None or value is None:
            continue
        out.append(MonthlyReport(consultant, int(month), indicator, value, row.loc))
    return out, list(sort_problems(problems))


def _schema() -> Any:
    from plut_rules.readers import tables as _io

    return _io._Schema("monthly reports", "monthly report",
                       ("consultant", "month", "indicator", "achievement"), (), None,
                       ("monthly", "bulanan"), "consultants")


def _reader_class() -> Any:
    from plut_rules.readers import tables as _io

    class Reader(_io._RowReader):
        """The achievements reader, knowing the 'month' column."""

        def cell(self, column: str, required: bool) -> Any:
            if column != "month":
                return super().cell(column, required)
            cell = self.row.cells.get(column)
            if cell is None or cell.kind == "empty":
                if cell is None and (column in self.table.missing or self.table.broken):
                    self.ok = False
                elif required:
                    self.fail("missing-value", "'month' is empty; write the month as a whole "
                              "number from 1 to 12", column,
                              cell.loc if cell is not None else None)
                return None
            return cell

    return Reader


_SCHEMA = _schema()
_Reader = _reader_class()
