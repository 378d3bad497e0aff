"""Embed: exactly one public chart or map chosen by URL, e.g. ?view=map&indicator=imd_score&ward=E05015018."""
import streamlit as st

from ui import data
from ui.blocks import COMPARATORS, comparison_chart, trend_chart, ward_map
from ui.entry import through_navigation

through_navigation()

VIEWS = ("map", "trend", "compare")
public = data.indicators("public")
raw_view = st.query_params.get("view")
raw_indicator = st.query_params.get("indicator")
raw_ward = st.query_params.get("ward")
view = raw_view if raw_view in VIEWS else "map"
indicator = raw_indicator if raw_indicator in set(public.id) else None
ward = raw_ward if raw_ward in set(data.wards().code) else None
if raw_view not in VIEWS or (raw_indicator and indicator is None) or (raw_ward and ward is None):
    st.info("That embed address asks for something that does not exist here; showing the default view.", icon=":material/info:")

meta = public.set_index("id")
if view == "map":
    ward_level = [i for i in public.id if "ward" in meta.geographies[i].split(",")]
    indicator = indicator if indicator in ward_level else "age_65plus_pct"
    ward_map(indicator, ward, key=f"embed-map-{indicator}")
elif view == "trend":
    indicator = indicator or "gigabit_broadband"
    trend_chart(indicator, COMPARATORS, key=f"embed-trend-{indicator}")
else:
    indicator = indicator or "gigabit_broadband"
    comparison_chart(indicator, key=f"embed-compare-{indicator}")
st.caption("From One Stockport — open data for Stockport.")
