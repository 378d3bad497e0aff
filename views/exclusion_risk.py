"""Digital exclusion risk: the transparent index by ward and neighbourhood, its drivers, a reader's
own weights, and how it compares with Greater Manchester's DERI."""

from typing import NamedTuple

import pandas as pd
import streamlit as st

from pipeline.rules import risk_index
from pipeline.registry import STOCKPORT, load_registry
from presentation import risk_tables
from presentation.htmldoc import figure
from ui import data, sections, state, svg_blocks
from ui.blocks import missing_boundaries_note
from ui.charts import (
    ChartPieces,
    chart_pieces,
    csv_bytes,
    data_table,
    draw_chart,
    fmt,
    page_is_dark,
    stacked_bar,
    still_image,
)
from ui.chart_images import image_buttons, image_document
from presentation.svgmap import legend_key, map_drawing
from ui.maps import MAP_HEIGHT, choropleth, ward_shape
from ui.scope import follows_ward
from ui.md import md_text


METHOD = load_registry().risk
UNIT = "score"  # 0–100; fmt shows a score without a unit word
DECIMALS = load_registry().indicators[METHOD.indicator].decimals  # one rounding for the score and its parts
WEIGHT_CHOICES = range(0, 55, 5)  # a reader's weight for an input: 0 to 50 in steps of 5


def _reset_weights() -> None:
    for item in METHOD.inputs:
        if f"risk-w-{item.id}" in st.session_state:
            st.session_state[f"risk-w-{item.id}"] = int(item.weight)


class WardsSection(NamedTuple):
    pieces: ChartPieces
    still: str
    moved: int
    values: pd.DataFrame
    drawing: tuple[str, str | None] | None
    missing: str | None
    chart_image: bytes  # the still's and the map's to download (ui/chart_images)
    map_image: bytes | None


def wards_section(weights: tuple[tuple[str, float], ...] | None, ward: str | None, dark: bool) -> WardsSection:
    """The wards' stacked parts and map for these weights (None: the defaults), made once per build, audience,
    day, weights, ward and theme (data.per_build): moving a slider back, or a rerun, finds them instead of
    hashing the frames."""
    inputs, default = data.risk_inputs(), data.risk_score()
    result = default if weights is None else data.risk_score(dict(weights))
    names = dict(zip(inputs.ward_code, inputs.ward_name))
    parts = risk_tables.parts_of(result)
    wards = risk_tables.ranked_wards(result, default, names)
    selected_names = {names[ward]} if ward in names else set()
    title = "Digital exclusion risk by ward: each input's part of the score (highest first)"
    # Each bar's total is the ward's score itself, rounded once; its parts are rounded each from its own value.
    fig = stacked_bar(wards, "area_name", parts, title, UNIT, DECIMALS, selected_names, total="score")
    table = risk_tables.ward_csv(wards, result, DECIMALS)
    still = svg_blocks.stacked(
        wards, "area_name", parts, title, UNIT, DECIMALS, "risk-wards", selected_names, total="score"
    )
    shapes = data.area_shapes("ward")
    values = risk_tables.ward_map_values(wards)
    drawing = (
        None
        if shapes.empty
        else map_drawing(
            shapes, values, UNIT, 1, "Risk score", ward, None, None, dark, MAP_HEIGHT, "map-risk-wards", named=True
        )
    )
    pieces = chart_pieces(fig, table, "risk-wards")
    return WardsSection(
        pieces,
        still,
        int((wards["rank"] != wards.default_rank).sum()),
        values,
        drawing,
        missing_boundaries_note(wards.rename(columns={"ward_code": "area_code"}), shapes, "ward"),
        still_image(still, pieces, dark),
        None
        if drawing is None
        else image_document(
            drawing[0],
            "Digital exclusion risk score by ward (score 0–100, higher = more risk)",
            values.assign(source_id=risk_index.SOURCE_ID),
            dark,
            *legend_key(shapes, values, UNIT, 1, None, ward),
        ),
    )


notices = state.page_notices()
st.title("Digital exclusion risk")
st.markdown(METHOD.summary)
ward = state.current_ward()
inputs = data.risk_inputs()
if inputs.empty:
    st.info("This build has no neighbourhood figures to score.")
    st.stop()
