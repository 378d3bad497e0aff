"""English Indices of Deprivation files as MHCLG publishes them (File 1, 2, 6; LA summaries)."""

from __future__ import annotations

import math
from pathlib import Path

from pipeline.checks import validate
from pipeline.errors import InputError
from pipeline.registry import Source
from pipeline.store.schema import insert_rows
from pipeline.ingest.textfile import code, csv_rows, number, read_text, stockport_lad, unique
from pipeline.ingest.sources.context import Context

LSOA = "LSOA code (2011)"
LSOA_NAME = "LSOA name (2011)"
LAD = "Local Authority District code (2019)"
ENGLAND_LSOAS = 32844
FILE2_DOMAINS = {
    "imd": "Index of Multiple Deprivation (IMD)",
    "income": "Income",
    "employment": "Employment",
    "education": "Education, Skills and Training",
    "health": "Health Deprivation and Disability",
    "crime": "Crime",
    "housing_services": "Barriers to Housing and Services",
    "living_environment": "Living Environment",
}
DOMAIN_ALIASES = {  # IoD2025 names end in 'Deprivation'; keep one vocabulary
    "Income Deprivation": "Income",
    "Employment Deprivation": "Employment",
    "Education, Skills and Training Deprivation": "Education, Skills and Training",
    "Health Deprivation and Disability": "Health Deprivation and Disability",
}


def _column(path, header, start: str, contains: str) -> str:
    for h in header:
        if h.startswith(start) and contains in h:
            return h
    raise InputError(path, 1, f"{start} {contains}", "required column missing")


def _lsoa_rows(path, text, extra):
    header, rows = csv_rows(path, text, [LSOA, LSOA_NAME, LAD, *extra])
    for r in rows:
        stockport_lad(path, r, LAD)
        code(path, r, LSOA, "E01", what="LSOA code")
    unique(path, rows, lambda r: (r[LSOA],), LSOA, "LSOA")
    return header, rows


def _rank_decile(path: Path, r, rank: str, decile: str) -> dict:
    """A rank of England's 32,844 LSOAs (1 = most deprived) and the decile it falls in: MHCLG's
    decile n holds ranks above (n-1)/10 and up to n/10 of them."""
    value = number(path, r, rank, integer=True, minimum=1, maximum=ENGLAND_LSOAS)
    tenth = number(path, r, decile, integer=True, minimum=1, maximum=10)
    expected = math.ceil(value * 10 / ENGLAND_LSOAS)
    if tenth != expected:
        raise InputError(
            path,
            r.line,
            decile,
            f"decile {tenth} does not match rank {value:,} "
            f"(rank {value:,} of {ENGLAND_LSOAS:,} is in decile {expected})",
        )
    return {"rank": value, "decile": tenth}


def load(con, path: Path, source: Source, ctx: Context) -> int:
    kind = source.options["kind"]
    text = read_text(path)
    if kind == "file1":
        rank, decile = "Index of Multiple Deprivation (IMD) Rank", "Index of Multiple Deprivation (IMD) Decile"
        _, rows = _lsoa_rows(path, text, [rank, decile])
        out = [
            {
                "lsoa11_code": r[LSOA],
                "lsoa11_name": r[LSOA_NAME],
                "measure": "imd",
                **_rank_decile(path, r, rank, decile),
                "source_id": source.id,
            }
            for r in rows
        ]
        return insert_rows(con, "stg_iod_lsoa", out)
    if kind == "file2":
        header = csv_rows(path, text, [LSOA])[0]
        cols = {
            k: (_column(path, header, f"{v} Rank", ""), _column(path, header, f"{v} Decile", ""))
            for k, v in FILE2_DOMAINS.items()
        }
        _, rows = _lsoa_rows(path, text, [c for pair in cols.values() for c in pair])
        out = []
        for r in rows:
            for measure, (rank, decile) in cols.items():
                if measure == "imd":
                    continue  # File 1 is the source of record for the IMD itself
                out.append(
                    {
                        "lsoa11_code": r[LSOA],
                        "lsoa11_name": r[LSOA_NAME],
                        "measure": measure,
                        **_rank_decile(path, r, rank, decile),
                        "source_id": source.id,
                    }
                )
        return insert_rows(con, "stg_iod_lsoa", out)
    if kind == "file6":
        header = csv_rows(path, text, [LSOA])[0]
        total = _column(path, header, "Total population", "mid 2015")
        older = _column(path, header, "Older population aged 60", "mid 2015")
        _, rows = _lsoa_rows(path, text, [total, older])
        out = []
        for r in rows:
            t = number(path, r, total, integer=True, minimum=1)
            validate.figure(path, r.line, total, ctx.registry.indicators["population"], t)
            out.append(
                {
                    "lsoa11_code": r[LSOA],
                    "population": t,
                    "aged_60plus": number(path, r, older, integer=True, minimum=0, maximum=t),
                    "source_id": source.id,
                }
            )
        return insert_rows(con, "stg_iod_population", out)
    if kind in ("lad2019", "lad2025"):
        lad_col = "lad19cd" if kind == "lad2019" else "area_code"
        cols = [
            lad_col,
            "index_domain",
            "average_rank",
            "average_score",
            "proportion_bottom_decile",
            "rank_average_score",
        ]
        _, rows = csv_rows(path, text, cols)
        unique(path, rows, lambda r: (r["index_domain"],), "index_domain", "index/domain")
        out = []
        for r in rows:
            stockport_lad(path, r, lad_col)
            if r["index_domain"] == "Index of Multiple Deprivation":  # becomes the borough's imd_score
                validate.figure(
                    path,
                    r.line,
                    "average_score",
                    ctx.registry.indicators["imd_score"],
                    number(path, r, "average_score", minimum=0),
                )
            out.append(
                {
                    "year": source.option("year"),
                    "domain": DOMAIN_ALIASES.get(r["index_domain"], r["index_domain"]),
                    "average_rank": number(path, r, "average_rank", minimum=1),
                    "average_score": number(path, r, "average_score", minimum=0),
                    "proportion_most_deprived_decile": number(
                        path, r, "proportion_bottom_decile", minimum=0, maximum=1
                    ),
                    "rank_average_score": number(path, r, "rank_average_score", integer=True, minimum=1),
                    "source_id": source.id,
                }
            )
        if not any(o["domain"] == "Index of Multiple Deprivation" for o in out):
            raise InputError(
                path,
                rows[-1].line,
                "index_domain",
                "no 'Index of Multiple Deprivation' row (looked down to the last row)",
            )
        return insert_rows(con, "stg_iod_lad", out)
    raise InputError(path, None, None, f"unknown IoD file kind {kind} in registry")
