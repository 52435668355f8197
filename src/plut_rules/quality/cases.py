"""Policy test files: named cases with expected outcomes, kept beside a policy file.

A test file (``2019.tests.yaml`` beside ``2019.yaml`` by convention) lists
cases: one consultant, or a small roster when the case is about placement,
with their achievements and competences, and the expected outcome
(optionally the deciding rule, the destination field and the score).
:func:`load_tests` validates a test file against the policy and reports every
problem at once as ``FILE:LINE:COL: path: message``, like a policy.  Running
the cases is :mod:`plut_rules.quality.policy_tests`'s.  See docs/policy-testing.md.

Problem codes: those of policy files (``unknown-key``, ``missing-key``,
``wrong-type``, ``bad-value``, ``out-of-range``, ``unknown-field``,
``unknown-unit``, ``unknown-indicator``, ``missing-achievement``), and
``tests-not-found``, ``duplicate-case``, ``unknown-rule``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import attrs

from plut_rules.errors import Location, Problem, did_you_mean, sort_problems
from plut_rules.exact import decimal_text
from plut_rules.model import OUTCOMES, Achievement, Consultant, Outcome, Policy
from plut_rules.policy import MAX_BYTES, Node, YMap, YScalar, YSeq, parse_yaml
from plut_rules.quality.selection_cases import SelectionCase, read_selection_cases
from plut_rules.wording import Words, say

__all__ = ["Case", "Expectation", "Member", "TestSuite", "default_tests_path", "load_tests"]

_TOP_KEYS = ("cases", "selection_cases")
_MEMBER_KEYS = ("unit", "field", "appointed", "competences", "achievements")
_CASE_KEYS = ("name", "description", *_MEMBER_KEYS, "roster", "expect")
_ROSTER_KEYS = ("id", *_MEMBER_KEYS, "expect")
_EXPECT_KEYS = ("outcome", "rule", "to_field", "score")
_ACH_KEYS = ("achievement", "target")


@attrs.frozen
class Expectation:
    """What a case expects for one consultant; None where the case does not say."""

    outcome: Outcome
    rule: str | None = None
    to_field: str | None = None
    #: whether ``to_field`` was written (``to_field: null`` expects no destination)
    checks_to_field: bool = False
    score: Fraction | None = None
    location: Location | None = None


@attrs.frozen
class Member:
    """One consultant of a case, with their achievements and expectation."""

    consultant: Consultant
    achievements: tuple[Achievement, ...]
    expect: Expectation | None


@attrs.frozen
class Case:
    """A named test case: one consultant, or a roster for placement."""

    name: str
    members: tuple[Member, ...]
    location: Location
    description: str | None = None


@attrs.frozen
class TestSuite:
    """A validated test file."""

    __test__ = False  # not a pytest class

    file: str
    cases: tuple[Case, ...]
    selection_cases: tuple[SelectionCase, ...] = ()


def default_tests_path(policy_path: str | os.PathLike[str]) -> str:
    """The conventional test file of a policy: ``2019.yaml`` -> ``2019.tests.yaml``."""
    text = os.fspath(policy_path)
    root, ext = os.path.splitext(text)
    return f"{root}.tests{ext or '.yaml'}"


# --------------------------------------------------------------------------- loading


class _Reader:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.problems: list[Problem] = []

    def err(self, code: str, message: Words, where: Node | Location, path: str,
            suggestion: str | None = None) -> None:
        """Record a problem; ``message`` in both languages."""
        loc = where if isinstance(where, Location) else where.location
        self.problems.append(Problem.worded(code, message, loc, path, suggestion=suggestion))

    def mapping(self, node: Node, path: str, what: Words) -> YMap | None:
        if isinstance(node, YMap):
            return node
        self.err("wrong-type", say("cases.expected_mapping", what=what), node, path)
        return None

    def keys(self, node: YMap, path: str, allowed: Sequence[str],
             required: Sequence[str] = ()) -> None:
        for key, key_node in node.keys.items():
            if key not in allowed:
                self.err("unknown-key", say("validate.unknown_key", key=repr(key),
                                            allowed=", ".join(allowed)),
                         key_node, f"{path}.{key}", did_you_mean(key, allowed))
        for key in required:
            if key not in node.items:
                self.err("missing-key", say("validate.missing_key", key=repr(key)), node,
                         f"{path}.{key}")

    def text(self, node: Node, path: str) -> str | None:
        if isinstance(node, YScalar) and node.kind in ("str", "number"):
            return node.raw if node.kind == "number" else str(node.value)
        self.err("wrong-type", say("cases.expected_text"), node, path)
        return None

    def number(self, node: Node, path: str, low: Fraction | None = None,
               high: Fraction | None = None, strict_low: bool = False) -> Fraction | None:
        if not (isinstance(node, YScalar) and node.kind == "number"):
            self.err("wrong-type", say("cases.expected_number"), node, path)
            return None
        assert isinstance(node.value, Fraction)
        value = node.value
        if low is not None and (value <= low if strict_low else value < low):
            self.err("out-of-range", say("cases.at_least", op=">" if strict_low else ">=",
                                         low=decimal_text(low), raw=node.raw), node, path)
            return None
        if high is not None and value > high:
            self.err("out-of-range", say("cases.at_most", high=decimal_text(high),
                                         raw=node.raw), node, path)
            return None
        return value

    def choice(self, node: Node, path: str, known: Sequence[str], what: Words,
               code: str) -> str | None:
        name = self.text(node, path)
        if name is None:
            return None
        if name not in known:
            self.err(code, say("cases.unknown_choice", what=what, name=repr(name),
                               known=", ".join(known)),
                     node, path, did_you_mean(name, known))
            return None
        return name

    def suite(self, tree: Node, file: str) -> TestSuite:
        top = self.mapping(tree, "", say("cases.a_test_file"))
        cases: list[Case] = []
        if top is None:
            return TestSuite(file, ())
        self.keys(top, "", _TOP_KEYS)
        if not any(k in top.items for k in _TOP_KEYS):
            self.err("missing-key", say("cases.missing_cases"), top, ".cases")
        seen: dict[str, Location] = {}
        node = top.items.get("cases")
        if node is not None:
            if not isinstance(node, YSeq) or not node.items:
                self.err("wrong-type" if not isinstance(node, YSeq) else "empty",
                         say("cases.expected_cases"), node, "cases")
            else:
                for index, item in enumerate(node.items):
                    case = self.case(item, f"cases[{index}]", seen)
                    if case is not None:
                        cases.append(case)
        chosen = top.items.get("selection_cases")
        selection = read_selection_cases(self, chosen, seen) if chosen is not None else []
        return TestSuite(file, tuple(cases), tuple(selection))

    def case(self, item: Node, path: str, seen: dict[str, Location]) -> Case | None:
        cm = self.mapping(item, path, say("cases.a_case"))
        if cm is None:
            return None
        name = self.text(cm.items["name"], f"{path}.name") if "name" in cm.items else None
        if name is not None:
            if name in seen:
                self.err("duplicate-case", say("cases.duplicate_case", name=repr(name),
                                               line=seen[name].line),
                         cm.items["name"], f"{path}.name")
            else:
                seen[name] = cm.items["name"].location
                path = f"cases.{name}"
        self.keys(cm, path, _CASE_KEYS, ("name",))
        description = None
        if "description" in cm.items:
            description = self.text(cm.items["description"], f"{path}.description")
        members: list[Member] = []
        if "roster" in cm.items:
            extra = [k for k in (*_MEMBER_KEYS, "expect") if k in cm.items]
            for key in extra:
                self.err("bad-value", say("cases.roster_key", key=repr(key)), cm.keys[key],
                         f"{path}.{key}")
            roster = cm.items["roster"]
            if not isinstance(roster, YSeq) or not roster.items:
                self.err("wrong-type", say("cases.expected_roster"), roster, f"{path}.roster")
                return None
            ids: set[str] = set()
            for i, entry in enumerate(roster.items):
                rpath = f"{path}.roster[{i}]"
                em = self.mapping(entry, rpath, say("cases.a_member"))
                if em is None:
                    continue
                self.keys(em, rpath, _ROSTER_KEYS, ("id", "unit", "field", "appointed",
                                                   "achievements"))
                cid = self.text(em.items["id"], f"{rpath}.id") if "id" in em.items else None
                if cid is not None and cid in ids:
                    self.err("duplicate-consultant", say("cases.duplicate_member", id=repr(cid)),
                             em.items["id"], f"{rpath}.id")
                    continue
                if cid is not None:
                    ids.add(cid)
                    member = self.member(em, rpath, cid, name is not None)
                    if member is not None:
                        members.append(member)
            if not any(m.expect is not None for m in members) and members:
                self.err("missing-key", say("cases.no_expect"), roster, f"{path}.roster")
        else:
            self.keys(cm, path, _CASE_KEYS, ("unit", "field", "appointed", "achievements",
                                             "expect"))
            if name is not None:
                member = self.member(cm, path, name, True)
                if member is not None:
                    members.append(member)
        if name is None or not members:
            return None
        return Case(name, tuple(members), cm.location, description)

    def member(self, m: YMap, path: str, cid: str, ok: bool) -> Member | None:
        it = m.items
        policy = self.policy
        unit = field = None
        if "unit" in it:
            unit = self.choice(it["unit"], f"{path}.unit", [u.id for u in policy.units],
                               say("cases.noun_unit"), code="unknown-unit")
        if "field" in it:
            field = self.choice(it["field"], f"{path}.field", [f.id for f in policy.fields],
                                say("cases.noun_field"), code="unknown-field")
        appointed = None
        if "appointed" in it:
            value = self.number(it["appointed"], f"{path}.appointed",
                                high=Fraction(policy.year))
            if value is not None and value.denominator != 1:
                self.err("wrong-type", say("cases.expected_year"), it["appointed"],
                         f"{path}.appointed")
            elif value is not None:
                appointed = int(value)
        competences: dict[str, Fraction] = {}
        if "competences" in it:
            cmap = self.mapping(it["competences"], f"{path}.competences",
                                say("cases.competences", example="{produksi: 80}"))
            for key, node in (cmap or YMap({}, {}, m.location)):
                cpath = f"{path}.competences.{key}"
                if policy.field(key) is None:
                    fields = [f.id for f in policy.fields]
                    self.err("unknown-field", say("cases.unknown_field", field=repr(key),
                                                  fields=", ".join(fields)),
                             (cmap or m).keys[key], cpath, did_you_mean(key, fields))
                    continue
                level = self.number(node, cpath, Fraction(0), Fraction(100))
                if level is not None:
                    competences[key] = level
        achievements = self.achievements(it.get("achievements"), f"{path}.achievements", cid,
                                         field, m.location)
        expect = self.expect(it["expect"], f"{path}.expect") if "expect" in it else None
        if not ok or unit is None or field is None or appointed is None or achievements is None:
            return None
        consultant = Consultant(cid, cid, unit, field, appointed, competences,
                                location=m.location)
        return Member(consultant, achievements, expect)

    def achievements(self, node: Node | None, path: str, cid: str, field_id: str | None,
                     where: Location) -> tuple[Achievement, ...] | None:
        if node is None:
            return None
        am = self.mapping(node, path, say("cases.achievements", example="{kehadiran: 95}"))
        if am is None:
            return None
        field = self.policy.field(field_id) if field_id is not None else None
        out: list[Achievement] = []
        ok = True
        for key, value_node in am:
            ipath = f"{path}.{key}"
            if field is not None and field.indicator(key) is None:
                names = [i.id for i in field.indicators]
                self.err("unknown-indicator",
                         say("cases.unknown_indicator", field=repr(field.id), indicator=repr(key),
                             indicators=", ".join(names)),
                         am.keys[key], ipath, did_you_mean(key, names))
                ok = False
                continue
            target: Fraction | None = None
            if isinstance(value_node, YMap):
                self.keys(value_node, ipath, _ACH_KEYS, ("achievement",))
                raw = value_node.items.get("achievement")
                value = (self.number(raw, f"{ipath}.achievement", Fraction(0))
                         if raw is not None else None)
                if "target" in value_node.items:
                    target = self.number(value_node.items["target"], f"{ipath}.target",
                                         Fraction(0), strict_low=True)
                    if target is None:
                        ok = False
            else:
                value = self.number(value_node, ipath, Fraction(0))
            if value is None:
                ok = False
                continue
            out.append(Achievement(cid, key, value, target, location=value_node.location))
        if field is not None:
            given = {a.indicator for a in out} | set(am.items)
            for ind in field.indicators:
                if ind.id not in given:
                    self.err("missing-achievement",
                             say("cases.missing_achievement", indicator=repr(ind.id),
                                 field=repr(field.id), id=ind.id), am, path)
                    ok = False
        return tuple(out) if ok else None

    def expect(self, node: Node, path: str) -> Expectation | None:
        em = self.mapping(node, path, say("cases.expectation", example="{outcome: keep}"))
        if em is None:
            return None
        self.keys(em, path, _EXPECT_KEYS, ("outcome",))
        it = em.items
        outcome: Outcome | None = None
        if "outcome" in it:
            text = self.text(it["outcome"], f"{path}.outcome")
            if text in OUTCOMES:
                outcome = "keep" if text == "keep" else "replace" if text == "replace" \
                    else "reassign"
            elif text is not None:
                self.err("bad-value", say("cases.bad_outcome", outcome=repr(text)),
                         it["outcome"], f"{path}.outcome", did_you_mean(text, OUTCOMES))
        rule = None
        if "rule" in it:
            rule = self.choice(it["rule"], f"{path}.rule", [r.id for r in self.policy.rules],
                               say("cases.noun_rule"), code="unknown-rule")
        to_field = None
        checks_to_field = "to_field" in it
        if checks_to_field and not (isinstance(it["to_field"], YScalar)
                                    and it["to_field"].kind == "null"):
            to_field = self.choice(it["to_field"], f"{path}.to_field",
                                   [f.id for f in self.policy.fields],
                                   say("cases.noun_field"), code="unknown-field")
        score = None
        if "score" in it:
            score = self.number(it["score"], f"{path}.score")
        if outcome is None:
            return None
        return Expectation(outcome, rule, to_field, checks_to_field, score, em.location)


def load_tests(policy: Policy, path: str | os.PathLike[str], *,
               display: str | None = None) -> tuple[TestSuite | None, list[Problem]]:
    """Read and validate a test file against ``policy``: the suite (None on any error) and
    every problem, in reading order."""
    name = display if display is not None else os.fspath(path)
    try:
        p = Path(path)
        data = b"x" * (MAX_BYTES + 1) if p.stat().st_size > MAX_BYTES else p.read_bytes()
    except FileNotFoundError:
        return None, [Problem.worded("tests-not-found", say("cases.not_found", name=name),
                                     Location(name))]
    except OSError as exc:
        return None, [Problem.worded("file-unreadable", say(
            "cases.unreadable", reason=str(exc.strerror or exc)), Location(name))]
    tree, problems = parse_yaml(data, name)
    if tree is None:
        return None, list(sort_problems(problems))
    reader = _Reader(policy)
    suite = reader.suite(tree, name)
    problems = list(sort_problems([*problems, *reader.problems]))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return suite, problems

