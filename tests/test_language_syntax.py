"""YAML syntax errors in plain words, in Indonesian and English (issue 17, item 2).

A corpus of broken policies, each a mistake an analyst plausibly makes while editing the
shipped 2018 policy in a text editor: every one is one located ``yaml-syntax`` problem at
the line to fix, saying what is wrong and what to write, in Indonesian by default and in
English under ``--lang en``, with none of the parser's own phrases.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli
from plut_rules import PolicyError, parse_policy
from plut_rules.errors import Problem
from plut_rules.shipped import policy_path

BASE = policy_path("2018").read_text(encoding="utf-8")

# What ruamel.yaml says that an analyst should never read.
RAW = ("while parsing", "while scanning", "<block end>", "expected <", "found character",
       "could not find", "not allowed here", "<scalar>", "<block mapping start>")


def edit(old: str, new: str) -> str:
    """The shipped policy with ``old`` (which must be there) replaced once by ``new``."""
    assert old in BASE, old
    return BASE.replace(old, new, 1)


LABEL = "label: Kehadiran (%)"
# (id, broken text, the text the line to fix starts with (stripped of spaces on the left),
#  column, words of the Indonesian message, words of the English message)
CORPUS = [
    ("tab-indent", edit("    keep: 70 ", "\tkeep: 70 "), "\tkeep: 70", 1,
     "indentasi dengan karakter tab", "indented with a tab"),
    ("tab-after-colon", edit("  cap: 1.2", "  cap:\t1.2"), "cap:\t1.2", 7,
     "tulis spasi sebagai gantinya", "write a space instead"),
    ("missing-colon", edit("  cap: 1.2", "  cap 1.2"), "cap 1.2", 3,
     "titik dua ':' setelah kunci 'cap' tidak ada: tulis cap: 1.2",
     "the colon ':' after the key 'cap' is missing: write cap: 1.2"),
    ("missing-colon-before-block", edit("  thresholds:\n    keep", "  thresholds\n    keep"),
     "thresholds\n", 3, "kunci 'thresholds' tidak diikuti titik dua ':': tulis thresholds:",
     "the key 'thresholds' has no colon ':' after it: write thresholds:"),
    ("no-space-after-colon", edit("year: 2018", "year:2018"), "year:2018", 1,
     "tidak ada spasi setelah titik dua", "write year: 2018"),
    ("equals-for-colon", edit("  cap: 1.2", "  cap = 1.2"), "cap = 1.2", 3,
     "bukan '=': tulis cap: 1.2", "not '=': write cap: 1.2"),
    ("note-without-hash", edit("  cap: 1.2", "  cap: 1.2\n  1.2 berarti 120 persen"),
     "1.2 berarti", 3, "awali baris dengan # jika itu catatan",
     "start the line with # if it is a note"),
    ("over-indented-key", edit("    reassign_floor: 55", "      reassign_floor: 55"),
     "reassign_floor: 55", 7,
     "'reassign_floor' menjorok lebih dalam daripada 'keep' pada baris",
     "start 'reassign_floor' at column 5, like 'keep'"),
    ("under-indented-key", edit("    reassign_floor: 55", "   reassign_floor: 55"),
     "reassign_floor: 55", 4, "kurang menjorok dibandingkan 'keep'",
     "start 'reassign_floor' at column 5, like 'keep'"),
    ("over-indented-rule-key", edit("    when: score >= keep\n", "      when: score >= keep\n"),
     "when: score >= keep", 7, "mulai 'when' pada kolom 5, sejajar dengan 'id'",
     "start 'when' at column 5, like 'id'"),
    ("rule-key-at-the-dash", edit("    when: score >= keep\n", "  when: score >= keep\n"),
     "when: score >= keep", 3, "geser 'when' ke kolom 5, sejajar dengan 'id'",
     "indent 'when' to column 5, like 'id'"),
    ("rule-item-misaligned", edit("  - id: capai-target", "   - id: capai-target"),
     "- id: capai-target", 4, "tulis '-' pada kolom 3",
     "write the '-' at column 3"),
    ("dash-without-space", edit("  - id: capai-target", "  -id: capai-target"),
     "-id: capai-target", 3, "tulis - id: capai-target", "write - id: capai-target"),
    ("dash-among-keys", edit("    reassign_floor: 55", "    - reassign_floor: 55"),
     "- reassign_floor: 55", 5, "hapus '- ' dan tulis reassign_floor: 55",
     "remove the '- ' and write reassign_floor: 55"),
    ("dash-in-a-rule", edit("    then: keep\n", "    - then: keep\n"), "- then: keep", 5,
     "jika ini butir baru dari daftar pada baris", "write the '-' at column 3"),
    ("unclosed-double-quote", edit(LABEL, 'label: "Kehadiran (%)'), 'label: "Kehadiran', 14,
     "tanda kutip '\"' yang dibuka di sini tidak ditutup", "add the closing '\"'"),
    ("unclosed-single-quote", edit(LABEL, "label: 'Kehadiran (%)"), "label: 'Kehadiran", 14,
     "tidak ditutup pada baris ini", "is not closed on this line"),
    ("apostrophe-in-single-quotes", edit(LABEL, "label: 'Kehadiran konsultan's'"),
     "label: 'Kehadiran", 14, "label: \"Kehadiran konsultan's\"",
     "for example label: \"Kehadiran konsultan's\""),
    ("text-after-quote", edit(LABEL, 'label: "Kehadiran" konsultan'), 'label: "Kehadiran"', 14,
     "masih ada teks sesudahnya", "more text follows on this line"),
    ("unclosed-bracket", edit("  cap: 1.2", "  cap: [1.2, 1.3"), "cap: [1.2", 8,
     "'[' yang dibuka di sini tidak ditutup: tambahkan ']'",
     "the '[' opened here is not closed: add ']'"),
    ("unclosed-brace", edit("  cap: 1.2", "  cap: 1.2\n  batas: {atas: 1.2"), "batas: {", 10,
     "tambahkan '}'", "add '}'"),
    ("comma-missing-in-braces", edit("  cap: 1.2", "  batas: {atas: 1.2 bawah: 0}"), "batas: {",
     10, "koma ','", "a comma ','"),
    ("percent-first", edit(LABEL, "label: %Kehadiran"), "label: %", 14,
     "tidak boleh diawali '%'", "put the value in double quotes: label: \"%Kehadiran\""),
    ("at-sign-first", edit(LABEL, "label: @kehadiran"), "label: @", 14,
     "tidak boleh diawali '@'", "cannot start with '@'"),
    ("backtick-first", edit(LABEL, "label: `kehadiran`"), "label: `", 14,
     "tidak boleh diawali '`'", "cannot start with '`'"),
    ("star-first", edit(LABEL, "label: *penting"), "label: *", 14,
     "tidak boleh diawali '*'", "cannot start with '*'"),
    ("pipe-first", edit(LABEL, "label: | hadir"), "label: |", 14,
     "tidak boleh diawali '|'", "cannot start with '|'"),
    ("bracket-then-text", edit(LABEL, "label: [wajib] kehadiran"), "label: [wajib]", 14,
     "apit seluruh nilai dengan tanda kutip ganda: label: \"[wajib] kehadiran\"",
     "put the whole value in double quotes: label: \"[wajib] kehadiran\""),
    ("colon-in-value", edit(LABEL, "label: Kehadiran: persen"), "label: Kehadiran:", 7,
     "nilai 'label' memuat ': '", "label: \"Kehadiran: persen\""),
    ("colon-in-reason", edit("reason: Skor kinerja memenuhi ambang",
                             "reason: Catatan: skor kinerja memenuhi ambang"),
     "reason: Catatan:", 5, "apit seluruh nilai", "the value of 'reason' contains ': '"),
    ("list-after-key", edit("  - id: capai-target", "  - id: capai-target\n    tags: - a"),
     "tags: - a", 11, "tulis tags: saja pada baris ini", "write tags: alone on this line"),
    ("backslash-in-double-quotes", edit(LABEL, 'label: "C:\\data\\kehadiran"'),
     'label: "C:', 17, "garis miring terbalik", "write the backslash twice"),
    ("comma-first", edit("  cap: 1.2", "  cap: , 1.2"), "cap: ,", 8,
     "tidak boleh diawali ','", "cannot start with ','"),
    ("percent-line", edit("  cap: 1.2", "  cap: 1.2\n%batas atas"), "%batas", 1,
     "tidak boleh diawali '%'", "put the value in double quotes: \"%batas atas\""),
    ("second-document", BASE + "---\npolicy: lagi\n", "---", 1,
     "dokumen kedua dimulai di sini", "a second document starts here"),
]


def location_expected(text: str, starts: str) -> int:
    """The 1-based number of the only line that starts (after its indentation) with
    ``starts`` (a trailing newline in ``starts`` asks for the whole line)."""
    found = [number for number, line in enumerate(text.split("\n"), 1)
             if (line.lstrip(" ") + "\n").startswith(starts)]
    assert len(found) == 1, (starts, found)
    return found[0]


def syntax_problem(text: str) -> Problem:
    with pytest.raises(PolicyError) as info:
        parse_policy(text, "p.yaml")
    assert [p.code for p in info.value.errors] == ["yaml-syntax"], info.value.errors
    return info.value.errors[0]


@pytest.mark.parametrize(("text", "starts", "column", "indonesian", "english"),
                         [pytest.param(*case[1:], id=case[0]) for case in CORPUS])
def test_a_broken_policy_is_told_in_plain_words_at_the_line_to_fix(
        tmp_path: Path, text: str, starts: str, column: int, indonesian: str,
        english: str) -> None:
    """validate says what is wrong and what to write at the line to fix: Indonesian by
    default, English under --lang en, the same place, no parser jargon in either."""
    line = location_expected(text, starts)
    path = tmp_path / "2018.yaml"
    path.write_text(text, encoding="utf-8")
    outputs = {}
    for lang in ((), ("--lang", "en")):
        result = run_cli("validate", *lang, path)
        assert result.returncode == 1, result.stderr
        first = result.stderr.splitlines()[0]
        assert first.startswith(f"{path}:{line}:{column}: "), result.stderr
        assert not [raw for raw in RAW if raw in first], first
        outputs[lang] = first
    assert indonesian in outputs[()], outputs[()]
    assert english in outputs["--lang", "en"], outputs["--lang", "en"]
    assert outputs[()] != outputs["--lang", "en"]


def test_the_corpus_is_broad() -> None:
    """At least 15 mistakes, each a different one."""
    assert len(CORPUS) >= 15
    assert len({case[1] for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("text", [pytest.param(case[1], id=case[0]) for case in CORPUS])
def test_every_syntax_problem_has_its_indonesian(text: str) -> None:
    """Through the API: the problem carries an Indonesian text of its own."""
    problem = syntax_problem(text)
    assert problem.indonesian is not None and problem.indonesian != problem.message


def test_an_unrecognised_syntax_error_keeps_the_parser_text_framed() -> None:
    """A mistake no case recognises still says where, with the parser's detail framed."""
    problem = syntax_problem("policy: x\nyear: [2018, , 2019]\n")
    assert problem.location is not None and problem.location.line == 2
    assert problem.message.startswith("YAML cannot be read here: ")
    assert problem.text("id").startswith("YAML tidak dapat dibaca di sini: ")


