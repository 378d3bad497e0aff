"""Maps drawn as server-made SVG (issue 18) still read like maps (issue 17): every area named with its
figure and rank on hover, the chosen ward outlined and named, the one colour rule, names escaped,
small enough to send with every run, and built once per distinct input."""
from __future__ import annotations

import itertools
import json
import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from presentation import svgmap
from presentation.maps import class_colour, class_edges, polarity_of
from presentation.theme import DARK, SELECTED, WHITE

NS = {"s": "http://www.w3.org/2000/svg"}
HOSTILE = ['<img src=x onerror="alert(1)">Bramhall North', "</title><script>alert(2)</script>", "Cheadle & Gatley's \"best\""]


def _frame(raw_dir, name: str) -> pd.DataFrame:
    features = json.loads((raw_dir / name).read_text(encoding="utf-8"))["features"]
    return pd.DataFrame({"code": [f["properties"]["area_code"] for f in features],
                         "name": [f["properties"]["area_name"] for f in features],
                         "geometry": [json.dumps(f["geometry"]) for f in features]})


@pytest.fixture(scope="module")
def wards(raw_dir) -> pd.DataFrame:
    return _frame(raw_dir, "stockport_wards_2023_bgc.geojson")


@pytest.fixture(scope="module")
def lsoas(raw_dir) -> pd.DataFrame:
    return _frame(raw_dir, "stockport_lsoa_2021_bgc.geojson")


def figures(shapes: pd.DataFrame) -> pd.DataFrame:
    n = len(shapes)
    values = [float(v) for v in range(n)]
    return pd.DataFrame({"area_code": shapes.code, "value": values, "rank": [n - v for v in range(n)], "areas": n,
                         "status": "official"})


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the markup is well formed: nothing a name carried broke out


def area_paths(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{{{NS['s']}}}path") if p.find("s:title", NS) is not None]


def plates(root: ET.Element) -> list[str]:
    return [t.text for g in root.iter(f"{{{NS['s']}}}g") if g.find("s:rect", NS) is not None
            for t in g.findall("s:text", NS)]


def outlines(root: ET.Element) -> list[str]:
    return [g.find("s:path", NS).get("d") for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "os-map-outline"]


def test_every_area_is_named_in_a_title_with_its_figure_and_rank(wards):
    root = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", indicator="imd_score"))
    tips = [p.find("s:title", NS).text for p in area_paths(root)]
    assert len(tips) == len(wards) == 21
    for (name, value), tip in zip(zip(wards.name, range(21)), tips):
        assert tip.startswith(f"{name}\nIMD score: {value:.1f}\nRank: {21 - value} of 21"), tip
    assert root.get("role") == "img"
    assert {root.find("s:title", NS).get("id"), root.find("s:desc", NS).get("id")} == set(root.get("aria-labelledby").split())


def test_the_selected_ward_is_outlined_and_named_on_a_white_plate(wards):
    chosen = wards.iloc[5]
    root = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", selected=chosen.code,
                                    indicator="imd_score"))
    own = [p.get("d") for p in area_paths(root) if p.find("s:title", NS).text.startswith(chosen["name"] + "\n")]
    assert outlines(root) == own
    assert plates(root) == [chosen["name"]]
    assert [r.get("fill") for g in root.iter(f"{{{NS['s']}}}g") for r in g.findall("s:rect", NS)] == [WHITE]
    assert all(p.get("stroke") in (SELECTED, "#1F2937") for g in root.iter(f"{{{NS['s']}}}g")
               if g.get("class") == "os-map-outline" for p in g)
    nothing = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", indicator="imd_score"))
    assert outlines(nothing) == [] and plates(nothing) == []


def test_the_lsoa_map_outlines_and_names_the_chosen_ward_over_its_lsoas(wards, lsoas):
    ward = wards.iloc[2]
    svg = svgmap.choropleth(lsoas, figures(lsoas), "decile", 0, "IMD decile", indicator="imd_decile",
                            ward_name=ward["name"], ward_geometry=ward.geometry)
    root = parsed(svg)
    assert len(area_paths(root)) == len(lsoas)
    (outline,) = outlines(root)
    assert outline == svgmap.Projection.fitted(svgmap._bounds(lsoas.geometry)).path(ward.geometry)
    assert plates(root) == [ward["name"]]


@pytest.mark.parametrize("indicator", ["imd_score", "imd_decile", "age_65plus_pct", None])
def test_each_area_is_filled_with_the_colour_of_its_class(wards, indicator):
    values = figures(wards).assign(value=[float(v % 7) if v != 4 else float("nan") for v in range(21)])
    root = parsed(svgmap.choropleth(wards, values, "score", 1, "Figure", indicator=indicator))
    edges = class_edges(values.value, 1)
    expected = ["rgb(%d,%d,%d)" % class_colour(v, edges, polarity_of(indicator)) for v in values.value]
    assert [p.get("fill") for p in area_paths(root)] == expected


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_area_name_is_text_in_the_title_and_the_label_never_markup(wards, hostile):
    named = wards.assign(name=[hostile if n == 0 else name for n, name in enumerate(wards.name)])
    svg = svgmap.choropleth(named, figures(named), "score", 1, "Risk & more", selected=named.code[0])
    root = parsed(svg)
    assert area_paths(root)[0].find("s:title", NS).text.startswith(hostile + "\n")
    assert plates(root) == [hostile]
    assert "<script" not in svg and "<img" not in svg
    assert not root.findall(".//s:script", NS)


