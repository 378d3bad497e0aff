"""The trend chart drawn on the server (presentation/svgchart.trend) says what the Plotly trend says:
the same target lines and recent pace (one arithmetic, presentation/target_marks), a hover title per
point, areas told apart without colour alone, hostile names kept as text, a share's axis within 100%,
and a phone's drawing with its text at full size."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest

from presentation import svgchart
from presentation.charts import line_chart
from presentation.target_drawing import target_sentence
from presentation.target_marks import chart_targets
from presentation.wording import fmt, release_lines, release_text

NS = {"s": "http://www.w3.org/2000/svg"}
UNIT = "% of premises"
AS_AT = date(2026, 6, 1)
RELEASE = "ONS release of 2025-07-15 (5eea8f1a), revising 90 in the ONS release of 2025-06-03 (d57c8988); more"


def shown(v) -> str:
    return fmt(v, UNIT, 1)


def _frame(areas: dict[str, tuple[str, list[float]]], starts: list[str]) -> pd.DataFrame:
    """Rows as data.trend gives them: one area after another, each oldest first."""
    rows = [
        {
            "area_code": code,
            "area_name": name,
            "period_start": pd.Timestamp(s),
            "period_label": f"{pd.Timestamp(s):%b %Y}",
            "value": v,
            "note": RELEASE if n == len(starts) - 1 else None,
        }
        for name, (code, values) in areas.items()
        for n, (s, v) in enumerate(zip(starts, values))
    ]
    return pd.DataFrame(rows)


STARTS = ["2023-01-01", "2024-01-01", "2025-01-01", "2026-01-01"]
AREAS = {
    "Stockport": ("E08000007", [88.0, 91.0, 93.0, 95.0]),
    "Greater Manchester": ("E47000001", [85.0, 88.0, 90.0, 93.0]),
    "North West": ("E12000002", [84.0, 87.0, 89.0, 92.0]),
    "England": ("E92000001", [80.0, 84.0, 86.0, 88.0]),
}


def _target(value=99.0, by="2030-12-31", code="E08000007"):
    return SimpleNamespace(
        area_code=code,
        value=value,
        direction="at least",
        target_date=pd.Timestamp(by),
        commitment="Project Gigabit",
        publisher="DSIT",
        url="https://example.org",
        note="",
    )


def _svg(frame, targets=(), narrow=False) -> str:
    marks = chart_targets(list(targets), frame, UNIT, shown, as_at=AS_AT)
    return svgchart.trend(
        frame,
        "Gigabit over time",
        "t",
        shown,
        UNIT,
        "Stockport",
        marks,
        width=360 if narrow else 720,
        ink="currentColor",
        narrow=narrow,
    )


def _plotly(frame, targets=()):
    fig = line_chart(frame, "Gigabit over time", UNIT, 1, "Stockport")
    for t in targets:
        target_sentence(t, frame[frame.area_code == t.area_code], UNIT, shown, fig, as_at=AS_AT)
    return fig


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML, or this fails


def _titles(svg: str) -> list[str]:
    return [t.text for t in _tree(svg).iterfind(".//s:g/s:title", NS)]


def _points(polyline: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, p.split(","))) for p in polyline.get("points").split()]


def _read(name: str) -> str:
    """A Plotly legend entry as read: its wrapped lines joined."""
    return html.unescape(name.replace("<br>", " "))


def test_the_target_lines_and_the_recent_pace_are_the_plotly_charts_points():
    frame = _frame(AREAS, STARTS)
    targets = [_target(85.0, "2025-12-31"), _target(99.0)]  # a passed (met) deadline, then one ahead
    fig = _plotly(frame, targets)
    marks = chart_targets(targets, frame, UNIT, shown, as_at=AS_AT)
    drawn = [tr for tr in fig.data if tr.name.startswith(("Target", "At the recent pace"))]
    assert [m.label for m in marks] == [_read(drawn[0].name), _read(drawn[1].name)]
    assert [pd.Timestamp(x) for x in drawn[0].x] == [marks[0].start, marks[0].end] and list(drawn[0].y) == [85.0, 85.0]
    assert [pd.Timestamp(x) for x in drawn[1].x] == [marks[1].start, marks[1].end] and list(drawn[1].y) == [99.0, 99.0]
    pace = drawn[2]
    assert [pd.Timestamp(x) for x in pace.x] == marks[1].pace_x and list(pace.y) == marks[1].pace_y
    assert _read(pace.name) == marks[1].pace_name and marks[0].pace_name is None
    # The SVG draws those points: a hover title per pace point in Plotly's words, and the pace starts
    # on Stockport's latest point.
    svg = _svg(frame, targets)
    plotly_hovers = [
        f"At the recent pace: {text} at {pd.Timestamp(x):%b %Y}" for text, x in zip(pace.customdata, pace.x)
    ]
    assert [t for t in _titles(svg) if t.startswith("At the recent pace:")] == plotly_hovers
    tree = _tree(svg)
    line = tree.find(".//s:polyline[@class='os-pace']", NS)
    assert len(_points(line)) == len(pace.x)
    stockport = [p for p in tree.iterfind(".//s:polyline", NS) if p.get("stroke-dasharray") == ""][0]
    assert _points(line)[0] == _points(stockport)[-1]
    assert [t for t in _titles(svg) if t.startswith("Target")] == [marks[0].label, marks[1].label]
    assert marks[1].label in svg and marks[1].pace_name in svg  # named in the key


def test_every_figure_has_a_hover_title_naming_area_period_figure_and_release():
    frame = _frame(AREAS, STARTS)
    frame.loc[1, "value"] = float("nan")  # a missing figure: no point, and the line breaks there
    titles = _titles(_svg(frame))
    points = [t for t in titles if not t.startswith(("Target", "At the recent pace"))]
    assert len(points) == frame.value.notna().sum()
    assert "Stockport, Jan 2023: 88.0%" in points and not any(t.startswith("Stockport, Jan 2024") for t in points)
    assert "Stockport, Jan 2026: 95.0%\n" + "\n".join(release_lines(RELEASE)) in points
    stockport = [p for p in _tree(_svg(frame)).iterfind(".//s:polyline", NS) if p.get("stroke-dasharray") == ""]
    assert len(stockport) == 2  # broken at the gap, as Plotly leaves it


def test_release_lines_are_the_plotly_hover_lines_as_plain_text():
    assert release_lines(RELEASE) == ["ONS release of 15 Jul 2025", "revising 90 in the ONS release of 3 Jun 2025"]
    assert release_text(RELEASE) == "<br>" + "<br>".join(release_lines(RELEASE))
    assert release_lines("Not a release") == [] == release_lines(None)


def test_areas_differ_in_colour_dash_and_marker_not_colour_alone():
    tree = _tree(_svg(_frame(AREAS, STARTS)))
    lines = list(tree.iterfind(".//s:polyline", NS))
    assert len({p.get("stroke") for p in lines}) == len({p.get("stroke-dasharray") for p in lines}) == len(AREAS)
    marker_kinds = set()
    for name in AREAS:
        group = next(
            g for g in tree.iterfind(".//s:g[@class='os-point']", NS) if g.find("s:title", NS).text.startswith(name)
        )
        drawn = list(group)[2]  # after its title and its clear hover disc
        marker_kinds.add((drawn.tag, drawn.get("d", "")[:1], len(drawn.get("points", "").split())))
    assert len(marker_kinds) == len(AREAS)


@pytest.mark.parametrize(
    "hostile", ["<script>alert(1)</script>", "A & B \"quoted\" 'x'", "</svg><img src=x onerror=alert(1)>"]
)
def test_a_hostile_area_name_stays_text(hostile):
    areas = {hostile if k == "England" else k: v for k, v in AREAS.items()}
    svg = _svg(_frame(areas, STARTS), [_target()])
    tree = _tree(svg)
    assert "<script" not in svg and "<img" not in svg
    assert any(t.startswith(f"{hostile}, Jan 2026") for t in _titles(svg))
    assert any(hostile in (t.text or "") for t in tree.iterfind(".//s:text", NS))  # named in the key, as text
    assert hostile in tree.find("s:desc", NS).text


@pytest.mark.parametrize("values", [[97.0, 98.5, 99.4, 99.9], [99.9, 100.0, 100.0, 100.0], [10.0, 40.0, 70.0, 99.0]])
def test_a_share_axis_stays_within_0_and_100_percent(values):
    frame = _frame({"Stockport": ("E08000007", values)}, STARTS)
    svg = _svg(frame, [_target(99.5)])
    ticks = [float(t.text.replace(",", "")) for t in _tree(svg).iterfind(".//s:text[@text-anchor='end']", NS)]
    assert ticks and max(ticks) <= 100 and min(ticks) >= 0 and max(ticks) >= max(values)


def test_no_pace_is_drawn_past_a_met_target_and_the_axis_ends_at_the_data():
    frame = _frame(AREAS, STARTS)
    svg = _svg(frame, [_target(90.0)])  # Stockport's 95.0% already meets it
    assert "At the recent pace" not in svg and 'class="os-pace"' not in svg
    years = [int(t.text) for t in _tree(svg).iterfind(".//s:text[@text-anchor='middle']", NS)]
    assert max(years) == 2026
    ahead = _svg(frame, [_target(99.0)])  # not met: the pace and the axis run to the deadline
    assert max(int(t.text) for t in _tree(ahead).iterfind(".//s:text[@text-anchor='middle']", NS)) == 2030


def test_the_narrow_drawing_keeps_its_text_full_size_and_inside_the_width():
    frame = _frame(AREAS, STARTS)
    wide, narrow = _svg(frame, [_target()]), _svg(frame, [_target()], narrow=True)
    assert 'viewBox="0 0 360 ' in narrow and 'viewBox="0 0 720 ' in wide
    sizes = set(re.findall(r'font-size="(\d+)"', narrow))
    assert sizes == set(re.findall(r'font-size="(\d+)"', wide)) == {"12"}
    for text in _tree(narrow).iterfind(".//s:text", NS):
        if text.get("text-anchor") is None:  # left-aligned: the key and the axis's unit
            assert float(text.get("x")) + svgchart.CHAR * len(text.text) <= 360, text.text
    years = [int(t.text) for t in _tree(narrow).iterfind(".//s:text[@text-anchor='middle']", NS)]
    assert len(years) <= 5  # 2023 to 2030 labelled every other year, never touching
