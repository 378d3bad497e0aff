"""What the data team does about late figures: the list of what to refresh, and the command for each.

When each figure is due and late is worked out by the build (pipeline/build/marts/11_freshness.sql):
the month its period starts plus the publisher's release interval and usual lag (Ofcom's January
figures appear about five months later; the next, six months on), late only after that month ends and
its source's declared grace period passes. Only the latest figure of an indicator for an area can be
late. The risk index is due, and late, when the first of its inputs is.
"""

from __future__ import annotations


import pandas as pd

from pipeline.registry import Registry

# How the data team refreshes a late figure: a publisher's file is fetched, checked, pinned and built;
# the council's own registers are updated where they are kept, then built.
PUBLISHED_STEPS = (
    "python -m cli fetch",
    "python -m cli check --raw data/raw",
    "python -m cli pin-default --raw data/raw",
    "python -m cli build",
)
OWN_STEPS = {
    "projects_register": "update data/projects_register.csv at the monthly review, then `python -m cli build`",
    "inclusion_register": "upload the month's register on the Inclusion register page (officers)",
}


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
        publisher=("publisher", "first"),
        indicators=("title", lambda t: "; ".join(dict.fromkeys(t))),
        held=("latest_period", lambda p: ", ".join(dict.fromkeys(p))),
        expected_next=("expected_next", "min"),
        command=("command", "first"),
    )
    return grouped.reset_index().sort_values(["expected_next", "source_id"]).reset_index(drop=True)
