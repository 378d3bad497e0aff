"""The maps, drawn one way for every medium: inline SVG made on the server for the dashboard's pages, the
static public export and print (ward reports), with the one projection below. No script, so a page with a
map blocks the browser no longer than one without (deck.gl spent 1-2.4 s of main-thread script per page;
it now draws only when a reader asks to zoom, ui/zoom_map.py). Each area carries its name, figure and rank
in a <title> (the browser's hover tip); ward names are written where they fit, at a desktop's width; the
chosen area is outlined and named on a plate beside it with a leader line; colours: map_classes.py."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from .htmldoc import render
from .labels import spread_markers
from .map_classes import class_colour, class_edges, darker_note, legend_items, polarity_of
from .map_labels import Box, Label, place_names, plate_beside
from .theme import INK, MAP_GROUND_DARK, MUTED, PALETTE, SELECTED, WHITE
from .wording import figure_text, ranks_in

VIEW_PX = 560  # the viewBox's width: drawn a little larger in a desktop column, scaled down on a phone
PAD_PX = 6
MAP_HEIGHT_PX = 560  # at most this high: about 660 px wide, over half a 1440 px screen's content
PLATE_SIZE = 15  # a chosen area's name
# The other areas' names: 13 px on a desktop, unreadable on a phone, so hidden on a page under 700 px wide
# (app.css, export_chart.css; a <style> in the SVG hid the whole map in Streamlit's Markdown).
NAME_SIZE = 11
MARKER_PX = 11  # a numbered scheme marker's radius
SCHEME_VIEW_PX = 420  # narrower: the markers and their numbers drawn a little larger than they are here
# Boundaries are white on either theme: 3.9:1 or more against the three darker classes and 16:1 against the
# dark page (in the dark page's own colour, the lines between dark areas vanished).
BOUNDARY = WHITE
METRES_PER_DEGREE = 111_320  # of latitude


def rings(geometry: str) -> list[list[tuple[float, float]]]:
    """Outer and inner rings of a GeoJSON Polygon or MultiPolygon, as (lon, lat) lists."""
    g = json.loads(geometry)
    polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
    return [[(x, y) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def bounds_of(geometries) -> tuple[float, float, float, float]:
    """(west, south, east, north) of GeoJSON geometries."""
    xs, ys = zip(*[(x, y) for g in geometries for ring in rings(g) for x, y in ring])
    return min(xs), min(ys), max(xs), max(ys)


def label_point(geometry: str) -> tuple[float, float]:
    """(lon, lat) of a point inside an area, where the zoomable map writes its name: the pole of
    inaccessibility of its largest part (a centroid can fall outside a crescent-shaped ward)."""
    area = shape(json.loads(geometry))
    largest = max(getattr(area, "geoms", [area]), key=lambda g: g.area)
    pole = polylabel(largest, tolerance=1e-5)
    return pole.x, pole.y


def _tenths(n: int) -> str:
    """A whole number of tenths as the shortest SVG number: 236 → 23.6, -8 → -.8, 20 → 2."""
    whole, tenth = divmod(abs(n), 10)
    return ("-" if n < 0 else "") + (f"{whole}" if not tenth else f"{whole or ''}.{tenth}")


@dataclass(frozen=True)
class Projection:
    """Equal distances on both axes at the map's mid latitude, fitted to `bounds` in a VIEW_PX-wide box."""

    west: float
    north: float
    k: float  # cos(mid latitude)
    scale: float  # viewBox units per degree of latitude
    width: int
    height: int

    @classmethod
    def fitted(cls, bounds: tuple[float, float, float, float], width: int = VIEW_PX) -> "Projection":
        west, south, east, north = bounds
        k = math.cos(math.radians((south + north) / 2))
        w, h = max((east - west) * k, 1e-9), max(north - south, 1e-9)
        scale = (width - 2 * PAD_PX) / w
        return cls(west, north, k, scale, width, math.ceil(h * scale + 2 * PAD_PX))

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(PAD_PX + (lon - self.west) * self.k * self.scale, 1),
            round(PAD_PX + (self.north - lat) * self.scale, 1),
        )

    def shapes(self, geometries) -> list[BaseGeometry]:
        """GeoJSON geometries in viewBox units (unrounded), for placing names: parsed and projected in one
        go (shape by shape, an LSOA map's took a quarter of a second)."""
        return list(
            shapely.transform(
                shapely.from_geojson(list(geometries)),
                lambda c: np.column_stack(
                    [PAD_PX + (c[:, 0] - self.west) * self.k * self.scale, PAD_PX + (self.north - c[:, 1]) * self.scale]
                ),
            )
        )

    def units(self, metres: float) -> float:
        return metres / METRES_PER_DEGREE * self.scale

    def path(self, geometry: str) -> str:
        """SVG path data of a GeoJSON geometry, to a tenth of a viewBox unit, points that round onto the
        one before dropped. Each point after a ring's first is its step from the one before ("l"): a
        third shorter than absolute coordinates, and a page parses every map's markup on arrival. The
        steps are whole tenths, so the points are exactly where absolute ones would be."""
        parts = []
        for ring in rings(geometry):
            points: list[tuple[int, int]] = []
            for lon, lat in ring:
                x, y = self.xy(lon, lat)
                p = (round(x * 10), round(y * 10))
                if not points or p != points[-1]:
                    points.append(p)
            if len(points) >= 3:
                steps = [_tenths(n) for (x0, y0), (x1, y1) in zip(points, points[1:]) for n in (x1 - x0, y1 - y0)]
                # A minus sign separates numbers by itself.
                parts.append(
                    f"M{_tenths(points[0][0])},{_tenths(points[0][1])}l"
                    + "".join(n if k == 0 or n.startswith("-") else " " + n for k, n in enumerate(steps))
                    + "z"
                )
        return "".join(parts)


