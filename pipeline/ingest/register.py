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
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, TypeVar

import pandas as pd

from pipeline.store import build_lock
from pipeline import clock, paths
from pipeline.ingest.csv_safety import neutralise, restore_cell

COLUMNS = [
    "month",
    "ward_code",
    "partner",
    "champions_active",
    "sessions_delivered",
    "residents_supported",
    "devices_lent",
    "sims_or_data_gifted",
    "status",
]
COUNTS = COLUMNS[3:8]
KEY = ["month", "ward_code", "partner"]
STATUSES = ("published", "provisional", "sample")
SAMPLE_FILE = "inclusion_register_sample.csv"
TEMPLATE_FILE = "inclusion_register_template.csv"
MAX_BYTES = 5_000_000
# More than Stockport's population: no count for one ward, month and partner can be larger.
MAX_COUNT = 1_000_000
# Longer than any organisation's name; a longer cell is a paste gone wrong.
MAX_PARTNER = 200
# A register file is at most MAX_BYTES, so with this csv field limit no cell can hit it: every long
# cell reaches the checks below and is reported with its row and column.
FIELD_LIMIT = MAX_BYTES
# The template's 9 columns and room for a sheet's own notes beside them. A header far wider is not a
# register (a 5 MB file can hold 2.5 million one-letter columns), and every row must be as wide as it.
MAX_COLUMNS = 100
# Enough to show what is wrong with a file. Past it a file is refused without reading on, so a file of
# bad rows costs no more than a good one, and the page lists a thousand problems, not a hundred thousand.
MAX_PROBLEMS = 1_000
T, R = TypeVar("T"), TypeVar("R")


@dataclass(frozen=True)
class Problem:
    row: int | None  # line in the file (the header is line 1)
    column: str | None
    message: str


def register_dir(data_dir: Path = paths.DATA_DIR) -> Path:
    return Path(os.environ.get("ONE_STOCKPORT_REGISTER_DIR", data_dir / "register"))


