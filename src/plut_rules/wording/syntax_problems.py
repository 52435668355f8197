"""The problems of the syntax of YAML files and of rule expressions (policy/yaml_tree.py,
lang/), in Indonesian and English. Part of :data:`plut_rules.wording.CATALOGUE`; filled
by :func:`plut_rules.wording.say`."""

from __future__ import annotations

__all__ = ["SYNTAX_PROBLEMS"]

#: key -> (Indonesian, English).
SYNTAX_PROBLEMS: dict[str, tuple[str, str]] = {
}
