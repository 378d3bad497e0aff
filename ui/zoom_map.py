"""The zoomable map, drawn by pydeck (deck.gl) only when a reader turns on "Zoom and pan" under a map
(ui/maps.py): offline by default, fitted to Stockport, the same classes, hover text and outline as the
SVG map it replaces."""

from __future__ import annotations

import json
import math
import os

import pandas as pd
import pydeck as pdk

from presentation.map_classes import class_colour, class_edges, polarity_of
from presentation.svgmap import bounds_of, label_point
from presentation.theme import INK, SELECTED_RGB
from presentation.wording import figure_text, ranks_in

# Deck.gl draws the world 512 px wide at zoom 0. The map is fitted to the narrowest container the dashboard
# supports (a 390 px phone less the page's padding): the server never knows the reader's width, and a map
# fitted to it shows all of Stockport at every wider one too.
WORLD_PX = 512
NARROWEST_MAP_PX = 340


def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fitted_view(
    bounds: tuple[float, float, float, float], height_px: int, width_px: int = NARROWEST_MAP_PX, padding_px: int = 12
) -> dict:
    """latitude, longitude and zoom that show the whole of `bounds` in a width × height map
    (web Mercator, as deck.gl draws it)."""
    west, south, east, north = bounds
    span_x = max(east - west, 1e-6) / 360
    span_y = max(_mercator_y(north) - _mercator_y(south), 1e-6) / (2 * math.pi)
    zoom = min(
        math.log2((width_px - 2 * padding_px) / (WORLD_PX * span_x)),
        math.log2((height_px - 2 * padding_px) / (WORLD_PX * span_y)),
    )
    mid_y = (_mercator_y(north) + _mercator_y(south)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(mid_y)) - math.pi / 2)
    return {"latitude": latitude, "longitude": (west + east) / 2, "zoom": round(zoom, 2)}


def base_style(basemap: str | None = None) -> dict:
    """Offline: map_provider=None and no map_style argument at all (map_style=None or "" makes
    Streamlit fetch a Carto basemap from the internet); a tile style (ONE_STOCKPORT_BASEMAP) only
    when one is configured."""
    basemap = basemap or os.environ.get("ONE_STOCKPORT_BASEMAP")
    return {"map_provider": "carto", "map_style": basemap} if basemap else {"map_provider": None}


def name_layer(name: str, geometry: str) -> pdk.Layer:
    """The chosen area's name on the map, on a white label so it reads on any fill."""
    x, y = label_point(geometry)
    return pdk.Layer(
        "TextLayer",
        [{"position": [x, y], "text": name}],
        get_position="position",
        get_text="text",
        get_size=13,
        get_color=[17, 24, 39],
        background=True,
        word_break="break-word",
        max_width=12,
        get_background_color=[255, 255, 255, 235],
        background_padding=[4, 2],
        font_weight=700,
        get_alignment_baseline="'center'",
        pickable=False,
    )


def outline_layer(geometries: list, width: int = 4) -> pdk.Layer:
    features = [{"type": "Feature", "geometry": json.loads(g), "properties": {}} for g in geometries]
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        pickable=False,
        stroked=True,
        filled=False,
        get_line_color=list(SELECTED_RGB),
        line_width_min_pixels=width,
    )


class SerialisedDeck(pdk.Deck):
    """A Deck of JSON made once (data.per_build keeps `deck`'s JSON): st.pydeck_chart takes only a Deck and
    calls its to_json() on every run (no supported way to hand it JSON), which cost 80 ms for the ward map and
    500 ms for the LSOA map on each rerun of a page. tests/test_map_cache.py's canary fails if Streamlit stops
    sending this JSON as is."""

    def __init__(self, spec: str, tooltip: dict):
        super().__init__(tooltip=tooltip, map_provider=None)  # the tooltip for Streamlit; the rest is in spec
        self._json = spec

    def to_json(self) -> str:
        return self._json


def deck(
    shapes: pd.DataFrame,
    values: pd.DataFrame,
    unit: str,
    decimals: int,
    title: str,
    selected: str | None,
    indicator: str | None,
    ward_name: str | None,
    ward_geometry: str | None,
    height: int,
    basemap: str | None,
) -> tuple[str, dict, list[float], pd.Series, str | None, list[str]]:
    """(the map's JSON, its tooltip, and its legend's classes, figures, polarity and outlined names): building
    the features and their JSON was most of a map page's run, so a page keeps it once per distinct input
    (data.per_build)."""
    merged = shapes.merge(values, left_on="code", right_on="area_code", how="left")
    polarity = polarity_of(indicator)
    edges = class_edges(merged["value"], decimals)
    features = []
    ranks = ranks_in(merged, indicator) if "rank" in merged.columns else ["—"] * len(merged)
    for row, rank in zip(merged.itertuples(), ranks):
        colour = class_colour(row.value, edges, polarity, decimals)
        rank = f"{rank} (1 = highest)" if rank[-1].isdigit() else rank
        features.append(
            {
                "type": "Feature",
                "geometry": json.loads(row.geometry),
                "properties": {
                    # deck.gl escapes values it puts into the tooltip HTML (tested with hostile names).
                    "name": str(row.name),
                    "rank": rank,
                    "value": figure_text(row.value, unit, decimals, getattr(row, "status", None)),
                    "fill": [*colour, 210],
                },
            }
        )
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": features},
            pickable=True,
            stroked=True,
            filled=True,
            get_fill_color="properties.fill",
            get_line_color=[255, 255, 255],
            line_width_min_pixels=1,
        )
    ]
    chosen = merged[merged.code == selected]
    outlined = [(r.name, r.geometry) for r in chosen.itertuples()]
    if ward_name is not None:
        outlined.append((ward_name, ward_geometry))
    if outlined:
        layers += [outline_layer([g for _, g in outlined]), *(name_layer(str(n), g) for n, g in outlined)]
    view = pdk.ViewState(**fitted_view(bounds_of(shapes.geometry), height), min_zoom=8, max_zoom=15)
    tooltip = {
        "html": "<b>{name}</b><br/>" + title + ": {value}<br/>Rank: {rank}",
        "style": {"backgroundColor": INK, "color": "white", "fontSize": "14px"},
    }
    spec = pdk.Deck(layers=layers, initial_view_state=view, **base_style(basemap), tooltip=tooltip).to_json()
    return spec, tooltip, edges, merged["value"], polarity, [str(n) for n, _ in outlined]
