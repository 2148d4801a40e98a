"""The Demographics page under AppTest: every borough, published figures, topic select, links."""

from __future__ import annotations

import pytest
from page_support import GM_BOROUGHS, assert_clean, link_notices, open_page

PAGE = "pages/demographics.py"


@pytest.mark.parametrize("code", list(GM_BOROUGHS))
def test_demographics_runs_for_every_borough(code):
    at = open_page(PAGE, {"area": code})
    assert_clean(at)
    assert f"Population pyramid of {GM_BOROUGHS[code]}" in at.caption[0].value


def test_published_figures_appear_on_the_page():
    at = open_page(PAGE, {"area": "E08000010"})
    assert "Wigan 19.3% (Census 2021), England 18.6% (ONS mid-2022 estimate)" in (
        at.caption[0].value
    )
    manchester = open_page(PAGE, {"area": "E08000003"})
    assert manchester.metric[2].value == "6th of 317"


def test_topic_and_borough_change_what_is_shown():
    at = open_page(PAGE, {"area": "E08000001"})
    assert any("Ethnic group in Bolton" in c.value for c in at.caption)
    at.selectbox(key="demographics.topic").select("religion").run()
    assert_clean(at)
    captions = " ".join(c.value for c in at.caption)
    assert "Religion in Bolton" in captions and "Ethnic group in Bolton" not in captions
    at.selectbox(key="demographics.area").select("E08000004").run()
    assert_clean(at)
    assert "Population pyramid of Oldham" in at.caption[0].value


def test_link_reopens_the_borough_and_unknown_area_warns():
    at = open_page(PAGE, {"area": "Oldham"})
    assert at.selectbox(key="demographics.area").value == "E08000004"
    assert any("Atlantis" in n for n in link_notices({"area": "Atlantis"}))
    bad = open_page(PAGE, {"area": "Atlantis"})
    assert_clean(bad)
    assert bad.selectbox(key="demographics.area").value == "E08000001"
