"""Selection cases in a policy's test file (``selection_cases:``), their run, and the
coverage of the ``selection:`` requirements they give.

A selection case is a small group of candidates (or one, written at the case's level)
with what each is expected to get: ``outcome`` (selected, reserve, passed, failed, tms,
or in Indonesian terpilih, cadangan, lulus, tidak lulus, tidak memenuhi syarat) and,
optionally, ``rank``, ``total`` and ``reasons``.  ``open`` (default 1) is the number
of open seats of every (unit, field) the case's candidates apply for.  The file is read
with the test file's reader (:mod:`plut_rules.quality.cases`, which calls
:func:`read_selection_cases`), so every problem is located the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from plut_rules.errors import Location, Problem, did_you_mean
from plut_rules.exact import decimal_text
from plut_rules.model import Policy
from plut_rules.policy import EDUCATION, Node, YMap, YScalar, YSeq, selection_of
from plut_rules.wording import Words, say

if TYPE_CHECKING:
    from plut_rules.policy import SelectionPolicy
    from plut_rules.selection import Candidate, Selection

__all__ = ["CandidateExpectation", "RequirementCoverage", "SelectionCase",
           "read_selection_cases", "requirement_coverage", "selection_failures"]

SELECTION_OUTCOMES = ("selected", "reserve", "passed", "failed", "tms")
#: The outcome words a case may write: the outcomes, and their Indonesian names.
_OUTCOME_WORDS = {**{o: o for o in SELECTION_OUTCOMES}, "terpilih": "selected",
                  "cadangan": "reserve", "lulus": "passed", "tidak lulus": "failed",
                  "tidak memenuhi syarat": "tms"}
_CANDIDATE_KEYS = ("unit", "field", "education", "experience_years", "birth_year", "domicile",
                   "certificates", "scores")
_CASE_KEYS = ("name", "description", "open", "candidates", *_CANDIDATE_KEYS, "expect")
_ENTRY_KEYS = ("id", *_CANDIDATE_KEYS, "expect")
_REQUIRED = ("unit", "field", "education", "experience_years", "birth_year", "domicile")
_EXPECT_KEYS = ("outcome", "rank", "total", "reasons")


class Reader(Protocol):
    """What reading a selection case needs of the test file's reader."""

    policy: Policy

    def err(self, code: str, message: Words, where: Node | Location, path: str,
            suggestion: str | None = None) -> None: ...
    def mapping(self, node: Node, path: str, what: Words) -> YMap | None: ...
    def keys(self, node: YMap, path: str, allowed: Sequence[str],
             required: Sequence[str] = ()) -> None: ...
    def text(self, node: Node, path: str) -> str | None: ...
    def number(self, node: Node, path: str, low: Fraction | None = None,
               high: Fraction | None = None, strict_low: bool = False) -> Fraction | None: ...
    def choice(self, node: Node, path: str, known: Sequence[str], what: Words,
               code: str) -> str | None: ...


@attrs.frozen
class CandidateExpectation:
    """What a case expects for one candidate; ``checks_rank`` says whether ``rank`` was
    written (``rank: null`` expects no rank); ``reasons`` None when not written."""

    outcome: str
    rank: int | None = None
    checks_rank: bool = False
    total: Fraction | None = None
    reasons: tuple[str, ...] | None = None


@attrs.frozen
class SelectionCase:
    """A named selection case: its candidates, the open seats of each (unit, field) they
    apply for, and what each candidate is expected to get."""

    name: str
    candidates: tuple[Candidate, ...]
    expect: tuple[tuple[str, CandidateExpectation], ...]
    open: int
    location: Location
    description: str | None = None


# --------------------------------------------------------------------------- reading


def read_selection_cases(r: Reader, node: Node, seen: dict[str, Location],
                         ) -> list[SelectionCase]:
    """The cases of a ``selection_cases:`` list, every problem reported through ``r``."""
    section = selection_of(r.policy)
    if section is None:
        r.err("no-selection", say("selcases.no_selection"), node, "selection_cases")
        return []
    if not isinstance(node, YSeq) or not node.items:
        r.err("wrong-type", say("selcases.not_a_list"),
              node, "selection_cases")
        return []
    out = []
    for index, item in enumerate(node.items):
        case = _case(r, section, item, f"selection_cases[{index}]", seen)
        if case is not None:
            out.append(case)
    return out


