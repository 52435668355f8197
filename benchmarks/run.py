"""The performance benchmark of issue 8: the engine against hand-written plain Python, in one run.

Usage (from the checkout)::

    .venv/bin/python benchmarks/run.py                       # sizes 1000,10000,100000
    .venv/bin/python benchmarks/run.py --sizes 1000,10000,100000,1000000
    .venv/bin/python benchmarks/run.py --sizes 2000 --quick  # a smoke run

Rosters are generated deterministically from ``--seed`` with the shipped 2018
policy's shape (7 fields, 3-4 indicators each with the common ones, gates,
5 rules, 2 units).  Every (mode, size) runs in a fresh child process, which
builds the roster, times the mode (best of ``--repeat``) and reports the
child's peak RSS (``resource.getrusage``), so memory figures do not mix.

Modes (decisions/s and peak RSS each):

* ``engine+expl``: ``evaluate(explain=True)`` and reading every decision's outcome, score,
  indicators (ratio, contribution, gate) and trace (rule, values, result): explanations
  are built when read, so reading them is timed;
* ``engine``: ``evaluate(explain=False)``;
* ``stream+json``: ``evaluate_stream`` + ``iter_json`` written to /dev/null (what
  ``plut-rules evaluate --format json`` does; the mode for a million consultants);
* ``jobs2+expl``: ``evaluate(explain=True, jobs=2)`` (``--jobs N``: ``jobsN+expl``), the
  explained decisions pickled back from the workers;
* ``jobs2+json``: ``evaluate_stream(jobs=2)`` + ``iter_streamed(..., jobs=2)`` written to
  /dev/null (what ``plut-rules evaluate --format json --jobs 2`` does): the workers
  build and render their chunks' JSON text, the parent writes it in order;
* ``plain+expl``: a hand-written function for the shipped policy, exact (Fraction),
  giving the same decisions plus, as plain dicts, each indicator's target,
  achievement, ratio, contribution and gate and each tried rule's values and result;
* ``plain``: the same, decisions only;
* ``float``: decisions only in floats, redoing a consultant exactly (Fraction)
  when a comparison or the rounding is within 1e-9 of its boundary: the fastest exact
  hand-written form we know (the floor ``engine`` is compared with);
* ``float+expl``: the same with the explanation as plain dicts of floats (each
  indicator's target, achievement, ratio, weight, contribution, gate; each tried rule's
  values and result), the floor ``engine+expl`` is compared with;
* ``float+json``: ``float+expl`` plus ``json.dumps(indent=2)`` of that content, the floor
  of the JSON output modes;
* ``load``: ``load_roster`` of the roster written as CSV (every engine mode evaluates
  what ``load_roster`` returns; loading is not in their time);
* ``durable+expl`` / ``durable``: ``evaluate(..., backend="durable")``;
* ``sweep20``: what ``plut-rules whatif --sweep defaults.thresholds.keep=60:79:1`` does
  (``yearly.whatif.sweep``: the policy as given and 20 values of the keep threshold);
* ``counterfactuals``: ``evaluate(explain=False, counterfactuals=True)``, reading every
  decision's counterfactuals and margins.

The last two are compared with ``engine`` (one ``evaluate(explain=False)``) of the same
run: their ratio column says how many evaluations' time they take (``3.00x``: three).

Every plain form is checked to give exactly the engine's decisions on every
consultant.  Ratios are (plain form's time) / (mode's time): 1.0 means as fast as
hand-written code, 0.5 twice its time.  Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
IN_MEMORY_LIMIT = 200_000  # above this, modes that hold every explained decision are skipped
DURABLE_LIMIT = 100_000


# --------------------------------------------------------------------------- roster


def roster(n: int, seed: int) -> tuple[list[Any], list[Any]]:
    """``n`` consultants over the shipped policy's units and fields, with random results.

    Achievements are tenths up to twice the target; some sit exactly at a gate's minimum
    or at the target, some carry their own target, some competences are at the threshold.
    """
    import random

    from plut_rules import Achievement, Consultant, load_policy
    from plut_rules.shipped import policy_path

    policy = load_policy(policy_path("2018"))
    rng = random.Random(seed)
    people: list[Consultant] = []
    results: list[Achievement] = []
    field_ids = [f.id for f in policy.fields]
    numbers: dict[tuple[int, int], Fraction] = {}  # identical values shared, as a loader could

    def number(num: int, den: int) -> Fraction:
        found = numbers.get((num, den))
        if found is None:
            found = numbers[(num, den)] = Fraction(num, den)
        return found

    for k in range(n):
        field = policy.fields[rng.randrange(len(policy.fields))]
        unit = policy.units[rng.randrange(len(policy.units))]
        cid = f"B-{k:07d}"
        competences = {f: number(rng.choice((0, 40, 60, 75, 80, 95)), 1)
                       for f in field_ids if rng.random() < 0.4}
        people.append(Consultant(cid, f"Nama {k}", unit.id, field.id, rng.randint(2010, 2018),
                                 competences))
        for ind in field.indicators:
            t = int(ind.target)
            roll = rng.random()
            if roll < 0.05 and ind.minimum is not None:
                value = ind.target * ind.minimum
                value = number(value.numerator, value.denominator)
            elif roll < 0.1:
                value = number(t, 1)
            else:
                value = number(rng.randint(0, 20 * t + 10), 10)
            target = number(rng.randint(1, 3) * t, 2) if rng.random() < 0.05 else None
            results.append(Achievement(cid, ind.id, value, target))
    return people, results


# --------------------------------------------------------------------------- plain Python
#
# The shipped 2018 policy written out by hand (checked against the loaded policy below).

F = Fraction
CAP = F(6, 5)
THRESHOLDS = {"keep": F(70), "reassign_floor": F(55), "competence": F(75)}
COMMON = [("kehadiran", F(95), F(1, 10), None), ("ketaatan_pelaporan", F(12), F(1, 10), None)]
FIELDS: dict[str, list[tuple[str, Fraction, Fraction, Fraction | None]]] = {
    "kelembagaan": [("kumkm_legalitas", F(40), F(2, 5), F(1, 2)),
                    ("koperasi_rat", F(20), F(1, 4), None),
                    ("konsultasi_kelembagaan", F(120), F(3, 20), None)],
    "sdm": [("pelatihan", F(12), F(7, 20), F(1, 2)), ("peserta_pelatihan", F(300), F(1, 4), None),
            ("pendampingan_pascapelatihan", F(40), F(1, 5), None)],
    "produksi": [("produk_bersertifikat", F(30), F(2, 5), F(1, 2)),
                 ("perbaikan_kemasan", F(25), F(1, 4), None),
                 ("pendampingan_produksi", F(40), F(3, 20), None)],
    "pembiayaan": [("akses_pembiayaan", F(25), F(2, 5), F(1, 2)),
                   ("proposal_pembiayaan", F(40), F(1, 5), None),
                   ("pembukuan", F(30), F(1, 5), None)],
    "pemasaran": [("umkm_akses_pasar", F(40), F(1, 2), F(2, 5)),
                  ("promosi_pameran", F(20), F(3, 10), None)],
    "pengembangan_it": [("onboarding_marketplace", F(50), F(9, 20), F(1, 2)),
                        ("basis_data_kumkm", F(500), F(1, 5), None),
                        ("promosi_digital", F(48), F(3, 20), None)],
    "jaringan_kerjasama": [("perjanjian_kerja_sama", F(6), F(9, 20), F(3, 10)),
                           ("mitra_baru", F(10), F(1, 5), None),
                           ("kumkm_kemitraan", F(20), F(3, 20), None)],
}
for _ids in FIELDS.values():
    _ids.extend(COMMON)
FIELD_ORDER = list(FIELDS)
FLOAT_FIELDS = {f: [(i, float(t), float(w), None if m is None else float(m)) for i, t, w, m in ids]
                for f, ids in FIELDS.items()}


def _json_of(rows: list[dict[str, Any]]) -> str:
    """The float forms' content as JSON (what a hand-written JSON report would write)."""
    def number(x: Any) -> Any:
        return float(x) if isinstance(x, Fraction) else x

    out = []
    for row in rows:
        out.append({
            "consultant": row["c"].id, "outcome": row["outcome"], "rule": row["rule"],
            "score": number(row["score"]), "to_field": row["to_field"],
            "indicators": [{k: number(v) for k, v in i.items()} for i in row["indicators"]],
            "trace": [{"rule": t["rule"], "result": t["result"],
                       "values": {k: number(v) for k, v in t["values"].items()}}
                      for t in row["trace"]]})
    return json.dumps({"decisions": out}, indent=2, ensure_ascii=False)
