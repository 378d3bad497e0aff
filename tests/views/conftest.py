"""One way to start the dashboard under Streamlit's AppTest, shared by the page tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.store.queries import Database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def make_app(tmp_path, monkeypatch) -> Callable[..., AppTest]:
    """make_app(db, **env) -> an AppTest of dashboard.py on a copy of `db` with ONE_STOCKPORT_* settings
    from `env` (None unsets one); `at.db` reads the copy."""
    monkeypatch.chdir(ROOT)

    def make(db: Path, **env: str | None) -> AppTest:
        copy = tmp_path / "app.duckdb"
        shutil.copy(db, copy)
        monkeypatch.setenv("ONE_STOCKPORT_DB", str(copy))
        for name, value in env.items():
            if value is None:
                monkeypatch.delenv(f"ONE_STOCKPORT_{name}", raising=False)
            else:
                monkeypatch.setenv(f"ONE_STOCKPORT_{name}", value)
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.db = Database(copy)
        return at

    return make
