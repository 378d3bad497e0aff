"""Keeps every page behind dashboard.py's navigation.

Streamlit still knows the legacy 'pages/ folder' mode: until the first st.navigation call on a
fresh server, it may run a page file on its own (no sidebar, no page config). A page that finds
itself run that way switches the server to navigation mode and reruns through dashboard.py.
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def through_navigation() -> None:
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
