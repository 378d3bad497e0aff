"""Small comparison charts drawn on the server as inline SVG: nothing for the browser to load or run, a
<title> hover per bar, text in the page's own colour (either theme), and the chart's title and source line."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from presentation import svgchart
from presentation.htmldoc import escape
from presentation.wording import fmt

from .charts import out_of_date_note, source_line


def bars_block(frame: pd.DataFrame, category: str, value: str, title: str, unit: str, decimals: int, key: str,
               highlight: set[str] = frozenset(), note: str | None = None, width: int = 480) -> None:
    """Horizontal bars of `frame` (one row per bar, with a source_id column) under its title, then its
    source line and `note`. A screen reader reads the title and every bar's value from the SVG's text."""
    labels = [str(c) for c in frame[category]]
    values = [float(v) for v in frame[value]]
    texts = [fmt(v, unit, decimals) for v in values]
    left = min(250, max(80, 8 * max(map(len, labels), default=0) + 16))  # room for the longest label
    desc = "; ".join(f"{label} {text}" for label, text in zip(labels, texts)) + "."
    svg = svgchart.bars(labels, values, texts, title, desc, f"svg-{key}", highlight=highlight, width=width,
                        ink="currentColor", left=left)
    st.markdown(f'<p class="os-chart-title" style="font-weight:600;font-size:1.05rem;margin:0">{escape(title)}</p>'
                f'<div class="os-svg-chart">{svg}</div>', unsafe_allow_html=True)
    st.caption(source_line(frame["source_id"]) + (f"  \n{note}" if note else ""))
    if stale := out_of_date_note(frame):
        st.warning(stale, icon=":material/schedule:")
