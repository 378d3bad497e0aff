"""Maps arrive as server-drawn SVG, so no page starts deck.gl on arrival (issue 18: 1-2.4 s of main-thread
script per map page); an officer's switch under a ward or LSOA map draws the deck.gl map for zoom and pan."""
from __future__ import annotations

import pytest

from devtools.harness import wait_ready

DECK = '[data-testid="stDeckGlJsonChart"]'
SVG_MAP = "svg.os-map"
ZOOM = "Zoom and pan (interactive map)"


@pytest.mark.parametrize("path, maps", [  # one map on arrival; the LSOA maps are in their own sections
    ("/ward_profile?ward=E05015018", 1),
    ("/exclusion_risk?ward=E05015026", 1),
    ("/exclusion_risk?ward=E05015026&section=neighbourhoods", 1),
    ("/inclusion?ward=E05015018", 1),
    ("/inclusion?ward=E05015018&section=neighbourhoods", 1),
    ("/investment", 1),
])
@pytest.mark.parametrize("width", [1440, 390])
def test_a_map_page_draws_svg_maps_and_no_deck_gl_on_arrival(page, path, maps, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.visit(path)
    assert page.locator(DECK).count() == 0
    drawn = page.locator(SVG_MAP)
    assert drawn.count() == maps
    for n in range(maps):
        box = drawn.nth(n).bounding_box()
        assert box["width"] <= width and box["height"] > (150 if width < 500 else 300), box  # a map, not a thumbnail
        assert drawn.nth(n).locator("path > title, g > title").count() >= 21  # every area or marker named on hover
    assert page.errors == [] and page.offsite == []


def test_the_embedded_map_is_svg_with_no_deck_gl_and_no_zoom_switch(page, tmp_path):
    html = tmp_path / "host.html"
    html.write_text(f'<!doctype html><html lang="en"><title>Host site</title><iframe title="Map" '
                    f'src="{page.base}/embed?view=map&indicator=imd_score&ward=E05015018&embed=true" width="900" '
                    f'height="620"></iframe></html>')
    page.goto(html.as_uri())
    page.frame_locator("iframe").locator(SVG_MAP).wait_for(timeout=60000)
    frame = page.frames[1]
    wait_ready(frame)
    assert frame.locator(DECK).count() == 0 and frame.locator(SVG_MAP).count() == 1
    assert frame.locator(f"{SVG_MAP} path > title").count() == 21
    assert frame.get_by_role("switch").count() == 0
    assert page.errors == [] and page.offsite == []


def test_the_zoom_switch_draws_the_deck_gl_map_in_place_of_the_svg_and_back(page):
    page.visit("/exclusion_risk?ward=E05015026")
    switches = page.get_by_role("switch", name=ZOOM)
    assert switches.count() == 1  # under the ward map (the LSOA map is in its own section)
    page.locator("label", has_text=ZOOM).first.click()  # the switch's own input sits under its label
    page.locator(f"{DECK} canvas").first.wait_for(timeout=60000)
    wait_ready(page)
    assert page.locator(DECK).count() == 1 and page.locator(SVG_MAP).count() == 0
    page.locator("label", has_text=ZOOM).first.click()
    wait_ready(page)
    assert page.locator(DECK).count() == 0 and page.locator(SVG_MAP).count() == 1
