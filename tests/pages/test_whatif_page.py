"""The What if? page under AppTest: every target, agreement with Compare, pooled groups, input."""

from __future__ import annotations

import pandas as pd
import pytest
from extracts_support import committed
from page_support import GM_BOROUGHS, assert_clean, grid, open_page

from gmcore import stats
from gmdash import queries

PAGE = "pages/whatif.py"
WEST = {"group": "Bolton,Salford,Trafford", "group_name": "West"}
ALL_TEN = {"group": ",".join(GM_BOROUGHS.values()), "group_name": "All ten"}


@pytest.fixture(autouse=True)
def scenario_db(tmp_path, monkeypatch):
    """Saved scenarios go to a throwaway SQLite file, never the user's own."""
    monkeypatch.setenv("GMDASH_SCENARIOS_DB", str(tmp_path / "scenarios.db"))
    monkeypatch.delenv("GMDASH_SCENARIOS_URL", raising=False)


def _frame(at, column: str) -> pd.DataFrame:
    """The first dataframe on the page with `column`."""
    return grid(at, column)


def _best(indicator: str, period: str) -> str:
    """The borough with the highest value (completions: higher is better), from the extract."""
    rows = _values(indicator, period)
    return str(rows[rows["area_type"] == "local_authority"]["value"].idxmax())


def _values(indicator: str, period: str) -> pd.DataFrame:
    return queries.indicator_values_gm(committed(), indicator, period).set_index("area_name")


@pytest.mark.parametrize(
    ("indicator", "period", "comparator", "target"),
    [
        ("alcohol_met_need", "2018/19", "E92000001", "england"),
        ("completions_opiate", "2023", "E12000002", "north_west"),
        ("completions_non_opiate", "2022", "E92000001", "england"),
        # a period mixing Salford's exact published row with generated ones
        ("completions_non_opiate", "2017", "E92000001", "england"),
    ],
)
def test_targets_agree_with_the_benchmark_colours_on_compare(indicator, period, comparator, target):
    link = {"area": "E08000004", "indicator": indicator, "period": period}
    compare = open_page("pages/compare.py", {**link, "comparator": comparator})
    whatif = open_page(PAGE, {**link, "whatif.target": target})
    assert_clean(compare)
    assert_clean(whatif)
    colours = _frame(compare, "Compared with comparator").set_index("Area")
    answers = _frame(whatif, "Now, against the target").set_index("Borough")
    assert sorted(answers.index) == sorted(GM_BOROUGHS.values())
    for name, row in answers.iterrows():
        assert (
            row["Now, against the target"].split(" (")[0]
            == colours.loc[name, "Compared with comparator"]
        )


def test_the_changes_are_the_statistics_engines_and_the_ratings_after_them_hold():
    # Alcohol met need is published to the person (no rounding): the answer is the engine's.
    at = open_page(
        PAGE, {"area": "E08000003", "indicator": "alcohol_met_need", "period": "2018/19"}
    )
    assert_clean(at)
    answers = _frame(at, "Now, against the target").set_index("Borough")
    rows = _values("alcohol_met_need", "2018/19")
    england = float(rows.loc["England", "value"])
    for name in ("Manchester", "Oldham"):
        x, n = float(rows.loc[name, "count"]), float(rows.loc[name, "denominator"])
        similar, match = stats.what_would_it_take(x, n, england / 100)
        assert answers.loc[name, "Now, against the target"].startswith("worse")
        assert (
            answers.loc[name, "Change to be similar"],
            answers.loc[name, "Change to match"],
        ) == (
            similar,
            match,
        )
        assert answers.loc[name, "Rating if similar"] == "similar"
    sentence = next(m.value for m in at.markdown if m.value.startswith("- Manchester ("))
    assert "to be statistically similar" in sentence and "England" in sentence


def test_an_exact_published_row_among_generated_ones_is_answered_in_single_units():
    # 2017 non-opiate completions: Salford's row is Fingertips' exact count, the rest are
    # generated and rounded to 5; each row's answer keeps to its own precision
    link = {"area": "E08000006", "indicator": "completions_non_opiate", "period": "2017"}
    at = open_page(PAGE, link)
    assert_clean(at)
    rows = _values("completions_non_opiate", "2017")
    x, n = float(rows.loc["Salford", "count"]), float(rows.loc["Salford", "denominator"])
    _, match = stats.what_would_it_take(x, n, float(rows.loc["England", "value"]) / 100)
    sentence = next(m.value for m in at.markdown if m.value.startswith("- Salford ("))
    assert f"It has {-match:,} more successful completions than matching England" in sentence
    assert "rounded" not in sentence and "about" not in sentence
    steps = _frame(at, "Counts in steps of").set_index("Borough")["Counts in steps of"]
    assert steps["Salford"] == 1 and set(steps.drop("Salford")) == {5}


@pytest.mark.parametrize("kind", ["gm_best", "gm_median", "england", "north_west", "group"])
def test_every_target_runs_and_names_itself(kind):
    # Completions (illustrative) have a North West figure; alcohol met need has none.
    link = {"area": "E08000001", **WEST, "whatif.target": kind, "period": "2023"}
    at = open_page(PAGE, {**link, "indicator": "completions_opiate"})
    assert_clean(at)
    assert at.radio(key="whatif.target").value == kind
    heading = next(h.value for h in at.subheader if h.value.startswith("Every borough against"))
    expected = {
        "gm_best": f"the GM best ({_best('completions_opiate', '2023')}",
        "gm_median": "the GM median",
        "england": "England",
        "north_west": "North West",
        "group": "West (pooled",
    }[kind]
    assert expected in heading
    assert any(
        c.value.startswith("Illustrative data. Bar chart of Completions: opiate for 10 GM")
        for c in at.caption
    )


