"""The engine: check a roster against a policy, score, apply the rules, place.

:func:`evaluate` is pure: it reads a :class:`~plut_rules.model.Policy` and the
roster and returns an :class:`~plut_rules.model.Evaluation`; it keeps no state
between calls, so any number of threads may call it at once.

Evaluation has three passes, each over consultants sorted by id so that row
order never matters: (1) check the roster against the policy, reporting every
problem at once; (2) score each consultant and try the rules in order (the
first in-scope rule that holds decides); (3) per unit, place ``reassign``
candidates into open seats as the contract's placement rule says.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, Literal

import attrs

from plut_rules.engine.fast import Close, decide, plan_for
from plut_rules.errors import DataError, EvaluationError, Location, Problem, did_you_mean
from plut_rules.exact import decimal_text, round_half_away
from plut_rules.lang import Value
from plut_rules.model import (
    Achievement,
    Consultant,
    Decision,
    Evaluation,
    Field,
    FrozenMap,
    IndicatorResult,
    Outcome,
    Placement,
    Policy,
    TraceStep,
    Vacancy,
)
from plut_rules.policy.loader import CompiledRule, Runtime
from plut_rules.scorers import Score, WeightedRatio

if TYPE_CHECKING:
    from plut_rules.engine.durable import Verdict

__all__ = [
    "BACKENDS",
    "ENGINE_NAME",
    "Backend",
    "StreamedEvaluation",
    "check_roster",
    "evaluate",
    "evaluate_stream",
    "input_document",
    "input_sha256",
]

ENGINE_NAME = "plut_rules"
#: What can match a policy's rules (``evaluate(..., backend=...)``).
Backend = Literal["builtin", "durable"]
BACKENDS: tuple[Backend, ...] = ("builtin", "durable")
_ZERO = Fraction(0)


def _engine_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("plut-rules")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def _where(obj: Consultant | Achievement, kind: str, index: int) -> Location:
    return obj.location if obj.location is not None else Location(f"<{kind}>", index + 1)


def check_roster(
    policy: Policy,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    missing_as_zero: bool = False,
) -> list[Problem]:
    """Every problem of the roster against the policy (empty when it can be evaluated)."""
    problems: list[Problem] = []
    field_ids = [f.id for f in policy.fields]
    unit_ids = [u.id for u in policy.units]
    fields = {f.id: f for f in policy.fields}
    units = set(unit_ids)
    indicator_ids = {f.id: {i.id for i in f.indicators} for f in policy.fields}
    by_id: dict[str, Consultant] = {}
    for index, c in enumerate(consultants):
        where = _where(c, "consultants", index)
        if c.id in by_id:
            first = by_id[c.id].location
            problems.append(Problem(
                "duplicate-consultant",
                f"consultant id {c.id!r} appears twice"
                + (f" (first at {first})" if first else "") + "; ids must be unique",
                where, "id"))
            continue
        by_id[c.id] = c
        if c.unit not in units:
            problems.append(Problem(
                "unknown-unit", f"consultant {c.id}: unknown unit {c.unit!r}; units: "
                f"{', '.join(unit_ids)}", where, "unit", suggestion=did_you_mean(c.unit, unit_ids)))
        if fields.get(c.field) is None:
            problems.append(Problem(
                "unknown-field", f"consultant {c.id}: unknown field {c.field!r}; fields: "
                f"{', '.join(field_ids)}", where, "field",
                suggestion=did_you_mean(c.field, field_ids)))
        if c.appointed > policy.year:
            problems.append(Problem(
                "appointed-after-year",
                f"consultant {c.id}: appointed {c.appointed}, after the policy year "
                f"{policy.year}; write the year of first appointment", where, "appointed"))
        for name in c.competences:
            if fields.get(name) is None:
                problems.append(Problem(
                    "unknown-field", f"consultant {c.id}: competence for unknown field "
                    f"{name!r}", where, f"competence_{name}",
                    suggestion=did_you_mean(name, field_ids)))

    given: dict[tuple[str, str], Achievement] = {}
    for index, a in enumerate(achievements):
        where = _where(a, "achievements", index)
        key = (a.consultant, a.indicator)
        if key in given:
            first = given[key].location
            problems.append(Problem(
                "duplicate-achievement",
                f"consultant {a.consultant}: indicator {a.indicator!r} is given twice"
                + (f" (first at {first})" if first else "") + "; keep one row",
                where, "indicator"))
            continue
        given[key] = a
        consultant = by_id.get(a.consultant)
        if consultant is None:
            problems.append(Problem(
                "unknown-consultant",
                f"achievement for unknown consultant {a.consultant!r}; add them to the "
                "consultants file or correct the id", where, "consultant",
                suggestion=did_you_mean(a.consultant, by_id)))
            continue
        field = fields.get(consultant.field)
        if field is None:
            continue
        if a.indicator not in indicator_ids[field.id]:
            names = [i.id for i in field.indicators]
            problems.append(Problem(
                "unknown-indicator",
                f"consultant {a.consultant}: field {field.id!r} has no indicator "
                f"{a.indicator!r}; its indicators: {', '.join(names)}", where, "indicator",
                suggestion=did_you_mean(a.indicator, names)))
        if a.target is not None and a.target <= 0:
            problems.append(Problem(
                "out-of-range", f"consultant {a.consultant}: target must be > 0, got "
                f"{decimal_text(a.target)}; leave it empty to use the policy's target",
                where, "target"))

    for index, c in enumerate(consultants):
        field = fields.get(c.field)
        if field is None or by_id.get(c.id) is not c:
            continue
        for ind in field.indicators:
            if (c.id, ind.id) in given:
                continue
            if missing_as_zero and ind.direction == "higher":
                continue
            extra = ("" if ind.direction == "higher" else
                     " (a 'lower' indicator is never counted as 0: 0 would be full credit)")
            problems.append(Problem(
                "missing-achievement",
                f"consultant {c.id}: no achievement for indicator {ind.id!r} of field "
                f"{field.id!r}{extra}; add a row for it", _where(c, "consultants", index),
                "achievement"))
    return problems


def input_document(
    consultants: Iterable[Consultant],
    achievements: Iterable[Achievement],
    *,
    missing_as_zero: bool = False,
) -> dict[str, Any]:
    """The input as canonical plain data: rows sorted, zero competences dropped, no locations."""
    rows = [
        {"id": c.id, "name": c.name, "unit": c.unit, "field": c.field, "appointed": c.appointed,
         "competences": {k: v for k, v in c.competences.items() if v != 0}}
        for c in sorted(consultants, key=lambda c: c.id)
    ]
    ach = [
        {"consultant": a.consultant, "indicator": a.indicator, "achievement": a.achievement,
         "target": a.target}
        for a in sorted(achievements, key=lambda a: (a.consultant, a.indicator))
    ]
    return {"consultants": rows, "achievements": ach, "missing_as_zero": missing_as_zero}


def input_sha256(
    consultants: Iterable[Consultant],
    achievements: Iterable[Achievement],
    *,
    missing_as_zero: bool = False,
) -> str:
    """SHA-256 of ``canonical_json(input_document(...))``, written and hashed piece by piece.

    The same bytes as the canonical form, without building the document or the
    whole text (a million consultants' input is hundreds of megabytes of JSON).
    """
    enc = encode_basestring
    digest = hashlib.sha256()
    parts: list[str] = ['{"achievements":[']

    def flush() -> None:
        digest.update("".join(parts).encode("utf-8"))
        parts.clear()

    names: dict[str, str] = {}
    first = True
    for a in sorted(achievements, key=_achievement_key):
        indicator = names.get(a.indicator)
        if indicator is None:
            indicator = names[a.indicator] = enc(a.indicator)
        target = "null" if a.target is None else f'"{decimal_text(a.target)}"'
        parts.append(f'{"" if first else ","}{{"achievement":"{decimal_text(a.achievement)}",'
                     f'"consultant":{enc(a.consultant)},"indicator":{indicator},'
                     f'"target":{target}}}')
        first = False
        if len(parts) >= 4096:
            flush()
    parts.append('],"consultants":[')
    first = True
    for c in sorted(consultants, key=_consultant_key):
        levels = ",".join(f'{enc(str(k))}:"{decimal_text(v)}"'
                          for k, v in sorted(c.competences.items()) if v != 0)
        parts.append(f'{"" if first else ","}{{"appointed":"{c.appointed}",'
                     f'"competences":{{{levels}}},"field":{enc(c.field)},"id":{enc(c.id)},'
                     f'"name":{enc(c.name)},"unit":{enc(c.unit)}}}')
        first = False
        if len(parts) >= 4096:
            flush()
    parts.append(f'],"missing_as_zero":{"true" if missing_as_zero else "false"}}}')
    flush()
    return digest.hexdigest()


def _achievement_key(a: Achievement) -> tuple[str, str]:
    return (a.consultant, a.indicator)


def _consultant_key(c: Consultant) -> str:
    return c.id


class _Scored:
    """A consultant after scoring and rule matching, before placement."""

    __slots__ = ("compiled", "consultant", "exact_score", "field", "indicators", "score", "trace")

    def __init__(self, consultant: Consultant, field: Field, score: Fraction, exact_score: Any,
                 compiled: CompiledRule, indicators: tuple[IndicatorResult, ...],
                 trace: tuple[TraceStep, ...]) -> None:
        self.consultant = consultant
        self.field = field
        self.score = score
        self.exact_score = exact_score
        self.compiled = compiled
        self.indicators = indicators
        self.trace = trace


class _LazyExact:
    """The exact score of a consultant decided on the fast path, computed when asked for."""

    __slots__ = ("args",)

    def __init__(self, *args: Any) -> None:
        self.args = args

    def __call__(self) -> Fraction:
        policy, runtime, field, field_ids, c, given = self.args
        return _score(policy, runtime, field, field_ids, c, given, False).exact_score


def evaluate(
    policy: Policy,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    explain: bool = True,
    missing_as_zero: bool = False,
    counterfactuals: bool = False,
    backend: Backend = "builtin",
    jobs: int = 1,
    progress: Callable[[str, int, int], None] | None = None,
) -> Evaluation:
    """Evaluate a roster under a policy.

    Raises :class:`~plut_rules.errors.DataError` listing every problem of the
    roster, and :class:`~plut_rules.errors.EvaluationError` when a consultant
    is undecided or a rule divides by zero.  With ``explain=False`` the
    decisions carry no indicator details or trace (faster).  ``jobs`` > 1 scores
    and matches the roster in that many worker processes (the result is
    identical; see :func:`evaluate_stream` for a roster too large to hold).  With
    ``missing_as_zero`` a missing achievement of a ``higher`` indicator counts
    as 0 and is marked in the explanation.  With ``counterfactuals`` every
    decision other than keep carries its counterfactuals and margins
    (contract §6.1; see :mod:`plut_rules.counterfactual`).  ``progress``, when given, is
    called as ``progress(stage, done, total)`` (stages ``score`` and ``counterfactuals``),
    e.g. to drive a progress bar.

    ``backend`` chooses what matches the rules: ``"builtin"`` (the library's
    own evaluator) or ``"durable"`` (the policy compiled into a durable_rules
    ruleset, see :mod:`plut_rules.durable_backend`); both give identical
    decisions.  Scoring, placement and explanations are the same for both.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    problems = check_roster(policy, consultants, achievements, missing_as_zero=missing_as_zero)
    if problems:
        raise DataError(problems)
    by_consultant: dict[str, dict[str, Achievement]] = defaultdict(dict)
    for a in achievements:
        by_consultant[a.consultant][a.indicator] = a
    scored = _decide_jobs(policy, sorted(consultants, key=_consultant_key), by_consultant,
                          explain=explain, backend=backend, jobs=jobs, progress=progress)

    decisions, vacancies = _place(policy, scored)
    if counterfactuals:
        from plut_rules.engine.counterfactual import add_counterfactuals

        decisions = add_counterfactuals(policy, decisions, consultants, achievements,
                                        progress=progress)
    input_hash = input_sha256(consultants, achievements, missing_as_zero=missing_as_zero)
    return Evaluation(
        policy=policy,
        input_sha256=input_hash,
        decisions=tuple(decisions),
        vacancies=tuple(vacancies),
        engine_name=ENGINE_NAME,
        engine_version=_engine_version(),
        explained=explain,
    )


#: Decisions per chunk that :meth:`StreamedEvaluation.rendered` gives a worker at a time.
RENDER_CHUNK = 1000


@attrs.frozen
class StreamedEvaluation:
    """An evaluation whose decisions are built one by one, as they are read.

    ``evaluation`` carries everything but the decisions (its ``decisions`` is
    empty): the policy, the input hash, the vacancies.  :meth:`decisions`
    yields the decisions in order, each with its explanation when asked for,
    and keeps none of them, so that writing a million (``iter_json(
    streamed.evaluation, lang, streamed.decisions())``) holds one at a time.
    """

    evaluation: Evaluation
    counterfactuals: bool
    _scored: list[_Scored] = attrs.field(repr=False)
    _placed: dict[str, tuple[str | None, Placement]] = attrs.field(repr=False)
    _by_consultant: Mapping[str, dict[str, Achievement]] = attrs.field(repr=False)

    def __len__(self) -> int:
        return len(self._scored)

    def decisions(self) -> Iterator[Decision]:
        """Every decision, in consultant id order, built when it is reached."""
        return self._build(self._scored)

    def rendered(self, render: Callable[[int, Iterator[Decision]], str], *, jobs: int = 1,
                 chunk: int = RENDER_CHUNK) -> Iterator[str]:
        """``render(start, decisions)`` of each contiguous chunk of the decisions, in order.

        The decisions (in consultant id order) are cut into chunks of at most
        ``chunk``; ``start`` is the position of a chunk's first decision.  With
        ``jobs`` > 1 the chunks are built and rendered in that many forked worker
        processes, which inherit this evaluation and ``render`` (nothing is pickled on
        the way in; only the text comes back), and yielded in order as they come, so
        the text joined is the same as with one process.  Without ``fork`` (or for a
        roster under ``2 * jobs``) everything runs in this process.
        """
        import multiprocessing

        if jobs < 1:
            raise ValueError(f"jobs must be at least 1, got {jobs}")
        if chunk < 1:
            raise ValueError(f"chunk must be at least 1, got {chunk}")
        total = len(self._scored)
        size = min(chunk, max(1, -(-total // jobs)))
        starts = range(0, total, size)
        if (jobs == 1 or total < 2 * jobs
                or "fork" not in multiprocessing.get_all_start_methods()):
            for start in starts:
                yield render(start, self._build(self._scored[start:start + size]))
            return
        work = {"streamed": self, "render": render, "size": size}
        with multiprocessing.get_context("fork").Pool(
                min(jobs, len(starts)), initializer=_WORK.update, initargs=(work,)) as pool:
            yield from pool.imap(_render_chunk, starts)

    def _build(self, scored: Sequence[_Scored]) -> Iterator[Decision]:
        policy = self.evaluation.policy
        runtime: Runtime = policy._compiled
        field_ids = [f.id for f in policy.fields]
        explain = self.evaluation.explained
        for s in scored:
            if not explain and not self.counterfactuals:
                yield _decision(policy, s, self._placed)
                continue
            c = s.consultant
            m = _score(policy, runtime, s.field, field_ids, c,
                       self._by_consultant.get(c.id, {}), explain)
            explained = _decide(runtime, m, explain, [])
            assert explained is not None and explained.compiled is s.compiled
            d = _decision(policy, explained, self._placed)
            if self.counterfactuals and not (d.outcome == "keep" and d.rule_outcome == "keep"):
                from plut_rules.engine.counterfactual import decision_counterfactuals

                found, margins = decision_counterfactuals(
                    policy, c, self._by_consultant.get(c.id, {}))
                d = attrs.evolve(d, counterfactuals=found, margins=margins)
            yield d


def evaluate_stream(
    policy: Policy,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    explain: bool = True,
    missing_as_zero: bool = False,
    counterfactuals: bool = False,
    jobs: int = 1,
) -> StreamedEvaluation:
    """Like :func:`evaluate`, for rosters too large to hold every explained decision.

    Every consultant is scored and matched first (on the float fast path,
    without explanations), the seats are placed and the vacancies counted;
    each decision, with its explanation, is then built only when
    :meth:`StreamedEvaluation.decisions` reaches it.  The decisions are the
    same values :func:`evaluate` gives.  Raises what :func:`evaluate` raises.
    """
    problems = check_roster(policy, consultants, achievements, missing_as_zero=missing_as_zero)
    if problems:
        raise DataError(problems)
    by_consultant: dict[str, dict[str, Achievement]] = defaultdict(dict)
    for a in achievements:
        by_consultant[a.consultant][a.indicator] = a
    scored = _decide_jobs(policy, sorted(consultants, key=_consultant_key), by_consultant,
                          explain=False, backend="builtin", jobs=jobs)
    placed, vacancies = _placements(policy, scored)
    evaluation = Evaluation(
        policy=policy,
        input_sha256=input_sha256(consultants, achievements, missing_as_zero=missing_as_zero),
        decisions=(),
        vacancies=tuple(vacancies),
        engine_name=ENGINE_NAME,
        engine_version=_engine_version(),
        explained=explain,
    )
    return StreamedEvaluation(evaluation, counterfactuals, scored, placed, by_consultant)


# what a worker process of _decide_jobs or StreamedEvaluation.rendered reads (set in the
# worker only)
_WORK: dict[str, Any] = {}

def _render_chunk(start: int) -> str:
    streamed: StreamedEvaluation = _WORK["streamed"]
    size: int = _WORK["size"]
    render: Callable[[int, Iterator[Decision]], str] = _WORK["render"]
    return render(start, streamed._build(streamed._scored[start:start + size]))


def _decide_chunk(index: int) -> tuple[str, list[tuple[Any, ...]]]:
    policy: Policy = _WORK["policy"]
    consultants: Sequence[Consultant] = _WORK["chunks"][index]
    try:
        scored = _decide_all(policy, consultants, _WORK["by_consultant"],
                             explain=_WORK["explain"], backend=_WORK["backend"])
    except EvaluationError:
        return ("error", [])
    position = {id(c): n for n, c in enumerate(policy._compiled.rules)}
    return ("ok", [(s.score, None if callable(s.exact_score) else s.exact_score,
                    position[id(s.compiled)], s.indicators, s.trace) for s in scored])


def _decide_jobs(
    policy: Policy,
    consultants: Sequence[Consultant],
    by_consultant: Mapping[str, dict[str, Achievement]],
    *,
    explain: bool,
    backend: Backend,
    jobs: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[_Scored]:
    """:func:`_decide_all`, split over ``jobs`` forked processes when there is enough work."""
    import multiprocessing

    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if (jobs == 1 or len(consultants) < 2 * jobs
            or "fork" not in multiprocessing.get_all_start_methods()):
        return _decide_all(policy, consultants, by_consultant, explain=explain, backend=backend,
                           progress=progress)
    size = -(-len(consultants) // jobs)
    chunks = [consultants[i:i + size] for i in range(0, len(consultants), size)]
    # forked workers inherit the work (nothing is pickled on the way in); the parent's
    # _WORK stays untouched, so threads may run evaluations with jobs at once
    work = {"policy": policy, "chunks": chunks, "by_consultant": by_consultant,
            "explain": explain, "backend": backend}
    with multiprocessing.get_context("fork").Pool(
            len(chunks), initializer=_WORK.update, initargs=(work,)) as pool:
        results = pool.map(_decide_chunk, range(len(chunks)))
    if any(status == "error" for status, _ in results):
        # the same error, with every problem in order, as one process raises it
        return _decide_all(policy, consultants, by_consultant, explain=explain, backend=backend)
    runtime: Runtime = policy._compiled
    field_ids = [f.id for f in policy.fields]
    fields = {f.id: f for f in policy.fields}
    scored: list[_Scored] = []
    no_results: dict[str, Achievement] = {}
    for chunk, (_, rows) in zip(chunks, results, strict=True):
        for c, (score, known, position, indicators, trace) in zip(chunk, rows, strict=True):
            field = fields[c.field]
            exact = known if known is not None else _LazyExact(
                policy, runtime, field, field_ids, c, by_consultant.get(c.id, no_results))
            scored.append(_Scored(c, field, score, exact, runtime.rules[position], indicators,
                                  trace))
    if progress is not None:
        progress("score", len(scored), len(consultants))
    return scored


def _decide_all(
    policy: Policy,
    consultants: Sequence[Consultant],
    by_consultant: Mapping[str, dict[str, Achievement]],
    *,
    explain: bool,
    backend: Backend,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[_Scored]:
    """Score and match every consultant (in the order given); raise EvaluationError."""
    runtime: Runtime = policy._compiled
    field_ids = [f.id for f in policy.fields]
    fields = {f.id: f for f in policy.fields}
    plan = plan_for(policy) if backend == "builtin" and not explain else None
    no_results: dict[str, Achievement] = {}
    scored: list[_Scored] = []
    slow: list[tuple[int, _Measured]] = []
    total = len(consultants)
    for done, c in enumerate(consultants, 1):
        if progress is not None:
            progress("score", done, total)
        given = by_consultant.get(c.id, no_results)
        if plan is not None:
            try:
                hit = decide(plan, c, given)
            except Close:
                hit = None
            if hit is not None:
                fp, score, compiled = hit
                scored.append(_Scored(
                    c, fp.field, score, _LazyExact(policy, runtime, fp.field, field_ids, c, given),
                    compiled, (), ()))
                continue
        slow.append((len(scored), _score(policy, runtime, fields[c.field], field_ids, c, given,
                                         explain)))
        scored.append(None)  # type: ignore[arg-type]
    verdicts: list[Verdict] | list[None] = [None] * len(slow)
    if backend == "durable":
        from plut_rules.engine.durable import rules_backend

        verdicts = rules_backend(runtime, policy.sha256).decide(
            [(m.field.id, m.consultant.unit, m.values) for _, m in slow])
    errors: list[Problem] = []
    failed = False
    for (index, m), verdict in zip(slow, verdicts, strict=True):
        result = _decide(runtime, m, explain, errors, verdict)
        if result is None:
            failed = True
        else:
            scored[index] = result
    if errors:
        raise EvaluationError(errors)
    assert not failed
    return scored


def _ratio(achievement: Fraction, target: Fraction, lower: bool, cap: Fraction) -> Fraction:
    if not lower:
        return achievement / target
    if achievement == 0:
        return cap
    return target / achievement


@attrs.frozen
class _Measured:
    """A consultant after scoring, with the variables the rules read."""

    consultant: Consultant
    field: Field
    score: Fraction
    exact_score: Fraction
    values: dict[str, Value]
    indicators: tuple[IndicatorResult, ...]


def _score(
    policy: Policy,
    runtime: Runtime,
    field: Field,
    field_ids: list[str],
    c: Consultant,
    given: dict[str, Achievement],
    explain: bool,
) -> _Measured:
    ratios: list[Fraction] = []
    weights: list[Fraction | None] = []
    targets: list[Fraction] = []
    achieved: list[Fraction] = []
    gates_failed = 0
    cap = field.cap
    cap_n, cap_d = cap.numerator, cap.denominator
    for ind in field.indicators:
        a = given.get(ind.id)
        target = a.target if a is not None and a.target is not None else ind.target
        value = a.achievement if a is not None else _ZERO
        # exact ratios in integers: one Fraction built per ratio, compared by cross-multiplying
        if ind.direction != "lower":
            r = Fraction(value.numerator * target.denominator,
                         value.denominator * target.numerator)
        elif value.numerator == 0:
            r = cap
        else:
            r = Fraction(target.numerator * value.denominator,
                         target.denominator * value.numerator)
        minimum = ind.minimum
        if (minimum is not None
                and r.numerator * minimum.denominator < minimum.numerator * r.denominator):
            gates_failed += 1
        ratios.append(r)
        weights.append(ind.weight)
        targets.append(target)
        achieved.append(value)
    scorer = runtime.scorers[field.id]
    result: Score
    if type(scorer) is WeightedRatio:
        # 100 * sum(weight * min(r, cap)), summed in integers, one Fraction per contribution
        contributions = []
        num, den = 0, 1
        for r, w in zip(ratios, weights, strict=True):
            wn, wd = (0, 1) if w is None else (w.numerator, w.denominator)
            if r.numerator * cap_d < cap_n * r.denominator:
                cn, cd = 100 * wn * r.numerator, wd * r.denominator
            else:
                cn, cd = 100 * wn * cap_n, wd * cap_d
            contributions.append(Fraction(cn, cd))
            num, den = num * cd + cn * den, den * cd
        result = Score(Fraction(num, den), tuple(contributions))
    else:
        result = scorer.score(ratios, weights, cap)
    score = round_half_away(result.value, 2)

    values: dict[str, Value] = dict(field.thresholds)
    best = _ZERO
    for fid in field_ids:
        level = c.competences.get(fid, _ZERO)
        values[f"competence_{fid}"] = level
        if fid != field.id and level > best:
            best = level
    for ind, r in zip(field.indicators, ratios, strict=True):
        values[f"ratio_{ind.id}"] = r
    values["score"] = score
    values["gates_failed"] = Fraction(gates_failed)
    values["years_served"] = Fraction(policy.year - c.appointed)
    values["field"] = field.id
    values["unit"] = c.unit
    values["best_competence"] = best

    indicators: tuple[IndicatorResult, ...] = ()
    if explain:
        indicators = tuple(
            IndicatorResult(
                id=ind.id, label=ind.label, target=t, achievement=v, ratio=r, weight=ind.weight,
                contribution=contribution,
                gate="none" if ind.minimum is None else ("fail" if r < ind.minimum else "pass"),
                minimum=ind.minimum, direction=ind.direction, missing=ind.id not in given,
            )
            for ind, t, v, r, contribution in zip(
                field.indicators, targets, achieved, ratios, result.contributions, strict=True)
        )
    return _Measured(c, field, score, result.value, values, indicators)


def _division_by_zero(c: Consultant, compiled: CompiledRule) -> Problem:
    return Problem(
        "division-by-zero",
        f"consultant {c.id}: rule {compiled.rule.id!r} divides by zero in "
        f"{compiled.rule.when!r}; guard the division (e.g. x > 0 and ...)",
        compiled.rule.source, f"rules.{compiled.rule.id}.when")


def _decide(
    runtime: Runtime,
    m: _Measured,
    explain: bool,
    errors: list[Problem],
    verdict: Verdict | None = None,
) -> _Scored | None:
    """Try the rules in order; with a ``verdict`` (another backend's), only trace it."""
    c, field, values = m.consultant, m.field, m.values
    trace: list[TraceStep] = []
    decided: CompiledRule | None = None
    for compiled in runtime.rules_for(field.id, c.unit):
        if verdict is not None:
            if verdict.rule is compiled and verdict.division_by_zero:
                errors.append(_division_by_zero(c, compiled))
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
            except ZeroDivisionError:
                errors.append(_division_by_zero(c, compiled))
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
        errors.append(Problem(
            "undecided",
            f"consultant {c.id} ({field.id}, {c.unit}) is decided by no rule; add a final "
            "catch-all rule with 'when: true'", c.location, "rules"))
        return None
    return _Scored(c, field, m.score, m.exact_score, decided, m.indicators, tuple(trace))


def _min_competence(s: _Scored) -> Fraction:
    raw = s.compiled.rule.min_competence
    if raw is None:
        return s.field.thresholds.get("competence", _ZERO)
    if isinstance(raw, str):
        return s.field.thresholds[raw]
    return raw


def _place(policy: Policy, scored: list[_Scored]) -> tuple[list[Decision], list[Vacancy]]:
    """Fill open seats with reassign candidates, unit by unit (contract §2.3); the decisions
    and the vacancies left."""
    placed, vacancies = _placements(policy, scored)
    return [_decision(policy, s, placed) for s in scored], vacancies


def _placements(policy: Policy, scored: list[_Scored]
                ) -> tuple[dict[str, tuple[str | None, Placement]], list[Vacancy]]:
    """Where each reassign candidate goes (by consultant id), and the seats left open."""
    keeps: dict[tuple[str, str], int] = defaultdict(int)
    for s in scored:
        if s.compiled.rule.then == "keep":
            keeps[(s.consultant.unit, s.field.id)] += 1
    open_seats: dict[tuple[str, str], int] = {}
    for unit in policy.units:
        for field in policy.fields:
            key = (unit.id, field.id)
            open_seats[key] = max(0, unit.seats_for(field.id) - keeps[key])

    placed: dict[str, tuple[str | None, Placement]] = {}
    candidates = sorted((s for s in scored if s.compiled.rule.then == "reassign"),
                        key=lambda s: (-s.score, s.consultant.id))
    for s in candidates:
        c = s.consultant
        minimum = _min_competence(s)
        best: tuple[Fraction, str] | None = None
        for field in policy.fields:
            if field.id == c.field or open_seats[(c.unit, field.id)] <= 0:
                continue
            level = c.competences.get(field.id, _ZERO)
            if level < minimum:
                continue
            if best is None or level > best[0] or (level == best[0] and field.id < best[1]):
                best = (level, field.id)
        if best is None:
            placed[c.id] = (None, "no-open-seat")
        else:
            open_seats[(c.unit, best[1])] -= 1
            placed[c.id] = (best[1], "placed")
    vacancies = [Vacancy(unit, field, left) for (unit, field), left in sorted(open_seats.items())
                 if left > 0]
    return placed, vacancies


def _decision(policy: Policy, s: _Scored, placed: dict[str, tuple[str | None, Placement]]
              ) -> Decision:
    rule = s.compiled.rule
    outcome: Outcome = rule.then
    to_field: str | None = None
    placement: Placement | None = None
    if rule.then == "reassign":
        to_field, placement = placed[s.consultant.id]
        if placement == "no-open-seat":
            outcome = "replace"
    return Decision(
        consultant=s.consultant.id, name=s.consultant.name, unit=s.consultant.unit,
        field=s.field.id, outcome=outcome, rule_outcome=rule.then, to_field=to_field,
        score=s.score, rule=rule.id, rule_source=rule.source, reason=rule.reason,
        placement=placement, years_served=policy.year - s.consultant.appointed,
        indicators=s.indicators, trace=s.trace, exact_score=s.exact_score,
    )


