"""Choropleth maps with pydeck: offline by default, fitted to Stockport, legend in text and colour,
names and rank in the tooltip, the chosen ward outlined and named."""
from __future__ import annotations

import json
import os

import pandas as pd
import pydeck as pdk
import streamlit as st

from presentation.htmldoc import escape, render
from presentation.labels import spread_markers
from presentation.maps import (bounds_of, class_colour, class_edges, darker_note, fitted_view, from_pixels, label_point,
                               legend_items, polarity_of, to_pixels)
from presentation.schemes import capital_text, status_text
from presentation.theme import INK, SELECTED_RGB
from presentation.wording import figure_text, ranks_in

from . import page_style


def base_style(basemap: str | None = None) -> dict:
    """Offline: map_provider=None and no map_style argument at all (map_style=None or "" makes
    Streamlit fetch a Carto basemap from the internet); a tile style (ONE_STOCKPORT_BASEMAP) only
    when one is configured."""
    basemap = basemap or os.environ.get("ONE_STOCKPORT_BASEMAP")
    return {"map_provider": "carto", "map_style": basemap} if basemap else {"map_provider": None}


def name_layer(name: str, geometry: str) -> pdk.Layer:
    """The chosen area's name on the map, on a white label so it reads on any fill."""
    x, y = label_point(geometry)
    return pdk.Layer("TextLayer", [{"position": [x, y], "text": name}], get_position="position", get_text="text",
                     get_size=13, get_color=[17, 24, 39], background=True, word_break="break-word", max_width=12, get_background_color=[255, 255, 255, 235],
                     background_padding=[4, 2], font_weight=700, get_alignment_baseline="'center'", pickable=False)


def outline_layer(geometries: list, width: int = 4) -> pdk.Layer:
    features = [{"type": "Feature", "geometry": json.loads(g), "properties": {}} for g in geometries]
    return pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, pickable=False,
                     stroked=True, filled=False, get_line_color=list(SELECTED_RGB), line_width_min_pixels=width)


def ward_shape(wards: pd.DataFrame, code: str | None) -> pd.Series | None:
    """A ward's row (name, geometry) from ward shapes, to outline over its LSOAs; None if not drawn."""
    return next((row for _, row in wards[wards.code == code].iterrows()), None) if code else None


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
          indicator: str | None, ward_name: str | None, ward_geometry: str | None, height: int,
          basemap: str | None) -> tuple[pdk.Deck, list[float], pd.Series, str | None, list[str]]:
    merged = shapes.merge(values, left_on="code", right_on="area_code", how="left")
    polarity = polarity_of(indicator)
    edges = class_edges(merged["value"], decimals)
    features = []
    ranks = ranks_in(merged, indicator) if "rank" in merged.columns else ["—"] * len(merged)
    for row, rank in zip(merged.itertuples(), ranks):
        colour = class_colour(row.value, edges, polarity)
        rank = f"{rank} (1 = highest)" if rank[-1].isdigit() else rank
        features.append({"type": "Feature", "geometry": json.loads(row.geometry), "properties": {
            # deck.gl escapes values it puts into the tooltip HTML (tested with hostile names).
            "name": str(row.name), "rank": rank,
            "value": figure_text(row.value, unit, decimals, getattr(row, "status", None)),
            "fill": [*colour, 210]}})
    layers = [pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, pickable=True,
                        stroked=True, filled=True, get_fill_color="properties.fill",
                        get_line_color=[255, 255, 255], line_width_min_pixels=1)]
    chosen = merged[merged.code == selected]
    outlined = [(r.name, r.geometry) for r in chosen.itertuples()]
    if ward_name is not None:
        outlined.append((ward_name, ward_geometry))
    if outlined:
        layers += [outline_layer([g for _, g in outlined]), *(name_layer(str(n), g) for n, g in outlined)]
    view = pdk.ViewState(**fitted_view(bounds_of(shapes.geometry), height), min_zoom=8, max_zoom=15)
    deck = _SerialisedDeck(layers=layers, initial_view_state=view, **base_style(basemap),
                           tooltip={"html": "<b>{name}</b><br/>" + title + ": {value}<br/>Rank: {rank}",
                                    "style": {"backgroundColor": INK, "color": "white", "fontSize": "14px"}})
    return deck, edges, merged["value"], polarity, [str(n) for n, _ in outlined]


def choropleth(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
               selected: str | None = None, key: str = "map", height: int = 440, indicator: str | None = None,
               ward: pd.Series | None = None, compact: bool = False) -> None:
    """Draw areas coloured by value (darker = more of a concern), the selected one outlined and
    named, with a text legend beneath. `ward`: a ward's shape (name, geometry) to outline and name
    over smaller areas (the chosen ward on an LSOA map)."""
    deck, edges, shown, polarity, outlined = _deck(
        shapes, values, unit, decimals, title, selected, indicator,
        None if ward is None else str(ward["name"]), None if ward is None else ward["geometry"], height,
        os.environ.get("ONE_STOCKPORT_BASEMAP"))
    with page_style.held(height):
        st.pydeck_chart(deck, width="stretch", height=height, key=key)
    legend(edges, shown, unit, decimals, polarity, outlined, compact)


