"""A corpus of malformed inputs: every one rejected naming file, row and column; the live database unchanged.

Each case starts from the real official file and breaks it the way files really break:
encodings, headers, types, codes, ranges, duplicates, truncated or invalid GeoJSON, empty, huge.
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from pipeline.build.database import build
from pipeline.errors import InputError
from pipeline.registry import COVERAGE, load_registry
from tests.conftest import RAW

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
IMD2 = "stockport_iod2019_file2_domains_rank_decile_lsoa11.csv"
IOD25 = "stockport_iod2025_lad_summary.csv"
SERIES = "stockport_census1981_2021_population_by_sex_age_group_la.csv"
BANDS = "stockport_census2021_population_5yr_age_bands_la.csv"


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
    (
        "non-Stockport LAD",
        LOOKUP,
        line(2, lambda l: l.replace(b"E08000007", b"E08000003")),
        2,
        "lad25cd",
        "not Stockport",
    ),
    (
        "malformed LSOA code",
        LOOKUP,
        line(2, lambda l: l.replace(b"E01005808", b"E0100580")),
        2,
        "lsoa21cd",
        "not a LSOA",
    ),
    ("duplicate LSOA", LOOKUP, lambda b: b + b.split(b"\n")[1] + b"\n", None, "lsoa21cd", "duplicate"),
    (
        "rank with letters",
        IMD1,
        replace('"14,712"', '"14,7l2"'),
        2,
        "Index of Multiple Deprivation (IMD) Rank",
        "not a number",
    ),
    (
        "decile 11",
        IMD1,
        line(2, lambda l: l[:-1] + b"11" if l.endswith(b"5") else l.rsplit(b",", 1)[0] + b",11"),
        2,
        "Index of Multiple Deprivation (IMD) Decile",
        "above",
    ),
    ("negative population", FILE6, replace('"1,370"', "-1370"), 2, None, "below"),
    ("decimal population", FILE6, replace('"1,370"', "1370.5"), 2, None, "whole number"),
    ("percentage 194.9", ELS, replace(",94.9,", ",194.9,"), 12, "observation", "outside 0–100"),
    ("negative percentage", ELS, replace(",94.9,", ",-4.9,"), 12, "observation", "outside 0–100"),
    ("observation text", ELS, replace(",94.9,", ",n/a,"), 12, "observation", "not a number"),
    ("CI text", ELS, line(12, lambda l: l.replace(b"%,,,", b"%,low,,")), 12, "lci_95", "not a number"),
    (
        "bad period",
        ELS,
        replace(
            "E08000007,Stockport,Local Authority District,Gigabit capable broadband,2026-01-01",
            "E08000007,Stockport,Local Authority District,Gigabit capable broadband,Jan 2026",
        ),
        12,
        "period",
        "not a period",
    ),
    ("duplicate area-period", ELS, lambda b: b + b.split(b"\n")[11] + b"\n", None, "period", "duplicate"),
    ("unknown area", SMART, replace("E92000001,England", "S92000003,Scotland"), 2, "areacd", "known area"),
    ("ELS header missing column", SMART, replace(",notes", ",remarks"), 1, "notes", "required column"),
    (
        "history unknown metric",
        HISTORY,
        replace("4g_coverage_pct_area_any_operator", "6g_coverage"),
        2,
        "metric",
        "not a metric",
    ),
    ("history bad commit date", HISTORY, replace(",2023-03-31", ",last spring"), 2, "source_commit_date", "not a date"),
    (
        "nomis header moved",
        NOMIS,
        replace("2021 super output area - lower layer", "LSOA"),
        1,
        "2021 super output area - lower layer",
        "header",
    ),
    (
        "nomis not Stockport",
        NOMIS,
        replace("E01005886 : Stockport 001A", "E01005886 : Bolton 001A"),
        10,
        "2021 super output area - lower layer",
        "not a Stockport",
    ),
    ("mysociety unknown LSOA", MYS, replace("E01005918", "E01099999"), 2, "lsoa", "not a Stockport"),
    ("mysociety score over 100", MYS, replace(",77.101,", ",177.101,"), 2, "overall_local_score", "above"),
    (
        "DERI unknown district",
        DERI,
        replace("Stockport,22831", "Stockpot,22831"),
        9,
        "Row Labels",
        "not a Greater Manchester",
    ),
    (
        "DERI side table mismatch",
        DERI,
        replace(",16651,294197,5.7%", ",16650,294197,5.7%"),
        9,
        "population in decile 10",
        "side table",
    ),
    (
        "facts without source",
        FACTS,
        replace(
            "https://www.placenorthwest.co.uk/140m-stockport-interchange-opens/,Place North West,2024 (inferred),",
            ",Place North West,2024 (inferred),",
        ),
        2,
        "source_url",
        "web address",
    ),
    (
        "LA summary proportion over 1",
        IODLAD,
        replace("8.9499999999999996E-2", "8.95"),
        2,
        "proportion_bottom_decile",
        "above",
    ),
    ("65+ over all ages", BROAD, replace(",59277\n", ",999999\n"), 2, "aged_65_and_over", "above"),
    (
        "OA lookup non-Stockport LSOA name",
        OA21,
        replace("E01005745,Stockport 005A", "E01005745,Salford 005A"),
        2,
        "lsoa21nm",
        "not a Stockport",
    ),
    ("truncated GeoJSON", WARDS, lambda b: b[: len(b) // 3], None, "character", "truncated"),
    ("GeoJSON not a collection", WARDS, lambda b: b'{"type": "Feature"}', 1, "type", "FeatureCollection"),
    (
        "GeoJSON without features",
        WARDS,
        lambda b: b'{"type": "FeatureCollection", "features": []}',
        1,
        "features",
        "no features",
    ),
    (
        "unclosed polygon",
        WARDS,
        replace("[ -2.15547557128968, 53.382334533734102 ] ] ]", "[ -2.1, 53.38 ] ] ]"),
        6,
        "geometry.coordinates",
        "not closed",
    ),
    (
        "point geometry",
        WARDS,
        line(
            6,
            lambda l: l.split(b'"geometry"')[0] + b'"geometry": { "type": "Point", "coordinates": [ -2.1, 53.4 ] } },',
        ),
        6,
        "geometry.type",
        "Polygon",
    ),
    (
        "projected coordinates",
        WARDS,
        replace("-2.15547557128968, 53.382334533734102", "389000.1, 388000.2", 2),
        6,
        "geometry.coordinates",
        "WGS84",
    ),
    # Every row is read and checked before duplicates are sought: about 3 s (242 s when each row's ward code
    # cost a query of its own, pipeline/ingest/sources/ons_lookups.py).
    (
        "huge file of repeated rows",
        LOOKUP,
        lambda b: b + b"E01999999,x,E05015014,y,E08000007,Stockport\n" * 200000,
        194,
        "lsoa21cd",
        "duplicate",
    ),
]

# -- Cases generated from the registry: each kind of fault in every file it applies to ------------
ABSENT = "absent"  # expected row for a missing area: there is no row to name, the message names the area
REGISTRY = load_registry()
OFFICIAL = {s.id: s for s in REGISTRY.sources.values() if not s.bundled}
BOUNDARIES = [s for s in OFFICIAL.values() if s.adapter == "ons_boundaries"]
BOWTIE = b'{ "type": "Polygon", "coordinates": [ [ [ -2.2, 53.35 ], [ -2.1, 53.45 ], [ -2.1, 53.35 ], [ -2.2, 53.45 ], [ -2.2, 53.35 ] ] ] }'


def _second_code(source, area_set: str) -> str:
    """An area of the set that is in the file but not on its first or last data line."""
    text = (RAW / source.file).read_text(encoding="utf-8-sig")
    codes = list(dict.fromkeys(re.findall(COVERAGE[area_set][1] + r"\d{6}", text)))
    return codes[1]


def _line_with(source, code: str) -> int:
    lines = (RAW / source.file).read_bytes().split(b"\n")
    return next(n for n, l in enumerate(lines, 1) if code.encode() in l)


def without_lines_holding(code: str):
    return lambda b: b"\n".join(l for l in b.split(b"\n") if code.encode() not in l)


def with_line_repeated(code: str):
    def edit(b):
        lines = b.split(b"\n")
        n = next(i for i, l in enumerate(lines) if code.encode() in l)
        return b"\n".join(lines[: n + 1] + [lines[n]] + lines[n + 1 :])

    return edit


def on_line_holding(code: str, change):
    def edit(b):
        lines = b.split(b"\n")
        n = next(i for i, l in enumerate(lines) if code.encode() in l)
        lines[n] = change(lines[n])
        return b"\n".join(lines)

    return edit


def first_coordinate(value: bytes):
    """The first number of a feature's coordinates replaced (the ring then starts off its end)."""
    return lambda l: re.sub(rb"(\"coordinates\": \[[\[ ]*)-?[\d.]+", lambda m: m.group(1) + value, l, count=1)


