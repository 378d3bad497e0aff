"""Stockport among its similar councils (registry [[comparator_group]], pipeline/rules/similar.py): the bars of
their latest figures with the group's median, and the folded list naming who they are and why."""

from __future__ import annotations

import streamlit as st

from pipeline.registry import STOCKPORT, load_registry
from pipeline.rules.similar import SIMILAR_COUNCILS, members
from presentation.similar_text import members_markdown, standing_words
from presentation.tables import latest_best_first

from . import data
from .blocks import bar_block


def similar_councils_chart(indicator: str, key: str, group: str = SIMILAR_COUNCILS) -> None:
    """Stockport and the group's councils, best first, Stockport marked and the members' median as a line."""
    registry = load_registry()
    declared = members(registry, group)
    meta = data.indicator_meta(indicator)
    latest = latest_best_first(data.series(indicator, [STOCKPORT, *declared.members]), meta["polarity"])
    if latest.empty:
        st.caption(f"{meta['title']}: no figures for the {declared.name.lower()}.")
        return
    standing = data.similar_councils((indicator,), STOCKPORT, group).get(indicator)
    unit, decimals = meta["unit"], int(meta["decimals"])
    period = ", ".join(sorted(set(latest.period_label)))
    references = (
        [(standing.median, f"Median of the {standing.members}")] if standing and standing.median is not None else []
    )
    bar_block(
        latest,
        "area_name",
        "value",
        f"{meta['title']}: Stockport and its {len(declared.members)} {declared.name.lower()}, {period} "
        f"({'best' if meta['polarity'] != 'neutral' else 'highest'} first)",
        unit,
        decimals,
        key,
        rows=latest.drop(columns=["period_start"]),
        highlight={"Stockport"},
        references=references,
        note=standing_words(standing, unit, decimals) + "." if standing else None,
    )


def similar_councils_list(group: str = SIMILAR_COUNCILS) -> None:
    """Who the group's councils are, nearest first, with what makes them a group and its source: folded."""
    registry = load_registry()
    declared = members(registry, group)
    source = registry.sources[declared.source]
    with st.expander(f"Who are the {len(declared.members)} {declared.name.lower()}?"):
        st.markdown(
            members_markdown(
                [registry.comparators[c].name for c in declared.members],
                declared.basis,
                f"[{source.publisher}]({source.url}), {source.vintage}. {source.licence.attribution}",
            )
        )
