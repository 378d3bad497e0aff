"""The embed code sizes its iframe to the view: pasted into a host page at a phone's and a desktop's width,
the frame takes its content's height (within a few pixels) and shows no inner scrollbar."""

from __future__ import annotations

import html
import re

import pytest

from devtools.harness import wait_ready
from presentation.htmldoc import markup, render
from ui.charts import EMBED_HEIGHTS

VIEWS = [("compare", "indicator=gigabit_broadband"), ("map", "indicator=imd_score&ward=E05015018")]


def embed_code(base: str, view: str, query: str) -> str:
    """The code exactly as the 'Embed this' box shows it, unescaped as a person copying it gets it."""
    shown = render(
        "embed_code.html",
        title="Gigabit",
        src=markup(f"{base}/embed?view={view}&{query}&embed=true"),
        height=EMBED_HEIGHTS[view],
        frame_id=f"one-stockport-{view}",
    )
    return html.unescape(re.search(r'<div class="os-code"[^>]*>(.*)</div>', shown, re.S).group(1))


@pytest.mark.parametrize("width", [390, 1000])
@pytest.mark.parametrize("view, query", VIEWS)
def test_the_iframe_takes_its_contents_height_with_no_inner_scrollbar(page, tmp_path, view, query, width):
    host = tmp_path / "host.html"
    host.write_text(
        f'<!doctype html><html lang="en"><title>Host</title><body style="margin:0">'
        f'<div style="width:{width}px">{embed_code(page.base, view, query)}</div></body></html>',
        encoding="utf-8",
    )
    page.set_viewport_size({"width": width + 40, "height": 900})
    page.goto(host.as_uri())
    frame_el = page.locator("iframe")
    page.frame_locator("iframe").locator(".os-embed-credit").wait_for(timeout=60000)
    wait_ready(page.frames[1])
    # The view has said its height: the frame's style height is set, and it is not the code's default.
    page.wait_for_function("() => document.querySelector('iframe').style.height !== ''", timeout=20000)
    try:  # the frame settles within a couple of resizes (the view's own spacing shows once it is that small)
        page.frames[1].wait_for_function(
            """() => { const s = document.querySelector('[data-testid="stMain"]');
            return s.scrollHeight <= s.clientHeight + 1; }""",
            timeout=5000,
        )
    except Exception:
        pass  # the assertion below says by how much it did not
    page.wait_for_timeout(300)
    frame_height = frame_el.bounding_box()["height"]
    inner = page.frames[1].evaluate("""() => {
        const scroller = document.querySelector('[data-testid="stMain"]');
        const main = document.querySelector('[data-testid="stMainBlockContainer"]');
        return {content: main.getBoundingClientRect().height, scroll: scroller.scrollHeight,
                client: scroller.clientHeight, children: scroller.children.length};
    }""")
    assert inner["scroll"] <= inner["client"] + 1, inner  # no inner scrollbar: the frame holds it all
    assert frame_height - inner["content"] <= 40, (frame_height, inner)  # and no blank band below the view