def geometry(new: bytes):
    return lambda l: (
        l.split(b'"geometry"')[0] + b'"geometry": ' + new + (b" }," if l.rstrip().endswith(b",") else b" }")
    )


def _generated() -> list[tuple]:
    cases = []
    for s in OFFICIAL.values():
        area_set, column = next(iter(s.covers.items()), (None, None))
        if area_set is None or area_set == "lad":  # the borough's one feature: see 'no features'
            continue
        code = _second_code(s, area_set)
        cases.append(
            (f"{s.id}: {COVERAGE[area_set][0]} missing", s.file, without_lines_holding(code), ABSENT, column, f"{code}")
        )
        cases.append(
            (f"{s.id}: {COVERAGE[area_set][0]} twice", s.file, with_line_repeated(code), None, None, "duplicate")
        )
    for s in BOUNDARIES:
        area_set = next(iter(s.covers))
        code = "E08000007" if area_set == "lad" else _second_code(s, area_set)
        row = _line_with(s, f'"area_code": "{code}"')
        cases += [
            (
                f"{s.id}: self-intersecting polygon",
                s.file,
                on_line_holding(f'"{code}"', geometry(BOWTIE)),
                row,
                "geometry.coordinates",
                "Self-intersection",
            ),
            (
                f"{s.id}: NaN coordinate",
                s.file,
                on_line_holding(f'"{code}"', first_coordinate(b"NaN")),
                row,
                "geometry.coordinates",
                "NaN",
            ),
            (
                f"{s.id}: coordinate out of range",
                s.file,
                on_line_holding(f'"{code}"', first_coordinate(b"-200.5")),
                row,
                "geometry.coordinates",
                "out of range",
            ),
            (
                f"{s.id}: British National Grid declared",
                s.file,
                replace("urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:EPSG::27700"),
                _line_with(s, '"crs"'),
                "crs",
                "not WGS84",
            ),
        ]
    lad = next(s for s in BOUNDARIES if "lad" in s.covers)
    one_line = lambda b: json.dumps(json.loads(b)).replace('"coordinates": [[[', '"coordinates": [[[NaN, ', 1).encode()  # noqa: E731
    cases.append(("LA outline on one line, NaN coordinate", lad.file, one_line, 1, "geometry.coordinates", "feature 1"))
    return cases


