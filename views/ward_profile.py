"""Ward profile for officers: a ward's figures beside the borough, its rank of 21, map, trends, schemes."""

import pandas as pd
import streamlit as st

from ui import data, page_style, state
from ui.blocks import bar_block, ward_map
from ui.charts import csv_bytes, figure_text, freshness_columns, table_html
from presentation import profile_parts
from presentation.tables import in_registry_order
from presentation.wording import borough_text, late_flags, rank_text
from presentation.schemes import register_html
from ui.svg_blocks import Bars, bars_parts, show_bars
from ui.md import md_text


def profile_view(ward: str, name: str) -> tuple[pd.DataFrame, str | None]:
    """The ward's profile in the registry's order and the sentence that leads the page, once per build,
    audience, day and ward (data.per_build)."""
    profile = in_registry_order(data.ward_profile(ward))
    return profile, profile_parts.lead_sentence(profile, md_text(name))


def versus_bars(ward: str, name: str, indicator: str) -> Bars:
    """The ward's figure beside the borough's for one indicator, with its rank under them: two bars say it as
    well as an interactive chart would, drawn as SVG with nothing to load."""
    profile = data.ward_profile(ward)
    row = profile.set_index("indicator_id").loc[indicator]
    ranked = rank_text(row["rank"], row.wards, row.tied, row.value, indicator)
    return bars_parts(
        profile_parts.versus_rows(profile, indicator, name),
        "area",
        "figure",
        f"{row.short}: ward and borough, {row.period_label}",
        row.unit,
        int(row.decimals),
        key=f"profile-versus-{indicator}",
        highlight={name},
        note=f"{md_text(name)} ranks {ranked} wards (1 = highest)."
        if ranked[-1].isdigit()
        else f"{md_text(name)}: {ranked}, so not ranked.",
    )


def profile_tables(ward: str, name: str) -> tuple[str, str, bytes]:
    """The ward's figures beside the borough's with its ranks, when each is from and its source, and all
    of it as CSV: made once per build, audience, day and ward (data.per_build), so a rerun hashes no table."""
    profile = in_registry_order(data.ward_profile(ward))
    table = profile.assign(
        ward_figure=[
            figure_text(v, u, int(d), s)
            for v, u, d, s in zip(profile.value, profile.unit, profile.decimals, profile.status)
        ],
        stockport=[
            borough_text(v, u, int(d), i)
            for v, u, d, i in zip(profile.borough_value, profile.unit, profile.decimals, profile.indicator_id)
        ],
        rank_of_21=[
            rank_text(r, w, t, v, i)
            for r, w, t, v, i in zip(profile["rank"], profile.wards, profile.tied, profile.value, profile.indicator_id)
        ],
        freshness_flag=late_flags(profile),
    )
    # Four short columns fit a phone; when each figure is from and its source are folded away below.
    # A SAMPLE figure says so in its own row, not only in the folded status column.
    table["shown_name"] = [f"{n} (SAMPLE)" if st_ == "sample" else n for n, st_ in zip(table.short, table.status)]
    figures = table_html(
        table[["shown_name", "ward_figure", "stockport", "rank_of_21"]].rename(
            columns={"shown_name": "Indicator", "ward_figure": name, "stockport": "Stockport", "rank_of_21": "Rank"}
        ),
        f"{name} beside Stockport, with its rank among the 21 wards (1 = highest)",
        wrap=True,
    )
    periods = table_html(
        table[["title", "period_label", "status", "freshness_flag", "publisher"]].rename(
            columns={
                "title": "Indicator",
                "period_label": "Period",
                "status": "Status",
                "freshness_flag": "Freshness",
                "publisher": "Source",
            }
        ),
        f"{name}: when each figure is from and where it comes from",
        wrap=True,
    )
    return (
        figures,
        periods,
        csv_bytes(freshness_columns(table.drop(columns=["ward_figure", "stockport", "freshness_flag", "shown_name"]))),
    )


notices = state.page_notices()
wards = data.wards()
ward = state.current_ward() or wards.code.iloc[0]
name = dict(zip(wards.code, wards.name))[ward]
st.title(f"Ward profile: {md_text(name)}")
# Made when clicked (on its own thread), not on every run: a ward change stays quick.
st.download_button(
    "Download the ward report for councillors (A4, print-ready)",
    data.ward_report_maker(ward),
    file_name=f"one-stockport-ward-report-{ward}.html",
    mime="text/html",
    key="ward-report",
    help="Opens in any browser; print it or save it as PDF. Headline figures "
    "beside the borough, rank of 21, map, trends, schemes, inclusion activity and every source.",
)
if state.current_ward() is None:
    st.caption("No ward chosen in the Ward menu above, so the first ward alphabetically is shown.")

profile, lead = data.per_build(profile_view, ward, name)
if lead:
    st.markdown(lead)
# No icons on the first screen: an icon is a word in the icon font until that font arrives, and the
# line it sits on changes height when it does (layout shift, issue 18).
page_style.page_link("views/compare_wards.py", "Compare with other wards")
st.header("Figures beside the borough")
figures_html, periods_html, profile_csv = data.per_build(profile_tables, ward, name)
st.markdown(figures_html, unsafe_allow_html=True)
page_style.folded("Periods, status and sources of these figures", periods_html)
if profile.out_of_date.any():
    st.caption(
        "Some updates are later than their publisher's schedule (marked 'update expected since' under "
        "*Periods, status and sources* above); Data and methods lists them for the data team."
    )
st.download_button(
    "Download the ward profile (CSV)",
    profile_csv,
    file_name=f"one-stockport-ward-{ward}.csv",
    mime="text/csv",
    key="csv-profile",
)
if (profile.status == "sample").any():
    st.warning("Rows marked SAMPLE are SAMPLE figures, not official statistics.", icon=":material/science:")

options = list(profile.indicator_id)
titles = dict(zip(profile.indicator_id, profile.title))
state.url_choice(
    "indicator",
    options,
    "age_65plus_pct" if "age_65plus_pct" in options else options[0],
    "profile-indicator",
    "ward indicator",
)
indicator = st.selectbox("Map and compare", options, format_func=lambda i: titles[i], key="profile-indicator")
left, right = st.columns([3, 2])
with left:
    ward_map(indicator, ward, key=f"profile-{indicator}")
with right:
    show_bars(data.per_build(versus_bars, ward, name, indicator))

st.header("Town-centre schemes in this ward")
schemes = data.projects(ward)
if schemes.empty:
    st.caption("No schemes in the projects register are in this ward.")
else:  # one list of disclosures, as in the investment register (a bordered box of four elements each was ~50 in the centre)
    st.markdown(data.per_build(register_html, schemes, None, f"Town-centre schemes in {name}"), unsafe_allow_html=True)

st.header("Inclusion activity")
activity = data.series("inclusion_residents_supported", [ward])
if activity.empty:
    st.caption("No programme activity figures are available to this audience.")
else:
    sample = (activity.status == "sample").any()
    if sample:
        st.warning(
            "Programme activity below is SAMPLE data until the council's register is loaded.", icon=":material/science:"
        )
    bar_block(
        activity,
        "period_label",
        "value",
        f"Residents supported in {name}, by month{' (SAMPLE)' if sample else ''}",
        "residents",
        0,
        "profile-activity",
        rows=activity.drop(columns=["period_start"]),
    )
state.finish(notices, indicator=indicator)
