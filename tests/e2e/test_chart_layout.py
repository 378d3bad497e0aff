"""Interactive charts a person reads without tripping, at a phone's 390 px and a desktop's 1440 px
(issue 29): the legend under the plot and never on its points, the axis's unit whole, every word
inside the chart, the timeline's years given the phone's width, the exclusion bars' totals printed."""

from __future__ import annotations

import pytest

from devtools.harness import wait_ready

from .test_browser import _interactive

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}

# Each Plotly chart's boxes, relative to its own box: the plot, the legend, and every text drawn.
GEOMETRY_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')].map(d => {
  const own = d.getBoundingClientRect();
  const box = el => { if (!el) return null; const b = el.getBoundingClientRect();
                      return {left: b.left - own.left, top: b.top - own.top, right: b.right - own.left,
                              bottom: b.bottom - own.top, width: b.width, height: b.height}; };
  const texts = [...d.querySelectorAll('.main-svg text')].filter(t => t.textContent.trim() && t.getBBox().width)
    .filter(t => !t.closest('.modebar'))
    .map(t => ({text: t.textContent, kind: t.getAttribute('class') || '', ...box(t)}));
  return {width: own.width, height: own.height, plot: box(d.querySelector('.nsewdrag')),
          legend: box(d.querySelector('g.legend')), ytitle: box(d.querySelector('.ytitle')), texts};
})"""


def _open(browser, server, size: str, path: str, interactive: bool = True):
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.goto(server.url + path)
    wait_ready(page)
    if interactive:
        _interactive(page)
    page.wait_for_timeout(300)  # Plotly's relayout to the column's width
    return context, page


def _apart(a: dict, b: dict) -> bool:
    return a["bottom"] <= b["top"] or b["bottom"] <= a["top"] or a["right"] <= b["left"] or b["right"] <= a["left"]


def _cut(chart: dict) -> list[str]:
    """Words drawn partly outside the chart's own box (cut off where the chart ends)."""
    return [
        t["text"]
        for t in chart["texts"]
        if t["left"] < -1 or t["right"] > chart["width"] + 1 or t["top"] < -1 or t["bottom"] > chart["height"] + 1
    ]


@pytest.fixture(params=list(SIZES))
def size(request) -> str:
    return request.param


def test_the_trend_legend_sits_under_the_plot_and_its_unit_and_every_word_are_whole(browser, server, size):
    context, page = _open(browser, server, size, "/connectivity")
    try:
        [chart] = page.evaluate(GEOMETRY_JS)
        assert chart["legend"] and _apart(chart["legend"], chart["plot"])  # never on the points
        assert chart["legend"]["top"] >= chart["plot"]["bottom"]  # under it
        entries = [t["text"] for t in chart["texts"] if "legendtext" in t["kind"]]
        assert any(e.startswith("Stockport: ") and " in " in e for e in entries)  # with its latest figure
        [unit] = [t for t in chart["texts"] if t["text"] == "% of premises"]
        assert unit["bottom"] <= chart["plot"]["top"] + 2 and unit["width"] < chart["width"]  # across, above
        assert chart["ytitle"] is None or chart["ytitle"]["height"] <= chart["plot"]["height"]
        assert not _cut(chart)
    finally:
        context.close()


def test_the_timeline_gives_its_years_the_width_and_cuts_no_word(browser, server, size):
    context, page = _open(browser, server, size, "/investment?section=timeline", interactive=False)
    try:
        [chart] = page.evaluate(GEOMETRY_JS)
        # The names sit above their rows: the years take the chart's width (about 120 px of 360 before).
        assert chart["plot"]["width"] >= 0.85 * chart["width"]
        assert any(t["text"] == "start not reported" for t in chart["texts"])
        assert not _cut(chart)
        names = [t for t in chart["texts"] if "(scheme)" in t["text"] or "(programme)" in t["text"]]
        assert len(names) >= 9 and all(n["left"] >= 0 for n in names)
    finally:
        context.close()


def test_the_interactive_exclusion_bars_print_each_wards_total_as_the_still_does(browser, server, size):
    context, page = _open(browser, server, size, "/exclusion_risk", interactive=False)
    try:
        still = page.locator(".os-still svg:visible").first.locator("text").all_text_contents()
        _interactive(page)
        page.wait_for_timeout(300)
        [chart] = page.evaluate(GEOMETRY_JS)
        totals = page.eval_on_selector_all(
            '[data-testid="stPlotlyChart"] g.textpoint text', "ts => ts.map(t => t.textContent)"
        )
        assert len(totals) == 21 and all(t in still for t in totals)
        assert not _cut(chart)
    finally:
        context.close()
