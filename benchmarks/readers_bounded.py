"""Readers bounded by what is there (issue 14, item 3): time and peak memory of reading
hostile data files.

Usage (from the checkout)::

    .venv/bin/python benchmarks/readers_bounded.py                 # every case
    .venv/bin/python benchmarks/readers_bounded.py --rows 200000   # a smaller CSV
    PYTHONPATH=/path/to/other/src .venv/bin/python benchmarks/readers_bounded.py  # compare

Cases, each read in a fresh process by ``plut_rules.readers.read_achievements`` (the
files are written to a temporary folder first):

- ``csv-1M-bad-last``: an achievements CSV of ``--rows`` rows whose last row is bad;
- ``xlsx-stray-A1048576`` / ``xlsx-stray-XFD1048576``: the shipped sample achievements
  as a workbook with one stray cell in the last row (and column) of a sheet.

Printed per case: the wall-clock time, the peak resident memory of the reading process
(``ru_maxrss``) and the problems found.  A case is stopped after ``--timeout`` seconds.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_CHILD = """
import json, resource, sys
from plut_rules.readers import read_achievements
rows, problems = read_achievements(sys.argv[1])
print(json.dumps({"rows": len(rows), "problems": [str(p)[:160] for p in problems[:3]],
                  "count": len(problems),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""


def _csv(folder: Path, rows: int) -> Path:
    path = folder / "achievements.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("consultant,indicator,achievement,target\n")
        for n in range(rows - 1):
            handle.write(f"K{n:07d},indikator_{n % 7},{n % 100}.5,\n")
        handle.write("K9999999,indikator_0,banyak,\n")
    return path


def _xlsx(folder: Path, cell: str) -> Path:
    import openpyxl

    from plut_rules import shipped_sample_paths

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "achievements"
    with open(shipped_sample_paths()[1], encoding="utf-8", newline="") as handle:
        for n, row in enumerate(csv.reader(handle)):
            sheet.append(row if n == 0 else [row[0], row[1], float(row[2]),
                                             float(row[3]) if row[3] else None])
    sheet[cell] = "x"
    path = folder / f"stray-{cell}.xlsx"
    book.save(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [(f"csv-{args.rows:,}-rows-bad-last", _csv(folder, args.rows)),
                 ("xlsx-stray-A1048576", _xlsx(folder, "A1048576")),
                 ("xlsx-stray-XFD1048576", _xlsx(folder, "XFD1048576"))]
        for name, path in cases:
            start = time.perf_counter()
            try:
                done = subprocess.run([sys.executable, "-c", _CHILD, str(path)],
                                      capture_output=True, text=True, timeout=args.timeout,
                                      check=False)
            except subprocess.TimeoutExpired:
                print(f"{name}: stopped after {args.timeout:.0f} s "
                      f"({path.stat().st_size:,} bytes)")
                continue
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                print(f"{name}: failed ({done.stderr.strip().splitlines()[-1:]})")
                continue
            result = json.loads(done.stdout)
            print(f"{name}: {elapsed:.1f} s, peak {result['peak_mb']} MB, "
                  f"{path.stat().st_size:,} bytes, {result['rows']} rows, "
                  f"{result['count']} problem(s): {result['problems']}")


if __name__ == "__main__":
    main()
