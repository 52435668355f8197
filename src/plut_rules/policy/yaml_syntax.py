"""A YAML syntax error in plain words: what is wrong at which line, and what to write.

ruamel.yaml reports a syntax error in the terms of its parser ("while parsing a block
mapping expected <block end>, but found '<block mapping start>'") at the place where it
gave up, which is often lines after the mistake (an unclosed quote) or the line after it
(a key without its colon).  :func:`explain_syntax_error` recognises the mistakes an
analyst makes while editing a policy in a text editor from the parser's message, its
marks and the source lines, and words each as a catalogue entry (``yaml.*``) located at
the line to fix.  A message it does not recognise keeps the parser's text, framed
("YAML cannot be read here: ...").
"""

from __future__ import annotations

import re
from typing import Any

from plut_rules.errors import Location, Problem
from plut_rules.wording import Words, say

__all__ = ["explain_syntax_error", "in_thousands"]

# YAML's limit on an implicit key ("key: value" with no "?"), in characters on its line.
_MAX_SIMPLE_KEY = 1024

# "key:" at the start of a line (after list dashes), the key's text in group 2.
_KEY = re.compile(r"^(\s*(?:-\s+)*)([^\s#'\"\[\]{}:-][^:#]*?|\"[^\"]*\"|'[^']*')\s*:(?:\s|$)")
_NAME = re.compile(r"^[A-Za-z_][\w-]*$")


def explain_syntax_error(text: str, exc: Any, file: str) -> Problem:
    """The ``yaml-syntax`` problem for ruamel's MarkedYAMLError ``exc`` raised reading
    ``text`` (the file ``file``), in plain words at the line the analyst must fix."""
    source = _Source(text.split("\n"))
    mark = exc.problem_mark or exc.context_mark
    context, problem = exc.context or "", exc.problem or ""
    found = _classify(source, text, context, problem, exc)
    if found is not None:
        words, line, column = found
        return Problem.worded("yaml-syntax", words, Location(file, line + 1, column + 1))
    detail = " ".join(m for m in (context, problem) if m) or "invalid YAML"
    return Problem.worded("yaml-syntax", say("yaml.unrecognised", detail=detail),
                          Location(file, mark.line + 1, mark.column + 1) if mark
                          else Location(file))


def in_thousands(number: int) -> Words:
    """A whole number grouped in thousands as each language writes it (5.242.880, 5,242,880)."""
    return Words(f"{number:,}".replace(",", "."), f"{number:,}")


class _Source:
    """The lines of the file, with what the classification asks of them."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def previous_content(self, index: int) -> int | None:
        """The nearest line above ``index`` holding more than blanks or a comment."""
        for before in range(min(index, len(self.lines)) - 1, -1, -1):
            stripped = self.lines[before].strip()
            if stripped and not stripped.startswith("#"):
                return before
        return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_of(line: str) -> tuple[str, int] | None:
    """The key a line starts (after any list dashes) and its column, if it starts one."""
    match = _KEY.match(line)
    if match is None:
        return None
    return match.group(2).strip(), len(match.group(1))


def _without_comment(value: str) -> str:
    return re.split(r"\s#", value, maxsplit=1)[0].rstrip()


def _quoted(value: str) -> str:
    """``value`` as a quoted YAML scalar: double quotes unless it holds one."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _written(line: str, column: int, value: str) -> str:
    """The line as it should be written: its key (if any, before ``column``) and ``value``."""
    key = _key_of(line)
    if key is not None and key[1] < column:
        return f"{key[0]}: {value}"
    return value


_Found = tuple[Words, int, int]


def _classify(source: _Source, text: str, context: str, problem: str,
              exc: Any) -> _Found | None:
    pm, cm = exc.problem_mark, exc.context_mark
    if pm is None:
        return None
    return (_classify_characters(source, context, problem, pm, cm)
            or _classify_structure(source, text, context, problem, pm, cm))


