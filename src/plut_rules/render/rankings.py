"""The selection (seleksi) as the meeting report and the documents show it: per applied
(unit, field), the open seats, the ranking, who is selected and who is a reserve.

Works on the plain data of a selection (the ``select --format json`` output, which a
selection record keeps as its ``result``, and the ``open_seats`` it filled), so that a
record read back from the audit log and a selection just made print alike.  The outcome
words of a selection live here, for :mod:`plut_rules.selection` to use too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from plut_rules.values import number_text

__all__ = ["SELECTION_OUTCOMES", "selection_groups", "selection_outcome_label"]

Lang = Literal["id", "en"]

#: The outcomes of a selection, from best to worst, in each language.
SELECTION_OUTCOMES: dict[str, dict[str, str]] = {
    "id": {"selected": "terpilih", "reserve": "cadangan", "passed": "lulus tanpa formasi",
           "failed": "tidak lulus", "tms": "tidak memenuhi syarat"},
    "en": {"selected": "selected", "reserve": "reserve", "passed": "passed without a seat",
           "failed": "failed", "tms": "does not meet the requirements"},
}


def selection_outcome_label(outcome: str, lang: Lang = "id") -> str:
    """A selection outcome in words (``terpilih``, ``cadangan``, ...).

    >>> selection_outcome_label("reserve", "id")
    'cadangan'
    """
    return SELECTION_OUTCOMES[lang][outcome]


def _total(value: Any, lang: Lang) -> str:
    if value is None:
        return "-"
    return number_text(Fraction(Decimal(str(value))), lang, 2)


def selection_groups(result: Mapping[str, Any],
                     open_seats: Iterable[Mapping[str, Any]] = (),
                     lang: Lang = "id") -> list[dict[str, Any]]:
    """One group per (unit, field) that has open seats or candidates, sorted by unit then
    field: ``unit``, ``field``, ``open`` (seats to fill), ``ranked`` (in rank order:
    ``rank``, ``id``, ``name``, ``total`` as text, ``outcome``, ``label``), ``selected`` and
    ``reserves`` (the ids, in rank order), ``others`` (the candidates who failed or do not
    meet the requirements, by id) and ``unfilled`` (seats left open).

    ``result`` is a selection's JSON data (``candidates``, ``unfilled``); ``open_seats``
    the seats it filled (``unit``, ``field``, ``open``).
    """
    seats = {(s["unit"], s["field"]): int(s["open"]) for s in open_seats}
    unfilled = {(u["unit"], u["field"]): int(u["open"]) for u in result.get("unfilled") or ()}
    by_key: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for c in result["candidates"]:
        by_key.setdefault((c["unit"], c["field"]), []).append(c)
    groups = []
    for key in sorted(seats.keys() | by_key.keys() | unfilled.keys()):
        candidates = by_key.get(key, [])
        ranked = sorted((c for c in candidates if c["rank"] is not None),
                        key=lambda c: (c["rank"], c["candidate"]))
        others = sorted((c for c in candidates if c["rank"] is None),
                        key=lambda c: c["candidate"])

        def row(c: Mapping[str, Any]) -> dict[str, Any]:
            return {"rank": c["rank"], "id": c["candidate"], "name": c["name"],
                    "total": _total(c["total"], lang), "outcome": c["outcome"],
                    "label": selection_outcome_label(c["outcome"], lang)}

        groups.append({
            "unit": key[0], "field": key[1], "open": seats.get(key, 0),
            "ranked": [row(c) for c in ranked], "others": [row(c) for c in others],
            "selected": [c["candidate"] for c in ranked if c["outcome"] == "selected"],
            "reserves": [c["candidate"] for c in ranked if c["outcome"] == "reserve"],
            "unfilled": unfilled.get(key, 0),
        })
    return groups
