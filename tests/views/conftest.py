"""One way to start the dashboard under Streamlit's AppTest, shared by the page tests."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, Iterator

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.store import releases
from pipeline.store.queries import Database
from tests.conftest import published_copy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True, scope="session")
def _components_scanned_once():
    """Every new AppTest scans the metadata of every installed package for Streamlit components on its
    first run (~0.3 s a test; a server does it once at start). The packages cannot change during a test
    run, so the scan is made once. monkeypatch fails here if Streamlit renames the function."""
    from streamlit.components.v2 import manifest_scanner

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            manifest_scanner, "scan_component_manifests", functools.cache(manifest_scanner.scan_component_manifests)
        )
        yield


# Builds published once per worker for the tests that only read them: {source database: its live name}.
_SHARED: dict[Path, Path] = {}


def _state(live: Path) -> tuple:
    """What a test that only reads leaves as it found: the build the live name points at, and its bytes."""
    build = releases.resolve(live)
    return build, build.stat().st_mtime_ns, build.stat().st_size


@pytest.fixture()
def make_app(tmp_path, tmp_path_factory, monkeypatch) -> Iterator[Callable[..., AppTest]]:
    """make_app(db, private=False, **env) -> an AppTest of dashboard.py on a published copy of `db`, with
    ONE_STOCKPORT_* settings from `env` (None unsets one); `at.db` reads the copy through its live name.

    The copy is shared by the worker's tests, so the one cache (keyed on the build) stays warm between them
    as it does between a server's sessions: a test that counts what a run builds clears it first. A test
    that writes to the database, or has the app rebuild it, asks for a private copy; one that changes the
    shared copy fails, and the next test gets a new one."""
    monkeypatch.chdir(ROOT)
    shared: dict[Path, tuple] = {}

    def make(db: Path, private: bool = False, **env: str | None) -> AppTest:
        if private:
            live = published_copy(db, tmp_path / "app")
        else:
            key = Path(db).resolve()
            if key not in _SHARED:
                _SHARED[key] = published_copy(db, tmp_path_factory.mktemp("shared-app"))
            live = _SHARED[key]
            shared[key] = _state(live)
        monkeypatch.setenv("ONE_STOCKPORT_DB", str(live))
        for name, value in env.items():
            if value is None:
                monkeypatch.delenv(f"ONE_STOCKPORT_{name}", raising=False)
            else:
                monkeypatch.setenv(f"ONE_STOCKPORT_{name}", value)
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.db = Database(live)
        return at

    yield make
    changed = [key for key, before in shared.items() if _state(_SHARED[key]) != before]
    for key in changed:
        del _SHARED[key]
    if changed:
        pytest.fail("this test changed the shared database: ask make_app(db, private=True) for a copy of its own")
