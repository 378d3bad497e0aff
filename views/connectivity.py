"""Connectivity: gigabit, < 30 Mbit/s, 4G and 5G; Stockport's trend, its latest figure beside GM, the North West and
England, and the GM ranking."""

import streamlit as st

from pipeline.registry import STOCKPORT, load_registry
from presentation import tiles
from presentation.tables import latest_best_first
from presentation.wording import ordinal, source_text
from ui import data, sections, state
from ui.blocks import COMPARATORS, GM_DISTRICTS, bar_block, comparison_chart, trend_chart
from ui.charts import fmt
from ui.scope import borough_level
from ui.similar import similar_councils_chart, similar_councils_list


REGISTRY = load_registry()
CONNECTIVITY = ["gigabit_broadband", "premises_below_30mbps", "coverage_4g", "coverage_5g"]


def summary() -> tuple[str, str]:
    """The lead sentence, and the overview's tiles (one HTML element, judged by pipeline/rules/judgement.py)
    each opening its chart below with one source line for the four: once per build, audience and day."""
    headline = data.headline(STOCKPORT).set_index("indicator_id", drop=False)
    meta = data.indicators().set_index("id")
    gigabit = latest_best_first(data.series("gigabit_broadband", GM_DISTRICTS), meta.polarity["gigabit_broadband"])
    place = list(gigabit.area_code).index(STOCKPORT) + 1 if STOCKPORT in set(gigabit.area_code) else None
    shown = {
        i: fmt(headline.value[i], meta.unit[i], int(meta.decimals[i])) for i in CONNECTIVITY if i in headline.index
    }
    lead = (
        f"**{shown.get('gigabit_broadband', 'No figure')} of Stockport's premises can get gigabit broadband**"
        + (f", {ordinal(place)} of the {len(gigabit)} Greater Manchester districts" if place else "")
        + f"; {shown.get('premises_below_30mbps', 'no figure')} still get under 30 Mbit/s "
        f"({headline.period_label.get('gigabit_broadband', '')}, Ofcom Connected Nations)."
    )
    judged = data.judgements(tuple(CONNECTIVITY), STOCKPORT)
    return lead, tiles.grid_html(
        [tiles.judgement_tile(judged[i], f"/connectivity?indicator={i}") for i in CONNECTIVITY if i in judged],
        "Connectivity headline figures",
    ) + tiles.source_html(source_text(data.sources(), [REGISTRY.indicators[i].source for i in CONNECTIVITY]))


notices = state.page_notices()
st.title("Connectivity")
lead, headline_html = data.per_build(summary)
st.markdown(lead)
borough_level("Ofcom publishes these figures for local authorities, not wards, in the files held.")
st.markdown(headline_html, unsafe_allow_html=True)

state.url_choice("indicator", CONNECTIVITY, "gigabit_broadband", "connectivity-indicator", "connectivity indicator")
indicator = st.selectbox(
    "Indicator", CONNECTIVITY, format_func=lambda i: REGISTRY.indicators[i].title, key="connectivity-indicator"
)
# One chart at a time: the other is one click away and does not run until chosen.
section = sections.choose(
    {
        "trend": "Over time",
        "compare": "Against GM, North West, England",
        "districts": "Across Greater Manchester",
        "similar": "Against similar councils",
    },
    key="connectivity-section",
)
if section == "trend":
    trend_chart(indicator, COMPARATORS, key=f"connectivity-trend-{indicator}")
elif section == "compare":
    comparison_chart(indicator, key=f"connectivity-compare-{indicator}")
elif section == "similar":
    similar_councils_chart(indicator, key=f"connectivity-similar-{indicator}")
else:
    meta = data.indicators().set_index("id")
    latest = latest_best_first(data.series(indicator, GM_DISTRICTS), meta.polarity[indicator])
    period = ", ".join(sorted(set(latest.period_label)))
    bar_block(
        latest,
        "area_name",
        "value",
        f"{meta.title[indicator]}: Greater Manchester districts, {period} ({'best' if meta.polarity[indicator] != 'neutral' else 'highest'} first)",
        meta.unit[indicator],
        int(meta.decimals[indicator]),
        f"connectivity-gm-{indicator}",
        rows=latest.drop(columns=["period_start"]),
        highlight={"Stockport"},
        note=f"Stockport ranks {list(latest.area_name).index('Stockport') + 1} of {len(latest)} GM districts."
        if "Stockport" in set(latest.area_name)
        else None,
    )
similar_councils_list()
with st.expander("About these figures"):
    st.markdown(data.indicator_meta(indicator)["methodology"])
state.finish(notices, indicator=indicator, section=section)
