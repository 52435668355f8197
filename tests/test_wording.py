"""The wording catalogue: every entry in both languages, every key asked for exists.

And issue 17, item 8: the explanations read as the evaluation meeting speaks. Fields by
their names, margins and conditions in words, summaries quoting the rule's reason, "1
year", and the same phrase for the same thing in ``explain`` and the report."""

from __future__ import annotations

import ast
import html
import json
import re
import string
from pathlib import Path

import pytest

from conftest import MINIMAL, run_cli, write
from plut_rules.shipped import sample_path
from plut_rules.wording import CATALOGUE, LANGUAGES, text, words

DATA = ["--consultants", str(sample_path("consultants.csv")),
        "--achievements", str(sample_path("achievements.csv"))]
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
        if path.parent.name == "wording":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names: dict[str, str] = {}  # local name -> text/words
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "plut_rules.wording":
                names.update({a.asname or a.name: a.name for a in node.names
                              if a.name in ("text", "words", "say")})
            elif isinstance(node, ast.ImportFrom) and node.module == "plut_rules" and \
                    any(a.name == "wording" for a in node.names):
                names.update({"wording.text": "text", "wording.words": "words",
                              "wording.say": "say"})
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


def keyword_calls() -> list[tuple[str, int, str, set[str]]]:
    """(module, line, key, keyword names) of every ``say("key", name=...)`` and
    ``text("key", lang, name=...)`` in src whose key is a literal and whose values are all
    named (no ``**values``)."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.parent.name == "wording":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("say", "text") and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                    and node.args[0].value in CATALOGUE):
                continue
            if any(k.arg is None for k in node.keywords):
                continue
            found.append((path.name, node.lineno, node.args[0].value,
                          {k.arg for k in node.keywords if k.arg is not None}))
    return found


def test_source_fills_exactly_the_placeholders_of_each_key() -> None:
    """A value given for no placeholder, or a placeholder given no value, would fail (or
    show ``{name}``) only when that problem is met: check every call now."""
    calls = keyword_calls()
    assert calls
    for module, line, key, given in calls:
        wanted = placeholders(CATALOGUE[key][1])
        assert given == wanted, f"{module}:{line}: {key} takes {wanted}, given {given}"


def test_lookups() -> None:
    assert text("outcome.reassign", "id") == "dipindahkan bidang"
    assert text("diff.impact", "id", n="1.250", k=3) == \
        "Dampak pada 1.250 konsultan: 3 keputusan berubah"
    assert words("monitor", "en")["title"] == "Early warnings"
    assert tuple(words("sheet", "id").values()) == ("keputusan", "rincian_indikator",
                                                    "formasi_kosong", "info")
    assert set(words("explain", "id")) == set(words("explain", "en"))
    assert LANGUAGES == ("id", "en")
    assert text("margin.below", "id", amount="2,67") == "kurang 2,67 dari ambang"
    assert text("margin.above", "en", amount="3") == "3 above the threshold"
    assert text("sample.title", "id", mark=text("sample.mark", "id")).startswith(
        "CONTOH / SAMPLE — ")
    with pytest.raises(ValueError, match="no wording in language 'fr'"):
        text("outcome.keep", "fr")  # type: ignore[arg-type]
    with pytest.raises(KeyError):
        text("outcome.maybe", "en")


def test_summaries_quote_the_reason_and_name_fields() -> None:
    """Every summary names fields by name and quotes the deciding rule's reason; no
    condition or value list appears in it."""
    doc = json.loads(run_cli("evaluate", *DATA, "--format", "json").stdout)
    tjp04 = next(d for d in doc["decisions"] if d["consultant"] == "TJP-04")
    assert tjp04["summary"] == (
        "TJP-04 (Agus Salim Harahap) dipindahkan dari bidang Pemasaran ke bidang "
        "Pengembangan Teknologi Informasi menurut aturan pindah-bidang (\"Skor belum "
        "memenuhi ambang, tetapi kompetensi di bidang lain memenuhi syarat\"); skor 64,84.")
    for d in doc["decisions"]:
        assert ">=" not in d["summary"] and " = " not in d["summary"], d["summary"]
        if d["reason"]:
            assert f'("{d["reason"]}")' in d["summary"]


def test_explain_says_conditions_margins_and_fields_in_words() -> None:
    text = run_cli("explain", "PKP-04", *DATA).stdout
    assert "Rekomendasi: DIPINDAHKAN BIDANG ke bidang Produksi\n" in text
    assert "score >= keep  →  tidak terpenuhi" in text
    assert "best_competence >= competence  →  terpenuhi" in text
    assert "berlaku" not in text
    assert "capai-target: score >= keep  (67,33 vs 70): kurang 2,67 dari ambang\n" in text
    assert "-2,67" not in text
    english = run_cli("explain", "PKP-04", *DATA, "--lang", "en").stdout
    assert "Recommendation: REASSIGN to field Produksi\n" in english
    assert "(67.33 vs 70): 2.67 below the threshold\n" in english


def test_one_year_is_singular(tmp_path: Path) -> None:
    """A consultant appointed the year before: "1 year" in English, "1 tahun"."""
    policy = write(tmp_path, MINIMAL)
    people = tmp_path / "k.csv"
    people.write_text("id,name,unit,field,appointed\nK1,Satu,pkp,pemasaran,2017\n"
                      "K2,Dua,pkp,pemasaran,2015\n", encoding="utf-8")
    results = tmp_path / "c.csv"
    results.write_text("consultant,indicator,achievement\nK1,akses_pasar,40\nK1,kehadiran,95\n"
                       "K2,akses_pasar,40\nK2,kehadiran,95\n", encoding="utf-8")
    args = ["--policy", policy, "--consultants", people, "--achievements", results]
    assert "Years served: 1 year\n" in run_cli("explain", "K1", *args, "--lang", "en").stdout
    assert "Years served: 3 years\n" in run_cli("explain", "K2", *args, "--lang", "en").stdout
    assert "Masa kerja: 1 tahun\n" in run_cli("explain", "K1", *args).stdout
    assert run_cli("report", *args, "--output", tmp_path / "r.html", "--lang", "en",
                   ).returncode == 0
    report = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<dd>1 year</dd>" in report and "<dd>3 years</dd>" in report


def test_explain_and_the_report_say_the_same_thing_the_same_way(tmp_path: Path) -> None:
    """The headings, verdicts, counterfactual words and margins of a consultant's
    explanation appear word for word in the report's section of that consultant."""
    for lang in ("id", "en"):
        explained = run_cli("explain", "PKP-04", *DATA, "--lang", lang).stdout
        out = tmp_path / f"r-{lang}.html"
        assert run_cli("report", *DATA, "--lang", lang, "--output", out).returncode == 0
        page = out.read_text(encoding="utf-8")
        found = re.search(r'<section class="consultant reassign" id="c-PKP-04".*?</section>',
                          page, re.S)
        assert found is not None
        section = html.unescape(re.sub(r"<[^>]+>", "", found.group(0)))
        headings = [line.rstrip(":") for line in explained.splitlines()
                    if line.endswith(":") and not line.startswith(" ")]
        assert len(headings) >= 4
        for heading in headings:
            assert heading in section, (lang, heading)
        margin = next(line for line in explained.splitlines()
                      if "capai-target: score >= keep  (" in line)
        assert " ".join(margin.split()) in " ".join(section.split()), (lang, margin)
        verdicts = re.findall(r"→  (.*?)  \[", explained)
        assert len(set(verdicts)) == 2
        for verdict in verdicts:
            assert f"→ {verdict} " in section


def test_braces_are_written_once_with_or_without_values() -> None:
    """A text written with ``{{...}}`` shows ``{...}``, whether or not it has values."""
    braced = [key for key, (indonesian, _) in CATALOGUE.items()
              if "{{" in indonesian and not placeholders(indonesian)]
    assert braced
    for key in braced:
        for lang in LANGUAGES:
            shown = text(key, lang)
            assert "{{" not in shown and "{" in shown, (key, shown)
