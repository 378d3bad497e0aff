"""A page draws what the reader looks at and asked for (issue 18): the rest one section button away, and a
chosen section's chart arrives whole (title, source, table, CSV). That no page draws a Plotly chart on arrival
is checked in the same load as the rest of its first view (test_browser.test_every_page_renders_what_a_person_expects)."""

from __future__ import annotations

import pytest

from devtools.harness import wait_ready

from .test_browser import CHART, _chart_title

PLOTLY = '[data-testid="stPlotlyChart"]'


def _choose(page, section: str, param: str) -> None:
    """Press a section button (a radio in the 'Show' group) and wait for the page to redraw with it."""
    page.get_by_role("radiogroup", name="Show").get_by_role("radio", name=section, exact=True).click()
    page.wait_for_function(f"() => location.search.includes('section={param}')", timeout=30000)
    wait_ready(page)


@pytest.mark.parametrize(
    "path, section, param, title",
    [
        ("/connectivity", "Across Greater Manchester", "districts", "Greater Manchester districts"),
        ("/investment", "Timeline", "timeline", "from start to completion"),
        ("/investment", "Value by status", "status", "Capital value of schemes by status"),
        ("/inclusion", "Age", "ages", "Stockport residents by age"),
        ("/inclusion", "Greater Manchester index", "deri", "highest-risk decile of GM DERI"),
    ],
)
def test_choosing_a_section_draws_its_chart_with_its_source_table_and_csv(page, path, section, param, title):
    page.visit(path)
    before = page.locator(PLOTLY).count()
    _choose(page, section, param)
    charts = page.locator(CHART)
    assert charts.count() == 1 and before <= 1
    assert title in _chart_title(charts.first.element_handle())
    main = page.locator('[data-testid="stMain"]')
    assert main.get_by_text("As a table").count() == 1
    assert main.get_by_role("button", name="Download the data (CSV)").count() == 1
    assert "Source:" in main.locator('[data-testid="stCaptionContainer"]').all_inner_texts().__str__()
    assert not page.locator('[data-testid="stException"]').count()


def test_the_url_keeps_the_chosen_section_and_a_shared_link_opens_it(page):
    page.visit("/connectivity?indicator=coverage_5g")
    _choose(page, "Across Greater Manchester", "districts")
    assert "indicator=coverage_5g" in page.url
    shared = page.url
    page.goto("about:blank")
    page.visit(shared.removeprefix(page.base))
    assert _chart_title(page.locator(CHART).first.element_handle()).startswith("5G outdoor coverage")
    assert "Greater Manchester districts" in _chart_title(page.locator(CHART).first.element_handle())
    assert page.get_by_role("radio", name="Across Greater Manchester").get_attribute("aria-checked") == "true"


def test_an_indicator_chosen_in_one_section_survives_a_visit_to_another(page):
    page.visit("/inclusion?driver=imd_score")
    _choose(page, "Age", "ages")
    assert "driver=imd_score" in page.url
    _choose(page, "Wards", "wards")
    assert page.locator('input[aria-label="Ward map"]').input_value() == "Index of Multiple Deprivation score"


def test_a_chart_drawn_on_the_server_fits_the_column_names_each_bar_and_turns_interactive_on_request(browser, server):
    for width, shown, hidden in ((1440, ".os-wide", ".os-narrow"), (390, ".os-narrow", ".os-wide")):
        context = browser.new_context(viewport={"width": width, "height": 900})
        try:
            page = context.new_page()
            page.goto(server.url + "/inclusion?ward=E05015018&driver=age_65plus_pct")
            wait_ready(page)
            still = page.locator(".os-still")
            assert still.count() == 1 and not page.locator(PLOTLY).count()
            assert still.locator(f"{shown} svg").is_visible() and not still.locator(f"{hidden} svg").is_visible()
            assert "by ward" in _chart_title(still.element_handle())
            drawn = still.locator(f"{shown} svg")
            assert drawn.bounding_box()["width"] <= width  # fits the column: nothing off the edge
            hovers = drawn.locator("g > title").all_text_contents()
            assert "Brinnington & Stockport Central: 11.2%" in hovers and "Stockport 20.1%" in hovers  # a bar, the line
            assert len(hovers) == 21 + 1  # every ward's bar, and the borough's line
            page.get_by_text("Interactive chart (zoom and hover)").click()
            page.wait_for_selector(PLOTLY + " .main-svg", timeout=30000)
            assert not page.locator(".os-still").count()
            page.get_by_text("Interactive chart (zoom and hover)").click()
            page.wait_for_selector(".os-still", timeout=30000)
            assert not page.locator(PLOTLY).count()
        finally:
            context.close()
