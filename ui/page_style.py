"""The dashboard's own CSS, sent first in every run, and boxes that hold a chart's or map's
height from the first frame, so content below does not jump when it arrives.

The rules go out as Markdown with HTML, which Streamlit draws only once it has fetched the script
for HTML in Markdown (190 KB), after plain elements have drawn: on a first visit anything that
depends on them moves. So the page is shown only with them (revealed), and a chart's or map's
height is held by a Streamlit container of fixed height, there from the first frame (st.html is
no earlier: its script is fetched the same way)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from presentation import tiles
from presentation.htmldoc import markup, render, stylesheet

from . import phone_menu, ward_picker

PAGE_KEY = "os_page"
LINK_KEY = "os-link"  # a link to another page (page_link)

# One menu at each width: Streamlit's top menu folds into its sidebar drawer below 768 px; there the
# app's own menu replaces the drawer's bare button (ui/phone_menu.py). Internal test id: canary in
# tests/e2e/test_navigation.py.
NARROW_PX = 768
PHONE_MENU_CSS = (
    f"@media (min-width: {NARROW_PX}px) {{.st-key-{phone_menu.MENU_KEY} {{display: none;}}}}"
    f"@media (max-width: {NARROW_PX - 0.02}px) {{[data-testid='stExpandSidebarButton'] {{display: none;}}"
    # The ward row holds the menu's line too, at the height it had before these rules arrived.
    f".st-key-{ward_picker.ROW_KEY} {{height: {ward_picker.ROW_PX + phone_menu.BUTTON_PX}px;}}}}"
)

APP_CSS = (
    stylesheet("app.css")  # captions, data tables, embed code
    + tiles.CSS  # the overview's tiles: drawn later, their rules would reflow the page
    # An element that only carries rules takes no room, not even a gap.
    + "[data-testid='stElementContainer']:has([data-testid='stMarkdownContainer'] > style:only-child) {display: none;}"
    + f".st-key-{ward_picker.ROW_KEY} {{height: {ward_picker.ROW_PX}px;}}"  # the same height whatever it holds
    + PHONE_MENU_CSS
    # A page link's placeholder takes the room the link will: 2rem high, less the 0.375rem Streamlit pulls
    # its box in by above and below.
    + f"[class*='st-key-{LINK_KEY}-'] [data-testid='stSkeleton'] {{height: 1.25rem;}}"
    # The page's own box opens with these rules (see revealed).
    + f"[data-testid='stLayoutWrapper']:has(> .st-key-{PAGE_KEY}), .st-key-{PAGE_KEY} "
    "{height: auto !important; overflow: visible !important;}"
)


def apply(where: DeltaGenerator | None = None) -> None:
    """The app-wide rules; dashboard.py calls this once per run, before anything else is drawn
    (into the ward row on a page, where its element changing size moves nothing)."""
    (where or st).markdown(f"<style>{APP_CSS}</style>", unsafe_allow_html=True, width=1)


def held(px: int | float) -> DeltaGenerator:
    """A box exactly `px` high from the moment it arrives, for one chart or map that draws later
    (its JavaScript is fetched and run first): nothing below it moves when it draws."""
    return st.container(height=int(px), border=False, gap=None)


def revealed() -> DeltaGenerator:
    """The box a page draws into: 1 px high until the app's rules arrive, then as high as what it
    holds. A page's HTML (tiles, tables, maps' legends) is drawn only with those rules, and its
    plain elements earlier: drawn at once, they would sit where the HTML is still to come and be
    pushed down by it. So the page appears in one step, with everything where it stays."""
    return st.container(key=PAGE_KEY, height=1, border=False)


def page_link(page: str, label: str) -> None:
    """A link to another page of the app that moves nothing as it arrives. Streamlit draws a link only once
    it has fetched the link's script; the placeholder it shows meanwhile was 20 px taller than the link, so
    everything below moved up (a layout shift of 0.011 on the ward profile's first screen)."""
    with st.container(key=f"{LINK_KEY}-{Path(page).stem}"):
        st.page_link(page, label=label)


def folded_html(summary: str, body_html: str, open_: bool = False) -> str:
    """`body_html` (HTML this code built) under a native disclosure titled `summary` (text)."""
    # Kept on one line: inside Markdown, a blank line would end the HTML and parse the rest as Markdown.
    return render("fold.html", summary=summary, body=markup(" ".join(body_html.splitlines())), open=open_)


def folded(summary: str, body_html: str, open_: bool = False) -> None:
    """A folded part of the page (a table, embed code) drawn as HTML with the rest, not as a widget."""
    st.markdown(folded_html(summary, body_html, open_), unsafe_allow_html=True)
