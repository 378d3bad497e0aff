"""What the public embed views show, from the query layer's rows: the comparison's bars and target line,
the period and the first lines. One place for both embeds: the live one (ui/blocks.embed_view) and the
static export's (publish/static_embeds.py), so the two show the same figures."""

from __future__ import annotations

from datetime import date
from functools import partial

import pandas as pd

from pipeline.registry import STOCKPORT

from .htmldoc import render
from .wording import fmt

# The height of the frame each view's embed code gives it (ui/charts.embed_snippet); the view fits inside.
EMBED_HEIGHTS = {"map": 620, "trend": 620, "compare": 520}  # the trend: its key and axis on a phone
# The first lines (title, period, source and link back) come first, so they show in any frame however the
# view fits; the view gets the frame's height less these lines and the page's padding.
EMBED_CHROME_PX = 170

COMPARE_COLUMNS = [
    "area_code",
    "area_name",
    "period",
    "period_label",
    "value",
    "unit",
    "status",
    "note",
    "source_id",
    "expected_next",
    "out_of_date",
]


def comparison(
    series: pd.DataFrame, codes: list[str], meta: dict, targets: pd.DataFrame, today: date, ward: str | None = None
):
    """(rows, title, highlighted names, target line) of the latest figures of `codes` (Stockport, its
    comparators and perhaps a ward; `series` their rows), with Stockport's next target due as a line;
    None when there are no figures."""
    if series.empty:
        return None
    latest = series.sort_values("period_start").groupby("area_code").tail(1)
    latest = latest.set_index("area_code").reindex([a for a in codes if a in set(latest.area_code)]).reset_index()
    title = f"{meta['title']}: Stockport against comparators ({', '.join(sorted(set(latest.period_label)))})"
    highlight = {"Stockport", *latest.area_name[latest.area_code == ward]}
    upcoming = targets[(targets.area_code == STOCKPORT) & (targets.target_date >= pd.Timestamp(today))]
    shown = partial(fmt, unit=meta["unit"], decimals=int(meta["decimals"]))
    lines = [(t.value, f"Target: {shown(t.value)} by {t.target_date:%b %Y}") for t in upcoming.head(1).itertuples()]
    return latest[COMPARE_COLUMNS], title, highlight, lines


def header(title: str, period: str, source: str, link: str, ward_name: str | None = None) -> str:
    """The embed's title, period, highlighted ward, source and link back: what a reader of someone else's
    page needs to trust the figure and find the rest."""
    return render("embed_header.html", title=title, period=period, ward_name=ward_name, source=source, link=link)


def map_period(values: pd.DataFrame) -> str:
    """The periods of a map's figures (wards can differ in when each was last published)."""
    return ", ".join(sorted(set(values.period_label))) or "no figures"


def map_height(ward_name: str | None) -> int:
    """The map's height in its embed's frame: the frame less the first lines (one more with a ward named)
    and the legend beneath."""
    return EMBED_HEIGHTS["map"] - EMBED_CHROME_PX - (18 if ward_name else 0) - 90
