"""Problems of the rule language in Indonesian and English (issue 17, item 2).

A corpus of bad ``when:`` conditions, each a mistake an analyst plausibly makes while
editing a rule of the shipped 2018 policy (a misspelt variable, ``=`` for ``==``, ``=>``,
an unclosed parenthesis or quote, ``dan`` for ``and``, a chain ``50 < score < 70``, a
decimal comma, a percentage...): ``validate`` tells each at the same FILE:LINE:COL in
Indonesian by default and in English under ``--lang en``, and through the API every
problem of the language carries an Indonesian text of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from plut_rules import PolicyError, parse_policy
from plut_rules.errors import Location
from plut_rules.lang import MAX_DEPTH, MAX_HEIGHT, MAX_LENGTH, ValueType, check, parse
from plut_rules.shipped import policy_path

BASE = policy_path("2018").read_text(encoding="utf-8")
RULE = "    when: score >= keep\n"
#: the column of a condition's first character in ``RULE``
START = RULE.index("score") + 1

TOO_LONG = "score >= keep" + " and score >= keep" * 120
TOO_DEEP = "(" * (MAX_DEPTH + 10) + "true" + ")" * (MAX_DEPTH + 10)

# (id, the condition written in the rule, the offset of the place to fix in it, the code,
#  words of the Indonesian message, words of the English message)
CORPUS = [
    ("misspelt-variable", "scor >= keep", 0, "unknown-variable",
     "variabel 'scor' tidak dikenal", "unknown variable 'scor'"),
    ("unknown-variable-listed", "nilai_akhir >= keep", 0, "unknown-variable",
     "; variabel yang dikenal: ", "; known variables: "),
    ("upper-case-true", "score >= keep and gates_failed == True", 34, "unknown-variable",
     "true dan false ditulis dengan huruf kecil", "true and false are written in lower case"),
    ("single-equals", "score = keep", 6, "expr-syntax",
     "gunakan == untuk membandingkan", "use == to compare (= alone is not allowed)"),
    ("arrow-for-at-least", "score => keep", 6, "expr-syntax",
     "'=>' tidak semestinya ada di sini: gunakan >= untuk 'paling sedikit'",
     "unexpected '=>': use >= for 'at least'"),
    ("unclosed-parenthesis", "(score >= keep and gates_failed == 0", 0, "expr-syntax",
     "'(' tidak ditutup: tambahkan ')'", "unclosed '(': add ')'"),
    ("stray-quote", "field == 'pemasaran and score >= keep", 9, "expr-syntax",
     "teks tidak ditutup: tambahkan tanda kutip penutup '",
     "unclosed string: add the closing ' at the end of the text"),
    ("dan-for-and", "score >= keep dan gates_failed == 0", 14, "expr-syntax",
     "nama 'dan' tidak semestinya ada di sini: syarat ditulis dengan kata kunci bahasa "
     "Inggris: tulis and, bukan 'dan'",
     "unexpected name 'dan': conditions use English keywords: write and, not 'dan'"),
    ("upper-case-and", "score >= keep AND gates_failed == 0", 14, "expr-syntax",
     "kata kunci ditulis dengan huruf kecil: tulis and",
     "keywords are written in lower case: write and"),
    ("text-compared-to-number", "score >= 'keep'", 9, "expr-type",
     "tidak dapat membandingkan sebuah angka dengan sebuah teks",
     "cannot compare a number with a string: score is a number but 'keep' is a string"),
    ("quoted-number", "score >= '70'", 9, "expr-type",
     "tulis 70 tanpa tanda kutip", "; write 70 without quotes"),
    ("chained", "50 < score < 70", 11, "expr-chained",
     "perbandingan tidak boleh dirangkai: tulis 50 < score and score < 70",
     "comparisons cannot be chained: write 50 < score and score < 70"),
    ("decimal-comma", "score >= 67,5", 11, "expr-syntax",
     "tulis desimal dengan titik: 67.5", "unexpected ',': write decimals with a point: 67.5"),
    ("percentage", "score >= 70%", 11, "expr-syntax",
     "tulis persentase sebagai angka biasa (95, bukan 95%)",
     "write percentages as plain numbers (95, not 95%)"),
    ("too-long", TOO_LONG, 0, "expr-too-long",
     f"syarat ini panjangnya {len(TOO_LONG)} karakter; batasnya {MAX_LENGTH}: pecah menjadi",
     f"the condition is {len(TOO_LONG)} characters long; the limit is {MAX_LENGTH}"),
    ("too-deep", TOO_DEEP, MAX_DEPTH, "expr-too-deep",
     f"bersarang lebih dari {MAX_DEPTH} tingkat", f"nests more than {MAX_DEPTH} levels deep"),
    ("ends-after-and", "score >= keep and", 14, "expr-syntax",
     "syarat berakhir setelah 'and': sebuah nilai harus menyusul",
     "the condition ends after 'and': a value must follow it"),
    ("unicode-at-least", "score ≥ keep", 6, "expr-syntax",
     "gunakan >= sebagai ganti ≥", "use >= instead of ≥"),
    ("and-as-ampersands", "score >= keep && gates_failed == 0", 14, "expr-syntax",
     "gunakan and untuk menggabungkan syarat", "use and to combine conditions"),
    ("a-number-alone", "score", 0, "not-boolean",
     "syarat harus bernilai true atau false", "a condition must be true or false"),
    ("unknown-field", "field == 'pemasaan' and score >= keep", 9, "unknown-value",
     "'pemasaan' bukan nilai yang mungkin untuk field (salah satu dari: ",
     "'pemasaan' is not a possible value of field (one of: "),
    ("in-without-list", "field in 'pemasaran'", 9, "expr-syntax",
     "in harus diikuti daftar dalam kurung siku", "in must be followed by a list"),
    ("function-call", "round(score) >= keep", 0, "expr-syntax",
     "pemanggilan fungsi tidak diizinkan: round(...) tidak dapat dipakai",
     "function calls are not allowed: round(...) cannot be used"),
    ("closing-without-opening", "score >= keep)", 13, "expr-syntax",
     "tidak ada ( pembuka yang berpasangan dengannya", "there is no matching opening ("),
    ("is-for-equals", "score is 70", 6, "expr-syntax",
     "gunakan == atau != untuk membandingkan", "unexpected name 'is': use == or != to compare"),
    ("not-in", "field not in ['pemasaran']", 6, "expr-syntax",
     "'not in' tidak diizinkan: tulis not field in [...]",
     "'not in' is not allowed: write not field in [...]"),
    ("leading-point", "score >= .5", 9, "expr-syntax",
     "tulis 0.5, bukan .5", "write 0.5, not .5"),
    ("number-glued-to-name", "score >= 70x", 11, "expr-syntax",
     "'70x' bukan angka", "'70x' is not a number"),
    ("wrong-closer", "(score >= keep]", 14, "expr-syntax",
     "']' tidak semestinya ada di sini; seharusnya ')'", "unexpected ']'; expected ')'"),
]


def location_expected(text: str, condition: str) -> int:
    found = [number for number, line in enumerate(text.split("\n"), 1)
             if line == f"    when: {condition}"]
    assert len(found) == 1, found
    return found[0]


def edited(condition: str) -> str:
    assert BASE.count(RULE) == 1
    return BASE.replace(RULE, f"    when: {condition}\n", 1)


@pytest.mark.parametrize(("condition", "offset", "code", "indonesian", "english"),
                         [pytest.param(*case[1:], id=case[0]) for case in CORPUS])
def test_a_bad_condition_is_told_in_both_languages_at_the_same_place(
        tmp_path: Path, condition: str, offset: int, code: str, indonesian: str,
        english: str) -> None:
    """validate says what is wrong with the condition and what to write, at its place:
    Indonesian by default, English under --lang en, the same FILE:LINE:COL."""
    text = edited(condition)
    path = tmp_path / "2018.yaml"
    path.write_text(text, encoding="utf-8")
    line = location_expected(text, condition)
    where = f"{path}:{line}:{START + offset}: "
    with pytest.raises(PolicyError) as info:
        parse_policy(text, str(path))
    assert [p.code for p in info.value.errors
            if p.location == Location(str(path), line, START + offset)] == [code]
    outputs = {}
    for lang in ((), ("--lang", "en")):
        result = run_cli("validate", *lang, path)
        assert result.returncode == 1, result.stderr
        told = [line for line in result.stderr.splitlines() if line.startswith(where)]
        assert len(told) == 1, result.stderr
        assert told[0].startswith(f"{where}rules.capai-target.when: "), told[0]
        outputs[lang] = told[0]
    assert indonesian in outputs[()], outputs[()]
    assert english in outputs["--lang", "en"], outputs["--lang", "en"]
    assert english not in outputs[()], outputs[()]


def test_the_corpus_is_broad() -> None:
    """At least 15 mistakes, each a different condition, of every kind of problem."""
    assert len(CORPUS) >= 15
    assert len({case[1] for case in CORPUS}) == len(CORPUS)
    assert {case[3] for case in CORPUS} >= {
        "unknown-variable", "unknown-value", "expr-syntax", "expr-chained", "expr-type",
        "expr-too-long", "expr-too-deep", "not-boolean"}


@pytest.mark.parametrize("condition", [pytest.param(case[1], id=case[0]) for case in CORPUS])
def test_every_problem_of_a_bad_condition_has_its_indonesian(condition: str) -> None:
    """Through the API: each problem the policy has carries an Indonesian text of its own."""
    with pytest.raises(PolicyError) as info:
        parse_policy(edited(condition), "p.yaml")
    assert info.value.errors
    for problem in info.value.errors:
        assert problem.indonesian is not None, problem
        assert problem.indonesian != problem.message, problem


TYPES = {"score": ValueType.NUMBER, "keep": ValueType.NUMBER, "field": ValueType.STRING,
         "passed": ValueType.BOOLEAN}
DOMAINS = {"field": ["pemasaran", "produksi"]}
ORIGIN = Location("p.yaml", 7, 11)

# Every other message of the language, met through lang.parse and lang.check.
MORE = [
    "score > 1 ! 2", "score > “a”", "score > 1 & 2", "score > 1 | 2", "score <> 1",
    "score =< 1", "score // 2 > 1", "score ** 2 > 1", "score ≤ 1", "score ≠ 1",
    "score > 1 # note", "score > 1 ~", "score > 70.", "score > 70.5.", "score.x > 1",
    "(score).x > 1", "score > 1 . 2", "", "score[0] > 1", "score > 1 (2)", "score > 1 [2]",
    "score > 1 if", "score > 1 in 2", "score > 1 and (", "score in []", "score in [1, 2",
    "+score > 1", "()", "score > 1 and not not", "score > [1]", "score > 1 < 2 in [1]",
    "score > 1,", "score > 1 , 2", "score > 1 'a'", "score > 1 ==", "score > not passed",
    "-'a' > 1", "score + 'a' > 1", "score + '1' > 1", "not score", "1 and passed",
    "'a' or passed", "field < 'a'", "passed > true", "score in [1, 'a']",
    "score in [1, '2']", "field == 'x'", "field == 1", "score", "field", "True",
    "pemasaran == field", "nilai_akhir > 1", "score > 1 and score",
]


@pytest.mark.parametrize("condition", MORE)
def test_every_message_of_the_language_has_its_indonesian(condition: str) -> None:
    """Through the API: every problem the parser and the type check find is worded in both
    languages (the two texts differ: no English left under --lang id)."""
    expression, problems = parse(condition, origin=ORIGIN, path="rules[0].when")
    if expression is not None:
        problems = check(expression, TYPES, domains=DOMAINS)
    assert problems, condition
    for problem in problems:
        assert problem.indonesian is not None, problem
        assert problem.indonesian != problem.message, problem
        assert problem.location is not None and problem.location.line == 7


def test_a_condition_too_complex_is_told_in_both_languages() -> None:
    """A chain of operators taller than MAX_HEIGHT, without any nesting."""
    expression, problems = parse("1" + " + 1" * (MAX_HEIGHT + 1) + " > 0", origin=ORIGIN)
    assert expression is None and [p.code for p in problems] == ["expr-too-deep"]
    assert problems[0].message.startswith("the condition is too complex")
    assert problems[0].text("id").startswith("syarat ini terlalu rumit")


def test_english_is_unchanged() -> None:
    """The English a test or docs/errors.md quotes stays exactly what it was."""
    _, problems = parse("score >= 67,5")
    assert problems[0].message == "unexpected ',': write decimals with a point: 67.5"
    _, problems = parse("score > 1 ~")
    assert problems[0].message == "unexpected character '~'"
    expression, _ = parse("score >= '70'")
    assert expression is not None
    assert [p.message for p in check(expression, TYPES)] == [
        "cannot compare a number with a string: score is a number but '70' is a string; "
        "write 70 without quotes"]
