"""Charts read at 390 px and in the dark theme: share axes stop at 100%, names wrap and are never cut,
no value label sits on a reference line, a trend's axis ends at its data unless the recent pace is drawn,
and that pace is honest (capped at 100%, said as 'would be reached in')."""

from __future__ import annotations

import re

from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest

from presentation.charts import (
    LABEL_CHARS,
    add_reference_line,
    bar_chart,
    for_page_theme,
    line_chart,
    stacked_bar,
    untitled,
)
from presentation.target_drawing import target_sentence
from presentation.theme import DARK, PALETTE
from presentation.wording import fmt

WARDS = [
    "Bredbury Green & Romiley",
    "Brinnington & Stockport Central",
    "Cheadle East & Cheadle Hulme North",
    "Heald Green",
    "Offerton",
]


@pytest.mark.parametrize(
    "values", [[99.9, 98.0, 100.0, 97.5, 99.99], [94.9, 93.9, 88.4, 90.0, 92.1], [1.2, 0.4, 3.3, 2.0, 0.9]]
)
def test_a_share_axis_never_runs_past_100_percent_and_still_shows_every_bar(values):
    frame = pd.DataFrame({"area": WARDS, "value": values})
    for horizontal in (True, False):
        fig = bar_chart(frame, "area", "value", "Share", "% of premises", horizontal=horizontal)
        low, high = (fig.layout.xaxis if horizontal else fig.layout.yaxis).range
        assert low == 0 and max(values) <= high <= 100


def test_a_count_axis_fits_its_data_with_a_little_room():
    frame = pd.DataFrame({"area": WARDS, "value": [120, 300, 40, 80, 10]})
    low, high = bar_chart(frame, "area", "value", "Homes", "homes", decimals=0).layout.xaxis.range
    assert low == 0 and 300 < high <= 330


def test_a_trend_of_shares_never_autoranges_past_100_percent():
    frame = pd.DataFrame(
        {
            "area_name": ["Stockport"] * 3,
            "period_start": pd.to_datetime(["2024-01-01", "2025-01-01", "2026-01-01"]),
            "period_label": ["Jan 2024", "Jan 2025", "Jan 2026"],
            "value": [99.5, 99.8, 99.9],
        }
    )
    options = line_chart(frame, "4G", "% of area", 2).layout.yaxis.autorangeoptions
    assert (options.clipmin, options.clipmax) == (0, 100) and options.maxallowed is None  # clipped, not fixed


@pytest.mark.parametrize("name", WARDS + ["Supercalifragilisticexpialidocious Ward", "A"])
def test_long_names_wrap_onto_short_lines_and_keep_every_word(name):
    for fig in (
        bar_chart(pd.DataFrame({"area": [name], "value": [1.0]}), "area", "value", "t", "%"),
        stacked_bar(pd.DataFrame({"area": [name], "a": [1.0], "b": [2.0]}), "area", {"a": "A", "b": "B"}, "t", "score"),
    ):
        label = fig.data[0].y[0].replace("&amp;", "&")
        lines = label.split("<br>")
        assert " ".join(lines).split() == name.split()  # nothing cut off, nothing added
        assert all(len(line) <= LABEL_CHARS or " " not in line for line in lines)


def test_a_reference_line_takes_the_values_off_the_bars_and_its_name_above_the_plot():
    frame = pd.DataFrame({"area": WARDS, "value": [95.0, 94.0, 93.5, 99.0, 90.0]})
    fig = add_reference_line(bar_chart(frame, "area", "value", "Gigabit", "% of premises"), 94.5, "Stockport 94.5%")
    bars = fig.data[0]
    assert bars.text is None and bars.textposition == "none"  # no value label is left where a line can cross it
    assert all(f"<b>{fmt(v, '%', 1)}</b>" in y for v, y in zip(frame.value, bars.y))  # the values read beside the names
    (note,) = fig.layout.annotations
    assert note.yref == "paper" and note.y >= 1 and note.yanchor == "bottom" and note.text == "Stockport 94.5%"
    second = add_reference_line(fig, 99.0, "Target: 99.0%").layout.annotations[1]
    assert second.yshift > note.yshift  # a second line's name stacks above the first, not on it
    assert second.xanchor == "right"  # near the axis's end, the name runs back over the plot, not off it


