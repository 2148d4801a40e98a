"""The cache edge: one DuckDB connection per process, cached typed queries, memoised derivations."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any, Concatenate

import pandas as pd
import streamlit as st

from gmcore.schema import MAP_TOPOLOGIES
from gmdash import db, queries
from gmdash.queries import Ask, Connection, P, T

# Views and derived frames kept at once, across every session (least recently used go first):
# enough for every page's usual choices. Entries average about 0.3 MB (a view with its charts,
# specs and tables up to 0.6 MB, a borough's derived frames far less), so this bound keeps the
# shared cache near 75 MB however many sessions come and go (the benchmark's 25 sessions may
# add at most 5 MB each). At 160, an eighth of the work on new choices under 25 sessions was
# redoing views the cache had just let go.
MEMO_ENTRIES = 240
# Python's collector runs a youngest-generation pass every 700 container allocations (net) by
# default. A page run allocates hundreds of thousands, so objects a run still holds were promoted
# many times a run, and a full collection (which walks every object the shared caches hold, about
# 200 ms with the views kept) came every few seconds under 25 sessions: about a tenth of the
# server's CPU, with every session stalled meanwhile. Collecting every 10,000 makes most of a
# run's objects die young by reference counting; cycles are still collected, a little later.
GC_THRESHOLD = 10_000
# Streamlit serves the checkout's static/ (a link to data/static) at this path, relative to the page.
STATIC_URL = "app/static"


gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


# Every cache is keyed by the extracts' folder (`GMDASH_DATA_DIR` or data/), so a process that
# is pointed at another extract never serves the first one's connection, manifest or frames.
@st.cache_resource(show_spinner=False)
def _connection(folder: str) -> Connection:
    path = Path(folder)
    early = db.take_early(path)
    # A snapshot that failed early is not kept: the next run opens the folder afresh.
    return early.result() if early is not None else db.connect(path)


@st.cache_resource(show_spinner=False)
def _manifest(folder: str) -> db.Manifest:
    # A frozen dataclass, shared rather than copied on every call.
    return db.load_manifest(Path(folder))


def connection() -> Connection:
    """The app's read-only snapshot of the extracts; each query takes its own cursor from it."""
    return _connection(str(db.data_dir()))


def manifest() -> db.Manifest:
    """The build's manifest: extract version, files and latest periods."""
    return _manifest(str(db.data_dir()))


def served_topologies() -> dict[str, dict[str, Any]]:
    """The TopoJSON layers the browser can fetch from the server, by URL, with their contents.

    Only files that are the extracts' own: the file Streamlit serves must have the sha256 the
    manifest of the extracts in use records (an operator's GMDASH_DATA_DIR may hold others), and
    static serving must be on; anything else is sent inline in the chart.
    """
    if not st.get_option("server.enableStaticServing"):
        return {}
    return _served_topologies(str(db.data_dir()))


