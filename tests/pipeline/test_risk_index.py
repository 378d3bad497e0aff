"""The digital exclusion risk index on the real files: coverage, consistency, weights, comparison."""

from __future__ import annotations

import duckdb
import numpy as np
import pytest

from pipeline.rules import risk_index
from pipeline.store.queries import Database
from pipeline.rules.risk_index import risk_inputs_frame
from pipeline.registry import RegistryError, load_registry, parse_registry, REGISTRY_PATH

METHOD = load_registry().risk


@pytest.fixture(scope="module")
def inputs(official_db):
    return Database(official_db).risk_inputs()


def test_every_current_lsoa_is_scored_once_with_all_inputs(inputs, official_db):
    db = Database(official_db)
    lsoas = set(db.query("select code from areas where type = 'lsoa' and current").code)
    assert len(inputs) == len(lsoas) == 191 and set(inputs.lsoa_code) == lsoas
    scores = db.query("select area_code, value from observations where indicator_id = 'exclusion_risk_score'")
    assert scores.area_code.is_unique
    assert set(scores.area_code) == lsoas | set(db.wards().code)
    for column in (
        "age_65plus_pct",
        "income_deprivation_rank",
        "education_deprivation_rank",
        "health_deprivation_rank",
        "employment_deprivation_rank",
        "population",
    ):
        assert inputs[column].notna().all(), column
    assert "gigabit_broadband" not in inputs  # Ofcom publishes it only for the borough today


def test_scores_run_0_to_100_and_deciles_split_the_lsoas_in_tenths(inputs):
    result = risk_index.score(inputs, METHOD)
    assert 0 <= result.lsoas.score.min() < 15 and 85 < result.lsoas.score.max() <= 100
    counts = result.lsoas.decile.value_counts().sort_index()
    assert list(counts.index) == list(range(1, 11)) and set(counts) <= {19, 20}
    assert result.lsoas.loc[result.lsoas.score.idxmax(), "decile"] == 10
    assert [i.id for i, _ in result.left_out] == ["connectivity"]
    assert sum(result.weights.values()) == pytest.approx(100)


def test_ward_scores_are_the_population_weighted_mean_of_their_lsoas(inputs, official_db):
    result = risk_index.score(inputs, METHOD)
    for ward in result.wards.itertuples():
        mine = result.lsoas[result.lsoas.ward_code == ward.ward_code]
        assert ward.score == pytest.approx(np.average(mine.score, weights=mine.population))
        # The drivers add up to the ward's score.
        assert sum(getattr(ward, i.id) for i in result.used) == pytest.approx(ward.score)
    stored = Database(official_db).query(
        "select area_code, value from observations where indicator_id = 'exclusion_risk_score' and area_code like 'E05%'"
    )
    stored = dict(zip(stored.area_code, stored.value))
    assert all(stored[w.ward_code] == pytest.approx(w.score, abs=1e-9) for w in result.wards.itertuples())  # unrounded
    assert result.wards.lsoas.sum() == 191


def test_changing_a_weight_changes_the_order_as_expected(inputs):
    only_age = risk_index.score(inputs, METHOD, {i.id: 0 for i in METHOD.inputs} | {"age": 10})
    by_age = inputs.sort_values("age_65plus_pct", ascending=False).lsoa_code
    assert only_age.lsoas.lsoa_code.iloc[0] == by_age.iloc[0]
    assert only_age.lsoas.set_index("lsoa_code").score[by_age.iloc[-1]] == 0
    only_income = risk_index.score(inputs, METHOD, {i.id: 0 for i in METHOD.inputs} | {"income": 10})
    most_deprived = inputs.sort_values("income_deprivation_rank").lsoa_code.iloc[0]
    assert only_income.lsoas.lsoa_code.iloc[0] == most_deprived
    default = risk_index.score(inputs, METHOD)
    # Older, affluent Bramhall ranks higher when age dominates than when income does.
    rank = lambda r, ward: int(r.wards.set_index("ward_code")["rank"][ward])  # noqa: E731
    bramhall_south = "E05015015"
    assert rank(only_age, bramhall_south) < rank(default, bramhall_south) <= rank(only_income, bramhall_south)


