"""Paths of the content shipped inside the package (policies and the sample year)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["policy_path", "sample_path"]


def _data() -> Path:
    return Path(str(resources.files("plut_rules") / "data"))


def policy_path(name: str = "2018") -> Path:
    """The shipped policy ``policies/<name>.yaml``."""
    return _data() / "policies" / f"{name}.yaml"


def sample_path(name: str) -> Path:
    """A file of the shipped sample year (``consultants.csv``, ``achievements.csv``)."""
    return _data() / "sample" / name
