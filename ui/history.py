"""Back leaves the page in one press: a change of view within a page replaces the browser's history entry.

Streamlit 1.67 pushes a new history entry for every change of st.query_params (ui/state.py writes the
ward, section and indicator there so a view can be shared), so after three changes of view Back took
four presses to leave a page. Streamlit chose this on purpose (streamlit/streamlit#16831 keeps
pushState "so the previous query string remains on the Back stack") and has no setting for it. This
script, run once per browser tab, turns a push that keeps the page's path into a replace; a change of
page still pushes. tests/e2e/test_navigation.py is its canary.
"""

from __future__ import annotations

import streamlit as st

# Streamlit navigates between pages with pushState to another path, and writes query parameters
# with pushState to the same path: only the second becomes replaceState.
REPLACE_IN_PAGE_JS = """<script>
(() => {
  const h = window.history;
  if (h.oneStockportReplacesInPage) return;
  const push = h.pushState.bind(h);
  h.pushState = (state, unused, url) => {
    const next = url == null ? null : new URL(url, location.href);
    return next && next.pathname === location.pathname ? h.replaceState(state, unused, url) : push(state, unused, url);
  };
  h.oneStockportReplacesInPage = true;
})();
</script>"""


def replace_in_page() -> None:
    """Send the script; it acts from the first change of view after it arrives."""
    st.html(REPLACE_IN_PAGE_JS, unsafe_allow_javascript=True, width=1)
