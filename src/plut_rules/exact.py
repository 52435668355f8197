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

from plut_rules.wording import Words, say, text

__all__ = [
    "MAX_COMPUTED",
    "MAX_DECIMALS",
    "MAX_MAGNITUDE",
    "MAX_NUMBER_CHARS",
    "NUMBER_RANGE",
    "NotExact",
    "NumberOutOfRange",
    "decimal_text",
    "hundredths_half_away",
    "not_a_number_message",
    "not_a_number_words",
    "parse_decimal",
    "range_error",
    "range_message",
    "range_words",
    "reason_words",
    "round_half_away",
    "to_exact",
]

_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)

# The number range, one for policies and data alike (docs/errors.md, "The number range").
#: The largest magnitude a number in a policy or data file may have.
MAX_MAGNITUDE = 10**15
#: The most decimal places a number may have (so no non-zero value is below 10^-9).
MAX_DECIMALS = 9
#: Number text longer than this is refused before it is converted: a number in range needs
#: at most 26 characters, and Python refuses to convert integers of over 4,300 digits.
MAX_NUMBER_CHARS = 100
#: A value a rule condition computes must stay within this magnitude: far beyond any
#: number in range, small enough that no chain of products takes noticeable time.
MAX_COMPUTED = 10**30
#: The rule, as messages state it.
NUMBER_RANGE = text("number.range", "en")
_DECIMALS_SCALE = 10**MAX_DECIMALS


class NumberOutOfRange(ValueError):
    """Number text outside the number range; ``reason`` says why (``is larger than 10^15``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotExact(ValueError):
    """A value :func:`to_exact` refuses; ``words`` says why (the error's text is the English)."""

    def __init__(self, words: Words) -> None:
        super().__init__(words.english)
        self.words = words


def range_error(value: Fraction) -> str | None:
    """Why an exact number is outside the number range (``is larger than 10^15``), or None."""
    numerator, denominator = value.numerator, value.denominator  # ints: fast, exact
    if abs(numerator) > MAX_MAGNITUDE * denominator:
        return "is larger than 10^15"
    if _DECIMALS_SCALE % denominator:
        return f"has more than {MAX_DECIMALS} decimal places"
    return None


def reason_words(reason: str) -> Words:
    """Why a number is outside the range (a :class:`NumberOutOfRange` reason), in words."""
    if reason == "is larger than 10^15":
        return say("number.too_large")
    if reason == f"has more than {MAX_DECIMALS} decimal places":
        return say("number.too_many_decimals", n=MAX_DECIMALS)
    if reason == f"is written with more than {MAX_NUMBER_CHARS} characters":
        return say("number.too_long", n=MAX_NUMBER_CHARS)
    return Words.same(reason)  # pragma: no cover - every reason is one of the above


def range_words(shown: str | Words, reason: str) -> Words:
    """The message for number text ``shown`` outside the range for ``reason``, in words."""
    if isinstance(shown, str) and len(shown) > 60:  # thousands of digits: start and end
        shown = say("number.long_shown", start=shown[:24], end=shown[-8:],
                    n=f"{len(shown):,}")
    return say("number.out_of_range", shown=shown, reason=reason_words(reason),
               range=say("number.range"))


def range_message(shown: str, reason: str) -> str:
    """The message for number text ``shown`` outside the range for ``reason``."""
    return range_words(shown, reason).english


def not_a_number_words(shown: str | Words, mark: str | Words = "point",
                       example: str = "82.5") -> Words:
    """The message for text ``shown`` that is not a number (in policies and data alike),
    in words; ``mark`` is the decimal mark (``"point"``, ``"comma"``, ``"point or comma"``)."""
    if mark == "point":
        mark = say("number.mark_point")
    elif mark == "comma":
        mark = say("number.mark_comma")
    elif mark == "point or comma":
        mark = say("number.mark_either")
    return say("number.not_a_number", shown=shown, mark=mark, example=example)


def not_a_number_message(shown: str, mark: str = "point", example: str = "82.5") -> str:
    """The message for text ``shown`` that is not a number (in policies and data alike)."""
    return not_a_number_words(shown, mark, example).english


def _text_range_error(value: Decimal) -> str | None:
    """:func:`range_error` on a Decimal, without building an exact number of it."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    trailing = 0
    for digit in reversed(digits):
        if digit:
            break
        trailing += 1
    if trailing == len(digits):
        return None  # zero, however written
    if value.adjusted() > 15 or value.copy_abs() > MAX_MAGNITUDE:
        return "is larger than 10^15"
    if exponent + trailing < -MAX_DECIMALS:
        return f"has more than {MAX_DECIMALS} decimal places"
    return None


def parse_decimal(text: str) -> Fraction | None:
    """The exact value of a plain decimal literal (``"82.5"``, ``"-3"``, ``"1e3"``), else None.

    A literal outside the number range raises :class:`NumberOutOfRange`, decided on the
    text (and before any conversion when it is longer than :data:`MAX_NUMBER_CHARS`).
    """
    text = text.strip()
    if not _DECIMAL.fullmatch(text):
        return None
    if len(text) > MAX_NUMBER_CHARS:
        raise NumberOutOfRange(f"is written with more than {MAX_NUMBER_CHARS} characters")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        return None
    reason = _text_range_error(value)
    if reason is not None:
        raise NumberOutOfRange(reason)
    return Fraction(value)


def to_exact(value: object) -> Fraction:
    """Convert a Python number (or decimal text) to the exact decimal it denotes.

    A ``float`` is taken as the shortest decimal that prints as it
    (``0.1`` means one tenth), which is what a person typed.  Booleans,
    NaN and infinities are refused with :class:`NotExact` (a :class:`ValueError`).
    """
    if isinstance(value, bool):
        raise NotExact(say("exact.boolean", value=repr(value)))
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise NotExact(say("exact.not_finite", value=repr(value)))
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotExact(say("exact.not_finite", value=repr(value)))
        return Fraction(value)
    if isinstance(value, str):
        parsed = parse_decimal(value)
        if parsed is None:
            raise NotExact(say("exact.not_decimal", value=repr(value)))
        return parsed
    raise NotExact(say("exact.not_number", type=type(value).__name__, value=repr(value)))


def hundredths_half_away(num: int, den: int) -> int:
    """``num / den`` (``den`` > 0, the two not reduced) in hundredths, rounded half away
    from zero, in integers: ``round_half_away(Fraction(num, den), 2) * 100``."""
    whole = (200 * abs(num) + den) // (2 * den)
    return -whole if num < 0 else whole


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

