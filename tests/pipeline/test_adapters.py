"""Each adapter on its real published file: what it stages, checked against the file's own facts."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import duckdb
import pytest

from pipeline.store.queries import Database
from pipeline.registry import load_registry
from pipeline.store.schema import create_staging
from pipeline.ingest.sources import ADAPTERS
from pipeline.ingest.sources.context import Context

REGISTRY = load_registry()
EXPECTED_ROWS = {  # rows staged per source, from SOURCES.md's row counts
    "ons_wards_2023": 21,
    "ons_wards_2022": 21,
    "ons_lsoa_2021": 191,
    "ons_lsoa_2011": 190,
    "ons_msoa_2021": 42,
    "ons_lad_2023": 1,
    "ons_lsoa21_ward25": 191,
    "ons_lsoa21_ward22": 191,
    "ons_lsoa11_ward17": 190,
    "ons_oa21_lookup": 982,
    "ons_oa11_lookup": 964,
    "census2021_rm121": 191,
    "census2021_la_broad_age": 3,
    "census2021_la_age_bands": 18,
    "census_1981_2021": 12,
    "iod2019_file1": 190,
    "iod2019_file2": 190 * 7,
    "iod2019_file6": 190,
    "iod2019_lad": 10,
    "iod2025_lad": 10,
    "mysociety_imd": 190,
    "ofcom_els_comparators": 56,
    "ons_els_smart_city": 102,
    "gmca_deri": 22,
    "regeneration_facts": 49,
    "ons_els_similar_areas": 20,
    "ofcom_els_similar_councils": 76,
}


@pytest.fixture()
def con():
    c = duckdb.connect()
    create_staging(c)
    yield c
    c.close()


@pytest.mark.parametrize("source_id", sorted(EXPECTED_ROWS))
def test_adapter_reads_its_real_file(con, raw_dir, source_id):
    source = REGISTRY.sources[source_id]
    rows = ADAPTERS[source.adapter](con, raw_dir / source.file, source, Context(REGISTRY, con))
    assert rows == EXPECTED_ROWS[source_id]


def test_every_official_source_has_an_adapter_test():
    official = {s.id for s in REGISTRY.sources.values() if not s.bundled}
    assert official - set(EXPECTED_ROWS) == {"ofcom_els_history"}  # revisions collapse rows: tested below


def test_ward_2023_centroids_are_read_from_string_lon_lat(con, raw_dir):
    source = REGISTRY.sources["ons_wards_2023"]
    ADAPTERS["ons_boundaries"](con, raw_dir / source.file, source, Context(REGISTRY, con))
    lon, lat = con.execute("select lon, lat from stg_areas where code = 'E05015014'").fetchone()
    assert (lon, lat) == (-2.16249, 53.37233)


@pytest.mark.parametrize(
    "position, words",
    [
        (["-2.16", 53.37], "is not [lon, lat]"),
        ([True, 53.37], "lies outside Stockport"),
        ([-2.16], "is not [lon, lat]"),
    ],
)
def test_a_ward_whose_ring_holds_a_position_that_is_not_two_numbers_is_refused_by_name(raw_dir, position, words):
    """The one-array check passes a ring of plain numbers on; anything else, the walk names (a `true` read
    as 1 by shapely, as before: GEOS's reader refuses it, so it is read as shapely always read it)."""
    from pipeline.errors import InputError
    from pipeline.ingest.sources.ons_boundaries import parse_features

    path = raw_dir / REGISTRY.sources["ons_wards_2023"].file
    doc = json.loads(path.read_text(encoding="utf-8"))
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    ring = ring if doc["features"][0]["geometry"]["type"] == "Polygon" else ring[0]
    ring[1] = position
    with pytest.raises(InputError) as info:
        parse_features(path, json.dumps(doc), "ward")
    assert words in str(info.value) and "feature 1" in str(info.value)


def test_ofcom_history_collapses_revisions_to_one_value_per_period(con, raw_dir):
    source = REGISTRY.sources["ofcom_els_history"]
    rows = ADAPTERS["ofcom_history"](con, raw_dir / source.file, source, Context(REGISTRY, con))
    distinct = con.execute("select count(distinct (indicator_id, area_code, period)) from stg_observations").fetchone()[
        0
    ]
    assert rows == distinct < 157


def test_deri_reads_stockports_published_summary(con, raw_dir):
    source = REGISTRY.sources["gmca_deri"]
    ADAPTERS["gm_deri"](con, raw_dir / source.file, source, Context(REGISTRY, con))
    pct, lsoas = [
        con.execute(
            "select value from stg_observations where area_code = 'E08000007' and indicator_id = ?", [i]
        ).fetchone()[0]
        for i in ("deri_highest_risk_pop_pct", "deri_highest_risk_lsoas")
    ]
    assert (round(pct, 1), lsoas) == (5.7, 9)  # 16,651 of 294,197 people; 9 of 190 LSOAs


def test_iod_lad_summaries_2019_and_2025(con, raw_dir):
    for sid in ("iod2019_lad", "iod2025_lad"):
        source = REGISTRY.sources[sid]
        ADAPTERS["iod"](con, raw_dir / source.file, source, Context(REGISTRY, con))
    scores = dict(
        con.execute(
            "select year, average_score from stg_iod_lad where domain = 'Index of Multiple Deprivation'"
        ).fetchall()
    )
    assert scores == {2019: pytest.approx(20.826), 2025: pytest.approx(18.404)}


ROOT = Path(__file__).resolve().parents[2]


# -- vintages come from the registry or the file, never from adapter code ------------------------


def test_gm_deri_figures_are_dated_by_the_release_of_v1_6_in_november_2022(official_db):
    rows = Database(official_db).query("""select distinct period, period_label from observations
                                          where source_id = 'gmca_deri'""")
    assert list(zip(rows.period, rows.period_label)) == [("2022-11", "DERI v1.6 (November 2022)")]
    sources = Database(official_db).sources().set_index("id")
    assert "November 2022" in sources.vintage["gmca_deri"] and "2023" not in sources.vintage["gmca_deri"]


@pytest.mark.slow
def test_a_vintage_changed_in_the_registry_changes_the_figures_dates(tmp_path, raw_dir):
    from pipeline.build.database import build
    from pipeline.registry import REGISTRY_PATH, parse_registry

    text = REGISTRY_PATH.read_text(encoding="utf-8")
    old = 'options = { period = "2022-11", period_label = "DERI v1.6 (November 2022)" }'
    assert old in text
    registry = parse_registry(
        text.replace(old, 'options = { period = "2024-03", period_label = "DERI v9 (March 2024)" }')
    )
    build(tmp_path / "db.duckdb", raw_dir, registry=registry)
    rows = Database(tmp_path / "db.duckdb").query(
        "select distinct period, period_label from observations where source_id = 'gmca_deri'"
    )
    assert list(zip(rows.period, rows.period_label)) == [("2024-03", "DERI v9 (March 2024)")]


@pytest.mark.parametrize(
    "source_id, option",
    [
        ("gmca_deri", "period"),
        ("ons_lsoa21_ward25", "ward_vintage"),
        ("census2021_rm121", "lsoa_vintage"),
        ("iod2025_lad", "year"),
    ],
)
def test_a_vintage_missing_from_the_registry_is_an_error_naming_source_and_option(tmp_path, raw_dir, source_id, option):
    from pipeline.build.database import check
    from pipeline.registry import REGISTRY_PATH, RegistryError, parse_registry

    registry = parse_registry(REGISTRY_PATH.read_text(encoding="utf-8"))
    source = registry.sources[source_id]
    registry.sources[source_id] = dataclasses.replace(
        source, options={k: v for k, v in source.options.items() if k != option}
    )
    with pytest.raises(RegistryError, match=f"source {source_id}: options.{option} is missing"):
        check(raw_dir, registry=registry)


def test_no_adapter_holds_a_year_in_its_code():
    import ast

    year = re.compile(r"^(19|20)\d\d(\b|-)")
    found = []
    for path in sorted((ROOT / "pipeline" / "sources").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(n.body[0].value)
            for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and n.body
            and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and id(node) not in docstrings
                and (
                    (isinstance(node.value, str) and year.match(node.value))
                    or (type(node.value) is int and 1900 <= node.value <= 2099)
                )
            ):
                found.append(f"{path.name}:{node.lineno} {node.value!r}")
    assert found == []
