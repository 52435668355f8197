"""Tokens of a rule condition: characters to numbers, strings, names, keywords and operators.

:func:`tokenize` reads a condition's text into :class:`Token` values, stopping at
the first character it cannot read with an ``error`` token whose message says how
to write it instead (``=`` for ``==``, ``≥`` for ``>=``, ``95%``...).
:func:`text_location` turns an offset in the text into a place in the policy file.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import attrs

from plut_rules.errors import Location
from plut_rules.exact import NumberOutOfRange, parse_decimal, range_words
from plut_rules.wording import Words, say

__all__ = ["KEYWORDS", "NUMBER", "Token", "text_location", "tokenize"]

#: Words that cannot name a variable.
KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false"})


def text_location(origin: Location | None, text: str, offset: int) -> Location | None:
    """Where the character at ``offset`` of ``text`` is, ``text`` starting at ``origin``.

    None without an origin; a line break in ``text`` moves to the next line of the file.
    """
    if origin is None:
        return None
    newlines = text.count("\n", 0, offset)
    if newlines == 0:
        column = None if origin.column is None else origin.column + offset
        return attrs.evolve(origin, column=column)
    line = None if origin.line is None else origin.line + newlines
    return attrs.evolve(origin, line=line, column=offset - text.rfind("\n", 0, offset))


class Token(NamedTuple):
    """One token: its kind, its text (the English message for an ``error``) and its
    offsets; an ``error`` also carries its message in both languages (``words``, None
    when it has no Indonesian yet)."""

    kind: str  # number string name keyword op end error
    text: str  # for an error: the message
    start: int
    end: int
    code: str = "expr-syntax"
    words: Words | None = None


_SPACE = re.compile(r"\s+")
#: A number as a condition writes it: digits with an optional ``.digits``.
NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"\w+")
_OPERATORS = ("<=", ">=", "==", "!=", "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",")
_TWO_CHAR_HINTS: dict[str, Words] = {
    "<>": say("expr.use_not_equal"),
    "=<": say("expr.use_at_most"),
    "=>": say("expr.use_at_least"),
    "&&": say("expr.use_and"),
    "||": say("expr.use_or"),
    "**": say("expr.no_power"),
    "//": say("expr.no_integer_division"),
}
_CHAR_HINTS: dict[str, Words] = {
    "=": say("expr.use_double_equals"),
    "!": say("expr.use_not"),
    "&": say("expr.use_and"),
    "|": say("expr.use_or"),
    "%": say("expr.no_percent"),
    "≥": say("expr.use_instead", ascii=">=", symbol="≥"),
    "≤": say("expr.use_instead", ascii="<=", symbol="≤"),
    "≠": say("expr.use_instead", ascii="!=", symbol="≠"),
    "‘": say("expr.plain_quotes"),
    "’": say("expr.plain_quotes"),
    "“": say("expr.plain_quotes"),
    "”": say("expr.plain_quotes"),
    "#": say("expr.no_comments"),
}


def _char_text(char: str) -> str:
    return f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, ending with an ``end`` token, or with an ``error`` token."""
    tokens: list[Token] = []
    pos, size = 0, len(text)

    def error(message: Words | str, at: int, length: int = 1,
              code: str = "expr-syntax") -> list[Token]:
        # a plain str has no Indonesian yet (the number range's message, from exact)
        worded = message if isinstance(message, Words) else None
        tokens.append(Token("error", str(message), at, at + length, code, worded))
        return tokens

    while True:
        space = _SPACE.match(text, pos)
        if space:
            pos = space.end()
        if pos >= size:
            tokens.append(Token("end", "", size, size))
            return tokens
        char = text[pos]
        if char in "'\"":
            close = text.find(char, pos + 1)
            if close < 0:
                return error(say("expr.unclosed_string", quote=char), pos)
            tokens.append(Token("string", text[pos : close + 1], pos, close + 1))
            pos = close + 1
            continue
        match = NUMBER.match(text, pos)
        if match:
            end = match.end()
            try:
                parse_decimal(match.group())
            except NumberOutOfRange as exc:
                return error(range_words(match.group(), exc.reason), pos, end - pos,
                             "number-out-of-range")
            tokens.append(Token("number", match.group(), pos, end))
            pos = end
            if pos < size and text[pos] == ".":
                if "." in match.group():
                    return error(say("expr.dot_after_number"), pos)
                return error(say("expr.point_without_digits", number=match.group()), pos)
            if pos < size and (text[pos].isalnum() or text[pos] == "_"):
                tail = _WORD.match(text, pos)
                whole = text[match.start() : tail.end() if tail else pos + 1]
                return error(say("expr.not_a_number", whole=repr(whole)), pos)
            continue
        match = _NAME.match(text, pos)
        if match:
            word = match.group()
            kind = "keyword" if word in KEYWORDS else "name"
            tokens.append(Token(kind, word, pos, match.end()))
            pos = match.end()
            if pos < size and text[pos] == "." and kind == "name":
                return error(say("expr.attribute_of_name", word=word), pos)
            continue
        pair = text[pos : pos + 2]
        if pair in _TWO_CHAR_HINTS:
            return error(say("expr.unexpected_hint", what=f"'{pair}'",
                             hint=_TWO_CHAR_HINTS[pair]), pos, 2)
        operator_text = next((op for op in _OPERATORS if text.startswith(op, pos)), None)
        if operator_text is not None:
            tokens.append(Token("op", operator_text, pos, pos + len(operator_text)))
            pos += len(operator_text)
            continue
        if char == ".":
            if pos + 1 < size and text[pos + 1].isdigit():
                digits = NUMBER.match(text, pos + 1)
                written = digits.group() if digits else "5"
                return error(say("expr.leading_point", digits=written), pos)
            if tokens and tokens[-1].text in (")", "]"):
                return error(say("expr.attribute_after_bracket"), pos)
            return error(say("expr.unexpected_dot"), pos)
        hint = _CHAR_HINTS.get(char)
        if hint is not None:
            return error(say("expr.unexpected_hint", what=_char_text(char), hint=hint), pos)
        return error(say("expr.unexpected_character", char=_char_text(char)), pos)

