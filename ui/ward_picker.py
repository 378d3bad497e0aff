"""The shared ward filter, drawn in the page above every page's content, and the data line below it.

The row has its full height from the first frame, so the page below never moves when the picker
arrives (its box is first drawn 40 px high, then 68 with its label) or the officer caption joins
it: a strut of that height stands in it from the start (a rule in the app's CSS would itself
arrive late, ui/page_style.py). A Streamlit fixed-height container is a scroll box that broke
choosing a ward by keyboard."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pipeline.ingest.bundle import describe_files

from . import data, state

ROW_KEY = "ward_row"
ROW_PX = 72  # label and box (68 px) and a little air


def row() -> tuple[DeltaGenerator, DeltaGenerator, DeltaGenerator]:
    """The row, opened first in every run: (where the phone menu goes, where the picker goes, the row
    itself). Anything written into the row after this sits to the right of the picker, so if it changes
    size nothing moves. On a phone the menu takes the first line and the picker the next, from the first
    frame; on a wide screen the menu is hidden (ui/phone_menu.py)."""
    # No gap: a 390 px phone fits the strut, the picker and the CSS element on one line.
    outer = st.container(key=ROW_KEY, horizontal=True, vertical_alignment="bottom", gap=None)
    with outer:
        menu = st.container(width="content")
        picker = st.container(horizontal=True, vertical_alignment="bottom", width="content")
        with st.container(width=1):  # to the picker's right, so the picker lines up with the page
            st.space(ROW_PX)  # drawn at once (no script to fetch), unlike the picker and the CSS
    return menu, picker, outer


def draw(picker: DeltaGenerator) -> None:
    """The "Ward" picker, seeded from and kept in the URL (?ward=…) by state.ward_choice."""
    wards = data.wards()
    names = dict(zip(wards.code, wards.name))
    state.ward_choice()
    with picker:
        st.selectbox(
            "Ward",
            ["", *wards.code],
            key=state.WARD_KEY,
            width=320,
            format_func=lambda c: names.get(c, "All of Stockport"),
            help="Filters every page; kept in the web address so the view can be shared.",
        )
        if data.audience() == "internal":
            st.caption("Officer view: includes internal and sample figures, each labelled.")


def data_footer() -> None:
    """Where the figures come from and when they were built; officers also see the build id,
    which public pages never show."""
    info = data.build_info()
    built = info.get("built_at", "?")
    if data.audience() == "internal":
        st.caption(
            f"Data built {built[:16].replace('T', ' ')} UTC from the {describe_files(info)} "
            f"(build {info.get('build_id', '?')})."
        )
    else:
        st.caption(f"Data built {built[:10]} from the {describe_files(info)}.")
