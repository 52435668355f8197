"""The audit log's line format and hash chain: writing, reading and verifying records.

The log is a JSON Lines file (UTF-8, one record per line, ``\\n`` line ends).
Each record carries ``seq`` (1, 2, 3, ...), ``prev_sha256`` (the ``sha256``
of the record before it; ``null`` for the first) and its own ``sha256``: the
SHA-256 of the record's line with its final ``,"sha256":"..."`` member
removed.  The records therefore form a hash chain: changing, removing,
inserting, reordering or duplicating a record, or cutting the file, breaks a
link that :func:`verify` names.

An *evaluation* record (:mod:`plut_rules.audit.records`) holds everything
needed to re-evaluate it, so replaying it (:mod:`plut_rules.audit.replay`) needs
no other file; a *determination* record (:mod:`plut_rules.audit.determination`)
refers to one evaluation record by ``seq`` and ``sha256``.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, BinaryIO, Literal

import attrs

from plut_rules.audit.seats import determination_problem, recommendations_of, references_of
from plut_rules.canonical import sha256_hex
from plut_rules.errors import PlutRulesError, Problem
from plut_rules.exact import decimal_text
from plut_rules.safe_output import open_regular
from plut_rules.wording import Words, say

__all__ = [
    "FORMAT",
    "MAX_RECORD_BYTES",
    "AuditError",
    "AuditRecord",
    "Clock",
    "RecordKind",
    "VerifyKind",
    "VerifyResult",
    "audit_error",
    "dumps",
    "loads",
    "log_lines",
    "open_log",
    "parse_line",
    "read_log",
    "record_from",
    "record_line",
    "verify",
    "verify_bytes",
    "verify_stream",
]

FORMAT = "plut-rules-audit/1"
RecordKind = Literal["evaluation", "determination", "selection"]
#: What returns the time to record (an aware datetime).
Clock = Callable[[], datetime]

_SUFFIX = re.compile(rb',"sha256":"([0-9a-f]{64})"\}\Z')


class AuditError(PlutRulesError):
    """The audit log is damaged, or a request against it is invalid (nothing was written)."""

    __module__ = "plut_rules.audit"  # its public home, as shown in tracebacks


def audit_error(code: str, message: str | Words, path: str = "",
                suggestion: str | None = None) -> AuditError:
    """An :class:`AuditError` with one problem (in both languages when ``message`` is)."""
    if isinstance(message, Words):
        return AuditError([Problem.worded(code, message, path=path, suggestion=suggestion)])
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


VerifyKind = Literal["hash-mismatch", "seq-mismatch", "prev-mismatch", "torn-tail",
                     "too-long", "malformed", "bad-reference", "bad-determination",
                     "expect-mismatch", "unreadable"]


@attrs.frozen
class VerifyResult:
    """What :func:`verify` found.

    ``warnings`` name what could not be checked (a referenced log that cannot be
    read).  When ``ok`` is false, ``kind`` names the damage, ``line`` and ``offset``
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
    warnings: tuple[str, ...] = ()
    selections: int = 0

    def summary(self) -> str:
        """One line for a person: ``FILE: ok, ...`` or ``FILE: DAMAGED ...``."""
        if self.ok:
            last = f", last sha256 {self.last_sha256}" if self.last_sha256 else ""
            return (f"{self.path}: ok, {self.records} record{'s' if self.records != 1 else ''} "
                    f"({self.evaluations} evaluation{'s' if self.evaluations != 1 else ''}, "
                    f"{self.determinations} determination"
                    f"{'s' if self.determinations != 1 else ''}{self._selections()}), "
                    f"chain intact{last}")
        if self.kind == "unreadable":
            return f"{self.path}: {self.message}"
        return f"{self.path}: DAMAGED ({self.kind}): {self.message}"

    def _selections(self) -> str:
        # a log without selections reads as it did before selections existed
        if not self.selections:
            return ""
        return f", {self.selections} selection{'s' if self.selections != 1 else ''}"


# --------------------------------------------------------------------------- verify

#: The longest record (its line end included) the log may hold: 64 MiB, room for the
#: explained evaluation of tens of thousands of consultants.  Reading keeps at most one
#: line in memory, so a longer line is reported as damage at its offset (never read
#: whole), and an append that would write a longer record is refused.
MAX_RECORD_BYTES = 64 * 2**20

