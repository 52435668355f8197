"""Applying a compiled policy to a roster: scoring, rules, placement, counterfactuals.

Owns: the evaluation itself and its backends (built-in exact, float fast path with exact
re-check, column-wise deciding, durable_rules), streaming and parallel evaluation.
May import: ``plut_rules.readers`` (a roster's columns, read as they are),
``plut_rules.policy``, ``plut_rules.lang``, ``plut_rules.scorers`` and the base modules.
Never imports render, audit or cli.

Modules, each importing only those before it: ``fast`` (float fast path), ``gather``
(a sound roster checked and gathered into columns), ``inputs`` (roster check, input
document and hash), ``scoring``, ``intervals`` (three-valued interval logic),
``explain_columns`` (explanations built in bulk), ``indicator_search`` (one indicator's
counterfactual search, in integers), ``counterfactual``, ``columns``
(column-wise deciding), ``rules`` (deciding; ``durable`` is its durable_rules backend),
``placement``, ``sweep`` (one roster scored once, decided under many variants of a
policy), ``decided`` (a roster decided, placed and its decisions built as columns: what
:func:`evaluate` and :func:`evaluate_stream` use), ``stream`` (streamed and parallel
evaluation), ``evaluation`` (:func:`evaluate`).  Other subpackages import from this
package, never from its modules.
"""

from plut_rules.engine.counterfactual import (
    add_counterfactuals,
    counterfactual_text,
    decision_counterfactuals,
    margin_words,
)
from plut_rules.engine.durable import (
    ALWAYS,
    CHUNK,
    LOCK,
    MAX_PROPERTIES,
    NEVER,
    ConditionCompiler,
    DurableBackendError,
    HostedRuleset,
    Leaf,
    all_of,
    any_of,
    post_leaves,
    rules_backend,
    ruleset_name,
)
from plut_rules.engine.evaluation import evaluate
from plut_rules.engine.inputs import (
    ENGINE_NAME,
    check_roster,
    engine_version,
    input_document,
    input_sha256,
)
from plut_rules.engine.rules import BACKENDS, Backend, match_rules
from plut_rules.engine.scoring import Measured, measure
from plut_rules.engine.stream import StreamedEvaluation, evaluate_stream
from plut_rules.engine.sweep import OUTCOMES, RosterDecisions, ScoredRoster

__all__ = [
    "ALWAYS",
    "BACKENDS",
    "CHUNK",
    "ENGINE_NAME",
    "LOCK",
    "MAX_PROPERTIES",
    "NEVER",
    "OUTCOMES",
    "Backend",
    "ConditionCompiler",
    "DurableBackendError",
    "HostedRuleset",
    "Leaf",
    "Measured",
    "RosterDecisions",
    "ScoredRoster",
    "StreamedEvaluation",
    "add_counterfactuals",
    "all_of",
    "any_of",
    "check_roster",
    "counterfactual_text",
    "decision_counterfactuals",
    "engine_version",
    "evaluate",
    "evaluate_stream",
    "input_document",
    "input_sha256",
    "margin_words",
    "match_rules",
    "measure",
    "post_leaves",
    "rules_backend",
    "ruleset_name",
]
