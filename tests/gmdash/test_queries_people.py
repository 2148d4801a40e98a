"""Treatment-profile queries: the fixture's hand-made ViewIt rows in, disclosed rows out."""

from __future__ import annotations

import pandas as pd

from gmdash import queries
from gmdash.disclosure import NOT_COLLECTED_NOTE, SOURCE_SUPPRESSED_NOTE

OLDHAM = "E08000004"  # the fixture's one borough with an export (tests/conftest.py)


def test_areas_lists_only_what_is_loaded(fixture_con):
    frame = queries.treatment_profile_areas(fixture_con)
    assert frame.to_dict("records") == [
        {
            "area_code": OLDHAM,
            "area_name": "Oldham",
            "is_gm": True,
            "first_period": "2017/18",
            "latest_period": "2021/22",
            "n_periods": 5,
            "sources": "fixture.csv",
        }
    ]


def test_breakdown_totals_and_primary_and_secondary_suppression(fixture_con):
    frame = queries.treatment_profile_breakdown(fixture_con, OLDHAM, "2021/22", "total")
    assert set(frame["measure"]) == {
        "in_treatment",
        "ethnicity_in_treatment",
        "exit_reason",
        "wait_first_intervention",
        "housing_at_start",
    }
    ethnicity = frame[frame["measure"] == "ethnicity_in_treatment"].set_index("category")
    # 800 + 20 + 60 + 3 + 15 = 898, shown rounded to 5; the 3 is hidden, and so is the next
    # smallest cell (15), so 898 - 880 shown cannot give the 3 back.
    assert ethnicity["denominator"].unique().tolist() == [900.0]
    assert ethnicity["count"].fillna(-1).to_dict() == {
        "asian": 60.0,
        "black": -1,
        "mixed": 20.0,
        "other": -1,
        "white": 800.0,
    }
    assert "primary suppression" in ethnicity.at["black", "suppression_note"]
    assert "secondary suppression" in ethnicity.at["other", "suppression_note"]
    exits = frame[frame["measure"] == "exit_reason"].set_index("category")
    assert exits["count"].to_dict() == {
        "died": 10.0,
        "dropped_out": 120.0,
        "other": 70.0,
        "prison": 20.0,
        "successful_completion": 180.0,
    }
    assert exits["denominator"].unique().tolist() == [400.0]
    (total,) = frame.loc[frame["measure"] == "in_treatment", "count"]
    assert (
        total == 1020.0
        and frame.loc[frame["measure"] == "in_treatment", "denominator"].isna().all()
    )


def test_breakdown_keeps_the_sources_own_suppression(fixture_con):
    frame = queries.treatment_profile_breakdown(fixture_con, OLDHAM, "2021/22", "total")
    waits = frame[frame["measure"] == "wait_first_intervention"].set_index("category")
    assert pd.isna(waits.at["over_6_weeks", "count"]) and bool(
        waits.at["over_6_weeks", "suppressed"]
    )
    assert waits.at["over_6_weeks", "suppression_note"] == SOURCE_SUPPRESSED_NOTE
    # With one category unknown the total is unknown, so there is no denominator to share by.
    assert waits["denominator"].isna().all()
    assert waits.at["under_3_weeks", "count"] == 280.0


def test_breakdown_says_what_was_not_collected(fixture_con):
    frame = queries.treatment_profile_breakdown(fixture_con, OLDHAM, "2017/18", "total")
    housing = frame[frame["measure"] == "housing_at_start"]
    assert len(housing) == 3 and housing["count"].isna().all()
    assert housing["denominator"].isna().all() and not housing["suppressed"].any()
    assert (housing["suppression_note"] == NOT_COLLECTED_NOTE).all()


def test_series_covers_every_year_in_order(fixture_con):
    frame = queries.treatment_profile_series(fixture_con, OLDHAM, "total")
    completions = frame[
        (frame["measure"] == "exit_reason") & (frame["category"] == "successful_completion")
    ]
    assert completions["period"].tolist() == ["2017/18", "2018/19", "2019/20", "2020/21", "2021/22"]
    assert completions["count"].tolist() == [100.0, 120.0, 140.0, 160.0, 180.0]
    assert completions["denominator"].tolist() == [400.0] * 5
    black = frame[frame["category"] == "black"]
    assert black["count"].isna().tolist() == [False, False, False, False, True]


def test_sex_age_grid_with_margins(fixture_con):
    frame = queries.treatment_profile_sex_age(fixture_con, OLDHAM, "2019/20", "total")
    assert len(frame) == 12 and not frame["suppressed"].any()
    grid = frame.set_index(["sex", "age"])["count"]
    # Men 18-29 are 100 + 10 x 2 in the fixture's third year.
    assert grid[("Male", "18-29 yrs")] == 120.0 and grid[("Female", "18-29 yrs")] == 50.0
    assert grid[("Persons", "18+ yrs")] == 960.0
    assert grid[("Male", "18+ yrs")] + grid[("Female", "18+ yrs")] == 960.0


def test_an_area_without_an_export_has_no_rows(fixture_con):
    bolton = "E08000001"
    assert queries.treatment_profile_breakdown(fixture_con, bolton, "2021/22", "total").empty
    assert queries.treatment_profile_series(fixture_con, bolton, "total").empty
    assert queries.treatment_profile_sex_age(fixture_con, bolton, "2021/22", "total").empty


def test_sex_age_series_gives_every_year_with_both_margins_protected(fixture_con):
    frame = queries.treatment_profile_sex_age_series(fixture_con, OLDHAM, "total")
    assert frame["period"].unique().tolist() == [
        "2017/18",
        "2018/19",
        "2019/20",
        "2020/21",
        "2021/22",
    ]
    assert len(frame) == 5 * 12
    # Third year (i = 2): men 18-29 are 100 + 10 * 2; all adults 900 + 30 * 2.
    year = frame[frame["period"] == "2019/20"].set_index(["sex", "age"])["count"]
    assert year[("Male", "18-29 yrs")] == 120.0
    assert year[("Persons", "18+ yrs")] == 960.0
    assert (frame["period_start"].dt.month == 4).all()
    assert not frame["suppressed"].any()


def test_england_profile_every_year_with_suppression(fixture_con):
    frame = queries.treatment_profile_england(fixture_con, "total")
    assert str(frame["period_start"].iloc[0].date()) == "2021-04-01"
    men = frame[frame["sex"] == "Male"].set_index("ethnicity")
    # White 100, Mixed 3, Asian 20 (tests/conftest.py): the 3 is hidden, and so is the next
    # smallest (20), so the pair cannot be told apart from their sum.
    assert men["count"].fillna(-1).to_dict() == {"Asian": -1, "Mixed": -1, "White": 100.0}
    assert "primary suppression" in men.at["Mixed", "suppression_note"]
    assert "secondary suppression" in men.at["Asian", "suppression_note"]
    assert queries.treatment_profile_england(fixture_con, "opiate").empty
