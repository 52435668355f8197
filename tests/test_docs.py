"""The documentation's examples stay true: code blocks run, links resolve."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import shlex
from pathlib import Path
from types import ModuleType

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize(
    ("path", "index"),
    [(p, i) for p in DOCS for i in range(len(_python_blocks(p)))],
    ids=lambda v: v.name if isinstance(v, Path) else str(v),
)
def test_python_blocks_run(path: Path, index: int, capsys: pytest.CaptureFixture[str]) -> None:
    """Every ```python block of README.md and docs/ runs without error."""
    code = _python_blocks(path)[index]
    if "import pandas" in code:
        pytest.importorskip("pandas")  # an optional extra: its examples need it installed
    exec(compile(code, f"{path.name}[{index}]", "exec"), {"__name__": "__docs__"})
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_relative_links_resolve(path: Path) -> None:
    """Every relative link in the docs points at a file that exists."""
    text = path.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target:
            continue
        assert (path.parent / target).exists(), f"{path.name}: broken link {target}"


def test_readme_table_matches_the_command() -> None:
    """The table shown in README.md is what `plut-rules evaluate` prints today, titled as
    the sample (CONTOH / SAMPLE)."""
    result = run_cli("evaluate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("CONTOH / SAMPLE — ")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```text\n" + result.stdout + "```" in readme


def _code_blocks(path: Path) -> list[str]:
    """The Python of every ```python and ```pycon block (a pycon block's prompt lines)."""
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    for block in re.findall(r"```pycon\n(.*?)```", text, re.S):
        lines = [ln[4:] for ln in block.splitlines() if ln.startswith((">>> ", "... "))]
        blocks.append("\n".join(lines) + "\n")
    return blocks


def _public_module(dotted: str) -> ModuleType:
    """The module ``dotted``, which no part of names as private."""
    assert not any(part.startswith("_") for part in dotted.split(".")), (
        f"{dotted} is a private module")
    return importlib.import_module(dotted)


def _assert_public(module: ModuleType, name: str, where: str) -> None:
    assert not name.startswith("_"), f"{where}: {module.__name__}.{name} is private"
    if hasattr(module, "__path__") and importlib.util.find_spec(
            f"{module.__name__}.{name}") is not None:
        return  # a submodule, public by its name
    assert name in getattr(module, "__all__", ()), (
        f"{where}: {module.__name__}.{name} is not in {module.__name__}.__all__")
    getattr(module, name)


def _imports(path: Path) -> list[tuple[str, str | None]]:
    """Each ``(module, name)`` the code blocks of ``path`` import (name None: the module)."""
    found: list[tuple[str, str | None]] = []
    for code in _code_blocks(path):
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("plut_rules"):
                found += [(node.module or "", alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                found += [(alias.name, None) for alias in node.names
                          if alias.name.startswith("plut_rules")]
    return found


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_docs_use_only_public_names(path: Path) -> None:
    """Every ``from plut_rules... import X`` of a code block names a public module and a
    name of its ``__all__``, and every ``plut_rules.x.y`` written in the prose resolves to a
    public module or a name of its module's ``__all__``: what the docs show is the API."""
    for module_name, name in _imports(path):
        module = _public_module(module_name)
        if name is not None:
            _assert_public(module, name, path.name)
    prose = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    for dotted in re.findall(r"`(plut_rules(?:\.\w+)+)", prose):
        parts = dotted.split(".")
        if parts[-1].startswith("__") and parts[-1].endswith("__"):
            parts.pop()  # plut_rules.__all__: the module's own attribute
        # the longest importable prefix is the module; the rest are its public names
        for cut in range(len(parts), 0, -1):
            try:
                module = _public_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            break
        target: object = module
        for name in parts[cut:]:
            assert isinstance(target, ModuleType), f"{path.name}: {dotted} does not resolve"
            _assert_public(target, name, path.name)
            target = getattr(target, name)


def test_the_doc_import_check_catches_private_names(tmp_path: Path) -> None:
    """The check above fails on a private module and on a name missing from __all__."""
    page = tmp_path / "page.md"
    for code in ("from plut_rules._x import y", "from plut_rules.yearly.whatif import _value",
                 "from plut_rules.model import attrs"):
        page.write_text(f"```python\n{code}\n```\n", encoding="utf-8")
        with pytest.raises((AssertionError, ModuleNotFoundError)):
            test_docs_use_only_public_names(page)
    page.write_text("See `plut_rules.model.attrs`.\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        test_docs_use_only_public_names(page)


def test_readme_links_every_docs_page() -> None:
    """The README's documentation table links every page of docs/."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\((docs/[^)#\s]+)", readme))
    pages = {f"docs/{p.name}" for p in (ROOT / "docs").iterdir()
             if p.suffix in (".md", ".json")}
    assert pages - linked == set()


def test_readme_tour_shows_the_audit_trail_and_it_runs(tmp_path: Path) -> None:
    """The tour shows evaluate --audit, determine and audit verify; run in order, as
    written, they record, determine and verify the sample year."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tour = readme.split("## A 30-second tour", 1)[1].split("```", 2)[1]
    commands = [shlex.split(line.split("#", 1)[0])[1:] for line in tour.splitlines()
                if line.startswith(".venv/bin/plut-rules") and "audit" in line]
    assert [c[0] if c[0] != "audit" else " ".join(c[:2]) for c in commands] == [
        "evaluate", "determine", "audit verify"]
    assert "--audit" in commands[0]
    for args in commands:
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
    assert "chain intact" in result.stdout + result.stderr
