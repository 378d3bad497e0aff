"""GMCA Digital Exclusion Risk Index v1.6 summary: an Excel pivot saved as CSV.

Left block: population of each GM district by DERI decile 1–10 and a Grand Total. Right block:
district, LSOAs in decile 10, total LSOAs, %, (blank), population in decile 10, total, %.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pipeline.checks import validate
from pipeline.errors import InputError
from pipeline.ingest.periods import parse_period
from pipeline.registry import STOCKPORT, Source
from pipeline.store.schema import insert_rows, observation
from pipeline.ingest.textfile import read_text
from pipeline.ingest.sources.context import Context


def _int(path, line, column, raw):
    raw = raw.strip().replace(",", "")
    if raw == "":
        return 0  # an empty pivot cell means no residents in that decile
    if not raw.isdigit():
        raise InputError(path, line, column, f"'{raw[:40]}' is not a whole number")
    return int(raw)


def load(con, path: Path, source: Source, ctx: Context) -> int:
    reader = csv.reader(io.StringIO(read_text(path)))
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise InputError(
            path, reader.line_num, None, f"not readable as CSV ({exc}); check line endings and quotes"
        ) from None
    if (
        len(rows) < 3
        or rows[0][:1] != ["Sum of Population"]
        or rows[1][:12] != ["Row Labels", *map(str, range(1, 11)), "Grand Total"]
    ):
        raise InputError(path, 2, "Row Labels", "expected the DERI pivot header 'Row Labels,1,…,10,Grand Total'")
    gm = ctx.registry.comparators[STOCKPORT].parent  # Greater Manchester
    names = {c.name: c.code for c in ctx.registry.comparators.values() if c.parent == gm}
    names["Grand Total"] = gm
    population, observations, seen = [], [], set()
    parsed = parse_period(source.option("period"))
    if not parsed:
        raise InputError(path, None, None, f"registry option period '{source.option('period')}' is not a period")
    period = (parsed[0], parsed[1], source.option("period_label"))  # the release's own words for its period
    for i, row in enumerate(rows[2:], start=3):
        if not any(c.strip() for c in row):
            continue
        name = row[0].strip()
        if name not in names:
            raise InputError(path, i, "Row Labels", f"'{name[:40]}' is not a Greater Manchester district")
        if name in seen:
            raise InputError(path, i, "Row Labels", f"duplicate district {name}")
        seen.add(name)
        deciles = [_int(path, i, str(d), row[d]) for d in range(1, 11)]
        total = _int(path, i, "Grand Total", row[11])
        if sum(deciles) != total:
            raise InputError(path, i, "Grand Total", f"{name}: deciles add up to {sum(deciles)}, not {total}")
        side = row[15:23] if len(row) >= 23 else []
        if len(side) < 8 or side[0].strip() != name:
            raise InputError(path, i, "column 16", f"{name}: side table row missing or out of order")
        lsoas_10 = _int(path, i, "LSOAs in decile 10", side[1])
        lsoas = _int(path, i, "total LSOAs", side[2])
        pop_10 = _int(path, i, "population in decile 10", side[5])
        if pop_10 != deciles[9]:
            raise InputError(
                path, i, "population in decile 10", f"{name}: side table says {pop_10}, pivot says {deciles[9]}"
            )
        if lsoas_10 > lsoas:
            raise InputError(path, i, "LSOAs in decile 10", f"{name}: more highest-risk LSOAs than LSOAs")
        code = names[name]
        population += [
            {"area_code": code, "decile": d + 1, "population": p, "source_id": source.id} for d, p in enumerate(deciles)
        ]
        note = f"{pop_10:,} of {total:,} residents; {lsoas_10} of {lsoas} LSOAs"
        for indicator, value, column in (
            ("deri_highest_risk_pop_pct", 100 * pop_10 / total, "population in decile 10"),
            ("deri_highest_risk_lsoas", lsoas_10, "LSOAs in decile 10"),
        ):
            validate.figure(path, i, column, ctx.registry.indicators[indicator], value)
            unit = ctx.registry.indicators[indicator].unit
            observations.append(observation(indicator, code, period, value, unit, source.id, note=note))
    if "Stockport" not in seen:
        raise InputError(path, len(rows), "Row Labels", "no Stockport row in the pivot (looked down to the last row)")
    insert_rows(con, "stg_deri_population", population)
    return insert_rows(con, "stg_observations", observations)
