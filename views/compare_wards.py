"""Compare wards: two or more wards side by side, against Stockport and the wards most like each."""

import streamlit as st

from pipeline.rules.ward_similarity import CONTEXT_WORDS
from presentation.schemes import capital_text, counts
from presentation.ward_compare import side_by_side
from ui import data, state
from ui.charts import csv_bytes, data_table
from ui.md import md_text


MOST = 4  # side by side on a phone's width
SIMILAR = 3

notices = state.page_notices()
wards = data.wards()
names = dict(zip(wards.code, wards.name))
meta = data.indicators().set_index("id")
st.title("Compare wards")

# The Ward menu's ward leads; a ward newly chosen there joins the comparison.
lead = state.current_ward() or wards.code.iloc[0]
chosen = state.url_choices(
    "wards", list(wards.code), [lead, *data.similar_wards(lead, 1).area_code], "compare-wards", "Stockport ward"
)
if state.current_ward() and st.session_state.get("_compare_lead") != lead and lead not in chosen:
    st.session_state["compare-wards"] = [lead, *chosen][:MOST]
st.session_state["_compare_lead"] = lead
intro = st.container()
picked = st.multiselect(
    "Wards to compare (two to four)",
    list(wards.code),
    format_func=names.get,
    key="compare-wards",
    max_selections=MOST,
    help="Kept in the web address, so the comparison can be shared.",
)

if len(picked) < 2:
    intro.markdown("Choose two to four wards to see them side by side with Stockport and the wards most like each.")
    state.finish(notices, wards=",".join(picked))
    st.stop()

shown = [names[c] for c in picked]
context = data.ward_context().set_index("area_code")
risk = context.exclusion_risk_score.reindex(picked)
highest = names[risk.idxmax()] if risk.notna().any() else None
intro.markdown(
    f"**{md_text(', '.join(shown[:-1]))} and {md_text(shown[-1])}** side by side with Stockport: context, "
    "digital exclusion risk, town-centre schemes and programme activity."
    + (
        f" Of these, **{md_text(highest)}** has the highest exclusion risk score "
        f"({risk.max():.{int(meta.decimals['exclusion_risk_score'])}f} of 100)."
        if highest
        else ""
    )
)

projects = data.projects(None)
schemes = projects[projects.kind == "scheme"]
scheme_counts = {names.get(c, c): n for c, n in schemes.ward_code.value_counts().items()}
scheme_counts["Stockport"] = counts(projects)["schemes"]
reach = data.ward_reach(12)
profiles = {names[c]: data.ward_profile(c) for c in picked}
table = side_by_side(profiles, reach, scheme_counts)
data_table(table, "Wards side by side with Stockport (rank 1 = the highest figure of the 21 wards)", wrap=True)
if reach.empty:
    st.caption("Programme activity by ward is for officers (internal audience) until the council publishes it.")
st.download_button(
    "Download this comparison (CSV)",
    csv_bytes(table),
    file_name="one-stockport-compare-wards.csv",
    mime="text/csv",
    key="csv-compare",
)

st.header("The wards most like each")
st.markdown(
    f"Nearest by {CONTEXT_WORDS}, each put on one scale across the 21 wards first (see *How wards are matched*)."
)
for code in picked:
    similar = data.similar_wards(code, SIMILAR)
    st.markdown(f"Most like **{md_text(names[code])}**: " + ", ".join(md_text(n) for n in similar.area_name) + ".")
    with st.expander(f"{names[code]} beside the wards most like it"):
        peers = {
            names[code]: profiles[names[code]],
            **{n: data.ward_profile(c) for c, n in zip(similar.area_code, similar.area_name)},
        }
        data_table(
            side_by_side(peers, reach, scheme_counts), f"{names[code]} and the {SIMILAR} wards most like it", wrap=True
        )

with st.expander("Schemes in these wards"):
    for code in picked:
        here = projects[projects.ward_code == code]
        st.markdown(
            f"**{md_text(names[code])}**: "
            + (
                "; ".join(f"{md_text(p.name)} ({p.kind}, {capital_text(p)})" for p in here.itertuples())
                or "none in the register."
            )
        )
with st.expander("How wards are matched"):
    st.markdown(
        f"Each ward's {CONTEXT_WORDS} are standardised across the 21 wards (the difference from the wards' "
        "mean, in standard deviations), so no one figure counts more because of its units. The most similar "
        "wards are the nearest in those figures together (straight-line distance)."
    )
state.finish(notices, wards=",".join(picked))
