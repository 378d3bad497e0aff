"""The page tests' harness: a published copy shared by tests that only read it, and the check that keeps it so."""

from __future__ import annotations

import os

import duckdb

from pipeline.store import releases
from tests.conftest import published_copy
from tests.views.conftest import _state


def test_the_shared_copys_check_sees_a_write_and_a_rebuild(default_db, tmp_path):
    live = published_copy(default_db, tmp_path / "shared")
    assert releases.is_build(releases.resolve(live))  # opened as a server opens a build: one connection, kept
    before = _state(live)
    assert _state(live) == before

    build = releases.resolve(live)
    build.chmod(0o644)
    with duckdb.connect(str(build)) as con:
        con.execute("update build_info set value = 'changed' where key = 'schema_version'")
    assert _state(live) != before  # a test wrote to it

    before = _state(live)
    finished = tmp_path / "rebuilt.duckdb"
    finished.write_bytes(build.read_bytes())
    os.utime(finished, ns=(before[1], before[1]))
    releases.publish(finished, live, "test-rebuilt")
    assert _state(live) != before  # the app rebuilt it: the live name points elsewhere
