"""docs/errors.md documents every problem code the tool can give."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# Functions and classes whose first argument (or `code=` keyword) is a problem code.
MAKERS = {"Problem", "err", "error", "warn", "fail", "problem", "report", "BadNumber",
          "audit_error"}


def codes_in_source() -> dict[str, set[str]]:
    """Every problem code written in src/plut_rules, with the modules using it."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "src" / "plut_rules").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            literals: list[ast.expr] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if name in MAKERS and node.args:
                    literals.append(node.args[0])
                literals += [k.value for k in node.keywords if k.arg == "code"]
                # a bad cell carries (code, message, ...) for its row to report
                if name == "Cell" and len(node.args) > 1 and isinstance(node.args[1], ast.Tuple):
                    literals.append(node.args[1].elts[0])
            elif isinstance(node, ast.Assign):
                if any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
                    literals.append(node.value)
            elif isinstance(node, ast.FunctionDef | ast.AnnAssign):
                if isinstance(node, ast.AnnAssign):
                    if isinstance(node.target, ast.Name) and node.target.id == "code" \
                            and node.value is not None:
                        literals.append(node.value)
                else:
                    args = node.args.args[len(node.args.args) - len(node.args.defaults):]
                    literals += [d for a, d in zip(args, node.args.defaults, strict=True)
                                 if a.arg == "code"]
            for lit in literals:
                if isinstance(lit, ast.Constant) and isinstance(lit.value, str) \
                        and CODE.fullmatch(lit.value):
                    found.setdefault(lit.value, set()).add(path.name)
    return found


def codes_in_doc() -> set[str]:
    """The codes in the first column of the tables of docs/errors.md."""
    text = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\|\s*`([a-z0-9-]+)`", text, re.MULTILINE))


def test_source_scan_finds_codes() -> None:
    """The scan itself works: well-known codes of each module are found."""
    found = codes_in_source()
    for code in ("duplicate-key", "expr-syntax", "extends-outside", "ambiguous-number",
                 "division-by-zero", "no-catch-all", "tag-not-allowed", "quoted-number",
                 "formula-not-calculated"):
        assert code in found, code


def test_every_code_is_documented() -> None:
    """Each code used in src appears in docs/errors.md, and the doc lists no stale codes."""
    found = codes_in_source()
    documented = codes_in_doc()
    missing = sorted(set(found) - documented)
    assert not missing, f"add to docs/errors.md: {missing}"
    stale = sorted(documented - set(found))
    assert not stale, f"no longer used, remove from docs/errors.md: {stale}"
