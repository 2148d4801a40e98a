"""Page-level analysis built on the statistics engine: benchmarks and headline figures for frames."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from gmcore import stats


def num(x: object) -> float | None:
    """A cell as a float, or None when it is missing (None, NaN, pandas' NA)."""
    if x is None or x is pd.NA or x is pd.NaT:
        return None
    if not isinstance(x, (int, float, np.integer, np.floating, str)):
        raise TypeError(f"not a number: {x!r}")
    value = float(x)
    return None if math.isnan(value) else value


def text(x: object) -> str | None:
    """A cell as text, or None when it is missing."""
    return None if num_missing(x) else str(x)


def num_missing(x: object) -> bool:
    """True for None, NaN and pandas' missing markers."""
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))


PER_ROW = "per_row"


def add_benchmarks(
    frame: pd.DataFrame,
    comparator_value: float | None,
    polarity: str,
    method: str = PER_ROW,
) -> pd.DataFrame:
    """Add `benchmark`, `benchmark_level` and `benchmark_reason` columns to an area frame.

    Rows need value, lci95, uci95 and optionally lci998, uci998. A row without an interval, or
    with no comparator value, is "not compared" with the reason. The default, the one rule
    every page uses, judges each row with two levels where its 99.8% limits exist and one level
    (95%) where they do not, so a row whose source publishes only 95% limits is still compared
    (and a real row beside generated ones is judged on what it has). "one_level" or
    "two_level" force a rule on every row.
    """
    count = len(frame)
    return add_benchmarks_each(frame, [comparator_value] * count, [polarity] * count, method)


def add_benchmarks_each(
    frame: pd.DataFrame,
    comparator_values: Sequence[float | None],
    polarities: Sequence[str],
    method: str = PER_ROW,
) -> pd.DataFrame:
    """add_benchmarks with a comparator value and a polarity for each row (in row order).

    One pass over the rows, each judged once by the rule that applies to it.
    """
    if len(comparator_values) != len(frame) or len(polarities) != len(frame):
        raise ValueError("add_benchmarks_each needs one comparator value and polarity per row")

    def column(name: str) -> list[Any]:
        return frame[name].tolist() if name in frame.columns else [None] * len(frame)

    if {"lci998", "uci998"} <= set(frame.columns):
        has_998 = (frame["lci998"].notna() & frame["uci998"].notna()).tolist()
    else:
        has_998 = [False] * len(frame)
    results = []
    for value, lower, upper, lower998, upper998, two, comparator, polarity in zip(
        column("value"),
        column("lci95"),
        column("uci95"),
        column("lci998"),
        column("uci998"),
        has_998,
        comparator_values,
        polarities,
        strict=True,
    ):
        rule = method if method != PER_ROW else ("two_level" if two else "one_level")
        results.append(
            stats.benchmark(
                num(value),
                num(lower),
                num(upper),
                comparator,
                polarity,
                lower998=num(lower998),
                upper998=num(upper998),
                method=rule,
            )
        )
    out = frame.copy()
    out["benchmark"] = [r.category for r in results]
    out["benchmark_level"] = [r.level or "" for r in results]
    out["benchmark_reason"] = [r.reason for r in results]
    return out


def comparator_value(frame: pd.DataFrame, area_code: str) -> float | None:
    """The value of the comparator row in an area frame, or None when it is absent."""
    rows = frame[frame["area_code"] == area_code]
    if rows.empty:
        return None
    return num(rows["value"].iloc[0])


def borough_comparison(
    frame: pd.DataFrame, polarity: str, comparator_code: str, method: str = PER_ROW
) -> tuple[pd.DataFrame, float | None]:
    """The borough rows of an area frame, benchmarked against the comparator's value."""
    value = comparator_value(frame, comparator_code)
    boroughs = frame[frame["area_type"] == "local_authority"]
    return add_benchmarks(boroughs, value, polarity, method), value


def table_view(frame: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The columns a reader needs from a benchmarked area frame, with plain headings."""
    columns = {
        "area_code": "Area code",
        "area_name": "Area",
        "period": "Period",
        "count": "Count",
        "denominator": "Denominator",
        "value": f"Value ({unit})",
        "lci95": "95% CI lower",
        "uci95": "95% CI upper",
        "lci998": "99.8% CI lower",
        "uci998": "99.8% CI upper",
        "benchmark": "Compared with comparator",
        "benchmark_reason": "Comparison note",
        "suppression_note": "suppression_note",
        "is_illustrative": "is_illustrative",
        # "user" on rows a reader uploaded, so their download says so (gmdash.export)
        "data_status": "data_status",
    }
    present = [c for c in columns if c in frame.columns]
    out = frame[present].copy()
    # Shown and downloaded as published: one decimal place (denominators may be 3-year means).
    for column in ("denominator", "value", "lci95", "uci95", "lci998", "uci998"):
        if column in out.columns:
            out[column] = out[column].round(1)
    return out.rename(columns=columns)
