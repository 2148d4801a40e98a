"""The build's derived columns: comparators as data, and each indicator's coverage."""

from __future__ import annotations

import pandas as pd

from gmdata.derived import mark_comparators, with_coverage

AREAS = pd.DataFrame(
    {
        "area_code": ["E92000001", "E12000002", "E47000001", "E08000001", "E08000002", "E06000001"],
        "is_gm": [False, False, True, True, True, False],
        "area_type": [
            "country",
            "region",
            "combined_authority",
            "local_authority",
            "local_authority",
            "local_authority",
        ],
    }
)


def _row(indicator, area, period, start, value, sex="Persons", age="18+ yrs"):
    return {
        "indicator_id": indicator,
        "area_code": area,
        "period": period,
        "period_start": pd.Timestamp(start),
        "sex": sex,
        "age": age,
        "value": value,
    }


def test_comparators_are_england_the_north_west_and_greater_manchester():
    marked = mark_comparators(AREAS).set_index("area_code")["is_comparator"]
    assert marked.to_dict() == {
        "E92000001": True,
        "E12000002": True,
        "E47000001": True,
        "E08000001": False,
        "E08000002": False,
        "E06000001": False,
    }


def test_coverage_and_the_latest_gm_period():
    values = pd.DataFrame(
        [
            _row("a", "E08000001", "2019/20", "2019-04-01", 1.0),
            _row("a", "E08000002", "2020/21", "2020-04-01", 2.0, sex="Female"),
            # England has a later period, and a borough has a later row without a value:
            # neither moves the latest GM period.
            _row("a", "E92000001", "2021/22", "2021-04-01", 3.0),
            _row("a", "E08000001", "2021/22", "2021-04-01", None),
            _row("b", "E06000001", "2018", "2018-01-01", 4.0, age="All ages"),
        ]
    )
    indicators = pd.DataFrame({"indicator_id": ["a", "b", "c"], "title": ["A", "B", "C"]})
    out = with_coverage(indicators, values, AREAS).set_index("indicator_id")
    a, b, c = out.loc["a"], out.loc["b"], out.loc["c"]
    assert (a["first_period"], a["latest_period"]) == ("2019/20", "2021/22")
    assert a["latest_gm_period"] == "2020/21"
    assert a["latest_gm_period_start"] == pd.Timestamp("2020-04-01")
    assert a["latest_gm_age"] == "18+ yrs"
    assert (a["n_periods"], a["n_areas"], a["sexes"]) == (3, 3, "Female, Persons")
    assert bool(a["has_gm_boroughs"])
    # Only Hartlepool: no GM borough, so no latest GM period.
    assert not bool(b["has_gm_boroughs"]) and pd.isna(b["latest_gm_period"])
    assert (b["latest_period"], b["n_areas"], b["sexes"]) == ("2018", 1, "Persons")
    # No values at all: empty coverage, never a GM indicator.
    assert pd.isna(c["latest_period"]) and not bool(c["has_gm_boroughs"])
