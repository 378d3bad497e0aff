"""Charts and maps hold their place before they draw: every Plotly chart's and deck.gl map's
container has, from the moment it arrives, a minimum height equal to the height it draws at, so
nothing below it jumps when its JavaScript has loaded (issue 18: layout shift)."""
from __future__ import annotations

import pytest

RESERVED = """() => [...document.querySelectorAll('[data-testid=stElementContainer]')]
  .filter(e => e.querySelector('[data-testid=stPlotlyChart], [data-testid=stDeckGlJsonChart]'))
  .map(e => [e.className.split(' ').find(c => c.startsWith('st-key-')) || '?',
             parseFloat(getComputedStyle(e).minHeight) || 0,
             e.querySelector('[data-testid=stPlotlyChart], [data-testid=stDeckGlJsonChart]').getBoundingClientRect().height])"""


@pytest.mark.parametrize("path", ["/ward_profile?ward=E05015018", "/exclusion_risk"])  # the overview draws tiles, no chart
def test_each_chart_and_map_reserves_the_height_it_draws_at(page, path):
    charts = page.visit(path).evaluate(RESERVED)
    assert charts, "the page draws no chart or map"
    wrong = [(key, reserved, drawn) for key, reserved, drawn in charts if abs(reserved - drawn) > 1]
    assert wrong == []


def test_an_element_that_only_carries_style_rules_takes_no_room(page):
    hidden = page.visit("/ward_profile?ward=E05015018").evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stElementContainer]')]
             .filter(e => e.querySelector('[data-testid=stMarkdownContainer] > style:only-child'))
             .map(e => getComputedStyle(e).display)""")
    assert hidden and set(hidden) == {"none"}
