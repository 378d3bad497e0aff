"""Overview for leadership: how Stockport is doing against England, Greater Manchester and targets, and
what needs attention. Judgements come from pipeline/rules/judgement.py (rules in registry.toml); this page
only lays them out, as HTML tiles (few Streamlit elements, no chart on the first screen)."""

from dataclasses import replace
from html import escape

import streamlit as st

from pipeline import clock
from pipeline.rules import judgement as J
from pipeline.registry import STOCKPORT, load_registry
from presentation import (
    changes_text,
    deprivation,
    inclusion_outcomes,
    overview_parts,
    schemes,
    similar_text,
    tiles,
    verdicts,
)
from presentation.wording import source_text
from ui import data, page_style, state
from ui.md import md_text


REGISTRY = load_registry()
GROUPS = REGISTRY.overview
THEMES = tiles.THEMES
HEADLINES = tuple(i for theme in THEMES for i in GROUPS.get(theme, ()))
# Where each indicator is explained: its page and view.
PAGE_OF = {
    "connectivity": "/connectivity?indicator={id}",
    "investment": "/investment",
    "inclusion": "/inclusion?driver={id}",
    "context": "/data_methods",
}
DETAIL = {"deri_highest_risk_pop_pct": "/exclusion_risk"}


def detail_link(indicator: str, ward: str | None = None) -> str:
    if ward:
        return f"/ward_profile?ward={ward}&indicator={indicator}"
    return DETAIL.get(indicator, PAGE_OF[REGISTRY.indicators[indicator].theme]).format(id=indicator)


notices = state.page_notices()
ward = state.current_ward()
ward_name = dict(zip(data.wards().code, data.wards().name)).get(ward) if ward else None
judged = data.judgements(HEADLINES, STOCKPORT)
latest = judged[GROUPS["connectivity"][0]].period_label
# The printable brief beside the title, on its row at desktop width: the first screen holds every headline tile.
with st.container(horizontal=True, vertical_alignment="center", gap="medium", key="os-title-row"):
    st.title("One Stockport: how is Stockport doing?", width="content")
    st.download_button(
        "Leaders' brief (PDF)",
        data.leaders_brief_maker(),
        file_name=f"one-stockport-leaders-brief-{clock.today():%Y-%m-%d}.pdf",
        mime="application/pdf",
        key="leaders-brief",
        on_click="ignore",
        icon=":material/print:",
        help="The overview's judgements, needs attention and what changed on A4, to print or "
        "send, dated by its data and by today.",
    )
# What changed since the last update, on the line under the data's date (one element: the first screen
# holds every headline tile at 1440×900); the first build has nothing to compare, so says nothing here.
digest = data.changes()
changed = (
    ""
    if digest.first
    else f"<br>{escape(changes_text.summary(digest))} — "
    '<a href="/data_methods?section=changes" target="_self">what changed ›</a>'
)
st.markdown(
    f"Latest data: **{md_text(latest)}** (Ofcom connectivity); each tile gives its own period · "
    "compared with Greater Manchester (GM) and England"
    + (f" · **{md_text(ward_name)}** shown beside Stockport where ward figures exist" if ward else "")
    + changed,
    unsafe_allow_html=True,
)

# -- At a glance and needs attention -------------------------------------------------------------
projects = data.projects()
counts = schemes.counts(projects)
capital, homes = judged["scheme_capital_gbp_m"], judged["scheme_homes"]


connectivity = [judged[i] for i in GROUPS["connectivity"]]
# Inclusion's outcomes are the council's published figures, not a count of comparisons (few exist for it).
published = data.facts("Digital inclusion")
outcomes = inclusion_outcomes.outcomes(published)
glance = [
    ("Connectivity", verdicts.theme_summary(connectivity) + overview_parts.targets_line(connectivity)),
    ("Town centres", schemes.glance_words(projects, capital.value, homes.value)),
    ("Inclusion", inclusion_outcomes.glance_words(outcomes)),
]  # the three themes, as the design reference's at-a-glance list has them; context is shown, unjudged, below
far = data.far_wards(HEADLINES)
attention = J.needs_attention(list(judged.values()), far)


def attention_item(a: J.Attention) -> tuple[str, str, str, str]:
    return *verdicts.attention_words(a), detail_link(a.judgement.indicator.id, a.wards[0].code if a.wards else None)


glance_col, attention_col = st.columns([1, 1], gap="large")
with glance_col:
    st.markdown(tiles.section_html("At a glance") + tiles.glance_html(glance), unsafe_allow_html=True)
with attention_col:
    items = [attention_item(a) for a in attention]
    st.markdown(
        tiles.section_html(f"Needs attention ({len(items)})") + tiles.attention_html(items[:3]), unsafe_allow_html=True
    )
    if len(items) > 3:
        page_style.folded(f"Show {len(items) - 3} more", tiles.attention_html(items[3:], start=4))

# -- Tiles per theme ------------------------------------------------------------------------------
profile = data.ward_profile(ward).set_index("indicator_id") if ward else None
sources = data.sources()
positions = deprivation.positions(data.deprivation_ranks())
# The edition of each source and of each borough tile's figure: a ward line names its edition when the two differ.
editions = sources.set_index("id").edition
borough_editions = data.headline(STOCKPORT).set_index("indicator_id").edition if ward else None


