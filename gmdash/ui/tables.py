"""What a page hands Streamlit, worked out once per object: Arrow tables, finished chart specs."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import pandas as pd
import pyarrow as pa
from streamlit import dataframe_util

Obj = TypeVar("Obj")
V = TypeVar("V")


class Beside(Generic[Obj, V]):
    """A value worked out from an object, kept exactly as long as the object lives.

    Memoised views (`data.ask.memo`) hand back the same figures and frames on every run, so
    what Streamlit needs from them (a Vega-Lite spec, an Arrow table) is made once. Entries go
    when their object is dropped (weak references): the memo's bound is the only bound, and
    objects made afresh on each run leave nothing behind.
    """

    def __init__(self, make: Callable[[Obj], V]) -> None:
        self._make = make
        self._kept: dict[int, tuple[weakref.ref[Any], V]] = {}
        self._lock = threading.Lock()

    def __call__(self, obj: Obj) -> V:
        key = id(obj)
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and kept[0]() is obj:
            return kept[1]
        value = self._make(obj)

        def drop(_: weakref.ref[Any], key: int = key) -> None:
            with self._lock:
                self._kept.pop(key, None)

        with self._lock:
            self._kept[key] = (weakref.ref(obj, drop), value)
        return value

    def __len__(self) -> int:
        return len(self._kept)


_plain: Beside[pd.DataFrame, pa.Table] = Beside(dataframe_util.convert_pandas_df_to_arrow_table)
_indexed: Beside[pd.DataFrame, pa.Table] = Beside(
    lambda frame: dataframe_util.convert_pandas_df_to_arrow_table(frame.set_index(frame.columns[0]))
)


def arrow(frame: pd.DataFrame, *, indexed: bool = False) -> pa.Table:
    """The frame as Arrow (by Streamlit's own conversion), made once per frame object.

    st.dataframe converts a pandas frame on every run (most of a warm rerun of a page with a
    long table); an Arrow table it only writes out. `indexed` sets the first column as the
    index first (st.table shows it as row headers).
    """
    return _indexed(frame) if indexed else _plain(frame)
