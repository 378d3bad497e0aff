"""Data and methods' tables as a reader sees them: the indicator lists by theme, the late releases, every
indicator's schedule and every source, with headings in words (the CSVs keep the field names).
Streamlit-free, so views/data_methods.py only lays them out."""

from __future__ import annotations

import pandas as pd

from presentation.htmldoc import render
from presentation.wording import release_words

# The words a reader sees for an area type, an audience and a polarity (the CSVs keep the field values).
AREA_WORDS = {
    "lad": "local authority",
    "lsoa": "LSOA",
    "ward": "ward",
    "combined authority": "combined authority",
    "region": "region",
    "country": "country",
}
AUDIENCE_WORDS = {"public": "everyone", "internal": "council officers only"}
POLARITY_WORDS = {"higher": "better", "lower": "worse", "neutral": "neither better nor worse"}


def indicator_lists(indicators: pd.DataFrame) -> list[tuple[str, str]]:
    """(theme, its indicators as one list of disclosures), themes and indicators in the order given."""
    return [
        (
            theme.capitalize(),
            render(
                "indicator_list.html",
                label=f"{theme.capitalize()} indicators",
                indicators=[
                    dict(
                        title=i.title,
                        unit=i.unit,
                        methodology=i.methodology,
                        source_title=i.source_title,
                        publisher=i.publisher,
                        vintage=i.vintage,
                        geography=", ".join(AREA_WORDS.get(g, g) for g in i.geographies.split(",")),
                        licence=i.licence,
                        higher_is=POLARITY_WORDS[i.polarity],
                        shown_to=AUDIENCE_WORDS.get(i.audience, i.audience),
                    )
                    for i in group.itertuples()
                ],
            ),
        )
        for theme, group in indicators.groupby("theme", sort=False)
    ]


def late_rows(late: pd.DataFrame, with_commands: bool) -> pd.DataFrame:
    """freshness.by_source's rows in words; the command that refreshes each only for the data team."""
    columns = {
        "publisher": "Publisher",
        "indicators": "Indicators",
        "held": "Latest figures held",
        "expected_next": "Update expected since",
    }
    if with_commands:
        columns["command"] = "How to refresh"
    return late.assign(expected_next=late.expected_next.dt.strftime("%b %Y"))[list(columns)].rename(columns=columns)


def schedule_rows(fresh: pd.DataFrame) -> pd.DataFrame:
    """Every indicator's latest figure and its next release, in words."""
    return fresh.assign(
        area_type=fresh.area_type.map(lambda a: AREA_WORDS.get(a, a)),
        expected_next=[
            release_words(d, late) or "no fixed schedule" for d, late in zip(fresh.expected_next, fresh.out_of_date)
        ],
    )[["title", "area_type", "latest_period", "frequency", "expected_next"]].rename(
        columns={
            "title": "Indicator",
            "area_type": "Geography",
            "latest_period": "Latest figure held",
            "frequency": "Publisher updates",
            "expected_next": "Next release",
        }
    )


def source_rows(sources: pd.DataFrame) -> pd.DataFrame:
    """Every source: publisher, edition, licence, when retrieved, rows read, checksum and address."""
    return sources[["title", "publisher", "vintage", "licence", "retrieved_at", "rows", "sha256", "url"]].rename(
        columns={
            "title": "Source",
            "publisher": "Publisher",
            "vintage": "Edition",
            "licence": "Licence",
            "retrieved_at": "Retrieved",
            "rows": "Rows read",
            "sha256": "Checksum (SHA-256)",
            "url": "Web address",
        }
    )
