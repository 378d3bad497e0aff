"""Static SVG charts for print (ward reports): no script, vector on paper, each with a <title> and
<desc> that say what it shows, so a screen reader and a tagged PDF carry the text alternative."""
from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import pandas as pd

from .maps import rings  # the one GeoJSON ring reader
from .theme import GRID, HIGHLIGHT, INK, MUTED, NO_DATA, PALETTE, SELECTED, SPARKLINE



def _svg(width: int, height: int, title: str, desc: str, body: list[str], uid: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-labelledby="{uid}-t {uid}-d" style="max-width:{width}px;font-family:Arial,sans-serif">'
            f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
            + "".join(body) + "</svg>")


def bars(labels: list[str], values: list[float], texts: list[str], title: str, desc: str, uid: str,
         highlight: set[str] = frozenset(), width: int = 640, ink: str = INK, left: int = 250,
         references: Sequence[tuple[float, str]] = (), narrow: bool = False) -> str:
    """Horizontal bars from zero, each labelled with its formatted value and with a <title> (its hover
    text: label and value). `ink` is the text colour ('currentColor' on a page, so either theme reads).
    `references`: (value, name) dashed lines across the bars, named above them; each bar's value then
    moves beside its name, so no value can sit on a line. `narrow`: names above their bars, for a
    phone's width (drawn at `width`, the text stays its size)."""
    parts = [[(value, MUTED if label not in highlight else HIGHLIGHT, text, "")]
             for label, value, text in zip(labels, values, texts)]
    return _bar_rows(labels, parts, texts, title, desc, uid, highlight, width, ink, left, references, narrow)


def stacked_bars(labels: list[str], parts: dict[str, list[float]], part_texts: dict[str, list[str]],
                 totals: list[str], title: str, desc: str, uid: str, colours: Sequence[str],
                 highlight: set[str] = frozenset(), width: int = 640, ink: str = INK, left: int = 250,
                 narrow: bool = False) -> str:
    """Horizontal bars split into named parts that add up to each bar's total (printed at its end), a
    key of the parts' colours above; each part's <title> names the bar, the part and its value."""
    names = list(parts)
    rows = [[(parts[name][n], colours[k % len(colours)], part_texts[name][n], name) for k, name in enumerate(names)]
            for n in range(len(labels))]
    key = [(name, colours[k % len(colours)]) for k, name in enumerate(names)]
    return _bar_rows(labels, rows, totals, title, desc, uid, highlight, width, ink, left, (), narrow, key)


