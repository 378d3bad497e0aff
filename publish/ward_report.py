"""Ward reports for councillors: one ward on A4, as print-ready HTML (and PDF through Chromium).

Headline figures beside the borough with the ward's rank of 21, a map, the ward among all 21,
trends, town-centre schemes, inclusion activity (internal reports only) and every source and
vintage used. Charts are static SVG with a title and description, so the page prints as vectors,
needs no script, and a tagged PDF carries the text alternatives.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from pipeline import clock
from pipeline.store.queries import Database
from pipeline.registry import STOCKPORT, load_registry
from pipeline.ingest.sources.inclusion_register import ACTIVITY
from presentation import htmldoc as h
from presentation import svgchart, svgmap
from presentation.map_classes import class_edges, legend_items, polarity_of
from presentation.schemes import capital_text, status_text, words
from presentation.wording import borough_text, figure_text, fmt, late_flags, rank_text

MAP_INDICATOR = "exclusion_risk_score"
BOROUGH_TRENDS = ["gigabit_broadband", "coverage_5g"]


def _fmt(value, unit, decimals) -> str:
    return fmt(value, unit, int(decimals))


def resolve_ward(db: Database, ward: str) -> tuple[str, str]:
    """A ward code or exact name (any case) → (code, name); ValueError naming the choices otherwise."""
    wards = db.wards()
    by_code = dict(zip(wards.code, wards.name))
    if ward in by_code:
        return ward, by_code[ward]
    by_name = {n.lower(): c for c, n in by_code.items()}
    if ward.strip().lower() in by_name:
        code = by_name[ward.strip().lower()]
        return code, by_code[code]
    raise ValueError(
        f"no current Stockport ward is called {ward!r}; use a code (E05…) or one of: "
        + ", ".join(sorted(by_code.values()))
    )


class _Report:
    """Reads what one ward's report shows; the template presentation/templates/ward_report.html lays it out."""

    def __init__(self, db: Database, ward: str, audience: str, today: date):
        self.db, self.audience, self.today = db, audience, today
        self.code, self.name = resolve_ward(db, ward)
        self.sources_used: set[str] = set()
        # Read once; every section works from these.
        self.profile = db.ward_profile(self.code, audience)
        self.meta = db.indicators(audience).set_index("id")

    def headline(self) -> dict:
        profile = self.profile
        self.sources_used |= set(profile.source_id)
        rank = "Rank of 21 (1 = highest)"
        rows = pd.DataFrame(
            {
                "Indicator": profile.title,
                "Period": profile.period_label,
                self.name: [
                    figure_text(v, u, int(d), s)
                    for v, u, d, s in zip(profile.value, profile.unit, profile.decimals, profile.status)
                ],
                "Stockport": [
                    borough_text(v, u, int(d), i)
                    for v, u, d, i in zip(profile.borough_value, profile.unit, profile.decimals, profile.indicator_id)
                ],
                rank: [
                    rank_text(r, w, t, v, i)
                    for r, w, t, v, i in zip(
                        profile["rank"], profile.wards, profile.tied, profile.value, profile.indicator_id
                    )
                ],
                "Notes": [
                    ", ".join(x for x in ("SAMPLE" if s == "sample" else "", late) if x)
                    for s, late in zip(profile.status, late_flags(profile))
                ],
            }
        )
        stale = profile[profile.out_of_date]
        return {
            "rows": rows,
            "numeric": {self.name, "Stockport", rank},
            "due": pd.Timestamp(stale.expected_next.min()) if len(stale) else None,
            "sample": bool((profile.status == "sample").any()),
        }

    def where(self) -> dict | None:
        """The map of the 21 wards with this one outlined, and the ward among all 21."""
        meta = self.meta
        if MAP_INDICATOR not in meta.index:
            return None
        m = meta.loc[MAP_INDICATOR]
        values = self.db.latest_values(MAP_INDICATOR, "ward", self.audience)
        shapes = self.db.area_shapes("ward")
        if values.empty or shapes.empty:
            return None
        self.sources_used |= set(values.source_id)
        edges, polarity = class_edges(values.value, int(m.decimals)), polarity_of(MAP_INDICATOR)
        mine = values[values.area_code == self.code].iloc[0]
        rank = rank_text(mine["rank"], mine.areas, mine.tied, mine.value, MAP_INDICATOR)
        desc = (
            f"Map of Stockport's 21 wards shaded by {m.title}, darker meaning more risk, with "
            f"{self.name} outlined in orange. {self.name} scores {_fmt(mine.value, m.unit, m.decimals)}, "
            f"rank {rank}."
        )
        ordered = values.sort_values("value", ascending=False)
        return {
            "map": h.markup(
                svgmap.choropleth(
                    shapes,
                    values,
                    m.unit,
                    int(m.decimals),
                    f"{m.title} by ward",
                    self.code,
                    MAP_INDICATOR,
                    named=True,
                    desc=desc,
                )
            ),
            "desc": desc,
            "missing": len(set(values.area_code) - set(shapes.code)),
            "legend": [
                ("rgb(%d,%d,%d)" % rgb, label)
                for rgb, label in legend_items(edges, values.value, m.unit, int(m.decimals), polarity)
            ],
            "bars": h.markup(
                svgchart.bars(
                    list(ordered.area_name),
                    list(ordered.value),
                    [_fmt(v, m.unit, m.decimals) for v in ordered.value],
                    f"{m.title}: all 21 wards",
                    f"Bar chart of {m.title} for each of the 21 wards, highest first; "
                    f"{self.name} is highlighted at rank {rank}.",
                    "rank",
                    highlight={self.name},
                )
            ),
            "title": m.title,
            "period": str(mine.period_label),
        }

    def trends(self) -> dict:
        """Line charts of the ward beside the borough, then the borough's connectivity beside England."""
        meta, ward = self.meta, []
        for indicator in self.profile.indicator_id:
            s = self.db.trend(indicator, [self.code, STOCKPORT], self.audience)  # one edition only
            ward_s = s[s.area_code == self.code]
            if ward_s.period.nunique() < 2 or indicator in ACTIVITY:
                continue
            self.sources_used |= set(s.source_id)
            ward.append(
                self._line_figure(
                    meta.loc[indicator], {self.name: ward_s, "Stockport": s[s.area_code == STOCKPORT]}, f"t-{indicator}"
                )
            )
        borough = []
        for indicator in BOROUGH_TRENDS:
            if indicator not in meta.index:
                continue
            england = load_registry().areas_containing(STOCKPORT)[-1]
            s = self.db.trend(indicator, [STOCKPORT, england], self.audience)
            self.sources_used |= set(s.source_id)
            borough.append(
                self._line_figure(
                    meta.loc[indicator], {n: g for n, g in s.groupby("area_name", sort=False)}, f"t-{indicator}"
                )
            )
        return {"ward": ward, "borough": borough}

    def _line_figure(self, m, series: dict, uid: str) -> dict:
        fmt = lambda v: _fmt(v, m.unit, m.decimals)  # noqa: E731
        latest = {
            n: s.dropna(subset=["value"]).sort_values("period_start").iloc[-1] for n, s in series.items() if len(s)
        }
        words = "; ".join(f"{n} {fmt(r.value)} in {r.period_label}" for n, r in latest.items())
        first = min(s.period_start.min() for s in series.values() if len(s))
        desc = f"Line chart of {m.title} from {first:%Y}: latest {words}."
        # The dashboard's SVG trend (print ink), the first area named drawn strongest.
        frame = pd.concat([s.assign(area_name=name) for name, s in series.items() if len(s)])
        return {
            "svg": h.markup(
                svgchart.trend(frame, f"{m.title} over time", uid, fmt, m.unit, next(iter(series)), width=640)
            ),
            "title": m.title,
            "unit": m.unit,
            "desc": desc,
        }

    def schemes(self) -> list[dict]:
        return [
            {
                "name": p.name,
                "summary": f"{p.kind.capitalize()} · {status_text(p)} · capital {capital_text(p)}"
                + (f" — {words(p.capital_cost_note)}" if words(p.capital_cost_note) else "")
                + ("" if pd.isna(p.homes) else f" · {int(p.homes):,} homes"),
                "description": "" if pd.isna(p.description) else p.description,
                "urls": [u for u in p.source_urls.split(";") if u],
            }
            for p in self.db.projects(self.code).itertuples()
        ]

    def activity(self) -> dict | None:
        """The ward's inclusion programme activity over the last 12 months recorded; None on a public report."""
        meta = self.meta
        held = [i for i in ACTIVITY if i in meta.index]
        if not held:
            return None
        rows, sample = [], False
        for indicator in held:
            s = self.db.series(indicator, [self.code], self.audience).sort_values("period_start")
            recent = s[s.period_start > s.period_start.max() - pd.DateOffset(months=12)] if len(s) else s
            if recent.empty:
                continue
            self.sources_used |= set(s.source_id)
            sample |= (recent.status == "sample").any()
            total = recent.value.max() if indicator == "inclusion_champions_active" else recent.value.sum()
            rows.append(
                {
                    "Measure": meta.title[indicator],
                    "Months": f"{recent.period_label.iloc[0]} to {recent.period_label.iloc[-1]}",
                    "Total": f"{total:,.0f}"
                    + (" (most in a month)" if indicator == "inclusion_champions_active" else ""),
                }
            )
        if not rows:
            return {"rows": []}
        monthly = (
            self.db.series("inclusion_residents_supported", [self.code], self.audience)
            .sort_values("period_start")
            .tail(12)
        )
        chart = (
            svgchart.bars(
                list(monthly.period_label),
                list(monthly.value),
                [f"{v:,.0f}" for v in monthly.value],
                "Residents supported by month",
                "Bar chart of residents supported in each of the last "
                f"{len(monthly)} months in {self.name}" + (" (SAMPLE figures)" if sample else "") + ".",
                "activity",
            )
            if len(monthly)
            else ""
        )
        return {"rows": rows, "table": pd.DataFrame(rows), "sample": bool(sample), "monthly": h.markup(chart)}

    def sources(self) -> dict:
        src = self.db.sources()
        used = src[src.id.isin(self.sources_used)].sort_values("publisher")
        return {
            "table": pd.DataFrame(
                {"Source": used.title, "Publisher": used.publisher, "Vintage": used.vintage, "Licence": used.licence}
            ),
            "attributions": list(dict.fromkeys(used.attribution)),
        }

    def html(self) -> str:
        # Sections run in reading order: each adds the sources it used, which the last one lists.
        sections = {
            "headline": self.headline(),
            "where": self.where(),
            "trends": self.trends(),
            "schemes": self.schemes(),
            "activity": self.activity(),
        }
        return h.render(
            "ward_report.html",
            title=f"{self.name}: ward report (One Stockport)",
            lang="en",
            head=h.markup(""),
            styles=h.markup(h.stylesheet("document.css") + h.stylesheet("print.css")),
            name=self.name,
            code=self.code,
            today=self.today,
            internal=self.audience == "internal",
            build_id=self.db.build_info().get("build_id", "?"),
            **sections,
            sources=self.sources(),
        )


