"""Page pieces used on several pages: comparison bars, trends, ward maps, embed views."""

from __future__ import annotations

from functools import partial
from typing import NamedTuple
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pipeline import clock
from pipeline.registry import STOCKPORT, load_registry
from presentation import embed_views
from presentation.charts import add_reference_line
from presentation.svgmap import legend_key, map_drawing
from presentation.tables import on_page
from presentation.wording import left_out_note, period_span

from . import data, page_style, state, svg_blocks
from .charts import (
    bar_chart,
    chart_pieces,
    csv_bytes,
    draw_chart,
    embed_snippet,
    fmt,
    line_chart,
    out_of_date_note,
    page_is_dark,
    source_line,
    table_html,
    still_image,
    target_sentence,
    with_sources,
)
from .chart_images import image_buttons, image_document

from .maps import MAP_HEIGHT, choropleth, ward_shape

REGISTRY = load_registry()
COMPARATORS = REGISTRY.areas_containing(STOCKPORT)
GM_DISTRICTS = REGISTRY.districts_beside(STOCKPORT)
GREATER_MANCHESTER = REGISTRY.comparators[STOCKPORT].parent


def _embed(view: str, meta: dict, title: str, **params) -> dict | None:
    """Embed code only for public indicators, and never inside an embed itself."""
    if meta["audience"] != "public" or st.session_state.get("_embed"):
        return None
    return {"view": view, "title": title, "indicator": meta["id"], **params}


def comparison(indicator: str, areas: list[str] = COMPARATORS, ward: str | None = None):
    """embed_views.comparison of the indicator's latest figures for Stockport, its comparators (and a ward)."""
    codes = areas + ([ward] if ward else [])
    return embed_views.comparison(
        data.series(indicator, codes),
        codes,
        data.indicator_meta(indicator),
        data.targets(indicator),
        clock.today(),
        ward,
    )


def trend_figure(indicator: str, areas: list[str], emphasis: str = "Stockport"):
    """(figure, its rows, notes) of the indicator over time with any targets and the recent pace;
    None with fewer than two comparable periods (then `trend_gap` says why)."""
    meta = data.indicator_meta(indicator)
    frame = data.trend(indicator, areas)
    if frame.empty or frame.period.nunique() < 2:
        return None
    first, last = frame.period_label.iloc[0], frame.period_label.iloc[-1]
    fig = line_chart(
        frame, f"{meta['title']} over time ({meta['unit']})", meta["unit"], int(meta["decimals"]), emphasis
    )
    notes = [f"Periods from {first} to {last}.", *filter(None, [left_out_note(frame)])]
    shown = partial(fmt, unit=meta["unit"], decimals=int(meta["decimals"]))
    for target in _area_targets(indicator, areas).itertuples():
        notes.append(target_sentence(target, frame[frame.area_code == target.area_code], meta["unit"], shown, fig))
    return fig, frame.drop(columns=["period_start", "left_out"]), notes


def _area_targets(indicator: str, areas: list[str]) -> pd.DataFrame:
    """The indicator's targets for the areas a trend chart shows (drawn on it, said under it)."""
    targets = data.targets(indicator)
    return targets[targets.area_code.isin(areas)]


def trend_gap(indicator: str, areas: list[str]) -> str:
    meta = data.indicator_meta(indicator)
    frame = data.trend(indicator, areas)
    return (
        f"{meta['title']}: only one comparable period published so far, so no trend to show. "
        + (left_out_note(frame) or "")
        if not frame.empty
        else f"{meta['title']}: no figures to show."
    )


def trend_chart(indicator: str, areas: list[str], key: str, emphasis: str = "Stockport") -> None:
    meta = data.indicator_meta(indicator)
    made = data.per_build(_trend_parts, indicator, tuple(areas), key, emphasis, page_is_dark())
    if made is None:
        st.caption(trend_gap(indicator, areas))
        return
    pieces, notes, still, image = made
    draw_chart(
        pieces,
        key,
        note="  \n".join(notes),
        embed=_embed("trend", meta, f"{meta['title']} over time"),
        still=still,
        image=image,
    )