def _open(proj: Projection, height_px: int, title: str, desc: str, uid: str) -> str:
    """The <svg>: full width of its column up to the width at which it is `height_px` high, so its
    height is fixed by its aspect (known before it draws) and never taller than asked."""
    max_width = int(height_px * proj.width / proj.height)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="os-map" viewBox="0 0 {proj.width} {proj.height}" '
        f'width="100%" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f"style=\"display:block;max-width:{max_width}px;height:auto;font-family:'Source Sans Pro',Arial,sans-serif\">"
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
    )


def _names(labels: list[Label], size: float) -> str:
    """Area names in ink on a white halo (readable on every class colour), shown only on a wide page (the
    stylesheets hide .os-map-names); aria-hidden, as each area's <title> already names it."""
    if not labels:
        return ""
    texts = []
    for label in labels:
        if len(label.lines) == 1:
            texts.append(f'<text x="{label.x:.1f}" y="{label.y:.1f}">{escape(label.lines[0])}</text>')
        else:
            top = label.y - (len(label.lines) - 1) * 0.6 * size
            texts.append(
                "<text>"
                + "".join(
                    f'<tspan x="{label.x:.1f}" y="{top + 1.2 * size * n:.1f}">{escape(line)}</tspan>'
                    for n, line in enumerate(label.lines)
                )
                + "</text>"
            )
    return (
        f'<g class="os-map-names" aria-hidden="true" pointer-events="none" font-size="{size}" font-weight="600" '
        f'fill="{INK}" stroke="{WHITE}" stroke-width="{size / 4:g}" stroke-linejoin="round" paint-order="stroke" '
        f'text-anchor="middle" dominant-baseline="central">' + "".join(texts) + "</g>"
    )