@st.cache_resource(show_spinner=False)
def _served_topologies(folder: str) -> dict[str, dict[str, Any]]:
    files = _manifest(folder).files
    served = {}
    for relative in MAP_TOPOLOGIES.values():
        path = db.REPO / relative
        recorded = files.get(relative, {}).get("sha256")
        content = path.read_bytes() if path.is_file() else b""
        if hashlib.sha256(content).hexdigest() == recorded:
            name = PurePosixPath(relative).relative_to("static")
            served[f"{STATIC_URL}/{name}"] = json.loads(content)
    return served


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(
    name: str, folder: str, version: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> pd.DataFrame:
    # Keyed by the query's name, the folder, the extract version and the arguments; `version`
    # is part of the key only, so a rebuilt extract never serves a stale frame.
    del version
    query: Callable[..., pd.DataFrame] = getattr(queries, name)
    return query(_connection(folder), *args, **kwargs)


def _frozen(value: Any) -> Hashable:
    """`value` as a hashable key that is equal exactly when the values are (types included).

    Streamlit's cache hashes a function's arguments on every call, a hit included: a catalogue
    row (pd.Series) or a borough mapping took a few ms, and the argument names were looked up
    again with inspect. Pages ask for several memos on each run, so the key is built here from
    plain values instead, and the dict of kept results is ours (`Memo`).
    """
    kind = type(value)
    if value is None or kind in (str, int, bool, bytes):
        return (kind, value)
    if kind is float:
        # repr tells NaN from NaN as equal, and 0.0 from -0.0 as different, where == does not.
        return (kind, repr(value))
    if isinstance(value, tuple | list):
        return (kind, tuple(_frozen(item) for item in value))
    if isinstance(value, Mapping):
        return (kind, tuple((_frozen(k), _frozen(v)) for k, v in value.items()))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return (kind, tuple(_frozen(getattr(value, f.name)) for f in fields))
    if isinstance(value, pd.Series):
        # A catalogue row: a few dozen labels and values, compared by their exact text.
        return (
            kind,
            _frozen(value.name),
            tuple(repr(label) for label in value.index),
            tuple(repr(item) for item in value.tolist()),
            str(value.dtype),
        )
    if isinstance(value, Enum):
        return (kind, value.name)
    raise TypeError(f"ask.memo cannot key an argument of type {kind.__name__}")


class Memo:
    """Results kept by key, at most `entries` of them, the least recently used going first.

    Shared by every session and thread. A result being worked out is worked out once: a second
    caller with the same key waits for the first one's result instead of repeating the work.
    """

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._kept: OrderedDict[Hashable, Any] = OrderedDict()
        self._working: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                kept: T = self._kept[key]
                return kept
            working = self._working.setdefault(key, threading.Lock())
        with working:
            with self._lock:
                if key in self._kept:
                    self._kept.move_to_end(key)
                    done: T = self._kept[key]
                    return done
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._working.pop(key, None)
                raise
            # Kept before the key stops being worked on, so no caller in between works it out
            # again.
            with self._lock:
                self._kept[key] = value
                while len(self._kept) > self.entries:
                    self._kept.popitem(last=False)
                self._working.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


_memo = Memo(MEMO_ENTRIES)


class AppAsk:
    """The app's `Ask` (gmdash.queries.Ask): cached queries and memoised derivations.

    `ask(query, *args)` runs a query of gmdash.queries once per extract version and arguments
    and hands each caller its own copy of the frame. `ask.memo(fn, *args)` is `fn(ask, *args)`
    worked out once per extract version and arguments: for what is costly to derive and depends
    on the extracts alone, such as a view's blocks with their finished charts, or the recent
    trend of every borough series. Its result is shared by every session, never copied, so it is
    read-only: pages only draw it. `fn` must be a module-level function, named in the cache key.
    Arguments should be tuples rather than lists, so that equal selections share an entry.
    """

    def __call__(
        self,
        query: Callable[Concatenate[Connection, P], pd.DataFrame],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> pd.DataFrame:
        if getattr(queries, query.__name__, None) is not query:
            raise TypeError(f"{query.__name__} is not a query of gmdash.queries")
        folder = str(db.data_dir())
        return _cached(query.__name__, folder, _manifest(folder).version, tuple(args), dict(kwargs))

    def memo(self, fn: Callable[Concatenate[Ask, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        module, name = fn.__module__, fn.__qualname__
        if getattr(sys.modules.get(module), name, None) is not fn:
            raise TypeError(f"{module}.{name} is not a module-level function")
        folder = str(db.data_dir())
        # Keyed by the function's module and name, the folder, the extract version and the
        # arguments, so a rebuilt extract or another folder never serves a stale result.
        key = (module, name, folder, _manifest(folder).version, _frozen(args), _frozen(kwargs))
        result: T = _memo.get(key, lambda: fn(self, *args, **kwargs))
        return result


ask = AppAsk()
