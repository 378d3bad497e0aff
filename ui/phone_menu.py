"""The menu on a narrow screen: a button named "Menu — One Stockport" that lists the pages, and closes
once one is chosen.

Below 768 px Streamlit folds its top menu into a sidebar drawer opened by a bare "»" announced as
"Expand sidebar", which stays open over the page after a choice; neither has a setting. So on a narrow
screen the app's CSS hides that button (page_style.PHONE_MENU_CSS) and shows this popover instead, and on
a wide one the reverse. The popover's open state is the session's to set (its key and on_change="rerun";
with the default "ignore" it stayed open over the chosen page), so a run on another page closes it.
"""

from __future__ import annotations

import streamlit as st

MENU_KEY = "os_menu"
LABEL = "Menu — One Stockport"
BUTTON_PX = 40  # the button's height: on a phone it has a line of its own above the ward picker
_SHOWN_ON = "_os_menu_page"  # the page the menu was last drawn on


def draw(pages: list, current) -> None:
    """The menu button and its list of `pages`, closed if the page has changed since the last run."""
    if st.session_state.get(_SHOWN_ON) != current.url_path:
        st.session_state[MENU_KEY] = False
    st.session_state[_SHOWN_ON] = current.url_path
    with st.popover(LABEL, icon=":material/menu:", key=MENU_KEY, on_change="rerun"):
        for page in pages:
            st.page_link(page)
