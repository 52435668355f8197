"""A progress bar for long runs, on a terminal only.

Evaluating or reporting more than :data:`THRESHOLD` consultants shows a rich
progress bar on standard error when standard error is a terminal; when it is
piped or redirected, nothing at all is written.  The bar is transient: it is
gone when the run ends, so the terminal keeps only the command's own output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from rich.console import Console
    from rich.progress import TaskID

__all__ = ["THRESHOLD", "ProgressFn", "progress_bar"]

#: More consultants than this show a progress bar (on a terminal).
THRESHOLD = 2000

#: Called as ``progress(stage, done, total)``; stages: ``score``, ``counterfactuals``,
#: ``render``.
ProgressFn = Callable[[str, int, int], None]

@contextmanager
def progress_bar(total: int, *, lang: str = "id", console: Console | None = None,
                 threshold: int = THRESHOLD,
                 stream: TextIO | None = None) -> Iterator[ProgressFn | None]:
    """A progress callback while the block runs, or None (no bar: ``total`` is at most
    ``threshold``, or the console, on ``stream`` or else standard error, is not a
    terminal)."""
    if total <= threshold:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    if console is None:
        console = Console(stderr=True) if stream is None else Console(file=stream)
    if not console.is_terminal:
        yield None
        return
    from plut_rules.wording import words

    names = words("progress", "en" if lang == "en" else "id")
    tasks: dict[str, TaskID] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=console, transient=True) as bar:

        def update(stage: str, done: int, of: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(names.get(stage, stage), total=of)
            # every 1% (and the last) is enough for the eye and costs little
            if done == of or done % max(1, of // 100) == 0:
                bar.update(tasks[stage], completed=done)

        yield update
