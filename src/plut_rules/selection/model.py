"""The values of a selection: the candidates and the results.

Every class is a frozen attrs value; numbers are exact :class:`~fractions.Fraction`.  The
compiled ``selection:`` section itself (:class:`~plut_rules.policy.SelectionPolicy`) is
the policy's, in :mod:`plut_rules.policy.sections.selection`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Literal

import attrs

from plut_rules.errors import Location
from plut_rules.exact import to_exact
from plut_rules.model import FrozenMap, Policy, Vacancy
from plut_rules.policy import EDUCATION, Education

__all__ = [
    "EDUCATION",
    "OUTCOMES",
    "Basis",
    "Candidate",
    "CandidateResult",
    "ComponentScore",
    "Education",
    "Outcome",
    "RequirementCheck",
    "Selection",
    "ShortBy",
]

Outcome = Literal["selected", "reserve", "passed", "failed", "tms"]
#: Outcomes from best to worst.
OUTCOMES: tuple[Outcome, ...] = ("selected", "reserve", "passed", "failed", "tms")


def _exact(value: Any) -> Fraction:
    return to_exact(value)


def _scores(value: Any) -> FrozenMap[Fraction]:
    return FrozenMap({str(k): to_exact(v) for k, v in (value or {}).items()})


def _flags(value: Any) -> FrozenMap[bool]:
    return FrozenMap({str(k): bool(v) for k, v in (value or {}).items()})


def _scores_in_range(instance: Any, attribute: attrs.Attribute[Any],
                     value: FrozenMap[Fraction]) -> None:
    for name, score in value.items():
        if not 0 <= score <= 100:
            raise ValueError(f"score {name!r} must be within 0..100, got {score}")


def _non_negative(instance: Any, attribute: attrs.Attribute[Any], value: Fraction) -> None:
    if value < 0:
        raise ValueError(f"'{attribute.name}' must be >= 0, got {value}")


# --------------------------------------------------------------------------- input


@attrs.frozen
class Candidate:
    """One applicant for one seat: the (unit, field) applied for, the data the
    requirements read, and the component scores of the test (0..100).

    ``certificates`` maps a certificate id ``x`` (variable ``cert_x``) to whether
    the candidate holds it; one not named counts as not held.  ``scores`` maps a
    component id to its score; a component not named has no score (allowed only
    for a candidate who fails a requirement).  ``location`` is where the row was
    read; it takes no part in equality.
    """

    id: str = attrs.field(validator=attrs.validators.min_len(1))
    name: str
    unit: str
    field: str
    education: Education = attrs.field(validator=attrs.validators.in_(EDUCATION))
    experience_years: Fraction = attrs.field(converter=_exact, validator=_non_negative)
    birth_year: int = attrs.field(validator=attrs.validators.instance_of(int))
    domicile: str
    certificates: FrozenMap[bool] = attrs.field(factory=FrozenMap, converter=_flags)
    scores: FrozenMap[Fraction] = attrs.field(factory=FrozenMap, converter=_scores,
                                              validator=_scores_in_range)
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def holds(self, certificate: str) -> bool:
        """Whether the candidate holds certificate ``certificate`` (False when not named)."""
        return self.certificates.get(certificate, False)


# --------------------------------------------------------------------------- results


@attrs.frozen
class RequirementCheck:
    """One requirement evaluated for a candidate: whether it held, and the values read."""

    id: str
    passed: bool
    values: FrozenMap[Any]
    reason: str | None = None


@attrs.frozen
class ComponentScore:
    """One component of a candidate's total: ``contribution`` is weight x score (exact)."""

    id: str
    label: str
    score: Fraction
    weight: Fraction
    contribution: Fraction
    minimum: Fraction | None
    passed: bool


@attrs.frozen
class ShortBy:
    """How far a reserve or passed candidate is from the last seat of their (unit, field).

    ``needed_total`` is the total of the last selected candidate there, ``gap`` that
    minus the candidate's own total; ``tie_break`` is, when the totals are equal, what
    decided: the first ``tie_break`` entry that differed, or ``"id"`` when none did.
    """

    needed_total: Fraction
    gap: Fraction
    tie_break: str | None


@attrs.frozen
class CandidateResult:
    """The outcome for one candidate, with everything that explains it.

    ``rank`` is 1-based within the (unit, field) applied for, None unless ranked
    (``tms`` and ``failed`` are not); ``total`` is rounded to 2 decimals (None for
    ``tms``); ``components`` is empty for ``tms``; ``reasons`` lists the failed
    requirement ids, the components below their minimum and ``pass_score`` when the
    total is below it.
    """

    candidate: Candidate
    outcome: Outcome
    rank: int | None
    total: Fraction | None
    requirements: tuple[RequirementCheck, ...]
    components: tuple[ComponentScore, ...]
    reasons: tuple[str, ...]
    short_by: ShortBy | None
    exact_total: Fraction | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def id(self) -> str:
        """The candidate's id."""
        return self.candidate.id


@attrs.frozen
class Basis:
    """Where the open seats came from: a determination or an evaluation.

    From an audit log: ``kind``, ``log``, ``seq`` and ``sha256`` (of the record);
    from evaluation inputs: ``kind`` ``"evaluation"`` and ``input_sha256``.
    """

    kind: Literal["determination", "evaluation"]
    log: str | None = None
    seq: int | None = None
    sha256: str | None = None
    input_sha256: str | None = None

    def document(self) -> dict[str, Any]:
        """The ``basis`` object of the JSON output."""
        if self.input_sha256 is not None and self.log is None:
            return {"kind": self.kind, "input_sha256": self.input_sha256}
        return {"kind": self.kind, "log": self.log, "seq": self.seq, "sha256": self.sha256}


@attrs.frozen
class Selection:
    """The result of a selection: one result per candidate, sorted by id, and the seats
    left unfilled, sorted by unit then field."""

    policy: Policy
    candidates_sha256: str
    basis: Basis | None
    candidates: tuple[CandidateResult, ...]
    unfilled: tuple[Vacancy, ...]
    engine_name: str
    engine_version: str

    def result(self, candidate_id: str) -> CandidateResult:
        """The result of one candidate; :class:`KeyError` when there is none."""
        for r in self.candidates:
            if r.candidate.id == candidate_id:
                return r
        raise KeyError(candidate_id)

    def counts(self) -> dict[str, int]:
        """How many candidates of each outcome."""
        out: dict[str, int] = dict.fromkeys(OUTCOMES, 0)
        for r in self.candidates:
            out[r.outcome] += 1
        return out