def test_a_chart_on_a_dark_page_has_no_white_panel_and_light_text():
    frame = pd.DataFrame(
        {
            "area_name": [f"Area {n}" for n in range(8) for _ in range(2)],
            "period_start": pd.to_datetime(["2025-01-01", "2026-01-01"] * 8),
            "period_label": ["Jan 2025", "Jan 2026"] * 8,
            "value": range(16),
        }
    )
    fig = add_reference_line(bar_chart(frame.head(4), "area_name", "value", "t", "%"), 2, "Stockport")
    for chart in (fig, line_chart(frame, "t", "%")):
        dark = for_page_theme(chart, dark=True)
        assert dark.layout.paper_bgcolor == dark.layout.plot_bgcolor == "rgba(0,0,0,0)"
        assert dark.layout.font.color == DARK["ink"]
        assert all(s.line.color == DARK["ink"] for s in dark.layout.shapes)
        assert all(a.font.color == DARK["ink"] for a in dark.layout.annotations)
        colours = {str(t.line.color).lower() for t in dark.data if getattr(t, "line", None) is not None}
        assert PALETTE[6].lower() not in colours  # black series would vanish on the dark page
        assert "white" not in {getattr(t.marker.line, "color", None) for t in dark.data}


def test_a_chart_gives_its_title_to_the_page_as_plain_text():
    title = "Gigabit & full-fibre broadband: Stockport against comparators (Jan 2026) " * 2
    text, fig = untitled(bar_chart(pd.DataFrame({"area": ["a"], "value": [1.0]}), "area", "value", title, "%"))
    assert text == title.strip() and fig.layout.title.text is None and fig.layout.margin.t == 30
    lined = add_reference_line(
        bar_chart(pd.DataFrame({"area": ["a"], "value": [1.0]}), "area", "value", title, "%"), 0.5, "x"
    )
    assert (
        untitled(add_reference_line(lined, 0.8, "y"))[1].layout.margin.t >= 2 * 18
    )  # two lines' names keep their room


def _series(values, starts):
    return pd.DataFrame(
        {
            "area_name": "Stockport",
            "area_code": "E08000007",
            "period_start": pd.to_datetime(starts),
            "period_label": [f"{pd.Timestamp(s):%b %Y}" for s in starts],
            "value": values,
        }
    )


def _target(value=99.0, by="2030-12-31", direction="at least"):
    return SimpleNamespace(
        value=value,
        direction=direction,
        target_date=pd.Timestamp(by),
        commitment="Project Gigabit",
        publisher="DSIT",
        url="https://example.org",
        note="",
    )


def _x_end(fig):
    return max(pd.Timestamp(x) for trace in fig.data for x in trace.x)


def _draw(series, target, as_at=date(2026, 6, 1)):
    fig = line_chart(series, "Gigabit", "% of premises")
    shown = lambda v: fmt(v, "% of premises", 1)  # noqa: E731
    return fig, target_sentence(target, series, "% of premises", shown, fig, as_at=as_at)


def test_a_met_or_missed_target_draws_no_projection_and_the_axis_ends_at_the_data():
    series = _series([90.0, 92.0, 94.0], ["2024-01-01", "2025-01-01", "2026-01-01"])
    for target in (_target(85.0), _target(99.0, by="2025-12-31")):  # met; deadline passed
        fig, _ = _draw(series, target)
        assert _x_end(fig) == pd.Timestamp("2026-01-01")
        assert len(fig.data) == 2  # the series and the target line, no pace line


