"""Chart blocks: every chart gets a title, units, a source line, a table and a CSV of exactly its data."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pipeline.ingest.csv_safety import to_csv_bytes
from presentation import charts as drawn, gantt
from presentation.embed_views import EMBED_HEIGHTS
from presentation.charts import base_layout, category_label, for_page_theme, untitled  # noqa: F401
from presentation.htmldoc import escape, markup, render
from presentation.tables import add_source_columns, freshness_columns, on_page  # noqa: F401 (re-exported)
from presentation.target_drawing import add_target, target_sentence  # noqa: F401
from presentation.theme import FONT, HIGHLIGHT, MUTED, PALETTE  # noqa: F401
from presentation.wording import figure_text, fmt, out_of_date_note, source_text, unit_label  # noqa: F401

from publish.static_embeds import static_embed_src

from . import data, page_style
from .cache import ReadOnlyFigure
from .chart_images import image_buttons, image_document
from .md import md_text

# -- the chart builders, each figure built once per distinct input (data.per_build) ---------------


def bar_chart(*args, **kwargs) -> go.Figure:
    return data.per_build(drawn.bar_chart, *args, **kwargs)


def line_chart(*args, **kwargs) -> go.Figure:
    return data.per_build(drawn.line_chart, *args, **kwargs)


def scatter_chart(*args, **kwargs) -> go.Figure:
    return data.per_build(drawn.scatter_chart, *args, **kwargs)


def stacked_bar(*args, **kwargs) -> go.Figure:
    return data.per_build(drawn.stacked_bar, *args, **kwargs)


def timeline_chart(*args, **kwargs) -> go.Figure:
    return data.per_build(gantt.timeline_chart, *args, **kwargs)


def page_is_dark() -> bool:
    """Whether the reader's page is in the dark theme (the browser's colour-scheme preference)."""
    try:
        return st.context.theme.type == "dark"
    except Exception:  # outside a browser session (tests)
        return False


def data_table(frame: pd.DataFrame, caption: str, wrap: bool = False) -> None:
    """A plain HTML table (caption, scoped headers, every cell escaped) in a scrollable region a
    keyboard can reach. Streamlit's data grid costs a page about a quarter of a bare app's load
    time the first time it appears (bench/component_floor.py); this costs nothing."""
    st.markdown(table_html(frame, caption, wrap), unsafe_allow_html=True)


def table_html(frame: pd.DataFrame, caption: str, wrap: bool = False) -> str:
    """data_table's HTML, made once per distinct frame (to draw inside other HTML, e.g. folded)."""
    return data.per_build(_table_html, frame, caption, wrap)


def _table_html(frame: pd.DataFrame, caption: str, wrap: bool) -> str:
    numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
    return render("table_region.html", frame=frame, caption=caption, numeric=numeric, wrap=wrap)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """`frame` as CSV bytes (text a spreadsheet would run as a formula made inert), made once per distinct
    frame (data.per_build), so a rerun redoes nothing. The bytes go with the button: a callable made them only
    when clicked, but in full browser-test runs a click on such a button now and then waited for ever (twice
    in a row on the same page; the cause was not found), and a reader's download must not."""
    return data.per_build(to_csv_bytes, frame)


