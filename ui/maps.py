"""Choropleth maps with pydeck: offline by default, legend in text and colour, rank in the tooltip."""
from __future__ import annotations

import json
import os

import pandas as pd
import pydeck as pdk
import streamlit as st

from presentation.htmldoc import render
from presentation.maps import class_colour, class_edges, legend_items
from presentation.theme import INK
from presentation.wording import figure_text, ranks_in

from . import page_style

# Viridis steps (colour-blind safe, monotonic lightness); legend labels carry the meaning too.
VIEW = pdk.ViewState(latitude=53.395, longitude=-2.13, zoom=10.0, min_zoom=9, max_zoom=15)


class _SerialisedDeck(pdk.Deck):
    """A Deck serialised once, when built: Streamlit serialises the Deck it is given on every run,
    which cost 80 ms for the ward map and 500 ms for the LSOA map on each rerun of a page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._json = super().to_json()

    def to_json(self) -> str:
        return self._json


# One map per distinct input (content-hashed: a new build or audience means new frames), shared by
# every session and rerun; Streamlit only reads the Deck it is given. Building the features and
# their JSON was most of a map page's run.
@st.cache_resource(show_spinner=False, max_entries=64)
def _deck(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str, selected: str | None,
          indicator: str | None, basemap: str | None) -> tuple[pdk.Deck, list[float], pd.Series]:
    merged = shapes.merge(values, left_on="code", right_on="area_code", how="left")
    edges = class_edges(merged["value"])
    features = []
    ranks = ranks_in(merged, indicator) if "rank" in merged.columns else ["—"] * len(merged)
    for row, rank in zip(merged.itertuples(), ranks):
        colour = class_colour(row.value, edges)
        rank = f"{rank} (1 = highest)" if rank[-1].isdigit() else rank
        features.append({"type": "Feature", "geometry": json.loads(row.geometry), "properties": {
            # deck.gl escapes values it puts into the tooltip HTML (tested with hostile names).
            "name": str(row.name), "rank": rank,
            "value": figure_text(row.value, unit, decimals, getattr(row, "status", None)),
            "fill": [*colour, 210], "selected": row.code == selected}})
    layers = [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, pickable=True,
                        stroked=True, filled=True, get_fill_color="properties.fill",
                        get_line_color=[255, 255, 255], line_width_min_pixels=1)]
    chosen = [f for f in features if f["properties"]["selected"]]
    if chosen:
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": chosen}, pickable=False,
                                stroked=True, filled=False, get_line_color=[213, 94, 0], line_width_min_pixels=4))
    # Offline: map_provider=None and no map_style argument at all. map_style=None or "" makes
    # Streamlit fetch a Carto basemap from the internet.
    style = {"map_provider": "carto", "map_style": basemap} if basemap else {"map_provider": None}
    deck = _SerialisedDeck(layers=layers, initial_view_state=VIEW, **style,
                           tooltip={"html": "<b>{name}</b><br/>" + title + ": {value}<br/>Rank: {rank}",
                                    "style": {"backgroundColor": INK, "color": "white", "fontSize": "14px"}})
    return deck, edges, merged["value"]


def choropleth(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
               selected: str | None = None, key: str = "map", height: int = 440, indicator: str | None = None) -> None:
    """Draw areas coloured by value, the selected one outlined, with a text legend beneath."""
    basemap = os.environ.get("ONE_STOCKPORT_BASEMAP")  # e.g. a tile style URL; offline unless configured
    deck, edges, shown = _deck(shapes, values, unit, decimals, title, selected, indicator, basemap)
    page_style.reserve_height(key, height)
    st.pydeck_chart(deck, width="stretch", height=height, key=key)
    legend(edges, shown, unit, decimals, selected is not None)


def legend(edges: list[float], values: pd.Series, unit: str, decimals: int, outlined: bool) -> None:
    classes = legend_items(edges, values, unit, decimals)
    if not classes:
        st.caption("No figures to map.")
        return
    st.markdown(render("map_legend.html", classes=[("rgb(%d,%d,%d)" % rgb, label) for rgb, label in classes],
                       outlined=outlined), unsafe_allow_html=True)
