"""A page's sections, one shown at a time: a row of buttons whose choice lives in the URL (?section=…),
so a page draws what the reader asked for and an unchosen section's queries and charts never run."""

from __future__ import annotations

import streamlit as st

from . import state

PARAM = "section"


def choose(sections: dict[str, str], key: str, label: str = "Show") -> str:
    """Draw the section buttons (`sections`: id → label, the first the default) and return the chosen id;
    pass it to state.finish(section=…) so the URL keeps it."""
    options = list(sections)
    state.url_choice(PARAM, options, options[0], key, "section of this page")
    return st.segmented_control(label, options, format_func=sections.__getitem__, key=key, required=True)
