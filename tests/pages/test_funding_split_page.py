"""The Funding split page under AppTest: the published pot, METHODS.md's check values, splits
that add up to the penny, actuals, and input that is refused without changing anything."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from extracts_support import committed
from page_support import assert_clean, grid, open_page, open_table_views, shown_frames

from gmcore.schema import GREATER_MANCHESTER
from gmdash import queries

PAGE = "pages/funding_split.py"


@pytest.fixture(autouse=True)
def scenario_db(tmp_path, monkeypatch):
    monkeypatch.setenv("GMDASH_SCENARIOS_DB", str(tmp_path / "scenarios.db"))
    monkeypatch.delenv("GMDASH_SCENARIOS_URL", raising=False)


def _table(at) -> pd.DataFrame:
    return grid(at, "Allocation (£)").set_index("Borough")


def _pence(table: pd.DataFrame) -> int:
    return sum(int(Decimal(str(v)) * 100) for v in table["Allocation (£)"])


def _published_pot() -> float:
    rows = queries.funding_allocations(committed(), [GREATER_MANCHESTER])
    return float(rows.loc[rows["grant"] == "inpatient_detox", "amount_gbp"].iloc[0])


def test_the_pot_is_prefilled_from_the_funding_extract_and_split_to_the_penny():
    at = open_page(PAGE, {"area": "E08000001"})
    assert_clean(at)
    pot = _published_pot()
    assert at.selectbox(key="split.pot_source").value == "Inpatient detox, 2021/22"
    assert at.text_input(key="split.shown").value == f"{pot:,.2f}"
    table = _table(at)
    assert len(table) == 10
    assert _pence(table) == round(pot * 100)
    assert any(f"add up to £{pot:,.2f}" in m.value for m in at.markdown)
    # the published actual (Wigan) is set beside the model, with the difference
    wigan = table.loc["Wigan"]
    assert wigan["Actual from"] == "published"
    assert wigan["Difference from actual (£)"] == pytest.approx(
        wigan["Allocation (£)"] - wigan["Actual (£)"], abs=0.005
    )
    assert any(c.value.startswith("Bar chart of Inpatient detox, 2021/22") for c in at.caption)


def test_methods_check_values_per_head_adults_mid_2020():
    # METHODS.md, "Splitting a fixed pot": £650,000 by ONS mid-2020 adults (18+) gives Wigan
    # £77,221.22, Oldham £52,650.78, Bury £43,593.84 and Trafford £53,470.77; published actual
    # Wigan £74,000 of the £650,000 (2021/22).
    at = open_page(PAGE, {"area": "E08000001", "split.year": "2020"})
    assert_clean(at)
    table = _table(at)
    assert table.loc["Wigan", "Allocation (£)"] == 77221.22
    assert table.loc["Oldham", "Allocation (£)"] == 52650.78
    assert table.loc["Bury", "Allocation (£)"] == 43593.84
    assert table.loc["Trafford", "Allocation (£)"] == 53470.77
    assert table.loc["Wigan", "Actual (£)"] == 74000.0
    assert table.loc["Wigan", "Difference from actual (£)"] == 3221.22
    assert _pence(table) == 65_000_000


@pytest.mark.parametrize("method", ["equal", "per_head", "need", "blend"])
def test_every_method_adds_up_to_the_pot(method):
    at = open_page(
        PAGE, {"area": "E08000001", "split.method": method, "split.population": "all_ages"}
    )
    assert_clean(at)
    table = _table(at)
    assert _pence(table) == round(_published_pot() * 100)
    assert table["Share (%)"].sum() == pytest.approx(100, abs=0.05)
    assert (table["Share range from (%)"] <= table["Share (%)"]).all()
    assert (table["Share (%)"] <= table["Share range to (%)"]).all()
    if method == "equal":
        assert set(table["Allocation (£)"]) == {_published_pot() / 10}


def test_need_measures_with_intervals_give_each_share_a_range():
    # Drug-poisoning deaths are published with 95% intervals; the IMD score is not.
    link = {"area": "E08000001", "split.method": "need", "split.need": "drug_deaths:100"}
    at = open_page(PAGE, link)
    assert_clean(at)
    table = _table(at)
    assert (table["Share range to (%)"] > table["Share range from (%)"]).all()
    imd = open_page(PAGE, {**link, "split.need": "imd_score:100"})
    assert any("has no published interval" in i.value for i in imd.info)
    flat = _table(imd)
    assert (flat["Share range to (%)"] == flat["Share range from (%)"]).all()


def test_weights_that_do_not_add_up_get_a_message_and_change_nothing():
    link = {"area": "E08000001", "split.method": "need", "split.need": "imd_score:100"}
    at = open_page(PAGE, link)
    before = _table(at)["Allocation (£)"]
    at.number_input(key="split.need_drug_deaths").set_value(30).run()
    assert_clean(at)
    assert any("add up to 130%, not 100%" in w.value for w in at.warning)
    assert _table(at)["Allocation (£)"].equals(before)
    assert at.query_params["split.need"] == "imd_score:100"
    at.number_input(key="split.need_imd_score").set_value(70).run()
    assert at.query_params["split.need"] == "imd_score:70,drug_deaths:30"
    assert not _table(at)["Allocation (£)"].equals(before)


def test_a_typed_pot_and_typed_actuals():
    at = open_page(PAGE, {"area": "E08000001"})
    at.selectbox(key="split.pot_source").set_value("Type my own amount").run()
    at.text_input(key="split.pot").input("not money").run()
    assert_clean(at)
    assert any(
        w.value.startswith("The pot was not split: The pot must be an amount") for w in at.warning
    )
    assert not any("Allocation (£)" in f.columns for f in shown_frames(open_table_views(at)))
    at.text_input(key="split.pot").input("1000.005").run()
    assert any("at most two decimal places" in w.value for w in at.warning)
    at.text_input(key="split.pot").input("100000.01").run()
    assert_clean(at)
    assert _pence(_table(at)) == 10_000_001
    assert at.query_params["split.pot"] == "100000.01"
    # METHODS.md's published actual for Oldham (£52,453, 2022/23), typed for comparison
    at.number_input(key="split.actual_E08000004").set_value(52453.0).run()
    oldham = _table(at).loc["Oldham"]
    assert oldham["Actual from"] == "typed by you"
    assert oldham["Difference from actual (£)"] == pytest.approx(
        oldham["Allocation (£)"] - 52453.0, abs=0.005
    )
