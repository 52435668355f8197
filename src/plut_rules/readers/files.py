"""Data files on disk: their format by extension, the size limit, reading the bytes,
and decoding text files as UTF-8, each failure as a located problem.

A CSV file is never held whole (:class:`DataSource`): it is checked as UTF-8 in chunks,
then read again from the start line by line, both passes hashed so that a file changed
between them is refused rather than read as a mix of two versions."""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import stat
from collections.abc import Iterator
from types import TracebackType
from typing import IO, TYPE_CHECKING, Literal

from plut_rules.errors import Location, Problem
from plut_rules.wording import Words, say

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "CHECK_CHUNK_BYTES",
    "MAX_FILE_BYTES",
    "DataSource",
    "Format",
    "decode_utf8",
    "detect_format",
    "open_data_file",
    "read_data_file",
    "too_large",
]

Format = Literal["csv", "xlsx", "json"]

#: Input files above this size are refused without being read.
MAX_FILE_BYTES = 50 * 1024 * 1024

#: How many bytes of a CSV file are checked as UTF-8 at a time.
CHECK_CHUNK_BYTES = 1024 * 1024

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

_EXTENSIONS: dict[str, Format] = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json"}


def detect_format(path: str | os.PathLike[str]) -> Format | None:
    """The format of a data file by its extension (``.csv``, ``.xlsx``/``.xlsm``, ``.json``)."""
    return _EXTENSIONS.get(os.path.splitext(os.fspath(path))[1].lower())


class DataSource:
    """A data file open for reading (or the bytes of one), closed on leaving ``with``.

    XLSX and JSON are read whole (:meth:`read_whole`: openpyxl and json need all of it).
    A CSV file is read in two passes, never held whole: :meth:`check_utf8` reads it in
    chunks of :data:`CHECK_CHUNK_BYTES`, then :meth:`lines` reads it again from the start,
    one line at a time.  A file on disk may change between the passes (it is bytes on a
    shared disk): both passes hash what they read, and :attr:`unusable` is then the
    problem that makes everything read in the second pass void.
    """

    __slots__ = ("_digest", "_on_disk", "_size", "_stream", "unusable")

    def __init__(self, stream: IO[bytes], *, on_disk: bool) -> None:
        self._stream = stream
        # bytes in memory cannot change, nor exceed a limit already checked by the caller
        self._on_disk = on_disk
        self._digest = b""  # of the bytes the first pass read
        self._size = 0  # how many it read
        #: the problem that voids what the second pass read (the file changed), or None
        self.unusable: Problem | None = None

    @classmethod
    def of_bytes(cls, data: bytes) -> DataSource:
        """The bytes of a file, read through the same passes as a file on disk."""
        return cls(io.BytesIO(data), on_disk=False)

    def close(self) -> None:
        """Close the file (again: nothing)."""
        self._stream.close()

    def __enter__(self) -> DataSource:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def read_whole(self, file: str, problems: list[Problem]) -> bytes | None:
        """All the bytes, or None with the problem (too large, or unreadable)."""
        try:
            data = self._stream.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            problems.append(_unreadable(exc, Location(file)))
            return None
        if self._on_disk and len(data) > MAX_FILE_BYTES:
            problems.append(too_large(len(data), Location(file)))
            return None
        return data

    def check_utf8(self, file: str, problems: list[Problem]) -> bool:
        """Whether the file is UTF-8 text (a BOM allowed) without NUL; if not, its problem
        (as :func:`decode_utf8` words and locates it) is appended.  Read in chunks."""
        stream = self._stream
        digest = hashlib.sha256()
        limit = MAX_FILE_BYTES if self._on_disk else -1
        decoder = codecs.getincrementaldecoder("utf-8")()
        fed = 0  # bytes given to the decoder (after a BOM)
        newlines = 0  # "\n" among them
        last_newline = -1  # where the last of them is
        nul_line: int | None = None  # the line of the first NUL
        try:
            stream.seek(0)
            head = stream.read(5)  # a BOM and the two bytes a UTF-16 file starts with
            piece = head[3:] if head.startswith(_BOM) else head
            utf16 = piece.startswith(_UTF16_BOMS)
            total = len(head)
            digest.update(head)
            while True:
                final = not piece
                pending = decoder.getstate()[0]  # an unfinished character's bytes
                try:
                    decoder.decode(piece, final)
                except UnicodeDecodeError as exc:
                    at = fed - len(pending) + exc.start
                    upto = max(0, at - fed)  # no "\n" is pending: the count stops at fed
                    line = newlines + piece.count(b"\n", 0, upto) + 1
                    newline = piece.rfind(b"\n", 0, upto)
                    start = fed + newline + 1 if newline >= 0 else last_newline + 1
                    problems.append(_not_utf8(file, line, at - start + 1,
                                              exc.object[exc.start], utf16))
                    return False
                if final:
                    break
                if nul_line is None and (nul := piece.find(b"\x00")) >= 0:
                    nul_line = newlines + piece.count(b"\n", 0, nul) + 1
                if (count := piece.count(b"\n")) > 0:
                    newlines += count
                    last_newline = fed + piece.rfind(b"\n")
                fed += len(piece)
                if 0 <= limit < total:
                    problems.append(too_large(total, Location(file)))
                    return False
                size = CHECK_CHUNK_BYTES if limit < 0 else \
                    min(CHECK_CHUNK_BYTES, limit + 1 - total)
                piece = stream.read(size)
                total += len(piece)
                digest.update(piece)
        except OSError as exc:
            problems.append(_unreadable(exc, Location(file)))
            return False
        if nul_line is not None:
            problems.append(_nul(file, nul_line))
            return False
        self._digest, self._size = digest.digest(), total
        return True

    def lines(self, file: str, problems: list[Problem]) -> Iterator[str]:
        """The physical lines of the file checked by :meth:`check_utf8` (a BOM skipped),
        decoded one at a time, with their line breaks (\\r\\n, \\r or \\n) as
        ``newline=""`` reads them.  Should the file have changed since, the lines stop
        and :attr:`unusable` is the problem, appended to ``problems``."""
        where = Location(file)
        try:
            self._stream.seek(0)
        except OSError as exc:
            self._void(_unreadable(exc, where), problems)
            return
        if not self._on_disk:
            text = io.TextIOWrapper(self._stream, encoding="utf-8-sig", newline="")
            yield from text
            return
        reader = _HashingReader(self._stream, self._size + 1)  # one more: a grown file
        text = io.TextIOWrapper(io.BufferedReader(reader), encoding="utf-8-sig", newline="")
        try:
            try:
                yield from text
            except UnicodeDecodeError:
                self._void(_changed(where), problems)
                return
            except OSError as exc:
                self._void(_unreadable(exc, where), problems)
                return
            if reader.count != self._size or reader.digest.digest() != self._digest:
                self._void(_changed(where), problems)
        finally:
            text.close()  # the reader only: the file is the source's to close

    def _void(self, problem: Problem, problems: list[Problem]) -> None:
        self.unusable = problem
        problems.append(problem)


