"""Hostile and broken input (issue 6): never a crash, hang, huge allocation, wrong number or code.

One test (or one parametrized case) per bullet of the issue, then the
properties: any bytes as a policy or data file give a result or our own error,
and every problem names a file and a line (or a sheet and a cell).  Time is
bounded with hypothesis deadlines and memory with resource limits or
tracemalloc, never with a wall-clock assertion.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tracemalloc
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, run_cli, write
from plut_rules import (
    Achievement,
    Consultant,
    DataError,
    EvaluationError,
    PlutRulesError,
    PolicyError,
    Problem,
    check_policy,
    evaluate,
    load_policy,
    parse_policy,
)
from plut_rules.readers import parse_achievements, parse_consultants


def policy_errors(data: bytes | str, file: str = "p.yaml") -> list[Problem]:
    """The errors of a policy given as bytes or text; asserts that it is refused."""
    with pytest.raises(PolicyError) as info:
        parse_policy(data, file)
    return list(info.value.errors)


def one(problems: list[Problem], code: str) -> Problem:
    """The problem with ``code``, which must be there."""
    found = [p for p in problems if p.code == code]
    assert found, [str(p) for p in problems]
    return found[0]


# --------------------------------------------------------------------------- YAML


@pytest.mark.parametrize(("text", "line", "column", "words"), [
    pytest.param("policy: x\nyear: 2018\nunits:\n\tpkp: {name: A}\n", 4, 1, "with a tab",
                 id="tab-indent"),
    pytest.param("policy: x\nyear: 2018\nunits:\n  a: 1\n    b: 2\n", 5, 5,
                 "indented further than 'a' on line 4", id="over-indented"),
    pytest.param("policy: x\nyear: 2018\nunits:\n  a: 1\n b: 2\n", 5, 2,
                 "indented less than 'a' on line 4", id="under-indented"),
    pytest.param('policy: x\ntitle: "Evaluasi\nyear: 2018\n', 2, 8, "never closed",
                 id="unclosed-double-quote"),
    pytest.param("policy: x\ntitle: 'Evaluasi\nyear: 2018\n", 2, 8, "never closed",
                 id="unclosed-single-quote"),
    pytest.param("policy: x\nunits: {a: 1\nyear: 2018\n", 2, 8, "'{' opened here is not closed",
                 id="unclosed-brace"),
    pytest.param("policy: x\nyear: 20\x0018\n", 2, 9, "control character", id="nul-byte"),
])
def test_yaml_syntax_errors_have_line_and_column(
        text: str, line: int, column: int, words: str) -> None:
    """Every common YAML mistake is one yaml-syntax problem at the line to fix, in plain words
    (tests/test_language_syntax.py holds the whole corpus)."""
    problem = one(policy_errors(text), "yaml-syntax")
    assert problem.location is not None
    assert (problem.location.file, problem.location.line, problem.location.column) == (
        "p.yaml", line, column)
    assert words in problem.message
    assert str(problem).startswith(f"p.yaml:{line}:{column}: ")


def test_duplicate_keys_name_both_lines() -> None:
    """A key given twice is refused at the second, naming the first."""
    text = MINIMAL.replace("year: 2018\n", "year: 2018\nyear: 2019\n")
    problem = one(policy_errors(text), "duplicate-key")
    assert problem.location is not None and problem.location.line == 3
    assert "line 2" in problem.message


def test_duplicate_keys_nested() -> None:
    """Duplicates deep inside are found too (a second `keep` threshold)."""
    text = MINIMAL.replace("{keep: 70,", "{keep: 70, keep: 71,")
    assert one(policy_errors(text), "duplicate-key").location is not None


BILLION_LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
) + "policy: x\nyear: 2018\n"

_LIMITED = textwrap.dedent("""\
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (768 * 2**20, 768 * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (60, 60))
    from plut_rules import PolicyError, parse_policy
    try:
        parse_policy(sys.stdin.buffer.read(), "lol.yaml")
    except PolicyError as exc:
        print(*sorted({p.code for p in exc.errors}))
        print(exc.errors[0])
