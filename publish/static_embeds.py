"""The static export's embeds: every view the dashboard's "Embed this" offers, as a page another site's iframe
loads with no Streamlit session (no websocket, no script but its sizing): the same first lines, chart and
figures as the live embed (presentation/embed_views.py, drawn by the same functions from the same queries),
telling the host page its height with the same message (embed_code.html's listener)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pandas as pd

from pipeline.store.queries import Database
from presentation import embed_views, svg_stills
from presentation import htmldoc as h
from presentation.svgmap import map_drawing, map_layout
from presentation.theme import DARK, DARK_PALETTE, PALETTE
from presentation.wording import period_span, source_text

FOLDER = "embed"
RESIZE_JS = h.asset_text("static_embed_resize.js")


def embed_path(view: str, indicator: str, ward: str | None = None) -> str | None:
    """The embed's file in the export, or None when the export draws no such embed (a comparison with a
    ward's bar beside the borough's: the dashboard offers that one live)."""
    if ward and view == "compare":
        return None
    return f"{FOLDER}/{indicator}-{view}{f'-{ward}' if ward and view == 'map' else ''}.html"


def static_url() -> str | None:
    """ONE_STOCKPORT_STATIC_URL: the public address where the static export is served (e.g.
    https://data.example/one-stockport); when set, "Embed this" gives its embeds. Unset: the live server's."""
    return os.environ.get("ONE_STOCKPORT_STATIC_URL", "").strip().rstrip("/") or None


def static_embed_src(view: str, indicator: str, ward: str | None = None) -> str | None:
    """The address of the embed in the served static export, or None (no such setting, or no such file)."""
    base, path = static_url(), embed_path(view, indicator, ward)
    return f"{base}/{path}" if base and path else None


def _css() -> str:
    # One file for both themes: the reader's colour-scheme preference picks, as the live embed's does, and
    # the one palette colour lost on a dark page (black) takes its dark-theme stand-in.
    swaps = [(light, dark) for light, dark in zip(PALETTE, DARK_PALETTE) if light != dark]
    return h.render("static_embed.css", dark=DARK, swaps=swaps) + h.stylesheet("svg_widths.css")


class StaticEmbeds:
    """Writes the embeds of one export (publish/export_public.py) into `out`/embed."""

    def __init__(self, db: Database, out: Path, meta: pd.DataFrame, comparators: list[str], today: date):
        self.db, self.out, self.meta, self.comparators, self.today = db, out, meta, comparators, today
        self.sources = db.sources()
        self.css = _css()
        self.written: list[str] = []
        # Every indicator's ward map has the same shapes, so one layout for each ward outlined (or none).
        self.ward_shapes, self._layouts = db.area_shapes("ward"), {}
        (out / FOLDER).mkdir(parents=True, exist_ok=True)

    def _meta(self, indicator: str) -> dict:
        return {"id": indicator, **self.meta.loc[indicator].to_dict()}

    def _write(
        self, path: str, title: str, period: str, source_ids, link: str, drawing: str, ward_name: str | None = None
    ) -> None:
        body = (
            embed_views.header(title, period, source_text(self.sources, source_ids), link, ward_name)
            + drawing
            + f"<script>{RESIZE_JS}</script>"
        )
        (self.out / path).write_text(h.page(f"{title} — One Stockport", body, css=self.css), encoding="utf-8")
        self.written.append(path)

    def map(self, indicator: str, full_view: str, wards: pd.DataFrame) -> None:
        """The ward map, and one for each ward outlined and named (as the live embed's ?ward= draws it)."""
        m = self._meta(indicator)
        values = self.db.latest_values(indicator, "ward", "public")
        for ward, ward_name in [(None, None), *zip(wards.code, wards.name)]:
            if ward not in self._layouts:
                self._layouts[ward] = map_layout(self.ward_shapes, ward, named=True)
            svg, legend = map_drawing(
                self.ward_shapes,
                values,
                m["unit"],
                int(m["decimals"]),
                m["short"],
                ward,
                indicator,
                None,
                False,
                embed_views.map_height(ward_name),
                f"embed-map-{indicator}",
                compact=True,
                named=True,
                layout=self._layouts[ward],
            )
            self._write(
                embed_path("map", indicator, ward),
                f"{m['title']} by ward ({m['unit']})",
                embed_views.map_period(values),
                values.source_id,
                f"../{full_view}",
                svg + (legend or ""),
                ward_name,
            )

    def trend(self, indicator: str, full_view: str, rows: pd.DataFrame) -> None:
        m = self._meta(indicator)
        targets = self.db.targets(indicator, "public")
        svg = svg_stills.trend(
            rows, m, targets[targets.area_code.isin(self.comparators)], f"embed-trend-{indicator}", as_at=self.today
        )
        self._write(
            embed_path("trend", indicator),
            f"{m['title']} over time ({m['unit']})",
            period_span(rows),
            rows.source_id,
            f"../{full_view}",
            svg,
        )

    def compare(self, indicator: str, full_view: str, series: pd.DataFrame) -> None:
        m = self._meta(indicator)
        drawn = embed_views.comparison(series, self.comparators, m, self.db.targets(indicator, "public"), self.today)
        if drawn is None:
            return
        rows, title, highlight, lines = drawn
        svg = svg_stills.bars(
            rows,
            "area_name",
            "value",
            title,
            m["unit"],
            int(m["decimals"]),
            f"embed-compare-{indicator}",
            highlight,
            lines,
        )
        self._write(embed_path("compare", indicator), title, period_span(rows), rows.source_id, f"../{full_view}", svg)
