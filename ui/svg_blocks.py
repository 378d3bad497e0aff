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
from presentation.wording import fmt

from . import data
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
    texts = [fmt(v, unit, decimals) for v in values]
    desc = "; ".join(f"{label} {text}" for label, text in zip(labels, texts)) + "."
    if references:
        desc += " " + "; ".join(name for _, name in references) + "."
    return data.per_build(_bars_html, labels, values, texts, title, desc, frozenset(highlight), tuple(references), key)


def _bars_html(labels: list[str], values: list[float], texts: list[str], title: str, desc: str,
               highlight: frozenset[str], references: tuple[tuple[float, str], ...], key: str) -> str:
    return _both(partial(_bars_svg, labels, values, texts, title, desc, highlight, references), key)


def _bars_svg(labels, values, texts, title, desc, highlight, references, uid: str, width: int, narrow: bool) -> str:
    return svgchart.bars(labels, values, texts, title, desc, uid, highlight=set(highlight), width=width, ink="currentColor",
                         left=_left(labels) + (8 * max(map(len, texts), default=0) if references else 0),
                         references=list(references), narrow=narrow)


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
    return data.per_build(_stacked_html, labels, values, texts, totals, title, desc, colours, frozenset(highlight), key)


def _stacked_html(labels: list[str], values: dict[str, list[float]], texts: dict[str, list[str]], totals: list[str],
                  title: str, desc: str, colours: list[str], highlight: frozenset[str], key: str) -> str:
    return _both(partial(_stacked_svg, labels, values, texts, totals, title, desc, colours, highlight), key)


def _stacked_svg(labels, values, texts, totals, title, desc, colours, highlight, uid: str, width: int, narrow: bool) -> str:
    return svgchart.stacked_bars(labels, values, texts, totals, title, desc, uid, colours, highlight=set(highlight),
                                 width=width, ink="currentColor", left=_left(labels), narrow=narrow)


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
    return data.per_build(_trend_html, frame, targets, title, unit, decimals, emphasis, colours, key)


def _trend_html(frame: pd.DataFrame, targets: pd.DataFrame, title: str, unit: str, decimals: int, emphasis: str,
                colours: list[str], key: str) -> str:
    # The run's day is in every key: a target's deadline passing changes what is drawn.
    shown = partial(fmt, unit=unit, decimals=decimals)
    marks = chart_targets(list(targets.itertuples()), frame, unit, shown)
    return _both(partial(_trend_svg, frame, title, shown, unit, emphasis, marks, colours), key, extra_wide=True)


def _trend_svg(frame, title, shown, unit, emphasis, marks, colours, uid: str, width: int, narrow: bool) -> str:
    return svgchart.trend(frame, title, uid, shown, unit, emphasis, marks, width=width, ink="currentColor",
                          colours=colours, narrow=narrow)
