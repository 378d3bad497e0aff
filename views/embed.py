"""Embed: exactly one public chart or map chosen by URL, e.g. ?view=map&indicator=imd_score&ward=E05015018,
sized to the frame the embed code gives it, with its title, period, source and a link back inside it."""

import streamlit as st
import streamlit.components.v1 as components

from ui import data
from ui.blocks import embed_view
from ui.charts import EMBED_HEIGHTS
from presentation.htmldoc import asset_text

RESIZE_JS = asset_text("embed_resize.js")


VIEWS = tuple(EMBED_HEIGHTS)
DEFAULTS = {"map": "age_65plus_pct", "trend": "gigabit_broadband", "compare": "gigabit_broadband"}
public = data.indicators("public")
raw_view = st.query_params.get("view")
raw_indicator = st.query_params.get("indicator")
raw_ward = st.query_params.get("ward")
view = raw_view if raw_view in VIEWS else "map"
indicator = raw_indicator if raw_indicator in set(public.id) else None
ward = raw_ward if raw_ward in set(data.wards().code) else None
if raw_view not in VIEWS or (raw_indicator and indicator is None) or (raw_ward and ward is None):
    st.info(
        "That embed address asks for something that does not exist here; showing the default view.",
        icon=":material/info:",
    )

# The frame is the page: no room to spare above the title. (Like every style-only block, this one takes
# no row's gap: ui/page_style.APP_CSS.)
st.markdown(
    "<style>[data-testid='stMainBlockContainer'] {padding: 0.5rem 0.75rem 0.25rem !important;}</style>",
    unsafe_allow_html=True,
)
meta = public.set_index("id")
if view == "map" and (indicator is None or "ward" not in meta.geographies[indicator].split(",")):
    indicator = DEFAULTS["map"]
embed_view(view, indicator or DEFAULTS[view], ward)
# The view tells the host page its height, so the embed code's iframe fits it at any width.
components.html(f"<script>{RESIZE_JS}</script>", height=0)
