"""Who may see what: the server's audience, the page being run, and the sign-in an internal server requires.

A public server (the default) shows public figures to anyone. An internal server shows officers
everything; it requires Streamlit's OpenID Connect sign-in (`st.login`) when an `[auth]` provider
is configured in .streamlit/secrets.toml, and otherwise refuses to serve unless it has been told
it runs on a trusted network (ONE_STOCKPORT_TRUSTED_NETWORK=1).

Access is decided by the page that runs (the one st.navigation chose), never by the query string:
only the embed page is an embed, and an embed shows public figures whatever the server may show.
"""

from __future__ import annotations

import math
import os
import re

import streamlit as st
from streamlit import config

from pipeline.ingest.register import MAX_BYTES as REGISTER_MAX_BYTES
from pipeline.registry import AUDIENCES
from ui import upload_guard

# Names an internal server answers to unless ONE_STOCKPORT_ALLOWED_HOSTS says otherwise.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def server_audience() -> str:
    """ONE_STOCKPORT_AUDIENCE; unset or unrecognised counts as public, the safe side."""
    value = os.environ.get("ONE_STOCKPORT_AUDIENCE", "public")
    return value if value in AUDIENCES else "public"


def trusted_network() -> bool:
    return os.environ.get("ONE_STOCKPORT_TRUSTED_NETWORK") == "1"


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def upload_limit_mb() -> int:
    """The largest upload this server takes, in Streamlit's MB (MiB): the inclusion register on an
    internal server, nothing on a public one (it has no uploader, and uploads are held in memory)."""
    return math.ceil(REGISTER_MAX_BYTES / 2**20) if server_audience() == "internal" else 0


def apply_upload_limit() -> None:
    """Streamlit reads server.maxUploadSize on every upload request, so setting it from the app holds
    for the whole server. Every server starts at 0 (.streamlit/config.toml, deploy/Dockerfile): an
    internal one opens only here, once upload_guard stands, so no upload lands before the first run."""
    if config.get_option("server.maxUploadSize") != upload_limit_mb():
        config.set_option("server.maxUploadSize", upload_limit_mb(), where_defined="ONE_STOCKPORT_AUDIENCE")


def allowed_hosts() -> list[str]:
    """ONE_STOCKPORT_ALLOWED_HOSTS (comma-separated host names, ports ignored); loopback names if unset."""
    configured = [h.strip().lower() for h in os.environ.get("ONE_STOCKPORT_ALLOWED_HOSTS", "").split(",") if h.strip()]
    return configured or list(LOOPBACK_HOSTS)


_HOST = re.compile(r"^(?:\[(?P<ip6>[0-9a-f:.]+)\]|(?P<name>[^\s:\[\]/@]+))(?::\d{1,5})?$")


def host_name(host_header: str) -> str | None:
    """The name in a Host header without its port ('a.example:8501' -> 'a.example', '[::1]:80' -> '::1');
    None if it is not a well-formed Host header."""
    match = _HOST.match(host_header.strip().lower())
    return match and (match["ip6"] or match["name"].rstrip("."))


def host_allowed(host_header: str | None, allowed: list[str]) -> bool:
    """A DNS-rebinding page reaches the server under the attacker's name: only listed names pass."""
    name = host_name(host_header or "")
    return bool(name) and any(name == a or (a.startswith("*.") and name.endswith(a[1:])) for a in allowed)


def _checks_host() -> bool:
    # Every internal server checks; a public one only when told which names it serves.
    return server_audience() == "internal" or bool(os.environ.get("ONE_STOCKPORT_ALLOWED_HOSTS", "").strip())


def _refuse(title: str, message: str) -> None:
    upload_guard.refuse()
    st.title(title)
    st.error(message)
    st.stop()


# What the gate decides for a session and a page (_verdict).
OPEN, ADMIT, SIGN_IN, FOREIGN_HOST, UNCONFIGURED = "open", "admit", "sign in", "foreign host", "unconfigured"


def _verdict(embed: bool) -> str:
    """The gate's decision for this session and page, drawing nothing: OPEN (public figures, anyone),
    ADMIT (an officer let in), or why not (SIGN_IN, FOREIGN_HOST, UNCONFIGURED)."""
    headers = st.context.headers
    # No headers at all means no web request (AppTest); a browser always sends Host.
    if _checks_host() and len(headers) and not host_allowed(headers.get("Host"), allowed_hosts()):
        return FOREIGN_HOST
    if embed or server_audience() == "public":
        return OPEN
    if auth_configured():
        return ADMIT if getattr(st.user, "is_logged_in", False) else SIGN_IN
    return ADMIT if trusted_network() else UNCONFIGURED


def shows_officer_pages() -> bool:
    """Whether this session's menu may list the officer pages: only once the gate would let it in, so a
    visitor at the sign-in screen, or under a foreign Host name, never learns their names or addresses."""
    return server_audience() == "internal" and _verdict(embed=False) == ADMIT


def require_access(embed: bool) -> None:
    """Stop the run unless this session may see what this page shows. `embed` must come from the page
    st.navigation chose to run; an embed shows public figures only, so it needs no sign-in."""
    verdict = _verdict(embed)
    if verdict == FOREIGN_HOST:
        _refuse(
            "One Stockport — not available",
            "This server does not answer to that address. Use the address the council published for it.",
        )
    # Only a session let in to an officers' page may upload (ui/upload_guard.py): not an embed, not a
    # public server's visitor, and not a session this gate has refused.
    if verdict == OPEN:
        return
    if verdict == SIGN_IN:
        upload_guard.refuse()
        st.title("One Stockport — officers' dashboard")
        st.markdown("This server shows internal figures. Sign in with your council account to continue.")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    if verdict == UNCONFIGURED:
        _refuse(
            "One Stockport — not available",
            "This server is set to show internal figures (ONE_STOCKPORT_AUDIENCE=internal) but has no "
            "sign-in configured. Configure an [auth] provider in .streamlit/secrets.toml, or set "
            "ONE_STOCKPORT_TRUSTED_NETWORK=1 if it only runs on the council's trusted network.",
        )
    upload_guard.admit()
