"""The digital exclusion risk index: one function used by the build (default weights) and by the
page (a reader's weights), so what the page shows is exactly the published method.

The method itself (inputs, direction, weights, wording) is declared in registry.toml [risk_index].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pipeline.registry import Registry, RiskInput, RiskMethod

# The sources-mart row the build writes for the index's own figures: its publisher line names every
# input's publisher with that input's share of the weight (see `attribution`).
SOURCE_ID = "exclusion_risk_index"


@dataclass
class RiskResult:
    lsoas: pd.DataFrame  # lsoa_code, ward_code, population, score, decile, rank, one column per input's contribution
    wards: pd.DataFrame  # ward_code, population, lsoas, score, rank, contributions
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
    return RiskResult(
        out.sort_values("rank").reset_index(drop=True),
        wards.sort_values("rank").reset_index(drop=True),
        used,
        left_out,
        shares,
    )


def top_decile_summary(result: RiskResult) -> dict[str, float]:
    """What the index puts in its highest-risk decile, for comparison with the GM DERI summary."""
    top = result.lsoas[result.lsoas.decile == 10]
    return {
        "lsoas": len(top),
        "of_lsoas": len(result.lsoas),
        "residents": float(top.population.sum()),
        "residents_pct": 100 * float(top.population.sum()) / float(result.lsoas.population.sum()),
    }


def weight_shares(weights: dict[str, float]) -> dict[str, float]:
    """Each weight's share of their total in percent, to one decimal place, adding up to exactly 100
    (largest remainder). The one rounding used wherever the weights are shown, so a total of parts
    (e.g. IoD2019's four inputs) reads the same everywhere."""
    total = sum(weights.values())
    tenths = {k: 1000 * w / total for k, w in weights.items()}
    rounded = {k: math.floor(v) for k, v in tenths.items()}
    for k in sorted(tenths, key=lambda k: rounded[k] - tenths[k])[: 1000 - sum(rounded.values())]:
        rounded[k] += 1
    return {k: v / 10 for k, v in rounded.items()}


def percent(share: float) -> str:
    """'30%' or '33.3%': a share from `weight_shares` as words."""
    return f"{share:.1f}".removesuffix(".0") + "%"


def shares_text(result: RiskResult) -> str:
    """'residents aged 65+ 30%, income deprivation 20%, …': the weights the score used."""
    shares = weight_shares({i.id: result.weights[i.id] for i in result.used})
    return ", ".join(f"{i.label.lower()} {percent(shares[i.id])}" for i in result.used)


def attribution(result: RiskResult, registry: Registry) -> str:
    """Every input's publisher and file, with the inputs it gives and their part of the weight."""
    shares = weight_shares({i.id: result.weights[i.id] for i in result.used})
    by_source: dict[str, list[RiskInput]] = {}
    for item in result.used:
        by_source.setdefault(registry.indicators[item.indicator].source, []).append(item)
    parts = []
    for source_id, items in by_source.items():
        source = registry.sources[source_id]
        labels = ", ".join(i.label.lower() for i in items)
        share = round(sum(shares[i.id] for i in items), 1)
        parts.append(f"{source.publisher}, {source.title} ({labels}: {percent(share)} of the weight)")
    # Sources of the index that are not inputs (the LSOA-to-ward lookup that makes ward scores).
    for source_id in registry.indicators[registry.risk.indicator].also_sources:
        if source_id not in by_source and source_id not in {
            registry.indicators[i.indicator].source for i in registry.risk.inputs
        }:
            parts.append(f"{registry.sources[source_id].publisher}, {registry.sources[source_id].title}")
    return "; ".join(parts)


# The latest figure of each risk-index input for every current LSOA, with its best-fit ward. An
# input published for wards but not LSOAs (e.g. Ofcom coverage by ward) gives each LSOA its ward's figure.
# It reads `published`, the figures before the index's own are added, so the build can score from it.
_RISK_INPUTS = """
    select l.lsoa_code, a.name as lsoa_name, l.ward_code, w.name as ward_name, o.indicator_id, o.value
    from lsoa_ward l
    join areas a on a.code = l.lsoa_code
    join areas w on w.code = l.ward_code
    left join published o on o.area_code in (l.lsoa_code, l.ward_code) and list_contains($indicators, o.indicator_id)
         and (o.indicator_id <> 'population' or o.area_code = l.lsoa_code)
    left join indicators i on i.id = o.indicator_id
    where a.current and ($audience = 'internal' or i.audience is null or i.audience = 'public')
    qualify row_number() over (partition by l.lsoa_code, o.indicator_id
                               order by (o.area_code = l.lsoa_code) desc, o.period_start desc) = 1
"""


def risk_inputs_frame(con, method, audience: str = "public") -> pd.DataFrame:
    """One row per LSOA: codes, names, population and one column per input indicator it has."""
    ids = ["population", *(i.indicator for i in method.inputs)]
    long = con.execute(_RISK_INPUTS, {"indicators": ids, "audience": audience}).df()
    if long.empty:
        return long
    keys = ["lsoa_code", "lsoa_name", "ward_code", "ward_name"]
    wide = long.dropna(subset=["indicator_id"]).pivot(index=keys, columns="indicator_id", values="value")
    wide = wide.reset_index().rename_axis(columns=None)
    missing = long[~long.lsoa_code.isin(wide.lsoa_code)][keys].drop_duplicates()
    return pd.concat([wide, missing], ignore_index=True).sort_values("lsoa_code").reset_index(drop=True)
