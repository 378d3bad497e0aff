"""Disclosure control, applied in the build before anything is stored, cached or shown.

Primary: a count of people under 10 (zero included) is suppressed; a rate is suppressed when its
denominator is under 10 or its numerator count was suppressed. Secondary: where the areas of one
kind add up to a published parent total (wards and LSOAs to the borough), a lone suppressed cell
could be recovered by subtraction, so the next smallest cell in that group is suppressed too.
Suppressed cells keep their row: value empty, status 'suppressed', a note saying why.
"""

from __future__ import annotations

import pandas as pd

from pipeline.registry import Registry

THRESHOLD = 10
NOTE_PRIMARY = "Suppressed: fewer than 10 people"
NOTE_RATE = "Suppressed: based on fewer than 10 people"
NOTE_SECONDARY = "Suppressed so that another suppressed figure cannot be worked out from the total"


def suppress(observations: pd.DataFrame, area_types: pd.Series, registry: Registry) -> pd.DataFrame:
    """Return observations with disclosure control applied (a new frame; the input is unchanged).

    `area_types` maps area code → area type ('ward', 'lsoa', 'lad', …).
    """
    obs = observations.copy()
    obs["_type"] = obs["area_code"].map(area_types)
    counts = [i.id for i in registry.indicators.values() if i.disclosure == "count"]
    rates = [i for i in registry.indicators.values() if i.disclosure == "rate"]

    def mark(mask, note):
        obs.loc[mask, ["value", "lci_95", "uci_95"]] = None
        obs.loc[mask, "status"] = "suppressed"
        obs.loc[mask, "note"] = note

    mark(obs.indicator_id.isin(counts) & obs.value.notna() & (obs.value < THRESHOLD), NOTE_PRIMARY)
    _secondary(obs, counts, mark)
    for rate in rates:
        key = ["area_code", "period"]
        this = obs.indicator_id == rate.id
        small = obs[(obs.indicator_id == rate.denominator) & (obs.value.isna() | (obs.value < THRESHOLD))][key]
        hidden = (
            obs[(obs.indicator_id == rate.numerator) & (obs.status == "suppressed")][key]
            if rate.numerator
            else small[:0]
        )
        blocked = pd.concat([small, hidden]).drop_duplicates()
        rows = obs[this].reset_index().merge(blocked, on=key)["index"]
        mark(obs.index.isin(rows), NOTE_RATE)
    return obs.drop(columns="_type")


def _secondary(obs: pd.DataFrame, counts: list[str], mark) -> None:
    groups = obs[obs.indicator_id.isin(counts) & obs._type.isin(["ward", "lsoa"])].groupby(
        ["indicator_id", "_type", "period"]
    )
    for _, group in groups:
        hidden = group.status == "suppressed"
        if hidden.sum() == 1:
            candidates = group[~hidden & group.value.notna()]
            if len(candidates):
                mark(obs.index == candidates.value.idxmin(), NOTE_SECONDARY)
