"""Chart figures and number formatting (presentation/), without Streamlit."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from presentation.charts import bar_chart, line_chart, scatter_chart

from presentation.labels import LABEL_SPOTS, label_box, place_labels

from presentation.wording import fmt


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (1, "schemes", "1 scheme"),
        (2, "schemes", "2 schemes"),
        (1, "people", "1 person"),
        (3, "people", "3 people"),
        (1, "LSOAs", "1 LSOA"),
        (1, "SIMs or data packages", "1 SIM or data package"),
        (1, "% of residents", "1%"),
        (1, "kWh per meter", "1 kWh per meter"),
        (1.0, "homes", "1 home"),
    ],
)
def test_a_count_of_one_reads_in_the_singular(value, unit, expected):
    assert fmt(value, unit, 0) == expected


def test_one_point_zero_keeps_the_plural():
    assert fmt(1.0, "homes", 1) == "1.0 homes"


def _boxes(frame: pd.DataFrame, spots: list[str | None]) -> list[tuple]:
    """The label boxes place_labels reasoned about, recomputed from its own pixel mapping."""
    x0, x1, y1 = frame.x.min(), frame.x.max(), frame.y.max()
    sx, sy = 700 / ((x1 - x0) * 1.1), 360 / (y1 * 1.1)
    return [
        label_box((x - x0) * sx + 700 * 0.045, y * sy, name, spot)
        for x, y, name, spot in zip(frame.x, frame.y, frame.name, spots)
        if spot
    ]


def test_scatter_labels_never_overlap_and_every_name_stays_on_hover():
    # A tight cluster (as Stockport's wards fall on the inclusion page) and a few outliers.
    names = [
        "Brinnington & Stockport Central",
        "Heatons South",
        "Bramhall North",
        "Cheadle Hulme South",
        "Norbury & Woodsmoor",
        "Heatons North",
        "Reddish North",
        "Reddish South",
        "Bredbury & Woodley",
        "Davenport & Cale Green",
        "Marple North",
        "Edgeley",
    ]
    frame = pd.DataFrame(
        {
            "name": names,
            "x": [70, 36.2, 36.9, 36.1, 35.9, 38.9, 60.2, 60.1, 60.8, 60.3, 39.0, 54.1],
            "y": [315, 160, 155, 162, 123, 130, 98, 68, 65, 110, 115, 125],
        }
    )
    spots = place_labels(list(frame.x), list(frame.y), names, first={"Edgeley"})
    assert set(spots) - {None} <= set(LABEL_SPOTS)
    assert spots[names.index("Edgeley")] is not None  # the highlighted ward is labelled first
    boxes = _boxes(frame, spots)
    assert len(boxes) >= len(names) - 4  # most points keep a label
    for a, b in itertools.combinations(boxes, 2):
        assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)

    fig = scatter_chart(frame, "x", "y", "name", "t", "x", "y", highlight={"Edgeley"})
    trace = fig.data[0]
    assert list(trace.customdata) == [n.replace("&", "&amp;") for n in names]  # hover names every point
    assert [t != "" for t in trace.text] == [s is not None for s in spots]


def test_a_long_chart_title_wraps_and_the_chart_grows_to_fit():
    frame = pd.DataFrame({"area": ["a", "b"], "value": [1.0, 2.0]})
    short = bar_chart(frame, "area", "value", "Short title", "%")
    long = bar_chart(frame, "area", "value", "A long title " * 10, "%")
    assert "<br>" not in short.layout.title.text and long.layout.title.text.count("<br>") >= 1
    assert long.layout.margin.t > short.layout.margin.t and long.layout.height > short.layout.height


def test_small_counts_get_whole_number_ticks():
    counts = pd.DataFrame({"funder": ["A", "B", "C"], "schemes": [3, 2, 1]})
    assert bar_chart(counts, "funder", "schemes", "Schemes", "schemes", decimals=0).layout.xaxis.dtick == 1
    shares = pd.DataFrame({"ward": ["A", "B"], "pct": [3.2, 1.5]})
    assert bar_chart(shares, "ward", "pct", "Share", "%").layout.xaxis.dtick is None
    many = pd.DataFrame({"funder": ["A", "B"], "schemes": [40, 2]})
    assert bar_chart(many, "funder", "schemes", "Schemes", "schemes", decimals=0).layout.xaxis.dtick is None


def test_a_trend_of_small_counts_gets_whole_number_ticks():
    frame = pd.DataFrame(
        {
            "area_name": ["Edgeley"] * 3,
            "period_start": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-03-01"]),
            "period_label": ["Jan", "Feb", "Mar"],
            "value": [1, 3, 2],
        }
    )
    assert line_chart(frame, "Devices lent", "devices", decimals=0).layout.yaxis.dtick == 1
    assert line_chart(frame, "Share", "%", decimals=1).layout.yaxis.dtick is None


def test_a_trend_point_names_on_hover_the_release_its_figure_comes_from():
    frame = pd.DataFrame(
        {
            "area_name": ["North West"] * 2,
            "period_start": pd.to_datetime(["2024-07-01", "2025-01-01"]),
            "period_label": ["July 2024", "January 2025"],
            "value": [86.7, 88.1],
            "note": [
                "ONS release of 2024-12-18 (b46113bc)",
                "ONS release of 2025-07-15 (5eea8f1a), revising 90 in the ONS release of 2025-06-03 (d57c8988)",
            ],
        }
    )
    trace = line_chart(frame, "Gigabit", "% of premises").data[0]
    assert "%{customdata[2]}" in trace.hovertemplate
    assert trace.customdata[0][2] == "<br>ONS release of 18 Dec 2024"
    assert trace.customdata[1][2] == "<br>ONS release of 15 Jul 2025<br>revising 90 in the ONS release of 3 Jun 2025"


def test_no_hover_on_a_trend_of_the_bundled_figures_reads_out_a_commit_hash(default_db):
    """The bundled notes carry each release's commit hash (provenance, kept in the table and CSV);
    both drawings' hovers, Plotly's and the still's, name the release by its date in words."""
    from pipeline.store.queries import Database
    from presentation import svgchart

    frame = Database(default_db).trend("gigabit_broadband", ["E08000007", "E92000001"])
    assert frame.note.str.contains(r"\([0-9a-f]{8}\)").any()  # the hash is in the data
    fig = line_chart(frame, "Gigabit", "% of premises")
    hovers = [str(c) for trace in fig.data for row in trace.customdata for c in row]
    still = svgchart.trend(frame, "Gigabit", "t", lambda v: f"{v:.1f}%", "% of premises")
    assert any("ONS release of" in h for h in hovers) and "ONS release of" in still
    hashed = re.compile(r"\([0-9a-f]{7,}\)|\d{4}-\d{2}-\d{2}")
    assert not [h for h in hovers if hashed.search(h)] and not hashed.search(still)


@pytest.mark.parametrize("note", [None, float("nan"), "", "Census 2021 counts are perturbed"])
def test_a_figure_whose_note_names_no_release_adds_nothing_to_the_hover(note):
    from presentation.wording import release_text

    assert release_text(note) == ""
