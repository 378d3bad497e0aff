"""Read-only DuckDB connections, shared where that is safe.

Opening a DuckDB file costs 20–40 ms (it reads the catalogue); a query on an open one well under a
millisecond. A published build (`<stem>.builds/<id>.duckdb`) is never written again, so one
read-only connection to it serves every thread of the process, each query on its own cursor (a
cheap connection to the same database instance). The few most recently used builds stay open; an
older one is closed once its last query finishes.

The live name (`<stem>.duckdb`, a link to the newest build) is followed at each query to the build it
points at then, and that build's connection serves it: a new build published between two queries is
read by the second. Any other file is opened per query: DuckDB keeps one instance per file name in a
process, so a connection held open on a file that is later replaced under the same name would go on
reading the old contents.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from pipeline.store import releases

KEEP_OPEN = 4  # the live build, the ones runs may still be pinned to, and one spare


class _Shared:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con, self.users, self.retired = con, 0, False


_lock = threading.Lock()
_open: dict[str, _Shared] = {}  # oldest first


@contextmanager
def connect(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to `path` (to the build it points at now, for the live name) for the
    duration of the block."""
    if not releases.is_build(path) and releases.is_build(target := releases.resolve(path)):
        path = target
    if not releases.is_build(path):
        con = duckdb.connect(str(path), read_only=True)
        try:
            yield con
        finally:
            con.close()
        return
    key = str(path)
    with _lock:
        shared = _open.pop(key, None)
        if shared is None:
            shared = _Shared(duckdb.connect(key, read_only=True))
        _open[key] = shared  # now the most recently used
        for old in list(_open)[:-KEEP_OPEN]:
            _retire(_open.pop(old))
        shared.users += 1
        cursor = shared.con.cursor()
    try:
        yield cursor
    finally:
        cursor.close()
        with _lock:
            shared.users -= 1
            if shared.retired and not shared.users:
                shared.con.close()


def _retire(shared: _Shared) -> None:
    shared.retired = True
    if not shared.users:
        shared.con.close()


def open_builds() -> list[str]:
    """The builds this process holds open, oldest first."""
    with _lock:
        return list(_open)


def close_all() -> None:
    """Close every shared connection not in use (the rest close when their queries finish)."""
    with _lock:
        while _open:
            _retire(_open.pop(next(iter(_open))))
