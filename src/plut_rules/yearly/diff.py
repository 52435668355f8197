"""Semantic difference of two resolved policies, and impact replay on a roster.

The diff compares the *resolved* documents (after ``extends`` and defaults), so
it reports what takes effect: a changed default threshold shows under
``defaults`` and under every field that does not override it.  A mapping key
present on one side only (a field, an indicator, a unit, a threshold...) is one
``added`` or ``removed`` change; rules are matched by id, so a rule may be
``added``, ``removed``, ``changed`` (per attribute) and the list ``reordered``.
Every change names the ``FILE:LINE`` that wrote the value on each side.

>>> from plut_rules import load_policy
>>> from plut_rules.shipped import policy_path
>>> old = load_policy(policy_path("2018"), display="2018.yaml")
>>> policy_diff(old, old)
[]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

import attrs

from plut_rules.errors import Location
from plut_rules.model import Achievement, Consultant, Decision, Evaluation, Policy, Vacancy
from plut_rules.values import json_plain, number_text
from plut_rules.wording import words

if TYPE_CHECKING:
    from plut_rules.render.explain import Lang

__all__ = ["Change", "Impact", "change_text", "changes_text", "impact", "impact_text",
           "json_plain", "policy_diff"]

ChangeKind = Literal["added", "removed", "changed", "reordered"]


@attrs.frozen
class Change:
    """One difference: ``path`` as in error messages (``fields.pemasaran.thresholds.keep``)."""

    kind: ChangeKind
    path: str
    old: Any
    new: Any
    old_source: Location | None
    new_source: Location | None


def _source(policy: Policy, path: str) -> Location | None:
    """Where ``path`` (or the nearest enclosing value) was written, defaults included."""
    parts = path.split(".")
    while parts:
        key = ".".join(parts)
        if key in policy.locations:
            return policy.locations[key]
        if len(parts) >= 3 and parts[0] == "fields":
            fallback = ".".join(["defaults", *parts[2:]])
            if fallback in policy.locations:
                return policy.locations[fallback]
        parts.pop()
    return policy.locations.get("")


def _walk(old: Any, new: Any, path: str, a: Policy, b: Policy, out: list[Change]) -> None:
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new)):
            sub = f"{path}.{key}" if path else str(key)
            if key not in new:
                out.append(Change("removed", sub, old[key], None, _source(a, sub), None))
            elif key not in old:
                out.append(Change("added", sub, None, new[key], None, _source(b, sub)))
            else:
                _walk(old[key], new[key], sub, a, b, out)
        return
    if old != new or isinstance(old, bool) != isinstance(new, bool):
        out.append(Change("changed", path, old, new, _source(a, path), _source(b, path)))


def _rules(a: Policy, b: Policy, out: list[Change]) -> None:
    old = {r["id"]: r for r in a.document.get("rules", [])}
    new = {r["id"]: r for r in b.document.get("rules", [])}
    for rid, rule in old.items():
        path = f"rules.{rid}"
        if rid not in new:
            out.append(Change("removed", path, rule, None, _source(a, path), None))
            continue
        other = new[rid]
        for key in sorted((set(rule) | set(other)) - {"id"}):
            x, y = rule.get(key), other.get(key)
            if key == "when" and isinstance(x, str) and isinstance(y, str):
                x_norm, y_norm = " ".join(x.split()), " ".join(y.split())
                if x_norm == y_norm:
                    continue
            if x != y:
                sub = f"{path}.{key}"
                kind: ChangeKind = "added" if x is None else "removed" if y is None else "changed"
                out.append(Change(kind, sub, x, y, _source(a, sub) if x is not None else None,
                                  _source(b, sub) if y is not None else None))
    for rid, rule in new.items():
        if rid not in old:
            path = f"rules.{rid}"
            out.append(Change("added", path, None, rule, None, _source(b, path)))
    common_old = [rid for rid in old if rid in new]
    common_new = [rid for rid in new if rid in old]
    if common_old != common_new:
        out.append(Change("reordered", "rules", common_old, common_new, _source(a, "rules"),
                          _source(b, "rules")))


def policy_diff(old: Policy, new: Policy) -> list[Change]:
    """Every semantic difference between two resolved policies, in document order of paths."""
    out: list[Change] = []
    a = {k: v for k, v in old.document.items() if k not in ("rules", "extends")}
    b = {k: v for k, v in new.document.items() if k not in ("rules", "extends")}
    _walk(a, b, "", old, new, out)
    _rules(old, new, out)
    return out


# --------------------------------------------------------------------------- impact


@attrs.frozen
class Impact:
    """Consultants whose outcome, destination field or deciding rule differ, and vacancies."""

    changed: tuple[tuple[Decision, Decision], ...]
    old_vacancies: tuple[Vacancy, ...]
    new_vacancies: tuple[Vacancy, ...]
    old: Evaluation
    new: Evaluation


def impact(
    old: Policy,
    new: Policy,
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    *,
    missing_as_zero: bool = False,
) -> Impact:
    """Evaluate the same roster under both policies and pair the decisions that differ."""
    from plut_rules.engine import evaluate

    e_old = evaluate(old, consultants, achievements, missing_as_zero=missing_as_zero)
    e_new = evaluate(new, consultants, achievements, missing_as_zero=missing_as_zero)
    new_by_id = {d.consultant: d for d in e_new.decisions}
    changed = []
    for d in e_old.decisions:
        n = new_by_id[d.consultant]
        if (d.outcome, d.to_field, d.rule) != (n.outcome, n.to_field, n.rule):
            changed.append((d, n))
    return Impact(tuple(changed), e_old.vacancies, e_new.vacancies, e_old, e_new)


# --------------------------------------------------------------------------- rendering


def _show(value: Any) -> str:
    import json

    plain = json_plain(value)
    if isinstance(plain, str):
        return json.dumps(plain, ensure_ascii=False)
    return json.dumps(plain, ensure_ascii=False, sort_keys=True)


def _where(location: Location | None) -> str:
    if location is None:
        return "-"
    return f"{location.file}:{location.line}" if location.line is not None else location.file


def change_to_dict(change: Change) -> dict[str, Any]:
    """A change as plain JSON-ready data."""
    return {"kind": change.kind, "path": change.path, "old": json_plain(change.old),
            "new": json_plain(change.new), "old_source": None if change.old_source is None
            else _where(change.old_source), "new_source": None if change.new_source is None
            else _where(change.new_source)}


def _lang(lang: str) -> Lang:
    return "en" if lang == "en" else "id"


def change_text(change: Change, lang: str = "en") -> str:
    """One line: ``changed PATH: OLD -> NEW  (OLDFILE:LINE -> NEWFILE:LINE)``.

    The kind of change is in ``lang`` (``diubah``, ``ditambah``, ``dihapus``,
    ``diurutkan ulang`` in Indonesian); paths and values stay as written in a
    policy file, so that they can be copied into one or into ``--set``.

    >>> from plut_rules.errors import Location
    >>> c = Change("changed", "defaults.cap", 1.2, 1.25, Location("a.yaml", 3), None)
    >>> change_text(c, "id")
    'diubah   defaults.cap: 1.2 -> 1.25  (a.yaml:3 -> -)'
    """
    kind = words("change", _lang(lang))[change.kind]
    where = f"({_where(change.old_source)} -> {_where(change.new_source)})"
    if change.kind == "reordered":
        rules = words("change", _lang(lang))["rules"]
        return f"{kind} {rules}: {', '.join(change.old)} -> {', '.join(change.new)}  {where}"
    kind = kind.ljust(8)  # the longest of added/removed/changed, ditambah/dihapus/diubah
    if change.kind == "added":
        return f"{kind} {change.path}: {_show(change.new)}  {where}"
    if change.kind == "removed":
        return f"{kind} {change.path}: {_show(change.old)}  {where}"
    return f"{kind} {change.path}: {_show(change.old)} -> {_show(change.new)}  {where}"


def changes_text(changes: Sequence[Change], lang: str = "en", indent: str = "") -> list[str]:
    """The lines of :func:`change_text`, or one line saying there are no changes."""
    return [indent + change_text(c, lang) for c in changes] or \
        [indent + words("diff", _lang(lang))["no_changes"]]


def _decision_short(d: Decision, lang: Lang) -> str:
    from plut_rules.render.explain import outcome_label

    to = f" -> {d.to_field}" if d.to_field else ""
    return (f"{outcome_label(d.outcome, lang)}{to} ({d.rule}, {words('diff', lang)['score']} "
            f"{number_text(d.score, lang)})")


def impact_to_dict(result: Impact, lang: str = "id") -> dict[str, Any]:
    """The impact replay as plain JSON-ready data."""
    from plut_rules.render.explain import summary

    def vac(vs: Sequence[Vacancy]) -> list[dict[str, Any]]:
        return [{"unit": v.unit, "field": v.field, "open": v.open} for v in vs]

    return {
        "consultants": [
            {"consultant": o.consultant,
             "old": {"outcome": o.outcome, "to_field": o.to_field, "rule": o.rule,
                     "score": json_plain(o.score),
                     "summary": summary(o, "en" if lang == "en" else "id", result.old.policy)},
             "new": {"outcome": n.outcome, "to_field": n.to_field, "rule": n.rule,
                     "score": json_plain(n.score),
                     "summary": summary(n, "en" if lang == "en" else "id", result.new.policy)}}
            for o, n in result.changed],
        "counts": {"old": result.old.counts(), "new": result.new.counts()},
        "vacancies": {"old": vac(result.old_vacancies), "new": vac(result.new_vacancies)},
    }


def impact_text(result: Impact, lang: str = "id") -> str:
    """Each affected consultant with the old and new explanation in one line each."""
    from plut_rules.render.explain import outcome_label, summary
    from plut_rules.render.output import OUTCOME_ORDER

    language = _lang(lang)
    texts = words("diff", language)

    def num(n: int) -> str:
        return number_text(Fraction(n), language)

    lines = [texts["impact"].format(n=num(len(result.old.decisions)),
                                    k=num(len(result.changed)))]
    for o, n in result.changed:
        lines.append(f"  {o.consultant}: {_decision_short(o, language)}  =>  "
                     f"{_decision_short(n, language)}")
        lines.append(f"    {texts['old']}: {summary(o, language, result.old.policy)}")
        lines.append(f"    {texts['new']}: {summary(n, language, result.new.policy)}")
    oc, nc = result.old.counts(), result.new.counts()
    lines.append(f"{texts['counts']}: " + ", ".join(
        f"{outcome_label(k, language)} {num(oc[k])} -> {num(nc[k])}" for k in OUTCOME_ORDER))
    old_v = {(v.unit, v.field): v.open for v in result.old_vacancies}
    new_v = {(v.unit, v.field): v.open for v in result.new_vacancies}
    moved = [(k, old_v.get(k, 0), new_v.get(k, 0)) for k in sorted(set(old_v) | set(new_v))
             if old_v.get(k, 0) != new_v.get(k, 0)]
    if moved:
        lines.append(f"{texts['vacancies']}:")
        lines += [f"  {u} / {f}: {num(a)} -> {num(b)}" for (u, f), a, b in moved]
    else:
        lines.append(texts["vacancies_same"])
    return "\n".join(lines) + "\n"
