"""Plotly figures and number formatting with no Streamlit in them: the dashboard, the static public
export and the ward reports draw the same charts from the same code."""
from __future__ import annotations

import json
import math
import textwrap
from html import escape

import pandas as pd
import plotly.graph_objects as go

from pipeline import freshness
from pipeline.registry import load_registry
from pipeline.targets import describe, trajectory

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
HIGHLIGHT, MUTED = "#0072B2", "#8C8C8C"
FONT = dict(family="Source Sans Pro, sans-serif", size=14, color="#1F2937")


SINGULAR = {"people": "person", "SIMs or data packages": "SIM or data package", "minutes": "minute"}


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
    if text == "1" and (unit in SINGULAR or (unit.endswith("s") and " " not in unit)):
        unit = SINGULAR.get(unit, unit[:-1])  # "1 scheme", "1 person", not "1 schemes"
    return f"{text} {unit}" if with_unit and unit and not unit.startswith("score") else text


def figure_text(value, unit: str = "", decimals: int = 1, status: str | None = None) -> str:
    """A figure as shown in tables, labels and tooltips: its formatted value, or why there is none
    (suppressed by disclosure control, else 'no figure')."""
    if value is None or pd.isna(value):
        return "suppressed" if status == "suppressed" else "no figure"
    return fmt(value, unit, decimals)


def rank_text(rank, areas, tied=1, value=0.0, indicator: str | None = None) -> str:
    """An area's rank as read: '3 of 21', '=3 of 21' when others share it (standard competition
    ranking: tied areas share the best rank, the next rank skips), the indicator's words for a zero
    that is not ranked ('no schemes'), or '—' with no figure."""
    if value is None or pd.isna(value) or pd.isna(rank):
        return "—"
    zero_means = load_registry().indicators[indicator].zero_means if indicator else None
    if zero_means and value == 0:
        return zero_means
    return f"{'=' if not pd.isna(tied) and int(tied) > 1 else ''}{int(rank)} of {int(areas)}"


def ranks_in(frame: pd.DataFrame, indicator: str | None = None, areas: str = "areas") -> list[str]:
    """rank_text for every row of a frame with value and rank; ties counted in the frame when it
    does not say (`tied`)."""
    tied = frame["tied"] if "tied" in frame else frame.groupby("rank")["rank"].transform("size")
    return [rank_text(r, a, t, v, indicator) for r, a, t, v in zip(frame["rank"], frame[areas], tied, frame["value"])]


def borough_text(value, unit: str, decimals: int, indicator: str) -> str:
    """Stockport's figure beside a ward's, or why it has none ('not applicable (scored within Stockport)')."""
    if (value is None or pd.isna(value)) and (why := load_registry().indicators[indicator].no_borough_figure):
        return why
    return fmt(value, unit, decimals)


def change_words(row: dict) -> tuple[str | None, str | None]:
    """A headline's change since the previous figure ('+0.5 since Jul 2025'), and a note when the
    previous figure is another edition that is not comparable (then there is no change to show)."""
    if isinstance(row.get("not_comparable_with"), str):
        return None, f"{row['edition']}: not comparable with {row['not_comparable_with']}, so no change is shown"
    if row.get("previous_value") is None or pd.isna(row.get("previous_value")):
        return None, None
    decimals = int(row["decimals"])
    change = round(float(row["change"]), decimals)
    return (f"{change:+,.{decimals}f} since {row['previous_label']}" if change
            else f"no change since {row['previous_label']}"), None


def left_out_note(trend: pd.DataFrame) -> str | None:
    """What a trend chart leaves out: figures from editions not comparable with the one shown."""
    left_out = trend["left_out"].dropna() if "left_out" in trend else pd.Series(dtype=object)
    if left_out.empty:
        return None
    return (f"{trend.edition.dropna().iloc[0]} figures only: {left_out.iloc[0]} figures are not comparable "
            "with them, so they are not joined into this trend.")


def supported_per_1000_residents(supported: pd.DataFrame, residents: pd.DataFrame) -> pd.DataFrame:
    """Each ward's residents supported (`value`) per 1,000 of its usual residents: all residents
    supported over all residents, so numerator and denominator count the same people (the register
    does not record ages, so a rate per 1,000 aged 65+ would divide everyone by the older few)."""
    out = supported.merge(residents[["area_code", "value"]].rename(columns={"value": "residents_census_2021"}),
                          on="area_code")
    return out.assign(supported_per_1000_residents=(1000 * out.value / out.residents_census_2021).round(1))


def unit_label(label: str, unit: str) -> str:
    """A label that carries the unit when the formatted number does not (%, £m carry their own)."""
    carried = not unit or unit.startswith(("%", "£", "decile")) or unit.startswith("score") or unit.lower() in label.lower()
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
    flags = ["may be out of date" if not pd.isna(f) and bool(f) else "" for f in frame["out_of_date"]]
    due = ["" if pd.isna(d) else f"{d:%Y-%m}" for d in frame["expected_next"]]
    return frame.drop(columns=["out_of_date", "expected_next"]).assign(expected_next_release=due, freshness=flags)


