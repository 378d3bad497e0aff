"""Access is decided by the page that runs, never by the query string (issue 14).

An internal server with a sign-in provider, nobody signed in: every page except /embed shows only
the sign-in screen whatever the query says; /embed shows public figures only, read through a
public reader. Without sign-in or a trusted network, an internal server refuses every page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pipeline.store.queries import Database
from ui import access, cache, data

ROOT = Path(__file__).resolve().parents[2]
PAGES = [
    "views/overview.py",
    "views/ward_profile.py",
    "views/connectivity.py",
    "views/exclusion_risk.py",
    "views/investment.py",
    "views/inclusion.py",
    "views/data_methods.py",
    "views/register.py",
]
# What an attacker adds to the address to pass as an embed.
QUERIES = [
    {"view": "1"},
    {"view": "x"},
    {"view": ""},
    {"embed": "true"},
    {"view": "map", "embed": "true"},
    {"embed_options": "show_toolbar"},
    {"view": ["map", "trend"]},
    {"VIEW": "1"},
    {"view": "map", "page": "embed"},
]
# Every page with every query: the fast subset tries each page and each query once (every page with the
# first query, every query on the overview); the rest of the cross product is marked slow, for the full suite.
EVERY_PAGE_AND_QUERY = [
    pytest.param(
        page, query, id=f"{page}-{query}", marks=() if page == PAGES[0] or query == QUERIES[0] else pytest.mark.slow
    )
    for page in PAGES
    for query in QUERIES
]
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "one-stockport",
    "client_secret": "s",
    "server_metadata_url": "https://login.example/.well-known/openid-configuration",
}


@pytest.fixture()
def internal_app(make_app, default_db, tmp_path):
    return make_app(default_db, AUDIENCE="internal", REGISTER_DIR=str(tmp_path / "register"), TRUSTED_NETWORK=None)


def _open(at: AppTest, page: str, query: dict) -> AppTest:
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page(page).run()


def _shows_only(at: AppTest, title: str) -> None:
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == [title]
    assert not at.metric and not at.get("file_uploader") and not at.selectbox and not at.subheader
    assert not [m for m in at.markdown if m.value.startswith('<div class="os-table"')]


@pytest.mark.parametrize("page, query", EVERY_PAGE_AND_QUERY)
def test_an_unsigned_visitor_sees_only_the_sign_in_screen_on_every_page_whatever_the_query(internal_app, page, query):
    internal_app.secrets["auth"] = AUTH
    at = _open(internal_app, page, query)
    _shows_only(at, "One Stockport — officers' dashboard")
    assert [b.label for b in at.button] == ["Sign in"]


@pytest.mark.parametrize("page, query", EVERY_PAGE_AND_QUERY)
def test_an_internal_server_without_sign_in_or_trusted_network_refuses_every_page_whatever_the_query(
    internal_app, page, query
):
    at = _open(internal_app, page, query)
    _shows_only(at, "One Stockport — not available")
    assert "no sign-in configured" in at.error[0].value and not at.button


OFFICER_PAGE = ("Inclusion register (officers)", "register")


@pytest.mark.parametrize(
    "settings, signed_in, listed",
    [
        ({"auth": True}, False, False),  # at the sign-in screen
        ({"auth": True}, True, True),  # signed in
        ({}, False, False),  # no sign-in, no trusted network: refused
        ({"TRUSTED_NETWORK": "1"}, False, True),  # a trusted network lets everyone in
        ({"TRUSTED_NETWORK": "1", "AUDIENCE": "public"}, False, False),
    ],
    ids=["unsigned", "signed-in", "unconfigured", "trusted-network", "public"],
)
@pytest.mark.parametrize("page", ["views/overview.py", "views/register.py"])
def test_the_officer_page_is_registered_only_for_a_session_the_gate_lets_in(
    internal_app, monkeypatch, settings, signed_in, listed, page
):
    """Streamlit sends every page given to st.navigation to the browser (title, address, hidden or not),
    so a session not let in must not have the officer page registered at all (issue 30)."""
    for name in ("TRUSTED_NETWORK", "AUDIENCE"):
        if name in settings:
            monkeypatch.setenv(f"ONE_STOCKPORT_{name}", settings[name])
    if settings.get("auth"):
        internal_app.secrets["auth"] = AUTH
    monkeypatch.setattr(access.st.user.__class__, "is_logged_in", property(lambda self: signed_in), raising=False)
    registered: list[tuple[str, str]] = []
    navigation = st.navigation

    def spy(pages, **kwargs):
        registered.extend((p.title, p.url_path) for p in pages)
        return navigation(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", spy)
    at = _open(internal_app, page, {})
    assert not at.exception, at.exception
    assert (OFFICER_PAGE in registered) is listed, registered
    assert any(t == "Overview" for t, _ in registered)  # the spy saw the menu
    if not listed:
        assert not any("register" in t.lower() or "register" in u for t, u in registered), registered


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_embed_on_an_internal_server_reads_public_figures_only(internal_app, monkeypatch, signed_in):
    """The embed page, and every query it makes, uses a public reader even on an internal server."""
    if signed_in:
        monkeypatch.setenv("ONE_STOCKPORT_TRUSTED_NETWORK", "1")
    else:
        internal_app.secrets["auth"] = AUTH
    readers: list[str] = []
    original = Database.__init__

    def spy(self, path, audience="internal", today=None):
        original(self, path, audience, today)
        readers.append(self.audience)

    monkeypatch.setattr(Database, "__init__", spy)
    cache.clear()
    at = _open(internal_app, "views/embed.py", {"view": "trend", "indicator": "inclusion_residents_supported"})
    assert not at.exception and not at.button and not at.selectbox
    assert any("does not exist here" in i.value for i in at.info)  # an internal indicator is not embeddable
    assert readers and set(readers) == {"public"}, readers


def test_a_session_that_opened_an_embed_gets_the_officer_view_back_on_other_pages(
    internal_app, make_app, default_db, monkeypatch
):
    embed_app = make_app(default_db, AUDIENCE="internal")
    monkeypatch.setenv("ONE_STOCKPORT_TRUSTED_NETWORK", "1")
    at = _open(embed_app, "views/embed.py", {"view": "map"})
    assert at.session_state[data.EMBED_KEY] is True
    # An embed run registers only itself (no menu in the host's iframe), so AppTest cannot switch page from
    # it; what carries over in a session is its state, so the next page starts from the embed's.
    internal_app.session_state[data.EMBED_KEY] = True
    at = _open(internal_app, "views/inclusion.py", {})
    assert not at.exception
    assert any("Officer view" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "host, allowed",
    [
        ("localhost:8501", True),
        ("127.0.0.1", True),
        ("[::1]:8501", True),
        ("LOCALHOST.", True),
        ("evil.example", False),
        ("evil.example:8501", False),
        ("localhost.evil.example", False),
        ("127.0.0.1.nip.io", False),
        ("", False),
        (None, False),
        ("[::1]evil", False),
    ],
)
def test_only_listed_host_names_reach_an_internal_server(host, allowed):
    assert access.host_allowed(host, access.allowed_hosts()) is allowed


def test_the_host_allow_list_is_configurable_with_wildcard_subdomains(monkeypatch):
    monkeypatch.setenv("ONE_STOCKPORT_ALLOWED_HOSTS", "officers.stockport.gov.uk, *.intranet.example")
    hosts = access.allowed_hosts()
    assert access.host_allowed("officers.stockport.gov.uk:443", hosts)
    assert access.host_allowed("dash.intranet.example", hosts)
    assert not access.host_allowed("localhost", hosts) and not access.host_allowed("intranet.example.evil", hosts)


@pytest.mark.parametrize("audience, limit", [("public", 0), (None, 0), ("officers", 0), ("internal", 5)])
def test_only_an_internal_server_takes_uploads_and_only_as_large_as_the_register(monkeypatch, audience, limit):
    if audience is None:
        monkeypatch.delenv("ONE_STOCKPORT_AUDIENCE", raising=False)
    else:
        monkeypatch.setenv("ONE_STOCKPORT_AUDIENCE", audience)
    assert access.upload_limit_mb() == limit


@pytest.mark.parametrize("audience, shows_build", [("public", False), ("internal", True)])
def test_the_data_line_below_every_page_names_when_and_from_what_and_only_officers_see_the_build(
    make_app, default_db, monkeypatch, audience, shows_build
):
    monkeypatch.setenv("ONE_STOCKPORT_TRUSTED_NETWORK", "1")
    at = make_app(default_db, AUDIENCE=audience)
    at = _open(at, "views/connectivity.py", {})
    assert not at.exception, at.exception
    info = at.db.build_info()
    line = at.caption[-1].value  # the last thing on the page
    assert line.startswith(f"Data built {info['built_at'][:10]}") and "bundled official extracts" in line
    assert (info["build_id"] in line) is shows_build and ("build " in line) is shows_build
