"""Disclosure control: primary, rate and secondary suppression, on synthetic rows and on a real build."""

from __future__ import annotations

import pandas as pd

from pipeline.checks.disclosure import NOTE_PRIMARY, NOTE_RATE, NOTE_SECONDARY, suppress
from pipeline.store.queries import Database
from pipeline.registry import load_registry


def _obs(rows):
    return pd.DataFrame(
        [
            dict(
                indicator_id=i,
                area_code=a,
                period="2021",
                value=v,
                lci_95=None,
                uci_95=None,
                status="published",
                note=None,
            )
            for i, a, v in rows
        ]
    )


TYPES = pd.Series({"W1": "ward", "W2": "ward", "W3": "ward", "B": "lad"})


def test_counts_under_ten_and_zero_are_suppressed_with_a_note():
    out = suppress(
        _obs(
            [
                ("age_65plus_count", "W1", 0),
                ("age_65plus_count", "W2", 9),
                ("age_65plus_count", "W3", 10),
                ("age_65plus_count", "B", 19),
            ]
        ),
        TYPES,
        load_registry(),
    ).set_index("area_code")
    assert list(out.status) == ["suppressed", "suppressed", "published", "published"]
    assert out.value.isna().tolist() == [True, True, False, False]
    assert out.note["W1"] == NOTE_PRIMARY


def test_a_lone_suppressed_cell_takes_the_next_smallest_with_it():
    out = suppress(
        _obs([("population", "W1", 5), ("population", "W2", 40), ("population", "W3", 30), ("population", "B", 75)]),
        TYPES,
        load_registry(),
    ).set_index("area_code")
    assert out.status["W1"] == "suppressed" and out.status["W3"] == "suppressed"
    assert out.note["W3"] == NOTE_SECONDARY and out.status["W2"] == "published"


def test_rates_on_small_or_hidden_counts_are_suppressed():
    out = suppress(
        _obs(
            [
                ("population", "W1", 8),
                ("age_65plus_count", "W1", 4),
                ("age_65plus_pct", "W1", 50.0),
                ("population", "W2", 400),
                ("age_65plus_count", "W2", 3),
                ("age_65plus_pct", "W2", 0.75),
                ("population", "W3", 500),
                ("age_65plus_count", "W3", 100),
                ("age_65plus_pct", "W3", 20.0),
            ]
        ),
        TYPES,
        load_registry(),
    )
    pct = out[out.indicator_id == "age_65plus_pct"].set_index("area_code")
    assert pct.status["W1"] == "suppressed" and pct.note["W1"] == NOTE_RATE
    assert pct.status["W2"] == "suppressed"  # its count was suppressed, so the rate would reveal it
    assert pct.status["W3"] == "published" and pct.value["W3"] == 20.0  # two cells hidden: no secondary needed


def test_a_small_lsoa_in_the_real_census_is_suppressed_in_every_view(small_lsoa_db):
    d = Database(small_lsoa_db)
    lsoa = d.query("""select indicator_id, value, status, note from observations
                      where area_code = 'E01005886' and indicator_id like 'age_65plus%'""").set_index("indicator_id")
    assert lsoa.status["age_65plus_count"] == "suppressed" and pd.isna(lsoa.value["age_65plus_count"])
    assert lsoa.status["age_65plus_pct"] == "suppressed"
    lsoa_counts = d.latest_values("age_65plus_count", "lsoa")
    assert (lsoa_counts.status == "suppressed").sum() == 2  # and one more, so it cannot be subtracted out
    assert d.latest_values("age_65plus_count", "ward").status.ne("suppressed").all()
