"""Issue 14 in a real browser: on an internal server, access follows the page that runs, never the
address. One server per configuration, every page path and every embed-looking query variant (CASES)."""

from __future__ import annotations

import os
import time

import pytest

from pipeline.store.queries import Database

from devtools.harness import AppServer, CHROMIUM_ARGS, CHROMIUM, wait_ready

PATHS = [
    "/",
    "/ward_profile",
    "/compare_wards",
    "/connectivity",
    "/exclusion_risk",
    "/investment",
    "/inclusion",
    "/data_methods",
    "/register",
    "/embed",
]
# Ways an address can claim to be an embed: the view and embed keys, their values, repeats, empty keys, case.
QUERIES = [
    "",
    "?view=1",
    "?view=x",
    "?view=",
    "?view",
    "?embed=true",
    "?view=map&embed=true",
    "?embed_options=show_toolbar&embed=true",
    "?view=1&view=map",
    "?=1&view=map",
    "?VIEW=1",
    "?view=trend&indicator=inclusion_residents_supported",
]
# In a browser, every path bare and with the claim the product's own embed code makes, and every claim on the
# embed page, the one page that reads them: 30 loads a server. The whole cross product (every page with every
# claim, both servers) runs in-process in tests/views/test_access.py; 57 loads a server here cost a minute each.
CASES = [(path, "") for path in PATHS] + [(path, "?view=map&embed=true") for path in PATHS]
CASES += [("/embed", query) for query in QUERIES if query not in ("", "?view=map&embed=true")]
AUTH = """[auth]
redirect_uri = "http://localhost:8501/oauth2callback"
cookie_secret = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
client_id = "one-stockport"
client_secret = "s"
server_metadata_url = "https://login.example/.well-known/openid-configuration"
"""
OFFICER_ONLY = (
    '[data-testid="stFileUploader"], [data-testid="stMetric"], [data-testid="stSidebar"], '
    '[data-testid="stPageLink"], [data-testid="stSelectbox"]'
)


@pytest.fixture(scope="module")
def internal_titles(e2e_db) -> list[str]:
    """Titles of indicators only officers may see."""
    ind = Database(e2e_db).indicators("internal")
    return list(ind[ind.audience != "public"].title)


def _server(env: dict[str, str | None], db, *extra) -> AppServer:
    """An app server started with these settings (None: unset), leaving this process's own as they were."""
    saved = {k: os.environ.get(k) for k in env}
    try:
        for k, v in env.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
        return AppServer(db, *extra).start()
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


# What names the officer page to a browser: its title and menu icon (in the menu, the tab title and the
# messages that carry them), and a link to its address.
OFFICER_PAGE_NAMES = ["Inclusion register", "upload_file"]


def _officer_page_named(page, frames: list[bytes]) -> list[str]:
    """Where this load named the officer page: the menu and every link, the tab title, or any websocket
    message (Streamlit sends each registered page's title and icon, hidden pages included). A message may
    still hold the word "register" alone: the address a visitor typed, echoed back."""
    shown = repr([page.title(), page.locator('[data-testid="stHeader"], header, nav').all_inner_texts()])
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => new URL(e.href).pathname)")
    return (
        [m for m in OFFICER_PAGE_NAMES if m in shown]
        + (["a link to /register"] if "/register" in links else [])
        + [f"websocket: {m}" for m in OFFICER_PAGE_NAMES if any(m.encode() in f for f in frames)]
    )


