"""The cache edge: one DuckDB connection per process, and cached calls to the query wrappers."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from gmdash import db, queries


@st.cache_resource(show_spinner=False)
def connection() -> duckdb.DuckDBPyConnection:
    """The app's single read-only snapshot; each query takes its own cursor from it."""
    return db.connect(db.DEFAULT_DATA_DIR)


@st.cache_data(show_spinner=False)
def manifest() -> db.Manifest:
    """The build's manifest: extract version, files and latest periods."""
    return db.load_manifest(db.DEFAULT_DATA_DIR)


@st.cache_data(show_spinner=False, max_entries=512)
def query(name: str, **params: Any) -> pd.DataFrame:
    """Call gmdash.queries.<name>(connection, **params), cached on the name and parameters.

    Sequences are passed as tuples so that equal selections share a cache entry.
    """
    wrapper = getattr(queries, name)
    return wrapper(connection(), **params)
