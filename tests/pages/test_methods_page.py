"""Data and methods page in AppTest: every borough, search and indicator pick work, links reopen."""

from __future__ import annotations

import pytest
from page_support import GM_BOROUGHS, assert_clean, link_notices, open_page

PAGE = "pages/methods.py"


@pytest.mark.parametrize("code", list(GM_BOROUGHS))
def test_runs_for_every_borough(code):
    at = open_page(PAGE, {"area": code})
    assert_clean(at)
    headers = [h.value for h in at.header]
    for section in (
        "Indicators",
        "Methods in plain English",
        "Illustrative data",
        "Figures quoted in council reports",
        "The data files",
        "Licences and attribution",
        "Downloads",
    ):
        assert section in headers
    assert len(at.get("download_button")) == 2


def test_search_filters_the_catalogue():
    at = open_page(PAGE, {"area": "E08000003"})
    full = len(at.dataframe[0].value)
    at.text_input(key="methods_search").input("deaths").run()
    assert_clean(at)
    found = at.dataframe[0].value
    assert 0 < len(found) < full
    text = found["Indicator"] + " " + found["Definition"]
    assert text.str.contains("death", case=False).all()
    at.text_input(key="methods_search").input("zzzz").run()
    assert any("No indicator matches" in i.value for i in at.info)


def test_indicator_link_reopens_its_description_and_picker_changes_it():
    at = open_page(PAGE, {"area": "E08000003", "indicator": "drug_poisoning_deaths"})
    assert_clean(at)
    assert at.selectbox(key="indicator").value == "drug_poisoning_deaths"
    assert "Deaths related to drug poisoning (registrations)" in [s.value for s in at.subheader]
    at.selectbox(key="indicator").select("alcohol_met_need").run()
    assert_clean(at)
    assert at.query_params["indicator"] == "alcohol_met_need"


def test_unknown_indicator_in_link_shows_a_notice():
    at = open_page(PAGE, {"area": "E08000003", "indicator": "made_up"})
    assert_clean(at)
    assert any("made_up" in w for w in link_notices({"indicator": "made_up"}))
    assert at.selectbox(key="indicator").value == "completions_opiate"
