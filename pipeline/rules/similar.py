"""Stockport against a comparator group of similar councils (registry [[comparator_group]]): its place
among them and a benchmark against their median, by the same rule as every other benchmark
(pipeline/judgement.benchmark). Streamlit-free and word-free: presentation/similar_text.py says it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.rules import judgement
from pipeline.registry import STOCKPORT, ComparatorGroup, Registry

SIMILAR_COUNCILS = "similar_councils"


@dataclass(frozen=True)
class GroupStanding:
    indicator_id: str
    group: str  # the group's name ("Similar councils")
    members: int  # how many councils the group has
    benchmark: judgement.Benchmark  # the area against the members' median; "not compared" unless all published
    period_label: str | None = None
    value: float | None = None  # the area's latest figure
    median: float | None = None  # the members' median for the same period and edition
    position: int | None = None  # 1 = best among the area and the members (ties share the better place)
    ranked: int = 0  # the area and the members that published the period
    tied: bool = False
    judged: bool = True  # False: the place is 'highest', not 'best' (no polarity)


def members(registry: Registry, group: str = SIMILAR_COUNCILS) -> ComparatorGroup:
    """The group as the registry declares it (codes in the publisher's order, nearest first)."""
    return registry.comparator_groups[group]


def standings(registry: Registry, rows: pd.DataFrame, group: str = SIMILAR_COUNCILS) -> dict[str, GroupStanding]:
    """Each indicator's standing from Database.group_standing rows. Compared only when every member
    published the area's latest period: a median of some of them would be another group."""
    declared = members(registry, group)
    out = {}
    for r in rows.itertuples():
        indicator = registry.indicators[r.indicator_id]
        complete = int(r.members_published) == len(declared.members)
        median = float(r.group_median) if complete and not pd.isna(r.group_median) else None
        mark = judgement.benchmark(
            r.value,
            median,
            indicator.unit,
            indicator.polarity,
            registry.judgement,
            against=f"{declared.name} (median)",
            period_label=r.period_label,
            lci=r.lci_95,
            uci=r.uci_95,
            step=indicator.rounding_step,
        )
        out[r.indicator_id] = GroupStanding(
            r.indicator_id,
            declared.name,
            len(declared.members),
            mark,
            r.period_label,
            float(r.value),
            median,
            int(r.position) if complete else None,
            int(r.ranked) if complete else 0,
            bool(r.tied) and complete,
            indicator.polarity != "neutral",
        )
    return out


def group_benchmarks(
    db,
    registry: Registry,
    indicators: list[str],
    area: str = STOCKPORT,
    group: str = SIMILAR_COUNCILS,
    audience: str = "public",
) -> dict[str, GroupStanding]:
    """The area's standing among the group for each indicator that has a figure (db: queries.Database)."""
    rows = db.group_standing(list(indicators), area, list(members(registry, group).members), audience)
    return standings(registry, rows, group)