GENERATED = _generated()
OBS = "E08000007,Stockport,Local Authority District,Gigabit capable broadband,2026-01-01,94.9"
EV = "E92000001,England,Nation,Public electric vehicle chargers,2026-01-01,165.8731362472405"
HIST = "4g_coverage_pct_area_any_operator,E08000007,Stockport,2022-09,99.98,"
# Figures far out of range, periods not yet reached or after the file's release, blank figures
# stored as published, and retired (May 2022) ward codes, in each file they can occur in.
FIGURES = [
    ("ELS 1e308", ELS, replace(OBS, OBS.replace("94.9", "1e308")), 12, "observation", "outside"),
    (
        "ELS smart city 1e308",
        SMART,
        replace(EV, EV.replace("165.8731362472405", "1e308")),
        2,
        "observation",
        "outside the plausible range",
    ),
    (
        "ELS smart city negative rate",
        SMART,
        replace(EV, EV.replace("165.8731362472405", "-165.9")),
        2,
        "observation",
        "outside the plausible range",
    ),
    ("ELS smart city inf", SMART, replace(EV, EV.replace("165.8731362472405", "inf")), 2, "observation", "inf"),
    ("history 1e308", HISTORY, replace(HIST, HIST.replace("99.98", "1e308")), 2, "observation", "above"),
    ("history negative", HISTORY, replace(HIST, HIST.replace("99.98", "-0.5")), 2, "observation", "below"),
    ("broad ages 1e308", BROAD, replace(",294766,", ",1e308,"), 2, "all_ages", "outside the plausible range"),
    (
        "census series 1e308",
        SERIES,
        replace(",Females,All ages,148984", ",Females,All ages,1e308"),
        2,
        "value",
        "outside the plausible range",
    ),
    ("age bands 1e308", BANDS, replace(",16575", ",1e308"), 2, "value", "outside the plausible range"),
    (
        "nomis total 1e308",
        NOMIS,
        replace("E01005886 : Stockport 001A,1467,", "E01005886 : Stockport 001A,1e308,"),
        10,
        "Total",
        "outside the plausible range",
    ),
    (
        "file 6 population 1e308",
        FILE6,
        replace('"1,370"', "1e308"),
        2,
        "Total population",
        "outside the plausible range",
    ),
    ("file 1 rank 1e308", IMD1, replace('"14,712"', "1e308"), 2, "Index of Multiple Deprivation (IMD) Rank", "above"),
    ("file 2 income rank negative", IMD2, replace(",14712,5,18524,", ",14712,5,-18524,"), 2, "Income Rank", "below"),
    ("mysociety score 1e308", MYS, replace(",77.101,", ",1e308,"), 2, "overall_local_score", "above"),
    (
        "LA summary IMD score 1e308",
        IODLAD,
        replace(",20.826000000000001,", ",1e308,"),
        2,
        "average_score",
        "outside the plausible range",
    ),
    ("LA 2025 summary IMD score negative", IOD25, replace(",18.404,", ",-18.404,"), 2, "average_score", "below"),
    (
        "DERI LSOAs in decile 10 beyond range",
        DERI,
        replace("Stockport,9,190,", "Stockport,9999,99999,"),
        9,
        "LSOAs in decile 10",
        "outside the plausible range",
    ),
    (
        "ELS period in the future",
        ELS,
        replace(OBS, OBS.replace("2026-01-01", "2027-01-01")),
        12,
        "period",
        "in the future",
    ),
    (
        "ELS period after release",
        ELS,
        replace(OBS, OBS.replace("2026-01-01", "2026-06-01")),
        12,
        "period",
        "after the file was released",
    ),
    (
        "ELS smart city period in the future",
        SMART,
        replace(EV, EV.replace("2026-01-01", "2099-01-01")),
        2,
        "period",
        "in the future",
    ),
    (
        "ELS smart city period after release",
        SMART,
        replace(EV, EV.replace("2026-01-01", "2026-07-01")),
        2,
        "period",
        "after the file was released",
    ),
    (
        "history period in the future",
        HISTORY,
        replace(HIST, HIST.replace("2022-09", "2099-09")),
        2,
        "period",
        "in the future",
    ),
    (
        "history period after its release",
        HISTORY,
        replace(HIST, HIST.replace("2022-09", "2023-09")),
        2,
        "period",
        "after the file was released",
    ),
    (
        "broad ages period in the future",
        BROAD,
        replace("Local authority,2021-03-21,All persons", "Local authority,2031-03-21,All persons"),
        2,
        "period",
        "in the future",
    ),
    (
        "census series period after release",
        SERIES,
        replace("Local authority,1981-04-05,", "Local authority,2024-04-05,"),
        2,
        "period",
        "after the file was released",
    ),
    (
        "age bands period in the future",
        BANDS,
        replace("2021-03-21,Aged 4 years and under", "2041-03-21,Aged 4 years and under"),
        2,
        "period",
        "in the future",
    ),
    ("ELS blank figure stored as published", ELS, replace(OBS, OBS.replace("94.9", "")), 12, "observation", "blank"),
    (
        "ELS smart city blank figure stored as published",
        SMART,
        replace(EV, EV.replace("165.8731362472405", "")),
        2,
        "observation",
        "blank",
    ),
    (
        "ELS retired ward code",
        ELS,
        replace("E08000007,Stockport,Local Authority District", "E05000779,Bramhall North,Ward"),
        12,
        "areacd",
        "retired",
    ),
    (
        "ELS smart city retired ward code",
        SMART,
        replace("E92000001,England,Nation", "E05000779,Bramhall North,Ward"),
        2,
        "areacd",
        "retired",
    ),
    (
        "lookup to 2023 wards with a 2022 code",
        LOOKUP,
        replace("E05015014,Bramhall North", "E05000779,Bramhall North"),
        2,
        "wd25cd",
        "retired",
    ),
    (
        "2023 ward boundaries with a 2022 code",
        WARDS,
        replace('"E05015014"', '"E05000779"'),
        6,
        "properties.area_code",
        "retired",
    ),
    (
        "2023 ward boundaries with a ward the lookups lack",
        WARDS,
        replace('"E05015014"', '"E05099999"'),
        6,
        "properties.area_code",
        "not a Stockport ward",
    ),
    (
        "lookup with a mistyped ward code",
        LOOKUP,
        replace("E05015014,Bramhall North", "E05015041,Bramhall North"),
        2,
        "wd25cd",
        "not a Stockport ward code",
    ),
]
H3 = "4g_coverage_pct_area_any_operator,E08000007,Stockport,2023-01,100.0,%,4g-coverage/4g-coverage.csv,e20094e8d09daa1eb1b9ece36730fe44313684e2,2023-08-24"
TINY = b'{ "type": "Polygon", "coordinates": [ [ [ -2.15, 53.38 ], [ -2.1499999, 53.38 ], [ -2.15, 53.3800001 ], [ -2.15, 53.38 ] ] ] }'


