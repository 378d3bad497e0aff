"""The product's colours and the CSS of its HTML documents, each typed once: the dashboard's charts and
maps, the static public export and the ward reports all take them from here."""
from __future__ import annotations

from string import Template

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
HIGHLIGHT, MUTED = PALETTE[0], "#8C8C8C"
SELECTED = PALETTE[5]  # the outline of the area a reader chose
SELECTED_RGB = tuple(int(SELECTED[i:i + 2], 16) for i in (1, 3, 5))  # for deck.gl layers
INK = "#1F2937"  # body text (14.7:1 on white; .streamlit/config.toml holds the same for Streamlit)
GRID, AXIS = "#E5E7EB", "#6B7280"
# On the dark page (#111827, .streamlit/config.toml): light text 16.1:1, a quiet grid; black, the
# one palette colour lost on dark, becomes light grey.
DARK = dict(page="#111827", ink="#F3F4F6", grid="#374151", axis="#9CA3AF", backdrop="rgba(17,24,39,0.9)")
DARK_PALETTE = [c if c != "#000000" else "#D1D5DB" for c in PALETTE]
FONT = dict(family="Source Sans Pro, sans-serif", size=14, color=INK)
_COLOURS = dict(ink=INK, accent=PALETTE[0], focus=PALETTE[1])

# Every HTML document: readable type, visible focus, tables screen readers can follow.
BASE_CSS = Template("""
:root { color-scheme: light; }
body { font-family: "Source Sans Pro", "Segoe UI", Arial, sans-serif; color: $ink; background: #fff;
       line-height: 1.45; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.9rem; margin: 0 0 .5rem; } h2 { font-size: 1.35rem; margin: 1.6rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.2rem 0 .4rem; }
a { color: #0B5394; } a:focus { outline: 3px solid $focus; outline-offset: 2px; }
.meta { color: #374151; font-size: .95rem; }
.flag { border-left: 4px solid #B45309; background: #FFF7ED; padding: .5rem .75rem; }
.sample { border-left: 4px solid #7C3AED; background: #F5F3FF; padding: .5rem .75rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid #D1D5DB; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
footer { margin-top: 2rem; border-top: 1px solid #D1D5DB; padding-top: .75rem; font-size: .9rem; color: #374151; }
""").substitute(_COLOURS)

# Ward reports on A4: nothing split across pages that a reader needs together.
PRINT_CSS = Template("""
@page { size: A4; margin: 14mm 13mm 16mm; }
@media print { main { max-width: none; padding: 0; } a { color: $ink; } }
main { max-width: 48rem; }
h3 { break-after: avoid; }
h2 { break-after: avoid; border-bottom: 2px solid $accent; padding-bottom: .15rem; }
figure { margin: .5rem 0 1rem; break-inside: avoid; } figcaption { font-size: .88rem; color: #374151; }
tr { break-inside: avoid; } table { font-size: .85rem; }
.cover { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; font-size: .85rem; }
.legend span.key { display: inline-block; width: 14px; height: 14px; border: 1px solid #555; margin-right: 5px;
                   vertical-align: -2px; }
.audience { font-weight: 600; }
""").substitute(_COLOURS)
