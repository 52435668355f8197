"""The audit trail: a tamper-evident, append-only log of evaluations and determinations.

The log is a JSON Lines file (UTF-8, one record per line, ``\\n`` line ends).
Each record carries ``seq`` (1, 2, 3, ...), ``prev_sha256`` (the ``sha256``
of the record before it; ``null`` for the first) and its own ``sha256``: the
SHA-256 of the record's line with its final ``,"sha256":"..."`` member
removed.  The records therefore form a hash chain: changing, removing,
inserting, reordering or duplicating a record, or cutting the file, breaks a
link that :func:`verify` names.

An *evaluation* record holds everything needed to re-evaluate it (the
policy files' bytes, the resolved policy, the canonical input) and the full
result, so :func:`replay` needs no other file.  A *determination* record
(penetapan) refers to one evaluation record by ``seq`` and ``sha256`` and
records who determined it, accepting every recommendation except the
overrides, each with its reason.

Appends take an exclusive ``flock`` on the log, verify the whole chain (a
damaged log is never appended to), write the line in one ``write`` call and
``fsync`` it before returning.  Reading the log needs no lock.
"""

from __future__ import annotations

import base64
import fcntl
import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import attrs

from plut_rules.canonical import canonical_json, sha256_hex
from plut_rules.errors import Location, PlutRulesError, Problem, did_you_mean
from plut_rules.exact import decimal_text
from plut_rules.model import OUTCOMES, Achievement, Consultant, Evaluation, Outcome, Policy
from plut_rules.render.explain import Lang, explanation_text, outcome_label

__all__ = [
    "FORMAT",
    "AuditError",
    "AuditRecord",
    "Determination",
    "Override",
    "ReplayResult",
    "VerifyResult",
    "append_evaluation",
    "default_evaluator",
    "determination_for",
    "determine",
    "dumps",
    "loads",
    "policy_file_bytes",
    "read_log",
    "replay",
    "restore_evaluation",
    "show",
    "verify",
]

FORMAT = "plut-rules-audit/1"
RecordKind = Literal["evaluation", "determination"]
Clock = Callable[[], datetime]

_SUFFIX = re.compile(rb',"sha256":"([0-9a-f]{64})"\}\Z')


class AuditError(PlutRulesError):
    """The audit log is damaged, or a request against it is invalid (nothing was written)."""

    __module__ = "plut_rules.audit"  # its public home, as shown in tracebacks


def _fail(code: str, message: str, path: str = "", suggestion: str | None = None) -> AuditError:
    return AuditError([Problem(code, message, path=path, suggestion=suggestion)])


# --------------------------------------------------------------------------- JSON


def dumps(value: Any) -> str:
    """Deterministic JSON text: keys in insertion order (a policy's order of fields,
    indicators and rules matters), no spaces, UTF-8 text, exact decimal numbers.

    A :class:`~fractions.Fraction` or :class:`~decimal.Decimal` is written as
    the exact decimal number it is (``Fraction(6, 5)`` as ``1.2``), so the
    policy's numbers survive a round trip through :func:`loads` exactly.

    >>> dumps({"b": Fraction(6, 5), "a": ["x", None, True]})
    '{"b":1.2,"a":["x",null,true]}'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Fraction):
        return decimal_text(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} into the audit log")
        return format(value, "f")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value} into the audit log")
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{dumps(v)}"
                              for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} into the audit log")


def loads(text: str | bytes) -> Any:
    """Read JSON written by :func:`dumps`; numbers with a fraction part become Decimals."""
    return json.loads(text, parse_float=Decimal)


def _normal(value: Any) -> Any:
    """Plain data with every number as a Decimal, for comparing recorded and new results."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, Fraction):
        return Decimal(decimal_text(value))
    if isinstance(value, Mapping):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    raise TypeError(type(value).__name__)


# --------------------------------------------------------------------------- values


@attrs.frozen
class AuditRecord:
    """One record of the log as read back.

    ``data`` is the whole record as plain data (numbers with a fraction part as
    :class:`~decimal.Decimal`); ``line`` is its 1-based line number and
    ``offset`` the byte offset where the line starts.
    """

    seq: int
    kind: RecordKind
    time: str
    by: str
    sha256: str
    prev_sha256: str | None
    data: Mapping[str, Any] = attrs.field(eq=False, repr=False)
    line: int = attrs.field(default=0, eq=False)
    offset: int = attrs.field(default=0, eq=False)


