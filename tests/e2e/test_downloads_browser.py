"""Issue 29 in a browser: a chart's and a map's image downloads with its title and source drawn in (SVG, and PNG
drawn from it), and the overview's leaders' brief downloads as an A4 PDF holding the tiles' verdicts as the
overview shows them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"


def _download(page, button: str, timeout: int = 60000):
    with page.expect_download(timeout=timeout) as info:
        page.get_by_role("button", name=button).first.click()
    return info.value


def _drawn_text(path: Path) -> str:
    doc = ET.fromstring(path.read_text(encoding="utf-8").split("\n", 1)[1])
    assert doc.tag == SVG + "svg" and doc.find(SVG + "title").text
    return " ".join("".join(t.itertext()) for t in doc.iter(SVG + "text"))


def test_a_chart_image_downloads_with_its_title_and_source_drawn_in(page):
    page.visit("/connectivity")
    title = page.locator("[data-testid=stMarkdownContainer] strong", has_text="over time").first.inner_text()
    assert title == "Gigabit-capable broadband over time (% of premises)"
    svg = _download(page, "Download the chart (SVG)")
    assert svg.suggested_filename.endswith(".svg")
    drawn = _drawn_text(Path(svg.path()))
    assert title in drawn  # the title as the page heads the chart
    assert "Source: Ofcom" in drawn and "Open Government Licence" in drawn
    assert re.search(r"\w{3} \d{4} to Jan 2026", drawn)  # its periods
    png = _download(page, "Download the chart (PNG)")
    data = Path(png.path()).read_bytes()
    assert png.suggested_filename.endswith(".png") and data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10000


def test_a_ward_map_image_carries_its_key(page):
    page.visit("/ward_profile?ward=E05015026&indicator=imd_score")
    drawn = _drawn_text(Path(_download(page, "Download the map (SVG)").path()))
    assert "Index of Multiple Deprivation score by ward" in drawn and "Source:" in drawn
    assert "Heatons North outlined" in drawn and re.search(r"\d+(\.\d)? to \d+(\.\d)?", drawn)  # a class of the key


def test_the_overview_gives_the_leaders_brief_as_a_pdf_with_its_tiles_verdicts(page):
    import pypdfium2 as pdfium

    page.visit("/")
    shown = page.eval_on_selector_all(".os-tile .os-line span:last-child", "els => els.map(e => e.textContent)")
    pdf_file = _download(page, "Leaders' brief (PDF)", timeout=120000)
    assert pdf_file.suggested_filename == "one-stockport-leaders-brief-2026-12-05.pdf"
    path = Path(pdf_file.path())
    assert path.read_bytes()[:5] == b"%PDF-"
    pdf = pdfium.PdfDocument(path)
    text = re.sub(r"\s+", " ", " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
    # Every judged tile's verdict as the overview shows it (the investment tiles, unjudged, are one line there).
    judged = [line for line in shown if not line.startswith("Not compared (Stockport only)")]
    assert len(judged) > 20
    missing = [line for line in judged if re.sub(r"\s+", " ", line) not in text]
    assert not missing, missing
    assert "Made 5 December 2026" in text and "Public figures only." in text
