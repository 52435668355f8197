"""Exact numbers: every number means the decimal written.

Policies and data are read as decimal text and kept as
:class:`fractions.Fraction`, so ``0.1 + 0.2 == 0.3`` holds and a threshold
comparison is never wrong by a binary rounding error.  Only the score is
rounded, once, to 2 decimals, half away from zero, as analysts round.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = [
    "decimal_text",
    "parse_decimal",
    "round_half_away",
    "to_exact",
]

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Exponents beyond this are refused: "1e999999999" would otherwise build a huge integer.
_MAX_EXPONENT = 400


def parse_decimal(text: str) -> Fraction | None:
    """The exact value of a plain decimal literal (``"82.5"``, ``"-3"``, ``"1e3"``), else None."""
    text = text.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return None
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or abs(exponent) > _MAX_EXPONENT:
        return None
    return Fraction(value)


def to_exact(value: object) -> Fraction:
    """Convert a Python number (or decimal text) to the exact decimal it denotes.

    A ``float`` is taken as the shortest decimal that prints as it
    (``0.1`` means one tenth), which is what a person typed.  Booleans,
    NaN and infinities are refused with :class:`ValueError`.
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got a boolean ({value!r})")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite number, got {value!r}")
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"expected a finite number, got {value!r}")
        return Fraction(value)
    if isinstance(value, str):
        parsed = parse_decimal(value)
        if parsed is None:
            raise ValueError(f"expected a decimal number, got {value!r}")
        return parsed
    raise ValueError(f"expected a number, got {type(value).__name__} ({value!r})")


def round_half_away(value: Fraction, places: int) -> Fraction:
    """Round to ``places`` decimals, halves away from zero (82.345 -> 82.35)."""
    scale = 10**places
    num, den = value.numerator, value.denominator
    # |value| * scale rounded half up, in integers: floor((2*|num|*scale + den) / (2*den))
    whole = (2 * abs(num) * scale + den) // (2 * den)
    result = Fraction(whole, scale)
    return -result if num < 0 else result


# denominator -> (decimals, multiplier to 10**decimals), for denominators of the form 2^a 5^b
_DECIMALS: dict[int, tuple[int, int] | None] = {}


def _decimals(den: int) -> tuple[int, int] | None:
    found = _DECIMALS.get(den, False)
    if found is not False:
        return found  # type: ignore[return-value]
    rest, twos, fives = den, 0, 0
    while rest % 2 == 0:
        rest //= 2
        twos += 1
    while rest % 5 == 0:
        rest //= 5
        fives += 1
    result = None
    if rest == 1:
        places = max(twos, fives)
        result = (places, 10**places // den)
    if len(_DECIMALS) < 4096:
        _DECIMALS[den] = result
    return result


def _digits(num: int, places: int) -> str:
    """``num / 10**places`` (num >= 0) as plain decimal text without trailing zeros."""
    if places == 0:
        return str(num)
    whole, rest = divmod(num, 10**places)
    if rest == 0:
        return str(whole)
    return f"{whole}.{str(rest).rjust(places, '0').rstrip('0')}"


def decimal_text(value: Fraction, places: int | None = None) -> str:
    """Plain decimal text without exponent or trailing zeros (``"61.5"``, ``"25"``); the
    texts for readers and JSON are made from it in :mod:`plut_rules.values`.

    With ``places``, the value is first rounded half away from zero.  Without,
    it must have a finite decimal expansion (every number read from a file does);
    otherwise it is given to 12 decimals.
    """
    num, den = value.numerator, value.denominator
    if places is None:
        if den == 1:
            return str(num)
        found = _decimals(den)
        if found is None:
            places = 12
        else:
            sign = "-" if num < 0 else ""
            return sign + _digits(abs(num) * found[1], found[0])
    scale = 10**places
    whole = (2 * abs(num) * scale + den) // (2 * den)
    sign = "-" if num < 0 and whole else ""
    return sign + _digits(whole, places)

