"""Targets on a time chart (a dashed level line and the recent trend carried to its date) and the
sentence that says whether the trend meets it."""
from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

from pipeline.targets import describe, trajectory

from .theme import INK, PALETTE


def add_target(fig: go.Figure, target, path, latest_start, shown_value: str) -> None:
    """A target as a dashed level line up to its date, labelled at its end, and the recent trend
    carried to that date."""
    by = pd.Timestamp(target.target_date)
    label = f"Target: {target.direction} {shown_value} by {by:%b %Y}"
    start = min(pd.Timestamp(x) for x in fig.data[0].x) if fig.data else latest_start
    fig.add_trace(go.Scatter(x=[start, by], y=[target.value] * 2, mode="lines", name=escape(label),
                             line=dict(color=INK, width=2, dash="dash"),
                             hovertemplate=escape(label) + "<extra></extra>"))
    fig.add_annotation(x=by, y=target.value, text=escape(f"{shown_value} by {by:%b %Y}"), showarrow=False,
                       xanchor="right", yanchor="bottom", font=dict(size=12, color=INK), bgcolor="rgba(255,255,255,0.85)")
    if path.projected is not None and not path.past_deadline:
        fig.add_trace(go.Scatter(
            x=[latest_start, by], y=[path.latest, path.projected], mode="lines+markers",
            name=escape(f"Recent trend carried to {by:%b %Y} ({path.status})"),
            line=dict(color=PALETTE[0], width=2, dash="dot"), marker=dict(symbol="circle-open", size=8),
            hovertemplate="Trend: %{y:.1f} at %{x|%b %Y}<extra></extra>"))



def target_sentence(target, series: pd.DataFrame, unit: str, shown, fig: go.Figure | None = None,
                    as_at=None) -> str:
    """Whether the area's recent trend meets the target, and who committed to it; with `fig`, the
    target and the trend are also drawn on that time chart. `shown` formats a value in the unit."""
    path = trajectory(series, target.value, target.direction, target.target_date, unit, as_at=as_at)
    if fig is not None:
        add_target(fig, target, path, series.period_start.max(), shown(target.value))
    return (describe(path, target.value, target.direction, target.target_date, shown)
            + f" Commitment: {target.commitment} ({target.publisher}; {target.url}). {target.note}")
