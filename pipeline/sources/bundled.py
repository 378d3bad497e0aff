"""The project's own bundled files in data/: the area reference and derived/sample observations.

These use the long observation format of ONS Explore Local Statistics with the registry's
indicator and source ids, so a figure can be traced to its publisher from the file itself.
"""
from __future__ import annotations

from pathlib import Path

from .. import validate
from ..errors import InputError
from ..periods import parse_period
from ..registry import AREA_TYPES, Source
from ..schema import insert_rows
from ..textfile import code, csv_rows, number, read_text, unique
from . import Context

OBSERVATION_COLUMNS = ["indicator_id", "area_code", "period", "value", "unit", "lci_95", "uci_95", "status",
                       "note", "source_id"]
AREA_COLUMNS = ["code", "name", "type", "parent", "boundary_vintage", "current", "lon", "lat"]
STATUSES = ("published", "derived", "sample", "provisional", "suppressed")


def load_areas(con, path: Path, source: Source, ctx: Context) -> int:
    _, rows = csv_rows(path, read_text(path), AREA_COLUMNS)
    out = []
    for r in rows:
        if r["type"] not in AREA_TYPES:
            raise InputError(path, r.line, "type", f"'{r['type'][:40]}' is not an area type")
        if not r["code"] or not r["name"]:
            raise InputError(path, r.line, "code" if not r["code"] else "name", "value is missing")
        if r["current"] not in ("true", "false"):
            raise InputError(path, r.line, "current", "must be true or false")
        out.append({"code": r["code"], "name": r["name"], "type": r["type"], "parent": r["parent"] or None,
                    "boundary_vintage": r["boundary_vintage"] or None, "current": r["current"] == "true",
                    "lon": number(path, r, "lon", minimum=-180, maximum=180, allow_blank=True),
                    "lat": number(path, r, "lat", minimum=-90, maximum=90, allow_blank=True),
                    "geometry": None, "geometry_kind": None, "source_id": source.id})
    unique(path, rows, lambda r: (r["code"],), "code", "area")
    return insert_rows(con, "stg_areas", out)


def load_observations(con, path: Path, source: Source, ctx: Context) -> int:
    _, rows = csv_rows(path, read_text(path), OBSERVATION_COLUMNS)
    # Current areas only: figures on a retired code (a May 2022 ward) would not reach any page.
    known_areas = {r[0] for r in con.execute("select code from stg_areas where current").fetchall()} | ctx.comparator_codes()
    indicators, sources = ctx.registry.indicators, ctx.registry.sources
    sample_only = source.licence.code == "SAMPLE"
    out = []
    for r in rows:
        indicator = indicators.get(r["indicator_id"])
        if indicator is None:
            raise InputError(path, r.line, "indicator_id", f"'{r['indicator_id'][:40]}' is not in the indicator registry")
        if r["source_id"] not in sources:
            raise InputError(path, r.line, "source_id", f"'{r['source_id'][:40]}' is not a registered source")
        retired = validate.retired_code(con, r["area_code"]) if r["area_code"] not in known_areas else None
        if retired:
            raise InputError(path, r.line, "area_code", f"{r['area_code']} is a retired {retired} code; current codes are required")
        if r["area_code"] not in known_areas:
            raise InputError(path, r.line, "area_code", f"'{r['area_code'][:40]}' is not a known area code")
        if r["status"] not in STATUSES:
            raise InputError(path, r.line, "status", f"'{r['status'][:40]}' is not one of {', '.join(STATUSES)}")
        if sample_only and r["status"] != "sample":
            raise InputError(path, r.line, "status", "rows in a sample file must have status 'sample'")
        period = parse_period(r["period"])
        if not period:
            raise InputError(path, r.line, "period", f"'{r['period'][:40]}' is not a period")
        percent = indicator.unit.startswith("%")
        value = number(path, r, "value", minimum=0 if percent else None, maximum=100 if percent else None,
                       allow_blank=r["status"] == "suppressed")
        validate.figure(path, r.line, "value", indicator, value, r["status"])
        validate.period(path, r.line, "period", period[1], None, raw=r["period"])
        out.append({"indicator_id": indicator.id, "area_code": r["area_code"], "period": period[0],
                    "period_start": period[1], "period_label": period[2], "value": value,
                    "unit": r["unit"] or indicator.unit,
                    "lci_95": number(path, r, "lci_95", allow_blank=True),
                    "uci_95": number(path, r, "uci_95", allow_blank=True),
                    "status": r["status"], "note": r["note"] or None, "source_id": r["source_id"]})
    unique(path, rows, lambda r: (r["indicator_id"], r["area_code"], r["period"]), "period",
           "indicator-area-period")
    return insert_rows(con, "stg_observations", out)


def load_age_bands(con, path: Path, source: Source, ctx: Context) -> int:
    """Census age bands as exported by make-default (one row per area, period and band)."""
    _, rows = csv_rows(path, read_text(path), ["area_code", "period", "age_band", "band_order", "residents", "source_id"])
    unique(path, rows, lambda r: (r["area_code"], r["period"], r["age_band"]), "age_band", "area-period-age band")
    out = [{"area_code": r["area_code"], "period": r["period"], "age_band": r["age_band"],
            "band_order": number(path, r, "band_order", integer=True, minimum=0),
            "residents": number(path, r, "residents", integer=True, minimum=0), "source_id": r["source_id"]}
           for r in rows]
    return insert_rows(con, "stg_age_bands", out)


def load_lsoa_ward(con, path: Path, source: Source, ctx: Context) -> int:
    """LSOA (2021) to ward (May 2023) best-fit pairs, as exported by make-default from the ONS lookup."""
    _, rows = csv_rows(path, read_text(path), ["lsoa_code", "ward_code", "source_id"])
    lsoas = {r[0] for r in con.execute("select code from stg_areas where type = 'lsoa' and current").fetchall()}
    wards = {r[0] for r in con.execute("select code from stg_areas where type = 'ward' and current").fetchall()}
    unique(path, rows, lambda r: (r["lsoa_code"],), "lsoa_code", "LSOA")
    out = [{"lsoa_code": code(path, r, "lsoa_code", "E01", lsoas, what="current Stockport LSOA code"),
            "lsoa_vintage": "2021", "ward_code": code(path, r, "ward_code", "E05", wards, what="current ward code"),
            "ward_vintage": "2023", "source_id": r["source_id"]} for r in rows]
    return insert_rows(con, "stg_lookup_lsoa_ward", out)
