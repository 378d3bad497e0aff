"""Maps drawn as server-made SVG (issue 18) read like maps (issues 17, 28, 29): every area named with its
figure and rank on hover, ward names written where they fit and never over one another, the chosen ward
outlined and named on a plate beside it with a leader line, boundaries that show on both themes, the one
colour rule, names escaped, small enough to send with every run, one projection for every medium."""

from __future__ import annotations

import itertools
import json
import math
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from presentation import svgmap
from presentation.map_classes import STEPS, class_colour, class_edges, polarity_of
from presentation.theme import DARK, SELECTED, WHITE, rgb

NS = {"s": "http://www.w3.org/2000/svg"}
HOSTILE = [
    '<img src=x onerror="alert(1)">Bramhall North',
    "</title><script>alert(2)</script>",
    'Cheadle & Gatley\'s "best"',
]


def _frame(raw_dir, name: str) -> pd.DataFrame:
    features = json.loads((raw_dir / name).read_text(encoding="utf-8"))["features"]
    return pd.DataFrame(
        {
            "code": [f["properties"]["area_code"] for f in features],
            "name": [f["properties"]["area_name"] for f in features],
            "geometry": [json.dumps(f["geometry"]) for f in features],
        }
    )


@pytest.fixture(scope="module")
def wards(raw_dir) -> pd.DataFrame:
    return _frame(raw_dir, "stockport_wards_2023_bgc.geojson")


@pytest.fixture(scope="module")
def lsoas(raw_dir) -> pd.DataFrame:
    return _frame(raw_dir, "stockport_lsoa_2021_bgc.geojson")


def figures(shapes: pd.DataFrame) -> pd.DataFrame:
    n = len(shapes)
    values = [float(v) for v in range(n)]
    return pd.DataFrame(
        {"area_code": shapes.code, "value": values, "rank": [n - v for v in range(n)], "areas": n, "status": "official"}
    )


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # also proves the markup is well formed: nothing a name carried broke out


def area_paths(root: ET.Element) -> list[ET.Element]:
    return [p for p in root.iter(f"{{{NS['s']}}}path") if p.find("s:title", NS) is not None]


def plates(root: ET.Element) -> list[str]:
    return [
        t.text
        for g in root.iter(f"{{{NS['s']}}}g")
        if g.find("s:rect", NS) is not None
        for t in g.findall("s:text", NS)
    ]


def names(root: ET.Element) -> list[tuple[tuple[str, ...], tuple[float, float, float, float]]]:
    """Each name written on the map: its lines and the box they take (as map_labels reckons a name's size)."""
    from presentation.map_labels import text_size

    found = []
    for g in root.iter(f"{{{NS['s']}}}g"):
        if g.get("class") != "os-map-names":
            continue
        size = float(g.get("font-size"))
        for text in g.findall("s:text", NS):
            spans = text.findall("s:tspan", NS)
            lines = tuple(t.text for t in spans) if spans else (text.text,)
            ys = [float(t.get("y")) for t in spans] if spans else [float(text.get("y"))]
            x, y = float((spans or [text])[0].get("x")), sum(ys) / len(ys)
            w, h = text_size(lines, size)
            found.append((lines, (x - w / 2, y - h / 2, x + w / 2, y + h / 2)))
    return found


def plate_parts(root: ET.Element) -> list[tuple[tuple[float, float, float, float], tuple[float, ...]]]:
    """Each plate's box and its leader line (x1, y1, x2, y2)."""
    found = []
    for g in root.iter(f"{{{NS['s']}}}g"):
        if g.get("class") == "os-map-plate":
            r = g.find("s:rect", NS)
            x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
            line = g.find("s:line", NS)
            found.append(((x, y, x + w, y + h), tuple(float(line.get(k)) for k in ("x1", "y1", "x2", "y2"))))
    return found


def outlines(root: ET.Element) -> list[str]:
    return [g.find("s:path", NS).get("d") for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "os-map-outline"]


