"""Nothing jumps as a page arrives (issue 18: layout shift).

A first visit draws in stages: plain elements as soon as Streamlit's Markdown script is there, HTML
(tiles, tables, the app's own CSS) only once a second script has been fetched, charts and maps
once theirs have run. So (1) each chart and map sits in a box of its own height from the moment the
box arrives, whether or not its script ever runs, and (2) a page's content is shown in one step,
with the app's rules, rather than plain parts first where HTML will then push them."""

from __future__ import annotations

import pytest

from devtools.harness import wait_ready
from ui.page_style import PAGE_KEY

CHART_BOXES = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart], [data-testid=stDeckGlJsonChart]')]
  .map(chart => { const box = chart.closest('[data-testid=stVerticalBlock]').parentElement;
                  return [chart.getAttribute('data-testid'), box.getBoundingClientRect().height,
                          chart.getBoundingClientRect().height, box.scrollHeight - box.clientHeight]; })"""


def _interactive_trend(page) -> None:
    """A page's first chart switched from its SVG still to the Plotly chart (the toggle under it)."""
    page.get_by_text(
        "Interactive chart (zoom and hover)", exact=True
    ).first.click()  # its label: the switch itself is hidden
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') === 'notRunning'"
        " && document.querySelector('[data-testid=stElementContainer][class*=st-key-chart-]')",
        timeout=60000,
    )


@pytest.mark.parametrize("path", ["/connectivity", "/exclusion_risk?ward=E05015026"])  # a trend, stacked bars
def test_each_chart_and_map_sits_in_a_box_exactly_its_height(page, path):
    page.visit(path)
    _interactive_trend(page)  # charts arrive as SVG; the reader's toggle draws Plotly
    page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg", timeout=60000)
    charts = page.evaluate(CHART_BOXES)
    assert charts, "the page draws no chart or map"
    wrong = [
        (kind, box, drawn, overflow) for kind, box, drawn, overflow in charts if abs(box - drawn) > 1 or overflow > 0
    ]
    assert wrong == []


def test_the_boxes_hold_their_height_before_any_chart_script_has_run(browser, server):
    """With Plotly's and deck.gl's scripts never arriving, every chart's box is already as high as
    the chart will be: the height does not wait for the chart."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.route("**/static/js/PlotlyChart*.js", lambda route: route.abort())
        page.route("**/static/js/DeckGlJsonChart*.js", lambda route: route.abort())
        page.goto(server.url + "/connectivity")
        page.wait_for_selector("h1", timeout=60000)
        page.wait_for_function(
            """() => document.querySelector('[data-testid=stApp]')
                                    .getAttribute('data-test-script-state') === 'notRunning'""",
            timeout=60000,
        )
        _interactive_trend(page)
        page.wait_for_timeout(1000)
        boxes = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stElementContainer][class*=st-key-chart-]')]
            .map(e => e.closest('[data-testid=stLayoutWrapper]').getBoundingClientRect().height)""")
        plotted = page.locator("[data-testid=stPlotlyChart] .main-svg").count()
    finally:
        context.close()
    assert plotted == 0  # the charts' script really never ran
    assert boxes and min(boxes) >= 300, boxes  # the smallest chart the app draws is 320 px (presentation/charts.py)


def test_a_page_is_shown_with_the_app_rules_not_before_them(browser, server):
    """Until the app's rules are there the page's box is 1 px high (its plain elements out of
    sight); with them, it is as high as its content."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        held = {"route": None}

        def hold(route):  # the script Streamlit needs to draw HTML in Markdown: kept back for now
            held["route"] = route

        page.route("**/static/js/rehype-raw*.js", hold)
        page.goto(server.url + "/connectivity")
        page.wait_for_selector("h1", state="attached", timeout=60000)
        page.wait_for_timeout(500)
        box = page.locator(f".st-key-{PAGE_KEY}")
        before = box.bounding_box()["height"]
        clipped = box.evaluate("e => getComputedStyle(e).overflow") != "visible"
        assert held["route"] is not None, "the page never asked for the HTML script"
        held["route"].continue_()
        wait_ready(page)
        after = box.bounding_box()["height"]
    finally:
        context.close()
    assert before <= 1 and clipped
    assert after > 800


def test_a_link_to_another_page_moves_nothing_as_it_arrives(browser, server):
    """Streamlit draws a page link once it has fetched the link's script; until then its placeholder
    takes the room the link will (page_style.page_link), so the headings below stay where they are."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        held = {"route": None}
        page.route("**/static/js/PageLink*.js", lambda route: held.update(route=route))
        page.goto(server.url + "/ward_profile?ward=E05015018")
        heading = page.get_by_role("heading", name="Figures beside the borough")
        page.wait_for_function(
            f"() => document.querySelector('.st-key-{PAGE_KEY}')?.getBoundingClientRect().height > 800", timeout=60000
        )
        page.wait_for_timeout(300)
        before = heading.bounding_box()["y"]
        assert held["route"] is not None, "the page never asked for the link's script"
        held["route"].continue_()
        page.get_by_role("link", name="Compare with other wards").wait_for(timeout=60000)
        wait_ready(page)
        after = heading.bounding_box()["y"]
    finally:
        context.close()
    assert abs(after - before) <= 1, (before, after)