def _bar_rows(labels, rows, totals, title, desc, uid, highlight, width, ink, left, references, narrow,
              key: Sequence[tuple[str, str]] = ()) -> str:
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
    for n, (label, parts, total) in enumerate(zip(labels, rows, totals)):
        y = top + n * row
        strong = label in highlight
        weight = "bold" if strong else "normal"
        # With reference lines the value sits after the name, in bold (as on the Plotly chart).
        name = escape(label) + (f'<tspan dx="6" font-weight="bold">{escape(total)}</tspan>' if references else "")
        body.append(f'<g><title>{escape(label)}: {escape(total)}</title>')
        bar_y = y + (20 if narrow else 3)
        if narrow:
            body.append(f'<text x="{left}" y="{y + 14}" font-size="13" fill="{ink}" font-weight="{weight}">{name}</text>')
        else:
            body.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="{ink}" '
                        f'font-weight="{weight}">{name}</text>')
        x = left
        for value, colour, text, part in parts:
            w = 0 if value != value else value * scale
            # A part of a stacked bar has a title of its own (the innermost title is the one shown).
            hover = f'<title>{escape(f"{label}: {part} {text}")}</title>' if part else ""
            body.append(f'<rect x="{x:.1f}" y="{bar_y}" width="{w:.1f}" height="{row - (22 if narrow else 8)}" '
                        f'fill="{colour}">{hover}</rect>')
            x += w
        if not references:
            body.append(f'<text x="{x + 6:.1f}" y="{bar_y + (13 if narrow else 13)}" font-size="13" fill="{ink}" '
                        f'font-weight="{weight}">{escape(total)}</text>')
        body.append("</g>")
    body.append(f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{height - 4}" stroke="{ink}"/>')
    for k, (value, name) in enumerate(references):
        x = left + value * scale
        anchor = "end" if x > left + 0.66 * (width - left - right) else "start" if x < left + 0.33 * (width - left - right) else "middle"
        label_y = top - 8 - 18 * (len(references) - 1 - k)
        body.append(f'<g><title>{escape(name)}</title><line x1="{x:.1f}" y1="{label_y + 4}" x2="{x:.1f}" y2="{height - 4}" '
                    f'stroke="{ink}" stroke-width="2" stroke-dasharray="6 4"/>'
                    f'<text x="{x:.1f}" y="{label_y}" text-anchor="{anchor}" font-size="12" fill="{ink}">{escape(name)}</text></g>')
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
            body.append(f'<rect x="{x:.1f}" y="{y + 2}" width="14" height="14" fill="{colour}"/>'
                        f'<text x="{x + 20:.1f}" y="{y + 14}" font-size="12" fill="{ink}">{escape(name)}</text>')
    return body


def lines(series: dict[str, pd.DataFrame], title: str, desc: str, uid: str, fmt, width: int = 640,
          height: int = 240) -> str:
    """One line per named series (period_start, value), the first drawn strongest, labelled at its end."""
    points = pd.concat([s.assign(_name=name) for name, s in series.items()]).dropna(subset=["value"])
    if points.empty:
        return ""
    x0, x1 = points.period_start.min(), points.period_start.max()
    ticks = nice_ticks(float(points.value.min()), float(points.value.max()))
    lo, hi = ticks[0], ticks[-1]
    left, right, top, bottom = 56, 150, 12, 28
    span = (x1 - x0).days or 1

    def xy(d, v):
        return (left + (d - x0).days / span * (width - left - right),
                top + (hi - v) / (hi - lo) * (height - top - bottom))
    body = []
    for v in ticks:
        _, y = xy(x0, v)
        body.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
                    f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">{escape(fmt(v))}</text>')
    for year in range(x0.year, x1.year + 1):
        d = pd.Timestamp(year=year, month=1, day=1)
        if x0 <= d <= x1:
            x, _ = xy(d, lo)
            body.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" font-size="11" fill="{INK}">{year}</text>')
    dashes = ["", "6 3", "2 3", "8 3 2 3"]
    colours = PALETTE[:4]
    for n, (name, s) in enumerate(series.items()):
        s = s.dropna(subset=["value"]).sort_values("period_start")
        if s.empty:
            continue
        pts = [xy(d, v) for d, v in zip(s.period_start, s.value)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colours[n % 4]}" stroke-width="{3 if n == 0 else 1.8}" '
                    f'stroke-dasharray="{dashes[n % 4]}"/>')
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colours[n % 4]}"/>' for x, y in pts]
        x, y = pts[-1]
        body.append(f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" font-size="12" fill="{INK}">{escape(name)} '
                    f'{escape(fmt(s.value.iloc[-1]))}</text>')
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


def area_map(shapes: pd.DataFrame, colours: dict[str, str], title: str, desc: str, uid: str,
             selected: str | None = None, width: int = 420) -> str:
    """Areas (GeoJSON geometry) filled by code, the selected one outlined; equal-distance projection."""
    all_rings = {r.code: rings(r.geometry) for r in shapes.itertuples()}
    xs = [x for rs in all_rings.values() for ring in rs for x, _ in ring]
    ys = [y for rs in all_rings.values() for ring in rs for _, y in ring]
    k = math.cos(math.radians((min(ys) + max(ys)) / 2))
    w, h = (max(xs) - min(xs)) * k, max(ys) - min(ys)
    height = int(width * h / w)
    s = (width - 8) / w

    def pt(x, y):
        return f"{4 + (x - min(xs)) * k * s:.1f},{4 + (max(ys) - y) * s:.1f}"
    body, outline = [], []
    for code, rs in all_rings.items():
        d = " ".join("M" + " L".join(pt(x, y) for x, y in ring) + " Z" for ring in rs)
        body.append(f'<path d="{d}" fill="{colours.get(code, NO_DATA)}" stroke="white" stroke-width="1" fill-rule="evenodd"/>')
        if code == selected:
            outline.append(f'<path d="{d}" fill="none" stroke="{SELECTED}" stroke-width="3.5"/>')
    return _svg(width, height + 8, title, desc, body + outline, uid)


def sparkline(points: list[tuple[str, float]], title: str, uid: str, percentage: bool = False,
              colour: str = SPARKLINE, width: int = 96, height: int = 30) -> str:
    """A small line of one area's comparable releases, from zero (to 100 for a percentage), never zoomed
    to the data so a small change looks small; the first and last periods are in its <title>."""
    values = [v for _, v in points if v == v]
    if len(values) < 2:
        return ""
    top = 100.0 if percentage else max(values) * 1.1 or 1.0
    step = (width - 6) / (len(points) - 1)
    xy = [(3 + n * step, height - 3 - (v / top) * (height - 6)) for n, (_, v) in enumerate(points)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    last = xy[-1]
    body = [f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>',
            f'<circle cx="{last[0]:.1f}" cy="{last[1]:.1f}" r="2.5" fill="{colour}"/>']
    return _svg(width, height, title, f"{points[0][0]} to {points[-1][0]}", body, uid)
