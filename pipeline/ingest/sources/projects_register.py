"""The town-centre projects register the council keeps (data/projects_register.csv)."""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.checks import validate
from pipeline.errors import InputError
from pipeline.registry import Source
from pipeline.store.schema import insert_rows
from pipeline.ingest.textfile import code, csv_rows, number, read_text, unique
from pipeline.ingest.sources.context import Context
from pipeline.ingest.sources.ons_boundaries import STOCKPORT_BOX

COLUMNS = [
    "project_id",
    "name",
    "kind",
    "ward_code",
    "lat",
    "lon",
    "location",
    "status",
    "status_fact",
    "status_reported",
    "capital_cost_gbp_m",
    "capital_basis",
    "capital_cost_note",
    "funders",
    "homes",
    "homes_note",
    "jobs",
    "floorspace_sqft",
    "floorspace_basis",
    "start_date",
    "completion_date",
    "description",
    "fact_ids",
    "source_urls",
]
STATUSES = ("Planning", "Approved", "On site", "Complete", "Programme")
KINDS = ("scheme", "programme")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$")


def load(con, path: Path, source: Source, ctx: Context) -> int:
    _, rows = csv_rows(path, read_text(path), COLUMNS)
    wards = ctx.known_codes("ward", source.option("ward_vintage"))
    fact_dates = {
        r[0]: (r[1] or "", r[2] or "")
        for r in con.execute("select fact_id, source_date, period from stg_facts").fetchall()
    }
    known_facts = set(fact_dates)
    out = []
    for r in rows:
        validate.not_retired(con, path, r.line, "ward_code", r["ward_code"], wards)
        if not re.fullmatch(r"P\d{2,}", r["project_id"]):
            raise InputError(path, r.line, "project_id", f"'{r['project_id'][:40]}' is not a project id (P01…)")
        if not r["name"]:
            raise InputError(path, r.line, "name", "value is missing")
        if r["kind"] not in KINDS:
            raise InputError(path, r.line, "kind", f"'{r['kind'][:40]}' is not one of {', '.join(KINDS)}")
        if r["status"] not in STATUSES:
            raise InputError(path, r.line, "status", f"'{r['status'][:40]}' is not one of {', '.join(STATUSES)}")
        lat = number(path, r, "lat", minimum=STOCKPORT_BOX[1], maximum=STOCKPORT_BOX[3])
        lon = number(path, r, "lon", minimum=STOCKPORT_BOX[0], maximum=STOCKPORT_BOX[2])
        if not r["status_reported"] or not _DATE.match(r["status_reported"]):
            raise InputError(
                path,
                r.line,
                "status_reported",
                f"'{r['status_reported'][:40]}' is not when the status was reported (YYYY, YYYY-MM or YYYY-Qn)",
            )
        if not r["status_fact"] or r["status_fact"] not in r["fact_ids"].split(";"):
            raise InputError(
                path,
                r.line,
                "status_fact",
                f"'{r['status_fact'][:40]}' is not one of this row's fact_ids: every status traces to a dated fact",
            )
        if r["capital_cost_gbp_m"] and not r["capital_basis"]:
            raise InputError(
                path, r.line, "capital_basis", "say what the capital figure is (a cost, a budget, an outline consent…)"
            )
        if r["floorspace_sqft"] and not r["floorspace_basis"]:
            raise InputError(
                path, r.line, "floorspace_basis", "say what the floorspace is (as built, planned, outline consent…)"
            )
        for column in ("start_date", "completion_date"):
            if r[column] and not _DATE.match(r[column]):
                raise InputError(path, r.line, column, f"'{r[column][:40]}' is not YYYY, YYYY-MM or YYYY-Qn")
        urls = [u for u in r["source_urls"].split(";") if u]
        if not urls or not all(u.startswith(("https://", "http://")) for u in urls):
            raise InputError(path, r.line, "source_urls", "every scheme needs at least one source web address")
        if (
            known_facts
            and r["status_fact"] in fact_dates
            and not any(d.startswith(r["status_reported"]) for d in fact_dates[r["status_fact"]])
        ):
            raise InputError(
                path,
                r.line,
                "status_reported",
                f"{r['status_reported']} is not the date of fact "
                f"{r['status_fact']} (source date '{fact_dates[r['status_fact']][0]}', period "
                f"'{fact_dates[r['status_fact']][1]}')",
            )
        facts = [f for f in r["fact_ids"].split(";") if f]
        missing = [f for f in facts if known_facts and f not in known_facts]
        if missing:
            raise InputError(path, r.line, "fact_ids", f"{missing[0]} is not in the facts file")
        out.append(
            {
                **{c: (r[c] or None) for c in COLUMNS},
                "ward_code": code(path, r, "ward_code", "E05", wards, what="ward code"),
                "lat": lat,
                "lon": lon,
                "capital_cost_gbp_m": number(path, r, "capital_cost_gbp_m", minimum=0, allow_blank=True),
                "homes": number(path, r, "homes", integer=True, minimum=0, allow_blank=True),
                "jobs": number(path, r, "jobs", integer=True, minimum=0, allow_blank=True),
                "floorspace_sqft": number(path, r, "floorspace_sqft", integer=True, minimum=0, allow_blank=True),
                "partners": "; ".join(ctx.registry.partners_of(r["funders"])),
            }
        )
    unique(path, rows, lambda r: (r["project_id"],), "project_id", "project")
    return insert_rows(con, "stg_projects", out)