@pytest.mark.parametrize(("data", "english", "indonesian"), [
    pytest.param(b"policy: x\nyear: 2018\nyear: 2019\n",
                 "duplicate key 'year' (first given at line 2); remove one of them",
                 "kunci 'year' ditulis dua kali (pertama kali pada baris 2)", id="duplicate"),
    pytest.param(b"policy: !!python/name:os.system x\n",
                 "the tag !!python/name:os.system is not allowed; policy and data files hold "
                 "plain values only", "tag !!python/name:os.system tidak diizinkan",
                 id="tag"),
    pytest.param(b"policy: x\n? [a]\n: 1\n", "a key must be a plain name",
                 "kunci harus berupa nama biasa", id="bad-key"),
    pytest.param(b"policy: caf\xe9\n",
                 "the file is not UTF-8 (byte 0xe9 cannot be read); save it as UTF-8",
                 "bukan UTF-8 (bita 0xe9", id="not-utf8"),
    pytest.param(b"# kosong\n", "the file is empty", "berkas ini kosong", id="empty"),
    pytest.param(b"policy: x\x01\n",
                 "the file holds U+0001, a control character YAML does not allow; remove it "
                 "(was the file saved as text?)", "karakter kendali", id="control"),
    pytest.param(b"a: " + b"[" * 70 + b"]" * 70 + b"\n",
                 "the document nests more than 64 levels deep; a policy needs only a few",
                 "bersarang lebih dari 64 tingkat", id="too-deep"),
])
def test_the_other_reading_problems_speak_both_languages(
        data: bytes, english: str, indonesian: str) -> None:
    """The English stays as it was; the Indonesian says the same."""
    with pytest.raises(PolicyError) as info:
        parse_policy(data, "p.yaml")
    found = [p for p in info.value.errors if p.message == english]
    assert found, [p.message for p in info.value.errors]
    assert indonesian in found[0].text("id")
