"""Town-centre investment: the projects register on a map, totals by status and funder, a timeline."""
from html import escape

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from ui.md import md_text

from ui import data, state
from ui.charts import PALETTE, bar_chart, base_layout, category_label, chart_block, csv_maker, fmt
from ui.entry import through_navigation
from ui.maps import scheme_map
from presentation.schemes import (capital_text, counts, counts_text, date_start, floorspace_text, partner_counts,
                        register_options, status_group, words)
from presentation.schemes import timeline as scheme_timeline

through_navigation()

notices = state.page_notices()
st.title("Town-centre investment")
st.markdown("Schemes in the council's projects register, each with its public sources. Where sources disagree "
            "the register keeps every figure: the note beside a figure says which.")
projects = data.projects(None)
schemes = projects[projects.kind == "scheme"]
count = counts(projects)
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Schemes in the register", count["schemes"])
c2.metric("Programmes (counted apart)", count["programmes"])
c3.metric("The schemes' capital value", fmt(schemes.capital_cost_gbp_m.sum(), "£ million", 0),
          help="Latest reported figure per scheme: costs, values at approval and budgets (see each scheme)")
c4.metric("Homes in those schemes", f"{int(schemes.homes.fillna(0).sum()):,}")
c5.metric("Schemes complete", int((schemes.status == "Complete").sum()))
st.caption("Programme-level figures (the £1bn town-centre programme, the Mayoral Development Corporation's ambitions) "
           "are listed below but not added to scheme totals, so nothing is counted twice. The capital total adds "
           "figures of different kinds (a cost at opening, a value at planning approval, a refurbishment budget): "
           "each scheme below says which it is.")

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
    by_partner = partner_counts(projects)
    fig = bar_chart(by_partner, "partner", "schemes", "Schemes each funder or partner is named in", "schemes", decimals=0)
    chart_block(fig, by_partner.assign(source_id="projects_register"), key="investment-funders",
                note="A scheme with several partners counts once for each. Partners are counted under one name "
                     "each (the registry's partner aliases), however a source wrote it.")

st.header("Timeline: start to completion")
timeline = scheme_timeline(projects)
as_at = date_start(register_options()[0])
fig = go.Figure()
for r in timeline.itertuples():
    colour = PALETTE[0] if r.kind == "scheme" else PALETTE[5]
    label = category_label(f"{r.name} ({r.kind})", 28)  # wrapped, never cut off
    hover = escape(f"{r.name}: start {r.start_text}, completion {r.completion_text}; {r.status_shown}")
    if pd.notna(r.start):  # solid from start to completion once complete; dotted to the date due, or to today's register
        end = r.end if pd.notna(r.end) else as_at
        fig.add_trace(go.Scatter(x=[r.start, end], y=[label] * 2, mode="lines+markers", showlegend=False,
                                 line=dict(width=8, color=colour, dash="solid" if r.complete else "dot"),
                                 hovertemplate=hover + "<extra></extra>"))
    else:  # start not reported: the one date known, marked on its own
        known = r.end if pd.notna(r.end) else as_at
        fig.add_trace(go.Scatter(x=[known], y=[label], mode="markers+text", showlegend=False,
                                 marker=dict(size=12, color=colour, symbol="diamond" if pd.notna(r.end) else "x"),
                                 text=["start not reported" if pd.notna(r.end) else "dates not reported"],
                                 textposition="middle right", hovertemplate=hover + "<extra></extra>"))
base_layout(fig, f"{counts_text(projects).capitalize()} from start to completion<br>(solid: complete; dotted: not "
            "complete, to the date due or the register's date; a lone marker: start not reported)", x_title="Year",
            height=120 + 40 * len(timeline))
chart_block(fig, timeline[["project_id", "name", "kind", "status_shown", "start_text", "completion_text"]].rename(
    columns={"status_shown": "status", "start_text": "start", "completion_text": "completion"}).assign(source_id="projects_register"),
            key="investment-timeline")

st.header(f"The register: {counts_text(projects)}")
for p in timeline.itertuples():
    with st.expander(f"{md_text(p.name)} ({p.kind}) — {p.status_shown} ({md_text(p.ward_name)})"):
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
