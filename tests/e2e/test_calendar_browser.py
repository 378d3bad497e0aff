"""The overview in the browser on days after the suite's own: a server started with ONE_STOCKPORT_TODAY (as an
operator would run it) draws every headline tile with a comparison and a status, late data as one muted line
on its tile and never in needs attention. Its database has two builds (the bundled extracts, then a new
Ofcom period and a revised figure), so the overview also says what changed, as a live server's would."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.harness import AppServer, wait_ready
from pipeline import clock

from .test_overview_first_screen import first_screen_tiles

DAYS = {"Ofcom is late": "2027-03-02", "several years on": "2031-06-01"}


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, raw_dir) -> Path:
    import shutil
    from pipeline.build.database import build
    from tests.pipeline.test_changes import new_release_and_revision

    folder = tmp_path_factory.mktemp("calendar")
    live = folder / "live.duckdb"
    build(live, raw_dir, progress=lambda _: None)
    shutil.copytree(raw_dir, folder / "raw")
    for f in (folder / "raw").iterdir():
        f.chmod(0o644)
    new_release_and_revision(folder / "raw")
    build(live, folder / "raw", progress=lambda _: None)
    return live


@pytest.fixture(params=list(DAYS.values()), ids=list(DAYS))
def server_on(request, two_builds, monkeypatch):
    monkeypatch.setenv(clock.ENV, request.param)
    app = AppServer(two_builds).start()
    yield app, request.param
    app.stop()


def test_the_overview_reads_the_same_way_on_a_later_day(browser, server_on):
    server, day = server_on
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        wait_ready(page)
        for tile in first_screen_tiles(page):
            assert not any("Update expected" in line for line in tile["lines"]), tile  # never a judgement line
        notes = page.eval_on_selector_all(
            ".os-source .os-late",
            """els => els.map(e => ({text: e.textContent,
            size: parseFloat(getComputedStyle(e).fontSize), opacity: parseFloat(getComputedStyle(e).opacity)}))""",
        )
        assert notes and all(n["text"].startswith("Update expected since ") for n in notes)
        assert "Update expected since Dec 2026" in [n["text"] for n in notes]  # the projects register's, late on both
        line_size = page.eval_on_selector(".os-line", "e => parseFloat(getComputedStyle(e).fontSize)")
        assert all(n["size"] < line_size and n["opacity"] < 1 for n in notes), (
            notes,
            line_size,
        )  # muted: smaller, lighter
        attention = page.inner_text("ol.os-attention") if page.query_selector("ol.os-attention") else ""
        assert "Update expected" not in attention and "out of date" not in attention.lower()
        body = page.inner_text("body")
        assert "Needs attention" in body
        assert "Since the last update on " in body and "1 new release, 1 revised figure" in body
        assert page.get_attribute("a:text('what changed ›')", "href") == "/data_methods?section=changes"
        if day >= "2031-01-01":
            assert "On course for at least 99% by Dec 2030" not in body
            assert "Date passed: at least 99% by Dec 2030" in body
    finally:
        context.close()
