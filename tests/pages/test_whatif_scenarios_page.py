"""Saved scenarios under AppTest: save, list, reopen by link and from the list, duplicate,
rename, delete, and a scenario naming what no longer exists."""

from __future__ import annotations

import pytest
from page_support import assert_clean, grid, open_page

from gmdash.scenarios.store import ScenarioStore

WHATIF, SPLIT, SCENARIOS = "pages/whatif.py", "pages/funding_split.py", "pages/whatif_scenarios.py"
SETUP = {
    "area": "E08000004",
    "indicator": "completions_opiate",
    "period": "2022",
    "whatif.target": "north_west",
    "group": "Bolton,Salford,Trafford",
    "group_name": "West",
}


@pytest.fixture()
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "scenarios.db"
    monkeypatch.setenv("GMDASH_SCENARIOS_DB", str(path))
    monkeypatch.delenv("GMDASH_SCENARIOS_URL", raising=False)
    return path


def _save(at, page: str, name: str) -> str:
    """Save the page's what-if under `name`; returns the link's scenario slug."""
    at.text_input(key=f"{page}.save_name").input(name)
    at.button(key=f"{page}.save").click().run()
    assert_clean(at)
    assert any(s.value.startswith(f"Saved as “{name}”") for s in at.success)
    link = at.code[-1].value
    assert "?scenario=" in link
    return link.split("?scenario=")[1]


def _listed(at) -> list[str]:
    return grid(at, "Times saved")["Name"].tolist()


def test_a_saved_what_if_reopens_from_its_link_in_a_new_session(db_path):
    at = open_page(WHATIF, SETUP)
    slug = _save(at, "whatif", "Opiate against the North West")
    assert at.code[-1].value.endswith(f"/whatif?scenario={slug}")
    fresh = open_page(WHATIF, {"scenario": slug})
    assert_clean(fresh)
    assert any(
        i.value == "Opened the scenario “Opiate against the North West”." for i in fresh.info
    )
    assert fresh.selectbox(key="whatif.indicator").value == "completions_opiate"
    assert fresh.selectbox(key="whatif.period").value == "2022"
    assert fresh.selectbox(key="whatif.area").value == "E08000004"
    assert fresh.radio(key="whatif.target").value == "north_west"
    assert fresh.query_params["group"] == "Bolton,Salford,Trafford"
    assert fresh.query_params["group_name"] == "West"
    assert "scenario" not in fresh.query_params  # the link's settings now stand on their own
    assert any(h.value.startswith("Every borough against North West (") for h in fresh.subheader)


def test_list_duplicate_rename_delete_and_open_from_the_list(db_path):
    slug = _save(open_page(WHATIF, SETUP), "whatif", "First")
    at = open_page(SCENARIOS)
    assert_clean(at)
    assert _listed(at) == ["First"]
    at.button(key="scenarios.copy").click().run()
    assert_clean(at)
    assert sorted(_listed(at)) == ["First", "First (copy)"]
    at.selectbox(key="scenarios.chosen").set_value(slug).run()
    at.text_input(key="scenarios.new_name").input("Renamed")
    at.button(key="scenarios.rename").click().run()
    assert_clean(at)
    assert sorted(_listed(at)) == ["First (copy)", "Renamed"]
    at.selectbox(key="scenarios.chosen").set_value(slug).run()
    at.text_input(key="scenarios.new_name").input("first (COPY)")  # names ignore case
    at.button(key="scenarios.rename").click().run()
    assert any("already exists" in w.value for w in at.warning)
    assert sorted(_listed(at)) == ["First (copy)", "Renamed"]
    at.selectbox(key="scenarios.chosen").set_value(slug).run()
    assert at.button(key="scenarios.delete").disabled
    at.checkbox(key="scenarios.sure").check().run()
    at.button(key="scenarios.delete").click().run()
    assert_clean(at)
    assert _listed(at) == ["First (copy)"]
    at.button(key="scenarios.open").click().run()
    assert_clean(at)
    assert at.radio(key="whatif.target").value == "north_west"
    assert any(i.value == "Opened the scenario “First (copy)”." for i in at.info)


def test_a_scenario_naming_what_no_longer_exists_opens_and_says_what_changed(db_path):
    store = ScenarioStore.from_url(f"sqlite:///{db_path}")
    saved = store.save(
        "Old one",
        {
            "indicator_id": "a_retired_indicator",
            "period": "2015/16",
            "borough": "E08000099",
            "target": {"kind": "england"},
            "groups": [{"name": "Old pair", "members": ["E08000001", "E08000099"]}],
        },
        data_version="an-older-extract",
    )
    at = open_page(WHATIF, {"scenario": saved.slug})
    assert_clean(at)
    said = " ".join(i.value for i in at.info).replace("\\", "")  # Markdown escapes
    assert "The indicator 'a_retired_indicator' is no longer in the dashboard" in said
    assert "The borough E08000099 is no longer one of the dashboard's boroughs" in said
    assert "removed from the group 'Old pair'" in said
    assert "extracts of an-older-extract" in said
    assert at.selectbox(key="whatif.indicator").value == "alcohol_met_need"


def test_an_unknown_link_says_so_and_changes_nothing(db_path):
    at = open_page(WHATIF, {"area": "E08000004", "scenario": "no-such-scenario-000000"})
    assert_clean(at)
    assert any("could not be opened" in w.value and "deleted" in w.value for w in at.warning)
    assert at.selectbox(key="whatif.area").value == "E08000004"


def test_a_funding_split_is_saved_and_reopened_with_its_settings(db_path):
    at = open_page(SPLIT, {"area": "E08000001"})
    at.radio(key="split.method").set_value("blend").run()
    at.number_input(key="split.blend_equal").set_value(20).run()
    at.number_input(key="split.blend_per_head").set_value(30).run()
    at.number_input(key="split.actual_E08000004").set_value(52453.0).run()
    slug = _save(at, "split", "A blend")
    assert at.code[-1].value.endswith(f"/funding_split?scenario={slug}")
    fresh = open_page(SPLIT, {"scenario": slug})
    assert_clean(fresh)
    assert fresh.radio(key="split.method").value == "blend"
    assert fresh.query_params["split.blend"] == "equal:20,per_head:30,need:50"
    assert fresh.number_input(key="split.actual_E08000004").value == 52453.0
    table = grid(fresh, "Allocation (£)")
    oldham = table.set_index("Borough").loc["Oldham"]
    assert oldham["Actual (£)"] == 52453.0 and oldham["Actual from"] == "typed by you"


def test_with_nothing_saved_the_page_says_where_to_save_one(db_path):
    at = open_page(SCENARIOS, {"area": "E08000001"})
    assert_clean(at)
    assert [i.value for i in at.info] == [
        "No scenario has been saved yet. Set up a what-if on the What-if or Funding split page "
        "and save it there; it will be listed here for everyone using this dashboard."
    ]
    assert not at.dataframe
