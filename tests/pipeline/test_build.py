"""Builds from the real official files and from the bundled default; atomic replacement."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import json

import duckdb
import pytest
from shapely.ops import unary_union
from shapely.validation import make_valid

from pipeline.build.database import build
from pipeline.errors import InputError
from pipeline.store.queries import Database

ROOT = Path(__file__).resolve().parents[2]
WARDS_2023 = {f"E050150{n}" for n in range(14, 35)}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_official_build_has_the_21_current_wards_with_official_shapes(official_db):
    wards = Database(official_db).wards()
    assert set(wards.code) == WARDS_2023
    assert set(wards.geometry_kind) == {"official"}
    assert "Brinnington & Stockport Central" in set(wards.name)


def test_every_lsoa_lands_in_exactly_one_ward(official_db):
    db = Database(official_db)
    lsoas = db.query("select code from areas where type = 'lsoa' and current")
    assert len(lsoas) == 191
    ward_pop = db.query("""select count(*) as wards, sum(value) as residents from observations o
        join areas a on a.code = o.area_code where a.type = 'ward' and indicator_id = 'population' and period = '2021'""")
    lsoa_pop = db.query("""select sum(value) as residents from observations o join areas a on a.code = o.area_code
        where a.type = 'lsoa' and indicator_id = 'population'""")
    assert ward_pop.wards[0] == 21
    assert ward_pop.residents[0] == lsoa_pop.residents[0]  # each LSOA counted once


def test_ward_totals_add_up_to_the_borough_within_census_perturbation(official_db):
    db = Database(official_db)
    borough = db.series("population", ["E08000007"]).set_index("period").value["2021"]
    wards = db.latest_values("population", "ward").value.sum()
    assert borough == 294766
    # Census 2021 counts are perturbed per area: LSOA sums may differ from the LA total slightly.
    assert abs(wards - borough) / borough < 0.001
    older = db.latest_values("age_65plus_count", "ward").value.sum()
    assert abs(older - 59277) / 59277 < 0.002


def test_most_deprived_lsoas_by_ward_add_up_to_mhclg_proportion(official_db):
    db = Database(official_db)
    wards = db.latest_values("lsoas_most_deprived_decile", "ward")
    assert len(wards) == 21
    assert wards.value.sum() == round(0.0895 * 190) == 17  # MHCLG: 8.95% of 190 LSOAs
    assert wards.iloc[0].area_name == "Brinnington & Stockport Central"


def test_split_lsoa_children_inherit_the_2011_score(official_db):
    db = Database(official_db)
    scores = db.query("""select area_code, value, note from observations where indicator_id = 'imd_score'
        and area_code in ('E01033947', 'E01033948')""")
    assert list(scores.value) == [72.065, 72.065]  # E01005758's IoD2019 score
    assert all("E01005758" in n for n in scores.note)


def test_ward_imd_score_is_population_weighted(official_db):
    db = Database(official_db)
    lsoa = db.query(
        """select w.ward_code, sum(s.value * p.value) / sum(p.value) as expected
        from (select * from observations where indicator_id = 'imd_score' and period = '2019') s
        join (select * from observations where indicator_id = 'population' and period = '2021') p using (area_code)
        join read_csv($lookup) l on l.lsoa21cd = s.area_code
        join (select lsoa21cd, wd25cd as ward_code from read_csv($lookup)) w on w.lsoa21cd = s.area_code
        group by w.ward_code""",
        {"lookup": str(ROOT / "data/default/stockport_lsoa21_to_ward25_best_fit_lookup.csv")},
    )
    wards = db.latest_values("imd_score", "ward").set_index("area_code").value
    for row in lsoa.itertuples():
        assert wards[row.ward_code] == pytest.approx(row.expected, abs=0.01)


def test_ofcom_revisions_use_the_latest_release_and_say_so(official_db):
    db = Database(official_db)
    series = db.series("gigabit_broadband", ["E08000007"]).set_index("period")
    assert list(series.index) == [
        "2022-09",
        "2023-01",
        "2023-05",
        "2023-09",
        "2024-01",
        "2024-07",
        "2025-01",
        "2025-07",
        "2026-01",
    ]
    # Stockport's January 2025 figure was never revised: ONS's first and last listings agree.
    assert series.value["2025-01"] == 94.2 and series.note["2025-01"] == "ONS release of 2025-06-04 (759118c7)"
    assert series.value["2026-01"] == 94.9 and series.source_id["2026-01"] == "ofcom_els_comparators"
    assert series.note["2026-01"].startswith("ONS release of 2026-05-19")
    # The North West's was: ONS revised it in July 2025 and the next release still listed the new value.
    north_west = db.series("gigabit_broadband", ["E12000002"]).set_index("period")
    assert north_west.value["2025-01"] == 88.1
    # Dated by the day ONS's main branch carried each value (the recompiled history of 2026-12-05).
    assert north_west.note["2025-01"] == (
        "ONS release of 2025-07-16 (d87e95ec), revising 90 in the ONS release of 2025-06-04 (759118c7)"
    )
    assert (
        db.query(
            "select count(*) as n from observations where source_id like 'ofcom_els_%' and "
            "not starts_with(note, 'ONS release of ')"
        ).n[0]
        == 0
    )  # every Ofcom figure names its release


HISTORY = "ons_els_ofcom_connectivity_timeseries_compiled.csv"


def test_no_5g_figure_for_september_2023_which_ons_never_published(official_db, raw_dir):
    # An unmerged pull-request branch once carried 5G figures dated 2023-09; ONS's main branch never did.
    # The bundled history is compiled from main alone, so no chart, CSV, export or report can show one.
    assert ",2023-09," not in "".join(
        line for line in (raw_dir / HISTORY).read_text(encoding="utf-8").splitlines(True) if line.startswith("5g_")
    )
    db = Database(official_db)
    assert (
        db.query(
            "select count(*) as n from observations where indicator_id = 'coverage_5g' and period like '2023-09%'"
        ).n[0]
        == 0
    )
    periods = list(db.series("coverage_5g", ["E08000007"]).period)
    assert periods == ["2024-01", "2024-09", "2025-01", "2025-07", "2026-01"]


def _misdated_release_rows(text: str) -> str:
    """The 18 rows ONS's 'WIP' release of 2026-01-12 held (removed from the compiled file on
    2026-11-26): the July 2025 figures dated 2025-01-15, where they differ from that date's."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(text)))
    listed = {(r["metric"], r["areacd"], r["observation"]) for r in rows if r["period"] == "2025-01-15"}
    wrong = [
        {**r, "period": "2025-01-15", "source_commit": "4182826c" + "0" * 32, "source_commit_date": "2026-01-12"}
        for r in rows
        if r["period"] == "2025-07-01" and (r["metric"], r["areacd"], r["observation"]) not in listed
    ]
    out = io.StringIO()
    csv.DictWriter(out, list(rows[0]), lineterminator="\n").writerows(wrong)
    assert len(wrong) == 18
    return out.getvalue()