default = data.risk_score()
unusable = {item.id: why for item, why in default.left_out}
names = dict(zip(inputs.ward_code, inputs.ward_name))
ranked = default.wards.assign(area_name=default.wards.ward_code.map(names))
st.markdown(
    f"**{md_text(ranked.area_name.iloc[0])} has the highest risk of digital exclusion** (score "
    f"{fmt(ranked.score.iloc[0], UNIT, DECIMALS)} of 100) and {md_text(ranked.area_name.iloc[-1])} "
    f"the lowest ({fmt(ranked.score.iloc[-1], UNIT, DECIMALS)}), with the default weights."
)
mine = ranked[ranked.ward_code == ward]
follows_ward(
    f"score {fmt(mine.score.iloc[0], UNIT, DECIMALS)}, rank {int(mine['rank'].iloc[0])} of "
    f"{len(ranked)} with the default weights; highlighted in the ward chart, its neighbourhoods listed under "
    "*Neighbourhoods*."
    if len(mine)
    else "no score in this build.",
    "Choose a ward in the Ward menu above to highlight it and list its neighbourhoods.",
)

st.header("Weights")
st.markdown(
    "Each input counts for its weight's share of the score. Choose your own weights to see how the ranking "
    "moves; the defaults and the reasons for them are under *How the score is made* below."
)
# The weights' controls are drawn when asked for: a reader of the default ranking never uses them, and on
# arrival they were a tenth of the page's work in the browser (issue 18). Turned off, the defaults apply again.
own = st.toggle("Choose your own weights", key="risk-own-weights")
weights = {item.id: item.weight for item in METHOD.inputs}
if own:
    columns = st.columns(3)
    for n, item in enumerate(i for i in METHOD.inputs if i.id not in unusable):
        with columns[n % 3]:
            # A list to choose from, not a slider: as the GOV.UK Design System advises (a slider is hard to set
            # exactly by keyboard or touch), and its script brought 130 KB (a date library among it) to the page.
            choices = sorted({*WEIGHT_CHOICES, int(item.weight)})
            weights[item.id] = st.selectbox(
                item.label,
                choices,
                index=choices.index(int(item.weight)),
                key=f"risk-w-{item.id}",
                help=f"Default {item.weight:.0f}",
                format_func=lambda w, d=int(item.weight): f"{w} (default)" if w == d else str(w),
            )
    st.button("Reset to the default weights", on_click=_reset_weights)
# No control for an input that cannot be used (a disabled control's faded label fails contrast).
for item in METHOD.inputs:
    if item.id in unusable:
        st.markdown(f"*{item.label}* is not used: {unusable[item.id]}.")
custom = any(weights[i.id] != i.weight for i in METHOD.inputs if i.id not in unusable)
try:
    # The default weights' result is the one already scored (and its wards section the one already made).
    result = data.risk_score(weights) if custom else default
except ValueError:
    st.warning("Every weight is 0, so nothing can be scored: showing the default weights.")
    result = default
attribution = risk_index.attribution(result, load_registry())
st.caption(
    f"{'Your weights' if custom else 'Default weights'}, as shares of the score: {risk_index.shares_text(result)}."
    + (
        " Left out: " + "; ".join(f"{i.label.lower()} ({why})" for i, why in result.left_out) + "."
        if result.left_out
        else ""
    )
)

# -- wards -------------------------------------------------------------------------------------
wards = risk_tables.ranked_wards(result, default, names)
top = wards.iloc[0]
st.markdown(
    f"Highest-risk ward: **{md_text(top.area_name)}** (score {fmt(top.score, UNIT, DECIMALS)} of 100). "
    f"Lowest: **{md_text(wards.area_name.iloc[-1])}** ({fmt(wards.score.iloc[-1], UNIT, DECIMALS)})."
)
left, right = st.columns(2)
summary = risk_index.top_decile_summary(result)
# Labels short enough not to be cut off in half a page; the decile basis is in the words under each figure.
left.markdown(
    figure(
        f"Top-decile LSOAs, {METHOD.name}",
        f"{summary['lsoas']} of {summary['of_lsoas']}",
        f"{fmt(summary['residents_pct'], '%')} of residents ({summary['residents']:,.0f} people) in the top "
        f"decile of the {METHOD.name}, ranked within Stockport (the highest-risk tenth within Stockport, so "
        f"about a tenth of LSOAs by construction) · {attribution}",
    ),
    unsafe_allow_html=True,
)
deri = data.headline(STOCKPORT).set_index("indicator_id")
if "deri_highest_risk_lsoas" in deri.index:
    share = (
        f"{fmt(deri.value['deri_highest_risk_pop_pct'], '%')} of residents in the highest-risk decile of GMCA's "
        "Digital Exclusion Risk Index, scored against Great Britain"
        if "deri_highest_risk_pop_pct" in deri.index
        else "In the highest-risk decile of GMCA's Digital Exclusion Risk Index, scored against Great Britain"
    )
    right.markdown(
        figure(
            "Top-decile LSOAs, GMCA's Digital Exclusion Risk Index",
            f"{deri.value['deri_highest_risk_lsoas']:,.0f}",
            f"{share} (2011 LSOAs) · GMCA, DERI v1.6",
        ),
        unsafe_allow_html=True,
    )

