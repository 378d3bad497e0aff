"""The leaders' brief (publish/leaders_brief.py): the overview's judgements in the overview's words, what needs
attention and what changed, dated by its data and by the clock's day; the PDF from the command line read back."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from pipeline.rules import judgement as J
from cli.commands import main
from pipeline.store.queries import Database
from pipeline.registry import load_registry
from presentation import deprivation
from publish.leaders_brief import brief_html

TILE_WORDS_THEMES = ("connectivity", "inclusion", "context")


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _tile_lines(db: Database, day: date) -> list[str]:
    """Every line of every judged tile, as the overview words it (deprivation.overview_tile)."""
    registry = load_registry()
    ids = [i for t in TILE_WORDS_THEMES for i in registry.overview.get(t, ())]
    judged = J.assess_build(registry, db, ids, day)
    positions = deprivation.positions(db.deprivation_ranks())
    return [
        words
        for i in ids
        for _, _, words in deprivation.overview_tile(
            judged[i], "", positions, registry.indicators[i].theme not in registry.judgement.unjudged_themes
        ).lines
    ]


def test_the_brief_holds_every_tile_verdict_needs_attention_and_both_dates(official_db):
    db = Database(official_db, audience="public")
    text = _text(brief_html(db, date(2026, 12, 5)))
    lines = _tile_lines(db, date(2026, 12, 5))
    assert len(lines) > 20 and all(line in text for line in lines), [line for line in lines if line not in text]
    assert "Better than England (88.4%)" in text and "Off course for at least 99% by Dec 2030" in text
    assert "Needs attention (2)" in text and "Gigabit broadband 94.9% (Jan 2026): Off course" in text
    assert "Made 5 December 2026" in text and "Latest data: Jan 2026" in text
    assert "This is the first data build" in text  # one build: nothing to compare with
    assert "Public figures only." in text


def test_the_brief_is_right_on_any_day_it_is_made(official_db):
    """The day it was made, and the targets judged, follow the day given (the clock's), not the machine's."""
    later = _text(brief_html(Database(official_db, audience="public"), date(2031, 2, 1)))
    assert "Made 1 February 2031" in later
    assert "Off course for at least 99% by Dec 2030" not in later  # the deadline has passed by then


@pytest.mark.slow
def test_report_brief_writes_an_a4_tagged_pdf_holding_the_verdicts(tmp_path, official_db):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    assert main(["report", "--brief", "--out", str(tmp_path), "--db", str(official_db)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["leaders-brief-2026-12-05.html", "leaders-brief-2026-12-05.pdf"]
    path = tmp_path / written[1]
    assert path.read_bytes()[:5] == b"%PDF-"
    pdf = pdfium.PdfDocument(path)
    assert raw.FPDFCatalog_IsTagged(pdf.raw)
    width, height = pdf[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = re.sub(r"\s+", " ", " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    for line in (
        "Better than England (88.4%)",
        "Similar to GM (93.9%)",
        "Target met: at least 95% by Dec 2025",
        "Needs attention (2)",
        "Made 5 December 2026",
        f"page 1 of {len(pdf)}",
    ):
        assert line in text, line
