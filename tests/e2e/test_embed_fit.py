"""Embeds fit the frame their embed code gives (520 px high for the comparison's code, 620 for the
trend's and the map's) on a 390 px wide phone and on a desktop: the title, period, source and the 'One Stockport' link
back are inside the first 520 px without scrolling, and the view ends inside the frame too."""

from __future__ import annotations

import pytest

from devtools.harness import wait_ready
from ui.charts import EMBED_HEIGHTS

VIEWS = [
    ("map", "indicator=imd_score&ward=E05015018", "Brinnington & Stockport Central"),
    ("trend", "indicator=gigabit_broadband", None),
    ("compare", "indicator=gigabit_broadband", None),
]
TEXT = [".os-embed-title", ".os-embed-period", ".os-embed-credit", ".os-embed-credit a"]


@pytest.mark.parametrize("width", [390, 900])
@pytest.mark.parametrize("view, query, ward", VIEWS)
def test_an_embed_shows_its_title_source_and_link_inside_its_frame_without_scrolling(
    page, tmp_path, view, query, ward, width
):
    height = EMBED_HEIGHTS[view]  # the height the embed code gives (520; 620 for a trend or map)
    html = tmp_path / "host.html"
    html.write_text(
        f'<!doctype html><html lang="en"><title>Host site</title><body style="margin:0">'
        f'<iframe title="Embedded chart" src="{page.base}/embed?view={view}&{query}&embed=true" '
        f'width="{width}" height="{height}" style="border:0"></iframe></body></html>'
    )
    page.set_viewport_size({"width": width + 40, "height": height + 80})
    page.goto(html.as_uri())
    page.frame_locator("iframe").locator(".os-embed-credit").wait_for(timeout=60000)
    frame = page.frames[1]
    wait_ready(frame)
    box = page.locator("iframe").bounding_box()
    chart = "svg.os-map" if view == "map" else ".os-still svg >> visible=true"  # the drawing that fits the frame
    assert (
        not page.frame_locator("iframe").locator('[data-testid="stPlotlyChart"]').count()
    )  # no chart script in a host's page
    for selector in TEXT + [chart] + ([".os-map-legend"] if view == "map" else []):
        inner = page.frame_locator("iframe").locator(selector).first.bounding_box()
        assert inner is not None, selector
        assert box["x"] <= inner["x"] and inner["x"] + inner["width"] <= box["x"] + box["width"] + 0.5, (
            selector,
            inner,
            box,
        )
        assert box["y"] <= inner["y"] and inner["y"] + inner["height"] <= box["y"] + box["height"] + 0.5, (
            selector,
            inner,
            box,
        )
        if selector in TEXT:  # title, period, source and link inside 520 px whatever the view's own height
            assert inner["y"] + inner["height"] <= box["y"] + 520 + 0.5, (selector, inner)
    # Nothing is scrolled into view: the frame's own scroll position is still the top.
    assert frame.evaluate("() => [...document.querySelectorAll('*')].every(e => e.scrollTop === 0)")
    credit = frame.locator(".os-embed-credit").inner_text()
    assert credit.startswith("Source: ") and "One Stockport" in credit
    assert frame.locator(".os-embed-credit a").get_attribute("target") == "_blank"
    period = frame.locator(".os-embed-period").inner_text()
    assert period and period[0].isalnum()
    if ward:
        assert f"Highlighted: {ward}" in period
    assert "build" not in frame.inner_text("body").lower()  # no build hints on a public page
    assert page.offsite == [] and page.errors == []


@pytest.mark.parametrize(
    "query",
    [
        "?view=compare&indicator=gigabit_broadband&embed=true",
        "?view=map&embed=true",
        "?view=trend&indicator=gigabit_broadband",
        "",
    ],
)
def test_an_embed_opened_in_a_tab_keeps_its_address_and_shows_no_page_not_found(browser, server, query):
    """Someone following an embed's address straight to it (not in a frame) gets the view: the
    address stays /embed and no 'Page not found' dialog covers it (it did when the embed was the only
    page registered, so the default one, whose address is /)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(server.url + "/embed" + query)
        wait_ready(page)
        page.wait_for_timeout(1000)  # the dialog came a moment after the view had drawn
        assert not page.locator('[role="dialog"]').count()
        assert page.url.startswith(server.url + "/embed")
        assert page.locator(".os-embed-credit").count() == 1
        assert not page.locator('[data-testid="stTopNav"], [data-testid="stSidebarNav"]').count()
    finally:
        context.close()
