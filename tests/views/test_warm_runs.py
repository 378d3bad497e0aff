"""A rerun that changed nothing builds nothing again (issue 18: a warm page run ≤ 50 ms), and what
one audience's run built is never what another audience's run shows."""
from __future__ import annotations

import pytest
import streamlit as st

from pipeline.rules import risk_index
from presentation import charts, gantt, schemes, svgchart, svgmap
from ui import data, reuse

BUILDERS = [(charts, "bar_chart"), (charts, "line_chart"), (charts, "scatter_chart"), (charts, "stacked_bar"),
            (gantt, "timeline_chart"), (svgchart, "bars"), (svgchart, "stacked_bars"), (svgchart, "trend"),
            (svgmap, "scheme_map"), (schemes, "register_html")]


@pytest.fixture(autouse=True)
def cold_caches():
    """Every test starts as a freshly started server: nothing built yet."""
    st.cache_data.clear(), data.RESULTS.clear(), data.BUILT.clear(), reuse.FIGURES.clear(), reuse.PIECES.clear()
    yield
    st.cache_data.clear(), data.RESULTS.clear(), data.BUILT.clear(), reuse.FIGURES.clear(), reuse.PIECES.clear()


@pytest.fixture()
def built(monkeypatch) -> list[str]:
    """The name of each chart built (and each risk index scored), in order."""
    calls: list[str] = []
    for module, name in BUILDERS + [(risk_index, "score")]:
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    return calls


def charts_drawn(at) -> list[str]:
    """The Plotly charts' specs and the charts and maps drawn on the server (ui/svg_blocks, svgmap), as sent."""
    return [c.proto.spec for c in at.get("plotly_chart")] + [m.value for m in at.markdown
                                                             if "os-svg-chart" in m.value or 'class="os-map"' in m.value]


@pytest.mark.parametrize("page, section", [("views/ward_profile.py", None), ("views/connectivity.py", None),
                                           ("views/inclusion.py", None), ("views/investment.py", "timeline"),
                                           ("views/investment.py", None), ("views/exclusion_risk.py", None)])
def test_a_rerun_of_a_page_draws_the_same_charts_without_building_any_again(make_app, default_db, built, page, section):
    at = make_app(default_db, AUDIENCE="internal", TRUSTED_NETWORK="1")
    if section:  # the investment page's charts are one section away (its scheme map comes first)
        at.query_params["section"] = section
    at.switch_page(page).run()
    first = charts_drawn(at)
    assert not at.exception and first and built, "the first run builds and draws its charts"
    built.clear()
    at.run()
    assert not at.exception
    assert built == []
    assert charts_drawn(at) == first


def test_another_session_opening_the_same_page_builds_nothing_again(make_app, default_db, built):
    for _ in range(2):
        at = make_app(default_db, AUDIENCE="public")
        at.switch_page("views/inclusion.py").run()
        assert not at.exception
        if _ == 0:
            assert built
            built.clear()
    assert built == []


@pytest.mark.parametrize("page, section", [("views/inclusion.py", "activity"), ("views/ward_profile.py", None)])
def test_a_public_run_after_an_officers_run_draws_exactly_what_it_draws_on_its_own(make_app, default_db, page, section):
    def drawn(**env) -> tuple[list[str], list[str]]:
        at = make_app(default_db, **env)
        if section:  # where officers see the register's figures
            at.query_params["section"] = section
        at.switch_page(page).run()
        assert not at.exception
        return charts_drawn(at), [m.value for m in at.markdown]

    alone = drawn(AUDIENCE="public")
    st.cache_data.clear(), data.RESULTS.clear(), data.BUILT.clear(), reuse.FIGURES.clear(), reuse.PIECES.clear()
    officers = drawn(AUDIENCE="internal", TRUSTED_NETWORK="1")
    assert officers != alone  # the officers' page shows figures the public's does not
    assert drawn(AUDIENCE="public", TRUSTED_NETWORK=None) == alone