def _sweep(browser, app, internal_titles, expected_title: str) -> None:
    """Open each of CASES in one browser context (a new session per load)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    frames: list[bytes] = []
    page.on(
        "websocket",
        lambda ws: ws.on("framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())),
    )
    failures = []
    try:
        for path, query in CASES:
            frames.clear()
            page.goto(app.url + path + query)
            wait_ready(page)
            text = page.locator('[data-testid="stMain"]').inner_text()
            leaks = [t for t in internal_titles if t in text] + _officer_page_named(page, frames)
            officer = page.locator(OFFICER_ONLY).count()
            if path == "/embed":  # public figures, open to anyone (it is what the council embeds)
                ok = (
                    not leaks
                    and not officer
                    and "Sign in" not in text
                    and page.locator(
                        '[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], svg.os-map, .os-still'
                    ).count()
                    == 1
                )
            else:
                ok = (
                    not leaks
                    and not officer
                    and page.locator("h1").all_inner_texts() == [expected_title]
                    and not page.locator(
                        '[data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], svg.os-map, .os-still'
                    ).count()
                )
            if not ok:
                failures.append(f"{path}{query}: {text[:120]!r} leaks={leaks} officer elements={officer}")
    finally:
        context.close()
    assert not failures, "\n".join(failures)


def test_an_unsigned_visitor_gets_only_the_sign_in_screen_on_every_page_and_embeds_stay_public(
    browser, e2e_db, tmp_path, internal_titles
):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH)
    app = _server(
        {
            "ONE_STOCKPORT_AUDIENCE": "internal",
            "ONE_STOCKPORT_TRUSTED_NETWORK": None,
            "ONE_STOCKPORT_REGISTER_DIR": str(tmp_path / "register"),
        },
        e2e_db,
        "--secrets.files",
        str(secrets),
    )
    try:
        _sweep(browser, app, internal_titles, "One Stockport — officers' dashboard")
    finally:
        app.stop()


def test_an_internal_server_without_sign_in_or_trusted_network_refuses_every_address_but_public_embeds(
    browser, e2e_db, tmp_path, internal_titles
):
    app = _server(
        {
            "ONE_STOCKPORT_AUDIENCE": "internal",
            "ONE_STOCKPORT_TRUSTED_NETWORK": None,
            "ONE_STOCKPORT_REGISTER_DIR": str(tmp_path / "register"),
        },
        e2e_db,
    )
    try:
        _sweep(browser, app, internal_titles, "One Stockport — not available")
    finally:
        app.stop()


def test_a_trusted_network_server_shows_nothing_to_a_page_reached_under_another_host_name(
    browser, e2e_db, tmp_path, internal_titles
):
    """DNS rebinding: evil.example resolves to the officers' server, so the browser sends Host: evil.example."""
    app = _server(
        {
            "ONE_STOCKPORT_AUDIENCE": "internal",
            "ONE_STOCKPORT_TRUSTED_NETWORK": "1",
            "ONE_STOCKPORT_ALLOWED_HOSTS": None,
            "ONE_STOCKPORT_REGISTER_DIR": str(tmp_path / "register"),
        },
        e2e_db,
    )
    try:
        # A second Chromium from the same Playwright, whose resolver plays the rebinding DNS.
        rebound = browser.browser_type.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP evil.example 127.0.0.1"]
        )
        try:
            page = rebound.new_page(viewport={"width": 1280, "height": 900})
            frames: list[bytes] = []
            page.on(
                "websocket",
                lambda ws: ws.on("framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())),
            )
            page.goto(f"http://localhost:{app.port}/inclusion?section=activity")  # the allowed name: the officers' view
            wait_ready(page)
            assert any(t in page.locator('[data-testid="stMain"]').inner_text() for t in internal_titles)
            # The marks are the right ones: an officer let in is shown the page, by name, in the menu.
            assert set(_officer_page_named(page, frames)) >= {
                "Inclusion register",
                "a link to /register",
                "websocket: Inclusion register",
                "websocket: upload_file",
            }
            for path in ["/inclusion", "/register", "/embed?view=map"]:
                frames.clear()
                page.goto(f"http://evil.example:{app.port}{path}")
                wait_ready(page)
                text = page.locator('[data-testid="stMain"]').inner_text()
                assert page.locator("h1").all_inner_texts() == ["One Stockport — not available"], text
                assert not any(t in text for t in internal_titles)
                assert not _officer_page_named(page, frames), path
                assert not page.locator(
                    OFFICER_ONLY
                    + ', [data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"], svg.os-map, .os-still'
                ).count()
        finally:
            rebound.close()
    finally:
        app.stop()


def _upload(base_url: str, size: int, host: str | None = None, at_once: bool = False) -> int:
    """What Streamlit answers to a file upload from a live session of its own (the session id from the
    websocket, the XSRF token from the cookie), as a browser's file uploader would send it; `host`: the
    name the browser used for the server (DNS rebinding), for the session and the upload alike. `at_once`:
    sent as soon as the session has an id, before its first run has drawn anything."""
    import asyncio
    import http.client
    import socket

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

    token = generate_xsrf_token_string()  # the cookie and the header only have to match

    address, port = base_url.removeprefix("http://").split(":")
    named = f"{host}:{port}" if host else f"{address}:{port}"

    async def run() -> int:
        async with websockets.connect(
            f"ws://{named}/_stcore/stream",
            sock=socket.create_connection((address, int(port))),
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=30,
        ) as ws:
            rerun = BackMsg()
            rerun.rerun_script.query_string = ""
            rerun.rerun_script.page_name = ""
            await ws.send(rerun.SerializeToString())
            session = None
            while True:  # the whole first run, so the app has set its limits
                msg = ForwardMsg()
                msg.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
                if msg.WhichOneof("type") == "new_session":
                    session = msg.new_session.initialize.session_id
                    if at_once:
                        break
                if msg.WhichOneof("type") == "script_finished":
                    break
            boundary = "one-stockport-test"
            body = (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n'
                    f"Content-Type: text/csv\r\n\r\n"
                ).encode()
                + b"x" * size
                + f"\r\n--{boundary}--\r\n".encode()
            )
            conn = http.client.HTTPConnection(address, int(port), timeout=60)
            conn.request(
                "PUT",
                f"/_stcore/upload_file/{session}/file-1",
                body=body,
                headers={
                    "Host": named,
                    "Content-Type": f"multipart/form-data; boundary={boundary}",
                    "X-Xsrftoken": token,
                    "Cookie": f"_streamlit_xsrf={token}",
                },
            )
            status = conn.getresponse().status
            conn.close()
            return status

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API may own this thread's event loop
        return pool.submit(asyncio.run, run()).result()