def _trend_parts(indicator: str, areas: tuple[str, ...], key: str, emphasis: str, dark: bool):
    """(chart pieces, notes, the chart drawn on the server, its image) of a trend; None when there is no trend.
    `dark`: the theme they are drawn for (read by the pieces themselves; here it keys the cache)."""
    drawn = trend_figure(indicator, list(areas), emphasis)
    if drawn is None:
        return None
    fig, rows, notes = drawn
    # Drawn on the server until the reader asks for zoom and hover: Plotly's script alone costs a page
    # more blocking time than issue 18 allows (bench: 620 ms for one chart).
    still = svg_blocks.trend(
        data.trend(indicator, list(areas)),
        data.indicator_meta(indicator),
        _area_targets(indicator, list(areas)),
        key,
        emphasis,
    )
    pieces = chart_pieces(fig, rows, key, int(data.indicator_meta(indicator)["decimals"]))
    return pieces, notes, still, still_image(still, pieces, dark)


def missing_boundaries_note(values: pd.DataFrame, shapes: pd.DataFrame, area_type: str) -> str | None:
    """What the map cannot show because this build has no official boundary for some areas."""
    missing = sorted(set(values.area_name[~values.area_code.isin(shapes.code)]))
    if not missing:
        return None
    kind = "ward" if area_type == "ward" else "LSOA"
    if len(missing) == len(values):
        return f"No map: there are no official {kind} boundaries to draw. Every figure is in the table below."
    return (
        f"{len(missing)} {kind}{'s' if len(missing) > 1 else ''} not drawn (no official boundary to draw): "
        f"{', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}. Their figures are in the table below."
    )


class WardMap(NamedTuple):
    values: pd.DataFrame
    heading: str
    drawing: tuple[str, str | None] | None  # maps.map_drawing's; None without boundaries to draw
    missing: str | None
    source: str
    stale: str | None
    table_html: str
    csv: bytes
    image: bytes | None  # the map to download (ui/chart_images), titled, with its key and its reading


def ward_map(
    indicator: str, selected: str | None, key: str, area_type: str = "ward", height: int = MAP_HEIGHT
) -> pd.DataFrame:
    """Choropleth of the latest figures by ward (or LSOA) with the ward highlighted; returns the values."""
    meta = data.indicator_meta(indicator)
    # On an LSOA map, the chosen ward outlined over its LSOAs.
    outlined = (selected or state.current_ward()) if area_type != "ward" else None
    made = data.per_build(_ward_map_parts, indicator, selected, outlined, key, area_type, height, page_is_dark())
    if made.values.empty:
        st.caption(f"No {area_type}-level map for {meta['title']}.")
        return made.values.copy()
    st.markdown(made.heading)
    if made.drawing is not None:
        zoom = st.session_state.get(f"map-{key}-zoom")  # the interactive map is made from the frames themselves
        shapes, values = (
            (data.area_shapes(area_type), data.latest_values(indicator, area_type)) if zoom else (None, None)
        )
        ward = ward_shape(data.area_shapes("ward"), outlined) if zoom and outlined else None
        choropleth(
            shapes,
            values,
            meta["unit"],
            int(meta["decimals"]),
            meta["short"],
            selected,
            key=f"map-{key}",
            indicator=indicator,
            height=height,
            ward=ward,
            drawn=made.drawing,
            named=area_type == "ward",
        )
    # Only official boundaries are drawn: an area without one is named, never given an invented shape.
    if made.missing:
        st.info(made.missing, icon=":material/map:")
    st.caption(made.source)
    if made.stale:
        st.warning(made.stale, icon=":material/schedule:")
    page_style.folded("Map data as a table", made.table_html, open_=made.drawing is None)
    with st.container(horizontal=True):
        st.download_button(
            "Download the map data (CSV)",
            made.csv,
            file_name=f"one-stockport-{key}.csv",
            mime="text/csv",
            key=f"csv-map-{key}",
        )
        if made.drawing is not None:
            image_buttons(made.image, f"map-{key}", "map")
    if area_type == "ward" and (spec := _embed("map", meta, f"{meta['title']} by ward", ward=selected)):
        embed_snippet(**spec)
    return made.values.copy()


