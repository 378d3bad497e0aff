"""data.per_build: what a page makes from the data alone is made once per build, audience and day and
found again by plain keys, and never handed to a run of another build, audience, day or argument."""
from __future__ import annotations



import pytest

from pipeline import clock
from ui import data


@pytest.fixture()
def run(monkeypatch):
    """The run's build and audience, settable by the test; an empty shelf before and after."""
    now = {"version": ("build-1",), "audience": "public"}
    monkeypatch.setattr(data, "version", lambda: now["version"])
    monkeypatch.setattr(data, "audience", lambda: now["audience"])
    data.BUILT.clear()
    yield now
    data.BUILT.clear()


def counted():
    calls: list[tuple] = []

    def maker(*args):
        calls.append(args)
        return f"made from {args}"
    return maker, calls


def test_made_once_then_found(run):
    maker, calls = counted()
    assert data.per_build(maker, "E05000001", True) == data.per_build(maker, "E05000001", True)
    assert len(calls) == 1


@pytest.mark.parametrize("change", ["build", "audience", "argument"])
def test_another_build_audience_or_argument_makes_its_own(run, change):
    maker, calls = counted()
    data.per_build(maker, "E05000001")
    if change == "build":
        run["version"] = ("build-2",)
    elif change == "audience":
        run["audience"] = "internal"
    data.per_build(maker, "E05000002" if change == "argument" else "E05000001")
    assert len(calls) == 2


def test_a_new_day_makes_it_again(run, monkeypatch):
    maker, calls = counted()
    data.per_build(maker)

    monkeypatch.setenv(clock.ENV, "2099-01-02")  # the one clock moves on a day
    data.per_build(maker)
    assert len(calls) == 2


def test_two_pages_functions_of_the_same_name_are_kept_apart(run):
    """Streamlit runs every page as module "__main__": the file tells their functions apart."""
    made = []
    for page in ("views/one.py", "views/two.py"):
        scope = {"__name__": "__main__"}
        exec(compile(f"def parts():\n    return {page!r}\n", page, "exec"), scope)
        made.append(data.per_build(scope["parts"]))
    assert made == ["views/one.py", "views/two.py"]
