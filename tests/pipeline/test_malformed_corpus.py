"""A corpus of malformed inputs: every one rejected naming file, row and column; the live database unchanged.

Each case starts from the real official file and breaks it the way files really break:
encodings, headers, types, codes, ranges, duplicates, truncated or invalid GeoJSON, empty, huge.
"""
from __future__ import annotations

import hashlib

import pytest

from pipeline.build import build
from pipeline.errors import InputError

WARDS = "stockport_wards_2023_bgc.geojson"
LOOKUP = "stockport_lsoa21_to_ward25_best_fit_lookup.csv"
ELS = "ons_els_ofcom_connectivity_stockport_gm_comparators.csv"
SMART = "ons_els_smart_city_indicators_stockport_england.csv"
IMD1 = "stockport_imd2019_file1_imd_rank_decile_lsoa11.csv"
FILE6 = "stockport_iod2019_file6_population_denominators_lsoa11.csv"
NOMIS = "stockport_census2021_rm121_age65plus_lsoa21.csv"
MYS = "stockport_imd2019_scores_mysociety_composite_uk_imd_e.csv"
DERI = "gm_deri_v1.6_gb_level_population_by_decile_pivot.csv"
FACTS = "stockport_regeneration_and_digital_inclusion_facts.csv"
HISTORY = "ons_els_ofcom_connectivity_timeseries_compiled.csv"
IODLAD = "stockport_iod2019_lad_summary.csv"
BROAD = "stockport_census2021_population_broad_age_groups_la.csv"
OA21 = "stockport_oa21_lsoa21_msoa21_lookup.csv"


def replace(old, new, count=1):
    return lambda b: _checked(b, old.encode(), new.encode(), count)


def _checked(data: bytes, old: bytes, new: bytes, count: int) -> bytes:
    assert old in data, old
    return data.replace(old, new, count)


def line(n, new):
    def edit(b):
        lines = b.split(b"\n")
        lines[n - 1] = new(lines[n - 1])
        return b"\n".join(lines)
    return edit


