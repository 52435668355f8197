"""Policy files: read them, follow ``extends``, merge, and hand the result to validation.

:func:`load_policy` reads a YAML policy (and its ``extends`` chain), reports
every problem at once as a :class:`~plut_rules.errors.PolicyError`, and
returns a frozen :class:`~plut_rules.model.Policy` whose rule conditions are
already compiled.  :func:`check_policy` does the same without raising, and
also returns warnings.  :class:`Loader` does the work, in two halves that
callers may use apart (read and merge the chain; validate a merged tree).
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from plut_rules.canonical import sha256_hex
from plut_rules.errors import Location, PolicyError, Problem
from plut_rules.model import Policy, PolicyFile
from plut_rules.policy.build import build_policy
from plut_rules.policy.sections import SECTIONS
from plut_rules.policy.validate import Validator, join_path
from plut_rules.policy.yaml_tree import (
    MAX_BYTES,
    Node,
    YMap,
    YScalar,
    YSeq,
    from_plain,
    parse_yaml,
)
from plut_rules.scorers import ScorerRegistry, default_registry
from plut_rules.wording import Words, say, text

__all__ = ["Loader", "check_policy", "load_policy", "parse_policy", "policy_from_document"]


# --------------------------------------------------------------------------- public API


def load_policy(
    path: str | os.PathLike[str],
    *,
    scorers: ScorerRegistry | None = None,
    display: str | None = None,
    allow_outside: bool = False,
) -> Policy:
    """Load and validate a policy file; raise :class:`PolicyError` listing every problem.

    ``display`` is the file name used in messages and in ``rule_source``
    (default: the path as given).  An ``extends`` parent must lie in the
    policy file's folder or below it unless ``allow_outside`` is true.
    """
    policy, problems = check_policy(path, scorers=scorers, display=display,
                                    allow_outside=allow_outside)
    if policy is None:
        raise PolicyError(problems)
    return policy


def check_policy(
    path: str | os.PathLike[str],
    *,
    scorers: ScorerRegistry | None = None,
    display: str | None = None,
    allow_outside: bool = False,
) -> tuple[Policy | None, list[Problem]]:
    """Validate a policy file: the policy (None when any error) and every problem and warning."""
    name = display if display is not None else os.fspath(path)
    loader = Loader(scorers, allow_outside=allow_outside)
    return loader.load(Path(path), name, None)


def parse_policy(
    data: bytes | str,
    file: str = "<policy>",
    *,
    scorers: ScorerRegistry | None = None,
    allow_outside: bool = False,
) -> Policy:
    """Load a policy from bytes or text; ``extends`` is resolved relative to ``file``'s folder."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    loader = Loader(scorers, allow_outside=allow_outside)
    policy, problems = loader.load(Path(file), file, data)
    if policy is None:
        raise PolicyError(problems)
    return policy


def policy_from_document(
    document: Mapping[str, Any],
    *,
    source: str = "<document>",
    locations: Mapping[str, Location] | None = None,
    scorers: ScorerRegistry | None = None,
    files: Sequence[PolicyFile] = (),
) -> Policy:
    """Build a policy from a resolved document (plain data, as in :attr:`Policy.document`).

    Used for policies that are not files: edited in memory or restored from a
    record.  ``locations`` maps dotted paths to where each value came from
    (:attr:`Policy.locations`), so rule sources and errors point where the
    original file did; ``files`` is recorded as the policy's file chain.
    """
    where = locations or {}
    tree = _tree_from_plain(document, "", Location(source), where)
    loader = Loader(scorers)
    policy, problems = loader.finish(tree, tuple(files), None)
    if policy is None:
        raise PolicyError(problems)
    return policy


# --------------------------------------------------------------------------- loading


@attrs.frozen
class _File:
    display: str
    sha256: str
    tree: YMap | None


