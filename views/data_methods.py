"""Data and methods: every indicator's definition, source and licence; freshness; every source and the
attribution its licence requires; accessibility."""

import streamlit as st

from pipeline.ingest.bundle import describe_files
from pipeline.rules import freshness as release_schedule, risk_index
from pipeline.registry import load_registry
from presentation import changes_text, methods_tables
from presentation.tables import in_registry_order
from presentation.wording import built_text
from ui import data, page_style, sections, state
from ui.charts import csv_bytes, table_html
from ui.md import md_text
from ui.scope import borough_level


# What this page makes from its tables is made once per build, audience and day (data.per_build):
# a warm run hashes none of them (it was a fifth of the page's run).
def indicator_lists() -> tuple[list[tuple[str, str]], bytes]:
    """(theme, its indicators as one list of disclosures) in registry order, and the list as CSV."""
    indicators = in_registry_order(data.indicators(), "id")
    return methods_tables.indicator_lists(indicators), csv_bytes(indicators)


def late_table() -> str:
    """The late indicators (publisher's schedule plus grace passed), as a table; officers also see the
    command that refreshes each (the data team's list)."""
    late = release_schedule.by_source(release_schedule.to_refresh(load_registry(), data.freshness()))
    return table_html(
        methods_tables.late_rows(late, data.audience() == "internal"),
        "Late releases, one row per source (one refresh brings all its indicators up to date): "
        "updates later than the publisher's schedule and its grace period",
        wrap=True,
    )


def schedule_table() -> tuple[str, bytes]:
    """Every indicator's schedule, as a folded table and as CSV."""
    fresh = data.freshness()
    return (
        table_html(methods_tables.schedule_rows(fresh), "Every indicator's latest figure and its publisher's schedule"),
        csv_bytes(fresh),
    )


def source_table() -> tuple[str, bytes]:
    """Every source, as a folded table and as CSV."""
    sources = data.sources()
    return (
        table_html(
            methods_tables.source_rows(sources),
            "Every source: publisher, edition, licence, when it was retrieved, rows read and checksum",
        ),
        csv_bytes(sources),
    )


notices = state.page_notices()
st.title("Data and methods")
info = data.build_info()
indicators = in_registry_order(data.indicators(), "id")
sources = data.sources()
fresh = data.freshness()
late = fresh[fresh.out_of_date]
st.markdown(
    f"**{len(indicators)} indicators from {len(sources)} official sources, built {built_text(info.get('built_at'))}"
    + (
        f"; {late.indicator_id.nunique()} with an update later than expected.**"
        if len(late)
        else "; every figure is the latest its publisher's schedule leads us to expect.**"
    )
    + " Each indicator's definition, source and licence, the exclusion risk method, the release schedule "
    "and late data, what changed since the last update, every source file with the attribution its licence "
    "requires, and the accessibility statement are each one button away."
)
borough_level("definitions and sources are the same for every ward.")
st.caption(f"Built from the {describe_files(info)}, listed under Sources; build {info.get('build_id', '?')}.")

risk = load_registry().risk
risk_title = risk.name[0].upper() + risk.name[1:]
# One part at a time, as on every other page: the whole reference was the largest page any reader was sent
# (71,000 characters of HTML on arrival, issue 18), and each part has a link of its own (?section=…).
section = sections.choose(
    {
        "indicators": "Indicators",
        "risk": risk_title,
        "freshness": "Release schedule",
        "changes": "What changed",
        "sources": "Sources",
        "accessibility": "Accessibility statement",
    },
    key="methods-section",
)

if section == "indicators":
    st.header("Indicators")
    lists, indicators_csv = data.per_build(indicator_lists)
    for theme, html in lists:
        st.subheader(theme)
        st.markdown(html, unsafe_allow_html=True)
    st.download_button(
        "Download the indicator list (CSV)",
        indicators_csv,
        file_name="one-stockport-indicators.csv",
        mime="text/csv",
        key="csv-indicators",
    )

