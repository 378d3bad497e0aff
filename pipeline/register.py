"""The officer-maintained digital inclusion programme register: validation, versions, changes.

Officers keep one CSV (see data/inclusion_register_template.csv). Every accepted upload is stored
as a new immutable version in the register folder; `current` names the version the build reads,
and is swapped atomically, so restoring an earlier version is one small write. Until a version is
uploaded, the build reads the shipped, clearly labelled SAMPLE.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from . import paths

COLUMNS = ["month", "ward_code", "partner", "champions_active", "sessions_delivered", "residents_supported",
           "devices_lent", "sims_or_data_gifted", "status"]
COUNTS = COLUMNS[3:8]
KEY = ["month", "ward_code", "partner"]
STATUSES = ("published", "provisional", "sample")
SAMPLE_FILE = "inclusion_register_sample.csv"
TEMPLATE_FILE = "inclusion_register_template.csv"
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Problem:
    row: int | None  # line in the file (the header is line 1)
    column: str | None
    message: str


def register_dir(data_dir: Path = paths.DATA_DIR) -> Path:
    return Path(os.environ.get("ONE_STOCKPORT_REGISTER_DIR", data_dir / "register"))


def validate(raw: bytes, wards: dict[str, str], today: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every row; return the clean rows and every problem found (not just the first).
    `wards` maps current ward codes to names; a ward may be given by code or exact name."""
    problems: list[Problem] = []
    if len(raw) > MAX_BYTES:
        return pd.DataFrame(columns=COLUMNS), [Problem(None, None, f"file is larger than {MAX_BYTES:,} bytes")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        return pd.DataFrame(columns=COLUMNS), [Problem(line, None, "not UTF-8 text (save the file as CSV UTF-8)")]
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return pd.DataFrame(columns=COLUMNS), [Problem(1, c, "column is missing") for c in missing]
    by_name = {name.casefold(): code for code, name in wards.items()}
    today = today or datetime.now(timezone.utc).strftime("%Y-%m")
    rows, first_seen = [], {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(line, None, f"has {len(cells)} cells, the header has {len(header)}"))
            continue
        r = {h: c.strip() for h, c in zip(header, cells)}
        ok = True
        if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", r["month"]):
            problems.append(Problem(line, "month", f"'{r['month'][:40]}' is not a month as YYYY-MM"))
            ok = False
        elif r["month"] > today:
            problems.append(Problem(line, "month", f"{r['month']} is in the future"))
            ok = False
        ward = r["ward_code"] if r["ward_code"] in wards else by_name.get(r["ward_code"].casefold())
        if ward is None:
            problems.append(Problem(line, "ward_code", f"'{r['ward_code'][:40]}' is not one of Stockport's 21 wards"))
            ok = False
        if not r["partner"]:
            problems.append(Problem(line, "partner", "partner organisation is missing"))
            ok = False
        for column in COUNTS:
            value = r[column].replace(",", "")
            if not re.fullmatch(r"\d+", value):
                problems.append(Problem(line, column, f"'{r[column][:40]}' is not a whole number of 0 or more"))
                ok = False
            else:
                r[column] = int(value)
        if r["status"] not in STATUSES:
            problems.append(Problem(line, "status", f"'{r['status'][:40]}' is not one of {', '.join(STATUSES)}"))
            ok = False
        if ward is not None and ok:
            key = (r["month"], ward, r["partner"].casefold())
            if key in first_seen:
                problems.append(Problem(line, "partner", f"duplicate month, ward and partner (first on row {first_seen[key]})"))
                continue
            first_seen[key] = line
            rows.append({**{c: r[c] for c in COLUMNS}, "ward_code": ward})
    if not rows and not problems:
        problems.append(Problem(None, None, "the register has no rows"))
    return pd.DataFrame(rows, columns=COLUMNS), problems


def changes(old: pd.DataFrame, new: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Rows added, changed (same month, ward and partner, different figures) and removed."""
    o, n = old.set_index(KEY), new.set_index(KEY)
    added = n.loc[n.index.difference(o.index)].reset_index()
    removed = o.loc[o.index.difference(n.index)].reset_index()
    both = n.index.intersection(o.index)
    differs = (n.loc[both, COUNTS + ["status"]] != o.loc[both, COUNTS + ["status"]]).any(axis=1)
    changed = n.loc[both][differs].reset_index()
    return {"added": added, "changed": changed, "removed": removed}


@dataclass(frozen=True)
class Version:
    id: str
    path: Path
    rows: int
    current: bool


def versions(folder: Path | None = None) -> list[Version]:
    folder = folder or register_dir()
    current = current_version_id(folder)
    found = sorted((folder / "versions").glob("*.csv")) if (folder / "versions").exists() else []
    return [Version(p.stem, p, sum(1 for _ in p.open(encoding="utf-8")) - 1, p.stem == current) for p in found]


def current_version_id(folder: Path | None = None) -> str | None:
    pointer = (folder or register_dir()) / "current"
    return pointer.read_text(encoding="utf-8").strip() if pointer.exists() else None


def current_file(data_dir: Path = paths.DATA_DIR) -> Path:
    """What the build reads: the current uploaded version, else the shipped SAMPLE."""
    folder = register_dir(data_dir)
    version = current_version_id(folder)
    if version and (folder / "versions" / f"{version}.csv").exists():
        return folder / "versions" / f"{version}.csv"
    return data_dir / SAMPLE_FILE


def store(rows: pd.DataFrame, folder: Path | None = None, who: str = "officer") -> Version:
    """Write validated rows as a new version and make it current."""
    folder = folder or register_dir()
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    who = re.sub(r"[^A-Za-z0-9]+", "-", who)[:40].strip("-") or "officer"
    path = folder / "versions" / f"{stamp}-{who}.csv"
    tmp = path.with_suffix(".tmp")
    rows[COLUMNS].sort_values(KEY).to_csv(tmp, index=False, lineterminator="\n")
    os.replace(tmp, path)
    make_current(path.stem, folder)
    return Version(path.stem, path, len(rows), True)


def make_current(version_id: str, folder: Path | None = None) -> None:
    """Point the register at an existing version (restore), atomically."""
    folder = folder or register_dir()
    if not (folder / "versions" / f"{version_id}.csv").exists():
        raise FileNotFoundError(f"no register version {version_id}")
    tmp = folder / f".current-{os.getpid()}"
    tmp.write_text(version_id + "\n", encoding="utf-8")
    os.replace(tmp, folder / "current")


def clear_current(folder: Path | None = None) -> None:
    """Back to the shipped SAMPLE (used when the first upload's rebuild fails)."""
    (folder or register_dir()).joinpath("current").unlink(missing_ok=True)


def read_rows(path: Path) -> pd.DataFrame:
    """A stored version (or the sample) as rows; they were validated on the way in."""
    frame = pd.read_csv(path, dtype={"month": str, "ward_code": str, "partner": str, "status": str})
    return frame[COLUMNS]
