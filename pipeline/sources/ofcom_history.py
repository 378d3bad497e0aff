"""Ofcom connectivity series compiled from every ONS Explore Local Statistics release.

One row per (metric, area, period, value) with the commit that first published it. A period can
appear more than once when ONS republished it revised; the latest publication wins and the
earlier value is kept in the note.
"""
from __future__ import annotations

from pathlib import Path

from .. import validate
from ..errors import InputError
from ..periods import parse_period
from ..registry import Source
from ..schema import insert_rows
from ..textfile import csv_rows, number, read_text
from . import Context

COLUMNS = ["metric", "areacd", "areanm", "period", "observation", "unit", "source_path", "source_commit",
           "source_commit_date"]


def load(con, path: Path, source: Source, ctx: Context) -> int:
    _, rows = csv_rows(path, read_text(path), COLUMNS)
    by_metric = ctx.registry.indicator_by_history_metric()
    known = ctx.comparator_codes()
    latest: dict[tuple, list] = {}
    for r in rows:
        if r["metric"] not in by_metric:
            raise InputError(path, r.line, "metric", f"'{r['metric'][:40]}' is not a metric in the registry")
        if r["areacd"] not in known:
            raise InputError(path, r.line, "areacd", f"'{r['areacd'][:40]}' is not a known area code")
        # Ofcom releases are monthly; ONS dated some '2025-01' and others '2025-01-15'.
        period = parse_period(r["period"][:7])
        if not period or not parse_period(r["period"]):
            raise InputError(path, r.line, "period", f"'{r['period'][:40]}' is not a period")
        if not parse_period(r["source_commit_date"]):
            raise InputError(path, r.line, "source_commit_date", f"'{r['source_commit_date'][:40]}' is not a date")
        value = number(path, r, "observation", minimum=0, maximum=100 if r["unit"] == "%" else None)
        validate.figure(path, r.line, "observation", by_metric[r["metric"]], value)
        # Each row's release is the commit that first published it.
        validate.period(path, r.line, "period", parse_period(r["period"])[1],
                        parse_period(r["source_commit_date"])[1], raw=r["period"])
        key = (by_metric[r["metric"]].id, r["areacd"], period[0])
        latest.setdefault(key, []).append((r["source_commit_date"], value, period, r.line))
    out = []
    for (indicator, area, _), versions in latest.items():
        versions.sort()
        date, value, (canonical, start, label), _ = versions[-1]
        earlier = sorted({v for _, v, _, _ in versions[:-1] if v != value})
        note = (f"Revised: earlier published as {', '.join(f'{v:g}' for v in earlier)}; latest value "
                f"(ONS release of {date}) used") if earlier else None
        out.append({"indicator_id": indicator, "area_code": area, "period": canonical, "period_start": start,
                    "period_label": label, "value": value, "unit": ctx.registry.indicators[indicator].unit,
                    "status": "published", "note": note, "source_id": source.id})
    return insert_rows(con, "stg_observations", out)
