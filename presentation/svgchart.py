"""Static SVG charts (maps: svgmap.py) for pages (drawn on the server, ui/svg_blocks), the static export and print (ward
reports): no script, vector on paper, each with a <title> and <desc> that say what it shows, so a screen
reader and a tagged PDF carry the text alternative."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import pandas as pd

from .theme import HIGHLIGHT, INK, LINE_DASHES, LINE_MARKERS, MUTED, PALETTE, SPARKLINE
from .wording import is_share, latest_text, release_lines


def _svg(width: int, height: int, title: str, desc: str, body: list[str], uid: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" style="max-width:{width}px;font-family:Arial,sans-serif">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def bars(
    labels: list[str],
    values: list[float],
    texts: list[str],
    title: str,
    desc: str,
    uid: str,
    highlight: set[str] = frozenset(),
    width: int = 640,
    ink: str = INK,
    left: int = 250,
    references: Sequence[tuple[float, str]] = (),
    narrow: bool = False,
) -> str:
    """Horizontal bars from zero, each labelled with its formatted value and with a <title> (its hover
    text: label and value). `ink` is the text colour ('currentColor' on a page, so either theme reads).
    `references`: (value, name) dashed lines across the bars, named above them; each bar's value then
    moves beside its name, so no value can sit on a line. `narrow`: names above their bars, for a
    phone's width (drawn at `width`, the text stays its size)."""
    parts = [
        [(value, MUTED if label not in highlight else HIGHLIGHT, text, "")]
        for label, value, text in zip(labels, values, texts)
    ]
    return _bar_rows(labels, parts, texts, title, desc, uid, highlight, width, ink, left, references, narrow)


def stacked_bars(
    labels: list[str],
    parts: dict[str, list[float]],
    part_texts: dict[str, list[str]],
    totals: list[str],
    title: str,
    desc: str,
    uid: str,
    colours: Sequence[str],
    highlight: set[str] = frozenset(),
    width: int = 640,
    ink: str = INK,
    left: int = 250,
    narrow: bool = False,
) -> str:
    """Horizontal bars split into named parts that add up to each bar's total (printed at its end), a
    key of the parts' colours above; each part's <title> names the part and its value (the bar's name
    is beside it, and in the bar's own title)."""
    names = list(parts)
    rows = [
        [(parts[name][n], colours[k % len(colours)], part_texts[name][n], name) for k, name in enumerate(names)]
        for n in range(len(labels))
    ]
    key = [(name, colours[k % len(colours)]) for k, name in enumerate(names)]
    return _bar_rows(labels, rows, totals, title, desc, uid, highlight, width, ink, left, (), narrow, key)


