"""Names carrying HTML or script in the input files are shown as text, never rendered or run."""

from __future__ import annotations

import shutil

import pytest

from pipeline.build.database import build

from devtools.harness import AppServer, ROOT, wait_ready

HOSTILE_WARD = '<img src=x onerror="window.__xss=1">Bramhall North'
HOSTILE_SCHEME = "<script>window.__xss=2</script><b>Stockport Interchange</b>"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory, raw_dir):
    base = tmp_path_factory.mktemp("hostile")
    raw = base / "raw"
    shutil.copytree(raw_dir, raw)
    wards = raw / "stockport_wards_2023_bgc.geojson"
    wards.chmod(0o644)
    wards.write_text(
        wards.read_text(encoding="utf-8").replace(
            '"area_name": "Bramhall North"', '"area_name": "' + HOSTILE_WARD.replace('"', '\\"') + '"'
        ),
        encoding="utf-8",
    )
    # A boundary file must name each ward as the lookups do: the lookup carries the name too.
    lookup = raw / "stockport_lsoa21_to_ward25_best_fit_lookup.csv"
    lookup.chmod(0o644)
    lookup.write_text(
        lookup.read_text(encoding="utf-8-sig").replace(
            "E05015014,Bramhall North,", 'E05015014,"' + HOSTILE_WARD.replace('"', '""') + '",'
        ),
        encoding="utf-8",
    )
    data = base / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("*.duckdb*", "raw"))
    register = data / "projects_register.csv"
    register.write_text(
        register.read_text(encoding="utf-8").replace("P01,Stockport Interchange,", f'P01,"{HOSTILE_SCHEME}",'),
        encoding="utf-8",
    )
    db = base / "hostile.duckdb"
    build(db, raw, data_dir=data)
    app = AppServer(db).start()
    yield app
    app.stop()


def _map_titles(page) -> set[str]:
    """The hover texts of every area and marker on the page's SVG maps, as the browser reads them."""
    return set(
        page.eval_on_selector_all("svg.os-map path > title, svg.os-map g > title", "ts => ts.map(t => t.textContent)")
    )


@pytest.mark.parametrize(
    "path",
    [
        "/ward_profile?ward=E05015014",
        "/investment",
        "/investment?section=timeline",
        "/?ward=E05015014",
        "/inclusion?ward=E05015014",
    ],
)
def test_html_in_names_is_shown_as_text(browser, hostile_server, path):
    context = browser.new_context(viewport={"width": 1280, "height": 2400})
    page = context.new_page()
    try:
        page.goto(hostile_server.url + path)
        wait_ready(page)
        tooltips = _map_titles(page)
        assert page.evaluate("() => window.__xss") is None
        if path.startswith("/ward_profile"):
            assert any(t.startswith(HOSTILE_WARD + "\n") for t in tooltips), (
                tooltips
            )  # the hover title shows the name as text
            assert page.locator("svg.os-map text", has_text=HOSTILE_WARD).count() == 1  # named on its plate, as text
        assert page.query_selector('img[src="x"]') is None
        assert page.query_selector('[data-testid="stMain"] b:text("Stockport Interchange")') is None
        body = page.inner_text("body")
        if "ward=" in path:
            assert page.locator('.st-key-ward_row input[aria-label="Ward"]').input_value() == HOSTILE_WARD
        if path.startswith("/ward_profile"):
            assert page.inner_text("h1") == f"Ward profile: {HOSTILE_WARD}"
        if path.startswith("/?"):  # the overview's tiles name the ward beside Stockport, as text
            assert f"{HOSTILE_WARD}: " in body
        if path.startswith("/investment"):  # the register, always listed
            assert HOSTILE_SCHEME in body
        if path == "/investment":  # the map, the section shown on arrival: its marker's hover text
            assert any(HOSTILE_SCHEME in t for t in tooltips), tooltips
        if path == "/investment?section=timeline":
            timeline = page.locator('[data-testid="stPlotlyChart"]').last.text_content()
            # Plotly would otherwise render the <b> as bold (a long name wraps: its lines join without the space).
            assert HOSTILE_SCHEME.replace(" ", "") in timeline.replace(" ", "")
    finally:
        context.close()
