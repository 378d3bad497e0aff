"""A static embed (publish/static_embeds.py) in a host page, as the 'Embed this' code gives it when
ONE_STOCKPORT_STATIC_URL is set: the frame takes the view's height at a phone's and a desktop's width with no
inner scrollbar, nothing opens a websocket or leaves the static server, and axe finds nothing serious in
either theme."""

from __future__ import annotations

import html
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from presentation.embed_views import EMBED_HEIGHTS
from presentation.htmldoc import markup, render
from publish.static_embeds import embed_path

from .test_accessibility import TAGS, _axe_source

EMBEDS = [
    ("compare", "gigabit_broadband", None),
    ("trend", "gigabit_broadband", None),
    ("map", "imd_score", "E05015018"),
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def static_site(tmp_path_factory, default_export):
    """The export served over HTTP, as a CDN would, with a folder beside it for host pages."""
    root = tmp_path_factory.mktemp("site")
    (root / "public").symlink_to(default_export)
    (root / "host").mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def host_page(root, base: str, view: str, indicator: str, ward: str | None, width: int) -> str:
    """A host page holding the embed code exactly as the 'Embed this' box shows it (unescaped, as copied)."""
    shown = render(
        "embed_code.html",
        title="Embedded view",
        src=markup(f"{base}/public/{embed_path(view, indicator, ward)}"),
        height=EMBED_HEIGHTS[view],
        frame_id=f"one-stockport-{view}",
    )
    code = html.unescape(re.search(r'<div class="os-code"[^>]*>(.*)</div>', shown, re.S).group(1))
    name = f"{view}-{width}.html"
    (root / "host" / name).write_text(
        f'<!doctype html><html lang="en"><title>Host</title><body style="margin:0">'
        f'<div style="width:{width}px;padding:0 20px">{code}</div></body></html>',
        encoding="utf-8",
    )
    return f"{base}/host/{name}"


@pytest.mark.parametrize("width", [390, 1000])
@pytest.mark.parametrize("view, indicator, ward", EMBEDS)
def test_a_host_page_sizes_the_static_embed_to_its_view_and_opens_no_websocket(
    browser, static_site, view, indicator, ward, width
):
    root, base = static_site
    context = browser.new_context(viewport={"width": width + 40, "height": 900})
    page = context.new_page()
    sockets, outside = [], []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    try:
        page.goto(host_page(root, base, view, indicator, ward, width))
        page.wait_for_function("() => document.querySelector('iframe').style.height !== ''", timeout=20000)
        page.wait_for_timeout(300)  # any later resize (fonts, the container query's drawing) has been sent
        frame = page.frames[1]
        inner = frame.evaluate("""() => ({content: document.documentElement.getBoundingClientRect().height,
            scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight,
            charts: document.querySelectorAll('svg').length})""")
        frame_height = page.locator("iframe").bounding_box()["height"]
        assert abs(frame_height - inner["content"]) <= 3, (frame_height, inner)  # the view's own height
        assert inner["scroll"] <= inner["client"] + 1, inner  # no inner scrollbar
        assert frame_height != EMBED_HEIGHTS[view]  # the view said its height; not the code's default
        assert frame.locator("svg:visible").count() == 1  # one drawing for this width
        assert sockets == [] and outside == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("view, indicator, ward", EMBEDS)
def test_a_static_embed_is_accessible_in_either_theme(browser, static_site, view, indicator, ward, scheme):
    _, base = static_site
    context = browser.new_context(color_scheme=scheme, viewport={"width": 700, "height": 700})
    page = context.new_page()
    try:
        page.goto(f"{base}/public/{embed_path(view, indicator, ward)}")
        page.add_script_tag(content=_axe_source())
        result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
        bad = [
            f"{v['impact']} {v['id']}: {v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], bad
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(255, 255, 255)") == (scheme == "light"), background  # the reader's theme
    finally:
        context.close()
