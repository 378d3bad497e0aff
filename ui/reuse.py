"""What page runs build (Plotly figures, table HTML, chart blocks), made once per distinct input and
shared by every session and rerun (issue 18: a warm run rebuilt and revalidated every chart).

Entries are keyed on a digest of *everything* they are made from (frames by content), so a key can
never hand one ward's, audience's or build's output to another: different inputs, different key.
A digest that fails to match when the inputs are equal only costs a rebuild, never a wrong answer.
"""
from __future__ import annotations

import copy
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go

T = TypeVar("T")


def digest(*parts: Any) -> bytes:
    """A fingerprint of the parts' content: frames, figures' dicts, strings, numbers, tuples.
    Sets are sorted first, so the same members always give the same fingerprint; frames are read
    by value (frame_content)."""
    def plain(part: Any) -> Any:
        if isinstance(part, (set, frozenset)):
            return ("set", tuple(sorted(map(repr, part))))
        if isinstance(part, (list, tuple)):
            return type(part).__name__, tuple(plain(p) for p in part)
        if isinstance(part, dict):
            return "dict", tuple((k, plain(v)) for k, v in part.items())
        if isinstance(part, (pd.DataFrame, pd.Series)):
            return frame_content(part)
        return part
    return hashlib.blake2b(pickle.dumps(plain(parts), protocol=5), digest_size=20).digest()


def frame_content(frame: pd.DataFrame | pd.Series) -> tuple:
    """A frame's names, types and values as bytes. Not its pickle: two equal frames made by
    different steps pickle differently (string columns), which would miss on every rerun."""
    names = tuple(map(str, frame.columns)) if isinstance(frame, pd.DataFrame) else (str(frame.name),)
    types = tuple(map(str, frame.dtypes)) if isinstance(frame, pd.DataFrame) else (str(frame.dtype),)
    try:
        values = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    except TypeError:  # unhashable cells (lists): their pickle, which may only miss more often
        values = pickle.dumps(frame, protocol=5)
    return "frame", names, types, len(frame), values


class Shelf:
    """A bounded, thread-safe cache (least recently used goes first), shared by all sessions."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.made = 0  # how many entries were made, not found: the tests count rebuilds by it

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two sessions may both make it once, never block each other
        with self._lock:
            self.made += 1
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.made = 0

    def __len__(self) -> int:
        return len(self._items)


# ~20-60 kB a figure or table: a few MB shared by the whole process at most, whatever the crowd.
FIGURES = Shelf(max_entries=256)
# Chart blocks' pieces: themed figures, table HTML, tables with their sources' columns.
PIECES = Shelf(max_entries=512)


def figure(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """builder(*args, **kwargs), built and validated once per distinct input. Each call gets its own
    copy (callers add lines and themes to it), made without Plotly's validation: the cached
    dict was validated when it was built."""
    key = (builder.__module__, builder.__qualname__, digest(args, kwargs))
    built = FIGURES.get(key, lambda: builder(*args, **kwargs).to_dict())
    # Plotly's private `_validate`: it has no public way to copy a figure unchecked (plotly.py issue 1812),
    # and a checked copy costs 5-20x an unchecked one, 40-65 ms a chart under load (bench/figure_copy.py).
    fig = go.Figure(copy.deepcopy(built), _validate=False)
    # Validating again from here on (also private; the canary in tests/test_reuse.py holds both): without,
    # setting a part to None (untitled's title) breaks a later update of that part.
    for part in (fig, fig.layout, *fig.data):
        part._validate = True
    return fig


def made(maker: Callable[..., T], *args: Any) -> T:
    """maker(*args), made once per distinct input, for a maker whose result follows from its
    arguments alone (a Streamlit-free presentation function that reads no clock or database).
    Each caller gets its own copy of a frame or other mutable result."""
    result = PIECES.get((maker.__module__, maker.__qualname__, digest(args)), lambda: maker(*args))
    return result.copy() if isinstance(result, pd.DataFrame) else copy.deepcopy(result)
