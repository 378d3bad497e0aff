"""The static public export opened in Chromium from disk: charts and maps drawn with no server and
no request off the folder, and axe-core finds no serious or critical violation."""

from __future__ import annotations

import pytest


from .test_accessibility import TAGS, _axe_source

VIEWS = [
    "index.html",
    "views/gigabit_broadband-trend.html",
    "views/imd_score-map.html",
    "views/coverage_4g-compare.html",
    "views/exclusion_risk_score-map.html",
]


@pytest.mark.parametrize("view", VIEWS)
def test_exported_page_draws_offline_and_is_accessible(browser, default_export, view):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith("file://") else None)
    try:
        page.goto((default_export / view).as_uri())
        if view.endswith("-map.html"):  # the one SVG map: every ward on hover, no script
            assert page.locator("#chart svg.os-map path > title").count() >= 21
            assert page.locator("#chart .os-map-names text").count() >= 15  # names written at this width
        elif view != "index.html":
            assert page.locator("#chart svg").count() == 1  # drawn before any script ran
            page.hover("#chart")  # a reader reaching for the chart loads Plotly and redraws it interactive
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
            traces = page.locator(".js-plotly-plot .scatterlayer .trace, .js-plotly-plot .barlayer .trace").count()
            assert traces >= 1
            assert page.locator("table tbody tr").count() >= 2
        page.add_script_tag(content=_axe_source())
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        bad = [
            f"{v['impact']} {v['id']}: {v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], bad
        assert outside == []
    finally:
        context.close()


def test_an_exported_view_loads_plotly_only_when_asked_and_the_keyboard_can_ask(browser, default_export):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto((default_export / "views/gigabit_broadband-trend.html").as_uri())
        page.wait_for_load_state("load")
        assert page.locator("#chart svg polyline").count() >= 1
        assert not [u for u in requested if u.endswith("plotly.min.js")]  # the page is complete without it
        page.locator("#chart-interactive").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
        assert [u for u in requested if u.endswith("plotly.min.js")]
    finally:
        context.close()


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_a_ward_report_is_accessible(browser, e2e_db, tmp_path, audience):
    from pipeline.store.queries import Database
    from publish.ward_report import ward_report_html

    path = tmp_path / "report.html"
    path.write_text(ward_report_html(Database(e2e_db), "E05015018", audience), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1000, "height": 1200})
    page = context.new_page()
    try:
        page.goto(path.as_uri())
        page.add_script_tag(content=_axe_source())
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        bad = [
            f"{v['impact']} {v['id']}: {v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], bad
    finally:
        context.close()
