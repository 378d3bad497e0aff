"""The schemes' start-to-completion chart (a Gantt chart) from the register's timeline. Streamlit-free."""

from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go

from .charts import LINE_CHARS, base_layout, category_label
from .schemes import counts_text, date_start, register_options, timeline
from .theme import PALETTE


def register_as_at() -> pd.Timestamp:
    """The register's date: where a bar for a scheme not yet complete ends when no date is due."""
    return date_start(register_options()[0])


# px: a row holds its name (up to two lines) above its bar; the names take none of the plot's width,
# so on a 390 px phone the years get the chart's whole width.
ROW = 56


def timeline_chart(projects: pd.DataFrame, as_at: pd.Timestamp | None = None) -> go.Figure:
    """One row per project, its name above it: solid from start to completion once complete, dotted
    to the date due (or the register's date) otherwise; a lone marker when the start was not reported,
    its words on the side of the marker with room."""
    as_at = register_as_at() if as_at is None else as_at
    rows = timeline(projects)
    dates = [d for r in rows.itertuples() for d in (r.start, r.end if pd.notna(r.end) else as_at) if pd.notna(d)]
    middle = min(dates) + (max(dates) - min(dates)) / 2 if dates else as_at
    fig = go.Figure()
    for n, r in enumerate(rows.itertuples()):
        colour = PALETTE[0] if r.kind == "scheme" else PALETTE[5]
        hover = escape(f"{r.name}: start {r.start_text}, completion {r.completion_text}; {r.status_shown}")
        if pd.notna(r.start):
            end = r.end if pd.notna(r.end) else as_at
            fig.add_trace(
                go.Scatter(
                    x=[r.start, end],
                    y=[n] * 2,
                    mode="lines+markers",
                    showlegend=False,
                    line=dict(width=8, color=colour, dash="solid" if r.complete else "dot"),
                    hovertemplate=hover + "<extra></extra>",
                )
            )
        else:  # the one date known, marked on its own
            known = r.end if pd.notna(r.end) else as_at
            fig.add_trace(
                go.Scatter(
                    x=[known],
                    y=[n],
                    mode="markers+text",
                    showlegend=False,
                    cliponaxis=False,
                    marker=dict(size=12, color=colour, symbol="diamond" if pd.notna(r.end) else "x"),
                    text=["start not reported" if pd.notna(r.end) else "dates not reported"],
                    textposition="middle left" if known > middle else "middle right",
                    hovertemplate=hover + "<extra></extra>",
                )
            )
        fig.add_annotation(
            name="row name",
            text=category_label(f"{r.name} ({r.kind})", LINE_CHARS),
            x=0,
            xref="paper",
            xanchor="left",
            y=n,
            yref="y",
            yanchor="bottom",
            yshift=7,
            showarrow=False,
            align="left",
        )
    base_layout(
        fig,
        f"{counts_text(projects).capitalize()} from start to completion<br>(solid: complete; dotted: "
        "not complete, to the date due or the register's date; a lone marker: start not reported)",
        x_title="Year",
        height=120 + ROW * len(rows),
    )
    # Rows top down in the register's order; no tick labels (each row is named above its bar).
    return fig.update_yaxes(range=[len(rows) - 0.5, -0.5], showticklabels=False, showgrid=False, zeroline=False)


def timeline_table(projects: pd.DataFrame) -> pd.DataFrame:
    """The chart's rows as a table: dates in words, with the register as source."""
    rows = timeline(projects)
    return (
        rows[["project_id", "name", "kind", "status_shown", "start_text", "completion_text"]]
        .rename(columns={"status_shown": "status", "start_text": "start", "completion_text": "completion"})
        .assign(source_id="projects_register")
    )