# One section at a time (the wards' chart and map on arrival): an unchosen section's maps, tables and
# queries do not run. The weights above apply to every section.
section = sections.choose(
    {"wards": "Wards", "neighbourhoods": "Neighbourhoods", "method": "How the score is made"}, key="risk-section"
)
if section == "wards":
    st.header("Wards: score and what drives it")
    # The weights the page scored with: none when every weight was 0 and it fell back to the defaults.
    used = None if result is default else tuple(sorted(weights.items()))
    made = data.per_build(wards_section, used, ward, page_is_dark())
    # Each figure rounded once, from its own value (as ONS rounds a table's total and its parts), not parts
    # nudged to fit: so a part reads the same in the hover, the table and the CSV.
    note = (
        "Each bar adds up to the ward's score: the population-weighted mean of its LSOAs' scores. Scores and "
        "parts are to one decimal place, each rounded from its own unrounded value, so the parts shown may add "
        "up to 0.1 more or less than the score."
    )
    draw_chart(
        made.pieces,
        "risk-wards",
        still=made.still,
        image=made.chart_image,
        note=note + (" Bold: the ward chosen in the ward picker." if ward in names else ""),
    )
    if custom:
        st.markdown(f"With your weights, **{made.moved} of 21 wards** change rank from the default ordering.")
    if made.drawing is not None:
        st.markdown("**Digital exclusion risk score by ward** (score 0–100, higher = more risk; rank 1 = highest risk)")
        zoom = st.session_state.get("map-risk-wards-zoom")  # the interactive map is made from the frames themselves
        choropleth(
            data.area_shapes("ward") if zoom else None,
            made.values if zoom else None,
            UNIT,
            1,
            "Risk score",
            ward,
            key="map-risk-wards",
            drawn=made.drawing,
            named=True,
        )
        image_buttons(made.map_image, "map-risk-wards", "map")
    if made.missing:
        st.info(made.missing, icon=":material/map:")
elif section == "neighbourhoods":
    st.header("Neighbourhoods (LSOA 2021)")
    lsoas = risk_tables.neighbourhoods(result, inputs)
    lsoa_shapes = data.area_shapes("lsoa")
    if not lsoa_shapes.empty:
        st.markdown("**Digital exclusion risk score by neighbourhood** (score 0–100; darker = higher risk)")
        choropleth(
            lsoa_shapes,
            risk_tables.neighbourhood_map_values(lsoas),
            UNIT,
            1,
            "Risk score",
            None,
            key="map-risk-lsoas",
            ward=ward_shape(data.area_shapes("ward"), ward),
        )
    if note := missing_boundaries_note(
        lsoas.rename(columns={"lsoa_code": "area_code", "lsoa_name": "area_name"}), lsoa_shapes, "lsoa"
    ):
        st.info(note, icon=":material/map:")
    heading = f"in {names[ward]}" if ward in names else "in Stockport (highest 20)"
    shown, ranked = risk_tables.neighbourhood_tables(lsoas, result, ward if ward in names else None, DECIMALS)
    data_table(shown, f"Neighbourhoods ranked by risk {heading}")
    st.download_button(
        "Download every neighbourhood's score (CSV)",
        csv_bytes(ranked),
        file_name="one-stockport-risk-lsoas.csv",
        mime="text/csv",
        key="csv-risk-lsoas",
    )
else:
    st.header("How the score is made")
    st.markdown(METHOD.normalisation)
    data_table(risk_tables.inputs_table(METHOD, unusable), "Inputs to the score and their default weights")
    st.markdown(METHOD.weights_reason)
    st.subheader("Compared with GMCA's Digital Exclusion Risk Index")
    st.markdown(METHOD.comparison)
    st.caption(
        f"{METHOD.name}, version {METHOD.version}. Sources: {attribution}. Compared with: GMCA DERI v1.6. "
        "Open Government Licence v3.0."
    )
state.finish(notices, section=section)