""")


@pytest.mark.skipif(sys.platform != "linux", reason="address-space limit is Linux-specific")
def test_billion_laughs_is_refused_within_memory_and_cpu_limits() -> None:
    """9**9 aliases are refused as too-large in a process limited to 768 MB and 60 s of CPU."""
    result = subprocess.run([sys.executable, "-c", _LIMITED], input=BILLION_LAUGHS.encode(),
                            capture_output=True, timeout=300, check=False)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert out.splitlines()[0] == "too-large"
    assert out.splitlines()[1].startswith("lol.yaml:1:")


def test_billion_laughs_bounded_allocation() -> None:
    """The same, in process: what Python allocates stays far below the expansion's size."""
    tracemalloc.start()
    try:
        one(policy_errors(BILLION_LAUGHS), "too-large")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 400 * 2**20


def test_small_aliases_are_fine() -> None:
    """Anchors and aliases of modest size are ordinary YAML and keep working."""
    text = MINIMAL.replace("units:\n  pkp: {name: Unit PKP, evaluator: Dinas}",
                           "units:\n  pkp: &u {name: Unit PKP, evaluator: Dinas}\n  bka: *u")
    policy = parse_policy(text, "p.yaml")
    assert [u.id for u in policy.units] == ["pkp", "bka"]


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['echo owned']",
    "!!python/object:os.system {}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!<tag:yaml.org,2002:python/object/apply:subprocess.call> [[touch, owned]]",
    "!custom x",
    "!!binary aGVsbG8=",
    "!!timestamp 2018-01-01",
])
def test_python_and_other_tags_are_refused(tag: str, tmp_path: Path) -> None:
    """No tag constructs anything: each is one tag-not-allowed problem, nothing runs."""
    text = MINIMAL.replace("title", "x").replace("policy: uji", f"policy: {tag}")
    problems = policy_errors(text, str(tmp_path / "p.yaml"))
    assert [p.code for p in problems] == ["tag-not-allowed"]
    assert problems[0].location is not None and problems[0].location.line == 1
    assert not (tmp_path / "owned").exists()


@pytest.mark.parametrize(("data", "line", "column"), [
    pytest.param("policy: x\ntitle: caf\xe9\nyear: 2018\n".encode("latin-1"), 2, 11,
                 id="latin-1"),
    pytest.param("policy: x\n".encode("utf-16"), 1, 1, id="utf-16"),
    pytest.param(b"policy: x\nyear: \xff\xfe\n", 2, 7, id="garbage"),
])
def test_not_utf8_is_located(data: bytes, line: int, column: int) -> None:
    """A file that is not UTF-8 is one not-utf8 problem at the first bad byte."""
    problem = one(policy_errors(data), "not-utf8")
    assert problem.location is not None
    assert (problem.location.line, problem.location.column) == (line, column)
    assert "UTF-8" in problem.message


def test_bom_is_accepted() -> None:
    """A UTF-8 BOM (Notepad) is fine."""
    assert parse_policy(b"\xef\xbb\xbf" + MINIMAL.encode(), "p.yaml").id == "uji"


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"# only a comment\n", b"\xef\xbb\xbf",
                                  b"---\n", b"--- # nothing\n"])
def test_empty_file(data: bytes) -> None:
    """An empty policy (or one of only comments) says so."""
    problem = one(policy_errors(data), "empty-file")
    assert str(problem).startswith("p.yaml:1:1: ")


@pytest.mark.parametrize("data", [b"hello", b"- a\n- b\n", b"42\n"])
def test_not_a_mapping(data: bytes) -> None:
    """A document that is not a mapping is refused plainly."""
    one(policy_errors(data), "not-a-mapping")


@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "]" * 5000,
                                  "a: " + "{b: " * 5000 + "1" + "}" * 5000,
                                  "".join(f"{'  ' * i}k{i}:\n" for i in range(200)) + "  x"])
