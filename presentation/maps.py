"""Choropleth classes (quintiles on a viridis ramp, darker = more of a concern), GeoJSON rings, the
view that fits them and the static outline map drawn with them."""
from __future__ import annotations

import json
import math
from html import escape

import pandas as pd
import plotly.graph_objects as go

from pipeline.registry import load_registry

from .charts import base_layout
from .theme import INK, SELECTED
from .wording import figure_text, fmt, ranks_in, rounded


# -- maps: quintile classes on a viridis ramp, light to dark --
STEPS = [(253, 231, 37), (94, 201, 98), (33, 145, 140), (59, 82, 139), (68, 1, 84)]


NO_DATA = (220, 220, 220)

# Deck.gl draws the world 512 px wide at zoom 0. Maps fit the narrowest container the dashboard
# supports (a 390 px phone less the page's padding): the server never knows the reader's width,
# and a map fitted to it shows all of Stockport at every wider one too.
WORLD_PX = 512
NARROWEST_MAP_PX = 340


def darker_is_higher(polarity: str | None) -> bool:
    """The one colour rule of every map: darker = more of what the indicator's polarity marks as a
    concern. Where higher is better ("higher", e.g. gigabit coverage, IMD decile) the concern is a
    low figure, so darker = lower; otherwise (lower is better, or no judgement) darker = higher."""
    return polarity != "higher"



def polarity_of(indicator: str | None) -> str | None:
    """The registry's polarity of an indicator; None for a figure outside the registry (a risk
    score: higher = more risk, a concern)."""
    found = load_registry().indicators.get(indicator) if indicator else None
    return found.polarity if found else None



def darker_note(polarity: str | None) -> str:
    """The legend's one-line reading of the colour rule."""
    return {"higher": "darker = lower, a concern", "lower": "darker = higher, a concern"}.get(
        polarity or "", "darker = higher")



def class_edges(values: pd.Series, decimals: int = 6) -> list[float]:
    """Quintile edges at the figures' published precision, so each band's ends are figures a
    reader can see and no two bands share one."""
    clean = values.dropna()
    return sorted(set(clean.quantile([0.2, 0.4, 0.6, 0.8]).round(decimals))) if len(clean) else []



def class_colour(value, edges: list[float], polarity: str | None = None, decimals: int = 6) -> tuple[int, int, int]:
    """A figure's class colour: class n holds figures above edge n-1 up to edge n. The figure is classed
    as shown (to `decimals`, as class_edges): stored unrounded, 22.746 shown as 22.7 is in the band that
    ends at 22.7, as its legend says."""
    if value is None or pd.isna(value):
        return NO_DATA
    shown = rounded(value, decimals)
    return _step_colour(sum(shown > e for e in edges), polarity)



def _step_colour(step: int, polarity: str | None) -> tuple[int, int, int]:
    step = min(step, len(STEPS) - 1)
    return STEPS[step if darker_is_higher(polarity) else len(STEPS) - 1 - step]



def legend_items(edges: list[float], values: pd.Series, unit: str, decimals: int,
                 polarity: str | None = None) -> list[tuple[tuple, str]]:
    """(colour, 'from to to') for each class, lowest first. Bands never share an end: a class holds
    figures above the edge below it, so it starts one published step (0.1 at one decimal) higher."""
    clean = values.dropna().map(lambda v: rounded(v, decimals))
    if clean.empty:
        return []
    step = 10 ** -decimals
    lows = [clean.min(), *(e + step for e in edges)]
    highs = [*edges, clean.max()]
    items = []
    for n, (low, high) in enumerate(zip(lows, highs)):
        low = min(low, high)
        text = fmt(low, unit, decimals) if round(low, decimals) == round(high, decimals) else \
            f"{fmt(low, unit, decimals)} to {fmt(high, unit, decimals)}"
        items.append((_step_colour(n, polarity), text))
    return items



