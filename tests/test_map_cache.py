"""A map is built and serialised once per distinct input, not on every rerun of every session
(issue 18: building the ward map's features and JSON was most of a map page's warm run)."""
from __future__ import annotations

import json

import pandas as pd
import pydeck as pdk
import pytest

from ui import maps, zoom_map

SQUARE = json.dumps({"type": "Polygon", "coordinates": [[[-2.1, 53.4], [-2.0, 53.4], [-2.0, 53.5], [-2.1, 53.4]]]})
SHAPES = pd.DataFrame({"code": ["E1", "E2"], "name": ["Alpha", "Beta"], "geometry": [SQUARE, SQUARE]})
VALUES = pd.DataFrame({"area_code": ["E1", "E2"], "value": [1.0, 2.0], "status": ["official", "official"]})


@pytest.fixture(autouse=True)
def fresh_cache():
    zoom_map.deck.clear()
    maps._svg_map.clear()
    yield
    zoom_map.deck.clear()
    maps._svg_map.clear()


def deck(selected=None, values=VALUES):
    return zoom_map.deck(SHAPES, values, "%", 1, "Share", selected, None, None, None, 440, None)


def test_the_same_map_asked_for_again_is_the_one_already_built():
    assert deck()[0] is deck()[0]


@pytest.mark.parametrize("change", ["selected ward", "figures"])
def test_a_different_ward_or_different_figures_make_a_new_map(change):
    first = deck()[0]
    other = deck(selected="E2")[0] if change == "selected ward" else deck(values=VALUES.assign(value=[3.0, 1.0]))[0]
    assert other is not first
    assert json.loads(other.to_json()) != json.loads(first.to_json())


def test_a_map_is_serialised_once_however_often_it_is_drawn(monkeypatch):
    calls = []
    original = pdk.Deck.to_json
    monkeypatch.setattr(pdk.Deck, "to_json", lambda self: calls.append(1) or original(self))
    built = deck()[0]
    assert built.to_json() == built.to_json() == built.to_json()
    assert len(calls) == 1
    assert json.loads(built.to_json())["layers"][0]["data"]["features"][1]["properties"]["name"] == "Beta"


def svg(selected=None, dark=False, build=("b1",), audience="public"):
    return maps._svg_map(build, audience, SHAPES, VALUES, "%", 1, "Share", selected, None, None, dark, 440, "m", False, False)


def test_the_svg_map_is_drawn_once_per_build_audience_ward_and_theme(monkeypatch):
    drawn = []
    original = maps.svgmap.choropleth
    monkeypatch.setattr(maps.svgmap, "choropleth", lambda *a: drawn.append(a) or original(*a))
    first = svg()
    assert svg() == first and len(drawn) == 1  # a warm rerun draws nothing
    variants = [svg(selected="E2"), svg(selected="E2", dark=True), svg(build=("b2",)), svg(audience="internal")]
    assert len(drawn) == 5
    assert variants[0] != first and variants[1] != variants[0]  # the ward outlined; the outline's halo per theme


def test_canary_streamlit_sends_the_deck_json_made_once_as_is(monkeypatch):
    """zoom_map._SerialisedDeck overrides pdk.Deck.to_json: this fails if Streamlit stops taking the spec
    from to_json() or changes the Deck before sending it (pandas 3's _prepare_pydeck_for_json rewrites
    DataFrame layers), so the JSON made once would no longer be what a fresh serialisation says."""
    from streamlit.testing.v1 import AppTest

    def app():
        import streamlit as st

        from ui import zoom_map
        st.pydeck_chart(zoom_map.deck(*st.session_state["args"])[0])

    built = deck()[0]
    serialised = []
    original = pdk.Deck.to_json
    monkeypatch.setattr(pdk.Deck, "to_json", lambda self: serialised.append(1) or original(self))
    at = AppTest.from_function(app)
    at.session_state["args"] = (SHAPES, VALUES, "%", 1, "Share", None, None, None, None, 440, None)
    at.run()
    assert not at.exception
    (chart,) = at.get("deck_gl_json_chart")
    fresh = json.loads(original(built))
    fresh.pop("_json")  # the copy itself, which a fresh serialisation of this Deck also carries
    assert json.loads(chart.proto.json) == json.loads(built.to_json()) == fresh  # made once, as a fresh one says
    assert serialised == []  # and Streamlit serialised nothing again