@pytest.mark.slow
def test_a_later_period_published_under_an_earlier_date_is_not_a_revision(tmp_path, raw_copy):
    path = raw_copy / HISTORY
    path.write_text(
        path.read_text(encoding="utf-8") + _misdated_release_rows(path.read_text(encoding="utf-8")), encoding="utf-8"
    )
    report = build(tmp_path / "db.duckdb", raw_copy)
    db = Database(tmp_path / "db.duckdb")
    stockport = db.series("gigabit_broadband", ["E08000007"]).set_index("period")
    assert stockport.value["2025-01"] == 94.2  # not 94.4, July 2025's figure
    assert stockport.value["2025-07"] == 94.4
    assert "94.4" not in stockport.note["2025-01"] and "4182826c" not in stockport.note["2025-01"]
    assert db.series("gigabit_broadband", ["E12000002"]).set_index("period").value["2025-01"] == 88.1
    assert db.series("coverage_5g", ["E12000002"]).set_index("period").value["2025-01"] == 75.3
    assert any(
        "18 figure(s) of the ONS release of 2026-01-12 (4182826c) dated 2025-01 are the 2025-07 figures" in m
        for m in report.messages
    )


def test_sources_carry_checksums_and_attribution(official_db):
    sources = Database(official_db).sources().set_index("id")
    raw = ROOT / "data/default/stockport_wards_2023_bgc.geojson"
    assert sources.sha256["ons_wards_2023"] == _sha(raw)
    assert "Open Government Licence" in sources.attribution["ofcom_els_comparators"]
    assert sources.attribution["mysociety_imd"].startswith("mySociety")


