"""Memory of issue 13 (target 3): the CLI's peak streaming JSON, and the explained result's size.

Usage (from the checkout)::

    .venv/bin/python benchmarks/memory.py                          # 100,000 and 1,000,000
    .venv/bin/python benchmarks/memory.py --sizes 100000 --folder /tmp/rosters
    .venv/bin/python benchmarks/memory.py --phases --sizes 1000000 --folder /tmp/rosters

Rosters are generated once per size (``benchmarks/run.py``'s generator, seed 2018) and
written as the two CSV files under ``--folder`` (kept between runs: generating a million
consultants takes minutes); generation runs in its own process and is not measured.
Then, each in a fresh process:

* ``cli json``: ``plut-rules evaluate --format json --no-counterfactuals --output -``
  (standard output sent to /dev/null) on those files; the CLI refuses a data file over
  50 MB (issue 14), so for larger files (a million consultants) it is the CLI's
  ``main()`` with that limit raised to the file's size, in a fresh process: the peak
  RSS of that process (``os.wait4``), the whole command (reading the files, evaluating,
  writing a million decisions);
* ``explained``: ``load_roster`` then ``evaluate(explain=True)`` with every explanation
  read (``run.read_everything``): the growth of the process's resident memory from after
  loading to after reading, per consultant (the explained result's size above its input),
  and the peak RSS of that process.

With ``--phases``, each size instead runs the CLI's steps one by one in a fresh process
(the file limit raised as above): the resident memory and the peak so far after the
roster is loaded, after it is decided (``evaluate_stream``), and after every decision is
written as JSON (to /dev/null), to show which step holds the peak.

Targets (issue 13): the explained result at most 2 KB per consultant at 100,000; a
million consultants streamed to JSON under 1 GB peak; the cost from 100,000 to 1,000,000
at most 11x.  Nothing here asserts them: the figures are printed.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import subprocess
import sys
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))


def _files(folder: str, n: int) -> tuple[str, str]:
    """The two CSV files of the roster of ``n`` (generated in a child process when absent)."""
    where = os.path.join(folder, f"roster-{n}")
    consultants = os.path.join(where, "consultants.csv")
    achievements = os.path.join(where, "achievements.csv")
    if not os.path.exists(achievements):
        os.makedirs(where, exist_ok=True)
        subprocess.run([sys.executable, __file__, "--generate", str(n), where], check=True)
    return consultants, achievements


def _generate(n: int, where: str) -> None:
    sys.path.insert(0, HERE)
    import run

    people, results = run.roster(n, 2018)
    run._write_roster(people, results, where)


def _resident_mib() -> float:
    """This process's resident memory now (Linux ``/proc/self/statm``)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _explained(consultants: str, achievements: str) -> dict[str, Any]:
    import resource

    sys.path.insert(0, HERE)
    import run

    from plut_rules import evaluate, load_policy
    from plut_rules.readers import load_roster
    from plut_rules.shipped import policy_path

    policy = load_policy(policy_path("2018"))
    roster = load_roster(consultants, achievements)
    gc.collect()
    before = _resident_mib()
    start = time.perf_counter()
    evaluation = evaluate(policy, roster.consultants, roster.achievements, explain=True)
    run.read_everything(evaluation)
    seconds = time.perf_counter() - start
    gc.collect()
    after = _resident_mib()
    n = len(evaluation.decisions)
    return {"n": n, "seconds": seconds, "growth_mib": after - before,
            "per_consultant_bytes": (after - before) * 2**20 / n,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _cli_json(consultants: str, achievements: str) -> dict[str, Any]:
    """The peak RSS and time of the CLI's JSON run in a fresh process (``os.wait4``)."""
    largest = max(os.path.getsize(consultants), os.path.getsize(achievements))
    argv = ["evaluate", "--consultants", consultants, "--achievements", achievements,
            "--format", "json", "--no-counterfactuals", "--output", "-"]
    from plut_rules.readers import MAX_FILE_BYTES

    if largest <= MAX_FILE_BYTES:
        command = [os.path.join(os.path.dirname(sys.executable), "plut-rules"), *argv]
    else:  # the CLI refuses a file over 50 MB (issue 14): its main() with the limit raised
        command = [sys.executable, __file__, "--cli", str(largest), *argv]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"plut-rules evaluate failed ({status}): {stderr[-500:]}")
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024,
            "raised": largest > MAX_FILE_BYTES}