def ward_lines(indicator: str) -> tuple[tuple[str, str, str], ...]:
    return overview_parts.ward_lines(indicator, REGISTRY, profile, ward_name, editions, borough_editions)


def theme_tiles(theme: str) -> list[tiles.Tile]:
    made = []
    for i in GROUPS[theme]:
        t = deprivation.overview_tile(
            judged[i], detail_link(i), positions, theme not in REGISTRY.judgement.unjudged_themes
        )
        made.append(replace(t, ward_lines=ward_lines(i)))
    return made


def investment_tiles() -> list[tiles.Tile]:
    return overview_parts.investment_tiles(
        counts,
        judged,
        GROUPS["investment"],
        {i: detail_link(i) for i in GROUPS["investment"]},
        {i: ward_lines(i) for i in GROUPS["investment"]},
        ward_name,
        data.projects(ward) if ward else None,
    )


def source_html(theme: str) -> str:
    """The section's sources, and once, muted, any release of them that is late: made once per build,
    audience and day (data.per_build)."""
    ids = [s for i in GROUPS[theme] for s in [REGISTRY.indicators[i].source]]
    if "imd_score" in GROUPS[theme]:  # the national ranks on its tile
        ids += list(data.deprivation_ranks().source_id)
    judged_now = data.judgements(HEADLINES, STOCKPORT)
    return tiles.source_html(source_text(data.sources(), ids), tiles.late_line([judged_now[i] for i in GROUPS[theme]]))


def ward_note(theme: str) -> str:
    """One line when a ward is chosen but none of the theme's figures exist for wards."""
    if profile is None or any(i in profile.index for i in GROUPS[theme]) or theme == "investment":
        return ""
    return (
        f'<div class="os-source">{escape(ward_name)}: no ward figures are published for these; Stockport shown.</div>'
    )


def inclusion_html() -> str:
    """Outcomes, risk and reach under the inclusion tiles; the register's figures only for a reader who may
    see them (the query returns none to a public reader)."""
    register = data.series("inclusion_residents_supported", [STOCKPORT])
    rows = inclusion_outcomes.rows(
        outcomes,
        judged.get("deri_highest_risk_pop_pct"),
        data.latest_values("exclusion_risk_score", "ward"),
        published,
        clock.today(),
        register,
    )
    return tiles.summary_html(rows, "Digital inclusion: outcomes, risk and reach")


def similar_note(theme: str) -> tuple[str, str, str]:
    """Connectivity against the similar councils' medians, beside the section's heading, and where to meet them."""
    if theme != "connectivity":
        return "", "", ""
    standings = data.similar_councils(tuple(GROUPS["connectivity"]), STOCKPORT)
    return (
        similar_text.group_summary([standings[i] for i in GROUPS["connectivity"] if i in standings]),
        "/connectivity?section=similar",
        "who they are",
    )


for theme in ("connectivity", "investment", "inclusion"):
    made = investment_tiles() if theme == "investment" else theme_tiles(theme)
    more = {
        "connectivity": ("/connectivity", "All connectivity data"),
        "investment": ("/investment", "All schemes"),
        "inclusion": ("/inclusion", "All inclusion data"),
    }[theme]
    st.markdown(
        tiles.section_html(THEMES[theme], *more, *similar_note(theme))
        + ward_note(theme)
        + tiles.grid_html(made, f"{THEMES[theme]} tiles")
        + data.per_build(source_html, theme)
        + (inclusion_html() if theme == "inclusion" else ""),
        unsafe_allow_html=True,
    )

st.markdown(
    tiles.section_html("Context (no judgement: higher or lower, never better or worse)")
    + ward_note("context")
    + tiles.grid_html(theme_tiles("context"), "Context tiles")
    + data.per_build(source_html, "context"),
    unsafe_allow_html=True,
)


# -- Where the gaps are ----------------------------------------------------------------------------
def gap_sentence(indicator: str) -> str:
    """The three wards furthest in the direction that is a concern, in a plain sentence."""
    said = overview_parts.gap_sentence(
        indicator, REGISTRY, data.ward_gaps(indicator), data.latest_values(indicator, "ward")
    )
    return f"**{md_text(said[0])}**, {md_text(said[1])}" if said else ""


def gap_sentences(indicators: tuple[str, ...]) -> str:
    """Each indicator's gap sentence as a list, made once per build, audience and day (data.per_build)."""
    return "\n".join(f"- {s}" for s in (gap_sentence(i) for i in indicators) if s)


st.markdown(tiles.section_html("Where the gaps are"), unsafe_allow_html=True)
# HTML allowed (none is used) so it is drawn with the sections above: a plain element is drawn as
# soon as it arrives and, on a phone, would sit on the first screen until the sections pushed it down.
st.markdown(
    data.per_build(gap_sentences, tuple(GROUPS.get("gaps", ())))
    + "\n\nEach ward's figures: [Ward profile](/ward_profile).",
    unsafe_allow_html=True,
)

# A native disclosure drawn with the page's HTML: a Streamlit expander is drawn before the HTML above it
# and, on a phone, was pushed off the first screen by it (layout shift 0.04, issue 18).
page_style.folded(
    "About these figures",
    overview_parts.about_html(
        REGISTRY.judgement, source_text(sources, [REGISTRY.indicators[i].source for i in HEADLINES]), positions
    ),
)
state.finish(notices)
