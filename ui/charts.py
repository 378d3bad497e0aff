"""Chart blocks: every chart gets a title, units, a source line, a table and a CSV of exactly its data."""
from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pipeline.csv_safety import to_csv_bytes
from presentation.charts import bar_chart, base_layout, line_chart, scatter_chart, stacked_bar  # noqa: F401
from presentation.htmldoc import table as table_html
from presentation.tables import add_source_columns, freshness_columns  # noqa: F401
from presentation.target_drawing import add_target, target_sentence  # noqa: F401
from presentation.theme import FONT, HIGHLIGHT, MUTED, PALETTE  # noqa: F401
from presentation.wording import figure_text, fmt, out_of_date_note, source_text, unit_label  # noqa: F401

from . import data


def data_table(frame: pd.DataFrame, caption: str, wrap: bool = False) -> None:
    """A plain HTML table (caption, scoped headers, every cell escaped) in a scrollable region a
    keyboard can reach. Streamlit's data grid costs a page about a quarter of a bare app's load
    time the first time it appears (bench/component_floor.py); this costs nothing."""
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    label = escape(caption, quote=True)
    wrapping = " os-wrap" if wrap else ""  # a few wide text columns: wrap to the width rather than scroll
    st.markdown(f'<div class="os-table{wrapping}" role="region" aria-label="{label}" tabindex="0">'
                + table_html(frame, caption, numeric) + "</div>", unsafe_allow_html=True)


def csv_maker(frame: pd.DataFrame):
    """CSV bytes made when the button is clicked, not on every run (runs stay quick, and nothing
    is sent to the browser until asked for); text that a spreadsheet would run as a formula is made inert."""
    return lambda: to_csv_bytes(frame)


def with_sources(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its sources' publisher, licence and attribution, and freshness in words."""
    return add_source_columns(frame, data.sources())


def source_line(source_ids) -> str:
    return source_text(data.sources(), source_ids)


def embed_snippet(view: str, title: str, **params: str) -> None:
    """An 'Embed this' expander with an <iframe> (titled for screen readers) for a public view."""
    from urllib.parse import urlencode, urlsplit
    try:
        parts = urlsplit(st.context.url or "")
        base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    except Exception:  # outside a browser session (tests): a relative address
        base = ""
    query = urlencode({"view": view, **{k: v for k, v in params.items() if v}, "embed": "true"})
    html = (f'<iframe title="{escape(title, quote=True)} (One Stockport)" src="{base}/embed?{query}" '
            f'width="100%" height="{620 if view == "map" else 520}" style="border:0" loading="lazy"></iframe>')
    with st.expander("Embed this"):
        # Plain preformatted text, not st.code: its syntax highlighter is 1.5 MB of JavaScript that
        # every first visit to a page with an embed snippet would download and parse.
        # (A <pre> or <code> in Markdown becomes that same code block, so this is a styled <div>.)
        st.markdown(f'<div class="os-code" role="region" tabindex="0" aria-label="Embed code for '
                    f'{escape(title, quote=True)}">{escape(html)}</div>', unsafe_allow_html=True)
        st.caption("Public figures only. Select the code and paste it into any web page; the view keeps itself up to date.")


def chart_block(fig: go.Figure, frame: pd.DataFrame, key: str, note: str | None = None,
                embed: dict | None = None) -> None:
    """The chart, its source line, an 'as a table' view, a CSV of exactly that data, and its embed code."""
    # theme=None: our own layout (dark text on white) in both themes; Streamlit's dark theme would
    # otherwise draw light legend text on the white chart.
    st.plotly_chart(fig, width="stretch", key=f"chart-{key}", theme=None,
                    config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]})
    if "source_id" in frame.columns:
        st.caption(source_line(frame["source_id"]))
    if stale := out_of_date_note(frame):
        st.warning(stale, icon=":material/schedule:")
    if "status" in frame.columns and (frame["status"] == "sample").any():
        st.warning("Includes SAMPLE figures (not official statistics).", icon=":material/science:")
    if "status" in frame.columns and (frame["status"] == "suppressed").any():
        st.caption("Some figures are suppressed (fewer than 10 people, or to protect another suppressed figure).")
    if note:
        st.caption(note)
    table = with_sources(frame)
    with st.expander("As a table"):
        title = (fig.layout.title.text or key).replace("<br>", " ")  # long titles wrap on the chart
        data_table(table, f"The figures in the chart '{title}'")
    st.download_button("Download the data (CSV)", csv_maker(table),
                       file_name=f"one-stockport-{key}.csv", mime="text/csv", key=f"csv-{key}")
    if embed:
        embed_snippet(**embed)
