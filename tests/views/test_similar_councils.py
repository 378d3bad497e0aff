"""The connectivity page against Stockport's similar councils: a section of its own, and the councils named
one click away whichever section is shown."""

from __future__ import annotations

import pytest

import ui.data
from pipeline.registry import load_registry

GROUP = load_registry().comparator_groups["similar_councils"]


@pytest.fixture()
def app(make_app, default_db):
    return make_app(default_db)


def test_the_similar_councils_section_ranks_stockport_among_them_against_their_median(app):
    app.query_params["section"] = "similar"
    app.switch_page("views/connectivity.py").run()
    assert not app.exception
    svg = next(m.value for m in app.markdown if "os-svg-chart" in m.value)
    assert "Stockport and its 20 similar councils, Jan 2026 (best first)" in svg
    assert "Renfrewshire" in svg and "Median of the 20" in svg
    texts = [m.value for m in app.markdown] + [c.value for c in app.caption]
    assert any(
        "Better than the median of 20 similar councils (93.1%); 6th best of 21 with Stockport (Jan 2026)" in t
        for t in texts
    )
    assert any("Source: Ofcom, via ONS Explore Local Statistics, Ofcom January 2026" in t for t in texts)
    assert not any("; Ofcom, via ONS Explore Local Statistics, Ofcom January 2026" in t for t in texts)  # said once


def test_the_councils_are_named_in_a_folded_list_with_their_source_on_every_section(app, monkeypatch):
    calls = []
    original = ui.data.similar_councils
    monkeypatch.setattr(ui.data, "similar_councils", lambda *a, **k: calls.append(a) or original(*a, **k))
    app.switch_page("views/connectivity.py").run()
    assert not app.exception and calls == []  # the section not chosen does not run
    fold = next(e for e in app.expander if e.label == "Who are the 20 similar councils?")
    listed = fold.markdown[0].value
    assert "1. Trafford" in listed and "19. Renfrewshire" in listed and "20. North Somerset" in listed
    assert "Explore Local Statistics" in listed and "MIT Licence" in listed
