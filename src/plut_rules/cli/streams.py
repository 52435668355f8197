"""Where a command writes: :class:`Streams` (its output and its messages, in the run's
language) and :class:`VisibleStream` (a stream that shows control characters and names
itself when a write fails).

Nothing here imports a heavy dependency at module level (``plut-rules --help`` imports
it).  Imports no other module of :mod:`plut_rules.cli`.
"""

from __future__ import annotations

from plut_rules.visible import visible

# typing.TYPE_CHECKING without importing typing (start-up time); mypy reads it alike
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TextIO, cast

    from plut_rules.safe_output import FileGuard, OutputError
    from plut_rules.wording import Lang
else:
    def cast(_type: object, value: object) -> object:
        return value

__all__ = ["Streams", "VisibleStream"]


class Streams:
    """Where a command writes: its output (``out``) and its messages (``err``), both
    making control characters visible (``raw_out`` and ``raw_err`` are the streams given,
    for a progress bar's own escape codes), and the :class:`FileGuard` of the files the
    run reads and writes (``guard``)."""

    __slots__ = ("_guard", "err", "lang", "out", "raw_err", "raw_out")

    def __init__(self, out: TextIO, err: TextIO, lang: Lang = "id") -> None:
        #: the language of the problems printed (the command's ``--lang``; the contract's
        #: default is Indonesian, whatever the machine's locale)
        self.lang: Lang = lang
        self.raw_out = out
        self.raw_err = err
        self.out: TextIO = cast("TextIO", VisibleStream(out, "standard output"))
        self.err: TextIO = cast("TextIO", VisibleStream(err, "standard error"))
        self._guard: FileGuard | None = None

    @property
    def guard(self) -> FileGuard:
        """The files this run reads and writes (made on first use)."""
        if self._guard is None:
            from plut_rules.safe_output import FileGuard

            self._guard = FileGuard()
        return self._guard


class VisibleStream:
    """A text stream that writes control characters visibly (:func:`plut_rules.visible.
    visible`) and reports a failed write (a full disk, a file size limit) as an
    :class:`~plut_rules.safe_output.OutputError` naming the stream; a closed pipe stays a
    :class:`BrokenPipeError` (exit 141)."""

    def __init__(self, raw: TextIO, name: str) -> None:
        self.raw = raw
        self.name = name

    def write(self, text: str) -> int:
        """Write ``text``, its control characters made visible."""
        try:
            return self.raw.write(visible(text))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self.failed(exc) from None

    def flush(self) -> None:
        """Flush the stream (a buffered write error surfaces here)."""
        try:
            self.raw.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise self.failed(exc) from None

    def isatty(self) -> bool:
        """Whether the stream is a terminal."""
        return self.raw.isatty()

    def fileno(self) -> int:
        """The stream's file descriptor."""
        return self.raw.fileno()

    def failed(self, exc: OSError) -> OutputError:
        """The problem of a failed write to this stream."""
        from plut_rules.errors import Location, Problem
        from plut_rules.safe_output import OutputError
        from plut_rules.wording import say

        name = (say("stream.standard_output") if self.name == "standard output" else
                say("stream.standard_error") if self.name == "standard error" else self.name)
        return OutputError([Problem.worded(
            "output-unwritable", say("stream.unwritable", name=name,
                                     reason=exc.strerror or exc), Location(f"<{self.name}>"))])

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)
