"""The engine's entry point: check a roster against a policy, score, apply the rules, place.

:func:`evaluate` is pure: it reads a :class:`~plut_rules.model.Policy` and the
roster and returns an :class:`~plut_rules.model.Evaluation`; it keeps no state
between calls, so any number of threads may call it at once.

Evaluation has three passes, each over consultants sorted by id so that row
order never matters: (1) check the roster against the policy, reporting every
problem at once (:mod:`plut_rules.engine.inputs`); (2) score each consultant
(:mod:`plut_rules.engine.scoring`) and try the rules in order, the first in-scope
rule that holds deciding (:mod:`plut_rules.engine.rules`); (3) per unit, place
``reassign`` candidates into open seats as the contract's placement rule says
(:mod:`plut_rules.engine.placement`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence

# What evaluate computes with, imported with the engine rather than in the middle of
# the first evaluation (a few tenths of a second); the CLI imports the engine only in the
# commands that evaluate.
import numpy  # noqa: F401

from plut_rules.engine.counterfactual import add_counterfactuals
from plut_rules.engine.decided import decide_roster
from plut_rules.engine.gather import by_id, held
from plut_rules.engine.inputs import (
    ENGINE_NAME,
    InputHash,
    checked_input,
    engine_version,
)
from plut_rules.engine.placement import place
from plut_rules.engine.rules import BACKENDS, Backend
from plut_rules.engine.stream import decide_jobs
from plut_rules.model import Achievement, Consultant, Evaluation, Policy

__all__ = ["evaluate"]


def evaluate(
    policy: Policy,
    consultants: Iterable[Consultant],
    achievements: Iterable[Achievement],
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
    identical; see :func:`~plut_rules.engine.evaluate_stream` for a roster too
    large to hold).  With ``missing_as_zero`` a missing achievement of a
    ``higher`` indicator counts as 0 and is marked in the explanation.  With
    ``counterfactuals`` every decision other than keep carries its
    counterfactuals and margins (contract §6.1; see
    :mod:`plut_rules.engine.counterfactual`).  ``progress``, when given, is
    called as ``progress(stage, done, total)`` (stages ``score`` and
    ``counterfactuals``), e.g. to drive a progress bar.

    ``backend`` chooses what matches the rules: ``"builtin"`` (the library's
    own evaluator) or ``"durable"`` (the policy compiled into a durable_rules
    ruleset, see :mod:`plut_rules.engine.durable`); both give identical
    decisions.  Scoring, placement and explanations are the same for both.
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    # Read once: every pass below (check, score, counterfactuals, hash) walks them again.
    consultants, achievements = held(consultants, achievements)
    # A roster makes hundreds of thousands of objects that all live until the end, so the
    # cyclic collector would only walk them again and again; pause it for the batch.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _evaluate(policy, consultants, achievements, explain=explain,
                         missing_as_zero=missing_as_zero, counterfactuals=counterfactuals,
                         backend=backend, jobs=jobs, progress=progress)
    finally:
        if collecting:
            gc.enable()


def _evaluate(
    policy: Policy,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    explain: bool,
    missing_as_zero: bool,
    counterfactuals: bool,
    backend: Backend,
    jobs: int,
    progress: Callable[[str, int, int], None] | None,
) -> Evaluation:
    made = None
    if backend == "builtin" and jobs == 1:
        # decided, placed and built as columns (None: not here, evaluate as below)
        made = decide_roster(policy, consultants, achievements, explain=explain,
                             missing_as_zero=missing_as_zero, progress=progress)
    if made is None:
        by_consultant = checked_input(policy, consultants, achievements,
                                      missing_as_zero=missing_as_zero)
        # each consultant built once here: scoring, explaining and placing all read them
        scored = decide_jobs(policy, list(by_id(consultants)), by_consultant,
                             explain=explain, backend=backend, jobs=jobs, progress=progress)
        made = (*place(policy, scored), by_consultant)
    decisions, vacancies, by_consultant = made
    if counterfactuals:
        decisions = add_counterfactuals(policy, decisions, consultants, achievements,
                                        progress=progress, checked=by_consultant)
    return Evaluation(
        policy=policy,
        input_sha256=InputHash(consultants, achievements, missing_as_zero, by_consultant),
        decisions=tuple(decisions),
        vacancies=tuple(vacancies),
        engine_name=ENGINE_NAME,
        engine_version=engine_version(),
        explained=explain,
    )
