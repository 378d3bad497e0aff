"""`python -m cli export-public DIR`: the public views as static pages, the public figures as
CSV and a JSON index, for any web server or CDN, with no Streamlit process.

Everything is read through a *public* query-layer reader, so the export holds exactly what a public
dashboard shows: no internal indicator, suppressed cells empty and labelled. The folder is written
beside DIR and swapped in whole, so a reader of DIR never sees half an export; a DIR that holds
anything but an earlier export is refused rather than overwritten.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from pipeline.store import changes
from pipeline import clock
from pipeline.ingest.csv_safety import to_csv_bytes
from pipeline.errors import BuildError
from pipeline.store.queries import Database
from pipeline.registry import STOCKPORT, load_registry
from presentation import htmldoc as h
from presentation import changes_text, svgchart, svgmap
from presentation.charts import bar_chart, line_chart
from presentation.map_classes import class_edges, legend_items, polarity_of
from presentation.tables import add_source_columns
from presentation.target_drawing import target_sentence
from presentation.target_marks import chart_targets
from presentation.wording import figure_text, fmt, late_flags, left_out_note, out_of_date_note, source_text

from .static_embeds import StaticEmbeds

MARKER = "one-stockport-public-export"
VIEW_TITLES = {"map": "by ward", "trend": "over time", "compare": "Stockport against comparators"}


@dataclass
class ExportReport:
    dest: Path
    views: list[str] = field(default_factory=list)
    csvs: list[str] = field(default_factory=list)
    embeds: list[str] = field(default_factory=list)
    indicators: int = 0


# A view paints its chart at once as server-drawn SVG; Plotly (3.6 MB, which blocked every view's
# first paint for 4.6 s) loads only when a reader reaches for the chart (pointer, touch, keyboard
# focus or the button) and then redraws the same figure as an interactive chart in its place.
UPGRADE_JS = """
(function () {
  var box = document.getElementById('chart'), spec = document.getElementById('chart-spec'), started = false;
  function upgrade() {
    if (started) return; started = true;
    var button = document.getElementById('chart-interactive');
    if (button) { button.disabled = true; button.textContent = 'Loading the interactive chart…'; }
    var script = document.createElement('script');
    script.src = '../assets/plotly.min.js';
    script.onload = function () {
      var fig = JSON.parse(spec.textContent);
      box.style.minHeight = box.offsetHeight + 'px';
      box.textContent = '';
      Plotly.newPlot(box, fig.data, fig.layout, {displayModeBar: false, responsive: true}).then(function () {
        if (button) button.parentNode.removeChild(button);
      });
    };
    document.head.appendChild(script);
  }
  ['pointerenter', 'touchstart', 'focusin'].forEach(function (e) { box.parentNode.addEventListener(e, upgrade, {once: true}); });
  document.getElementById('chart-interactive').addEventListener('click', upgrade);
})();
"""


def _chart_html(fig: go.Figure | None, svg: str, label: str, legend: str = "") -> str:
    """The chart as SVG now (its legend, if any, beside it where a screen reader reaches it), its
    Plotly figure as inert JSON for UPGRADE_JS, and a button to ask for it. A map (no figure) stays SVG:
    each ward's name, figure and rank are on hover already."""
    figure = (
        f'<figure>\n<div id="chart" class="chart" role="img" aria-label="{h.escape(label, quote=True)}">{svg}</div>\n'
        f"{legend}<figcaption>{h.escape(label)}</figcaption>\n"
    )
    if fig is None:
        return figure + "</figure>"
    spec = pio.to_json(fig, validate=False).replace("<", "\\u003c")  # no '</script>' can end the JSON early
    return (
        figure + '<p><button type="button" id="chart-interactive">Make the chart interactive (zoom, figures on hover)'
        "</button></p>\n"
        f'<script type="application/json" id="chart-spec">{spec}</script>\n'
        f"<script>{UPGRADE_JS}</script>\n</figure>"
    )