def _ward_map_parts(
    indicator: str, selected: str | None, outlined: str | None, key: str, area_type: str, height: int, dark: bool
) -> WardMap:
    """What ward_map draws, made once per build, audience, day, ward and theme (data.per_build)."""
    meta = data.indicator_meta(indicator)
    values = data.latest_values(indicator, area_type)
    shapes = data.area_shapes(area_type)
    period = ", ".join(sorted(set(values.period_label)))
    where = "ward" if area_type == "ward" else "neighbourhood (LSOA 2021)"
    drawing, legend = None, ([], "")
    if not shapes.empty and not values.empty:
        ward = ward_shape(data.area_shapes("ward"), outlined) if outlined else None
        drawing = map_drawing(
            shapes,
            values,
            meta["unit"],
            int(meta["decimals"]),
            meta["short"],
            selected,
            indicator,
            ward,
            dark,
            height,
            f"map-{key}",
            named=area_type == "ward",
        )
        legend = legend_key(
            shapes,
            values,
            meta["unit"],
            int(meta["decimals"]),
            indicator,
            selected,
            None if ward is None else str(ward["name"]),
        )
    table = values[
        [
            "area_code",
            "area_name",
            "period",
            "period_label",
            "value",
            "unit",
            "rank",
            "status",
            "note",
            "source_id",
            "expected_next",
            "out_of_date",
        ]
    ]
    sourced = with_sources(table)
    fold = f"{meta['title']} by {'ward' if area_type == 'ward' else 'LSOA'}, {period}"
    return WardMap(
        values,
        f"**{meta['title']} by {where}, {period}** ({meta['unit']})",
        drawing,
        missing_boundaries_note(values, shapes, area_type),
        source_line(table.source_id),
        out_of_date_note(table),
        table_html(on_page(sourced, int(meta["decimals"])), fold),
        csv_bytes(sourced),
        None
        if drawing is None
        else image_document(drawing[0], f"{meta['title']} by {where} ({meta['unit']})", values, dark, *legend),
    )


def bar_block(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    unit: str,
    decimals: int,
    key: str,
    rows: pd.DataFrame | None = None,
    highlight: set[str] = frozenset(),
    references: list[tuple[float, str]] = (),
    note: str | None = None,
    embed: dict | None = None,
) -> None:
    """Horizontal bars of `frame` in its order: drawn on the server on arrival, the Plotly chart on
    request, with title, source, table and CSV of `rows` (default `frame`) and embed code (chart_block). Made
    once per distinct bars and theme: a rerun hashes the rows, and builds no figure."""
    pieces, still, image = data.per_build(
        _bar_parts,
        frame,
        category,
        value,
        title,
        unit,
        decimals,
        key,
        rows,
        frozenset(highlight),
        tuple(references),
        page_is_dark(),
    )
    draw_chart(pieces, key, note=note, embed=embed, still=still, image=image)


def _bar_parts(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    unit: str,
    decimals: int,
    key: str,
    rows: pd.DataFrame | None,
    highlight: set[str],
    references: list[tuple[float, str]],
    dark: bool,
):
    """(chart pieces, the chart drawn on the server, its image) of bar_block's bars. `dark`: the theme they are drawn for
    (read by the pieces themselves; here it keys the cache)."""
    fig = bar_chart(frame, category, value, title, unit, highlight=set(highlight), decimals=decimals)
    for x, name in references:
        add_reference_line(fig, x, name)
    still = svg_blocks.bars(frame, category, value, title, unit, decimals, key, set(highlight), references)
    pieces = chart_pieces(fig, frame if rows is None else rows, key, decimals)
    return pieces, still, still_image(still, pieces, dark)


def comparison_chart(indicator: str, key: str) -> None:
    """Stockport's latest figure beside the areas that contain it, its next target as a line: the chart the
    comparison embed shows, with that embed's code beneath it."""
    meta = data.indicator_meta(indicator)
    drawn = comparison(indicator)
    if drawn is None:
        st.caption(f"{meta['title']}: no figures to compare.")
        return
    rows, title, highlight, lines = drawn
    bar_block(
        rows,
        "area_name",
        "value",
        title,
        meta["unit"],
        int(meta["decimals"]),
        key,
        highlight=highlight,
        references=lines,
        embed=_embed("compare", meta, f"{meta['title']}: Stockport against comparators"),
    )


