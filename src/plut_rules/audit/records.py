"""Appending to the audit log: evaluation records, and the locked, verified, fsynced write
every record (determinations too) goes through.

Appends take an exclusive ``flock`` on the log, verify the whole chain (a
damaged log is never appended to), write the line in one ``write`` call and
``fsync`` it before returning; a write that fails is cut off again (``ftruncate``
to the size before it).  Reading the log needs no lock.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plut_rules.audit.chain import (
    FORMAT,
    MAX_RECORD_BYTES,
    AuditRecord,
    Clock,
    audit_error,
    loads,
    record_from,
    record_line,
    verify_stream,
)
from plut_rules.canonical import canonical_json, sha256_hex
from plut_rules.errors import Location
from plut_rules.model import Achievement, Consultant, Evaluation, Policy
from plut_rules.render.explain import Lang, explanation_text
from plut_rules.safe_output import open_regular
from plut_rules.visible import control_characters
from plut_rules.wording import Words, say

__all__ = ["append_evaluation", "append_record", "default_evaluator", "kind_words",
           "policy_file_bytes"]


def _now() -> datetime:
    return datetime.now(UTC)


def _time_text(clock: Clock | None) -> str:
    moment = (clock or _now)()
    if moment.tzinfo is None:
        raise ValueError("the audit clock must return an aware datetime (with a time zone)")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def append_record(path: str | os.PathLike[str], clock: Clock | None, by: str,
                  build: Callable[[Sequence[AuditRecord]], dict[str, Any]], *,
                  needs_records: bool = True) -> AuditRecord:
    """Lock the log, verify it, build the record from the records so far, write it, fsync.

    ``build`` gets the records so far (none kept when not ``needs_records``: the log is
    then verified one record at a time) and returns the record's own members, ``kind``
    first; raises :class:`AuditError` (nothing written) for a damaged log.  When the
    write fails (a full disk, a file size limit), the bytes this append wrote are cut
    off again, so the log is as it was.
    """
    if not by.strip():
        raise audit_error("audit-by", say("audit.empty_by"))
    shown = control_characters(by)
    if shown:
        raise audit_error("control-character", say("audit.by_control_character",
                                                   shown=shown), "by")
    name = os.fspath(path)
    created = not os.path.exists(name)
    try:
        fd = open_regular(name, os.O_RDWR | os.O_CREAT | os.O_APPEND)
    except OSError as exc:
        raise audit_error("audit-unwritable", say("audit.cannot_open", name=name,
                                                  reason=exc.strerror or exc)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with open(fd, "rb", closefd=False) as handle:
            result, records = verify_stream(handle, name, keep=needs_records)
            size = handle.tell()
        if not result.ok:
            raise audit_error("audit-damaged", result.summary() + "; nothing was appended")
        content = build(records)
        body = {"format": FORMAT, "kind": content.pop("kind"), "seq": result.records + 1,
                "prev_sha256": result.last_sha256,
                "time": _time_text(clock), "by": by, **content}
        line, _digest = record_line(body)
        if len(line) + 1 > MAX_RECORD_BYTES:
            raise audit_error("audit-record-too-large", say(
                "audit.too_large", name=name, size=len(line) + 1, most=MAX_RECORD_BYTES))
        _write_all(fd, line + b"\n", size, name)
        if created:
            _fsync_dir(os.path.dirname(os.path.abspath(name)))
        return record_from(loads(line.decode("utf-8")), result.records + 1, size)
    finally:
        os.close(fd)  # closing releases the lock


def _write_all(fd: int, data: bytes, size: int, name: str) -> None:
    """Append ``data`` to the log open on ``fd`` (``size`` bytes long, locked) and fsync;
    on any failure cut the log back to ``size`` bytes: exactly what this append wrote."""
    view = memoryview(data)
    try:
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException as exc:
        try:
            os.ftruncate(fd, size)
        except OSError as cut:
            raise audit_error("audit-unwritable", say(
                "audit.cannot_cut", name=name, reason=_reason(exc),
                cut=cut.strerror or cut)) from None
        with suppress(OSError):  # the cut is made; on a failing disk, durable if it can be
            os.fsync(fd)
        if isinstance(exc, OSError):
            raise audit_error("audit-unwritable", say(
                "audit.cannot_append", name=name, reason=_reason(exc), size=size)) from None
        raise


def _reason(exc: BaseException) -> str:
    return (exc.strerror or str(exc)) if isinstance(exc, OSError) else type(exc).__name__


def _fsync_dir(folder: str) -> None:
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some systems cannot open folders
        return
    try:
        os.fsync(dfd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dfd)


def _location_data(loc: Location) -> list[Any]:
    return [loc.file, loc.line, loc.column]


def policy_file_bytes(policy: Policy, path: str | os.PathLike[str]) -> list[bytes]:
    """The bytes of each file of the policy's ``extends`` chain, read from disk and checked.

    ``path`` is where the evaluated (first) file is; parents are found beside
    it as ``extends`` says.  Raises :class:`AuditError` when a file changed
    since the policy was loaded.
    """
    if not policy.files:
        return []
    first = Path(path)
    base_display = os.path.dirname(policy.files[0].path.replace(os.sep, "/"))
    out = []
    for n, f in enumerate(policy.files):
        real = first if n == 0 else first.parent / os.path.relpath(f.path, base_display or ".")
        data = real.read_bytes()
        if sha256_hex(data) != f.sha256:
            raise audit_error("policy-changed", f.path + ": " + say("audit.policy_changed"))
        out.append(data)
    return out


def default_evaluator(
    policy: Policy, consultants: Sequence[Consultant] | None = None
) -> str | None:
    """Who runs an evaluation by default: the evaluators of the units evaluated, ``; ``-joined."""
    units = {c.unit for c in consultants} if consultants is not None else None
    names = sorted({u.evaluator for u in policy.units
                    if u.evaluator and (units is None or u.id in units)})
    return "; ".join(names) if names else None


def append_evaluation(  # noqa: PLR0912 (one check per optional part of the record)
    log_path: str | os.PathLike[str],
    evaluation: Evaluation,
    *,
    policy_files: Sequence[bytes],
    consultants: Sequence[Consultant],
    achievements: Sequence[Achievement],
    missing_as_zero: bool = False,
    by: str | None = None,
    lang: Lang = "id",
    clock: Clock | None = None,
    units: Sequence[str] | None = None,
) -> AuditRecord:
    """Append an evaluation record and return it (written and fsynced).

    ``units`` names the units the evaluation covers (None: every unit of the policy),
    recorded so that a determination knows which seats it decides.

    ``policy_files`` are the bytes of ``evaluation.policy.files``, in that
    order; ``consultants``, ``achievements`` and ``missing_as_zero`` are what
    was evaluated (checked against the evaluation's hashes).  ``by`` defaults
    to the evaluators of the units; ``clock`` returns the time to record.
    """
    from plut_rules.engine import input_document
    from plut_rules.render.output import evaluation_to_dict

    policy = evaluation.policy
    if not evaluation.explained:
        raise ValueError("record an evaluation made with explanations (explain=True)")
    if len(policy_files) != len(policy.files):
        raise ValueError(f"policy_files: expected {len(policy.files)} files' bytes, "
                         f"got {len(policy_files)}")
    files = []
    for f, data in zip(policy.files, policy_files, strict=True):
        if sha256_hex(data) != f.sha256:
            raise ValueError(f"policy_files: the bytes given for {f.path} do not match its sha256")
        item: dict[str, Any] = {"path": f.path, "sha256": f.sha256}
        try:
            item["text"] = data.decode("utf-8")
        except UnicodeDecodeError:
            item["base64"] = base64.b64encode(data).decode("ascii")
        files.append(item)
    document = json.loads(canonical_json(
        input_document(consultants, achievements, missing_as_zero=missing_as_zero)))
    if sha256_hex(canonical_json(document)) != evaluation.input_sha256:
        raise ValueError("consultants/achievements/missing_as_zero are not what was evaluated "
                         "(the input hash differs)")
    covered = None
    if units is not None:
        unknown = sorted(set(units) - {u.id for u in policy.units})
        if unknown:
            raise ValueError(f"units: not units of the policy: {', '.join(unknown)}")
        covered = [u.id for u in policy.units if u.id in units]
        strays = sorted({c.id for c in consultants if c.unit not in covered})
        if strays:
            raise ValueError(f"consultants of other units than {', '.join(covered)}: "
                             f"{', '.join(strays)}")
    if by is not None:
        who: str | None = by
    elif covered is not None:
        who = "; ".join(sorted({u.evaluator for u in policy.units
                                if u.evaluator and u.id in covered})) or None
    else:
        who = default_evaluator(policy, consultants)
    if who is None:
        raise audit_error("audit-by", say("audit.no_evaluator"))
    result = evaluation_to_dict(evaluation, lang)
    explanations = {d.consultant: explanation_text(d, evaluation, lang)
                    for d in evaluation.decisions}

    def build(_records: Sequence[AuditRecord]) -> dict[str, Any]:
        return {
            "kind": "evaluation",
            "engine": {"name": evaluation.engine_name, "version": evaluation.engine_version},
            "lang": lang,
            "policy": {
                "id": policy.id, "year": policy.year, "sha256": policy.sha256,
                "determined_by": policy.determined_by,
                "files": files,
                "document": policy.document,
                "locations": {k: _location_data(v) for k, v in policy.locations.items()},
            },
            "input": document,
            "input_sha256": evaluation.input_sha256,
            **({} if covered is None else {"units": covered}),
            "result": result,
            "explanations": explanations,
        }

    return append_record(log_path, clock, who, build, needs_records=False)


def kind_words(kind: str) -> Words:
    """The kind of a record (``evaluation``, ``determination``, ``selection``) in words."""
    if kind == "evaluation":
        return say("audit.kind_evaluation")
    if kind == "determination":
        return say("audit.kind_determination")
    if kind == "selection":
        return say("audit.kind_selection")
    return Words.same(kind)
