"""The problems of evaluation (engine/: the roster checked against the policy, rules that
decide nothing, scorers) and the command line's own problems (cli/), in Indonesian and
English. Part of :data:`plut_rules.wording.CATALOGUE`; filled by
:func:`plut_rules.wording.say`."""

from __future__ import annotations

__all__ = ["ENGINE_PROBLEMS"]

#: key -> (Indonesian, English).
ENGINE_PROBLEMS: dict[str, tuple[str, str]] = {
}
