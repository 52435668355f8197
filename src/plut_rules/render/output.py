"""Writing an evaluation out: the contract's JSON, CSV, and the printed table.

Every writer is deterministic: the same evaluation gives the same bytes.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from fractions import Fraction
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any, Literal

from plut_rules.exact import decimal_text
from plut_rules.model import Decision, Evaluation, Outcome
from plut_rules.render.explain import Lang, outcome_label, source_text, summary
from plut_rules.values import json_number, number_text
from plut_rules.visible import visible
from plut_rules.wording import text as wording_text
from plut_rules.wording import words as wording_words

if TYPE_CHECKING:
    from plut_rules.engine import StreamedEvaluation

__all__ = ["CSV_COLUMNS", "csv_chunk", "evaluation_to_dict", "iter_csv", "iter_json",
           "iter_streamed", "json_chunk", "sample_title", "to_csv", "to_json", "to_table"]

CSV_COLUMNS = ("consultant", "name", "unit", "field", "outcome", "to_field", "score", "rule",
               "rule_source", "reason", "placement", "summary")

OUTCOME_ORDER: tuple[Outcome, ...] = ("keep", "reassign", "replace")

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _json_value(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, Fraction):
        return json_number(value)
    return value


def _decision_dict(d: Decision, lang: Lang, evaluation: Evaluation) -> dict[str, Any]:
    indicators = []
    for i in d.indicators:
        item: dict[str, Any] = {
            "id": i.id,
            "target": json_number(i.target),
            "achievement": json_number(i.achievement),
            "ratio": json_number(i.ratio, 4),
            "weight": None if i.weight is None else json_number(i.weight),
            "contribution": json_number(i.contribution, 4),
            "gate": i.gate,
        }
        if i.missing:
            item["missing"] = True
        indicators.append(item)
    trace = [
        {"rule": s.rule, "when": s.when,
         "values": {k: _json_value(v) for k, v in s.values.items()},
         "result": s.result, "source": source_text(s.source)}
        for s in d.trace
    ]
    out: dict[str, Any] = {
        "consultant": d.consultant,
        "unit": d.unit,
        "field": d.field,
        "outcome": d.outcome,
        "to_field": d.to_field,
        "score": json_number(d.score, 2),
        "rule": d.rule,
        "rule_source": source_text(d.rule_source),
        "reason": d.reason,
        "placement": d.placement,
        "indicators": indicators,
        "trace": trace,
        "summary": summary(d, lang, evaluation.policy),
    }
    if d.margins is not None:
        out.update(_counterfactual_keys(d))
    return out


def _counterfactual_keys(d: Decision) -> dict[str, Any]:
    """The §6.1 keys of a non-keep decision; ``counterfactuals`` is null for a non-monotone
    scorer."""
    assert d.margins is not None
    counterfactuals = None if d.counterfactuals is None else [
        {"indicator": c.indicator, "achievement": json_number(c.achievement),
         "needed": None if c.needed is None else json_number(c.needed)}
        for c in d.counterfactuals]
    margins = [
        {"rule": m.rule, "comparison": m.comparison, "left": _json_any(m.left),
         "right": _json_any(m.right),
         "margin": None if m.margin is None else json_number(m.margin, 4)}
        for m in d.margins]
    return {"counterfactuals": counterfactuals, "margins": margins}


def _json_any(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_json_any(v) for v in value]
    if isinstance(value, Fraction):
        return json_number(value, 4)
    return _json_value(value)


def _head_dict(evaluation: Evaluation, sample: bool = False) -> dict[str, Any]:
    """The keys of the JSON output before the decisions: ``"sample": true`` on the shipped
    sample data (only then), policy, input hash, engine."""
    policy = evaluation.policy
    return {
        **({"sample": True} if sample else {}),
        "policy": {
            "id": policy.id,
            "year": policy.year,
            "sha256": policy.sha256,
            "files": [{"path": f.path, "sha256": f.sha256} for f in policy.files],
        },
        "input_sha256": evaluation.input_sha256,
        "engine": {"name": evaluation.engine_name, "version": evaluation.engine_version},
    }


def _vacancies_list(evaluation: Evaluation) -> list[dict[str, Any]]:
    return [{"unit": v.unit, "field": v.field, "open": v.open} for v in evaluation.vacancies]


def evaluation_to_dict(evaluation: Evaluation, lang: Lang = "id", *,
                       sample: bool = False) -> dict[str, Any]:
    """The evaluation in the contract's JSON shape (§6), as plain data; ``sample``: it
    evaluates the shipped sample data (fictional consultants), marked ``"sample": true``."""
    return {
        **_head_dict(evaluation, sample),
        "decisions": [_decision_dict(d, lang, evaluation) for d in evaluation.decisions],
        "vacancies": _vacancies_list(evaluation),
    }


def to_json(evaluation: Evaluation, lang: Lang = "id", *, sample: bool = False) -> str:
    """The contract's JSON output as text (UTF-8, 2-space indent, final newline);
    ``sample``: as :func:`evaluation_to_dict`."""
    return "".join(iter_json(evaluation, lang, sample=sample))


def iter_json(evaluation: Evaluation, lang: Lang = "id",
              decisions: Iterable[Decision] | None = None, *,
              sample: bool = False) -> Iterator[str]:
    """:func:`to_json`'s text in pieces, one decision at a time, for writing as it comes.

    ``decisions`` (default: the evaluation's) may be any iterable, such as a
    generator that builds each decision only when it is written, so that a
    million decisions never sit in memory at once.  The bytes are exactly
    ``json.dumps(evaluation_to_dict(...), ensure_ascii=False, indent=2)`` plus a newline.
    """
    yield _json_head(evaluation, sample)
    first = True
    for d in evaluation.decisions if decisions is None else decisions:
        yield _json_decision(d, lang, evaluation, first)
        first = False
    yield _json_tail(evaluation, first)


def _json_head(evaluation: Evaluation, sample: bool = False) -> str:
    head = _head_dict(evaluation, sample)
    out: list[str] = []
    for key, value in head.items():
        out.append(f"{_enc(key)}: ")
        _emit(value, "\n  ", out)
        out.append(",\n  ")
    return "{\n  " + "".join(out) + '"decisions": ['


def _json_decision(d: Decision, lang: Lang, evaluation: Evaluation, first: bool) -> str:
    out = ["\n    " if first else ",\n    "]
    _emit(_decision_dict(d, lang, evaluation), "\n    ", out)
    return "".join(out)


def _json_tail(evaluation: Evaluation, empty: bool) -> str:
    out = ["]" if empty else "\n  ]", ',\n  "vacancies": ']
    _emit(_vacancies_list(evaluation), "\n  ", out)
    out.append("\n}\n")
    return "".join(out)


def json_chunk(evaluation: Evaluation, lang: Lang, start: int,
               decisions: Iterable[Decision]) -> str:
    """The JSON of ``decisions`` as they stand in the decisions array (``start`` == 0: first)."""
    return "".join(_json_decision(d, lang, evaluation, start == 0 and n == 0)
                   for n, d in enumerate(decisions))


_enc = encode_basestring


def _emit(value: Any, newline: str, out: list[str]) -> None:
    """Append ``value`` as ``json.dumps(..., indent=2, ensure_ascii=False)`` writes it, at the
    indentation ``newline`` (a newline and the current indent)."""
    kind = type(value)
    if kind is str:
        out.append(_enc(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int or kind is float:
        out.append(repr(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for k, v in value.items():
            out.append(sep)
            out.append(_enc(k))
            out.append(": ")
            _emit(v, inner, out)
            sep = "," + inner
        out.append(newline + "}")
    elif kind is list:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for v in value:
            out.append(sep)
            _emit(v, inner, out)
            sep = "," + inner
        out.append(newline + "]")
    else:  # anything else (a subclass, say): as the json module writes it
        text = json.dumps(value, ensure_ascii=False, indent=2)
        out.append(text.replace("\n", newline))


def _safe_cell(text: str) -> str:
    # A leading apostrophe makes a spreadsheet show the text instead of running it.
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(evaluation: Evaluation, lang: Lang = "id") -> str:
    """One row per decision; cells a spreadsheet would run as formulas are neutralised."""
    return "".join(iter_csv(evaluation, lang))


def iter_csv(evaluation: Evaluation, lang: Lang = "id",
             decisions: Iterable[Decision] | None = None) -> Iterator[str]:
    """:func:`to_csv`'s text in pieces (the header, then rows in batches), for streaming."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    rows = iter(evaluation.decisions if decisions is None else decisions)
    while True:
        text = csv_chunk(evaluation, lang, 0, itertools.islice(rows, 1000))
        if not text:
            return
        yield text


def csv_chunk(evaluation: Evaluation, lang: Lang, start: int,
              decisions: Iterable[Decision]) -> str:
    """The CSV rows of ``decisions`` (``start`` is unused: rows do not depend on it)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # Python 3.11 does not quote a lone carriage return; a row holding one is quoted whole.
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for d in decisions:
        row = [d.consultant, d.name, d.unit, d.field, d.outcome, d.to_field or "",
               decimal_text(d.score, 2), d.rule, source_text(d.rule_source) or "",
               d.reason or "", d.placement or "", summary(d, lang, evaluation.policy)]
        cells = [_safe_cell(cell) for cell in row]
        (quoted if any("\r" in cell for cell in cells) else writer).writerow(cells)
    return buffer.getvalue()


def iter_streamed(streamed: StreamedEvaluation, fmt: Literal["json", "csv"],
                  lang: Lang = "id", *, jobs: int = 1, sample: bool = False) -> Iterator[str]:
    """The JSON or CSV text of a streamed evaluation, in pieces, for writing as it comes.

    With ``jobs`` = 1 this is ``iter_json`` / ``iter_csv`` of
    ``streamed.decisions()``.  With ``jobs`` > 1 the decisions are built and their
    text rendered in that many worker processes, a contiguous chunk at a time
    (:meth:`~plut_rules.engine.StreamedEvaluation.rendered`), and the chunks are
    written in order: the same bytes.  ``sample``: the JSON says ``"sample": true`` (as
    :func:`evaluation_to_dict`; CSV has no place for it).
    """
    evaluation = streamed.evaluation
    if jobs == 1:
        if fmt == "json":
            yield from iter_json(evaluation, lang, streamed.decisions(), sample=sample)
        else:
            yield from iter_csv(evaluation, lang, streamed.decisions())
        return
    if fmt == "json":
        yield _json_head(evaluation, sample)
        yield from streamed.rendered(functools.partial(json_chunk, evaluation, lang),
                                     jobs=jobs)
        yield _json_tail(evaluation, len(streamed) == 0)
    else:
        yield next(iter_csv(evaluation, lang, ()))
        yield from streamed.rendered(functools.partial(csv_chunk, evaluation, lang),
                                     jobs=jobs)


def sample_title(lang: Lang = "id") -> str:
    """The words that open every output on the shipped sample data (contract §5)."""
    return wording_text("sample.title", lang, mark=wording_text("sample.mark", lang))


def to_table(evaluation: Evaluation, lang: Lang = "id", width: int | None = None, *,
             sample: bool = False) -> str:
    """The decisions as a text table for the evaluation meeting, then the vacancies;
    ``sample``: the title says it is the shipped sample data (CONTOH / SAMPLE)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    words = wording_words("table", lang)
    policy = evaluation.policy
    title = f"{words['title']} — {policy.id} {policy.year}"
    if sample:
        title = f"{sample_title(lang)}\n{title}"
    # the title is a line of its own, not the table's title: rich wraps a title to the
    # table's width, so a narrow table (few rows, or none) would split it over two lines
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for n, head in enumerate(wording_words("table_head", lang).values()):
        table.add_column(head, justify="right" if n == 4 else "left", no_wrap=True)
    for d in evaluation.decisions:
        outcome = outcome_label(d.outcome, lang)
        if d.placement == "no-open-seat":
            outcome += f" ({words['no_seat']})"
        # as plain text (never rich markup), control characters visible before the
        # columns are measured
        table.add_row(*(Text(visible(cell)) for cell in (
            d.consultant, d.name, d.unit, d.field, number_text(d.score, lang), outcome,
            d.to_field or "-", d.rule)))
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 200, force_terminal=False, no_color=True,
                      highlight=False, legacy_windows=False, emoji=False)
    buffer.write(title + "\n")
    console.print(table)
    counts = evaluation.counts()
    console.print(f"{words['counts']}: " + ", ".join(
        f"{outcome_label(k, lang)} {counts[k]}" for k in OUTCOME_ORDER))
    console.print(f"{words['vacancies']}:", end="")
    if not evaluation.vacancies:
        console.print(f" {words['none']}")
    else:
        console.print()
        for v in evaluation.vacancies:
            console.print(f"  {v.unit} / {v.field}: {v.open}")
    console.print(f"policy sha256: {policy.sha256}")
    console.print(f"input sha256:  {evaluation.input_sha256}")
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
