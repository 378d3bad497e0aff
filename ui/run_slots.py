"""At most a few page runs at once per server process; the rest queue in order with a notice.

Streamlit runs each session's script in its own thread, and Python runs one thread at a time, so
fifty runs started together each take about fifty times as long: nobody's page finishes early,
and the server's own event loop (websocket keep-alives included) starves until sessions drop.
Runs beyond the limit wait here, blocked without using the processor, and the visitor sees a
"busy, retrying" notice that counts the wait instead of a page that seems frozen.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

DEFAULT_RUNS = 4  # see README "Crowds": what one process was measured to handle best


class Gate:
    """A counting gate that lets waiters through first come, first served."""

    def __init__(self, size: int):
        self.size = size
        self._free = size
        self._queue: deque[object] = deque()
        self._cond = threading.Condition()

    def wait_turn(self, ticket: object, timeout: float) -> bool:
        """Join the queue (once) and wait up to `timeout` seconds for a free slot at its head."""
        with self._cond:
            if ticket not in self._queue:
                self._queue.append(ticket)
            if not self._cond.wait_for(lambda: self._free > 0 and self._queue[0] is ticket, timeout):
                return False
            self._queue.popleft()
            self._free -= 1
            return True

    def position(self, ticket: object) -> int:
        with self._cond:
            return self._queue.index(ticket) + 1 if ticket in self._queue else 0

    def leave(self, ticket: object) -> None:
        """Give up a place in the queue (the visitor left or asked for another page)."""
        with self._cond:
            if ticket in self._queue:
                self._queue.remove(ticket)
                self._cond.notify_all()

    def release(self) -> None:
        with self._cond:
            self._free += 1
            self._cond.notify_all()


def run_limit() -> int:
    """ONE_STOCKPORT_MAX_CONCURRENT_RUNS: page runs at once per process (default 4, at least 1)."""
    try:
        return max(1, int(os.environ.get("ONE_STOCKPORT_MAX_CONCURRENT_RUNS", DEFAULT_RUNS)))
    except ValueError:
        return DEFAULT_RUNS


@st.cache_resource
def _gate(size: int) -> Gate:
    return Gate(size)


@contextmanager
def slot() -> Iterator[None]:
    """Hold one of the process's run slots for the body; queue with a visible notice while none is free."""
    gate, ticket = _gate(run_limit()), object()
    if not gate.wait_turn(ticket, timeout=0.2):
        notice, started = st.empty(), time.monotonic()
        try:
            # Told at once that they are queued, then every second; each notice is also
            # Streamlit's chance to stop this run if the visitor has gone.
            while True:
                notice.info(
                    f"The dashboard is busy: many people are using it right now. Your page is "
                    f"number {gate.position(ticket)} in the queue and will appear by itself "
                    f"(retrying, {time.monotonic() - started:.0f} s so far).",
                    icon=":material/hourglass_top:",
                )
                if gate.wait_turn(ticket, timeout=1.0):
                    break
        except BaseException:
            gate.leave(ticket)
            raise
        notice.empty()
    try:
        yield
    finally:
        gate.release()