def test_projects_register_keeps_conflicting_figures_visible(official_db):
    projects = Database(official_db).projects().set_index("project_id")
    assert projects.capital_cost_gbp_m["P01"] == 140
    assert "£120m" in projects.capital_cost_note["P01"]
    assert projects.ward_name["P01"] == "Brinnington & Stockport Central"


MARTS = (
    "areas",
    "observations",
    "indicators",
    "sources",
    "projects",
    "facts",
    "age_bands",
    "lsoa_ward",
    "freshness",
    "targets",
)


@pytest.mark.slow
def test_default_build_is_the_official_figures_with_official_boundaries(default_db, official_db):
    default, official = Database(default_db), Database(official_db)
    assert default.build_info()["mode"] == "bundled" and official.build_info()["mode"] == "fetched"
    # The same files through the same adapters: every mart is identical, row for row.
    for table in MARTS:
        a, b = (db.query(f"select * from {table} order by all") for db in (default, official))
        assert len(a) > 0 and a.equals(b), table
    assert len(default.query("select * from observations where status <> 'sample'")) > 3000


@pytest.mark.parametrize("area_type, count", [("ward", 21), ("lsoa", 191)])
def test_default_maps_are_official_polygons_for_every_current_area(default_db, area_type, count):
    from shapely.geometry import shape

    shapes = Database(default_db).area_shapes(area_type)
    assert len(shapes) == count
    assert set(shapes.geometry_kind) == {"official"}
    # Two generalised ONS LSOA outlines touch themselves at a point; make_valid keeps their area.
    polygons = [make_valid(shape(json.loads(g))) for g in shapes.geometry]
    assert all(p.geom_type in ("Polygon", "MultiPolygon") and p.area > 0 for p in polygons)
    # Real boundaries tile the borough: together they cover Stockport's 126 km² with no overlap.
    union = unary_union(polygons)
    assert union.area == pytest.approx(sum(p.area for p in polygons), rel=1e-3)
    borough = make_valid(shape(json.loads(Database(default_db).area_shapes("lad").geometry[0])))
    assert union.symmetric_difference(borough).area < 0.01 * borough.area


def test_default_build_has_every_sourced_fact(default_db, raw_dir):
    import csv

    with open(raw_dir / "stockport_regeneration_and_digital_inclusion_facts.csv", encoding="utf-8-sig") as f:
        ids = [row["fact_id"] for row in csv.DictReader(f)]
    facts = Database(default_db).query("select fact_id from facts order by fact_id")
    assert len(ids) == 49
    assert sorted(facts.fact_id) == sorted(ids)


def test_sample_rows_are_marked_sample_and_internal(default_db):
    db = Database(default_db)
    rows = db.query("select distinct status from observations where source_id = 'inclusion_register'")
    assert list(rows.status) == ["sample"]
    assert db.latest_values("inclusion_residents_supported", "ward", audience="public").empty
    assert len(db.latest_values("inclusion_residents_supported", "ward", audience="internal")) == 21


@pytest.mark.slow
def test_failed_build_leaves_the_live_database_byte_identical(tmp_path, raw_copy):
    db = tmp_path / "live.duckdb"
    build(db)
    before = _sha(db)
    (raw_copy / "stockport_imd2019_file1_imd_rank_decile_lsoa11.csv").write_text("garbage\n", encoding="utf-8")
    with pytest.raises(InputError):
        build(db, raw_copy)
    assert _sha(db) == before
    # No temp file left; the build lock's file stays, as lock files must (removing one races its next user).
    assert sorted(p.name for p in tmp_path.iterdir()) == [".live.duckdb.lock", "live.builds", "live.duckdb", "raw"]
    assert len(list((tmp_path / "live.builds").iterdir())) == 1  # only the good build


