"""The one cache of the Streamlit layer. Whatever a page run reads from its build (query results,
judgements) or makes from them (charts, tables, maps) is kept once per build, audience, day, maker and
arguments, shared by every session and rerun, and each caller is handed its own copy, so no page can
change what another is given. ui/data.py keys it on the run (`data.per_build`); tests empty it with `clear()`.
"""

from __future__ import annotations

import copy
import dataclasses
import enum
import hashlib
import pickle
import threading
import types
from functools import partial
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go

T = TypeVar("T")


class Run(NamedTuple):
    """What every entry is made from besides its maker and arguments."""

    build: tuple
    audience: str
    day: date


# Query frames are a few kB, a figure or table 20-60 kB, an LSOA map's shapes about 1 MB:
# tens of MB at most, shared by the whole process whatever the crowd.
MAX_ENTRIES = 1024

_entries: OrderedDict[Hashable, Any] = OrderedDict()
_making: dict[Hashable, "_Making"] = {}  # entries being made now, by key
_lock = threading.Lock()
# How long a caller waits for another's making of the same entry before making it itself: a maker is a
# query or a judging of one build, seconds at worst; a wait past this guards against one that never ends.
WAIT_SECONDS = 120


class _Making(NamedTuple):
    thread: int
    done: threading.Event


