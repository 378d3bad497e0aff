"""Shared read-only connections: a published build is opened once per process; anything else per query."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pytest

from pipeline.store import readers, releases
from pipeline.build.database import build
from pipeline.store.queries import Database


@pytest.fixture(autouse=True)
def counted_opens(monkeypatch):
    """Every file readers opens, in order; the pool starts and ends empty."""
    readers.close_all()
    opened: list[str] = []
    real = duckdb.connect

    def connect(database, *args, **kwargs):
        opened.append(str(database))
        return real(database, *args, **kwargs)

    monkeypatch.setattr(readers.duckdb, "connect", connect)
    yield opened
    readers.close_all()


def _file(path, value: int):
    con = duckdb.connect(str(path))
    con.execute("create table t as select ? as v", [value])
    con.close()
    return path


def _builds(tmp_path, n: int):
    folder = tmp_path / "live.builds"
    folder.mkdir()
    return [_file(folder / f"2026112500000{i}.duckdb", i) for i in range(n)]


@pytest.mark.slow
def test_a_published_build_is_opened_once_and_every_query_shares_it(tmp_path, counted_opens):
    live = tmp_path / "live.duckdb"
    build(live)
    pinned = Database(live).pinned()
    counted_opens.clear()
    for _ in range(3):
        assert len(pinned.wards()) == 21
    pinned.build_info()
    pinned.risk_inputs()
    assert counted_opens == [str(pinned.path)]
    assert readers.open_builds() == [str(pinned.path)]


def test_the_live_name_reads_the_build_it_points_at_at_each_query_through_that_builds_connection(
    tmp_path, counted_opens
):
    live = tmp_path / "live.duckdb"
    first = build(live).build_id
    counted_opens.clear()
    assert Database(live).build_info()["build_id"] == first
    assert Database(live).build_info()["build_id"] == first
    assert counted_opens == [str(releases.resolve(live))]  # opened once, shared
    second = build(live).build_id
    assert Database(live).build_info()["build_id"] == second  # the next query follows the link
    assert readers.open_builds() == [str(p) for p in releases.builds(live)]


def test_other_files_are_opened_per_query(tmp_path, counted_opens):
    path = _file(tmp_path / "db.duckdb", 1)
    counted_opens.clear()
    Database(path).query("select v from t")
    Database(path).query("select v from t")
    assert counted_opens == [str(path), str(path)]
    assert readers.open_builds() == []


def test_a_file_replaced_under_the_same_name_is_read_afresh(tmp_path):
    # A connection kept open across the replace would go on reading the old file: DuckDB keeps one
    # instance per file name.
    path = _file(tmp_path / "db.duckdb", 1)
    assert Database(path).query("select v from t").v.tolist() == [1]
    os.replace(_file(tmp_path / "next.duckdb", 2), path)
    assert Database(path).query("select v from t").v.tolist() == [2]


def test_only_the_latest_builds_stay_open_and_one_still_in_use_closes_after_its_query(tmp_path, counted_opens):
    files = _builds(tmp_path, readers.KEEP_OPEN + 2)
    with readers.connect(files[0]) as first:
        for f in files[1:]:
            with readers.connect(f) as con:
                assert con.execute("select v from t").fetchone()[0] == int(f.stem[-1])
        assert readers.open_builds() == [str(f) for f in files[-readers.KEEP_OPEN :]]
        # retired while this query was still running: it goes on working until the block ends
        assert first.execute("select v from t").fetchone()[0] == 0
    with pytest.raises(duckdb.ConnectionException):
        first.execute("select 1")
    counted_opens.clear()
    with readers.connect(files[0]) as again:  # no longer held: opened anew
        assert again.execute("select v from t").fetchone()[0] == 0
    assert counted_opens == [str(files[0])]


def test_using_a_build_moves_it_to_the_back_of_the_queue(tmp_path):
    files = _builds(tmp_path, readers.KEEP_OPEN + 1)
    for f in files[:-1]:
        with readers.connect(f):
            pass
    with readers.connect(files[0]):
        pass
    with readers.connect(files[-1]):
        pass
    assert str(files[0]) in readers.open_builds()
    assert str(files[1]) not in readers.open_builds()


@pytest.mark.slow
def test_many_threads_query_one_shared_build_at_once(tmp_path, counted_opens):
    live = tmp_path / "live.duckdb"
    build(live)
    pinned = Database(live).pinned()
    expected = pinned.wards()
    counted_opens.clear()

    def read(_):
        return pinned.wards().equals(expected)

    with ThreadPoolExecutor(8) as pool:
        assert all(pool.map(read, range(200)))
    assert counted_opens == []  # all on the one open connection