def validate(raw: bytes, wards: dict[str, str], today: str | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Check every row; return the clean rows and every problem found (not just the first).
    `wards` maps current ward codes to names; a ward may be given by code or exact name.
    Cells are read as written: `NA`, `null` or `None` is a partner's name, not a blank."""
    if len(raw) > MAX_BYTES:
        return pd.DataFrame(columns=COLUMNS), [Problem(None, None, f"file is larger than {MAX_BYTES:,} bytes")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return pd.DataFrame(columns=COLUMNS), [Problem(line, None, "not UTF-8 text (save the file as CSV UTF-8)")]
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)  # only ever raised: no other reader in the process is narrowed
    # newline="": the csv module's own line handling, so a file saved with CR-only line ends reads as rows.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _validate_rows(reader, wards, today)
    except csv.Error as e:
        return pd.DataFrame(columns=COLUMNS), [
            Problem(reader.line_num or 1, None, f"cannot be read as CSV ({e}); save the file as CSV UTF-8")
        ]


def _validate_rows(reader, wards: dict[str, str], today: str | None) -> tuple[pd.DataFrame, list[Problem]]:
    problems: list[Problem] = []
    header = next(reader, [])
    if len(header) > MAX_COLUMNS:  # refused on its width alone, before any name is looked at
        return pd.DataFrame(columns=COLUMNS), [
            Problem(
                1,
                header[MAX_COLUMNS].strip()[:40] or None,
                (
                    f"the header has {len(header):,} columns; a register has at most {MAX_COLUMNS} (the template's "
                    f"{len(COLUMNS)} and any of your own): delete column {MAX_COLUMNS + 1:,} and every column after it"
                ),
            )
        ]
    header = [h.strip() for h in header]
    # One pass each: counting a name by comparing it with every other took minutes for a wide header.
    names = set(header)
    missing = [c for c in COLUMNS if c not in names]
    twice = sorted(h for h, n in Counter(header).items() if h and n > 1)
    if missing or twice:
        return pd.DataFrame(columns=COLUMNS), (
            [Problem(1, c, "column is missing") for c in missing]
            + [Problem(1, c, "column appears twice in the header") for c in twice]
        )
    by_name = {name.casefold(): code for code, name in wards.items()}
    today = today or clock.month()
    rows, first_seen = [], {}
    end = reader.line_num
    for cells in reader:
        line, end = end + 1, reader.line_num  # a record's first line: a quoted cell may span lines
        if len(problems) >= MAX_PROBLEMS:
            problems.append(
                Problem(
                    line,
                    None,
                    f"not read from here on: the rows above already have "
                    f"{len(problems):,} problems; correct them and upload again",
                )
            )
            break
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(line, None, f"has {len(cells)} cells, the header has {len(header)}"))
            continue
        r = {h: restore_cell(c.strip()) for h, c in zip(header, cells)}
        unreadable = {h: what for h in COLUMNS if (what := _unreadable(r[h]))}
        for column, what in unreadable.items():
            problems.append(Problem(line, column, f"contains {what}; type the value on one line as plain text"))
        if unreadable:
            continue
        ok = True
        if not re.fullmatch(r"20[0-9][0-9]-(0[1-9]|1[0-2])", r["month"]):
            problems.append(Problem(line, "month", f"'{r['month'][:40]}' is not a month as YYYY-MM"))
            ok = False
        elif r["month"] > today:
            problems.append(Problem(line, "month", f"{r['month']} is in the future"))
            ok = False
        ward = r["ward_code"] if r["ward_code"] in wards else by_name.get(r["ward_code"].casefold())
        if ward is None:
            problems.append(Problem(line, "ward_code", f"'{r['ward_code'][:40]}' is not one of Stockport's 21 wards"))
            ok = False
        r["partner"] = " ".join(unicodedata.normalize("NFKC", r["partner"]).split())
        if not r["partner"]:
            problems.append(Problem(line, "partner", "partner organisation is missing"))
            ok = False
        elif len(r["partner"]) > MAX_PARTNER:
            problems.append(
                Problem(
                    line,
                    "partner",
                    f"is {len(r['partner']):,} characters long; a partner's name can have at most {MAX_PARTNER}",
                )
            )
            ok = False
        elif mixed := _mixed_scripts(r["partner"]):
            problems.append(Problem(line, "partner", mixed))
            ok = False
        for column in COUNTS:
            value, problem = _count(r[column])
            if problem:
                problems.append(Problem(line, column, problem))
                ok = False
            else:
                r[column] = value
        if r["status"] not in STATUSES:
            problems.append(Problem(line, "status", f"'{r['status'][:40]}' is not one of {', '.join(STATUSES)}"))
            ok = False
        if ward is not None and ok:
            key = (r["month"], ward, partner_key(r["partner"]))
            if key in first_seen:
                problems.append(
                    Problem(line, "partner", f"duplicate month, ward and partner (first on row {first_seen[key]})")
                )
                continue
            first_seen[key] = line
            rows.append({**{c: r[c] for c in COLUMNS}, "ward_code": ward})
    if not rows and not problems:
        problems.append(Problem(None, None, "the register has no rows"))
    return pd.DataFrame(rows, columns=COLUMNS), problems


# Characters no register cell can hold: they break the file for whoever opens it next.
_UNREADABLE = {"\x00": "a NUL byte", "\n": "a line break", "\r": "a line break"}


def _unreadable(cell: str) -> str | None:
    """What in a cell no register can hold: NUL, line breaks, and invisible format characters (Unicode
    category Cf, e.g. a zero-width space), which make two names look the same and compare different."""
    if cell.isascii():  # no format character is ASCII: only the three above can be in it
        return next((what for ch, what in _UNREADABLE.items() if ch in cell), None)
    for ch in cell:
        if ch in _UNREADABLE:
            return _UNREADABLE[ch]
        if unicodedata.category(ch) == "Cf":
            return f"an invisible character (U+{ord(ch):04X} {unicodedata.name(ch, 'format character')})"
    return None


def partner_key(name: str) -> str:
    """A partner's name as compared for duplicates: NFKC (full-width and compatibility forms become plain
    letters), spaces collapsed, case folded, so "The  Library" and "the library" are one partner."""
    return unicodedata.normalize("NFKC", " ".join(unicodedata.normalize("NFKC", name).split()).casefold())