def _classify_characters(source: _Source, context: str, problem: str, pm: Any,
                         cm: Any) -> _Found | None:
    """The scanner's errors: a tab, a quote, a character YAML reserves."""
    line = source.line(pm.line)
    if "\\t" in problem:
        return _tab(source, pm)
    if "quoted scalar" in context and cm is not None:
        quote = source.line(cm.line)[cm.column: cm.column + 1] or '"'
        if "end of stream" in problem:
            return say("yaml.unclosed_quote_end", quote=repr(quote)), cm.line, cm.column
        if "escape" in problem:
            backslash = pm.column - 1 if line[pm.column - 1: pm.column] == "\\" else pm.column
            return say("yaml.bad_escape"), pm.line, backslash
    if "that cannot start any token" in problem:
        char = line[pm.column: pm.column + 1]
        return _cannot_start(line, pm.line, pm.column, char)
    if "undefined alias" in problem or context.startswith(("while scanning an anchor",
                                                           "while scanning an alias")):
        at = cm if cm is not None and "undefined alias" not in problem else pm
        return _cannot_start(source.line(at.line), at.line, at.column, "&" if "anchor" in context
                             else "*")
    if context.startswith("while scanning a block scalar") and cm is not None:
        at_line = source.line(cm.line)
        return _cannot_start(at_line, cm.line, cm.column, at_line[cm.column: cm.column + 1])
    if "mapping keys are not allowed here" in problem:
        return _cannot_start(line, pm.line, pm.column, "?")
    if (context.startswith("while parsing a block node")
            and line[pm.column: pm.column + 1] in ",]}?-"):
        return _cannot_start(line, pm.line, pm.column, line[pm.column])
    if "directive" in context or "'<document start>'" in problem:
        # a line starting with '%' is a directive to YAML
        at = next((n for n, text in enumerate(source.lines) if text.startswith("%")), None)
        if at is not None:
            return _cannot_start(source.line(at), at, 0, "%")
    return None


def _classify_structure(source: _Source, text: str, context: str, problem: str, pm: Any,
                        cm: Any) -> _Found | None:
    """The errors of the structure: a colon, an indentation, a '-', a bracket."""
    line = source.line(pm.line)
    if "could not find expected ':'" in problem and cm is not None:
        return _missing_colon(source, cm)
    if "mapping values are not allowed here" in problem:
        return _colon_in_value(source, pm)
    if "sequence entries are not allowed here" in problem:
        return _dash_after_key(line, pm)
    if "found another document" in problem:
        return say("yaml.second_document"), pm.line, pm.column
    if context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")):
        return _unclosed_flow(source, context, cm, pm)
    if "expected <block end>" in problem:
        return _block_end(source, text, problem, pm)
    return None


def _tab(source: _Source, pm: Any) -> _Found:
    line = source.line(pm.line)
    if line[: pm.column].strip():
        return say("yaml.tab_inside"), pm.line, pm.column
    return say("yaml.tab_indent"), pm.line, pm.column


def _missing_colon(source: _Source, cm: Any) -> _Found:
    """"while scanning a simple key ... could not find expected ':'": the line at the
    context mark has no colon after its key (or is text where a key is expected)."""
    line = source.line(cm.line)
    if len(line) > _MAX_SIMPLE_KEY:
        key = line.split(":", 1)[0].strip()
        return (say("yaml.key_too_long", limit=_MAX_SIMPLE_KEY,
                    length=in_thousands(len(line)), key=repr(key[:20])), cm.line, cm.column)
    body = _without_comment(line[cm.column:])
    glued = re.match(r"^([A-Za-z_][\w-]*):(\S.*)$", body)
    if glued:
        fix = f"{glued.group(1)}: {glued.group(2)}"
        return say("yaml.no_space_after_colon", fix=fix), cm.line, cm.column
    equals = re.match(r"^([A-Za-z_][\w-]*)\s*=\s*(.*)$", body)
    if equals:
        fix = f"{equals.group(1)}: {equals.group(2)}".rstrip()
        return say("yaml.equals_for_colon", fix=fix), cm.line, cm.column
    words = body.split(None, 1)
    if len(words) == 1 and _NAME.match(words[0]):
        return say("yaml.missing_colon_alone", key=repr(words[0]), fix=words[0] + ":"), \
            cm.line, cm.column
    if len(words) == 2 and _NAME.match(words[0]):
        return say("yaml.missing_colon", key=repr(words[0]),
                   fix=f"{words[0]}: {words[1]}"), cm.line, cm.column
    return say("yaml.text_without_key"), cm.line, cm.column


