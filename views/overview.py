"""Overview for leadership: how Stockport is doing against England, Greater Manchester and targets, and
what needs attention. Judgements come from pipeline/rules/judgement.py (rules in registry.toml); this page
only lays them out, as HTML tiles (few Streamlit elements, no chart on the first screen)."""
from dataclasses import replace
from html import escape

import streamlit as st

from pipeline import clock
from pipeline.rules import judgement as J
from pipeline.registry import STOCKPORT, load_registry
from presentation import changes_text, deprivation, inclusion_outcomes, schemes, similar_text, tiles, verdicts
from presentation.wording import fmt, source_text
from ui import data, page_style, state
from ui.md import md_text


REGISTRY = load_registry()
GROUPS = REGISTRY.overview
THEMES = {"connectivity": "Connectivity", "investment": "Town-centre investment", "inclusion": "Digital inclusion",
          "context": "Context"}
HEADLINES = tuple(i for theme in THEMES for i in GROUPS.get(theme, ()))
# Where each indicator is explained: its page and view.
PAGE_OF = {"connectivity": "/connectivity?indicator={id}", "investment": "/investment",
           "inclusion": "/inclusion?driver={id}", "context": "/data_methods"}
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
st.title("One Stockport: how is Stockport doing?")
# What changed since the last update, on the line under the data's date (one element: the first screen
# holds every headline tile at 1440×900); the first build has nothing to compare, so says nothing here.
digest = data.changes()
changed = ("" if digest.first else f'<br>{escape(changes_text.summary(digest))} — '
           '<a href="/data_methods?section=changes" target="_self">what changed ›</a>')
st.markdown(f"Latest data: **{md_text(latest)}** (Ofcom connectivity); each tile gives its own period · "
            "compared with Greater Manchester (GM) and England"
            + (f" · **{md_text(ward_name)}** shown beside Stockport where ward figures exist" if ward else "")
            + changed, unsafe_allow_html=True)

# -- At a glance and needs attention -------------------------------------------------------------
projects = data.projects()
counts = schemes.counts(projects)
capital, homes = judged["scheme_capital_gbp_m"], judged["scheme_homes"]


def targets_line(js: list[J.Judgement]) -> str:
    set_ = [j for j in js if j.target.status != J.NO_TARGET]
    good = [j for j in set_ if j.target.status in (J.MET, J.ON_COURSE)]
    return f"; {len(good)} of {len(set_)} targets met or on course" if set_ else ""


connectivity = [judged[i] for i in GROUPS["connectivity"]]
# Inclusion's outcomes are the council's published figures, not a count of comparisons (few exist for it).
published = data.facts("Digital inclusion")
outcomes = inclusion_outcomes.outcomes(published)
glance = [
    ("Connectivity", verdicts.theme_summary(connectivity) + targets_line(connectivity)),
    ("Town centres", f"{schemes.counts_text(projects)}: {fmt(capital.value, '£ million', 0)} capital, "
                     f"{fmt(homes.value, 'homes', 0)}"),
    ("Inclusion", inclusion_outcomes.glance_words(outcomes)),
]  # the three themes, as the design reference's at-a-glance list has them; context is shown, unjudged, below
far = data.far_wards(HEADLINES)
attention = J.needs_attention(list(judged.values()), far)


def attention_item(a: J.Attention) -> tuple[str, str, str, str]:
    j = a.judgement
    # A ward item compares wards with the borough in the wards' own period (the reason says which), so
    # the borough's latest figure, perhaps another edition, would mislead beside it.
    value = "" if a.wards else f"{fmt(j.value, j.indicator.unit, j.indicator.decimals)} ({j.period_label})"
    link = detail_link(j.indicator.id, a.wards[0].code if a.wards else None)
    return j.indicator.short, value, verdicts.attention_reason(a), link


glance_col, attention_col = st.columns([1, 1], gap="large")
with glance_col:
    st.markdown(tiles.section_html("At a glance") + tiles.glance_html(glance), unsafe_allow_html=True)