def _fitted(label: str, room_px: int) -> str:
    """A bar's name cut to the room beside its bar (8 px a character, as svg_stills.left_room counts), with
    an ellipsis: a longer one ran off the drawing's left edge. Its <title> and the table keep it whole."""
    most = max(4, room_px // 8)
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def _bar_rows(
    labels,
    rows,
    totals,
    title,
    desc,
    uid,
    highlight,
    width,
    ink,
    left,
    references,
    narrow,
    key: Sequence[tuple[str, str]] = (),
) -> str:
    # rows: per bar, its parts as (value, colour, text, part name), drawn end to end from zero.
    left = 8 if narrow else left
    right = 12 if references else 8 + 8 * max(map(len, totals), default=4)
    row = 40 if narrow else 24
    top = 8 + _key_height(key, width) + 18 * len(references)
    height = top + row * len(labels) + 8
    sums = [sum(v for v, *_ in parts if v == v) for parts in rows]
    peak = max([s for s in sums if s == s] + [r for r, _ in references] + [0]) or 1
    scale = (width - left - right) / peak
    body = _key(key, width, ink)
    # The rows' text size and colour are said once, on their group: said on every label and total they
    # were a tenth of a stacked chart's markup, which the browser parses on arrival (issue 18).
    body.append(f'<g font-size="13" fill="{ink}">')
    for n, (label, parts, total) in enumerate(zip(labels, rows, totals)):
        y = top + n * row
        strong = label in highlight
        weight = ' font-weight="bold"' if strong else ""
        # With reference lines the value sits after the name, in bold (as on the Plotly chart).
        shown = label if narrow or references else _fitted(label, left - 16)
        name = escape(shown) + (f'<tspan dx="6" font-weight="bold">{escape(total)}</tspan>' if references else "")
        body.append(f"<g><title>{escape(label)}: {escape(total)}</title>")
        bar_y = y + (20 if narrow else 3)
        if narrow:
            body.append(f'<text x="{left}" y="{y + 14}"{weight}>{name}</text>')
        else:
            body.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end"{weight}>{name}</text>')
        x = left
        for value, colour, text, part in parts:
            w = 0 if value != value else value * scale
            # A part of a stacked bar has a title of its own (the innermost title is the one shown): the part
            # and its value, beside the bar's name on its row (21 names again were a tenth of the chart).
            # Not in the narrow drawing: it is a phone's, where nothing hovers, and the bar's title and the
            # table under the chart give every part.
            hover = f"<title>{escape(f'{part}: {text}')}</title>" if part and not narrow else ""
            body.append(
                f'<rect x="{x:.1f}" y="{bar_y}" width="{w:.1f}" height="{row - (22 if narrow else 8)}" '
                f'fill="{colour}">{hover}</rect>'
            )
            x += w
        if not references:
            body.append(f'<text x="{x + 6:.1f}" y="{bar_y + 13}"{weight}>{escape(total)}</text>')
        body.append("</g>")
    body.append("</g>")
    body.append(f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{height - 4}" stroke="{ink}"/>')
    for k, (value, name) in enumerate(references):
        x = left + value * scale
        anchor = (
            "end"
            if x > left + 0.66 * (width - left - right)
            else "start"
            if x < left + 0.33 * (width - left - right)
            else "middle"
        )
        label_y = top - 8 - 18 * (len(references) - 1 - k)
        body.append(
            f'<g><title>{escape(name)}</title><line x1="{x:.1f}" y1="{label_y + 4}" x2="{x:.1f}" y2="{height - 4}" '
            f'stroke="{ink}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{x:.1f}" y="{label_y}" text-anchor="{anchor}" font-size="12" fill="{ink}">{escape(name)}</text></g>'
        )
    return _svg(width, height, title, desc, body, uid)


def _key_rows(key: Sequence[tuple[str, str]], width: int) -> list[list[tuple[str, str, float]]]:
    """The key's entries laid out in rows that fit the width: (name, colour, x)."""
    rows, x = [[]], 8.0
    for name, colour in key:
        w = 22 + 7 * len(name) + 16
        if rows[-1] and x + w > width:
            rows.append([])
            x = 8.0
        rows[-1].append((name, colour, x))
        x += w
    return rows if key else []


def _key_height(key, width: int) -> int:
    return 20 * len(_key_rows(key, width)) + (6 if key else 0)


def _key(key, width: int, ink: str) -> list[str]:
    body = []
    for r, entries in enumerate(_key_rows(key, width)):
        y = 8 + 20 * r
        for name, colour, x in entries:
            body.append(
                f'<rect x="{x:.1f}" y="{y + 2}" width="14" height="14" fill="{colour}"/>'
                f'<text x="{x + 20:.1f}" y="{y + 14}" font-size="12" fill="{ink}">{escape(name)}</text>'
            )
    return body


# Plotly's dash names as SVG dash patterns, for lines 2-3 px wide.
SVG_DASHES = {"solid": "", "dot": "2 4", "dash": "8 5", "dashdot": "8 4 2 4", "longdash": "14 6"}
CHAR = 6.8  # px: a generous width of one character of 12 px Arial (bold too), for laying text out on the server


def _marker(shape: str, x: float, y: float, colour: str, size: float = 7, open_: bool = False) -> str:
    """One of Plotly's marker shapes (theme.LINE_MARKERS) at x, y, `size` across."""
    r = size / 2
    paint = f'fill="none" stroke="{colour}" stroke-width="1.5"' if open_ else f'fill="{colour}"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint}/>'
    if shape == "square":
        return (
            f'<rect x="{x - r * 0.9:.1f}" y="{y - r * 0.9:.1f}" width="{r * 1.8:.1f}" height="{r * 1.8:.1f}" {paint}/>'
        )
    if shape in ("x", "cross"):
        d = (
            f"M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},{y + r:.1f}L{x + r:.1f},{y - r:.1f}"
            if shape == "x"
            else f"M{x - r:.1f},{y:.1f}H{x + r:.1f}M{x:.1f},{y - r:.1f}V{y + r:.1f}"
        )
        return f'<path d="{d}" stroke="{colour}" stroke-width="2.5" fill="none"/>'
    corners = (
        [(0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)] if shape == "diamond" else [(0, -1.2), (1.1, 0.8), (-1.1, 0.8)]
    )  # triangle-up
    points = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners)
    return f'<polygon points="{points}" {paint}/>'


def _wrapped(text: str, chars: int) -> list[str]:
    """`text` in lines of at most `chars` characters, broken between words."""
    lines = [""]
    for word in text.split(" "):
        if lines[-1] and len(lines[-1]) + 1 + len(word) > chars:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    return lines


def _line_key(entries: list[tuple[str, str, bool]], width: int, ink: str, top: float) -> tuple[list[str], float]:
    """A key of lines: (name, sample drawing at 0,0 spanning 0..28 px, bold) entries in aligned
    columns, an entry wider than a column across as many as it needs, a name too long for the width
    wrapped; the drawing and the height it takes."""
    room = width - 8

    def lines_of(name: str) -> list[str]:
        return _wrapped(name, int((width - 52) / CHAR))

    def need(name: str) -> float:
        return 36 + CHAR * max(map(len, lines_of(name))) + 16

    cell = max([need(name) for name, *_ in entries if need(name) <= room / 2] or [room])
    columns = max(1, int(room // cell))
    body, column, y, row = [], 0, top, 0.0
    for name, sample, bold in entries:
        lines, span = lines_of(name), min(columns, math.ceil(need(name) / cell))
        if column and column + span > columns:
            column, y, row = 0, y + row, 0.0
        x = 8 + column * cell
        weight = ' font-weight="bold"' if bold else ""
        body.append(
            f'<g transform="translate({x:.1f},{y + 10:.1f})">{sample}</g>'
            + "".join(
                f'<text x="{x + 36:.1f}" y="{y + 14 + 16 * n:.1f}" font-size="12" fill="{ink}"{weight}>'
                f"{escape(line)}</text>"
                for n, line in enumerate(lines)
            )
        )
        row = max(row, 20 + 16 * (len(lines) - 1))
        column += span
    return body, y + row - top


def _year_step(years: int, plot_width: float) -> int:
    """Label every year, or every 2nd, 5th or 10th, so that year labels never touch."""
    return next(s for s in (1, 2, 5, 10, 20) if plot_width / max(years, 1) * s >= 40)


def _value_ticks(values: list[float], unit: str) -> tuple[list[float], list[str]]:
    """Round ticks over the values (a share's within 0..100, as line_chart clips Plotly's axis),
    written with as few decimals as they need."""
    ticks = nice_ticks(float(min(values)), float(max(values)), 5)
    if is_share(unit):
        ticks = [t for t in ticks if 0 <= t <= 100]
    if len(ticks) < 2:
        ticks = [0.0, 100.0] if is_share(unit) else [ticks[0], ticks[0] + 1]
    decimals = next((d for d in range(4) if all(abs(round(t, d) - t) < 1e-9 for t in ticks)), 4)
    return ticks, [f"{t:,.{decimals}f}" for t in ticks]


def trend(
    frame: pd.DataFrame,
    title: str,
    uid: str,
    fmt,
    unit: str,
    emphasis: str | None = None,
    marks: Sequence = (),
    width: int = 720,
    ink: str = INK,
    colours: Sequence[str] = PALETTE,
    narrow: bool = False,
) -> str:
    """A time chart saying what presentation/charts.line_chart (with target_drawing.add_target) says,
    with no script: one line per area (frame: area_name, period_start, period_label, value, optional
    note; in its order, `emphasis` strongest), each told apart by colour, dash and marker; every
    point's <title> names area, period and figure (and its release); each target (`marks`:
    target_marks.TargetMarks) a dashed level line and the recent pace a dotted line with open
    markers, all named in a key above the plot. `unit` is named over the axis, which stays within
    0..100 for a share; `fmt` formats a value; `narrow`: laid out for a phone's column (drawn at
    `width`, the text stays its size)."""
    # Areas in the frame's order (as line_chart takes them, so each keeps its colour, dash and marker).
    groups = [
        (name, g.sort_values("period_start", kind="stable")) for name, g in frame.groupby("area_name", sort=False)
    ]
    valued = frame.dropna(subset=["value"])
    if valued.empty:
        return ""
    # Every series and mark's dates and figures set the axes (as Plotly's autorange does).
    dates = list(frame.period_start) + [d for m in marks for d in m.xs]
    values = list(valued.value) + [v for m in marks for v in (m.value, *m.pace_y)]
    x0, x1 = pd.Timestamp(min(dates)), pd.Timestamp(max(dates))
    ticks, tick_texts = _value_ticks(values, unit)
    lo, hi = ticks[0], ticks[-1]

    # The key: each area with its latest figure, then each target and its recent pace.
    styles, entries, latest_texts = {}, [], []
    for n, (name, g) in enumerate(groups):
        strong = emphasis is None or name == emphasis
        styles[name] = (
            colours[n % len(colours)],
            3 if strong else 2,
            SVG_DASHES["solid" if strong else LINE_DASHES[n % len(LINE_DASHES)]],
            LINE_MARKERS[n % len(LINE_MARKERS)],
        )
        colour, w, dash, shape = styles[name]
        latest = latest_text(g, fmt)
        latest_texts.append(f"{name} {latest}")
        entries.append(
            (
                f"{name}: {latest}",
                f'<line x1="0" y1="0" x2="28" y2="0" stroke="{colour}" stroke-width="{w}" stroke-dasharray="{dash}"/>'
                + _marker(shape, 14, 0, colour),
                name == emphasis,
            )
        )
    for m in marks:
        entries.append(
            (
                m.label,
                f'<line x1="0" y1="0" x2="28" y2="0" stroke="{ink}" stroke-width="2" '
                f'stroke-dasharray="{SVG_DASHES["dash"]}"/>',
                False,
            )
        )
        if m.pace_name:
            entries.append(
                (
                    m.pace_name,
                    f'<line x1="0" y1="0" x2="28" y2="0" stroke="{colours[0]}" stroke-width="2" '
                    f'stroke-dasharray="{SVG_DASHES["dot"]}"/>' + _marker("circle", 14, 0, colours[0], 8, True),
                    False,
                )
            )
    body, key_height = _line_key(entries, width, ink, 4)

    left = 14 + CHAR * max(map(len, tick_texts))
    right = 16
    top = 4 + key_height + 26  # room for the axis's unit above it
    plot_h = 220 if narrow else 300 if width < 1000 else 340
    height = int(top + plot_h + 30)
    span = (x1 - x0).days or 1

    def xy(d, v) -> tuple[float, float]:
        return (left + (pd.Timestamp(d) - x0).days / span * (width - left - right), top + (hi - v) / (hi - lo) * plot_h)

    if unit:
        body.append(f'<text x="8" y="{top - 12}" font-size="12" fill="{ink}">{escape(unit)}</text>')
    for t, text in zip(ticks, tick_texts):
        _, y = xy(x0, t)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{ink}" stroke-opacity="0.15"/>'
            f'<text x="{left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" font-size="12" fill="{ink}">{text}</text>'
        )
    bottom = top + plot_h
    body.append(
        f'<line x1="{left}" x2="{width - right}" y1="{bottom}" y2="{bottom}" stroke="{ink}" stroke-opacity="0.6"/>'
    )
    years = [y for y in range(x0.year, x1.year + 2) if x0 <= pd.Timestamp(year=y, month=1, day=1) <= x1]
    every = _year_step(len(years), width - left - right)
    for year in years:
        x, _ = xy(pd.Timestamp(year=year, month=1, day=1), lo)
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{bottom}" y2="{bottom + 5}" stroke="{ink}" stroke-opacity="0.6"/>'
        )
        if year % every == 0 or every == 1:
            body.append(
                f'<text x="{x:.1f}" y="{bottom + 20}" text-anchor="middle" font-size="12" fill="{ink}">{year}</text>'
            )

    def hoverable(text: str, drawing: str, x: float, y: float) -> str:
        # A point's <title> is its hover text; a clear disc round it gives the pointer room.
        return (
            f'<g class="os-point"><title>{escape(text)}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="transparent"/>{drawing}</g>'
        )

    for m in marks:
        (xa, ya), (xb, _) = xy(m.start, m.value), xy(m.end, m.value)
        body.append(
            f'<g class="os-target"><title>{escape(m.label)}</title>'
            f'<line x1="{xa:.1f}" x2="{xb:.1f}" y1="{ya:.1f}" y2="{ya:.1f}" stroke="transparent" stroke-width="10"/>'
            f'<line x1="{xa:.1f}" x2="{xb:.1f}" y1="{ya:.1f}" y2="{ya:.1f}" stroke="{ink}" stroke-width="2" '
            f'stroke-dasharray="{SVG_DASHES["dash"]}"/></g>'
        )
    # The emphasised area last, so it lies on top.
    order = sorted(range(len(groups)), key=lambda n: emphasis is not None and groups[n][0] == emphasis)
    for n in order:
        name, g = groups[n]
        colour, w, dash, shape = styles[name]
        runs, run = [], []
        for v, d in zip(g.value, g.period_start):  # a missing figure breaks the line, as in Plotly
            if pd.notna(v):
                run.append(xy(d, v))
            elif run:
                runs, run = runs + [run], []
        for points in runs + ([run] if run else []):
            body.append(
                f'<polyline points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="none" '
                f'stroke="{colour}" stroke-width="{w}" stroke-dasharray="{dash}" stroke-linejoin="round"/>'
            )
        notes = g["note"] if "note" in g.columns else [None] * len(g)
        for v, d, label, note in zip(g.value, g.period_start, g.period_label, notes):
            if pd.notna(v):
                x, y = xy(d, v)
                text = "\n".join([f"{name}, {label}: {fmt(v)}", *release_lines(note)])
                body.append(hoverable(text, _marker(shape, x, y, colour), x, y))
    for m in marks:
        if not m.pace_name:
            continue
        points = [xy(d, v) for d, v in zip(m.pace_x, m.pace_y)]
        body.append(
            f'<polyline class="os-pace" points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="none" '
            f'stroke="{colours[0]}" stroke-width="2" stroke-dasharray="{SVG_DASHES["dot"]}"/>'
        )
        for (x, y), d, text in zip(points, m.pace_x, m.pace_texts):
            body.append(
                hoverable(
                    f"At the recent pace: {text} at {pd.Timestamp(d):%b %Y}",
                    _marker("circle", x, y, colours[0], 8, True),
                    x,
                    y,
                )
            )

    first, last = frame.sort_values("period_start", kind="stable").period_label.iloc[[0, -1]]
    desc = (
        f"Line chart from {first} to {last}. Latest: "
        + "; ".join(latest_texts)
        + "."
        + "".join(f" {m.label}." + (f" {m.pace_name}." if m.pace_name else "") for m in marks)
    )
    return _svg(width, height, title, desc, body, uid)


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 × 10^n) covering lo..hi."""
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    raw = (hi - lo) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks = [first]
    while ticks[-1] < hi - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def sparkline(
    points: list[tuple[str, float]],
    title: str,
    percentage: bool = False,
    colour: str = SPARKLINE,
    width: int = 96,
    height: int = 30,
) -> str:
    """A small line of one area's comparable releases, from zero (to 100 for a percentage), never zoomed
    to the data so a small change looks small; the first and last periods are in its <title>, which a
    mouse shows. Decoration beside words that say the same (a tile's trend line and accessible name):
    its place on the page is hidden from screen readers, so it carries no role or description."""
    values = [v for _, v in points if v == v]
    if len(values) < 2:
        return ""
    top = 100.0 if percentage else max(values) * 1.1 or 1.0
    step = (width - 6) / (len(points) - 1)
    xy = [(3 + n * step, height - 3 - (v / top) * (height - 6)) for n, (_, v) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    last = xy[-1]
    body = [
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>',
        f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.5" fill="{colour}"/>',
    ]
    return f'<svg viewBox="0 0 {width} {height}" width="100%"><title>{escape(title)}</title>{"".join(body)}</svg>'
