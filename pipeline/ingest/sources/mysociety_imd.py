"""mySociety composite UK IMD package, England file (CC BY 4.0): the IoD2019 LSOA scores."""

from __future__ import annotations

from pathlib import Path

from pipeline.registry import Source
from pipeline.store.schema import insert_rows
from pipeline.ingest.textfile import code, csv_rows, number, read_text, unique
from pipeline.ingest.sources.context import Context


def load(con, path: Path, source: Source, ctx: Context) -> int:
    _, rows = csv_rows(
        path, read_text(path), ["nation", "lsoa", "overall_local_score", "income_score", "employment_score"]
    )
    known = ctx.known_codes("lsoa", source.option("lsoa_vintage"))
    out = []
    for r in rows:
        out.append(
            {
                "lsoa11_code": code(path, r, "lsoa", "E01", known, what=f"LSOA ({source.option('lsoa_vintage')}) code"),
                "imd_score": number(path, r, "overall_local_score", minimum=0, maximum=100),
                "income_score": number(path, r, "income_score", minimum=0, maximum=100),
                "employment_score": number(path, r, "employment_score", minimum=0, maximum=100),
                "source_id": source.id,
            }
        )
    unique(path, rows, lambda r: (r["lsoa"],), "lsoa", "LSOA")
    return insert_rows(con, "stg_imd_scores", out)
