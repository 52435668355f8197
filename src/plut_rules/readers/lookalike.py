"""Text that looks the same but is not: ids that differ only by case, Unicode composition
or a hyphen-like character, and names written with a letter of another alphabet.

Two consultant ids that print alike would be two people with identical-looking rows, so
the consultants reader refuses them (naming both rows); a column name with a Cyrillic
``і`` for ``i`` gets a hint naming the character.
"""

from __future__ import annotations

import unicodedata

from plut_rules.wording import Words, say

__all__ = ["how_they_differ", "identity_key", "lookalike_hint"]

# Characters drawn like "-" that NFKC does not turn into it.
_HYPHENS = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58"}
# Letters of other alphabets drawn like a Latin letter (lower case; names are matched so).
_LATIN_LOOKALIKES = {
    ord(k): v for k, v in {
        "а": "a", "в": "b", "е": "e", "ё": "e", "і": "i", "ї": "i", "ј": "j", "к": "k",
        "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "ѕ": "s", "т": "t", "у": "y",
        "х": "x", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ο": "o", "α": "a", "ε": "e", "ι": "i",
        "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ı": "i",
    }.items()
}


def identity_key(text: str) -> str:
    """What an id is for a reader of it: without case, Unicode composition or the kind
    of hyphen (two ids with one key look alike)."""
    if text.isascii():  # NFKC and the hyphens change no ASCII text; casefold is lower there
        return text.lower()
    return unicodedata.normalize("NFKC", text).translate(_HYPHENS).casefold()


def how_they_differ(one: str, other: str) -> Words:
    """How two look-alike ids differ, for the message that refuses the second."""
    if unicodedata.normalize("NFC", one) == unicodedata.normalize("NFC", other):
        return say("lookalike.nfd")
    odd = sorted({c for c in one + other if ord(c) > 127 and ord(c) in _HYPHENS})
    if odd:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'hyphen')}" for c in odd)
        return say("lookalike.hyphen", names=names)
    if one.casefold() == other.casefold():
        return say("lookalike.case")
    return say("lookalike.compatibility")


def lookalike_hint(name: str) -> tuple[Words, str] | None:
    """For a name with letters of another alphabet that look Latin: a hint naming them,
    and the name in Latin letters; None when it has no such letter."""
    odd = [c for c in dict.fromkeys(name) if ord(c) in _LATIN_LOOKALIKES]
    if not odd:
        return None
    named = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, '?')})" for c in odd)
    return say("lookalike.letter", named=named), name.translate(_LATIN_LOOKALIKES)
