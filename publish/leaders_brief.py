"""The leaders' brief: the overview's judgements on A4, as print-ready HTML and a tagged PDF (the ward reports'
path, publish/pdf.py), for a meeting pack. Each headline figure with its comparisons with England and Greater
Manchester, trend and target in the overview's own words, what needs attention, and what changed since the last
update; dated twice, by its data and by the day it was made (the one clock)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pipeline.store import changes as build_changes
from pipeline import clock
from pipeline.rules import judgement as J
from pipeline.store.queries import Database
from pipeline.registry import load_registry
from presentation import changes_text, deprivation, htmldoc as h, overview_parts, schemes, verdicts
from presentation.tiles import THEMES
from presentation.wording import source_text

TITLE = "Stockport: leaders' brief"


def _day(stamp: str | None) -> str:
    try:
        return f"{datetime.fromisoformat(stamp):%-d %B %Y}" if stamp else "unknown"
    except ValueError:
        return stamp or "unknown"


def brief_html(db: Database, today: date | None = None) -> str:
    """The brief of the build `db` reads, with what its audience may see, as on `today` (the clock's day)."""
    today = today or clock.today()
    registry = load_registry()
    groups = registry.overview
    headlines = [i for theme in THEMES for i in groups.get(theme, ())]
    judged = J.assess_build(registry, db, headlines, today)
    attention = J.needs_attention(list(judged.values()), J.far_wards_build(registry, db, headlines))
    positions = deprivation.positions(db.deprivation_ranks())
    themes = []
    for theme, name in THEMES.items():
        if theme == "investment":  # the register's schemes: counted, not judged
            projects = db.projects()
            capital, homes = judged["scheme_capital_gbp_m"], judged["scheme_homes"]
            themes.append(
                {"name": name, "tiles": [], "note": schemes.glance_words(projects, capital.value, homes.value)}
            )
            continue
        made = [
            deprivation.overview_tile(judged[i], "", positions, theme not in registry.judgement.unjudged_themes)
            for i in groups.get(theme, ())
        ]
        themes.append({"name": name, "tiles": made, "note": ""})
    digest = build_changes.since_last_update(db.path, db.audience, registry, today)
    sources = source_text(db.sources(), [registry.indicators[i].source for i in headlines]).removeprefix("Source: ")
    latest = judged[groups["connectivity"][0]].period_label
    connectivity = [judged[i] for i in groups["connectivity"]]  # its glance line as the overview says it
    return h.render(
        "leaders_brief.html",
        title=f"{TITLE} (One Stockport)",
        lang="en",
        head=h.markup(""),
        styles=h.markup(
            h.stylesheet("document.css")
            + h.stylesheet("tiles.css")
            + h.stylesheet("print.css")
            + h.stylesheet("leaders_brief.css")
        ),
        heading=TITLE,
        today=today,
        latest=latest,
        built=_day(db.build_info().get("built_at")),
        build_id=db.build_info().get("build_id", "?"),
        internal=db.audience == "internal",
        glance=verdicts.theme_summary(connectivity) + overview_parts.targets_line(connectivity),
        themes=themes,
        attention=[verdicts.attention_words(a) for a in attention],
        changed=None if digest.first else changes_text.summary(digest),
        changes=changes_text.sections(digest),
        sources=sources,
    )


def write_brief(
    db_path: Path, out: Path, audience: str = "public", pdf: bool = True, progress=lambda _: None
) -> list[Path]:
    """The brief as HTML (and PDF) in `out`; returns the files written."""
    db = Database(db_path, audience=audience).pinned()
    out.mkdir(parents=True, exist_ok=True)
    html_path = out / f"leaders-brief-{clock.today():%Y-%m-%d}.html"
    html_path.write_text(brief_html(db), encoding="utf-8")
    progress(f"[report] {html_path.name}")
    written = [html_path]
    if pdf:
        from .pdf import html_files_to_pdf

        written += html_files_to_pdf([(html_path, TITLE)])
        progress(f"[report] {written[-1].name}")
    return written


def brief_pdf(db: Database, today: date | None = None) -> bytes:
    """The brief as PDF bytes (a download button's), printed by Chromium from a file of its own."""
    import tempfile
    from .pdf import html_files_to_pdf

    with tempfile.TemporaryDirectory(prefix="leaders-brief-") as folder:
        html_path = Path(folder) / "leaders-brief.html"
        html_path.write_text(brief_html(db, today), encoding="utf-8")
        return html_files_to_pdf([(html_path, TITLE)])[0].read_bytes()
