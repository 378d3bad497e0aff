"""Sections (ui/sections.py): a page runs only the section the reader chose, keeps the choice in the URL,
and draws at most one Plotly chart on arrival (issue 18). AppTest on the default build."""

from __future__ import annotations

import functools
import re

import pytest

import presentation.gantt
import presentation.schemes
import ui.data
from ui import cache

from tests.views.test_pages import PAGES, _texts


@pytest.fixture()
def app(make_app, default_db):
    return make_app(default_db, AUDIENCE="internal", TRUSTED_NETWORK="1")  # officers see every section


def _plotly_keys(at) -> list[str]:
    """The widget keys of the Plotly charts drawn (ui/charts.chart_block keys each 'chart-<key>')."""
    return [re.sub(r"^.*?-chart-", "", c.proto.id) for c in at.get("plotly_chart")]


def _still_keys(at) -> list[str]:
    """The keys of the charts drawn on the server (ui/svg_blocks: 'svg-<key>-w' is the wide drawing's id)."""
    return [k for m in at.markdown for k in re.findall(r'<svg [^>]*aria-labelledby="svg-(.+?)-w-t ', m.value)]


def _chart_keys(at) -> list[str]:
    """Every chart drawn, either way."""
    return _plotly_keys(at) + _still_keys(at)


def _svg_trends(at) -> int:
    """How many trend charts were drawn on the server (ui/svg_blocks.trend) as the page's HTML."""
    return sum('class="os-svg-chart' in m.value and "over time" in m.value for m in at.markdown)


def _recording(monkeypatch, module, name: str) -> list:
    """Replace module.name with a wrapper that records each call's arguments, the one cache emptied so no
    earlier test's run has made what this one counts."""
    cache.clear()
    calls, original = [], getattr(module, name)
    # Defaults, not a closure: the one cache (ui/cache.py) takes only makers keyed on everything they read.
    monkeypatch.setattr(
        module,
        name,
        functools.wraps(original)(
            lambda *args, _original=original, _calls=calls, **kwargs: _calls.append(args) or _original(*args, **kwargs)
        ),
    )
    return calls


@pytest.mark.parametrize("page", PAGES)
def test_no_page_draws_a_plotly_chart_on_arrival_even_for_officers(app, page):
    app.query_params["ward"] = "E05015018"  # a ward chosen: the most a page can show
    app.switch_page(page).run()
    assert not app.exception
    assert _plotly_keys(app) == []  # each chart drawn on the server; Plotly's script only on request


@pytest.mark.parametrize(
    "page, key, arrival, chosen, charts",
    [
        ("views/connectivity.py", "connectivity-section", "trend", "districts", ["connectivity-gm-gigabit_broadband"]),
        ("views/exclusion_risk.py", "risk-section", "wards", "neighbourhoods", []),
        ("views/investment.py", "investment-section", "map", "funders", ["investment-funders"]),
        ("views/inclusion.py", "inclusion-section", "wards", "reach", ["inclusion-reach"]),
        ("views/inclusion.py", "inclusion-section", "wards", "ages", ["inclusion-age-bands"]),
        ("views/data_methods.py", "methods-section", "indicators", "sources", []),
    ],
)
def test_choosing_a_section_draws_it_in_place_of_the_first_and_the_url_keeps_it(
    app, page, key, arrival, chosen, charts
):
    app.switch_page(page).run()
    control = app.button_group(key=key)
    assert control.value == arrival and app.query_params["section"] == arrival
    control.set_value(chosen).run()
    assert not app.exception
    assert _chart_keys(app) == charts
    assert app.query_params["section"] == chosen