CASES = [
    # (id, file, edit, expected row (None = any), expected column (None = not named), words in message)
    ("empty file", LOOKUP, lambda b: b"", 1, None, "empty"),
    ("only a BOM", LOOKUP, lambda b: b"\xef\xbb\xbf\n", 1, None, "empty"),
    ("latin-1 byte", LOOKUP, lambda b: _checked(b, b"Bramhall North", b"Bramhall N\xf6rth", 1), 2, "wd25nm", "UTF-8"),
    ("UTF-16 file", LOOKUP, lambda b: b.decode("utf-8").encode("utf-16"), 1, None, "UTF-8"),
    ("header renamed", LOOKUP, replace("wd25cd", "ward"), 1, "wd25cd", "required column"),
    ("header only", LOOKUP, lambda b: b.split(b"\n")[0] + b"\n", 2, None, "no data rows"),
    ("duplicate column", LOOKUP, replace("lad25nm", "lad25cd"), 1, "lad25cd", "twice"),
    ("extra cells", LOOKUP, line(3, lambda l: l + b",surplus"), 3, None, "cells"),
    ("non-Stockport LAD", LOOKUP, line(2, lambda l: l.replace(b"E08000007", b"E08000003")), 2, "lad25cd", "not Stockport"),
    ("malformed LSOA code", LOOKUP, line(2, lambda l: l.replace(b"E01005808", b"E0100580")), 2, "lsoa21cd", "not a LSOA"),
    ("duplicate LSOA", LOOKUP, lambda b: b + b.split(b"\n")[1] + b"\n", None, "lsoa21cd", "duplicate"),
    ("rank with letters", IMD1, replace('"14,712"', '"14,7l2"'), 2, "Index of Multiple Deprivation (IMD) Rank", "not a number"),
    ("decile 11", IMD1, line(2, lambda l: l[:-1] + b"11" if l.endswith(b"5") else l.rsplit(b",", 1)[0] + b",11"), 2, "Index of Multiple Deprivation (IMD) Decile", "above"),
    ("negative population", FILE6, replace('"1,370"', "-1370"), 2, None, "below"),
    ("decimal population", FILE6, replace('"1,370"', "1370.5"), 2, None, "whole number"),
    ("percentage 194.9", ELS, replace(",94.9,", ",194.9,"), 12, "observation", "outside 0–100"),
    ("negative percentage", ELS, replace(",94.9,", ",-4.9,"), 12, "observation", "outside 0–100"),
    ("observation text", ELS, replace(",94.9,", ",n/a,"), 12, "observation", "not a number"),
    ("CI text", ELS, line(12, lambda l: l.replace(b"%,,,", b"%,low,,")), 12, "lci_95", "not a number"),
    ("bad period", ELS, replace("E08000007,Stockport,Local Authority District,Gigabit capable broadband,2026-01-01", "E08000007,Stockport,Local Authority District,Gigabit capable broadband,Jan 2026"), 12, "period", "not a period"),
    ("duplicate area-period", ELS, lambda b: b + b.split(b"\n")[11] + b"\n", None, "period", "duplicate"),
    ("unknown area", SMART, replace("E92000001,England", "S92000003,Scotland"), 2, "areacd", "known area"),
    ("ELS header missing column", SMART, replace(",notes", ",remarks"), 1, "notes", "required column"),
    ("history unknown metric", HISTORY, replace("4g_coverage_pct_area_any_operator", "6g_coverage"), 2, "metric", "not a metric"),
    ("history bad commit date", HISTORY, replace(",2023-03-31", ",last spring"), 2, "source_commit_date", "not a date"),
    ("nomis header moved", NOMIS, replace("2021 super output area - lower layer", "LSOA"), 1, "2021 super output area - lower layer", "header"),
    ("nomis not Stockport", NOMIS, replace("E01005886 : Stockport 001A", "E01005886 : Bolton 001A"), 10, "2021 super output area - lower layer", "not a Stockport"),
    ("mysociety unknown LSOA", MYS, replace("E01005918", "E01099999"), 2, "lsoa", "not a Stockport"),
    ("mysociety score over 100", MYS, replace(",77.101,", ",177.101,"), 2, "overall_local_score", "above"),
    ("DERI unknown district", DERI, replace("Stockport,22831", "Stockpot,22831"), 9, "Row Labels", "not a Greater Manchester"),
    ("DERI side table mismatch", DERI, replace(",16651,294197,5.7%", ",16650,294197,5.7%"), 9, "population in decile 10", "side table"),
    ("facts without source", FACTS, replace("https://www.placenorthwest.co.uk/140m-stockport-interchange-opens/,Place North West,2024 (inferred),", ",Place North West,2024 (inferred),"), 2, "source_url", "web address"),
    ("LA summary proportion over 1", IODLAD, replace("8.9499999999999996E-2", "8.95"), 2, "proportion_bottom_decile", "above"),
    ("65+ over all ages", BROAD, replace(",59277\n", ",999999\n"), 2, "aged_65_and_over", "above"),
    ("OA lookup non-Stockport LSOA name", OA21, replace("E01005745,Stockport 005A", "E01005745,Salford 005A"), 2, "lsoa21nm", "not a Stockport"),
    ("truncated GeoJSON", WARDS, lambda b: b[: len(b) // 3], None, "character", "truncated"),
    ("GeoJSON not a collection", WARDS, lambda b: b'{"type": "Feature"}', 1, "type", "FeatureCollection"),
    ("GeoJSON without features", WARDS, lambda b: b'{"type": "FeatureCollection", "features": []}', 1, "features", "no features"),
    ("unclosed polygon", WARDS, replace("[ -2.15547557128968, 53.382334533734102 ] ] ]", "[ -2.1, 53.38 ] ] ]"), 6, "geometry.coordinates", "not closed"),
    ("point geometry", WARDS, line(6, lambda l: l.split(b'"geometry"')[0] + b'"geometry": { "type": "Point", "coordinates": [ -2.1, 53.4 ] } },'), 6, "geometry.type", "Polygon"),
    ("projected coordinates", WARDS, replace("-2.15547557128968, 53.382334533734102", "389000.1, 388000.2", 2), 6, "geometry.coordinates", "outside Stockport"),
    ("huge file of repeated rows", LOOKUP, lambda b: b + b"E01999999,x,E05015014,y,E08000007,Stockport\n" * 200000, 194, "lsoa21cd", "duplicate"),
]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    db = tmp_path_factory.mktemp("live") / "live.duckdb"
    build(db)
    return db


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_malformed_input_is_rejected_and_nothing_changes(case, live, raw_copy):
    _, name, edit, row, column, words = case
    path = raw_copy / name
    path.write_bytes(edit(path.read_bytes()))
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    with pytest.raises(InputError) as info:
        build(live, raw_copy)
    err = info.value
    assert err.file == name
    assert err.row is not None if row is None else err.row == row, str(err)
    if column is not None:
        assert err.column is not None and err.column.startswith(column), str(err)
    assert words in err.message, str(err)
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    assert not list(live.parent.glob(".*building*"))


def test_the_corpus_has_at_least_thirty_cases():
    assert len(CASES) >= 30
