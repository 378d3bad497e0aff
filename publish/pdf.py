"""HTML → tagged PDF with Debian's Chromium (the same browser the tests drive), A4 with page numbers."""
from __future__ import annotations

import os
import threading
from pathlib import Path

from pipeline.errors import BuildError
from presentation.htmldoc import render

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def html_files_to_pdf(pages: list[tuple[Path, str]]) -> list[Path]:
    """(html file, short title) pairs → PDFs beside them. One browser for them all."""
    if not Path(CHROMIUM).exists():
        raise BuildError(f"PDF needs Chromium at {CHROMIUM} (apt-get install -y chromium); the HTML reports "
                         "were written and print to A4 from any browser")
    # Playwright's sync API refuses to start inside a running event loop (e.g. a caller's own
    # Playwright session); its own thread has none.
    result: dict = {}

    def work():
        try:
            result["files"] = _print(pages)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc
    thread = threading.Thread(target=work, name="pdf")
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["files"]


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
                page.pdf(path=str(pdf_path), format="A4", print_background=True, tagged=True, outline=True,
                         display_header_footer=True, header_template="<span></span>", footer_template=footer,
                         prefer_css_page_size=True)
                written.append(pdf_path)
        finally:
            browser.close()
    return written

