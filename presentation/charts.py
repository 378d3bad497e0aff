"""Plotly chart builders with no Streamlit in them: the dashboard, the static public export and the ward
reports draw the same charts from the same code."""

from __future__ import annotations

import textwrap
from html import escape, unescape

import pandas as pd
import plotly.graph_objects as go

from .labels import place_labels
from .theme import AXIS, DARK, DARK_PALETTE, FONT, GRID, HIGHLIGHT, INK, LINE_DASHES, LINE_MARKERS, MUTED, PALETTE
from .wording import figure_text, fmt, is_share, latest_text, release_text

# A title wraps well inside a wide chart's width; names wrap to fit a 390 px phone's label column;
# a legend entry or an axis's unit on one line of a 390 px phone's chart (about 360 px wide).
TITLE_CHARS, LABEL_CHARS, LINE_CHARS = 70, 20, 40
LEGEND_ROW = 22  # px: one row of a legend (14 px text)


def base_layout(fig: go.Figure, title: str, y_title: str = "", x_title: str = "", height: int = 380) -> go.Figure:
    # Drawn with its own theme (not Streamlit's): axis labels make room for themselves, the title
    # sits at the left like the page's text. Panels are transparent, so the chart sits on the page's
    # own background; text is dark here and turned light by `for_page_theme` on a dark page.
    # Long titles wrap (Plotly would run them off a narrow chart) and the top margin grows to fit.
    lines = textwrap.wrap(title, TITLE_CHARS, break_long_words=False) or [title]
    fig.update_layout(
        title=dict(text="<br>".join(lines), font=dict(size=17), x=0.01, xanchor="left"),
        font=FONT,
        height=height + 22 * (len(lines) - 1),
        margin=dict(l=10, r=10, t=60 + 22 * (len(lines) - 1), b=10),
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        legend=dict(orientation="h", yanchor="bottom", y=-0.3),
        hoverlabel=dict(font_size=14),
    )
    fig.update_xaxes(title_text=x_title, gridcolor=GRID, linecolor=AXIS, automargin=True)
    fig.update_yaxes(gridcolor=GRID, linecolor=AXIS, automargin=True)
    if y_title:
        unit_over_axis(fig, y_title)
    return fig


def unit_over_axis(fig: go.Figure, unit: str) -> go.Figure:
    """The value axis's unit written across, above the axis (as the still drawings and ONS's charts
    have it): turned up the side it was longer than a short phone plot and cut at both ends."""
    fig.add_annotation(
        name="unit",
        text=category_label(unit, LINE_CHARS),
        xref="paper",
        x=0,
        xanchor="left",
        yref="paper",
        y=1,
        yanchor="bottom",
        yshift=6,
        showarrow=False,
        align="left",
        font=dict(size=13, color=INK),
    )
    return fig


def legend_below(fig: go.Figure) -> go.Figure:
    """The legend under the plot, from the chart's bottom edge up: placed against the whole chart
    (`container`), Plotly makes room for it under the axis, so it never sits on the plot. (Placed
    against the plot, `paper`, a legend drawn after a resize landed over the lowest points.)"""
    return fig.update_layout(
        legend=dict(orientation="h", yref="container", y=0, yanchor="bottom", x=0, xanchor="left", traceorder="normal")
    )


def legend_name(text: str) -> str:
    """A legend entry as Plotly text: escaped and wrapped so that it fits a phone's chart."""
    return category_label(text, LINE_CHARS)


def untitled(fig: go.Figure) -> tuple[str, go.Figure]:
    """The chart's title as plain text, and the chart without it: a page sets the title as text,
    which wraps at any width, and the chart gives the title's rows back to the plot."""
    text = unescape((fig.layout.title.text or "").replace("<br>", " "))
    rows = (fig.layout.title.text or "").count("<br>")
    saved = 30 + 22 * rows  # base_layout's title rows; room made for reference-line names stays
    fig.update_layout(
        title=None,
        margin=dict(t=max(10, (fig.layout.margin.t or 60) - saved)),
        height=(fig.layout.height or 380) - saved,
    )
    return text, fig


def for_page_theme(fig: go.Figure, dark: bool) -> go.Figure:
    """The chart in the page's colours: on a dark page its text, grid, axis lines, reference lines
    and label backgrounds turn light-on-dark; series colours that vanish on dark (black) turn light."""
    if not dark:
        return fig
    ink, grid, axis, backdrop = DARK["ink"], DARK["grid"], DARK["axis"], DARK["backdrop"]
    fig.update_layout(font=dict(color=ink), title=dict(font=dict(color=ink)), legend=dict(font=dict(color=ink)))
    fig.update_xaxes(gridcolor=grid, linecolor=axis, zerolinecolor=axis)
    fig.update_yaxes(gridcolor=grid, linecolor=axis, zerolinecolor=axis)
    for shape in fig.layout.shapes or ():
        if shape.line.color in (INK, None):
            shape.line.color = ink
    for note in fig.layout.annotations or ():
        note.font.color = ink
        if note.bgcolor:
            note.bgcolor = backdrop
    swap = {c.lower(): d for c, d in zip(PALETTE, DARK_PALETTE) if c != d}
    for trace in fig.data:
        for part in ("line", "marker"):
            style = getattr(trace, part, None)
            colour = getattr(style, "color", None) if style is not None else None
            if isinstance(colour, str) and colour.lower() in swap:
                style.color = swap[colour.lower()]
            elif isinstance(colour, str) and colour == INK:
                style.color = ink
            outline = getattr(style, "line", None) if part == "marker" else None
            if outline is not None and outline.color == "white":
                outline.color = DARK["page"]
        if getattr(trace, "textfont", None) is not None:
            trace.textfont.color = ink
    return fig