# Alphabets whose letters look alike ("a" and Cyrillic "а"): a name mixing them is almost always a
# look-alike, made by accident or to count one partner twice.
_CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _mixed_scripts(name: str) -> str | None:
    """Why a name mixing Latin, Cyrillic and Greek letters is refused; None if it uses one of them."""
    if name.isascii():  # Latin letters only
        return None
    seen: dict[str, str] = {}
    for ch in name:
        script = unicodedata.name(ch, "").split(" ")[0] if ch.isalpha() else ""
        if script in _CONFUSABLE_SCRIPTS:
            seen.setdefault(script, ch)
    if len(seen) < 2:
        return None
    examples = ", ".join(f"{script.title()} '{ch}' (U+{ord(ch):04X})" for script, ch in seen.items())
    return f"mixes letters of different alphabets ({examples}) that look alike; retype the name in one alphabet"


def _count(cell: str) -> tuple[int | None, str | None]:
    """A count as written by an officer: digits 0-9 only, within a plausible size; else why not."""
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", cell):
        return None, f"'{cell}' has a thousands separator; write the number without commas ({cell.replace(',', '')})"
    if not re.fullmatch(r"[0-9]+", cell):
        shown = cell[:40]
        if re.fullmatch(r"\d+", cell):  # Unicode digits such as Arabic-Indic ٣
            return None, f"'{shown}' uses digits other than 0-9; retype it with the digits 0-9"
        return None, f"'{shown}' is not a whole number of 0 or more"
    if len(cell) > len(str(MAX_COUNT)) or int(cell) > MAX_COUNT:
        return None, f"{cell[:40]} is more than {MAX_COUNT:,}, larger than any month's figure for one ward could be"
    return int(cell), None


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
    new: bool = True  # False when an identical version was already stored


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
    """Write validated rows as a new version and make it current. Rows identical to a stored
    version (a second click on Confirm, or the same file uploaded again) store nothing new: that
    version becomes current and is returned with `new` False."""
    folder = folder or register_dir()
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    # Text a spreadsheet would run as a formula is stored inert; validate() reads it back exactly.
    content = neutralise(rows[COLUMNS].sort_values(KEY)).to_csv(index=False, lineterminator="\n").encode("utf-8")
    for existing in versions(folder):
        if existing.path.read_bytes() == content:
            make_current(existing.id, folder)
            return Version(existing.id, existing.path, existing.rows, True, new=False)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    who = re.sub(r"[^A-Za-z0-9]+", "-", who)[:40].strip("-") or "officer"
    path = folder / "versions" / f"{stamp}-{who}.csv"
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(content)
    os.replace(tmp, path)
    make_current(path.stem, folder)
    return Version(path.stem, path, len(rows), True)


def switch_and_build(switch: Callable[[], T], rebuild: Callable[[], R], live: Path) -> tuple[T, R]:
    """Point the register at another version and rebuild `live`, holding the build lock throughout
    so that no other build reads the pointer half way. If the rebuild fails for any reason the
    pointer goes back to where it was: it only ever moves with a published build."""
    with build_lock.held(live):
        folder = register_dir()
        previous = current_version_id(folder)
        target = switch()
        try:
            report = rebuild()
        except BaseException:
            make_current(previous, folder) if previous else clear_current(folder)
            raise
    return target, report


def make_current(version_id: str, folder: Path | None = None) -> None:
    """Point the register at an existing version (restore), atomically."""
    folder = folder or register_dir()
    if not (folder / "versions" / f"{version_id}.csv").exists():
        raise FileNotFoundError(f"no register version {version_id}")
    tmp = folder / f".current-{os.getpid()}-{threading.get_ident()}"
    tmp.write_text(version_id + "\n", encoding="utf-8")
    os.replace(tmp, folder / "current")


def clear_current(folder: Path | None = None) -> None:
    """Back to the shipped SAMPLE (used when the first upload's rebuild fails)."""
    (folder or register_dir()).joinpath("current").unlink(missing_ok=True)


def read_rows(path: Path) -> pd.DataFrame:
    """A stored version (or the sample) as rows; they were validated on the way in."""
    frame = pd.read_csv(
        path, dtype={"month": str, "ward_code": str, "partner": str, "status": str}, keep_default_na=False, na_values=[]
    )  # a partner called "NA" is a name
    frame["partner"] = frame["partner"].map(restore_cell)
    return frame[COLUMNS]
