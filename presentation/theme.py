"""The product's colours, each typed once: the dashboard's charts and maps, the static public export,
the ward reports and the CSS templates (presentation/templates/*.css, which read `COLOURS`) take them from here."""

from __future__ import annotations

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
HIGHLIGHT, MUTED = PALETTE[0], "#8C8C8C"
SELECTED = PALETTE[5]  # the outline of the area a reader chose


def rgb(colour: str) -> tuple[int, int, int]:
    """'#RRGGBB' as (r, g, b), for deck.gl layers and contrast sums."""
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


SELECTED_RGB = rgb(SELECTED)  # for deck.gl layers
INK = "#1F2937"  # body text (14.7:1 on white; .streamlit/config.toml holds the same for Streamlit)
INK_SECONDARY = "#374151"  # captions, footers, meta lines (10.3:1 on white)
GRID, AXIS = "#E5E7EB", "#6B7280"
RULE = "#D1D5DB"  # table rules; light grey for black on the dark page
NO_DATA = "#DCDCDC"  # an area drawn without a figure
# A choropleth's ground on the dark page (the light grid grey): its darkest class (viridis's deepest purple)
# is 1.2:1 on the page itself, so "darker = more" would read as "missing"; on this ground every class reads.
MAP_GROUND_DARK = GRID
# Judgement tags (GOV.UK / FingertipsNext, docs/judgement.md): role -> (background, text, border). Borders
# keep a pale tag visible on white and a dark one on the dark theme.
WHITE, GOVUK_BLACK, GOVUK_MID_GREY = "#FFFFFF", "#0B0C0C", "#B1B4B6"
GOVUK_GREEN, GOVUK_YELLOW, GOVUK_RED = "#00703C", "#FFDD00", "#D4351C"
GOVUK_LIGHT_BLUE, GOVUK_DARK_BLUE = "#5694CA", "#003078"
JUDGEMENT_TAGS = {
    "better": (GOVUK_GREEN, WHITE, GOVUK_GREEN),
    "similar": (GOVUK_YELLOW, GOVUK_BLACK, GOVUK_BLACK),
    "worse": (GOVUK_RED, WHITE, GOVUK_RED),
    "lower": (GOVUK_LIGHT_BLUE, GOVUK_BLACK, GOVUK_LIGHT_BLUE),
    "higher": (GOVUK_DARK_BLUE, WHITE, GOVUK_MID_GREY),
    "not compared": ("transparent", "inherit", GOVUK_MID_GREY),
}
SPARKLINE = "#2B8CC4"  # one series on either theme: 3.7:1 on white, 4.8:1 on the dark background
# On the dark page (DARK["page"], as in .streamlit/config.toml): light text 16.1:1, a quiet grid; black, the
# one palette colour lost on dark, becomes light grey.
DARK = dict(
    page="#111827", ink="#F3F4F6", link="#8CC8FF", grid=INK_SECONDARY, axis="#9CA3AF", backdrop="rgba(17,24,39,0.9)"
)
DARK_PALETTE = [c if c != PALETTE[6] else RULE for c in PALETTE]  # PALETTE[6] is black
# A time chart's lines told apart by colour, dash AND marker, never colour alone: the n-th area takes
# PALETTE[n], LINE_DASHES[n % 4] (the emphasised area solid) and LINE_MARKERS[n % 6] (Plotly's names).
LINE_DASHES = ["dot", "dash", "dashdot", "longdash"]
LINE_MARKERS = ["circle", "square", "diamond", "triangle-up", "x", "cross"]
FONT = dict(family="Source Sans Pro, sans-serif", size=14, color=INK)

# The names the CSS templates use.
COLOURS = dict(
    ink=INK,
    ink_secondary=INK_SECONDARY,
    accent=PALETTE[0],
    focus=PALETTE[1],
    selected=SELECTED,
    paper=WHITE,
    link="#0B5394",
    tag="#005EA5",
    rule=RULE,
    key_edge="#555555",
    flag_edge="#B45309",
    flag_fill="#FFF7ED",  # a late release
    sample_edge="#7C3AED",
    sample_fill="#F5F3FF",
)  # illustrative figures