def test_the_recent_pace_bends_towards_100_percent_and_stops_at_the_target_date():
    series = _series([90.0, 94.0, 98.0], ["2024-01-01", "2025-01-01", "2026-01-01"])  # the gap: 10, 6, 2
    fig, sentence = _draw(series, _target(99.0))
    pace = fig.data[-1]
    assert pd.Timestamp(pace.x[0]) == pd.Timestamp("2026-01-01") and pace.y[0] == 98.0  # starts where the data ends
    assert list(pace.y) == sorted(pace.y) and max(pace.y) < 100.0  # rises, slowing, never reaching 100%
    assert pd.Timestamp(pace.x[-1]) == pd.Timestamp("2030-12-31") == _x_end(fig)  # and no further than the date
    assert (
        "at the recent pace (the gap to 100% closing by 55% a year since Jan 2024), 99.0% would be reached "
        "in November 2026"
    ) in sentence


def test_a_pace_going_the_wrong_way_says_the_target_would_not_be_reached():
    series = _series([95.0, 94.0, 93.0], ["2024-01-01", "2025-01-01", "2026-01-01"])
    fig, sentence = _draw(series, _target(99.0))
    assert "99.0% would not be reached" in sentence and "**not on track**" in sentence
    assert min(fig.data[-1].y) >= 0


def test_svg_bars_give_every_bar_a_hover_title_with_its_value_and_show_names_as_text():
    from presentation import svgchart

    svg = svgchart.bars(
        ["<b>Ward</b>", "Stockport"],
        [11.2, float("nan")],
        ["11.2%", "no figure"],
        "T",
        "D",
        "u",
        highlight={"<b>Ward</b>"},
        ink="currentColor",
        left=120,
    )
    assert svg.count("<g><title>") == 2
    assert "<title>&lt;b&gt;Ward&lt;/b&gt;: 11.2%</title>" in svg and "<title>Stockport: no figure</title>" in svg
    assert "<b>" not in svg and 'fill="#1F2937"' not in svg  # page text colour, never print ink, on a page
    assert '<rect x="120.0"' in svg  # the bars start after the room given to the labels


def test_svg_reference_lines_cross_the_bars_at_their_value_and_take_the_values_beside_the_names():
    from presentation import svgchart

    svg = svgchart.bars(
        ["A", "B"],
        [50.0, 25.0],
        ["50.0%", "25.0%"],
        "T",
        "D",
        "u",
        ink="currentColor",
        left=100,
        width=320,
        references=[(20.0, "Stockport 20.0%")],
    )
    # Scale: (320 - 100 - 12) / 50 per unit, so 20 sits at 100 + 83.2.
    assert '<line x1="183.2"' in svg and 'stroke-dasharray="6 4"' in svg and ">Stockport 20.0%</text>" in svg
    assert '<tspan dx="6" font-weight="bold">50.0%</tspan>' in svg  # the value beside its name ...
    assert not re.search(r'<text x="[\d.]+" y="[\d.]+">25.0%', svg)  # ... not on the line


def test_svg_stacked_bars_add_their_parts_end_to_end_with_a_title_for_each_part_and_a_key():
    from presentation import svgchart

    svg = svgchart.stacked_bars(
        ["<Ward>", "Other"],
        {"Age": [10.0, 5.0], "Income": [20.0, 5.0]},
        {"Age": ["10.0", "5.0"], "Income": ["20.0", "5.0"]},
        ["30.0", "10.0"],
        "T",
        "D",
        "u",
        ["#111111", "#222222"],
        highlight={"<Ward>"},
        ink="currentColor",
        left=100,
        width=400,
    )
    assert "<title>Income: 20.0</title>" in svg and "<title>&lt;Ward&gt;: 30.0</title>" in svg and "<Ward>" not in svg
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="16" fill="#', svg)]
    assert widths[0] * 2 == pytest.approx(widths[1], abs=0.1)  # Income is twice Age on the first bar
    assert ">Age</text>" in svg and ">Income</text>" in svg  # the key names every part
    assert ">30.0</text>" in svg and 'font-weight="bold">&lt;Ward&gt;</text>' in svg
    phone = svgchart.stacked_bars(
        ["<Ward>", "Other"],
        {"Age": [10.0, 5.0], "Income": [20.0, 5.0]},
        {"Age": ["10.0", "5.0"], "Income": ["20.0", "5.0"]},
        ["30.0", "10.0"],
        "T",
        "D",
        "u",
        ["#111111", "#222222"],
        ink="currentColor",
        width=360,
        narrow=True,
    )
    assert "<title>Income: 20.0</title>" not in phone and "<title>&lt;Ward&gt;: 30.0</title>" in phone  # nothing hovers


