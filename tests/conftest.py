"""Shared fixtures: where the raw sources and the committed extracts live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def raw_dir() -> Path:
    """The real public source files: ../shared/data/raw beside the checkout, or $GMDASH_RAW."""
    path = Path(os.environ.get("GMDASH_RAW", REPO.parent / "shared" / "data" / "raw")).resolve()
    assert path.is_dir(), f"raw source folder not found at {path}; set GMDASH_RAW"
    return path


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The committed extracts the app runs on."""
    return REPO / "data"
