"""The wording catalogue: every entry in both languages, every key asked for exists."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from plut_rules.wording import CATALOGUE, LANGUAGES, text, words

SRC = Path(__file__).resolve().parents[1] / "src" / "plut_rules"
GROUPS = {key.partition(".")[0] for key in CATALOGUE}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_entry_has_both_languages_alike(key: str) -> None:
    """Each key is ``group.name`` and has an Indonesian and an English text with the same
    placeholders (a placeholder missing in one language would fail only in that language)."""
    group, dot, name = key.partition(".")
    assert dot and group and name, key
    indonesian, english = CATALOGUE[key]
    assert indonesian.strip() and english.strip(), key
    assert placeholders(indonesian) == placeholders(english), key


def lookups() -> list[tuple[str, str, str]]:
    """(module, function, literal first argument or the literal start of an f-string) of
    every call of ``text(...)`` or ``words(...)`` from plut_rules.wording in src."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "wording.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: dict[str, str] = {}  # local name -> text/words
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "plut_rules.wording":
                names.update({a.asname or a.name: a.name for a in node.names
                              if a.name in ("text", "words")})
            elif isinstance(node, ast.ImportFrom) and node.module == "plut_rules" and \
                    any(a.name == "wording" for a in node.names):
                names.update({"wording.text": "text", "wording.words": "words"})
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else (
                f"{func.value.id}.{func.attr}" if isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name) else "")
            if called not in names:
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                literal = arg.value
            elif isinstance(arg, ast.JoinedStr) and isinstance(arg.values[0], ast.Constant):
                literal = str(arg.values[0].value) + "*"
            else:
                raise AssertionError(f"{path.name}:{node.lineno}: write the key as a literal")
            found.append((path.name, names[called], literal))
    return found


def test_source_asks_only_for_keys_that_exist() -> None:
    found = lookups()
    # the scan itself works: the views that moved their words here are found
    modules = {module for module, _, _ in found}
    assert {"explain.py", "report.py", "counterfactual.py", "diff.py", "monitor.py"} <= modules
    for module, function, key in found:
        if function == "words":
            assert key in GROUPS, f"{module}: no group {key!r} in the catalogue"
        elif key.endswith("*"):
            assert any(k.startswith(key[:-1]) for k in CATALOGUE), f"{module}: {key}"
        else:
            assert key in CATALOGUE, f"{module}: no key {key!r} in the catalogue"


def test_lookups() -> None:
    assert text("outcome.reassign", "id") == "dipindahkan bidang"
    assert text("diff.impact", "id", n="1.250", k=3) == \
        "Dampak pada 1.250 konsultan: 3 keputusan berubah"
    assert words("monitor", "en")["title"] == "Early warnings"
    assert tuple(words("sheet", "id").values()) == ("keputusan", "rincian_indikator",
                                                    "formasi_kosong", "info")
    assert set(words("explain", "id")) == set(words("explain", "en"))
    assert LANGUAGES == ("id", "en")
    with pytest.raises(ValueError, match="no wording in language 'fr'"):
        text("outcome.keep", "fr")  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        text("outcome.maybe", "en")
