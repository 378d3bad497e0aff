"""The dashboard's maps: server-made SVG on arrival (presentation/svgmap.py; no script to block the
page), with a per-map switch to the pydeck map for zoom and pan (ui/zoom_map.py). Either way: legend in
text and colour, name, figure and rank on hover, the chosen ward outlined and named."""
from __future__ import annotations

import os
import re

import pandas as pd
import streamlit as st

from presentation import svgmap
from presentation.htmldoc import escape, render
from presentation.map_classes import class_edges, darker_note, legend_items, polarity_of
from presentation.schemes import capital_text, status_text

from . import data, page_style, zoom_map
from .charts import page_is_dark

MAP_HEIGHT = svgmap.MAP_HEIGHT_PX


def ward_shape(wards: pd.DataFrame, code: str | None) -> pd.Series | None:
    """A ward's row (name, geometry) from ward shapes, to outline over its LSOAs; None if not drawn."""
    return next((row for _, row in wards[wards.code == code].iterrows()), None) if code else None


# One drawing per build, audience, figures (content-hashed: the risk page's own weights give its own
# figures), selected ward, size and theme, shared by every session: a warm rerun rebuilds nothing.
# (Pages that draw a map of registry figures keep the drawing per build instead: ui/blocks.ward_map.)
@st.cache_data(show_spinner=False, max_entries=128)
def _svg_map(build: tuple, audience: str, shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int,
             title: str, selected: str | None, indicator: str | None, ward: pd.Series | None, dark: bool, height: int,
             key: str, compact: bool, named: bool) -> tuple[str, str | None]:
    return map_drawing(shapes, values, unit, decimals, title, selected, indicator, ward, dark, height, key, compact, named)


ZOOM_LABEL = "Zoom and pan (interactive map)"


def choropleth(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
               selected: str | None = None, key: str = "map", height: int = MAP_HEIGHT, indicator: str | None = None,
               ward: pd.Series | None = None, compact: bool = False, zoomable: bool = True,
               drawn: tuple[str, str | None] | None = None, named: bool = False) -> None:
    """Draw areas coloured by value (darker = more of a concern), the selected one outlined and
    named, with a text legend beneath. `ward`: a ward's shape (name, geometry) to outline and name
    over smaller areas (the chosen ward on an LSOA map); `named`: each area's name written on it where it
    fits, at a desktop's width (a ward map). Drawn as SVG; `zoomable` adds a switch
    beneath that draws the pydeck map in its place (an officer's zoom and pan, not an embed's).
    `drawn`: map_drawing's result for these arguments, when the caller keeps it."""
    ward_name = None if ward is None else str(ward["name"])
    ward_geometry = None if ward is None else ward["geometry"]
    slot = st.container()
    if zoomable and st.session_state.get(f"{key}-zoom"):
        deck, edges, shown, polarity, outlined = zoom_map.deck(
            shapes, values, unit, decimals, title, selected, indicator, ward_name, ward_geometry, height,
            os.environ.get("ONE_STOCKPORT_BASEMAP"))
        with slot, page_style.held(height):
            st.pydeck_chart(deck, width="stretch", height=height, key=key)
        key_html = legend_html(edges, shown, unit, decimals, polarity, outlined, compact)
    else:
        svg, key_html = drawn or _svg_map(data.version(), data.audience(), shapes, values, unit, decimals, title, selected,
                                          indicator, ward, page_is_dark(), height, key, compact, named)
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
                key: str, compact: bool = False, named: bool = False) -> tuple[str, str | None]:
    """(the SVG map, its legend's HTML or None when there are no figures): what choropleth draws until
    the reader asks for zoom and pan."""
    ward_name = None if ward is None else str(ward["name"])
    ward_geometry = None if ward is None else ward["geometry"]
    svg = svgmap.choropleth(shapes, values, unit, decimals, title, selected, indicator, ward_name, ward_geometry,
                            dark, height, re.sub(r"[^A-Za-z0-9_-]", "-", key), named)
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


def legend_key(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, indicator: str | None,
               selected: str | None = None, ward_name: str | None = None) -> tuple[list[tuple[str, str]], str]:
    """The map's key as (colour, words) per class, and its reading of the colours and the outlined area,
    as the SVG map drew them: what a downloaded image of the map draws under it (ui/chart_images)."""
    edges, shown, polarity, outlined = _legend_inputs(shapes, values, decimals, indicator, selected, ward_name)
    said = [darker_note(polarity).capitalize(), *(f"{name} outlined" for name in outlined)]
    return ([("rgb(%d,%d,%d)" % rgb, label) for rgb, label in legend_items(edges, shown, unit, decimals, polarity)],
            "; ".join(said) + ".")


def legend_html(edges: list[float], values: pd.Series, unit: str, decimals: int, polarity: str | None,
                outlined: list[str], compact: bool = False) -> str | None:
    """The map's key in words and colours; None when there are no figures to map."""
    classes = legend_items(edges, values, unit, decimals, polarity)
    if not classes:
        return None
    return render("map_legend.html", classes=[("rgb(%d,%d,%d)" % rgb, label) for rgb, label in classes],
                  outlined=outlined, darker=darker_note(polarity), compact=compact)


def scheme_map(key: str, selected: str | None = None, height: int = 520) -> None:
    """The projects register on a map: the town centre's wards (named on hover and on the map, the chosen
    one shaded), the town centre marked, and a numbered marker per scheme or programme that never hides
    another (a crowded one moves aside on a leader line to its place), keyed to a numbered list beneath.
    Drawn as SVG."""
    made = data.per_build(_scheme_map_parts, key, selected, height, page_is_dark())
    if made is None:
        st.caption("No scheme in the register has a location to map.")
        return
    svg, key_list = made
    st.markdown(svg, unsafe_allow_html=True)
    st.markdown(key_list, unsafe_allow_html=True)


def _scheme_map_parts(key: str, selected: str | None, height: int, dark: bool) -> tuple[str, str] | None:
    """(the map, its numbered key) of the whole register, made once per build, audience, day, ward and theme
    (data.per_build): projected and labelled, it was half a warm run of the investment page."""
    projects, wards = data.projects(None), data.area_shapes("ward")
    points = projects.dropna(subset=["lat", "lon"]).sort_values("kind", ascending=False, kind="stable").reset_index(drop=True)
    if points.empty:
        return None
    points = points.assign(number=range(1, len(points) + 1))
    tips = [f"{p.number}. {p.name} ({p.kind})\n{status_text(p)}\nCapital: {capital_text(p)}" for p in points.itertuples()]
    svg = svgmap.scheme_map(points, wards, tips, selected, dark, height, re.sub(r"[^A-Za-z0-9_-]", "-", key))
    key_rows = "".join(
        f'<li value="{p.number}"><strong>{escape(str(p.name))}</strong> ({escape(p.kind)}): {escape(status_text(p))}; '
        f'capital {escape(capital_text(p))}</li>' for p in points.itertuples())
    return svg, (f'<ol class="os-map-key" aria-label="Numbered places on the map" style="font-size:.92rem;'
                 f'columns:20rem auto;column-gap:2rem;margin:0">{key_rows}</ol>')
