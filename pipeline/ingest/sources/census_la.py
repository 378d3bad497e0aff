"""Census local-authority tables as Trafford Data Lab republishes them (broad age groups; 1981–2021)."""

from __future__ import annotations

from pathlib import Path

from pipeline.checks import validate
from pipeline.errors import InputError
from pipeline.ingest.periods import parse_period
from pipeline.registry import STOCKPORT, Source
from pipeline.store.schema import insert_rows, observation
from pipeline.ingest.textfile import csv_rows, number, read_text, stockport_lad, unique
from pipeline.ingest.sources.context import Context

OLDER_BANDS = {
    "Aged 65 to 69 years",
    "Aged 70 to 74 years",
    "Aged 75 to 79 years",
    "Aged 80 to 84 years",
    "Aged 85 years and over",
}


def _obs(indicator, period, value, unit, source, note=None):
    return observation(indicator, STOCKPORT, parse_period(period[:4]), value, unit, source.id, note=note)


def load(con, path: Path, source: Source, ctx: Context) -> int:
    kind = source.options["kind"]
    text = read_text(path)
    units = {i.id: i.unit for i in ctx.registry.indicators.values()}
    people = ctx.registry.indicators["population"]
    out = []

    def check_period(r) -> None:
        start = parse_period(r["period"][:4])
        if not start:
            raise InputError(path, r.line, "period", f"'{r['period']}' is not a date")
        validate.period(path, r.line, "period", start[1], source.released, raw=r["period"])

    if kind == "broad_age":
        cols = ["area_code", "period", "sex", "all_ages", "aged_65_and_over"]
        _, rows = csv_rows(path, text, cols)
        unique(path, rows, lambda r: (r["area_code"], r["period"], r["sex"]), "sex", "area-period-sex")
        persons = [r for r in rows if r["sex"] == "All persons"]
        if not persons:
            raise InputError(path, rows[-1].line, "sex", "no 'All persons' row (looked down to the last row)")
        for r in persons:
            stockport_lad(path, r, "area_code")
            check_period(r)
            total = number(path, r, "all_ages", integer=True, minimum=1)
            validate.figure(path, r.line, "all_ages", people, total)
            older = number(path, r, "aged_65_and_over", integer=True, minimum=0, maximum=total)
            validate.figure(path, r.line, "aged_65_and_over", ctx.registry.indicators["age_65plus_count"], older)
            validate.figure(
                path,
                r.line,
                "aged_65_and_over",
                ctx.registry.indicators["age_65plus_pct"],
                100 * older / total,
                where="share of all ages: ",
            )
            out += [
                _obs("population", r["period"], total, units["population"], source),
                _obs("age_65plus_count", r["period"], older, units["age_65plus_count"], source),
                _obs("age_65plus_pct", r["period"], 100 * older / total, units["age_65plus_pct"], source),
            ]
    elif kind == "series":
        cols = ["area_code", "period", "sex", "age_group", "value"]
        _, rows = csv_rows(path, text, cols)
        unique(
            path,
            rows,
            lambda r: (r["area_code"], r["period"], r["sex"], r["age_group"]),
            "age_group",
            "area-period-sex-age group",
        )
        totals: dict[str, dict[str, int]] = {}
        for r in rows:
            stockport_lad(path, r, "area_code")
            check_period(r)
            value = number(path, r, "value", integer=True, minimum=0)
            validate.figure(path, r.line, "value", people, value)
            if r["sex"] not in ("Females", "Males"):
                continue
            t = totals.setdefault(r["period"], {"all": 0, "older": 0})
            if r["age_group"] == "All ages":
                t["all"] += value
            elif r["age_group"] in OLDER_BANDS:
                t["older"] += value
        note = "Census usual residents (females + males), ONS local-authority series 1981–2021"
        for period, t in sorted(totals.items()):
            if period[:4] in source.option("exclude_periods"):
                continue
            out += [
                _obs("population", period, t["all"], units["population"], source, note),
                _obs("age_65plus_count", period, t["older"], units["age_65plus_count"], source, note),
                _obs("age_65plus_pct", period, 100 * t["older"] / t["all"], units["age_65plus_pct"], source, note),
            ]
    elif kind == "age_bands":
        _, rows = csv_rows(path, text, ["area_code", "period", "indicator", "value"])
        unique(path, rows, lambda r: (r["area_code"], r["period"], r["indicator"]), "indicator", "area-period-age band")
        bands = []
        for n, r in enumerate(rows):
            stockport_lad(path, r, "area_code")
            check_period(r)
            validate.figure(path, r.line, "value", people, number(path, r, "value", integer=True, minimum=0))
            if not r["indicator"].startswith("Aged "):
                raise InputError(path, r.line, "indicator", f"'{r['indicator'][:40]}' is not an age band ('Aged …')")
            bands.append(
                {
                    "area_code": r["area_code"],
                    "period": r["period"][:4],
                    "age_band": r["indicator"],
                    "band_order": n,
                    "residents": number(path, r, "value", integer=True, minimum=0),
                    "source_id": source.id,
                }
            )
        return insert_rows(con, "stg_age_bands", bands)
    else:
        raise InputError(path, None, None, f"unknown census table kind {kind} in registry")
    return insert_rows(con, "stg_observations", out)
