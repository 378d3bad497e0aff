"""The ward profile's pieces made from a ward's profile rows (queries.ward_profile): the sentence that leads
it and one indicator's ward-and-borough rows. Streamlit-free, so the page (views/ward_profile.py) keeps them
per build, ward and indicator and a rerun does no frame work."""

from __future__ import annotations

import pandas as pd

from presentation.wording import fmt, rank_text

# What the bars and the notes under them read of an indicator's row.
_VERSUS = ["indicator_id", "title", "period_label", "unit", "rank", "source_id", "expected_next", "out_of_date"]


def lead_sentence(profile: pd.DataFrame, name_md: str) -> str | None:
    """The ward's rank for digital exclusion risk and for deprivation, in one sentence (`name_md`: its name,
    escaped for Markdown); None when the profile lacks either."""
    by_id = profile.set_index("indicator_id")
    if "exclusion_risk_score" not in by_id.index or "imd_score" not in by_id.index:
        return None
    risk, imd = by_id.loc["exclusion_risk_score"], by_id.loc["imd_score"]
    return (
        f"**{name_md} ranks {rank_text(risk['rank'], risk.wards, risk.tied, risk.value)} wards for digital "
        f"exclusion risk** (score {fmt(risk.value, risk.unit, int(risk.decimals))} of 100) and "
        f"{rank_text(imd['rank'], imd.wards, imd.tied, imd.value)} for deprivation (1 = highest). Its figures "
        "beside the borough's, a map, its schemes and programme activity follow."
    )


def versus_rows(profile: pd.DataFrame, indicator: str, name: str) -> pd.DataFrame:
    """The ward's figure and the borough's for one indicator, as two rows (area, figure) for bars."""
    row = profile[profile.indicator_id == indicator].iloc[0]
    common = {c: row[c] for c in _VERSUS}
    return pd.DataFrame(
        [
            {**common, "area": name, "figure": row["value"]},
            {**common, "area": "Stockport", "figure": row["borough_value"]},
        ]
    )
