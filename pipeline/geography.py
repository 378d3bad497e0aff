"""Schematic shapes for offline maps when official boundaries are absent.

Voronoi cells around each area's centroid, clipped to a buffered hull of all centroids: they
place every ward on the map in roughly the right spot and are labelled 'schematic' on screen.
"""
from __future__ import annotations

import json

from shapely.geometry import MultiPoint, Point, mapping
from shapely.ops import voronoi_diagram

# About 1.2 km at Stockport's latitude: the hull of ward centroids falls short of the boundary.
HULL_BUFFER_DEGREES = 0.017


def schematic_cells(points: dict[str, tuple[float, float]], extent=None) -> dict[str, str]:
    """GeoJSON geometry text for each code's Voronoi cell, clipped to `extent` or a buffered hull."""
    if len(points) < 3:
        return {}
    codes = sorted(points)
    multipoint = MultiPoint([points[c] for c in codes])
    clip = extent if extent is not None else multipoint.convex_hull.buffer(HULL_BUFFER_DEGREES)
    cells = voronoi_diagram(multipoint, envelope=clip.envelope.buffer(0.05))
    out = {}
    for code in codes:
        point = Point(points[code])
        cell = next((c for c in cells.geoms if c.contains(point)), None)
        if cell is None:
            continue
        clipped = cell.intersection(clip)
        out[code] = json.dumps(mapping(clipped.simplify(0.0002)), separators=(",", ":"))
    return out


def hull_extent(points: list[tuple[float, float]]):
    return MultiPoint(points).convex_hull.buffer(HULL_BUFFER_DEGREES)
