"""The shared ward filter, drawn in the page above every page's content, and the data line below it.

It sits in a row of fixed height (page_style.WARD_ROW_PX) so the page below never moves when the
picker arrives or changes."""
from __future__ import annotations

import streamlit as st

from pipeline.bundle import describe_files

from . import data, page_style, state


def draw() -> None:
    """The "Ward" picker, seeded from and kept in the URL (?ward=…) by state.ward_choice."""
    wards = data.wards()
    names = dict(zip(wards.code, wards.name))
    state.ward_choice()
    with st.container(key=page_style.WARD_ROW_KEY, horizontal=True, vertical_alignment="bottom"):
        st.selectbox("Ward", ["", *wards.code], key=state.WARD_KEY, width=320,
                     format_func=lambda c: names.get(c, "All of Stockport"),
                     help="Filters every page; kept in the web address so the view can be shared.")
        if data.audience() == "internal":
            st.caption("Officer view: includes internal and sample figures, each labelled.")


def data_footer() -> None:
    """Where the figures come from and when they were built; officers also see the build id,
    which public pages never show."""
    info = data.build_info()
    built = info.get("built_at", "?")
    if data.audience() == "internal":
        st.caption(f"Data built {built[:16].replace('T', ' ')} UTC from the {describe_files(info)} "
                   f"(build {info.get('build_id', '?')}).")
    else:
        st.caption(f"Data built {built[:10]} from the {describe_files(info)}.")
