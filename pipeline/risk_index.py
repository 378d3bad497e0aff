"""The digital exclusion risk index: one function used by the build (default weights) and by the
page (a reader's weights), so what the page shows is exactly the published method.

The method itself (inputs, direction, weights, wording) is declared in registry.toml [risk_index].
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .registry import RiskInput, RiskMethod


@dataclass
class RiskResult:
    lsoas: pd.DataFrame   # lsoa_code, ward_code, population, score, decile, rank, one column per input's contribution
    wards: pd.DataFrame   # ward_code, population, lsoas, score, rank, contributions
    used: list[RiskInput]  # inputs that varied within Stockport and had weight
    left_out: list[tuple[RiskInput, str]]  # inputs not used, with the reason
    weights: dict[str, float]  # the weights used, rescaled to add up to 100


def input_scores(values: pd.Series, risk_when: str) -> pd.Series:
    """0 for the lowest-risk area on this input, 100 for the highest; ties share their mean rank."""
    ranks = values.rank(method="average", ascending=risk_when == "higher")
    n = int(values.notna().sum())
    return (ranks - 1) / (n - 1) * 100 if n > 1 else ranks * 0 + 50


def score(lsoas: pd.DataFrame, method: RiskMethod, weights: dict[str, float] | None = None) -> RiskResult:
    """Score every LSOA and ward. `lsoas` has lsoa_code, ward_code, population and a column per input
    indicator (missing columns mean the input is not published at LSOA level)."""
    weights = {**method.default_weights, **(weights or {})}
    used, left_out = [], []
    for item in method.inputs:
        values = lsoas[item.indicator] if item.indicator in lsoas else pd.Series(dtype=float)
        if weights[item.id] <= 0:
            left_out.append((item, "weight set to 0"))
        elif values.dropna().nunique() < 2:
            left_out.append((item, "not published below borough level, so it cannot tell areas apart"))
        else:
            used.append(item)
    if not used:
        raise ValueError("the exclusion risk index needs at least one input with a weight above 0")
    total = sum(weights[i.id] for i in used)
    shares = {i.id: 100 * weights[i.id] / total for i in used}

    out = lsoas[["lsoa_code", "ward_code", "population"]].copy()
    parts = pd.DataFrame({i.id: input_scores(lsoas[i.indicator], i.risk_when) for i in used}, index=lsoas.index)
    # An LSOA missing an input is scored on the others, their weights rescaled for that LSOA.
    present = parts.notna().mul(pd.Series(shares))
    row_total = present.sum(axis=1)
    for i in used:
        out[i.id] = parts[i.id].fillna(0) * shares[i.id] / row_total
    out["score"] = out[[i.id for i in used]].sum(axis=1)
    out["rank"] = out.score.rank(method="min", ascending=False).astype(int)
    n = len(out)
    ascending = out.score.rank(method="first", ascending=True)
    out["decile"] = ascending.map(lambda r: math.ceil(10 * r / n)).astype(int)  # 10 = highest risk, as in GM DERI

    ids = [i.id for i in used]
    weighted = out[ids + ["score"]].mul(out.population, axis=0)
    weighted["ward_code"], weighted["population"] = out.ward_code, out.population
    wards = weighted.groupby("ward_code").sum()
    wards[ids + ["score"]] = wards[ids + ["score"]].div(wards.population, axis=0)
    wards["lsoas"] = out.groupby("ward_code").size()
    wards = wards.reset_index()
    wards["rank"] = wards.score.rank(method="min", ascending=False).astype(int)
    return RiskResult(out.sort_values("rank").reset_index(drop=True), wards.sort_values("rank").reset_index(drop=True),
                      used, left_out, shares)


def top_decile_summary(result: RiskResult) -> dict[str, float]:
    """What the index puts in its highest-risk decile, for comparison with the GM DERI summary."""
    top = result.lsoas[result.lsoas.decile == 10]
    return {"lsoas": len(top), "of_lsoas": len(result.lsoas), "residents": float(top.population.sum()),
            "residents_pct": 100 * float(top.population.sum()) / float(result.lsoas.population.sum())}
