"""A map is built and serialised once per distinct input, not on every rerun of every session
(issue 18: building the ward map's features and JSON was most of a map page's warm run), and kept
in the one cache (ui/cache.py) as data that no caller can change."""

from __future__ import annotations

import json

import pandas as pd
import pydeck as pdk
import pytest
from streamlit.elements.deck_gl_json_chart import _get_pydeck_tooltip

from ui import data, maps, zoom_map

SQUARE = json.dumps({"type": "Polygon", "coordinates": [[[-2.1, 53.4], [-2.0, 53.4], [-2.0, 53.5], [-2.1, 53.4]]]})
SHAPES = pd.DataFrame({"code": ["E1", "E2"], "name": ["Alpha", "Beta"], "geometry": [SQUARE, SQUARE]})
VALUES = pd.DataFrame({"area_code": ["E1", "E2"], "value": [1.0, 2.0], "status": ["official", "official"]})


@pytest.fixture(autouse=True)
def run(pinned_run):
    return pinned_run


def deck(selected=None, values=VALUES):
    """(the map's JSON, its tooltip, legend classes, figures, polarity, outlined names), as the zoomable map asks."""
    return data.per_build(zoom_map.deck, SHAPES, values, "%", 1, "Share", selected, None, None, None, 440, None)


def test_the_same_map_asked_for_again_is_the_one_already_built(monkeypatch):
    serialised = []
    original = pdk.Deck.to_json
    monkeypatch.setattr(pdk.Deck, "to_json", lambda self: serialised.append(1) or original(self))
    assert deck()[0] == deck()[0]
    assert len(serialised) == 1


@pytest.mark.parametrize("change", ["selected ward", "figures"])
def test_a_different_ward_or_different_figures_make_a_new_map(change):
    first = deck()[0]
    other = deck(selected="E2")[0] if change == "selected ward" else deck(values=VALUES.assign(value=[3.0, 1.0]))[0]
    assert json.loads(other) != json.loads(first)


def test_the_deck_streamlit_is_given_is_the_kept_json_serialised_never_again(monkeypatch):
    spec, tooltip, *_ = deck()
    calls = []
    original = pdk.Deck.to_json
    monkeypatch.setattr(pdk.Deck, "to_json", lambda self: calls.append(1) or original(self))
    drawn = zoom_map.SerialisedDeck(spec, tooltip)
    assert drawn.to_json() == drawn.to_json() == spec and calls == []
    assert _get_pydeck_tooltip(drawn) == tooltip  # Streamlit reads the tooltip from the Deck, not its JSON
    assert json.loads(spec)["layers"][0]["data"]["features"][1]["properties"]["name"] == "Beta"


def draw(selected=None):
    maps.choropleth(SHAPES, VALUES, "%", 1, "Share", selected, key="m", zoomable=False)


def test_the_svg_map_is_drawn_once_per_build_audience_ward_and_theme(monkeypatch, run):
    drawn = []
    original = maps.svgmap.choropleth
    monkeypatch.setattr(maps.svgmap, "choropleth", lambda *a, **k: drawn.append(a) or original(*a, **k))
    draw(), draw()
    assert len(drawn) == 1  # a warm rerun draws nothing
    draw(selected="E2")
    monkeypatch.setattr(maps, "page_is_dark", lambda: True)
    draw()
    run["build"] = ("build-2",)
    draw()
    run["audience"] = "internal"
    draw()
    assert len(drawn) == 5
    assert drawn[1][5] == "E2" and drawn[2][9] is True  # the ward outlined; the dark page's own colours


def test_canary_streamlit_sends_the_deck_json_made_once_as_is(monkeypatch):
    """zoom_map.SerialisedDeck overrides pdk.Deck.to_json: this fails if Streamlit stops taking the spec
    from to_json() or changes the Deck before sending it (pandas 3's _prepare_pydeck_for_json rewrites
    DataFrame layers), so the JSON kept once would no longer be what the browser is sent."""
    from streamlit.testing.v1 import AppTest

    def app():
        import streamlit as st

        from ui import zoom_map

        st.pydeck_chart(zoom_map.SerialisedDeck(*st.session_state["kept"]))

    spec, tooltip, *_ = zoom_map.deck(SHAPES, VALUES, "%", 1, "Share", None, None, None, None, 440, None)
    serialised = []
    original = pdk.Deck.to_json
    monkeypatch.setattr(pdk.Deck, "to_json", lambda self: serialised.append(1) or original(self))
    at = AppTest.from_function(app)
    at.session_state["kept"] = (spec, tooltip)
    at.run()
    assert not at.exception
    (chart,) = at.get("deck_gl_json_chart")
    assert json.loads(chart.proto.json) == json.loads(spec)  # the kept JSON, as is
    assert serialised == []  # and Streamlit serialised nothing again