def test_a_narrow_svg_bar_chart_puts_names_above_their_bars_at_full_size():
    from presentation import svgchart

    svg = svgchart.bars(["A long ward name", "B"], [5.0, 2.0], ["5", "2"], "T", "D", "u", width=360, narrow=True)
    assert 'viewBox="0 0 360 ' in svg and 'text-anchor="end"' not in svg
    assert '<text x="8" y="22">A long ward name</text>' in svg  # the name on its own line, the bar under it
    assert '<g font-size="13" fill="#' in svg  # at full size: the rows' size and colour are said once, on their group


def test_the_page_gets_a_wide_and_a_narrow_drawing_with_ids_of_their_own(pinned_run):
    import pandas as pd
    from ui import svg_blocks

    html = svg_blocks.bars(pd.DataFrame({"n": ["A", "B"], "v": [1.0, 2.0]}), "n", "v", "T", "%", 1, "k:1")
    assert html.count("<svg ") == 2 and 'aria-labelledby="svg-k-1-w-t svg-k-1-w-d"' in html
    assert 'aria-labelledby="svg-k-1-n-t svg-k-1-n-d"' in html and 'class="os-narrow"' in html


def test_a_table_on_the_page_gives_its_figures_and_leaves_the_sources_to_the_source_line_and_the_csv():
    import pandas as pd
    from presentation.tables import PROVENANCE, add_source_columns, on_page

    sources = pd.DataFrame(
        [{"id": "s1", "publisher": "ONS", "licence": "OGL v3.0", "attribution": "Source: ONS", "vintage": "2021"}]
    )
    rows = pd.DataFrame(
        {
            "area_name": ["A", "B"],
            "period": ["2021", "2021"],
            "period_label": ["2021", "2021"],
            "value": [1.5, 2.5],
            "rank": [2, 1],
            "status": ["official", "derived"],
            "note": ["", "Sum of 9"],
            "source_id": ["s1", "s1"],
            "expected_next": pd.to_datetime(["2031-03-01"] * 2),
            "out_of_date": [False, False],
        }
    )
    download = add_source_columns(rows, sources)
    assert {"attribution", "publisher", "licence", "source_vintage", "expected_next_release"} <= set(download.columns)
    shown = on_page(download)
    assert list(shown.columns) == ["area_name", "period_label", "value", "rank", "status", "note"]
    assert not set(PROVENANCE) & set(shown.columns)  # no "freshness" either: nothing in it
    assert on_page(download.assign(note="")).columns.tolist() == [
        "area_name",
        "period_label",
        "value",
        "rank",
        "status",
    ]
    stale = download.assign(freshness=["update expected since Mar 2031", ""])
    assert "freshness" in on_page(stale).columns and len(on_page(stale)) == 2


# -- read at 390 px and 1440 px, in either drawing (issue 29) ------------------------------------------

PHONE_CHART = 360  # px: a chart's width in a 390 px phone's column
CHAR_PX = 7.5  # px: a generous width of one character of Plotly's 13-14 px text


