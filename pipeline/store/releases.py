"""Immutable, versioned database builds behind one live name.

Each finished build is moved to `<stem>.builds/<build_id>.duckdb` and never written again; the live
path is a symlink that `publish` swaps with `os.replace`, so the switch is atomic. A reader pins
`resolve(live)` once (per script run in the dashboard) and every query it makes reads that one
build, even while newer builds are published: it sees the old build or the new one, never a mix.
Superseded builds are kept for a grace period so pinned readers can finish, then pruned.
"""

from __future__ import annotations

import errno
import os
import shutil
import time
from pathlib import Path

from pipeline.disk_errors import disk_error

KEEP_LATEST = 3
PARTIAL = ".partial"  # a build being copied into a builds folder on another filesystem
# Longer than any script run; a deployment may lengthen it (e.g. replicas rolling slowly).
GRACE_SECONDS = float(os.environ.get("ONE_STOCKPORT_BUILD_GRACE_SECONDS", 600))


def builds_dir(live: Path) -> Path:
    return live.with_name(f"{live.stem}.builds")


def resolve(live: Path) -> Path:
    """The immutable build the live name points at now (the live file itself in the old layout)."""
    return Path(os.path.realpath(live))


def is_build(path: Path) -> bool:
    """A published build: a file in a builds folder, which nothing writes again."""
    path = Path(path)
    return path.suffix == ".duckdb" and path.parent.name.endswith(".builds")


def publish(finished: Path, live: Path, build_id: str) -> Path:
    """Move a closed, checked build into the builds folder and point the live name at it atomically.
    A disk fault is a BuildError naming the folder; the live name then still points where it did."""
    folder = builds_dir(live)
    target = folder / f"{build_id}.duckdb"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(finished, target)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            _copy_across(finished, target)
    except OSError as exc:
        raise disk_error(exc, folder) from None
    link = live.with_name(f".{live.name}.link-{os.getpid()}")
    try:
        link.unlink(missing_ok=True)
        os.symlink(os.path.relpath(target, live.parent), link)
        os.replace(link, live)
    except OSError as exc:
        link.unlink(missing_ok=True)
        target.unlink(missing_ok=True)  # never live, so nobody reads it
        raise disk_error(exc, live.parent) from None
    try:
        prune(live)
    except OSError:
        pass  # published all the same; the next build prunes again
    return target


def _copy_across(finished: Path, target: Path) -> None:
    """A builds folder on another filesystem: copy beside the target, flush, then rename within
    its folder, so the build appears whole or not at all."""
    partial = target.with_name(target.name + PARTIAL)
    try:
        shutil.copyfile(finished, partial)
        with open(partial, "rb") as f:
            os.fsync(f.fileno())
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finished.unlink()


def builds(live: Path) -> list[Path]:
    """Published builds, oldest first (build ids sort by time)."""
    folder = builds_dir(live)
    return sorted(folder.glob("*.duckdb")) if folder.exists() else []


def prune(live: Path, keep: int = KEEP_LATEST, grace: float | None = None, now: float | None = None) -> list[Path]:
    """Delete builds superseded more than `grace` seconds ago, always keeping the live one and the
    newest `keep`. A build's superseding time is when the next build was written."""
    grace = GRACE_SECONDS if grace is None else grace
    now = time.time() if now is None else now
    current = resolve(live)
    published = builds(live)
    removed = []
    for older, newer in zip(published[:-keep] if keep else published, published[1:]):
        if older == current or now - newer.stat().st_mtime < grace:
            continue
        try:
            older.unlink()
            removed.append(older)
        except FileNotFoundError:
            pass  # another builder pruned it first
    return removed