def test_deep_yaml_nesting_is_refused_at_its_place(text: str) -> None:
    """Nesting beyond the bound is too-deep at a line and column, never a RecursionError."""
    problem = one(policy_errors(text), "too-deep")
    assert problem.location is not None and problem.location.line is not None
    assert problem.location.column is not None


def test_50_mb_policy_is_refused_reading_only_a_bounded_prefix(tmp_path: Path) -> None:
    """A 50 MB policy file is refused; at most the 5 MB limit is ever held in memory."""
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"policy: x\nyear: 2018\ntitle: ")
        handle.truncate(50 * 2**20)  # sparse: no need to write 50 MB to disk
    tracemalloc.start()
    try:
        policy, problems = check_policy(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert policy is None
    problem = one(problems, "file-too-large")
    assert problem.location is not None and problem.location.file == str(path)
    assert peak < 12 * 2**20


def test_50_mb_policy_from_the_command_line(tmp_path: Path) -> None:
    """The CLI says the same, exit 1, no traceback."""
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 2**20)
    result = run_cli("validate", path, "--lang", "en")
    assert result.returncode == 1
    assert "file-too-large" not in result.stderr  # codes are for docs; messages for people
    assert "larger than" in result.stderr and "Traceback" not in result.stderr


# --------------------------------------------------------------------------- extends


