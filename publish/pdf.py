"""HTML → tagged PDF, and an SVG image → PNG, with Debian's Chromium (the same browser the tests drive); PDFs A4 with page numbers."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from pipeline.errors import BuildError
from presentation.htmldoc import render

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def html_files_to_pdf(pages: list[tuple[Path, str]]) -> list[Path]:
    """(html file, short title) pairs → PDFs beside them. One browser for them all."""
    return _in_own_thread(lambda: _print(pages), "the HTML reports were written and print to A4 from any browser")


def svg_to_png(svg: str, width: int, height: int, scale: int = 2) -> bytes:
    """A standalone SVG document (`width` × `height` px) as a PNG at `scale` × its size, drawn by Chromium:
    the same text and shapes the SVG holds, for programs that take no SVG."""
    return _in_own_thread(lambda: _shoot(svg, width, height, scale), "the SVG image is there to download instead")


def _in_own_thread(work, otherwise: str):
    """work() with Chromium, in a thread of its own: Playwright's sync API refuses to start inside a
    running event loop (e.g. a caller's own Playwright session, or Streamlit's server); its own thread has none."""
    if not Path(CHROMIUM).exists():
        raise BuildError(f"PDF and PNG need Chromium at {CHROMIUM} (apt-get install -y chromium); {otherwise}")
    result: dict = {}

    def run():
        try:
            result["done"] = work()
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=run, name="chromium")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["done"]


def _shoot(svg: str, width: int, height: int, scale: int) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
            page.set_content(
                '<html><body style="margin:0">' + svg.split("?>", 1)[-1] + "</body></html>", wait_until="load"
            )
            return page.locator("body > svg").screenshot(type="png")
        finally:
            browser.close()


def _print(pages: list[tuple[Path, str]]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page()
            for html_path, title in pages:
                page.goto(html_path.absolute().as_uri(), wait_until="load")
                pdf_path = html_path.with_suffix(".pdf")
                footer = render("pdf_footer.html", title=title)
                page.pdf(
                    path=str(pdf_path),
                    format="A4",
                    print_background=True,
                    tagged=True,
                    outline=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer,
                    prefer_css_page_size=True,
                )
                written.append(pdf_path)
        finally:
            browser.close()
    return written