with attention_col:
    items = [attention_item(a) for a in attention]
    st.markdown(tiles.section_html(f"Needs attention ({len(items)})") + tiles.attention_html(items[:3]),
                unsafe_allow_html=True)
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
    """The chosen ward beside Stockport (same period), or why not."""
    if profile is None:
        return ()
    ind = REGISTRY.indicators[indicator]
    if indicator not in profile.index:
        others = [i for i in GROUPS[ind.theme if ind.theme in GROUPS else "context"] if i in profile.index]
        return ((J.NOT_COMPARED, "–", f"{ward_name}: no ward figure; Stockport shown"),) if others else ()
    row = profile.loc[indicator]
    named = deprivation.beside_edition(editions.get(row.source_id), borough_editions.get(indicator))
    shown = f"{ward_name}: {fmt(row.value, ind.unit, ind.decimals)} ({named or row.period_label})"
    b = J.ward_beside_borough(row.value, row.borough_value, ind, REGISTRY.judgement, row.period_label)
    if b is None:
        return ((J.NOT_COMPARED, "–", f"{shown}, a ward total"),)
    if named:  # the borough's figure of the ward's own edition, named, not the tile's newer one
        b = replace(b, against=f"Stockport's {named} {'score' if ind.unit.startswith('score') else 'figure'}")
    return ((J.NOT_COMPARED, "", shown), (b.outcome, verdicts.GLYPHS[b.outcome],
                                          verdicts.benchmark_words(b, ind.unit, ind.decimals)))


def theme_tiles(theme: str) -> list[tiles.Tile]:
    made = []
    for i in GROUPS[theme]:
        t = (deprivation.national_tile(judged[i], detail_link(i), positions) if i == "imd_score" else
             tiles.judgement_tile(judged[i], detail_link(i), with_target=theme not in REGISTRY.judgement.unjudged_themes))
        made.append(replace(t, ward_lines=ward_lines(i)))
    return made


def investment_tiles() -> list[tiles.Tile]:
    plain = ((J.NOT_COMPARED, "–", "Not compared (Stockport only) · No target set"),)
    ward_projects = data.projects(ward) if ward else None
    ward_schemes = (((J.NOT_COMPARED, "–", f"{ward_name}: {schemes.counts_text(ward_projects)}"),)
                    if ward else ())
    first = tiles.Tile("Schemes", f"{counts['schemes']} schemes", f"and {counts['programmes']} programmes",
                       plain, "/investment", "", ward_schemes)
    rest = [tiles.Tile(judged[i].indicator.short, fmt(judged[i].value, judged[i].indicator.unit,
                                                      judged[i].indicator.decimals),
                       judged[i].period_label, plain, detail_link(i), "", ward_lines(i)) for i in GROUPS["investment"]]
    return [first, *rest]


def source_html(theme: str) -> str:
    """The section's sources, and once, muted, any release of them that is late."""
    ids = [s for i in GROUPS[theme] for s in [REGISTRY.indicators[i].source]]
    if "imd_score" in GROUPS[theme]:  # the national ranks on its tile
        ids += list(data.deprivation_ranks().source_id)
    return tiles.source_html(source_text(sources, ids), tiles.late_line([judged[i] for i in GROUPS[theme]]))


def ward_note(theme: str) -> str:
    """One line when a ward is chosen but none of the theme's figures exist for wards."""
    if profile is None or any(i in profile.index for i in GROUPS[theme]) or theme == "investment":
        return ""
    return f'<div class="os-source">{escape(ward_name)}: no ward figures are published for these; Stockport shown.</div>'


def inclusion_html() -> str:
    """Outcomes, risk and reach under the inclusion tiles; the register's figures only for a reader who may
    see them (the query returns none to a public reader)."""
    register = data.series("inclusion_residents_supported", [STOCKPORT])
    rows = inclusion_outcomes.rows(outcomes, judged.get("deri_highest_risk_pop_pct"),
                                   data.latest_values("exclusion_risk_score", "ward"), published, clock.today(), register)
    return tiles.summary_html(rows, "Digital inclusion: outcomes, risk and reach")


def similar_note(theme: str) -> tuple[str, str, str]:
    """Connectivity against the similar councils' medians, beside the section's heading, and where to meet them."""
    if theme != "connectivity":
        return "", "", ""
    standings = data.similar_councils(tuple(GROUPS["connectivity"]), STOCKPORT)
    return (similar_text.group_summary([standings[i] for i in GROUPS["connectivity"] if i in standings]),
            "/connectivity?section=similar", "who they are")


for theme in ("connectivity", "investment", "inclusion"):
    made = investment_tiles() if theme == "investment" else theme_tiles(theme)
    more = {"connectivity": ("/connectivity", "All connectivity data"), "investment": ("/investment", "All schemes"),
            "inclusion": ("/inclusion", "All inclusion data")}[theme]
    st.markdown(tiles.section_html(THEMES[theme], *more, *similar_note(theme)) + ward_note(theme) + tiles.grid_html(made, f"{THEMES[theme]} tiles")
                + source_html(theme) + (inclusion_html() if theme == "inclusion" else ""), unsafe_allow_html=True)

