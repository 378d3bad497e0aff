"""Town-centre investment: the projects register on a map, a timeline, totals by status and funder, and the
register itself. One view at a time, chosen with the section buttons; the register is always listed."""

import streamlit as st
from ui.md import md_text

from ui import data, sections, state
from ui.blocks import bar_block
from ui.charts import chart_block, csv_bytes, fmt, timeline_chart
from ui.maps import scheme_map
from ui.scope import follows_ward
from presentation.gantt import timeline_table
from presentation.schemes import counts, counts_text, partner_counts, register_html, status_group


def register_parts(ward: str | None) -> tuple[str, str, bytes]:
    """The register's heading, its list (the ward's projects marked) and its CSV: made once per build,
    audience, day and ward (data.per_build), so a rerun hashes no frame to find them."""
    projects = data.projects(None)
    title = f"The register: {counts_text(projects)}"
    return title, register_html(projects, ward, title), csv_bytes(projects)


notices = state.page_notices()
st.title("Town-centre investment")
projects = data.projects(None)
schemes = projects[projects.kind == "scheme"]
count = counts(projects)
st.markdown(
    f"**{count['schemes']} schemes worth {fmt(schemes.capital_cost_gbp_m.sum(), '£ million', 0)} are in the "
    f"council's projects register, {int((schemes.status == 'Complete').sum())} of them complete**, with "
    f"{int(schemes.homes.fillna(0).sum()):,} homes; {count['programmes']} programme-level ambitions are listed "
    "apart. Each scheme carries its public sources."
)
ward = state.current_ward()
in_ward = projects[projects.ward_code == ward] if ward else projects.head(0)
follows_ward(
    (
        f"its {counts_text(in_ward)} are marked in the register below: "
        + ", ".join(md_text(n) for n in in_ward.name)
        + "."
        if len(in_ward)
        else "no scheme or programme in the register is in this ward."
    ),
    "Choose a ward in the Ward menu above to mark its schemes in the register below.",
)
# The totals' one caveat, said once (five metric tiles only repeated the sentence above).
st.caption(
    "Programme-level figures (the £1bn town-centre programme, the Mayoral Development Corporation's ambitions) "
    "are not added to the scheme totals, so nothing is counted twice. The capital total adds figures of different "
    "kinds (a cost, a value at approval, a budget); each scheme in the register says which."
)
# One view at a time: an unchosen view's chart or map does not run.
section = sections.choose(
    {"map": "Map", "timeline": "Timeline", "status": "Value by status", "funders": "Funders and partners"},
    key="investment-section",
)
if section == "map":
    st.header("Where the schemes are")
    scheme_map(key="investment-map", selected=ward)
    st.caption(
        "Blue: schemes; orange: programme areas (at their approximate centre). A number moved aside to stay "
        "readable is joined to its place by a grey line. Points are approximate locations placed by the project. "
        "Dashed blue line: the town centre, as the area the register's places span."
        + (" Shaded orange: the ward chosen in the Ward menu, where it is on the map." if ward else "")
    )
elif section == "timeline":
    st.header("Timeline: start to completion")
    chart_block(timeline_chart(projects), data.per_build(timeline_table, projects), key="investment-timeline")
elif section == "status":
    st.header("Capital value by status")
    grouped = schemes.assign(status=[status_group(p) for p in schemes.itertuples()])
    by_status = grouped.groupby("status", as_index=False).agg(
        capital_gbp_m=("capital_cost_gbp_m", "sum"), schemes=("name", "count")
    )
    bar_block(
        by_status.assign(source_id="projects_register"),
        "status",
        "capital_gbp_m",
        "Capital value of schemes by status (£ million)",
        "£ million",
        0,
        "investment-status",
        note="A status is shown as current when a report within two years of the register's date gives it; "
        "otherwise the bar says since when it is not confirmed.",
    )
else:
    st.header("Funders and partners")
    by_partner = data.per_build(partner_counts, projects)
    bar_block(
        by_partner.assign(source_id="projects_register"),
        "partner",
        "schemes",
        "Schemes each funder or partner is named in",
        "schemes",
        0,
        "investment-funders",
        note="A scheme with several partners counts once for each. Partners are counted under one name "
        "each (the registry's partner aliases), however a source wrote it.",
    )

title, register, register_csv = data.per_build(register_parts, ward)
st.header(title)
st.markdown(register, unsafe_allow_html=True)
st.download_button(
    "Download the projects register (CSV)",
    register_csv,
    file_name="one-stockport-projects-register.csv",
    mime="text/csv",
    key="csv-register",
)
state.finish(notices, section=section)