def after_line(n: int, new):
    """A line made from line n inserted after it (a row listed twice)."""

    def edit(b):
        lines = b.split(b"\n")
        return b"\n".join(lines[:n] + [new(lines[n - 1])] + lines[n:])

    return edit


def geometry_of(n: int):
    """Line n's geometry copied onto the next feature."""

    def edit(b):
        lines = b.split(b"\n")
        lines[n] = lines[n].split(b'"geometry"')[0] + b'"geometry"' + lines[n - 1].split(b'"geometry"')[1]
        return b"\n".join(lines)

    return edit


# Holes a hostile tester found (issue 14 follow-up): duplicates within one release, names that
# are not the lookups', implausible facts, intervals, deciles, dates, centroids and shapes, and
# numbers only DuckDB's cast would read.
HOLES = [
    (
        "history period listed twice in one release with another value",
        HISTORY,
        after_line(3, lambda l: l.replace(b",100.0,", b",50.0,")),
        4,
        "period",
        "duplicate",
    ),
    (
        "history period written two ways in one release",
        HISTORY,
        after_line(3, lambda l: l.replace(b",2023-01,100.0,", b",2023-01-01,50.0,")),
        4,
        "period",
        "row 3",
    ),
    (
        "history release date in the future",
        HISTORY,
        replace(H3, H3.replace("2023-08-24", "2027-08-24")),
        3,
        "source_commit_date",
        "release date 2027-08-24 is in the future",
    ),
    (
        "ward name not the lookups'",
        WARDS,
        replace('"area_name": "Bramhall North"', '"area_name": "Nowhere"'),
        6,
        "properties.area_name",
        "'Bramhall North' in the ONS lookups",
    ),
    (
        "ward name with markdown",
        WARDS,
        replace('"area_name": "Bramhall North"', '"area_name": "**bold** [x](http://evil.example)"'),
        6,
        "properties.area_name",
        "ONS lookups",
    ),
    (
        "ward name with a control character",
        WARDS,
        replace('"area_name": "Bramhall North"', '"area_name": "Bramhall\\u0007North"'),
        6,
        "properties.area_name",
        "control characters",
    ),
    (
        "ward centroid in the wrong hemisphere",
        WARDS,
        replace('"lon": "-2.16249"', '"lon": "2.16249"'),
        6,
        "properties.lon",
        "outside its own polygon",
    ),
    (
        "ward centroid far north of its polygon",
        WARDS,
        replace('"lat": "53.37233"', '"lat": "53.47233"'),
        6,
        "properties.lat",
        "outside its own polygon",
    ),
    (
        "ward polygon of a few square metres",
        WARDS,
        on_line_holding('"E05015014"', geometry(TINY)),
        6,
        "geometry.coordinates",
        "too small",
    ),
    (
        "two wards with identical geometry",
        WARDS,
        geometry_of(6),
        7,
        "geometry.coordinates",
        "same geometry as feature 1",
    ),
    ("fact value 1e308", FACTS, replace(",capital_cost,140,", ",capital_cost,1e308,"), 2, "value", "above"),
    ("fact value negative", FACTS, replace(",capital_cost,140,", ",capital_cost,-140,"), 2, "value", "below"),
    ("fact value nan", FACTS, replace(",capital_cost,140,", ",capital_cost,nan,"), 2, "value", "not a number"),
    ("fact percentage over 100", FACTS, replace(",87,percent,", ",187,percent,"), None, "value", "above"),
    ("fact year in the future", FACTS, replace(",2016,year,", ",2099,year,"), None, "value", "above"),
    (
        "ELS lower limit above upper",
        ELS,
        line(12, lambda l: l.replace(b"%,,,", b"%,99,1,")),
        12,
        "lci_95",
        "lower confidence limit",
    ),
    (
        "ELS upper limit below the figure",
        ELS,
        line(12, lambda l: l.replace(b"%,,,", b"%,90,94,")),
        12,
        "uci_95",
        "upper confidence limit",
    ),
    (
        "ELS lower limit above the figure",
        ELS,
        line(12, lambda l: l.replace(b"%,,,", b"%,95,99,")),
        12,
        "lci_95",
        "lower confidence limit",
    ),
    (
        "ELS number with an underscore",
        ELS,
        replace(OBS, OBS.replace("94.9", "9_4.9")),
        12,
        "observation",
        "'9_4.9' is not a number",
    ),
    (
        "ELS smart city nan",
        SMART,
        replace(EV, EV.replace("165.8731362472405", "nan")),
        2,
        "observation",
        "not a number",
    ),
    (
        "file 1 decile not the rank's",
        IMD1,
        replace('"14,712",5', '"14,712",1'),
        2,
        "Index of Multiple Deprivation (IMD) Decile",
        "decile 1 does not match rank 14,712",
    ),
    (
        "file 2 income decile not the rank's",
        IMD2,
        replace(",14712,5,18524,6,", ",14712,5,18524,1,"),
        2,
        "Income Decile",
        "decile 1 does not match rank 18,524",
    ),
    (
        "history number with an underscore",
        HISTORY,
        replace(HIST, HIST.replace("99.98", "9_9.98")),
        2,
        "observation",
        "not a number",
    ),
    (
        "stray carriage return inside a row",
        LOOKUP,
        line(3, lambda l: l.replace(b",", b",\r", 1)),
        3,
        None,
        "line endings",
    ),
]
CASES = CASES + GENERATED + FIGURES + HOLES


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    db = tmp_path_factory.mktemp("live") / "live.duckdb"
    build(db)
    return db


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_malformed_input_is_rejected_and_nothing_changes(case, live, raw_copy):
    _, name, edit, row, column, words = case
    path = raw_copy / name
    path.write_bytes(edit(path.read_bytes()))
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    with pytest.raises(InputError) as info:
        build(live, raw_copy)
    err = info.value
    assert err.file == name, str(err)
    if row == ABSENT:
        assert err.row is None and "is missing" in err.message, str(err)
    else:
        assert err.row is not None if row is None else err.row == row, str(err)
    if column is not None:
        assert err.column is not None and err.column.startswith(column), str(err)
    assert words in err.message, str(err)
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    assert not list(live.parent.glob(".*building*"))


def test_the_corpus_has_at_least_thirty_cases():
    assert len(CASES) >= 30


def test_every_file_that_covers_an_area_set_has_a_missing_and_a_repeated_area_case():
    names = {c[0] for c in GENERATED}
    for s in OFFICIAL.values():
        for area_set in list(s.covers)[:1]:
            if area_set != "lad":
                assert {f"{s.id}: {COVERAGE[area_set][0]} missing", f"{s.id}: {COVERAGE[area_set][0]} twice"} <= names


def test_every_boundary_file_has_each_kind_of_invalid_geometry():
    names = {c[0] for c in GENERATED}
    for s in BOUNDARIES:
        for kind in (
            "self-intersecting polygon",
            "NaN coordinate",
            "coordinate out of range",
            "British National Grid declared",
        ):
            assert f"{s.id}: {kind}" in names
