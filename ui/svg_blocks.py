"""Charts drawn on the server as inline SVG: nothing for the browser to load or run, a <title> hover
per bar, text in the page's own colour (either theme). Each is drawn twice, names beside the bars for a
wide column and above them for a phone's, and the column's own width picks one (a CSS container query)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import pandas as pd
import streamlit as st

from presentation import svg_stills, svgchart
from presentation.svg_stills import both_widths, left_room
from presentation.theme import DARK_PALETTE, PALETTE
from presentation.wording import fmt

from . import data
from .md import md_text
from .charts import chart_notes, out_of_date_note, page_is_dark, source_line


def bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    unit: str,
    decimals: int,
    key: str,
    highlight: set[str] = frozenset(),
    references: Sequence[tuple[float, str]] = (),
) -> str:
    """svg_stills.bars, made once per distinct bars (ui/cache.py)."""
    shown = frame[[category, value, *(["status"] if "status" in frame.columns else [])]]
    return data.per_build(
        svg_stills.bars, shown, category, value, title, unit, decimals, key, frozenset(highlight), tuple(references)
    )


def stacked(
    frame: pd.DataFrame,
    category: str,
    parts: dict[str, str],
    title: str,
    unit: str,
    decimals: int,
    key: str,
    highlight: set[str] = frozenset(),
    total: str | None = None,
) -> str:
    """Horizontal bars split into `parts` (column → name) that add up to each bar's total: the `total`
    column (e.g. a score), else the parts' sum. Give the parts unrounded: each, and the total printed at
    the bar's end, is rounded once from its own value (a total of rounded parts was 0.1 off the score)."""
    labels = [str(c) for c in frame[category]]
    values = {name: [float(v) for v in frame[column]] for column, name in parts.items()}
    texts = {name: [fmt(v, unit, decimals) for v in vs] for name, vs in values.items()}
    totals = [fmt(float(t), unit, decimals) for t in (frame[total] if total else frame[list(parts)].sum(axis=1))]
    desc = (
        "; ".join(f"{label} {total}" for label, total in zip(labels, totals))
        + ". Parts: "
        + ", ".join(parts.values())
        + "."
    )
    colours = DARK_PALETTE if page_is_dark() else PALETTE
    return data.per_build(
        _stacked_html, labels, values, texts, totals, title, desc, list(colours), frozenset(highlight), key
    )


def _stacked_html(
    labels: list[str],
    values: dict[str, list[float]],
    texts: dict[str, list[str]],
    totals: list[str],
    title: str,
    desc: str,
    colours: list[str],
    highlight: frozenset[str],
    key: str,
) -> str:
    return both_widths(
        lambda uid, width, narrow: svgchart.stacked_bars(
            labels,
            values,
            texts,
            totals,
            title,
            desc,
            uid,
            colours,
            highlight=set(highlight),
            width=width,
            ink="currentColor",
            left=left_room(labels),
            narrow=narrow,
        ),
        key,
    )


class Bars(NamedTuple):
    """Bars to show (show_bars), made once: their title, the bars, and the lines under them."""

    title: str
    html: str
    source: str
    stale: str | None
    note: str | None


def bars_parts(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    unit: str,
    decimals: int,
    key: str,
    highlight: set[str] = frozenset(),
    note: str | None = None,
) -> Bars:
    """The pieces show_bars shows; a maker that reads its rows itself can keep them (data.per_build), so a
    rerun hashes no frame."""
    return Bars(
        title,
        bars(frame, category, value, title, unit, decimals, key, highlight),
        source_line(frame["source_id"]),
        out_of_date_note(frame),
        note,
    )


def show_bars(made: Bars) -> None:
    """Bars under their title, then their source line and note: a small comparison that needs no table or
    download of its own (the page's table holds its figures)."""
    st.markdown(f"**{md_text(made.title)}**")  # as chart_block titles every chart
    st.markdown(made.html, unsafe_allow_html=True)
    chart_notes(made.source, made.stale, note=made.note)


def trend(frame: pd.DataFrame, meta: dict, targets: pd.DataFrame, key: str, emphasis: str = "Stockport") -> str:
    """svg_stills.trend in the page's theme, made once per distinct trend and day (ui/cache.py keys every
    result on the run's day: a target's deadline passing changes what is drawn)."""
    colours = DARK_PALETTE if page_is_dark() else PALETTE
    return data.per_build(svg_stills.trend, frame, dict(meta), targets, key, emphasis, list(colours))
