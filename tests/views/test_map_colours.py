"""Every dashboard map follows the one colour rule: darker = more of what the indicator's polarity marks
as a concern. (The deprivation-decile map was coloured the other way round to the risk maps.)"""

from __future__ import annotations

import re
from html import unescape

import pytest

from presentation.map_classes import STEPS

DARKEST, LIGHTEST = "rgb(%d,%d,%d)" % STEPS[-1], "rgb(%d,%d,%d)" % STEPS[0]


@pytest.fixture()
def app(make_app, default_db):
    return make_app(default_db)


def areas(app) -> list[tuple[str, str]]:
    """(fill, hover title) of every area on the page's SVG maps, the largest map first."""
    maps = sorted((m.value for m in app.markdown if 'class="os-map"' in m.value), key=len, reverse=True)
    return [
        [
            (fill, unescape(tip))
            for fill, tip in re.findall(r'<path d="[^"]*" fill="([^"]+)"><title>([^<]*)</title>', svg)
        ]
        for svg in maps
    ]


def _fill_of(found, value_text: str) -> str:
    fills = {fill for fill, tip in found if f": {value_text}\n" in tip}
    assert len(fills) == 1, fills
    return fills.pop()


def test_the_deprivation_decile_map_is_darkest_for_the_most_deprived_neighbourhoods(app):
    """IMD decile: higher is better, so decile 1 (most deprived 10%) is the darkest class."""
    app.query_params["lsoa"] = "imd_decile"
    app.query_params["section"] = "neighbourhoods"  # the LSOA map has its own section
    app.switch_page("views/inclusion.py").run()
    assert not app.exception
    lsoa = areas(app)[0]
    assert _fill_of(lsoa, "decile 1") == DARKEST and _fill_of(lsoa, "decile 10") == LIGHTEST
    legend = [m.value for m in app.markdown if "Map legend" in m.value]
    assert any("darker = lower, a concern" in m for m in legend)


def test_the_deprivation_score_map_is_darkest_for_the_highest_scores(app):
    """IMD score: lower is better, so the highest score is the darkest class, as on the risk maps."""
    app.query_params["ward"] = "E05015018"
    app.query_params["indicator"] = "imd_score"
    app.switch_page("views/ward_profile.py").run()
    assert not app.exception
    (found,) = areas(app)
    values = app.db.latest_values("imd_score", "ward")
    top = values.sort_values("value").iloc[-1]
    bottom = values.sort_values("value").iloc[0]
    by_name = {tip.split("\n")[0]: fill for fill, tip in found}
    assert len(by_name) == 21
    assert by_name[top.area_name] == DARKEST and by_name[bottom.area_name] == LIGHTEST
