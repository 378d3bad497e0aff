"""What changed since the last update: the live build beside the build before it.

Builds are immutable (pipeline/store/releases.py), so a digest is two builds compared, never a log kept:
- new releases: an indicator's periods that the earlier build did not hold;
- revisions: a figure of the same indicator, area and period whose value changed (old → new, with the
  release the new value came from);
- verdicts: the overview's headline judgements for Stockport (against England and GM, trend, target)
  worked out on both builds on the same day, so only the data can have moved them;
- ward ranks: a ward whose rank among the 21 moved by RANK_MOVE or more on a ward-level headline.
The earlier build is the newest kept build whose inputs differ (a rebuild of the same files changes
nothing); with none, the digest says this is the first build rather than inventing a change.
Streamlit-free: the pages, `python -m cli changes` and the static export say the same.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline.rules import judgement as J
from pipeline.store import releases
from pipeline.store.queries import Database
from pipeline.registry import Registry

RANK_MOVE = 3  # places among the 21 wards: smaller moves are the ordinary shuffle of close figures
ASPECTS = ("against England", "against GM", "trend", "target")


@dataclass(frozen=True)
class Release:
    indicator_id: str
    title: str
    periods: tuple[str, ...]  # period labels new in this build, oldest first
    previous_latest: str | None  # the latest period the earlier build held


@dataclass(frozen=True)
class Revision:
    indicator_id: str
    title: str
    area_name: str
    period_label: str
    old: float
    new: float
    unit: str
    decimals: int
    release: str  # the release the new value came from: its note, else its source's title


@dataclass(frozen=True)
class VerdictChange:
    indicator_id: str
    title: str
    aspect: str  # one of ASPECTS
    old: str
    new: str


@dataclass(frozen=True)
class RankMove:
    indicator_id: str
    title: str
    ward: str
    old_rank: int
    new_rank: int
    of: int


@dataclass(frozen=True)
class Changes:
    build_id: str
    built_at: str
    since_build: str | None = None  # None: nothing earlier to compare with
    since_built_at: str | None = None
    releases: tuple[Release, ...] = ()
    revisions: tuple[Revision, ...] = ()
    verdicts: tuple[VerdictChange, ...] = ()
    ranks: tuple[RankMove, ...] = ()
    counts: dict = field(default_factory=dict, compare=False)

    @property
    def first(self) -> bool:
        return self.since_build is None

    @property
    def empty(self) -> bool:
        return not (self.releases or self.revisions or self.verdicts or self.ranks)

    def as_json(self) -> str:
        return (
            json.dumps(
                {
                    "build_id": self.build_id,
                    "built_at": self.built_at,
                    "first_build": self.first,
                    "since_build": self.since_build,
                    "since_built_at": self.since_built_at,
                    "new_releases": [asdict(r) for r in self.releases],
                    "revisions": [asdict(r) for r in self.revisions],
                    "verdicts_changed": [asdict(v) for v in self.verdicts],
                    "ward_ranks_moved": [asdict(m) for m in self.ranks],
                },
                indent=1,
                ensure_ascii=False,
            )
            + "\n"
        )


def previous_build(build: Path) -> Path | None:
    """The newest kept build before `build` (a build file, or the live name that points at one) whose
    inputs differ from it; None if there is none."""
    current = releases.resolve(build)
    if not releases.is_build(current):
        return None  # the old single-file layout keeps no earlier build
    kept = sorted(current.parent.glob("*.duckdb"))
    if current not in kept:
        return None
    mine = _inputs(Database(current, "public"))
    for older in reversed(kept[: kept.index(current)]):
        if _inputs(Database(older, "public")) != mine:
            return older
    return None


def _inputs(db: Database) -> frozenset:
    return frozenset(db.sources()[["id", "sha256"]].itertuples(index=False, name=None))


# How a build's headlines are judged: J.assess_build(registry, db, indicators, day), or the same kept in a
# cache by a caller that judged the builds before (the dashboard keeps each build's judgements).
Assess = Callable[[Registry, Database, list[str], date], dict[str, J.Judgement]]


def _verdicts(
    registry: Registry, db: Database, indicators: list[str], day: date, assess: Assess
) -> dict[str, dict[str, str]]:
    """Each headline's outcome per aspect, in the words a reader sees."""
    found = assess(registry, db, indicators, day)
    return {
        i: {
            "against England": j.england.outcome,
            "against GM": j.gm.outcome,
            "trend": j.trend.direction + (f", getting {j.trend.getting}" if j.judged and j.trend.getting else ""),
            "target": j.target.status,
        }
        for i, j in found.items()
        if j.value is not None
    }


