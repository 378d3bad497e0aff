"""The dashboard's own CSS, sent first in every run, and the height a chart or map will take
reserved before it draws, so content below does not jump when it arrives.

The rules go out as Markdown, which the browser draws in order as it arrives: st.html with only a
<style> is drawn in Streamlit's event container after the run has finished (measured: 1.5 s after
the sidebar), too late to hold anything in place."""
from __future__ import annotations

import re

import streamlit as st

# Each chart or map element's height before its JavaScript has drawn it: at least the smallest
# figure the app draws of that kind (presentation/charts.py, ui/maps.py); reserve_height gives
# the exact height of one figure.
RESERVED_PX = {"stPlotlyChart": 320, "stDeckGlJsonChart": 440}

APP_CSS = (
    # Captions are drawn in a faded text colour that fails WCAG AA contrast; keep them dark enough.
    "[data-testid='stCaptionContainer'], [data-testid='stCaptionContainer'] p "
    "{color: inherit !important; opacity: 1 !important;}"
    # Data tables (ui/charts.data_table): scroll sideways inside their own region.
    ".os-table {overflow: auto; max-height: 28rem; margin-top: 0.5rem;} .os-table table {font-size: 0.85rem;}"
    ".os-table td, .os-table th {white-space: nowrap;}"
    ".os-table caption {text-align: left; font-weight: 600;} .os-table .num {text-align: right;}"
    # Embed code (ui/charts.embed_snippet): wraps, and stays readable in both themes.
    ".os-code {white-space: pre-wrap; word-break: break-all; padding: 0.75rem; border-radius: 0.5rem;"
    " font-family: 'Source Code Pro', monospace;"
    " background: rgba(128, 128, 128, 0.12); font-size: 0.85rem;}"
    # An element that only carries rules (these, reserve_height's) takes no room, not even a gap.
    "[data-testid='stElementContainer']:has([data-testid='stMarkdownContainer'] > style:only-child) {display: none;}"
    + "".join(f"[data-testid='stElementContainer']:has([data-testid='{kind}']) {{min-height: {px}px;}}"
              for kind, px in RESERVED_PX.items())
)

_KEY = re.compile(r"[^A-Za-z0-9_-]")


def apply() -> None:
    """The app-wide rules; dashboard.py calls this once per run, before anything is drawn."""
    st.markdown(f"<style>{APP_CSS}</style>", unsafe_allow_html=True)


def reserve_height(key: str, px: int | float | None) -> None:
    """Reserve `px` pixels for the chart or map drawn with widget key `key` (Streamlit gives its
    container the class st-key-<key>) until it has drawn, so nothing below it moves."""
    if px:
        st.markdown(f"<style>[data-testid='stElementContainer'].st-key-{_KEY.sub('-', key)} {{min-height: {int(px)}px;}}</style>", unsafe_allow_html=True)
