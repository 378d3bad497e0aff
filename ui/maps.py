"""Choropleth maps with pydeck: offline by default, fitted to Stockport, legend in text and colour,
names and rank in the tooltip, the chosen ward outlined and named."""
from __future__ import annotations

import json
import os
from html import escape

import pandas as pd
import pydeck as pdk
import streamlit as st

from presentation.labels import spread_markers
from presentation.maps import (bounds_of, class_colour, class_edges, darker_note, fitted_view, from_pixels, label_point,
                               legend_items, polarity_of, to_pixels)
from presentation.schemes import capital_text, status_text
from presentation.theme import INK, SELECTED_RGB
from presentation.wording import figure_text, ranks_in


def base_style() -> dict:
    """Offline: map_provider=None and no map_style argument at all (map_style=None or "" makes
    Streamlit fetch a Carto basemap from the internet); a tile style only when one is configured."""
    basemap = os.environ.get("ONE_STOCKPORT_BASEMAP")
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


def choropleth(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
               selected: str | None = None, key: str = "map", height: int = 440, indicator: str | None = None,
               ward: pd.Series | None = None, compact: bool = False) -> None:
    """Draw areas coloured by value (darker = more of a concern), the selected one outlined and
    named, with a text legend beneath. `ward`: a ward's shape (name, geometry) to outline and name
    over smaller areas (the chosen ward on an LSOA map)."""
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
    if ward is not None:
        outlined.append((ward["name"], ward["geometry"]))
    if outlined:
        layers += [outline_layer([g for _, g in outlined]), *(name_layer(str(n), g) for n, g in outlined)]
    view = pdk.ViewState(**fitted_view(bounds_of(shapes.geometry), height), min_zoom=8, max_zoom=15)
    deck = pdk.Deck(layers=layers, initial_view_state=view, **base_style(),
                    tooltip={"html": "<b>{name}</b><br/>" + title + ": {value}<br/>Rank: {rank}",
                             "style": {"backgroundColor": INK, "color": "white", "fontSize": "14px"}})
    st.pydeck_chart(deck, width="stretch", height=height, key=key)
    legend(edges, merged["value"], unit, decimals, polarity, [str(n) for n, _ in outlined], compact)


def legend(edges: list[float], values: pd.Series, unit: str, decimals: int, polarity: str | None,
           outlined: list[str], compact: bool = False) -> None:
    classes = legend_items(edges, values, unit, decimals, polarity)
    if not classes:
        st.caption("No figures to map.")
        return
    items = []
    for (r, g, b), label in classes:
        items.append(f'<span role="listitem" style="display:inline-flex;align-items:center;margin-right:{8 if compact else 14}px">'
                     f'<span aria-hidden="true" style="width:{12 if compact else 16}px;height:{12 if compact else 16}px;background:rgb({r},{g},{b});'
                     f'border:1px solid #555;margin-right:6px;display:inline-block"></span>{label}</span>')
    r, g, b = SELECTED_RGB
    extra = "".join(f' <span role="listitem" style="display:inline-flex;align-items:center"><span aria-hidden="true" '
                    f'style="width:16px;height:16px;border:3px solid rgb({r},{g},{b});margin-right:6px;display:inline-block">'
                    f'</span>{escape(name)} (outlined)</span>' for name in outlined)
    st.markdown(f'<div class="os-map-legend" style="font-size:{".8rem;line-height:1.3" if compact else "0.95rem"}">'
                f'<b>Legend ({darker_note(polarity)}):</b> <span role="list" aria-label="Map legend">{"".join(items)}{extra}</span></div>',
                unsafe_allow_html=True)


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
    st.pydeck_chart(deck, width="stretch", height=height, key=key)
    key_rows = "".join(
        f'<li value="{p.number}"><strong>{escape(str(p.name))}</strong> ({escape(p.kind)}): {escape(status_text(p))}; '
        f'capital {escape(capital_text(p))}</li>' for p in points.itertuples())
    st.markdown(f'<ol class="os-map-key" aria-label="Numbered places on the map" style="font-size:.92rem;'
                f'columns:20rem auto;column-gap:2rem;margin:0">{key_rows}</ol>', unsafe_allow_html=True)
