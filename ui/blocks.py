"""Page pieces used on several pages: headline metrics, comparison bars, ward maps."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from pipeline.registry import STOCKPORT, load_registry
from presentation.charts import add_reference_line
from presentation.wording import change_words, left_out_note

from . import data, state
from .charts import (bar_chart, chart_block, csv_maker, data_table, embed_snippet, fmt, line_chart, out_of_date_note, source_line, target_sentence,
                     unit_label, with_sources)
from .maps import choropleth

REGISTRY = load_registry()
COMPARATORS = REGISTRY.areas_containing(STOCKPORT)
GM_DISTRICTS = REGISTRY.districts_beside(STOCKPORT)
GREATER_MANCHESTER = REGISTRY.comparators[STOCKPORT].parent
DELTA_COLOUR = {"higher": "normal", "lower": "inverse", "neutral": "off"}


def _embed(view: str, meta: dict, title: str, **params) -> dict | None:
    """Embed code only for public indicators, and never inside an embed itself."""
    if meta["audience"] != "public" or st.session_state.get("_embed"):
        return None
    return {"view": view, "title": title, "indicator": meta["id"], **params}


def metric(row: dict, label: str | None = None) -> None:
    """One headline figure with its change since the previous period and its source and vintage."""
    decimals = int(row["decimals"])
    delta, not_comparable = change_words(row)
    colour = DELTA_COLOUR[row["polarity"]] if delta and not delta.startswith("no change") else "off"
    st.metric(unit_label(label or row["short"], row["unit"]), fmt(row["value"], row["unit"], decimals, with_unit=False), delta=delta,
              delta_color=colour, delta_arrow="auto" if delta and "no change" not in delta else "off", help=row["title"])
    flag = " · SAMPLE" if row["status"] == "sample" else ""
    if row.get("out_of_date"):
        flag += f" · may be out of date (next release was due {pd.Timestamp(row['expected_next']):%b %Y})"
    st.caption(f"{row['period_label']} · {row['publisher']}, {row['vintage']}{flag}"
               + (f" · {not_comparable}" if not_comparable else ""))


def comparison_chart(indicator: str, key: str, areas: list[str] = COMPARATORS, ward: str | None = None) -> None:
    meta = data.indicator_meta(indicator)
    frames = data.series(indicator, areas + ([ward] if ward else []))
    if frames.empty:
        st.caption(f"No comparison figures for {meta['title']}.")
        return
    latest = frames.sort_values("period_start").groupby("area_code").tail(1)
    latest = latest.set_index("area_code").reindex([a for a in areas + ([ward] if ward else []) if a in set(latest.area_code)]).reset_index()
    title = f"{meta['title']}: Stockport against comparators ({', '.join(sorted(set(latest.period_label)))})"
    fig = bar_chart(latest, "area_name", "value", title, meta["unit"], highlight={"Stockport"}, decimals=int(meta["decimals"]))
    notes = []
    targets = data.targets(indicator)
    upcoming = targets[(targets.area_code == STOCKPORT) & (targets.target_date >= pd.Timestamp.today().normalize())]
    for target in upcoming.head(1).itertuples():  # the next commitment due, as a line across the bars
        shown = partial(fmt, unit=meta["unit"], decimals=int(meta["decimals"]))
        add_reference_line(fig, target.value, f"Target: {shown(target.value)} by {target.target_date:%b %Y}")
        notes.append(target_sentence(target, frames[frames.area_code == STOCKPORT], meta["unit"], shown))
    chart_block(fig, latest[["area_code", "area_name", "period", "period_label", "value", "unit", "status", "note", "source_id",
                             "expected_next", "out_of_date"]], key,
                note="  \n".join(notes) or None, embed=_embed("compare", meta, title))


def trend_chart(indicator: str, areas: list[str], key: str, emphasis: str = "Stockport") -> None:
    meta = data.indicator_meta(indicator)
    frame = data.trend(indicator, areas)
    if frame.empty or frame.period.nunique() < 2:
        st.caption(f"{meta['title']}: only one comparable period published so far, so no trend to show. "
                   + (left_out_note(frame) or "") if not frame.empty else f"{meta['title']}: no figures to show.")
        return
    first, last = frame.period_label.iloc[0], frame.period_label.iloc[-1]
    fig = line_chart(frame, f"{meta['title']} over time ({meta['unit']})", meta["unit"], int(meta["decimals"]), emphasis)
    notes = [f"Periods from {first} to {last}.", *filter(None, [left_out_note(frame)])]
    targets = data.targets(indicator)
    shown = partial(fmt, unit=meta["unit"], decimals=int(meta["decimals"]))
    for target in targets[targets.area_code.isin(areas)].itertuples():
        notes.append(target_sentence(target, frame[frame.area_code == target.area_code], meta["unit"], shown, fig))
    chart_block(fig, frame.drop(columns=["period_start", "left_out"]), key, note="  \n".join(notes),
                embed=_embed("trend", meta, f"{meta['title']} over time"))


def missing_boundaries_note(values: pd.DataFrame, shapes: pd.DataFrame, area_type: str) -> str | None:
    """What the map cannot show because this build has no official boundary for some areas."""
    missing = sorted(set(values.area_name[~values.area_code.isin(shapes.code)]))
    if not missing:
        return None
    kind = "ward" if area_type == "ward" else "LSOA"
    if len(missing) == len(values):
        return (f"No map: this build has no official {kind} boundaries. Every figure is in the table below "
                "(rebuild with the boundary files to draw the map).")
    return (f"{len(missing)} {kind}{'s' if len(missing) > 1 else ''} not drawn (no official boundary in this build): "
            f"{', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}. Their figures are in the table below.")


def ward_map(indicator: str, selected: str | None, key: str, area_type: str = "ward", height: int = 440) -> pd.DataFrame:
    """Choropleth of the latest figures by ward (or LSOA) with the ward highlighted; returns the values."""
    meta = data.indicator_meta(indicator)
    values = data.latest_values(indicator, area_type)
    shapes = data.area_shapes(area_type)
    if values.empty:
        st.caption(f"No {area_type}-level map for {meta['title']}.")
        return values
    period = ", ".join(sorted(set(values.period_label)))
    st.markdown(f"**{meta['title']} by {'ward' if area_type == 'ward' else 'neighbourhood (LSOA 2021)'}, {period}** ({meta['unit']})")
    if not shapes.empty:
        ward = None
        if area_type != "ward" and (chosen := selected or state.current_ward()):  # the ward outlined over its LSOAs
            wards = data.area_shapes("ward")
            ward = next((row for _, row in wards[wards.code == chosen].iterrows()), None)
        choropleth(shapes, values, meta["unit"], int(meta["decimals"]), meta["short"], selected, key=f"map-{key}",
                   indicator=indicator, height=height, ward=ward)
    # Only official boundaries are drawn: an area without one is named, never given an invented shape.
    if note := missing_boundaries_note(values, shapes, area_type):
        st.info(note, icon=":material/map:")
    table = values[["area_code", "area_name", "period", "period_label", "value", "unit", "rank", "status", "note", "source_id",
                    "expected_next", "out_of_date"]]
    st.caption(source_line(table.source_id))
    if stale := out_of_date_note(table):
        st.warning(stale, icon=":material/schedule:")
    with st.expander("Map data as a table", expanded=shapes.empty):
        data_table(with_sources(table), f"{meta['title']} by {'ward' if area_type == 'ward' else 'LSOA'}, {period}")
    st.download_button("Download the map data (CSV)", csv_maker(with_sources(table)),
                       file_name=f"one-stockport-{key}.csv", mime="text/csv", key=f"csv-map-{key}")
    if area_type == "ward" and (spec := _embed("map", meta, f"{meta['title']} by ward", ward=selected)):
        embed_snippet(**spec)
    return values


def ward_ranking_chart(indicator: str, selected: str | None, key: str) -> None:
    meta = data.indicator_meta(indicator)
    values = data.latest_values(indicator, "ward")
    if values.empty:
        return
    names = set(values.loc[values.area_code == selected, "area_name"]) if selected else set()
    period = ", ".join(sorted(set(values.period_label)))
    fig = bar_chart(values, "area_name", "value", f"{meta['title']} by ward, {period} (highest first)", meta["unit"],
                    highlight=names, decimals=int(meta["decimals"]))
    borough = data.series(indicator, [STOCKPORT])
    borough = borough[borough.period.isin(values.period)]
    if not borough.empty:
        b = float(borough.value.iloc[-1])
        add_reference_line(fig, b, f"Stockport {fmt(b, meta['unit'], int(meta['decimals']))}")
    chart_block(fig, values[["area_code", "area_name", "period", "period_label", "value", "unit", "rank", "status", "source_id",
                             "expected_next", "out_of_date"]], key)