def value_range(values, unit: str, room: float = 0.08) -> list[float]:
    """An axis from zero (or the lowest negative figure) to a little past the highest figure; a share
    never runs past 100%."""
    clean = pd.to_numeric(pd.Series(values), errors="coerce").dropna()
    low = min(0.0, float(clean.min())) if len(clean) else 0.0
    high = max(0.0, float(clean.max())) if len(clean) else 1.0
    high = high + (high - low) * room or 1.0
    return [low, min(high, 100.0) if is_share(unit) else high]


def category_label(name, width: int = LABEL_CHARS) -> str:
    """A category's name as Plotly text: escaped (a name is always text) and wrapped onto short lines,
    never cut off (a narrow chart would otherwise give the labels most of its width, or clip them)."""
    return "<br>".join(escape(line) for line in textwrap.wrap(str(name), width, break_long_words=False)) or escape(
        str(name)
    )


def whole_number_ticks(values, decimals: int) -> dict:
    """Axis settings for small counts: ticks at whole numbers, not 0.5, 1, 1.5 (larger ranges
    already get whole-number ticks from Plotly)."""
    return {"dtick": 1} if decimals == 0 and pd.to_numeric(pd.Series(values), errors="coerce").max() <= 10 else {}


def bar_chart(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    unit: str,
    highlight: set[str] | None = None,
    decimals: int = 1,
    horizontal: bool = True,
) -> go.Figure:
    highlight = highlight or set()
    colours = [HIGHLIGHT if c in highlight else MUTED for c in frame[category]]
    labels = [category_label(c) for c in frame[category]]
    lines = max((label.count("<br>") + 1 for label in labels), default=1)  # rows grow with wrapped labels
    statuses = frame["status"] if "status" in frame.columns else [None] * len(frame)
    text = [figure_text(v, unit, decimals, st_) for v, st_ in zip(frame[value], statuses)]
    if horizontal:
        bar = go.Bar(
            y=labels,
            x=frame[value],
            orientation="h",
            marker_color=colours,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    else:
        bar = go.Bar(
            x=labels,
            y=frame[value],
            marker_color=colours,
            text=text,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    fig = go.Figure(bar)
    base_layout(
        fig,
        title,
        y_title="" if horizontal else unit,
        x_title=unit if horizontal else "",
        height=max(320, (12 + 14 * lines) * len(frame) + 120) if horizontal else 380,
    )
    # A fixed range: Plotly's own grows with the printed values, past 100% for a share on a narrow chart.
    axis = dict(
        range=value_range(frame[value], unit, 0.04 if horizontal else 0.12),
        autorange=False,
        **whole_number_ticks(frame[value], decimals),
    )
    fig.update_xaxes(**axis) if horizontal else fig.update_yaxes(**axis)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        longest = max((len(t) for t in text), default=4)
        fig.update_layout(margin=dict(r=int(8 * longest) + 12))  # room for the value printed after the longest bar
    return fig


def add_reference_line(fig: go.Figure, x: float, label: str) -> go.Figure:
    """A dashed reference or target line across horizontal bars, named above the plot. Each bar's
    value moves from the bar's end into its name, so no value label can sit on the line."""
    for trace in fig.data:
        if trace.orientation == "h" and trace.text is not None:
            trace.y = [f"{name}  <b>{value}</b>" for name, value in zip(trace.y, trace.text)]
            trace.hovertemplate = "%{y}<extra></extra>"
            trace.text, trace.textposition = None, "none"
    fig.add_vline(x=x, line_dash="dash", line_color=INK, line_width=2)
    # The line's name sits in the top margin, above every bar; others stack above it.
    above = sum(1 for a in fig.layout.annotations or () if a.yref == "paper" and a.y >= 1)
    span = fig.layout.xaxis.range
    if span is not None and x > span[1]:
        span = [span[0], x * 1.04]
        fig.update_xaxes(range=span)
    # Anchored on the side with room, so a line near the axis's end keeps its whole name.
    share = (x - span[0]) / ((span[1] - span[0]) or 1) if span is not None else 0.5
    fig.add_annotation(
        x=x,
        xref="x",
        y=1,
        yref="paper",
        yanchor="bottom",
        yshift=4 + 18 * above,
        showarrow=False,
        text=escape(label),
        font=dict(size=12, color=INK),
        xanchor="right" if share > 0.66 else "left" if share < 0.33 else "center",
    )
    fig.update_layout(margin=dict(r=60, t=(fig.layout.margin.t or 60) + 18 * (above + 1)))
    return fig


def stacked_bar(
    frame: pd.DataFrame,
    category: str,
    parts: dict[str, str],
    title: str,
    unit: str,
    decimals: int = 1,
    highlight: set[str] | None = None,
    total: str | None = None,
) -> go.Figure:
    """Horizontal bars split into parts (column → legend label) that add up to each bar's total: the
    `total` column (e.g. a score), else the parts' sum. The hover gives the bar's total and the part,
    each rounded once from its own unrounded value, never the total from rounded parts."""
    highlight = highlight or set()
    labels = [f"<b>{category_label(c)}</b>" if c in highlight else category_label(c) for c in frame[category]]
    totals = [fmt(v, unit, decimals) for v in (frame[total] if total else frame[list(parts)].sum(axis=1))]
    fig = go.Figure()
    for n, (column, label) in enumerate(parts.items()):
        fig.add_trace(
            go.Bar(
                y=labels,
                x=frame[column],
                name=legend_name(label),
                orientation="h",
                marker=dict(color=PALETTE[n % len(PALETTE)], line=dict(color="white", width=1)),
                customdata=[[fmt(v, unit, decimals), t] for v, t in zip(frame[column], totals)],
                hovertemplate=f"%{{y}}: %{{customdata[1]}}<br>{escape(label)}: %{{customdata[0]}}<extra></extra>",
            )
        )
    # Each bar's total printed at its end, as the still drawing (svgchart.stacked_bars) prints it.
    ends = frame[list(parts)].sum(axis=1)
    fig.add_trace(
        go.Scatter(
            y=labels,
            x=ends,
            mode="text",
            text=totals,
            textposition="middle right",
            cliponaxis=False,
            showlegend=False,
            hoverinfo="skip",
            name="totals",
        )
    )
    fig.update_layout(barmode="stack")
    lines = max((label.count("<br>") + 1 for label in labels), default=1)
    base_layout(fig, title, x_title=unit, height=max(360, (12 + 14 * lines) * len(frame) + 160))
    legend_below(fig)
    fig.update_xaxes(range=value_range(ends, unit, 0.02), autorange=False)
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(margin=dict(r=int(8 * max(map(len, totals), default=4)) + 12))  # room for the longest total
    return fig


def scatter_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    label: str,
    title: str,
    x_title: str,
    y_title: str,
    highlight: set[str] | None = None,
) -> go.Figure:
    """Labelled points (one per area), the highlighted ones in the accent colour. Labels are placed
    where they overlap nothing; a point whose label has no free place keeps its name on hover."""
    highlight = highlight or set()
    names = [str(n) for n in frame[label]]
    colours = [PALETTE[5] if n in highlight else PALETTE[0] for n in names]
    spots = place_labels(list(frame[x]), list(frame[y]), names, first=highlight)
    fig = go.Figure(
        go.Scatter(
            x=frame[x],
            y=frame[y],
            mode="markers+text",
            text=[escape(n) if s else "" for n, s in zip(names, spots)],
            textposition=[s or "top right" for s in spots],
            customdata=[escape(n) for n in names],
            textfont=dict(size=11),
            marker=dict(size=11, color=colours, line=dict(color="white", width=1)),
            hovertemplate="%{customdata}<br>"
            + escape(x_title)
            + ": %{x:.1f}<br>"
            + escape(y_title)
            + ": %{y:.1f}<extra></extra>",
        )
    )
    base_layout(fig, title, y_title=y_title, x_title=x_title, height=480)
    fig.update_yaxes(rangemode="tozero")
    return fig


def line_chart(frame: pd.DataFrame, title: str, unit: str, decimals: int = 1, emphasis: str | None = None) -> go.Figure:
    """One line per area over time; each legend entry names the area's latest figure, as the still
    drawing's key (svgchart.trend) does."""
    fig = go.Figure()
    for n, (name, group) in enumerate(frame.groupby("area_name", sort=False)):
        strong = emphasis is None or name == emphasis
        label = escape(str(name))
        fig.add_trace(
            go.Scatter(
                x=group["period_start"],
                y=group["value"],
                mode="lines+markers",
                name=legend_name(f"{name}: {latest_text(group, lambda v: fmt(v, unit, decimals))}"),
                line=dict(
                    color=PALETTE[n % len(PALETTE)],
                    width=3 if strong else 1.5,
                    dash="solid" if strong else LINE_DASHES[n % len(LINE_DASHES)],
                ),
                marker=dict(symbol=LINE_MARKERS[n % len(LINE_MARKERS)], size=7),
                customdata=[
                    [fmt(v, unit, decimals), p, release_text(n)]
                    for v, p, n in zip(group["value"], group["period_label"], group.get("note", [None] * len(group)))
                ],
                hovertemplate=f"{label}<br>%{{customdata[1]}}: %{{customdata[0]}}%{{customdata[2]}}<extra></extra>",
            )
        )
    base_layout(fig, title, y_title=unit, height=420)
    fig.update_yaxes(
        **whole_number_ticks(frame["value"], decimals),
        **({"autorangeoptions": dict(clipmax=100, clipmin=0)} if is_share(unit) else {}),
    )
    return legend_below(fig)
