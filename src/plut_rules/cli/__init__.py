"""The ``plut-rules`` command: argument parsing and one module per command group.

Owns: the argparse tree, the exit codes, printing problems, writing outputs.
May import: every other subpackage of plut_rules (it is the top layer); nothing
imports it but the console script.

Inside, imports go one way: :mod:`~plut_rules.cli.app` (the parser and ``main``)
imports the command groups (:mod:`~plut_rules.cli.evaluation`,
:mod:`~plut_rules.cli.audit_commands`, :mod:`~plut_rules.cli.yearly`,
:mod:`~plut_rules.cli.quality`, :mod:`~plut_rules.cli.monitor`,
:mod:`~plut_rules.cli.report`); each group imports :mod:`~plut_rules.cli.common`
(shared options and helpers), which imports only :mod:`~plut_rules.cli.progress`.
One group uses another's public function: ``validate --strict`` lints as ``lint``
does (evaluation -> quality, inside the handler).  At module level no cli module
imports more than the standard library, so ``plut-rules --help`` starts fast.
"""

from __future__ import annotations

from collections.abc import Sequence

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

__all__ = ["main"]


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run ``plut-rules`` with ``argv`` (default: ``sys.argv[1:]``), writing to ``stdout``
    and ``stderr`` (default: ``sys.stdout``, ``sys.stderr``); return the exit code."""
    from plut_rules.cli.app import main as run

    return run(argv, stdout, stderr)