class Loader:
    """Reads a policy file and its ``extends`` chain, merges them and validates the result.

    Every problem found (reading, parsing, merging, validating) is collected in
    ``problems``; ``scorers`` are the scorers a field may name (the installed ones by
    default).  :meth:`load` does everything; :meth:`merged` and :meth:`finish` are its
    two halves, for callers that edit the merged tree in between (what-if).
    """

    def __init__(self, scorers: ScorerRegistry | None, *, allow_outside: bool = False) -> None:
        self.scorers = scorers if scorers is not None else default_registry()
        self.problems: list[Problem] = []
        self.allow_outside = allow_outside
        #: inherited names an empty value removed with others -> why (for later errors)
        self.removed: dict[str, Words] = {}

    def error(
        self,
        code: str,
        message: Words,
        where: Node | Location | None,
        path: str = "",
        suggestion: str | None = None,
    ) -> None:
        """Report an error found while reading the files, in both languages."""
        loc = where if isinstance(where, Location) or where is None else where.location
        self.problems.append(Problem.worded(code, message, loc, path, "error", suggestion))

    def warn(self, code: str, message: Words, where: Location | None, path: str = "") -> None:
        """Report a warning found while reading the files, in both languages."""
        self.problems.append(Problem.worded(code, message, where, path, "warning"))

    def load(
        self, path: Path, display: str, data: bytes | None
    ) -> tuple[Policy | None, list[Problem]]:
        """The policy in ``path`` (``data``, when given, instead of the file's bytes), None
        when any error, and every problem; ``display`` names the file in messages."""
        merged, files = self.merged(path, display, data)
        if merged is None:
            return None, self.problems
        return self.finish(merged, files, files[0].path)

    def merged(
        self, path: Path, display: str, data: bytes | None
    ) -> tuple[YMap | None, tuple[PolicyFile, ...]]:
        """The ``extends`` chain read and merged, not yet validated (None on a read error)."""
        chain = self._read_chain(path, display, data, [], None)
        if any(p.severity == "error" for p in self.problems) or not chain:
            return None, ()
        merged: YMap | None = None
        for item in reversed(chain):
            assert item.tree is not None
            if merged is None:
                merged = item.tree
                continue
            emptied: list[tuple[str, YScalar, list[str]]] = []
            merged = _merge_maps(merged, item.tree, "", emptied)
            self._warn_emptied(emptied)
        assert merged is not None
        return merged, tuple(PolicyFile(f.display, f.sha256) for f in chain)

    def _warn_emptied(self, emptied: list[tuple[str, YScalar, list[str]]]) -> None:
        """Warn where an empty value in a child file removed several inherited keys at once:
        most often the key below it was meant to be indented under it (issue 17).  The
        names removed are noted in :attr:`removed`, for the errors that follow."""
        for path, node, keys in emptied:
            names = ", ".join(keys)
            self.warn("null-removes-many",
                      say("load.null_removes_many", n=len(keys), names=names,
                          key=path.rsplit(".", 1)[-1]), node.location, path)
            for key in keys:
                self.removed.setdefault(
                    key, say("load.removed_with", name=repr(key), path=path,
                             where=str(node.location)))

    def _read_chain(
        self,
        path: Path,
        display: str,
        data: bytes | None,
        seen: list[tuple[Path, str]],
        via: YScalar | None,
    ) -> list[_File]:
        real = path.resolve()
        if any(real == p for p, _ in seen):
            cycle = " -> ".join([d for _, d in seen] + [display])
            self.error("extends-cycle", say("load.extends_cycle", cycle=cycle), via, "extends")
            return []
        if via is not None and seen and not self.allow_outside:
            home = seen[0][0].parent
            if not real.is_relative_to(home):
                self.error("extends-outside",
                           say("load.extends_outside", parent=repr(display),
                               child=repr(seen[0][1]), folder=str(home)), via, "extends")
                return []
        if data is None:
            try:
                data = _read_bounded(path)
            except OSError as exc:
                reason = _reason(exc)
                if via is not None:
                    self.error("extends-missing",
                               say("load.extends_missing", parent=repr(display), reason=reason),
                               via, "extends")
                else:
                    self.error("file-unreadable", say("load.file_unreadable", reason=reason),
                               Location(display))
                return []
        tree, problems = parse_yaml(data, display)
        self.problems.extend(problems)
        if tree is None:
            return []
        if not isinstance(tree, YMap):
            self.error("not-a-mapping", say("load.not_a_mapping"), tree)
            return []
        this = _File(display, sha256_hex(data), tree)
        if "year" not in tree.items:
            self.error("missing-key", say("load.year_required"), tree.location, "year")
        parent = tree.items.get("extends")
        if parent is None or (isinstance(parent, YScalar) and parent.kind == "null"):
            _find_nulls(tree, "", self)
            return [this]
        if not (isinstance(parent, YScalar) and parent.kind == "str" and parent.value):
            self.error("wrong-type", say("load.extends_not_name"), parent, "extends")
            return [this]
        assert isinstance(parent.value, str)
        parent_path = path.parent / parent.value
        parent_display = posixpath.normpath(
            posixpath.join(posixpath.dirname(display.replace(os.sep, "/")), parent.value)
        )
        rest = self._read_chain(parent_path, parent_display, None,
                                [*seen, (real, display)], parent)
        return [this, *rest] if rest else [this]

    def finish(
        self, tree: YMap, files: tuple[PolicyFile, ...], main_file: str | None
    ) -> tuple[Policy | None, list[Problem]]:
        """Validate a merged tree into the policy (None when any error) and every problem;
        ``files`` is recorded as the policy's file chain."""
        validator = Validator(self.scorers, self.problems, self.removed)
        validator.main_file = main_file
        built = build_policy(validator, tree, files, SECTIONS)
        if built is None or validator.has_errors():
            return None, self.problems
        return built, self.problems


