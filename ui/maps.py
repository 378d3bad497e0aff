"""The dashboard's maps: server-made SVG on arrival (presentation/svgmap.py; no script to block the
page), with a per-map switch to the pydeck map for zoom and pan (ui/zoom_map.py). Either way: legend in
text and colour, name, figure and rank on hover, the chosen ward outlined and named."""

from __future__ import annotations

import os
import re

import pandas as pd
import streamlit as st

from presentation import svgmap
from presentation.htmldoc import escape
from presentation.svgmap import legend_html, map_drawing
from presentation.schemes import capital_text, status_text

from . import data, page_style, zoom_map
from .charts import page_is_dark

MAP_HEIGHT = svgmap.MAP_HEIGHT_PX


def ward_shape(wards: pd.DataFrame, code: str | None) -> pd.Series | None:
    """A ward's row (name, geometry) from ward shapes, to outline over its LSOAs; None if not drawn."""
    return next((row for _, row in wards[wards.code == code].iterrows()), None) if code else None


ZOOM_LABEL = "Zoom and pan (interactive map)"


def choropleth(
    shapes: pd.DataFrame,
    values: pd.DataFrame,
    unit: str,
    decimals: int,
    title: str,
    selected: str | None = None,
    key: str = "map",
    height: int = MAP_HEIGHT,
    indicator: str | None = None,
    ward: pd.Series | None = None,
    compact: bool = False,
    zoomable: bool = True,
    drawn: tuple[str, str | None] | None = None,
    named: bool = False,
) -> None:
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
        spec, tooltip, edges, shown, polarity, outlined = data.per_build(
            zoom_map.deck,
            shapes,
            values,
            unit,
            decimals,
            title,
            selected,
            indicator,
            ward_name,
            ward_geometry,
            height,
            os.environ.get("ONE_STOCKPORT_BASEMAP"),
        )
        with slot, page_style.held(height):
            st.pydeck_chart(zoom_map.SerialisedDeck(spec, tooltip), width="stretch", height=height, key=key)
        key_html = legend_html(edges, shown, unit, decimals, polarity, outlined, compact)
    else:
        # One drawing per build, audience, day, figures (the risk page's own weights give its own), ward, size
        # and theme, shared by every session: a warm rerun draws nothing.
        svg, key_html = drawn or data.per_build(
            map_drawing,
            shapes,
            values,
            unit,
            decimals,
            title,
            selected,
            indicator,
            ward,
            page_is_dark(),
            height,
            key,
            compact,
            named,
        )
        with slot:
            st.markdown(svg, unsafe_allow_html=True)
    if key_html is None:
        st.caption("No figures to map.")
    else:
        st.markdown(key_html, unsafe_allow_html=True)
    if zoomable:
        st.toggle(ZOOM_LABEL, key=f"{key}-zoom", help="Draws the map with zoom and pan; it takes a moment to start.")


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
    points = (
        projects.dropna(subset=["lat", "lon"])
        .sort_values("kind", ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    if points.empty:
        return None
    points = points.assign(number=range(1, len(points) + 1))
    tips = [
        f"{p.number}. {p.name} ({p.kind})\n{status_text(p)}\nCapital: {capital_text(p)}" for p in points.itertuples()
    ]
    svg = svgmap.scheme_map(points, wards, tips, selected, dark, height, re.sub(r"[^A-Za-z0-9_-]", "-", key))
    key_rows = "".join(
        f'<li value="{p.number}"><strong>{escape(str(p.name))}</strong> ({escape(p.kind)}): {escape(status_text(p))}; '
        f"capital {escape(capital_text(p))}</li>"
        for p in points.itertuples()
    )
    return svg, (
        f'<ol class="os-map-key" aria-label="Numbered places on the map" style="font-size:.92rem;'
        f'columns:20rem auto;column-gap:2rem;margin:0">{key_rows}</ol>'
    )