LineStatus = Literal["line", "tail", "too-long"]


def log_lines(handle: BinaryIO) -> Iterator[tuple[int, bytes, LineStatus]]:
    """The lines of a log read from ``handle``, one at a time: (byte offset, bytes without
    the line end, status).  ``tail``: the file ends there without a line end;
    ``too-long``: the line is longer than :data:`MAX_RECORD_BYTES` (its bytes are not
    given); either is the last item."""
    offset = 0
    while True:
        raw = handle.readline(MAX_RECORD_BYTES + 1)
        if not raw:
            return
        if raw.endswith(b"\n"):
            yield offset, raw[:-1], "line"
            offset += len(raw)
            continue
        yield offset, (b"" if len(raw) > MAX_RECORD_BYTES else raw), \
            "too-long" if len(raw) > MAX_RECORD_BYTES else "tail"
        return


def record_line(body: Mapping[str, Any]) -> tuple[bytes, str]:
    """The line (without its line end) of a record's members ``body``, and its sha256: the
    SHA-256 of ``dumps(body)``, appended as the last member."""
    text = dumps(body).encode("utf-8")
    digest = sha256_hex(text)
    return text[:-1] + b',"sha256":"' + digest.encode("ascii") + b'"}', digest


def parse_line(raw: bytes) -> tuple[dict[str, Any] | None, VerifyKind | None, str]:
    """(record, problem kind, message) of one line (without its line end); the kind is None
    when the line is sound by itself."""
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
          and data.get("kind") in ("evaluation", "determination", "selection")
          and (data.get("prev_sha256") is None or isinstance(data.get("prev_sha256"), str))
          and isinstance(data.get("time"), str) and isinstance(data.get("by"), str))
    if not ok:
        return None, "malformed", f"the line is not a {FORMAT} record"
    return data, None, ""


def _determination_problem(rec: Mapping[str, Any], evaluations: Mapping[int, Mapping[str, Any]],
                           in_force: dict[str, int]) -> tuple[VerifyKind, str] | None:
    """What is wrong with determination ``rec`` given the evaluation records before it
    (``in_force``: which determination is in force for each evaluation record, updated)."""
    refs = references_of(rec)
    for ref in refs:
        if ref.get("log") is None and (
                ref.get("seq") not in evaluations
                or evaluations[ref["seq"]]["sha256"] != ref.get("sha256")):
            return "bad-reference", (
                f"it refers to evaluation record {ref.get('seq')} with sha256 "
                f"{ref.get('sha256')}, which is not an earlier evaluation record of this log")
    try:
        problem = determination_problem(rec, evaluations)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        problem = f"it is not a well-formed determination ({type(exc).__name__}: {exc})"
    if problem is not None:
        return "bad-determination", problem
    supersedes = rec.get("supersedes")
    if supersedes is not None:
        target = supersedes.get("seq") if isinstance(supersedes, Mapping) else None
        if target not in in_force.values():
            return "bad-determination", (f"it supersedes record {target}, which is not a "
                                         "determination in force")
        if not str(supersedes.get("why") or "").strip():
            return "bad-determination", "it supersedes a determination without saying why"
        for key in [k for k, v in in_force.items() if v == target]:
            del in_force[key]
    for ref in refs:
        earlier = in_force.get(ref["sha256"])
        if earlier is not None:
            return "bad-determination", (
                f"evaluation record {ref.get('seq')}"
                + (f" of {ref['log']}" if ref.get("log") else "")
                + f" is already determined by record {earlier}, which it does not supersede "
                "(at most one determination is in force)")
    for ref in refs:
        in_force[ref["sha256"]] = rec["seq"]
    return None


def record_from(data: Mapping[str, Any], line: int, offset: int) -> AuditRecord:
    """The :class:`AuditRecord` of a record's data read from ``line`` at byte ``offset``."""
    return AuditRecord(seq=data["seq"], kind=data["kind"], time=data["time"], by=data["by"],
                       sha256=data["sha256"], prev_sha256=data["prev_sha256"], data=data,
                       line=line, offset=offset)


