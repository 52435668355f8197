"""Data files on disk: their format by extension, the size limit, reading the bytes,
and decoding text files as UTF-8, each failure as a located problem."""

from __future__ import annotations

import os
import stat
from typing import Literal

from plut_rules.errors import Location, Problem
from plut_rules.wording import Words, say

__all__ = [
    "MAX_FILE_BYTES",
    "Format",
    "decode_utf8",
    "detect_format",
    "read_data_file",
    "too_large",
]

Format = Literal["csv", "xlsx", "json"]

#: Input files above this size are refused without being read.
MAX_FILE_BYTES = 50 * 1024 * 1024

_EXTENSIONS: dict[str, Format] = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".json": "json"}


def detect_format(path: str | os.PathLike[str]) -> Format | None:
    """The format of a data file by its extension (``.csv``, ``.xlsx``/``.xlsm``, ``.json``)."""
    return _EXTENSIONS.get(os.path.splitext(os.fspath(path))[1].lower())


def read_data_file(
    path: str | os.PathLike[str], display: str | None
) -> tuple[bytes | None, Format | None, str, list[Problem]]:
    """The bytes, format and display name of a data file, or None and its problem.

    ``display`` is the name used in locations (default: ``path``).
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
        # A FIFO, device or socket would block or never end: refused before it is opened.
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
        with os.fdopen(descriptor, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, fmt, file, [_unreadable(exc, where)]
    if len(data) > MAX_FILE_BYTES:
        return None, fmt, file, [too_large(len(data), where)]
    return data, fmt, file, []


def _unreadable(exc: OSError, where: Location) -> Problem:
    if isinstance(exc, IsADirectoryError):
        reason = say("file.is_folder")
    elif isinstance(exc, PermissionError):
        reason = say("file.permission")
    else:
        reason = Words.same(exc.strerror or str(exc))
    return Problem.worded("file-unreadable", say("file.unreadable", reason=reason), where)


def too_large(size: int, where: Location) -> Problem:
    """The problem of a file of ``size`` bytes, over :data:`MAX_FILE_BYTES`."""
    return Problem.worded("file-too-large", say("file.too_large", size=f"{size:,}",
                                                limit=f"{MAX_FILE_BYTES:,}"), where)


def decode_utf8(data: bytes, file: str, problems: list[Problem]) -> str | None:
    """The text of a UTF-8 file (a BOM is allowed), or None with a problem."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = Words.same("")
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            hint = say("file.utf16")
        problems.append(Problem.worded(
            "not-utf8", say("file.not_utf8", hint=hint, byte=f"0x{data[exc.start]:02x}",
                            line=line), Location(file, line, column)))
        return None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        problems.append(Problem.worded("not-utf8", say("file.nul", line=line),
                                       Location(file, line)))
        return None
    return text
