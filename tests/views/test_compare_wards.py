"""Compare wards (AppTest): chosen wards side by side with their figures, the most similar wards, the URL."""

from __future__ import annotations

import pytest

from ui import state

from presentation.wording import fmt
from tests.views.test_pages import _html_table, _texts

BRINNINGTON, BRAMHALL_NORTH, EDGELEY = "E05015018", "E05015014", "E05015023"


@pytest.fixture()
def app(make_app, default_db):
    return make_app(default_db, AUDIENCE="internal", TRUSTED_NETWORK="1")


def test_two_wards_chosen_in_the_url_stand_side_by_side_with_their_figures(app):
    app.query_params["wards"] = f"{BRINNINGTON},{BRAMHALL_NORTH}"
    app.switch_page("views/compare_wards.py").run()
    assert not app.exception
    table = _html_table(app, "Wards side by side with Stockport").set_index("Measure")
    assert list(table.columns) == ["Brinnington & Stockport Central", "Bramhall North", "Stockport"]
    for code, name in ((BRINNINGTON, "Brinnington & Stockport Central"), (BRAMHALL_NORTH, "Bramhall North")):
        profile = app.db.ward_profile(code).set_index("indicator_id")
        for indicator in ("age_65plus_pct", "imd_score", "exclusion_risk_score", "population"):
            row = profile.loc[indicator]
            assert table.loc[row.short, name].startswith(fmt(row.value, row.unit, int(row.decimals)))
    assert table.loc["IMD score", "Brinnington & Stockport Central"] == "65.3 (rank 1 of 21)"
    assert table.loc["Aged 65+", "Stockport"] == "20.1%"
    assert "Brinnington & Stockport Central** has the highest exclusion risk score" in _texts(app)


def test_each_chosen_ward_lists_the_wards_most_like_it_by_the_query_layers_rule(app):
    app.query_params["wards"] = f"{BRINNINGTON},{BRAMHALL_NORTH}"
    app.switch_page("views/compare_wards.py").run()
    texts = _texts(app)
    for code, name in ((BRINNINGTON, "Brinnington & Stockport Central"), (BRAMHALL_NORTH, "Bramhall North")):
        similar = list(app.db.similar_wards(code, 3).area_name)
        assert f"Most like **{name}**: {', '.join(similar)}." in texts
        peers = _html_table(app, f"{name} and the 3 wards most like it")
        assert list(peers.columns) == ["Measure", name, *similar, "Stockport"]


def test_choosing_wards_puts_them_in_the_url(app):
    app.switch_page("views/compare_wards.py").run()
    app.multiselect(key="compare-wards").set_value([EDGELEY, BRINNINGTON, BRAMHALL_NORTH]).run()
    assert app.query_params["wards"] == f"{EDGELEY},{BRINNINGTON},{BRAMHALL_NORTH}"
    assert list(_html_table(app, "Wards side by side").columns) == [
        "Measure",
        "Edgeley",
        "Brinnington & Stockport Central",
        "Bramhall North",
        "Stockport",
    ]


def test_with_no_wards_in_the_url_the_sidebar_ward_is_compared_with_the_ward_most_like_it(app):
    app.query_params["ward"] = BRAMHALL_NORTH
    app.switch_page("views/compare_wards.py").run()
    nearest = app.db.similar_wards(BRAMHALL_NORTH, 1).area_name.iloc[0]
    assert list(_html_table(app, "Wards side by side").columns) == ["Measure", "Bramhall North", nearest, "Stockport"]


def test_a_ward_chosen_in_the_ward_menu_joins_the_comparison(app):
    app.query_params["wards"] = f"{BRINNINGTON},{BRAMHALL_NORTH}"
    app.switch_page("views/compare_wards.py").run()
    app.selectbox(key=state.WARD_KEY).set_value(EDGELEY).run()
    assert "Edgeley" in _html_table(app, "Wards side by side").columns


@pytest.mark.parametrize("bad", ["E05999999", f"{BRINNINGTON},E05999999", ",", "<script>alert(1)</script>"])
def test_unknown_wards_in_the_url_give_a_friendly_note_and_the_default_comparison(app, bad):
    app.query_params["wards"] = bad
    app.switch_page("views/compare_wards.py").run()
    assert not app.exception
    assert any("No Stockport ward matches" in i.value for i in app.info)
    assert len(app.multiselect(key="compare-wards").value) == 2
    assert "<script>" not in _texts(app)


def test_fewer_than_two_wards_asks_for_another(app):
    app.query_params["wards"] = BRINNINGTON
    app.switch_page("views/compare_wards.py").run()
    assert "Choose two to four wards" in _texts(app)