def test_all_weights_zero_is_refused(inputs):
    with pytest.raises(ValueError, match="at least one input"):
        risk_index.score(inputs, METHOD, {i.id: 0 for i in METHOD.inputs})


def test_an_input_published_below_borough_level_is_used(inputs):
    with_gigabit = inputs.assign(gigabit_broadband=np.linspace(80, 100, len(inputs)))
    result = risk_index.score(with_gigabit, METHOD)
    assert "connectivity" in [i.id for i in result.used]
    assert result.weights["connectivity"] == pytest.approx(100 * 10 / 110)
    lowest = with_gigabit.sort_values("gigabit_broadband").lsoa_code.iloc[0]  # least coverage = most risk
    assert result.lsoas.set_index("lsoa_code").connectivity[lowest] == pytest.approx(result.weights["connectivity"])


def test_top_decile_against_gm_deri(inputs, official_db):
    summary = risk_index.top_decile_summary(risk_index.score(inputs, METHOD))
    assert summary["lsoas"] == 20 and summary["of_lsoas"] == 191
    assert 5 < summary["residents_pct"] < 15
    deri = Database(official_db).headline().set_index("indicator_id").value
    assert deri["deri_highest_risk_lsoas"] == 9  # GMCA's count, scored against Great Britain


def test_default_build_scores_the_same_as_the_official_build(default_db, official_db):
    sql = "select area_code, round(value, 2) v from observations where indicator_id like 'exclusion_risk%' order by all"
    assert Database(default_db).query(sql).equals(Database(official_db).query(sql))


def test_the_method_is_declared_once_and_validated():
    text = REGISTRY_PATH.read_text(encoding="utf-8")
    assert load_registry().risk.default_weights["age"] == 30
    with pytest.raises(RegistryError, match="risk_when"):
        parse_registry(text.replace('risk_when = "higher"', 'risk_when = "up"', 1))
    with pytest.raises(RegistryError, match="unknown indicator"):
        parse_registry(text.replace('indicator = "income_deprivation_rank"', 'indicator = "nope"', 1))
    with pytest.raises(RegistryError, match="weight"):
        parse_registry(text.replace("weight = 30", "weight = -1", 1))


def test_public_reader_gets_the_inputs(official_db):
    con = duckdb.connect(str(official_db), read_only=True)
    try:
        assert len(risk_inputs_frame(con, METHOD, "public")) == 191
    finally:
        con.close()


def test_connectivity_published_by_ward_reaches_every_lsoa_and_enters_the_index(official_db, tmp_path):
    import shutil

    db = tmp_path / "with_ward_gigabit.duckdb"
    shutil.copy(official_db, db)
    con = duckdb.connect(str(db))
    wards = [
        r[0] for r in con.execute("select code from areas where type = 'ward' and current order by code").fetchall()
    ]
    for n, ward in enumerate(wards):  # as an ONS ELS or Ofcom file at ward level would stage them
        con.execute(
            """insert into published values ('gigabit_broadband', ?, '2026-01', date '2026-01-01', 'Jan 2026',
                       ?, '% of premises', null, null, 'published', null, 'ons_els_ofcom')""",
            [ward, 80 + n],
        )
    con.close()
    inputs = Database(db).risk_inputs()
    assert inputs.gigabit_broadband.notna().all()
    lowest_ward = wards[0]
    assert set(inputs[inputs.ward_code == lowest_ward].gigabit_broadband) == {80}
    result = risk_index.score(inputs, METHOD)
    assert "connectivity" in [i.id for i in result.used] and not result.left_out
    parts = result.wards.set_index("ward_code").connectivity
    assert parts.idxmax() == lowest_ward and parts.idxmin() == wards[-1]  # least coverage, most risk
