"""How the text of a cell or field becomes an exact number, per file style.

Numbers are exact: a number means the decimal written (see ``docs/data-files.md``
for the rules of each format).  A number that could be read two ways, such as
``1.250`` in a semicolon-separated file, is an error, never a guess: the error
says what to write instead (a decimal comma in a comma-separated file, a
thousands separator, a unit or ``%`` after the number...).
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

from plut_rules.exact import (
    MAX_DECIMALS,
    NumberOutOfRange,
    not_a_number_words,
    range_error,
    range_words,
)
from plut_rules.wording import Words, say

__all__ = [
    "STYLE_COMMA",
    "STYLE_JSON",
    "STYLE_SEMICOLON",
    "STYLE_SHEET",
    "BadNumber",
    "decimal_comma_split",
    "decimal_mark",
    "text_number",
]

# Number styles: how text in a cell is read as a number.
STYLE_COMMA, STYLE_SEMICOLON, STYLE_SHEET, STYLE_JSON = "comma", "semicolon", "sheet", "json"


_COMMA_NUMBER = re.compile(r"(-?)([0-9]+)(?:\.([0-9]+))?")
_SEMICOLON_NUMBER = re.compile(r"(-?)([0-9]{1,3}(?:\.[0-9]{3})+(?=,)|[0-9]+)(?:,([0-9]+))?")
_SHEET_SIMPLE = re.compile(r"(-?)([0-9]+)(?:[.,]([0-9]+))?")
_SHEET_DOT_THOUSANDS = re.compile(r"(-?)([0-9]{1,3}(?:\.[0-9]{3})+),([0-9]+)")
_SHEET_COMMA_THOUSANDS = re.compile(r"(-?)([0-9]{1,3}(?:,[0-9]{3})+)\.([0-9]+)")
_GROUPED = re.compile(r"-?[0-9]{1,3}(?:([.,])[0-9]{3})+")
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity|∞)", re.IGNORECASE)
_SHEET_ERROR = re.compile(
    r"#(?:DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|GETTING_DATA)"
)


class BadNumber(Exception):
    """Number text that cannot be read; ``code`` and ``words`` make its problem
    (``message`` is the English of ``words``)."""

    def __init__(self, code: str, words: Words) -> None:
        super().__init__(words.english)
        self.code = code
        self.words = words
        self.message = words.english


def _exact(sign: str, whole: str, frac: str | None) -> Fraction:
    """The number of matched parts; outside the number range raises NumberOutOfRange,
    decided on the digits before any conversion (so no huge integer is ever built)."""
    whole = whole.replace(".", "").replace(",", "").lstrip("0")
    frac = (frac or "").rstrip("0")
    if len(whole) > 16:
        raise NumberOutOfRange("is larger than 10^15")
    if len(frac) > MAX_DECIMALS:
        raise NumberOutOfRange(f"has more than {MAX_DECIMALS} decimal places")
    value = Fraction(int(whole + frac or "0"), 10 ** len(frac))
    if len(whole) == 16:  # fewer digits are below 10^15 for sure
        reason = range_error(value)
        if reason is not None:
            raise NumberOutOfRange(reason)
    return -value if sign else value


def decimal_mark(style: str) -> tuple[str, str]:
    """The decimal mark of a style, and an example number written with it."""
    if style == STYLE_SEMICOLON:
        return "comma", "82,5"
    if style == STYLE_SHEET:
        return "point or comma", "82.5"
    return "point", "82.5"


def text_number(text: str, style: str) -> Fraction:
    """The exact value of number text in ``style``, or :class:`BadNumber` saying what to write."""
    try:
        return _text_number(text, style)
    except NumberOutOfRange as exc:
        raise BadNumber("number-out-of-range", range_words(repr(text), exc.reason)) from None


def _text_number(text: str, style: str) -> Fraction:
    if style == STYLE_COMMA:
        m = _COMMA_NUMBER.fullmatch(text)
        if m:
            return _exact(m[1], m[2], m[3])
    elif style == STYLE_SEMICOLON:
        m = _SEMICOLON_NUMBER.fullmatch(text)
        if m:
            return _exact(m[1], m[2], m[3])
    elif style == STYLE_SHEET:
        m = _SHEET_SIMPLE.fullmatch(text)
        if m and not (m[3] is not None and len(m[3]) == 3 and _ambiguous_whole(m[2])):
            return _exact(m[1], m[2], m[3])
        m = _SHEET_DOT_THOUSANDS.fullmatch(text) or _SHEET_COMMA_THOUSANDS.fullmatch(text)
        if m:
            return _exact(m[1], m[2], m[3])
    raise _bad_number(text, style)


def _ambiguous_whole(whole: str) -> bool:
    """Whether ``whole`` could be the first group of a thousands-separated number."""
    return len(whole) <= 3 and whole != "0"


def _bad_number(text: str, style: str) -> BadNumber:
    mark, example = decimal_mark(style)
    shown = repr(text)
    if _NON_FINITE.fullmatch(text):
        return BadNumber("not-finite", say("number.not_finite", shown=shown, example=example))
    if _SHEET_ERROR.match(text):
        return BadNumber("formula-error", say("number.sheet_error", shown=shown))
    grouped = _GROUPED.fullmatch(text)
    if grouped:
        sep = grouped[1]
        plain = text.replace(sep, "")
        if text.count(sep) == 1:
            point = "," if style == STYLE_SEMICOLON else "."
            whole, _, frac = text.partition(sep)
            decimal = f"{whole}{point}{frac.rstrip('0')}".rstrip(point)
            return BadNumber("ambiguous-number", say("number.two_ways", shown=shown,
                                                     plain=plain, decimal=decimal))
        return BadNumber("ambiguous-number",
                         say("number.thousands", shown=shown, sep=sep, plain=plain))
    if style == STYLE_COMMA and re.fullmatch(r"-?[0-9]+,[0-9]+", text):
        fixed = text.replace(",", ".")
        return BadNumber("not-a-number", say("number.decimal_comma", shown=shown, fixed=fixed))
    if style == STYLE_SEMICOLON and re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        fixed = text.replace(".", ",")
        return BadNumber("not-a-number", say("number.decimal_point", shown=shown, fixed=fixed))
    if style in (STYLE_COMMA, STYLE_SEMICOLON) and (
        _SHEET_DOT_THOUSANDS.fullmatch(text) or _SHEET_COMMA_THOUSANDS.fullmatch(text)
    ):
        m = _SHEET_DOT_THOUSANDS.fullmatch(text) or _SHEET_COMMA_THOUSANDS.fullmatch(text)
        assert m is not None
        point = "," if style == STYLE_SEMICOLON else "."
        fixed = f"{m[1]}{m[2].replace('.', '').replace(',', '')}{point}{m[3]}"
        return BadNumber("not-a-number", say("number.separator", shown=shown, fixed=fixed))
    cleaned = re.sub(r"(?i)^rp\.?|%$|\s", "", text)
    if cleaned and cleaned != text:
        try:
            value = text_number(cleaned, style)
        except BadNumber:
            pass
        else:
            del value
            return BadNumber("not-a-number", say("number.not_plain", shown=shown,
                                                 cleaned=cleaned))
    return BadNumber("not-a-number", not_a_number_words(shown, mark, example))


def decimal_comma_split(cells: list[str]) -> tuple[str, str] | None:
    """The last two neighbouring cells that read as one number split at a comma."""
    found = None
    for left, right in itertools.pairwise(cells):
        if re.fullmatch(r"[0-9]+", left) and re.fullmatch(r"[0-9]+", right):
            found = left, right
    return found
