"""The static export's embeds (publish/static_embeds.py) are the live embeds without a server: one file for every
embed a page offers, drawing the same chart, legend and first lines from the same figures."""

from __future__ import annotations

import re

import pytest

from pipeline.store.queries import Database
from pipeline.registry import STOCKPORT, load_registry
from publish.static_embeds import embed_path

COMPARATORS = load_registry().areas_containing(STOCKPORT)
CONNECTIVITY = ["gigabit_broadband", "premises_below_30mbps", "coverage_4g", "coverage_5g"]  # views/connectivity.py


def _live_embed(make_app, db, view: str, indicator: str, ward: str | None) -> list[str]:
    """The HTML pieces the live embed page draws for this address (public server)."""
    app = make_app(db, AUDIENCE="public")
    app.query_params.update({"view": view, "indicator": indicator, **({"ward": ward} if ward else {})})
    app.switch_page("views/embed.py").run()
    assert not app.exception
    return [
        m.value for m in app.markdown if m.value.startswith(('<p class="os-embed-title', '<div class="os-', "<svg"))
    ]


@pytest.mark.parametrize(
    "view, indicator, ward",
    [
        ("compare", "gigabit_broadband", None),
        ("compare", "premises_below_30mbps", None),
        ("trend", "gigabit_broadband", None),
        ("trend", "coverage_5g", None),
        ("map", "imd_score", "E05015018"),
        ("map", "age_65plus_pct", None),
    ],
)
def test_a_static_embed_draws_exactly_what_the_live_embed_draws(
    default_export, make_app, default_db, view, indicator, ward
):
    static = (default_export / embed_path(view, indicator, ward)).read_text(encoding="utf-8")
    live = _live_embed(make_app, default_db, view, indicator, ward)
    assert len(live) >= 2, live  # the first lines, the chart (and a map's legend)
    for piece in live:
        # The link back differs on purpose: the live embed links to the dashboard, the static one to its full view.
        assert re.sub(r'href="[^"]*"', "", piece) in re.sub(r'href="[^"]*"', "", static), piece[:200]
    assert ("<svg" in static) and ("Highlighted: <b>" in static) == bool(ward)


def test_every_embed_a_page_offers_is_in_the_export(default_export, default_db):
    db = Database(default_db, audience="public")
    wards = list(db.wards().code)
    offered = []
    for indicator in db.indicators("public").id:
        geographies = db.indicators("public").set_index("id").geographies[indicator].split(",")
        if "ward" in geographies and not db.latest_values(indicator, "ward", "public").empty:  # ui/blocks.ward_map
            offered += [("map", indicator, w) for w in (None, *wards)]
        if db.trend(indicator, COMPARATORS, "public").period.nunique() >= 2:  # ui/blocks.trend_chart
            offered.append(("trend", indicator, None))
        if indicator in CONNECTIVITY:  # ui/blocks.comparison_chart
            offered.append(("compare", indicator, None))
    assert len(offered) > 150
    missing = [o for o in offered if not (default_export / embed_path(*o)).is_file()]
    assert not missing


def test_a_static_embed_loads_nothing_and_tells_its_host_its_height(default_export):
    for path in (default_export / "embed").glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert 'postMessage({type: "one-stockport:height"' in text, path.name
        assert not re.search(r"<script[^>]+src=|<link |<img |@import|url\(", text), path.name
        back = re.search(r'<a href="\.\./(views/[a-z0-9_]+-(?:map|trend|compare)\.html)"', text)
        assert back and (default_export / back.group(1)).is_file(), path.name  # the link back reaches the full view
