"""Times `python -m cli build` on the bundled official extracts (and on another folder if given).

Usage: python bench/build_speed.py [--raw data/raw] [--runs 5]
Prints the median and range of wall-clock seconds per build, each into a fresh temp folder.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_build(raw: str | None, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [sys.executable, "-m", "cli", "build", "--db", f"{tmp}/bench.duckdb"]
            if raw:
                cmd += ["--raw", raw]
            started = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--raw")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    for label, raw in [("bundled extracts", None)] + ([(args.raw, args.raw)] if args.raw else []):
        t = time_build(raw, args.runs)
        print(
            f"build on {label:<16} median {statistics.median(t):.2f}s  min {min(t):.2f}s  max {max(t):.2f}s  "
            f"({args.runs} runs, includes Python start-up)"
        )


if __name__ == "__main__":
    main()
