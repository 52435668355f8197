"""Canonical JSON: the form that policy and input hashes are taken of.

Keys sorted, no insignificant whitespace, numbers as exact decimal strings,
so a hash depends on meaning, not on formatting, row order or file format.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from plut_rules.exact import decimal_text

__all__ = ["canonical_json", "sha256_hex"]


def _prepare(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Fraction | int):
        return decimal_text(Fraction(value))
    if isinstance(value, Mapping):
        return {str(k): _prepare(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v) for v in value]
    raise TypeError(f"cannot put {type(value).__name__} into canonical JSON")


def canonical_json(value: Any) -> str:
    """The canonical JSON text of plain data (dicts, lists, str, bool, None, numbers)."""
    return json.dumps(_prepare(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(data: str | bytes) -> str:
    """Hex SHA-256 of bytes, or of text encoded as UTF-8."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()
