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

from . import data, reuse

# One PNG per image document, shared by every session: Chromium takes a second or two to draw one.
PNGS = reuse.Shelf(max_entries=32)


def image_document(drawing_html: str, title: str, rows: pd.DataFrame, dark: bool,
                   legend: Sequence[tuple[str, str]] = (), note: str = "") -> bytes:
    """The standalone SVG of a drawing on the page (the widest, if drawn at several widths) with the title,
    the period and sources of `rows` (period, period_label and source_id columns) and a map's legend."""
    def make() -> bytes:
        ids = list(rows["source_id"]) if "source_id" in rows.columns else []
        return image_svg(first_svg(drawing_html), title, period_span(rows), source_text(data.sources(), ids),
                         attribution_text(data.sources(), ids), dark, legend, note).encode()
    return reuse.PIECES.get(("image-svg", reuse.digest(drawing_html, title, rows, list(legend), note, dark),
                             data.version(), data.audience()), make)


def _png(document: bytes):
    """The deferred PNG maker of a download button (called on a click, in a thread of Streamlit's)."""
    def make() -> bytes:
        from publish.pdf import svg_to_png
        text = document.decode()
        width, height = (round(float(v)) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', text).groups())
        return svg_to_png(text, width, height)
    return lambda: PNGS.get(reuse.digest(document), make)


def image_downloads(drawing_html: str, title: str, rows: pd.DataFrame, key: str, dark: bool, what: str = "chart",
                    legend: Sequence[tuple[str, str]] = (), note: str = "") -> None:
    """'Download the chart (SVG)' and '(PNG)' buttons of a drawing on the page (see image_document)."""
    document = image_document(drawing_html, title, rows, dark, legend, note)
    name = f"one-stockport-{key}"
    st.download_button(f"Download the {what} (SVG)", document, file_name=f"{name}.svg", mime="image/svg+xml",
                       key=f"svg-{key}", on_click="ignore")
    st.download_button(f"Download the {what} (PNG)", _png(document), file_name=f"{name}.png", mime="image/png",
                       key=f"png-{key}", on_click="ignore")