@attrs.frozen
class Override:
    """The determination of one consultant differs from the recommendation; ``reason`` says why.

    ``to_field`` is the field an override to ``reassign`` moves the consultant to.
    """

    consultant: str
    outcome: Outcome
    reason: str
    to_field: str | None = None


@attrs.frozen
class Determination:
    """A penetapan: who determined which evaluation record, and the overrides (if any)."""

    seq: int
    time: str
    by: str
    evaluation_seq: int
    evaluation_sha256: str
    overrides: tuple[Override, ...] = ()

    def override(self, consultant: str) -> Override | None:
        """The override of one consultant, if the determination overrode them."""
        for o in self.overrides:
            if o.consultant == consultant:
                return o
        return None


VerifyKind = Literal["hash-mismatch", "seq-mismatch", "prev-mismatch", "torn-tail",
                     "malformed", "bad-reference", "unreadable"]


@attrs.frozen
class VerifyResult:
    """What :func:`verify` found.

    When ``ok`` is false, ``kind`` names the damage, ``line`` and ``offset``
    (bytes) where the first bad record starts, ``seq`` the sequence number a
    record there should have, and ``message`` says it in words.  ``records``
    counts the intact records before it.
    """

    path: str
    ok: bool
    records: int
    evaluations: int = 0
    determinations: int = 0
    last_sha256: str | None = None
    kind: VerifyKind | None = None
    seq: int | None = None
    line: int | None = None
    offset: int | None = None
    message: str | None = None

    def summary(self) -> str:
        """One line for a person: ``FILE: ok, ...`` or ``FILE: DAMAGED ...``."""
        if self.ok:
            last = f", last sha256 {self.last_sha256}" if self.last_sha256 else ""
            return (f"{self.path}: ok, {self.records} record{'s' if self.records != 1 else ''} "
                    f"({self.evaluations} evaluation{'s' if self.evaluations != 1 else ''}, "
                    f"{self.determinations} determination"
                    f"{'s' if self.determinations != 1 else ''}), chain intact{last}")
        if self.kind == "unreadable":
            return f"{self.path}: {self.message}"
        return f"{self.path}: DAMAGED ({self.kind}): {self.message}"


@attrs.frozen
class ReplayResult:
    """The outcome of re-evaluating one evaluation record from what it holds."""

    seq: int
    identical: bool
    differences: tuple[str, ...]
    recorded_engine: str
    replay_engine: str

    def text(self) -> str:
        """The report :command:`plut-rules audit replay` prints."""
        head = (f"record {self.seq}: recorded with {self.recorded_engine}, "
                f"replayed with {self.replay_engine}: ")
        if self.identical:
            return head + "identical\n"
        lines = [head + f"{len(self.differences)} difference"
                 f"{'s' if len(self.differences) != 1 else ''}"]
        lines += [f"  {d}" for d in self.differences]
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- verify


def _split(data: bytes) -> tuple[list[tuple[int, bytes]], int | None]:
    """Complete lines with their offsets, and the offset of an unterminated tail (if any)."""
    lines: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data):
        end = data.find(b"\n", pos)
        if end == -1:
            return lines, pos
        lines.append((pos, data[pos:end]))
        pos = end + 1
    return lines, None


def _parse_line(raw: bytes) -> tuple[dict[str, Any] | None, VerifyKind | None, str]:
    """(record, problem kind, message); the kind is None when the line is sound by itself."""
    match = _SUFFIX.search(raw)
    if match is None:
        return None, "malformed", "the line does not end with the record's sha256"
    body = raw[:match.start()] + b"}"
    if sha256_hex(body) != match.group(1).decode("ascii"):
        return None, "hash-mismatch", ("its content does not match its sha256: the record was "
                                       "changed after it was written")
    try:
        data = loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, "malformed", "the line is not valid UTF-8 JSON"
    ok = (isinstance(data, dict) and data.get("format") == FORMAT
          and isinstance(data.get("seq"), int) and not isinstance(data.get("seq"), bool)
          and data.get("kind") in ("evaluation", "determination")
          and (data.get("prev_sha256") is None or isinstance(data.get("prev_sha256"), str))
          and isinstance(data.get("time"), str) and isinstance(data.get("by"), str))
    if not ok:
        return None, "malformed", f"the line is not a {FORMAT} record"
    return data, None, ""


