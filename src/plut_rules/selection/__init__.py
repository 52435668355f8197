"""Seleksi: filling the open seats with new candidates (contract ``selection-v1.md``).

Owns: the candidates file (:mod:`.candidates`), the semantics of screening, scoring,
ranking and placement (:mod:`.semantics`), the explanations (:mod:`.explain`) and the JSON
and CSV output (:mod:`.output`).  The ``selection:`` section of a policy is the policy's
(:mod:`plut_rules.policy.sections.selection`, a policy section like ``monitoring:``):
the policy layer cannot import this package, so the compiled section
(:class:`~plut_rules.policy.SelectionPolicy`) lives there and is re-exported here.
May import: ``plut_rules.render``, ``plut_rules.engine`` (the engine's name and version),
``plut_rules.readers`` (the table reader), ``plut_rules.policy``, ``plut_rules.lang`` and
the base modules (``model``, ``errors``, ``exact``, ``canonical``).
Never imports audit, yearly, quality, monitor or cli (they sit above it).
"""

from plut_rules.policy import (
    Component,
    FieldSelection,
    Requirement,
    SelectionPolicy,
    selection_of,
)
from plut_rules.selection.candidates import load_candidates, parse_candidates, read_candidates
from plut_rules.selection.explain import Lang, outcome_label, short_by_text, summary
from plut_rules.selection.model import (
    Basis,
    Candidate,
    CandidateResult,
    ComponentScore,
    RequirementCheck,
    Selection,
    ShortBy,
)
from plut_rules.selection.output import (
    CSV_COLUMNS,
    csv_rows,
    selection_to_dict,
    to_csv,
    to_json,
    to_table,
)
from plut_rules.selection.roster import (
    check_next_roster,
    id_clashes,
    lookalike_key,
    roster_csv,
)
from plut_rules.selection.semantics import (
    candidates_document,
    candidates_sha256,
    open_seats_of,
    rank_key,
    required_selection,
    screen,
    select,
)

__all__ = [
    "CSV_COLUMNS",
    "Basis",
    "Candidate",
    "CandidateResult",
    "Component",
    "ComponentScore",
    "FieldSelection",
    "Lang",
    "Requirement",
    "RequirementCheck",
    "Selection",
    "SelectionPolicy",
    "ShortBy",
    "candidates_document",
    "candidates_sha256",
    "check_next_roster",
    "csv_rows",
    "id_clashes",
    "load_candidates",
    "lookalike_key",
    "open_seats_of",
    "outcome_label",
    "parse_candidates",
    "rank_key",
    "read_candidates",
    "required_selection",
    "roster_csv",
    "screen",
    "select",
    "selection_of",
    "selection_to_dict",
    "short_by_text",
    "summary",
    "to_csv",
    "to_json",
    "to_table",
]
