"""Targets on a Plotly time chart (a dashed level line and the recent pace carried to the target's
date) and the sentence that says whether that pace meets it."""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

from pipeline.rules.targets import describe, trajectory

from .charts import LEGEND_ROW, legend_name
from .target_marks import target_marks
from .theme import INK, PALETTE


def add_target(fig: go.Figure, target, path, shown) -> None:
    """A target as a dashed level line named in the legend (never a label on the plot, where it
    could sit on a line or marker), and the recent pace as a dotted line with open markers."""
    marks = target_marks(target, path, shown, [x for trace in fig.data for x in trace.x])
    fig.add_trace(
        go.Scatter(
            x=[marks.start, marks.end],
            y=[marks.value] * 2,
            mode="lines",
            name=legend_name(marks.label),
            line=dict(color=INK, width=2, dash="dash"),
            hovertemplate=escape(marks.label) + "<extra></extra>",
        )
    )
    if marks.pace_name:
        fig.add_trace(
            go.Scatter(
                x=marks.pace_x,
                y=marks.pace_y,
                mode="lines+markers",
                name=legend_name(marks.pace_name),
                line=dict(color=PALETTE[0], width=2, dash="dot"),
                marker=dict(symbol="circle-open", size=8),
                customdata=marks.pace_texts,
                hovertemplate="At the recent pace: %{customdata} at %{x|%b %Y}<extra></extra>",
            )
        )
    # On a phone each legend entry takes a row of its own: the chart grows by the rows added, so the
    # plot above the legend keeps its height.
    fig.update_layout(height=(fig.layout.height or 420) + LEGEND_ROW * (2 if marks.pace_name else 1))


def target_sentence(target, series: pd.DataFrame, unit: str, shown, fig: go.Figure | None = None, as_at=None) -> str:
    """Whether the area's recent pace meets the target, and who committed to it; with `fig`, the
    target and the pace are also drawn on that time chart. `shown` formats a value in the unit."""
    path = trajectory(series, target.value, target.direction, target.target_date, unit, as_at=as_at)
    if fig is not None:
        add_target(fig, target, path, shown)
    return (
        describe(path, target.value, target.direction, target.target_date, shown)
        + f" Commitment: {target.commitment} ({target.publisher}; {target.url}). {target.note}"
    )
