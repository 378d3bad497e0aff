"""Chart blocks: every chart gets a title, units, a source line, a table and a CSV of exactly its data."""
from __future__ import annotations

from html import escape

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pipeline import freshness

from . import data

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
HIGHLIGHT, MUTED = "#0072B2", "#8C8C8C"
FONT = dict(family="Source Sans Pro, sans-serif", size=14, color="#1F2937")


def fmt(value, unit: str = "", decimals: int = 1, with_unit: bool = True) -> str:
    if value is None or pd.isna(value):
        return "no figure"
    text = f"{value:,.{decimals}f}"
    if unit.startswith("decile"):
        return f"decile {text}"
    if unit.startswith("%"):
        return f"{text}%"
    if unit.startswith("£ million"):
        return f"£{text}m"
    return f"{text} {unit}" if with_unit and unit and unit not in ("score",) else text


def unit_label(label: str, unit: str) -> str:
    """A label that carries the unit when the formatted number does not (%, £m carry their own)."""
    carried = not unit or unit.startswith(("%", "£", "decile")) or unit == "score" or unit.lower() in label.lower()
    return label if carried else f"{label} ({unit})"


def out_of_date_note(frame: pd.DataFrame) -> str | None:
    """The 'may be out of date' words for a frame holding any figure past its expected next release."""
    if "out_of_date" not in frame.columns or not frame["out_of_date"].fillna(False).astype(bool).any():
        return None
    due = pd.to_datetime(frame.loc[frame["out_of_date"].fillna(False).astype(bool), "expected_next"]).min()
    return freshness.note(None if pd.isna(due) else due.date())


