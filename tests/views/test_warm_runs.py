"""A rerun that changed nothing builds nothing again (issue 18: a warm page run ≤ 50 ms), and what
one audience's run built is never what another audience's run shows."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.rules import risk_index
from presentation import charts, gantt, schemes, svgchart, svgmap
from ui import cache

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard.py"
BUILDERS = [
    (charts, "bar_chart"),
    (charts, "line_chart"),
    (charts, "scatter_chart"),
    (charts, "stacked_bar"),
    (gantt, "timeline_chart"),
    (svgchart, "bars"),
    (svgchart, "stacked_bars"),
    (svgchart, "trend"),
    (svgmap, "scheme_map"),
    (schemes, "register_html"),
]


@pytest.fixture(autouse=True)
def cold_caches():
    """Every test starts as a freshly started server: nothing built yet."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture()
def built(monkeypatch) -> list[str]:
    """The name of each chart built (and each risk index scored), in order."""
    calls: list[str] = []
    for module, name in BUILDERS + [(risk_index, "score")]:
        real = getattr(module, name)  # defaults, not a closure: the cache takes only makers keyed on all they read
        monkeypatch.setattr(
            module,
            name,
            functools.wraps(real)(
                lambda *a, _real=real, _name=name, _calls=calls, **k: _calls.append(_name) or _real(*a, **k)
            ),
        )
    return calls


def charts_drawn(at) -> list[str]:
    """The Plotly charts' specs and the charts and maps drawn on the server (ui/svg_blocks, svgmap), as sent."""
    return [c.proto.spec for c in at.get("plotly_chart")] + [
        m.value for m in at.markdown if "os-svg-chart" in m.value or 'class="os-map"' in m.value
    ]


@pytest.mark.parametrize(
    "page, section",
    [
        ("views/ward_profile.py", None),
        ("views/connectivity.py", None),
        ("views/inclusion.py", None),
        ("views/investment.py", "timeline"),
        ("views/investment.py", None),
        ("views/exclusion_risk.py", None),
    ],
)
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
    first = make_app(default_db, AUDIENCE="public")
    first.switch_page("views/inclusion.py").run()
    assert not first.exception and built
    built.clear()
    another = AppTest.from_file(str(DASHBOARD), default_timeout=60)  # another session of the same build
    another.switch_page("views/inclusion.py").run()
    assert not another.exception
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
    cache.clear()
    officers = drawn(AUDIENCE="internal", TRUSTED_NETWORK="1")
    assert officers != alone  # the officers' page shows figures the public's does not
    assert drawn(AUDIENCE="public", TRUSTED_NETWORK=None) == alone


@pytest.mark.slow
def test_after_a_new_build_the_overview_judges_the_new_build_once_and_never_the_one_before_again(
    tmp_path, raw_copy, monkeypatch
):
    """The overview's tiles and its "what changed" digest read one set of judgements per build, and the
    digest's earlier build was judged while it was live: a new build costs one judging, not three."""
    from pipeline.build.database import build
    from pipeline.store import releases
    from tests.pipeline.test_changes import new_release_and_revision
    from ui import data

    judged: list[str] = []
    real = data.judgement.assess_build

    def counted(registry, db, indicators, day, area="E08000007"):
        judged.append(releases.resolve(db.path).name)
        return real(registry, db, indicators, day, area)

    monkeypatch.setattr(data.judgement, "assess_build", counted)
    live = tmp_path / "live.duckdb"
    build(live, raw_copy)
    monkeypatch.setenv("ONE_STOCKPORT_DB", str(live))
    first = AppTest.from_file(str(DASHBOARD), default_timeout=60).run()
    assert not first.exception and judged
    before = set(judged)
    new_release_and_revision(raw_copy)  # inputs that differ, so the digest compares the two builds
    build(live, raw_copy)
    judged.clear()
    second = AppTest.from_file(str(DASHBOARD), default_timeout=60).run()
    assert not second.exception
    assert "1 new release, 1 revised figure" in str([e.value for e in second.markdown])
    assert judged == [releases.resolve(live).name] and not before & set(judged)
