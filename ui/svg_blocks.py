"""Charts drawn on the server as inline SVG: nothing for the browser to load or run, a <title> hover
per bar, text in the page's own colour (either theme). Each is drawn twice, names beside the bars for a
wide column and above them for a phone's, and the column's own width picks one (a CSS container query)."""
from __future__ import annotations

from collections.abc import Sequence

from functools import partial

import pandas as pd
import streamlit as st

from presentation import svgchart
from presentation.target_marks import chart_targets
from presentation.theme import DARK_PALETTE, PALETTE
from presentation.wording import figure_text, fmt

from pipeline import clock

from . import reuse
from .md import md_text
from .charts import chart_notes, out_of_date_note, page_is_dark, source_line

WIDE, NARROW = 720, 360  # px: the narrow drawing is used in a column under 560 px (app.css)
EXTRA_WIDE = 1120  # px: a time chart's drawing in a column of 1000 px or more (a desktop's full width)


def _both(draw, key: str, extra_wide: bool = False) -> str:
    uid = "svg-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in key)
    # A time chart reads better the wider its years are spread: on a desktop it takes the column's width.
    widest = f'<div class="os-xwide">{draw(uid + "-x", EXTRA_WIDE, False)}</div>' if extra_wide else ""
    return (f'<div class="os-svg-chart os-still{" os-three" if extra_wide else ""}">{widest}'
            f'<div class="os-wide">{draw(uid + "-w", WIDE, False)}</div>'
            f'<div class="os-narrow">{draw(uid + "-n", NARROW, True)}</div></div>')


def _left(labels: Sequence[str]) -> int:
    return min(250, max(80, 8 * max(map(len, labels), default=0) + 16))  # room for the longest name


def bars(frame: pd.DataFrame, category: str, value: str, title: str, unit: str, decimals: int, key: str,
         highlight: set[str] = frozenset(), references: Sequence[tuple[float, str]] = ()) -> str:
    """Horizontal bars of `frame` (one row per bar, in its order) as page HTML; `references`: (value,
    name) lines across them, e.g. the borough's figure or a target."""
    labels = [str(c) for c in frame[category]]
    values = [float(v) for v in frame[value]]
    statuses = frame["status"] if "status" in frame.columns else [None] * len(frame)
    texts = [figure_text(v, unit, decimals, status) for v, status in zip(values, statuses)]  # as bar_chart's
    desc = "; ".join(f"{label} {text}" for label, text in zip(labels, texts)) + "."
    if references:
        desc += " " + "; ".join(name for _, name in references) + "."

    def make() -> str:
        return _both(lambda uid, width, narrow: svgchart.bars(
            labels, values, texts, title, desc, uid, highlight=set(highlight), width=width, ink="currentColor",
            left=_left(labels) + (8 * max(map(len, texts), default=0) if references else 0), references=references,
            narrow=narrow), key)
    return reuse.PIECES.get(("svg-bars", reuse.digest(labels, values, texts, title, sorted(highlight),
                                                      list(references), key)), make)


def stacked(frame: pd.DataFrame, category: str, parts: dict[str, str], title: str, unit: str, decimals: int,
            key: str, highlight: set[str] = frozenset(), total: str | None = None) -> str:
    """Horizontal bars split into `parts` (column → name) that add up to each bar's total: the `total`
    column (e.g. a score), else the parts' sum. Give the parts unrounded: each, and the total printed at
    the bar's end, is rounded once from its own value (a total of rounded parts was 0.1 off the score)."""
    labels = [str(c) for c in frame[category]]
    values = {name: [float(v) for v in frame[column]] for column, name in parts.items()}
    texts = {name: [fmt(v, unit, decimals) for v in vs] for name, vs in values.items()}
    totals = [fmt(float(t), unit, decimals) for t in (frame[total] if total else frame[list(parts)].sum(axis=1))]
    desc = "; ".join(f"{label} {total}" for label, total in zip(labels, totals)) + ". Parts: " + ", ".join(parts.values()) + "."
    colours = DARK_PALETTE if page_is_dark() else PALETTE

    def make() -> str:
        return _both(lambda uid, width, narrow: svgchart.stacked_bars(
            labels, values, texts, totals, title, desc, uid, colours, highlight=set(highlight), width=width,
            ink="currentColor", left=_left(labels), narrow=narrow), key)
    return reuse.PIECES.get(("svg-stacked", reuse.digest(labels, values, totals, title, sorted(highlight), colours, key)), make)


def bars_block(frame: pd.DataFrame, category: str, value: str, title: str, unit: str, decimals: int, key: str,
               highlight: set[str] = frozenset(), note: str | None = None) -> None:
    """Bars (`bars`) under their title, then their source line and `note`: a small comparison that
    needs no table or download of its own (the page's table holds its figures)."""
    st.markdown(f"**{md_text(title)}**")  # as chart_block titles every chart
    st.markdown(bars(frame, category, value, title, unit, decimals, key, highlight), unsafe_allow_html=True)
    chart_notes(source_line(frame["source_id"]), out_of_date_note(frame), note=note)


def trend(frame: pd.DataFrame, meta: dict, targets: pd.DataFrame, key: str, emphasis: str = "Stockport") -> str:
    """The indicator over time (frame: data.trend rows) with each target (data.targets rows) and the
    recent pace, as page HTML: what ui/blocks.trend_figure draws with Plotly, from the same rows."""
    unit, decimals = meta["unit"], int(meta["decimals"])
    title = f"{meta['title']} over time ({unit})"
    colours = DARK_PALETTE if page_is_dark() else PALETTE

    def make() -> str:
        shown = partial(fmt, unit=unit, decimals=decimals)
        marks = chart_targets(list(targets.itertuples()), frame, unit, shown)
        return _both(lambda uid, width, narrow: svgchart.trend(
            frame, title, uid, shown, unit, emphasis, marks, width=width, ink="currentColor",
            colours=colours, narrow=narrow), key, extra_wide=True)
    # The day is in the key: a target's deadline passing changes what is drawn.
    return reuse.PIECES.get(("svg-trend", reuse.digest(frame, targets, title, decimals, emphasis, colours, key),
                             clock.today()), make)
