"""The marts are the SQL files in pipeline/build/marts, run by the build in the order of their numbers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.build import marts
from pipeline.errors import BuildError
from pipeline.store.queries import Database


def test_every_mart_file_is_run_once_in_the_order_of_its_number(default_db):
    files = sorted(p.name for p in marts.FOLDER.glob("*.sql"))
    logged = Database(default_db).query("select message from build_log where stage = 'mart' order by step")
    assert logged.message.tolist() == files
    numbers = [int(name[:2]) for name in files]
    assert numbers == sorted(set(numbers)) and "12_figures.sql" in files


def test_the_figures_mart_has_one_row_per_observation_and_dates_each_latest_figure(default_db):
    db = Database(default_db)
    counts = db.query("""select (select count(*) from observations) as observations, (select count(*) from figures) as figures,
        (select count(*) from freshness) as dated, (select count(*) from figures where latest) as latest""").iloc[0]
    assert counts.figures == counts.observations and counts.latest == counts.dated
    # The index's figures are there too (scored from `published` just before the observations mart runs).
    assert db.query("select count(*) as n from figures where source_id = 'exclusion_risk_index'").n[0] > 0


@pytest.mark.parametrize(
    "names, problem",
    [
        (["01_areas.sql", "figures.sql"], "not named NN_table.sql"),
        (["1_areas.sql"], "not named NN_table.sql"),
        (["01_areas.sql", "01_observations.sql"], "share the number 01"),
    ],
)
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


def test_a_python_step_runs_just_before_its_mart_and_hands_over_relations_without_writing(tmp_path):
    (tmp_path / "01_first.sql").write_text("select 1 as n", encoding="utf-8")
    (tmp_path / "02_second.sql").write_text(
        "select n + (select count(*) from first) as n from step_rows", encoding="utf-8"
    )
    con = duckdb.connect()
    con.execute("create table first (n integer); create table second (n integer)")
    seen = []

    def step():
        seen.append(con.execute("select count(*) from first").fetchall())
        return {"step_rows": pd.DataFrame({"n": [10, 20]})}

    marts.run(con, {}, before={"second": step}, folder=tmp_path)
    assert seen == [[(1,)]] and con.execute("select n from second order by n").fetchall() == [(11,), (21,)]
    with pytest.raises(duckdb.CatalogException):  # the relation lived only for the run
        con.execute("select * from step_rows")
    with pytest.raises(BuildError, match="no mart file fills third"):
        marts.run(con, {}, before={"third": lambda: {}}, folder=tmp_path)


def test_every_mart_file_says_what_fills_its_table_and_the_build_writes_no_mart_row_itself():
    """The marts' tables are described by their files: no Python insert or update into a mart table
    (staging tables and the build log are the build's own)."""
    import re
    from pipeline.build import database

    code = Path(database.__file__).read_text(encoding="utf-8")
    tables = {m.table for m in marts.ordered()}
    written = set(re.findall(r"(?:insert into|update|delete from)\s+(\w+)", code)) | set(
        re.findall(r"insert_rows\(con, \"(\w+)\"", code)
    )
    assert tables and not written & tables, written & tables


def test_every_column_of_every_mart_table_is_named_in_its_file():
    """A reader learns a mart table's columns from its file: no `select *` hands them over unnamed."""
    import re
    from pipeline.store.schema import CORE_DDL

    declared = {
        m.group(1): [
            c.strip().split()[0] for c in re.sub(r"primary key \([^)]*\)", "", m.group(2)).split(",") if c.strip()
        ]
        for m in re.finditer(r"create table (\w+) \((.*?)\);", CORE_DDL, re.S)
    }
    unnamed = {m.table: [c for c in declared[m.table] if not re.search(rf"\b{c}\b", m.sql())] for m in marts.ordered()}
    assert {t: c for t, c in unnamed.items() if c} == {}