KEEP = {f: (F(75) if f == "pemasaran" else F(70)) for f in FIELDS}
FLOAT_KEEP = {f: float(k) for f, k in KEEP.items()}
UNITS = ("pangkalpinang", "tanjung_pandan")


def _round2(x: Fraction) -> Fraction:
    return F((2 * x.numerator * 100 + x.denominator) // (2 * x.denominator), 100)


def _measure(c: Any, given: dict[str, Any], explain: bool) -> tuple[Any, ...]:
    """Score, rule and (with ``explain``) the explanation dicts of one consultant, exactly."""
    total = F(0)
    gates = 0
    ratios = {}
    indicators = []
    for ind, policy_target, weight, minimum in FIELDS[c.field]:
        a = given.get(ind)
        target = a.target if a is not None and a.target is not None else policy_target
        value = a.achievement if a is not None else F(0)
        r = value / target
        fails = minimum is not None and r < minimum
        gates += fails
        contribution = 100 * weight * min(r, CAP)
        total += contribution
        ratios[ind] = r
        if explain:
            indicators.append({"id": ind, "target": target, "achievement": value, "ratio": r,
                               "weight": weight, "contribution": contribution,
                               "gate": "none" if minimum is None else
                               ("fail" if fails else "pass")})
    score = _round2(total)
    keep = KEEP[c.field]
    best = max((v for f, v in c.competences.items() if f != c.field), default=F(0))
    best = max(best, F(0))
    trace: list[dict[str, Any]] = []
    reporting = ratios["ketaatan_pelaporan"]
    checks: list[tuple[str, bool, dict[str, Any]]] = [
        ("gagal-indikator-wajib", gates > 0, {"gates_failed": F(gates)}),
        ("laporan-tidak-tertib", reporting < F(3, 4), {"ratio_ketaatan_pelaporan": reporting}),
        ("capai-target", score >= keep, {"keep": keep, "score": score}),
        ("pindah-bidang",
         score >= THRESHOLDS["reassign_floor"] and best >= THRESHOLDS["competence"],
         {"best_competence": best, "competence": THRESHOLDS["competence"],
          "reassign_floor": THRESHOLDS["reassign_floor"], "score": score}),
        ("lainnya", True, {}),
    ]
    rule = "lainnya"
    for name, holds, values in checks:
        if explain:
            trace.append({"rule": name, "values": values, "result": holds})
        if holds:
            rule = name
            break
    return score, rule, indicators, trace


def _measure_float(c: Any, given: dict[str, Any]) -> tuple[Fraction, str] | None:
    """Decisions in floats; None when anything is within 1e-9 of a boundary."""
    total = 0.0
    gates = 0
    reporting = 0.0
    for ind, target, weight, minimum in FIELDS[c.field]:
        a = given.get(ind)
        t = float(a.target if a is not None and a.target is not None else target)
        r = float(a.achievement) / t if a is not None else 0.0
        if minimum is not None:
            d = r - float(minimum)
            if abs(d) <= 1e-9:
                return None
            gates += d < 0
        total += float(weight) * min(r, 1.2)
        if ind == "ketaatan_pelaporan":
            reporting = r
    x = total * 10_000.0
    k = int(x + 0.5)
    if not 1e-9 * (x + 1) < x + 0.5 - k < 1 - 1e-9 * (x + 1) or abs(reporting - 0.75) <= 1e-9:
        return None
    score = F(k, 100)
    if gates:
        return score, "gagal-indikator-wajib"
    if reporting < 0.75:
        return score, "laporan-tidak-tertib"
    if score >= KEEP[c.field]:
        return score, "capai-target"
    best = max((v for f, v in c.competences.items() if f != c.field), default=F(0))
    if score >= 55 and best >= 75:
        return score, "pindah-bidang"
    return score, "lainnya"


def _measure_float_explained(c: Any, given: dict[str, Any]
                             ) -> tuple[Fraction, str, list[Any], list[Any]] | None:
    """Decisions and explanations (plain dicts of floats) in floats; None when anything is
    within 1e-9 of a boundary (the caller redoes the consultant exactly)."""
    total = 0.0
    gates = 0
    reporting = 0.0
    indicators = []
    for ind, target, weight, minimum in FLOAT_FIELDS[c.field]:
        a = given.get(ind)
        if a is not None:
            value = a.achievement.numerator / a.achievement.denominator
            own = a.target
            t = target if own is None else own.numerator / own.denominator
        else:
            value, t = 0.0, target
        r = value / t
        gate = "none"
        if minimum is not None:
            d = r - minimum
            if abs(d) <= 1e-9:
                return None
            if d < 0:
                gates += 1
                gate = "fail"
            else:
                gate = "pass"
        contribution = 100.0 * weight * min(r, 1.2)
        total += contribution
        if ind == "ketaatan_pelaporan":
            reporting = r
        indicators.append({"id": ind, "target": t, "achievement": value, "ratio": r,
                           "weight": weight, "contribution": contribution, "gate": gate})
    x = total * 100.0
    k = int(x + 0.5)
    if not 1e-9 * (x + 1) < x + 0.5 - k < 1 - 1e-9 * (x + 1) or abs(reporting - 0.75) <= 1e-9:
        return None
    score = k / 100
    keep = FLOAT_KEEP[c.field]
    best = max((v for f, v in c.competences.items() if f != c.field), default=F(0))
    best_f = best.numerator / best.denominator
    checks = (
        ("gagal-indikator-wajib", gates > 0, {"gates_failed": gates}),
        ("laporan-tidak-tertib", reporting < 0.75, {"ratio_ketaatan_pelaporan": reporting}),
        ("capai-target", score >= keep, {"keep": keep, "score": score}),
        ("pindah-bidang", score >= 55 and best_f >= 75,
         {"best_competence": best_f, "competence": 75, "reassign_floor": 55, "score": score}),
        ("lainnya", True, {}),
    )
    trace = []
    rule = "lainnya"
    for name, holds, values in checks:
        trace.append({"rule": name, "values": values, "result": holds})
        if holds:
            rule = name
            break
    return F(k, 100), rule, indicators, trace


def plain(consultants: list[Any], achievements: list[Any], explain: bool,
          floats: bool = False) -> list[dict[str, Any]]:
    """The shipped policy's decisions (and explanations), by hand: no engine at all."""
    given: dict[str, dict[str, Any]] = {}
    for a in achievements:
        given.setdefault(a.consultant, {})[a.indicator] = a
    rows = []
    then = {"gagal-indikator-wajib": "replace", "laporan-tidak-tertib": "replace",
            "capai-target": "keep", "pindah-bidang": "reassign", "lainnya": "replace"}
    for c in sorted(consultants, key=lambda c: c.id):
        g = given.get(c.id, {})
        indicators: list[Any] = []
        trace: list[Any] = []
        found: Any = None
        if floats and explain:
            found = _measure_float_explained(c, g)
            if found is not None:
                score, rule, indicators, trace = found
        elif floats:
            found = _measure_float(c, g)
            if found is not None:
                score, rule = found
        if found is None:
            score, rule, indicators, trace = _measure(c, g, explain)
        rows.append({"c": c, "score": score, "rule": rule, "outcome": then[rule],
                     "to_field": None, "indicators": indicators, "trace": trace})
    # placement: keeps fill seats; candidates by score desc, id asc take the best open seat
    open_seats = {(u, f): 1 for u in UNITS for f in FIELD_ORDER}
    for row in rows:
        if row["outcome"] == "keep":
            key = (row["c"].unit, row["c"].field)
            open_seats[key] = max(0, open_seats[key] - 1)
    candidates = sorted((r for r in rows if r["outcome"] == "reassign"),
                        key=lambda r: (-r["score"], r["c"].id))
    for row in candidates:
        c = row["c"]
        best = None
        for f in FIELD_ORDER:
            if f == c.field or open_seats[(c.unit, f)] <= 0:
                continue
            level = c.competences.get(f, F(0))
            if level >= THRESHOLDS["competence"] and (best is None or level > best[0]):
                best = (level, f)
        if best is None:
            row["outcome"] = "replace"
        else:
            open_seats[(c.unit, best[1])] -= 1
            row["to_field"] = best[1]
    return rows


def _check_plain(policy: Any) -> None:
    """The hand-written constants are the shipped policy's."""
    assert [f.id for f in policy.fields] == FIELD_ORDER
    for f in policy.fields:
        assert [(i.id, i.target, i.weight, i.minimum) for i in f.indicators] == FIELDS[f.id]
        assert f.cap == CAP and f.thresholds["keep"] == KEEP[f.id]
    assert [r.id for r in policy.rules] == ["gagal-indikator-wajib", "laporan-tidak-tertib",
                                            "capai-target", "pindah-bidang", "lainnya"]


# --------------------------------------------------------------------------- child


def _write_roster(people: list[Any], results: list[Any], folder: str) -> tuple[str, str]:
    """The generated roster as the two CSV files ``plut-rules evaluate`` reads."""
    import csv

    field_ids = FIELD_ORDER
    consultants = os.path.join(folder, "consultants.csv")
    achievements = os.path.join(folder, "achievements.csv")

    def text(x: Fraction) -> str:
        from plut_rules.exact import decimal_text

        return decimal_text(x)

    with open(consultants, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["id", "name", "unit", "field", "appointed",
                    *(f"competence_{f}" for f in field_ids)])
        for c in people:
            w.writerow([c.id, c.name, c.unit, c.field, c.appointed,
                        *(text(c.competences[f]) if f in c.competences else ""
                          for f in field_ids)])
    with open(achievements, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["consultant", "indicator", "achievement", "target"])
        for a in results:
            w.writerow([a.consultant, a.indicator, text(a.achievement),
                        "" if a.target is None else text(a.target)])
    return consultants, achievements


def read_everything(evaluation: Any) -> int:
    """Read what "with explanations" promises, as Python objects: every decision's outcome
    and score, each indicator's ratio, contribution and gate, each trace step's rule,
    values and result (explanations built when read are built here)."""
    seen = 0
    for d in evaluation.decisions:
        seen += d.outcome is not None and d.score is not None
        for i in d.indicators:
            seen += i.ratio is not None and i.contribution is not None and i.gate is not None
        for step in d.trace:
            seen += step.result + len(step.values) + (step.rule is not None)
    return seen


def _child(mode: str, n: int, seed: int, repeat: int) -> dict[str, Any]:
    import tempfile

    from plut_rules import evaluate, evaluate_stream, iter_json, iter_streamed, load_policy
    from plut_rules.readers import load_roster
    from plut_rules.shipped import policy_path

    policy = load_policy(policy_path("2018"), display="policies/2018.yaml")
    generated = roster(n, seed)
    with tempfile.TemporaryDirectory() as folder:
        files = _write_roster(*generated, folder)
        del generated
        start = time.perf_counter()
        loaded = load_roster(*files)
        load_seconds = time.perf_counter() - start
    if mode.startswith(("plain", "float")):
        # hand-written code reads objects: built from the roster before the clock starts
        people: Any = list(loaded.consultants)
        results: Any = list(loaded.achievements)
    else:  # the engine reads what load_roster returned: the roster's columns
        people, results = loaded.consultants, loaded.achievements
    del loaded
    run: Callable[[], Any]
    if mode == "roster":
        run = lambda: None  # noqa: E731
    elif mode == "load":
        return {"seconds": load_seconds,
                "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "worker_mib": 0.0}
    elif mode in ("engine+expl", "engine", "durable+expl", "durable") or (
            mode.startswith("jobs") and mode.endswith("+expl")):
        kwargs: dict[str, Any] = {"explain": mode.endswith("+expl")}
        if mode.startswith("durable"):
            kwargs["backend"] = "durable"
        if mode.startswith("jobs"):
            kwargs["jobs"] = _jobs_of(mode)
        if kwargs["explain"]:
            def run() -> Any:
                evaluation = evaluate(policy, people, results, **kwargs)
                read_everything(evaluation)
                return evaluation
        else:
            def run() -> Any:
                evaluation = evaluate(policy, people, results, **kwargs)
                for d in evaluation.decisions:
                    _ = (d.outcome, d.score)
                return evaluation
    elif mode == "sweep20":
        from plut_rules.yearly.whatif import EditablePolicy, sweep

        source, _ = EditablePolicy.read(policy_path("2018"), display="policies/2018.yaml")
        assert source is not None

        def run() -> Any:
            points, problems = sweep(source, [], "defaults.thresholds.keep=60:79:1", people,
                                     results)
            assert len(points) == 21 and not problems
            return points
    elif mode == "counterfactuals":
        def run() -> Any:
            evaluation = evaluate(policy, people, results, explain=False, counterfactuals=True)
            for d in evaluation.decisions:
                for c in d.counterfactuals or ():
                    _ = (c.indicator, c.needed)
                for m in d.margins or ():
                    _ = (m.rule, m.margin)
            return evaluation
    elif mode.startswith("jobs") and mode.endswith("+json"):
        jobs = _jobs_of(mode)

        def run() -> None:
            streamed = evaluate_stream(policy, people, results, jobs=jobs)
            with open(os.devnull, "w", encoding="utf-8") as sink:
                for chunk in iter_streamed(streamed, "json", "id", jobs=jobs):
                    sink.write(chunk)
    elif mode == "stream+json":
        def run() -> None:
            streamed = evaluate_stream(policy, people, results)
            with open(os.devnull, "w", encoding="utf-8") as sink:
                for chunk in iter_json(streamed.evaluation, "id", streamed.decisions()):
                    sink.write(chunk)
    elif mode in ("plain+expl", "plain", "float", "float+expl"):
        _check_plain(policy)
        run = lambda: plain(people, results, mode.endswith("+expl"),  # noqa: E731
                            mode.startswith("float"))
    elif mode == "float+json":
        _check_plain(policy)

        def run() -> None:
            text = _json_of(plain(people, results, True, True))
            with open(os.devnull, "w", encoding="utf-8") as sink:
                sink.write(text)
    else:
        raise SystemExit(f"unknown mode {mode}")
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        out = run()
        best = min(best, time.perf_counter() - start)
        if mode.startswith(("plain", "float")) and out is not None:
            # the same decisions as the engine, consultant by consultant
            engine = evaluate(policy, people, results, explain=False)
            assert len(engine.decisions) == len(out)
            for d, row in zip(engine.decisions, out, strict=True):
                assert (d.consultant, d.score, d.rule, d.outcome, d.to_field) == (
                    row["c"].id, row["score"], row["rule"], row["outcome"], row["to_field"]), d
        del out
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # the largest worker process (jobs modes), not included in peak_mib
    worker_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": best, "peak_mib": peak_kib / 1024, "worker_mib": worker_kib / 1024}


def _jobs_of(mode: str) -> int:
    """N of a ``jobsN+...`` mode."""
    return int(mode[len("jobs"):mode.index("+")])


def _counterfactual_cost(n: int, seed: int) -> dict[str, Any]:
    from plut_rules import evaluate, load_policy
    from plut_rules.engine import decision_counterfactuals
    from plut_rules.shipped import policy_path

    policy = load_policy(policy_path("2018"))
    people, results = roster(n, seed)
    start = time.perf_counter()
    ev = evaluate(policy, people, results, explain=True)
    per_eval = (time.perf_counter() - start) / n
    by_id = {c.id: c for c in people}
    given: dict[str, dict[str, Any]] = {}
    for a in results:
        given.setdefault(a.consultant, {})[a.indicator] = a
    targets = [d for d in ev.decisions if d.outcome != "keep"][:300]
    start = time.perf_counter()
    for d in targets:
        decision_counterfactuals(policy, by_id[d.consultant], given[d.consultant])
    per_cf = (time.perf_counter() - start) / len(targets)
    return {"per_eval": per_eval, "per_cf": per_cf, "count": len(targets)}


# --------------------------------------------------------------------------- parent


def _spawn(args: list[str]) -> dict[str, Any] | None:
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=False)
    if proc.returncode != 0:
        print(f"  ! {' '.join(args)} failed: {proc.stderr.strip().splitlines()[-1:]}",
              file=sys.stderr)
        return None
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _startup(argv: list[str], runs: int = 7) -> float:
    exe = os.path.join(os.path.dirname(sys.executable), "plut-rules")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([exe, *argv], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


#: mode -> the mode whose time it is counted in ("x one evaluation")
COSTS = {"sweep20": "engine", "counterfactuals": "engine"}
PAIRS = {  # mode -> the hand-written float form it is compared with
    "engine+expl": "float+expl", "stream+json": "float+json",
    "durable+expl": "float+expl", "engine": "float", "durable": "float",
}


def _pair(mode: str) -> str:
    if mode.startswith("jobs"):
        return "float+json" if mode.endswith("+json") else "float+expl"
    return PAIRS.get(mode, "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--repeat", type=int, default=0,
                        help="timed runs per mode, best kept (default: 3 up to 10,000, then 1)")
    parser.add_argument("--quick", action="store_true", help="fewer modes, for a smoke run")
    parser.add_argument("--modes", help="comma-separated modes to run (default: all)")
    parser.add_argument("--jobs", type=int, default=2, metavar="N",
                        help="processes of the jobsN+expl and jobsN+json modes (default 2)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "N"), help=argparse.SUPPRESS)
    parser.add_argument("--cf", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child[0], int(args.child[1]), args.seed,
                                max(args.repeat, 1))))
        return
    if args.cf:
        print(json.dumps(_counterfactual_cost(args.cf, args.seed)))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    jobs_expl, jobs_json = f"jobs{args.jobs}+expl", f"jobs{args.jobs}+json"
    modes = ["float+expl", "float", "float+json", "plain+expl", "plain", "load", "engine+expl",
             "engine", "stream+json", jobs_json, jobs_expl, "durable+expl", "durable", "sweep20",
             "counterfactuals", "roster"]
    if args.quick:
        modes = ["float+expl", "float", "float+json", "load", "engine+expl", "engine",
                 "stream+json", "roster"]
    if args.modes:
        modes = args.modes.split(",")
    print(f"plut_rules benchmark: shipped 2018 policy, seed {args.seed}, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}")
    print("ratio = plain form's time / this mode's time (>= 1: faster than hand-written)\n")
    header = f"{'mode':14}{'n':>10}{'decisions/s':>14}{'peak MiB':>10}{'vs':>12}{'ratio':>8}"
    print(header)
    print("-" * len(header))
    seconds: dict[tuple[str, int], float] = {}
    for n in sizes:
        repeat = args.repeat or (3 if n <= 10_000 else 1)
        for mode in modes:
            if n > IN_MEMORY_LIMIT and mode in ("engine+expl", "plain+expl", jobs_expl,
                                                "durable+expl", "float+expl", "float+json"):
                continue
            if n > DURABLE_LIMIT and mode.startswith("durable"):
                continue
            result = _spawn(["--child", mode, str(n), "--seed", str(args.seed),
                             "--repeat", str(repeat)])
            if result is None:
                continue
            seconds[(mode, n)] = result["seconds"]
            rate = "" if mode == "roster" else f"{n / result['seconds']:14,.0f}"
            vs = _pair(mode)
            ratio = ""
            if mode in COSTS:
                vs = COSTS[mode]
                if (vs, n) in seconds:
                    ratio = f"{result['seconds'] / seconds[(vs, n)]:7.2f}x"
            elif (vs, n) in seconds:
                ratio = f"{seconds[(vs, n)] / result['seconds']:8.2f}"
            elif vs and n > IN_MEMORY_LIMIT and ("float", n) in seconds:
                vs, ratio = "(float)", f"{seconds[('float', n)] / result['seconds']:8.2f}"
            workers = ""
            if mode.startswith("jobs"):
                workers = f"  (+ workers, largest {result['worker_mib']:,.0f} MiB)"
            print(f"{mode:14}{n:>10,}{rate:>14}{result['peak_mib']:>10,.0f}{vs:>12}{ratio:>8}"
                  f"{workers}", flush=True)
        print()
    print("scaling (time ratio between consecutive sizes; linear = size ratio):")
    for mode in modes:
        steps = []
        for a, b in itertools.pairwise(sizes):
            if (mode, a) in seconds and (mode, b) in seconds and mode != "roster":
                steps.append(f"{a:,}->{b:,}: {seconds[(mode, b)] / seconds[(mode, a)]:.1f}x "
                             f"(size {b / a:.0f}x)")
        if steps:
            print(f"  {mode:14}" + "; ".join(steps))
    cf = _spawn(["--cf", "1000", "--seed", str(args.seed)])
    if cf is not None:
        print(f"\ncounterfactual: {cf['per_cf'] * 1e3:.2f} ms per consultant "
              f"({cf['count']} non-keep decisions) vs {cf['per_eval'] * 1e3:.3f} ms per "
              f"consultant of evaluate(explain=True) at n=1,000: "
              f"{cf['per_cf'] / cf['per_eval']:.1f}x one evaluation")
    policy_file = os.path.join(HERE, "..", "src", "plut_rules", "data", "policies", "2018.yaml")
    print(f"start-up: plut-rules --help {_startup(['--help']):.3f} s; "
          f"plut-rules validate (shipped 2018) {_startup(['validate', policy_file]):.3f} s "
          "(best of 7)")


if __name__ == "__main__":
    main()