def _plate(label: Label, leader: tuple[float, float, float, float], edge: str = SELECTED) -> str:
    """A name on a white plate (readable on any fill and either theme) joined to its area by a leader line
    in ink on a white halo, ending in a dot on the area's edge."""
    left, top, right, bottom = label.box
    x1, y1, x2, y2 = leader
    line = f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}"'
    return (
        f'<g aria-hidden="true" class="os-map-plate"><line {line} stroke="{WHITE}" stroke-width="4"/>'
        f'<line {line} stroke="{INK}" stroke-width="1.5"/><circle cx="{x2:.1f}" cy="{y2:.1f}" r="2.5" fill="{INK}" '
        f'stroke="{WHITE}"/><rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" height="{bottom - top:.1f}" '
        f'rx="3" fill="{WHITE}" fill-opacity="0.94" stroke="{edge}" stroke-width="1.5"/><text x="{label.x:.1f}" '
        f'y="{label.y:.1f}" text-anchor="middle" dominant-baseline="central" font-size="{label.size:g}" '
        f'font-weight="700" fill="{INK}">{escape(label.lines[0])}</text></g>'
    )


def _along(leader: tuple[float, float, float, float], half: float = 2.0) -> list[Box]:
    """Small boxes along a leader line, so no name is written over it."""
    x1, y1, x2, y2 = leader
    n = max(1, int(math.hypot(x2 - x1, y2 - y1) / half))
    return [
        (x - half, y - half, x + half, y + half)
        for x, y in ((x1 + (x2 - x1) * t / n, y1 + (y2 - y1) * t / n) for t in range(n + 1))
    ]


def _plates(
    outlined: list[tuple[str, BaseGeometry]], proj: "Projection", land: list[BaseGeometry], avoid: list[Box] = ()
) -> tuple[list[str], list[Box]]:
    """Each outlined area's plate beside it, and what the plates and their leaders cover."""
    drawn, taken = [], list(avoid)
    for name, area in outlined:
        label, leader = plate_beside(name, area, PLATE_SIZE, proj.width, proj.height, taken, land)
        drawn.append(_plate(label, leader))
        taken += [label.box, *_along(leader)]
    return drawn, taken[len(avoid) :]


def _rank_words(merged: pd.DataFrame, indicator: str | None) -> list[str]:
    if "rank" not in merged.columns:
        return ["—"] * len(merged)
    return [f"{r} (1 = highest)" if r[-1:].isdigit() else r for r in ranks_in(merged, indicator)]


@dataclass(frozen=True)
class MapLayout:
    """What a map draws whatever figures fill it: its projection, each area's outline, the chosen areas'
    outlines and plates, and the other areas' names placed clear of the plates. Placing names is most of a
    map's drawing time; the static export draws every indicator's map of a ward from one layout."""

    proj: Projection
    paths: tuple[str, ...]  # each area's, in the order of the shapes it was made from
    outlined: tuple[tuple[str, str], ...]  # (name, path) of each chosen area
    plates: tuple[str, ...]
    names: str


def map_layout(
    shapes: pd.DataFrame,
    selected: str | None = None,
    ward_name: str | None = None,
    ward_geometry: str | None = None,
    named: bool = False,
) -> MapLayout:
    """The layout of a map of `shapes` (code, name, GeoJSON geometry) with the selected area, and a ward given
    by name and geometry (the chosen ward over its LSOAs), outlined and named on a plate beside it;
    `named`: the other areas' names written inside them where they fit (a ward map's)."""
    proj = Projection.fitted(bounds_of(shapes.geometry))
    chosen = [(str(r.name), r.geometry) for r in shapes[shapes.code == selected].itertuples()] if selected else []
    if ward_name is not None and ward_geometry:
        chosen.append((ward_name, ward_geometry))
    areas = proj.shapes(shapes.geometry) if chosen or named else []
    plates, taken = _plates(list(zip([n for n, _ in chosen], proj.shapes([g for _, g in chosen]))), proj, areas)
    names = ""
    if named:
        skip = {n for n, _ in chosen}
        names = _names(
            place_names([(str(n), a) for n, a in zip(shapes.name, areas) if str(n) not in skip], NAME_SIZE, taken),
            NAME_SIZE,
        )
    return MapLayout(
        proj,
        tuple(proj.path(g) for g in shapes.geometry),
        tuple((n, proj.path(g)) for n, g in chosen),
        tuple(plates),
        names,
    )


