"""Targets on a time chart (a dashed level line and the recent pace carried to the target's date)
and the sentence that says whether that pace meets it."""
from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

from pipeline.targets import describe, trajectory

from .theme import INK, PALETTE


def projection_points(path, by: pd.Timestamp) -> tuple[list, list]:
    """The recent pace from the latest figure to the target date, with a bend where a percentage
    reaches 100% (or 0%) and stays there: the line a reader sees is the sentence's arithmetic."""
    xs = [path.latest_start]
    if path.unit.startswith("%") and path.per_year:
        bound = 100.0 if path.per_year > 0 else 0.0
        years = (bound - path.latest) / path.per_year
        capped = path.latest_start + pd.Timedelta(days=years * 365.25)
        if path.latest_start < capped < by:
            xs.append(capped)
    xs.append(by)
    return xs, [path.at(x) for x in xs]


def add_target(fig: go.Figure, target, path, shown) -> None:
    """A target as a dashed level line named in the legend (never a label on the plot, where it
    could sit on a line or marker). The line and the axis run to the target's date only when the
    recent pace is drawn to it; otherwise both end at the data."""
    by = pd.Timestamp(target.target_date)
    shown_value = shown(target.value)
    label = f"Target: {target.direction} {shown_value} by {by:%b %Y}"
    xs = [pd.Timestamp(x) for trace in fig.data for x in trace.x] or [path.latest_start]
    projected = path.per_year is not None and not path.past_deadline and path.status != "met"
    end = by if projected else max(xs)
    fig.add_trace(go.Scatter(x=[min(xs), end], y=[target.value] * 2, mode="lines", name=escape(label),
                             line=dict(color=INK, width=2, dash="dash"),
                             hovertemplate=escape(label) + "<extra></extra>"))
    if projected:
        px, py = projection_points(path, by)
        reach = f", {shown_value} in {path.reached:%b %Y}" if path.reached is not None else ", not reaching it"
        fig.add_trace(go.Scatter(
            x=px, y=py, mode="lines+markers", name=escape(f"At the recent pace{reach} ({path.status})"),
            line=dict(color=PALETTE[0], width=2, dash="dot"), marker=dict(symbol="circle-open", size=8),
            customdata=[shown(v) for v in py], hovertemplate="At the recent pace: %{customdata} at %{x|%b %Y}<extra></extra>"))


def target_sentence(target, series: pd.DataFrame, unit: str, shown, fig: go.Figure | None = None,
                    as_at=None) -> str:
    """Whether the area's recent pace meets the target, and who committed to it; with `fig`, the
    target and the pace are also drawn on that time chart. `shown` formats a value in the unit."""
    path = trajectory(series, target.value, target.direction, target.target_date, unit, as_at=as_at)
    if fig is not None:
        add_target(fig, target, path, shown)
    return (describe(path, target.value, target.direction, target.target_date, shown)
            + f" Commitment: {target.commitment} ({target.publisher}; {target.url}). {target.note}")
