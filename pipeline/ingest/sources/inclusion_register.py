"""The officer-maintained inclusion programme register → monthly ward and borough figures."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import InputError
from pipeline.ingest.periods import parse_period
from pipeline.ingest.register import validate
from pipeline.registry import STOCKPORT, Source
from pipeline.store.schema import insert_rows, observation
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
    # Summed in plain Python, a group at a time: pandas' per-row indexing of grouped frames was a third of
    # a build's time for a few hundred rows.
    groups: dict[tuple[str, str], dict] = {}
    for r in rows.to_dict("records"):
        for key in ((r["month"], r["ward_code"]), (r["month"], STOCKPORT)):
            g = groups.setdefault(key, {"sums": dict.fromkeys(MEASURES, 0), "statuses": set(), "partners": set()})
            for column in MEASURES:
                g["sums"][column] += r[column]
            g["statuses"].add(r["status"])
            g["partners"].add(r["partner"])
    out = []
    # Ward rows by month and ward, then the borough's by month, as the register's readers expect them.
    for (month, area), g in sorted(groups.items(), key=lambda kv: (kv[0][1] == STOCKPORT, kv[0])):
        period = parse_period(month)
        status = min(g["statuses"], key=STATUS_ORDER.index)
        note = f"Sum of {len(g['partners'])} partner row(s) in the inclusion register" + (
            " (SAMPLE: not real programme data)" if status == "sample" else ""
        )
        for column, indicator in MEASURES.items():
            unit = ctx.registry.indicators[indicator].unit
            out.append(observation(indicator, area, period, float(g["sums"][column]), unit, source.id, status, note))
    insert_rows(con, "stg_observations", out)
    return len(rows)
