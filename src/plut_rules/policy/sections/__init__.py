"""The table of optional policy sections: every :class:`~plut_rules.policy.Section` the
validator reads, in the order it reads them.

Each section lives in its own module here and is listed in :data:`SECTIONS`; the loader
hands this table to the validator, which knows sections only through it (see
:mod:`plut_rules.policy.section`).
"""

from __future__ import annotations

from typing import Any

from plut_rules.policy.section import Section
from plut_rules.policy.sections.documents import DOCUMENTS
from plut_rules.policy.sections.monitoring import MONITORING
from plut_rules.policy.sections.selection import SELECTION

__all__ = ["SECTIONS", "section_named"]

#: Every optional section, in the order the validator reads them (and the order of their
#: keys in the "allowed here" list of an unknown top-level key).
SECTIONS: tuple[Section[Any], ...] = (MONITORING, DOCUMENTS, SELECTION)


def section_named(name: str) -> Section[Any] | None:
    """The section whose top-level key is ``name``, if any."""
    return next((s for s in SECTIONS if s.name == name), None)
