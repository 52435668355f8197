"""The documentation's examples stay true: code blocks run, links resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
    from conftest import run_cli

    result = run_cli("evaluate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("CONTOH / SAMPLE — ")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```text\n" + result.stdout + "```" in readme