def ward_report_html(db: Database, ward: str, audience: str = "public", today: date | None = None) -> str:
    return _Report(db, ward, audience, today or clock.today()).html()


def slug(name: str) -> str:
    """A file-name-safe form of an area name: names are upstream text and may hold '/' or worse."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "-")).strip("-")[:60] or "ward"


def write_reports(
    db_path: Path,
    out: Path,
    wards: list[str] | None,
    audience: str = "public",
    pdf: bool = True,
    progress=lambda _: None,
) -> list[Path]:
    """HTML (and PDF) reports for the given wards, or all 21; returns the files written."""
    db = Database(db_path, audience=audience).pinned()
    codes = [resolve_ward(db, w)[0] for w in wards] if wards else list(db.wards().code)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pages = []
    for code in codes:
        report = _Report(db, code, audience, clock.today())
        stem = f"ward-report-{code}-{slug(report.name)}"
        html_path = out / f"{stem}.html"
        html_path.write_text(report.html(), encoding="utf-8")
        written.append(html_path)
        pages.append((html_path, report.name))
        progress(f"[report] {html_path.name}")
    if pdf:
        from .pdf import html_files_to_pdf

        for pdf_path in html_files_to_pdf(pages):
            written.append(pdf_path)
            progress(f"[report] {pdf_path.name}")
    return written
