"""Confidence intervals from counts (Fingertips' Wilson score method) and what they decide."""

from __future__ import annotations

import pytest

from pipeline.rules import judgement as J
from pipeline.rules.intervals import wilson
from pipeline.registry import load_registry

REGISTRY = load_registry()


def test_wilson_matches_the_published_worked_values():
    # 10 of 100: 5.52% to 17.44% (Newcombe 1998, method 3; Fingertips' proportion CI)
    assert wilson(10, 100) == pytest.approx((0.0552, 0.1744), abs=5e-5)
    low, high = wilson(0, 20)  # never below 0, and not degenerate at 0
    assert low == pytest.approx(0.0, abs=1e-12) and 0.15 < high < 0.17
    assert wilson(5, 0) == (None, None) and wilson(6, 5) == (None, None)


def test_a_wards_share_is_similar_to_the_boroughs_when_the_borough_lies_in_its_interval():
    age = REGISTRY.indicators["age_65plus_pct"]
    low, high = (100 * v for v in wilson(2_050, 10_000))  # 20.5%, interval about 19.7 to 21.3
    inside = J.ward_beside_borough(20.5, 20.1, age, REGISTRY.judgement, "2021", low, high)
    assert inside.outcome == J.SIMILAR and inside.by_interval
    outside = J.ward_beside_borough(20.5, 19.6, age, REGISTRY.judgement, "2021", low, high)
    assert outside.outcome == J.HIGHER and outside.by_interval  # 0.9 points: within t, outside the interval


def test_derived_census_shares_carry_their_interval(default_db):
    from pipeline.store.queries import Database

    gaps = Database(default_db).ward_gaps("age_65plus_pct")
    assert len(gaps) == 21 and (gaps.lci_95 < gaps.value).all() and (gaps.value < gaps.uci_95).all()
    assert ((gaps.uci_95 - gaps.lci_95) < 2).all()  # wards of thousands of residents: narrow intervals
