"""Each page has a document title of its own (WCAG 2.4.2): tabs, history entries and bookmarks tell pages apart.
Every page's title is checked in the load of test_browser's every-page walk; here, views within a page (a
section chosen, no ward chosen) keep their page's title."""

from __future__ import annotations

import pytest

TITLES = {
    "/data_methods?section=freshness": "Data and methods",
    "/exclusion_risk": "Exclusion risk",
}


@pytest.mark.parametrize("path", list(TITLES))
def test_a_view_within_a_page_keeps_the_pages_document_title(page, path):
    page.visit(path)
    assert page.title() == f"{TITLES[path]} — Stockport — One Stockport"