def _case(r: Reader, section: SelectionPolicy, item: Node, path: str,
          seen: dict[str, Location]) -> SelectionCase | None:
    cm = r.mapping(item, path, say("selcases.a_case"))
    if cm is None:
        return None
    name = r.text(cm.items["name"], f"{path}.name") if "name" in cm.items else None
    if name is not None:
        if name in seen:
            r.err("duplicate-case", say("cases.duplicate_case", name=repr(name),
                                        line=seen[name].line), cm.items["name"], f"{path}.name")
            name = None
        else:
            seen[name] = cm.items["name"].location
            path = f"selection_cases.{name}"
    r.keys(cm, path, _CASE_KEYS, ("name",))
    description = (r.text(cm.items["description"], f"{path}.description")
                   if "description" in cm.items else None)
    seats = 1
    if "open" in cm.items:
        value = r.number(cm.items["open"], f"{path}.open", Fraction(0))
        if value is not None and value.denominator != 1:
            r.err("wrong-type", say("selcases.open_seats"), cm.items["open"],
                  f"{path}.open")
        elif value is not None:
            seats = int(value)
    entries: list[tuple[str, YMap, str]] = []
    if "candidates" in cm.items:
        for key in (*_CANDIDATE_KEYS, "expect"):
            if key in cm.items:
                r.err("bad-value", say("selcases.per_candidate", key=repr(key)), cm.keys[key],
                      f"{path}.{key}")
        listed = cm.items["candidates"]
        if not isinstance(listed, YSeq) or not listed.items:
            r.err("wrong-type", say("selcases.candidates_list"),
                  listed, f"{path}.candidates")
            return None
        for i, entry in enumerate(listed.items):
            epath = f"{path}.candidates[{i}]"
            em = r.mapping(entry, epath, say("selcases.a_candidate"))
            if em is None:
                continue
            r.keys(em, epath, _ENTRY_KEYS, ("id", *_REQUIRED))
            cid = r.text(em.items["id"], f"{epath}.id") if "id" in em.items else None
            if cid is not None:
                entries.append((cid, em, epath))
    else:
        r.keys(cm, path, _CASE_KEYS, (*_REQUIRED, "expect"))
        if name is not None:
            entries.append((name, cm, path))
    candidates = []
    expect = []
    ids: set[str] = set()
    for cid, em, epath in entries:
        if cid in ids:
            r.err("duplicate-candidate", say("selcases.duplicate_candidate", candidate=repr(cid)),
                  em.items.get("id", em), f"{epath}.id")
            continue
        ids.add(cid)
        candidate = _candidate(r, section, em, epath, cid)
        if "expect" in em.items:
            e = _expectation(r, section, em.items["expect"], f"{epath}.expect")
            if e is not None:
                expect.append((cid, e))
        if candidate is not None:
            candidates.append(candidate)
    if entries and not any("expect" in em.items for _, em, _ in entries):
        r.err("missing-key", say("selcases.no_expect"), cm,
              f"{path}.candidates")
    if name is None or not candidates or len(candidates) != len(entries):
        return None
    return SelectionCase(name, tuple(candidates), tuple(expect), seats, cm.location,
                         description)


def _candidate(r: Reader, section: SelectionPolicy, m: YMap, path: str,
               cid: str) -> Candidate | None:
    from plut_rules.selection import Candidate

    it = m.items
    policy = r.policy
    values: dict[str, Any] = {}
    if "unit" in it:
        values["unit"] = r.choice(it["unit"], f"{path}.unit", [u.id for u in policy.units],
                                  say("cases.noun_unit"), code="unknown-unit")
    if "field" in it:
        values["field"] = r.choice(it["field"], f"{path}.field",
                                   [f.id for f in policy.fields], say("cases.noun_field"),
                                   code="unknown-field")
    if "education" in it:
        values["education"] = r.choice(it["education"], f"{path}.education", EDUCATION,
                                       say("selcases.noun_education"), code="bad-education")
    if "experience_years" in it:
        values["experience_years"] = r.number(it["experience_years"],
                                              f"{path}.experience_years", Fraction(0))
    if "birth_year" in it:
        year = r.number(it["birth_year"], f"{path}.birth_year")
        if year is not None and year.denominator != 1:
            r.err("wrong-type", say("cases.expected_year"), it["birth_year"],
                  f"{path}.birth_year")
            year = None
        values["birth_year"] = None if year is None else int(year)
    if "domicile" in it:
        values["domicile"] = r.text(it["domicile"], f"{path}.domicile")
    certificates = _certificates(r, section, it.get("certificates"), f"{path}.certificates")
    scores = _scores(r, section, it.get("scores"), f"{path}.scores")
    if certificates is None or scores is None or any(values.get(k) is None for k in _REQUIRED):
        return None
    return Candidate(cid, cid, values["unit"], values["field"], values["education"],
                     values["experience_years"], values["birth_year"], values["domicile"],
                     certificates, scores, location=m.location)


def _certificates(r: Reader, section: SelectionPolicy, node: Node | None,
                  path: str) -> dict[str, bool] | None:
    if node is None:
        return {}
    m = r.mapping(node, path, say("selcases.certificates"))
    if m is None:
        return None
    out: dict[str, bool] = {}
    known = section.certificates
    for key, value in m:
        if key not in known:
            listed = ", ".join(known) if known else say("selcases.none")
            r.err("unknown-certificate", say("selcases.unknown_certificate",
                                             certificate=repr(key), certificates=listed),
                  m.keys[key], f"{path}.{key}", did_you_mean(key, known))
            return None
        if not (isinstance(value, YScalar) and value.kind == "bool"):
            r.err("wrong-type", say("selcases.boolean"), value, f"{path}.{key}")
            return None
        out[key] = bool(value.value)
    return out