def _cannot_start(line: str, index: int, column: int, char: str) -> _Found:
    """A value (or key) starting with a character YAML reserves (% @ ` * & | > ?)."""
    value = _without_comment(line[column:])
    fix = _written(line, column, _quoted(value))
    return say("yaml.reserved_start", char=repr(char), fix=fix), index, column


def _colon_in_value(source: _Source, pm: Any) -> _Found:
    """"mapping values are not allowed here": a ': ' inside a value, or a line indented
    further than the one above (YAML reads it as the rest of that line's value)."""
    line = source.line(pm.line)
    key = _key_of(line)
    if key is not None and key[1] + len(key[0]) < pm.column:
        value_start = line.index(":", key[1] + len(key[0])) + 1
        value = _without_comment(line[value_start:]).strip()
        fix = f"{key[0]}: {_quoted(value)}"
        return say("yaml.colon_in_value", key=repr(key[0]), fix=fix), pm.line, key[1]
    return _over_indented(source, pm.line)


def _over_indented(source: _Source, index: int) -> _Found:
    line = source.line(index)
    column = _indent(line)
    before = source.previous_content(index)
    name = _key_of(line)
    key = repr(name[0]) if name else say("yaml.this_line")
    if before is not None:
        above = _key_of(source.line(before))
        if above is not None and above[1] < column:
            return (say("yaml.over_indented", above=before + 1, key=key, above_key=repr(above[0]),
                        column=above[1] + 1), index, column)
    return say("yaml.over_indented_plain", key=key), index, column


def _dash_after_key(line: str, pm: Any) -> _Found:
    key = _key_of(line)
    if key is not None and key[1] < pm.column:
        item = _without_comment(line[pm.column:])
        return (say("yaml.dash_after_key", key=repr(key[0]), fix_key=key[0] + ":", item=item),
                pm.line, pm.column)
    return say("yaml.dash_here"), pm.line, pm.column


def _unclosed_flow(source: _Source, context: str, cm: Any, pm: Any) -> _Found | None:
    if cm is None:
        return None
    opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
    if cm.line == pm.line and pm.column < len(source.line(pm.line)):
        return (say("yaml.flow_missing_comma", pair=f"{opener}...{closer}", closer=repr(closer),
                    column=pm.column + 1), cm.line, cm.column)
    return (say("yaml.unclosed_flow", opener=repr(opener), closer=repr(closer)),
            cm.line, cm.column)


