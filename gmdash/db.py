"""The app's one DuckDB connection: a read-only snapshot of the extracts with file access disabled.

Views straight over the parquet files would need file access left on, and DuckDB's
`allowed_directories` permits writing there too (`COPY ... TO 'data/x.parquet'` overwrites an
extract). So the extracts are copied once into a private database file, which is then opened
read-only with external access off and the configuration locked, and unlinked at once. No query,
whatever its parameters, can read or write any file afterwards.

Before the copy, every file the manifest lists is checked against its recorded sha256, so a
missing, truncated or altered extract stops the app with a message instead of wrong numbers.
The folder is `data/` in the checkout, or `$GMDASH_DATA_DIR` when an operator sets it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from gmcore.schema import TABLES

REPO = Path(__file__).resolve().parents[1]
DATA_DIR_ENV = "GMDASH_DATA_DIR"
MANIFEST = "manifest.json"
REBUILD_HELP = (
    "Rebuild the extracts with `make data` (or `make data RAW=/path/to/raw` for another copy of "
    "the raw sources), or restore `data/` from the repository with `git checkout -- data`, then "
    f"restart the app. To run on another extract folder, set `{DATA_DIR_ENV}`."
)


class ExtractsMissing(RuntimeError):
    """The extracts are missing, damaged or not the ones the manifest describes.

    The message names the folder, the file and what is wrong with it, and ends with the command
    that rebuilds them; `REBUILD_HELP` says more.
    """

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem} Rebuild them with `make data`.")


def data_dir() -> Path:
    """The extracts' folder: `$GMDASH_DATA_DIR` when set, else the checkout's `data/`.

    Read on every call rather than once at import, so the setting a process starts with is the
    one it uses, whoever imported this module first.
    """
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(configured).expanduser() if configured else REPO / "data"


def __getattr__(name: str) -> Path:
    # `DEFAULT_DATA_DIR` stays a module attribute for existing callers, computed on each access.
    if name == "DEFAULT_DATA_DIR":
        return data_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Manifest:
    """What the build recorded: the extracts' version, files and each indicator's latest period."""

    version: str
    files: dict[str, dict[str, object]]
    indicators: dict[str, dict[str, object]]
    illustrative_indicators: tuple[str, ...]
    # The raw files the build read (path relative to the raw folder, or as given), with hashes.
    raw_sources: dict[str, str] = field(default_factory=dict)


def load_manifest(folder: Path | None = None) -> Manifest:
    """Read the folder's manifest.json, failing with a clear message when missing or malformed."""
    path = Path(folder if folder is not None else data_dir()) / MANIFEST
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"))
        return Manifest(
            version=str(raw["version"]),
            files={str(name): dict(entry) for name, entry in dict(raw["files"]).items()},
            indicators=dict(raw["indicators"]),
            illustrative_indicators=tuple(raw["illustrative_indicators"]),
            raw_sources={str(k): str(v) for k, v in dict(raw.get("raw_sources", {})).items()},
        )
    except FileNotFoundError as exc:
        raise ExtractsMissing(f"the manifest {path} is missing.") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        # ValueError covers bad UTF-8 and bad JSON as well as bad values.
        raise ExtractsMissing(f"the manifest {path} is not a valid manifest ({exc}).") from exc


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(folder: Path, manifest: Manifest) -> None:
    """Check every extract is present and every file the manifest lists has its recorded sha256.

    Hashing the committed extracts (a few MB) takes milliseconds, and the app connects once per
    process, so the check runs at start-up rather than trusting whatever is on disk.
    """
    for table in TABLES.values():
        if not (folder / table.filename).is_file():
            raise ExtractsMissing(f"the extract {table.filename} is missing from {folder}.")
    for name, entry in sorted(manifest.files.items()):
        path = folder / name
        expected = entry.get("sha256")
        if not path.is_file():
            raise ExtractsMissing(
                f"the file {name} that the manifest lists is missing from {folder}."
            )
        if not isinstance(expected, str):
            raise ExtractsMissing(f"the manifest in {folder} records no sha256 for {name}.")
        if _sha256(path) != expected:
            raise ExtractsMissing(
                f"the file {name} in {folder} does not match the manifest (its sha256 differs "
                f"from the one recorded at build time): it is truncated, damaged or was changed "
                "after the build."
            )


