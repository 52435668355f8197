"""The problems of data files and values (readers/: CSV, XLSX, JSON, headers, numbers; the
domain constructors of model.py and exact.py's number range), in Indonesian and English.
Part of :data:`plut_rules.wording.CATALOGUE`; filled by :func:`plut_rules.wording.say`."""

from __future__ import annotations

__all__ = ["DATA_PROBLEMS"]

#: key -> (Indonesian, English).
DATA_PROBLEMS: dict[str, tuple[str, str]] = {
}
