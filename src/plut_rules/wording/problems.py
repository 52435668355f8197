"""The words every list of problems uses, whatever its subject: a warning's label, the
"did you mean", the count of errors and warnings.  Part of
:data:`plut_rules.wording.CATALOGUE`."""

from __future__ import annotations

__all__ = ["PROBLEMS"]

#: key -> (Indonesian, English).
PROBLEMS: dict[str, tuple[str, str]] = {
    "problem.warning": ("peringatan", "warning"),
    "problem.did_you_mean": (" (maksud Anda {suggestion}?)", " (did you mean {suggestion}?)"),
    "problem.errors": ("{n} kesalahan", "{n} errors"),
    "problem.error": ("{n} kesalahan", "{n} error"),
    "problem.warnings": ("{n} peringatan", "{n} warnings"),
    "problem.one_warning": ("{n} peringatan", "{n} warning"),
}
