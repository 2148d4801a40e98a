"""Trend logic on small frames: gaps, recent trends, change since a baseline, pooled series."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gmcore import stats
from gmdash import queries, trends
from gmdash.whatif import groups
from gmdash.whatif.groups import make_group

PERIODS = ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]


def _trend() -> pd.DataFrame:
    rows = []
    for i, period in enumerate(PERIODS):
        if period != "2020/21":  # Oldham has a gap
            rows.append(
                ("E08000004", "Oldham", period, 40.0 + 10 * i, 1000.0, 4.0 + i, 3.0 + i, 5.0 + i)
            )
        rows.append(("E92000001", "England", period, 6000.0, 100000.0, 6.0, 5.9, 6.1))
    frame = pd.DataFrame(
        rows,
        columns=[
            "area_code",
            "area_name",
            "period",
            "count",
            "denominator",
            "value",
            "lci95",
            "uci95",
        ],
    )
    return frame.assign(suppression_note="", is_illustrative=True)


def test_series_frame_keeps_gaps_and_breaks_segments():
    series = trends.series_frame(_trend(), PERIODS, "E92000001")
    oldham = series[series["series"] == "Oldham"]
    assert len(oldham) == len(PERIODS)
    assert np.isnan(oldham["value"].iloc[2])
    segments = oldham["segment"].tolist()
    assert segments[0] == segments[1] and segments[3] == segments[4] == segments[5]
    assert segments[1] != segments[3] and pd.isna(segments[2])
    assert set(series.loc[series["series"] == "England", "role"]) == {"comparator"}


def test_trend_periods_annual_and_three_year():
    assert trends.trend_periods(PERIODS, PERIODS, "financial_year") == (PERIODS[1:], None)
    used, why = trends.trend_periods(PERIODS, PERIODS, "financial_year_3")
    assert used == [] and why == "fewer than 5 non-overlapping 3-year points up to 2023/24"
    long = [str(y) for y in range(2000, 2013)]
    assert trends.trend_periods(long, long, "calendar_year_3")[0] == [
        "2000",
        "2003",
        "2006",
        "2009",
        "2012",
    ]


def test_recent_trends_uses_counts_and_reports_gaps():
    series = trends.series_frame(_trend(), PERIODS, "E92000001")
    table = trends.recent_trends(
        series,
        _trend(),
        PERIODS,
        value_type="proportion",
        polarity="high_good",
        period_type="financial_year",
    )
    result = table.set_index("Area")
    assert result.loc["England", "Recent trend"] == "no significant change"
    # Oldham has a gap among its last five years, so no five consecutive points exist.
    assert result.loc["Oldham", "Recent trend"] == (
        "could not be calculated: fewer than 5 consecutive annual points up to 2023/24"
    )
    assert result.loc["Oldham", "Periods used"] == ""


def test_recent_trends_reports_a_significant_rise_in_words():
    frame = _trend()
    frame = frame[frame["area_name"] == "England"].assign(
        count=[4000.0, 4500.0, 5000.0, 5500.0, 6000.0, 6500.0]
    )
    series = trends.series_frame(frame, PERIODS)
    table = trends.recent_trends(
        series,
        frame,
        PERIODS,
        value_type="proportion",
        polarity="high_good",
        period_type="financial_year",
    )
    assert table["Recent trend"].iloc[0] == (
        "getting better (increasing, significant at the 99.8% level)"
    )


def test_change_since_baseline_in_words():
    series = trends.series_frame(_trend(), PERIODS, "E92000001")
    change = trends.change_since(series, "2018/19", "%").set_index("Area")
    oldham = change.loc["Oldham"]
    assert oldham["Change"] == pytest.approx(5.0)
    assert oldham["Relative change (%)"] == pytest.approx(125.0)
    assert not oldham["95% intervals overlap"]
    assert oldham["Change in words"] == (
        "Oldham: 4.0% in 2018/19 → 9.0% in 2023/24, up 5.0 percentage points (+125%); the 95% "
        "intervals do not overlap, so the change is larger than the uncertainty."
    )
    assert "not larger than the uncertainty" in change.loc["England", "Change in words"]


def test_change_since_a_gap_says_so():
    series = trends.series_frame(_trend(), PERIODS, "E92000001")
    change = trends.change_since(series, "2020/21", "%").set_index("Area")
    assert change.loc["Oldham", "Change in words"] == (
        "Oldham: no comparison — 2020/21 has no value."
    )


def test_pooled_series_is_the_groups_modules_pooling_with_suppressed_years_as_gaps(fixture_con):
    # The fixture's counts: Bolton 10, Bury 11, Salford 15 in 2019/20 (denominators 200, 210,
    # 250); Bury's 2021/22 count is 3, which disclosure control hides.
    group = make_group("Three", ["Bolton", "Bury", "Salford"])
    members = queries.indicator_trend(fixture_con, "completions_opiate", group.members)
    meta = {"indicator_id": "completions_opiate", "value_type": "proportion", "unit": "%",
            "polarity": "high_good"}  # fmt: skip
    periods = ["2019/20", "2020/21", "2021/22"]
    series = trends.pooled_series(groups.pool(members, group, meta), "Three", periods)
    first = series.set_index("period").loc["2019/20"]
    # 10 + 11 + 15 = 36 successful completions, rounded to 5 as a user-defined slice: 35 of 660.
    low, high = stats.wilson_ci(35, 660)
    assert first["value"] == pytest.approx(100 * 35 / 660)
    assert (first["lci95"], first["uci95"]) == pytest.approx((100 * low, 100 * high))
    last = series.set_index("period").loc["2021/22"]
    assert np.isnan(last["value"]) and "Bury is suppressed" in last["suppression_note"]
    assert set(series["role"]) == {"pooled"} and set(series["series"]) == {"Three"}


def test_trend_view_adds_the_pooled_series_and_its_counts():
    pooled = pd.DataFrame(
        {
            "period": PERIODS,
            "count": 10.0,
            "denominator": 100.0,
            "value": 10.0,
            "lci95": 5.0,
            "uci95": 17.0,
            "is_illustrative": True,
            "suppression_note": "",
            "note": "pooled",
        }
    )
    view = trends.trend_view(
        _trend(),
        PERIODS,
        comparator_code="E92000001",
        pooled=pooled,
        pooled_name="Oldham + Bury (pooled)",
        pooled_note="how it was pooled",
    )
    assert view.pooled_shown and view.illustrative and view.pooled_note == "how it was pooled"
    assert "Oldham + Bury (pooled)" in set(view.series["series"])
    assert len(view.counts[view.counts["area_name"] == "Oldham + Bury (pooled)"]) == 6
    assert trends.has_values(view.series, "pooled")
    assert trends.has_values(view.series, "comparator")


def test_period_run_puts_back_a_year_no_area_has():
    assert trends.period_run(["2019", "2020", "2022"], "calendar_year") == [
        "2019",
        "2020",
        "2021",
        "2022",
    ]
    assert trends.period_run(["2018/19", "2020/21"], "financial_year") == [
        "2018/19",
        "2019/20",
        "2020/21",
    ]
    # Rolling three-year periods are labelled as Fingertips writes them.
    assert trends.period_run(["2018/19 - 20/21", "2020/21 - 22/23"], "financial_year_3") == [
        "2018/19 - 20/21",
        "2019/20 - 21/22",
        "2020/21 - 22/23",
    ]
    assert trends.period_run(["2016 - 18", "2018 - 20"], "calendar_year_3") == [
        "2016 - 18",
        "2017 - 19",
        "2018 - 20",
    ]
    assert trends.period_run([], "calendar_year") == []
    with pytest.raises(ValueError, match="unknown period type"):
        trends.period_run(["2019", "2021"], "monthly")


def test_series_frame_puts_every_comparator_after_the_areas():
    trend = pd.concat(
        [
            _trend(),
            _trend()
            .query("area_code == 'E92000001'")
            .assign(area_code="E47000001", area_name="Greater Manchester"),
        ]
    ).sort_values("area_code")
    series = trends.series_frame(trend, PERIODS, "E92000001", ("E47000001",))
    order = list(dict.fromkeys(series["series"]))
    assert order == ["Oldham", "England", "Greater Manchester"]
    roles = series.drop_duplicates("series").set_index("series")["role"]
    assert roles.to_dict() == {
        "Oldham": "area",
        "England": "comparator",
        "Greater Manchester": "comparator",
    }


def test_early_ends_names_series_that_stop_before_the_chart_does():
    trend = _trend()
    trend = trend[~((trend["area_name"] == "Oldham") & (trend["period"] >= "2022/23"))]
    series = trends.series_frame(trend, PERIODS, "E92000001")
    assert trends.early_ends(series) == [("Oldham", "2021/22", "2023/24")]
    assert trends.ends_sentence(trends.early_ends(series)) == (
        "Oldham: no figures after 2021/22 in the available data (the latest on the chart is "
        "2023/24)."
    )
    # When most series stop early, the sentence names the few that do not.
    many = [(name, "2020", "2022") for name in ("Bolton", "Bury", "Oldham", "Wigan")]
    assert trends.ends_sentence(many, ["Bolton", "Bury", "Oldham", "Wigan", "England"]) == (
        "Every series but England: no figures after 2020 in the available data (the latest on "
        "the chart is 2022)."
    )
    assert trends.ends_sentence([]) == ""


def test_table_view_says_which_values_are_published_or_generated():
    trend = _trend()
    trend.loc[trend["area_name"] == "England", "is_illustrative"] = False
    table = trends.table_view(trends.series_frame(trend, PERIODS, "E92000001"))
    data = table.set_index(["Area", "Period"])["Data"]
    assert data[("England", "2018/19")] == "published"
    assert data[("Oldham", "2018/19")] == "generated (illustrative)"
    # Oldham's gap has no value, so no status.
    assert data[("Oldham", "2020/21")] == ""


def test_a_missing_gm_comparator_says_not_published():
    assert trends.absent_comparator("Greater Manchester", "Alcohol-related mortality", "dsr") == (
        "Alcohol-related mortality: not published for Greater Manchester — age-standardised "
        "rates cannot be summed from the boroughs' rates (it needs their age-specific counts), "
        "and the source publishes none for GM. The chart shows the other areas."
    )
    assert "not published for Greater Manchester" in trends.absent_comparator(
        "Greater Manchester", "Under-18 alcohol admissions", "crude_rate"
    )
    assert trends.absent_comparator("North West", "Deaths", "count") == (
        "North West has no values for Deaths; choose another comparator to see one on the chart."
    )