class _Exporter:
    def __init__(self, db: Database, out: Path, today: date):
        self.db, self.out, self.today = db, out, today
        self.comparators = load_registry().areas_containing(STOCKPORT)
        self.sources = db.sources()
        self.meta = db.indicators("public").set_index("id")
        self.report = ExportReport(out)
        self.index: list[dict] = []

    # -- pieces --------------------------------------------------------------------------
    def _notices(self, frame: pd.DataFrame) -> str:
        parts = []
        if stale := out_of_date_note(frame):
            parts.append(h.p(stale, "flag"))
        if (frame.status == "suppressed").any():
            parts.append(
                h.p(
                    "Some figures are suppressed (fewer than 10 people, or to protect another suppressed "
                    "figure); they are blank in the table and the CSV.",
                    "flag",
                )
            )
        return "\n".join(parts)

    def _table(self, frame: pd.DataFrame, unit: str, decimals: int, caption: str) -> str:
        shown = pd.DataFrame(
            {
                "Area": frame.area_name,
                "Period": frame.period_label,
                "Figure": [figure_text(v, unit, decimals, s) for v, s in zip(frame.value, frame.status)],
                "Status": frame.status,
                "Freshness": late_flags(frame),
            }
        )
        return h.table(shown, caption, numeric={"Figure"})

    def _write_view(
        self,
        indicator: str,
        view: str,
        fig: go.Figure | None,
        svg: str,
        frame: pd.DataFrame,
        notes: list[str],
        legend: str = "",
    ) -> str:
        m = self.meta.loc[indicator]
        title = f"{m.title}: Stockport against comparators" if view == "compare" else f"{m.title} {VIEW_TITLES[view]}"
        path = f"views/{indicator}-{view}.html"
        label = f"Chart: {title} ({m.unit}). The figures are in the table below."
        body = "\n".join(
            [
                f"<h1>{h.escape(title)}</h1>",
                h.p(f"Unit: {m.unit}. {source_text(self.sources, frame.source_id)}", "meta"),
                self._notices(frame),
                *(h.p(n) for n in notes),
                _chart_html(fig, svg, label, legend),
                "<h2>The figures</h2>",
                self._table(frame, m.unit, int(m.decimals), f"{title} ({m.unit})"),
                "<p>"
                + h.link(f"../data/{indicator}.csv", f"All figures for {m.title} (CSV)")
                + " · "
                + h.link("../index.html", "All One Stockport public views")
                + "</p>",
                "<h2>About this indicator</h2>",
                h.p(m.methodology),
                f"<footer>{h.p(m.attribution)}{h.p(f'Licence: {m.licence}. Published by One Stockport, an open data dashboard for Stockport.')}</footer>",
            ]
        )
        html = h.page(f"{title} — One Stockport", body, css=h.stylesheet("export_chart.css"))
        (self.out / path).write_text(html, encoding="utf-8")
        self.report.views.append(path)
        return path

    # -- views ---------------------------------------------------------------------------
    def map_view(self, indicator: str) -> str | None:
        m = self.meta.loc[indicator]
        if "ward" not in m.geographies.split(","):
            return None
        values = self.db.latest_values(indicator, "ward", "public")
        shapes = self.db.area_shapes("ward")
        if values.empty or shapes.empty:
            return None
        period = ", ".join(sorted(set(values.period_label)))
        edges = class_edges(
            values.value, int(m.decimals)
        )  # at the legend's precision, so each ward's shade is its band's
        ordered = values.dropna(subset=["value"]).sort_values("value", ascending=False)
        shown = partial(fmt, unit=m.unit, decimals=int(m.decimals))
        desc = f"Map of Stockport's wards shaded by {m.title}, {period}; the legend gives each shade's range" + (
            f": highest {ordered.area_name.iloc[0]} {shown(ordered.value.iloc[0])}, lowest "
            f"{ordered.area_name.iloc[-1]} {shown(ordered.value.iloc[-1])}."
            if len(ordered)
            else "."
        )
        legend = "".join(
            f'<li><span class="key" aria-hidden="true" style="background:rgb({r},{g},{b})"></span>'
            f"{h.escape(label)}</li>"
            for (r, g, b), label in legend_items(edges, values.value, m.unit, int(m.decimals), polarity_of(indicator))
        )
        svg = svgmap.choropleth(
            shapes,
            values,
            m.unit,
            int(m.decimals),
            f"{m.title} by ward, {period}",
            indicator=indicator,
            named=True,
            desc=desc,
        )
        missing = sorted(set(values.area_name[~values.area_code.isin(shapes.code)]))
        notes = (
            [f"Not drawn (no official boundary in this build): {', '.join(missing)}; every figure is in the table."]
            if missing
            else []
        )
        frame = values.sort_values("area_name")
        return self._write_view(
            indicator,
            "map",
            None,
            svg,
            frame,
            notes,
            legend=f'<ul class="legend" aria-label="Map legend">{legend}</ul>\n',
        )

    def trend_view(self, indicator: str, frame: pd.DataFrame) -> str | None:
        m = self.meta.loc[indicator]
        if frame.empty or frame.period.nunique() < 2:
            return None
        left_out = left_out_note(frame)
        frame = frame.drop(columns=["left_out"])
        fig = line_chart(frame, f"{m.title} over time ({m.unit})", m.unit, int(m.decimals), "Stockport")
        shown = partial(fmt, unit=m.unit, decimals=int(m.decimals))
        targets = list(self.db.targets(indicator, "public").itertuples())
        # The dashboard's own SVG trend: the same lines, key, targets and recent pace as the Plotly chart.
        svg = svgchart.trend(
            frame,
            f"{m.title} over time",
            "trend",
            shown,
            m.unit,
            "Stockport",
            chart_targets(targets, frame, m.unit, shown, as_at=self.today),
        )
        notes = [
            target_sentence(t, frame[frame.area_code == t.area_code], m.unit, shown, fig, as_at=self.today).replace(
                "**", ""
            )  # no Markdown in the static page
            for t in targets
        ] + ([left_out] if left_out else [])
        return self._write_view(indicator, "trend", fig, svg, frame, notes)

    def compare_view(self, indicator: str, frame: pd.DataFrame) -> str | None:
        m = self.meta.loc[indicator]
        latest = frame.sort_values("period_start").groupby("area_code").tail(1)
        if latest.area_code.nunique() < 2:
            return None
        latest = (
            latest.set_index("area_code")
            .reindex([a for a in self.comparators if a in set(latest.area_code)])
            .reset_index()
        )
        title = f"{m.title}: Stockport against comparators ({', '.join(sorted(set(latest.period_label)))})"
        fig = bar_chart(latest, "area_name", "value", title, m.unit, highlight={"Stockport"}, decimals=int(m.decimals))
        shown = partial(fmt, unit=m.unit, decimals=int(m.decimals))
        svg = svgchart.bars(
            list(latest.area_name),
            list(latest.value),
            [shown(v) for v in latest.value],
            title,
            f"Bar chart of {m.title}: "
            + "; ".join(f"{a} {shown(v)}" for a, v in zip(latest.area_name, latest.value))
            + ".",
            "compare",
            highlight={"Stockport"},
        )
        return self._write_view(indicator, "compare", fig, svg, latest, [])

    # -- data and index ------------------------------------------------------------------
    def data_files(self, indicator: str) -> dict:
        obs = self.db.observations(indicator, "public")
        path = f"data/{indicator}.csv"
        (self.out / path).write_bytes(
            to_csv_bytes(add_source_columns(obs.drop(columns=["period_start"]), self.sources))
        )
        self.report.csvs.append(path)
        latest = obs.sort_values("period_start").groupby("area_code").tail(1)
        m = self.meta.loc[indicator]
        record = {
            "id": indicator,
            "title": m.title,
            "unit": m.unit,
            "theme": m.theme,
            "polarity": m.polarity,
            "geographies": m.geographies.split(","),
            "vintage": m.vintage,
            "frequency": m.frequency,
            "methodology": m.methodology,
            "source": {
                "publisher": m.publisher,
                "title": m.source_title,
                "url": m.source_url,
                "licence": m.licence,
                "attribution": m.attribution,
            },
            "csv": path,
            "json": f"api/indicators/{indicator}.json",
            "rows": int(len(obs)),
            "out_of_date": bool(latest.out_of_date.any()),
            # late: past the publisher's schedule plus the source's grace period (pipeline/rules/freshness.py)
            "update_expected_since": _month(
                latest.loc[latest.out_of_date.fillna(False).astype(bool), "expected_next"].min()
            ),
        }
        detail = {
            **record,
            "latest": [
                {
                    "area_code": r.area_code,
                    "area_name": r.area_name,
                    "area_type": r.area_type,
                    "period": r.period,
                    "period_label": r.period_label,
                    "value": None if pd.isna(r.value) else float(r.value),
                    "status": r.status,
                    "expected_next_release": None
                    if pd.isna(r.expected_next)
                    else f"{pd.Timestamp(r.expected_next):%Y-%m}",
                    "may_be_out_of_date": bool(r.out_of_date),
                    "source_id": r.source_id,
                }
                for r in latest.itertuples()
            ],
        }
        (self.out / "api" / "indicators" / f"{indicator}.json").write_text(
            json.dumps(detail, indent=1), encoding="utf-8"
        )
        return record

    def run(self) -> ExportReport:
        for sub in ("views", "data", "api/indicators", "assets"):
            (self.out / sub).mkdir(parents=True, exist_ok=True)
        (self.out / "assets" / "plotly.min.js").write_text(get_plotlyjs(), encoding="utf-8")
        embeds, wards = StaticEmbeds(self.db, self.out, self.meta, self.comparators, self.today), self.db.wards()
        for indicator in self.meta.index:
            record = self.data_files(indicator)
            comparators = self.db.series(indicator, self.comparators, "public")  # for the trend and the comparison
            trend = self.db.trend(
                indicator, self.comparators, "public"
            )  # one edition only: never a trend across editions
            views = {
                "map": self.map_view(indicator),
                "trend": self.trend_view(indicator, trend),
                "compare": self.compare_view(indicator, comparators),
            }
            record["views"] = [v for v in views.values() if v]
            # Each view's embed beside it, from the rows the live embed reads (not the view's, which differ).
            if views["map"]:
                embeds.map(indicator, views["map"], wards)
            if views["trend"]:
                embeds.trend(indicator, views["trend"], trend)
            if views["compare"]:
                embeds.compare(indicator, views["compare"], comparators)
            self.index.append(record)
        self.report.indicators = len(self.index)
        self.report.embeds = embeds.written
        info = self.db.build_info()
        about = {
            "generator": MARKER,
            "exported_at": clock.now().isoformat(timespec="seconds"),
            "build_id": info.get("build_id"),
            "data_built_at": info.get("built_at"),
            "audience": "public",
            "indicators": self.index,
            "licences": sorted(set(self.sources[self.sources.id.isin(self.meta.source_id)].attribution)),
        }
        (self.out / "api" / "index.json").write_text(json.dumps(about, indent=1), encoding="utf-8")
        # What changed since the last update, as the overview says it (public figures only).
        digest = changes.since_last_update(self.db.path, "public", load_registry(), self.today)
        (self.out / "changes.json").write_text(digest.as_json(), encoding="utf-8")
        (self.out / "index.html").write_text(self._index_html(about, changes_text.summary(digest)), encoding="utf-8")
        return self.report

    def _index_html(self, about: dict, changed: str) -> str:
        parts = [
            "<h1>One Stockport: public figures</h1>",
            h.p(
                f"Static copies of One Stockport's public charts and maps, with every figure as a table and as "
                f"CSV. Data build {about['build_id']}, exported {about['exported_at']}. Machine-readable index: "
            ),
            "<p>" + h.link("api/index.json", "api/index.json") + "</p>",
            "<p>" + h.escape(changed) + " (" + h.link("changes.json", "changes.json") + ")</p>",
        ]
        for theme, group in pd.DataFrame(self.index).groupby("theme", sort=True):
            parts.append(f"<h2>{h.escape(theme.capitalize())}</h2>\n<ul>")
            for r in group.itertuples():
                links = [h.link(v, VIEW_TITLES[v.rsplit("-", 1)[1].removesuffix(".html")]) for v in r.views]
                links.append(h.link(r.csv, "CSV"))
                flag = f" (update expected since {r.update_expected_since})" if r.out_of_date else ""
                parts.append(f"<li>{h.escape(r.title)}{flag}: " + " · ".join(links) + "</li>")
            parts.append("</ul>")
        parts.append("<footer>" + "".join(h.p(a) for a in about["licences"]) + "</footer>")
        return h.page("One Stockport: public figures", "\n".join(parts))


def _month(day) -> str | None:
    return None if day is None or pd.isna(day) else f"{pd.Timestamp(day):%b %Y}"


def _is_earlier_export(path: Path) -> bool:
    try:
        return json.loads((path / "api" / "index.json").read_text(encoding="utf-8")).get("generator") == MARKER
    except (OSError, ValueError):
        return False


def export_public(dest: Path, db_path: Path, today: date | None = None) -> ExportReport:
    dest = Path(dest).absolute()
    if dest.exists() and any(dest.iterdir()) and not _is_earlier_export(dest):
        raise BuildError(
            f"{dest} holds files that are not a One Stockport export; choose an empty or new folder "
            "(nothing was written)"
        )
    db = Database(db_path, audience="public", today=today).pinned()
    work = dest.with_name(f".{dest.name}.exporting-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        report = _Exporter(db, work, today or clock.today()).run()
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    old = dest.with_name(f".{dest.name}.previous-{os.getpid()}")
    if dest.exists():
        os.replace(dest, old)
    os.replace(work, dest)
    shutil.rmtree(old, ignore_errors=True)
    report.dest = dest
    report.views = [str(dest / v) for v in report.views]
    return report