@pytest.mark.parametrize(
    "page, module, function, section",
    [
        ("views/inclusion.py", ui.data, "age_bands", "ages"),
        ("views/inclusion.py", ui.data, "ward_reach", "reach"),
        ("views/inclusion.py", ui.data, "facts", "activity"),
        ("views/investment.py", presentation.gantt, "timeline_chart", "timeline"),
        ("views/investment.py", presentation.schemes, "partner_counts", "funders"),
        ("views/exclusion_risk.py", ui.data, "area_shapes", "neighbourhoods"),  # the LSOA shapes
    ],
)
def test_an_unchosen_sections_work_does_not_run(app, monkeypatch, page, module, function, section):
    calls = _recording(monkeypatch, module, function)
    app.switch_page(page).run()
    assert not [c for c in calls if function != "area_shapes" or c == ("lsoa",)], "ran on arrival"
    app.query_params["section"] = section
    app.switch_page(page).run()
    assert not app.exception
    assert [c for c in calls if function != "area_shapes" or c == ("lsoa",)], "the chosen section ran it"


@pytest.mark.parametrize("bad", ["charts", "", "<script>", "districts;drop"])
def test_an_unknown_section_in_the_url_gives_the_first_section_and_a_friendly_note(app, bad):
    app.query_params["section"] = bad
    app.switch_page("views/connectivity.py").run()
    assert not app.exception
    assert app.button_group(key="connectivity-section").value == "trend"
    assert _svg_trends(app) == 1 and _plotly_keys(app) == []  # the trend, drawn on the server
    assert any("No section of this page matches" in i.value and "showing the default view" in i.value for i in app.info)


def test_an_indicator_chosen_in_one_section_is_kept_while_another_is_shown(app):
    app.switch_page("views/inclusion.py").run()
    app.selectbox(key="inclusion-driver").set_value("imd_score").run()
    app.button_group(key="inclusion-section").set_value("ages").run()
    assert app.query_params["driver"] == "imd_score"  # still in the link a reader would share
    app.button_group(key="inclusion-section").set_value("activity").run()
    app.button_group(key="inclusion-section").set_value("wards").run()
    assert app.selectbox(key="inclusion-driver").value == "imd_score"
    assert _chart_keys(app) == ["inclusion-rank-imd_score"]


def test_the_ward_profile_compares_ward_and_borough_in_svg_with_a_hover_title_per_bar(app):
    app.query_params["ward"] = "E05015018"
    app.query_params["indicator"] = "age_65plus_pct"
    app.switch_page("views/ward_profile.py").run()
    svg = next(m.value for m in app.markdown if "os-svg-chart" in m.value)
    assert (
        "<title>Brinnington &amp; Stockport Central: 11.2%</title>" in svg and "<title>Stockport: 20.1%</title>" in svg
    )
    assert 'fill="currentColor"' in svg  # the page's text colour: readable in the dark theme too
    assert "profile-versus" not in "".join(_plotly_keys(app))
    assert "Brinnington & Stockport Central ranks 21 of 21 wards (1 = highest)." in _texts(app)


def test_connectivity_arrives_with_its_trend_in_svg_and_the_toggle_draws_the_plotly_chart_in_its_place(app):
    app.query_params["indicator"] = "gigabit_broadband"
    app.switch_page("views/connectivity.py").run()
    assert not app.exception
    assert not app.get("plotly_chart") and _svg_trends(app) == 1  # no Plotly script needed on arrival
    svg = next(m.value for m in app.markdown if 'class="os-svg-chart' in m.value)
    assert svg.count("<svg") == 3 and all(
        f'viewBox="0 0 {w} ' in svg for w in (1120, 720, 360)
    )  # desktop, column, phone
    assert "<title>Stockport, Jan 2026: 94.9%" in svg  # a hover title per figure
    assert "Target: at least 99.0% by Dec 2030" in svg and "At the recent pace" in svg  # the target and the pace
    assert "**on track**" in _texts(app) or "**not on track**" in _texts(app)  # said under it, as before
    app.toggle(key="connectivity-trend-gigabit_broadband-interactive").set_value(True).run()
    assert not app.exception
    assert _chart_keys(app) == ["connectivity-trend-gigabit_broadband"] and _svg_trends(app) == 0
    app.toggle(key="connectivity-trend-gigabit_broadband-interactive").set_value(False).run()
    assert not app.get("plotly_chart") and _svg_trends(app) == 1
