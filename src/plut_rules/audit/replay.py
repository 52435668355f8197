"""Replaying an evaluation record: the evaluation restored from the record's own policy and
input, evaluated again with this engine, and every difference from what was recorded.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from plut_rules.audit.chain import AuditRecord, audit_error, dumps, read_log
from plut_rules.audit.records import kind_words
from plut_rules.errors import Location, PlutRulesError
from plut_rules.exact import decimal_text
from plut_rules.model import Achievement, Consultant, Evaluation
from plut_rules.render.explain import explanation_text
from plut_rules.wording import say

__all__ = ["ReplayResult", "evaluation_record", "replay", "restore_evaluation"]


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


def evaluation_record(records: Sequence[AuditRecord], seq: int | None) -> AuditRecord:
    """Evaluation record ``seq`` (None: the last one); :class:`AuditError` when there is none."""
    evaluations = [r for r in records if r.kind == "evaluation"]
    if not evaluations:
        raise audit_error("audit-empty", say("audit.no_evaluation"))
    if seq is None:
        return evaluations[-1]
    for r in records:
        if r.seq == seq:
            if r.kind != "evaluation":
                raise audit_error("audit-record", say(
                    "audit.not_an_evaluation", seq=seq, kind=kind_words(r.kind),
                    seqs=", ".join(str(e.seq) for e in evaluations)))
            return r
    raise audit_error("audit-record", say("audit.no_record", seq=seq, count=len(records)))


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
    from plut_rules.policy import policy_from_document

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
    evaluation = evaluate(policy, consultants, achievements,
                          missing_as_zero=inp["missing_as_zero"], counterfactuals=wanted,
                          progress=progress)
    units = data.get("units")
    if units is None:
        return evaluation
    # a record of some units: the seats of the others are not its to report
    return attrs.evolve(evaluation, vacancies=tuple(v for v in evaluation.vacancies
                                                    if v.unit in units))


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

    rec = evaluation_record(read_log(path), record)
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
