"""Town-centre investment: the projects register on a map, totals by status and funder, a timeline."""
import json
from html import escape

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from ui import data, state
from ui.charts import PALETTE, bar_chart, base_layout, chart_block, csv_maker, fmt
from ui.entry import through_navigation

through_navigation()

notices = state.page_notices()
st.title("Town-centre investment")
st.markdown("Schemes in the council's projects register, each with its public sources. Where sources disagree "
            "the register keeps every figure: the note beside a figure says which.")
projects = data.call("projects", None)
schemes = projects[projects.kind == "scheme"]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Schemes in the register", len(schemes))
c2.metric("Their capital value", fmt(schemes.capital_cost_gbp_m.sum(), "£ million", 0), help="Latest reported figure per scheme")
c3.metric("Homes in those schemes", f"{int(schemes.homes.fillna(0).sum()):,}")
c4.metric("Complete", int((schemes.status == "Complete").sum()))
st.caption("Programme-level figures (the £1bn town-centre programme, the Mayoral Development Corporation's ambitions) "
           "are listed below but not added to scheme totals, so nothing is counted twice.")

st.header("Where the schemes are")
shapes = data.call("area_shapes", "ward")
ward_features = [{"type": "Feature", "geometry": json.loads(g), "properties": {"name": n}} for n, g in zip(shapes.name, shapes.geometry)]
points = projects.dropna(subset=["lat", "lon"]).assign(
    radius=lambda d: 50 + 0.6 * d.capital_cost_gbp_m.fillna(0).clip(upper=400),
    cost=lambda d: [fmt(v, "£ million", 0) if pd.notna(v) else "not reported" for v in d.capital_cost_gbp_m])
columns = ["name", "lat", "lon", "radius", "cost", "status", "kind"]
view = pdk.ViewState(latitude=53.407, longitude=-2.158, zoom=13.6)
deck = pdk.Deck(layers=[
    pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": ward_features}, stroked=True, filled=True,
              get_fill_color=[243, 244, 246, 120], get_line_color=[107, 114, 128], line_width_min_pixels=1),
    # Programmes are areas, not sites: an outline ring at the area's approximate centre.
    pdk.Layer("ScatterplotLayer", points[points.kind == "programme"][columns].to_dict("records"),
              get_position=["lon", "lat"], get_radius=220, filled=False, stroked=True, pickable=True,
              get_line_color=[213, 94, 0], line_width_min_pixels=3),
    pdk.Layer("ScatterplotLayer", points[points.kind == "scheme"][columns].to_dict("records"),
              get_position=["lon", "lat"], get_radius="radius", get_fill_color=[0, 114, 178, 190], pickable=True,
              stroked=True, get_line_color=[255, 255, 255], line_width_min_pixels=1)],
    initial_view_state=view, map_provider=None,
    tooltip={"html": "<b>{name}</b> ({kind})<br/>{status}<br/>Capital: {cost}", "style": {"fontSize": "14px"}})
st.pydeck_chart(deck, width="stretch", height=460, key="investment-map")
st.caption("Filled blue circles: schemes, sized by capital value. Orange rings: programme areas (approximate centre). "
           "Points are approximate locations placed by the project.")

left, right = st.columns(2)
with left:
    by_status = schemes.groupby("status", as_index=False).agg(capital_gbp_m=("capital_cost_gbp_m", "sum"), schemes=("name", "count"))
    fig = bar_chart(by_status, "status", "capital_gbp_m", "Capital value of schemes by status (£ million)", "£ million", decimals=0)
    chart_block(fig, by_status.assign(source_id="projects_register"), key="investment-status")
with right:
    funders = schemes.assign(funder=schemes.funders.str.split(r";\s*")).explode("funder")
    by_funder = funders.groupby("funder", as_index=False).agg(schemes=("name", "count")).sort_values("schemes", ascending=False)
    fig = bar_chart(by_funder, "funder", "schemes", "Schemes each funder or partner is named in", "schemes", decimals=0)
    chart_block(fig, by_funder.assign(source_id="projects_register"), key="investment-funders",
                note="A scheme with several partners counts once for each.")

st.header("Timeline: start to completion")
def _date(text):
    if not isinstance(text, str) or not text:
        return None
    text = text.replace("-Q1", "-01").replace("-Q2", "-04").replace("-Q3", "-07").replace("-Q4", "-10")
    return pd.Timestamp(text if len(text) > 4 else f"{text}-01")
timeline = projects.assign(start=projects.start_date.map(_date), end=projects.completion_date.map(_date)).dropna(subset=["start"])
fig = go.Figure()
for n, r in enumerate(timeline.itertuples()):
    ongoing = pd.isna(r.end)
    end = pd.Timestamp("2026-11-01") if ongoing else r.end
    fig.add_trace(go.Scatter(x=[r.start, end], y=[escape(str(r.name))] * 2, mode="lines+markers", showlegend=False,
                             line=dict(width=8, color=PALETTE[0] if r.kind == "scheme" else PALETTE[5],
                                       dash="dot" if ongoing else "solid"),
                             hovertemplate=f"{escape(str(r.name))}: {r.start_date} to {r.completion_date if isinstance(r.completion_date, str) else 'ongoing'}<extra></extra>"))
base_layout(fig, "Schemes from start to completion (dotted: no completion date reported)", x_title="Year",
            height=80 + 40 * len(timeline))
chart_block(fig, timeline[["project_id", "name", "kind", "status", "start_date", "completion_date"]].assign(source_id="projects_register"),
            key="investment-timeline")

st.header("The register")
for p in projects.itertuples():
    with st.expander(f"{p.name} — {p.status} ({p.ward_name})"):
        st.markdown(p.description or "")
        st.markdown(f"**Capital:** {fmt(p.capital_cost_gbp_m, '£ million', 0)} — {p.capital_cost_note or ''}")
        if pd.notna(p.homes):
            st.markdown(f"**Homes:** {int(p.homes):,} — {p.homes_note or ''}")
        st.markdown(f"**Partners:** {p.funders}  \n**Start:** {p.start_date or '—'} · **Completion:** {p.completion_date or '—'}")
        st.markdown("**Sources:**\n" + "\n".join(f"- <{u}>" for u in p.source_urls.split(";")))
st.download_button("Download the projects register (CSV)", csv_maker(projects),
                   file_name="one-stockport-projects-register.csv", mime="text/csv", key="csv-register")
state.finish(notices)