def choropleth(
    shapes: pd.DataFrame,
    values: pd.DataFrame,
    unit: str,
    decimals: int,
    title: str,
    selected: str | None = None,
    indicator: str | None = None,
    ward_name: str | None = None,
    ward_geometry: str | None = None,
    dark: bool = False,
    height_px: int = MAP_HEIGHT_PX,
    uid: str = "map",
    named: bool = False,
    desc: str | None = None,
    layout: MapLayout | None = None,
) -> str:
    """Areas (code, name, GeoJSON geometry) filled by their figure's class (darker = more of a concern),
    laid out as map_layout lays them (`layout`: one it made for the same shapes, chosen areas and names).
    Every area's <title> gives its name, figure and rank. `desc`: the text alternative, if not the one
    made here."""
    layout = layout or map_layout(shapes, selected, ward_name, ward_geometry, named)
    merged = shapes.merge(values, left_on="code", right_on="area_code", how="left")
    polarity = polarity_of(indicator)
    edges = class_edges(merged["value"], decimals)
    proj = layout.proj
    body = [f'<g stroke="{BOUNDARY}" stroke-width="0.8" stroke-linejoin="round" fill-rule="evenodd">']
    for row, rank, d in zip(merged.itertuples(), _rank_words(merged, indicator), layout.paths, strict=True):
        fill = "rgb(%d,%d,%d)" % class_colour(row.value, edges, polarity, decimals)
        figure = figure_text(row.value, unit, decimals, getattr(row, "status", None))
        tip = f"{row.name}\n{title}: {figure}\nRank: {rank}"
        body.append(f'<path d="{d}" fill="{fill}"><title>{escape(tip)}</title></path>')
    body.append("</g>")
    halo = WHITE if dark else INK  # keeps the outline distinct from the darkest fills and from the page
    for _, d in layout.outlined:
        body.append(
            f'<g fill="none" aria-hidden="true" class="os-map-outline">'
            f'<path d="{d}" stroke="{halo}" stroke-width="6" stroke-opacity="0.7" vector-effect="non-scaling-stroke"/>'
            f'<path d="{d}" stroke="{SELECTED}" stroke-width="3.5" vector-effect="non-scaling-stroke"/></g>'
        )
    body.append(layout.names)
    body += layout.plates
    named_ = "; ".join(f"{n} outlined" for n, _ in layout.outlined)
    desc = desc or (
        f"{title} for {len(merged)} areas, darker = more of a concern{'; ' + named_ if named_ else ''}. "
        "Every figure is in the table under the map."
    )
    ground = f'<rect width="{proj.width}" height="{proj.height}" rx="8" fill="{MAP_GROUND_DARK}"/>' if dark else ""
    return _open(proj, height_px, title, desc, uid) + ground + "".join(body) + "</svg>"


def _scheme_bounds(
    points: pd.DataFrame, margin_m: float = 450, aspect: float = 4 / 3
) -> tuple[float, float, float, float]:
    """The schemes and the streets around them, widened to `aspect` (width / height) so the map fills a
    desktop column."""
    k = math.cos(math.radians(points.lat.mean()))
    pad = margin_m / METRES_PER_DEGREE
    west, east = points.lon.min() - pad / k, points.lon.max() + pad / k
    south, north = points.lat.min() - pad, points.lat.max() + pad
    wide, high = (east - west) * k, north - south
    if wide < aspect * high:
        grow = (aspect * high - wide) / k / 2
        west, east = west - grow, east + grow
    else:
        grow = (wide / aspect - high) / 2
        south, north = south - grow, north + grow
    return west, south, east, north


def town_centre(points: pd.DataFrame, proj: Projection, margin_m: float = 150) -> BaseGeometry:
    """The town centre as the register draws it, in viewBox units: the area its places span (every row of
    the projects register is a town-centre scheme or programme), a street's width around them."""
    return MultiPoint([proj.xy(x, y) for x, y in zip(points.lon, points.lat)]).convex_hull.buffer(proj.units(margin_m))


