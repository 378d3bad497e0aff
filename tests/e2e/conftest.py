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


class _Tabs:
    """What a test asked `browser.new_context(...)` for, as tabs of the worker's one shared context: each
    page is its own Streamlit session, at the viewport and colour scheme asked for, with no cookie left by
    another test; the shared context's HTTP cache spares each load fetching and compiling Streamlit's
    scripts again (a third of a load's processor time on the 2-core machine)."""

    DEFAULT_VIEWPORT = {"width": 1280, "height": 720}  # Playwright's own default for a new context

    def __init__(self, shared: "_SharedBrowser", viewport: dict | None = None, color_scheme: str = "light", **_):
        self._shared, self._viewport, self._scheme = shared, viewport or self.DEFAULT_VIEWPORT, color_scheme
        self._scripts: list[str] = []
        self.pages: list = []

    def add_init_script(self, script: str) -> None:
        self._scripts.append(script)

    def new_page(self):
        page = self._shared.context.new_page()
        page.set_viewport_size(self._viewport)
        page.emulate_media(color_scheme=self._scheme)
        for script in self._scripts:
            page.add_init_script(script)
        self.pages.append(page)
        return page

    def close(self) -> None:
        for page in self.pages:
            page.close()
        self.pages.clear()
        self._shared.closed(self)


class _SharedBrowser:
    """Debian's Chromium as the browser tests see it: `new_context` gives _Tabs of one shared context;
    everything else is the browser's own (`browser_type` to launch another)."""

    def __init__(self, chromium):
        self._chromium = chromium
        self.context = chromium.new_context(accept_downloads=True)
        self._open: list[_Tabs] = []

    def new_context(self, **kwargs) -> _Tabs:
        tabs = _Tabs(self, **kwargs)
        self._open.append(tabs)
        return tabs

    def closed(self, tabs: _Tabs) -> None:
        self._open.remove(tabs)
        if not self._open:  # the next test starts with no cookie (a session, a sign-in) of this one's
            self.context.clear_cookies()

    def __getattr__(self, name: str):
        return getattr(self._chromium, name)


@pytest.fixture(scope="session")
def browser():
    if not Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists():
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_chromium(p)
        yield _SharedBrowser(chromium)
        chromium.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


@pytest.fixture()
def page(browser, server, request):
    """A fresh tab (a new Streamlit session) that records off-site requests and errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
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
