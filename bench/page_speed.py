"""Page speed and memory in a real browser (prints figures; not a timed test).

In one run, on a warm server and a fresh browser context per visit, the median of N visits to:
a bare one-line Streamlit app (the floor) and every dashboard page; each page's ratio to the floor;
the ward-change re-render time (choose a ward in the sidebar → ready); the server's memory with 1
and 20 sessions (bench/ws_sessions.py). Targets: every page ≤ 1.3× the floor, ward change
≤ 250 ms median. Each view is also timed as a returning reader sees it (same browser, scripts cached).

Usage: python bench/page_speed.py [--visits 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devtools.harness import AppServer, launch_chromium, wait_ready  # noqa: E402

PAGES = [
    "/",
    "/ward_profile?ward=E05015018",
    "/connectivity",
    "/exclusion_risk",
    "/investment",
    "/inclusion",
    "/data_methods",
    "/embed?view=map&indicator=imd_score&embed=true",
]
WS_SESSIONS = ROOT / "bench" / "ws_sessions.py"  # the project's own load probe


def visit_ms(browser, url: str, context=None) -> float:
    """One visit until the page is ready: in a fresh browser context (empty cache) unless given one."""
    own = context is None
    context = context or browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    wait_ready(page)
    elapsed = (time.perf_counter() - started) * 1000
    page.close()
    if own:
        context.close()
    return elapsed


def repeat_visit_ms(browser, url: str, visits: int) -> float:
    """Median of later visits in one browser context: Streamlit's scripts are served as immutable
    for a year, so a returning reader's browser has them and only the page itself is drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    visit_ms(browser, url, context)  # the first visit fills the cache
    ms = statistics.median(visit_ms(browser, url, context) for _ in range(visits))
    context.close()
    return ms


# Records, in the page's own clock, when the rerun a ward change causes has finished and the page
# is fully drawn (the same test as wait_ready): Playwright's polling and wait_ready's settle pause
# would otherwise add up to ~250 ms that a person does not wait.
OBSERVE = """() => { const t = window._ward = {start: performance.now()};
  const app = document.querySelector('[data-testid=stApp]');
  const ready = %s;
  new MutationObserver(() => {
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running') t.ran = true;
    if (t.ran && !t.ready && ready()) t.ready = performance.now() - t.start;
  }).observe(document.body, {subtree: true, attributes: true, childList: true}); }"""


def ward_change_ms(browser, base: str, visits: int) -> list[float]:
    """Choose a ward in the ward row at the top (typed, Enter) → the page redrawn for it, measured in the page."""
    from devtools.harness import READY_JS

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + "/ward_profile")
    wait_ready(page)
    wards = [
        ("Edgeley", "E05015023"),
        ("Manor", "E05015028"),
        ("Offerton", "E05015032"),
        ("Heald Green", "E05015025"),
        ("Marple North", "E05015029"),
    ]
    times = []
    for rnd in range(2):  # the first round fills the server's caches for these wards
        for name, code in wards[:visits]:
            page.locator('.st-key-ward_row input[aria-label="Ward"]').click()
            page.keyboard.type(name)
            page.evaluate(OBSERVE % READY_JS)
            page.keyboard.press("Enter")
            page.wait_for_function(f"() => location.search.includes('ward={code}')", timeout=30000)
            wait_ready(page)  # and stays ready
            if rnd:
                times.append(page.evaluate("() => window._ward.ready"))
    context.close()
    return times


def memory(server: AppServer) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ws.json"
        subprocess.run(
            [
                sys.executable,
                str(WS_SESSIONS),
                "--url",
                server.url,
                "--pid",
                str(server.proc.pid),
                "--page",
                "ward_profile?ward=E05015018",
                "--sessions",
                "1,20",
                "--reruns",
                "1",
                "--json",
                str(out),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return json.loads(out.read_text())


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--visits", type=int, default=5)
    args = p.parse_args()
    from playwright.sync_api import sync_playwright
    from pipeline.build.database import build

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build(db)
        floor_app = Path(tmp) / "floor.py"
        floor_app.write_text('import streamlit as st\nst.title("Floor")\n')
        floor = AppServer(db, entry=floor_app).start()
        app = AppServer(db).start()
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw)
                visit_ms(browser, floor.url)  # warm both servers (first sessions, caches)
                for path in PAGES:
                    visit_ms(browser, app.url + path)
                floor_ms = statistics.median(visit_ms(browser, floor.url) for _ in range(args.visits))
                floor_again = repeat_visit_ms(browser, floor.url, args.visits)
                print(f"{'':<48} {'first visit (empty cache)':>30}   {'repeat visit (cached scripts)':>30}")
                print(f"{'floor (one-line app)':<48} median {floor_ms:7.0f} ms {'':13} median {floor_again:7.0f} ms")
                for path in PAGES:
                    ms = statistics.median(visit_ms(browser, app.url + path) for _ in range(args.visits))
                    again = repeat_visit_ms(browser, app.url + path, args.visits)
                    print(
                        f"{path:<48} median {ms:7.0f} ms  {ms / floor_ms:4.2f}× floor   "
                        f"median {again:7.0f} ms  {again / floor_again:4.2f}× floor"
                    )
                change = ward_change_ms(browser, app.url, args.visits)
                print(
                    f"{'ward change (select → ready)':<48} median {statistics.median(change):7.0f} ms "
                    f"(min {min(change):.0f}, max {max(change):.0f})"
                )
                browser.close()
            for level in memory(app).get("levels", []):
                print(
                    f"server memory with {level['sessions']:>2} session(s): held {level['rss_mb_held']} MB, "
                    f"peak {level['rss_mb_peak']} MB, per session {level['per_session_mb']} MB; "
                    f"script run median {level['run_ms_median']} ms, p95 {level['run_ms_p95']} ms, errors {level['n_errors']}"
                )
        finally:
            app.stop()
            floor.stop()


if __name__ == "__main__":
    main()