def scheme_map(
    points: pd.DataFrame,
    wards: pd.DataFrame,
    tips: list[str],
    selected: str | None = None,
    dark: bool = False,
    height_px: int = 520,
    uid: str = "schemes",
) -> str:
    """Numbered markers (points: number, kind, lat, lon) over the wards around them (code, name, geometry),
    each ward named where it fits, the chosen ward shaded and the town centre (town_centre) marked; a
    marker that would hide another moves aside on a grey leader line to its place. `tips`: each marker's
    hover text (name, status, capital)."""
    proj = Projection.fitted(_scheme_bounds(points), SCHEME_VIEW_PX)
    view = shapely.box(0, 0, proj.width, proj.height)
    at = [proj.xy(x, y) for x, y in zip(points.lon, points.lat)]
    spots = [(round(x, 1), round(y, 1)) for x, y in spread_markers(at, MARKER_PX)]
    shown = [
        (r.code, str(r.name), r.geometry, part.intersection(view))
        for r, part in zip(wards.itertuples(), proj.shapes(wards.geometry))
    ]
    shown = [s for s in shown if s[3].area > 0]
    body = [f'<g stroke="{MUTED}" stroke-width="1.5" fill="rgba(128,128,128,0.12)">']
    body += [f'<path d="{proj.path(g)}"><title>{escape(n)} ward</title></path>' for _, n, g, _ in shown]
    body.append("</g>")
    chosen = [(n, g) for code, n, g, _ in shown if code == selected]
    body += [
        f'<path class="os-map-chosen" d="{proj.path(g)}" fill="{SELECTED}" fill-opacity="0.22" stroke="{SELECTED}" '
        f'stroke-width="3" pointer-events="none"><title>{escape(n)} ward (chosen)</title></path>'
        for n, g in chosen
    ]
    centre = town_centre(points, proj)
    outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in centre.exterior.coords)
    body.append(
        f'<polygon class="os-map-town-centre" points="{outline}" fill="{PALETTE[0]}" fill-opacity="0.08" '
        f'stroke="{PALETTE[0]}" stroke-width="2" stroke-dasharray="6 4" pointer-events="none"/>'
    )
    taken = [(x - MARKER_PX - 2, y - MARKER_PX - 2, x + MARKER_PX + 2, y + MARKER_PX + 2) for x, y in spots]
    taken += [b for a, s in zip(at, spots) if a != s for b in _along((*a, *s))]
    size = NAME_SIZE * SCHEME_VIEW_PX / VIEW_PX * 1.1  # as large on the page as a ward map's names
    labels = place_names([("Town centre", centre.intersection(view))], size, taken)
    labels += place_names([(n, part) for _, n, _, part in shown], size, taken + [label.box for label in labels])
    body.append(_names(labels, size))
    body.append(f'<g stroke="{MUTED}" stroke-width="2">')
    body += [f'<line x1="{a[0]:g}" y1="{a[1]:g}" x2="{s[0]:g}" y2="{s[1]:g}"/>' for a, s in zip(at, spots) if a != s]
    body.append(f'</g><g fill="{MUTED}">')
    body += [f'<circle cx="{x:g}" cy="{y:g}" r="3"/>' for (x, y), s in zip(at, spots) if (x, y) != s]
    body.append("</g>")
    for p, (x, y), tip in zip(points.itertuples(), spots, tips):
        colour = PALETTE[0] if p.kind == "scheme" else SELECTED
        body.append(
            f'<g class="os-map-marker"><title>{escape(tip)}</title>'
            f'<circle cx="{x:g}" cy="{y:g}" r="{MARKER_PX}" fill="{colour}" stroke="{WHITE}" stroke-width="2"/>'
            f'<text x="{x:g}" y="{y:g}" text-anchor="middle" dominant-baseline="central" font-size="12" '
            f'font-weight="700" fill="{WHITE}">{p.number}</text></g>'
        )
    where = (
        f" {chosen[0][0]} (the chosen ward) is shaded."
        if chosen
        else " The chosen ward is outside this map: no place in the register is near it."
        if selected
        else ""
    )
    desc = (
        f"{len(points)} numbered places over the wards of Stockport's town centre, the town centre (the area "
        f"the places span) marked with a dashed line.{where} Each number is listed with its name, status and "
        "capital under the map."
    )
    return _open(proj, height_px, "Where the schemes and programmes are", desc, uid) + "".join(body) + "</svg>"


