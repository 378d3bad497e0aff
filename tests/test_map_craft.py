"""Maps read like maps: one colour rule (darker = more of a concern), legend bands that never share an
end, and a view fitted to Stockport at a phone's width."""

from __future__ import annotations

import itertools
import json
import math

import pandas as pd
import pytest

from presentation.labels import spread_markers
from presentation.map_classes import STEPS, class_colour, class_edges, darker_is_higher, legend_items, polarity_of
from presentation.svgmap import bounds_of, label_point
from ui.zoom_map import fitted_view

RAW_WARDS = "stockport_wards_2023_bgc.geojson"


@pytest.fixture(scope="module")
def ward_shapes(raw_dir) -> pd.DataFrame:
    features = json.loads((raw_dir / RAW_WARDS).read_text(encoding="utf-8"))["features"]
    return pd.DataFrame(
        {
            "code": [f["properties"]["area_code"] for f in features],
            "name": [f["properties"]["area_name"] for f in features],
            "geometry": [json.dumps(f["geometry"]) for f in features],
        }
    )


LIGHTEST, DARKEST = STEPS[0], STEPS[-1]


@pytest.mark.parametrize(
    "indicator, concern_is_high",
    [
        ("imd_score", True),  # higher score = more deprived
        ("imd_decile", False),  # decile 1 = most deprived
        ("gigabit_broadband", False),  # low coverage is the concern
        ("premises_below_30mbps", True),
        ("age_65plus_pct", True),  # no judgement: darker = higher
        (None, True),  # a risk score outside the registry: higher = more risk
    ],
)
def test_the_darkest_class_is_the_end_the_polarity_marks_as_a_concern(indicator, concern_is_high):
    values = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0])
    edges = class_edges(values, 1)
    polarity = polarity_of(indicator)
    high, low = class_colour(10.0, edges, polarity), class_colour(1.0, edges, polarity)
    assert (high, low) == ((DARKEST, LIGHTEST) if concern_is_high else (LIGHTEST, DARKEST))
    assert darker_is_higher(polarity) is concern_is_high


@pytest.mark.parametrize(
    "decimals, values",
    [
        (1, [0.0, 5.0, 10.0, 12.5, 20.0, 30.0, 40.0, 55.5, 70.0, 99.9]),
        (0, [1, 2, 2, 3, 5, 8, 13, 21, 34, 55]),
        (2, [99.1, 99.5, 99.87, 99.9, 99.95, 99.99, 100.0, 99.2, 99.3, 99.4]),
    ],
)
def test_legend_bands_never_share_an_end_and_each_figure_falls_in_the_band_of_its_colour(decimals, values):
    series = pd.Series(values)
    edges = class_edges(series, decimals)
    items = legend_items(edges, series, "score", decimals)
    bands = [tuple(float(x.replace(",", "")) for x in label.split(" to ")) for _, label in items]
    bands = [(b[0], b[-1]) for b in bands]
    for (_, high), (low, _) in zip(bands, bands[1:]):
        assert low > high, f"bands {bands} overlap or touch"
    for v in series:
        colour = class_colour(round(v, decimals), edges)
        band = next(b for (c, _), b in zip(items, bands) if c == colour)
        assert band[0] <= round(v, decimals) <= band[1], (v, band)


def test_the_legend_gives_the_first_band_the_lightest_colour_when_darker_means_higher():
    series = pd.Series([float(v) for v in range(10)])
    items = legend_items(class_edges(series, 1), series, "score", 1, "lower")
    assert items[0][0] == LIGHTEST and items[-1][0] == DARKEST
    items = legend_items(class_edges(series, 1), series, "score", 1, "higher")
    assert items[0][0] == DARKEST and items[-1][0] == LIGHTEST


def _pixels(view: dict, lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator pixel offset of a point from the view's centre (deck.gl: 512 px world at zoom 0)."""
    scale = 512 * 2 ** view["zoom"]

    def y(la):
        return math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / (2 * math.pi)

    return (lon - view["longitude"]) / 360 * scale, (y(lat) - y(view["latitude"])) * scale


@pytest.mark.parametrize("width, height", [(340, 440), (340, 300), (1200, 440), (700, 620)])
def test_the_fitted_view_shows_every_corner_of_stockport_inside_the_map(ward_shapes, width, height):
    west, south, east, north = bounds_of(ward_shapes.geometry)
    view = fitted_view((west, south, east, north), height, width)
    for lon, lat in [(west, south), (west, north), (east, south), (east, north)]:
        dx, dy = _pixels(view, lon, lat)
        assert abs(dx) <= width / 2 and abs(dy) <= height / 2, (lon, lat, dx, dy)
    # ...and fills it: no more than the padding is spare on the tighter side.
    dx, dy = _pixels(view, east, north)
    assert max(2 * abs(dx) / width, 2 * abs(dy) / height) > 0.9


def test_the_default_map_view_fits_a_390_px_phone(ward_shapes):
    """The dashboard's maps are fitted to the narrowest container it supports: a 390 px phone."""
    west, south, east, north = bounds_of(ward_shapes.geometry)
    view = fitted_view((west, south, east, north), 440)
    dx, _ = _pixels(view, east, north)
    assert 2 * abs(dx) <= 390 - 2 * 16


def test_each_ward_name_on_the_zoomable_map_is_placed_inside_its_own_ward(ward_shapes):
    from shapely.geometry import Point, shape

    for geometry in ward_shapes.geometry:
        assert shape(json.loads(geometry)).contains(Point(*label_point(geometry)))


@pytest.mark.parametrize(
    "points",
    [
        [(100.0, 100.0)] * 5,  # five schemes on one spot
        [(100.0 + n, 100.0 + n % 3) for n in range(9)],  # a tight cluster, as the town centre's
        [(0.0, 0.0), (300.0, 0.0)],  # far apart
    ],
)
def test_numbered_markers_never_overlap_and_a_free_one_stays_on_its_point(points):
    spots = spread_markers(points, 11)
    for a, b in itertools.combinations(spots, 2):
        assert math.dist(a, b) >= 22, (a, b)
    assert spots[0] == points[0]  # the first has its own place
    if len(set(points)) == len(points) and min(math.dist(a, b) for a, b in itertools.combinations(points, 2)) > 30:
        assert spots == points  # nothing moves that need not