@pytest.mark.parametrize("audience", ["public", "internal"])
def test_an_upload_in_the_first_second_after_start_is_refused(e2e_db, tmp_path, audience):
    """Issue 30: before the first page run installed the upload guard, five 4 MB uploads were taken within
    0.35 s of start. The server now starts with uploads closed (.streamlit/config.toml), whatever runs first.
    The upload goes as soon as the session exists, while its first run is still importing the app."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH)
    app = _server(
        {
            "ONE_STOCKPORT_AUDIENCE": audience,
            "ONE_STOCKPORT_TRUSTED_NETWORK": None,
            "ONE_STOCKPORT_ALLOWED_HOSTS": None,
            "ONE_STOCKPORT_REGISTER_DIR": str(tmp_path / "register"),
        },
        e2e_db,
        "--secrets.files",
        str(secrets),
    )
    try:
        started = time.monotonic()  # the server has just answered its first health check
        statuses = [_upload(app.url, 4_000_000, at_once=True) for _ in range(3)]
        assert time.monotonic() - started < 5  # still the server's first moments (about 0.1 s each here)
        assert all(s in (403, 413) for s in statuses), statuses
        assert _upload(app.url, 1024) == 403  # and after a whole first run, still nobody let in
    finally:
        app.stop()


def test_a_public_server_takes_no_upload_even_from_its_own_session(server):
    assert _upload(server.url, 1024) == 403  # no session of a public server is let in to an officers' page


def test_a_session_at_the_sign_in_screen_cannot_upload(e2e_db, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(AUTH)
    app = _server(
        {
            "ONE_STOCKPORT_AUDIENCE": "internal",
            "ONE_STOCKPORT_TRUSTED_NETWORK": None,
            "ONE_STOCKPORT_ALLOWED_HOSTS": None,
            "ONE_STOCKPORT_REGISTER_DIR": str(tmp_path / "register"),
        },
        e2e_db,
        "--secrets.files",
        str(secrets),
    )
    try:
        assert _upload(app.url, 1024) == 403
    finally:
        app.stop()


def test_a_session_refused_for_its_host_name_cannot_upload_though_the_server_takes_uploads(e2e_db, tmp_path):
    app = _server(
        {
            "ONE_STOCKPORT_AUDIENCE": "internal",
            "ONE_STOCKPORT_TRUSTED_NETWORK": "1",
            "ONE_STOCKPORT_ALLOWED_HOSTS": None,
            "ONE_STOCKPORT_REGISTER_DIR": str(tmp_path / "register"),
        },
        e2e_db,
    )
    try:
        assert _upload(app.url, 1024, host="evil.example") == 403
        assert _upload(app.url, 1024, host="localhost") == 204
    finally:
        app.stop()


def test_an_officers_server_takes_a_register_sized_upload_and_nothing_larger(e2e_db, tmp_path):
    app = _server(
        {
            "ONE_STOCKPORT_AUDIENCE": "internal",
            "ONE_STOCKPORT_TRUSTED_NETWORK": "1",
            "ONE_STOCKPORT_ALLOWED_HOSTS": None,
            "ONE_STOCKPORT_REGISTER_DIR": str(tmp_path / "register"),
        },
        e2e_db,
    )
    try:
        assert _upload(app.url, 5_000_000) == 204
        assert _upload(app.url, 6 * 1024 * 1024) == 413
    finally:
        app.stop()
