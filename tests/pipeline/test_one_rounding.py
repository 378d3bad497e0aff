"""Issue 27, one rounding: figures stored at full precision, ranked and scored unrounded, rounded once
where shown (presentation.wording.rounded, through fmt). Checked on the official build against the raw counts."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.rules import risk_index
from pipeline.store.queries import Database
from pipeline.registry import load_registry
from presentation.map_classes import class_colour
from presentation.tables import rounded_columns
from presentation.wording import fmt, rounded

REGISTRY = load_registry()
HAZEL_GROVE = "E05015024"


def _lsoa_counts(db: Database) -> pd.DataFrame:
    """Each current LSOA's residents and residents aged 65+, as the Census file gives them."""
    long = db.query("""select o.area_code, o.indicator_id, o.value from observations o join areas a on a.code = o.area_code
                       where a.type = 'lsoa' and a.current and o.indicator_id in ('population', 'age_65plus_count')""")
    return long.pivot(index="area_code", columns="indicator_id", values="value")


def test_hazel_groves_share_aged_65_plus_is_stored_unrounded_and_shown_as_22_7(official_db):
    db = Database(official_db)
    stored = db.latest_values("age_65plus_pct", "ward").set_index("area_code").value[HAZEL_GROVE]
    assert stored == 100 * 3166 / 13919  # 22.7459…: once stored as 22.75, which then showed as 22.8
    assert fmt(stored, "%", REGISTRY.indicators["age_65plus_pct"].decimals) == "22.7%"


def test_derived_shares_are_stored_at_full_precision_for_every_ward_and_lsoa(official_db):
    db = Database(official_db)
    for area_type in ("ward", "lsoa"):
        shares = db.latest_values("age_65plus_pct", area_type).set_index("area_code").value
        counts = db.latest_values("age_65plus_count", area_type).set_index("area_code").value
        people = db.latest_values("population", area_type).set_index("area_code").value
        assert shares.sort_index().equals((100 * counts / people).reindex(shares.index).sort_index()), area_type


def test_the_risk_indexs_age_ranks_match_ranks_from_the_raw_counts_with_no_false_ties(official_db):
    db = Database(official_db)
    inputs = db.risk_inputs().set_index("lsoa_code")
    counts = _lsoa_counts(db).reindex(inputs.index)
    from_counts = (counts.age_65plus_count / counts.population).rank(method="average")
    assert inputs.age_65plus_pct.rank(method="average").equals(from_counts)
    # Two-decimal shares made 4 pairs of LSOAs tie that the counts tell apart.
    assert inputs.age_65plus_pct.duplicated().sum() == (counts.age_65plus_count / counts.population).duplicated().sum()


def test_every_neighbourhoods_score_is_the_score_from_the_raw_counts(official_db):
    db = Database(official_db)
    inputs = db.risk_inputs()
    counts = _lsoa_counts(db).reindex(inputs.lsoa_code)
    raw = inputs.assign(age_65plus_pct=(100 * counts.age_65plus_count / counts.population).to_numpy())
    scored = risk_index.score(inputs, REGISTRY.risk).lsoas.set_index("lsoa_code").score
    expected = risk_index.score(raw, REGISTRY.risk).lsoas.set_index("lsoa_code").score.reindex(scored.index)
    assert (scored.map(fmt) == expected.map(fmt)).all()  # six of 191 were 0.1 off
    assert scored.to_numpy() == pytest.approx(expected.to_numpy(), abs=1e-9)


@pytest.mark.parametrize(
    "value, decimals, shown",
    [
        (22.745887, 1, "22.7"),
        (22.75, 1, "22.8"),
        (30.545, 2, "30.55"),
        (70.054, 1, "70.1"),
        (0.05, 1, "0.1"),
    ],
)
def test_fmt_tables_and_maps_round_a_figure_the_same_one_way(value, decimals, shown):
    """30.545 is 30.5450000000000017… in binary: pandas' .round (which scales first) gives 30.54."""
    assert fmt(value, "", decimals) == shown
    assert str(rounded(value, decimals)) == shown
    assert str(rounded_columns(pd.DataFrame({"v": [value]}), ["v"], decimals).v[0]) == shown


def test_a_map_shades_a_figure_in_the_band_its_shown_figure_falls_in():
    """Unrounded 22.746 shows as 22.7, so it belongs to the band ending at 22.7 (its legend's '… to 22.7')."""
    edges = [12.0, 22.7, 30.0, 40.0]
    assert class_colour(22.746, edges, decimals=1) == class_colour(22.7, edges, decimals=1)
    assert class_colour(22.76, edges, decimals=1) == class_colour(22.8, edges, decimals=1) != class_colour(22.7, edges)
