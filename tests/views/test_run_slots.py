"""The run gate (ui/run_slots.py): at most N page runs at once, the rest served first come, first served."""

from __future__ import annotations

import threading
import time

import pytest

from ui import run_slots
from ui.run_slots import Gate

# Timed waits of a few hundredths of a second: not beside a crowd or a build on the other worker's core.
pytestmark = pytest.mark.serial


def test_the_gate_lets_through_no_more_than_its_size_and_in_arrival_order():
    gate, order, running, peak = Gate(2), [], [0], [0]
    lock = threading.Lock()

    def visitor(i: int) -> None:
        ticket = object()
        while not gate.wait_turn(ticket, timeout=0.05):
            pass
        with lock:
            order.append(i)
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        gate.release()

    threads = []
    for i in range(8):  # arrive one after another, each joining the queue before the next
        threads.append(threading.Thread(target=visitor, args=(i,)))
        threads[-1].start()
        time.sleep(0.01)
    for t in threads:
        t.join(10)
    assert peak[0] == 2 and sorted(order) == list(range(8))
    assert order[2:] == sorted(order[2:])  # after the first two, strictly in arrival order


def test_a_visitor_who_leaves_the_queue_does_not_hold_up_the_next():
    gate, first, gone, next_ = Gate(1), object(), object(), object()
    assert gate.wait_turn(first, 0)
    assert not gate.wait_turn(gone, 0.01) and not gate.wait_turn(next_, 0.01)
    assert gate.position(gone) == 1 and gate.position(next_) == 2
    gate.leave(gone)
    gate.release()
    assert gate.wait_turn(next_, 0.5) and gate.position(next_) == 0


@pytest.mark.parametrize("value, expected", [(None, 4), ("1", 1), ("8", 8), ("0", 1), ("-3", 1), ("many", 4), ("", 4)])
def test_the_run_limit_setting_is_read_safely(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("ONE_STOCKPORT_MAX_CONCURRENT_RUNS", raising=False)
    else:
        monkeypatch.setenv("ONE_STOCKPORT_MAX_CONCURRENT_RUNS", value)
    assert run_slots.run_limit() == expected
