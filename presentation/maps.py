"""Choropleth classes (quintiles on a viridis ramp, lighter = lower), GeoJSON rings and the static
outline map drawn with them."""
from __future__ import annotations

import json
import math
from html import escape

import pandas as pd
import plotly.graph_objects as go

from .charts import base_layout
from .theme import SELECTED
from .wording import figure_text, fmt, ranks_in


# -- maps: quintile classes on a viridis ramp (lighter = lower), as on the dashboard's deck.gl maps --
STEPS = [(253, 231, 37), (94, 201, 98), (33, 145, 140), (59, 82, 139), (68, 1, 84)]


NO_DATA = (220, 220, 220)



def class_edges(values: pd.Series) -> list[float]:
    clean = values.dropna()
    return sorted(set(clean.quantile([0.2, 0.4, 0.6, 0.8]).round(6))) if len(clean) else []



def class_colour(value, edges: list[float]) -> tuple[int, int, int]:
    if value is None or pd.isna(value):
        return NO_DATA
    return STEPS[min(sum(value > e for e in edges), len(STEPS) - 1)]



def legend_items(edges: list[float], values: pd.Series, unit: str, decimals: int) -> list[tuple[tuple, str]]:
    """(colour, 'from to to') for each class the values fall in."""
    clean = values.dropna()
    if clean.empty:
        return []
    bounds = [clean.min(), *edges, clean.max()]
    return [(STEPS[min(n, len(STEPS) - 1)], f"{fmt(bounds[n], unit, decimals)} to {fmt(bounds[n + 1], unit, decimals)}")
            for n in range(len(bounds) - 1)]



def rings(geometry: str) -> list[list[tuple[float, float]]]:
    """Outer and inner rings of a GeoJSON Polygon or MultiPolygon, as (lon, lat) lists."""
    g = json.loads(geometry)
    polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
    return [[(x, y) for x, y, *_ in ring] for polygon in polygons for ring in polygon]



def area_map(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
             selected: str | None = None, height: int = 560, indicator: str | None = None) -> go.Figure:
    """A static choropleth drawn as filled outlines (no basemap, no tiles, nothing fetched): one
    trace per area with its value and rank on hover, classes in the legend, the selected area outlined."""
    merged = shapes.merge(values, left_on="code", right_on="area_code", how="left")
    edges = class_edges(merged["value"])
    fig = go.Figure()
    for row, ranked in zip(merged.itertuples(), ranks_in(merged, indicator)):
        colour = class_colour(row.value, edges)
        shown = figure_text(row.value, unit, decimals, getattr(row, "status", None))
        rank = "" if pd.isna(row.value) else (f"<br>Rank {ranked} (1 = highest)" if ranked[-1].isdigit() else f"<br>{ranked}")
        xs, ys = [], []
        for ring in rings(row.geometry):
            xs += [x for x, _ in ring] + [None]
            ys += [y for _, y in ring] + [None]
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", mode="lines", fillcolor="rgb(%d,%d,%d)" % colour,
                                 line=dict(color=SELECTED if row.code == selected else "white",
                                           width=4 if row.code == selected else 1),
                                 hoveron="fills", showlegend=False, name=escape(str(row.name)),
                                 text=f"{escape(str(row.name))}: {shown}{rank}", hoverinfo="text"))
    for colour, label in legend_items(edges, merged["value"], unit, decimals):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=escape(label),
                                 marker=dict(size=14, symbol="square", color="rgb(%d,%d,%d)" % colour,
                                             line=dict(color="#555555", width=1))))
    base_layout(fig, title, height=height)
    lat = shapes_mid_lat(merged)
    fig.update_xaxes(visible=False)
    # Equal distances on both axes at Stockport's latitude.
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(lat)))
    fig.update_layout(legend=dict(title=dict(text=f"{escape(unit)} (lighter = lower)"), orientation="v",
                                  yanchor="top", y=1, xanchor="left", x=1.01), margin=dict(r=10))
    return fig



def shapes_mid_lat(shapes: pd.DataFrame) -> float:
    ys = [y for g in shapes.geometry for ring in rings(g) for _, y in ring]
    return (min(ys) + max(ys)) / 2 if ys else 53.4
