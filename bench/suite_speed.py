"""Times the README's test commands: the suite and the fast subset, each on every core, and the load tests
CI runs after the suite.

Usage: python bench/suite_speed.py [--only full|fast|load] [--slowest 15] [-- EXTRA PYTEST ARGS]
Prints, for each command, its wall time beside the target (the suite <= 600 s, fast subset <= 60 s on
the 2-core machine; the load tests have none), the tests passed, failed and skipped, the load average before and after (the machine
may be shared: say so beside any figure), and the slowest tests with their times as pytest recorded them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The README's commands and the load tests (.ci/run runs the first and the last): the marks are pytest.ini's.
COMMANDS = {
    "full": (["-n", "auto", "-m", "not load"], 600),
    "fast": (["-n", "auto", "-m", "not e2e and not slow"], 60),
    "load": (["-m", "load"], None),
}


def run(name: str, extra: list[str]) -> tuple[float, ET.Element, int]:
    """Run one command to the end; its wall time, JUnit report and exit code."""
    args, _ = COMMANDS[name]
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "junit.xml"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", *args, f"--junitxml={report}", *extra],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        wall = time.perf_counter() - started
        if not report.exists():
            sys.exit(f"{name}: pytest wrote no report (exit {done.returncode}):\n{done.stdout[-3000:]}")
        return wall, ET.parse(report).getroot(), done.returncode


def outcomes(root: ET.Element) -> tuple[dict[str, int], list[tuple[float, str]]]:
    """Counts of passed, failed and skipped tests, and every test's (seconds, id), slowest first."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    times = []
    for case in root.iter("testcase"):
        kinds = {child.tag for child in case}
        kind = "failed" if kinds & {"failure", "error"} else "skipped" if "skipped" in kinds else "passed"
        counts[kind] += 1
        times.append((float(case.get("time", 0)), f"{case.get('classname')}::{case.get('name')}"))
    return counts, sorted(times, reverse=True)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--only", choices=list(COMMANDS))
    p.add_argument("--slowest", type=int, default=15)
    p.add_argument("extra", nargs="*", help="more pytest arguments, after --")
    args = p.parse_args()
    worst = 0
    for name in [args.only] if args.only else list(COMMANDS):
        load = os.getloadavg()[0]
        wall, root, code = run(name, args.extra)
        counts, times = outcomes(root)
        target = COMMANDS[name][1]
        verdict = f"target <= {target} s: {'PASS' if wall <= target else 'MISS'}" if target else "no target"
        print(
            f"\n{name}: python -m pytest {' '.join(COMMANDS[name][0])}  {wall:.0f} s ({verdict}); "
            f"{counts['passed']} passed, {counts['failed']} failed, "
            f"{counts['skipped']} skipped; {os.cpu_count()} cores, load average {load:.1f} before, "
            f"{os.getloadavg()[0]:.1f} after"
        )
        for seconds, test in times[: args.slowest]:
            print(f"  {seconds:7.1f} s  {test}")
        worst = max(worst, code)
    sys.exit(worst)


if __name__ == "__main__":
    main()
