"""The most similar wards: nearest by context figures put on one scale, on made-up and real figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipeline.store.queries import Database
from pipeline.rules.ward_similarity import CONTEXT, most_similar


def _wards(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["area_code", "area_name", *CONTEXT])


def test_figures_are_standardised_so_population_does_not_outweigh_the_rest():
    # In raw units B is nearest A (population differs by 100, the rest by 10-30 points); on one scale
    # the population gap is small for a spread of thousands and C, alike in the rest, is nearer.
    wards = _wards(
        [
            ("A", "A", 10000, 20, 10, 40),
            ("B", "B", 10100, 30, 40, 70),
            ("C", "C", 14000, 21, 11, 41),
            ("D", "D", 18000, 25, 30, 60),
        ]
    )
    assert list(most_similar(wards, "A", 1).area_code) == ["C"]


def test_the_ward_itself_is_left_out_and_the_nearest_come_first():
    wards = _wards([("A", "A", 1, 1, 1, 1), ("B", "B", 2, 2, 2, 2), ("C", "C", 5, 5, 5, 5), ("D", "D", 3, 3, 3, 3)])
    found = most_similar(wards, "A", 3)
    assert list(found.area_code) == ["B", "D", "C"]
    assert found.distance.is_monotonic_increasing


def test_ties_are_broken_by_name():
    wards = _wards([("A", "Middle", 2, 2, 2, 2), ("B", "Zed", 3, 3, 3, 3), ("C", "Abbey", 1, 1, 1, 1)])
    assert list(most_similar(wards, "A", 2).area_name) == ["Abbey", "Zed"]


@pytest.mark.parametrize("missing", list(CONTEXT))
def test_a_ward_missing_a_figure_is_left_out_rather_than_guessed(missing):
    wards = _wards([("A", "A", 1, 1, 1, 1), ("B", "B", 1.1, 1.1, 1.1, 1.1), ("C", "C", 5, 5, 5, 5)])
    wards.loc[wards.area_code == "B", missing] = np.nan
    assert list(most_similar(wards, "A", 3).area_code) == ["C"]
    assert most_similar(wards, "B", 3).empty


def test_the_real_wards_most_similar_follow_the_rule(official_db):
    db = Database(official_db)
    context = db.ward_context()
    assert len(context) == 21 and context[list(CONTEXT)].notna().all().all()
    z = (context[list(CONTEXT)] - context[list(CONTEXT)].mean()) / context[list(CONTEXT)].std(ddof=0)
    for code in context.area_code:
        own = z[context.area_code == code].iloc[0]
        distance = dict(zip(context.area_code, np.sqrt(((z - own) ** 2).sum(axis=1))))
        found = db.similar_wards(code, 3)
        assert len(found) == 3 and code not in set(found.area_code)
        others = [d for c, d in distance.items() if c != code and c not in set(found.area_code)]
        assert max(distance[c] for c in found.area_code) <= min(others) + 1e-9
    # Brinnington & Stockport Central, the most deprived ward, is most like the other inner urban wards.
    assert list(db.similar_wards("E05015018", 3).area_name) == ["Reddish South", "Edgeley", "Manor"]
