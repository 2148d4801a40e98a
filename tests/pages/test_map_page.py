"""The Map page under AppTest: every borough, the colouring switch, the domain select, links."""

from __future__ import annotations

import pytest
from page_support import GM_BOROUGHS, assert_clean, link_notices, open_page

PAGE = "pages/map.py"


@pytest.mark.parametrize("code", list(GM_BOROUGHS))
def test_map_runs_for_every_borough(code):
    at = open_page(PAGE, {"area": code})
    assert_clean(at)
    assert at.segmented_control(key="map_scheme").value == "benchmark"
    assert "Map of the ten GM boroughs" in at.caption[0].value


def test_quintiles_and_domain_change_what_is_shown():
    at = open_page(PAGE, {"indicator": "alcohol_met_need", "period": "2018/19"})
    assert "Colours: Compared with England." in at.caption[0].value
    at.segmented_control(key="map_scheme").set_value("quintiles").run()
    assert_clean(at)
    assert "Quintile among 147 English upper-tier local authorities" in at.caption[0].value
    at.selectbox(key="map_domain").select("Income").run()
    assert_clean(at)
    assert "decile of Income" in at.caption[1].value


def test_link_reopens_the_view_and_unknown_values_warn():
    at = open_page(
        PAGE, {"indicator": "alcohol_met_need", "period": "2018/19", "comparator": "E12000002"}
    )
    assert at.selectbox(key="map_indicator").value == "alcohol_met_need"
    assert at.selectbox(key="map_comparator").value == "E12000002"
    assert "Compared with North West" in at.caption[0].value
    assert any("no_such_indicator" in n for n in link_notices({"indicator": "no_such_indicator"}))
    bad = open_page(PAGE, {"indicator": "no_such_indicator"})
    assert_clean(bad)
    assert bad.selectbox(key="map_indicator").value == "completions_opiate"
