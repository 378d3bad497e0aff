"""Refresh under load: 20 live sessions keep rerunning the overview while the pipeline publishes 50
builds. Two data variants alternate (Stockport's population differs), so a run that read one build
for its data line and another for its headline figures would be caught. Sessions speak Streamlit's
own websocket protocol, as the browser does, and collect every element the server sends."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.store import releases
from pipeline.build.database import build

from devtools.harness import ROOT, AppServer

pytestmark = [pytest.mark.slow, pytest.mark.serial, pytest.mark.load]  # a crowd and a stream of builds: one at a time

SESSIONS, REBUILDS = 20, 50
GRACE = 30  # seconds a superseded build is kept (600 in production)
# The build job: REBUILDS builds of DB alternating variant B and A, each printed as "build_id variant seconds".
_REBUILDS = """
import sys
from pathlib import Path
from pipeline.build.database import build
db, a, b, n = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
for i in range(n):
    name = "B" if i % 2 == 0 else "A"
    report = build(db, data_dir=b if name == "B" else a)
    print(report.build_id, name, report.seconds, flush=True)
"""
POPULATION = {"A": "294,766", "B": "290,001"}
BUILD_RE = re.compile(r"\(build (\d{8}T\d+Z)\)")
POPULATION_RE = re.compile(r'class="os-tile" role="group" aria-label="Population: ([\d,]+)')  # the overview's tile


def _variant(tmp: Path, name: str) -> Path:
    folder = tmp / name
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("*.duckdb*", "*.builds", "raw", ".*"))
    if name == "B":
        census = folder / "default" / "stockport_census2021_population_broad_age_groups_la.csv"
        text = census.read_text(encoding="utf-8")
        old = "2021-03-21,All persons,294766,"
        assert old in text
        census.write_text(text.replace(old, "2021-03-21,All persons,290001,"), encoding="utf-8")
        manifest = folder / "default" / "manifest.json"  # as pin-default would record the new file
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        entries[census.name]["sha256"] = hashlib.sha256(census.read_bytes()).hexdigest()
        manifest.write_text(json.dumps(entries), encoding="utf-8")
    return folder


def build_job(
    db: Path,
    variants: dict[str, Path],
    n: int,
    variant_of: dict[str, str],
    built: list[float],
    errors: list[str],
    grace: int | None = None,
    published: list[float] | None = None,
) -> None:
    """Publish n builds of db, alternating variants B and A, from a process of its own, as the build job
    runs beside the servers; record each build's variant and seconds, and when it was published. (In a thread of
    the test's process, the builds waited on the sessions' message parsing for its one interpreter lock.)"""
    env = {**os.environ, **({"ONE_STOCKPORT_BUILD_GRACE_SECONDS": str(grace)} if grace else {})}
    args = [str(db), str(variants["A"]), str(variants["B"]), str(n)]
    try:
        with subprocess.Popen(
            [sys.executable, "-c", _REBUILDS, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        ) as job:
            for line in job.stdout:
                build_id, name, seconds = line.split()
                variant_of[build_id] = name
                built.append(float(seconds))
                if published is not None:
                    published.append(time.perf_counter())
        if job.returncode:
            errors.append(f"the build job exited with {job.returncode}")
    except Exception as e:
        errors.append(repr(e))


class Run:
    """What one script run showed: the build named in the data line below the page (officers only), the population figure, any error."""

    def __init__(self, started: float = 0.0):
        self.started, self.ended = started, 0.0  # when the session asked for the run and when it finished
        self.builds: set[str] = set()
        self.population: set[str] = set()
        self.errors: list[str] = []

    def take(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "markdown":
            self.builds.update(BUILD_RE.findall(element.markdown.body))
            self.population.update(POPULATION_RE.findall(element.markdown.body))
        elif kind == "exception":
            self.errors.append("exception: " + element.exception.message[:200])
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            self.errors.append("error box: " + element.alert.body[:200])


async def _session(url: str, query: str, stop: threading.Event, runs: list, failures: list, latencies: list) -> None:
    """One reader rerunning the page as fast as the server answers until the build job stops, then once more."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        async with websockets.connect(
            url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"], max_size=None, open_timeout=60
        ) as ws:
            final = False
            while True:
                final = stop.is_set()  # one more run after the last build: it must show the last build
                msg = BackMsg()
                msg.rerun_script.query_string = query
                msg.rerun_script.page_name = ""
                started = time.perf_counter()
                await ws.send(msg.SerializeToString())
                run = Run(started)
                while True:
                    fm = ForwardMsg()
                    fm.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
                    kind = fm.WhichOneof("type")
                    if kind == "new_session":
                        run = Run(started)  # a rerun (e.g. through navigation) starts over
                    elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                        run.take(fm.delta.new_element)
                    elif kind == "page_not_found":
                        run.errors.append("page not found")
                    elif kind == "script_finished" and fm.script_finished == fm.FINISHED_SUCCESSFULLY:
                        break
                run.ended = time.perf_counter()
                latencies.append(run.ended - started)
                runs.append((final, run))
                if final:
                    return
    except Exception as e:  # a dropped socket or timeout is an error a user would see
        failures.append(f"{type(e).__name__}: {e}")


