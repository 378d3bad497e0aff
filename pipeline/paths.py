"""Where things live: the repo's data folder, the live database, the fetched raw files."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
MANIFEST = "manifest.json"


def database_path() -> Path:
    """The live database; ONE_STOCKPORT_DB overrides (tests and deployments point it elsewhere)."""
    return Path(os.environ.get("ONE_STOCKPORT_DB", DATA_DIR / "onestockport.duckdb"))


def raw_dir(data_dir: Path = DATA_DIR) -> Path:
    return data_dir / "raw"


def default_dir(data_dir: Path = DATA_DIR) -> Path:
    return data_dir / "default"


def fetched_raw_dir(data_dir: Path = DATA_DIR) -> Path | None:
    """data/raw when `python -m cli fetch` has filled it (it writes a manifest), else None."""
    raw = raw_dir(data_dir)
    return raw if (raw / MANIFEST).exists() else None
