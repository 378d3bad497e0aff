"""The dashboard's maps as inline SVG made on the server (issue 18): no script, so a page with a map
blocks the browser no longer than one without (deck.gl spent 1-2.4 s of main-thread script per page).
Each area carries its name, figure and rank in a <title> (the browser's hover tip); the chosen area is
outlined and named on a white plate; the one colour rule is presentation/maps.py's."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from html import escape

import pandas as pd

from .htmldoc import render
from .labels import spread_markers
from .maps import class_colour, class_edges, darker_note, label_point, legend_items, polarity_of, rings
from .theme import DARK, INK, MUTED, PALETTE, SELECTED, WHITE
from .wording import figure_text, ranks_in

VIEW_PX = 560  # the viewBox's width: drawn at about this size in a desktop column, scaled down on a phone
PAD_PX = 6
LABEL_SIZE = 15  # a chosen area's name
MARKER_PX = 11  # a numbered scheme marker's radius
SCHEME_VIEW_PX = 420  # narrower: the markers and their numbers drawn a little larger than they are here


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
        return (round(PAD_PX + (lon - self.west) * self.k * self.scale, 1),
                round(PAD_PX + (self.north - lat) * self.scale, 1))

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
                parts.append(f"M{_tenths(points[0][0])},{_tenths(points[0][1])}l"
                             + "".join(n if k == 0 or n.startswith("-") else " " + n for k, n in enumerate(steps)) + "z")
        return "".join(parts)


def _bounds(geometries) -> tuple[float, float, float, float]:
    xs, ys = zip(*[(x, y) for g in geometries for ring in rings(g) for x, y in ring])
    return min(xs), min(ys), max(xs), max(ys)


def _open(proj: Projection, height_px: int, title: str, desc: str, uid: str) -> str:
    """The <svg>: full width of its column up to the width at which it is `height_px` high, so its
    height is fixed by its aspect (known before it draws) and never taller than asked."""
    max_width = int(height_px * proj.width / proj.height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="os-map" viewBox="0 0 {proj.width} {proj.height}" '
            f'width="100%" role="img" aria-labelledby="{uid}-t {uid}-d" '
            f'style="display:block;max-width:{max_width}px;height:auto;font-family:\'Source Sans Pro\',Arial,sans-serif">'
            f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>')


def _plate(x: float, y: float, text: str, proj: Projection, size: int = LABEL_SIZE, edge: str = SELECTED) -> str:
    """A name on a white plate (readable on any fill and either theme), kept inside the map."""
    w, h = 0.56 * size * len(text) + 10, size + 8
    left = min(max(x - w / 2, 1), proj.width - w - 1)
    top = min(max(y - h / 2, 1), proj.height - h - 1)
    return (f'<g aria-hidden="true"><rect x="{left:.1f}" y="{top:.1f}" width="{w:.1f}" height="{h}" rx="3" fill="{WHITE}" '
            f'fill-opacity="0.94" stroke="{edge}" stroke-width="1.5"/><text x="{left + w / 2:.1f}" y="{top + h / 2:.1f}" '
            f'text-anchor="middle" dominant-baseline="central" font-size="{size}" font-weight="700" fill="{INK}">'
            f'{escape(text)}</text></g>')


def _clipped(ring: list[tuple[float, float]], width: float, height: float) -> list[tuple[float, float]]:
    """A ring cut to the map's box (Sutherland-Hodgman: the box is convex)."""
    edges = [(lambda p: p[0] >= 0, lambda a, b: (0, a[1] + (b[1] - a[1]) * (0 - a[0]) / (b[0] - a[0]))),
             (lambda p: p[0] <= width, lambda a, b: (width, a[1] + (b[1] - a[1]) * (width - a[0]) / (b[0] - a[0]))),
             (lambda p: p[1] >= 0, lambda a, b: (a[0] + (b[0] - a[0]) * (0 - a[1]) / (b[1] - a[1]), 0)),
             (lambda p: p[1] <= height, lambda a, b: (a[0] + (b[0] - a[0]) * (height - a[1]) / (b[1] - a[1]), height))]
    for inside, cut in edges:
        points, ring = ring, []
        for a, b in zip(points[-1:] + points[:-1], points):
            if inside(b):
                if not inside(a):
                    ring.append(cut(a, b))
                ring.append(b)
            elif inside(a):
                ring.append(cut(a, b))
    return ring


