"""Benchmark metrics, their targets, and the results files (results.json and results.md)."""

from __future__ import annotations

import json
import math
import os
import platform
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) with linear interpolation between the nearest ranks."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Metric:
    """One measured figure against its target; `floor` and `ratio` when the target is relative."""

    group: str
    name: str
    value: float
    unit: str
    target: str
    passed: bool
    floor: float | None = None
    ratio: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        entry = asdict(self)
        entry["pass"] = entry.pop("passed")
        return entry


def at_most(
    group: str,
    name: str,
    value: float,
    unit: str,
    limit: float,
    *,
    floor: float | None = None,
    ratio_limit: float | None = None,
    detail: dict[str, Any] | None = None,
) -> Metric:
    """A metric that passes when `value <= limit` and, given a floor, `value / floor <= ratio_limit`.

    A NaN value (the measurement failed) never passes.
    """
    target = f"≤ {limit:g} {unit}" if math.isfinite(limit) else ""
    ratio = None
    passed = math.isfinite(value) and value <= limit
    if floor is not None and ratio_limit is not None:
        ratio = value / floor if floor > 0 else math.nan
        passed = passed and math.isfinite(ratio) and ratio <= ratio_limit
        target = " and ".join(t for t in (target, f"≤ {ratio_limit:g}× floor") if t)
    target = target or "reference"
    return Metric(
        group=group,
        name=name,
        value=value,
        unit=unit,
        target=target,
        passed=passed,
        floor=floor,
        ratio=ratio,
        detail=detail or {},
    )


def machine() -> dict[str, Any]:
    """What the numbers were measured on: they only compare within one machine and run."""
    import duckdb
    import streamlit

    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "streamlit": streamlit.__version__,
        "duckdb": duckdb.__version__,
        "load_average": list(os.getloadavg()),
    }


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if not math.isfinite(value):
        return "failed"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"
    return f"{text} {unit}".strip()


def write(metrics: list[Metric], out: Path, started: datetime, notes: list[str]) -> None:
    """Write results.json and results.md into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    finished = datetime.now(UTC)
    payload = {
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "machine": machine(),
        "passed": all(m.passed for m in metrics),
        "notes": notes,
        "metrics": [m.as_json() for m in metrics],
    }
    (out / "results.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")
    (out / "results.md").write_text(markdown(metrics, payload))


def markdown(metrics: list[Metric], payload: dict[str, Any]) -> str:
    """The results as a Markdown table, grouped as measured."""
    info = payload["machine"]
    passed = sum(m.passed for m in metrics)
    lines = [
        "# Benchmark results",
        "",
        f"Run {payload['started']} to {payload['finished']} on {info['cores']} cores "
        f"(Python {info['python']}, Streamlit {info['streamlit']}, DuckDB {info['duckdb']}). "
        f"{passed} of {len(metrics)} targets met. Written by `make bench`; floors are measured "
        "in the same run.",
        "",
        "| group | metric | value | floor | ratio | target | pass |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in metrics:
        ratio = (
            ""
            if m.ratio is None
            else ("failed" if not math.isfinite(m.ratio) else f"{m.ratio:.2f}×")
        )
        lines.append(
            f"| {m.group} | {m.name} | {_number(m.value, m.unit)} | {_number(m.floor, m.unit)} "
            f"| {ratio} | {m.target} | {'yes' if m.passed else '**no**'} |"
        )
    if payload["notes"]:
        lines += ["", *[f"- {note}" for note in payload["notes"]]]
    return "\n".join(lines) + "\n"