def test_twenty_sessions_read_through_fifty_rebuilds_without_an_error_or_a_mix(tmp_path, monkeypatch):
    # The build job prunes superseded builds after GRACE seconds: old files disappear during the test, as
    # in production. The grace must outlast the slowest run: up to ~16 s here, 20 sessions and the build
    # job on 2 cores; 5 s once pruned a build under a run still reading it.
    # An internal server: only officers' pages name the build (public pages show the data date only).
    monkeypatch.setenv("ONE_STOCKPORT_AUDIENCE", "internal")
    monkeypatch.setenv("ONE_STOCKPORT_TRUSTED_NETWORK", "1")
    variants = {name: _variant(tmp_path, name) for name in POPULATION}
    db = tmp_path / "live.duckdb"
    variant_of = {build(db, data_dir=variants["A"]).build_id: "A"}
    app = AppServer(db).start()
    stop, built, build_errors, published = threading.Event(), [], [], []

    def rebuild():
        try:
            build_job(db, variants, REBUILDS, variant_of, built, build_errors, GRACE, published)
        finally:
            stop.set()

    runs, failures, latencies = [], [], []

    async def main():
        queries = ["", "ward=E05015014"]
        sessions = [
            asyncio.create_task(_session(app.url, queries[i % 2], stop, runs, failures, latencies))
            for i in range(SESSIONS)
        ]
        while len(runs) < SESSIONS and not failures:  # every session has drawn once before builds start
            await asyncio.sleep(0.2)
        threading.Thread(target=rebuild, daemon=True).start()
        await asyncio.gather(*sessions)

    started = time.perf_counter()
    try:
        # Its own thread: Playwright's sync API may already run an event loop in this one.
        runner = threading.Thread(target=lambda: asyncio.run(main()))
        runner.start()
        runner.join(600)
    finally:
        rss = app.rss_kb()
        app.stop()
    wall = time.perf_counter() - started

    def one_build(r: Run) -> bool:  # one build named, and the figures are that build's figures
        return len(r.builds) == 1 and r.population == {POPULATION[variant_of[min(r.builds)]]}

    mixed = [r for _, r in runs if not one_build(r)]
    errors = [e for _, r in runs for e in r.errors] + failures + build_errors
    seen = {b for _, r in runs for b in r.builds}
    last = max(variant_of)
    spanning = [r for _, r in runs if any(r.started < t < r.ended for t in published)]
    print(
        f"\nrefresh under load: {SESSIONS} sessions, {len(built)} rebuilds "
        f"(median {statistics.median(built):.2f}s each), {len(runs)} script runs in {wall:.0f}s, "
        f"run median {statistics.median(latencies):.2f}s / max {max(latencies):.2f}s, "
        f"{len(spanning)} runs under way as a build was published, "
        f"{len(seen)} distinct builds seen, {len(errors)} errors, {len(mixed)} mixed runs, "
        f"server RSS {rss and rss // 1024} MB, {len(releases.builds(db))} builds kept on disk"
    )
    assert not errors, errors[:5]
    assert len(built) == REBUILDS
    assert not mixed, [(r.builds, r.population) for r in mixed[:5]]
    assert len(seen) > 10  # sessions really did read through the rebuilds
    assert len(spanning) >= REBUILDS  # and were reading as builds were published: a mix had its chances
    assert all(r.builds == {last} for final, r in runs if final)  # the last build reaches everyone
    assert len(releases.builds(db)) < REBUILDS  # superseded builds were pruned under the readers
