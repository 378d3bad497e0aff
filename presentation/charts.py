"""Plotly chart builders with no Streamlit in them: the dashboard, the static public export and the ward
reports draw the same charts from the same code."""
from __future__ import annotations

import textwrap
from html import escape

import pandas as pd
import plotly.graph_objects as go

from .labels import place_labels
from .theme import AXIS, FONT, GRID, HIGHLIGHT, MUTED, PALETTE
from .wording import figure_text, fmt, release_text


def base_layout(fig: go.Figure, title: str, y_title: str = "", x_title: str = "", height: int = 380) -> go.Figure:
    # Drawn with its own theme (not Streamlit's): axis labels make room for themselves, the title
    # sits at the left like the page's text, dark text on white in light and dark page themes.
    # Long titles wrap (Plotly would run them off a narrow chart) and the top margin grows to fit.
    lines = textwrap.wrap(title, 85, break_long_words=False) or [title]
    fig.update_layout(title=dict(text="<br>".join(lines), font=dict(size=17), x=0.01, xanchor="left"), font=FONT,
                      height=height + 22 * (len(lines) - 1), margin=dict(l=10, r=10, t=60 + 22 * (len(lines) - 1), b=10), plot_bgcolor="white", paper_bgcolor="white",
                      legend=dict(orientation="h", yanchor="bottom", y=-0.3), hoverlabel=dict(font_size=14))
    fig.update_xaxes(title_text=x_title, gridcolor=GRID, linecolor=AXIS, automargin=True)
    fig.update_yaxes(title_text=y_title, gridcolor=GRID, linecolor=AXIS, automargin=True)
    return fig



def whole_number_ticks(values, decimals: int) -> dict:
    """Axis settings for small counts: ticks at whole numbers, not 0.5, 1, 1.5 (larger ranges
    already get whole-number ticks from Plotly)."""
    return {"dtick": 1} if decimals == 0 and pd.to_numeric(pd.Series(values), errors="coerce").max() <= 10 else {}



def bar_chart(frame: pd.DataFrame, category: str, value: str, title: str, unit: str,
              highlight: set[str] | None = None, decimals: int = 1, horizontal: bool = True) -> go.Figure:
    highlight = highlight or set()
    colours = [HIGHLIGHT if c in highlight else MUTED for c in frame[category]]
    # Plotly reads labels as HTML: escape names so a name is always shown as text. Long names wrap
    # (narrow columns would otherwise give the labels most of the width and cut them off).
    labels = ["<br>".join(escape(line) for line in textwrap.wrap(str(c), 36, break_long_words=False)) or escape(str(c))
              for c in frame[category]]
    lines = max((label.count("<br>") + 1 for label in labels), default=1)  # rows grow with wrapped labels
    statuses = frame["status"] if "status" in frame.columns else [None] * len(frame)
    text = [figure_text(v, unit, decimals, st_) for v, st_ in zip(frame[value], statuses)]
    if horizontal:
        bar = go.Bar(y=labels, x=frame[value], orientation="h", marker_color=colours, text=text,
                     textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>")
    else:
        bar = go.Bar(x=labels, y=frame[value], marker_color=colours, text=text, textposition="outside",
                     cliponaxis=False, hovertemplate="%{x}: %{text}<extra></extra>")
    fig = go.Figure(bar)
    base_layout(fig, title, y_title="" if horizontal else unit, x_title=unit if horizontal else "",
                height=max(320, (12 + 14 * lines) * len(frame) + 120) if horizontal else 380)
    axis = dict(rangemode="tozero", **whole_number_ticks(frame[value], decimals))  # bars start at zero
    fig.update_xaxes(**axis) if horizontal else fig.update_yaxes(**axis)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
        fig.update_layout(margin=dict(r=70))  # room for the value printed after the longest bar
    return fig



def stacked_bar(frame: pd.DataFrame, category: str, parts: dict[str, str], title: str, unit: str,
                decimals: int = 1, highlight: set[str] | None = None) -> go.Figure:
    """Horizontal bars split into parts (column → legend label) that add up to each bar's total."""
    highlight = highlight or set()
    labels = [f"<b>{escape(str(c))}</b>" if c in highlight else escape(str(c)) for c in frame[category]]
    fig = go.Figure()
    for n, (column, label) in enumerate(parts.items()):
        fig.add_trace(go.Bar(y=labels, x=frame[column], name=escape(label), orientation="h",
                             marker=dict(color=PALETTE[n % len(PALETTE)], line=dict(color="white", width=1)),
                             customdata=[fmt(v, unit, decimals) for v in frame[column]],
                             hovertemplate=f"%{{y}}<br>{escape(label)}: %{{customdata}}<extra></extra>"))
    fig.update_layout(barmode="stack")
    base_layout(fig, title, x_title=unit, height=max(360, 26 * len(frame) + 160))
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0, traceorder="normal"))
    fig.update_xaxes(rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return fig



def scatter_chart(frame: pd.DataFrame, x: str, y: str, label: str, title: str, x_title: str, y_title: str,
                  highlight: set[str] | None = None) -> go.Figure:
    """Labelled points (one per area), the highlighted ones in the accent colour. Labels are placed
    where they overlap nothing; a point whose label has no free place keeps its name on hover."""
    highlight = highlight or set()
    names = [str(n) for n in frame[label]]
    colours = [PALETTE[5] if n in highlight else PALETTE[0] for n in names]
    spots = place_labels(list(frame[x]), list(frame[y]), names, first=highlight)
    fig = go.Figure(go.Scatter(
        x=frame[x], y=frame[y], mode="markers+text", text=[escape(n) if s else "" for n, s in zip(names, spots)],
        textposition=[s or "top right" for s in spots], customdata=[escape(n) for n in names],
        textfont=dict(size=11), marker=dict(size=11, color=colours, line=dict(color="white", width=1)),
        hovertemplate="%{customdata}<br>" + escape(x_title) + ": %{x:.1f}<br>" + escape(y_title) + ": %{y:.1f}<extra></extra>"))
    base_layout(fig, title, y_title=y_title, x_title=x_title, height=480)
    fig.update_yaxes(rangemode="tozero")
    return fig



def line_chart(frame: pd.DataFrame, title: str, unit: str, decimals: int = 1, emphasis: str | None = None) -> go.Figure:
    fig = go.Figure()
    for n, (name, group) in enumerate(frame.groupby("area_name", sort=False)):
        strong = emphasis is None or name == emphasis
        label = escape(str(name))
        fig.add_trace(go.Scatter(
            x=group["period_start"], y=group["value"], name=label, mode="lines+markers",
            line=dict(color=PALETTE[n % len(PALETTE)], width=3 if strong else 1.5,
                      dash="solid" if strong else ["dot", "dash", "dashdot", "longdash"][n % 4]),
            marker=dict(symbol=["circle", "square", "diamond", "triangle-up", "x", "cross"][n % 6], size=7),
            customdata=[[fmt(v, unit, decimals), p, release_text(n)] for v, p, n in
                        zip(group["value"], group["period_label"], group.get("note", [None] * len(group)))],
            hovertemplate=f"{label}<br>%{{customdata[1]}}: %{{customdata[0]}}%{{customdata[2]}}<extra></extra>"))
    base_layout(fig, title, y_title=unit, height=420)
    fig.update_yaxes(**whole_number_ticks(frame["value"], decimals))
    # Legend under the axis (not over its labels).
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.1, xanchor="left", x=0), margin=dict(b=20))
    return fig
