"""data.per_build: what a page reads or makes from its build is made once per build, audience, day and
arguments, found again by plain keys, and never handed to a run of another build, audience, day or argument.
The run's key is what the run pinned: its build, its audience (ui/access.py) and the one clock's day."""

from __future__ import annotations

import shutil
from datetime import date

import pandas as pd
import pytest
import streamlit as st

from pipeline import clock
from pipeline.store.queries import Database
from ui import cache, data

WARDS = pd.DataFrame({"code": ["E05015018", "E05015019"], "name": ["Edgeley", "Heatons North"]})


MADE: list[tuple] = []


def maker(*args):
    MADE.append(args)
    return f"made from {args}"


@pytest.fixture()
def calls() -> list[tuple]:
    """The arguments of each call of `maker`."""
    MADE.clear()
    yield MADE
    MADE.clear()


def test_made_once_then_found(pinned_run, calls):
    assert data.per_build(maker, "E05000001", True) == data.per_build(maker, "E05000001", True)
    assert len(calls) == 1


@pytest.mark.parametrize("change", ["build", "audience", "argument", "day"])
def test_another_build_audience_argument_or_day_makes_its_own(pinned_run, calls, monkeypatch, change):
    data.per_build(maker, "E05000001")
    if change == "build":
        pinned_run["build"] = ("build-2",)
    elif change == "audience":
        pinned_run["audience"] = "internal"
    elif change == "day":
        monkeypatch.setenv(clock.ENV, "2099-01-02")  # the one clock moves on a day
    data.per_build(maker, "E05000002" if change == "argument" else "E05000001")
    assert len(calls) == 2


def test_two_pages_functions_of_the_same_name_are_kept_apart(pinned_run):
    """Streamlit runs every page as module "__main__": the file tells their functions apart."""
    made = []
    for page in ("views/one.py", "views/two.py"):
        scope = {"__name__": "__main__"}
        exec(compile(f"def parts():\n    return {page!r}\n", page, "exec"), scope)
        made.append(data.per_build(scope["parts"]))
    assert made == ["views/one.py", "views/two.py"]


def test_a_loader_reads_once_per_run_key_and_hands_each_caller_its_own_frame(pinned_run, monkeypatch):
    reads = []
    monkeypatch.setattr(data, "database", lambda: reads.append(1) or Database("unused.duckdb"))
    monkeypatch.setattr(Database, "wards", lambda self: WARDS.copy())
    first = data.wards()
    first["name"] = "changed by a page"
    assert list(data.wards().name) == ["Edgeley", "Heatons North"] and len(reads) == 1
    pinned_run["build"] = ("build-2",)
    data.wards()
    assert len(reads) == 2


@pytest.fixture()
def session_pins():
    """Bare-mode session state is the process's own: each test leaves it as it found it."""
    names = (data.PIN, data.PIN_VERSION, data.PIN_DAY, data.EMBED_KEY)
    yield
    for name in names:
        st.session_state.pop(name, None)


def test_a_run_is_keyed_on_the_build_audience_and_day_it_pinned(default_db, tmp_path, monkeypatch, session_pins):
    live = tmp_path / "live.duckdb"
    shutil.copy(default_db, live)
    monkeypatch.setenv("ONE_STOCKPORT_DB", str(live))
    monkeypatch.setenv("ONE_STOCKPORT_AUDIENCE", "internal")
    data.pin_build()
    data.begin_run(embed=False)
    assert data.run() == cache.Run(Database(live).pinned().version(), "internal", date(2026, 12, 5))
    monkeypatch.setenv(clock.ENV, "2026-12-06")
    assert data.run().day == date(2026, 12, 5)  # a run reads one day, whenever its queries run
    data.begin_run(embed=True)
    assert data.run().audience == "public"  # an embed shows public figures on any server
    data.pin_build()  # the next run
    assert data.run().day == date(2026, 12, 6) and data.database().today == date(2026, 12, 6)