def test_every_area_is_named_in_a_title_with_its_figure_and_rank(wards):
    root = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", indicator="imd_score"))
    tips = [p.find("s:title", NS).text for p in area_paths(root)]
    assert len(tips) == len(wards) == 21
    for (name, value), tip in zip(zip(wards.name, range(21)), tips):
        assert tip.startswith(f"{name}\nIMD score: {value:.1f}\nRank: {21 - value} of 21"), tip
    assert root.get("role") == "img"
    assert {root.find("s:title", NS).get("id"), root.find("s:desc", NS).get("id")} == set(
        root.get("aria-labelledby").split()
    )


def test_the_selected_ward_is_outlined_and_named_on_a_white_plate(wards):
    chosen = wards.iloc[5]
    root = parsed(
        svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", selected=chosen.code, indicator="imd_score")
    )
    own = [p.get("d") for p in area_paths(root) if p.find("s:title", NS).text.startswith(chosen["name"] + "\n")]
    assert outlines(root) == own
    assert plates(root) == [chosen["name"]]
    assert [r.get("fill") for g in root.iter(f"{{{NS['s']}}}g") for r in g.findall("s:rect", NS)] == [WHITE]
    assert all(
        p.get("stroke") in (SELECTED, "#1F2937")
        for g in root.iter(f"{{{NS['s']}}}g")
        if g.get("class") == "os-map-outline"
        for p in g
    )
    nothing = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", indicator="imd_score"))
    assert outlines(nothing) == [] and plates(nothing) == []


def test_the_lsoa_map_outlines_and_names_the_chosen_ward_over_its_lsoas(wards, lsoas):
    ward = wards.iloc[2]
    svg = svgmap.choropleth(
        lsoas,
        figures(lsoas),
        "decile",
        0,
        "IMD decile",
        indicator="imd_decile",
        ward_name=ward["name"],
        ward_geometry=ward.geometry,
    )
    root = parsed(svg)
    assert len(area_paths(root)) == len(lsoas)
    (outline,) = outlines(root)
    assert outline == svgmap.Projection.fitted(svgmap.bounds_of(lsoas.geometry)).path(ward.geometry)
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
    svg = svgmap.choropleth(
        lsoas, figures(lsoas), "decile", 0, "IMD decile", ward_name=ward["name"], ward_geometry=ward.geometry
    )
    assert len(svg.encode()) < 150_000
    paths = re.findall(r' d="([^"]*)"', svg)
    assert len(paths) > len(lsoas) and not any(re.search(r"\.\d\d", d) for d in paths)  # to one decimal


def test_the_map_keeps_its_aspect_and_is_never_taller_than_asked(wards):
    root = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", height_px=300))
    _, _, w, h = map(float, root.get("viewBox").split())
    max_width = float(re.search(r"max-width:(\d+)px", root.get("style")).group(1))
    assert root.get("width") == "100%" and "height:auto" in root.get("style")
    assert max_width * h / w <= 300 + 1


