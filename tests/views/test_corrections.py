"""Issue 15's corrections as a reader sees them on the pages (AppTest on the official build)."""

from __future__ import annotations

import html
import re

import pytest

from tests.views.test_pages import _html_table, _texts, _tiles


@pytest.fixture()
def app(make_app, official_db):
    return make_app(official_db, AUDIENCE="internal", TRUSTED_NETWORK="1")


def test_the_inclusion_page_shows_residents_supported_per_1000_residents(app):
    app.query_params["section"] = "reach"
    app.switch_page("views/inclusion.py").run()
    assert not app.exception
    table = _html_table(app, "Residents supported per 1,000 residents")
    assert "supported_per_1000_residents" in table.columns and "residents_census_2021" in table.columns
    assert "aged 65+" not in _texts(app).split("Are we reaching the right places?")[1]


def test_the_overview_and_risk_page_name_each_highest_risk_figure_by_its_index(app):
    app.run()
    labels = list(_tiles(app))
    assert "GM DERI highest-risk decile" in labels
    assert "Highest exclusion risk" not in labels
    app.switch_page("views/exclusion_risk.py").run()
    labels = [
        html.unescape(label)
        for m in app.markdown
        for label in re.findall(r'<p class="os-figure-label">(.*?)</p>', m.value)
    ]
    assert any(label.startswith("Top-decile LSOAs, One Stockport digital exclusion risk index") for label in labels)
    assert any(label.startswith("Top-decile LSOAs, GMCA's Digital Exclusion Risk Index") for label in labels)
    text = html.unescape(_texts(app))  # the headline figures' words are HTML
    assert "in the top decile of the One Stockport digital exclusion risk index, ranked within Stockport" in text
    assert "in the highest-risk decile of GMCA's Digital Exclusion Risk Index, scored against Great Britain" in text


def test_the_risk_page_names_census_2021_and_iod2019_as_its_sources(app):
    app.switch_page("views/exclusion_risk.py").run()
    text = _texts(app)
    assert "Census 2021" in text and "English Indices of Deprivation 2019" in text
    assert "70% of the weight" in text and "30% of the weight" in text


def test_the_ward_profile_shows_tied_ranks_no_schemes_and_no_borough_risk_score(app):
    app.query_params["ward"] = "E05015016"  # Bredbury & Woodley: 2 most-deprived LSOAs, as Offerton; no schemes
    app.switch_page("views/ward_profile.py").run()
    assert not app.exception
    profile = _html_table(app, "with its rank among the 21 wards").set_index("Indicator")
    ranks, borough = profile["Rank"], profile["Stockport"]
    assert ranks["LSOAs in most deprived 10%"] == "=3 of 21"
    assert ranks["Scheme capital value"] == "no schemes"
    risk = "One Stockport exclusion risk score"
    assert ranks[risk] == "3 of 21" and borough[risk] == "not applicable (scored within Stockport)"
    assert "no figure" not in set(borough)


def test_the_overview_shows_no_since_2019_for_the_iod2025_imd_score(app):
    app.run()
    assert not app.exception
    tiles = _tiles(app)
    assert tiles["IMD score"].startswith("IMD score: 18.4 average score, IoD2025") and "since" not in tiles["IMD score"]
    assert "IoD2019: 130th of 317" in tiles["IMD score"]  # the earlier edition named beside it, never a change
    assert "since Jul 2025" in tiles["Gigabit broadband"]


def test_the_investment_page_dates_every_status_and_counts_schemes_and_programmes_apart(app):
    import html

    app.switch_page("views/investment.py").run()
    assert not app.exception
    text = _texts(app)
    assert "**6 schemes worth" in text and "3 programme-level ambitions are listed apart" in text
    assert "The register: 6 schemes and 3 programmes" in text
    register = next(m.value for m in app.markdown if m.value.startswith('<ul class="os-register"'))
    labels = [html.unescape(re.sub(r"<[^>]+>", "", s)) for s in re.findall(r"<summary>(.*?)</summary>", register)]
    assert len(labels) == 9 and all("(scheme)" in label or "(programme)" in label for label in labels)
    assert all("(as reported" in label or "not confirmed since" in label for label in labels)
    assert any(
        label.startswith(
            "Stockport Exchange (scheme) — On site when last reported (2020); status not confirmed since 2020"
        )
        for label in labels
    )
    assert "Completion:</b> nan" not in register and "— nan" not in register
    app.query_params["section"] = "timeline"
    app.switch_page("views/investment.py").run()
    timeline = _html_table(app, "from start to completion")
    assert len(timeline) == 9 and "nan" not in set(timeline.start) | set(timeline.completion)
    app.query_params["section"] = "funders"
    app.switch_page("views/investment.py").run()
    partners = _html_table(app, "Schemes each funder or partner is named in").set_index("partner")
    assert partners.schemes["Stockport Council"] == "5"


def test_the_risk_page_and_the_ward_profile_show_the_same_score(app):
    app.switch_page("views/exclusion_risk.py").run()
    assert "Highest-risk ward: **Brinnington & Stockport Central** (score 70.1 of 100)" in _texts(app)
    app.query_params["ward"] = "E05015018"
    app.switch_page("views/ward_profile.py").run()
    profile = _html_table(app, "with its rank among the 21 wards").set_index("Indicator")
    assert profile.loc["One Stockport exclusion risk score", "Brinnington & Stockport Central"] == "70.1"


def test_the_risk_pages_neighbourhood_table_shows_ties_as_ties_and_one_rounding(app):
    from pipeline.rules import risk_index
    from pipeline.registry import load_registry

    result = risk_index.score(app.db.risk_inputs("internal"), load_registry().risk)
    lsoas = result.lsoas
    tied = lsoas[lsoas.duplicated("rank", keep=False)]
    assert not tied.empty, "the real scores have tied neighbourhoods"
    first = tied.iloc[0]
    app.query_params["ward"] = first.ward_code
    app.query_params["section"] = "neighbourhoods"
    app.switch_page("views/exclusion_risk.py").run()
    table = _html_table(app, "Neighbourhoods ranked by risk in")
    row = table[table["LSOA code"] == first.lsoa_code].iloc[0]
    assert row["Rank"] == f"={first['rank']} of {len(lsoas)}"
    untied = table[~table["LSOA code"].isin(tied.lsoa_code)]
    assert all(not r.startswith("=") for r in untied["Rank"])
    numbers = table.filter(like="(part of score)").stack().tolist() + table["Risk score (0–100)"].tolist()
    assert numbers and all(len(n.split(".")[1]) == 1 for n in numbers), numbers  # '15.0' and '29.4', not '29.37'
