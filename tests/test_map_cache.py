"""A map is built and serialised once per distinct input, not on every rerun of every session
(issue 18: building the ward map's features and JSON was most of a map page's warm run)."""
from __future__ import annotations

import json

import pandas as pd
import pydeck as pdk
import pytest

from ui import maps

SQUARE = json.dumps({"type": "Polygon", "coordinates": [[[-2.1, 53.4], [-2.0, 53.4], [-2.0, 53.5], [-2.1, 53.4]]]})
SHAPES = pd.DataFrame({"code": ["E1", "E2"], "name": ["Alpha", "Beta"], "geometry": [SQUARE, SQUARE]})
VALUES = pd.DataFrame({"area_code": ["E1", "E2"], "value": [1.0, 2.0], "status": ["official", "official"]})


@pytest.fixture(autouse=True)
def fresh_cache():
    maps._deck.clear()
    maps._svg_map.clear()
    yield
    maps._deck.clear()
    maps._svg_map.clear()


def deck(selected=None, values=VALUES):
    return maps._deck(SHAPES, values, "%", 1, "Share", selected, None, None, None, 440, None)


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
    return maps._svg_map(build, audience, SHAPES, VALUES, "%", 1, "Share", selected, None, None, dark, 440, "m", False)


def test_the_svg_map_is_drawn_once_per_build_audience_ward_and_theme(monkeypatch):
    drawn = []
    original = maps.svgmap.choropleth
    monkeypatch.setattr(maps.svgmap, "choropleth", lambda *a: drawn.append(a) or original(*a))
    first = svg()
    assert svg() == first and len(drawn) == 1  # a warm rerun draws nothing
    variants = [svg(selected="E2"), svg(dark=True), svg(build=("b2",)), svg(audience="internal")]
    assert len(drawn) == 5
    assert variants[0] != first and variants[1] != first  # the ward outlined; the page's own colour between areas
