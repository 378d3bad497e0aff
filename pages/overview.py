"""Overview for leadership: headline figures by theme, comparisons, and where the gaps are."""
import streamlit as st
from ui.md import md_text

from pipeline.registry import STOCKPORT
from ui import data, state
from ui.blocks import comparison_chart, metric, ward_ranking_chart
from ui.charts import fmt
from ui.entry import through_navigation

through_navigation()

HEADLINES = {
    "Connectivity": ["gigabit_broadband", "premises_below_30mbps", "coverage_5g", "coverage_4g"],
    "Digital inclusion": ["age_65plus_pct", "deri_highest_risk_pop_pct", "imd_score", "lsoas_most_deprived_decile"],
    "Town-centre investment": ["scheme_capital_gbp_m", "scheme_homes"],
    "Context": ["population", "ev_chargers_per_100k", "ghg_emissions_per_capita", "rail_walk_30min"],
}
GAP_INDICATORS = ["age_65plus_pct", "imd_score", "lsoas_most_deprived_decile", "population"]

notices = state.page_notices()
st.title("One Stockport: smart city and digital inclusion")
st.markdown("Headline figures for the borough, how Stockport compares with Greater Manchester, the North West "
            "and England, and the wards furthest from the borough figure.")

headline = data.headline(STOCKPORT).set_index("indicator_id", drop=False)
for theme, ids in HEADLINES.items():
    st.header(theme)
    shown = [i for i in ids if i in headline.index]
    for col, indicator in zip(st.columns(len(shown) or 1), shown):
        with col:
            metric(headline.loc[indicator].to_dict())
    if theme == "Town-centre investment":
        st.caption("Totals of the schemes in the projects register (latest reported figure each); programme-level "
                   "figures such as the £1bn programme are shown on the investment page, not added here.")

st.header("Stockport against Greater Manchester, the North West and England")
comparison_options = ["gigabit_broadband", "coverage_5g", "premises_below_30mbps", "ev_chargers_per_100k", "ghg_emissions_per_capita"]
meta = data.indicators().set_index("id")
state.url_choice("compare", comparison_options, "gigabit_broadband", "overview-compare", "indicator")
compare = st.selectbox("Indicator to compare", comparison_options, format_func=lambda i: meta.title[i],
                       key="overview-compare")
comparison_chart(compare, key=f"overview-compare-{compare}")

st.header("Where the gaps are")
state.url_choice("gap", GAP_INDICATORS, "age_65plus_pct", "overview-gap", "ward indicator")
gap = st.selectbox("Ward figure", GAP_INDICATORS, format_func=lambda i: meta.title[i], key="overview-gap")
gaps = data.ward_gaps(gap)
if not gaps.empty:
    top = gaps.head(3)
    unit, decimals = meta.unit[gap], int(meta.decimals[gap])
    st.markdown("Furthest from the Stockport figure ({}): ".format(fmt(top.borough_value.iloc[0], unit, decimals)) +
                "; ".join(f"**{md_text(r.area_name)}** {fmt(r.value, unit, decimals)}" for r in top.itertuples()))
ward_ranking_chart(gap, state.current_ward(), key=f"overview-gap-{gap}")
state.finish(notices, compare=compare, gap=gap)
