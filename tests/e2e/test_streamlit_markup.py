"""Canary for the app's CSS that names Streamlit's internal test ids (issue 28).

Streamlit gives no stable hook for these few rules (no theme setting, no key on the element), so each is
checked here against the pinned Streamlit: its selector still finds the element and the rule still takes
effect. A rule naming a test id that has no check here fails the first test, so a new one comes with its
canary."""

from __future__ import annotations

import re

import pytest

from devtools.harness import ROOT, wait_ready
from ui.page_style import APP_CSS, PAGE_KEY

TEST_ID = re.compile(r"""data-testid=['"](\w+)['"]""")
TAG_COLOUR = re.search(r"data-tag-index\] \{background-color: #(\w{6})", APP_CSS)[1]

# (page, viewport width, the test ids it proves, a script returning whether the rule holds there)
CHECKS = [
    (
        "/",
        1440,
        {"stElementContainer", "stMarkdownContainer"},  # a style-only block takes no room
        """() => { const els = [...document.querySelectorAll("[data-testid='stElementContainer']:has([data-testid='stMarkdownContainer'] > style:only-child)")];
                return els.length > 0 && els.every(e => getComputedStyle(e).display === 'none'); }""",
    ),
    (
        "/",
        1440,
        {"stLayoutWrapper"},  # the page's box opens to its content with the app's rules
        f"""() => {{ const w = document.querySelector("[data-testid='stLayoutWrapper']:has(> .st-key-{PAGE_KEY})");
                 return !!w && w.getBoundingClientRect().height > 300; }}""",
    ),
    (
        "/",
        1440,
        {"stMainBlockContainer"},  # the title's padding
        """() => { const h = document.querySelector("[data-testid='stMainBlockContainer'] h1");
                return !!h && getComputedStyle(h).paddingTop === '0px'; }""",
    ),
    (
        "/embed?view=map&indicator=imd_score",
        1440,
        {"stMainBlockContainer"},  # the frame is the page
        """() => { const m = document.querySelector("[data-testid='stMainBlockContainer']");
                return !!m && getComputedStyle(m).paddingTop === '8px'; }""",
    ),
    (
        "/ward_profile?ward=E05015018",
        1440,
        {"stCaptionContainer"},  # captions dark enough (WCAG AA)
        """() => { const c = [...document.querySelectorAll("[data-testid='stCaptionContainer']")];
                return c.length > 0 && c.every(e => getComputedStyle(e).opacity === '1'); }""",
    ),
    (
        "/compare_wards?wards=E05015018,E05015014",
        1440,
        {"stMultiSelect"},  # chosen wards' tags readable
        f"""() => {{ const t = [...document.querySelectorAll("[data-testid='stMultiSelect'] span[data-tag-index]")];
                 const want = 'rgb(' + [0, 2, 4].map(i => parseInt('{TAG_COLOUR}'.slice(i, i + 2), 16)).join(', ') + ')';
                 return t.length > 0 && t.every(e => getComputedStyle(e).backgroundColor === want); }}""",
    ),
    (
        "/",
        390,
        {"stExpandSidebarButton"},  # one menu on a phone (also tests/e2e/test_navigation.py)
        """() => { const b = document.querySelector("[data-testid='stExpandSidebarButton']");
                return !!b && getComputedStyle(b).display === 'none'; }""",
    ),
]


# Test ids of rules that act only while a page arrives (nothing to find once it is drawn), each proved by a
# test that holds Streamlit's script back: test id → that test (file::name).
WHILE_ARRIVING = {
    "stSkeleton": "tests/e2e/test_reserved_heights.py::test_a_link_to_another_page_moves_nothing_as_it_arrives",
}


def test_every_internal_test_id_the_apps_css_names_has_a_check():
    named = set(TEST_ID.findall(APP_CSS)) | set(TEST_ID.findall((ROOT / "views" / "embed.py").read_text()))
    assert named == set().union(*(ids for _, _, ids, _ in CHECKS), WHILE_ARRIVING)
    for proof in WHILE_ARRIVING.values():
        path, name = proof.split("::")
        assert f"def {name}(" in (ROOT / path).read_text(), f"{proof} is gone"


@pytest.mark.parametrize("path, width, ids, holds", CHECKS, ids=[f"{p} {w} {sorted(i)}" for p, w, i, _ in CHECKS])
def test_each_rule_still_finds_its_element_and_takes_effect_in_the_pinned_streamlit(
    browser, server, path, width, ids, holds
):
    # Dark: there Streamlit's own tag colour (the theme's light blue) is not the app's, so the rule shows.
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(server.url + path)
        wait_ready(page)
        assert page.evaluate(holds), f"{sorted(ids)} on {path}: the rule no longer holds in this Streamlit"
    finally:
        context.close()
