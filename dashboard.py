"""One Stockport dashboard: the entry point. Navigation, theme, and the shared ward filter."""

import streamlit as st

from ui import access, data, history, nodelay, page_style, phone_menu, run_slots, upload_guard, ward_picker

st.set_page_config(page_title="One Stockport", page_icon="ui/icon.png", layout="wide")
nodelay.install()  # a run's messages leave as they are made, not 40 ms later (ui/nodelay.py)

PAGES = [
    # The landing page, at / ; the default page reserves its own url_path, so it takes one nobody types and
    # /overview (what people type and share) is the same script under OVERVIEW_URL, not "Page not found".
    st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True, url_path="home"),
    st.Page("views/ward_profile.py", title="Ward profile", icon=":material/location_on:", url_path="ward_profile"),
    st.Page(
        "views/compare_wards.py", title="Compare wards", icon=":material/compare_arrows:", url_path="compare_wards"
    ),
    st.Page("views/connectivity.py", title="Connectivity", icon=":material/wifi:", url_path="connectivity"),
    st.Page(
        "views/exclusion_risk.py", title="Exclusion risk", icon=":material/crisis_alert:", url_path="exclusion_risk"
    ),
    st.Page("views/investment.py", title="Town-centre investment", icon=":material/apartment:", url_path="investment"),
    st.Page("views/inclusion.py", title="Digital inclusion", icon=":material/diversity_3:", url_path="inclusion"),
    st.Page("views/data_methods.py", title="Data and methods", icon=":material/menu_book:", url_path="data_methods"),
]
# Reachable only by their URLs: registered but never listed in the menu.
EMBED = st.Page("views/embed.py", title="Embed", icon=":material/code:", url_path="embed", visibility="hidden")
OVERVIEW_URL = st.Page("views/overview.py", title="Overview", url_path="overview", visibility="hidden")
# Officer pages exist only on an internal server: a public server has no such URL at all.
OFFICER_PAGES = [
    st.Page(
        "views/register.py", title="Inclusion register (officers)", icon=":material/upload_file:", url_path="register"
    )
]

# The menu sits in the top bar: a sidebar would push the page ~300 px sideways as it first
# appears (layout shift ≈ 0.22 per load, bench/layout_shift.py). A narrow screen folds it into a menu.
# Sent before anything is drawn: the header it adds moves the page down if it arrives after content.
# Officer pages are registered only for a session the gate lets in: Streamlit sends every registered
# page's title and address to the browser, hidden or not, and names the running page in the tab title.
menu = PAGES + (OFFICER_PAGES if access.shows_officer_pages() else [])
page = st.navigation([*menu, EMBED, OVERVIEW_URL], position="top")
# Access follows the page that will run, never the query string: only /embed is an embed (one
# public chart or map and nothing else: no menu, no filters); every other page passes the gate.
embedded = page.url_path == EMBED.url_path
if embedded:  # no menu (a top menu would show in the host's iframe). The landing page stays registered as the
    # default: alone, the embed would become the default page, whose address is "/", so the browser's address
    # lost "/embed" and, at times, the reader got a "Page not found" dialog over the view.
    page = st.navigation([PAGES[0], EMBED], position="hidden")
# Each page its own document title (WCAG 2.4.2): browser tabs, history and bookmarks tell pages apart.
st.set_page_config(page_title=f"{page.title} — Stockport — One Stockport")
# The app's CSS goes first (charts and maps hold their height in boxes of their own). Its element
# is drawn only once Streamlit has fetched the script for HTML in Markdown, after the plain elements,
# so on a page it sits at the end of the ward row, where its placeholder collapsing moves nothing.
menu_slot, picker, ward_row = (None, None, None) if embedded else ward_picker.row()
page_style.apply(ward_row)
if not embedded:
    with menu_slot:
        phone_menu.draw(menu, page)

upload_guard.install()  # uploads only from sessions require_access let in
access.apply_upload_limit()  # after the guard: an internal server opens uploads only once it stands
# Every query in this run reads the build that is live now, even if a rebuild lands mid-run.
data.pin_build()

data.begin_run(embedded)
access.require_access(embedded)

# A crowd queues here politely rather than slowing every run (ui/run_slots.py).
with run_slots.slot():
    if not embedded:
        ward_picker.draw(picker)
    with page_style.revealed():  # shown in one step with the app's rules, so nothing jumps
        page.run()
        if not embedded:
            ward_picker.data_footer()
            # A change of view within a page replaces its history entry, so Back leaves the page. Last on the
            # page: its box is 40 px high until Streamlit has fetched the script for st.html, and moves nothing here.
            history.replace_in_page()
