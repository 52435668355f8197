"""The ``plut-rules`` command: argument parsing and one module per command group.

Owns: the argparse tree, the exit codes, printing problems, writing outputs.
May import: every other subpackage of plut_rules (it is the top layer); nothing
imports it but the console script.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``plut-rules`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    from plut_rules.cli.app import main as run

    return run(argv)
