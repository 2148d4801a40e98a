"""Funding page in AppTest: runs for every borough, the grant picker works, links reopen views."""

from __future__ import annotations

import pytest
from page_support import GM_BOROUGHS, assert_clean, link_notices, open_page

PAGE = "pages/funding.py"


@pytest.mark.parametrize("code", list(GM_BOROUGHS))
def test_runs_for_every_borough(code):
    at = open_page(PAGE, {"area": code})
    assert_clean(at)
    assert at.selectbox(key="funding.area").value == code
    assert f"Every figure found for {GM_BOROUGHS[code]}" in [s.value for s in at.subheader]
    captions = " ".join(c.value for c in at.caption)
    assert "cash terms (not adjusted for inflation)" in captions
    assert "no published figure found" in captions


def test_grant_picker_changes_the_grid():
    at = open_page(PAGE, {"area": "E08000010"})
    at.selectbox(key="funding.grant").select("inpatient_detox").run()
    assert_clean(at)
    assert "Inpatient detoxification grant by borough and year" in [s.value for s in at.subheader]
    assert any(
        "Inpatient detoxification grant by area and financial year" in c.value for c in at.caption
    )


def test_borough_change_updates_detail_and_url():
    at = open_page(PAGE, {"area": "E08000001"})
    at.selectbox(key="funding.area").select("E08000004").run()
    assert_clean(at)
    assert "Every figure found for Oldham" in [s.value for s in at.subheader]
    assert at.query_params["area"] == "E08000004"


def test_unknown_area_in_link_shows_a_notice():
    at = open_page(PAGE, {"area": "Atlantis"})
    assert_clean(at)
    assert any("Atlantis" in w for w in link_notices({"area": "Atlantis"}))
    assert at.selectbox(key="funding.area").value == "E08000001"


def test_wigan_sees_its_share_of_the_consortium_pot_and_plain_figures():
    at = open_page(PAGE, {"area": "E08000010"})
    assert_clean(at)
    assert "Share of a consortium pot" in [s.value for s in at.subheader]
    assert any(
        "Wigan's £74,000 is 11.4% of the £650,000 Greater Manchester" in m.value
        for m in at.markdown
    )
    detail = next(d.value for d in at.dataframe if "Grant group" in d.value.columns)
    assert "£74,557" in detail["Amount (cash)"].tolist()
    assert "inpatient_detox" not in detail.to_string()
    grant = at.selectbox(key="funding.grant")
    assert grant.format_func("inpatient_detox") == (
        "Drug and alcohol treatment grants › Inpatient detoxification grant"
    )
    assert grant.options[0].startswith("Public health grant ›")


def test_a_borough_without_consortium_figures_has_no_share_section():
    at = open_page(PAGE, {"area": "E08000001"})
    assert "Share of a consortium pot" not in [s.value for s in at.subheader]