st.markdown(tiles.section_html("Context (no judgement: higher or lower, never better or worse)")
            + ward_note("context") + tiles.grid_html(theme_tiles("context"), "Context tiles")
            + source_html("context"), unsafe_allow_html=True)

# -- Where the gaps are ----------------------------------------------------------------------------
def gap_sentence(indicator: str) -> str:
    """The three wards furthest in the direction that is a concern, in a plain sentence."""
    ind = REGISTRY.indicators[indicator]
    direction = J.concern_direction(ind, REGISTRY)
    gaps = data.ward_gaps(indicator)  # ward and borough of one period
    values = gaps if not gaps.empty else data.latest_values(indicator, "ward")
    values = values.dropna(subset=["value"])
    if values.empty:
        return ""
    worst = values.sort_values("value", ascending=direction == "lower").head(3)
    against = (f" (Stockport {fmt(worst.borough_value.iloc[0], ind.unit, ind.decimals)})"
               if "borough_value" in worst else "")
    names = "; ".join(f"{r.area_name} {fmt(r.value, ind.unit, ind.decimals)}" for r in worst.itertuples())
    why = f"a {direction} figure is the concern"
    return f"**{md_text(ind.title)}**, {worst.period_label.iloc[0]} ({why}): {md_text(names)}{md_text(against)}."


st.markdown(tiles.section_html("Where the gaps are"), unsafe_allow_html=True)
# HTML allowed (none is used) so it is drawn with the sections above: a plain element is drawn as
# soon as it arrives and, on a phone, would sit on the first screen until the sections pushed it down.
st.markdown("\n".join(f"- {s}" for s in (gap_sentence(i) for i in GROUPS.get("gaps", ())) if s)
            + "\n\nEach ward's figures: [Ward profile](/ward_profile).", unsafe_allow_html=True)

rules = REGISTRY.judgement
# A native disclosure drawn with the page's HTML: a Streamlit expander is drawn before the HTML above it
# and, on a phone, was pushed off the first screen by it (layout shift 0.04, issue 18).
page_style.folded("About these figures", (
    "<p><strong>How figures are judged.</strong> Stockport is compared with England and Greater Manchester only for "
    "the same period and definition; otherwise the tile says <em>Not compared</em>. Two figures are <em>similar</em> "
    "when the comparator lies inside Stockport's 95% confidence interval where one is published (or, for a ward's "
    "Census share, its Wilson interval from the counts), otherwise when they "
    f"differ by no more than a tolerance <em>t</em> plus the publisher's rounding step (<em>within rounding</em>): "
    f"for percentages <em>t</em> is the smaller of {rules.percentage_points:g} "
    f"percentage point and {rules.percentage_share:.0%} of the comparator, for counts, £ and rates "
    f"{rules.other_share:.0%} of the comparator. Better or worse follows each indicator's polarity; "
    "population and context figures are only higher or lower. A trend is a straight line through the last "
    f"{rules.trend_releases} comparable releases (at least {rules.trend_minimum}); a fitted change within <em>t</em> "
    "plus the rounding step is <em>No clear change</em>, and a new edition of an index or a publisher's method "
    "change restarts it. A percentage target is projected on its gap to 100% (or 0%), closing at its pace over the "
    "last three years and the last year; if they disagree, the cautious verdict. "
    "Needs attention lists, in order: off course for a target; worse than England and GM; "
    "worse than one and getting worse; worse than one; getting worse; and wards more than "
    f"{rules.ward_far_tolerances:g} × <em>t</em> from the borough in the direction of concern. A release later than "
    "its publisher's schedule plus a grace period is a task for the data team, noted beside its section's source and listed on "
    "Data and methods, not a concern for this list. Sparklines start at "
    "zero (and end at 100 for percentages) so a small change looks small.</p>"
    "<p><strong>Sources.</strong> "
    + escape(source_text(sources, [REGISTRY.indicators[i].source for i in HEADLINES]).removeprefix("Source: ")) + "</p>"
    + deprivation.about_html(positions)
    + '<p>Full definitions, licences and release dates: <a href="/data_methods" target="_self">Data and methods</a>.</p>'))
state.finish(notices)
