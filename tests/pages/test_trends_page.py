"""The Trends page under AppTest: every borough, several areas, pooling, baseline, links."""

from __future__ import annotations

import pytest
from page_support import GM_BOROUGHS, assert_clean, link_notices, open_page

PAGE = "pages/trends.py"


@pytest.mark.parametrize("code", list(GM_BOROUGHS))
def test_trends_runs_for_every_borough(code):
    at = open_page(PAGE, {"area": code})
    assert_clean(at)
    assert at.multiselect(key="trends.areas").value == [code]
    assert any(
        c.value.startswith("Line chart of Alcohol") and GM_BOROUGHS[code] in c.value
        for c in at.caption
    )


def test_pooling_two_boroughs_adds_a_pooled_line():
    at = open_page(
        PAGE,
        {
            "area": "E08000004",
            "areas": ["E08000004", "E08000001"],
            "indicator": "completions_opiate",
        },
    )
    assert_clean(at)
    at.checkbox(key="trends.pool").check().run()
    assert_clean(at)
    assert any("Oldham + Bolton (pooled)" in c.value for c in at.caption)


def test_dsr_cannot_be_pooled_and_baseline_changes_sentences():
    at = open_page(
        PAGE,
        {
            "area": "E08000004",
            "areas": ["E08000004", "E08000001"],
            "indicator": "alcohol_related_mortality",
        },
    )
    at.checkbox(key="trends.pool").check().run()
    assert any("cannot be pooled" in i.value for i in at.info)
    at.selectbox(key="trends.baseline").select("2020").run()
    assert_clean(at)
    assert any("in 2020 →" in m.value for m in at.markdown)


def test_url_reopens_areas_and_unknown_area_warns():
    link: dict[str, str | list[str]] = {"area": "E08000004", "areas": ["E08000004", "Nowhere"]}
    assert any("not GM boroughs" in n for n in link_notices(link))
    at = open_page(PAGE, link)
    assert_clean(at)
    assert at.multiselect(key="trends.areas").value == ["E08000004"]


def test_an_old_links_pooling_and_baseline_are_applied_under_the_new_names():
    # Links made before settings were named <page>.<setting> used v.<old key>.
    link = {
        "area": "E08000005",
        "areas": ["E08000005", "E08000002"],
        "v.trends:pool": "1",
        "v.trends:baseline": "2014/15",
    }
    at = open_page(PAGE, link)
    assert_clean(at)
    assert at.checkbox(key="trends.pool").value is True
    assert at.selectbox(key="trends.baseline").value == "2014/15"
    assert at.query_params["trends.baseline"] == "2014/15"


def test_trends_shows_borough_gm_and_england_together_and_the_link_keeps_the_choice():
    at = open_page(PAGE, {"area": "E08000002", "indicator": "drug_poisoning_death_rate"})
    assert_clean(at)
    also = at.pills(key="trends.also")
    assert also.value == ["E47000001"]
    assert any(
        c.value.startswith(
            "Line chart of Drug-poisoning death rate over time against England and Greater "
            "Manchester: Bury"
        )
        for c in at.caption
    )
    also.set_value(["E12000002"]).run()
    assert_clean(at)
    assert at.query_params["trends.also"] == "E12000002"
    assert any("against England and North West" in c.value for c in at.caption)
    at.pills(key="trends.also").set_value([]).run()
    assert at.query_params["trends.also"] == "none"
    assert any("over time against England: Bury" in c.value for c in at.caption)


def test_trends_link_with_an_unknown_also_is_told_and_ignored():
    at = open_page(
        PAGE,
        {"area": "E08000002", "indicator": "drug_poisoning_death_rate", "trends.also": "Mars"},
    )
    assert_clean(at)
    assert any("“Mars” is not available for show also" in i.value for i in at.info)
    assert at.pills(key="trends.also").value == []


def test_trends_gm_for_an_age_standardised_rate_says_not_published():
    at = open_page(
        PAGE,
        {"area": "E08000002", "indicator": "alcohol_related_mortality", "comparator": "E47000001"},
    )
    assert_clean(at)
    assert any(
        i.value.startswith("Alcohol-related mortality: not published for Greater Manchester")
        for i in at.info
    )
    assert not any("has no values" in i.value for i in at.info)


def test_trends_says_borough_figures_stop_early():
    at = open_page(PAGE, {"area": "E08000002", "indicator": "drug_poisoning_death_rate"})
    assert any(
        "Bury and Greater Manchester: no figures after 2020 in the available data" in c.value
        for c in at.caption
    )