# Tables the snapshot works out once from the extracts, beside the extracts' own (TABLES).
# latest_gm_values: every area's indicator_values rows (all sexes) in each indicator's latest GM
# period and age band (indicators.latest_gm_period, latest_gm_age). Queries of "the latest
# period" read these few rows, instead of scanning every period of every indicator on every
# call (at 100x rows, 20 years of history, the scan was the spine ranges' whole cost).
LATEST_GM_VALUES = "latest_gm_values"


def _derive(writer: duckdb.DuckDBPyConnection) -> None:
    latest = (
        writer.table("indicators")
        .filter("latest_gm_period is not null")
        .project("indicator_id, latest_gm_period as period, latest_gm_age as age")
    )
    # The relation API again, so no SQL text is built; a USING join keeps the values' columns.
    writer.table("indicator_values").join(latest, ["indicator_id", "period", "age"]).create(
        LATEST_GM_VALUES
    )


def connect(folder: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open the read-only snapshot of every table in gmcore.schema.TABLES.

    `folder` defaults to `data_dir()`. Each page query should take its own cursor
    (`con.cursor()`): cursors share the snapshot but not state, so concurrent sessions do not
    interfere.
    """
    folder = Path(folder if folder is not None else data_dir()).resolve()
    verify(folder, load_manifest(folder))
    workdir = Path(tempfile.mkdtemp(prefix="gmdash-snapshot-"))
    try:
        path = workdir / "extracts.duckdb"
        # One thread: the copy runs while app.py imports pandas, Altair and the views on the
        # other core (db.open_early), and the browser loads the page; two threads would take
        # both cores for no less CPU.
        with duckdb.connect(str(path), config={"threads": 1}) as writer:
            for name, table in TABLES.items():
                try:
                    # The relation API names the table without building SQL text.
                    writer.read_parquet(str(folder / table.filename)).create(name)
                except duckdb.Error as exc:
                    raise ExtractsMissing(
                        f"the extract {table.filename} in {folder} cannot be read as parquet "
                        f"({str(exc).splitlines()[0]})."
                    ) from exc
            _derive(writer)
        # One thread per query: sessions run side by side on a small machine, and a query split
        # over threads that the other sessions keep busy waits for the slowest (on 2 shared
        # cores the latest-period queries at 100x took 2-4x as long with two threads as with one).
        con = duckdb.connect(
            str(path),
            read_only=True,
            config={"enable_external_access": False, "lock_configuration": True, "threads": 1},
        )
    finally:
        # The open connection keeps its file handle; nothing is left on disk.
        shutil.rmtree(workdir, ignore_errors=True)
    return con


_early: dict[Path, Future[duckdb.DuckDBPyConnection]] = {}
_started: set[Path] = set()
_early_lock = threading.Lock()


def open_early(folder: Path | None = None) -> None:
    """Start `connect(folder)` in a background thread, once per process and extracts folder.

    Building the snapshot (checking hashes, copying the extracts into DuckDB) takes longer than
    importing the modules a first page needs, and is what the first query waits for. app.py
    calls this first, with only this module loaded (not pandas, not the views), so the copy
    overlaps all those imports (DuckDB and hashing release the GIL); `take_early` collects it.
    """
    path = Path(folder if folder is not None else data_dir())
    with _early_lock:
        if path in _started:
            return
        _started.add(path)
        future: Future[duckdb.DuckDBPyConnection] = Future()
        _early[path] = future

    def build() -> None:
        try:
            future.set_result(connect(path))
        except BaseException as exc:  # handed to the first query, which reports it
            future.set_exception(exc)

    threading.Thread(target=build, name="gmdash-open-extracts", daemon=True).start()


def take_early(folder: Path) -> Future[duckdb.DuckDBPyConnection] | None:
    """The snapshot `open_early` started for `folder` (handed out once), or None.

    Marks the folder as opened either way, so a later `open_early` does not build another.
    """
    with _early_lock:
        _started.add(folder)
        return _early.pop(folder, None)