def _token_before(text: str, index: int) -> Any:
    """The last scalar or end of a [...] / {...} that ends at or before ``index``."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import FlowMappingEndToken, FlowSequenceEndToken, ScalarToken

    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    best = None
    try:
        for token in yaml.scan(text):
            if token.start_mark.index >= index:
                break
            if (isinstance(token, ScalarToken | FlowMappingEndToken | FlowSequenceEndToken)
                    and token.end_mark.index <= index
                    and (best is None or token.end_mark.index >= best.end_mark.index)):
                best = token
    except YAMLError:
        pass
    return best


def _block_end(source: _Source, text: str, problem: str, pm: Any) -> _Found | None:
    """"expected <block end>, but found ...": an unclosed quote, text after a closing
    quote or bracket, a '-' among keys, or a line indented wrongly."""
    found = _after_token(source, text, pm)
    if found is not None:
        return found
    line = source.line(pm.line)
    stripped = line.lstrip(" ")
    column = _indent(line)
    if pm.column != column:
        return None
    if stripped.startswith("-") and not stripped.startswith(("- ", "-\t")) and stripped != "-":
        return say("yaml.dash_without_space", fix="- " + stripped[1:]), pm.line, column
    if "'-'" in problem:
        return _dash_in_mapping(source, pm.line)
    if stripped.startswith("- "):
        item = _item_misaligned(source, pm.line)
        if item is not None:
            return item
    return _indentation(source, pm.line)


def _after_token(source: _Source, text: str, pm: Any) -> _Found | None:
    """What the token before the parser's mark tells: a quote opened and closed lines
    later, or text after a closing quote or bracket on the same line."""
    from ruamel.yaml.tokens import ScalarToken

    before = _token_before(text, pm.index)
    if before is None:
        return None
    start = before.start_mark
    if isinstance(before, ScalarToken) and before.style in ("'", '"'):
        if start.line != before.end_mark.line:
            return (say("yaml.unclosed_quote", quote=repr(before.style),
                        end=before.end_mark.line + 1), start.line, start.column)
        if before.end_mark.line == pm.line:
            return _text_after_quote(source.line(start.line), start, before.style)
    elif not isinstance(before, ScalarToken) and before.end_mark.line == pm.line:
        opener = "[" if before.id == "]" else "{"
        return _text_after_bracket(source.line(pm.line), opener, pm.line)
    return None


def _indentation(source: _Source, index: int) -> _Found | None:
    """A line whose indentation fits none of the lines above: further than the line
    above (over-indented), at a list's '-', or between two levels (under-indented)."""
    line = source.line(index)
    column = _indent(line)
    above = source.previous_content(index)
    if above is None:
        return None
    above_line = source.line(above)
    above_key = _key_of(above_line)
    above_column = above_key[1] if above_key else _indent(above_line)
    if column > above_column:
        return _over_indented(source, index)
    name = _key_of(line)
    key = repr(name[0]) if name else say("yaml.this_line")
    if above_line.lstrip(" ").startswith("-") and column == _indent(above_line):
        if above_key is None:
            return say("yaml.at_dash_column_item", above=above + 1, key=key), index, column
        return (say("yaml.at_dash_column", above=above + 1, key=key, above_key=repr(above_key[0]),
                    column=above_column + 1), index, column)
    return (say("yaml.under_indented", above=above + 1, key=key,
                above_key=repr(above_key[0]) if above_key else say("yaml.that_line"),
                column=above_column + 1), index, column)


def _text_after_quote(line: str, start: Any, quote: str) -> _Found:
    value = _without_comment(line[start.column + 1:])
    if value.endswith(quote):
        value = value[:-1]
    fix = _written(line, start.column, _quoted(value))
    return say("yaml.text_after_quote", quote=repr(quote), fix=fix), start.line, start.column


def _text_after_bracket(line: str, opener: str, index: int) -> _Found:
    key = _key_of(line)
    column = line.index(":", key[1] + len(key[0])) + 1 if key else _indent(line)
    value = _without_comment(line[column:]).strip()
    column = line.index(value, column) if value else column
    fix = _written(line, column, _quoted(value))
    return say("yaml.text_after_bracket", opener=repr(opener), fix=fix), index, column


def _dash_in_mapping(source: _Source, index: int) -> _Found:
    """A list item '- ' where the keys of a mapping go: either a key written with a dash
    by mistake, or a new list item indented too far."""
    line = source.line(index)
    column = _indent(line)
    fix = _without_comment(line.lstrip(" ")[1:].lstrip(" "))
    for above in range(index - 1, -1, -1):
        other = source.line(above)
        if (other.strip() and not other.lstrip().startswith("#")
                and other.lstrip(" ").startswith("- ") and _indent(other) < column):
            return (say("yaml.dash_in_mapping_or_item", fix=fix, above=above + 1,
                        column=_indent(other) + 1), index, column)
        if other.strip() and not other.lstrip().startswith("#") and _indent(other) < column:
            break
    return say("yaml.dash_in_mapping", fix=fix), index, column


def _item_misaligned(source: _Source, index: int) -> _Found | None:
    """A list item whose '-' is not at the column of the items above it."""
    column = _indent(source.line(index))
    for above in range(index - 1, -1, -1):
        other = source.line(above)
        if other.lstrip(" ").startswith("- "):
            if _indent(other) == column:
                return None
            return (say("yaml.item_misaligned", above=above + 1, column=_indent(other) + 1),
                    index, column)
    return None