def source_text(sources: pd.DataFrame, source_ids) -> str:
    """'Source: publisher, vintage; …' for the sources a set of figures came from, each once, in order."""
    known = sources.set_index("id")
    parts = [f"{known.publisher[i]}, {known.vintage[i]}" for i in dict.fromkeys(source_ids)
             if isinstance(i, str) and i in known.index]
    return "Source: " + "; ".join(parts) if parts else ""


def add_source_columns(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Freshness in words plus publisher, licence, attribution and source vintage columns, so a
    downloaded table carries its sources."""
    frame = freshness_columns(frame)
    if "source_id" not in frame.columns:
        return frame
    known = sources.set_index("id")
    ids = frame["source_id"]
    return frame.assign(**{column: ids.map(known[field])
                           for column, field in (("publisher", "publisher"), ("licence", "licence"),
                                                 ("attribution", "attribution"), ("source_vintage", "vintage"))})


def base_layout(fig: go.Figure, title: str, y_title: str = "", x_title: str = "", height: int = 380) -> go.Figure:
    # Drawn with its own theme (not Streamlit's): axis labels make room for themselves, the title
    # sits at the left like the page's text, dark text on white in light and dark page themes.
    # Long titles wrap (Plotly would run them off a narrow chart) and the top margin grows to fit.
    lines = textwrap.wrap(title, 85, break_long_words=False) or [title]
    fig.update_layout(title=dict(text="<br>".join(lines), font=dict(size=17), x=0.01, xanchor="left"), font=FONT,
                      height=height + 22 * (len(lines) - 1), margin=dict(l=10, r=10, t=60 + 22 * (len(lines) - 1), b=10), plot_bgcolor="white", paper_bgcolor="white",
                      legend=dict(orientation="h", yanchor="bottom", y=-0.3), hoverlabel=dict(font_size=14))
    fig.update_xaxes(title_text=x_title, gridcolor="#E5E7EB", linecolor="#6B7280", automargin=True)
    fig.update_yaxes(title_text=y_title, gridcolor="#E5E7EB", linecolor="#6B7280", automargin=True)
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


# Label boxes are estimated in pixels for a chart about this size (the page's full width at 1280 px).
PLOT_PX = (700, 360)
LABEL_SPOTS = ["top right", "top left", "bottom right", "bottom left", "middle right", "middle left"]


def label_box(x_px: float, y_px: float, text: str, spot: str, size: int = 11) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in pixels, y upwards, of a label placed at `spot` around a marker
    (as Plotly places text: corners start at the marker's edge, middles beside it)."""
    w, h = 0.56 * size * len(text) + 4, 1.25 * size
    vertical, horizontal = spot.split()
    if vertical == "middle":
        left, bottom = (x_px + 8 if horizontal == "right" else x_px - 8 - w), y_px - h / 2
    else:
        left = x_px - 2 if horizontal == "right" else x_px + 2 - w
        bottom = y_px + 6 if vertical == "top" else y_px - 6 - h
    return left, bottom, left + w, bottom + h


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(xs, ys, texts, first: set[str] = frozenset(), size: int = 11,
                 plot_px: tuple[int, int] = PLOT_PX) -> list[str | None]:
    """A text position for each point's label such that no two labels overlap each other, a marker
    or the plot's edge, or None where no position is free (that point's name stays on hover and in
    the table). Labels in `first` are placed first; the rest by the order given."""
    if not xs:
        return []
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(0, min(ys)), max(ys)  # the y axis starts at zero
    sx = plot_px[0] / ((x1 - x0) * 1.1 or 1)
    sy = plot_px[1] / ((y1 - y0) * 1.1 or 1)
    points = [((x - x0) * sx + plot_px[0] * 0.045, (y - y0) * sy) for x, y in zip(xs, ys)]
    markers = [(px - 6, py - 6, px + 6, py + 6) for px, py in points]
    taken: list[tuple] = []
    spots: list[str | None] = [None] * len(points)
    order = sorted(range(len(points)), key=lambda n: texts[n] not in first)
    for n in order:
        px, py = points[n]
        for spot in LABEL_SPOTS:
            box = label_box(px, py, texts[n], spot, size)
            inside = box[0] >= 0 and box[2] <= plot_px[0] and box[3] <= plot_px[1] * 1.08
            if inside and not any(_overlap(box, other) for other in taken) and \
                    not any(_overlap(box, m) for i, m in enumerate(markers) if i != n):
                spots[n] = spot
                taken.append(box)
                break
    return spots


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


def release_text(note) -> str:
    """The publisher's release a figure comes from (its note's 'ONS release of …' clause), as a
    hover line; '' when the note names none."""
    if not isinstance(note, str) or not note.startswith("ONS release of "):
        return ""
    return "<br>" + escape(note.split("; ")[0]).replace(", revising ", "<br>revising ")


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


def target_sentence(target, series: pd.DataFrame, unit: str, shown, fig: go.Figure | None = None,
                    as_at=None) -> str:
    """Whether the area's recent trend meets the target, and who committed to it; with `fig`, the
    target and the trend are also drawn on that time chart. `shown` formats a value in the unit."""
    path = trajectory(series, target.value, target.direction, target.target_date, unit, as_at=as_at)
    if fig is not None:
        add_target(fig, target, path, series.period_start.max(), shown(target.value))
    return (describe(path, target.value, target.direction, target.target_date, shown)
            + f" Commitment: {target.commitment} ({target.publisher}; {target.url}). {target.note}")


# -- maps: quintile classes on a viridis ramp (lighter = lower), as on the dashboard's deck.gl maps --
STEPS = [(253, 231, 37), (94, 201, 98), (33, 145, 140), (59, 82, 139), (68, 1, 84)]
NO_DATA = (220, 220, 220)


def class_edges(values: pd.Series) -> list[float]:
    clean = values.dropna()
    return sorted(set(clean.quantile([0.2, 0.4, 0.6, 0.8]).round(6))) if len(clean) else []


def class_colour(value, edges: list[float]) -> tuple[int, int, int]:
    if value is None or pd.isna(value):
        return NO_DATA
    return STEPS[min(sum(value > e for e in edges), len(STEPS) - 1)]


def legend_items(edges: list[float], values: pd.Series, unit: str, decimals: int) -> list[tuple[tuple, str]]:
    """(colour, 'from to to') for each class the values fall in."""
    clean = values.dropna()
    if clean.empty:
        return []
    bounds = [clean.min(), *edges, clean.max()]
    return [(STEPS[min(n, len(STEPS) - 1)], f"{fmt(bounds[n], unit, decimals)} to {fmt(bounds[n + 1], unit, decimals)}")
            for n in range(len(bounds) - 1)]


def rings(geometry: str) -> list[list[tuple[float, float]]]:
    """Outer and inner rings of a GeoJSON Polygon or MultiPolygon, as (lon, lat) lists."""
    g = json.loads(geometry)
    polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
    return [[(x, y) for x, y, *_ in ring] for polygon in polygons for ring in polygon]


def area_map(shapes: pd.DataFrame, values: pd.DataFrame, unit: str, decimals: int, title: str,
             selected: str | None = None, height: int = 560, indicator: str | None = None) -> go.Figure:
    """A static choropleth drawn as filled outlines (no basemap, no tiles, nothing fetched): one
    trace per area with its value and rank on hover, classes in the legend, the selected area outlined."""
    merged = shapes.merge(values, left_on="code", right_on="area_code", how="left")
    edges = class_edges(merged["value"])
    fig = go.Figure()
    for row, ranked in zip(merged.itertuples(), ranks_in(merged, indicator)):
        colour = class_colour(row.value, edges)
        shown = figure_text(row.value, unit, decimals, getattr(row, "status", None))
        rank = "" if pd.isna(row.value) else (f"<br>Rank {ranked} (1 = highest)" if ranked[-1].isdigit() else f"<br>{ranked}")
        xs, ys = [], []
        for ring in rings(row.geometry):
            xs += [x for x, _ in ring] + [None]
            ys += [y for _, y in ring] + [None]
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", mode="lines", fillcolor="rgb(%d,%d,%d)" % colour,
                                 line=dict(color="#D55E00" if row.code == selected else "white",
                                           width=4 if row.code == selected else 1),
                                 hoveron="fills", showlegend=False, name=escape(str(row.name)),
                                 text=f"{escape(str(row.name))}: {shown}{rank}", hoverinfo="text"))
    for colour, label in legend_items(edges, merged["value"], unit, decimals):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=escape(label),
                                 marker=dict(size=14, symbol="square", color="rgb(%d,%d,%d)" % colour,
                                             line=dict(color="#555555", width=1))))
    base_layout(fig, title, height=height)
    lat = shapes_mid_lat(merged)
    fig.update_xaxes(visible=False)
    # Equal distances on both axes at Stockport's latitude.
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(lat)))
    fig.update_layout(legend=dict(title=dict(text=f"{escape(unit)} (lighter = lower)"), orientation="v",
                                  yanchor="top", y=1, xanchor="left", x=1.01), margin=dict(r=10))
    return fig


def shapes_mid_lat(shapes: pd.DataFrame) -> float:
    ys = [y for g in shapes.geometry for ring in rings(g) for _, y in ring]
    return (min(ys) + max(ys)) / 2 if ys else 53.4
