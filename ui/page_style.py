"""The dashboard's own CSS, sent first in every run, and the height a chart or map will take
reserved before it draws, so content below does not jump when it arrives.

The rules go out as Markdown, which the browser draws in order as it arrives: st.html with only a
<style> is drawn in Streamlit's event container after the run has finished (measured: 1.5 s after
the first elements), too late to hold anything in place."""
from __future__ import annotations

import re

import streamlit as st

from presentation import tiles
from presentation.htmldoc import stylesheet

from . import ward_picker

# Each chart or map element's height before its JavaScript has drawn it: at least the smallest
# figure the app draws of that kind (presentation/charts.py, ui/maps.py); reserve_height gives
# the exact height of one figure.
RESERVED_PX = {"stPlotlyChart": 320, "stDeckGlJsonChart": 440}

APP_CSS = (
    stylesheet("app.css")  # captions, data tables, embed code
    + tiles.CSS  # the overview's tiles: drawn later, their rules would reflow the page
    # An element that only carries rules (these, reserve_height's) takes no room, not even a gap.
    + "[data-testid='stElementContainer']:has([data-testid='stMarkdownContainer'] > style:only-child) {display: none;}"
    + "".join(f"[data-testid='stElementContainer']:has([data-testid='{kind}']) {{min-height: {px}px;}}"
              for kind, px in RESERVED_PX.items())
    + f".st-key-{ward_picker.ROW_KEY} {{height: {ward_picker.ROW_PX}px;}}"  # the same height whatever it holds
)

_KEY = re.compile(r"[^A-Za-z0-9_-]")


def apply() -> None:
    """The app-wide rules; dashboard.py calls this once per run, before anything is drawn."""
    st.markdown(f"<style>{APP_CSS}</style>", unsafe_allow_html=True)


def height_rule(key: str, px: int | float | None) -> str:
    """A <style> reserving `px` pixels for the chart or map drawn with widget key `key` (Streamlit
    gives its container the class st-key-<key>) until it has drawn, so nothing below it moves."""
    if not px:
        return ""
    return f"<style>[data-testid='stElementContainer'].st-key-{_KEY.sub('-', key)} {{min-height: {int(px)}px;}}</style>"


def reserve_height(key: str, px: int | float | None) -> None:
    """height_rule as an element of its own (it takes no room), for a map or chart without a title above it."""
    if px:
        st.markdown(height_rule(key, px), unsafe_allow_html=True)
