"""The sidebar's data panel: which extract the app runs on, its real sources, what is current."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gmdash import db, queries
from gmdash.db import Manifest
from gmdash.queries import Ask


def panel(ask: Ask, folder: str, default_folder: str) -> str:
    """The panel's text for the extracts in `folder` (for `ask.memo`: plain, hashable arguments)."""
    return freshness_markdown(
        db.load_manifest(Path(folder)),
        ask(queries.indicator_catalogue),
        Path(folder),
        Path(default_folder),
    )


def freshness_markdown(
    manifest: Manifest, catalogue: pd.DataFrame, folder: Path, default_folder: Path
) -> str:
    """The panel's text: extract version and folder, real sources, and the latest period of
    each indicator the pages offer (those with GM borough values), generated ones marked."""
    where = (
        "the committed `data/` folder"
        if folder.resolve() == default_folder.resolve()
        else f"`{folder}` (set by `GMDASH_DATA_DIR`)"
    )
    lines = [f"Extracts version **{manifest.version}**, read from {where}."]
    publishers = sorted(set(catalogue["source_name"].dropna().astype(str)))
    lines.append(
        f"Real figures from {len(manifest.raw_sources)} published files: "
        + "; ".join(publishers)
        + ". Population, Census, deprivation, funding and boundary files are listed on "
        "Data and methods."
    )
    given = sorted(Path(p).name for p in manifest.raw_sources if Path(p).is_absolute())
    if given:
        lines.append("Files given to the build: " + ", ".join(given) + ".")
    offered = catalogue[catalogue["has_gm_boroughs"].astype(bool)]
    lines.append("Latest period of each indicator on the pages:")
    for row in offered.itertuples(index=False):
        entry = manifest.indicators.get(str(row.indicator_id), {})
        mark = " (contains generated values)" if bool(row.is_illustrative) else ""
        lines.append(f"- {row.short_title}: **{entry.get('latest_period', '—')}**{mark}")
    rest = len(catalogue) - len(offered)
    if rest:
        lines.append(
            f"{rest} more indicators have England or regional figures only; Data and methods "
            "describes them."
        )
    return "\n".join(lines)
