"""One line at the top of a page saying what the chosen ward (the Ward menu above every page) does there: the ward filter is honest.
A page either follows the chosen ward (and says how) or says it is borough-level."""

from __future__ import annotations

import streamlit as st

from . import data, state
from .md import md_text

BOROUGH_LEVEL = "Borough-level page"


def _chosen_name() -> str | None:
    ward = state.current_ward()
    return dict(zip(data.wards().code, data.wards().name)).get(ward) if ward else None


def borough_level(why: str) -> None:
    """The page's figures are for all of Stockport whatever ward is chosen; `why` says why."""
    name = _chosen_name()
    chosen = f" The ward chosen in the Ward menu, {md_text(name)}, does not change them." if name else ""
    # No icon in these lines: until the icon font arrives its name is drawn as text, and the line
    # reflows when it does (a layout shift of the page below on a first visit).
    st.caption(f"**{BOROUGH_LEVEL}:** {why}{chosen}")


def follows_ward(how: str, otherwise: str) -> str | None:
    """The page follows the chosen ward: `how` it shows it, or (none chosen) `otherwise`. Returns the ward's name."""
    name = _chosen_name()
    if name:
        st.caption(f"**{md_text(name)}** (chosen in the Ward menu): {how}")
    else:
        st.caption(otherwise)
    return name
