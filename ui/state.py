"""Filter state that lives in the URL (?ward=…&indicator=…) so every view can be shared.

A value arriving in the URL (a shared link, or a first load) seeds the widget's state; the
widget then owns it and each run writes it back, because Streamlit clears query parameters when
the page changes.
"""

from __future__ import annotations

import re

import streamlit as st

from . import data

_SAFE = re.compile(r"^[A-Za-z0-9_ -]{1,40}$")
WARD_KEY = "ward_select"


def _param(name: str) -> str | None:
    values = st.query_params.get_all(name)
    return values[0] if values else None  # repeated keys: the first one counts


def _warn(message: str) -> None:
    st.session_state.setdefault("_warnings", []).append(message)


def show_warnings() -> None:
    for message in dict.fromkeys(st.session_state.pop("_warnings", [])):
        st.info(message, icon=":material/info:")


def _shown(raw: str) -> str:
    return repr(raw) if _SAFE.match(raw) else "that value"


def url_choice(name: str, allowed: list, default, widget_key: str, what: str):
    """Seed `widget_key` from ?name=… when the URL brings a new value; returns the current choice."""
    raw = _param(name)
    if raw is not None and raw not in allowed:
        _warn(f"No {what} matches {_shown(raw)}; showing the default view instead.")
        raw = None
    if raw is not None and raw != st.session_state.get(f"_url_{name}"):
        st.session_state[widget_key] = raw
    if widget_key not in st.session_state or st.session_state[widget_key] not in allowed:
        # A widget in a section not drawn last run has lost its state; the URL still holds its value.
        st.session_state[widget_key] = raw if raw is not None else default
    return st.session_state[widget_key]


def url_choices(name: str, allowed: list, default: list, widget_key: str, what: str) -> list:
    """url_choice for a multiselect: ?name=a,b seeds `widget_key` with a list; returns the current choice."""
    raw = _param(name)
    values = [v for v in raw.split(",") if v] if raw is not None else []
    if raw is not None and (not values or any(v not in allowed for v in values)):
        _warn(f"No {what} matches {_shown(raw)}; showing the default view instead.")
        raw = None
    if raw is not None and raw != st.session_state.get(f"_url_{name}"):
        st.session_state[widget_key] = list(dict.fromkeys(values))
    current = st.session_state.get(widget_key)
    if current is None or any(v not in allowed for v in current):
        st.session_state[widget_key] = list(default)
    return st.session_state[widget_key]


def ward_choice() -> str | None:
    codes = list(data.wards().code)
    return url_choice("ward", ["", *codes], "", WARD_KEY, "Stockport ward") or None


def current_ward() -> str | None:
    return st.session_state.get(WARD_KEY) or None


def write_back(**params) -> None:
    """Put the page's filters and the shared ward in the URL; drop parameters no longer in use."""
    target = {k: v for k, v in {"ward": current_ward(), **params}.items() if v}
    for key in list(st.query_params.keys()):
        if key not in target and key not in ("embed", "embed_options"):
            del st.query_params[key]
    for key, value in target.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value
        st.session_state[f"_url_{key}"] = value
    if "ward" not in target:
        st.session_state.pop("_url_ward", None)


def page_notices():
    """A slot at the top of the page for friendly notes about the URL; fill it with finish()."""
    return st.container()


def finish(notices, **params) -> None:
    with notices:
        show_warnings()
    write_back(**params)
