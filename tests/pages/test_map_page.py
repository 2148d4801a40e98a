"""The Map page under AppTest: every borough, the colouring switch, the domain select, links."""

from __future__ import annotations

from page_support import assert_clean, link_notices, open_page

PAGE = "pages/map.py"


def test_map_opens_on_a_real_indicator_coloured_by_benchmark():
    # The map has no borough control, so one borough's link stands for all.
    at = open_page(PAGE, {"area": "E08000004"})
    assert at.selectbox(key="map.indicator").value == "alcohol_met_need"
    assert_clean(at)
    assert at.segmented_control(key="map.scheme").value == "benchmark"
    assert "Map of the ten GM boroughs" in at.caption[0].value


def test_quintiles_and_domain_change_what_is_shown():
    at = open_page(PAGE, {"indicator": "alcohol_met_need", "period": "2018/19"})
    assert "Colours: Compared with England." in at.caption[0].value
    at.segmented_control(key="map.scheme").set_value("quintiles").run()
    assert_clean(at)
    assert "Quintile among 147 English upper-tier local authorities" in at.caption[0].value
    at.selectbox(key="map.domain").select("Income").run()
    assert_clean(at)
    assert "decile of Income" in at.caption[1].value


def test_link_reopens_the_view_and_unknown_values_warn():
    at = open_page(
        PAGE, {"indicator": "alcohol_met_need", "period": "2018/19", "comparator": "E12000002"}
    )
    assert at.selectbox(key="map.indicator").value == "alcohol_met_need"
    assert at.selectbox(key="map.comparator").value == "E12000002"
    assert "Compared with North West" in at.caption[0].value
    assert any("no_such_indicator" in n for n in link_notices({"indicator": "no_such_indicator"}))
    bad = open_page(PAGE, {"indicator": "no_such_indicator"})
    assert_clean(bad)
    assert bad.selectbox(key="map.indicator").value == "alcohol_met_need"
