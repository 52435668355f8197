"""Exact numbers and rule values rendered for people and for JSON, in one place.

:mod:`plut_rules.exact` reads and rounds numbers; this module writes them.  A
number is a :class:`~fractions.Fraction` holding the decimal that was written,
so every text here is exact: :func:`number_text` for a reader of Indonesian
(``1.250,5``) or English (``1,250.5``), :func:`json_number` and
:func:`json_plain` for JSON, :func:`value_text` for a value a rule read, and
:func:`exact_text` where a value must be copied back into a file unchanged.

The grouping and decimal symbols are those of the CLDR locales ``id`` and
``en`` (``tests/test_values.py`` checks the output against Babel's
``format_decimal``); they are applied here rather than by Babel at run time
because this runs for every number of every explanation, where Babel is about
five times slower.  Imports only :mod:`plut_rules.exact` (base layer).
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from plut_rules.exact import decimal_text

__all__ = ["exact_text", "json_number", "json_plain", "number_text", "value_text"]

# (group, decimal) symbols of the CLDR locales; both group by three digits
_SYMBOLS = {"id": (".", ","), "en": (",", ".")}


def number_text(value: Fraction, lang: str = "id", places: int | None = 2) -> str:
    """A number as a reader of ``lang`` writes it, rounded to ``places`` (half away from
    zero; None: exact).  Any ``lang`` other than ``id`` is English.

    >>> number_text(Fraction(12505, 10), "id"), number_text(Fraction(12505, 10), "en")
    ('1.250,5', '1,250.5')
    >>> number_text(Fraction(-2, 3), "en", 4)
    '-0.6667'
    """
    text = decimal_text(value, places)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    group, point = _SYMBOLS["id" if lang == "id" else "en"]
    head = len(whole) % 3 or 3
    out = sign + group.join([whole[:head], *(whole[i:i + 3] for i in range(head, len(whole), 3))])
    if frac:
        out += point + frac
    return out


def json_number(value: Fraction, places: int | None = None) -> int | float:
    """A JSON-ready number: an int when whole (after rounding to ``places``), else the
    float that prints as the decimal.

    >>> json_number(Fraction(5, 2)), json_number(Fraction(4)), json_number(Fraction(1, 3), 4)
    (2.5, 4, 0.3333)
    """
    text = decimal_text(value, places)
    if "." not in text:
        return int(text)
    return float(text)


def json_plain(value: Any) -> Any:
    """``value`` for JSON: exact numbers as :func:`json_number`, in mappings, lists and
    tuples too; anything else as it is."""
    if isinstance(value, Fraction):
        return json_number(value)
    if isinstance(value, Mapping):
        return {str(k): json_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_plain(v) for v in value]
    return value


def value_text(value: Any, lang: str) -> str:
    """A value a rule read (number, text, true/false, a list of them), as a reader of
    ``lang`` writes it: numbers to 4 decimals, text quoted.

    >>> value_text((Fraction(1, 4), "x", True), "id")
    "[0,25, 'x', true]"
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Fraction):
        return number_text(value, lang, 4)
    if isinstance(value, tuple):
        return "[" + ", ".join(value_text(v, lang) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


def exact_text(value: Any, max_places: int = 6) -> str:
    """A number as it can be written back into a policy or test file: its decimal when it
    has at most ``max_places`` places, else ``p/q``; anything else as ``str``.

    >>> exact_text(Fraction(5, 4)), exact_text(Fraction(1, 3)), exact_text("x")
    ('1.25', '1/3', 'x')
    """
    if isinstance(value, Fraction):
        if terminating(value, max_places):
            return decimal_text(value)
        return f"{value.numerator}/{value.denominator}"
    return str(value)


def terminating(value: Fraction, max_places: int = 6) -> bool:
    """Whether ``value`` is a decimal of at most ``max_places`` places."""
    return int(10**max_places) % value.denominator == 0
