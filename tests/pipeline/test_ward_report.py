"""Ward reports: what a councillor reads, public and internal; the PDF opened and read back."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cli.commands import main
from pipeline.store.queries import Database
from pipeline.registry import load_registry
from publish.ward_report import resolve_ward, slug, ward_report_html

WARD, NAME = "E05015018", "Brinnington & Stockport Central"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


@pytest.mark.slow
def test_the_report_has_each_section_with_the_wards_figures_beside_the_borough(official_db):
    db = Database(official_db)
    html = ward_report_html(db, WARD, "public", date(2026, 11, 25))
    text = _text(html)
    for heading in (
        "Headline figures beside the borough",
        "Where the ward sits",
        "Trends",
        "Town-centre schemes in the ward",
        "Digital inclusion activity",
        "Sources and vintages",
    ):
        assert f"<h2>{heading}</h2>" in html
    profile = db.ward_profile(WARD).set_index("indicator_id")
    pop = profile.loc["population"]
    assert f"{pop.value:,.0f} people" in text and f"{pop.borough_value:,.0f} people" in text
    risk = profile.loc["exclusion_risk_score"]
    assert f"rank {int(risk['rank'])} of 21" in text  # the map's text alternative names the rank
    assert "Stockport 8" in text and "Stockport Interchange" in text  # schemes in this ward
    assert "Office for National Statistics" in text and "Open Government Licence v3.0" in text
    assert (
        "update expected since Oct 2024" in text
    )  # IoD2019 by ward: the 2024 update is late (IoD2025 LSOA files not loaded)
    # Accessible structure: one h1, tables with captions and scoped headers, charts with title and desc.
    assert html.count("<h1>") == 1 and '<html lang="en">' in html
    assert html.count("<svg") == html.count("<title id=") == html.count("<desc id=") >= 4
    assert 'role="img"' in html and "<caption>" in html and 'scope="col"' in html
    assert "<script" not in html and "http://" not in html.split("<main>")[0]


@pytest.mark.slow
def test_a_public_report_holds_no_internal_figure_and_an_internal_one_does(official_db):
    db = Database(official_db)
    internal_titles = [i.title for i in load_registry().indicators.values() if not i.is_public]
    public = _text(ward_report_html(db, WARD, "public"))
    assert not any(t in public for t in internal_titles)
    assert "not in the public version" in public and "Public figures only." in public
    internal = _text(ward_report_html(db, WARD, "internal"))
    assert "not for publication" in internal and "Residents supported by month" in internal
    assert "SAMPLE" in internal  # the bundled register is labelled sample
    # A public reader cannot be talked into an internal report.
    assert not any(
        t in _text(ward_report_html(Database(official_db, audience="public"), WARD, "internal"))
        for t in internal_titles
    )


def test_wards_are_found_by_code_or_name_and_a_wrong_one_lists_the_choices(official_db):
    db = Database(official_db)
    assert resolve_ward(db, "brinnington & stockport central") == (WARD, NAME)
    with pytest.raises(ValueError, match="no current Stockport ward is called 'Atlantis'.*Bramhall North"):
        resolve_ward(db, "Atlantis")


@pytest.mark.slow
def test_report_all_writes_21_html_reports(tmp_path, official_db, capsys):
    assert main(["report", "--all", "--html-only", "--out", str(tmp_path), "--db", str(official_db)]) == 0
    files = sorted(tmp_path.glob("ward-report-E05*.html"))
    assert len(files) == 21
    names = {_text(f.read_text(encoding="utf-8")).split(" Ward report")[0].strip() for f in files}
    assert len(names) == 21
    assert main(["report", "Atlantis", "--html-only", "--out", str(tmp_path), "--db", str(official_db)]) == 2


@pytest.mark.slow
def test_the_pdf_is_a4_tagged_and_reads_back_with_the_wards_figures(tmp_path, official_db):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    assert main(["report", NAME, "--internal", "--out", str(tmp_path), "--db", str(official_db)]) == 0
    pdf = pdfium.PdfDocument(next(tmp_path.glob("*.pdf")))
    assert raw.FPDFCatalog_IsTagged(pdf.raw)  # headings, tables and figure alternatives are tagged
    width, height = pdf[0].get_size()
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4 in mm
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    text = re.sub(r"\s+", " ", text)
    assert NAME in text and "Headline figures beside the borough" in text and "Rank of 21" in text
    assert "Sources and vintages" in text and f"page 1 of {len(pdf)}" in text
    image = pdf[0].render(scale=0.5).to_pil().convert("L")
    assert len(image.getcolors(256)) > 10  # drawn, not a blank page


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Heaton Mersey & Heaton Moor", "heaton-mersey-heaton-moor"),
        ("Bramhall / North", "bramhall-north"),
        ("../../etc/passwd", "etc-passwd"),
        ("**bold** [x](http://evil.example)", "bold-x-http-evil-example"),
        ("C:\\Windows\x00name", "c-windows-name"),
        ("////", "ward"),
    ],
)
def test_a_report_file_name_is_made_from_a_slug_never_the_raw_name(name, expected):
    assert slug(name) == expected
