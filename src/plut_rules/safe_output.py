"""Writing a command's outputs without ever destroying what it reads.

Every file a command writes (``--output``, ``--junit``, workbooks, reports, the new
policy of ``policy new-year``, the audit log, side files) goes through here:

- :class:`FileGuard` collects what one run reads and writes.  A path to write is
  *claimed* from the guard (:meth:`FileGuard.writing`), which refuses it when it is the
  same file as anything the run reads or writes (same device and inode, so a hard link
  counts, or the same real path), or when it exists and is not a regular file (a
  directory, a device such as ``/dev/null``, a FIFO, a socket).  A file read later
  (the parents of a policy's ``extends``) is checked against the claimed outputs as it
  is added.  Only a claimed :class:`OutputPath` can be written, so a command cannot
  write a file it has not declared.
- :func:`write_file` writes a claimed path: it follows a chain of symbolic links and
  writes its target (a dangling link creates the target), writes a temporary file in
  the target's folder and renames it into place (keeping the mode bits of the file it
  replaces), and removes the temporary file on every failure (a full disk, a file
  size limit, an error while the content is produced).  With ``replace=False`` it
  never overwrites an existing file.
- :func:`open_regular` opens a file (the audit log) after refusing a non-regular one,
  without blocking on a FIFO.

Owns: the output path rules of ``docs/cli.md``.  Imports only :mod:`plut_rules.errors`.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from contextlib import suppress
from typing import Literal

import attrs

from plut_rules.errors import Location, PlutRulesError, Problem
from plut_rules.wording import Words, say

__all__ = [
    "FileGuard",
    "NotARegularFile",
    "OutputError",
    "OutputPath",
    "file_kind",
    "file_kind_words",
    "open_regular",
    "write_file",
]

Mode = Literal["read", "append", "replace", "create"]


class OutputError(PlutRulesError):
    """An output path is refused or cannot be written (nothing was written)."""


class NotARegularFile(OSError):
    """The path names a directory, a device, a FIFO or a socket where a file is wanted."""


def file_kind_words(mode: int) -> Words:
    """What a file of ``st_mode`` is, in both languages (``"a directory"``...)."""
    if stat.S_ISDIR(mode):
        return say("output.kind_directory")
    if stat.S_ISCHR(mode):
        return say("output.kind_character")
    if stat.S_ISBLK(mode):
        return say("output.kind_block")
    if stat.S_ISFIFO(mode):
        return say("output.kind_fifo")
    if stat.S_ISSOCK(mode):
        return say("output.kind_socket")
    if stat.S_ISLNK(mode):
        return say("output.kind_loop")
    return say("output.kind_other")


def file_kind(mode: int) -> str:
    """What a file of ``st_mode`` is, in words (``"a directory"``, ``"a FIFO"``...)."""
    return file_kind_words(mode).english


@attrs.frozen
class _Entry:
    """One file of a run: the path as given, what it is to the command, how it is used,
    its real path and (when it exists) its device and inode."""

    given: str
    what: str
    mode: Mode
    real: str
    ident: tuple[int, int] | None

    def same_file(self, other: _Entry) -> bool:
        if self.ident is not None and self.ident == other.ident:
            return True
        return self.real == other.real


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _entry(path: str | os.PathLike[str], what: str, mode: Mode) -> _Entry:
    given = os.fspath(path)
    real = os.path.realpath(given)
    return _Entry(given, what, mode, real, _identity(real))


@attrs.frozen
class OutputPath:
    """A path claimed for writing from a :class:`FileGuard`: ``given`` as the user wrote
    it, ``real`` the file that will be written (symbolic links followed)."""

    given: str
    what: str
    real: str
    replace: bool
    guard: FileGuard = attrs.field(eq=False, repr=False)


class FileGuard:
    """The files one run reads and writes; refuses an output that is one of them.

    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> data = os.path.join(folder, "c.csv")
    >>> _ = open(data, "w").write("id\\n")
    >>> guard = FileGuard()
    >>> guard.reading(data, "--consultants")
    >>> try:
    ...     guard.writing(data, "--output")
    ... except OutputError as exc:
    ...     print(exc.problems[0].code, exc.problems[0].message.split(";")[0])
    output-is-input --output is the same file as --consultants (...c.csv), which this command reads
    """

    def __init__(self) -> None:
        self._entries: list[_Entry] = []
        self._claimed: dict[str, OutputPath] = {}

    def reading(self, path: str | os.PathLike[str], what: str) -> None:
        """Add a file the run reads; :class:`OutputError` when it is a claimed output."""
        entry = _entry(path, what, "read")
        self._check(entry)
        self._entries.append(entry)

    def writing(self, path: str | os.PathLike[str], what: str, *, append: bool = False,
                replace: bool = True) -> OutputPath:
        """Claim ``path`` for writing (``append``: appended to in place, as the audit log;
        ``replace=False``: created, never overwritten) and return it; :class:`OutputError`
        when it is the same file as another of the run's files or exists and is not a
        regular file.  Claiming a path again for the same use returns it again."""
        given = os.fspath(path)
        mode: Mode = "append" if append else "replace" if replace else "create"
        before = self._claimed.get(given)
        if before is not None and before.what == what and before.replace == replace:
            return before
        entry = _entry(given, what, mode)
        _refuse_non_regular(entry)
        self._check(entry)
        self._entries.append(entry)
        target = OutputPath(given, what, entry.real, replace, self)
        self._claimed[given] = target
        return target

    def claimed(self, path: str | os.PathLike[str]) -> OutputPath | None:
        """The output claimed for ``path``, if any."""
        return self._claimed.get(os.fspath(path))

    def recheck(self, target: OutputPath) -> None:
        """Check ``target`` again just before it is written (a file may have appeared
        or changed since it was claimed)."""
        entry = _entry(target.given, target.what, "replace" if target.replace else "create")
        _refuse_non_regular(entry)
        self._check(entry, skip=target.given)

    def _check(self, entry: _Entry, skip: str | None = None) -> None:
        for other in self._entries:
            if other.given == skip and other.mode != "read":
                continue
            if entry.mode == "read" and other.mode == "read":
                continue
            if entry.same_file(other):
                raise OutputError([_clash(entry, other)])


def _clash(entry: _Entry, other: _Entry) -> Problem:
    out, other_one = (other, entry) if entry.mode == "read" else (entry, other)
    uses = {"read": say("output.reads"), "append": say("output.appends"),
            "replace": say("output.writes"), "create": say("output.writes")}
    path = Words.same(other_one.given) if os.path.abspath(other_one.given) == other_one.real \
        else say("output.that_is", given=other_one.given, real=other_one.real)
    return Problem.worded("output-is-input", say(
        "output.is_input", out=out.what, other=other_one.what, path=path,
        uses=uses[other_one.mode]), Location(out.given))


def _refuse_non_regular(entry: _Entry) -> None:
    try:
        st = os.lstat(entry.real)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError([Problem.worded(
            "output-unwritable", say("output.cannot_stat", what=entry.what,
                                     reason=exc.strerror or str(exc)),
            Location(entry.given))]) from None
    if stat.S_ISREG(st.st_mode):
        return
    hint = say("output.use_dash") if entry.mode == "replace" and (
        stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode)) else Words.same("")
    raise OutputError([Problem.worded(
        "output-not-a-file", say("output.not_a_file", what=entry.what,
                                 kind=file_kind_words(st.st_mode), hint=hint),
        Location(entry.given))])


def _unwritable(target: OutputPath, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = say("output.fix_space")
    elif exc.errno == errno.EFBIG:
        fix = say("output.fix_size")
    elif exc.errno == errno.EEXIST:
        return OutputError([Problem.worded("output-exists", say("output.exists"),
                                           Location(target.given))])
    else:
        fix = say("output.fix_folder")
    return OutputError([Problem.worded(
        "output-unwritable", say("output.unwritable", what=target.what, reason=reason, fix=fix),
        Location(target.given))])


def write_file(target: OutputPath, chunks: Iterable[str] | Iterable[bytes]) -> None:
    """Write ``chunks`` (text, as UTF-8 with the line ends given, or bytes) whole to the
    claimed ``target``: into a temporary file beside it, then moved into place (or, for
    ``replace=False``, created exclusively).  :class:`OutputError` when it is refused or
    cannot be written; the temporary (or partly created) file is removed on every failure,
    whatever the exception."""
    target.guard.recheck(target)
    folder, name = os.path.split(target.real)
    if target.replace:
        fd, tmp = _temporary(folder or ".", name, target)
    else:
        tmp = target.real
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise _unwritable(target, exc) from None
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
                handle.flush()
                os.fsync(handle.fileno())
            if target.replace:
                os.replace(tmp, target.real)
        except OSError as exc:
            raise _unwritable(target, exc) from None
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _temporary(folder: str, name: str, target: OutputPath) -> tuple[int, str]:
    """A new temporary file beside ``target`` (created with the usual permissions, or the
    mode of the file it will replace) and its path."""
    try:
        old = os.stat(target.real)
    except OSError:
        old = None
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:  # pragma: no cover - 32 random bits taken already
            continue
        except OSError as exc:
            raise _unwritable(target, exc) from None
        if old is not None:
            try:
                os.fchmod(fd, stat.S_IMODE(old.st_mode))
                if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                    os.fchown(fd, old.st_uid, old.st_gid)
            except OSError:
                pass  # another owner's file: the new file is ours, its mode bits kept
        return fd, tmp
    raise _unwritable(  # pragma: no cover
        target, FileExistsError(errno.EEXIST, "no free temporary name"))


def open_regular(path: str | os.PathLike[str], flags: int, mode: int = 0o644) -> int:
    """A file descriptor of ``path`` opened with ``flags`` (``os.O_CREAT`` may create it);
    :class:`NotARegularFile` (an :class:`OSError`) at once when it is not a regular file:
    a FIFO is never waited on."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except FileNotFoundError:
        if not flags & os.O_CREAT:
            raise
    else:
        if not stat.S_ISREG(st.st_mode):
            raise NotARegularFile(errno.EINVAL, f"it is {file_kind(st.st_mode)}, not a "
                                                "regular file", name)
    # O_NONBLOCK: should a FIFO appear between the check and the open, do not wait on it
    fd = os.open(name, flags | os.O_NONBLOCK | os.O_CLOEXEC, mode)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotARegularFile(errno.EINVAL, f"it is {file_kind(st.st_mode)}, not a "
                                                "regular file", name)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd
