"""The dashboard's maps: server-made SVG on arrival (presentation/svgmap.py; no script to block the
page), with a per-map switch to the pydeck map for zoom and pan (offline by default, fitted to
Stockport). Either way: legend in text and colour, name, figure and rank on hover, the chosen ward
outlined and named."""
from __future__ import annotations

import json
import os
import re

import pandas as pd
import pydeck as pdk
import streamlit as st

from presentation import svgmap
from presentation.htmldoc import escape, render
from presentation.maps import (bounds_of, class_colour, class_edges, darker_note, fitted_view, label_point,
                               legend_items, polarity_of)
from presentation.schemes import capital_text, status_text
from presentation.theme import INK, SELECTED_RGB
from presentation.wording import figure_text, ranks_in

from . import data, page_style
from .charts import page_is_dark


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
    """A Deck of JSON made once (data.per_build): Streamlit serialises the Deck it is given on every
    run, which cost 80 ms for the ward map and 500 ms for the LSOA map on each rerun of a page."""

    def __init__(self, spec: str, tooltip: dict):
        super().__init__(tooltip=tooltip, map_provider=None)  # the tooltip for Streamlit; the rest is in spec
        self._json = spec

    def to_json(self) -> str:
        return self._json


def _deck(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str, selected: str | None,
          indicator: str | None, ward_name: str | None, ward_geometry: str | None, height: int,
          basemap: str | None) -> tuple[str, dict, list[float], pd.Series, str | None, list[str]]:
    """(the map's JSON, its tooltip, and its legend's classes, figures, polarity and outlined names): building
    the features and their JSON was most of a map page's run, so it is made once per distinct input."""
    merged = shapes.merge(values, left_on="code", right_on="area_code", how="left")
    polarity = polarity_of(indicator)
    edges = class_edges(merged["value"], decimals)
    features = []
    ranks = ranks_in(merged, indicator) if "rank" in merged.columns else ["—"] * len(merged)
    for row, rank in zip(merged.itertuples(), ranks):
        colour = class_colour(row.value, edges, polarity, decimals)
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
    tooltip = {"html": "<b>{name}</b><br/>" + title + ": {value}<br/>Rank: {rank}",
               "style": {"backgroundColor": INK, "color": "white", "fontSize": "14px"}}
    spec = pdk.Deck(layers=layers, initial_view_state=view, **base_style(basemap), tooltip=tooltip).to_json()
    return spec, tooltip, edges, merged["value"], polarity, [str(n) for n, _ in outlined]


ZOOM_LABEL = "Zoom and pan (interactive map)"


def choropleth(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
               selected: str | None = None, key: str = "map", height: int = 440, indicator: str | None = None,
               ward: pd.Series | None = None, compact: bool = False, zoomable: bool = True,
               drawn: tuple[str, str | None] | None = None) -> None:
    """Draw areas coloured by value (darker = more of a concern), the selected one outlined and
    named, with a text legend beneath. `ward`: a ward's shape (name, geometry) to outline and name
    over smaller areas (the chosen ward on an LSOA map). Drawn as SVG; `zoomable` adds a switch
    beneath that draws the pydeck map in its place (an officer's zoom and pan, not an embed's).
    `drawn`: map_drawing's result for these arguments, when the caller keeps it."""
    ward_name = None if ward is None else str(ward["name"])
    ward_geometry = None if ward is None else ward["geometry"]
    slot = st.container()
    if zoomable and st.session_state.get(f"{key}-zoom"):
        spec, tooltip, edges, shown, polarity, outlined = data.per_build(
            _deck, shapes, values, unit, decimals, title, selected, indicator, ward_name, ward_geometry, height,
            os.environ.get("ONE_STOCKPORT_BASEMAP"))
        with slot, page_style.held(height):
            st.pydeck_chart(_SerialisedDeck(spec, tooltip), width="stretch", height=height, key=key)
        key_html = legend_html(edges, shown, unit, decimals, polarity, outlined, compact)
    else:
        # One drawing per build, audience, day, figures (the risk page's own weights give its own), ward, size
        # and theme, shared by every session: a warm rerun draws nothing.
        svg, key_html = drawn or data.per_build(map_drawing, shapes, values, unit, decimals, title, selected,
                                                indicator, ward, page_is_dark(), height, key, compact)
        with slot:
            st.markdown(svg, unsafe_allow_html=True)
    if key_html is None:
        st.caption("No figures to map.")
    else:
        st.markdown(key_html, unsafe_allow_html=True)
    if zoomable:
        st.toggle(ZOOM_LABEL, key=f"{key}-zoom", help="Draws the map with zoom and pan; it takes a moment to start.")


def map_drawing(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
                selected: str | None, indicator: str | None, ward: pd.Series | None, dark: bool, height: int,
                key: str, compact: bool = False) -> tuple[str, str | None]:
    """(the SVG map, its legend's HTML or None when there are no figures): what choropleth draws until
    the reader asks for zoom and pan."""
    ward_name = None if ward is None else str(ward["name"])
    ward_geometry = None if ward is None else ward["geometry"]
    svg = svgmap.choropleth(shapes, values, unit, decimals, title, selected, indicator, ward_name, ward_geometry,
                            dark, height, re.sub(r"[^A-Za-z0-9_-]", "-", key))
    edges, shown, polarity, outlined = _legend_inputs(shapes, values, decimals, indicator, selected, ward_name)
    return svg, legend_html(edges, shown, unit, decimals, polarity, outlined, compact)


def _legend_inputs(shapes: pd.DataFrame, values: pd.DataFrame, decimals: int, indicator: str | None,
                   selected: str | None, ward_name: str | None) -> tuple[list[float], pd.Series, str | None, list[str]]:
    """The legend's classes and outlined names, as the SVG map drew them."""
    merged = shapes[["code", "name"]].merge(values, left_on="code", right_on="area_code", how="left")
    outlined = [str(n) for n in merged.loc[merged.code == selected, "name"]] if selected else []
    if ward_name is not None:
        outlined.append(ward_name)
    return class_edges(merged["value"], decimals), merged["value"], polarity_of(indicator), outlined


def legend_html(edges: list[float], values: pd.Series, unit: str, decimals: int, polarity: str | None,
                outlined: list[str], compact: bool = False) -> str | None:
    """The map's key in words and colours; None when there are no figures to map."""
    classes = legend_items(edges, values, unit, decimals, polarity)
    if not classes:
        return None
    return render("map_legend.html", classes=[("rgb(%d,%d,%d)" % rgb, label) for rgb, label in classes],
                  outlined=outlined, darker=darker_note(polarity), compact=compact)


def scheme_map(key: str, height: int = 460) -> None:
    """The projects register on a map: ward outlines (named on hover and on the map), and a numbered
    marker per scheme or programme that never hides another (a crowded one moves aside on a leader
    line to its place), keyed to a numbered list beneath. Drawn as SVG."""
    made = data.per_build(_scheme_map_parts, key, height, page_is_dark())
    if made is None:
        st.caption("No scheme in the register has a location to map.")
        return
    svg, key_list = made
    st.markdown(svg, unsafe_allow_html=True)
    st.markdown(key_list, unsafe_allow_html=True)


def _scheme_map_parts(key: str, height: int, dark: bool) -> tuple[str, str] | None:
    """(the map, its numbered key) of the whole register, made once per build, audience, day and theme
    (data.per_build): projected and labelled, it was half a warm run of the investment page."""
    projects, wards = data.projects(None), data.area_shapes("ward")
    points = projects.dropna(subset=["lat", "lon"]).sort_values("kind", ascending=False, kind="stable").reset_index(drop=True)
    if points.empty:
        return None
    points = points.assign(number=range(1, len(points) + 1))
    tips = [f"{p.number}. {p.name} ({p.kind})\n{status_text(p)}\nCapital: {capital_text(p)}" for p in points.itertuples()]
    svg = svgmap.scheme_map(points, wards, tips, dark, height, re.sub(r"[^A-Za-z0-9_-]", "-", key))
    key_rows = "".join(
        f'<li value="{p.number}"><strong>{escape(str(p.name))}</strong> ({escape(p.kind)}): {escape(status_text(p))}; '
        f'capital {escape(capital_text(p))}</li>' for p in points.itertuples())
    return svg, (f'<ol class="os-map-key" aria-label="Numbered places on the map" style="font-size:.92rem;'
                 f'columns:20rem auto;column-gap:2rem;margin:0">{key_rows}</ol>')
