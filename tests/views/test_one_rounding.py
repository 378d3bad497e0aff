"""Issue 27, one rounding, as a reader sees it (AppTest on the official build): a stacked bar's total is
the ward's score itself, in the chart drawn on the server and in the interactive one; Hazel Grove's
share aged 65+ reads 22.7 wherever it is shown."""

from __future__ import annotations

import html
import json
import re

import pytest

from pipeline.rules import risk_index
from pipeline.registry import load_registry
from presentation.wording import fmt
from tests.views.test_pages import _html_table, _texts

REGISTRY = load_registry()


@pytest.fixture()
def app(make_app, official_db):
    return make_app(official_db, AUDIENCE="internal", TRUSTED_NETWORK="1")


def _scores(app) -> dict[str, str]:
    """Each ward's score as the page shows it, from the unrounded score (the index function's)."""
    inputs = app.db.risk_inputs()
    names = dict(zip(inputs.ward_code, inputs.ward_name))
    wards = risk_index.score(inputs, REGISTRY.risk).wards
    return {names[w.ward_code]: fmt(w.score, "score") for w in wards.itertuples()}


def _still_totals(app) -> list[dict[str, str]]:
    """Per drawing of the server-drawn stacked chart (wide, narrow): each bar's name → the total it prints."""
    [still] = [m.value for m in app.markdown if "os-still" in m.value and "svg-risk-wards" in m.value]
    drawings = re.findall(r"<svg.*?</svg>", still, re.S)
    totals = []
    for svg in drawings:
        bars = re.findall(r"<g><title>(.*?): ([^<:]*)</title>.*?</rect><text [^>]*>([^<]*)</text></g>", svg, re.S)
        assert all(title == printed for _, title, printed in bars)  # the hover and the printed total agree
        totals.append({html.unescape(name): total for name, total, _ in bars})
    return totals


def test_every_wards_stacked_total_is_its_score_as_shown_everywhere_else_on_the_page(app):
    app.switch_page("views/exclusion_risk.py").run()
    assert not app.exception
    scores = _scores(app)
    assert len(scores) == 21
    still = _still_totals(app)
    assert len(still) == 2 and all(drawn == scores for drawn in still)  # 7 of 21 were 0.1 off (a sum of rounded parts)
    table = _html_table(app, "The figures in the chart").set_index("area_name")
    assert table.score.to_dict() == scores
    top = max(scores, key=lambda n: float(scores[n]))
    assert f"(score {scores[top]} of 100)" in _texts(app)  # the headline's score, the same figure


def test_the_interactive_stacked_chart_gives_each_bar_its_score_as_its_total(app):
    app.switch_page("views/exclusion_risk.py").run()
    app.toggle(key="risk-wards-interactive").set_value(True).run()
    [chart] = app.get("plotly_chart")
    traces = json.loads(chart.proto.spec)["data"]
    names = [
        html.unescape(label).replace("<b>", "").replace("</b>", "").replace("<br>", " ") for label in traces[0]["y"]
    ]
    scores = _scores(app)
    parts = [t for t in traces if t.get("name") != "totals"]
    for trace in parts:
        assert "%{customdata[1]}" in trace["hovertemplate"]
        assert dict(zip(names, (total for _, total in trace["customdata"]))) == scores
    [printed] = [t for t in traces if t.get("name") == "totals"]  # at each bar's end, as the still prints them
    assert dict(zip(names, printed["text"])) == scores


def test_hazel_groves_share_aged_65_plus_reads_22_7_on_its_ward_profile(app):
    app.query_params["ward"] = "E05015024"  # Hazel Grove: 3,166 of 13,919 residents, 22.746%
    app.switch_page("views/ward_profile.py").run()
    assert not app.exception
    text = _texts(app)
    assert "22.7%" in text and "22.8%" not in text and "22.75" not in text