def _luminance(colour: tuple[int, int, int]) -> float:
    def linear(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(linear, colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_the_lines_between_areas_stand_out_from_the_darker_fills_and_the_page_on_either_theme(wards, dark):
    """In the dark page's own colour the lines between dark wards vanished (issue 28): a line between two
    areas of one of the three darker classes, and the map's edge, keep 3:1 (WCAG 1.4.11)."""
    root = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", dark=dark))
    (stroke,) = {
        g.get("stroke")
        for g in root.iter(f"{{{NS['s']}}}g")
        if g.get("stroke") and g.find("s:path", NS) is not None and g.find("s:path", NS).find("s:title", NS) is not None
    }
    for step in STEPS[2:]:
        assert contrast(rgb(stroke), step) >= 3, (stroke, step)
    assert contrast(rgb(stroke), rgb(DARK["page"] if dark else WHITE)) >= 3 or not dark


@pytest.mark.parametrize("dark", [False, True])
def test_the_darkest_class_stands_out_from_what_the_map_is_drawn_on_in_either_theme(wards, dark):
    """On the dark page the darkest class (most of a concern) was 1.2:1 against the page, so 'darker =
    more' read as 'missing': on the dark page a map is drawn on a light ground, and the darkest class keeps
    3:1 against whatever is behind the map (WCAG 1.4.11)."""
    root = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", dark=dark))
    ground = root.find("s:rect", NS)
    behind = rgb(ground.get("fill")) if ground is not None else rgb(WHITE)
    assert (ground is not None) == dark
    assert contrast(STEPS[-1], behind) >= 3
    if dark:
        assert contrast(STEPS[-1], rgb(DARK["page"])) < 3  # why the ground is there


# -- the investment map ------------------------------------------------------------------------


def schemes(n: int, spread: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "number": range(1, n + 1),
            "kind": ["scheme"] * (n - 1) + ["programme"],
            "lon": [-2.158 + spread * (k % 3) for k in range(n)],
            "lat": [53.408 + spread * (k // 3) for k in range(n)],
        }
    )


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
    ward_tips = {p.find("s:title", NS).text for p in area_paths(root) if p.get("class") != "os-map-chosen"}
    assert ward_tips and ward_tips <= {f"{n} ward" for n in wards.name}  # the wards in view, each named on hover


def test_schemes_far_apart_stay_on_their_points_with_no_leader_line(wards):
    root = parsed(svgmap.scheme_map(schemes(3, 0.02), wards, ["a", "b", "c"]))
    assert not list(root.iter(f"{{{NS['s']}}}line"))
    written = names(root)
    assert written and {" ".join(lines) for lines, _ in written} <= set(wards.name) | {"Town centre"}
    for _, (x0, y0, x1, y1) in written:  # and no name hides a marker
        for c in root.iter(f"{{{NS['s']}}}circle"):
            cx, cy = float(c.get("cx")), float(c.get("cy"))
            assert not (
                x0 - svgmap.MARKER_PX < cx < x1 + svgmap.MARKER_PX
                and y0 - svgmap.MARKER_PX < cy < y1 + svgmap.MARKER_PX
            )


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
    from presentation.svgmap import rings

    proj = svgmap.Projection.fitted(svgmap.bounds_of(lsoas.geometry))
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


# -- names on the map, and the chosen area's plate beside it (issue 28) ------------------------------


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("chosen", [None, 0, 4, 11, 20])
def test_ward_names_are_written_in_their_wards_and_never_over_one_another_or_the_plate(wards, chosen):
    from shapely.geometry import Point

    selected = None if chosen is None else wards.code.iloc[chosen]
    root = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", selected=selected, named=True))
    written = names(root)
    assert len(written) >= 15, written  # most wards named; a name that fits nowhere stays on hover
    boxes = [box for _, box in written] + [box for box, _ in plate_parts(root)]
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlap(a, b), (a, b)
    from presentation.map_labels import name_forms

    proj = svgmap.Projection.fitted(svgmap.bounds_of(wards.geometry))
    by_name = dict(zip(wards.name, proj.shapes(wards.geometry)))
    written_as = {" ".join(form): n for n in wards.name for form in name_forms(n)}
    for lines, (x0, y0, x1, y1) in written:
        name = written_as[" ".join(lines)]
        assert chosen is None or name != wards.name.iloc[chosen]  # the chosen ward has its plate instead
        assert by_name[name].contains(Point((x0 + x1) / 2, (y0 + y1) / 2)), name
    unnamed = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score"))
    assert names(unnamed) == []  # an LSOA map's 191 names would be noise


def test_a_long_name_is_split_at_its_ampersand_or_shortened_before_it_is_left_out():
    from presentation.map_labels import name_forms

    assert name_forms("Brinnington & Stockport Central") == [
        ("Brinnington & Stockport Central",),
        ("Brinnington &", "Stockport Central"),
        ("Brinnington & Stockport C",),
        ("Brinnington &", "Stockport C"),
    ]
    assert name_forms("Edgeley") == [("Edgeley",)]


@pytest.mark.parametrize("chosen", [0, 4, 11, 16, 20])
def test_the_chosen_wards_plate_sits_beside_it_never_over_it_with_a_leader_line_to_its_edge(wards, chosen):
    from shapely.geometry import Point, box

    ward = wards.iloc[chosen]
    root = parsed(svgmap.choropleth(wards, figures(wards), "score", 1, "IMD score", selected=ward.code, named=True))
    ((plate, (x1, y1, x2, y2)),) = plate_parts(root)
    (area,) = svgmap.Projection.fitted(svgmap.bounds_of(wards.geometry)).shapes([ward.geometry])
    assert not area.intersects(box(*plate)), ward["name"]  # beside the ward, not over it
    assert box(*plate).exterior.distance(Point(x1, y1)) < 0.5  # the leader starts on the plate's edge...
    assert area.exterior.distance(Point(x2, y2)) < 0.5  # ...and ends on the ward's
    _, _, w, h = map(float, root.get("viewBox").split())
    assert plate[0] >= 0 and plate[1] >= 0 and plate[2] <= w and plate[3] <= h


def test_on_the_neighbourhood_map_the_chosen_wards_plate_hides_none_of_its_neighbourhoods(wards, lsoas):
    from shapely.geometry import box

    for ward in [wards.iloc[n] for n in (2, 9, 17)]:
        root = parsed(
            svgmap.choropleth(
                lsoas,
                figures(lsoas),
                "decile",
                0,
                "IMD decile",
                indicator="imd_decile",
                ward_name=ward["name"],
                ward_geometry=ward.geometry,
            )
        )
        ((plate, _),) = plate_parts(root)
        (area,) = svgmap.Projection.fitted(svgmap.bounds_of(lsoas.geometry)).shapes([ward.geometry])
        assert not area.intersects(box(*plate)), ward["name"]


def test_one_projection_draws_every_map_in_every_medium():
    """Pages, the static export and the ward reports draw maps with svgmap alone: no other module turns
    longitude and latitude into a drawing, and the Plotly and svgchart maps are gone."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    product = [p for folder in ("presentation", "publish", "ui", "views") for p in (root / folder).rglob("*.py")]
    projecting = {
        str(p.relative_to(root)) for p in product if "math.cos(math.radians(" in p.read_text(encoding="utf-8")
    }
    assert projecting == {"presentation/svgmap.py"}
    for drawing in ("publish/export_public.py", "publish/ward_report.py"):
        assert "svgmap.choropleth(" in (root / drawing).read_text(encoding="utf-8"), drawing
    for drawing in ("ui/maps.py", "publish/static_embeds.py"):  # pages and embeds, through svgmap.map_drawing
        assert "from presentation.svgmap import" in (root / drawing).read_text(encoding="utf-8"), drawing
    assert not any("def area_map(" in p.read_text(encoding="utf-8") for p in product)


# -- the investment map (issue 29) ------------------------------------------------------------------


def register(raw_dir) -> pd.DataFrame:
    points = pd.read_csv(raw_dir.parent / "projects_register.csv")
    return points.assign(number=range(1, len(points) + 1))


def test_the_investment_map_names_the_wards_shades_the_chosen_one_and_marks_the_town_centre(wards, raw_dir):
    from shapely.geometry import Point, Polygon

    points = register(raw_dir)
    central = points.ward_code.mode().iloc[0]  # the ward that holds most of the register
    root = parsed(svgmap.scheme_map(points, wards, [str(n) for n in points.number], selected=central))
    written = {" ".join(lines) for lines, _ in names(root)}
    assert "Town centre" in written and len(written & set(wards.name)) >= 4, written
    (shaded,) = [p for p in root.iter(f"{{{NS['s']}}}path") if p.get("class") == "os-map-chosen"]
    assert shaded.find("s:title", NS).text.startswith(wards.set_index("code").name[central])
    assert float(shaded.get("fill-opacity")) > 0 and shaded.get("fill") == SELECTED
    (centre,) = [p for p in root.iter(f"{{{NS['s']}}}polygon") if p.get("class") == "os-map-town-centre"]
    outline = Polygon([tuple(map(float, xy.split(","))) for xy in centre.get("points").split()])
    proj = svgmap.Projection.fitted(svgmap._scheme_bounds(points), svgmap.SCHEME_VIEW_PX)
    assert all(outline.contains(Point(proj.xy(x, y))) for x, y in zip(points.lon, points.lat))  # every place in it
    elsewhere = parsed(
        svgmap.scheme_map(
            points, wards, [str(n) for n in points.number], selected=wards.set_index("name").code["Bramhall North"]
        )
    )
    assert not [p for p in elsewhere.iter(f"{{{NS['s']}}}path") if p.get("class") == "os-map-chosen"]
    assert "outside this map" in elsewhere.find("s:desc", NS).text
