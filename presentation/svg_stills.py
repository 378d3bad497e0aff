"""Charts drawn as inline SVG twice, names beside the bars for a wide column and above them for a phone's,
the column's own width picking one (a CSS container query, svg_widths.css): the dashboard's charts
(ui/svg_blocks, which keeps them per build and theme) and the static export's embeds draw them here."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import pandas as pd

from . import svgchart
from .target_marks import chart_targets
from .theme import PALETTE
from .wording import figure_text, fmt

WIDE, NARROW = 720, 360  # px: the narrow drawing is used in a column under 560 px (svg_widths.css)
EXTRA_WIDE = 1120  # px: a time chart's drawing in a column of 1000 px or more (a desktop's full width)


def both_widths(draw, key: str, extra_wide: bool = False) -> str:
    """`draw(uid, width, narrow)` at each width, in the boxes svg_widths.css shows one of."""
    uid = "svg-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in key)
    # A time chart reads better the wider its years are spread: on a desktop it takes the column's width.
    widest = f'<div class="os-xwide">{draw(uid + "-x", EXTRA_WIDE, False)}</div>' if extra_wide else ""
    return (
        f'<div class="os-svg-chart os-still{" os-three" if extra_wide else ""}">{widest}'
        f'<div class="os-wide">{draw(uid + "-w", WIDE, False)}</div>'
        f'<div class="os-narrow">{draw(uid + "-n", NARROW, True)}</div></div>'
    )


def left_room(labels: Sequence[str]) -> int:
    return min(250, max(80, 8 * max(map(len, labels), default=0) + 16))  # room for the longest name


def bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    unit: str,
    decimals: int,
    key: str,
    highlight: set[str] = frozenset(),
    references: Sequence[tuple[float, str]] = (),
) -> str:
    """Horizontal bars of `frame` (one row per bar, in its order) as page HTML; `references`: (value,
    name) lines across them, e.g. the borough's figure or a target."""
    labels = [str(c) for c in frame[category]]
    values = [float(v) for v in frame[value]]
    statuses = frame["status"] if "status" in frame.columns else [None] * len(frame)
    texts = [figure_text(v, unit, decimals, status) for v, status in zip(values, statuses)]  # as bar_chart's
    desc = "; ".join(f"{label} {text}" for label, text in zip(labels, texts)) + "."
    if references:
        desc += " " + "; ".join(name for _, name in references) + "."
    return both_widths(
        lambda uid, width, narrow: svgchart.bars(
            labels,
            values,
            texts,
            title,
            desc,
            uid,
            highlight=set(highlight),
            width=width,
            ink="currentColor",
            left=left_room(labels) + (8 * max(map(len, texts), default=0) if references else 0),
            references=references,
            narrow=narrow,
        ),
        key,
    )


def trend(
    frame: pd.DataFrame,
    meta: dict,
    targets: pd.DataFrame,
    key: str,
    emphasis: str = "Stockport",
    colours: Sequence[str] = PALETTE,
    as_at=None,
) -> str:
    """The indicator over time (frame: the trend query's rows) with each target (the targets query's rows)
    and the recent pace, as page HTML: what ui/blocks.trend_figure draws with Plotly, from the same rows."""
    unit, decimals = meta["unit"], int(meta["decimals"])
    shown = partial(fmt, unit=unit, decimals=decimals)
    marks = chart_targets(list(targets.itertuples()), frame, unit, shown, as_at=as_at)
    return both_widths(
        lambda uid, width, narrow: svgchart.trend(
            frame,
            f"{meta['title']} over time ({unit})",
            uid,
            shown,
            unit,
            emphasis,
            marks,
            width=width,
            ink="currentColor",
            colours=colours,
            narrow=narrow,
        ),
        key,
        extra_wide=True,
    )
