"""The exclusion risk page's tables, read without a browser: one rounding, ties as ties, every
neighbourhood in the CSV whichever ward is chosen, field names in the CSV and words on the page."""

from __future__ import annotations

import pytest

from pipeline.registry import load_registry
from pipeline.rules import risk_index
from pipeline.store.queries import Database
from presentation import risk_tables

METHOD = load_registry().risk


@pytest.fixture(scope="module")
def scored(default_db):
    inputs = Database(default_db).risk_inputs()
    return inputs, risk_index.score(inputs, METHOD)


def test_the_ward_csv_has_both_ranks_the_score_and_each_part_rounded_once(scored):
    inputs, result = scored
    names = dict(zip(inputs.ward_code, inputs.ward_name))
    wards = risk_tables.ranked_wards(result, result, names)
    csv = risk_tables.ward_csv(wards, result, 1)
    assert len(csv) == 21 and (csv.rank_with_these_weights == csv.default_rank).all()
    assert list(csv.columns[:5]) == ["area_code", "area_name", "rank_with_these_weights", "default_rank", "score"]
    assert all(f"part_{i.id}" in csv for i in result.used) and set(csv.source_id) == {risk_index.SOURCE_ID}
    assert (csv.score == csv.score.round(1)).all() and csv.area_name.notna().all()


def test_neighbourhoods_of_a_ward_are_shown_and_every_one_is_in_the_csv(scored):
    inputs, result = scored
    lsoas = risk_tables.neighbourhoods(result, inputs)
    ward = lsoas.ward_code.iloc[0]
    shown, csv = risk_tables.neighbourhood_tables(lsoas, result, ward, 1)
    assert set(shown["Ward"]) == {lsoas[lsoas.ward_code == ward].ward_name.iloc[0]}
    assert len(shown) == (lsoas.ward_code == ward).sum() and len(csv) == len(lsoas) == 191
    assert all(r.endswith(f"of {len(lsoas)}") for r in shown["Rank"])  # ranked among every neighbourhood
    assert "decile_in_stockport (10 = highest risk)" in csv and "Decile in Stockport (10 = highest risk)" in shown
    everywhere, _ = risk_tables.neighbourhood_tables(lsoas, result, None, 1)
    assert len(everywhere) == 20 and everywhere["Rank"].iloc[0].startswith("1")


def test_the_inputs_table_says_which_inputs_this_build_cannot_use():
    table = risk_tables.inputs_table(METHOD, {METHOD.inputs[0].id: "not published below borough level"})
    assert table["Used now"].tolist() == ["no"] + ["yes"] * (len(METHOD.inputs) - 1)
