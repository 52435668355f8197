"""``plut-rules policy show`` and ``policy new-year``: a policy annotated with its sources,
and next year's starting file.

:func:`annotated` lists every value of a policy with the ``FILE:LINE`` that set it;
:func:`render_yaml` writes such a listing as YAML with the sources as comments
(the text loads again as the same policy); :func:`new_year_text` writes a child
policy that ``extends`` a parent.

>>> from plut_rules import load_policy
>>> from plut_rules.shipped import policy_path
>>> policy = load_policy(policy_path("2019"), display="2019.yaml")
>>> values = {v.path: v for v in annotated(policy)}
>>> keep = values["fields.sdm.thresholds.keep"]
>>> (str(keep.value), str(keep.source), keep.via)
('72', '2019.yaml:18:11', 'defaults.thresholds.keep')
>>> str(values["fields.pemasaran.thresholds.keep"].source)
'2018.yaml:196:7'
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import attrs

from plut_rules.errors import Location
from plut_rules.exact import decimal_text
from plut_rules.model import Policy
from plut_rules.policy import Node, YMap, YScalar, YSeq

__all__ = ["Annotated", "annotated", "leaves", "new_year_text", "render_yaml", "resolved_notes",
           "tree_notes", "where", "yaml_scalar"]


@attrs.frozen
class Annotated:
    """One value of a policy: its path, the value, where it was written.

    ``via`` names the path that actually holds the value when it is inherited
    inside the policy (a field's threshold set in ``defaults.thresholds``);
    ``source`` is None for a built-in default (an indicator's ``step`` 0.01).
    """

    path: str
    value: Any
    source: Location | None
    via: str | None = None


def where(location: Location | None) -> str:
    """``FILE:LINE`` (no column), or ``FILE`` alone, or ``default``."""
    if location is None:
        return "default"
    return f"{location.file}:{location.line}" if location.line is not None else location.file


def _lookup(policy: Policy) -> Callable[[str], tuple[Location | None, str | None]]:
    locations = policy.locations

    def find(path: str) -> tuple[Location | None, str | None]:
        if path in locations:
            return locations[path], None
        parts = path.split(".")
        if len(parts) >= 3 and parts[0] == "fields":
            via = ".".join(["defaults", *parts[2:]])
            if via in locations:
                return locations[via], via
        return None, None

    return find


def leaves(document: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Every value of a document (lists of scalars are one value) with its dotted path."""
    out: list[tuple[str, Any]] = []
    _leaves(document, "", out)
    return out


# Lists whose items are named by their id in paths (rules.<id>.when), as in error messages.
_ID_LISTS = ("rules", "monitoring.warnings", "selection.requirements")


def _leaves(value: Any, path: str, out: list[tuple[str, Any]]) -> None:
    if isinstance(value, Mapping) and value:
        for key, sub in value.items():
            _leaves(sub, f"{path}.{key}" if path else str(key), out)
    elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        for i, item in enumerate(value):
            rid = item.get("id") if path in _ID_LISTS else None
            base = f"{path}.{rid}" if isinstance(rid, str) else f"{path}[{i}]"
            for key, sub in item.items():
                _leaves(sub, f"{base}.{key}", out)
    else:
        out.append((path, value))


def annotated(policy: Policy) -> list[Annotated]:
    """Every value of the resolved policy, in document order, with its source."""
    find = _lookup(policy)
    out = []
    for path, value in leaves(policy.document):
        location, via = find(path)
        out.append(Annotated(path, value, location, via))
    return out


# --------------------------------------------------------------------------- YAML text

_PLAIN = re.compile(r"[a-z][a-z0-9_-]*")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def yaml_scalar(value: Any) -> str:
    """``value`` written as one YAML flow scalar (or flow list), as a policy file would."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Fraction | int):
        return decimal_text(Fraction(value))
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.fullmatch(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def render_yaml(
    document: Mapping[str, Any],
    note: Callable[[str], str | None],
    *,
    column: int = 56,
) -> list[str]:
    """``document`` as YAML lines, each value followed by ``# note(path)`` when not None."""
    lines: list[str] = []

    def emit(text: str, path: str) -> None:
        comment = note(path)
        if comment is None:
            lines.append(text)
        else:
            lines.append(f"{text.ljust(column - 1)} # {comment}")

    def block(mapping: Mapping[str, Any], path: str, indent: str, first: str | None) -> None:
        for n, (key, value) in enumerate(mapping.items()):
            sub = f"{path}.{key}" if path else str(key)
            lead = first if (first is not None and n == 0) else indent
            if isinstance(value, Mapping) and value:
                lines.append(f"{lead}{key}:")
                block(value, sub, indent + "  ", None)
            elif (isinstance(value, list) and value
                  and all(isinstance(v, Mapping) for v in value)):
                lines.append(f"{lead}{key}:")
                for i, item in enumerate(value):
                    rid = item.get("id") if sub in _ID_LISTS else None
                    base = f"{sub}.{rid}" if isinstance(rid, str) else f"{sub}[{i}]"
                    block(item, base, indent + "    ", indent + "  - ")
            else:
                emit(f"{lead}{key}: {yaml_scalar(value)}", sub)

    block(document, "", "", None)
    return lines


def resolved_notes(policy: Policy) -> Callable[[str], str | None]:
    """The comment of each value of :attr:`Policy.document`: ``FILE:LINE`` (and ``via``)."""
    find = _lookup(policy)

    def note(path: str) -> str | None:
        location, via = find(path)
        text = where(location)
        return f"{text} ({via})" if via else text

    return note


def tree_notes(tree: YMap) -> Callable[[str], str | None]:
    """The comment of each value of a merged (not resolved) policy tree: its ``FILE:LINE``."""
    found: dict[str, Location] = {}

    def walk(node: Node, path: str) -> None:
        found[path] = node.location
        if isinstance(node, YMap):
            for key, sub in node.items.items():
                walk(sub, f"{path}.{key}" if path else key)
        elif isinstance(node, YSeq) and node.items and all(
                isinstance(v, YMap) for v in node.items):
            for i, item in enumerate(node.items):
                assert isinstance(item, YMap)
                rid = item.items.get("id")
                if (path in _ID_LISTS and isinstance(rid, YScalar)
                        and isinstance(rid.value, str)):
                    walk(item, f"{path}.{rid.value}")
                else:
                    walk(item, f"{path}[{i}]")

    walk(tree, "")
    return lambda path: where(found.get(path))


# --------------------------------------------------------------------------- new year


def new_year_text(parent: Policy, year: int, extends: str, output: str, parent_name: str) -> str:
    """The starting policy of ``year``: ``extends`` the parent, comments on how to override.

    ``extends`` is the parent's path relative to the new file's folder,
    ``output`` the new file's name as the user gave it, ``parent_name`` the
    parent's.
    """
    keep_field = next((f for f in parent.fields if "keep" in f.thresholds), None)
    gate = next(((f, i) for f in parent.fields for i in f.indicators
                 if i.minimum is not None and not i.common), None)
    default_keep = parent.locations.get("defaults.thresholds.keep")
    title = None
    if parent.title is not None and str(parent.year) in parent.title:
        title = parent.title.replace(str(parent.year), str(year))

    out = [
        "# " + "=" * 77,
        f"# Kebijakan {parent.id} tahun {year}, dimulai dari {parent_name} ({parent.year}).",
        f"# Policy {parent.id} for {year}, started from {parent_name} ({parent.year}).",
        "#",
        f"# Berkas ini MEWARISI seluruh isi {parent_name} lewat `extends`: tuliskan di",
        "# sini HANYA yang berubah. Semua yang tidak ditulis tetap seperti tahun lalu.",
        f"# This file INHERITS everything in {parent_name} through `extends`: write",
        "# here ONLY what changes. Whatever is not written stays as last year.",
        "#",
        "# Periksa / check:           plut-rules validate " + output,
        f"# Apa yang berubah / diff:   plut-rules diff {parent_name} {output}",
        "# Nilai lengkap / resolved:  plut-rules policy show " + output + " --resolved",
        "# " + "=" * 77,
        f"extends: {yaml_scalar(extends)}",
        f"year: {year}",
    ]
    if title is not None:
        out.append(f"title: {yaml_scalar(title)}")
    out += [
        "",
        "# --- Menimpa ambang batas / Overriding a threshold " + "-" * 27,
        "# Tulis jalur kunci sampai nilainya saja; kunci lain tetap diwarisi.",
        "# Write only the path of keys down to the value; the other keys stay inherited.",
    ]
    if keep_field is not None:
        keep = decimal_text(keep_field.thresholds["keep"])
        now = (f" (sekarang / now: keep {decimal_text(parent.fields[0].thresholds['keep'])}"
               f" di / at {where(default_keep)})"
               if default_keep and "keep" in parent.fields[0].thresholds else "")
        out += [
            f"# Untuk semua bidang / for every field{now}:",
            "# defaults:",
            "#   thresholds:",
            f"#     keep: {keep}",
            "# Untuk satu bidang saja / for one field only:",
            "# fields:",
            f"#   {keep_field.id}:",
            "#     thresholds:",
            f"#       keep: {keep}",
        ]
    out += [
        "# Target, bobot, cap dan kursi ditimpa dengan cara yang sama.",
        "# Targets, weights, cap and seats are overridden the same way.",
        "",
        "# --- Menghapus gerbang (minimum) / Removing a gate (minimum) " + "-" * 17,
        "# Nilai kosong (null) MENGHAPUS apa yang diwarisi (gerbang, indikator, bidang...).",
        "# An empty value (null) REMOVES what is inherited (a gate, an indicator, a field...).",
    ]
    if gate is not None:
        field, indicator = gate
        assert indicator.minimum is not None
        out += [
            "# fields:",
            f"#   {field.id}:",
            "#     indicators:",
            f"#       {indicator.id}:",
            f"#         minimum: null      # sekarang / now: {decimal_text(indicator.minimum)}",
        ]
    out += [
        "",
        "# --- Mengganti aturan / Replacing rules " + "-" * 38,
        "# `rules` SELALU menggantikan SELURUH daftar induk: salin semuanya, lalu ubah.",
        "# `rules` ALWAYS replaces the parent's WHOLE list: copy all of it, then edit.",
        "# Daftar yang berlaku sekarang / the list in force now:",
    ]
    rules = {"rules": [dict(r) for r in parent.document.get("rules", [])]}
    out += ["# " + line for line in render_yaml(rules, lambda _path: None)]
    return "\n".join(out) + "\n"