def with_sources(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its sources' publisher, licence and attribution, and freshness in words."""
    return data.per_build(_with_sources, frame)


def _with_sources(frame: pd.DataFrame) -> pd.DataFrame:
    return add_source_columns(frame, data.sources())


def source_line(source_ids) -> str:
    return source_text(data.sources(), source_ids)


def _server_base() -> str:
    """This server's address as the browser reached it; outside a browser session (tests), none: relative."""
    try:
        parts = urlsplit(st.context.url or "")
        return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    except Exception:
        return ""


def embed_snippet(view: str, title: str, indicator: str, ward: str | None = None) -> None:
    """An 'Embed this' expander with an <iframe> (titled for screen readers) for a public view: the static
    export's copy where one is served (ONE_STOCKPORT_STATIC_URL), which paints at once, else the live view."""
    static = static_embed_src(view, indicator, ward)
    query = urlencode(
        {"view": view, **{k: v for k, v in {"indicator": indicator, "ward": ward}.items() if v}, "embed": "true"}
    )
    # Shown as a person would paste it (the query is URL-encoded already).
    src = markup(escape(static)) if static else markup(f"{escape(_server_base())}/embed?{query}")
    # Plain preformatted text, not st.code: its syntax highlighter is 1.5 MB of JavaScript that
    # every first visit to a page with an embed snippet would download and parse.
    # (A <pre> or <code> in Markdown becomes that same code block, so this is a styled <div>.)
    # One id per view on a host page, in letters, digits and dashes only (it sits in the script as a string).
    frame_id = re.sub(r"[^A-Za-z0-9-]", "", "one-stockport-" + "-".join(v for v in (view, indicator, ward) if v))
    follows = "each published copy of the figures" if static else "the dashboard"
    page_style.folded(
        "Embed this",
        render("embed_code.html", title=title, src=src, height=EMBED_HEIGHTS[view], frame_id=frame_id)
        + '<p class="os-fold-note">Public figures only. Select the code and paste it into any web page; '
        f"the view keeps itself up to date with {follows}.</p>",
    )


INTERACTIVE_LABEL = "Interactive chart (zoom and hover)"


def chart_block(
    fig: go.Figure,
    frame: pd.DataFrame,
    key: str,
    note: str | None = None,
    embed: dict | None = None,
) -> None:
    """The chart, its source line, an 'as a table' view, a CSV of exactly that data, and its embed code."""
    draw_chart(chart_pieces(fig, frame, key), key, note, embed)


def chart_pieces(fig: go.Figure, frame: pd.DataFrame, key: str, decimals: int | None = None) -> "ChartPieces":
    """What is drawn from the figure and its rows, made once per figure, rows, theme, build, audience
    and day, so a rerun redoes none of it.
    `decimals`: the table on the page shows `value` to these, as the chart does; the CSV keeps it unrounded."""
    return data.per_build(_chart_pieces, fig, frame, key, page_is_dark(), decimals)


def still_image(still: str, made: "ChartPieces", dark: bool) -> bytes:
    """The image to download of a chart drawn on the server (its still): titled as its pieces, with their
    rows' period and sources (ui/chart_images). Made with the pieces, so draw_chart only shows its buttons."""
    return image_document(still, made.title, made.table, dark)


def draw_chart(
    made: "ChartPieces",
    key: str,
    note: str | None = None,
    embed: dict | None = None,
    still: str | None = None,
    image: bytes | None = None,
) -> None:
    """chart_block's elements from its pieces. `still`: the same chart drawn on the server (ui/svg_blocks),
    shown in its place until the reader switches to the interactive one (Plotly's script costs a page more
    than all the rest, issue 18); `image`: the still's image_document, made with the pieces."""
    # Plain Markdown (no HTML), so the title is drawn at once at its final size; the chart's box
    # holds its height before Plotly has drawn it.
    st.markdown(f"**{md_text(made.title)}**" if made.title else "")
    if still is not None and not st.session_state.get(f"{key}-interactive"):
        st.markdown(still, unsafe_allow_html=True)
    else:
        with page_style.held(made.fig.height):
            # theme=None: our own layout, on a transparent panel in the page's own text colours.
            st.plotly_chart(
                made.fig.figure(),
                width="stretch",
                key=f"chart-{key}",
                theme=None,
                config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]},
            )
    if still is not None:
        st.toggle(
            INTERACTIVE_LABEL,
            key=f"{key}-interactive",
            help="Draws the chart with zoom, pan and hover; it takes a moment to start.",
        )
    chart_notes(made.source, made.stale, made.sample, made.suppressed, note)
    page_style.folded("As a table", made.table_html)
    with st.container(horizontal=True):
        st.download_button(
            "Download the data (CSV)", made.csv, file_name=f"one-stockport-{key}.csv", mime="text/csv", key=f"csv-{key}"
        )
        if image is not None:  # the chart drawn on the server, titled (Plotly's own button has no title)
            image_buttons(image, key)
    if embed:
        embed_snippet(**embed)


def chart_notes(
    source: str | None, stale: str | None, sample: bool = False, suppressed: bool = False, note: str | None = None
) -> None:
    """What is said under every chart, in one order: source, out of date, sample, suppressed, its note."""
    if source:
        st.caption(source)
    if stale:
        st.warning(stale, icon=":material/schedule:")
    if sample:
        st.warning("Includes SAMPLE figures (not official statistics).", icon=":material/science:")
    if suppressed:
        st.caption("Some figures are suppressed (fewer than 10 people, or to protect another suppressed figure).")
    if note:
        st.caption(note)


class ChartPieces(NamedTuple):
    title: str
    fig: ReadOnlyFigure  # drawn only when the reader asks for the interactive chart
    source: str | None
    stale: str | None
    sample: bool
    suppressed: bool
    table: pd.DataFrame
    table_html: str
    csv: bytes


def _chart_pieces(fig: go.Figure, frame: pd.DataFrame, key: str, dark: bool, decimals: int | None) -> ChartPieces:
    title, drawn_fig = themed(fig, dark)
    statuses = set(frame["status"]) if "status" in frame.columns else set()
    table = with_sources(frame)
    return ChartPieces(
        title,
        ReadOnlyFigure(drawn_fig),
        source_line(frame["source_id"]) if "source_id" in frame.columns else None,
        out_of_date_note(frame),
        "sample" in statuses,
        "suppressed" in statuses,
        table,
        _table_html(on_page(table, decimals), f"The figures in the chart '{title or key}'", False),
        to_csv_bytes(table),
    )


def themed(fig: go.Figure, dark: bool) -> tuple[str, go.Figure]:
    """The chart's title, and the chart without it in the page's theme: made once per figure and
    theme, so `fig` is left as it was."""
    return data.per_build(_themed, fig, dark)


def _themed(fig: go.Figure, dark: bool) -> tuple[str, go.Figure]:
    title, bare = untitled(go.Figure(fig))  # a copy: the caller keeps its figure
    return title, for_page_theme(bare, dark)
