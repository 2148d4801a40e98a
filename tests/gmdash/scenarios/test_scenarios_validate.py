"""A saved scenario checked against the dashboard now: what no longer exists is said in words."""

from __future__ import annotations

from gmdash import queries
from gmdash.scenarios import validate

SAVED = {
    "indicator_id": "completions_opiate",
    "period": "2021/22",
    "borough": "E08000009",
    "target": {"kind": "group", "group": {"name": "West", "members": ["E08000001", "E08000010"]}},
    "groups": [{"name": "West", "members": ["E08000001", "E08000010"]}],
    "split": {
        "pot": "650000.00",
        "year": 2020,
        "grant": "inpatient_detox",
        "financial_year": "2021/22",
        "method": {"per_head": 1.0, "population": "adults"},
        "typed_actuals": {"E08000004": 52453},
    },
    "uploads": [{"filename": "mine.csv", "kind": "local", "summary": "2 figures"}],
}


def test_a_scenario_naming_only_what_exists_opens_unchanged(fixture_con):
    catalogue = validate.current_catalogue(queries.Direct(fixture_con), "fixture")
    assert catalogue.periods["completions_opiate"] == ("2019/20", "2020/21", "2021/22")
    assert len(catalogue.boroughs) == 10
    checked = validate.check_payload(SAVED, catalogue, data_version="fixture")
    assert checked.unchanged and checked.changes == ()
    expected = dict(SAVED)
    expected["target"] = {
        "kind": "group",
        "group": {"name": "West", "members": ["E08000001", "E08000010"]},
    }
    expected["split"] = dict(SAVED["split"]) | {
        "method": {
            "equal": 0.0,
            "per_head": 1.0,
            "need": 0.0,
            "population": "adults",
            "need_weights": {},
        }
    }
    assert checked.payload == expected


def test_what_no_longer_exists_is_dropped_or_replaced_and_said(fixture_con):
    catalogue = validate.current_catalogue(queries.Direct(fixture_con), "2026-01")
    saved = SAVED | {
        "period": "2015/16",
        "borough": "E08000099",
        "groups": [
            {"name": "West", "members": ["E08000001", "E08000010", "E08000099"]},
            {"name": "Gone", "members": ["E08000001", "E08000098"]},
        ],
        "split": SAVED["split"] | {"typed_actuals": {"E09000003": 5}},
        "colour": "blue",
    }
    checked = validate.check_payload(saved, catalogue, data_version="2025-06")
    changes = checked.changes
    assert (
        "It was saved with the extracts of 2025-06; the dashboard now has 2026-01, so figures "
        "may differ from when it was saved." in changes
    )
    assert "Parts this dashboard does not know were left out: colour." in changes
    assert (
        "The period 2015/16 of Successful completions: opiate is no longer available; the "
        "latest, 2021/22, is shown instead." in changes
    )
    assert (
        "The borough E08000099 is no longer one of the dashboard's boroughs, so no borough is "
        "chosen." in changes
    )
    assert (
        "E08000099 is no longer among the dashboard's boroughs, so it was removed from the "
        "group 'West'." in changes
    )
    assert any(
        c.startswith("The group 'Gone' was left out: A group needs at least 2") for c in changes
    )
    assert "Actual figures typed for E09000003 were left out: not a borough now." in changes
    payload = checked.payload
    assert payload["period"] == "2021/22" and "borough" not in payload
    assert payload["groups"] == [{"name": "West", "members": ["E08000001", "E08000010"]}]
    assert payload["split"]["typed_actuals"] == {}


def test_a_missing_indicator_and_broken_parts_open_without_them(fixture_con):
    catalogue = validate.current_catalogue(queries.Direct(fixture_con), "fixture")
    saved = {
        "indicator_id": "completions_total",
        "period": "2021/22",
        "target": {"kind": "percent", "percent": 250},
        "groups": "West",
        "split": {"pot": "lots", "year": "last year", "method": {"equal": 0.5}},
    }
    checked = validate.check_payload(saved, catalogue, payload_version=2)
    changes = checked.changes
    assert changes[0].startswith("This scenario was saved by a newer version of the dashboard")
    assert (
        "The indicator 'completions_total' is no longer in the dashboard, so the scenario opens "
        "without one: choose an indicator." in changes
    )
    assert any(
        "target was left out: A target percentage must be between 0 and 100" in c for c in changes
    )
    assert "The saved groups could not be read, so they were left out." in changes
    assert any(
        c.startswith("The saved pot was left out: The pot must be an amount") for c in changes
    )
    assert "The saved year 'last year' is not a year, so it was left out." in changes
    assert any("weights must add up to 1" in c for c in changes)
    assert "indicator_id" not in checked.payload and "period" not in checked.payload
    assert "target" not in checked.payload and checked.payload["groups"] == []


def test_opening_a_saved_scenario_by_its_link_checks_it(fixture_con, tmp_path):
    from gmdash.scenarios.store import ScenarioStore

    store = ScenarioStore.from_url(f"sqlite:///{tmp_path / 's.db'}")
    saved = store.save("Old plan", SAVED | {"borough": "E08000099"}, data_version="fixture")
    catalogue = validate.current_catalogue(queries.Direct(fixture_con), "fixture")
    scenario, checked = validate.open_checked(store, saved.slug, catalogue)
    assert scenario.id == saved.id and scenario.payload["borough"] == "E08000099"
    assert checked.changes == (
        "The borough E08000099 is no longer one of the dashboard's boroughs, so no borough is "
        "chosen.",
    )
    store.engine.dispose()
