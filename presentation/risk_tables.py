"""The exclusion risk page's tables, made from a scored index (pipeline/rules/risk_index.py): what each
table shows in words on the page and what its CSV gives in field names. Streamlit-free, so a page only
lays them out and a test reads them without a browser."""

from __future__ import annotations

import pandas as pd

from pipeline.registry import RiskMethod
from pipeline.rules.risk_index import SOURCE_ID, RiskResult
from presentation.tables import rounded_columns
from presentation.wording import ranks_in


def ranked_wards(result: RiskResult, default: RiskResult, names: dict[str, str]) -> pd.DataFrame:
    """The wards as scored, each named and with its rank under the default weights beside."""
    wards = result.wards.assign(area_name=result.wards.ward_code.map(names))
    return wards.assign(default_rank=wards.ward_code.map(dict(zip(default.wards.ward_code, default.wards["rank"]))))


def parts_of(result: RiskResult) -> dict[str, str]:
    """Each input the score used, by id, with its label: the parts of every bar and table."""
    return {i.id: i.label for i in result.used}


def ward_csv(wards: pd.DataFrame, result: RiskResult, decimals: int) -> pd.DataFrame:
    """The wards' chart as a CSV: codes, names, both ranks, the score and each part, each rounded once."""
    parts = parts_of(result)
    table = wards[["ward_code", "area_name", "rank", "default_rank", "score", *parts]].rename(
        columns={"ward_code": "area_code", "rank": "rank_with_these_weights", **{k: f"part_{k}" for k in parts}}
    )
    return rounded_columns(table, ["score", *(f"part_{k}" for k in parts)], decimals).assign(source_id=SOURCE_ID)


def ward_map_values(wards: pd.DataFrame) -> pd.DataFrame:
    """What the ward map colours and ranks: area_code, value (the score), rank and how many areas."""
    values = wards.rename(columns={"ward_code": "area_code"}).assign(value=wards.score, areas=len(wards))
    return values[["area_code", "value", "rank", "areas"]]


def neighbourhoods(result: RiskResult, inputs: pd.DataFrame) -> pd.DataFrame:
    """Every scored LSOA with its name and ward's name."""
    return result.lsoas.merge(inputs[["lsoa_code", "lsoa_name", "ward_name"]], on="lsoa_code")


def neighbourhood_map_values(lsoas: pd.DataFrame) -> pd.DataFrame:
    values = lsoas.rename(columns={"lsoa_code": "area_code"}).assign(value=lsoas.score, areas=len(lsoas))
    return values[["area_code", "value", "rank", "areas"]]


def neighbourhood_tables(
    lsoas: pd.DataFrame, result: RiskResult, ward: str | None, decimals: int, top: int = 20
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, csv): the chosen ward's neighbourhoods (or Stockport's highest `top`) with headings in words,
    and every neighbourhood with field names and the numeric rank. Ties read as ties ('=19 of 191'),
    counted among every Stockport neighbourhood, not just those listed."""
    parts = parts_of(result)
    in_ward = lsoas[lsoas.ward_code == ward] if ward is not None else lsoas
    columns = ["rank", "lsoa_code", "lsoa_name", "ward_name", "score", "decile", *parts]
    rank_words = dict(zip(lsoas.lsoa_code, ranks_in(lsoas.assign(value=lsoas.score, areas=len(lsoas)))))
    rows = rounded_columns(in_ward[columns], ["score", *parts], decimals)
    shown = rows.assign(rank=rows.lsoa_code.map(rank_words)).rename(
        columns={
            "rank": "Rank",
            "lsoa_code": "LSOA code",
            "lsoa_name": "Neighbourhood (LSOA)",
            "ward_name": "Ward",
            "score": "Risk score (0–100)",
            "decile": "Decile in Stockport (10 = highest risk)",
            **{k: f"{label} (part of score)" for k, label in parts.items()},
        }
    )
    every = rounded_columns(lsoas[columns], ["score", *parts], decimals)
    csv = every.rename(columns={"decile": "decile_in_stockport (10 = highest risk)", **{k: f"part_{k}" for k in parts}})
    return (shown if ward is not None else shown.head(top)), csv.assign(source_id=SOURCE_ID)


def inputs_table(method: RiskMethod, unusable: dict[str, str]) -> pd.DataFrame:
    """The index's inputs, which way each counts, its default weight and whether this build can use it."""
    return pd.DataFrame(
        [
            {
                "Input": i.label,
                "More risk when the figure is": i.risk_when,
                "Default weight": int(i.weight),
                "Used now": "yes" if i.id not in unusable else "no",
            }
            for i in method.inputs
        ]
    )
