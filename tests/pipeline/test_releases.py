"""Versioned builds: the live name switches atomically, pinned readers keep their build, old builds are pruned."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from pipeline.store import releases
from pipeline.build.database import build
from pipeline.store.queries import Database


@pytest.mark.slow
def test_each_build_is_its_own_immutable_file_and_the_live_name_points_at_the_newest(tmp_path):
    live = tmp_path / "live.duckdb"
    first = build(live)
    second = build(live)
    assert live.is_symlink()
    assert first.build_id < second.build_id
    assert releases.resolve(live) == releases.builds_dir(live) / f"{second.build_id}.duckdb"
    assert [p.stem for p in releases.builds(live)] == [first.build_id, second.build_id]
    assert Database(live).build_info()["build_id"] == second.build_id


@pytest.mark.slow
def test_a_pinned_reader_sees_one_build_while_newer_ones_are_published(tmp_path, monkeypatch):
    # Within the grace period, as a reader always is; under faketime a build's file time (the machine's
    # clock) would put it years out of it, and publishing would prune it.
    monkeypatch.setattr(releases, "GRACE_SECONDS", 1e9)
    live = tmp_path / "live.duckdb"
    old = build(live)
    pinned = Database(live).pinned()
    for _ in range(3):
        build(live)
    assert pinned.build_info()["build_id"] == old.build_id  # every query of the pinned reader: the old build
    assert Database(live).build_info()["build_id"] != old.build_id
    assert pinned.version() != Database(live).version()


def _published(live: Path, db: Path, n: int) -> list[str]:
    """n copies of `db` published at `live` one after another, as n builds would be: their ids, oldest first
    (pruning reads the builds folder and the live name, not what a build holds)."""
    ids = []
    for k in range(n):
        ids.append(f"20261205T00000{k}000000Z")
        shutil.copy(db, live.with_name(f"copy-{k}.duckdb"))
        releases.publish(live.with_name(f"copy-{k}.duckdb"), live, ids[-1])
    return ids


def test_prune_keeps_the_newest_and_anything_superseded_within_the_grace_period(tmp_path, default_db, monkeypatch):
    monkeypatch.setattr(releases, "GRACE_SECONDS", 1e9)  # publishing prunes nothing here: the test prunes
    live = tmp_path / "live.duckdb"
    ids = _published(live, releases.resolve(default_db), 6)
    published = releases.builds(live)
    # Builds 1-3 were superseded "an hour ago"; 4 only just now. Times are the files' own clock, which a
    # clock faked for the tests (faketime) does not reach.
    now = published[-1].stat().st_mtime
    for n, p in enumerate(published):
        os.utime(p, (now - 3600, now - 3600) if n < 4 else (now, now))
    removed = releases.prune(live, keep=2, grace=600, now=now)
    assert [p.stem for p in removed] == ids[:3]
    assert [p.stem for p in releases.builds(live)] == ids[3:]
    assert releases.resolve(live).stem == ids[-1] and len(Database(live).wards()) == 21


def test_prune_never_removes_the_live_build(tmp_path, default_db):
    live = tmp_path / "live.duckdb"
    ids = _published(live, releases.resolve(default_db), 3)
    # Point the live name back at the oldest build (a rollback), then prune everything it may.
    os.replace(releases.builds(live)[0], tmp_path / "rollback.duckdb")
    releases.publish(tmp_path / "rollback.duckdb", live, ids[0])
    releases.prune(live, keep=0, grace=0, now=time.time() + 10)
    assert releases.resolve(live).exists() and releases.resolve(live).stem == ids[0]
    assert len(Database(live).wards()) == 21


@pytest.mark.slow
def test_the_old_single_file_layout_is_replaced_by_a_link(tmp_path):
    live = tmp_path / "live.duckdb"
    live.write_bytes(b"an old plain database file")
    assert releases.resolve(live) == live
    report = build(live)
    assert live.is_symlink() and Database(live).build_info()["build_id"] == report.build_id
