"""Scale-out, tried on loopback: two app processes (replicas) read the same live build from a
shared folder, mounted read-only where the machine allows it, and never build themselves. A build
job publishes new builds while sessions on both keep rerunning: no session errors or drops, no run
mixes two builds, and the last build reaches every session on both replicas."""

from __future__ import annotations

import asyncio
import subprocess
import threading

import pytest

from pipeline.build.database import build

from devtools.harness import AppServer
from .test_refresh_under_load import POPULATION, _session, _variant, build_job

pytestmark = [pytest.mark.slow, pytest.mark.serial]  # two replicas and a stream of builds: one load test at a time

SESSIONS_PER_REPLICA, BUILDS = 4, 6


def _read_only_view(shared, mount):
    """A read-only bind mount of the shared folder (as a pod's readOnly volume), if permitted."""
    mount.mkdir()
    try:
        subprocess.run(["mount", "--bind", str(shared), str(mount)], check=True, capture_output=True)
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], check=True, capture_output=True)
        return mount, True
    except (OSError, subprocess.CalledProcessError):
        subprocess.run(["umount", str(mount)], capture_output=True)
        return shared, False


@pytest.mark.load
def test_two_replicas_roll_to_each_new_build_with_sessions_unaffected(tmp_path, monkeypatch):
    variants = {name: _variant(tmp_path, name) for name in POPULATION}
    shared = tmp_path / "shared"
    shared.mkdir()
    live = shared / "live.duckdb"
    variant_of = {build(live, data_dir=variants["A"]).build_id: "A"}
    view, read_only = _read_only_view(shared, tmp_path / "ro")
    monkeypatch.setenv("ONE_STOCKPORT_BUILD_ON_START", "0")  # replicas only read
    # Internal replicas: only officers' pages name the build (public pages show the data date only).
    monkeypatch.setenv("ONE_STOCKPORT_AUDIENCE", "internal")
    monkeypatch.setenv("ONE_STOCKPORT_TRUSTED_NETWORK", "1")
    replicas = [AppServer(view / "live.duckdb").start(), AppServer(view / "live.duckdb").start()]
    stop, built, build_errors = threading.Event(), [], []
    runs = {n: [] for n in range(len(replicas))}
    failures, latencies = [], []

    def rebuild():
        try:
            build_job(live, variants, BUILDS, variant_of, built, build_errors)
        finally:
            stop.set()

    async def main():
        sessions = [
            asyncio.create_task(
                _session(app.url, "" if k % 2 else "ward=E05015014", stop, runs[n], failures, latencies)
            )
            for n, app in enumerate(replicas)
            for k in range(SESSIONS_PER_REPLICA)
        ]
        while sum(len(r) for r in runs.values()) < len(sessions) and not failures:
            await asyncio.sleep(0.2)
        threading.Thread(target=rebuild, daemon=True).start()
        await asyncio.gather(*sessions)

    try:
        runner = threading.Thread(target=lambda: asyncio.run(main()))
        runner.start()
        runner.join(600)
    finally:
        for app in replicas:
            app.stop()
        if read_only:
            subprocess.run(["umount", str(view)], capture_output=True)

    last = max(variant_of)
    all_runs = [(n, final, r) for n, rs in runs.items() for final, r in rs]
    errors = [e for _, _, r in all_runs for e in r.errors] + failures + build_errors
    mixed = [r for _, _, r in all_runs if len(r.builds) != 1 or r.population != {POPULATION[variant_of[min(r.builds)]]}]
    seen = {n: {b for m, _, r in all_runs if m == n for b in r.builds} for n in runs}
    finals = [(n, r.builds) for n, final, r in all_runs if final]
    print(
        f"\nscale-out: 2 replicas ({'read-only mount' if read_only else 'shared folder'}), "
        f"{SESSIONS_PER_REPLICA} sessions each, {BUILDS} builds rolled; {len(all_runs)} script runs, "
        f"builds seen per replica {[len(s) for s in seen.values()]}, {len(errors)} errors, {len(mixed)} mixed"
    )
    assert not errors, errors[:5]
    assert len(built) == BUILDS
    assert not mixed, [(r.builds, r.population) for r in mixed[:5]]
    assert all(len(s) >= 2 for s in seen.values())  # each replica rolled forward while serving
    assert len(finals) == 2 * SESSIONS_PER_REPLICA  # every session lived to the end (none dropped)
    assert all(builds == {last} for _, builds in finals)  # and shows the last build, on both replicas


def test_a_replica_with_no_published_build_says_so_and_builds_nothing(tmp_path, monkeypatch, browser):
    monkeypatch.setenv("ONE_STOCKPORT_BUILD_ON_START", "0")
    live = tmp_path / "not-yet.duckdb"
    app = AppServer(live).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(app.url + "/")
        page.get_by_text("No data build has been published").wait_for(timeout=60000)
        assert not live.exists() and not list(tmp_path.glob("*.builds"))
    finally:
        context.close()
        app.stop()
