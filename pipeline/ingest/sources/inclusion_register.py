"""The officer-maintained inclusion programme register → monthly ward and borough figures."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.periods import parse_period
from pipeline.ingest.register import validate
from pipeline.registry import STOCKPORT, Source
from pipeline.store.schema import insert_rows
from pipeline.ingest.sources.context import Context

# Register column → indicator.
MEASURES = {
    "residents_supported": "inclusion_residents_supported",
    "sessions_delivered": "inclusion_sessions_delivered",
    "devices_lent": "inclusion_devices_lent",
    "sims_or_data_gifted": "inclusion_sims_gifted",
    "champions_active": "inclusion_champions_active",
}
ACTIVITY = list(MEASURES.values())  # the programme's measures, in the register's order
# A total is only as good as its weakest row.
STATUS_ORDER = ["sample", "provisional", "published"]


def load(con, path: Path, source: Source, ctx: Context) -> int:
    wards = dict(con.execute("select code, name from stg_areas where type = 'ward' and current").fetchall())
    rows, problems = validate(path.read_bytes(), wards, today="9999-12")
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        raise InputError(path, first.row, first.column, first.message + more)
    out = []
    for level, keys in (("ward", ["month", "ward_code"]), ("borough", ["month"])):
        grouped = rows.groupby(keys)
        sums = grouped[list(MEASURES)].sum()
        status = grouped["status"].agg(lambda s: min(s, key=STATUS_ORDER.index))
        partners = grouped["partner"].nunique()
        for key, figures in sums.iterrows():
            month, area = key if level == "ward" else (key, STOCKPORT)
            canonical, start, label = parse_period(month)
            for column, indicator in MEASURES.items():
                out.append(
                    {
                        "indicator_id": indicator,
                        "area_code": area,
                        "period": canonical,
                        "period_start": start,
                        "period_label": label,
                        "value": float(figures[column]),
                        "unit": ctx.registry.indicators[indicator].unit,
                        "status": status[key],
                        "note": f"Sum of {partners[key]} partner row(s) in the inclusion register"
                        + (" (SAMPLE: not real programme data)" if status[key] == "sample" else ""),
                        "source_id": source.id,
                    }
                )
    insert_rows(con, "stg_observations", out)
    return len(rows)