def ward_ranking_chart(indicator: str, selected: str | None, key: str) -> None:
    """The wards' latest figures, highest first, the chosen ward marked and Stockport's figure as a line."""
    made = data.per_build(_ward_ranking_parts, indicator, selected, key, page_is_dark())
    if made is not None:
        pieces, still, image = made
        draw_chart(pieces, key, still=still, image=image)


def _ward_ranking_parts(indicator: str, selected: str | None, key: str, dark: bool):
    """ward_ranking_chart's (pieces, still, image), made once per build, audience, day, ward and theme."""
    meta = data.indicator_meta(indicator)
    values = data.latest_values(indicator, "ward")
    if values.empty:
        return None
    names = set(values.loc[values.area_code == selected, "area_name"]) if selected else set()
    period = ", ".join(sorted(set(values.period_label)))
    borough = data.series(indicator, [STOCKPORT])
    borough = borough[borough.period.isin(values.period)]
    unit, decimals = meta["unit"], int(meta["decimals"])
    line = (
        []
        if borough.empty
        else [(float(borough.value.iloc[-1]), f"Stockport {fmt(float(borough.value.iloc[-1]), unit, decimals)}")]
    )
    return _bar_parts(
        values,
        "area_name",
        "value",
        f"{meta['title']} by ward, {period} (highest first)",
        unit,
        decimals,
        key,
        values[
            [
                "area_code",
                "area_name",
                "period",
                "period_label",
                "value",
                "unit",
                "rank",
                "status",
                "source_id",
                "expected_next",
                "out_of_date",
            ]
        ],
        names,
        line,
        dark,
    )


# -- embeds: one view that fits the frame the embed code gives (ui/charts.embed_snippet) ----------


def embed_header(title: str, period: str, source_ids, link: str, ward_name: str | None = None) -> None:
    st.markdown(embed_views.header(title, period, source_line(source_ids), link, ward_name), unsafe_allow_html=True)


def embed_view(view: str, indicator: str, ward: str | None) -> None:
    """One public chart or map for another site's page, sized to its frame (embed_views.EMBED_HEIGHTS)."""
    meta = data.indicator_meta(indicator)
    names = dict(zip(data.wards().code, data.wards().name))
    ward_name = names.get(ward) if view != "trend" else None  # a trend shows the borough, not a ward
    page = "ward_profile" if view == "map" else "connectivity" if meta["theme"] == "connectivity" else ""
    link = "/" + page + "?" + urlencode({k: v for k, v in {"indicator": indicator, "ward": ward}.items() if v})
    if view == "map":
        values = data.latest_values(indicator, "ward")
        shapes = data.area_shapes("ward")
        period = embed_views.map_period(values)
        embed_header(f"{meta['title']} by ward ({meta['unit']})", period, values.source_id, link, ward_name)
        if values.empty or shapes.empty:
            st.caption(f"No ward map for {meta['title']}.")
        else:
            choropleth(
                shapes,
                values,
                meta["unit"],
                int(meta["decimals"]),
                meta["short"],
                ward,
                key=f"embed-map-{indicator}",
                indicator=indicator,
                height=embed_views.map_height(ward_name),
                compact=True,
                zoomable=False,
                named=True,
            )
        return
    # Drawn on the server, as the static export's views are: another site's page loads no chart script.
    unit, decimals = meta["unit"], int(meta["decimals"])
    if view == "compare":
        drawn = comparison(indicator, COMPARATORS, ward)
        if drawn is None:
            st.caption(f"No figures to show for {meta['title']}.")
            return
        rows, title, highlight, lines = drawn
        still = svg_blocks.bars(
            rows, "area_name", "value", title, unit, decimals, f"embed-compare-{indicator}", highlight, lines
        )
    else:
        rows = data.trend(indicator, COMPARATORS)
        if rows.empty or rows.period.nunique() < 2:
            st.caption(trend_gap(indicator, COMPARATORS))
            return
        title = f"{meta['title']} over time ({unit})"
        still = svg_blocks.trend(rows, meta, _area_targets(indicator, COMPARATORS), f"embed-trend-{indicator}")
    if ward_name and ward not in set(rows.area_code):
        ward_name = None  # no figure for the ward here: nothing to say is highlighted
    embed_header(title, period_span(rows), rows.source_id, link, ward_name)
    st.markdown(still, unsafe_allow_html=True)
