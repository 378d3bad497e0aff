"""The overview's pieces read without a browser: the targets line, a ward beside the borough, the gaps
sentence and the investment tiles, made from the bundled build's own judgements."""

from __future__ import annotations

import pytest

from pipeline import clock
from pipeline.registry import STOCKPORT, load_registry
from pipeline.rules import judgement as J
from pipeline.store.queries import Database
from presentation import overview_parts, schemes

REGISTRY = load_registry()


@pytest.fixture(scope="module")
def built(default_db):
    db = Database(default_db)
    headlines = tuple(i for group in REGISTRY.overview.values() for i in group)
    return db, J.assess_build(REGISTRY, db, list(headlines), clock.today(), STOCKPORT)


def test_the_targets_line_counts_only_indicators_with_a_target(built):
    _, judged = built
    connectivity = [judged[i] for i in REGISTRY.overview["connectivity"]]
    set_ = [j for j in connectivity if j.target.status != J.NO_TARGET]
    line = overview_parts.targets_line(connectivity)
    assert line.endswith(f"of {len(set_)} targets met or on course") and set_
    assert overview_parts.targets_line([j for j in connectivity if j.target.status == J.NO_TARGET]) == ""


def test_a_wards_lines_give_its_figure_and_its_judgement_beside_the_borough(built):
    db, _ = built
    ward = db.wards().iloc[0]
    profile = db.ward_profile(ward.code).set_index("indicator_id")
    indicator = next(i for i in REGISTRY.overview["context"] if i in profile.index)
    editions = db.sources().set_index("id").edition
    borough = db.headline(STOCKPORT).set_index("indicator_id").edition
    lines = overview_parts.ward_lines(indicator, REGISTRY, profile, ward["name"], editions, borough)
    assert lines[0][2].startswith(f"{ward['name']}: ") and len(lines) in (1, 2)
    assert overview_parts.ward_lines(indicator, REGISTRY, None, None, editions, borough) == ()


def test_the_gaps_sentence_names_the_three_wards_furthest_in_the_direction_of_concern(built):
    db, _ = built
    indicator = REGISTRY.overview["gaps"][0]
    latest = db.latest_values(indicator, "ward")
    title, rest = overview_parts.gap_sentence(indicator, REGISTRY, db.ward_gaps(indicator), latest)
    direction = J.concern_direction(REGISTRY.indicators[indicator], REGISTRY)
    assert title == REGISTRY.indicators[indicator].title and f"a {direction} figure is the concern" in rest
    assert rest.count(";") == 2  # three wards
    empty = latest.iloc[0:0]
    assert overview_parts.gap_sentence(indicator, REGISTRY, empty, empty) is None


def test_the_investment_tiles_start_with_the_schemes_count_and_are_never_judged(built):
    db, judged = built
    counts = schemes.counts(db.projects())
    ids = REGISTRY.overview["investment"]
    made = overview_parts.investment_tiles(
        counts, judged, ids, {i: "/investment" for i in ids}, {i: () for i in ids}, None, None
    )
    assert made[0].value == f"{counts['schemes']} schemes" and len(made) == 1 + len(ids)
    assert all(t.lines[0][0] == J.NOT_COMPARED for t in made)
