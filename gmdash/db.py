"""The app's one DuckDB connection: a read-only snapshot of the extracts with file access disabled.

Views straight over the parquet files would need file access left on, and DuckDB's
`allowed_directories` permits writing there too (`COPY ... TO 'data/x.parquet'` overwrites an
extract). So the extracts are copied once into a private database file, which is then opened
read-only with external access off and the configuration locked, and unlinked at once. No query,
whatever its parameters, can read or write any file afterwards.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from gmcore.schema import TABLES

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = REPO / "data"
MANIFEST = "manifest.json"


class ExtractsMissing(RuntimeError):
    """The data folder lacks an extract or its manifest; the message says which and how to fix."""


@dataclass(frozen=True)
class Manifest:
    """What the build recorded: the extracts' version, files and each indicator's latest period."""

    version: str
    files: dict[str, dict[str, object]]
    indicators: dict[str, dict[str, object]]
    illustrative_indicators: tuple[str, ...]


def load_manifest(data_dir: Path = DEFAULT_DATA_DIR) -> Manifest:
    """Read data/manifest.json, failing with a clear message when it is missing or malformed."""
    path = Path(data_dir) / MANIFEST
    try:
        raw = json.loads(path.read_text())
        return Manifest(
            version=str(raw["version"]),
            files=dict(raw["files"]),
            indicators=dict(raw["indicators"]),
            illustrative_indicators=tuple(raw["illustrative_indicators"]),
        )
    except FileNotFoundError as exc:
        raise ExtractsMissing(f"{path} not found: run `make data` to build the extracts") from exc
    except (ValueError, KeyError, TypeError) as exc:
        raise ExtractsMissing(f"{path} is not a valid manifest ({exc}); run `make data`") from exc


def connect(data_dir: Path = DEFAULT_DATA_DIR) -> duckdb.DuckDBPyConnection:
    """Open the read-only snapshot of every table in gmcore.schema.TABLES.

    Each page query should take its own cursor (`con.cursor()`): cursors share the snapshot but
    not state, so concurrent sessions do not interfere.
    """
    data_dir = Path(data_dir).resolve()
    load_manifest(data_dir)
    for table in TABLES.values():
        if not (data_dir / table.filename).is_file():
            raise ExtractsMissing(f"{data_dir / table.filename} not found: run `make data`")
    workdir = Path(tempfile.mkdtemp(prefix="gmdash-snapshot-"))
    try:
        path = workdir / "extracts.duckdb"
        with duckdb.connect(str(path)) as writer:
            for name, table in TABLES.items():
                # The relation API names the table without building SQL text.
                writer.read_parquet(str(data_dir / table.filename)).create(name)
        con = duckdb.connect(
            str(path),
            read_only=True,
            config={"enable_external_access": False, "lock_configuration": True},
        )
    finally:
        # The open connection keeps its file handle; nothing is left on disk.
        shutil.rmtree(workdir, ignore_errors=True)
    return con
