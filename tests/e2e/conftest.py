"""Browser fixtures: one app server and one browser per session (per xdist worker) on the run's one
build of the bundled default."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from devtools.harness import AppServer, launch_chromium, wait_ready

pytest.importorskip("playwright")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def e2e_db(default_db) -> Path:
    """The run's one build of the bundled default (shared by the xdist workers), which no test changes."""
    return default_db


@pytest.fixture(scope="session")
def server(e2e_db):
    app = AppServer(e2e_db).start()
    yield app
    app.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists():
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


@pytest.fixture()
def page(browser, server, request):
    """A fresh browser context (a new Streamlit session) that records off-site requests and errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.offsite, pg.errors = [], []
    host = server.url
    pg.on(
        "request",
        lambda r: (
            pg.offsite.append(r.url) if not r.url.startswith((host, "data:", "blob:", "about:", "file:")) else None
        ),
    )
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.base = host

    def visit(path: str):
        pg.goto(host + path)
        wait_ready(pg)
        return pg

    pg.visit = visit
    yield pg
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        shots = Path(tempfile.gettempdir()) / "one-stockport-e2e-failures"
        shots.mkdir(exist_ok=True)
        try:
            pg.screenshot(path=str(shots / f"{request.node.name}.png"), full_page=True)
            print(f"screenshot: {shots / request.node.name}.png")
        except Exception:
            pass
    context.close()
