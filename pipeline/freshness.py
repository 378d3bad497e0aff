"""When each figure's next release is due, from the publisher's update frequency in the registry.

A figure's expected next release is the start of its period plus the publisher's release interval
plus its usual lag from period to publication (Ofcom's January figures appear about five months
later; the next, six months on). Only the latest figure of an indicator for an area can be out of
date: an older one has a newer period beside it. A figure derived from others (the exclusion risk
index) is due when the first of its inputs is due.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

from .registry import Registry

COLUMNS = ["indicator_id", "area_code", "period", "expected_next"]


def _add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1)


def expected_next(registry: Registry, latest: pd.DataFrame) -> pd.DataFrame:
    """`latest`: indicator_id, area_code, period, period_start of each indicator's latest figure per
    area. Returns the same rows with `expected_next` (a date, or None when there is no schedule)."""
    due: dict[str, date | None] = {}
    rows = []
    for r in latest.itertuples(index=False):
        months = registry.indicators[r.indicator_id].next_release_months
        when = _add_months(pd.Timestamp(r.period_start).date(), months) if months is not None else None
        rows.append((r.indicator_id, r.area_code, r.period, when))
        if when is not None:
            due[r.indicator_id] = min(when, due.get(r.indicator_id, when))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if registry.risk is not None:
        inputs = [due[i.indicator] for i in registry.risk.inputs if due.get(i.indicator)]
        derived = frame.indicator_id.isin([registry.risk.indicator, registry.risk.decile_indicator])
        frame.loc[derived, "expected_next"] = min(inputs) if inputs else None
    return frame


def write_mart(con, registry: Registry) -> int:
    latest = con.execute("""select indicator_id, area_code, period, period_start from observations
        qualify row_number() over (partition by indicator_id, area_code order by period_start desc) = 1""").df()
    frame = expected_next(registry, latest)
    frame["expected_next"] = pd.to_datetime(frame["expected_next"])
    con.register("_fresh", frame)
    try:
        con.execute("insert into freshness select indicator_id, area_code, period, expected_next::date from _fresh")
    finally:
        con.unregister("_fresh")
    return len(frame)


def note(expected: date | None) -> str:
    """The words shown beside a figure past its expected next release."""
    when = f"{expected:%B %Y}" if expected else "its expected date"
    return f"May be out of date: the publisher's next release was expected by {when}."
