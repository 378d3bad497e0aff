"""Tables as handed to readers: freshness in words, each row's sources, areas ranked best first."""

from __future__ import annotations

import pandas as pd

from pipeline.registry import load_registry

from .wording import late_flags, rounded


def rounded_columns(frame: pd.DataFrame, columns, decimals: int) -> pd.DataFrame:
    """`frame` with `columns` as a table shows and a CSV gives them: each figure rounded once from its
    unrounded value by wording.rounded, the rounding every label uses (pandas' own .round can differ)."""
    return frame.assign(**{c: frame[c].map(lambda v: v if pd.isna(v) else rounded(v, decimals)) for c in columns})


def freshness_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Freshness in words a spreadsheet reader understands: the expected next release and a flag."""
    if "out_of_date" not in frame.columns:
        return frame
    due = ["" if pd.isna(d) else f"{d:%Y-%m}" for d in frame["expected_next"]]
    return frame.drop(columns=["out_of_date", "expected_next", "late_after"], errors="ignore").assign(
        expected_next_release=due, freshness=late_flags(frame)
    )


def add_source_columns(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Freshness in words plus publisher, licence, attribution and source vintage columns, so a
    downloaded table carries its sources."""
    frame = freshness_columns(frame)
    if "source_id" not in frame.columns:
        return frame
    known = sources.set_index("id")
    ids = frame["source_id"]
    return frame.assign(
        **{
            column: ids.map(known[field])
            for column, field in (
                ("publisher", "publisher"),
                ("licence", "licence"),
                ("attribution", "attribution"),
                ("source_vintage", "vintage"),
            )
        }
    )


# A table's provenance, repeated on every row of a download so each row carries its sources. On the page
# the source line under the chart or map says it once; repeated per row it was most of a table's text
# (the index's attribution names four publishers), and text the browser parses and lays out on arrival.
PROVENANCE = ("source_id", "publisher", "licence", "attribution", "source_vintage", "expected_next_release")


def on_page(frame: pd.DataFrame, decimals: int | None = None) -> pd.DataFrame:
    """A downloaded table (add_source_columns) as shown under its chart or map: its figures, ranks,
    status and notes, without the provenance columns the source line above already gives, the period
    code beside its label, or columns with nothing in them. With `decimals`, its figures are rounded
    as the chart's labels round them; the download keeps them unrounded."""
    shown = frame.drop(columns=[c for c in PROVENANCE if c in frame.columns])
    if decimals is not None and "value" in shown.columns:
        shown = rounded_columns(shown, ["value"], decimals)
    if "period_label" in shown.columns and "period" in shown.columns:
        shown = shown.drop(columns=["period"])
    empty = [
        c
        for c in ("note", "freshness")
        if c in shown.columns and shown[c].map(lambda v: pd.isna(v) or str(v).strip() == "").all()
    ]
    return shown.drop(columns=empty)


def latest_best_first(series: pd.DataFrame, polarity: str) -> pd.DataFrame:
    """Each area's latest figure from a `series` frame, best first by the indicator's polarity
    (highest first when neither higher nor lower is better)."""
    latest = series.sort_values("period_start").groupby("area_code").tail(1)
    return latest.sort_values("value", ascending=polarity == "lower").reset_index(drop=True)


def supported_per_1000_all_wards(reach: pd.DataFrame) -> float:
    """The programme's reach across every ward (ward_reach rows): all supported over all residents."""
    return float(1000 * reach.value.sum() / reach.residents_census_2021.sum())


def in_registry_order(frame: pd.DataFrame, column: str = "indicator_id") -> pd.DataFrame:
    """Rows in the registry's indicator order: the one order every page lists indicators in."""
    order = {indicator: n for n, indicator in enumerate(load_registry().indicators)}
    return frame.sort_values(column, key=lambda ids: ids.map(order), kind="stable").reset_index(drop=True)
