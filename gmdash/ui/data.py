"""The cache edge: one DuckDB connection per process, and cached, typed calls to the queries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Concatenate

import pandas as pd
import streamlit as st

from gmdash import db, queries
from gmdash.queries import Connection, P


# Every cache is keyed by the extracts' folder (`GMDASH_DATA_DIR` or data/), so a process that
# is pointed at another extract never serves the first one's connection, manifest or frames.
@st.cache_resource(show_spinner=False)
def _connection(folder: str) -> Connection:
    return db.connect(Path(folder))


@st.cache_data(show_spinner=False)
def _manifest(folder: str) -> db.Manifest:
    return db.load_manifest(Path(folder))


def connection() -> Connection:
    """The app's read-only snapshot of the extracts; each query takes its own cursor from it."""
    return _connection(str(db.data_dir()))


def manifest() -> db.Manifest:
    """The build's manifest: extract version, files and latest periods."""
    return _manifest(str(db.data_dir()))


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(
    name: str, folder: str, version: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> pd.DataFrame:
    # Keyed by the query's name, the folder, the extract version and the arguments; `version`
    # is part of the key only, so a rebuilt extract never serves a stale frame.
    del version
    query: Callable[..., pd.DataFrame] = getattr(queries, name)
    return query(_connection(folder), *args, **kwargs)


def ask(
    query: Callable[Concatenate[Connection, P], pd.DataFrame],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> pd.DataFrame:
    """Run a query from gmdash.queries on the app's connection, cached per extract version.

    Pages and views call `ask(queries.indicator_periods, indicator_id, sex=sex)`: mypy checks the
    arguments against the query's own signature. Sequences should be tuples, so that equal
    selections share a cache entry.
    """
    if getattr(queries, query.__name__, None) is not query:
        raise TypeError(f"{query.__name__} is not a query of gmdash.queries")
    folder = str(db.data_dir())
    return _cached(query.__name__, folder, _manifest(folder).version, tuple(args), dict(kwargs))
