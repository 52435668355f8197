"""The shipped content: the yearly policies live in policies/ and ship in the package."""

from __future__ import annotations

import os
from pathlib import Path

from plut_rules import load_policy, shipped_policy_path

ROOT = Path(__file__).resolve().parent.parent


def test_package_policies_are_the_root_policies_folder() -> None:
    """One copy: the package's data/policies is a link to policies/, never a second copy."""
    link = ROOT / "src" / "plut_rules" / "data" / "policies"
    assert link.is_symlink()
    assert link.resolve() == (ROOT / "policies").resolve()
    for name in ("2018", "2019"):
        shipped = Path(shipped_policy_path(name))
        assert shipped.resolve() == (ROOT / "policies" / f"{name}.yaml").resolve()
        assert os.path.samefile(shipped, ROOT / "policies" / f"{name}.yaml")


def test_every_root_policy_loads_through_the_package() -> None:
    """Each yearly policy in policies/ is reachable by name and valid."""
    names = sorted(p.stem for p in (ROOT / "policies").glob("*.yaml") if ".tests" not in p.name)
    assert names == ["2018", "2019"]
    for name in names:
        assert load_policy(shipped_policy_path(name)).year == int(name)
