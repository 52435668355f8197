"""The words plut-rules shows a reader, in Indonesian and English, in one place.

Every text printed in the reader's language is an entry of :data:`CATALOGUE`: a key
``"group.name"`` and its Indonesian and English text, which may hold ``{placeholders}``
filled by :func:`text` (one language) or :func:`say` (both, as :class:`Words`, what a
:class:`~plut_rules.errors.Problem` carries).  The entries are kept by subject, one
module each: the views' words (:mod:`.views`), the words every problem list uses
(:mod:`.problems`), and the problems of policies (:mod:`.policy_problems`), of YAML and
rule syntax (:mod:`.syntax_problems`), of data files and values (:mod:`.data_problems`),
of evaluation (:mod:`.engine_problems`), of monthly reports and candidates
(:mod:`.intake_problems`), of editing a policy on the command line
(:mod:`.yearly_problems`), and of the audit log's requests, selection and the rest
(:mod:`.audit_problems`).  A key is defined once (checked here, on
import); ``tests/test_wording.py`` checks that every entry has both languages with the
same placeholders and that every key the source asks for exists.

May import: nothing of plut_rules (the bottom layer: every other module may use it).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal

import attrs

from plut_rules.wording.audit_problems import AUDIT_PROBLEMS
from plut_rules.wording.data_problems import DATA_PROBLEMS
from plut_rules.wording.engine_problems import ENGINE_PROBLEMS
from plut_rules.wording.intake_problems import INTAKE_PROBLEMS
from plut_rules.wording.policy_problems import POLICY_PROBLEMS
from plut_rules.wording.problems import PROBLEMS
from plut_rules.wording.syntax_problems import SYNTAX_PROBLEMS
from plut_rules.wording.views import VIEWS
from plut_rules.wording.yearly_problems import YEARLY_PROBLEMS

__all__ = ["CATALOGUE", "LANGUAGES", "Lang", "Words", "say", "text", "words"]

Lang = Literal["id", "en"]
LANGUAGES: tuple[Lang, ...] = ("id", "en")


def _merged(*parts: Mapping[str, tuple[str, str]]) -> Mapping[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:  # pragma: no cover - a programming error, caught by any test run
            raise AssertionError(f"wording defined twice: {sorted(twice)}")
        merged.update(part)
    return MappingProxyType(merged)


#: key -> (Indonesian, English).
CATALOGUE: Mapping[str, tuple[str, str]] = _merged(
    VIEWS, PROBLEMS, POLICY_PROBLEMS, SYNTAX_PROBLEMS, DATA_PROBLEMS, ENGINE_PROBLEMS,
    INTAKE_PROBLEMS, YEARLY_PROBLEMS, AUDIT_PROBLEMS)


def _index(lang: str) -> int:
    if lang not in LANGUAGES:
        raise ValueError(f"no wording in language {lang!r}; choose one of {LANGUAGES}")
    return LANGUAGES.index(lang)


def text(key: str, lang: Lang, /, **values: object) -> str:
    """The text of ``key`` in ``lang``, its ``{placeholders}`` filled from ``values``
    (a :class:`Words` value fills it with its text in ``lang``).

    >>> text("outcome.keep", "id"), text("outcome.keep", "en")
    ('dipertahankan', 'keep')
    >>> text("diff.impact", "en", n=3, k=1)
    'Impact on 3 consultants: 1 decision(s) change'
    """
    found = CATALOGUE[key][_index(lang)]
    # always formatted, so that a text without placeholders may write braces as {{ }}
    return found.format(**{name: value.in_lang(lang) if isinstance(value, Words) else value
                           for name, value in values.items()})


@attrs.frozen
class Words:
    """One text in both languages: what a problem says, in Indonesian and in English.

    Made by :func:`say` from the catalogue; ``+`` joins words (or a plain string, the
    same in both languages, such as a name or a number) into longer words.

    >>> (say("problem.warning") + ": x").in_lang("id")
    'peringatan: x'
    """

    indonesian: str
    english: str

    @classmethod
    def same(cls, plain: str) -> Words:
        """A text that reads the same in both languages (a name, a quoted value)."""
        return cls(plain, plain)

    def in_lang(self, lang: Lang) -> str:
        """The text in ``lang``."""
        return self.english if _index(lang) else self.indonesian

    def __add__(self, other: Words | str) -> Words:
        if isinstance(other, str):
            return Words(self.indonesian + other, self.english + other)
        return Words(self.indonesian + other.indonesian, self.english + other.english)

    def __radd__(self, other: str) -> Words:
        return Words(other + self.indonesian, other + self.english)

    def __str__(self) -> str:
        return self.english


def say(key: str, /, **values: object) -> Words:
    """The text of ``key`` in both languages, its placeholders filled from ``values`` (a
    :class:`Words` value fills each language with its own text).

    >>> say("problem.did_you_mean", suggestion="'keep'").in_lang("en")
    " (did you mean 'keep'?)"
    """
    return Words(text(key, "id", **values), text(key, "en", **values))


def _groups() -> dict[tuple[str, int], Mapping[str, str]]:
    found: dict[tuple[str, int], dict[str, str]] = {}
    for key, texts in CATALOGUE.items():
        group, _, name = key.partition(".")
        for index, value in enumerate(texts):
            found.setdefault((group, index), {})[name] = value
    return {k: MappingProxyType(v) for k, v in found.items()}


_GROUPS = _groups()


def words(group: str, lang: Lang) -> Mapping[str, str]:
    """Every text of ``group`` in ``lang``, by its name within the group (for templates
    and views that use many): ``words("monitor", "en")["title"] == "Early warnings"``."""
    return _GROUPS[group, _index(lang)]
