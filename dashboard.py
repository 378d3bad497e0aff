"""One Stockport dashboard: the entry point. Navigation, theme, and the shared ward filter."""
import streamlit as st

from pipeline.bundle import describe_files
from presentation.wording import built_text
from ui import access, data, page_style, run_slots, state, upload_guard

st.set_page_config(page_title="One Stockport", page_icon="ui/icon.png", layout="wide")

PAGES = [
    # The landing page, at / ; the default page reserves its own url_path, so it takes one nobody types and
    # /overview (what people type and share) is the same script under OVERVIEW_URL, not "Page not found".
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True, url_path="home"),
    st.Page("pages/ward_profile.py", title="Ward profile", icon=":material/location_on:", url_path="ward_profile"),
    st.Page("pages/compare_wards.py", title="Compare wards", icon=":material/compare_arrows:", url_path="compare_wards"),
    st.Page("pages/connectivity.py", title="Connectivity", icon=":material/wifi:", url_path="connectivity"),
    st.Page("pages/exclusion_risk.py", title="Exclusion risk", icon=":material/crisis_alert:", url_path="exclusion_risk"),
    st.Page("pages/investment.py", title="Town-centre investment", icon=":material/apartment:", url_path="investment"),
    st.Page("pages/inclusion.py", title="Digital inclusion", icon=":material/diversity_3:", url_path="inclusion"),
    st.Page("pages/data_methods.py", title="Data and methods", icon=":material/menu_book:", url_path="data_methods"),
]
OVERVIEW_URL = st.Page("pages/overview.py", title="Overview", url_path="overview", visibility="hidden")
EMBED = st.Page("pages/embed.py", title="Embed", icon=":material/code:", url_path="embed")
# Officer pages exist only on an internal server: a public server has no such URL at all.
OFFICER_PAGES = [st.Page("pages/register.py", title="Inclusion register (officers)", icon=":material/upload_file:",
                         url_path="register")]

page_style.apply()  # first: the app's CSS, with each chart's and map's height reserved before it draws

access.apply_upload_limit()
upload_guard.install()  # uploads only from sessions require_access let in
# Every query in this run reads the build that is live now, even if a rebuild lands mid-run.
data.pin_build()

# Our own menu (page links) with Streamlit's hidden: a folder named pages/ otherwise leaks the
# legacy auto-generated menu into the first session of a fresh server.
menu = PAGES + (OFFICER_PAGES if access.server_audience() == "internal" else [])
page = st.navigation([*menu, EMBED, OVERVIEW_URL], position="hidden")
# Access follows the page that will run, never the query string: only /embed is an embed (one
# public chart or map and nothing else: no menu, no filters); every other page passes the gate.
embedded = page.url_path == EMBED.url_path
data.begin_run(embedded)
access.require_access(embedded)

# A crowd queues here politely rather than slowing every run (ui/run_slots.py).
with run_slots.slot():
    if not embedded:
        wards = data.wards()
        names = dict(zip(wards.code, wards.name))
        state.ward_choice()
        with st.sidebar:
            st.markdown("**One Stockport**")
            for p in menu:
                st.page_link(p)
            st.selectbox("Ward", ["", *wards.code], key=state.WARD_KEY,
                         format_func=lambda c: names.get(c, "All of Stockport"),
                         help="Filters every page; kept in the web address so the view can be shared.")
            info = data.build_info()
            st.caption(f"Data built {built_text(info.get('built_at'))} from the "
                       f"{describe_files(info)} (build {info.get('build_id', '?')}).")
            if data.audience() == "internal":
                st.caption("Officer view: includes internal and sample figures, each labelled.")

    page.run()
