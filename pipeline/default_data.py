"""Regenerates the bundled default (data/default/) from the official files.

The default is what the dashboard shows offline on a fresh machine: the ward and LSOA reference
(codes, names, centroids — no boundary shapes) and every figure the pipeline derived from the
official files, each row naming its source. It is the output of a real official build, exported.
"""
from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import duckdb

from . import paths
from .build import build
from .registry import load_registry

AREAS_SQL = """
select code, name, type, parent, boundary_vintage, current, lon, lat from areas
where source_id <> 'registry' and current and type in ('ward', 'lsoa', 'lad')
order by type desc, code
"""
OBSERVATIONS_SQL = """
select indicator_id, area_code, period, value, unit, lci_95, uci_95, status, note, source_id
from observations
where not list_contains($bundled, source_id) and status <> 'sample'
  and not list_contains($computed, indicator_id)
  and area_code in (select code from areas where (current and type in ('ward', 'lsoa', 'lad')) or source_id = 'registry')
order by indicator_id, area_code, period
"""
SOURCES_SQL = "select id as source_id, file, sha256, rows, retrieved_at from sources where sha256 is not null order by id"
FACTS_SQL = "select * from facts where starts_with(project, 'Digital inclusion') order by fact_id"


def _write(con, sql: str, params: dict, path: Path) -> int:
    cur = con.execute(sql, params)
    header = [d[0] for d in cur.description]
    rows = cur.fetchall()
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else
                             repr(v) if isinstance(v, float) else v) for v in row])
    return len(rows)


def make_default(raw_dir: Path, data_dir: Path = paths.DATA_DIR, progress=print) -> dict[str, int]:
    registry = load_registry()
    bundled = [s.id for s in registry.sources.values() if s.bundled]
    computed = [registry.risk.indicator, registry.risk.decile_indicator] if registry.risk else []
    out_dir = paths.default_dir(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "official.duckdb"
        build(db, raw_dir, data_dir=data_dir, progress=progress)
        con = duckdb.connect(str(db), read_only=True)
        try:
            counts = {
                "areas": _write(con, AREAS_SQL, {}, out_dir / "areas.csv"),
                # The risk index is computed by every build from its inputs, never bundled.
                "observations": _write(con, OBSERVATIONS_SQL, {"bundled": bundled, "computed": computed},
                                       out_dir / "observations.csv"),
                "lsoa_ward": _write(con, "select * from lsoa_ward order by lsoa_code", {}, out_dir / "lsoa_ward.csv"),
                "sources": _write(con, SOURCES_SQL, {}, out_dir / "sources.csv"),
                "facts": _write(con, FACTS_SQL, {}, out_dir / "facts.csv"),
                "age_bands": _write(con, "select * from age_bands order by area_code, period, band_order", {},
                                    out_dir / "age_bands.csv"),
            }
        finally:
            con.close()
    from .sample_data import write_sample
    write_sample(data_dir)
    progress("Wrote " + ", ".join(f"{k} {v:,}" for k, v in counts.items()) + f" to {out_dir}")
    return counts