def _ranks(db: Database, indicator: str) -> pd.Series:
    latest = db.latest_values(indicator, "ward", db.audience)
    return latest.set_index("area_name")["rank"] if not latest.empty else pd.Series(dtype="int64")


def compare(
    new: Database, old: Database | None, registry: Registry, day: date, assess: Assess = J.assess_build
) -> Changes:
    """The digest of `new` against `old` (both read with new's audience), judged as on `day`."""
    info = new.build_info()
    if old is None:
        return Changes(info.get("build_id", "?"), info.get("built_at", ""))
    old = Database(old.path, new.audience, day)
    before_info = old.build_info()
    cols = [
        "indicator_id",
        "title",
        "area_code",
        "area_name",
        "period",
        "period_label",
        "period_start",
        "value",
        "unit",
        "decimals",
        "release",
    ]
    a, b = old.every_figure(new.audience)[cols], new.every_figure(new.audience)[cols]
    keys = ["indicator_id", "area_code", "period"]
    both = b.merge(a[keys + ["value"]], on=keys, how="left", suffixes=("", "_old"), indicator=True)

    released = []
    for indicator, rows in both[both._merge == "left_only"].groupby("indicator_id", sort=False):
        fresh = rows.drop_duplicates("period").sort_values("period_start")
        held = a[a.indicator_id == indicator]
        released.append(
            Release(
                indicator,
                rows.title.iloc[0],
                tuple(fresh.period_label),
                None if held.empty else held.sort_values("period_start").period_label.iloc[-1],
            )
        )

    matched = both[both._merge == "both"]
    moved = matched[(matched.value - matched.value_old).abs() > 1e-9]
    revised = tuple(
        Revision(
            r.indicator_id,
            r.title,
            r.area_name,
            r.period_label,
            float(r.value_old),
            float(r.value),
            r.unit,
            int(r.decimals),
            r.release,
        )
        for r in moved.sort_values(["indicator_id", "area_code", "period_start"]).itertuples()
    )

    headlines = [
        i
        for theme in registry.overview.values()
        for i in theme
        if i in registry.indicators and (new.audience == "internal" or registry.indicators[i].is_public)
    ]
    headlines = list(dict.fromkeys(headlines))
    then, now = _verdicts(registry, old, headlines, day, assess), _verdicts(registry, new, headlines, day, assess)
    verdicts = tuple(
        VerdictChange(i, registry.indicators[i].short, aspect, then[i][aspect], now[i][aspect])
        for i in headlines
        if i in then and i in now
        for aspect in ASPECTS
        if then[i][aspect] != now[i][aspect]
    )

    ranks = []
    for i in headlines:
        if "ward" not in registry.indicators[i].geographies:
            continue
        was, is_ = _ranks(old, i), _ranks(new, i)
        for ward in is_.index.intersection(was.index):
            if abs(int(is_[ward]) - int(was[ward])) >= RANK_MOVE:
                ranks.append(RankMove(i, registry.indicators[i].short, ward, int(was[ward]), int(is_[ward]), len(is_)))

    return Changes(
        info.get("build_id", "?"),
        info.get("built_at", ""),
        before_info.get("build_id", "?"),
        before_info.get("built_at", ""),
        tuple(released),
        revised,
        verdicts,
        tuple(sorted(ranks, key=lambda m: (m.indicator_id, -abs(m.new_rank - m.old_rank), m.ward))),
    )


def since_last_update(
    build: Path, audience: str, registry: Registry, day: date, assess: Assess = J.assess_build
) -> Changes:
    """A build (or the live name's) against the build before it (see previous_build)."""
    new = Database(releases.resolve(build), audience, day)
    before = previous_build(build)
    return compare(new, None if before is None else Database(before, audience, day), registry, day, assess)


def find_build(live: Path, build: str) -> Path:
    """A kept build named by its id (or a path to a build file)."""
    path = Path(build)
    if path.suffix == ".duckdb" and path.exists():
        return path
    for kept in releases.builds(live):
        if kept.stem == build:
            return kept
    ids = ", ".join(p.stem for p in releases.builds(live)) or "none"
    raise ValueError(f"no build {build!r} is kept beside {live} (kept: {ids})")