def kept(run: Run, maker: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """maker(*args, **kwargs), made once per run key, maker and arguments (frames and figures by their
    content), least recently used dropped first; the caller's own copy of it.

    One caller makes an entry; others asking for it meanwhile wait for that making rather than repeat it. A
    crowd rerunning as a new build is published otherwise made each of its judgings about four times (one
    per run slot): 1,812 of 3,063 makings in tests/e2e/test_refresh_under_load.py were repeats."""
    if getattr(maker, "__closure__", None):  # what a closure captured would be in no key
        raise TypeError(f"{maker.__qualname__} is a closure: give a cached maker everything it reads as arguments")
    key = (_maker_key(maker), run, _plain(args), _plain(kwargs) if kwargs else None)
    me = threading.get_ident()
    while True:
        with _lock:
            entry = _entries.get(key)
            if entry is not None:
                _entries.move_to_end(key)
                break
            making = _making.get(key)
            mine = making is None or making.thread == me  # nobody makes it, or this thread does a level up
            if mine:
                making = _making[key] = _Making(me, threading.Event())
        if mine:
            entry = _make(key, making, maker, args, kwargs)
            break
        if not making.done.wait(WAIT_SECONDS):  # its maker never finished: stop waiting for it
            with _lock:
                if _making.get(key) is making:
                    del _making[key]
        # Now kept by the other caller, or its maker failed and this caller makes it in turn.
    value, copier = entry
    return copier(value) if copier else value


def _make(key: Hashable, making: _Making, maker: Callable, args: tuple, kwargs: dict) -> tuple:
    """Make and keep one entry, then wake whoever waited for it (also when the maker fails)."""
    try:
        value = maker(*args, **kwargs)  # outside the lock: other entries are made and read meanwhile
        entry = value, _copier(value)
        with _lock:
            _entries[key] = entry
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
        return entry
    finally:
        with _lock:
            if _making.get(key) is making:
                del _making[key]
        making.done.set()


def clear() -> None:
    """Forget everything kept, as a freshly started server (tests start from here)."""
    with _lock:
        _entries.clear()
        _making.clear()


def size() -> int:
    """How many entries are kept."""
    return len(_entries)


def _maker_key(maker: Callable) -> tuple:
    # Streamlit runs every page as module "__main__", and makes its functions anew each run: the file
    # and name tell two pages' makers apart and find a rerun's own again.
    code = getattr(maker, "__code__", None)
    return maker.__module__, code.co_filename if code else None, maker.__qualname__


_SCALARS = (str, bytes, type(None), date, enum.Enum)


def _plain(value: Any) -> Hashable:
    """A key part: plain values as they are, containers part by part, frames and figures by a digest
    of their content (equal content, one entry; any difference, another)."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (bool, int, float, np.generic)):
        return type(value), value  # 1, 1.0 and True are one dictionary key, but not one input
    if isinstance(value, (tuple, list)):
        return type(value), tuple(_plain(v) for v in value)
    if isinstance(value, (set, frozenset)):
        return type(value), tuple(sorted(map(repr, value)))  # the same members, in any order, one key
    if isinstance(value, dict):
        return dict, tuple((_plain(k), _plain(v)) for k, v in value.items())
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return "frame", _digest(_frame_content(value))
    if isinstance(value, go.Figure):
        return "figure", _digest(_plain(value.to_dict()))
    if isinstance(value, types.FunctionType):
        return _maker_key(value)
    try:
        hash(value)
        return type(value), value
    except TypeError:
        return "pickle", _digest(value)


def _digest(value: Any) -> bytes:
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=20).digest()


def _frame_content(frame: pd.DataFrame | pd.Series) -> tuple:
    """A frame's names, types and values. Not its pickle: two equal frames made by different steps
    pickle differently (string columns), which would miss on every rerun."""
    names = tuple(map(str, frame.columns)) if isinstance(frame, pd.DataFrame) else (str(frame.name),)
    types = tuple(map(str, frame.dtypes)) if isinstance(frame, pd.DataFrame) else (str(frame.dtype),)
    try:
        values = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    except TypeError:  # unhashable cells (lists): their pickle, which may only miss more often
        values = pickle.dumps(frame, protocol=5)
    return names, types, len(frame), values


class ReadOnlyFigure:
    """A figure kept to be drawn only on request (a chart's interactive version), shared as it is: copying
    a figure on every run cost more than drawing the rest of a chart's pieces. `figure()` makes one's own."""

    __slots__ = ("_spec", "height")

    def __init__(self, fig: go.Figure):
        object.__setattr__(self, "_spec", fig.to_dict())
        object.__setattr__(self, "height", fig.layout.height)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a kept figure is read-only: change the copy figure() makes")

    def figure(self) -> go.Figure:
        return _figure_of(copy.deepcopy(self._spec))


_IMMUTABLE = (str, bytes, int, float, complex, type(None), date, enum.Enum, np.generic, range, ReadOnlyFigure)


def _copier(value: Any) -> Callable[[Any], Any] | None:
    """How each caller gets its own copy of a kept value, worked out once when it is kept (what is kept
    is never handed out to be changed, so the way stays right): None when it is shared as it is, nothing
    in it being able to change; a frame a shallow copy (copy-on-write: a change to it stays the caller's);
    a figure one of its own; a container or dataclass a new one holding its parts' copies; anything else
    a deep copy."""
    if isinstance(value, _IMMUTABLE):
        return None
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return _frame_copy
    if isinstance(value, go.Figure):
        return _figure_copy
    if isinstance(value, (tuple, list)):
        parts = [_copier(v) for v in value]
        if not any(parts):
            return None if isinstance(value, tuple) else list
        made = (lambda items: type(value)(*items)) if hasattr(value, "_fields") else type(value)
        return lambda kept: made([own(v) if own else v for own, v in zip(parts, kept)])
    if isinstance(value, frozenset) and not any(map(_copier, value)):
        return None
    if isinstance(value, dict):
        parts = {k: _copier(v) for k, v in value.items()}
        if not any(parts.values()):
            return dict
        return lambda kept: {k: own(v) if (own := parts[k]) else v for k, v in kept.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        parts = {f.name: _copier(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if value.__dataclass_params__.frozen and not any(parts.values()):
            return None  # a judgement, a standing: frozen, of parts that cannot change
        return partial(_dataclass_copy, parts=parts)
    return copy.deepcopy


def _dataclass_copy(kept: Any, parts: dict[str, Callable | None]) -> Any:
    mine = copy.copy(kept)
    for name, part in parts.items():
        if part:
            object.__setattr__(mine, name, part(getattr(kept, name)))
    return mine


def _frame_copy(frame: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    return frame.copy(deep=False)


def _figure_copy(fig: go.Figure) -> go.Figure:
    return _figure_of(fig.to_dict())  # to_dict: a deep copy


def _figure_of(spec: dict) -> go.Figure:
    """A figure of a spec made without Plotly's validation (the kept figure was validated when it was made)."""
    # Plotly's private `_validate`: it has no public way to copy a figure unchecked (plotly.py issue 1812),
    # and a checked copy costs 5-20x an unchecked one, 40-65 ms a chart under load (bench/figure_copy.py).
    mine = go.Figure(spec, _validate=False)
    # Validating again from here on (Plotly's flags, not public API; tests/test_cache.py holds them to it):
    # without, setting a part to None (untitled's title) breaks a later update of that part.
    for part in (mine, mine.layout, *mine.data):
        part._validate = True
    return mine
