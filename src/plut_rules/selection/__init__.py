"""Seleksi: filling the open seats with new candidates (contract ``selection-v1.md``).

Owns: the ``selection:`` section of a policy (validated by :mod:`.section`, called from
the policy loader), the candidates file (:mod:`.candidates`), the semantics of screening,
scoring, ranking and placement (:mod:`.select`), the explanations (:mod:`.explain`) and
the JSON and CSV output (:mod:`.output`).
May import: ``plut_rules.policy`` (the positioned YAML tree and its validator),
``plut_rules.lang`` (the rule language), ``plut_rules.readers`` (the table reader),
``plut_rules.engine`` (only the engine's name and version) and the base modules
(``model``, ``errors``, ``exact``, ``canonical``).  The policy loader imports
:mod:`.section` lazily, at its one hook, as it does for ``monitoring:``.
Never imports render, audit, yearly, quality, monitor or cli.
"""

from plut_rules.selection.candidates import load_candidates, parse_candidates, read_candidates
from plut_rules.selection.explain import short_by_text, summary
from plut_rules.selection.model import (
    Basis,
    Candidate,
    CandidateResult,
    Component,
    ComponentScore,
    FieldSelection,
    Requirement,
    RequirementCheck,
    Selection,
    SelectionPolicy,
    ShortBy,
)
from plut_rules.selection.output import (
    CSV_COLUMNS,
    csv_rows,
    selection_to_dict,
    to_csv,
    to_json,
)
from plut_rules.selection.select import candidates_sha256, open_seats_of, select

__all__ = [
    "CSV_COLUMNS",
    "Basis",
    "Candidate",
    "CandidateResult",
    "Component",
    "ComponentScore",
    "FieldSelection",
    "Requirement",
    "RequirementCheck",
    "Selection",
    "SelectionPolicy",
    "ShortBy",
    "candidates_sha256",
    "csv_rows",
    "load_candidates",
    "open_seats_of",
    "parse_candidates",
    "read_candidates",
    "select",
    "selection_to_dict",
    "short_by_text",
    "summary",
    "to_csv",
    "to_json",
]