def _trend_frame() -> pd.DataFrame:
    rows = [
        (area, pd.Timestamp(f"{year}-01-01"), f"Jan {year}", value + step * (year - 2023))
        for area, value, step in (("Stockport", 88.0, 2.3), ("Greater Manchester", 86.0, 2.5), ("England", 79.0, 3.1))
        for year in range(2023, 2027)
    ]
    return pd.DataFrame(rows, columns=["area_name", "period_start", "period_label", "value"])


def _charts_with_a_legend():
    stacked = pd.DataFrame({"area_name": WARDS, "a": [10.0, 20, 30, 5, 1], "b": [5.0, 5, 5, 5, 5]})
    return [
        line_chart(_trend_frame(), "Gigabit over time", "% of premises", emphasis="Stockport"),
        stacked_bar(stacked, "area_name", {"a": "Residents aged 65+", "b": "Income deprivation"}, "Risk", "score"),
    ]


@pytest.mark.parametrize("fig", _charts_with_a_legend(), ids=["trend", "stacked"])
def test_a_legend_sits_under_the_plot_placed_against_the_whole_chart_never_on_the_points(fig):
    legend = fig.layout.legend
    # Against the whole chart ('container'), from its bottom edge up: Plotly makes room under the axis.
    # Against the plot ('paper') at y=-0.1 it was drawn over the lowest points after a resize.
    assert (legend.orientation, legend.yref, legend.y, legend.yanchor) == ("h", "container", 0, "bottom")
    assert all(trace.showlegend is False or "<br>" in trace.name or len(trace.name) <= 40 for trace in fig.data)


@pytest.mark.parametrize(
    "unit",
    ["% of premises", "rank of 32,844 (1 = most deprived)", "score (0–100, higher = more risk)", "tCO2e per resident"],
)
def test_a_value_axis_unit_is_written_across_above_the_axis_and_fits_a_phones_chart(unit):
    frame = _trend_frame()
    vertical = pd.DataFrame({"area_name": WARDS, "value": [1.0, 2, 3, 4, 5]})
    for fig in (line_chart(frame, "T", unit), bar_chart(vertical, "area_name", "value", "T", unit, horizontal=False)):
        assert not fig.layout.yaxis.title.text  # not turned up the side: longer than a phone's plot, it was cut
        [note] = [a for a in fig.layout.annotations if a.name == "unit"]
        assert re.sub("<br>", " ", note.text) == unit.replace("&", "&amp;")
        assert (note.xref, note.x, note.xanchor, note.yref, note.y, note.yanchor) == (
            "paper",
            0,
            "left",
            "paper",
            1,
            "bottom",
        )
        assert max(map(len, note.text.split("<br>"))) * CHAR_PX <= PHONE_CHART - 60  # after the tick labels
    horizontal = bar_chart(vertical, "area_name", "value", "T", unit)  # the unit under the axis, across
    assert len(horizontal.layout.xaxis.title.text) * CHAR_PX <= PHONE_CHART


def test_the_stacked_bars_print_the_totals_the_still_drawing_prints():
    from xml.etree import ElementTree
    from ui import svg_blocks

    frame = pd.DataFrame(
        {
            "area_name": WARDS,
            "a": [10.04, 20.0, 30.0, 5.0, 1.0],
            "b": [5.04, 5.0, 5.0, 5.0, 5.0],
            "score": [15.08, 25.0, 35.0, 10.0, 6.0],
        }
    )  # 15.08 whole; its parts 10.0 + 5.0 rounded
    parts = {"a": "Residents aged 65+", "b": "Income deprivation"}
    fig = stacked_bar(frame, "area_name", parts, "Risk", "score", 1, total="score")
    [totals] = [t for t in fig.data if t.type == "scatter" and t.mode == "text"]
    assert list(totals.text) == ["15.1", "25.0", "35.0", "10.0", "6.0"]
    assert list(totals.x) == pytest.approx(list(frame.a + frame.b))  # at each bar's end
    assert totals.cliponaxis is False and fig.layout.margin.r >= 8 * 4  # room for the longest
    still = svg_blocks.stacked(frame, "area_name", parts, "Risk", "score", 1, "risk-test", total="score")
    wide = ElementTree.fromstring(re.search(r'<div class="os-wide">(.*?)</div>', still).group(1))
    bar_ends = [
        g.findall("{http://www.w3.org/2000/svg}text")[-1].text
        for g in wide.iter("{http://www.w3.org/2000/svg}g")
        if g.find("{http://www.w3.org/2000/svg}title") is not None
        and g.find("{http://www.w3.org/2000/svg}rect") is not None
    ]
    assert bar_ends == list(totals.text)


