"""Wards side by side: one row per measure, one column per ward and one for Stockport, in words.
Streamlit-free, so a page lays it out and a test reads it."""

from __future__ import annotations

import pandas as pd

from pipeline.registry import load_registry

from .tables import supported_per_1000_all_wards
from .wording import borough_text, figure_text, fmt, rank_text

# What an officer weighs up a ward by: its context and risk, the investment in it. Rows follow the registry's order.
COMPARED = (
    "population",
    "age_65plus_pct",
    "imd_score",
    "lsoas_most_deprived_decile",
    "exclusion_risk_score",
    "scheme_capital_gbp_m",
    "scheme_homes",
)
ACTIVITY = "Residents supported per 1,000 residents"  # the programme's reach, from ward_reach
MEASURE = "Measure"


def _cell(row) -> str:
    """'20.1% (rank 5 of 21)': the figure and, where there is one, its rank among the wards."""
    shown = figure_text(row.value, row.unit, int(row.decimals), row.status)
    rank = rank_text(row["rank"], row.wards, row.tied, row.value, row.indicator_id)
    if rank == "—":
        return shown
    return f"{shown} (rank {rank})" if rank[-1].isdigit() else f"{shown} ({rank})"


def side_by_side(
    profiles: dict[str, pd.DataFrame], reach: pd.DataFrame | None = None, schemes: dict[str, int] | None = None
) -> pd.DataFrame:
    """A table of text cells: MEASURE, then each ward (the keys of `profiles`: ward name -> its
    ward_profile rows), then Stockport. `reach` (ward_reach) adds the programme's residents supported per
    1,000 residents; `schemes` (ward name or 'Stockport' -> count) the register's schemes there."""
    order = [i for i in load_registry().indicators if i in COMPARED]
    rows: list[dict[str, str]] = []
    first = next(iter(profiles.values()))
    for indicator in order:
        found = {name: p[p.indicator_id == indicator] for name, p in profiles.items()}
        if all(f.empty for f in found.values()):
            continue
        meta = first[first.indicator_id == indicator]
        meta = meta.iloc[0] if len(meta) else next(f.iloc[0] for f in found.values() if len(f))
        row = {MEASURE: meta.short}  # each cell carries its unit
        for name, f in found.items():
            row[name] = _cell(f.iloc[0]) if len(f) else "no figure"
        row["Stockport"] = borough_text(meta.borough_value, meta.unit, int(meta.decimals), indicator)
        rows.append(row)
    if schemes is not None:
        rows.append(
            {
                MEASURE: "Schemes in the projects register",
                **{n: f"{schemes.get(n, 0):,}" for n in [*profiles, "Stockport"]},
            }
        )
    if reach is not None and not reach.empty:
        by_name = reach.set_index("area_name")
        period = f"{reach.first_period.mode().iloc[0]} to {reach.last_period.mode().iloc[0]}"
        sample = " (SAMPLE)" if (reach.status == "sample").any() else ""
        borough = supported_per_1000_all_wards(reach)
        rows.append(
            {
                MEASURE: f"{ACTIVITY}, {period}{sample}",
                **{n: fmt(by_name.supported_per_1000_residents.get(n), "", 1) for n in profiles},
                "Stockport": fmt(borough, "", 1),
            }
        )
    return pd.DataFrame(rows, columns=[MEASURE, *profiles, "Stockport"])
