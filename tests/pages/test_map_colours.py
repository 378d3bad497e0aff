"""Every dashboard map follows the one colour rule: darker = more of what the indicator's polarity marks
as a concern. (The deprivation-decile map was coloured the other way round to the risk maps.)"""
from __future__ import annotations

import json

import pytest

from presentation.maps import STEPS

DARKEST, LIGHTEST = list(STEPS[-1]), list(STEPS[0])


@pytest.fixture()
def app(make_app, default_db):
    return make_app(default_db)


def _fill_of(features, value_text: str) -> list[int]:
    fills = {tuple(f["properties"]["fill"][:3]) for f in features if f["properties"]["value"] == value_text}
    assert len(fills) == 1, fills
    return list(fills.pop())


def test_the_deprivation_decile_map_is_darkest_for_the_most_deprived_neighbourhoods(app):
    """IMD decile: higher is better, so decile 1 (most deprived 10%) is the darkest class."""
    app.query_params["lsoa"] = "imd_decile"
    app.query_params["section"] = "neighbourhoods"  # the LSOA map has its own section
    app.switch_page("pages/inclusion.py").run()
    assert not app.exception
    lsoa = max((json.loads(c.proto.json)["layers"][0]["data"]["features"] for c in app.get("deck_gl_json_chart")), key=len)
    assert _fill_of(lsoa, "decile 1") == DARKEST and _fill_of(lsoa, "decile 10") == LIGHTEST
    legend = [m.value for m in app.markdown if "Map legend" in m.value]
    assert any("darker = lower, a concern" in m for m in legend)


def test_the_deprivation_score_map_is_darkest_for_the_highest_scores(app):
    """IMD score: lower is better, so the highest score is the darkest class, as on the risk maps."""
    app.query_params["ward"] = "E05015018"
    app.query_params["indicator"] = "imd_score"
    app.switch_page("pages/ward_profile.py").run()
    assert not app.exception
    (chart,) = app.get("deck_gl_json_chart")
    features = json.loads(chart.proto.json)["layers"][0]["data"]["features"]
    values = app.db.latest_values("imd_score", "ward")
    top = values.sort_values("value").iloc[-1]
    bottom = values.sort_values("value").iloc[0]
    by_name = {f["properties"]["name"]: f["properties"]["fill"][:3] for f in features}
    assert by_name[top.area_name] == DARKEST and by_name[bottom.area_name] == LIGHTEST
