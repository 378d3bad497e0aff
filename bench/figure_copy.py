"""What ui/cache._figure_of's private Plotly flag saves a warm page run (prints figures; not a timed test).

A page run takes a copy of each chart it draws from the shelf of built figures. This times that copy
for four of the dashboard's charts built from the bundled data: unchecked (`_validate=False`, then
checked from there on, as ui/cache._figure_of does) against checked (`go.Figure(d)`, Plotly's public
API). Median of --runs per chart. Usage: python bench/figure_copy.py [--runs 60]
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.graph_objects as go  # noqa: E402

from pipeline.build.database import build  # noqa: E402
from pipeline.store.queries import Database  # noqa: E402
from pipeline.registry import STOCKPORT, load_registry  # noqa: E402
from presentation import charts, gantt  # noqa: E402


def unchecked(d: dict) -> go.Figure:
    fig = go.Figure(copy.deepcopy(d), _validate=False)
    for part in (fig, fig.layout, *fig.data):
        part._validate = True
    return fig


def checked(d: dict) -> go.Figure:
    return go.Figure(d)


def median_ms(make, d: dict, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        make(d)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.duckdb"
        build(db)
        data = Database(db)
        wards = data.latest_values("gigabit_broadband", "ward")
        parts = {c: "Part " + c for c in "abcde"}
        figures = {
            "bars, 21 wards": charts.bar_chart(wards, "area_name", "value", "Gigabit", "% of premises"),
            "stacked bars, 21 wards x 5": charts.stacked_bar(
                wards.assign(**{c: wards.value / 5 for c in parts}), "area_name", parts, "Risk", "score"
            ),
            "trend, 4 areas": charts.line_chart(
                data.trend("gigabit_broadband", load_registry().areas_containing(STOCKPORT)),
                "Gigabit over time",
                "% of premises",
            ),
            "timeline, 9 projects": gantt.timeline_chart(data.projects()),
        }
    print(f"load average at start {os.getloadavg()[0]:.2f}")
    print(f"{'chart':28s} {'unchecked copy':>15s} {'checked copy':>13s}")
    for name, fig in figures.items():
        d = fig.to_dict()
        print(f"{name:28s} {median_ms(unchecked, d, args.runs):12.2f} ms {median_ms(checked, d, args.runs):10.2f} ms")
    print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
