"""A pooled group wherever a borough or comparator can be chosen: Compare, Trends, Borough
profile and Map under AppTest, from a link, with disclosure control on the pooled figures."""

from __future__ import annotations

import pytest
from extracts_support import committed
from page_support import assert_clean, grid, link_notices, open_page

from gmcore import stats
from gmdash import queries

WEST = {"area": "E08000001", "group": "Bolton,Salford,Trafford", "group_name": "West"}


@pytest.fixture(autouse=True)
def scenario_db(tmp_path, monkeypatch):
    monkeypatch.setenv("GMDASH_SCENARIOS_DB", str(tmp_path / "scenarios.db"))


def _rows(indicator: str, period: str):
    return queries.indicator_values_gm(committed(), indicator, period).set_index("area_name")


def test_compare_shows_the_group_as_a_bar_and_as_a_comparator():
    link = {**WEST, "indicator": "alcohol_met_need", "period": "2018/19"}
    at = open_page("pages/compare.py", link)
    assert_clean(at)
    bars = grid(at, "Compared with comparator")
    west = bars.set_index("Area").loc["West (pooled group)"]
    rows = _rows("alcohol_met_need", "2018/19").loc[["Bolton", "Salford", "Trafford"]]
    x, n = float(rows["count"].sum()), float(rows["denominator"].sum())
    low, high = stats.wilson_ci(x, n)
    assert west["Count"] == x
    assert (west["95% CI lower"], west["95% CI upper"]) == pytest.approx(
        (round(100 * low, 1), round(100 * high, 1))
    )
    options = at.selectbox(key="compare.comparator").options
    assert "West (pooled group)" in options
    at.selectbox(key="compare.comparator").set_value("group:west").run()
    assert_clean(at)
    assert at.query_params["comparator"] == "group:west"
    assert any(f"Against West (pooled group) ({100 * x / n:,.1f})" in c.value for c in at.caption)
    ranks = grid(at, "Rank in words")
    assert "West (pooled group)" not in set(ranks["Area"])  # ranks are among the boroughs


def test_a_group_with_a_suppressed_member_has_no_pooled_figure():
    # A member whose count is hidden must not be recoverable from the group's total.
    con = committed()
    trend = queries.gm_borough_series(con)
    primary = trend["suppression_note"].astype(str).str.startswith("Suppressed: count between 1")
    hidden = trend[trend["suppressed"].astype(bool) & primary]
    assert len(hidden), "the committed extracts hide some borough counts of 1 to 4"
    row = hidden.iloc[0]
    other = "E08000009" if row["area_code"] != "E08000009" else "E08000001"
    link = {
        "area": row["area_code"],
        "indicator": row["indicator_id"],
        "period": row["period"],
        "group": f"{row['area_code']},{other}",
        "group_name": "Pair",
    }
    at = open_page("pages/compare.py", link)
    assert_clean(at)
    assert any(
        "is suppressed, and a pooled total would let it be worked out" in i.value for i in at.info
    )


def test_trends_draws_the_named_group_as_a_series():
    at = open_page("pages/trends.py", {**WEST, "indicator": "alcohol_met_need", "trends.pool": "1"})
    assert_clean(at)
    assert at.checkbox(key="trends.pool").value is True
    chart = next(c.value for c in at.caption if c.value.startswith("Line chart of Alcohol"))
    assert "West " in chart and "Bolton " in chart
    recent = grid(at, "Recent trend")
    assert "West" in set(recent["Area"])


def test_a_groups_profile():
    at = open_page("pages/profile.py", {**WEST, "profile.group": "1"})
    assert_clean(at)
    assert any(
        i.value.startswith("West (pooled group) pools Bolton, Salford and Trafford")
        for i in at.info
    )
    assert any("Directly standardised rates cannot be pooled" in i.value for i in at.info)
    assert any("Spine chart of" in c.value and "West (pooled group)" in c.value for c in at.caption)
    at.checkbox(key="profile.group").uncheck().run()
    assert any("Spine chart of" in c.value and "for Bolton" in c.value for c in at.caption)


def test_the_map_outlines_the_groups_boroughs():
    at = open_page("pages/map.py", {**WEST, "indicator": "alcohol_met_need"})
    assert_clean(at)
    assert at.caption[0].value.endswith(
        "Outlined: the pooled group West (Bolton, Salford and Trafford)."
    )
    at.selectbox(key="map.comparator").set_value("group:west").run()
    assert "Colours: Compared with West (pooled group)." in at.caption[0].value


def test_a_bad_group_in_a_link_is_ignored_with_a_notice():
    link = {"area": "E08000001", "group": "Bolton,Atlantis", "group_name": "Odd"}
    assert any("pooled group was ignored" in n and "Atlantis" in n for n in link_notices(link))
    at = open_page("pages/compare.py", link)
    assert_clean(at)
    assert "group" not in at.query_params
    one = {"area": "E08000001", "group": "Bolton", "group_name": "Solo"}
    assert any("at least 2 different boroughs" in n for n in link_notices(one))
