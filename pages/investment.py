"""Town-centre investment: the projects register on a map, totals by status and funder, a timeline."""
import pandas as pd
import streamlit as st
from ui.md import md_text

from ui import data, reuse, state
from ui.charts import bar_chart, chart_block, csv_maker, fmt, timeline_chart
from ui.entry import through_navigation
from ui.maps import scheme_map
from ui.scope import follows_ward
from presentation.gantt import timeline_table
from presentation.schemes import (capital_text, counts, counts_text, floorspace_text, partner_counts, status_group,
                                  words)
from presentation.schemes import timeline as scheme_timeline

through_navigation()

notices = state.page_notices()
st.title("Town-centre investment")
projects = data.projects(None)
schemes = projects[projects.kind == "scheme"]
count = counts(projects)
st.markdown(f"**{count['schemes']} schemes worth {fmt(schemes.capital_cost_gbp_m.sum(), '£ million', 0)} are in the "
            f"council's projects register, {int((schemes.status == 'Complete').sum())} of them complete**, with "
            f"{int(schemes.homes.fillna(0).sum()):,} homes; programme-level ambitions are listed apart. Each scheme "
            "carries its public sources.")
ward = state.current_ward()
in_ward = projects[projects.ward_code == ward] if ward else projects.head(0)
follows_ward((f"its {counts_text(in_ward)} are marked in the register below: "
              + ", ".join(md_text(n) for n in in_ward.name) + "." if len(in_ward) else
              "no scheme or programme in the register is in this ward."),
             "Choose a ward in the Ward menu above to mark its schemes in the register below.")
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Schemes in the register", count["schemes"])
c2.metric("Programmes (counted apart)", count["programmes"])
c3.metric("The schemes' capital value", fmt(schemes.capital_cost_gbp_m.sum(), "£ million", 0),
          help="Latest reported figure per scheme: costs, values at approval and budgets (see each scheme)")
c4.metric("Homes in those schemes", f"{int(schemes.homes.fillna(0).sum()):,}")
c5.metric("Schemes complete", int((schemes.status == "Complete").sum()))
with st.expander("How these totals are counted"):
    st.markdown("Programme-level figures (the £1bn town-centre programme, the Mayoral Development Corporation's "
                "ambitions) are listed below but not added to scheme totals, so nothing is counted twice. The capital "
                "total adds figures of different kinds (a cost at opening, a value at planning approval, a "
                "refurbishment budget): each scheme below says which it is.")

st.header("Where the schemes are")
scheme_map(projects, data.area_shapes("ward"), key="investment-map")
st.caption("Blue: schemes; orange: programme areas (at their approximate centre). A number moved aside to stay "
           "readable is joined to its place by a grey line. Points are approximate locations placed by the project.")

left, right = st.columns(2)
with left:
    grouped = schemes.assign(status=[status_group(p) for p in schemes.itertuples()])
    by_status = grouped.groupby("status", as_index=False).agg(capital_gbp_m=("capital_cost_gbp_m", "sum"), schemes=("name", "count"))
    fig = bar_chart(by_status, "status", "capital_gbp_m", "Capital value of schemes by status (£ million)", "£ million", decimals=0)
    chart_block(fig, by_status.assign(source_id="projects_register"), key="investment-status",
                note="A status is shown as current when a report within two years of the register's date gives it; "
                     "otherwise the bar says since when it is not confirmed.")
with right:
    by_partner = reuse.made(partner_counts, projects)
    fig = bar_chart(by_partner, "partner", "schemes", "Schemes each funder or partner is named in", "schemes", decimals=0)
    chart_block(fig, by_partner.assign(source_id="projects_register"), key="investment-funders",
                note="A scheme with several partners counts once for each. Partners are counted under one name "
                     "each (the registry's partner aliases), however a source wrote it.")

st.header("Timeline: start to completion")
chart_block(timeline_chart(projects), reuse.made(timeline_table, projects), key="investment-timeline")

st.header(f"The register: {counts_text(projects)}")
for p in reuse.made(scheme_timeline, projects).itertuples():
    here = p.ward_code == ward
    with st.expander(f"{md_text(p.name)} ({p.kind}) — {p.status_shown} ({md_text(p.ward_name)})"
                     + (" · in the chosen ward" if here else ""), icon=":material/location_on:" if here else None):
        st.markdown(words(p.description))
        st.markdown(f"**Capital:** {capital_text(p)}" + (f" — {words(p.capital_cost_note)}" if words(p.capital_cost_note) else ""))
        if pd.notna(p.homes):
            st.markdown(f"**Homes:** {int(p.homes):,}" + (f" — {words(p.homes_note)}" if words(p.homes_note) else ""))
        if floorspace := floorspace_text(p):
            st.markdown(f"**Floorspace:** {floorspace}")
        st.markdown(f"**Status:** {p.status_shown}, from fact {p.status_fact}  \n**Partners:** {p.partners}  \n"
                    f"**Start:** {p.start_text} · **Completion:** {p.completion_text}")
        st.markdown("**Sources:**\n" + "\n".join(f"- <{u}>" for u in p.source_urls.split(";")))
st.download_button("Download the projects register (CSV)", csv_maker(projects),
                   file_name="one-stockport-projects-register.csv", mime="text/csv", key="csv-register")
state.finish(notices)