def legend(edges: list[float], values: pd.Series, unit: str, decimals: int, polarity: str | None,
           outlined: list[str], compact: bool = False) -> None:
    classes = legend_items(edges, values, unit, decimals, polarity)
    if not classes:
        st.caption("No figures to map.")
        return
    st.markdown(render("map_legend.html", classes=[("rgb(%d,%d,%d)" % rgb, label) for rgb, label in classes],
                       outlined=outlined, darker=darker_note(polarity), compact=compact), unsafe_allow_html=True)


MARKER_PX = 11  # a numbered marker's radius


def scheme_map(projects: pd.DataFrame, wards: pd.DataFrame, key: str, height: int = 460) -> None:
    """The projects register on a map: ward outlines (named on hover and on the map), and a numbered
    marker per scheme or programme that never hides another (a crowded one moves aside on a leader
    line to its place), keyed to a numbered list beneath."""
    points = projects.dropna(subset=["lat", "lon"]).sort_values("kind", ascending=False, kind="stable").reset_index(drop=True)
    if points.empty:
        st.caption("No scheme in the register has a location to map.")
        return
    points = points.assign(number=range(1, len(points) + 1))
    pad = 0.004  # degrees: a few streets around the outermost schemes
    view = fitted_view((points.lon.min() - pad, points.lat.min() - pad, points.lon.max() + pad, points.lat.max() + pad), height)
    zoom = view["zoom"]
    spots = spread_markers([to_pixels(x, y, zoom) for x, y in zip(points.lon, points.lat)], MARKER_PX)
    markers = [from_pixels(x, y, zoom) for x, y in spots]
    rows = []
    for p, (mx, my) in zip(points.itertuples(), markers):
        tip = f"{p.number}. {p.name} ({p.kind})\n{status_text(p)}\nCapital: {capital_text(p)}"
        colour = [0, 114, 178] if p.kind == "scheme" else list(SELECTED_RGB)
        rows.append({"at": [p.lon, p.lat], "marker": [mx, my], "number": str(p.number), "tip": tip, "colour": colour})
    ward_features = [{"type": "Feature", "geometry": json.loads(g), "properties": {"tip": f"{n} ward"}}
                     for n, g in zip(wards.name, wards.geometry)]
    ward_names = [{"position": list(label_point(g)), "text": n} for n, g in zip(wards.name, wards.geometry)]
    layers = [
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": ward_features}, stroked=True, filled=True,
                  pickable=True, get_fill_color=[128, 128, 128, 30], get_line_color=[128, 128, 128, 255],
                  line_width_min_pixels=2),
        pdk.Layer("TextLayer", ward_names, get_position="position", get_text="text", get_size=12,
                  get_color=[55, 65, 81], background=True, get_background_color=[255, 255, 255, 200],
                  background_padding=[3, 1], word_break="break-word", max_width=10),
        pdk.Layer("LineLayer", rows, get_source_position="at", get_target_position="marker",
                  get_color=[128, 128, 128], get_width=1, width_min_pixels=2, width_max_pixels=2),
        # Sizes held in pixels by their limits (a metre radius clamped), so markers stay the size spread_markers assumed.
        pdk.Layer("ScatterplotLayer", rows, get_position="at", get_radius=1, radius_min_pixels=3, radius_max_pixels=3,
                  get_fill_color=[128, 128, 128]),
        pdk.Layer("ScatterplotLayer", rows, get_position="marker", get_radius=1, radius_min_pixels=MARKER_PX,
                  radius_max_pixels=MARKER_PX, get_fill_color="colour", stroked=True, get_line_color=[255, 255, 255],
                  line_width_min_pixels=2, pickable=True),
        pdk.Layer("TextLayer", rows, get_position="marker", get_text="number", get_size=13, get_color=[255, 255, 255],
                  font_weight=700, get_alignment_baseline="'center'", get_text_anchor="'middle'"),
    ]
    deck = pdk.Deck(layers=layers, initial_view_state=pdk.ViewState(**view, min_zoom=10, max_zoom=17), **base_style(),
                    tooltip={"text": "{tip}", "style": {"backgroundColor": INK, "color": "white", "fontSize": "14px"}})
    with page_style.held(height):
        st.pydeck_chart(deck, width="stretch", height=height, key=key)
    key_rows = "".join(
        f'<li value="{p.number}"><strong>{escape(str(p.name))}</strong> ({escape(p.kind)}): {escape(status_text(p))}; '
        f'capital {escape(capital_text(p))}</li>' for p in points.itertuples())
    st.markdown(f'<ol class="os-map-key" aria-label="Numbered places on the map" style="font-size:.92rem;'
                f'columns:20rem auto;column-gap:2rem;margin:0">{key_rows}</ol>', unsafe_allow_html=True)
