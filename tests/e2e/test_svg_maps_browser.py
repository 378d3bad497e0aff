"""Maps arrive as server-drawn SVG, so no page starts deck.gl on arrival (issue 18: 1-2.4 s of main-thread
script per map page); an officer's switch under a ward or LSOA map draws the deck.gl map for zoom and pan.
At a desktop's width a map takes at least half the content and names its wards without a collision; on a
phone it fits the screen; its boundaries show on the dark theme (issues 28, 29)."""

from __future__ import annotations

import pytest

from devtools.harness import wait_ready

DECK = '[data-testid="stDeckGlJsonChart"]'
SVG_MAP = "svg.os-map"
ZOOM = "Zoom and pan (interactive map)"


@pytest.mark.parametrize(
    "path, maps",
    [  # one map on arrival; the LSOA maps are in their own sections
        ("/ward_profile?ward=E05015018", 1),
        ("/exclusion_risk?ward=E05015026", 1),
        ("/exclusion_risk?ward=E05015026&section=neighbourhoods", 1),
        ("/inclusion?ward=E05015018", 1),
        ("/inclusion?ward=E05015018&section=neighbourhoods", 1),
        ("/investment", 1),
        ("/investment?ward=E05015018", 1),
    ],
)
@pytest.mark.parametrize("width", [1440, 390])
def test_a_map_page_draws_svg_maps_and_no_deck_gl_on_arrival(page, path, maps, width):
    """Each map page once at each width: what arrives, then how the map sits at that width (one load for
    both: a load is about 3.5 s of processor time in the suite)."""
    page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
    page.visit(path)
    assert page.locator(DECK).count() == 0
    drawn = page.locator(SVG_MAP)
    assert drawn.count() == maps
    for n in range(maps):
        box = drawn.nth(n).bounding_box()
        assert box["width"] <= width and box["height"] > (150 if width < 500 else 300), box  # a map, not a thumbnail
        # Every area or marker named on hover (the investment map: its nine places and the wards round them).
        assert drawn.nth(n).locator("path > title, g > title").count() >= (13 if path.startswith("/investment") else 21)
    assert page.errors == [] and page.offsite == []
    if width > 500 and path in MAP_PAGES:
        _takes_half_the_content_and_names_never_collide(page, path)
    if width < 500 and path in PHONE_MAP_PAGES:
        _fits_the_screen_and_leaves_the_names_to_hover(page)


def test_the_embedded_map_is_svg_with_no_deck_gl_and_no_zoom_switch(page, tmp_path):
    html = tmp_path / "host.html"
    html.write_text(
        f'<!doctype html><html lang="en"><title>Host site</title><iframe title="Map" '
        f'src="{page.base}/embed?view=map&indicator=imd_score&ward=E05015018&embed=true" width="900" '
        f'height="620"></iframe></html>'
    )
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


MAP_PAGES = [
    "/ward_profile?ward=E05015018",
    "/exclusion_risk?ward=E05015026",
    "/exclusion_risk?ward=E05015026&section=neighbourhoods",
    "/inclusion?ward=E05015018",
    "/investment?ward=E05015018",
]
PHONE_MAP_PAGES = MAP_PAGES[:1] + MAP_PAGES[4:]
CONTENT = '[data-testid="stMainBlockContainer"]'
# The drawn boxes of a map's names, as the browser lays them out (fonts and all).
NAME_BOXES = """(svg) => [...svg.querySelectorAll('.os-map-names text, .os-map-plate rect')]
  .map(t => t.getBoundingClientRect()).filter(r => r.width > 0).map(r => [r.left, r.top, r.right, r.bottom])"""


def _content_width(page) -> float:
    return page.locator(CONTENT).evaluate(
        "el => el.clientWidth - parseFloat(getComputedStyle(el).paddingLeft) - parseFloat(getComputedStyle(el).paddingRight)"
    )


def _takes_half_the_content_and_names_never_collide(page, path: str) -> None:
    """At a desktop's width a map takes at least half the content (it was about a third) and names its wards
    (the LSOA maps leave theirs to hover) without two names overlapping."""
    drawn = page.locator(SVG_MAP).first
    assert drawn.bounding_box()["width"] >= _content_width(page) / 2
    boxes = drawn.evaluate(NAME_BOXES)
    if "neighbourhoods" not in path:  # ward names on ward maps and the investment map
        assert len(boxes) >= 6, boxes
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            assert not (a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5), (a, b)


def _fits_the_screen_and_leaves_the_names_to_hover(page) -> None:
    """On a phone the map fits the screen, nothing scrolls sideways, and its 7 px names would be noise."""
    drawn = page.locator(SVG_MAP).first
    box = drawn.bounding_box()
    assert 300 <= box["width"] <= 390 - 16
    assert drawn.locator(".os-map-names text").first.is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def _contrast(a: str, b: str) -> float:
    def lum(rgb: str) -> float:
        parts = [float(x) / 255 for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
        r, g, b_ = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_on_the_dark_theme_the_lines_between_dark_wards_stand_out_from_their_fill(browser, server):
    """In the dark page's colour the lines between dark wards vanished: each of the darker wards' own
    boundary, as the browser paints it, keeps 3:1 against its fill."""
    context = browser.new_context(color_scheme="dark", viewport={"width": 1440, "height": 900})
    try:
        pg = context.new_page()
        pg.goto(server.url + "/exclusion_risk?ward=E05015026")
        wait_ready(pg)
        pairs = pg.locator(SVG_MAP).first.evaluate("""svg => [...svg.querySelectorAll('path')].filter(p => p.querySelector('title'))
            .map(p => [getComputedStyle(p).stroke, getComputedStyle(p).fill])""")
        assert len(pairs) == 21
        dark = [(stroke, fill) for stroke, fill in pairs if _contrast(fill, "rgb(255, 255, 255)") > 3]
        assert len(dark) >= 8  # the three darker classes
        for stroke, fill in dark:
            assert _contrast(stroke, fill) >= 3, (stroke, fill)
    finally:
        context.close()


def test_the_investment_map_names_its_wards_shades_the_chosen_one_and_marks_the_town_centre(page):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.visit("/investment?ward=E05015018")
    drawn = page.locator(SVG_MAP).first
    written = drawn.locator(".os-map-names text").all_text_contents()
    assert "Town centre" in written and len(written) >= 5, written
    shaded = drawn.locator("path.os-map-chosen")
    assert shaded.count() == 1 and shaded.evaluate("p => getComputedStyle(p).fillOpacity") > "0"
    assert "Brinnington & Stockport Central" in shaded.locator("title").text_content()
    assert drawn.locator("polygon.os-map-town-centre").is_visible()
