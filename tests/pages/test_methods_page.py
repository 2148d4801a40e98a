"""Data and methods page in AppTest: every borough, search and indicator pick work, links reopen."""

from __future__ import annotations

from page_support import assert_clean, link_notices, open_page

PAGE = "pages/methods.py"


def test_every_section_and_both_downloads_are_there():
    # The page has no borough control, so one borough's link stands for all.
    at = open_page(PAGE, {"area": "E08000003"})
    assert_clean(at)
    headers = [h.value for h in at.header]
    assert headers == ["Indicators", "Methods in plain English", "Data, sources and downloads"]
    subheaders = [h.value for h in at.subheader]
    for section in (
        "Illustrative data",
        "Figures quoted in council reports",
        "The data files",
        "Licences and attribution",
    ):
        assert section in subheaders
    assert len(at.get("download_button")) == 2


def test_search_filters_the_catalogue():
    at = open_page(PAGE, {"area": "E08000003"})
    full = len(at.dataframe[0].value)
    at.text_input(key="methods.search").input("deaths").run()
    assert_clean(at)
    found = at.dataframe[0].value
    assert 0 < len(found) < full
    text = found["Indicator"] + " " + found["Definition"]
    assert text.str.contains("death", case=False).all()
    at.text_input(key="methods.search").input("zzzz").run()
    assert any("No indicator matches" in i.value for i in at.info)


def test_indicator_link_reopens_its_description_and_picker_changes_it():
    at = open_page(PAGE, {"area": "E08000003", "indicator": "drug_poisoning_deaths"})
    assert_clean(at)
    assert at.selectbox(key="methods.indicator").value == "drug_poisoning_deaths"
    assert "Deaths related to drug poisoning (registrations)" in [s.value for s in at.subheader]
    at.selectbox(key="methods.indicator").select("alcohol_met_need").run()
    assert_clean(at)
    assert at.query_params["indicator"] == "alcohol_met_need"


def test_unknown_indicator_in_link_shows_a_notice():
    at = open_page(PAGE, {"area": "E08000003", "indicator": "made_up"})
    assert_clean(at)
    assert any("made_up" in w for w in link_notices({"indicator": "made_up"}))
    assert at.selectbox(key="methods.indicator").value == "alcohol_met_need"  # the real default
