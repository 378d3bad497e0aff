"""Issue 29: Back leaves a page in one press, and a phone has one labelled menu that closes after a choice.

These are also the canaries of ui/history.py (Streamlit pushes a history entry per change of query
parameters) and of the one internal test id the phone menu relies on (page_style.PHONE_MENU_CSS)."""

from __future__ import annotations

import pytest

from devtools.harness import wait_ready
from ui.page_style import NARROW_PX
from ui.phone_menu import LABEL, MENU_KEY

TOP_MENU = '[data-testid="stTopNav"]'
STREAMLIT_DRAWER_BUTTON = '[data-testid="stExpandSidebarButton"]'  # Streamlit's own button, folded top menu


@pytest.fixture()
def context(browser):
    made = []

    def new(width: int, height: int):
        made.append(browser.new_context(viewport={"width": width, "height": height}))
        return made[-1].new_page()

    yield new
    for c in made:
        c.close()


def _settle(page) -> None:
    page.wait_for_timeout(300)  # the rerun a widget starts
    wait_ready(page)


def test_back_returns_to_the_overview_in_one_press_after_changing_the_view_on_connectivity(context, server):
    page = context(1440, 900)
    page.goto(server.url + "/")
    wait_ready(page)
    page.locator(TOP_MENU + " a", has_text="Connectivity").click()
    page.wait_for_function("() => location.pathname.endsWith('/connectivity')", timeout=30000)
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("radio", name="Across Greater Manchester", exact=True).click()  # the section
    _settle(page)
    indicator = main.locator('input[aria-label="Indicator"]')
    indicator.fill("5G")
    page.keyboard.press("Enter")  # the indicator: the best match is highlighted as you type
    _settle(page)
    ward = page.locator('.st-key-ward_row input[aria-label="Ward"]')
    ward.fill("Edgeley")
    page.keyboard.press("Enter")  # the ward
    _settle(page)
    assert "section=districts" in page.url and "ward=" in page.url and "indicator=" in page.url  # each view shareable

    page.go_back()
    page.wait_for_function("() => location.pathname === '/'", timeout=30000)
    wait_ready(page)
    assert page.inner_text("h1") == "One Stockport: how is Stockport doing?"


def _visible(page, selector: str) -> bool:
    return any(e.is_visible() for e in page.locator(selector).all())


def test_on_a_phone_the_one_menu_is_named_menu_and_closes_once_a_page_is_chosen(context, server):
    page = context(390, 844)
    page.goto(server.url + "/")
    wait_ready(page)
    menus = [b for b in page.get_by_role("button", name="Menu").all() if b.is_visible()]
    assert len(menus) == 1 and not _visible(page, STREAMLIT_DRAWER_BUTTON)
    menu = page.get_by_role("button", name=LABEL, exact=True)  # its accessible name, icons aside
    assert "Menu" in LABEL and "One Stockport" in LABEL and menu.is_visible()
    assert menu.get_attribute("aria-expanded") == "false"

    menu.click()
    chosen = page.get_by_test_id("stPopoverBody").get_by_role("link", name="Data and methods")
    chosen.click()
    page.wait_for_function("() => location.pathname.endsWith('/data_methods')", timeout=30000)
    _settle(page)
    assert page.inner_text("h1") == "Data and methods"
    assert menu.get_attribute("aria-expanded") == "false" and not page.get_by_test_id("stPopoverBody").count()
    # Nothing lies over the page: the title is the topmost thing where it is drawn.
    assert page.locator("h1").evaluate("""h => { const r = h.getBoundingClientRect();
        return h.contains(document.elementFromPoint(r.left + 10, r.top + r.height / 2)); }""")


@pytest.mark.parametrize("width", [NARROW_PX - 1, NARROW_PX])
def test_each_width_has_exactly_one_menu_at_streamlits_fold(context, server, width):
    """Canary: Streamlit folds its top menu into a drawer below NARROW_PX, and its drawer button still
    carries the test id the app's CSS hides. Should either change, a width shows two menus or none."""
    page = context(width, 900)
    page.goto(server.url + "/")
    wait_ready(page)
    top, ours = _visible(page, TOP_MENU), _visible(page, f".st-key-{MENU_KEY} button")
    drawer = page.locator(STREAMLIT_DRAWER_BUTTON).count()
    if width < NARROW_PX:
        assert not top and ours and drawer == 1 and not _visible(page, STREAMLIT_DRAWER_BUTTON)
    else:
        assert top and not ours


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_phone_menu_closed_and_open_has_no_serious_or_critical_accessibility_violations(browser, server, scheme):
    from tests.e2e.test_accessibility import TAGS, _axe_source

    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        wait_ready(page)
        page.add_script_tag(content=_axe_source())
        found = {}
        for state in ("closed", "open"):
            if state == "open":
                page.get_by_role("button", name=LABEL, exact=True).click()
                page.get_by_test_id("stPopoverBody").wait_for()
                _settle(page)
            result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
            found[state] = [
                f"{v['impact']} {v['id']}: {v['nodes'][0]['target']}"
                for v in result["violations"]
                if v["impact"] in ("serious", "critical")
            ]
        assert found == {"closed": [], "open": []}
    finally:
        context.close()
