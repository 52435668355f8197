"""The package's shape: subpackages with documented boundaries, short modules, public names only.

import-linter (run by scripts/test.sh, contracts in pyproject.toml) checks the direction of
imports and the absence of cycles; these tests check what it does not: private names
used across subpackages, the length of modules, and that each subpackage says what it owns.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "plut_rules"
#: A module longer than this mixes concerns (docs/architecture.md).
MAX_MODULE_LINES = 600


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _owner(module: str) -> str:
    """The subpackage (or top-level module) a dotted module name belongs to."""
    return ".".join(module.split(".")[:2])


def _imported_names(tree: ast.AST) -> Iterator[tuple[int, str, str]]:
    for node in ast.walk(tree):
        if (isinstance(node, ast.ImportFrom) and node.module and node.level == 0
                and node.module.startswith("plut_rules")):
            for alias in node.names:
                yield node.lineno, node.module, alias.name


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_is_short(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines; split it by concern"


def test_no_private_name_crosses_a_subpackage() -> None:
    """A name another subpackage needs is public (with a docstring) in its own package."""
    found = []
    for path in _modules():
        importer = _dotted(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, module, name in _imported_names(tree):
            crossing = _owner(module) != _owner(importer)
            if crossing and (_private(name) or any(_private(p) for p in module.split("."))):
                found.append(f"{path.relative_to(ROOT)}:{line}: {module}.{name}")
    assert not found, "private names used across subpackages:\n" + "\n".join(found)


def test_no_test_imports_a_private_name() -> None:
    """Tests use the library as its users do, through public names."""
    found = []
    for path in sorted((ROOT / "tests").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, module, name in _imported_names(tree):
            if _private(name) or any(_private(p) for p in module.split(".")):
                found.append(f"{path.name}:{line}: {module}.{name}")
    assert not found, "tests importing private names:\n" + "\n".join(found)


@pytest.mark.parametrize("init", sorted(PACKAGE.glob("*/__init__.py")),
                         ids=lambda p: p.parent.name)
def test_subpackage_says_what_it_owns_and_may_import(init: Path) -> None:
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    assert "may import" in doc.lower(), f"{init.parent.name}: its docstring lacks 'May import'"
    assert init.parent.name in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