class _Chain:
    """The check of a log's records, fed one line at a time.  Keeps all the records only
    when asked (``keep``); otherwise 33 bytes per record (its kind and digest, for a
    reference and a duplicate), the evaluation records' recommendations (compressed, see
    :meth:`slim`: a determination is checked against them) and the determinations (their references
    into other logs), besides the line being checked."""

    def __init__(self, path: str, keep: bool) -> None:
        self.path = path
        self.keep = keep
        self.records: list[AuditRecord] = []
        self.evaluations: dict[int, bytes | Mapping[str, Any]] = {}  # see slim()
        self.documents: dict[str, Any] = {}  # policy documents by sha256
        self.determinations: list[AuditRecord] = []
        self.in_force: dict[str, int] = {}  # evaluation record sha256 -> determination
        self.count = 0
        self.counts = {"evaluation": 0, "determination": 0, "selection": 0}
        self.last: str | None = None
        self.index = bytearray()  # per record: b"e", b"d" or b"s", then the 32-byte digest

    def digest(self, seq: int) -> tuple[str, str]:
        """The kind letter and sha256 of the earlier record ``seq``."""
        start = (seq - 1) * 33
        return chr(self.index[start]), self.index[start + 1:start + 33].hex()

    def bad(self, kind: VerifyKind, n: int, offset: int, message: str) -> VerifyResult:
        return VerifyResult(self.path, False, self.count, self.counts["evaluation"],
                            self.counts["determination"], self.last, kind, self.count + 1,
                            n, offset, message, selections=self.counts["selection"])

    def ok(self) -> VerifyResult:
        return VerifyResult(self.path, True, self.count, self.counts["evaluation"],
                            self.counts["determination"], self.last,
                            selections=self.counts["selection"])

    def feed(self, n: int, offset: int, raw: bytes,
             rest: Iterator[tuple[int, bytes, LineStatus]]) -> VerifyResult | None:
        """Check line ``n`` (at byte ``offset``); the damage it shows, or None.  ``rest``
        gives the lines after it (read only to tell a reordering from a removal)."""
        expected = self.count + 1
        where = f"line {n} (byte offset {offset})"
        rec, kind, why = parse_line(raw)
        if rec is None:
            assert kind is not None
            return self.bad(kind, n, offset, f"{where}, where record {expected} should be: {why}")
        seq = rec["seq"]
        if seq != expected:
            if 0 < seq < expected and self.digest(seq)[1] == rec["sha256"]:
                what = f"it duplicates record {seq} (line {seq})"
            elif seq > expected:
                later = any(status == "line" and (r := parse_line(line)[0]) is not None
                            and r["seq"] == expected for _, line, status in rest)
                what = (f"records were reordered (record {expected} comes later)" if later
                        else f"record {expected}" + (f"..{seq - 1}" if seq - 1 > expected else "")
                        + " was removed")
            else:
                what = "a record was inserted or the records were reordered"
            return self.bad("seq-mismatch", n, offset,
                            f"{where} holds record {seq} where record {expected} should be: "
                            f"{what}")
        if rec["prev_sha256"] != self.last:
            return self.bad("prev-mismatch", n, offset,
                            f"{where}: record {seq} does not link to the record before it "
                            f"(prev_sha256 {rec['prev_sha256']}, expected {self.last}): a "
                            "record before it was removed, inserted or replaced")
        if rec["kind"] == "determination":
            wanted = {r["seq"] for r in references_of(rec) if isinstance(r, Mapping)
                      and r.get("log") is None and r.get("seq") in self.evaluations}
            problem = _determination_problem(rec, {n: self.evaluation(n) for n in wanted},
                                             self.in_force)
            if problem is not None:
                damage, message = problem
                return self.bad(damage, n, offset, f"{where}: determination {seq}: {message}")
        wrong = self.bad_selection_basis(rec)
        if wrong is not None:
            return self.bad("bad-reference", n, offset, f"{where}: {wrong}")
        self.count += 1
        self.counts[rec["kind"]] += 1
        self.last = rec["sha256"]
        self.index += rec["kind"][0].encode("ascii") + bytes.fromhex(rec["sha256"])
        if rec["kind"] == "evaluation":
            self.evaluations[seq] = self.slim(rec)
        record = record_from(rec, n, offset) if self.keep or rec["kind"] == "determination" \
            else None
        if record is not None and rec["kind"] == "determination":
            self.determinations.append(record)
        if self.keep and record is not None:
            self.records.append(record)
        return None

    def slim(self, rec: Mapping[str, Any]) -> bytes | Mapping[str, Any]:
        """What a determination is checked against of evaluation record ``rec``: its hash,
        units, policy (one copy per policy) and recommendations, without the explanations
        and input data that make most of a record; as compressed JSON (a record that lacks
        these is kept as it is: the check then names what is wrong with it)."""
        try:
            policy = rec["policy"]
            key = json.dumps(policy.get("sha256") or policy["files"], sort_keys=True)
            self.documents.setdefault(key, policy["document"])
            slim = {"sha256": rec["sha256"], "units": rec.get("units"), "policy_key": key,
                    "input": {"consultants": [{"id": c["id"], "name": c["name"]}
                                              for c in rec["input"]["consultants"]]},
                    "result": {"decisions": [
                        {k: d[k] for k in ("consultant", "unit", "field", "outcome",
                                           "to_field", "placement", "score", "rule")}
                        for d in rec["result"]["decisions"]]}}
            # a small compressor (memLevel 1, 512-byte window): a few KiB of state
            packer = zlib.compressobj(6, zlib.DEFLATED, -9, 1)
            return packer.compress(dumps(slim).encode("utf-8")) + packer.flush()
        except (KeyError, TypeError, AttributeError):
            return rec

    def evaluation(self, seq: int) -> Mapping[str, Any]:
        """Evaluation record ``seq`` as :meth:`slim` kept it."""
        kept = self.evaluations[seq]
        if not isinstance(kept, bytes):
            return kept
        slim = loads(zlib.decompress(kept, -9))
        slim["policy"] = {"document": self.documents[slim.pop("policy_key")]}
        return slim  # type: ignore[no-any-return]

    def bad_selection_basis(self, rec: Mapping[str, Any]) -> str | None:
        """What is wrong with a selection record's reference to its determination, if any."""
        if rec["kind"] != "selection":
            return None
        ref = rec.get("basis")
        if not isinstance(ref, Mapping) or ref.get("kind") != "determination":
            return None  # made from evaluation inputs: it names their hash, no record
        seq = ref.get("seq")
        fits = (isinstance(seq, int) and 0 < seq <= self.count
                and self.digest(seq) == ("d", ref.get("sha256")))
        if not fits:
            return (f"selection {rec['seq']} refers to determination record {seq} with sha256 "
                    f"{ref.get('sha256')}, which is not an earlier determination record of "
                    "this log")
        return None

    def expect_problem(self, expect: tuple[int, str]) -> str | None:
        """What is wrong with an anchor ``(seq, sha256)`` written outside the log, if any."""
        seq, sha = expect
        if seq > self.count:
            return (f"there is no record {seq} (the log has {self.count}), though record "
                    f"{seq} was anchored with sha256 {sha}: records were removed from the end")
        found = self.digest(seq)[1]
        if found != sha.lower():
            return (f"record {seq} (line {seq}) has sha256 {found}, not the anchored "
                    f"{sha}: the log was rewritten from record {seq} on, or the anchor belongs "
                    "to another log")
        return None