def _record(data: Mapping[str, Any], line: int, offset: int) -> AuditRecord:
    return AuditRecord(seq=data["seq"], kind=data["kind"], time=data["time"], by=data["by"],
                       sha256=data["sha256"], prev_sha256=data["prev_sha256"], data=data,
                       line=line, offset=offset)


def _verify_bytes(data: bytes, path: str) -> tuple[VerifyResult, list[AuditRecord]]:
    lines, tail = _split(data)
    parsed = [_parse_line(raw) for _, raw in lines]
    records: list[AuditRecord] = []
    by_sha: dict[str, AuditRecord] = {}
    counts = {"evaluation": 0, "determination": 0}

    def bad(kind: VerifyKind, n: int, offset: int, message: str) -> VerifyResult:
        return VerifyResult(path, False, len(records), counts["evaluation"],
                            counts["determination"], records[-1].sha256 if records else None,
                            kind, len(records) + 1, n, offset, message)

    for index, ((offset, _raw), (rec, kind, why)) in enumerate(zip(lines, parsed, strict=True)):
        n = index + 1
        expected = len(records) + 1
        where = f"line {n} (byte offset {offset})"
        if rec is None:
            assert kind is not None
            return bad(kind, n, offset,
                       f"{where}, where record {expected} should be: {why}"), records
        seq = rec["seq"]
        if seq != expected:
            if rec["sha256"] in by_sha:
                first = by_sha[rec["sha256"]]
                what = f"it duplicates record {first.seq} (line {first.line})"
            elif seq > expected:
                later = any(r is not None and r["seq"] == expected for r, _, _ in parsed[n:])
                what = (f"records were reordered (record {expected} comes later)" if later
                        else f"record {expected}" + (f"..{seq - 1}" if seq - 1 > expected else "")
                        + " was removed")
            else:
                what = "a record was inserted or the records were reordered"
            return bad("seq-mismatch", n, offset,
                       f"{where} holds record {seq} where record {expected} should be: "
                       f"{what}"), records
        prev = records[-1].sha256 if records else None
        if rec["prev_sha256"] != prev:
            return bad("prev-mismatch", n, offset,
                       f"{where}: record {seq} does not link to the record before it "
                       f"(prev_sha256 {rec['prev_sha256']}, expected {prev}): a record before "
                       "it was removed, inserted or replaced"), records
        if rec["kind"] == "determination":
            ref = rec.get("evaluation") or {}
            target = records[ref.get("seq", 0) - 1] if 0 < ref.get("seq", 0) <= len(records) \
                else None
            if target is None or target.kind != "evaluation" or \
                    target.sha256 != ref.get("sha256"):
                return bad("bad-reference", n, offset,
                           f"{where}: determination {seq} refers to evaluation record "
                           f"{ref.get('seq')} with sha256 {ref.get('sha256')}, which is not an "
                           "earlier evaluation record of this log"), records
        record = _record(rec, n, offset)
        records.append(record)
        by_sha.setdefault(record.sha256, record)
        counts[record.kind] += 1
    if tail is not None:
        return bad("torn-tail", len(lines) + 1, tail,
                   f"the last {len(data) - tail} bytes, from byte offset {tail} (line "
                   f"{len(lines) + 1}), are an incomplete record with no line end: a writer was "
                   f"interrupted or the file was cut; the {len(records)} records before it are "
                   "intact"), records
    return VerifyResult(path, True, len(records), counts["evaluation"], counts["determination"],
                        records[-1].sha256 if records else None), records


def verify(path: str | os.PathLike[str]) -> VerifyResult:
    """Check the whole hash chain of a log; the result names the first bad record, if any."""
    name = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return VerifyResult(name, False, 0, kind="unreadable",
                            message=f"cannot read the audit log: {exc.strerror or exc}")
    return _verify_bytes(data, name)[0]


