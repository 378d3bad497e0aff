"""Keeps every page behind dashboard.py's navigation: the one guard, called first by each page file.

Streamlit (1.67) still knows the legacy 'pages/ folder' mode: a server whose main script has a
folder named pages/ beside it starts in that mode, and until the first st.navigation call it runs
the page file a URL names on its own (no menu, no ward filter, no access gate). No supported setting
stops it while the folder keeps its name: `client.showSidebarNavigation = false` only hides the
legacy menu, and st.navigation switches the mode off only once dashboard.py has run. A page that
finds itself run that way switches the server to navigation mode and reruns through dashboard.py.
tests/e2e/test_browser.py proves the guard is needed (and fails once Streamlit drops the mode).
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def through_navigation() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