def verify_stream(handle: BinaryIO, path: str, *,
                  keep: bool = False) -> tuple[VerifyResult, list[AuditRecord]]:
    """:func:`verify` of the log read from ``handle``, one record at a time; the result
    and (``keep``) the intact records before any damage."""
    return _verify_chain(handle, path, keep)[:2]


def _verify_chain(handle: BinaryIO, path: str,
                  keep: bool) -> tuple[VerifyResult, list[AuditRecord], _Chain]:
    chain = _Chain(path, keep)
    lines = log_lines(handle)
    n = 0
    for n, (offset, raw, status) in enumerate(lines, 1):
        if status == "too-long":
            return chain.bad("too-long", n, offset,
                             f"line {n}, from byte offset {offset}, where record "
                             f"{chain.count + 1} should be, is longer than "
                             f"{MAX_RECORD_BYTES} bytes, the longest record a log may hold: "
                             "it is not a record (was another file written over the log?)"), \
                chain.records, chain
        if status == "tail":
            return chain.bad("torn-tail", n, offset,
                             f"the last {len(raw)} bytes, from byte offset {offset} (line {n}), "
                             "are an incomplete record with no line end: a writer was "
                             f"interrupted or the file was cut; the {chain.count} records "
                             "before it are intact (plut-rules audit repair removes the "
                             "torn tail, keeping its bytes in a side file)"), chain.records, chain
        damage = chain.feed(n, offset, raw, lines)
        if damage is not None:
            return damage, chain.records, chain
    return chain.ok(), chain.records, chain


