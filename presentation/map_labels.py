"""Where names go on a map, in its SVG's units: each area's name inside its own area where it fits (whole,
on two lines, or abbreviated), never over another name or anything else marked taken; a chosen area's
plate beside it, outside its shape, with the ends of a leader line from the plate to the area."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points, polylabel

Box = tuple[float, float, float, float]  # left, top, right, bottom

CHAR_EM = 0.58  # a character's width in ems (semi-bold sans), generous: a name estimated to fit does fit
LINE_EM = 1.2
OVERHANG_EM = 0.35
PLATE_PAD = 5  # between a plate's text and its edge
# Compass words shortened, as Ordnance Survey maps do, when a name fits no other way.
SHORT = {"North": "N", "South": "S", "East": "E", "West": "W", "Central": "C"}


@dataclass(frozen=True)
class Label:
    """A name's lines centred on (x, y) at `size`; `pad` around the text (a plate's)."""

    lines: tuple[str, ...]
    x: float
    y: float
    size: float
    pad: float = 0.0

    @property
    def box(self) -> Box:
        w, h = text_size(self.lines, self.size)
        return (
            self.x - w / 2 - self.pad,
            self.y - h / 2 - self.pad,
            self.x + w / 2 + self.pad,
            self.y + h / 2 + self.pad,
        )


def text_size(lines: tuple[str, ...], size: float) -> tuple[float, float]:
    return CHAR_EM * size * max(map(len, lines)), LINE_EM * size * len(lines)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def name_forms(name: str) -> list[tuple[str, ...]]:
    """A name's forms, longest first: whole, on two lines (at '&' or the most even space), then with its
    compass words shortened, whole and on two lines."""
    short = re.sub(r"\b(" + "|".join(SHORT) + r")\b", lambda m: SHORT[m.group(1)], name)
    forms = []
    for text in dict.fromkeys([name, short]):
        forms += [(text,), *([_halves(text)] if " " in text else [])]
    return forms


def _halves(text: str) -> tuple[str, str]:
    words = text.split(" ")
    if "&" in words:  # "Brinnington &" / "Stockport Central"
        cut = words.index("&") + 1
    else:
        cut = min(range(1, len(words)), key=lambda n: abs(len(" ".join(words[:n])) - len(" ".join(words[n:]))))
    return " ".join(words[:cut]), " ".join(words[cut:])


def _candidates(region: BaseGeometry, step: float) -> np.ndarray:
    """Points inside `region`, nearest its pole of inaccessibility (the point farthest inside) first."""
    largest = max(getattr(region, "geoms", [region]), key=lambda g: g.area)
    pole = polylabel(largest, tolerance=1.0)
    left, top, right, bottom = region.bounds
    xs, ys = np.meshgrid(np.arange(left, right, step), np.arange(top, bottom, step))
    xs, ys = xs.ravel(), ys.ravel()
    inside = shapely.contains_xy(region, xs, ys)
    points = np.column_stack([xs[inside], ys[inside]])
    order = np.argsort(np.hypot(points[:, 0] - pole.x, points[:, 1] - pole.y))
    return np.vstack([[pole.x, pole.y], points[order]])


def place_names(areas: list[tuple[str, BaseGeometry]], size: float, taken: list[Box]) -> list[Label]:
    """A label for each area whose name fits in it (some form of it, within OVERHANG_EM of its edge), clear of every
    box in `taken` and of the names placed before it; the smallest areas, hardest to fit, are placed
    first. An area whose name fits nowhere has none: its name stays in its hover title."""
    taken = list(taken)
    placed = []
    for name, region in sorted(areas, key=lambda a: a[1].area):
        # A name may reach a third of its height over its area's boundary (its halo keeps it readable there):
        # held strictly inside, most wards' names did not fit at a desktop's width.
        room = region.buffer(size * OVERHANG_EM)
        shapely.prepare(room)
        points = _candidates(region, size / 2)
        for lines in name_forms(name):
            w, h = text_size(lines, size)
            boxes = shapely.box(points[:, 0] - w / 2, points[:, 1] - h / 2, points[:, 0] + w / 2, points[:, 1] + h / 2)
            fits = np.flatnonzero(shapely.contains(room, boxes))
            spot = next((n for n in fits if not any(overlaps(_bounds(boxes[n]), t) for t in taken)), None)
            if spot is not None:
                label = Label(lines, float(points[spot, 0]), float(points[spot, 1]), size)
                placed.append(label)
                taken.append(label.box)
                break
    return placed


def _bounds(geometry: BaseGeometry) -> Box:
    return tuple(geometry.bounds)


def plate_beside(
    name: str,
    area: BaseGeometry,
    size: float,
    width: float,
    height: float,
    avoid: list[Box] = (),
    land: list[BaseGeometry] = (),
) -> tuple[Label, tuple[float, float, float, float]]:
    """A plate for `name` outside `area` (a gap from its edge), inside the map's width × height, as near
    the area as it can be, clear of `avoid` and off `land` (the map's areas) where it can; and its leader
    line (x1, y1, x2, y2) from the plate's edge to the area's edge. Where nothing is free outside (an area
    filling the map) the plate sits on the map's edge nearest the area."""
    lines = (name,)
    w, h = text_size(lines, size)
    w, h = w + 2 * PLATE_PAD, h + 2 * PLATE_PAD
    step, reach = 6.0, 8 * size  # spots within `reach` of the area's bounds: a plate further off is no help
    left, top, right, bottom = area.bounds
    xs, ys = np.meshgrid(
        np.arange(max(w / 2 + 1, left - reach), min(width - w / 2 - 1, right + reach), step),
        np.arange(max(h / 2 + 1, top - reach), min(height - h / 2 - 1, bottom + reach), step),
    )
    xs, ys = xs.ravel(), ys.ravel()
    if not len(xs):  # a map too small for the plate: at its middle
        xs, ys = np.array([width / 2]), np.array([height / 2])
    boxes = shapely.box(xs - w / 2, ys - h / 2, xs + w / 2, ys + h / 2)
    gap = area.buffer(size / 2)
    shapely.prepare(gap)
    clear = ~shapely.intersects(gap, boxes)
    distance = shapely.distance(area, boxes) + np.where(clear, 0, 1e6)
    # Of the nearest spots outside the area, the one in the blank round the map, or over a name or marker
    # only where no other spot is near.
    near = np.argsort(distance)[:400]
    xs, ys, boxes, distance = xs[near], ys[near], boxes[near], distance[near]
    crowded = sum(
        ((xs - w / 2 < a[2]) & (a[0] < xs + w / 2) & (ys - h / 2 < a[3]) & (a[1] < ys + h / 2)).astype(float)
        for a in avoid
    )
    on_land = 0
    if len(land):  # the share of the plate over the map's areas, from nine points across it
        tree = shapely.STRtree(land)
        for fx in (-0.5, 0, 0.5):
            for fy in (-0.5, 0, 0.5):
                hit = np.zeros(len(xs))
                hit[np.unique(tree.query(shapely.points(xs + fx * w, ys + fy * h), predicate="within")[0])] = 1
                on_land = on_land + hit / 9
    best = int(np.argmin(distance + (crowded * 3 + on_land * 4) * size))
    label = Label(lines, float(xs[best]), float(ys[best]), size, PLATE_PAD)
    on_plate, on_area = nearest_points(boxes[best], area)
    return label, (on_plate.x, on_plate.y, on_area.x, on_area.y)
