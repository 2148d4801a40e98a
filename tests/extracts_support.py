"""The committed extracts' read-only snapshot, opened once per test process and shared."""

from __future__ import annotations

from functools import cache

import duckdb

from gmdash import db


@cache
def committed() -> duckdb.DuckDBPyConnection:
    """`db.connect` on the committed data/, once per process.

    Opening a snapshot checks every extract against the manifest's sha256 and copies every table:
    most of a second of CPU, which tests that each opened their own paid again and again. The
    snapshot is read-only, so every test that reads the committed extracts shares this one; none
    may close it.
    """
    # The checkout's own data/, whatever GMDASH_DATA_DIR a test has set.
    return db.connect(db.REPO / "data")
