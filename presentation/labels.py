"""Where a scatter chart's point labels go so that none overlaps another label, a marker or the edge."""

from __future__ import annotations

import math

# Label boxes are estimated in pixels for a chart about this size (the page's full width at 1280 px).
PLOT_PX = (700, 360)


LABEL_SPOTS = ["top right", "top left", "bottom right", "bottom left", "middle right", "middle left"]


def label_box(x_px: float, y_px: float, text: str, spot: str, size: int = 11) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in pixels, y upwards, of a label placed at `spot` around a marker
    (as Plotly places text: corners start at the marker's edge, middles beside it)."""
    w, h = 0.56 * size * len(text) + 4, 1.25 * size
    vertical, horizontal = spot.split()
    if vertical == "middle":
        left, bottom = (x_px + 8 if horizontal == "right" else x_px - 8 - w), y_px - h / 2
    else:
        left = x_px - 2 if horizontal == "right" else x_px + 2 - w
        bottom = y_px + 6 if vertical == "top" else y_px - 6 - h
    return left, bottom, left + w, bottom + h


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    xs, ys, texts, first: set[str] = frozenset(), size: int = 11, plot_px: tuple[int, int] = PLOT_PX
) -> list[str | None]:
    """A text position for each point's label such that no two labels overlap each other, a marker
    or the plot's edge, or None where no position is free (that point's name stays on hover and in
    the table). Labels in `first` are placed first; the rest by the order given."""
    if not xs:
        return []
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(0, min(ys)), max(ys)  # the y axis starts at zero
    sx = plot_px[0] / ((x1 - x0) * 1.1 or 1)
    sy = plot_px[1] / ((y1 - y0) * 1.1 or 1)
    points = [((x - x0) * sx + plot_px[0] * 0.045, (y - y0) * sy) for x, y in zip(xs, ys)]
    markers = [(px - 6, py - 6, px + 6, py + 6) for px, py in points]
    taken: list[tuple] = []
    spots: list[str | None] = [None] * len(points)
    order = sorted(range(len(points)), key=lambda n: texts[n] not in first)
    for n in order:
        px, py = points[n]
        for spot in LABEL_SPOTS:
            box = label_box(px, py, texts[n], spot, size)
            inside = box[0] >= 0 and box[2] <= plot_px[0] and box[3] <= plot_px[1] * 1.08
            if (
                inside
                and not any(_overlap(box, other) for other in taken)
                and not any(_overlap(box, m) for i, m in enumerate(markers) if i != n)
            ):
                spots[n] = spot
                taken.append(box)
                break
    return spots


def spread_markers(points_px: list[tuple[float, float]], radius: float) -> list[tuple[float, float]]:
    """A centre for each numbered marker (in pixels) such that no two markers overlap: a marker sits
    on its point when that spot is free, else on the nearest free spot on rings around it (the map
    joins it to its point with a leader line). Points are placed in the order given."""
    placed: list[tuple[float, float]] = []
    gap = 2 * radius + 2
    for x, y in points_px:
        spot = (x, y)
        for ring in range(1, 12):
            if all(math.dist(spot, other) >= gap for other in placed):
                break
            r = ring * gap
            spots = [(x + r * math.cos(a), y + r * math.sin(a)) for a in (math.pi * k / 6 for k in range(12))]
            spot = min(
                (s for s in spots if all(math.dist(s, o) >= gap for o in placed)),
                key=lambda s: math.dist(s, (x, y)),
                default=spots[0],
            )
        placed.append(spot)
    return placed
