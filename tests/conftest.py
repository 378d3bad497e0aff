"""Shared fixtures: the official Stockport extracts bundled in data/default, and builds in temp folders
(the two session builds made once per run, whatever the number of xdist workers)."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path
from typing import Callable

import pytest

from pipeline import clock

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "default"

# Time is an input: every test reads this day from the one clock (servers the tests start inherit it),
# whatever day the suite runs. tests/test_calendar.py moves it to the days the calendar turns on.
TEST_DAY = "2026-12-05"
os.environ[clock.ENV] = TEST_DAY


def pytest_ignore_collect(collection_path, config):
    """The fast subset (-m "not e2e and not slow") runs no browser test: its workers need not import them."""
    if collection_path.name == "e2e" and "not e2e" in (config.option.markexpr or ""):
        return True
    return None


@pytest.hookimpl(tryfirst=True)  # before -m deselects by mark
def pytest_collection_modifyitems(items):
    for item in items:
        # Under xdist (`-n auto`, with pytest.ini's --dist loadgroup) the tests marked serial share one
        # worker and so run one after another, never two crowds or timed waits at once.
        if item.get_closest_marker("serial"):
            item.add_marker(pytest.mark.xdist_group("serial"))
        # A test that reads the whole public export waits about 10 s for it to be made: not a fast one.
        if "default_export" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def published_copy(db: Path, folder: Path, name: str = "app") -> Path:
    """A copy of `db` published in `folder` as a build is (the live name `<name>.duckdb` pointing into its
    builds folder), for a test that needs a published build but not to make one: a copy takes milliseconds,
    a build a second or two."""
    from pipeline.store import releases

    folder.mkdir(parents=True, exist_ok=True)
    live, finished = folder / f"{name}.duckdb", folder / f"{name}.finished.duckdb"
    shutil.copy(db, finished)
    releases.publish(finished, live, f"test-{folder.name}")
    return live


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


def _made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder `name` that `make(folder)` filled once for the whole run: under xdist the first worker to
    ask makes it in the run's shared temp folder while the others wait on a file lock, then all read it
    (nothing in these folders is written again: builds are opened read-only, and no test writes to them)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # pytest-N/, above each worker's popen-gwK/
    folder, done = root / name, root / f"{name}.done"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a maker that failed left
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def _built_once(tmp_path_factory, name: str, make: Callable[[Path, Path], None]) -> Path:
    """`make(folder, db)` run once for the whole run (_made_once): the database it built."""
    return _made_once(tmp_path_factory, name, lambda folder: make(folder, folder / f"{name}.duckdb")) / f"{name}.duckdb"


@pytest.fixture(scope="session")
def official_db(tmp_path_factory, raw_dir) -> Path:
    """A build of the same official files from another folder, as `build --raw DIR` makes it."""
    from pipeline.build.database import build

    def make(folder: Path, db: Path) -> None:
        shutil.copytree(raw_dir, folder / "raw")
        build(db, folder / "raw")

    return _built_once(tmp_path_factory, "official", make)


@pytest.fixture(scope="session")
def default_db(tmp_path_factory) -> Path:
    """A build of the bundled default (data/default), as the first start makes it."""
    from pipeline.build.database import build

    return _built_once(tmp_path_factory, "default", lambda _, db: build(db))


@pytest.fixture(scope="session")
def default_export(tmp_path_factory, default_db) -> Path:
    """The public export (`export-public`) of the bundled default's build on the tests' day, made once for the
    whole run: the export's tests, the static embeds' and the browser's read it; none changes it."""
    from publish.export_public import export_public

    return (
        _made_once(tmp_path_factory, "export", lambda folder: export_public(folder / "public", default_db)) / "public"
    )


@pytest.fixture()
def small_lsoa_db(tmp_path, raw_copy) -> Path:
    """A build from the real files with one LSOA's 65+ count made small (1), so disclosure
    control has to suppress it (and a partner cell) in every view."""
    from pipeline.build.database import build

    path = raw_copy / "stockport_census2021_rm121_age65plus_lsoa21.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("E01005886 : Stockport 001A,1467,7,40,48,34,24,13", "E01005886 : Stockport 001A,1467,1,2,1,1,0,0"),
        encoding="utf-8",
    )
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
