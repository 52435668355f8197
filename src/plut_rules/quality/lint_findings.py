"""What the policy linter reports: findings, the consultants they show, and their wording.

A :class:`Finding` is one result of :func:`plut_rules.quality.linter.lint`; a
:class:`Witness` is a concrete consultant found by the analysis, ready to paste as
a test case.  Numbers are written exactly (a decimal where it terminates, ``p/q``
otherwise).  No z3 here: these are plain values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs

from plut_rules import lang as E
from plut_rules.errors import Location
from plut_rules.model import Achievement, Consultant
from plut_rules.policy import RULE_VARIABLES
from plut_rules.problem_codes import problem_code
from plut_rules.values import exact_text, terminating

#: The numeric rule variables every witness has, in the declaration's order.
SUMMARY_NAMES = tuple(v.name for v in RULE_VARIABLES
                      if v.kind == "fixed" and v.type is E.ValueType.NUMBER)

__all__ = ["Finding", "FindingSeverity", "ShadowedScope", "Witness", "combinations_text",
           "number_text", "terminating"]

FindingSeverity = Literal["error", "warning", "info"]


@attrs.frozen
class Witness:
    """A concrete consultant found by the analysis.

    ``values`` are the rule variables the consultant has (``score``,
    ``gates_failed``, ``ratio_<i>``...); ``consultant`` and ``achievements``
    realise them (None/empty when they could not be built); ``decided_by`` is
    the rule that decides it (None for a gap).
    """

    field: str
    unit: str
    values: dict[str, E.Value]
    consultant: Consultant | None
    achievements: tuple[Achievement, ...]
    decided_by: str | None = None

    def summary(self) -> str:
        """The witness in one line: field, unit and the variables that matter."""
        parts = [f"field {self.field}", f"unit {self.unit}"]
        for name in SUMMARY_NAMES:
            parts.append(f"{name} {number_text(self.values[name])}")
        for name, value in sorted(self.values.items()):
            if name.startswith("competence_") and value != 0:
                parts.append(f"{name} {number_text(value)}")
        for name, value in sorted(self.values.items()):
            if name.startswith("ratio_"):
                parts.append(f"{name} {number_text(value)}")
        return ", ".join(parts)

    def case_yaml(self, name: str, outcome: str = "replace", comment: str = "") -> str:
        """The witness as a test case to paste under ``cases:`` of a test file."""
        c = self.consultant
        if c is None:
            return ""
        lines = [f"  - name: {name}", f"    unit: {c.unit}", f"    field: {c.field}",
                 f"    appointed: {c.appointed}"]
        comps = {k: v for k, v in c.competences.items() if v != 0}
        if comps:
            lines.append("    competences: {" + ", ".join(f"{k}: {number_text(v)}"
                                                      for k, v in comps.items()) + "}")
        lines.append("    achievements:")
        for a in self.achievements:
            if a.target is None:
                lines.append(f"      {a.indicator}: {number_text(a.achievement)}")
            else:
                lines.append(f"      {a.indicator}: {{achievement: {number_text(a.achievement)}, "
                             f"target: {number_text(a.target)}}}")
        lines.append(f"    expect: {{outcome: {outcome}}}" + (f"   # {comment}" if comment else ""))
        return "\n".join(lines) + "\n"


@attrs.frozen
class ShadowedScope:
    """One (field, unit) in which a rule never decides: the rules that always match first
    there, and a consultant for whom the rule holds there (decided by one of them)."""

    field: str
    unit: str
    shadowed_by: tuple[str, ...]
    witness: Witness | None = None


@attrs.frozen
class Finding:
    """One result of the analysis, with where to look and, where one exists, a witness.

    ``scopes`` (``lint-partly-shadowed`` only) lists every (field, unit) in which the rule
    never decides, each with its shadowing rules and witness; ``witness`` is the first's.
    ``code`` must be declared in :mod:`plut_rules.problem_codes` (else ValueError).
    """

    code: str = attrs.field(validator=lambda _s, _a, code: problem_code(code))
    severity: FindingSeverity
    message: str
    rule: str | None = None
    location: Location | None = None
    witness: Witness | None = None
    shadowed_by: tuple[str, ...] = ()
    scopes: tuple[ShadowedScope, ...] = ()

    def __str__(self) -> str:
        where = f"{self.location.file}:{self.location.line}: " if self.location else ""
        text = f"{where}{self.severity}: {self.code}: {self.message}"
        if self.scopes:
            for scope in self.scopes:
                if scope.witness is not None:
                    text += (f"\n    example (decided by {scope.witness.decided_by}): "
                             f"{scope.witness.summary()}")
        elif self.witness is not None:
            text += f"\n    example: {self.witness.summary()}"
        return text


def number_text(value: Any) -> str:
    """An exact number as the linter writes it: a decimal where it terminates, else ``p/q``."""
    return exact_text(value)


def _plural(word: str, items: Sequence[str]) -> str:
    return f"{word}{'s' if len(items) > 1 else ''} {', '.join(items)}"


def combinations_text(combos: Sequence[tuple[str, str]], fields: Sequence[str],
                      units: Sequence[str]) -> str:
    """(field, unit) pairs, compactly: 'fields a, b of unit u and in field c' (every unit
    of ``units``, the rule's scope, for c), with as few groups as grouping by field or by
    unit gives."""
    def grouped(outer: Sequence[str], inner: Sequence[str],
                pairs: set[tuple[str, str]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        # outer items with the same set of inner items go together, in the policy's order
        by_inner: dict[tuple[str, ...], list[str]] = {}
        for o in outer:
            mine = tuple(i for i in inner if (o, i) in pairs)
            if mine:
                by_inner.setdefault(mine, []).append(o)
        return [(tuple(os), ins) for ins, os in by_inner.items()]

    pairs = set(combos)
    by_field = grouped(fields, units, pairs)
    by_unit = grouped(units, fields, {(u, f) for f, u in pairs})

    def text(fs: Sequence[str], us: Sequence[str]) -> str:
        where = "" if len(us) == len(units) else f" of {_plural('unit', us)}"
        return _plural("field", fs) + where

    if len(by_unit) < len(by_field):
        texts = [text(fs, us) for us, fs in by_unit]
    else:
        texts = [text(fs, us) for fs, us in by_field]
    return " and in ".join(texts)