def freshness_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Freshness in words a spreadsheet reader understands: the expected next release and a flag."""
    if "out_of_date" not in frame.columns:
        return frame
    flags = frame["out_of_date"].fillna(False).astype(bool).map({True: "may be out of date", False: ""})
    due = pd.to_datetime(frame["expected_next"]).dt.strftime("%Y-%m").fillna("")
    return frame.drop(columns=["out_of_date", "expected_next"]).assign(expected_next_release=due, freshness=flags)


def with_sources(frame: pd.DataFrame) -> pd.DataFrame:
    """Add publisher, licence and attribution columns so a downloaded CSV carries its sources,
    and say which figures may be out of date."""
    frame = freshness_columns(frame)
    if "source_id" not in frame.columns:
        return frame
    sources = data.call("sources")[["id", "publisher", "licence", "attribution", "vintage"]]
    sources = sources.rename(columns={"id": "source_id", "vintage": "source_vintage"})
    return frame.merge(sources, on="source_id", how="left")


def source_line(source_ids) -> str:
    sources = data.call("sources").set_index("id")
    parts = []
    for sid in dict.fromkeys(s for s in source_ids if isinstance(s, str)):
        if sid in sources.index:
            parts.append(f"{sources.publisher[sid]}, {sources.vintage[sid]}")
    return "Source: " + "; ".join(parts) if parts else ""


def base_layout(fig: go.Figure, title: str, y_title: str = "", x_title: str = "", height: int = 380) -> go.Figure:
    fig.update_layout(title=dict(text=title, font=dict(size=17)), font=FONT, height=height,
                      margin=dict(l=10, r=10, t=60, b=10), plot_bgcolor="white", paper_bgcolor="white",
                      legend=dict(orientation="h", yanchor="bottom", y=-0.3), hoverlabel=dict(font_size=14))
    fig.update_xaxes(title_text=x_title, gridcolor="#E5E7EB", linecolor="#6B7280")
    fig.update_yaxes(title_text=y_title, gridcolor="#E5E7EB", linecolor="#6B7280")
    return fig


def bar_chart(frame: pd.DataFrame, category: str, value: str, title: str, unit: str,
              highlight: set[str] | None = None, decimals: int = 1, horizontal: bool = True) -> go.Figure:
    highlight = highlight or set()
    colours = [HIGHLIGHT if c in highlight else MUTED for c in frame[category]]
    # Plotly reads labels as HTML: escape names so a name is always shown as text.
    labels = [escape(str(c)) for c in frame[category]]
    statuses = frame["status"] if "status" in frame.columns else [None] * len(frame)
    text = ["suppressed" if st_ == "suppressed" else fmt(v, unit, decimals) for v, st_ in zip(frame[value], statuses)]
    if horizontal:
        bar = go.Bar(y=labels, x=frame[value], orientation="h", marker_color=colours, text=text,
                     textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>")
    else:
        bar = go.Bar(x=labels, y=frame[value], marker_color=colours, text=text, textposition="outside",
                     cliponaxis=False, hovertemplate="%{x}: %{text}<extra></extra>")
    fig = go.Figure(bar)
    base_layout(fig, title, y_title="" if horizontal else unit, x_title=unit if horizontal else "",
                height=max(320, 26 * len(frame) + 120) if horizontal else 380)
    axis = dict(rangemode="tozero")  # bars start at zero
    fig.update_xaxes(**axis) if horizontal else fig.update_yaxes(**axis)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
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
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0))
    fig.update_xaxes(rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return fig


def scatter_chart(frame: pd.DataFrame, x: str, y: str, label: str, title: str, x_title: str, y_title: str,
                  highlight: set[str] | None = None) -> go.Figure:
    """Labelled points (one per area), the highlighted ones in the accent colour."""
    highlight = highlight or set()
    names = [escape(str(n)) for n in frame[label]]
    colours = [PALETTE[5] if n in highlight else PALETTE[0] for n in frame[label]]
    fig = go.Figure(go.Scatter(
        x=frame[x], y=frame[y], mode="markers+text", text=names,
        # Labels point inwards so the ones at the edges are not cut off.
        textposition=["top left" if v > frame[x].median() else "top right" for v in frame[x]],
        textfont=dict(size=11), marker=dict(size=11, color=colours, line=dict(color="white", width=1)),
        hovertemplate="%{text}<br>" + escape(x_title) + ": %{x:.1f}<br>" + escape(y_title) + ": %{y:.1f}<extra></extra>"))
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
            customdata=[[fmt(v, unit, decimals), p] for v, p in zip(group["value"], group["period_label"])],
            hovertemplate=f"{label}<br>%{{customdata[1]}}: %{{customdata[0]}}<extra></extra>"))
    base_layout(fig, title, y_title=unit, height=420)
    # Legend under the axis (not over its labels).
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.1, xanchor="left", x=0), margin=dict(b=20))
    return fig


def add_target(fig: go.Figure, target, path, latest_start, shown_value: str) -> None:
    """A target as a dashed level line up to its date, labelled at its end, and the recent trend
    carried to that date."""
    by = pd.Timestamp(target.target_date)
    label = f"Target: {target.direction} {shown_value} by {by:%b %Y}"
    start = min(pd.Timestamp(x) for x in fig.data[0].x) if fig.data else latest_start
    fig.add_trace(go.Scatter(x=[start, by], y=[target.value] * 2, mode="lines", name=escape(label),
                             line=dict(color="#1F2937", width=2, dash="dash"),
                             hovertemplate=escape(label) + "<extra></extra>"))
    fig.add_annotation(x=by, y=target.value, text=escape(f"{shown_value} by {by:%b %Y}"), showarrow=False,
                       xanchor="right", yanchor="bottom", font=dict(size=12, color="#1F2937"), bgcolor="rgba(255,255,255,0.85)")
    if path.projected is not None and not path.past_deadline:
        fig.add_trace(go.Scatter(
            x=[latest_start, by], y=[path.latest, path.projected], mode="lines+markers",
            name=escape(f"Recent trend carried to {by:%b %Y} ({path.status})"),
            line=dict(color=PALETTE[0], width=2, dash="dot"), marker=dict(symbol="circle-open", size=8),
            hovertemplate="Trend: %{y:.1f} at %{x|%b %Y}<extra></extra>"))


def embed_snippet(view: str, title: str, **params: str) -> None:
    """An 'Embed this' expander with an <iframe> (titled for screen readers) for a public view."""
    from urllib.parse import urlencode, urlsplit
    try:
        parts = urlsplit(st.context.url or "")
        base = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    except Exception:  # outside a browser session (tests): a relative address
        base = ""
    query = urlencode({"view": view, **{k: v for k, v in params.items() if v}, "embed": "true"})
    html = (f'<iframe title="{escape(title, quote=True)} (One Stockport)" src="{base}/embed?{query}" '
            f'width="100%" height="{620 if view == "map" else 520}" style="border:0" loading="lazy"></iframe>')
    with st.expander("Embed this"):
        st.code(html, language="html")
        st.caption("Public figures only. Paste into any web page; the view keeps itself up to date.")


def chart_block(fig: go.Figure, frame: pd.DataFrame, key: str, note: str | None = None,
                embed: dict | None = None) -> None:
    """The chart, its source line, an 'as a table' view, a CSV of exactly that data, and its embed code."""
    st.plotly_chart(fig, width="stretch", key=f"chart-{key}",
                    config={"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]})
    if "source_id" in frame.columns:
        st.caption(source_line(frame["source_id"]))
    if stale := out_of_date_note(frame):
        st.warning(stale, icon=":material/schedule:")
    if "status" in frame.columns and (frame["status"] == "sample").any():
        st.warning("Includes SAMPLE figures (not official statistics).", icon=":material/science:")
    if "status" in frame.columns and (frame["status"] == "suppressed").any():
        st.caption("Some figures are suppressed (fewer than 10 people, or to protect another suppressed figure).")
    if note:
        st.caption(note)
    table = with_sources(frame)
    with st.expander("As a table"):
        st.dataframe(table, hide_index=True, width="stretch")
    st.download_button("Download the data (CSV)", table.to_csv(index=False).encode("utf-8"),
                       file_name=f"one-stockport-{key}.csv", mime="text/csv", key=f"csv-{key}")
    if embed:
        embed_snippet(**embed)
