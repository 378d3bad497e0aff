"""The real app in a real browser, for the browser tests and the benchmarks: a Streamlit server on a
free loopback port and Debian's Chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Streamlit has finished: script idle, connected, nothing stale, every chart drawn, every map has a canvas.
READY_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"], [data-stale="true"]')) return false;
  for (const el of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    if (!el.querySelector('.main-svg')) return false;
  for (const el of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]'))
    if (!el.querySelector('canvas')) return false;
  return !!document.querySelector('h1, svg.os-map, .os-still svg, [data-testid="stDeckGlJsonChart"], [data-testid="stPlotlyChart"]');
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`streamlit run dashboard.py` against a given database; stopped by its PID."""

    def __init__(self, db: Path, *extra: str, entry: Path = ROOT / "dashboard.py", log: Path | None = None):
        self.db, self.extra, self.entry = db, list(extra), entry
        self.log = log or Path(os.environ.get("TMPDIR", "/tmp")) / f"one-stockport-e2e-{os.getpid()}.log"
        self.proc: subprocess.Popen | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> "AppServer":
        self.port = free_port()
        env = {**os.environ, "ONE_STOCKPORT_DB": str(self.db)}
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(self.entry),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(self.port),
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
            *self.extra,
        ]
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=self.entry.parent, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited; see {self.log}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"streamlit did not become healthy in {timeout}s; see {self.log}")

    def rss_kb(self) -> int | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except (OSError, AttributeError):
            return None
        return None

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_ready(page, timeout_ms: int = 60000) -> None:
    """Wait until Streamlit has really finished drawing, then two animation frames."""
    page.wait_for_function(READY_JS, timeout=timeout_ms, polling="raf")
    page.wait_for_timeout(150)  # a rerun can start just after an idle moment
    page.wait_for_function(READY_JS, timeout=timeout_ms, polling="raf")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))")


# Cumulative layout shift as Lighthouse counts it for a load: every 'layout-shift' entry without
# recent user input, buffered from the first paint. Installed before any page script runs.
_LAYOUT_SHIFT_JS = """
window.__shift = 0;
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
}).observe({type: 'layout-shift', buffered: true});
"""


def layout_shift(browser, url: str, viewport: dict | None = None, color_scheme: str = "light") -> float:
    """The layout shift a first visit to `url` accumulates until Streamlit has finished drawing."""
    context = browser.new_context(viewport=viewport or {"width": 1440, "height": 900}, color_scheme=color_scheme)
    try:
        page = context.new_page()
        page.add_init_script(_LAYOUT_SHIFT_JS)
        page.goto(url)
        page.wait_for_function("() => document.querySelector('h1')", timeout=60000)
        wait_ready(page)
        page.wait_for_timeout(500)  # late images and fonts still count
        return page.evaluate("() => window.__shift")
    finally:
        context.close()
