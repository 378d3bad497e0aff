"""Each page has a document title of its own (WCAG 2.4.2): tabs, history entries and bookmarks tell pages apart."""

from __future__ import annotations

import pytest

TITLES = {
    "/": "Overview",
    "/connectivity": "Connectivity",
    "/ward_profile?ward=E05015018": "Ward profile",
    "/data_methods?section=freshness": "Data and methods",
    "/exclusion_risk": "Exclusion risk",
}


@pytest.mark.parametrize("path", list(TITLES))
def test_each_page_has_its_own_document_title(page, path):
    page.visit(path)
    assert page.title() == f"{TITLES[path]} — Stockport — One Stockport"
