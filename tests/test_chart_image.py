"""A downloaded chart or map image (presentation/chart_image.py) is a standalone, valid SVG document that
carries its title, period, source and licence as drawn text and in its <title> and <desc>, around the
very drawing the page showed."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from presentation import chart_image, svgchart, svgmap
from presentation.theme import DARK

NS = {"s": "http://www.w3.org/2000/svg"}
TITLE = "Gigabit-capable broadband: Stockport against comparators (Jan 2026)"
SOURCE = "Source: Ofcom, Connected Nations January 2026"
LICENCE = "Licensed under the Open Government Licence v3.0"


def _bars() -> str:
    return svgchart.bars(
        ["Stockport", "Greater Manchester", "England <& 'x'>"],
        [95.1, 93.2, 88.4],
        ["95.1%", "93.2%", "88.4%"],
        TITLE,
        "Stockport 95.1%; GM 93.2%; England 88.4%.",
        "b",
        highlight={"Stockport"},
        width=720,
        ink="currentColor",
    )


def _drawn_text(doc: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in doc.iter("{http://www.w3.org/2000/svg}text")]


def test_the_image_is_valid_xml_with_its_title_period_source_and_licence_drawn_and_said():
    doc = ET.fromstring(chart_image.image_svg(_bars(), TITLE, "Jan 2026", SOURCE, LICENCE).split("\n", 1)[1])
    assert doc.tag == "{http://www.w3.org/2000/svg}svg" and doc.get("role") == "img"
    assert doc.find("s:title", NS).text == TITLE
    desc = doc.find("s:desc", NS).text
    assert "Jan 2026" in desc and SOURCE in desc and LICENCE in desc
    drawn = " ".join(_drawn_text(doc))
    for words in (
        "Gigabit-capable broadband",
        "Jan 2026",
        "Ofcom, Connected Nations January 2026",
        "Open Government Licence",
    ):
        assert words in drawn
    # The page's drawing is inside, whole: its bars, its hostile name kept as text, its own title.
    inner = doc.find("s:svg", NS)
    assert inner is not None and len(inner.findall(".//s:rect", NS)) == 3
    assert "England <& 'x'>" in drawn
    assert inner.find("s:title", NS).text == TITLE


def test_the_image_has_a_size_of_its_own_and_the_drawing_keeps_its_proportions():
    doc = ET.fromstring(chart_image.image_svg(_bars(), TITLE, "Jan 2026", SOURCE).split("\n", 1)[1])
    width, height = float(doc.get("width")), float(doc.get("height"))
    inner = doc.find("s:svg", NS)
    _, _, vw, vh = map(float, inner.get("viewBox").split())
    assert (float(inner.get("width")), float(inner.get("height"))) == (vw, vh)
    assert width >= vw + 2 * chart_image.PAD and height > vh + 80  # title above, source below
    assert float(inner.get("y")) + vh < height


def test_a_long_title_and_source_wrap_inside_the_image():
    long_source = "Source: " + "; ".join(f"Publisher {n}, a long vintage name {n}" for n in range(8))
    doc = ET.fromstring(chart_image.image_svg(_bars(), TITLE * 2, "Jan 2026", long_source).split("\n", 1)[1])
    width = float(doc.get("width"))
    lines = _drawn_text(doc)
    assert sum(1 for line in lines if line.startswith("Publisher") or "Publisher" in line) >= 3
    assert all(len(line) * 0.55 * 18 < width for line in lines if TITLE[:20] in line)


def test_a_map_image_carries_its_key_and_the_dark_theme_paints_its_background():
    shapes = pd.DataFrame(
        {
            "code": ["A", "B"],
            "name": ["Bramhall North", "Reddish South"],
            "geometry": [
                '{"type":"Polygon","coordinates":[[[-2.2,53.4],[-2.1,53.4],[-2.1,53.45],[-2.2,53.4]]]}',
                '{"type":"Polygon","coordinates":[[[-2.1,53.4],[-2.0,53.4],[-2.0,53.45],[-2.1,53.4]]]}',
            ],
        }
    )
    values = pd.DataFrame({"area_code": ["A", "B"], "value": [10.0, 20.0]})
    drawing = svgmap.choropleth(shapes, values, "%", 1, "Risk", dark=True, uid="m")
    key = [("rgb(1,2,3)", "10.0% to 15.0%"), ("rgb(4,5,6)", "15.0% to 20.0%")]
    doc = ET.fromstring(
        chart_image.image_svg(
            drawing, "Risk by ward", "2026", SOURCE, key=key, dark=True, note="Darker = more of a concern"
        ).split("\n", 1)[1]
    )
    drawn = _drawn_text(doc)
    assert "10.0% to 15.0%" in drawn and "Darker = more of a concern" in drawn
    assert doc.find("s:rect", NS).get("fill") == DARK["page"] and doc.get("color") == DARK["ink"]
    assert len(doc.findall("s:svg/s:g/s:path", NS)) == 2


def test_the_widest_drawing_of_a_page_chart_is_the_one_taken():
    page = (
        '<div class="os-svg-chart"><div class="os-xwide"><svg viewBox="0 0 1120 200"></svg></div>'
        '<div class="os-wide"><svg viewBox="0 0 720 200"></svg></div></div>'
    )
    assert chart_image.first_svg(page) == '<svg viewBox="0 0 1120 200"></svg>'
    with pytest.raises(ValueError):
        chart_image.first_svg("<p>no drawing</p>")
    with pytest.raises(ValueError):
        chart_image.image_svg("<p>no drawing</p>", TITLE, "", SOURCE)
