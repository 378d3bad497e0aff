"""A chart's or map's image to download, beside its CSV: the SVG the page drew, as a document with its title,
period, source and licence drawn in (presentation/chart_image), and that SVG as a PNG, drawn by Chromium on
the server only when asked for (publish/pdf.svg_to_png): a browser's own 'save image' has neither the words
nor, for an inline SVG, a file at all, and Plotly's PNG button covers only the interactive charts, untitled."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from presentation.chart_image import first_svg, image_svg
from presentation.wording import attribution_text, period_span, source_text

from . import cache, data


def image_document(
    drawing_html: str,
    title: str,
    rows: pd.DataFrame,
    dark: bool,
    legend: Sequence[tuple[str, str]] = (),
    note: str = "",
) -> bytes:
    """The standalone SVG of a drawing on the page (the widest, if drawn at several widths) with the title,
    the period and sources of `rows` (period, period_label and source_id columns) and a map's legend."""
    return data.per_build(_document, drawing_html, title, rows, dark, tuple(legend), note)


def _document(drawing_html: str, title: str, rows: pd.DataFrame, dark: bool, legend: tuple, note: str) -> bytes:
    ids = list(rows["source_id"]) if "source_id" in rows.columns else []
    return image_svg(
        first_svg(drawing_html),
        title,
        period_span(rows),
        source_text(data.sources(), ids),
        attribution_text(data.sources(), ids),
        dark,
        legend,
        note,
    ).encode()


def _png_of(document: bytes) -> bytes:
    from publish.pdf import svg_to_png

    text = document.decode()
    width, height = (round(float(v)) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', text).groups())
    return svg_to_png(text, width, height)


def _png(document: bytes):
    """The deferred PNG maker of a download button, called on a click in a thread of Streamlit's (where this
    run is out of reach, so its key is taken now): one PNG per document in the one cache, shared by every
    session, as Chromium takes a second or two to draw one."""
    run = data.run()
    return lambda: cache.kept(run, _png_of, document)


def image_buttons(document: bytes, key: str, what: str = "chart") -> None:
    """'Download the chart (SVG)' and '(PNG)' buttons of a drawing on the page: its image_document, made with
    the drawing's other pieces (kept with them, so a rerun hashes nothing to find it)."""
    name = f"one-stockport-{key}"
    st.download_button(
        f"Download the {what} (SVG)",
        document,
        file_name=f"{name}.svg",
        mime="image/svg+xml",
        key=f"svg-{key}",
        on_click="ignore",
    )
    st.download_button(
        f"Download the {what} (PNG)",
        _png(document),
        file_name=f"{name}.png",
        mime="image/png",
        key=f"png-{key}",
        on_click="ignore",
    )
