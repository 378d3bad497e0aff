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

from pipeline.queries import Database
from pipeline.registry import STOCKPORT, load_registry
from pipeline.sources.inclusion_register import ACTIVITY
from presentation import htmldoc as h
from presentation import svgchart
from presentation.maps import class_colour, class_edges, legend_items, polarity_of
from presentation.schemes import capital_text, status_text, words
from presentation.theme import PRINT_CSS
from presentation.wording import borough_text, figure_text, fmt, rank_text

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
    raise ValueError(f"no current Stockport ward is called {ward!r}; use a code (E05…) or one of: "
                     + ", ".join(sorted(by_code.values())))


class _Report:
    def __init__(self, db: Database, ward: str, audience: str, today: date):
        self.db, self.audience, self.today = db, audience, today
        self.code, self.name = resolve_ward(db, ward)
        self.sources_used: set[str] = set()
        # Read once; every section works from these.
        self.profile = db.ward_profile(self.code, audience)
        self.meta = db.indicators(audience).set_index("id")

    def headline(self) -> str:
        profile = self.profile
        self.sources_used |= set(profile.source_id)
        rows = pd.DataFrame({
            "Indicator": profile.title,
            "Period": profile.period_label,
            self.name: [figure_text(v, u, int(d), s)
                        for v, u, d, s in zip(profile.value, profile.unit, profile.decimals, profile.status)],
            "Stockport": [borough_text(v, u, int(d), i) for v, u, d, i in
                          zip(profile.borough_value, profile.unit, profile.decimals, profile.indicator_id)],
            "Rank of 21 (1 = highest)": [rank_text(r, w, t, v, i) for r, w, t, v, i in
                                         zip(profile["rank"], profile.wards, profile.tied, profile.value, profile.indicator_id)],
            "Notes": [", ".join(x for x in ("SAMPLE" if s == "sample" else "", "may be out of date" if o else "") if x)
                      for s, o in zip(profile.status, profile.out_of_date)],
        })
        parts = ["<h2>Headline figures beside the borough</h2>",
                 h.table(rows, f"{self.name}: latest figures, Stockport's figure for the same period, and the ward's "
                         "rank among Stockport's 21 wards", numeric={self.name, "Stockport", "Rank of 21 (1 = highest)"})]
        if profile.out_of_date.any():
            due = pd.Timestamp(profile[profile.out_of_date].expected_next.min())
            parts.append(h.p("Rows marked 'may be out of date' are past their publisher's expected next release "
                             f"(the earliest was due by {due:%B %Y}): a newer edition has probably been published "
                             "since and is not yet loaded.", "flag"))
        if (profile.status == "sample").any():
            parts.append(h.p("Rows marked SAMPLE are illustrative figures, not official statistics, until the "
                             "council's inclusion register is loaded.", "sample"))
        return "\n".join(parts)

    def map_and_rank(self) -> str:
        meta = self.meta
        if MAP_INDICATOR not in meta.index:
            return ""
        m = meta.loc[MAP_INDICATOR]
        values = self.db.latest_values(MAP_INDICATOR, "ward", self.audience)
        shapes = self.db.area_shapes("ward")
        if values.empty or shapes.empty:
            return ""
        self.sources_used |= set(values.source_id)
        edges, polarity = class_edges(values.value, int(m.decimals)), polarity_of(MAP_INDICATOR)
        colours = {c: "rgb(%d,%d,%d)" % class_colour(v, edges, polarity) for c, v in zip(values.area_code, values.value)}
        mine = values[values.area_code == self.code].iloc[0]
        missing = len(set(values.area_code) - set(shapes.code))
        desc = (f"Map of Stockport's 21 wards shaded by {m.title}, darker meaning more risk, with "
                f"{self.name} outlined in orange. {self.name} scores {_fmt(mine.value, m.unit, m.decimals)}, "
                f"rank {rank_text(mine['rank'], mine.areas, mine.tied, mine.value, MAP_INDICATOR)}.")
        legend = "".join(f'<li><span class="key" aria-hidden="true" style="background:rgb({r},{g},{b})"></span>{h.escape(label)}</li>'
                         for (r, g, b), label in legend_items(edges, values.value, m.unit, int(m.decimals), polarity))
        svg_map = svgchart.area_map(shapes, colours, f"{m.title} by ward", desc, "map", selected=self.code)
        ordered = values.sort_values("value", ascending=False)
        svg_bars = svgchart.bars(list(ordered.area_name), list(ordered.value),
                                 [_fmt(v, m.unit, m.decimals) for v in ordered.value], f"{m.title}: all 21 wards",
                                 f"Bar chart of {m.title} for each of the 21 wards, highest first; "
                                 f"{self.name} is highlighted at rank {rank_text(mine['rank'], mine.areas, mine.tied, mine.value, MAP_INDICATOR)}.", "rank", highlight={self.name})
        return "\n".join([
            "<h2>Where the ward sits</h2>",
            f"<figure>{svg_map}<figcaption>{h.escape(desc)}"
            + (f" {missing} ward(s) not drawn: no official boundary in this build." if missing else "")
            + f'</figcaption><ul class="legend" aria-label="Map legend">{legend}'
            + '<li><span class="key" aria-hidden="true" style="border:3px solid #D55E00"></span>this ward</li></ul></figure>',
            f"<figure>{svg_bars}<figcaption>{h.escape(m.title)}, {h.escape(str(mine.period_label))}, every ward "
            f"(highest first; {h.escape(self.name)} in blue). Method: Data and methods, 'Digital exclusion risk'.</figcaption></figure>",
        ])

    def trends(self) -> str:
        meta = self.meta
        parts = ["<h2>Trends</h2>"]
        for indicator in self.profile.indicator_id:
            s = self.db.trend(indicator, [self.code, STOCKPORT], self.audience)  # one edition only
            ward_s = s[s.area_code == self.code]
            if ward_s.period.nunique() < 2 or indicator in ACTIVITY:
                continue
            m = meta.loc[indicator]
            self.sources_used |= set(s.source_id)
            parts.append(self._line_figure(m, {self.name: ward_s, "Stockport": s[s.area_code == STOCKPORT]}, f"t-{indicator}"))
        shown_for_ward = len(parts) > 1
        parts.append(h.p(("" if shown_for_ward else "No indicator held has more than one period for this ward. ")
                         + "Ofcom publishes connectivity for the borough, not by ward, so these trends are Stockport's:"))
        for indicator in BOROUGH_TRENDS:
            if indicator not in meta.index:
                continue
            england = load_registry().areas_containing(STOCKPORT)[-1]
            s = self.db.trend(indicator, [STOCKPORT, england], self.audience)
            self.sources_used |= set(s.source_id)
            parts.append(self._line_figure(meta.loc[indicator], {n: g for n, g in s.groupby("area_name", sort=False)},
                                           f"t-{indicator}"))
        return "\n".join(parts)

    def _line_figure(self, m, series: dict, uid: str) -> str:
        fmt = lambda v: _fmt(v, m.unit, m.decimals)  # noqa: E731
        latest = {n: s.dropna(subset=["value"]).sort_values("period_start").iloc[-1] for n, s in series.items() if len(s)}
        words = "; ".join(f"{n} {fmt(r.value)} in {r.period_label}" for n, r in latest.items())
        first = min(s.period_start.min() for s in series.values() if len(s))
        desc = f"Line chart of {m.title} from {first:%Y}: latest {words}."
        svg = svgchart.lines(series, f"{m.title} over time", desc, uid, fmt)
        return f"<figure>{svg}<figcaption>{h.escape(m.title)} ({h.escape(m.unit)}). {h.escape(desc)}</figcaption></figure>"

    def schemes(self) -> str:
        projects = self.db.projects(self.code)
        parts = ["<h2>Town-centre schemes in the ward</h2>"]
        if projects.empty:
            parts.append(h.p("No scheme in the projects register is in this ward."))
            return "\n".join(parts)
        for p in projects.itertuples():
            parts.append(f"<h3>{h.escape(p.name)}</h3>")
            parts.append(h.p(f"{p.kind.capitalize()} · {status_text(p)} · capital {capital_text(p)}"
                             + (f" — {words(p.capital_cost_note)}" if words(p.capital_cost_note) else "")
                             + ("" if pd.isna(p.homes) else f" · {int(p.homes):,} homes")))
            if not pd.isna(p.description) and p.description:
                parts.append(h.p(p.description))
            parts.append("<p>Sources: " + " · ".join(h.link(u, u) for u in p.source_urls.split(";") if u) + "</p>")
        parts.append(h.p("Programme figures (the £1bn town-centre programme, the MDC) are never added to scheme totals."))
        return "\n".join(parts)

    def activity(self) -> str:
        parts = ["<h2>Digital inclusion activity</h2>"]
        meta = self.meta
        held = [i for i in ACTIVITY if i in meta.index]
        if not held:
            parts.append(h.p("Programme activity is internal management information and is not in the public "
                             "version of this report."))
            return "\n".join(parts)
        rows, sample = [], False
        for indicator in held:
            s = self.db.series(indicator, [self.code], self.audience).sort_values("period_start")
            recent = s[s.period_start > s.period_start.max() - pd.DateOffset(months=12)] if len(s) else s
            if recent.empty:
                continue
            self.sources_used |= set(s.source_id)
            sample |= (recent.status == "sample").any()
            total = recent.value.max() if indicator == "inclusion_champions_active" else recent.value.sum()
            rows.append({"Measure": meta.title[indicator],
                         "Months": f"{recent.period_label.iloc[0]} to {recent.period_label.iloc[-1]}",
                         "Total": f"{total:,.0f}"
                         + (" (most in a month)" if indicator == "inclusion_champions_active" else "")})
        if not rows:
            parts.append(h.p("No programme activity recorded for this ward."))
            return "\n".join(parts)
        if sample:
            parts.append(h.p("SAMPLE: these are illustrative figures until the council's inclusion register is "
                             "uploaded; they are not official statistics.", "sample"))
        parts.append(h.table(pd.DataFrame(rows), f"Inclusion programme activity in {self.name}, last 12 months recorded",
                             numeric={"Total"}))
        monthly = self.db.series("inclusion_residents_supported", [self.code], self.audience).sort_values("period_start").tail(12)
        if len(monthly):
            svg = svgchart.bars(list(monthly.period_label), list(monthly.value), [f"{v:,.0f}" for v in monthly.value],
                                "Residents supported by month", "Bar chart of residents supported in each of the last "
                                f"{len(monthly)} months in {self.name}" + (" (SAMPLE figures)" if sample else "") + ".",
                                "activity")
            parts.append(f"<figure>{svg}<figcaption>Residents supported in {h.escape(self.name)}, by month"
                         f"{' (SAMPLE)' if sample else ''}.</figcaption></figure>")
        return "\n".join(parts)

    def sources(self) -> str:
        src = self.db.sources()
        used = src[src.id.isin(self.sources_used)].sort_values("publisher")
        table = pd.DataFrame({"Source": used.title, "Publisher": used.publisher, "Vintage": used.vintage,
                              "Licence": used.licence})
        return "\n".join(["<h2>Sources and vintages</h2>",
                          h.table(table, "Every source of a figure in this report"),
                          "<h3>Attribution</h3>", *(h.p(a) for a in dict.fromkeys(used.attribution))])

    def html(self) -> str:
        info = self.db.build_info()
        internal = self.audience == "internal"
        body = [
            f'<div class="cover"><h1>{h.escape(self.name)}</h1><p class="meta">Ward report · {self.today:%-d %B %Y}</p></div>',
            h.p(f"One Stockport ward report for councillors: {self.name} ({self.code}), one of Stockport's 21 wards "
                f"(boundaries from May 2023). Figures from the data build {info.get('build_id', '?')}.", "meta"),
            h.p("Includes internal management information: not for publication." if internal
                else "Public figures only.", "audience" + (" flag" if internal else "")),
            self.headline(), self.map_and_rank(), self.trends(), self.schemes(), self.activity(), self.sources(),
            "<footer>" + h.p("One Stockport: council, communities and businesses looking at the same facts. "
                             "Rank 1 is the highest value, whether that is good or bad; see each indicator's "
                             "definition on the dashboard's Data and methods page.") + "</footer>",
        ]
        return h.page(f"{self.name}: ward report (One Stockport)", "\n".join(body), css=PRINT_CSS)


def ward_report_html(db: Database, ward: str, audience: str = "public", today: date | None = None) -> str:
    return _Report(db, ward, audience, today or date.today()).html()


def slug(name: str) -> str:
    """A file-name-safe form of an area name: names are upstream text and may hold '/' or worse."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("&", "-")).strip("-")[:60] or "ward"


def write_reports(db_path: Path, out: Path, wards: list[str] | None, audience: str = "public",
                  pdf: bool = True, progress=lambda _: None) -> list[Path]:
    """HTML (and PDF) reports for the given wards, or all 21; returns the files written."""
    db = Database(db_path, audience=audience).pinned()
    codes = [resolve_ward(db, w)[0] for w in wards] if wards else list(db.wards().code)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pages = []
    for code in codes:
        report = _Report(db, code, audience, date.today())
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