def bounds_of(geometries) -> tuple[float, float, float, float]:
    """(west, south, east, north) of GeoJSON geometries."""
    xs, ys = zip(*[(x, y) for g in geometries for ring in rings(g) for x, y in ring])
    return min(xs), min(ys), max(xs), max(ys)



def _mercator_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))



def fitted_view(bounds: tuple[float, float, float, float], height_px: int, width_px: int = NARROWEST_MAP_PX,
                padding_px: int = 12) -> dict:
    """latitude, longitude and zoom that show the whole of `bounds` in a width × height map
    (web Mercator, as deck.gl draws it)."""
    west, south, east, north = bounds
    span_x = max(east - west, 1e-6) / 360
    span_y = max(_mercator_y(north) - _mercator_y(south), 1e-6) / (2 * math.pi)
    zoom = min(math.log2((width_px - 2 * padding_px) / (WORLD_PX * span_x)),
               math.log2((height_px - 2 * padding_px) / (WORLD_PX * span_y)))
    mid_y = (_mercator_y(north) + _mercator_y(south)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(mid_y)) - math.pi / 2)
    return {"latitude": latitude, "longitude": (west + east) / 2, "zoom": round(zoom, 2)}



def to_pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator world pixels at a zoom (x east, y south), as deck.gl draws the map."""
    scale = WORLD_PX * 2 ** zoom
    return (lon + 180) / 360 * scale, (1 - _mercator_y(lat) / math.pi) / 2 * scale



def from_pixels(x: float, y: float, zoom: float) -> tuple[float, float]:
    scale = WORLD_PX * 2 ** zoom
    lat = math.degrees(2 * math.atan(math.exp((1 - 2 * y / scale) * math.pi)) - math.pi / 2)
    return x / scale * 360 - 180, lat



def label_point(geometry: str) -> tuple[float, float]:
    """Where an area's name goes: the centroid of its largest ring (the shoelace formula)."""
    ring = max(rings(geometry), key=len)
    pairs = list(zip(ring, ring[1:] + ring[:1]))
    cross = [x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs]
    area = sum(cross) / 2
    if abs(area) < 1e-12:
        return sum(x for x, _ in ring) / len(ring), sum(y for _, y in ring) / len(ring)
    return (sum((x0 + x1) * c for ((x0, _), (x1, _)), c in zip(pairs, cross)) / (6 * area),
            sum((y0 + y1) * c for ((_, y0), (_, y1)), c in zip(pairs, cross)) / (6 * area))



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
    polarity = polarity_of(indicator)
    edges = class_edges(merged["value"], decimals)
    fig = go.Figure()
    for row, ranked in zip(merged.itertuples(), ranks_in(merged, indicator)):
        colour = class_colour(row.value, edges, polarity, decimals)
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
    for row in merged[merged.code == selected].itertuples():  # the chosen area named on the map
        x, y = label_point(row.geometry)
        fig.add_annotation(x=x, y=y, text=f"<b>{escape(str(row.name))}</b>", showarrow=False,
                           font=dict(size=13, color=INK), bgcolor="rgba(255,255,255,0.9)", bordercolor=SELECTED)
    for colour, label in legend_items(edges, merged["value"], unit, decimals, polarity):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=escape(label),
                                 marker=dict(size=14, symbol="square", color="rgb(%d,%d,%d)" % colour,
                                             line=dict(color="#555555", width=1))))
    base_layout(fig, title, height=height)
    lat = shapes_mid_lat(merged)
    fig.update_xaxes(visible=False)
    # Equal distances on both axes at Stockport's latitude.
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(lat)))
    fig.update_layout(legend=dict(title=dict(text=f"{escape(unit)} ({darker_note(polarity)})"), orientation="v",
                                  yanchor="top", y=1, xanchor="left", x=1.01), margin=dict(r=10))
    return fig



def shapes_mid_lat(shapes: pd.DataFrame) -> float:
    ys = [y for g in shapes.geometry for ring in rings(g) for _, y in ring]
    return (min(ys) + max(ys)) / 2 if ys else 53.4
