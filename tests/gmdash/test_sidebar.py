"""The sidebar's data panel: which extract, which real sources, and only what the pages offer."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gmdash.db import Manifest
from gmdash.views.sidebar import freshness_markdown

CATALOGUE = pd.DataFrame(
    {
        "indicator_id": ["alcohol_met_need", "completions_opiate", "drug_misuse_deaths"],
        "short_title": ["Alcohol met need", "Completions: opiate", "Drug-misuse deaths"],
        "source_name": ["ONS SDG 3.5.1", "OHID Fingertips", "ONS"],
        "has_gm_boroughs": [True, True, False],
        "is_illustrative": [False, True, False],
    }
)
MANIFEST = Manifest(
    version="abc123def456",
    files={},
    indicators={
        "alcohol_met_need": {"latest_period": "2018/19"},
        "completions_opiate": {"latest_period": "2023"},
        "drug_misuse_deaths": {"latest_period": "2023"},
    },
    illustrative_indicators=("completions_opiate",),
    raw_sources={"outcomes/a.csv": "1", "/home/me/indicator-data.csv": "2"},
)


def test_the_panel_names_the_extract_its_sources_and_what_the_pages_offer(tmp_path: Path):
    text = freshness_markdown(MANIFEST, CATALOGUE, tmp_path, tmp_path)
    assert text.startswith("Extracts version **abc123def456**, read from the committed `data/`")
    assert "Real figures from 2 published files: OHID Fingertips; ONS; ONS SDG 3.5.1." in text
    assert "Files given to the build: indicator-data.csv." in text
    assert "- Alcohol met need: **2018/19**\n" in text
    assert "- Completions: opiate: **2023** (contains generated values)" in text
    assert "Drug-misuse deaths" not in text
    assert "1 more indicators have England or regional figures only" in text


def test_another_extract_folder_is_named(tmp_path: Path):
    other = tmp_path / "downloaded"
    text = freshness_markdown(MANIFEST, CATALOGUE, other, tmp_path)
    assert f"read from `{other}` (set by `GMDASH_DATA_DIR`)" in text
