"""Start-up time of ``plut-rules`` (issue 12): how long a fresh process takes.

Usage (from the checkout)::

    .venv/bin/python benchmarks/startup.py              # 15 runs of each
    .venv/bin/python benchmarks/startup.py --runs 31

Each command runs ``--runs`` times in a fresh process, the commands interleaved so
that a busy moment of the machine falls on all of them alike.  Printed: the median
and the fastest wall-clock time of each, the median's overhead over a bare
``python -c pass`` (the interpreter's own start-up), and the median CPU time (user +
system) of the process with its overhead, which a loaded machine disturbs less.
The target of issue 12 is an overhead under 0.1 s for ``plut-rules --help``.
Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _commands() -> list[tuple[str, list[str]]]:
    from plut_rules import shipped_policy_path

    python = sys.executable
    script = str(Path(python).with_name("plut-rules"))
    return [
        ("python -c pass", [python, "-c", "pass"]),
        ('python -c "import plut_rules"', [python, "-c", "import plut_rules"]),
        ("plut-rules --help", [script, "--help"]),
        ("plut-rules validate 2018.yaml", [script, "validate", shipped_policy_path("2018")]),
    ]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(argv: list[str]) -> tuple[float, float]:
    """The wall-clock and CPU time of one run of ``argv``."""
    cpu = _cpu()
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    args = parser.parse_args()
    commands = _commands()
    for _label, argv in commands:  # warm the file cache and the bytecode
        _once(argv)
    wall: dict[str, list[float]] = {label: [] for label, _ in commands}
    cpu: dict[str, list[float]] = {label: [] for label, _ in commands}
    for _ in range(args.runs):
        for label, argv in commands:
            seconds, used = _once(argv)
            wall[label].append(seconds)
            cpu[label].append(used)
    base = statistics.median(wall[commands[0][0]])
    base_cpu = statistics.median(cpu[commands[0][0]])
    width = max(len(label) for label, _ in commands)
    print(f"{args.runs} runs each, Python {sys.version.split()[0]}, load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"{'command':<{width}}  {'median':>8}  {'fastest':>8}  {'over python':>11}  "
          f"{'cpu':>8}  {'cpu over':>9}")
    for label, _ in commands:
        median = statistics.median(wall[label])
        used = statistics.median(cpu[label])
        print(f"{label:<{width}}  {median:>7.3f}s  {min(wall[label]):>7.3f}s  "
              f"{median - base:>+10.3f}s  {used:>7.3f}s  {used - base_cpu:>+8.3f}s")


if __name__ == "__main__":
    main()