def test_extends_cycle_of_two_and_three(tmp_path: Path) -> None:
    """a -> b -> a and a -> b -> c -> a are refused, naming the whole cycle."""
    write(tmp_path, "extends: b.yaml\nyear: 2018\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\nyear: 2018\n", "b.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "a.yaml", display="a.yaml")
    problem = one(list(info.value.errors), "extends-cycle")
    assert "a.yaml -> b.yaml -> a.yaml" in problem.message
    assert str(problem).startswith("b.yaml:1:10: ")

    write(tmp_path, "extends: y.yaml\nyear: 2018\n", "x.yaml")
    write(tmp_path, "extends: z.yaml\nyear: 2018\n", "y.yaml")
    write(tmp_path, "extends: x.yaml\nyear: 2018\n", "z.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(tmp_path / "x.yaml", display="x.yaml")
    assert "x.yaml -> y.yaml -> z.yaml -> x.yaml" in one(
        list(info.value.errors), "extends-cycle").message


def test_extends_self(tmp_path: Path) -> None:
    """A file extending itself is a cycle too."""
    path = write(tmp_path, "extends: a.yaml\nyear: 2018\n", "a.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    one(list(info.value.errors), "extends-cycle")


def test_extends_missing_parent_is_named(tmp_path: Path) -> None:
    """A missing parent names the parent's path and the extends line."""
    path = write(tmp_path, "extends: 2017.yaml\nyear: 2018\n", "policies/2018.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(path, display="policies/2018.yaml")
    problem = one(list(info.value.errors), "extends-missing")
    assert "policies/2017.yaml" in problem.message
    assert str(problem).startswith("policies/2018.yaml:1:10: ")


@pytest.mark.parametrize("parent", ["../shared/2017.yaml", "ABSOLUTE",
                                    "sub/../../shared/2017.yaml"])
def test_extends_outside_the_folder_is_refused_unless_allowed(tmp_path: Path, parent: str) -> None:
    """A parent outside the policy's folder tree is refused; allow_outside=True permits it."""
    write(tmp_path, MINIMAL, "shared/2017.yaml")
    (tmp_path / "policies" / "sub").mkdir(parents=True)
    if parent == "ABSOLUTE":
        parent = str(tmp_path / "shared" / "2017.yaml")
    path = write(tmp_path, f"extends: {parent}\nyear: 2018\n", "policies/2018.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    problem = one(list(info.value.errors), "extends-outside")
    assert problem.location is not None and problem.location.line == 1
    assert "2017.yaml" in problem.message and "--allow-outside-extends" in problem.message
    assert load_policy(path, allow_outside=True).year == 2018
    policy, _ = check_policy(path, allow_outside=True)
    assert policy is not None


def test_extends_outside_checks_every_link(tmp_path: Path) -> None:
    """A grandparent outside the first file's folder is refused as well."""
    write(tmp_path, MINIMAL, "outside.yaml")
    write(tmp_path, "extends: ../outside.yaml\nyear: 2017\n", "policies/2017.yaml")
    path = write(tmp_path, "extends: 2017.yaml\nyear: 2018\n", "policies/2018.yaml")
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    problem = one(list(info.value.errors), "extends-outside")
    assert problem.location is not None and problem.location.file.endswith("2017.yaml")


def test_extends_into_a_subfolder_is_inside(tmp_path: Path) -> None:
    """Parents in the policy's folder or below it need no option."""
    write(tmp_path, MINIMAL, "policies/base/2017.yaml")
    path = write(tmp_path, "extends: base/2017.yaml\nyear: 2018\n", "policies/2018.yaml")
    assert load_policy(path).year == 2018


def test_extends_outside_on_the_command_line(tmp_path: Path) -> None:
    """--allow-outside-extends is the CLI's explicit permission (validate and evaluate)."""
    write(tmp_path, MINIMAL, "shared/2017.yaml")
    path = write(tmp_path, "extends: ../shared/2017.yaml\nyear: 2018\n", "policies/2018.yaml")
    refused = run_cli("validate", "--lang", "en", path)
    assert refused.returncode == 1 and "outside the folder" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert run_cli("validate", "--allow-outside-extends", path).returncode == 0
    assert run_cli("evaluate", "--policy", path, "--sample").returncode == 1
    # the shipped sample data does not fit this policy, but the policy itself loads:
    allowed = run_cli("evaluate", "--allow-outside-extends", "--policy", path, "--sample")
    assert "outside the folder" not in allowed.stderr and "Traceback" not in allowed.stderr


# --------------------------------------------------------------------------- expressions


WHEN_LINE = MINIMAL.splitlines().index("    when: score >= keep") + 1


def _with_when(when: str) -> str:
    return MINIMAL.replace("when: score >= keep", f"when: {when}")


@pytest.mark.parametrize(("when", "code"), [
    ('"' + " or ".join(["score >= keep"] * 400) + '"', "expr-too-long"),
    ('"' + "(" * 200 + "score >= keep" + ")" * 200 + '"', "expr-too-deep"),
    ('"' + "not " * 200 + "true" + '"', "expr-too-deep"),
    ('"' + "-" * 200 + "score >= keep" + '"', "expr-too-deep"),
])
def test_long_and_deep_expressions_are_bounded(when: str, code: str) -> None:
    """Very long or deeply nested conditions are refused with a clear, located error."""
    problem = one(policy_errors(_with_when(when)), code)
    assert problem.location is not None and problem.location.line == WHEN_LINE
    assert problem.path == "rules[1].when" or "when" in problem.path


def test_division_by_zero_names_consultant_and_rule_never_inf(tmp_path: Path) -> None:
    """x / 0 at evaluation is an EvaluationError naming consultant and rule, not inf or false."""
    policy = parse_policy(_with_when("keep / gates_failed >= 1"), "p.yaml")
    people = [Consultant("PKP-09", "A", "pkp", "pemasaran", 2015)]
    ach = [Achievement("PKP-09", "akses_pasar", Fraction(40)),
           Achievement("PKP-09", "kehadiran", Fraction(95))]
    with pytest.raises(EvaluationError) as info:
        evaluate(policy, people, ach)
    problem = one(list(info.value.errors), "division-by-zero")
    assert "PKP-09" in problem.message and "capai-target" in problem.message
    assert problem.location is not None and problem.location.file == "p.yaml"
    assert problem.location.line is not None


@pytest.mark.parametrize(("when", "fragment"), [
    ("field > 3", "field"),
    ("score == 'pemasaran'", "score"),
    ("unit in [1, 2]", "unit"),
    ("score + field >= 1", "field"),
    ("score >= true", "true"),
    ("not score", "score"),
    ("score and true", "score"),
])
def test_mismatched_types_are_caught_at_load(when: str, fragment: str) -> None:
    """Comparisons and operators on mismatched types are refused when the policy loads."""
    problems = policy_errors(_with_when(f'"{when}"'))
    assert {p.code for p in problems} <= {"expr-type", "not-boolean"}, problems
    assert any(fragment in p.message for p in problems)
    assert all(p.location is not None and p.location.line == WHEN_LINE for p in problems)


# --------------------------------------------------------------------------- data

ACH = "consultant,indicator,achievement\n"
ACH_SEMI = "consultant;indicator;achievement\n"


@pytest.mark.parametrize(("text", "code"), [
    (ACH + "K1,x,NaN\n", "not-finite"),
    (ACH + "K1,x,nan\n", "not-finite"),
    (ACH + "K1,x,inf\n", "not-finite"),
    (ACH + "K1,x,-Infinity\n", "not-finite"),
    (ACH + "K1,x,-3\n", "out-of-range"),
    (ACH + "K1,x,\n", "missing-value"),
    (ACH + "K1,x,   \n", "missing-value"),
    (ACH + "K1,x,abc\n", "not-a-number"),
    (ACH + "K1,x,12%\n", "not-a-number"),
    (ACH + "K1,x,1e3\n", "not-a-number"),
    (ACH + 'K1,x,"1,250"\n', "ambiguous-number"),
    (ACH + "K1,x,\"1,250.5\"\n", "not-a-number"),
    (ACH_SEMI + "K1;x;1.250\n", "ambiguous-number"),
    (ACH_SEMI + "K1;x;12.5\n", "not-a-number"),
    (ACH + "K1,x,3\nK1,x,3\n", "duplicate-row"),
    (ACH + "K1,x,3,4\n", "ragged-row"),
    (ACH + "K1,x\n", "ragged-row"),
    ("consultant,indicatr,achievement\nK1,x,3\n", "unknown-column"),
])
def test_bad_data_values(text: str, code: str) -> None:
    """Each bad value is one problem with its code at FILE:LINE, never a guess."""
    rows, problems = parse_achievements(text.encode(), "a.csv", "csv")
    problem = one(problems, code)
    assert rows == [] or code == "duplicate-row"
    assert problem.location is not None and problem.location.file == "a.csv"
    assert problem.location.line is not None and problem.location.line >= 1


@pytest.mark.parametrize(("text", "value"), [
    (ACH + "K1,x,1250\n", Fraction(1250)),
    (ACH + "K1,x,82.5\n", Fraction(165, 2)),
    (ACH_SEMI + "K1;x;82,5\n", Fraction(165, 2)),
    (ACH_SEMI + "K1;x;1.250,5\n", Fraction(2501, 2)),
])
def test_unambiguous_numbers_are_exact(text: str, value: Fraction) -> None:
    """What can be read one way only is read exactly."""
    rows, problems = parse_achievements(text.encode(), "a.csv", "csv")
    assert problems == [] and rows[0].achievement == value


def test_ambiguous_number_says_what_to_write() -> None:
    """1.250 in a ';' file names both readings and what to write instead."""
    _, problems = parse_achievements((ACH_SEMI + "K1;x;1.250\n").encode(), "a.csv", "csv")
    message = one(problems, "ambiguous-number").message
    assert "1250" in message and "1,25" in message and "write" in message


def test_misspelt_header_suggests_the_column() -> None:
    """indicatr -> did you mean 'indicator'?, and the missing column is named."""
    _, problems = parse_achievements(b"consultant,indicatr,achievement\nK1,x,3\n", "a.csv",
                                     "csv")
    assert one(problems, "unknown-column").suggestion == "indicator"
    assert "did you mean 'indicator'?" in str(one(problems, "unknown-column"))
    one(problems, "missing-column")


def test_duplicate_ids_name_the_first_line() -> None:
    """A consultant id used twice points to the first row."""
    data = b"id,name,unit,field,appointed\nK1,A,pkp,pemasaran,2017\nK1,B,pkp,produksi,2016\n"
    _, problems = parse_consultants(data, "c.csv", "csv")
    problem = one(problems, "duplicate-id")
    assert str(problem).startswith("c.csv:3: ") and "line 2" in problem.message


def test_bom_and_latin1_in_data() -> None:
    """A BOM is accepted; Latin-1 bytes are refused at their line with 'save as UTF-8'."""
    rows, problems = parse_achievements(b"\xef\xbb\xbf" + (ACH + "K1,x,3\n").encode(), "a.csv",
                                        "csv")
    assert problems == [] and rows[0].consultant == "K1"
    _, problems = parse_achievements((ACH + "K\xe91,x,3\n").encode("latin-1"), "a.csv", "csv")
    problem = one(problems, "not-utf8")
    assert problem.location is not None and problem.location.line == 2
    assert "UTF-8" in problem.message


def test_unknown_consultant_in_achievements(minimal: object) -> None:
    """An achievement for nobody is refused with a suggestion."""
    policy = parse_policy(MINIMAL, "p.yaml")
    people = [Consultant("PKP-01", "A", "pkp", "pemasaran", 2015)]
    ach = [Achievement("PKP-01", "akses_pasar", Fraction(40)),
           Achievement("PKP-01", "kehadiran", Fraction(95)),
           Achievement("PKP-10", "kehadiran", Fraction(95))]
    with pytest.raises(DataError) as info:
        evaluate(policy, people, ach)
    problem = one(list(info.value.errors), "unknown-consultant")
    assert "PKP-10" in problem.message and problem.suggestion == "PKP-01"


# --------------------------------------------------------------------------- CLI


BAD_INPUTS: list[tuple[str, bytes]] = [
    ("policy.yaml", b"policy: !!python/object/apply:os.system ['true']\n"),
    ("policy.yaml", BILLION_LAUGHS.encode()),
    ("policy.yaml", b"\xff\xfe\x00"),
    ("policy.yaml", b""),
    ("policy.yaml", b"a: " + b"[" * 3000),
    ("consultants.csv", b"id,name\n\xff\n"),
    ("consultants.json", b"[" * 5000),
    ("consultants.xlsx", b"PK\x03\x04 not really a zip"),
    ("consultants.csv", b"\x00\x00\x00"),
]


@pytest.mark.parametrize(("name", "data"), BAD_INPUTS)
def test_cli_never_prints_a_traceback_for_bad_input(tmp_path: Path, name: str,
                                                    data: bytes) -> None:
    """Bad policy or data files give exit 1 and located messages, never a traceback."""
    path = tmp_path / name
    path.write_bytes(data)
    policy = write(tmp_path, MINIMAL, "ok.yaml")
    if name.startswith("policy"):
        args: list[str | Path] = ["evaluate", "--policy", path, "--sample"]
    else:
        ach = tmp_path / "a.csv"
        ach.write_text(ACH + "K1,akses_pasar,3\n", encoding="utf-8")
        args = ["evaluate", "--policy", policy, "--consultants", path, "--achievements", ach]
    result = run_cli(*args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert str(path) in result.stderr


def test_cli_missing_and_folder_inputs(tmp_path: Path) -> None:
    """A path that is missing or a folder is bad input too (exit 1), not a crash."""
    for policy in (tmp_path / "nope.yaml", tmp_path):
        result = run_cli("validate", policy)
        assert result.returncode == 1 and "Traceback" not in result.stderr


_BUG = textwrap.dedent("""\
    import sys
    from plut_rules.cli import evaluation, main
    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")
    evaluation.evaluate = boom
    sys.exit(main(sys.argv[1:]))
""")


def test_cli_bug_is_short_and_traceback_only_with_debug() -> None:
    """Our own bug: exit 3, a short request for a report; the traceback only with --debug."""
    plain = subprocess.run([sys.executable, "-c", _BUG, "evaluate", "--lang", "en"],
                           capture_output=True, text=True, timeout=120, check=False)
    assert plain.returncode == 3
    assert "Traceback" not in plain.stderr and "report" in plain.stderr
    assert "--debug" in plain.stderr and len(plain.stderr.splitlines()) <= 3
    debug = subprocess.run([sys.executable, "-c", _BUG, "--debug", "evaluate"],
                           capture_output=True, text=True, timeout=120, check=False)
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "kaboom" in debug.stderr


# --------------------------------------------------------------------------- properties


# Problems about a file as a whole (it cannot be opened at all) name only the file;
# docs/errors.md lists them as such.
WHOLE_FILE = {"not-xlsx", "file-too-large", "file-not-found", "file-unreadable",
              "unknown-format"}


def _located(problem: Problem) -> bool:
    loc = problem.location
    if loc is None or not loc.file:
        return False
    if problem.code in WHOLE_FILE:
        return True
    return loc.line is not None or (loc.sheet is not None and loc.cell is not None)


# A generous per-example deadline: a hang or an exponential blow-up fails, a slow CI does not.
BOUNDED = settings(max_examples=150, deadline=timedelta(seconds=10),
                   suppress_health_check=[HealthCheck.too_slow])

YAMLISH = st.lists(st.sampled_from([
    b"policy: x\n", b"year: 2018\n", b"units:\n", b"  a: 1\n", b"  - b\n", b"\t", b"&a ", b"*a ",
    b"!!python/object ", b"[", b"]", b"{", b"}", b"'", b'"', b":", b"extends: p.yaml\n",
    b"extends: ../x.yaml\n", b"\xff", b"\xef\xbb\xbf", b"\x00", b"? ", b"- ", b"#", b"---\n",
    b"fields: {f: {indicators: {i: {target: 1, weight: 1}}}}\n", b"rules: [{id: r, when: true}]\n",
    b"when: '(((score'\n", b"~", b"1e999", b".nan", b"<<: *a\n",
]), max_size=40).map(b"".join)


# The valid policy with a slice replaced by random bytes: errors deep inside validation.
MUTATED = st.tuples(st.integers(0, len(MINIMAL)), st.integers(0, 40),
                    st.binary(max_size=20)).map(
    lambda t: MINIMAL.encode()[:t[0]] + t[2] + MINIMAL.encode()[t[0] + t[1]:])


@BOUNDED
@given(st.one_of(st.binary(max_size=2000), YAMLISH, MUTATED))
def test_any_bytes_as_policy_give_a_policy_or_policy_error(data: bytes) -> None:
    """Any bytes: a policy or a PolicyError whose every problem names a file and a line."""
    try:
        parse_policy(data, "fuzz/p.yaml")
    except PolicyError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert _located(problem), str(problem)


CSVISH = st.lists(st.sampled_from([
    "consultant", "indicator", "achievement", "target", "id", "name", "unit", "field",
    "appointed", "competence_produksi", ",", ";", "\n", "\r\n", '"', "1.250", "1,5", "NaN",
    "-1", "", "\ufeff", "\t", "K1", "2017", "x", "\x00",
]), max_size=60).map("".join)


@BOUNDED
@given(st.one_of(st.binary(max_size=2000), CSVISH.map(str.encode)),
       st.sampled_from(["csv", "json", "xlsx"]), st.booleans())
def test_any_bytes_as_data_give_rows_or_located_problems(data: bytes, fmt: str,
                                                        consultants: bool) -> None:
    """Any bytes as a data file: rows, or problems that each name a file and a line."""
    reader = parse_consultants if consultants else parse_achievements
    _, problems = reader(data, f"d.{fmt}", fmt)  # type: ignore[arg-type]
    for problem in problems:
        assert isinstance(problem, Problem)
        assert _located(problem), str(problem)


@BOUNDED
@given(st.binary(max_size=600))
def test_any_bytes_through_the_api_raise_only_our_errors(data: bytes) -> None:
    """The whole API path (policy then data) raises nothing but PlutRulesError."""
    policy = parse_policy(MINIMAL, "p.yaml")
    people, p1 = parse_consultants(data, "c.csv", "csv")
    rows, p2 = parse_achievements(data, "a.csv", "csv")
    if p1 or p2:
        return
    try:
        evaluate(policy, people, rows)
    except PlutRulesError as exc:
        assert all(_located(p) or p.code in {"undecided"} for p in exc.errors), str(exc)
