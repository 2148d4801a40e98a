"""Tables as Arrow for st.dataframe and st.table, converted once per frame object."""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd
import pyarrow as pa
from streamlit import dataframe_util

from gmdash.ui import data

# st.dataframe converts a pandas frame to Arrow on every run (most of a warm rerun of a page with
# a long table); an Arrow table it only writes out. Kept beside the frame (keyed by identity, so
# the frame is held until its entry is dropped): a few per memoised view.
KEPT = 3 * data.MEMO_ENTRIES
_ARROW: OrderedDict[int, tuple[pd.DataFrame, pa.Table]] = OrderedDict()
_ARROW_INDEXED: OrderedDict[int, tuple[pd.DataFrame, pa.Table]] = OrderedDict()
_LOCK = threading.Lock()


def arrow(frame: pd.DataFrame, *, indexed: bool = False) -> pa.Table:
    """The frame as Arrow, converted once per frame object (by Streamlit's own conversion).

    `indexed` sets the first column as the index first (st.table shows it as row headers).
    Memoised views hand back the same frames on every run; a frame made afresh each run is
    converted each run, as st.dataframe would, and its entry soon dropped.
    """
    cache = _ARROW_INDEXED if indexed else _ARROW
    with _LOCK:
        kept = cache.get(id(frame))
        if kept is not None and kept[0] is frame:
            cache.move_to_end(id(frame))
            return kept[1]
    shown = frame.set_index(frame.columns[0]) if indexed else frame
    table = dataframe_util.convert_pandas_df_to_arrow_table(shown)
    with _LOCK:
        cache[id(frame)] = (frame, table)
        while len(cache) > KEPT:
            cache.popitem(last=False)
    return table
