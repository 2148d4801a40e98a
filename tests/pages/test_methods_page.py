"""Data and methods page in AppTest: every borough, search and indicator pick work, links reopen."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_support import GM_BOROUGHS, assert_clean
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[2] / "app.py"


def open_page(page: str, params: dict[str, str] | None = None) -> AppTest:
    """conftest.open_page with an absolute app path: its "app.py" resolves to tests/pages/.

    The first run (where a link's notices appear) is kept in `at.first_warnings`.
    """
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.first_warnings = [w.value for w in at.warning]  # type: ignore[attr-defined]
    at.switch_page(page)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


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
    assert any("made_up" in w for w in at.first_warnings)
    assert at.selectbox(key="indicator").value == "completions_opiate"