def read_log(path: str | os.PathLike[str]) -> tuple[AuditRecord, ...]:
    """Every record of a log after verifying it; :class:`AuditError` if it fails verification."""
    name = os.fspath(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _fail("audit-unreadable",
                    f"{name}: cannot read the audit log: {exc.strerror or exc}") from None
    result, records = _verify_bytes(data, name)
    if not result.ok:
        raise _fail("audit-damaged", result.summary())
    return tuple(records)


# --------------------------------------------------------------------------- appending


def _now() -> datetime:
    return datetime.now(UTC)


def _time_text(clock: Clock | None) -> str:
    moment = (clock or _now)()
    if moment.tzinfo is None:
        raise ValueError("the audit clock must return an aware datetime (with a time zone)")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _line(body: Mapping[str, Any]) -> tuple[bytes, str]:
    text = dumps(body).encode("utf-8")
    digest = sha256_hex(text)
    return text[:-1] + b',"sha256":"' + digest.encode("ascii") + b'"}', digest


def _append(path: str | os.PathLike[str], clock: Clock | None, by: str,
            build: Callable[[Sequence[AuditRecord]], dict[str, Any]]) -> AuditRecord:
    """Lock the log, verify it, build the record from the records so far, write it, fsync."""
    if not by.strip():
        raise _fail("audit-by", "say who ran it (--by): the name must not be empty")
    name = os.fspath(path)
    created = not os.path.exists(name)
    fd = os.open(name, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        chunks = []
        size = os.fstat(fd).st_size
        pos = 0
        while pos < size:
            chunk = os.pread(fd, size - pos, pos)
            if not chunk:  # pragma: no cover - the file shrank under the lock
                break
            chunks.append(chunk)
            pos += len(chunk)
        result, records = _verify_bytes(b"".join(chunks), name)
        if not result.ok:
            raise _fail("audit-damaged", result.summary() + "; nothing was appended")
        content = build(records)
        body = {"format": FORMAT, "kind": content.pop("kind"), "seq": len(records) + 1,
                "prev_sha256": records[-1].sha256 if records else None,
                "time": _time_text(clock), "by": by, **content}
        line, _digest = _line(body)
        view = memoryview(line + b"\n")
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        if created:
            _fsync_dir(os.path.dirname(os.path.abspath(name)))
        return _record(loads(line.decode("utf-8")), len(records) + 1, size)
    finally:
        os.close(fd)  # closing releases the lock


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
            raise _fail("policy-changed", f"{f.path}: the file changed since the policy was "
                        "loaded; evaluate again")
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


def append_evaluation(
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
) -> AuditRecord:
    """Append an evaluation record and return it (written and fsynced).

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
    who = by if by is not None else default_evaluator(policy, consultants)
    if who is None:
        raise _fail("audit-by", "the policy names no evaluator for these units; say who ran "
                    "the evaluation with --by")
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
            "result": result,
            "explanations": explanations,
        }

    return _append(log_path, clock, who, build)


# --------------------------------------------------------------------------- replay


def _evaluation_record(records: Sequence[AuditRecord], seq: int | None) -> AuditRecord:
    evaluations = [r for r in records if r.kind == "evaluation"]
    if not evaluations:
        raise _fail("audit-empty", "the audit log holds no evaluation record")
    if seq is None:
        return evaluations[-1]
    for r in records:
        if r.seq == seq:
            if r.kind != "evaluation":
                raise _fail("audit-record",
                            f"record {seq} is a {r.kind}, not an evaluation; evaluation "
                            f"records: {', '.join(str(e.seq) for e in evaluations)}")
            return r
    raise _fail("audit-record", f"no record {seq} in the log (it has {len(records)} records)")


def _plain(value: Any) -> Any:
    """Decimals back to Fractions, for a document to rebuild a policy from."""
    if isinstance(value, Decimal):
        return Fraction(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def restore_evaluation(record: AuditRecord, *, counterfactuals: bool | None = None,
                       progress: Callable[[str, int, int], None] | None = None) -> Evaluation:
    """Evaluate an evaluation record again from its own policy and input, with this engine.

    Counterfactuals are computed when the record holds them, or as
    ``counterfactuals`` says when given; ``progress`` is passed to the evaluation.
    """
    from plut_rules.engine import evaluate
    from plut_rules.model import PolicyFile
    from plut_rules.policy.loader import policy_from_document

    data = record.data
    pol = data["policy"]
    locations = {k: Location(v[0], v[1], v[2]) for k, v in pol["locations"].items()}
    source = pol["files"][0]["path"] if pol["files"] else "<record>"
    policy = policy_from_document(_plain(pol["document"]), source=source, locations=locations)
    policy = attrs.evolve(policy, files=tuple(PolicyFile(f["path"], f["sha256"])
                                              for f in pol["files"]))
    inp = data["input"]
    consultants = [Consultant(id=c["id"], name=c["name"], unit=c["unit"], field=c["field"],
                              appointed=int(c["appointed"]), competences=c["competences"])
                   for c in inp["consultants"]]
    achievements = [Achievement(consultant=a["consultant"], indicator=a["indicator"],
                                achievement=a["achievement"], target=a["target"])
                    for a in inp["achievements"]]
    # Counterfactuals are recomputed exactly when the record holds them.
    wanted = any("margins" in d for d in data["result"]["decisions"])
    if counterfactuals is not None:
        wanted = counterfactuals
    return evaluate(policy, consultants, achievements, missing_as_zero=inp["missing_as_zero"],
                    counterfactuals=wanted, progress=progress)


def _diff(old: Any, new: Any, path: str, out: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new)):
            sub = f"{path}.{key}" if path else key
            if key not in old:
                out.append(f"{sub}: not recorded, now {dumps(new[key])}")
            elif key not in new:
                out.append(f"{sub}: recorded {dumps(old[key])}, now absent")
            else:
                _diff(old[key], new[key], sub, out)
        return
    if isinstance(old, list) and isinstance(new, list):
        keyed = all(isinstance(x, dict) and ("consultant" in x or "id" in x)
                    for x in old + new)
        if keyed:
            def key_of(x: dict[str, Any]) -> str:
                return str(x.get("consultant", x.get("id")))

            olds = {key_of(x): x for x in old}
            news = {key_of(x): x for x in new}
            if len(olds) == len(old) and len(news) == len(new):
                _diff(olds, news, path, out)
                if [key_of(x) for x in old] != [key_of(x) for x in new] and \
                        set(olds) == set(news):
                    out.append(f"{path}: same items in a different order")
                return
        if len(old) != len(new):
            out.append(f"{path}: recorded {dumps(old)}, now {dumps(new)}")
            return
        for n, (a, b) in enumerate(zip(old, new, strict=True)):
            _diff(a, b, f"{path}[{n}]", out)
        return
    if old != new or type(old) is not type(new):
        out.append(f"{path}: recorded {dumps(old)}, now {dumps(new)}")


def replay(path: str | os.PathLike[str], record: int | None = None) -> ReplayResult:
    """Re-evaluate an evaluation record (default: the last) from what it holds and compare.

    The engine's version is reported, not compared; every other difference in
    the decisions, explanations, vacancies and hashes is listed.
    """
    from plut_rules.render.output import evaluation_to_dict

    rec = _evaluation_record(read_log(path), record)
    data = rec.data
    recorded_engine = f"{data['engine']['name']} {data['engine']['version']}"
    try:
        evaluation = restore_evaluation(rec)
    except PlutRulesError as exc:
        from plut_rules.engine import ENGINE_NAME, engine_version

        return ReplayResult(rec.seq, False, tuple(f"cannot re-evaluate: {p}" for p in
                                                  exc.problems),
                            recorded_engine, f"{ENGINE_NAME} {engine_version()}")
    lang = data["lang"]
    new_result = evaluation_to_dict(evaluation, lang)
    old_result = dict(data["result"])
    old_result.pop("engine", None)
    new_result.pop("engine", None)
    differences: list[str] = []
    _diff(_normal(old_result), _normal(new_result), "result", differences)
    explanations = {d.consultant: explanation_text(d, evaluation, lang)
                    for d in evaluation.decisions}
    for cid in sorted(set(data["explanations"]) | set(explanations)):
        if data["explanations"].get(cid) != explanations.get(cid):
            differences.append(f"explanations.{cid}: the explanation text differs")
    if evaluation.input_sha256 != data["input_sha256"]:
        differences.append(f"input_sha256: recorded {data['input_sha256']}, "
                           f"now {evaluation.input_sha256}")
    return ReplayResult(rec.seq, not differences, tuple(differences), recorded_engine,
                        f"{evaluation.engine_name} {evaluation.engine_version}")


# --------------------------------------------------------------------------- determination


def _override_data(o: Override, decision: Mapping[str, Any]) -> dict[str, Any]:
    return {"consultant": o.consultant, "outcome": o.outcome, "to_field": o.to_field,
            "reason": o.reason, "recommended": decision["outcome"],
            "recommended_to_field": decision["to_field"]}


def _check_overrides(rec: AuditRecord, overrides: Sequence[Override]) -> list[Problem]:
    decisions = {d["consultant"]: d for d in rec.data["result"]["decisions"]}
    fields = sorted(rec.data["policy"]["document"].get("fields", {}))
    problems: list[Problem] = []
    seen: set[str] = set()
    for o in overrides:
        where = f"override {o.consultant}"
        decision = decisions.get(o.consultant)
        if decision is None:
            problems.append(Problem(
                "unknown-consultant",
                f"no consultant {o.consultant!r} in evaluation record {rec.seq}; ids: "
                f"{', '.join(sorted(decisions))}", path=where,
                suggestion=did_you_mean(o.consultant, decisions)))
            continue
        if o.consultant in seen:
            problems.append(Problem("duplicate-override",
                                    f"{o.consultant} is overridden twice; give one override",
                                    path=where))
        seen.add(o.consultant)
        if o.outcome not in OUTCOMES:
            problems.append(Problem("bad-outcome",
                                    f"outcome {o.outcome!r} is not one of keep, replace, "
                                    "reassign", path=where,
                                    suggestion=did_you_mean(o.outcome, OUTCOMES)))
            continue
        if not o.reason.strip():
            problems.append(Problem("missing-reason",
                                    "every override needs a reason (--reason \"...\")",
                                    path=where))
        if o.outcome == "reassign":
            if o.to_field is None:
                problems.append(Problem("missing-field",
                                        "an override to reassign names the field: "
                                        f"{o.consultant}=reassign:FIELD; fields: "
                                        f"{', '.join(fields)}", path=where))
            elif o.to_field not in fields or o.to_field == decision["field"]:
                problems.append(Problem(
                    "bad-field", f"{o.to_field!r} is not another field of the policy; "
                    f"fields: {', '.join(f for f in fields if f != decision['field'])}",
                    path=where, suggestion=did_you_mean(o.to_field, fields)))
        elif o.to_field is not None:
            problems.append(Problem("bad-field", f"only reassign takes a field, not "
                                    f"{o.outcome}", path=where))
        if o.outcome == decision["outcome"] and o.to_field == decision["to_field"]:
            problems.append(Problem("not-an-override",
                                    f"{o.consultant} was already recommended {o.outcome}; "
                                    "an override must differ from the recommendation",
                                    path=where))
    return problems


def determine(
    log_path: str | os.PathLike[str],
    *,
    by: str | None = None,
    record: int | None = None,
    overrides: Sequence[Override] = (),
    clock: Clock | None = None,
) -> AuditRecord:
    """Append a determination (penetapan) of an evaluation record (default: the last one).

    Every recommendation is accepted except the ``overrides``.  ``by``
    defaults to the policy's ``determined_by``.  Raises :class:`AuditError`
    (nothing written) for an unknown consultant, a bad outcome or field, a
    missing reason, or a record that is already determined.
    """
    def build(records: Sequence[AuditRecord]) -> dict[str, Any]:
        rec = _evaluation_record(records, record)
        for r in records:
            if r.kind == "determination" and r.data["evaluation"]["seq"] == rec.seq:
                raise _fail("already-determined",
                            f"evaluation record {rec.seq} was already determined in record "
                            f"{r.seq} by {r.by} at {r.time}")
        problems = _check_overrides(rec, overrides)
        if problems:
            raise AuditError(problems)
        decisions = {d["consultant"]: d for d in rec.data["result"]["decisions"]}
        overridden = {o.consultant for o in overrides}
        return {
            "kind": "determination",
            "evaluation": {"seq": rec.seq, "sha256": rec.sha256},
            "policy": {"id": rec.data["policy"]["id"], "year": rec.data["policy"]["year"],
                       "determined_by": rec.data["policy"]["determined_by"]},
            "accepted": sorted(set(decisions) - overridden),
            "overrides": sorted((_override_data(o, decisions[o.consultant]) for o in overrides),
                                key=lambda x: x["consultant"]),
        }

    who = by
    if who is None:
        records = read_log(log_path)
        who = _evaluation_record(records, record).data["policy"]["determined_by"]
        if who is None:
            raise _fail("audit-by", "the policy names no authority (determined_by); say who "
                        "determines with --by")
    return _append(log_path, clock, who, build)


def determination_for(records: Sequence[AuditRecord], seq: int) -> Determination | None:
    """The determination of evaluation record ``seq``, if there is one."""
    for r in records:
        if r.kind == "determination" and r.data["evaluation"]["seq"] == seq:
            ov = tuple(Override(o["consultant"], o["outcome"], o["reason"], o["to_field"])
                       for o in r.data["overrides"])
            return Determination(r.seq, r.time, r.by, seq, r.data["evaluation"]["sha256"], ov)
    return None


# --------------------------------------------------------------------------- showing

_WORDS = {
    "id": {"record": "Catatan audit", "by": "oleh", "at": "pada", "files": "Berkas kebijakan",
           "input": "Data masukan", "engine": "Mesin", "determination": "Penetapan",
           "none": "belum ada penetapan", "accepted": "rekomendasi diterima",
           "overridden": "DIUBAH", "recommended": "rekomendasi", "determined": "ditetapkan",
           "reason": "Alasan", "to": "ke bidang"},
    "en": {"record": "Audit record", "by": "by", "at": "at", "files": "Policy files",
           "input": "Input data", "engine": "Engine", "determination": "Determination",
           "none": "not determined yet", "accepted": "recommendation accepted",
           "overridden": "OVERRIDDEN", "recommended": "recommended", "determined": "determined",
           "reason": "Reason", "to": "to"},
}


def _outcome_text(outcome: str, to_field: str | None, lang: Lang) -> str:
    text = outcome_label(outcome, lang) if outcome in OUTCOMES else outcome
    return text + (f" {_WORDS[lang]['to']} {to_field}" if to_field else "")


def show(path: str | os.PathLike[str], consultant: str, *, record: int | None = None,
         lang: Lang | None = None) -> str:
    """One consultant's decision and full explanation as recorded, who ran it and when,
    and the determination (with any override) of that record.

    ``record`` defaults to the last evaluation record.  With a ``lang`` other
    than the record's, the explanation is re-rendered from the record's own
    policy and input.
    """
    records = read_log(path)
    rec = _evaluation_record(records, record)
    data = rec.data
    decisions = {d["consultant"]: d for d in data["result"]["decisions"]}
    if consultant not in decisions:
        raise AuditError([Problem(
            "unknown-consultant", f"no consultant {consultant!r} in evaluation record "
            f"{rec.seq}; ids: {', '.join(sorted(decisions))}",
            suggestion=did_you_mean(consultant, decisions))])
    use: Lang = lang or data["lang"]
    w = _WORDS[use]
    if use == data["lang"]:
        explanation = str(data["explanations"][consultant])
    else:
        evaluation = restore_evaluation(rec)
        explanation = explanation_text(evaluation.decision(consultant), evaluation, use)
    files = ", ".join(f"{f['path']} (sha256 {f['sha256'][:12]})" for f in data["policy"]["files"])
    lines = [
        f"{w['record']} {rec.seq} ({path}): {w['by']} {rec.by} {w['at']} {rec.time}",
        f"  sha256 {rec.sha256}",
        f"  {w['files']}: {files or '-'}",
        f"  {w['input']}: sha256 {data['input_sha256']}",
        f"  {w['engine']}: {data['engine']['name']} {data['engine']['version']}",
        "",
    ]
    text: str = "\n".join(lines) + explanation
    det = determination_for(records, rec.seq)
    decision = decisions[consultant]
    if det is None:
        text += f"\n{w['determination']}: {w['none']}\n"
        return text
    head = f"\n{w['determination']} ({w['record']} {det.seq}, {w['by']} {det.by} {w['at']} " \
           f"{det.time}): "
    override = det.override(consultant)
    if override is None:
        text += head + f"{w['accepted']} — " \
                f"{_outcome_text(decision['outcome'], decision['to_field'], use)}\n"
    else:
        text += (head + f"{w['overridden']}\n"
                 f"  {w['recommended']}: "
                 f"{_outcome_text(decision['outcome'], decision['to_field'], use)}\n"
                 f"  {w['determined']}: {_outcome_text(override.outcome, override.to_field, use)}"
                 f"\n  {w['reason']}: {override.reason}\n")
    return text
