"""Shared fixtures: the real official files in ../shared/data/raw, and builds in temp folders."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT.parent / "shared" / "data" / "raw"


@pytest.fixture(scope="session")
def raw_dir() -> Path:
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
    from pipeline.build import build
    db = tmp_path_factory.mktemp("official") / "official.duckdb"
    build(db, raw_dir)
    return db


@pytest.fixture(scope="session")
def default_db(tmp_path_factory) -> Path:
    from pipeline.build import build
    db = tmp_path_factory.mktemp("default") / "default.duckdb"
    build(db)
    return db


@pytest.fixture()
def small_lsoa_db(tmp_path, raw_copy) -> Path:
    """A build from the real files with one LSOA's 65+ count made small (1), so disclosure
    control has to suppress it (and a partner cell) in every view."""
    from pipeline.build import build
    path = raw_copy / "stockport_census2021_rm121_age65plus_lsoa21.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("E01005886 : Stockport 001A,1467,7,40,48,34,24,13",
                                 "E01005886 : Stockport 001A,1467,1,2,1,1,0,0"), encoding="utf-8")
    db = tmp_path / "small-lsoa.duckdb"
    build(db, raw_copy)
    return db