elif section == "risk":
    st.header(risk_title)
    st.markdown(risk.summary)
    st.markdown(
        "**Inputs and default weights:** "
        + "; ".join(
            f"{i.label} ({'more risk when higher' if i.risk_when == 'higher' else 'more risk when lower'}, weight {i.weight:.0f})"
            for i in risk.inputs
        )
        + "."
    )
    if not data.risk_inputs().empty:
        scored = data.risk_score()
        st.markdown(
            f"**In this build** the default weights give these shares of the score: {risk_index.shares_text(scored)}. "
            f"**Sources:** {risk_index.attribution(scored, load_registry())}."
        )
    with st.expander("How it is calculated, why these weights, and how it compares with GMCA's index"):
        st.markdown(f"**How it is calculated.** {risk.normalisation}")
        st.markdown(f"**Why these weights.** {risk.weights_reason}")
        st.markdown(f"**Compared with GMCA's Digital Exclusion Risk Index.** {risk.comparison}")
    page_style.page_link("views/exclusion_risk.py", "Change the weights and see the ranking")

elif section == "freshness":
    st.header("Release schedule")
    st.markdown(
        "Each figure's next update is expected from its publisher's schedule (how often it publishes and "
        "how long after a period). A figure is late only once that month and the source's grace period "
        "have passed; until then it is simply the latest. Late data is a task for the data team, not a "
        "judgement on Stockport, so it never enters the overview's needs attention."
    )
    if late.empty:
        st.markdown("**No release is late.**")
    else:
        st.subheader("Data to refresh" if data.audience() == "internal" else "Late releases")
        st.markdown(
            f"**{late.indicator_id.nunique()} indicators** have an update later than expected: a newer "
            "edition has probably been published and is not yet loaded, or the series has stopped."
        )
        st.markdown(data.per_build(late_table), unsafe_allow_html=True)
    schedule_html, fresh_csv = data.per_build(schedule_table)
    page_style.folded("Update frequency and expected next release of every indicator", schedule_html)
    st.download_button(
        "Download freshness of every indicator (CSV)",
        fresh_csv,
        file_name="one-stockport-freshness.csv",
        mime="text/csv",
        key="csv-freshness",
    )

elif section == "changes":
    st.header("What changed since the last update")
    digest = data.changes()
    st.markdown(f"**{md_text(changes_text.summary(digest))}.**")
    if not digest.first:
        st.caption(
            f"Build {digest.build_id} compared with build {digest.since_build}. A verdict is worked out on both "
            "builds as on today, so only the data can have changed it; ward ranks are listed when they moved by "
            "three or more places."
        )
        for heading, lines in changes_text.sections(digest):
            st.subheader(heading)
            st.markdown("\n".join(f"- {md_text(line)}" for line in lines))
        st.download_button(
            "Download what changed (JSON)",
            digest.as_json().encode("utf-8"),
            file_name="one-stockport-changes.json",
            mime="application/json",
            key="json-changes",
        )

elif section == "sources":
    st.header("Sources")
    st.markdown("Every figure comes from one of these files; the attribution their licences require is below.")
    sources_html, sources_csv = data.per_build(source_table)
    page_style.folded(
        f"Every source: publisher, edition, licence, when retrieved, rows read and checksum ({len(sources)})",
        sources_html,
    )
    st.download_button(
        "Download the source list (CSV)",
        sources_csv,
        file_name="one-stockport-sources.csv",
        mime="text/csv",
        key="csv-sources",
    )
    st.markdown("**Attribution required by the licences**")
    st.markdown("\n".join(f"- {md_text(text)}" for text in dict.fromkeys(sources.attribution)))

else:
    st.header("Accessibility statement")
    st.markdown(
        "One Stockport aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, as UK public "
        "sector websites must. Every chart has a text title with its units, a table of its data and a CSV download; "
        "colours come from colour-blind-safe palettes and meaning is never carried by colour alone (maps have text "
        "legends and tooltips with values and ranks). Known limitations: interactive maps cannot be explored with a "
        "keyboard, so every map has its data as a table beside it. To report a problem, contact Stockport Council's "
        "digital team."
    )
state.finish(notices, section=section)