def _phases(consultants: str, achievements: str) -> list[tuple[str, float, float]]:
    """The CLI's steps one by one (the file limit raised to the files' size): the resident
    memory and the peak so far (MiB) after loading, deciding and writing."""
    import resource

    from plut_rules import evaluate_stream, iter_json, load_policy
    from plut_rules.readers import files, formats, load_roster
    from plut_rules.shipped import policy_path

    files.MAX_FILE_BYTES = formats.MAX_FILE_BYTES = max(
        files.MAX_FILE_BYTES, os.path.getsize(consultants), os.path.getsize(achievements))
    out: list[tuple[str, float, float]] = []

    def step(name: str) -> None:
        gc.collect()
        out.append((name, _resident_mib(),
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))

    policy = load_policy(policy_path("2018"))
    step("started")
    roster = load_roster(consultants, achievements)
    step("roster loaded")
    streamed = evaluate_stream(policy, roster.consultants, roster.achievements)
    step("decided")
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for chunk in iter_json(streamed.evaluation, "id", streamed.decisions()):
            sink.write(chunk)
    step("written")
    return out


def _cli_raised(largest: int, argv: list[str]) -> int:
    """``plut-rules ARGV`` in this process, with the 50 MB file limit raised to ``largest``."""
    from plut_rules.cli import main as cli_main
    from plut_rules.readers import files, formats

    files.MAX_FILE_BYTES = formats.MAX_FILE_BYTES = largest
    return cli_main(argv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--folder", default=os.path.join(HERE, ".rosters"),
                        help="where the generated CSV rosters are kept")
    parser.add_argument("--explained-limit", type=int, default=200_000,
                        help="largest size whose whole explained result is measured")
    parser.add_argument("--phases", action="store_true",
                        help="resident and peak memory after each step of the CLI's run")
    parser.add_argument("--generate", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--phases-child", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    if sys.argv[1:2] == ["--cli"]:
        raise SystemExit(_cli_raised(int(sys.argv[2]), sys.argv[3:]))
    args = parser.parse_args()
    if args.generate:
        _generate(int(args.generate[0]), args.generate[1])
        return
    if args.child:
        print(json.dumps(_explained(*args.child)))
        return
    if args.phases_child:
        print(json.dumps(_phases(*args.phases_child)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.phases:
        for n in sizes:
            proc = subprocess.run([sys.executable, __file__, "--phases-child",
                                   *_files(args.folder, n)],
                                  capture_output=True, text=True, check=True)
            for name, resident, peak in json.loads(proc.stdout.strip().splitlines()[-1]):
                print(f"phases {n:>10,}  {name:<14}  resident {resident:8,.0f} MiB  "
                      f"peak so far {peak:8,.0f} MiB", flush=True)
        return
    cli: dict[int, dict[str, Any]] = {}
    for n in sizes:
        files = _files(args.folder, n)
        cli[n] = _cli_json(*files)
        raised = "  (50 MB file limit raised)" if cli[n]["raised"] else ""
        print(f"cli json   {n:>10,}  {cli[n]['seconds']:8.1f} s  peak {cli[n]['peak_mib']:8,.0f} "
              f"MiB{raised}", flush=True)
        if n <= args.explained_limit:
            proc = subprocess.run([sys.executable, __file__, "--child", *files],
                                  capture_output=True, text=True, check=True)
            found = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"explained  {n:>10,}  {found['seconds']:8.1f} s  peak "
                  f"{found['peak_mib']:8,.0f} MiB  result {found['growth_mib']:,.0f} MiB = "
                  f"{found['per_consultant_bytes']:,.0f} bytes per consultant", flush=True)
    for a, b in itertools.pairwise(sizes):
        print(f"cli json {a:,} -> {b:,}: time {cli[b]['seconds'] / cli[a]['seconds']:.1f}x, "
              f"peak {cli[b]['peak_mib'] / cli[a]['peak_mib']:.1f}x (size {b / a:.0f}x)")


if __name__ == "__main__":
    main()