def _centre(ring: list[tuple[float, float]]) -> tuple[float, tuple[float, float]]:
    """(area, centroid) of a ring (the shoelace formula); no area for a ring cut away."""
    if len(ring) < 3:
        return 0.0, (0.0, 0.0)
    pairs = list(zip(ring, ring[1:] + ring[:1]))
    cross = [x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs]
    area = sum(cross) / 2
    if abs(area) < 1e-9:
        return 0.0, ring[0]
    return abs(area), (sum((x0 + x1) * c for ((x0, _), (x1, _)), c in zip(pairs, cross)) / (6 * area),
                       sum((y0 + y1) * c for ((_, y0), (_, y1)), c in zip(pairs, cross)) / (6 * area))


def _visible_name_points(wards: pd.DataFrame, proj: Projection, share: float = 0.03) -> list[tuple[str, float, float]]:
    """Where each ward's name goes on a map that shows part of Stockport: the centre of the part of the
    ward in view, for wards covering at least `share` of it."""
    found = []
    for name, geometry in zip(wards.name, wards.geometry):
        parts = [_centre(_clipped([proj.xy(x, y) for x, y in ring], proj.width, proj.height)) for ring in rings(geometry)]
        parts = [p for p in parts if p[0] > 0]
        if parts:
            area, (x, y) = max(parts)
            if area >= share * proj.width * proj.height:
                found.append((str(name), x, y))
    return found


def _name_spots(wards: pd.DataFrame, proj: Projection, markers: list[tuple[float, float]],
                size: int = 11) -> list[tuple[str, float, float]]:
    """Ward names placed where they hide no marker and no other name: at the centre of the ward's part
    in view or a step above, below or beside it; a name with no free spot is left to the ward's hover title."""
    taken = [(x - MARKER_PX - 2, y - MARKER_PX - 2, x + MARKER_PX + 2, y + MARKER_PX + 2) for x, y in markers]
    placed = []
    for name, x, y in _visible_name_points(wards, proj):
        w, h = 0.56 * size * len(name) + 10, size + 8
        for dx, dy in [(0, 0), (0, -h - 4), (0, h + 4), (-w / 2, 0), (w / 2, 0), (0, -2 * h - 8), (0, 2 * h + 8)]:
            box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
            inside = box[0] >= 1 and box[1] >= 1 and box[2] <= proj.width - 1 and box[3] <= proj.height - 1
            if inside and not any(a[0] < box[2] and box[0] < a[2] and a[1] < box[3] and box[1] < a[3] for a in taken):
                taken.append(box)
                placed.append((name, x + dx, y + dy))
                break
    return placed


def _rank_words(merged: pd.DataFrame, indicator: str | None) -> list[str]:
    if "rank" not in merged.columns:
        return ["—"] * len(merged)
    return [f"{r} (1 = highest)" if r[-1:].isdigit() else r for r in ranks_in(merged, indicator)]


def choropleth(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
               selected: str | None = None, indicator: str | None = None, ward_name: str | None = None,
               ward_geometry: str | None = None, dark: bool = False, height_px: int = 440,
               uid: str = "map") -> str:
    """Areas (code, name, GeoJSON geometry) filled by their figure's class (darker = more of a concern);
    the selected area, and a ward given by name and geometry (the chosen ward over its LSOAs), outlined
    and named. Every area's <title> gives its name, figure and rank."""
    merged = shapes.merge(values, left_on="code", right_on="area_code", how="left")
    polarity = polarity_of(indicator)
    edges = class_edges(merged["value"], decimals)
    proj = Projection.fitted(_bounds(shapes.geometry))
    edge = DARK["page"] if dark else WHITE  # the lines between areas, in the page's own colour
    body = [f'<g stroke="{edge}" stroke-width="0.8" stroke-linejoin="round" fill-rule="evenodd">']
    for row, rank in zip(merged.itertuples(), _rank_words(merged, indicator)):
        fill = "rgb(%d,%d,%d)" % class_colour(row.value, edges, polarity, decimals)
        figure = figure_text(row.value, unit, decimals, getattr(row, "status", None))
        tip = f"{row.name}\n{title}: {figure}\nRank: {rank}"
        body.append(f'<path d="{proj.path(row.geometry)}" fill="{fill}"><title>{escape(tip)}</title></path>')
    body.append("</g>")
    outlined = [(str(r.name), r.geometry) for r in merged[merged.code == selected].itertuples()] if selected else []
    if ward_name is not None and ward_geometry:
        outlined.append((ward_name, ward_geometry))
    halo = WHITE if dark else INK  # keeps the outline distinct from the darkest fills and from the page
    for name, geometry in outlined:
        d = proj.path(geometry)
        body.append(f'<g fill="none" aria-hidden="true" class="os-map-outline">'
                    f'<path d="{d}" stroke="{halo}" stroke-width="6" stroke-opacity="0.7" vector-effect="non-scaling-stroke"/>'
                    f'<path d="{d}" stroke="{SELECTED}" stroke-width="3.5" vector-effect="non-scaling-stroke"/></g>')
    body += [_plate(*proj.xy(*label_point(g)), name, proj) for name, g in outlined]
    named = "; ".join(f"{n} outlined" for n, _ in outlined)
    desc = (f"{title} for {len(merged)} areas, darker = more of a concern{'; ' + named if named else ''}. "
            "Every figure is in the table under the map.")
    return _open(proj, height_px, title, desc, uid) + "".join(body) + "</svg>"


