"""The pages on the days the calendar turns on: the overview and Data and methods draw with consistent words
whatever the day (the clock moved as an operator would, by ONE_STOCKPORT_TODAY)."""

from __future__ import annotations

import html
import re

import pytest

from pipeline import clock
from pipeline.rules import freshness
from pipeline.registry import load_registry

DAYS = {
    "the bundled extracts' retrieval": "2026-11-26",
    "the day Ofcom's release falls due": "2026-12-01",
    "Ofcom is late": "2027-03-02",
    "a year after": "2027-12-01",
    "several years on": "2031-06-01",
}


@pytest.fixture(params=list(DAYS.values()), ids=list(DAYS))
def app_on(request, make_app, default_db, monkeypatch):
    monkeypatch.setenv(clock.ENV, request.param)
    return make_app(default_db, AUDIENCE="internal", TRUSTED_NETWORK="1"), request.param


def _markdown(app) -> str:
    return html.unescape("\n".join(m.value for m in app.markdown))


@pytest.mark.slow
def test_the_overview_keeps_late_data_out_of_needs_attention_on_any_day(app_on):
    app, day = app_on
    app.run()
    assert not app.exception
    text = _markdown(app)
    attention = re.search(r'<ol class="os-attention".*?</ol>', text, re.S)
    assert attention is None or "Update expected" not in attention.group(0)
    headline = app.db.headline().set_index("indicator_id")
    names = re.findall(r'class="os-tile" role="group" aria-label="([^"]*)"', text)
    assert names and not any("Update expected" in n for n in names)  # never part of a tile's judgement
    late_said = " ".join(re.findall(r'<span class="os-late">(.*?)</span>', text))
    for row in headline.itertuples():
        if any(n.startswith(f"{row.short}:") for n in names) and row.out_of_date:  # said once, on its section
            assert f"Update expected since {row.expected_next:%b %Y}" in late_said, (day, row.Index)
    if day >= "2027-03-02":
        assert "Update expected since Dec 2026" in late_said  # Ofcom's, late from 2 Mar 2027
    if day >= "2031-01-01":  # Dec 2030's target date has passed: never "On course" for it
        assert "On course for at least 99% by Dec 2030" not in text
    assert "Since the last update" not in text  # one build only: no change is invented


@pytest.mark.slow
def test_data_and_methods_counts_what_the_data_team_must_refresh_on_any_day(app_on):
    app, day = app_on
    app.query_params["section"] = "freshness"
    app.switch_page("views/data_methods.py").run()
    assert not app.exception
    late = freshness.to_refresh(load_registry(), app.db.freshness("internal"))
    text = _markdown(app)
    assert f"; {late.indicator_id.nunique()} with an update later than expected." in text
    for title in late.title:
        assert title in text, (day, title)
