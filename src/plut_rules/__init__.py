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

from plut_rules.engine.evaluation import StreamedEvaluation, evaluate, evaluate_stream
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
    Decision,
    Evaluation,
    Field,
    Indicator,
    IndicatorResult,
    Policy,
    PolicyFile,
    Rule,
    TraceStep,
    Unit,
    Vacancy,
)
from plut_rules.policy.loader import check_policy, load_policy, parse_policy, policy_from_document
from plut_rules.readers.roster import Roster, load_roster
from plut_rules.render.explain import explanation_text, summary
from plut_rules.render.output import (
    evaluation_to_dict,
    iter_csv,
    iter_json,
    iter_streamed,
    to_csv,
    to_json,
)
from plut_rules.scorers import Score, Scorer, ScorerRegistry, default_registry
from plut_rules.selection import Candidate, Selection, SelectionPolicy, load_candidates, select

__all__ = [
    "Achievement",
    "Candidate",
    "Consultant",
    "DataError",
    "Decision",
    "Evaluation",
    "EvaluationError",
    "Field",
    "Indicator",
    "IndicatorResult",
    "Location",
    "PlutRulesError",
    "Policy",
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
    "parse_policy",
    "policy_from_document",
    "select",
    "shipped_policy_path",
    "shipped_sample_paths",
    "summary",
    "to_csv",
    "to_json",
]


def shipped_policy_path(name: str = "2018") -> str:
    """The file path of a policy shipped with the package (``"2018"``)."""
    from plut_rules.shipped import policy_path

    return str(policy_path(name))


def shipped_sample_paths() -> tuple[str, str]:
    """The file paths of the shipped sample year: (consultants.csv, achievements.csv)."""
    from plut_rules.shipped import sample_path

    return str(sample_path("consultants.csv")), str(sample_path("achievements.csv"))