def map_drawing(
    shapes: pd.DataFrame,
    values: pd.DataFrame,
    unit: str,
    decimals: int,
    title: str,
    selected: str | None,
    indicator: str | None,
    ward: pd.Series | None,
    dark: bool,
    height: int,
    key: str,
    compact: bool = False,
    named: bool = False,
    layout: MapLayout | None = None,
) -> tuple[str, str | None]:
    """(the SVG map, its legend's HTML or None when there are no figures): what a page's map shows until
    the reader asks for zoom and pan (ui/maps.choropleth), and what an embed's shows, live or static
    (`layout`: choropleth's)."""
    ward_name = None if ward is None else str(ward["name"])
    ward_geometry = None if ward is None else ward["geometry"]
    svg = choropleth(
        shapes,
        values,
        unit,
        decimals,
        title,
        selected,
        indicator,
        ward_name,
        ward_geometry,
        dark,
        height,
        re.sub(r"[^A-Za-z0-9_-]", "-", key),
        named,
        layout=layout,
    )
    edges, shown, polarity, outlined = _legend_inputs(shapes, values, decimals, indicator, selected, ward_name)
    return svg, legend_html(edges, shown, unit, decimals, polarity, outlined, compact)


def _legend_inputs(
    shapes: pd.DataFrame,
    values: pd.DataFrame,
    decimals: int,
    indicator: str | None,
    selected: str | None,
    ward_name: str | None,
) -> tuple[list[float], pd.Series, str | None, list[str]]:
    """The legend's classes and outlined names, as the SVG map drew them."""
    merged = shapes[["code", "name"]].merge(values, left_on="code", right_on="area_code", how="left")
    outlined = [str(n) for n in merged.loc[merged.code == selected, "name"]] if selected else []
    if ward_name is not None:
        outlined.append(ward_name)
    return class_edges(merged["value"], decimals), merged["value"], polarity_of(indicator), outlined


def legend_key(
    shapes: pd.DataFrame,
    values: pd.DataFrame,
    unit: str,
    decimals: int,
    indicator: str | None,
    selected: str | None = None,
    ward_name: str | None = None,
) -> tuple[list[tuple[str, str]], str]:
    """The map's key as (colour, words) per class, and its reading of the colours and the outlined area,
    as the SVG map drew them: what a downloaded image of the map draws under it (ui/chart_images)."""
    edges, shown, polarity, outlined = _legend_inputs(shapes, values, decimals, indicator, selected, ward_name)
    said = [darker_note(polarity).capitalize(), *(f"{name} outlined" for name in outlined)]
    return (
        [("rgb(%d,%d,%d)" % rgb, label) for rgb, label in legend_items(edges, shown, unit, decimals, polarity)],
        "; ".join(said) + ".",
    )


def legend_html(
    edges: list[float],
    values: pd.Series,
    unit: str,
    decimals: int,
    polarity: str | None,
    outlined: list[str],
    compact: bool = False,
) -> str | None:
    """The map's key in words and colours; None when there are no figures to map."""
    classes = legend_items(edges, values, unit, decimals, polarity)
    if not classes:
        return None
    return render(
        "map_legend.html",
        classes=[("rgb(%d,%d,%d)" % rgb, label) for rgb, label in classes],
        outlined=outlined,
        darker=darker_note(polarity),
        compact=compact,
    )
