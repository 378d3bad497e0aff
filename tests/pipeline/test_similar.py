"""Similar councils: ONS's list for Stockport as the registry declares it, their figures in the marts, and
Stockport's place and median benchmark among them worked out again from the bundled CSVs with pandas."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipeline.rules import judgement as J
from pipeline.errors import InputError
from pipeline.store.queries import Database
from pipeline.registry import STOCKPORT, RegistryError, load_registry, parse_registry, REGISTRY_PATH
from pipeline.rules.similar import group_benchmarks, standings
from pipeline.ingest.sources import ADAPTERS
from pipeline.ingest.sources.context import Context
from presentation.similar_text import members_markdown, standing_words

REGISTRY = load_registry()
GROUP = REGISTRY.comparator_groups["similar_councils"]
CONNECTIVITY = ["gigabit_broadband", "premises_below_30mbps", "coverage_4g", "coverage_5g"]


def _ons_list(raw_dir) -> list[str]:
    row = pd.read_csv(raw_dir / "ons_els_similar_areas_stockport.csv", dtype=str, encoding="utf-8-sig")
    return row.set_index("AREACD").loc[STOCKPORT].dropna().tolist()


def test_the_similar_councils_are_the_twenty_ons_lists_for_stockport_nearest_first(raw_dir):
    assert list(GROUP.members) == _ons_list(raw_dir)
    assert len(GROUP.members) == 20 and GROUP.members[:3] == ("E08000009", "E08000029", "E06000007")
    assert [REGISTRY.comparators[c].name for c in GROUP.members[:3]] == ["Trafford", "Solihull", "Warrington"]
    assert STOCKPORT not in GROUP.members
    assert REGISTRY.sources[GROUP.source].licence.code == "MIT-ONS-ELS"


def test_the_similar_councils_never_join_stockports_chain_or_gms_districts():
    assert REGISTRY.areas_containing(STOCKPORT) == ["E08000007", "E47000001", "E12000002", "E92000001"]
    assert len(REGISTRY.districts_beside(STOCKPORT)) == 10


def _load(path):
    source = REGISTRY.sources["ons_els_similar_areas"]
    return ADAPTERS[source.adapter](None, path, source, Context(REGISTRY, duckdb.connect()))


def test_a_new_ons_list_stops_the_build_naming_the_row_and_place(raw_copy):
    path = raw_copy / "ons_els_similar_areas_stockport.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("E08000009,E08000029", "E08000029,E08000009"), encoding="utf-8-sig")
    with pytest.raises(InputError) as err:
        _load(path)
    assert (err.value.row, err.value.column) == (2, "1") and "E08000029 in place 1" in str(err.value)


def test_a_file_without_stockports_row_is_refused(raw_copy):
    path = raw_copy / "ons_els_similar_areas_stockport.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace("E08000007,", "E08000008,"), encoding="utf-8-sig")
    with pytest.raises(InputError, match="no row for E08000007"):
        _load(path)


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('members = ["E08000009"', 'members = ["E09999999"', "E09999999 is not a declared"),
        ('members = ["E08000009"', 'members = ["E08000007"', "cannot be a member of its own group"),
        ('source = "ons_els_similar_areas"\nbasis', 'source = "nowhere"\nbasis', "unknown source nowhere"),
    ],
)
def test_the_registry_refuses_a_group_it_cannot_name(old, new, message):
    text = REGISTRY_PATH.read_text(encoding="utf-8")
    assert text.count(old) == 1
    with pytest.raises(RegistryError, match=message):
        parse_registry(text.replace(old, new))


def _raw_latest(raw_dir) -> pd.DataFrame:
    """Every bundled Ofcom figure of Jan 2026, read with pandas alone."""
    files = [
        "ons_els_ofcom_connectivity_stockport_gm_comparators.csv",
        "ons_els_ofcom_connectivity_similar_councils.csv",
    ]
    frame = pd.concat([pd.read_csv(raw_dir / f, encoding="utf-8-sig", dtype={"areacd": str}) for f in files])
    by_name = REGISTRY.indicator_by_els_name()
    return frame.assign(indicator_id=frame.indicator.map(lambda n: by_name[n].id)).drop_duplicates(
        ["areacd", "indicator_id"]
    )


def test_every_similar_councils_figure_reaches_the_figures_mart(official_db, raw_dir):
    db = Database(official_db)
    for indicator in CONNECTIVITY:
        shown = db.series(indicator, list(GROUP.members))
        assert set(shown.area_code) == set(GROUP.members) and set(shown.period_label) == {"Jan 2026"}
    raw = _raw_latest(raw_dir).set_index(["areacd", "indicator_id"]).observation
    shown = db.series("gigabit_broadband", list(GROUP.members)).set_index("area_code").value
    assert all(shown[c] == raw[(c, "gigabit_broadband")] for c in GROUP.members)
    assert dict(db.series("gigabit_broadband", ["E08000029", "E08000009"])[["area_name", "source_id"]].values) == {
        "Solihull": "ofcom_els_similar_councils",
        "Trafford": "ofcom_els_comparators",
    }


@pytest.mark.parametrize("indicator", CONNECTIVITY)
def test_stockports_place_and_the_groups_median_match_the_raw_files(official_db, raw_dir, indicator):
    raw = _raw_latest(raw_dir)
    raw = raw[raw.indicator_id == indicator].set_index("areacd").observation
    peers, own = raw[list(GROUP.members)], raw[STOCKPORT]
    lower = REGISTRY.indicators[indicator].polarity == "lower"
    ahead = (peers < own).sum() if lower else (peers > own).sum()
    got = group_benchmarks(Database(official_db), REGISTRY, CONNECTIVITY)[indicator]
    assert got.median == pytest.approx(peers.median())
    assert (got.position, got.ranked, got.value) == (ahead + 1, 21, own)


def test_stockport_against_the_median_of_its_similar_councils(official_db):
    got = group_benchmarks(Database(official_db), REGISTRY, CONNECTIVITY)
    # Gigabit: 94.9 against a median of 93.1 (between Thurrock's 92.8 and Worcester's 93.4, the 10th and 11th
    # of 20); below 30 Mbit/s: 0.8 against 1.15, a gap of 3.5 rounding steps.
    assert (got["gigabit_broadband"].median, got["gigabit_broadband"].position) == (pytest.approx(93.1), 6)
    assert got["gigabit_broadband"].benchmark.outcome == J.BETTER
    assert (got["premises_below_30mbps"].median, got["premises_below_30mbps"].position) == (pytest.approx(1.15), 8)
    assert got["premises_below_30mbps"].benchmark.outcome == J.BETTER
    assert got["coverage_4g"].benchmark.outcome == J.SIMILAR and got["coverage_4g"].tied
    assert (
        standing_words(got["gigabit_broadband"], "% of premises", 1)
        == "Better than the median of 20 similar councils (93.1%); 6th best of 21 with Stockport (Jan 2026)"
    )


def _rows(**change) -> pd.DataFrame:
    row = dict(
        indicator_id="premises_below_30mbps",
        period="2026-01",
        period_label="Jan 2026",
        value=0.8,
        unit="% of premises",
        polarity="lower",
        lci_95=None,
        uci_95=None,
        group_median=0.9,
        members_published=20,
        members=20,
        position=4,
        ranked=21,
        tied=False,
    )
    return pd.DataFrame([{**row, **change}])


def test_a_gap_one_rounding_step_wide_is_similar_not_better():
    got = standings(REGISTRY, _rows())["premises_below_30mbps"]
    assert got.benchmark.outcome == J.SIMILAR and got.position == 4


def test_a_median_of_only_some_members_is_not_compared():
    got = standings(REGISTRY, _rows(members_published=19, group_median=1.5))["premises_below_30mbps"]
    assert (got.benchmark.outcome, got.median, got.position) == (J.NOT_COMPARED, None, None)
    assert (
        standing_words(got, "% of premises", 1)
        == "Not compared with 20 similar councils (not all of them publish Jan 2026)"
    )


def test_the_member_list_names_each_council_nearest_first_with_its_source():
    text = members_markdown([REGISTRY.comparators[c].name for c in GROUP.members], GROUP.basis, "ONS, MIT Licence")
    assert text.splitlines()[2:5] == ["1. Trafford", "2. Solihull", "3. Warrington"]
    assert "20. North Somerset" in text and text.endswith("Source: ONS, MIT Licence.")
