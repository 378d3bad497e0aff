"""The marts are the SQL files in pipeline/marts, run by the build in the order of their numbers."""
from __future__ import annotations


import duckdb
import pytest

from pipeline.build import marts
from pipeline.errors import BuildError
from pipeline.store.queries import Database


def test_every_mart_file_is_run_once_in_the_order_of_its_number(default_db):
    files = sorted(p.name for p in marts.FOLDER.glob("*.sql"))
    logged = Database(default_db).query("select message from build_log where stage = 'mart' order by step")
    assert logged.message.tolist() == files
    numbers = [int(name[:2]) for name in files]
    assert numbers == sorted(set(numbers)) and "10_figures.sql" in files


def test_the_figures_mart_has_one_row_per_observation_and_dates_each_latest_figure(default_db):
    db = Database(default_db)
    counts = db.query("""select (select count(*) from observations) as observations, (select count(*) from figures) as figures,
        (select count(*) from freshness) as dated, (select count(*) from figures where latest) as latest""").iloc[0]
    assert counts.figures == counts.observations and counts.latest == counts.dated
    # The index's figures are there too (the risk index is added before the figures mart runs).
    assert db.query("select count(*) as n from figures where source_id = 'exclusion_risk_index'").n[0] > 0


@pytest.mark.parametrize("names, problem", [
    (["01_areas.sql", "figures.sql"], "not named NN_table.sql"),
    (["1_areas.sql"], "not named NN_table.sql"),
    (["01_areas.sql", "01_observations.sql"], "share the number 01"),
])
def test_a_mart_file_the_build_cannot_place_stops_it(tmp_path, names, problem):
    for name in names:
        (tmp_path / name).write_text("select 1 as x", encoding="utf-8")
    with pytest.raises(BuildError, match=problem):
        marts.ordered(tmp_path)


def test_parameters_are_bound_not_pasted_and_a_missing_one_is_named(tmp_path):
    (tmp_path / "01_info.sql").write_text("select $key as key, $value as value;\n", encoding="utf-8")
    con = duckdb.connect()
    con.execute("create table info (key varchar, value varchar)")
    hostile = "x'); drop table info; --"
    marts.run(con, {"key": "raw_dir", "value": hostile, "unused": 1}, folder=tmp_path)
    assert con.execute("select value from info").fetchall() == [(hostile,)]
    with pytest.raises(BuildError, match=r"01_info.sql: parameter\(s\) value not given"):
        marts.run(con, {"key": "k"}, folder=tmp_path)


def test_a_python_step_runs_just_before_its_mart_and_one_for_no_mart_is_refused(tmp_path):
    (tmp_path / "01_first.sql").write_text("select 1 as n", encoding="utf-8")
    (tmp_path / "02_second.sql").write_text("select count(*) as n from first", encoding="utf-8")
    con = duckdb.connect()
    con.execute("create table first (n integer); create table second (n integer)")
    seen = []
    marts.run(con, {}, before={"second": lambda: seen.append(con.execute("select count(*) from first").fetchall())},
              folder=tmp_path)
    assert seen == [[(1,)]] and con.execute("select n from second").fetchall() == [(1,)]
    with pytest.raises(BuildError, match="no mart file fills third"):
        marts.run(con, {}, before={"third": lambda: None}, folder=tmp_path)
