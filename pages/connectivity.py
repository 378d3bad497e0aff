"""Connectivity: gigabit, < 30 Mbit/s, 4G and 5G; Stockport's trend and the GM ranking."""
import streamlit as st

from pipeline.registry import STOCKPORT
from ui import data, state
from ui.blocks import COMPARATORS, GM_DISTRICTS, metric, trend_chart
from ui.charts import bar_chart, chart_block
from ui.entry import through_navigation

through_navigation()

CONNECTIVITY = ["gigabit_broadband", "premises_below_30mbps", "coverage_4g", "coverage_5g"]

notices = state.page_notices()
st.title("Connectivity")
st.markdown("Fixed broadband and mobile coverage from Ofcom Connected Nations, for Stockport, the other Greater "
            "Manchester districts, the North West and England. Ofcom does not publish these figures by ward in the "
            "files held, so this page is borough-level.")
headline = data.headline(STOCKPORT).set_index("indicator_id", drop=False)
for col, indicator in zip(st.columns(4), CONNECTIVITY):
    with col:
        metric(headline.loc[indicator].to_dict())

meta = data.indicators().set_index("id")
state.url_choice("indicator", CONNECTIVITY, "gigabit_broadband", "connectivity-indicator", "connectivity indicator")
indicator = st.selectbox("Indicator", CONNECTIVITY, format_func=lambda i: meta.title[i], key="connectivity-indicator")
trend_chart(indicator, COMPARATORS, key=f"connectivity-trend-{indicator}")

latest = data.series(indicator, GM_DISTRICTS)
latest = latest.sort_values("period_start").groupby("area_code").tail(1)
better_high = meta.polarity[indicator] == "higher"
latest = latest.sort_values("value", ascending=not better_high)
period = ", ".join(sorted(set(latest.period_label)))
fig = bar_chart(latest, "area_name", "value",
                f"{meta.title[indicator]}: Greater Manchester districts, {period} ({'best' if meta.polarity[indicator] != 'neutral' else 'highest'} first)",
                meta.unit[indicator], highlight={"Stockport"}, decimals=int(meta.decimals[indicator]))
chart_block(fig, latest.drop(columns=["period_start"]), key=f"connectivity-gm-{indicator}",
            note=f"Stockport ranks {list(latest.area_name).index('Stockport') + 1} of {len(latest)} GM districts."
            if "Stockport" in set(latest.area_name) else None)
with st.expander("About these figures"):
    st.markdown(meta.methodology[indicator])
state.finish(notices, indicator=indicator)
