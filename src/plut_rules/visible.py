"""Control characters made visible: the one function every text output goes through.

A consultant's name read from a file, or any other text a user gave, may hold
control characters: ``ESC [2J`` clears a terminal, ``ESC [1A ESC [2K`` erases the
line above (an ``OVERRIDDEN`` in ``audit show``), a lone carriage return writes over
the start of the line, a bidirectional override reorders what is read.  What was
given is stored as it is (the audit log keeps the bytes); where text meets a
terminal or a text file it goes through :func:`visible`, which writes each such
character as an escape that shows it: ``\\x1b`` for a C0 control, ``\\u009b`` for
DEL, a C1 control, a line or paragraph separator and a bidirectional control.

Both escapes are valid inside a JSON string and mean the same character there (JSON
writers escape C0 controls themselves; the others they write raw), so JSON output
passed through :func:`visible` stays valid and equal.  Newline and tab are kept.

Owns: :func:`visible`, :func:`control_characters`.  Imports only the standard library.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL", "control_characters", "visible"]

#: The characters :func:`visible` escapes: C0 controls but tab and newline, DEL, C1
#: controls, the line and paragraph separators, and the bidirectional embeddings,
#: overrides and isolates.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with each control character written as the escape that names it.

    >>> visible("PKP-04\\x1b[2J ok\\r\\n")
    'PKP-04\\\\x1b[2J ok\\\\x0d\\n'
    >>> visible("a\\tb\\u202ec")
    'a\\tb\\\\u202ec'
    """
    if CONTROL.search(text) is None:  # the common case costs one scan
        return text
    return CONTROL.sub(_escape, text)


def control_characters(text: str) -> str:
    """The control characters of ``text`` (tab and newline included), as :func:`visible`
    writes them, comma-separated; ``""`` when there are none.

    >>> control_characters("PKP\\x1b[1A\\t")
    '\\\\x1b, \\\\x09'
    """
    found: list[str] = []
    for char in text:
        if char in "\t\n":
            shown = f"\\x{ord(char):02x}"
        elif CONTROL.fullmatch(char):
            shown = visible(char)
        else:
            continue
        if shown not in found:
            found.append(shown)
    return ", ".join(found)
