"""The problems of a policy's content (policy/: its keys, values, fields, units, rules,
thresholds and sections), in Indonesian and English. Part of
:data:`plut_rules.wording.CATALOGUE`; filled by :func:`plut_rules.wording.say`."""

from __future__ import annotations

__all__ = ["POLICY_PROBLEMS"]

#: key -> (Indonesian, English).
POLICY_PROBLEMS: dict[str, tuple[str, str]] = {
    # the typed readers of policy/validate.py
    "validate.unknown_key": (
        "kunci {key} tidak dikenal; yang boleh di sini: {allowed}",
        "unknown key {key}; allowed here: {allowed}",
    ),
    "validate.missing_key": (
        "kunci wajib {key} belum ditulis; tambahkan di sini",
        "missing required key {key}",
    ),
}
