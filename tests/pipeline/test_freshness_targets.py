"""Freshness (expected next release from the publisher's frequency) and targets with trajectories."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from pipeline.store.queries import Database
from pipeline.registry import RegistryError, load_registry, parse_registry
from pipeline.registry import REGISTRY_PATH
from pipeline.rules.targets import describe, trajectory


def test_every_indicator_declares_how_often_its_publisher_updates_it():
    for i in load_registry().indicators.values():
        assert i.frequency, i.id


@pytest.mark.parametrize(
    "change, message",
    [
        ('frequency = "twice a year"', "frequency must be one of"),
        ("release_lag_months = 5", "release_lag_months"),
    ],
)
def test_a_bad_frequency_is_refused_naming_the_indicator(change, message):
    text = REGISTRY_PATH.read_text(encoding="utf-8")
    broken = text.replace(change, 'frequency = "fortnightly"' if "frequency" in change else "", 1)
    with pytest.raises(RegistryError, match=f"indicator gigabit_broadband: {message}"):
        parse_registry(broken)


def test_a_target_for_an_unknown_indicator_is_refused():
    text = REGISTRY_PATH.read_text(encoding="utf-8").replace(
        'indicator = "coverage_4g"\narea', 'indicator = "coverage_6g"\narea', 1
    )
    with pytest.raises(RegistryError, match="target coverage_4g_2025: unknown indicator coverage_6g"):
        parse_registry(text)


def test_expected_next_release_from_period_frequency_and_lag(official_db):
    db = Database(official_db, today=date(2026, 11, 25))
    fresh = db.freshness("internal").set_index(["indicator_id", "area_type"])
    # Ofcom Jan 2026, twice a year, ~5 months to publish: the next (Jul 2026) figures are due Dec 2026.
    assert fresh.loc[("gigabit_broadband", "lad"), "expected_next"] == pd.Timestamp("2026-12-01")
    assert not fresh.loc[("gigabit_broadband", "lad"), "out_of_date"]
    # DfT's quarterly chargepoint figures for April 2026: July's were due by August.
    assert fresh.loc[("ev_chargers_per_100k", "lad"), "out_of_date"]
    # IoD2019 by ward is past due (IoD2025 was published in October 2025); the borough's IoD2025 is not.
    assert fresh.loc[("imd_score", "ward"), "out_of_date"]
    assert not fresh.loc[("imd_score", "lad"), "out_of_date"]
    # A derived index is due when the first of its inputs is.
    assert (
        fresh.loc[("exclusion_risk_score", "ward"), "expected_next"]
        == fresh.loc[("income_deprivation_rank", "lsoa"), "expected_next"]
    )
    # No fixed schedule: never flagged.
    assert pd.isna(fresh.loc[("deri_highest_risk_lsoas", "lad"), "expected_next"])
    # The day matters: on 1 July 2026 the chargepoint figures were still current.
    earlier = (
        Database(official_db, today=date(2026, 7, 1)).freshness("internal").set_index(["indicator_id", "area_type"])
    )
    assert not earlier.loc[("ev_chargers_per_100k", "lad"), "out_of_date"]


def test_only_the_latest_figure_is_flagged(official_db):
    db = Database(official_db, today=date(2026, 11, 25))
    s = db.series("ghg_emissions_per_capita", ["E08000007"])
    assert s.out_of_date.tolist() == [False] * (len(s) - 1) + [True]
    assert db.headline().set_index("indicator_id").loc["ghg_emissions_per_capita", "out_of_date"]


def test_public_readers_see_no_internal_freshness_rows(official_db):
    public = Database(official_db, audience="public", today=date(2026, 11, 25)).freshness("internal")
    assert not public.indicator_id.str.startswith("inclusion_").any()


def _series(values, starts):
    return pd.DataFrame({"period_start": pd.to_datetime(starts), "period_label": starts, "value": values})


def test_a_rising_trend_that_reaches_the_target_is_on_track():
    s = _series([80, 90, 95], ["2024-01-01", "2025-01-01", "2026-01-01"])  # the gap to 100% halves each year
    t = trajectory(s, 99, "at least", "2030-12-31", "%", as_at=date(2026, 6, 1))
    assert t.status == "on track" and t.gap_rate == pytest.approx(-0.5, abs=0.01) and t.per_year is None
    assert 99 < t.projected < 100  # bends towards 100%, never past it
    assert abs(t.reached - pd.Timestamp("2028-04-01")) < pd.Timedelta(days=45)  # 5 → 1: log2(5) ≈ 2.3 years


def test_a_straight_line_near_the_ceiling_is_not_taken_for_progress():
    # +2 points a year would pass 99% in 2028, but the gap to 100% (10, 8, 6) closes by about a fifth a
    # year: 98.3% by Dec 2030. Coverage near a ceiling slows as it approaches it.
    s = _series([90, 92, 94], ["2024-01-01", "2025-01-01", "2026-01-01"])
    t = trajectory(s, 99, "at least", "2030-12-31", "%", as_at=date(2026, 6, 1))
    assert t.status == "not on track" and 98 < t.projected < 99
    assert all(t.at(f"{y}-01-01") < 100 for y in range(2026, 2040))


def test_when_the_windows_disagree_the_cautious_verdict_stands_and_says_so():
    # Fast until 2025, then slow: the three years say on course, the last year does not.
    s = _series([70, 85, 95, 95.5, 96], ["2023-01-01", "2024-01-01", "2025-01-01", "2025-07-01", "2026-01-01"])
    t = trajectory(s, 99, "at least", "2030-12-31", "%", as_at=date(2026, 6, 1))
    assert t.status == "not on track"
    assert t.disagreement == "on course at the pace since Jan 2023; not on course at the pace since Jan 2025"
    assert "the cautious verdict stands" in describe(t, 99, "at least", "2030-12-31", lambda v: f"{v:.1f}%")
    assert pd.Timestamp(t.from_label) == pd.Timestamp("2025-01-01")  # the drawn pace is the cautious one


def test_a_slow_trend_is_not_on_track_and_a_missed_deadline_says_so():
    s = _series([90, 90.5, 91], ["2024-01-01", "2025-01-01", "2026-01-01"])
    assert trajectory(s, 99, "at least", "2030-12-31", "%", as_at=date(2026, 6, 1)).status == "not on track"
    missed = trajectory(s, 95, "at least", "2025-12-31", "%", as_at=date(2026, 6, 1))
    assert missed.status == "deadline passed"
    assert "**missed**" in describe(missed, 95, "at least", "2025-12-31", lambda v: f"{v:.1f}%")


def test_a_lower_is_better_target_and_too_few_figures():
    s = _series([20, 15, 10], ["2024-01-01", "2025-01-01", "2026-01-01"])
    assert trajectory(s, 6, "at most", "2027-12-31", "%", as_at=date(2026, 6, 1)).status == "on track"
    assert trajectory(s.head(0), 5, "at most", "2027-12-31").status == "too few figures"


def test_stockports_gigabit_trajectory_on_the_real_figures(official_db):
    db = Database(official_db, today=date(2026, 11, 25))
    targets = db.targets("gigabit_broadband").set_index("id")
    series = db.series("gigabit_broadband", ["E08000007"])
    t2030 = targets.loc["gigabit_2030"]
    path = trajectory(series, t2030.value, t2030.direction, t2030.target_date, "%", as_at=date(2026, 11, 25))
    # 88.8% in Jan 2023 to 94.9% in Jan 2026: a straight line (+2 points a year) would pass 99% in 2028,
    # but the gap to 100% closes by about a quarter a year (a fifth in the last year): 98.7% by Dec 2030.
    assert path.latest == pytest.approx(94.9) and path.from_label == "Jan 2023"
    assert -0.3 < path.gap_rate < -0.2 and path.status == "not on track"
    assert 98.5 < path.projected < 99 and path.reached.year == 2032
    t2025 = targets.loc["gigabit_2025"]
    assert (
        trajectory(series, t2025.value, t2025.direction, t2025.target_date, "%", as_at=date(2026, 11, 25)).status
        == "met"
    )


@pytest.mark.slow
def test_a_target_for_an_area_the_build_does_not_hold_stops_the_build(tmp_path):
    from pipeline.build.database import build
    from pipeline.errors import BuildError

    text = REGISTRY_PATH.read_text(encoding="utf-8").replace(
        'area = "E08000007"\nvalue = 99', 'area = "E08999999"\nvalue = 99', 1
    )
    registry = parse_registry(text)
    db = tmp_path / "x.duckdb"
    with pytest.raises(BuildError, match="target gigabit_2030: its area is not in this build's areas"):
        build(db, registry=registry)
    assert not db.exists()
