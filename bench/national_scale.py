"""National-scale input: every English LSOA (33,755) × 20 indicators × 10 periods, ELS format.

Times the pipeline's ONS Explore Local Statistics adapter (read, every validation, mapping into
the observations table) against a bare DuckDB `read_csv` of the same file, and prints both and
the ratio. Also times a full `build` on the official Stockport files.

Usage: python bench/national_scale.py [--lsoas 33755] [--keep DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.registry import REGISTRY_PATH, parse_registry  # noqa: E402
from pipeline.store.schema import create_staging  # noqa: E402
from pipeline.ingest.sources.context import Context  # noqa: E402
from pipeline.ingest.sources.ons_els import load as load_els  # noqa: E402

INDICATORS = 20
PERIODS = 10


def bench_registry():
    extra = "\n".join(
        f"""
[[indicator]]
id = "bench_{n:02d}"
title = "Benchmark indicator {n}"
theme = "context"
unit = "%"
polarity = "neutral"
source = "ons_els_smart_city"
vintage = "bench"
geographies = ["lsoa"]
audience = "public"
els_name = "Benchmark indicator {n}"
methodology = "Generated for the national-scale benchmark."
"""
        for n in range(INDICATORS)
    )
    return parse_registry(REGISTRY_PATH.read_text(encoding="utf-8") + extra)


def generate(path: Path, lsoas: int) -> int:
    con = duckdb.connect()
    con.execute(f"""
        copy (
          select printf('E01%06d', l) as areacd, printf('LSOA %06d', l) as areanm, 'Lower layer Super Output Area' as geography,
                 printf('Benchmark indicator %d', i) as indicator, printf('%d-01-01', 2015 + p) as period,
                 round(((l * 7 + i * 13 + p * 31) % 1000) / 10.0, 1) as observation, 'Percentage' as measure, '%' as unit,
                 '' as lci_95, '' as uci_95, '' as status, '' as notes
          from range(1, {lsoas} + 1) t(l), range({INDICATORS}) u(i), range({PERIODS}) v(p)
        ) to '{path}' (header, delimiter ',')""")
    con.close()
    return lsoas * INDICATORS * PERIODS


def time_adapter(path: Path, lsoas: int, registry) -> float:
    con = duckdb.connect()
    create_staging(con)
    con.execute(
        f"insert into stg_areas (code, name, type) select printf('E01%06d', l), 'x', 'lsoa' from range(1, {lsoas} + 1) t(l)"
    )
    started = time.perf_counter()
    rows = load_els(con, path, registry.sources["ons_els_smart_city"], Context(registry, con))
    seconds = time.perf_counter() - started
    assert rows == lsoas * INDICATORS * PERIODS, rows
    con.close()
    return seconds


def time_bare(path: Path) -> float:
    con = duckdb.connect()
    started = time.perf_counter()
    con.execute("create table t as select * from read_csv(?, header = true, all_varchar = true)", [str(path)])
    seconds = time.perf_counter() - started
    con.close()
    return seconds


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--lsoas", type=int, default=33755)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    registry = bench_registry()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national_els.csv"
        rows = generate(path, args.lsoas)
        size = path.stat().st_size / 1e6
        bare = [time_bare(path) for _ in range(args.runs)]
        adapter = [time_adapter(path, args.lsoas, registry) for _ in range(args.runs)]
    b, a = statistics.median(bare), statistics.median(adapter)
    print(
        f"national-scale input: {rows:,} rows ({args.lsoas:,} LSOAs × {INDICATORS} indicators × {PERIODS} periods), {size:,.0f} MB"
    )
    print(f"bare DuckDB read_csv:       median {b:6.2f}s  ({args.runs} runs)")
    print(f"pipeline ELS adapter:       median {a:6.2f}s  (read + 7 validations + mapping into observations)")
    print(f"ratio adapter / bare:       {a / b:5.1f}×")
    t = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "cli",
                    "build",
                    "--raw",
                    str(ROOT / "data" / "default"),
                    "--db",
                    f"{tmp}/b.duckdb",
                ],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            t.append(time.perf_counter() - started)
    print(f"full build, official Stockport files: median {statistics.median(t):.2f}s (incl. Python start-up)")


if __name__ == "__main__":
    main()
