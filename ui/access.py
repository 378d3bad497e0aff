"""Who may see what: the server's audience, and the sign-in that an internal server requires.

A public server (the default) shows public figures to anyone. An internal server shows officers
everything; it requires Streamlit's OpenID Connect sign-in (`st.login`) when an `[auth]` provider
is configured in .streamlit/secrets.toml, and otherwise refuses to serve unless it has been told
it runs on a trusted network (ONE_STOCKPORT_TRUSTED_NETWORK=1).
"""
from __future__ import annotations

import os

import streamlit as st

AUDIENCES = ("public", "internal")


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


def require_access(embedded: bool) -> None:
    """Stop the run unless this session may see what this server shows. Embeds are always public."""
    if embedded or server_audience() == "public":
        return
    if auth_configured():
        if not getattr(st.user, "is_logged_in", False):
            st.title("One Stockport — officers' dashboard")
            st.markdown("This server shows internal figures. Sign in with your council account to continue.")
            st.button("Sign in", on_click=st.login, type="primary")
            st.stop()
        return
    if not trusted_network():
        st.title("One Stockport — not available")
        st.error("This server is set to show internal figures (ONE_STOCKPORT_AUDIENCE=internal) but has no "
                 "sign-in configured. Configure an [auth] provider in .streamlit/secrets.toml, or set "
                 "ONE_STOCKPORT_TRUSTED_NETWORK=1 if it only runs on the council's trusted network.")
        st.stop()
