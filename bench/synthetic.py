"""Synthetic extracts at k× today's rows, in the real schema, for timing page-time queries.

Written only to a folder the caller gives (a temporary one in `make bench`), never to data/.
Every generated row is flagged `is_illustrative` and its source says it is synthetic.

- indicator_values grows as the issue describes: every indicator for every English area
  (districts, counties, combined authorities, regions, England), up to 20 periods each, with
  sex and age breakdowns, as many as it takes to reach k × today's rows.
- The other tables are today's rows plus copies under synthetic area codes (`E08000003~1`...),
  so a query scans k× the rows while its answer for the real areas is unchanged; each is capped
  at CAP_ROWS (2.5 million, the size of the 100× indicator_values) to keep the run's memory
  within a small shared machine. A table that reached its cap says so in the summary.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gmcore.schema import SEXES, TABLES
from gmdata.build import conform, write_table
from gmdata.derived import with_coverage

SOURCE = "bench.synthetic (generated benchmark data, not a statistic)"
MAX_PERIODS = 20
AGES = ("18+ yrs", "All ages", "18-29 yrs", "30-49 yrs", "50+ yrs", "<18 yrs")
CAP_ROWS = 2_500_000
# The column that takes the synthetic copy number in each replicated table (all key columns).
COPY_COLUMNS = {
    "population": ("area_code",),
    "deprivation": ("area_code",),
    "lsoa_deprivation": ("lsoa_code", "area_code"),
    "funding": ("area_code",),
    "census": ("area_code",),
    "treatment_demographics": ("area_code",),
    "reported_figures": ("area_code",),
}


@dataclass(frozen=True)
class Summary:
    """What was generated: rows per table, today's rows, and the shape of indicator_values."""

    scale: int
    rows: dict[str, int]
    base_rows: dict[str, int]
    periods: int
    breakdowns: int
    capped: tuple[str, ...]


def _label(period_type: str, year: int) -> tuple[str, str]:
    """A period's label and start date in the build's formats (e.g. 2021/22, 2018/19 - 20/21)."""
    if period_type == "financial_year":
        return f"{year}/{(year + 1) % 100:02d}", f"{year}-04-01"
    if period_type == "financial_year_3":
        return f"{year}/{(year + 1) % 100:02d} - {(year + 2) % 100:02d}/{(year + 3) % 100:02d}", (
            f"{year}-04-01"
        )
    if period_type == "calendar_year_3":
        return f"{year} - {(year + 2) % 100:02d}", f"{year}-01-01"
    return str(year), f"{year}-01-01"


