"""The columns of each data file: which are required, which sheet holds the table,
their English and Indonesian headers, and what to write in each column (the hint a
problem gives).

:data:`HEADERS` is the one table of header names (``docs/data-files.md`` shows it): a
file may name each column in English or in Indonesian, in any mix; the readers match
either to the English name, which is the column's name everywhere else.  The template
writes the headers of its ``--lang``.
"""

from __future__ import annotations

import re

import attrs

from plut_rules.wording import Words, say

__all__ = [
    "ACHIEVEMENTS",
    "COLUMN_HINTS",
    "CONSULTANTS",
    "FIELD_ID",
    "HEADERS",
    "PREFIXES",
    "SCHEMAS",
    "WIDE_TARGET_PREFIX",
    "TableSchema",
    "canonical_column",
    "column_hint",
    "header_name",
]

# A field id after "competence_" (and in a JSON "competences" object).
FIELD_ID = re.compile(r"[a-z][a-z0-9_]*")


@attrs.frozen
class TableSchema:
    """The columns of one kind of data file and the names its sheet may have."""

    kind: str  # "consultants" / "achievements"
    row_noun: str  # what one row is, for messages
    required: tuple[str, ...]
    optional: tuple[str, ...]
    prefix: str | None  # "competence_" for consultants
    sheets: tuple[str, ...]  # sheet names, lower case
    other: str  # the other kind, to recognise a file given in the wrong place

    def known(self) -> tuple[str, ...]:
        """The required and optional columns."""
        return self.required + self.optional


CONSULTANTS = TableSchema(
    "consultants",
    "consultant",
    ("id", "name", "unit", "field", "appointed"),
    (),
    "competence_",
    ("consultants", "konsultan"),
    "achievements",
)
ACHIEVEMENTS = TableSchema(
    "achievements",
    "achievement",
    ("consultant", "indicator", "achievement"),
    ("target",),
    None,
    ("achievements", "capaian"),
    "consultants",
)
SCHEMAS = {s.kind: s for s in (CONSULTANTS, ACHIEVEMENTS)}

# What to write in each column, for the fix of a missing or unreadable value.
_HINTS: dict[str, Words] = {
    "id": say("hint.id"),
    "name": say("hint.name"),
    "unit": say("hint.unit"),
    "field": say("hint.field"),
    "appointed": say("hint.appointed"),
    "consultant": say("hint.consultant"),
    "indicator": say("hint.indicator"),
    "achievement": say("hint.achievement"),
    "target": say("hint.target"),
}
#: What to write in each column (English), for the fix of a missing or unreadable value.
COLUMN_HINTS = {column: hint.english for column, hint in _HINTS.items()}


def column_hint(column: str) -> Words:
    """What to write in ``column`` (a column of :data:`COLUMN_HINTS`), in words."""
    return _HINTS[column]

#: Each column's header in English (its name everywhere else) and in Indonesian, per
#: kind of file.  A header is matched in lower case, without surrounding spaces.
HEADERS: dict[str, tuple[tuple[str, str], ...]] = {
    "consultants": (
        ("id", "id"),
        ("name", "nama"),
        ("unit", "unit"),
        ("field", "bidang"),
        ("appointed", "tahun_pengangkatan"),
    ),
    "achievements": (
        ("consultant", "konsultan"),
        ("indicator", "indikator"),
        ("achievement", "capaian"),
        ("target", "target"),
    ),
}

#: The prefix of a family of columns (``competence_<field>``), in English and Indonesian.
PREFIXES: dict[str, tuple[str, str]] = {"consultants": ("competence_", "kompetensi_")}

#: In a wide achievements table (one row per consultant, one column per indicator), the
#: column of a consultant's own target for an indicator: ``target_<indicator>``.
WIDE_TARGET_PREFIX = "target_"

_ALIASES: dict[str, dict[str, str]] = {
    kind: {indonesian: english for english, indonesian in pairs}
    for kind, pairs in HEADERS.items()
}


def canonical_column(kind: str, name: str) -> str:
    """The English name of a (normalized) header of a ``kind`` file; ``name`` itself when it
    is no Indonesian header (an English one, an unknown column, or a kind of file without
    Indonesian headers, such as monthly reports)."""
    english = _ALIASES.get(kind, {}).get(name)
    if english is not None:
        return english
    prefixes = PREFIXES.get(kind)
    if prefixes is not None and name.startswith(prefixes[1]):
        return prefixes[0] + name[len(prefixes[1]):]
    return name


def header_name(kind: str, column: str, lang: str) -> str:
    """The header of ``column`` (an English column name, or ``competence_<field>``) in
    ``lang`` (``"id"`` or ``"en"``)."""
    if lang == "en":
        return column
    for english, indonesian in HEADERS.get(kind, ()):
        if english == column:
            return indonesian
    prefixes = PREFIXES.get(kind)
    if prefixes is not None and column.startswith(prefixes[0]):
        return prefixes[1] + column[len(prefixes[0]):]
    return column
