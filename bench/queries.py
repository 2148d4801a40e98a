"""Every page-time query (each wrapper in gmdash/queries.py) timed on synthetic extracts at 1×,
10× and 100× today's rows, through the app's own read-only connection (gmdash.db.connect).
"""

from __future__ import annotations

import gc
import inspect
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from bench import synthetic
from bench.results import REPO, Metric, at_most, percentile
from gmcore.schema import ENGLAND, GM_BOROUGHS
from gmdash import db, queries

SCALES = (1, 10, 100)
# Target from issue 11: at 100×.
QUERY_P95_MS = 50.0
# Queries no page runs while it draws: each makes a file when the reader clicks its download
# button, so it is timed against a download's wait, not a page's.
ON_CLICK = {"gm_indicator_values": "the Data and methods page's download of every value"}
ON_CLICK_P95_MS = 1000.0


def wrappers() -> dict[str, Callable[..., Any]]:
    """The query wrappers: public functions of gmdash.queries named for a queries/*.sql file."""
    found = {}
    for name, function in inspect.getmembers(queries, inspect.isfunction):
        if (
            function.__module__ == queries.__name__
            and (queries.QUERIES_DIR / f"{name}.sql").is_file()
        ):
            found[name] = function
    return found


def _one(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> Any:
    rows = con.cursor().execute(sql, list(params)).fetchall()
    return rows[0][0] if rows else None


def arguments(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], Any]:
    """Typical values for every query parameter, read from the extract being timed.

    Keys are (function or function-name prefix, parameter) for the few names that mean different
    things in different queries, and ("", parameter) for the rest.
    """
    indicator = "completions_opiate"
    latest = _one(
        con,
        "select period from indicator_values where indicator_id = ? order by period_start desc limit 1",
        indicator,
    )
    domain = _one(
        con, "select domain from lsoa_deprivation group by domain order by count(*) desc limit 1"
    )
    topic = _one(con, "select topic from census group by topic order by topic limit 1")
    return {
        ("", "indicator_id"): indicator,
        ("", "period"): latest,
        ("", "sex"): "Persons",
        ("", "area_codes"): list(GM_BOROUGHS),
        ("", "area_code"): next(iter(GM_BOROUGHS)),
        ("", "year"): _one(con, "select max(year) from population where area_code = ?", ENGLAND),
        ("", "min_age"): 65,
        ("", "edition"): _one(con, "select max(edition) from deprivation"),
        ("", "domain"): domain,
        ("", "topic"): topic,
        ("", "measure"): _one(con, "select min(measure) from census where topic = ?", topic),
        ("", "substance_group"): _one(
            con, "select min(substance_group) from treatment_demographics"
        ),
        ("treatment_demographics", "period"): _one(
            con, "select max(period) from treatment_demographics where area_code = ?", ENGLAND
        ),
        # NDTMS ViewIt profiles, when the build was given any; else the England NDTMS labels.
        ("", "age"): _one(
            con,
            "select coalesce((select min(age) from treatment_profile), "
            "(select min(age) from treatment_demographics))",
        ),
        ("treatment_profile", "period"): _one(
            con,
            "select coalesce((select max(period) from treatment_profile), "
            "(select max(period) from treatment_demographics))",
        ),
        ("treatment_profile", "substance_group"): _one(
            con,
            "select coalesce((select min(substance_group) from treatment_profile), "
            "(select min(substance_group) from treatment_demographics))",
        ),
    }


def _call_args(
    name: str, function: Callable[..., Any], values: dict[tuple[str, str], Any]
) -> dict[str, Any]:
    params = list(inspect.signature(function).parameters)[1:]
    out = {}
    for param in params:
        # The most specific entry: this function, then its family (a name prefix), then any.
        family = next((f for f, p in values if f and name.startswith(f) and p == param), None)
        key = (family, param) if family is not None else ("", param)
        if key not in values:
            raise KeyError(f"bench/queries.py has no value for {name}({param}=...): add one")
        out[param] = values[key]
    return out


def time_queries(folder: Path, repeats: int) -> dict[str, list[float]]:
    """Seconds per call of every wrapper on the extracts in `folder`, after one untimed call."""
    con = db.connect(folder)
    try:
        values = arguments(con)
        timings = {}
        for name, function in wrappers().items():
            kwargs = _call_args(name, function, values)
            function(con, **kwargs)
            samples = []
            for _ in range(repeats):
                # As timeit does: the garbage collector runs between calls, not inside one, so a
                # collection of the whole process's objects is not charged to whichever query
                # happened to trigger it (it put one query at 100 ms p95 against a 22 ms median).
                gc.collect()
                gc.disable()
                try:
                    start = time.perf_counter()
                    function(con, **kwargs)
                    samples.append(time.perf_counter() - start)
                finally:
                    gc.enable()
            timings[name] = samples
        return timings
    finally:
        con.close()


def measure(repeats: int = 20, scales: tuple[int, ...] = SCALES) -> tuple[list[Metric], list[str]]:
    """p95 per query at each scale; the target applies at the largest."""
    by_scale: dict[int, dict[str, list[float]]] = {}
    notes = []
    for scale in scales:
        with tempfile.TemporaryDirectory(prefix=f"gmdash-bench-{scale}x-") as folder:
            summary = synthetic.generate(Path(folder), scale, REPO / "data")
            by_scale[scale] = time_queries(Path(folder), repeats)
        iv = summary.rows["indicator_values"]
        notes.append(
            f"Synthetic {scale}×: indicator_values {iv:,} rows "
            f"({iv / summary.base_rows['indicator_values']:.1f}× today's), {summary.periods} "
            f"periods × {summary.breakdowns} sex/age breakdowns per indicator and area"
            + (
                f"; capped at {synthetic.CAP_ROWS:,} rows: {', '.join(summary.capped)}"
                if summary.capped
                else ""
            )
            + "."
        )
    top = max(scales)
    metrics = []
    for name in by_scale[top]:
        p95 = {s: percentile(by_scale[s][name], 95) * 1000 for s in scales}
        on_click = ON_CLICK.get(name)
        metrics.append(
            at_most(
                "query",
                f"{name} p95 at {top}×" + (" (made on click)" if on_click else ""),
                p95[top],
                "ms",
                ON_CLICK_P95_MS if on_click else QUERY_P95_MS,
                detail={f"p95_ms_{s}x": p95[s] for s in scales}
                | {"growth_vs_1x": p95[top] / p95[min(scales)] if p95[min(scales)] else None}
                | ({"made_on_click": on_click} if on_click else {}),
            )
        )
    return metrics, notes
