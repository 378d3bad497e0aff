"""The ward profile's pieces (presentation/profile_parts.py), read without Streamlit."""

from __future__ import annotations

import pandas as pd

from pipeline.store.queries import Database
from presentation import profile_parts
from presentation.wording import rank_text

BRINNINGTON = "E05015018"


def _profile(default_db) -> pd.DataFrame:
    return Database(default_db, audience="internal").ward_profile(BRINNINGTON)


def test_the_ward_and_the_borough_are_two_rows_of_one_indicators_figures(default_db):
    profile = _profile(default_db)
    row = profile.set_index("indicator_id").loc["imd_score"]
    rows = profile_parts.versus_rows(profile, "imd_score", "Brinnington & Stockport Central")
    assert list(rows.area) == ["Brinnington & Stockport Central", "Stockport"]
    assert list(rows.figure) == [row.value, row.borough_value]
    assert set(rows.indicator_id) == {"imd_score"} and set(rows.source_id) == {row.source_id}


def test_the_lead_gives_the_wards_rank_for_risk_and_deprivation_or_nothing_without_them(default_db):
    profile = _profile(default_db)
    lead = profile_parts.lead_sentence(profile, "Brinnington")
    imd = profile.set_index("indicator_id").loc["imd_score"]
    assert lead.startswith("**Brinnington ranks ") and "for digital exclusion risk**" in lead
    assert f"{rank_text(imd['rank'], imd.wards, imd.tied, imd.value)} for deprivation" in lead
    assert profile_parts.lead_sentence(profile[profile.indicator_id != "imd_score"], "Brinnington") is None
