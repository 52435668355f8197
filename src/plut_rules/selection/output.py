"""Writing a selection out: the contract's JSON (``selection-v1.md`` §5) and CSV.

Deterministic: the same selection gives the same bytes.  Numbers are JSON numbers
written as in policy-v1 §6: ``total``, ``needed_total`` and ``gap`` to 2 decimals,
``contribution`` to 4, scores, weights and minimums as written.  The JSON is described
by ``docs/selection.schema.json``.
"""

from __future__ import annotations

import csv
import io
import json
from fractions import Fraction
from typing import Any

from plut_rules import wording
from plut_rules.exact import decimal_text
from plut_rules.selection.explain import Lang, outcome_label, summary
from plut_rules.selection.model import OUTCOMES, CandidateResult, Selection
from plut_rules.values import json_number, number_text

__all__ = ["CSV_COLUMNS", "csv_rows", "selection_to_dict", "to_csv", "to_json", "to_table"]

CSV_COLUMNS = ("candidate", "name", "unit", "field", "outcome", "rank", "total", "reasons",
               "summary")

# A spreadsheet runs a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _value(value: Any) -> Any:
    if isinstance(value, Fraction):
        return json_number(value)
    return value


def _candidate_dict(r: CandidateResult, selection: Selection, lang: Lang) -> dict[str, Any]:
    c = r.candidate
    short = None
    if r.short_by is not None:
        short = {"needed_total": json_number(r.short_by.needed_total, 2),
                 "gap": json_number(r.short_by.gap, 2),
                 "tie_break": r.short_by.tie_break}
    return {
        "candidate": c.id,
        "name": c.name,
        "unit": c.unit,
        "field": c.field,
        "outcome": r.outcome,
        "rank": r.rank,
        "total": None if r.total is None else json_number(r.total, 2),
        "requirements": [{"id": q.id, "passed": q.passed,
                          "values": {k: _value(v) for k, v in q.values.items()}}
                         for q in r.requirements],
        "components": [{"id": p.id, "score": json_number(p.score),
                        "weight": json_number(p.weight),
                        "contribution": json_number(p.contribution, 4),
                        "minimum": None if p.minimum is None else json_number(p.minimum),
                        "passed": p.passed} for p in r.components],
        "reasons": list(r.reasons),
        "summary": summary(r, selection, lang),
        "short_by": short,
    }


def selection_to_dict(selection: Selection, lang: Lang = "id") -> dict[str, Any]:
    """The selection in the contract's JSON shape (§5), as plain data."""
    policy = selection.policy
    return {
        "policy": {
            "id": policy.id,
            "year": policy.year,
            "sha256": policy.sha256,
            "files": [{"path": f.path, "sha256": f.sha256} for f in policy.files],
        },
        "engine": {"name": selection.engine_name, "version": selection.engine_version},
        "candidates_sha256": selection.candidates_sha256,
        "basis": None if selection.basis is None else selection.basis.document(),
        "candidates": [_candidate_dict(r, selection, lang) for r in selection.candidates],
        "unfilled": [{"unit": v.unit, "field": v.field, "open": v.open}
                     for v in selection.unfilled],
    }


def to_json(selection: Selection, lang: Lang = "id") -> str:
    """The JSON output as text (UTF-8, 2-space indent, final newline)."""
    return json.dumps(selection_to_dict(selection, lang), ensure_ascii=False, indent=2) + "\n"


def _cell(text: str) -> str:
    """Text a spreadsheet shows as written, never runs as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_rows(selection: Selection, lang: Lang = "id") -> list[list[str]]:
    """The header and one row per candidate (sorted by id), as text cells."""
    rows = [list(CSV_COLUMNS)]
    for r in selection.candidates:
        c = r.candidate
        rows.append([_cell(c.id), _cell(c.name), c.unit, c.field, r.outcome,
                     "" if r.rank is None else str(r.rank),
                     "" if r.total is None else decimal_text(r.total, 2),
                     " ".join(r.reasons), _cell(summary(r, selection, lang))])
    return rows


def to_csv(selection: Selection, lang: Lang = "id") -> str:
    """The CSV output (comma-separated, ``\\n`` line ends as in the evaluation's CSV)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows(csv_rows(selection, lang))
    return out.getvalue()


_HEAD = {
    "id": ("ID", "Nama", "Unit", "Bidang", "Peringkat", "Nilai", "Hasil", "Alasan"),
    "en": ("ID", "Name", "Unit", "Field", "Rank", "Total", "Outcome", "Reasons"),
}


def to_table(selection: Selection, lang: Lang = "id", width: int | None = None) -> str:
    """The candidates as a text table for the selection meeting, grouped by (unit, field)
    in rank order, then the counts and the seats left unfilled."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    words = wording.words("selection_table", lang)
    policy = selection.policy
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for n, head in enumerate(_HEAD[lang]):
        table.add_column(head, justify="right" if n in (4, 5) else "left", no_wrap=n != 7)
    order = sorted(selection.candidates, key=lambda r: (
        r.candidate.unit, r.candidate.field, r.rank is None, r.rank or 0, r.candidate.id))
    for r in order:
        c = r.candidate
        table.add_row(c.id, c.name, c.unit, c.field, "-" if r.rank is None else str(r.rank),
                      "-" if r.total is None else number_text(r.total, lang, places=2),
                      outcome_label(r.outcome, lang), " ".join(r.reasons) or "-")
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or 200, force_terminal=False, no_color=True,
                      highlight=False, legacy_windows=False, emoji=False)
    buffer.write(f"{words['title']} — {policy.id} {policy.year}\n")
    console.print(table)
    counts = selection.counts()
    console.print(f"{words['counts']}: " + ", ".join(
        f"{outcome_label(k, lang)} {counts[k]}" for k in OUTCOMES))
    console.print(f"{words['unfilled']}:", end="")
    if not selection.unfilled:
        console.print(f" {words['none']}")
    else:
        console.print()
        for v in selection.unfilled:
            console.print(f"  {v.unit} / {v.field}: {v.open}")
    basis = selection.basis
    if basis is not None:
        if basis.log is not None:
            console.print(f"{words['basis']}: {words[basis.kind]} ({words['record']} "
                          f"{basis.seq}, {basis.log}, sha256 {basis.sha256})")
        else:
            console.print(f"{words['basis']}: {words[basis.kind]} (input sha256 "
                          f"{basis.input_sha256})")
    console.print(f"policy sha256:     {policy.sha256}")
    console.print(f"candidates sha256: {selection.candidates_sha256}")
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n"
