"""The Demographics page under AppTest: every borough, published figures, topic select, links."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_support import GM_BOROUGHS, assert_clean
from streamlit.testing.v1 import AppTest

PAGE = "pages/demographics.py"
APP = Path(__file__).resolve().parents[2] / "app.py"


def open_demographics(params: dict[str, str]) -> AppTest:
    """conftest.open_page with an absolute app path (its "app.py" resolves beside conftest.py)."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def link_notices(params: dict[str, str]) -> list[str]:
    """The notices a new session shows for a link (read once, on its first run)."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    return [w.value for w in at.run().warning]


@pytest.mark.parametrize("code", list(GM_BOROUGHS))
def test_demographics_runs_for_every_borough(code):
    at = open_demographics({"area": code})
    assert_clean(at)
    assert f"Population pyramid of {GM_BOROUGHS[code]}" in at.caption[0].value


def test_published_figures_appear_on_the_page():
    at = open_demographics({"area": "E08000010"})
    assert "Wigan 19.3% (Census 2021), England 18.6% (ONS mid-2022 estimate)" in (
        at.caption[0].value
    )
    manchester = open_demographics({"area": "E08000003"})
    assert manchester.metric[2].value == "6th of 317"


def test_topic_and_borough_change_what_is_shown():
    at = open_demographics({"area": "E08000001"})
    assert "Ethnic group in Bolton" in at.caption[-1].value
    at.selectbox(key="demographics_topic").select("religion").run()
    assert_clean(at)
    assert "Religion in Bolton" in at.caption[-1].value
    at.selectbox(key="demographics_area").select("E08000004").run()
    assert_clean(at)
    assert "Population pyramid of Oldham" in at.caption[0].value


def test_link_reopens_the_borough_and_unknown_area_warns():
    at = open_demographics({"area": "Oldham"})
    assert at.selectbox(key="demographics_area").value == "E08000004"
    assert any("Atlantis" in n for n in link_notices({"area": "Atlantis"}))
    bad = open_demographics({"area": "Atlantis"})
    assert_clean(bad)
    assert bad.selectbox(key="demographics_area").value == "E08000001"
