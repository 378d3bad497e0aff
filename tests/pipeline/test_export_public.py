"""`export-public`: static public views, CSV and a JSON index; nothing internal, suppression kept."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from pipeline.errors import BuildError
from publish.export_public import export_public
from pipeline.store.queries import Database
from pipeline.registry import load_registry

# One worker for the module under xdist, so the module's export below is made once, not once a worker.
pytestmark = pytest.mark.xdist_group(__name__)


def _all_text(folder) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file() and p.name != "plotly.min.js"
    )


def test_no_internal_indicator_reaches_the_export(default_export):
    dest = default_export
    internal = [i for i in load_registry().indicators.values() if not i.is_public]
    assert internal  # the registry has internal indicators to leak
    text = _all_text(dest)
    for i in internal:
        assert i.id not in text and i.title not in text, i.id
    files = {p.name for p in dest.rglob("*")}
    assert not any(name.startswith("inclusion_") for name in files)
    assert "sample" not in pd.concat([pd.read_csv(p) for p in (dest / "data").glob("*.csv")]).status.unique()


def test_the_index_lists_every_public_indicator_with_its_files(default_export, default_db):
    dest = default_export
    index = json.loads((dest / "api" / "index.json").read_text(encoding="utf-8"))
    public = Database(default_db, audience="public").indicators("public")
    assert sorted(r["id"] for r in index["indicators"]) == sorted(public.id)
    assert index["audience"] == "public" and index["build_id"]
    for r in index["indicators"]:
        assert (dest / r["csv"]).exists() and (dest / r["json"]).exists()
        for view in r["views"]:
            assert (dest / view).exists()
    views = {p.name for p in (dest / "views").glob("*.html")}
    assert {
        "gigabit_broadband-trend.html",
        "gigabit_broadband-compare.html",
        "imd_score-map.html",
        "exclusion_risk_score-map.html",
    } <= views


def test_each_csv_holds_exactly_the_public_figures_with_sources(default_export, default_db):
    dest = default_export
    db = Database(default_db, audience="public")
    for indicator in ("gigabit_broadband", "imd_score", "age_65plus_pct"):
        csv = pd.read_csv(dest / "data" / f"{indicator}.csv", dtype={"period": str})
        expected = db.observations(indicator)
        assert len(csv) == len(expected)
        assert csv.value.sum() == pytest.approx(expected.value.sum())
        assert csv.attribution.notna().all() and csv.licence.notna().all()
    ev = pd.read_csv(dest / "data" / "ev_chargers_per_100k.csv")
    latest = ev[ev.period == ev.period.max()]
    # April 2026's quarterly figures: the update expected in Aug 2026 is past its grace period in December.
    assert (latest.freshness == "update expected since Aug 2026").all()


def test_a_view_page_has_its_chart_table_and_target_in_words(default_export):
    dest = default_export
    html = (dest / "views" / "gigabit_broadband-trend.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<h1>Gigabit-capable broadband over time</h1>" in html
    assert "https://" not in html.split("<main>")[0]
    assert "<caption>" in html and 'scope="col"' in html and 'role="img"' in html
    assert "Target: at least 99.0% by December 2030" in html and "94.9%" in html
    assert (dest / "assets" / "plotly.min.js").stat().st_size > 1_000_000


@pytest.mark.slow
def test_suppressed_cells_stay_suppressed_in_the_export(tmp_path, small_lsoa_db):
    dest = tmp_path / "out"
    export_public(dest, small_lsoa_db)
    csv = pd.read_csv(dest / "data" / "age_65plus_count.csv")
    row = csv[csv.area_code == "E01005886"].iloc[0]
    assert row.status == "suppressed" and pd.isna(row.value)
    assert (csv.status == "suppressed").sum() == 2  # with its secondary partner, as in the app
    detail = json.loads((dest / "api" / "indicators" / "age_65plus_count.json").read_text(encoding="utf-8"))
    hidden = [r for r in detail["latest"] if r["area_code"] == "E01005886"][0]
    assert hidden["value"] is None and hidden["status"] == "suppressed"


def test_a_folder_of_other_files_is_refused_and_an_earlier_export_is_replaced_whole(
    tmp_path, default_db, default_export, monkeypatch
):
    other = tmp_path / "site"
    other.mkdir()
    (other / "index.html").write_text("someone else's site", encoding="utf-8")
    with pytest.raises(BuildError, match="not a One Stockport export"):
        export_public(other, default_db)
    assert (other / "index.html").read_text(encoding="utf-8") == "someone else's site"

    dest = tmp_path / "public"
    shutil.copytree(default_export, dest)  # an earlier export: the run's one export of the same build
    (dest / "views" / "stale-view.html").write_text("old", encoding="utf-8")
    before = (dest / "index.html").read_text(encoding="utf-8")

    from publish import export_public as module

    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(module._Exporter, "run", fail)
    with pytest.raises(RuntimeError):
        export_public(dest, default_db)
    assert (dest / "index.html").read_text(encoding="utf-8") == before  # the earlier export is untouched
    assert not list(tmp_path.glob(".public.exporting-*"))
    monkeypatch.undo()
    export_public(dest, default_db)
    assert not (dest / "views" / "stale-view.html").exists()  # replaced whole, not merged


def test_html_tables_escape_every_cell_and_keep_each_row_on_one_line():
    from presentation.htmldoc import table

    html = table(
        pd.DataFrame({"name": ["<script>alert(1)</script>", "a\n\nb"], "value": [1.5, None]}), "Cap <b>", {"value"}
    )
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<td>a b</td>" in html and "\n\n" not in html  # a blank line would end an HTML block in Markdown
    assert "<caption>Cap &lt;b&gt;</caption>" in html and "<td class=num></td>" in html


def test_a_map_view_is_the_one_svg_map_with_each_ward_on_hover_and_no_plotly(default_export):
    """Maps are drawn one way (presentation/svgmap.py): the export's map names every ward with its figure
    on hover and writes the names it can fit, so it needs no interactive Plotly copy."""
    dest = default_export
    html = (dest / "views" / "imd_score-map.html").read_text(encoding="utf-8")
    chart = html.split('<div id="chart"', 1)[1].split("</figure>", 1)[0]
    assert chart.count("<path d=") >= 21 and chart.count("\nIMD score") + chart.count("Rank: ") >= 21
    assert 'class="os-map-names"' in chart
    assert "plotly" not in html and 'id="chart-spec"' not in html


@pytest.mark.parametrize("view", ["gigabit_broadband-trend", "coverage_4g-compare"])
def test_a_view_draws_its_chart_as_svg_and_loads_plotly_only_when_a_reader_reaches_for_it(default_export, view):
    """Plotly (3.6 MB) in the head blocked every view's first paint for 4.6 s (issue 18)."""
    dest = default_export
    html = (dest / "views" / f"{view}.html").read_text(encoding="utf-8")
    chart = html.split('<div id="chart"', 1)[1].split("</div>", 1)[0]
    assert "<svg" in chart and "<title" in chart and "<desc" in chart  # painted with the page, text alternative inside
    assert "<script src=" not in html  # nothing blocks the first paint
    assert "'../assets/plotly.min.js'" in html  # loaded by the upgrade script when asked for
    spec = html.split('<script type="application/json" id="chart-spec">', 1)[1].split("</script>", 1)[0]
    assert json.loads(spec)["data"]  # the interactive figure travels as inert JSON


def test_a_figure_title_cannot_end_the_chart_json_early():
    import plotly.graph_objects as go
    from publish.export_public import _chart_html

    html = _chart_html(go.Figure(layout_title_text="</script><script>alert(1)</script>"), "<svg></svg>", "label")
    spec = html.split('id="chart-spec">', 1)[1].split("</script>", 1)[0]
    assert "alert" in spec and "<" not in spec
    assert json.loads(spec)["layout"]["title"]["text"] == "</script><script>alert(1)</script>"