def _scores(r: Reader, section: SelectionPolicy, node: Node | None,
            path: str) -> dict[str, Fraction] | None:
    if node is None:
        return {}
    m = r.mapping(node, path, say("selcases.scores"))
    if m is None:
        return None
    out: dict[str, Fraction] = {}
    known = [c.id for c in section.components]
    ok = True
    for key, value in m:
        if key not in known:
            r.err("unknown-component", say("selcases.unknown_component", component=repr(key),
                                           components=", ".join(known)),
                  m.keys[key], f"{path}.{key}", did_you_mean(key, known))
            ok = False
            continue
        score = r.number(value, f"{path}.{key}", Fraction(0), Fraction(100))
        if score is None:
            ok = False
        else:
            out[key] = score
    return out if ok else None


def _expectation(r: Reader, section: SelectionPolicy, node: Node,
                 path: str) -> CandidateExpectation | None:
    em = r.mapping(node, path, say("selcases.expected_result"))
    if em is None:
        return None
    r.keys(em, path, _EXPECT_KEYS, ("outcome",))
    it = em.items
    outcome = None
    if "outcome" in it:
        word = r.choice(it["outcome"], f"{path}.outcome", list(_OUTCOME_WORDS),
                        say("selcases.noun_outcome"), code="bad-value")
        outcome = None if word is None else _OUTCOME_WORDS[word]
    rank = None
    checks_rank = "rank" in it
    if checks_rank and not (isinstance(it["rank"], YScalar) and it["rank"].kind == "null"):
        value = r.number(it["rank"], f"{path}.rank", Fraction(1))
        if value is not None and value.denominator != 1:
            r.err("wrong-type", say("selcases.rank"), it["rank"],
                  f"{path}.rank")
        elif value is not None:
            rank = int(value)
    total = r.number(it["total"], f"{path}.total") if "total" in it else None
    reasons = None
    if "reasons" in it:
        known = [q.id for q in section.requirements] + [c.id for c in section.components] \
            + ["pass_score"]
        node_r = it["reasons"]
        if not isinstance(node_r, YSeq):
            r.err("wrong-type", say("selcases.reasons"),
                  node_r, f"{path}.reasons")
        else:
            found = [r.choice(x, f"{path}.reasons[{i}]", known, say("selcases.noun_reason"),
                              code="bad-value")
                     for i, x in enumerate(node_r.items)]
            reasons = tuple(x for x in found if x is not None)
    if outcome is None:
        return None
    return CandidateExpectation(outcome, rank, checks_rank, total, reasons)


# --------------------------------------------------------------------------- running


def selection_failures(case: SelectionCase, selection: Selection) -> list[str]:
    """What differs between the case's expectations and ``selection``."""
    failures: list[str] = []
    for cid, e in case.expect:
        got = selection.result(cid)
        who = "" if len(case.candidates) == 1 else f"{cid}: "
        if got.outcome != e.outcome:
            failures.append(f"{who}expected outcome {e.outcome}, got {got.outcome}")
        if e.checks_rank and got.rank != e.rank:
            failures.append(f"{who}expected rank {e.rank or 'null'}, got {got.rank or 'null'}")
        if e.total is not None and got.total != e.total:
            failures.append(f"{who}expected total {decimal_text(e.total)}, got "
                            f"{'null' if got.total is None else decimal_text(got.total)}")
        if e.reasons is not None and set(got.reasons) != set(e.reasons):
            failures.append(f"{who}expected reasons [{', '.join(e.reasons)}], got "
                            f"[{', '.join(got.reasons)}]")
    return failures


def run_selection_case(policy: Policy, case: SelectionCase
                       ) -> tuple[Selection | None, list[str], tuple[Problem, ...]]:
    """The selection of one case, what differs from its expectations, and the problems
    that kept it from running."""
    from plut_rules.errors import PlutRulesError
    from plut_rules.selection import select

    seats = {(c.unit, c.field): case.open for c in case.candidates}
    try:
        made = select(policy, case.candidates, seats)
    except PlutRulesError as exc:
        return None, [], exc.problems
    return made, selection_failures(case, made), ()


# --------------------------------------------------------------------------- coverage


@attrs.frozen
class RequirementCoverage:
    """How the cases' candidates met one requirement: ``held``, ``failed``, and
    ``failed_alone`` (the only requirement the candidate failed: it decided the TMS)."""

    id: str
    source: Location | None
    held: int
    failed: int
    failed_alone: int


def requirement_coverage(policy: Policy, selections: Sequence[Selection]
                         ) -> list[RequirementCoverage]:
    """Per requirement of the policy's ``selection:`` section, in order: how the
    candidates of the cases met it."""
    section = selection_of(policy)
    if section is None:
        return []
    counts = {q.id: [0, 0, 0] for q in section.requirements}
    for made in selections:
        for result in made.candidates:
            failed = [q.id for q in result.requirements if not q.passed]
            for q in result.requirements:
                counts[q.id][0 if q.passed else 1] += 1
            if len(failed) == 1:
                counts[failed[0]][2] += 1
    return [RequirementCoverage(q.id, q.source, *counts[q.id]) for q in section.requirements]
