"""What one Streamlit element type costs on a first visit (prints figures; not a timed test).

Streamlit loads each element type's JavaScript the first time a page uses it. This measures, as
page_speed.py does (Chromium, fresh browser context per visit, median of N), the one-line floor
app and the floor plus one kind of element, so a page's ratio to the floor can be read as the sum
of what it uses. Usage: python bench/component_floor.py [--visits 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.page_speed import visit_ms  # noqa: E402
from devtools.harness import AppServer, launch_chromium  # noqa: E402

HEAD = "import streamlit as st\nimport pandas as pd\nst.title('Floor')\n"
APPS = {
    "floor: title only": "",
    "+ metrics row, selectbox, download button": (
        "for c in st.columns(4):\n    c.metric('Gigabit', '94.9%', delta='+0.5', help='x')\n"
        "st.selectbox('Ward', ['a', 'b'])\nst.download_button('Download', b'a,b', file_name='x.csv')\n"
    ),
    "+ a table (st.dataframe) in a collapsed expander": (
        "with st.expander('As a table'):\n    st.dataframe(pd.DataFrame({'a': range(20)}))\n"
    ),
    "+ four inline SVG charts (st.markdown, HTML allowed)": (
        "svg = \"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 200 100' role='img'><title>t</title>\" + "
        "''.join(f\"<rect x='{i*20}' y='{100-i*9}' width='15' height='{i*9}' fill='#0072B2'><title>{i}</title></rect>\" "
        "for i in range(10)) + '</svg>'\nfor _ in range(4):\n    st.markdown(svg, unsafe_allow_html=True)\n"
    ),
    "+ a selectbox in the sidebar": "st.sidebar.selectbox('Ward', ['a', 'b'])\n",
    "+ one metric": "st.metric('Gigabit', '94.9%', delta='+0.5')\n",
    "+ one Vega-Lite chart (st.altair_chart)": (
        "import altair as alt\nst.altair_chart(alt.Chart(pd.DataFrame({'x': list('abc'), 'y': [1, 2, 3]}))"
        ".mark_bar().encode(x='x', y='y'))\n"
    ),
    "+ one Plotly chart (st.plotly_chart)": (
        "import plotly.graph_objects as go\nst.plotly_chart(go.Figure(go.Bar(x=list('abc'), y=[1, 2, 3])))\n"
    ),
    "+ one deck.gl map (st.pydeck_chart, no basemap)": (
        "import pydeck as pdk\nst.pydeck_chart(pdk.Deck(layers=[pdk.Layer('ScatterplotLayer', [{'p': [-2.13, 53.4]}],"
        " get_position='p', get_radius=500)], initial_view_state=pdk.ViewState(latitude=53.4, longitude=-2.13, zoom=10),"
        " map_provider=None))\n"
    ),
    # The overview's shape with nothing from Plotly or deck.gl: what drawing every chart on the
    # server as SVG could at best reach (sidebar menu and ward selector, 16 headline figures, two
    # selectors, two charts each with source, table, CSV button and embed code).
    "+ an overview-shaped page, charts as inline SVG": (
        "svg = \"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 600 560' role='img'><title>t</title>\" + ''.join("
        "f\"<rect x='250' y='{i*26}' width='{i*15}' height='18' fill='#0072B2'><title>{i}</title></rect>"
        "<text x='240' y='{i*26+14}' text-anchor='end'>Ward {i}</text>\" for i in range(21)) + '</svg>'\n"
        "with st.sidebar:\n    st.markdown('**One Stockport**')\n"
        "    for i in range(7):\n        st.page_link(f'https://example.org/{i}', label=f'Page {i}', icon=':material/wifi:')\n"
        "    st.selectbox('Ward', ['', 'a', 'b'])\n    st.caption('Data built')\n"
        "for t in range(4):\n    st.header(f'Theme {t}')\n    for c in st.columns(4):\n"
        "        c.metric('Gigabit (%)', '94.9', delta='+0.5 since Jan 2025', help='x')\n        c.caption('Jan 2026 · Ofcom')\n"
        "for k in range(2):\n    st.selectbox(f'Indicator {k}', ['a', 'b'])\n    st.markdown(svg, unsafe_allow_html=True)\n"
        "    st.caption('Source: Ofcom, 2026')\n    with st.expander('As a table'):\n"
        "        st.markdown('<table><caption>c</caption><tr><th>a</th></tr><tr><td>1</td></tr></table>', unsafe_allow_html=True)\n"
        "    st.download_button('Download the data (CSV)', b'a', file_name='x.csv', key=f'd{k}')\n"
        "    with st.expander('Embed this'):\n        st.markdown('<pre><code>&lt;iframe&gt;</code></pre>', unsafe_allow_html=True)\n"
    ),
}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--visits", type=int, default=5)
    args = p.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = launch_chromium(pw)
        floor = None
        for label, body in APPS.items():
            entry = Path(tmp) / f"app{len(label)}_{abs(hash(label))}.py"
            entry.write_text(HEAD + body)
            server = AppServer(Path(tmp) / "unused.duckdb", entry=entry).start()
            try:
                visit_ms(browser, server.url)  # warm the server
                ms = statistics.median(visit_ms(browser, server.url) for _ in range(args.visits))
            finally:
                server.stop()
            floor = floor or ms
            print(f"{label:<52} median {ms:6.0f} ms   {ms / floor:4.2f}× floor")
        browser.close()


if __name__ == "__main__":
    main()
