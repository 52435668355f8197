"""Streamed and parallel evaluation.

:func:`evaluate_stream` scores and matches the whole roster first (on the float fast
path, without explanations), places the seats, and builds each explained decision only
when it is reached, so that a million decisions are written holding one at a time.
:func:`decide_jobs` spreads scoring and matching over forked worker processes, for
:func:`~plut_rules.engine.evaluate` and :func:`evaluate_stream` alike.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from plut_rules.engine.columns import decide_columns
from plut_rules.engine.counterfactual import decision_counterfactuals
from plut_rules.engine.decided import scored_roster
from plut_rules.engine.explain_columns import Explained
from plut_rules.engine.gather import achieved_of, by_id, held
from plut_rules.engine.inputs import (
    ENGINE_NAME,
    InputHash,
    checked_input,
    engine_version,
)
from plut_rules.engine.placement import Placed, decision_of, placements
from plut_rules.engine.rules import (
    Backend,
    LazyExact,
    Scored,
    decide_all,
    defer_explanations,
    match_rules,
)
from plut_rules.engine.scoring import measure
from plut_rules.errors import EvaluationError
from plut_rules.model import Achievement, Consultant, Decision, Evaluation, Policy
from plut_rules.policy import Runtime

__all__ = ["RENDER_CHUNK", "StreamedEvaluation", "decide_jobs", "evaluate_stream"]

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
    _scored: Sequence[Scored] = attrs.field(repr=False)
    _placed: Placed = attrs.field(repr=False)
    _by_consultant: Mapping[str, dict[str, Achievement]] = attrs.field(repr=False)
    # indicator results built in bulk, shared from one block to the next
    _made: dict[Any, Any] = attrs.field(factory=dict, repr=False, eq=False)

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

    def _build(self, scored: Sequence[Scored]) -> Iterator[Decision]:
        policy = self.evaluation.policy
        runtime: Runtime = policy._compiled
        field_ids = [f.id for f in policy.fields]
        explain = self.evaluation.explained
        for start in range(0, len(scored), RENDER_CHUNK):
            yield from self._build_block(policy, runtime, field_ids, explain,
                                         scored[start:start + RENDER_CHUNK])

    def _build_block(self, policy: Policy, runtime: Runtime, field_ids: list[str],
                     explain: bool, block: Sequence[Scored]) -> Iterator[Decision]:
        # explanations in bulk, a block at a time (only a block's are ever held): the
        # column path decides the block again and explains what it decides
        bulk: dict[int, Explained] = {}
        collecting = gc.isenabled()
        gc.disable()  # as evaluate does: the collector would walk the whole roster again
        try:
            if explain:
                for index, _, compiled in decide_columns(
                        policy, [s.consultant for s in block], self._by_consultant, bulk,
                        self._made):
                    assert compiled is block[index].compiled
            built = list(self._decisions(policy, runtime, field_ids, explain, block, bulk))
        finally:
            if collecting:
                gc.enable()
        yield from built

    def _decisions(self, policy: Policy, runtime: Runtime, field_ids: list[str],
                   explain: bool, block: Sequence[Scored], bulk: dict[int, Explained]
                   ) -> Iterator[Decision]:
        for index, s in enumerate(block):
            if not explain and not self.counterfactuals:
                yield decision_of(policy, s, self._placed)
                continue
            c = s.consultant
            built = bulk.get(index)
            if built is not None:
                explained: Scored | None = Scored(c, s.field, s.score, s.exact_score,
                                                  s.compiled, *built)
            else:
                m = measure(policy, runtime, s.field, field_ids, c,
                            self._by_consultant.get(c.id, {}), explain)
                explained = match_rules(runtime, m, explain, [])
            assert explained is not None and explained.compiled is s.compiled
            d = decision_of(policy, explained, self._placed)
            if self.counterfactuals and not (d.outcome == "keep" and d.rule_outcome == "keep"):
                found, margins = decision_counterfactuals(
                    policy, c, achieved_of(self._by_consultant, c.id))
                d = attrs.evolve(d, counterfactuals=found, margins=margins)
            yield d


def evaluate_stream(
    policy: Policy,
    consultants: Iterable[Consultant],
    achievements: Iterable[Achievement],
    *,
    explain: bool = True,
    missing_as_zero: bool = False,
    counterfactuals: bool = False,
    jobs: int = 1,
) -> StreamedEvaluation:
    """Like :func:`~plut_rules.engine.evaluate`, for rosters too large to hold every
    explained decision.

    Every consultant is scored and matched first (on the float fast path,
    without explanations), the seats are placed and the vacancies counted;
    each decision, with its explanation, is then built only when
    :meth:`StreamedEvaluation.decisions` reaches it.  The decisions are the
    same values :func:`~plut_rules.engine.evaluate` gives, and it raises the same errors.
    Like it, it takes any iterables and reads each once.
    """
    consultants, achievements = held(consultants, achievements)
    collecting = gc.isenabled()
    gc.disable()  # as evaluate does
    try:
        # as columns, holding no record per consultant (None: decided as below)
        made = None if jobs > 1 else scored_roster(policy, consultants, achievements,
                                                   missing_as_zero=missing_as_zero)
        scored: Sequence[Scored]
        if made is not None:
            scored, placed, vacancies, by_consultant = made
        else:
            by_consultant = checked_input(policy, consultants, achievements,
                                          missing_as_zero=missing_as_zero)
            decided = decide_jobs(policy, by_id(consultants), by_consultant,
                                  explain=False, backend="builtin", jobs=jobs)
            placed, vacancies = placements(policy, decided)
            scored = decided
    finally:
        if collecting:
            gc.enable()
    evaluation = Evaluation(
        policy=policy,
        input_sha256=InputHash(consultants, achievements, missing_as_zero, by_consultant),
        decisions=(),
        vacancies=tuple(vacancies),
        engine_name=ENGINE_NAME,
        engine_version=engine_version(),
        explained=explain,
    )
    return StreamedEvaluation(evaluation, counterfactuals, scored, placed, by_consultant)


# what a worker process of decide_jobs or StreamedEvaluation.rendered reads (set in the
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
        scored = decide_all(policy, consultants, _WORK["by_consultant"],
                             explain=_WORK["explain"], backend=_WORK["backend"])
    except EvaluationError:
        return ("error", [])
    position = {id(c): n for n, c in enumerate(policy._compiled.rules)}
    return ("ok", [(s.score, None if callable(s.exact_score) else s.exact_score,
                    position[id(s.compiled)], s.indicators, s.trace) for s in scored])


def decide_jobs(
    policy: Policy,
    consultants: Sequence[Consultant],
    by_consultant: Mapping[str, dict[str, Achievement]],
    *,
    explain: bool,
    backend: Backend,
    jobs: int,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Scored]:
    """:func:`~plut_rules.engine.rules.decide_all`, split over ``jobs`` forked processes
    when there is enough work (the result is the same)."""
    import multiprocessing

    if jobs < 1:
        raise ValueError(f"jobs must be at least 1, got {jobs}")
    if (jobs == 1 or len(consultants) < 2 * jobs
            or "fork" not in multiprocessing.get_all_start_methods()):
        return decide_all(policy, consultants, by_consultant, explain=explain, backend=backend,
                          progress=progress)
    size = -(-len(consultants) // jobs)
    chunks = [consultants[i:i + size] for i in range(0, len(consultants), size)]
    # forked workers inherit the work (nothing is pickled on the way in); the parent's
    # _WORK stays untouched, so threads may run evaluations with jobs at once
    # built-in explanations are deferred: built in this process when read, never pickled
    deferred = explain and backend == "builtin"
    work = {"policy": policy, "chunks": chunks, "by_consultant": by_consultant,
            "explain": explain and not deferred, "backend": backend}
    with multiprocessing.get_context("fork").Pool(
            len(chunks), initializer=_WORK.update, initargs=(work,)) as pool:
        results = pool.map(_decide_chunk, range(len(chunks)))
    if any(status == "error" for status, _ in results):
        # the same error, with every problem in order, as one process raises it
        return decide_all(policy, consultants, by_consultant, explain=explain, backend=backend)
    runtime: Runtime = policy._compiled
    field_ids = [f.id for f in policy.fields]
    fields = {f.id: f for f in policy.fields}
    scored: list[Scored] = []
    for chunk, (_, rows) in zip(chunks, results, strict=True):
        for c, (score, known, position, indicators, trace) in zip(chunk, rows, strict=True):
            field = fields[c.field]
            exact = known if known is not None else LazyExact(
                policy, runtime, field, field_ids, c, by_consultant)
            scored.append(Scored(c, field, score, exact, runtime.rules[position], indicators,
                                 trace))
    if progress is not None:
        progress("score", len(scored), len(consultants))
    if deferred:
        defer_explanations(policy, scored, by_consultant)
    return scored
