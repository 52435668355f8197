"""Problems as data, and the exceptions that carry them.

Every problem found in a policy, a data file or during evaluation is a
:class:`Problem`: where it is (:class:`Location`), which path in the document
it concerns, what is wrong, and what to write instead.  Loaders collect every
problem they find and raise one exception carrying all of them, so a user
fixes a file in one pass rather than one error at a time.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs

from plut_rules.problem_codes import problem_code
from plut_rules.wording import Lang, Words, say

__all__ = [
    "DataError",
    "EvaluationError",
    "Location",
    "PlutRulesError",
    "PolicyError",
    "Problem",
    "Severity",
    "did_you_mean",
]

Severity = Literal["error", "warning"]


@attrs.frozen(order=True)
class Location:
    """Where something is in a file, as a user would look for it.

    ``line`` and ``column`` are 1-based.  For a spreadsheet, ``sheet`` and
    ``cell`` (``"C14"``) name the place instead of a line; ``line`` then holds
    the row number.
    """

    file: str
    line: int | None = None
    column: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{self.cell or self.line or ''}"
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


def _sort_key(problem: Problem) -> tuple[str, int, int, str, str]:
    loc = problem.location
    if loc is None:
        return ("", 0, 0, problem.path, problem.message)
    return (loc.file, loc.line or 0, loc.column or 0, problem.path, problem.message)


@attrs.frozen
class Problem:
    """One thing wrong (or suspicious) in an input, ready to show to a user.

    ``code`` is a stable machine-readable kind (``"unknown-key"``) declared in
    :mod:`plut_rules.problem_codes` (any other code raises ValueError);
    ``path`` is the dotted path in the document
    (``"fields.pemasaran.indicators.x.weight"``) or a data file's column;
    ``severity`` defaults to the code's declared one (``"error"`` for a code the
    linter alone reports as information); ``suggestion`` is a replacement the
    user probably meant.
    """

    code: str = attrs.field()
    message: str
    location: Location | None = None
    path: str = ""
    severity: Severity = attrs.field()
    suggestion: str | None = None
    # the same message, so not part of equality: a problem reported twice is one problem
    indonesian: str | None = attrs.field(default=None, kw_only=True, eq=False)

    @classmethod
    def worded(cls, code: str, words: Words, location: Location | None = None,
               path: str = "", severity: Severity | None = None,
               suggestion: str | None = None) -> Problem:
        """A problem whose message is ``words`` (both languages, from the catalogue):

        >>> from plut_rules.wording import Words
        >>> p = Problem.worded("wrong-type", Words("harus angka", "must be a number"))
        >>> p.message, p.text("id")
        ('must be a number', 'harus angka')
        """
        if severity is None:
            return cls(code, words.english, location, path, suggestion=suggestion,
                       indonesian=words.indonesian)
        return cls(code, words.english, location, path, severity, suggestion,
                   indonesian=words.indonesian)

    @code.validator
    def _known_code(self, _attribute: object, code: str) -> None:
        problem_code(code)

    @severity.default
    def _declared_severity(self) -> Severity:
        return "warning" if problem_code(self.code).severity == "warning" else "error"

    def text(self, lang: Lang) -> str:
        """The message in ``lang`` (English when it has no Indonesian yet)."""
        if lang == "id" and self.indonesian is not None:
            return self.indonesian
        return self.message

    def line(self, lang: Lang) -> str:
        """The problem on one line, in ``lang``: where, whether a warning, the path, the
        message and the "did you mean"."""
        parts = []
        if self.location is not None:
            parts.append(str(self.location))
        if self.severity == "warning":
            parts.append(say("problem.warning").in_lang(lang))
        if self.path:
            parts.append(self.path)
        message = self.text(lang)
        if self.suggestion is not None:
            message += say("problem.did_you_mean",
                           suggestion=repr(self.suggestion)).in_lang(lang)
        parts.append(message)
        return ": ".join(parts)

    def __str__(self) -> str:
        return self.line("en")


def sort_problems(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """Problems in reading order: by file, line, column, then path; no duplicates."""
    return tuple(sorted(set(problems), key=_sort_key))


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to a misspelt ``word``, if any is close enough."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


class PlutRulesError(Exception):
    """Base of every error this library raises on bad input.

    ``problems`` holds every problem found, sorted in reading order; the
    exception's text lists them one per line.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = sort_problems(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Only the problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity == "error")


class PolicyError(PlutRulesError):
    """A policy file (or an ``extends`` chain) is invalid."""


class DataError(PlutRulesError, ValueError):
    """A consultants or achievements input is invalid: a data file, a roster checked
    against the policy, or the values given to a domain constructor
    (:class:`~plut_rules.model.Consultant`, :class:`~plut_rules.model.Achievement`).

    It is also a :class:`ValueError`, what those constructors raised before they
    carried problems, so that code catching ``ValueError`` keeps working.
    """


class EvaluationError(PlutRulesError):
    """Evaluation could not decide every consultant (undecided, division by zero)."""
