"""A chart or map as an image to keep: the SVG a page already drew, as a standalone SVG document with its
title, period, source and licence drawn in (and said in its <title> and <desc>), so the picture still says
what it is once it is pasted into a slide or a paper far from the page it came from."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from html import escape

from .theme import DARK, INK, INK_SECONDARY, WHITE

PAD = 16  # px around the drawing and between its lines
MIN_WIDTH = 560  # px: a narrow drawing still gets room for a readable title and source
TITLE_PX, PERIOD_PX, SMALL_PX = 18, 14, 12
_VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"')


def first_svg(html: str) -> str:
    """The first <svg>…</svg> of page HTML: the widest of a chart drawn at several widths (ui/svg_blocks
    puts the widest first). The drawings hold no nested <svg>, so the first close ends it."""
    start = html.find("<svg")
    end = html.find("</svg>", start)
    if start < 0 or end < 0:
        raise ValueError("no <svg> drawing in the page HTML")
    return html[start : end + len("</svg>")]


def _lines(text: str, px: int, width: float) -> list[str]:
    # Arial averages a little over half its size a character.
    return textwrap.wrap(text, max(20, int(width / (0.55 * px)))) if text else []


def _text_block(lines: list[str], x: float, y: float, px: int, fill: str, bold: bool = False) -> tuple[str, float]:
    """Lines of text from baseline y; the markup and the y under the last line."""
    weight = ' font-weight="bold"' if bold else ""
    out = []
    for line in lines:
        y += px * 1.3
        out.append(f'<text x="{x:g}" y="{y:.1f}" font-size="{px}" fill="{fill}"{weight}>{escape(line)}</text>')
    return "".join(out), y


def _key(entries: Sequence[tuple[str, str]], x: float, y: float, width: float, ink: str) -> tuple[str, float]:
    """A map's key, a swatch and its words per class, in rows that fit the width."""
    out, left, y = [], x, y + 6
    for colour, label in entries:
        w = 22 + 0.55 * SMALL_PX * len(label) + 14
        if left > x and left + w > x + width:
            left, y = x, y + 22
        out.append(
            f'<rect x="{left:g}" y="{y:.1f}" width="16" height="16" fill="{escape(colour)}" stroke="{ink}" '
            f'stroke-width="0.5"/><text x="{left + 22:g}" y="{y + 12.5:.1f}" font-size="{SMALL_PX}" '
            f'fill="{ink}">{escape(label)}</text>'
        )
        left += w
    return "".join(out), (y + 22 if entries else y - 6)


def image_svg(
    drawing: str,
    title: str,
    period: str,
    source: str,
    licence: str = "",
    dark: bool = False,
    key: Sequence[tuple[str, str]] = (),
    note: str = "",
) -> str:
    """A standalone SVG document of `drawing` (an <svg> a page drew, its text in 'currentColor') under its
    title and period, with its `key` ((colour, words) per class of a map) and `note`, then its source and
    licence beneath; painted on the page's own background (`dark`: the dark theme's), as the reader saw it."""
    found = _VIEWBOX.search(drawing[: drawing.find(">")])
    if not drawing.startswith("<svg") or not found:
        raise ValueError("the drawing must be one <svg> with a viewBox")
    x0, y0, w, h = (float(v) for v in found.groups())
    width = max(w, MIN_WIDTH) + 2 * PAD
    room = width - 2 * PAD
    ink, quiet, paper = (DARK["ink"], DARK["ink"], DARK["page"]) if dark else (INK, INK_SECONDARY, WHITE)
    heading, y = _text_block(_lines(title, TITLE_PX, room), PAD, PAD / 2, TITLE_PX, ink, bold=True)
    dated, y = _text_block(_lines(period, PERIOD_PX, room), PAD, y, PERIOD_PX, quiet)
    top = y + PAD
    # The drawing nested as it is, placed and sized: its own <title> and <desc> go with it.
    inner = (
        f'<svg x="{PAD + (room - w) / 2:g}" y="{top:.1f}" width="{w:g}" height="{h:g}" '
        f'viewBox="{x0:g} {y0:g} {w:g} {h:g}" overflow="visible">' + drawing[drawing.find(">") + 1 :]
    )
    keyed, y = _key(key, PAD, top + h + PAD / 2, room, ink)
    noted, y = _text_block(_lines(note, SMALL_PX, room), PAD, y, SMALL_PX, quiet)
    credit, y = _text_block(
        _lines(source, SMALL_PX, room) + _lines(licence, SMALL_PX, room), PAD, y + PAD / 2, SMALL_PX, quiet
    )
    height = y + PAD
    said = ". ".join(p for p in (period, source, licence) if p)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:g}" height="{height:.0f}" '
        f'viewBox="0 0 {width:g} {height:.0f}" role="img" aria-labelledby="image-title image-desc" '
        f'color="{ink}" font-family="Arial, Helvetica, sans-serif">'
        f'<title id="image-title">{escape(title)}</title><desc id="image-desc">{escape(said)}</desc>'
        f'<rect width="100%" height="100%" fill="{paper}"/>{heading}{dated}{inner}{keyed}{noted}{credit}</svg>\n'
    )