def test_the_bars_print_the_figures_the_still_drawing_prints_a_suppressed_one_included():
    from ui import svg_blocks

    frame = pd.DataFrame(
        {
            "area_name": ["Edgeley", "Offerton", "Stockport"],
            "value": [11.24, float("nan"), None],
            "status": ["official", "suppressed", None],
        }
    )
    fig = bar_chart(frame, "area_name", "value", "T", "% of residents")
    assert list(fig.data[0].text) == ["11.2%", "suppressed", "no figure"]
    still = svg_blocks.bars(frame, "area_name", "value", "T", "% of residents", 1, "bars-test")
    assert [f"<title>{name}: {text}</title>" in still for name, text in zip(frame.area_name, fig.data[0].text)] == [
        True
    ] * 3


def test_a_trend_legend_names_each_areas_latest_figure_as_the_still_key_does():
    from presentation import svgchart

    frame = _trend_frame()
    shown = lambda v: fmt(v, "% of premises", 1)  # noqa: E731
    fig = line_chart(frame, "Gigabit", "% of premises", 1, emphasis="Stockport")
    names = [t.name.replace("<br>", " ") for t in fig.data]
    assert names == [
        "Stockport: 94.9% in Jan 2026",
        "Greater Manchester: 93.5% in Jan 2026",
        "England: 88.3% in Jan 2026",
    ]
    still = svgchart.trend(frame, "Gigabit", "t", shown, "% of premises", "Stockport")
    assert all(
        name.replace(":", "", 1) in still for name in names
    )  # its description reads 'Stockport 94.9% in Jan 2026'
    assert all(f">{name}<" in still for name in names)  # its key


def test_the_timeline_names_each_row_above_its_bar_so_the_years_get_the_phones_width():
    from presentation.gantt import timeline_chart
    from presentation.schemes import timeline

    projects = pd.read_csv("data/projects_register.csv")
    fig = timeline_chart(projects)
    rows = timeline(projects)
    assert fig.layout.yaxis.showticklabels is False  # no name column beside the plot
    named = [a for a in fig.layout.annotations if a.name == "row name"]
    assert [a.y for a in named] == list(range(len(rows)))
    assert all(max(map(len, a.text.split("<br>"))) * CHAR_PX <= PHONE_CHART for a in named)
    lone = [t for t in fig.data if t.mode == "markers+text"]
    assert lone and all(t.cliponaxis is False for t in lone)
    assert {t.textposition for t in lone} <= {"middle left", "middle right"}


def test_a_bar_name_longer_than_its_room_is_cut_with_an_ellipsis_and_kept_whole_in_its_hover():
    """The funders chart's 'English Cities Fund (Homes England, Legal & General, Muse)' ran off the drawing's
    left edge at every width: it is cut to the room beside its bar, and its <title> keeps it whole."""
    import re

    from presentation import svgchart

    long = "English Cities Fund (Homes England, Legal & General, Muse)"
    svg = svgchart.bars([long, "Homes England"], [3.0, 2.0], ["3", "2"], "Funders", "D", "f", left=250)
    shown = re.findall(r'text-anchor="end"[^>]*>([^<]+)<', svg)
    assert shown[0].endswith("…") and len(shown[0]) * 8 <= 250 - 16 + 8 and shown[1] == "Homes England"
    assert f"<title>{long.replace('&', '&amp;')}: 3</title>" in svg
