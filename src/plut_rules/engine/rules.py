"""Deciding: the first in-scope rule that holds decides each consultant (contract §2.3).

:func:`decide_all` scores and matches a list of consultants: on the float fast path
(:mod:`plut_rules.engine.fast`) when nothing is to be explained, exactly otherwise or
when a float result is too close to call; the rules are matched by the built-in
evaluator or, with ``backend="durable"``, by durable_rules
(:mod:`plut_rules.engine.durable`), which the built-in trace then follows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from plut_rules.engine.columns import decide_columns
from plut_rules.engine.explain_columns import Explained
from plut_rules.engine.fast import plan_for
from plut_rules.engine.gather import NO_ACHIEVEMENTS, achieved_of
from plut_rules.engine.scoring import Measured, measure
from plut_rules.errors import EvaluationError, Problem
from plut_rules.lang import ComputedOutOfRange
from plut_rules.model import (
    Achievement,
    Consultant,
    Deferred,
    Field,
    FrozenMap,
    IndicatorResult,
    Policy,
    TraceStep,
)
from plut_rules.policy import CompiledRule, Runtime
from plut_rules.wording import say

if TYPE_CHECKING:
    from plut_rules.engine.durable import Verdict

__all__ = [
    "BACKENDS",
    "Backend",
    "Explanation",
    "ExplanationPart",
    "LazyExact",
    "Scored",
    "decide_all",
    "defer_explanations",
    "match_rules",
]

#: What can match a policy's rules (``evaluate(..., backend=...)``).
Backend = Literal["builtin", "durable"]
BACKENDS: tuple[Backend, ...] = ("builtin", "durable")


#: No explanation (a consultant explained later, or not at all).
_NONE: Explained = ((), ())


class Scored:
    """A consultant after scoring and rule matching, before placement.

    ``exact_score`` is the exact score, or a :class:`LazyExact` computing it when the
    consultant was decided on the fast path; ``indicators`` and ``trace`` are tuples or
    :class:`ExplanationPart` (deferred).
    """

    __slots__ = ("compiled", "consultant", "exact_score", "field", "indicators", "score", "trace")

    def __init__(self, consultant: Consultant, field: Field, score: Fraction, exact_score: Any,
                 compiled: CompiledRule, indicators: tuple[IndicatorResult, ...] | Deferred,
                 trace: tuple[TraceStep, ...] | Deferred) -> None:
        self.consultant = consultant
        self.field = field
        self.score = score
        self.exact_score = exact_score
        self.compiled = compiled
        self.indicators = indicators
        self.trace = trace


class ColumnScored(Scored):
    """A consultant decided on the column path: its own exact score, computed when asked
    for (``exact_score`` is the record itself, a zero-argument callable, as
    :class:`LazyExact`; one object per consultant instead of two)."""

    __slots__ = ("context",)

    def __init__(self, consultant: Consultant, field: Field, score: Fraction,
                 compiled: CompiledRule, indicators: Any, trace: Any,
                 context: tuple[Policy, Runtime, list[str], Mapping[str, Any]]) -> None:
        self.consultant = consultant
        self.field = field
        self.score = score
        self.exact_score = self
        self.compiled = compiled
        self.indicators = indicators
        self.trace = trace
        self.context = context

    def __call__(self) -> Fraction:
        policy, runtime, field_ids, by_consultant = self.context
        given = achieved_of(by_consultant, self.consultant.id)
        return measure(policy, runtime, self.field, field_ids, self.consultant, given,
                       False).exact_score

    def __reduce__(self) -> tuple[Any, tuple[Fraction]]:
        # pickled as the value (a decision holds it as its exact score)
        return (Fraction, (self(),))


class LazyExact:
    """The exact score of a consultant decided on the fast path, computed when asked for.

    Built with the arguments of :func:`~plut_rules.engine.scoring.measure` but ``explain``,
    with every consultant's achievements by indicator (``by_consultant``) in place of
    this one's (looked up when asked for).
    """

    __slots__ = ("args",)

    def __init__(self, *args: Any) -> None:
        self.args = args

    def __call__(self) -> Fraction:
        policy, runtime, field, field_ids, c, by_consultant = self.args
        given = achieved_of(by_consultant, c.id)
        return measure(policy, runtime, field, field_ids, c, given, False).exact_score

    def __reduce__(self) -> tuple[Any, tuple[Fraction]]:
        # pickled as the value: the policy's compiled runtime is not picklable
        return (Fraction, (self(),))


class Explaining:
    """What every deferred explanation of one evaluation shares: the policy, and the last
    explanation built (a decision's indicators and trace are usually read together)."""

    __slots__ = ("field_ids", "last", "policy", "runtime")

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.runtime: Runtime = policy._compiled
        self.field_ids = [f.id for f in policy.fields]
        self.last: tuple[Explanation, Any] | None = None


class Explanation:
    """One consultant's explanation, built exactly (as the exact path explains) when read.

    It keeps only references to what the evaluation holds anyway (the consultant, their
    achievements, the deciding rule), so an explained result stays small until read.
    """

    __slots__ = ("compiled", "consultant", "context", "field", "given")

    def __init__(self, context: Explaining, consultant: Consultant, field: Field,
                 given: Mapping[str, Achievement], compiled: CompiledRule) -> None:
        self.context = context
        self.consultant = consultant
        self.field = field
        self.given = given
        self.compiled = compiled

    def build(self) -> tuple[tuple[IndicatorResult, ...], tuple[TraceStep, ...]]:
        """The indicators and the trace."""
        ctx = self.context
        last = ctx.last
        if last is not None and last[0] is self:
            return last[1]  # type: ignore[no-any-return]
        m = measure(ctx.policy, ctx.runtime, self.field, ctx.field_ids, self.consultant,
                    self.given, True)
        explained = match_rules(ctx.runtime, m, True, [])
        assert explained is not None and explained.compiled is self.compiled
        built: tuple[tuple[IndicatorResult, ...], tuple[TraceStep, ...]] = (
            explained.indicators, explained.trace)  # type: ignore[assignment]  # eager: tuples
        ctx.last = (self, built)
        return built


class ExplanationPart(Deferred):
    """:attr:`~plut_rules.model.Decision.indicators` (``part`` 0) or ``trace`` (1) of an
    :class:`Explanation`."""

    __slots__ = ("explanation", "part")

    def __init__(self, explanation: Explanation, part: int) -> None:
        self.explanation = explanation
        self.part = part

    def value(self) -> Any:
        return self.explanation.build()[self.part]


def defer_explanations(policy: Policy, scored: list[Scored],
                       by_consultant: Mapping[str, dict[str, Achievement]]) -> None:
    """Give every scored consultant an explanation built when read (in place)."""
    context = Explaining(policy)
    for s in scored:
        explanation = Explanation(context, s.consultant, s.field,
                                  by_consultant.get(s.consultant.id, NO_ACHIEVEMENTS), s.compiled)
        s.indicators = ExplanationPart(explanation, 0)
        s.trace = ExplanationPart(explanation, 1)


def decide_all(
    policy: Policy,
    consultants: Sequence[Consultant],
    by_consultant: Mapping[str, dict[str, Achievement]],
    *,
    explain: bool,
    backend: Backend,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Scored]:
    """Score and match every consultant (in the order given); raise EvaluationError.

    ``by_consultant`` maps a consultant id to their achievements by indicator;
    ``progress``, when given, is called as ``progress("score", done, total)``.
    With the built-in backend the roster is decided column-wise
    (:mod:`plut_rules.engine.columns`), the consultants close to a boundary exactly,
    and explanations are deferred until read; with durable_rules, one by one as before.
    """
    runtime: Runtime = policy._compiled
    field_ids = [f.id for f in policy.fields]
    fields = {f.id: f for f in policy.fields}
    total = len(consultants)
    found: list[Scored | None] = [None] * total
    # explanations built in bulk by the column path, by index (the rest are deferred)
    explained: dict[int, Explained] | None = {} if explain and backend == "builtin" else None
    if backend == "builtin":
        plan = plan_for(policy)
        scores, make_score = plan.scores, plan.score
        context = (policy, runtime, field_ids, by_consultant)
        for index, hundredths, compiled in decide_columns(policy, consultants, by_consultant,
                                                          explained):
            c = consultants[index]
            field = fields[c.field]
            indicators, trace = explained.get(index, _NONE) if explained else _NONE
            found[index] = ColumnScored(
                c, field, scores.get(hundredths) or make_score(hundredths), compiled,
                indicators, trace, context)
    done = total - found.count(None)
    if progress is not None:  # one call per consultant, as the exact path makes them
        for n in range(1, done + 1):
            progress("score", n, total)
    eager = explain and backend != "builtin"
    slow: list[tuple[int, Measured]] = []
    for index, s in enumerate(found):
        if s is not None:
            continue
        c = consultants[index]
        done += 1
        if progress is not None:
            progress("score", done, total)
        slow.append((index, measure(policy, runtime, fields[c.field], field_ids, c,
                                    by_consultant.get(c.id, NO_ACHIEVEMENTS), eager)))
    verdicts: list[Verdict] | list[None] = [None] * len(slow)
    if backend == "durable":
        from plut_rules.engine.durable import rules_backend

        verdicts = rules_backend(runtime, policy.sha256).decide(
            [(m.field.id, m.consultant.unit, m.values) for _, m in slow])
    errors: list[Problem] = []
    failed = False
    for (index, m), verdict in zip(slow, verdicts, strict=True):
        result = match_rules(runtime, m, eager, errors, verdict)
        if result is None:
            failed = True
        else:
            found[index] = result
    if errors:
        raise EvaluationError(errors)
    assert not failed
    scored: list[Scored] = found  # type: ignore[assignment]  # every one is decided now
    if explained is not None:
        defer_explanations(policy, [s for index, s in enumerate(scored)
                                    if index not in explained], by_consultant)
    return scored


def _evaluation_failed(c: Consultant, compiled: CompiledRule, exc: ArithmeticError) -> Problem:
    """The problem of a condition that cannot be evaluated for ``c``."""
    if isinstance(exc, ComputedOutOfRange):
        return Problem.worded(
            "computed-out-of-range",
            say("engine.too_large", id=c.id, rule=repr(compiled.rule.id),
                when=repr(compiled.rule.when)),
            compiled.rule.source, f"rules.{compiled.rule.id}.when")
    return Problem.worded(
        "division-by-zero",
        say("engine.division_by_zero", id=c.id, rule=repr(compiled.rule.id),
            when=repr(compiled.rule.when)),
        compiled.rule.source, f"rules.{compiled.rule.id}.when")


def _failure_of(compiled: CompiledRule, values: Any) -> ArithmeticError:
    """Why the condition of ``compiled`` fails for ``values`` (another backend said it does)."""
    assert compiled.condition is not None
    try:
        compiled.condition.evaluate(values)
    except ArithmeticError as exc:
        return exc
    raise AssertionError(f"rule {compiled.rule.id!r} was said to fail but evaluates")


def match_rules(
    runtime: Runtime,
    m: Measured,
    explain: bool,
    errors: list[Problem],
    verdict: Verdict | None = None,
) -> Scored | None:
    """Try the rules in order; with a ``verdict`` (another backend's), only trace it.

    Returns the decided consultant, or None after appending the problem (undecided,
    division by zero) to ``errors``; the trace is kept only with ``explain``.
    """
    c, field, values = m.consultant, m.field, m.values
    trace: list[TraceStep] = []
    decided: CompiledRule | None = None
    for compiled in runtime.rules_for(field.id, c.unit):
        if verdict is not None:
            if verdict.rule is compiled and verdict.division_by_zero:
                errors.append(_evaluation_failed(c, compiled, _failure_of(compiled, values)))
                return None
            holds = verdict.rule is compiled
            read: dict[str, Any] = {}
            if explain and compiled.condition is not None:
                read = {name: values[name] for name in compiled.condition.variables}
        elif compiled.condition is None:
            holds = bool(compiled.constant)
            read = {}
        else:
            try:
                holds = compiled.condition.evaluate(values) is True
            except ArithmeticError as exc:  # division by zero, a value beyond the bound
                errors.append(_evaluation_failed(c, compiled, exc))
                return None
            read = {name: values[name] for name in compiled.condition.variables} if explain else {}
        if explain:
            trace.append(TraceStep(compiled.rule.id, str(compiled.rule.when).lower()
                                   if isinstance(compiled.rule.when, bool) else compiled.rule.when,
                                   FrozenMap(read), holds, compiled.rule.source))
        if holds:
            decided = compiled
            break
    if decided is None:
        if verdict is not None and verdict.rule is not None:
            raise AssertionError(f"backend chose rule {verdict.rule.rule.id!r} out of scope")
        errors.append(Problem.worded(
            "undecided", say("engine.undecided", id=c.id, field=field.id, unit=c.unit),
            c.location, "rules"))
        return None
    return Scored(c, field, m.score, m.exact_score, decided, m.indicators, tuple(trace))
