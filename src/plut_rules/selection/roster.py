"""Next year's roster (item 4 of the seleksi): the consultants kept and moved by the
determination and the candidates selected, checked against next year's policy and written
as a consultants file that next year's evaluation reads as it is.

A new consultant's id must not be, or look like, the id of a consultant who stays: two
ids that differ only in case, separators or look-alike characters (``O``/``0``,
``I``/``l``/``1``) would be mixed up in the achievements file.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

from plut_rules.engine import check_roster
from plut_rules.errors import Location, Problem
from plut_rules.exact import decimal_text
from plut_rules.model import Consultant, Policy
from plut_rules.wording import say

__all__ = ["check_next_roster", "id_clashes", "lookalike_key", "roster_csv"]

_SEPARATORS = re.compile(r"[\s\-_./]+")
_LOOKALIKE = str.maketrans({"o": "0", "i": "1", "l": "1", "s": "5", "z": "2", "b": "8"})


def lookalike_key(consultant_id: str) -> str:
    """What an id looks like: the same key for ids a person could mix up
    (``PKP-01``, ``pkp01``, ``PKP_O1``)."""
    text = unicodedata.normalize("NFKC", consultant_id).casefold()
    return _SEPARATORS.sub("", text).translate(_LOOKALIKE)


def id_clashes(staying: Iterable[str], new: Iterable[str]) -> list[tuple[str, str]]:
    """(new id, staying id) for each new id equal to, or a look-alike of, a staying one."""
    keys: dict[str, str] = {}
    for s in sorted(staying):
        keys.setdefault(lookalike_key(s), s)
    return [(n, keys[lookalike_key(n)]) for n in sorted(new) if lookalike_key(n) in keys]


def check_next_roster(policy: Policy, consultants: Sequence[Consultant]) -> list[Problem]:
    """Every problem of next year's consultants under next year's ``policy``: those of
    :func:`~plut_rules.engine.check_roster` (but the achievements, which do not exist yet),
    and a warning for each (unit, field) with more consultants than seats."""
    problems = [p for p in check_roster(policy, consultants, ())
                if p.code != "missing-achievement"]
    count: dict[tuple[str, str], int] = {}
    for c in consultants:
        count[(c.unit, c.field)] = count.get((c.unit, c.field), 0) + 1
    for unit in policy.units:
        for field in policy.fields:
            n = count.get((unit.id, field.id), 0)
            if n > unit.seats_for(field.id):
                problems.append(Problem.worded(
                    "over-seats", say("select.over_seats", unit=unit.id, field=field.id,
                                      count=n, seats=unit.seats_for(field.id),
                                      policy=policy.id, year=policy.year),
                    Location(policy.files[0].path) if policy.files else None,
                    f"units.{unit.id}.seats", severity="warning"))
    return problems


def roster_csv(consultants: Sequence[Consultant], policy: Policy) -> str:
    """The consultants file (CSV, the columns the consultants reader expects), sorted by
    id: ``id,name,unit,field,appointed`` and a ``competence_<field>`` column per field of
    ``policy`` (empty for 0)."""
    fields = [f.id for f in policy.fields]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "unit", "field", "appointed",
                     *(f"competence_{f}" for f in fields)])
    for c in sorted(consultants, key=lambda c: c.id):
        writer.writerow([c.id, c.name, c.unit, c.field, str(c.appointed),
                         *("" if not c.competences.get(f) else decimal_text(c.competences[f])
                           for f in fields)])
    return out.getvalue()
