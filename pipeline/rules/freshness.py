"""When each figure's next release is due, and from when it is late, from the publisher's schedule.

A figure's expected next release is the month its period starts plus the publisher's release interval
plus its usual lag from period to publication (Ofcom's January figures appear about five months
later; the next, six months on). It is late only after that month ends and its source's declared
grace period passes (publishers slip by weeks): until then it is simply the latest. Only the latest
figure of an indicator for an area can be late: an older one has a newer period beside it. A figure
derived from others (the exclusion risk index) is due, and late, when the first of its inputs is.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from pipeline.registry import Registry

COLUMNS = ["indicator_id", "area_code", "period", "expected_next", "late_after"]


def _add_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    return date(start.year + year, month + 1, 1)


def late_after(expected: date, grace_days: int) -> date:
    """The last day a release expected in `expected`'s month may still come before its figures are late."""
    return _add_months(expected, 1) - timedelta(days=1) + timedelta(days=grace_days)


def expected_next(registry: Registry, latest: pd.DataFrame) -> pd.DataFrame:
    """`latest`: indicator_id, area_code, period, period_start of each indicator's latest figure per
    area. Returns the same rows with `expected_next` (the first of the month the next release is
    expected) and `late_after` (the last day before the figure is late); both None with no schedule."""
    due: dict[str, tuple[date, date]] = {}
    rows = []
    for r in latest.itertuples(index=False):
        indicator = registry.indicators[r.indicator_id]
        months = indicator.next_release_months
        when = _add_months(pd.Timestamp(r.period_start).date(), months) if months is not None else None
        late = late_after(when, registry.sources[indicator.source].grace_days or 0) if when else None
        rows.append((r.indicator_id, r.area_code, r.period, when, late))
        if when is not None:
            due[r.indicator_id] = min((when, late), due.get(r.indicator_id, (when, late)))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if registry.risk is not None:
        inputs = [due[i.indicator] for i in registry.risk.inputs if i.indicator in due]
        derived = frame.indicator_id.isin([registry.risk.indicator, registry.risk.decile_indicator])
        first = min(inputs) if inputs else (None, None)
        frame.loc[derived, "expected_next"] = first[0]
        frame.loc[derived, "late_after"] = first[1]
    return frame


def write_mart(con, registry: Registry) -> int:
    latest = con.execute("""select indicator_id, area_code, period, period_start from observations
        qualify row_number() over (partition by indicator_id, area_code order by period_start desc) = 1""").df()
    frame = expected_next(registry, latest)
    frame["expected_next"] = pd.to_datetime(frame["expected_next"])
    frame["late_after"] = pd.to_datetime(frame["late_after"])
    con.register("_fresh", frame)
    try:
        con.execute("""insert into freshness select indicator_id, area_code, period, expected_next::date, late_after::date
            from _fresh""")
    finally:
        con.unregister("_fresh")
    return len(frame)


# How the data team refreshes a late figure: a publisher's file is fetched, checked, pinned and built;
# the council's own registers are updated where they are kept, then built.
PUBLISHED_STEPS = ("python -m cli fetch", "python -m cli check --raw data/raw",
                   "python -m cli pin-default --raw data/raw", "python -m cli build")
OWN_STEPS = {"projects_register": "update data/projects_register.csv at the monthly review, then "
                                  "`python -m cli build`",
             "inclusion_register": "upload the month's register on the Inclusion register page (officers)"}


def refresh_command(registry: Registry, source_id: str) -> str:
    """What a member of the data team runs (or does) to bring a late source up to date."""
    source = registry.sources.get(source_id)
    if source is None:  # a figure this project derives (the risk index): refreshed with its inputs
        return "refresh its inputs (above), then `python -m cli build`"
    if source.bundled:
        return OWN_STEPS.get(source_id, "update the council's file in data/, then `python -m cli build`")
    return " && ".join(PUBLISHED_STEPS)


def to_refresh(registry: Registry, fresh: pd.DataFrame) -> pd.DataFrame:
    """The late rows of Database.freshness, one per source and indicator, with the command that refreshes
    each: the data team's list (Data and methods, `pipeline info`)."""
    late = fresh[fresh.out_of_date.fillna(False).astype(bool)]
    late = late.sort_values(["expected_next", "theme", "indicator_id"]).drop_duplicates("indicator_id")
    return late.assign(command=[refresh_command(registry, s) for s in late.source_id])


def by_source(late: pd.DataFrame) -> pd.DataFrame:
    """to_refresh's rows one per source (one refresh brings all its indicators up to date), the longest
    waiting first: publisher, indicators, latest periods held, update expected since, command."""
    if late.empty:
        return pd.DataFrame(columns=["source_id", "publisher", "indicators", "held", "expected_next", "command"])
    grouped = late.groupby("source_id", sort=False).agg(
        publisher=("publisher", "first"), indicators=("title", lambda t: "; ".join(dict.fromkeys(t))),
        held=("latest_period", lambda p: ", ".join(dict.fromkeys(p))), expected_next=("expected_next", "min"),
        command=("command", "first"))
    return grouped.reset_index().sort_values(["expected_next", "source_id"]).reset_index(drop=True)
