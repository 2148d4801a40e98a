"""Broken extracts: the app says what is wrong and how to rebuild, never shows a traceback.

Each test copies the committed data/ into tmp_path, damages the copy one way, points the app at it
with GMDASH_DATA_DIR and runs the real app.py under AppTest.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from page_support import APP, assert_clean
from streamlit.testing.v1 import AppTest

from gmdash import db

TITLE = "The dashboard's data could not be loaded"


def _fresh_caches() -> None:
    # The app caches its connection per process: each damaged copy needs a fresh one.
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture()
def copy(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An intact copy of the committed extracts that the app is pointed at."""
    target = tmp_path / "extracts"
    shutil.copytree(data_dir, target)
    monkeypatch.setenv(db.DATA_DIR_ENV, str(target))
    _fresh_caches()
    yield target
    _fresh_caches()


def _broken_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = [m.value for m in at.markdown] + [e.value for e in at.error]
    assert not any("Traceback" in str(t) for t in texts)
    assert [t.value for t in at.title] == [TITLE]
    # How to rebuild, in the words an operator can act on.
    assert any("`make data`" in m.value for m in at.markdown), [m.value for m in at.markdown]
    # Nothing of the dashboard is drawn on damaged data.
    assert not at.get("vega_lite_chart") and not at.dataframe
    return at


def _error(at: AppTest) -> str:
    assert len(at.error) == 1, [e.value for e in at.error]
    return str(at.error[0].value)


def _rewrite_manifest(folder: Path, change: Callable[[dict], None]) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest, indent=2))


def test_an_intact_copy_named_by_the_environment_is_the_one_the_app_runs_on(copy):
    assert db.data_dir() == copy
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert_clean(at)
    assert not at.title or at.title[0].value != TITLE
    # The footer names the copy's extracts version, read from the copy's manifest.
    version = json.loads((copy / "manifest.json").read_text())["version"]
    assert any(version in c.value for c in at.caption), [c.value for c in at.caption]


def test_without_the_environment_variable_the_checkout_data_folder_is_used(monkeypatch, data_dir):
    monkeypatch.delenv(db.DATA_DIR_ENV, raising=False)
    assert db.data_dir() == data_dir
    monkeypatch.setenv(db.DATA_DIR_ENV, "   ")
    assert db.data_dir() == data_dir


def test_a_missing_extract_is_named(copy):
    (copy / "indicator_values.parquet").unlink()
    message = _error(_broken_page())
    assert "indicator_values.parquet is missing" in message
    assert str(copy) in message


def test_a_truncated_extract_does_not_match_the_manifest(copy):
    path = copy / "population.parquet"
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    message = _error(_broken_page())
    assert "population.parquet" in message and "does not match the manifest" in message


def test_a_corrupted_extract_of_the_same_size_does_not_match_the_manifest(copy):
    path = copy / "areas.parquet"
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    message = _error(_broken_page())
    assert "areas.parquet" in message and "does not match the manifest" in message


def test_a_manifest_whose_hash_differs_from_an_intact_file_is_caught(copy):
    def wrong_hash(manifest: dict) -> None:
        manifest["files"]["funding.parquet"]["sha256"] = "0" * 64

    _rewrite_manifest(copy, wrong_hash)
    message = _error(_broken_page())
    assert "funding.parquet" in message and "does not match the manifest" in message


def test_a_missing_boundary_file_the_manifest_lists_is_named(copy):
    (copy / "boundaries" / "gm_lsoa11.parquet").unlink()
    message = _error(_broken_page())
    assert "boundaries/gm_lsoa11.parquet" in message and "missing" in message


def test_an_unreadable_extract_whose_hash_was_recorded_is_caught_by_the_reader(copy):
    # Someone "fixed" the manifest to match a damaged file: the hash passes, parquet does not.
    path = copy / "census.parquet"
    path.write_bytes(b"this is not parquet" * 100)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    def record(manifest: dict) -> None:
        manifest["files"]["census.parquet"]["sha256"] = digest

    _rewrite_manifest(copy, record)
    message = _error(_broken_page())
    assert "census.parquet" in message and "cannot be read as parquet" in message


def test_a_missing_manifest_is_named(copy):
    (copy / "manifest.json").unlink()
    message = _error(_broken_page())
    assert "manifest.json is missing" in message


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00garbage", b'{"version": "x"}', b"[]"],
    ids=["bad-json", "not-utf8", "no-files", "not-an-object"],
)
def test_a_malformed_manifest_is_named(copy, content):
    (copy / "manifest.json").write_bytes(content)
    message = _error(_broken_page())
    assert "manifest.json is not a valid manifest" in message


def test_a_folder_that_does_not_exist_is_named(copy, monkeypatch, tmp_path):
    monkeypatch.setenv(db.DATA_DIR_ENV, str(tmp_path / "nowhere"))
    message = _error(_broken_page())
    assert "nowhere" in message and "missing" in message
