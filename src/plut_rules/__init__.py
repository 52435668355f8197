"""plut_rules: the yearly evaluation of PLUT-KUMKM consultants under a YAML policy.

The public surface is small and stable::

    policy = load_policy("policies/2018.yaml")
    roster = load_roster("consultants.csv", "achievements.csv")
    evaluation = evaluate(policy, roster.consultants, roster.achievements)
    for decision in evaluation.decisions:
        print(decision.consultant, decision.outcome, summary(decision, "en"))

Everything is a frozen attrs value; nothing is global, so evaluations may run
in several threads at once.
"""

from __future__ import annotations

import importlib

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from plut_rules.engine import StreamedEvaluation, evaluate, evaluate_stream
    from plut_rules.errors import (
        DataError,
        EvaluationError,
        Location,
        PlutRulesError,
        PolicyError,
        Problem,
    )
    from plut_rules.model import (
        Achievement,
        Consultant,
        Counterfactual,
        Decision,
        Evaluation,
        Field,
        Indicator,
        IndicatorResult,
        Margin,
        Policy,
        PolicyFile,
        Rule,
        TraceStep,
        Unit,
        Vacancy,
    )
    from plut_rules.policy import (
        check_policy,
        load_policy,
        parse_policy,
        policy_from_document,
    )
    from plut_rules.readers import Roster, load_roster
    from plut_rules.render.explain import explanation_text, summary
    from plut_rules.render.output import (
        evaluation_to_dict,
        iter_csv,
        iter_json,
        iter_streamed,
        to_csv,
        to_json,
    )
    from plut_rules.render.report import render_report
    from plut_rules.render.spreadsheet import template_workbook, to_xlsx, workbook_bytes
    from plut_rules.scorers import Score, Scorer, ScorerRegistry, default_registry
    from plut_rules.selection import (
        Candidate,
        Selection,
        SelectionPolicy,
        load_candidates,
        select,
    )
    from plut_rules.yearly.whatif import EditablePolicy, PolicyEdit, parse_edit

__all__ = [
    "Achievement",
    "Candidate",
    "Consultant",
    "Counterfactual",
    "DataError",
    "Decision",
    "EditablePolicy",
    "Evaluation",
    "EvaluationError",
    "Field",
    "Indicator",
    "IndicatorResult",
    "Location",
    "Margin",
    "PlutRulesError",
    "Policy",
    "PolicyEdit",
    "PolicyError",
    "PolicyFile",
    "Problem",
    "Roster",
    "Rule",
    "Score",
    "Scorer",
    "ScorerRegistry",
    "Selection",
    "SelectionPolicy",
    "StreamedEvaluation",
    "TraceStep",
    "Unit",
    "Vacancy",
    "check_policy",
    "default_registry",
    "evaluate",
    "evaluate_stream",
    "evaluation_to_dict",
    "explanation_text",
    "iter_csv",
    "iter_json",
    "iter_streamed",
    "load_candidates",
    "load_policy",
    "load_roster",
    "parse_edit",
    "parse_policy",
    "policy_from_document",
    "render_report",
    "select",
    "shipped_policy_path",
    "shipped_sample_paths",
    "summary",
    "template_workbook",
    "to_csv",
    "to_json",
    "to_xlsx",
    "workbook_bytes",
]


#: Where each public name is defined: imported on first use (PEP 562), so that
#: ``import plut_rules`` and ``plut-rules --help`` stay cheap.
_LAZY: dict[str, str] = {
    "Achievement": "plut_rules.model",
    "Candidate": "plut_rules.selection",
    "Consultant": "plut_rules.model",
    "Counterfactual": "plut_rules.model",
    "DataError": "plut_rules.errors",
    "Decision": "plut_rules.model",
    "EditablePolicy": "plut_rules.yearly.whatif",
    "Evaluation": "plut_rules.model",
    "EvaluationError": "plut_rules.errors",
    "Field": "plut_rules.model",
    "Indicator": "plut_rules.model",
    "IndicatorResult": "plut_rules.model",
    "Location": "plut_rules.errors",
    "Margin": "plut_rules.model",
    "PlutRulesError": "plut_rules.errors",
    "Policy": "plut_rules.model",
    "PolicyEdit": "plut_rules.yearly.whatif",
    "PolicyError": "plut_rules.errors",
    "PolicyFile": "plut_rules.model",
    "Problem": "plut_rules.errors",
    "Roster": "plut_rules.readers",
    "Rule": "plut_rules.model",
    "Score": "plut_rules.scorers",
    "Scorer": "plut_rules.scorers",
    "ScorerRegistry": "plut_rules.scorers",
    "Selection": "plut_rules.selection",
    "SelectionPolicy": "plut_rules.selection",
    "StreamedEvaluation": "plut_rules.engine",
    "TraceStep": "plut_rules.model",
    "Unit": "plut_rules.model",
    "Vacancy": "plut_rules.model",
    "check_policy": "plut_rules.policy",
    "default_registry": "plut_rules.scorers",
    "evaluate": "plut_rules.engine",
    "evaluate_stream": "plut_rules.engine",
    "evaluation_to_dict": "plut_rules.render.output",
    "explanation_text": "plut_rules.render.explain",
    "iter_csv": "plut_rules.render.output",
    "iter_json": "plut_rules.render.output",
    "iter_streamed": "plut_rules.render.output",
    "load_candidates": "plut_rules.selection",
    "load_policy": "plut_rules.policy",
    "load_roster": "plut_rules.readers",
    "parse_edit": "plut_rules.yearly.whatif",
    "parse_policy": "plut_rules.policy",
    "policy_from_document": "plut_rules.policy",
    "render_report": "plut_rules.render.report",
    "select": "plut_rules.selection",
    "summary": "plut_rules.render.explain",
    "template_workbook": "plut_rules.render.spreadsheet",
    "to_csv": "plut_rules.render.output",
    "to_json": "plut_rules.render.output",
    "to_xlsx": "plut_rules.render.spreadsheet",
    "workbook_bytes": "plut_rules.render.spreadsheet",
}


def __getattr__(name: str) -> Any:
    """The public name ``name``, imported from its module on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    """Every name of the module, the public ones not imported yet included."""
    return sorted({*globals(), *__all__})


def shipped_policy_path(name: str = "2018") -> str:
    """The file path of a policy shipped with the package (``"2018"``)."""
    from plut_rules.shipped import policy_path

    return str(policy_path(name))


def shipped_sample_paths() -> tuple[str, str]:
    """The file paths of the shipped sample year: (consultants.csv, achievements.csv)."""
    from plut_rules.shipped import sample_path

    return str(sample_path("consultants.csv")), str(sample_path("achievements.csv"))