def test_the_lsoa_map_is_small_enough_to_send_with_every_run(wards, lsoas):
    ward = wards.iloc[0]
    svg = svgmap.choropleth(lsoas, figures(lsoas), "decile", 0, "IMD decile", ward_name=ward["name"],
                            ward_geometry=ward.geometry)
    assert len(svg.encode()) < 150_000
    paths = re.findall(r' d="([^"]*)"', svg)
    assert len(paths) > len(lsoas) and not any(re.search(r"\.\d\d", d) for d in paths)  # to one decimal


def test_the_map_keeps_its_aspect_and_is_never_taller_than_asked(wards):
    root = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", height_px=300))
    _, _, w, h = map(float, root.get("viewBox").split())
    max_width = float(re.search(r"max-width:(\d+)px", root.get("style")).group(1))
    assert root.get("width") == "100%" and "height:auto" in root.get("style")
    assert max_width * h / w <= 300 + 1


def test_on_the_dark_page_the_lines_between_areas_take_the_page_colour(wards):
    light = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score"))
    dark = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", dark=True))
    strokes = [{g.get("stroke") for g in r.iter(f"{{{NS['s']}}}g") if g.get("stroke")} for r in (light, dark)]
    assert strokes == [{WHITE}, {DARK["page"]}]


# -- the investment map ------------------------------------------------------------------------

def schemes(n: int, spread: float) -> pd.DataFrame:
    return pd.DataFrame({"number": range(1, n + 1), "kind": ["scheme"] * (n - 1) + ["programme"],
                         "lon": [-2.158 + spread * (k % 3) for k in range(n)],
                         "lat": [53.408 + spread * (k // 3) for k in range(n)]})


def test_scheme_markers_never_hide_each_other_and_a_moved_one_has_a_leader_line(wards):
    points = schemes(6, 0.0001)  # six schemes a few metres apart: the town centre's crowding
    tips = [f"{p}. <b>Interchange</b> (scheme)\nOn site\nCapital: £1.0m" for p in points.number]
    root = parsed(svgmap.scheme_map(points, wards, tips))
    markers = [g for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "os-map-marker"]
    centres = [(float(g.find("s:circle", NS).get("cx")), float(g.find("s:circle", NS).get("cy"))) for g in markers]
    assert [g.find("s:text", NS).text for g in markers] == [str(n) for n in range(1, 7)]
    assert [g.find("s:title", NS).text for g in markers] == tips
    for a, b in itertools.combinations(centres, 2):
        assert math.dist(a, b) >= 2 * svgmap.MARKER_PX, (a, b)
    leaders = list(root.iter(f"{{{NS['s']}}}line"))
    assert len(leaders) >= 4  # all but the first placed and the few that fit beside it moved
    ward_tips = {p.find("s:title", NS).text for p in area_paths(root)}
    assert ward_tips == {f"{n} ward" for n in wards.name}


def test_schemes_far_apart_stay_on_their_points_with_no_leader_line(wards):
    root = parsed(svgmap.scheme_map(schemes(3, 0.02), wards, ["a", "b", "c"]))
    assert not list(root.iter(f"{{{NS['s']}}}line"))
    assert plates(root) and set(plates(root)) <= set(wards.name)  # the wards in view named on the map
    named = [g for g in root.iter(f"{{{NS['s']}}}g") if g.find("s:rect", NS) is not None]
    for g in named:  # and no name hides a marker
        r = g.find("s:rect", NS)
        x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
        for c in root.iter(f"{{{NS['s']}}}circle"):
            cx, cy = float(c.get("cx")), float(c.get("cy"))
            assert not (x - svgmap.MARKER_PX < cx < x + w + svgmap.MARKER_PX and y - svgmap.MARKER_PX < cy < y + h + svgmap.MARKER_PX)


def _points(d: str) -> list[list[tuple[float, float]]]:
    """Each ring of SVG path data ("M x,y l dx dy … z") as absolute points, as a browser reads it."""
    rings = []
    for start, steps in re.findall(r"M([^l]+)l([^z]*)z", d):
        x, y = map(float, start.split(","))
        numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", steps)]
        ring = [(x, y)]
        for dx, dy in zip(numbers[::2], numbers[1::2]):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def test_each_boundary_point_is_a_step_from_the_one_before_and_lands_where_the_projection_puts_it(wards, lsoas):
    from presentation.maps import rings
    proj = svgmap.Projection.fitted(svgmap._bounds(lsoas.geometry))
    for geometry in list(wards.geometry) + list(lsoas.geometry[:20]):
        expected = []
        for ring in rings(geometry):
            points = []
            for lon, lat in ring:
                p = proj.xy(lon, lat)
                if not points or p != points[-1]:
                    points.append(p)
            expected.append(points)
        drawn = _points(proj.path(geometry))
        assert len(drawn) == len(expected)
        for got, want in zip(drawn, expected):
            assert len(got) == len(want)
            assert max(abs(a - b) for g, w in zip(got, want) for a, b in zip(g, w)) < 1e-6  # no rounding builds up
    whole = svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score")
    assert "L" not in "".join(re.findall(r' d="([^"]*)"', whole))  # steps, not places
