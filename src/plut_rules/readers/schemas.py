"""The columns of each data file: which are required, which sheet holds the table,
and what to write in each column (the hint a problem gives)."""

from __future__ import annotations

import re

import attrs

__all__ = ["ACHIEVEMENTS", "COLUMN_HINTS", "CONSULTANTS", "FIELD_ID", "SCHEMAS", "TableSchema"]

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
COLUMN_HINTS = {
    "id": "the consultant's id, e.g. PKP-01",
    "name": "the consultant's full name",
    "unit": "the unit id from the policy, e.g. pangkalpinang",
    "field": "the field id from the policy, e.g. pemasaran",
    "appointed": "the year of first appointment, e.g. 2016",
    "consultant": "the consultant's id as in the consultants file, e.g. PKP-01",
    "indicator": "the indicator id from the policy, e.g. umkm_akses_pasar",
    "achievement": "the achievement (capaian) as a number; write 0 if nothing was achieved",
    "target": "a target greater than 0, or leave it empty to use the policy's target",
}