@pytest.mark.slow
def test_reader_keeps_its_build_while_a_new_one_replaces_the_file(tmp_path):
    db = tmp_path / "live.duckdb"
    build(db)
    reader = duckdb.connect(str(db), read_only=True)
    old_id = reader.execute("select value from build_info where key = 'build_id'").fetchone()[0]
    version = Database(db).version()
    build(db)  # replaces the file under the open reader
    assert reader.execute("select value from build_info where key = 'build_id'").fetchone()[0] == old_id
    assert reader.execute("select count(*) from observations").fetchone()[0] > 2000
    reader.close()
    fresh = Database(db)
    assert fresh.version() != version
    assert fresh.build_info()["build_id"] != old_id


def _cli(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.mark.slow
def test_cli_build_info_and_check(tmp_path, raw_dir):
    db = tmp_path / "cli.duckdb"
    built = _cli("build", "--raw", str(raw_dir), "--db", str(db))
    assert built.returncode == 0, built.stderr
    assert "[1/" in built.stdout and "ons_wards_2023" in built.stdout and "Done in" in built.stdout
    info = _cli("info", "--db", str(db))
    assert info.returncode == 0 and "observations" in info.stdout and "Ofcom January 2026" in info.stdout
    checked = _cli("check", "--raw", str(raw_dir), env={"ONE_STOCKPORT_DB": str(tmp_path / "none.duckdb")})
    assert checked.returncode == 0 and "nothing written" in checked.stdout
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.slow
def test_cli_bad_input_exits_non_zero_naming_file_row_column(tmp_path, raw_copy):
    db = tmp_path / "cli.duckdb"
    assert _cli("build", "--db", str(db)).returncode == 0
    before = _sha(db)
    path = raw_copy / "ons_els_ofcom_connectivity_stockport_gm_comparators.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace(",94.9,", ",9x.9,"), encoding="utf-8")
    result = _cli("build", "--raw", str(raw_copy), "--db", str(db))
    assert result.returncode == 2
    assert "ons_els_ofcom_connectivity_stockport_gm_comparators.csv, row 12, column 'observation'" in result.stderr
    assert "Nothing was changed" in result.stderr
    assert _sha(db) == before


def test_cli_info_without_database(tmp_path):
    result = _cli("info", "--db", str(tmp_path / "missing.duckdb"))
    assert result.returncode == 1 and "python -m cli build" in result.stderr


def test_a_public_reader_never_returns_internal_indicators(default_db):
    public = Database(default_db, audience="public")
    assert public.latest_values("inclusion_residents_supported", "ward", audience="internal").empty
    assert public.series("inclusion_residents_supported", ["E08000007"], audience="internal").empty
    assert "inclusion_residents_supported" not in set(public.headline(audience="internal").indicator_id)
    assert "inclusion_residents_supported" not in set(
        public.ward_profile("E05015018", audience="internal").indicator_id
    )
    assert set(public.indicators("internal").audience) == {"public"}
    internal = Database(default_db)
    # Nor a source only internal indicators use (the register's sample figures, not official statistics);
    # sources no indicator names (boundaries, lookups, the schemes' facts) stay on the public list.
    only_internal = set(
        internal.indicators("internal").groupby("source_id").audience.agg(set).loc[lambda a: a == {"internal"}].index
    )
    assert only_internal == {"inclusion_register"}
    assert set(public.sources().id) == set(internal.sources().id) - only_internal
    assert not public.sources().attribution.str.startswith("SAMPLE").any()
    assert len(internal.latest_values("inclusion_residents_supported", "ward", audience="internal")) == 21
    with pytest.raises(ValueError):
        Database(default_db, audience="everyone")