def _reason(exc: OSError) -> Words:
    """Why a file cannot be read: the system's own words in English (as before, whatever
    the platform says), the usual reasons in Indonesian."""
    english = exc.strerror or type(exc).__name__
    if exc.errno == errno.ENOENT:
        return Words(text("load.reason_missing", "id"), english)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Words(text("load.reason_denied", "id"), english)
    if exc.errno in (errno.EISDIR, errno.EINVAL):
        return Words(text("load.reason_not_a_file", "id"), english)
    return Words.same(english)


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, but never more than one byte past the size limit (checked later).

    A path that is not a regular file (a FIFO, a device) raises OSError at once: reading
    it could block forever or never end.
    """
    # O_NONBLOCK: opening a FIFO must not wait for a writer before it is refused.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a folder, pipe or device)")
        return handle.read(MAX_BYTES + 1)


def _find_nulls(node: Node, path: str, loader: Loader) -> None:
    if isinstance(node, YScalar):
        if node.kind == "null":
            loader.error("null-without-extends", say("load.null_without_extends"), node, path)
    elif isinstance(node, YMap):
        for key, value in node.items.items():
            _find_nulls(value, join_path(path, key), loader)
    else:
        for i, value in enumerate(node.items):
            _find_nulls(value, f"{path}[{i}]", loader)


def _merge_maps(parent: YMap, child: YMap, path: str = "",
                emptied: list[tuple[str, YScalar, list[str]]] | None = None) -> YMap:
    """Deep-merge ``child`` over ``parent``: maps key by key, other values replace, null removes.

    ``emptied`` collects (path, value, keys removed) where a value left empty (not an
    explicit ``null``) removes an inherited mapping of more than one key."""
    items = dict(parent.items)
    keys = dict(parent.keys)
    for key, value in child.items.items():
        if key == "extends":
            continue
        if isinstance(value, YScalar) and value.kind == "null":
            old = items.pop(key, None)
            keys.pop(key, None)
            if (emptied is not None and value.raw == "" and isinstance(old, YMap)
                    and len(old.items) > 1):
                emptied.append((join_path(path, key), value, list(old.items)))
            continue
        old = items.get(key)
        if isinstance(old, YMap) and isinstance(value, YMap):
            items[key] = _merge_maps(old, value, join_path(path, key), emptied)
        elif isinstance(value, YMap):
            items[key] = _merge_maps(YMap({}, {}, value.location), value)
        else:
            items[key] = value
        keys[key] = child.keys[key]
    items.pop("extends", None)
    keys.pop("extends", None)
    return YMap(items, keys, child.location)


def _tree_from_plain(
    value: Any, path: str, default: Location, where: Mapping[str, Location]
) -> Any:
    loc = where.get(path, default)
    if isinstance(value, Mapping):
        items: dict[str, Node] = {}
        keys: dict[str, YScalar] = {}
        for k, v in value.items():
            key = str(k)
            child_path = join_path(path, key)
            if path == "rules":  # pragma: no cover - rules is a list
                child_path = path
            items[key] = _tree_from_plain(v, child_path, default, where)
            keys[key] = YScalar(key, "str", key, where.get("#" + child_path, loc))
        return YMap(items, keys, loc)
    if isinstance(value, list | tuple):
        out: list[Node] = []
        for i, v in enumerate(value):
            child_path = f"{path}[{i}]"
            if path == "rules" and isinstance(v, Mapping) and isinstance(v.get("id"), str):
                child_path = f"rules.{v['id']}"
            out.append(_tree_from_plain(v, child_path, default, where))
        return YSeq(out, loc)
    return from_plain(value, loc)
