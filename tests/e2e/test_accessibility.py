"""axe-core (as bundled by axe-playwright-python) on every page, light and dark: no serious or critical violations."""

from __future__ import annotations

from pathlib import Path

import pytest

from devtools.harness import wait_ready

PAGES = [
    "/",
    "/ward_profile?ward=E05015018",
    "/compare_wards?wards=E05015018,E05015014",
    "/connectivity",
    "/investment",
    "/inclusion",
    "/exclusion_risk",
    "/data_methods",
    "/exclusion_risk?ward=E05015026&section=neighbourhoods",
    "/investment?ward=E05015018",
    "/embed?view=map&indicator=imd_score&ward=E05015018&embed=true",
    "/embed?view=trend&indicator=gigabit_broadband&embed=true",
]
# The app's background: it changes when Streamlit has redrawn the page in the other theme.
_BACKGROUND_JS = "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def _serious(page, path: str, scheme: str) -> list[str]:
    """axe's serious and critical violations on the page as drawn now; the lesser ones are printed."""
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    others = {v["impact"]: 0 for v in result["violations"]}
    for v in result["violations"]:
        others[v["impact"]] += len(v["nodes"])
    print(f"{path} [{scheme}] moderate={others.get('moderate', 0)} minor={others.get('minor', 0)}")
    return [
        f"[{scheme}] {v['impact']} {v['id']} ×{len(v['nodes'])}: {v['nodes'][0]['target']}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_accessibility_violations_in_light_or_dark(browser, server, path):
    # One load, both themes: the reader's system turns dark after the light check and Streamlit redraws the
    # page dark in place, pixel for pixel what a load in dark draws (compared once, 2026-12-06); a second
    # load per page cost about 40 s of the suite.
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server.url + path)
        wait_ready(page)
        page.add_script_tag(content=_axe_source())
        bad = _serious(page, path, "light")
        light_bg = page.evaluate(_BACKGROUND_JS)
        page.emulate_media(color_scheme="dark")
        page.wait_for_function(f"() => ({_BACKGROUND_JS})() !== {light_bg!r}", timeout=30000)
        wait_ready(page)
        bad += _serious(page, path, "dark")
        assert bad == [], bad
    finally:
        context.close()
