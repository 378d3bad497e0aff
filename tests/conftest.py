"""Shared fixtures: the official Stockport extracts bundled in data/default, and builds in temp folders."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline import clock

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "default"

# Time is an input: every test reads this day from the one clock (servers the tests start inherit it),
# whatever day the suite runs. tests/test_calendar.py moves it to the days the calendar turns on.
TEST_DAY = "2026-12-05"
os.environ[clock.ENV] = TEST_DAY


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The official files, as the default build reads them (the repository alone is enough)."""
    assert (RAW / "SOURCES.md").exists(), f"the official files are expected in {RAW}"
    return RAW


@pytest.fixture()
def raw_copy(tmp_path, raw_dir) -> Path:
    """A writable copy of the official files, for tests that break one of them."""
    dest = tmp_path / "raw"
    shutil.copytree(raw_dir, dest)
    for f in dest.iterdir():
        f.chmod(0o644)
    return dest


@pytest.fixture(scope="session")
def official_db(tmp_path_factory, raw_dir) -> Path:
    """A build of the same official files from another folder, as `build --raw DIR` makes it."""
    from pipeline.build.database import build
    folder = tmp_path_factory.mktemp("official")
    shutil.copytree(raw_dir, folder / "raw")
    db = folder / "official.duckdb"
    build(db, folder / "raw")
    return db


@pytest.fixture(scope="session")
def default_db(tmp_path_factory) -> Path:
    from pipeline.build.database import build
    db = tmp_path_factory.mktemp("default") / "default.duckdb"
    build(db)
    return db


@pytest.fixture()
def small_lsoa_db(tmp_path, raw_copy) -> Path:
    """A build from the real files with one LSOA's 65+ count made small (1), so disclosure
    control has to suppress it (and a partner cell) in every view."""
    from pipeline.build.database import build
    path = raw_copy / "stockport_census2021_rm121_age65plus_lsoa21.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("E01005886 : Stockport 001A,1467,7,40,48,34,24,13",
                                 "E01005886 : Stockport 001A,1467,1,2,1,1,0,0"), encoding="utf-8")
    db = tmp_path / "small-lsoa.duckdb"
    build(db, raw_copy)
    return db


@pytest.fixture()
def pinned_run(monkeypatch) -> dict:
    """The Streamlit layer's code called outside a page run, as in a run pinned to build "build-1" for the
    public on the tests' day (set "build" or "audience" to move it); the one cache empty before and after."""
    from ui import cache, data
    run = {"build": ("build-1",), "audience": "public"}
    monkeypatch.setattr(data, "run", lambda: cache.Run(run["build"], run["audience"], clock.today()))
    cache.clear()
    yield run
    cache.clear()