class _HashingReader(io.RawIOBase):
    """A stream read through, hashing its bytes, and stopping after ``limit`` of them."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        super().__init__()
        self._stream = stream
        self._left = limit
        self.count = 0
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._stream.read(min(len(view), self._left))
        view[: len(data)] = data
        self.digest.update(data)
        self._left -= len(data)
        self.count += len(data)
        return len(data)


def open_data_file(
    path: str | os.PathLike[str], display: str | None
) -> tuple[DataSource | None, Format | None, str, list[Problem]]:
    """A data file opened for reading with its format and display name, or None and its
    problem; ``display`` is the name used in locations (default: ``path``).

    The file is checked before it is opened: a regular file (a FIFO, device or socket
    would block or never end), of a known format, not above :data:`MAX_FILE_BYTES`.
    """
    file = display if display is not None else os.fspath(path)
    where = Location(file)
    try:
        info = os.stat(path)
        size = info.st_size
    except FileNotFoundError:
        return (
            None,
            None,
            file,
            [Problem.worded("file-not-found", say("file.not_found"), where)],
        )
    except OSError as exc:
        return None, None, file, [_unreadable(exc, where)]
    if not stat.S_ISREG(info.st_mode):
        what = say("file.a_folder") if stat.S_ISDIR(info.st_mode) else say("file.not_regular")
        return None, None, file, [Problem.worded(
            "file-unreadable", say("file.not_a_file", what=what), where)]
    fmt = detect_format(path)
    if fmt is None:
        ext = os.path.splitext(os.fspath(path))[1]
        return None, None, file, [Problem.worded(
            "unknown-format",
            say("file.extension", ext=Words.same(ext) if ext else say("file.no_extension")),
            where)]
    if size > MAX_FILE_BYTES:
        return None, fmt, file, [too_large(size, where)]
    try:
        # O_NONBLOCK: should the path have become a FIFO since the check, opening it
        # must not wait for a writer.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return None, fmt, file, [_unreadable(exc, where)]
    return DataSource(os.fdopen(descriptor, "rb"), on_disk=True), fmt, file, []


def read_data_file(
    path: str | os.PathLike[str], display: str | None
) -> tuple[bytes | None, Format | None, str, list[Problem]]:
    """The bytes, format and display name of a data file, or None and its problem.

    ``display`` is the name used in locations (default: ``path``).
    """
    source, fmt, file, problems = open_data_file(path, display)
    if source is None:
        return None, fmt, file, problems
    with source:
        data = source.read_whole(file, problems)
    return data, fmt, file, problems


def _unreadable(exc: OSError, where: Location) -> Problem:
    if isinstance(exc, IsADirectoryError):
        reason = say("file.is_folder")
    elif isinstance(exc, PermissionError):
        reason = say("file.permission")
    else:
        reason = Words.same(exc.strerror or str(exc))
    return Problem.worded("file-unreadable", say("file.unreadable", reason=reason), where)


def _changed(where: Location) -> Problem:
    return Problem.worded("file-unreadable", say("file.changed"), where)


def too_large(size: int, where: Location) -> Problem:
    """The problem of a file of ``size`` bytes, over :data:`MAX_FILE_BYTES`."""
    return Problem.worded("file-too-large", say("file.too_large", size=f"{size:,}",
                                                limit=f"{MAX_FILE_BYTES:,}"), where)


def _not_utf8(file: str, line: int, column: int, byte: int, utf16: bool) -> Problem:
    hint = say("file.utf16") if utf16 else Words.same("")
    return Problem.worded("not-utf8", say("file.not_utf8", hint=hint, byte=f"0x{byte:02x}",
                                          line=line), Location(file, line, column))


def _nul(file: str, line: int) -> Problem:
    return Problem.worded("not-utf8", say("file.nul", line=line), Location(file, line))


def decode_utf8(data: bytes, file: str, problems: list[Problem]) -> str | None:
    """The text of a UTF-8 file (a BOM is allowed), or None with a problem."""
    if data.startswith(_BOM):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(_not_utf8(file, line, column, data[exc.start],
                                  data.startswith(_UTF16_BOMS)))
        return None
    nul = text.find("\x00")
    if nul >= 0:
        problems.append(_nul(file, text.count("\n", 0, nul) + 1))
        return None
    return text
