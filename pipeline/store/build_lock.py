"""One build at a time per database, and no temporary file outliving its build.

Two officers confirming an upload at once, or a cron build meeting a manual one, must not write the
same temporary files or publish out of order. A build holds an exclusive lock on `.<live>.lock`
beside the database: a threading lock within the process (a flock is per open file, so threads of
one process would not exclude each other through it) and an fcntl flock across processes, released
by the kernel when a holder dies, even by kill -9. Whoever holds the lock is the only builder, so
every temporary file left beside the database is from a build that died: `sweep` removes them.
The lock is reentrant within a thread, so a register switch can hold it around its build.
"""

from __future__ import annotations

import fcntl
import os
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pipeline.store import releases
from pipeline.disk_errors import disk_error
from pipeline.errors import BuildError

_threads = threading.RLock()
_held: dict[str, tuple[int, int]] = {}  # lock file -> (fd, depth); only touched under _threads
STALE_SECONDS = 3600.0  # far longer than any build (seconds to a minute)
# How long a build waits for another to finish; a deployment with slow builds may lengthen it.
WAIT_SECONDS = float(os.environ.get("ONE_STOCKPORT_BUILD_WAIT_SECONDS", 600))


def lock_path(live: Path) -> Path:
    return live.with_name(f".{live.name}.lock")


def temp_prefix(live: Path) -> str:
    """Every temporary file a build of `live` makes starts with this (the WAL appends `.wal`)."""
    return f".{live.name}.building-"


@contextmanager
def held(live: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the build lock of `live` for the block, waiting up to `wait` seconds (default
    WAIT_SECONDS) for another builder; a BuildError if it is still building then."""
    live = Path(live)
    key = str(lock_path(live).absolute())
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    if not _threads.acquire(timeout=max(deadline - time.monotonic(), 0)):
        raise _still_building(live, wait)
    try:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
        else:
            _held[key] = (_lock_file(live, key, deadline, wait), 1)
        try:
            yield
        finally:
            fd, depth = _held.pop(key)
            if depth > 1:
                _held[key] = (fd, depth - 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
    finally:
        _threads.release()


def _lock_file(live: Path, key: str, deadline: float, wait: float | None) -> int:
    try:
        live.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(key, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as exc:
        raise disk_error(exc, live.parent) from None
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(fd)
                raise _still_building(live, wait) from None
            time.sleep(0.1)
        except OSError as exc:  # ENOLCK: a network filesystem without locks
            os.close(fd)
            raise BuildError(
                f"cannot lock {key}: {exc.strerror or exc}; keep the database on a filesystem "
                "that supports file locks (flock)"
            ) from None


def _still_building(live: Path, wait: float | None) -> BuildError:
    return BuildError(
        f"another build of {live} is still running after {WAIT_SECONDS if wait is None else wait:g} s; "
        "try again when it has finished"
    )


def sweep(live: Path, now: float | None = None) -> list[Path]:
    """Remove what dead builds left: temporary databases and their WALs, half-made links, and
    half-copied builds. Only call while holding the lock: then no build that takes the lock owns any
    of them. A fresh file of a live process on this machine is left alone all the same (a builder
    of a version from before the lock, during an upgrade) until it is older than a run can be."""
    live = Path(live)
    now = time.time() if now is None else now
    leftovers = [*live.parent.glob(f"{temp_prefix(live)}*"), *live.parent.glob(f".{live.name}.link-*")]
    folder = releases.builds_dir(live)
    if folder.is_dir():
        leftovers += folder.glob(f"*{releases.PARTIAL}")
    removed = []
    for path in leftovers:
        try:
            if _owner_alive(path) and now - path.stat().st_mtime < STALE_SECONDS:
                continue
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
    return removed


def _owner_alive(path: Path) -> bool:
    """Whether the process named in a temporary file's name (`…-<pid>` or `…-<pid>-<token>`) is
    another process still running here."""
    match = re.search(r"\.(?:building|link)-(\d+)", path.name)
    if not match or int(match.group(1)) == os.getpid():
        return False
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