def scheme_map(points: pd.DataFrame, wards: pd.DataFrame, tips: list[str], dark: bool = False,
               height_px: int = 460, uid: str = "schemes") -> str:
    """Numbered markers (points: number, kind, lat, lon) over ward outlines (name, geometry), fitted to
    the markers; a marker that would hide another moves aside on a grey leader line to its place.
    `tips`: each marker's hover text (name, status, capital)."""
    pad = 0.004  # degrees: a few streets around the outermost schemes
    bounds = (points.lon.min() - pad, points.lat.min() - pad, points.lon.max() + pad, points.lat.max() + pad)
    proj = Projection.fitted(bounds, SCHEME_VIEW_PX)
    at = [proj.xy(x, y) for x, y in zip(points.lon, points.lat)]
    spots = [(round(x, 1), round(y, 1)) for x, y in spread_markers(at, MARKER_PX)]
    fill = "rgba(128,128,128,0.12)"
    body = [f'<g stroke="{MUTED}" stroke-width="1.5" fill="{fill}">']
    body += [f'<path d="{proj.path(g)}"><title>{escape(str(n))} ward</title></path>'
             for n, g in zip(wards.name, wards.geometry)]
    body.append("</g>")
    body += [_plate(x, y, name, proj, size=11, edge=MUTED) for name, x, y in _name_spots(wards, proj, spots)]
    body.append(f'<g stroke="{MUTED}" stroke-width="2">')
    body.append(f'</g><g stroke="{MUTED}" stroke-width="2">')
    body += [f'<line x1="{a[0]:g}" y1="{a[1]:g}" x2="{s[0]:g}" y2="{s[1]:g}"/>' for a, s in zip(at, spots) if a != s]
    body.append(f'</g><g fill="{MUTED}">')
    body += [f'<circle cx="{x:g}" cy="{y:g}" r="3"/>' for (x, y), s in zip(at, spots) if (x, y) != s]
    body.append("</g>")
    for p, (x, y), tip in zip(points.itertuples(), spots, tips):
        colour = PALETTE[0] if p.kind == "scheme" else SELECTED
        body.append(f'<g class="os-map-marker"><title>{escape(tip)}</title>'
                    f'<circle cx="{x:g}" cy="{y:g}" r="{MARKER_PX}" fill="{colour}" stroke="{WHITE}" stroke-width="2"/>'
                    f'<text x="{x:g}" y="{y:g}" text-anchor="middle" dominant-baseline="central" font-size="12" '
                    f'font-weight="700" fill="{WHITE}">{p.number}</text></g>')
    desc = (f"{len(points)} numbered places over ward outlines; each number is listed with its name, status "
            "and capital under the map.")
    return _open(proj, height_px, "Where the schemes and programmes are", desc, uid) + "".join(body) + "</svg>"


def map_drawing(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
                selected: str | None, indicator: str | None, ward: pd.Series | None, dark: bool, height: int,
                key: str, compact: bool = False) -> tuple[str, str | None]:
    """(the SVG map, its legend's HTML or None when there are no figures): what a page's map shows until
    the reader asks for zoom and pan (ui/maps.choropleth), and what an embed's shows."""
    ward_name = None if ward is None else str(ward["name"])
    ward_geometry = None if ward is None else ward["geometry"]
    svg = choropleth(shapes, values, unit, decimals, title, selected, indicator, ward_name, ward_geometry,
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