def test_a_target_without_a_figure_says_so():
    at = open_page(PAGE, {"area": "E08000001", "whatif.target": "north_west"})
    assert_clean(at)
    assert any(
        w.value == "North West has no figure for this period; choose another target."
        for w in at.warning
    )
    assert not any(h.value.startswith("Every borough against") for h in at.subheader)


def test_a_typed_target_out_of_range_gets_a_message_and_changes_nothing():
    at = open_page(PAGE, {"area": "E08000001", "whatif.target": "percent", "whatif.percent": "20"})
    assert_clean(at)
    assert any("the target of 20.0%" in h.value for h in at.subheader)
    for bad, words in (
        ("120", "between 0 and 100, not 120"),
        ("-3", "not -3"),
        ("lots", "a number"),
    ):
        at.text_input(key="whatif.percent").input(bad).run()
        assert_clean(at)
        assert any(words in w.value and "not changed (still 20%)" in w.value for w in at.warning)
        assert any("the target of 20.0%" in h.value for h in at.subheader)
        assert at.query_params["whatif.percent"] == "20"
    at.text_input(key="whatif.percent").input("7.5").run()
    assert any("the target of 7.5%" in h.value for h in at.subheader)
    assert at.query_params["whatif.percent"] == "7.5"


def test_generated_inputs_make_generated_answers_labelled_as_such():
    at = open_page(PAGE, {"area": "E08000004", "indicator": "completions_opiate", "period": "2023"})
    assert_clean(at)
    sentence = next(m.value for m in at.markdown if m.value.startswith("- Illustrative data"))
    assert "Oldham" in sentence and "steps of 5" in sentence
    answers = _frame(at, "Now, against the target")
    assert set(answers["Data"]) == {"illustrative (generated)"}
    assert any(c.value.startswith("**Illustrative data") for c in at.caption)
    assert any(w.value.startswith("**Illustrative data.**") for w in at.warning)


@pytest.mark.parametrize(
    ("indicator", "period"), [("alcohol_met_need", "2018/19"), ("completions_opiate", "2023")]
)
def test_a_group_of_all_ten_pools_to_greater_manchester(indicator, period):
    # Pooled GM equals the sum of the ten: on Compare the group's bar carries the ten counts'
    # and denominators' sums, and its value is the published Greater Manchester value.
    link = {"area": "E08000001", "indicator": indicator, "period": period, **ALL_TEN}
    at = open_page("pages/compare.py", link)
    assert_clean(at)
    bars = _frame(at, "Compared with comparator").set_index("Area")
    group = bars.loc["All ten (pooled group)"]
    boroughs = bars.drop(index="All ten (pooled group)")
    assert len(boroughs) == 10
    assert group["Count"] == boroughs["Count"].sum()
    # the table shows denominators to 1 dp (3-year means), so ten roundings may differ by 0.5
    assert group["Denominator"] == pytest.approx(boroughs["Denominator"].sum(), abs=0.5)
    published = _values(indicator, period).loc["Greater Manchester"]
    assert group["Count"] == published["count"]
    assert group["Denominator"] == round(float(published["denominator"]), 1)
    assert group[bars.columns[bars.columns.str.startswith("Value")][0]] == pytest.approx(
        round(float(published["value"]), 1)
    )
    # As a target the group and Greater Manchester's own row rate every borough alike.
    as_group = open_page(PAGE, {**link, "whatif.target": "group"})
    as_gm = open_page("pages/compare.py", {**link, "comparator": "E47000001"})
    rated = _frame(as_group, "Now, against the target").set_index("Borough")
    gm = _frame(as_gm, "Compared with comparator").set_index("Area")
    for name in GM_BOROUGHS.values():
        assert (
            rated.loc[name, "Now, against the target"].split(" (")[0]
            == gm.loc[name, "Compared with comparator"]
        )


def test_a_group_is_made_in_the_editor_and_a_bad_one_changes_nothing():
    at = open_page(PAGE, {"area": "E08000001"})
    # a form sends its values when it is submitted
    at.text_input(key="whatif.group_name").input("Bolton")
    at.multiselect(key="whatif.group_members").set_value(["E08000001", "E08000009"])
    at.button(key="whatif.group_use").click().run()
    assert_clean(at)
    assert any("already the name of an area" in w.value for w in at.warning)
    assert "group" not in at.query_params
    at.text_input(key="whatif.group_name").input("Two west")
    at.button(key="whatif.group_use").click().run()
    assert_clean(at)
    assert at.query_params["group"] == "Bolton,Trafford"
    assert at.query_params["group_name"] == "Two west"
    assert "Two west (pooled group)" in at.radio(key="whatif.target").options
    at.radio(key="whatif.target").set_value("group").run()
    assert any("Two west (pooled" in h.value for h in at.subheader)
    # the group follows the reader to another page
    at.switch_page("pages/trends.py").run()
    assert_clean(at)
    assert at.checkbox(key="trends.pool").label == "Show Two west as one series"


def test_a_linked_indicator_the_page_cannot_show_is_named_in_a_notice():
    # A count, not a proportion: What if? has no target for it.
    at = open_page("pages/whatif.py", {"indicator": "ocu_not_in_treatment"})
    assert_clean(at)
    said = " ".join(i.value for i in at.info).replace("\\", "")  # Markdown escapes
    assert "does not offer the indicator “ocu_not_in_treatment”" in said
    assert "showing Alcohol met need instead" in said
    assert at.selectbox(key="whatif.indicator").value == "alcohol_met_need"