def verify_bytes(data: bytes, path: str) -> tuple[VerifyResult, list[AuditRecord]]:
    """:func:`verify` of a log's bytes; the result and the intact records before any damage."""
    return verify_stream(io.BytesIO(data), path, keep=True)


def open_log(path: str | os.PathLike[str]) -> BinaryIO:
    """The log opened for reading; :class:`OSError` when it cannot be, at once for a
    FIFO, a device or a folder (never waiting on a FIFO)."""
    return os.fdopen(open_regular(path, os.O_RDONLY), "rb")


def _reference_findings(path: str, determinations: list[AuditRecord]
                        ) -> tuple[str | None, list[str]]:
    """The first broken reference of the log's determinations into other logs (or None),
    and a warning for each referenced log that cannot be read."""
    warnings: list[str] = []
    cache: dict[str, tuple[VerifyResult, list[AuditRecord]] | None] = {}
    for det in determinations:
        for ref in references_of(det.data):
            if ref.get("log") is None:
                continue
            other = os.path.join(os.path.dirname(path), *str(ref["log"]).split("/"))
            name = f"determination {det.seq} (line {det.line}): record {ref['seq']} of {other}"
            if other not in cache:
                try:
                    with open_log(other) as handle:
                        cache[other] = verify_stream(handle, other, keep=True)
                except OSError as exc:
                    cache[other] = None
                    warnings.append(f"unreachable-reference: {name}: cannot read that log "
                                    f"({exc.strerror or exc}); the determination's own copy "
                                    "was checked, the record itself could not be")
            found = cache[other]
            if found is None:
                continue
            result, theirs = found
            if not result.ok:
                return f"{name}: that log fails verification: {result.summary()}", warnings
            match = next((r for r in theirs if r.seq == ref["seq"]), None)
            if match is None or match.kind != "evaluation" or match.sha256 != ref["sha256"]:
                return (f"{name}: that log holds no evaluation record {ref['seq']} with sha256 "
                        f"{ref['sha256']}"), warnings
            if "recommendations" in ref and \
                    ref["recommendations"] != recommendations_of(match.data):
                return (f"{name}: the determination's copy of its recommendations differs "
                        "from that record"), warnings
    return None, warnings


def verify(path: str | os.PathLike[str], *, expect: Sequence[tuple[int, str]] = (),
           references: bool = True) -> VerifyResult:
    """Check the whole hash chain of a log, one record at a time; the result names the
    first bad record, if any.  Memory: one record, at most :data:`MAX_RECORD_BYTES`,
    33 bytes per record, the evaluations' recommendations (compressed) and the
    determinations.

    ``expect`` are anchors written outside the log, ``(seq, sha256)``: record ``seq``
    must exist with exactly that hash (later records are allowed).  With ``references``,
    the evaluation records that determinations name in other logs are checked too, when
    those logs can be read; one that cannot is a warning (``unreachable-reference``).
    """
    name = os.fspath(path)
    try:
        with open_log(path) as handle:
            result, _, chain = _verify_chain(handle, name, False)
    except OSError as exc:
        return VerifyResult(name, False, 0, kind="unreadable",
                            message=f"cannot read the audit log: {exc.strerror or exc}")
    if not result.ok:
        return result
    for anchor in expect:
        problem = chain.expect_problem(anchor)
        if problem is not None:
            return attrs.evolve(result, ok=False, kind="expect-mismatch", seq=anchor[0],
                                message=problem)
    if references:
        problem, warnings = _reference_findings(name, chain.determinations)
        if problem is not None:
            return attrs.evolve(result, ok=False, kind="bad-reference", message=problem,
                                warnings=tuple(warnings))
        result = attrs.evolve(result, warnings=tuple(warnings))
    return result


def read_log(path: str | os.PathLike[str]) -> tuple[AuditRecord, ...]:
    """Every record of a log after verifying it; :class:`AuditError` if it fails verification."""
    name = os.fspath(path)
    try:
        with open_log(path) as handle:
            result, records = verify_stream(handle, name, keep=True)
    except OSError as exc:
        raise audit_error("audit-unreadable", say("audit.unreadable", name=name,
                                                  reason=exc.strerror or exc)) from None
    if not result.ok:
        raise audit_error("audit-damaged", result.summary())
    return tuple(records)