def _shape(scale: int, cells: int, base_rows: int) -> tuple[int, int]:
    """Periods and sex x age breakdowns per indicator x area that give about scale x base rows."""
    need = max(1, round(scale * base_rows / cells))
    combos = len(SEXES) * len(AGES)
    breakdowns = min(combos, max(1, -(-need // MAX_PERIODS)))
    periods = min(MAX_PERIODS, max(1, round(need / breakdowns)))
    return periods, breakdowns


def indicator_values(
    base: pd.DataFrame, indicators: pd.DataFrame, areas: pd.DataFrame, scale: int, seed: int
) -> tuple[pd.DataFrame, int, int]:
    """Every indicator x area x period x (sex, age) in the grid, with plausible values."""
    rng = np.random.default_rng(seed)
    codes = areas["area_code"].astype(str).to_numpy()
    periods, breakdowns = _shape(scale, len(indicators) * len(codes), len(base))
    frames = []
    for meta in indicators.itertuples():
        rows = base[base["indicator_id"] == meta.indicator_id]
        period_type = str(rows["period_type"].iloc[0]) if len(rows) else "financial_year"
        latest = int(pd.Timestamp(rows["period_start"].max()).year) if len(rows) else 2023
        usual_age = str(rows["age"].mode().iloc[0]) if len(rows) else AGES[0]
        combos = [("Persons", usual_age)] + [
            (s, a) for s in SEXES for a in AGES if (s, a) != ("Persons", usual_age)
        ]
        labels = [_label(period_type, y) for y in range(latest - periods + 1, latest + 1)]
        n = len(codes) * len(labels) * breakdowns
        area = np.repeat(codes, len(labels) * breakdowns)
        period_index = np.tile(np.repeat(np.arange(len(labels)), breakdowns), len(codes))
        combo_index = np.tile(np.arange(breakdowns), len(codes) * len(labels))
        denominator = rng.integers(500, 200_000, n).astype(float)
        count = rng.binomial(denominator.astype(np.int64), 0.05).astype(float)
        if meta.value_type == "proportion":
            value = 100 * count / denominator
        elif meta.value_type == "count":
            value, denominator = count, np.full(n, np.nan)
        else:
            value = 100_000 * count / denominator
        spread = 1.96 * np.sqrt(np.maximum(count, 1)) / np.maximum(count, 1) * value
        frames.append(
            pd.DataFrame(
                {
                    "indicator_id": meta.indicator_id,
                    "area_code": area,
                    "period": np.array([lab for lab, _ in labels])[period_index],
                    "period_start": pd.to_datetime(
                        np.array([start for _, start in labels])[period_index]
                    ),
                    "period_type": period_type,
                    "sex": np.array([s for s, _ in combos[:breakdowns]])[combo_index],
                    "age": np.array([a for _, a in combos[:breakdowns]])[combo_index],
                    "count": count,
                    "denominator": denominator,
                    "value": value,
                    "lci95": np.maximum(value - spread, 0),
                    "uci95": value + spread,
                    "lci998": np.maximum(value - 1.58 * spread, 0),
                    "uci998": value + 1.58 * spread,
                    "note": "Synthetic benchmark row",
                    "source": SOURCE,
                    "is_illustrative": True,
                }
            )
        )
    return pd.concat(frames, ignore_index=True), periods, breakdowns


def replicate(
    frame: pd.DataFrame, columns: tuple[str, ...], scale: int
) -> tuple[pd.DataFrame, bool]:
    """Today's rows plus copies under synthetic codes, up to scale x rows or CAP_ROWS."""
    target = min(scale * len(frame), max(len(frame), CAP_ROWS))
    copies = [frame]
    number = 1
    while sum(len(c) for c in copies) < target:
        copy = frame.copy()
        for column in columns:
            copy[column] = copy[column].astype(str) + f"~{number}"
        copies.append(copy)
        number += 1
    out = pd.concat(copies, ignore_index=True).iloc[:target]
    return out, target < scale * len(frame)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def generate(out: Path, scale: int, base: Path, seed: int = 11) -> Summary:
    """Write the synthetic extracts, boundaries and a manifest into `out` (made if missing)."""
    out.mkdir(parents=True, exist_ok=True)
    real = {name: pd.read_parquet(base / table.filename) for name, table in TABLES.items()}
    tables: dict[str, pd.DataFrame] = {"areas": real["areas"]}
    values, periods, breakdowns = indicator_values(
        real["indicator_values"], real["indicators"], real["areas"], scale, seed
    )
    tables["indicator_values"] = values
    # What the indicators cover is worked out from the synthetic values, as the build does.
    tables["indicators"] = with_coverage(real["indicators"], values, real["areas"])
    capped = []
    for name, table in TABLES.items():
        if name in tables:
            continue
        # A table added to the schema later is copied under synthetic area codes too.
        columns = COPY_COLUMNS.get(name, ("area_code",) if "area_code" in table.key else ())
        if not columns:
            tables[name] = real[name]
            continue
        tables[name], was_capped = replicate(real[name], columns, scale)
        if was_capped:
            capped.append(name)
    files: dict[str, dict[str, object]] = {}
    for name, frame in tables.items():
        table = TABLES[name]
        write_table(conform(frame, table), out / table.filename)
        files[table.filename] = {"table": name, "rows": len(frame)}
    real_manifest = json.loads((base / "manifest.json").read_text())
    for folder in ("boundaries", "static"):
        shutil.copytree(base / folder, out / folder, dirs_exist_ok=True)
    for name, entry in real_manifest["files"].items():
        if name.startswith(("boundaries/", "static/")):
            files[name] = dict(entry)
    for name, entry in files.items():
        entry["sha256"] = _sha256(out / name)
    latest = (
        values.sort_values("period_start")
        .groupby("indicator_id")["period"]
        .agg(["last", "nunique"])
    )
    manifest = {
        "version": f"synthetic-{scale}x",
        "files": files,
        "indicators": {
            i: {"latest_period": str(r["last"]), "periods": int(r["nunique"])}
            for i, r in latest.iterrows()
        },
        "illustrative_indicators": sorted(latest.index.astype(str)),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return Summary(
        scale=scale,
        rows={name: len(frame) for name, frame in tables.items()},
        base_rows={name: len(frame) for name, frame in real.items()},
        periods=periods,
        breakdowns=breakdowns,
        capped=tuple(capped),
    )
