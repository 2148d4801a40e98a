"""The rug's data: benchmarks per row, recent trends, cells, the needs-attention list, its query."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from gmdash import overview, queries
from gmdash.overview import (
    COUNT_REASON,
    NO_COMPARATOR_REASON,
    benchmark_rows,
    recent_trends,
    rug_frame,
    series_trend,
)

ENGLAND, NORTH_WEST, GM = "E92000001", "E12000002", "E47000001"
BOROUGHS = {"E08000001": "Bolton", "E08000002": "Bury", "E08000003": "Manchester"}


def catalogue() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("met_need", "Alcohol met need", "%", "proportion", "high_good", False, "OHID", "u1"),
            ("deaths", "Drug deaths", "deaths", "count", "low_good", False, "ONS", "u2"),
            ("share", "Population share", "%", "proportion", "no_judgement", True, "OHID", "u1"),
        ],
        columns=[
            "indicator_id",
            "short_title",
            "unit",
            "value_type",
            "polarity",
            "is_illustrative",
            "source_name",
            "source_url",
        ],
    )


def area_row(
    indicator_id, code, value, lo, hi, lo998=np.nan, hi998=np.nan, period="2022/23", **extra
):
    area_type = (
        "local_authority"
        if code in BOROUGHS
        else "country"
        if code == ENGLAND
        else "region"
        if code == NORTH_WEST
        else "combined_authority"
    )
    name = BOROUGHS.get(
        code, {ENGLAND: "England", NORTH_WEST: "North West", GM: "Greater Manchester"}.get(code)
    )
    row = dict(
        indicator_id=indicator_id,
        area_code=code,
        area_name=name,
        area_type=area_type,
        period=period,
        value=value,
        lci95=lo,
        uci95=hi,
        lci998=lo998,
        uci998=hi998,
        suppressed=False,
        suppression_note="",
        # Per value: the share's rows are the generated ones (its catalogue flag says so).
        is_illustrative=indicator_id == "share",
    )
    row.update(extra)
    return row


def latest() -> pd.DataFrame:
    """Met need: Bolton worse (99.8%), Bury similar, Manchester better at 95% but not 99.8%.

    Deaths are counts. Share has no 99.8% limits (one-level) and no North West value, and Bury's
    cell is suppressed.
    """
    rows = [
        area_row("met_need", "E08000001", 10.0, 9.0, 11.0, 8.5, 11.5),
        area_row("met_need", "E08000002", 17.0, 15.0, 19.0, 14.0, 20.0),
        area_row("met_need", "E08000003", 19.0, 17.8, 20.0, 17.0, 21.0),
        area_row("met_need", ENGLAND, 17.6, 17.5, 17.7, 17.4, 17.8),
        area_row("met_need", NORTH_WEST, 18.0, 17.0, 19.0, 16.5, 19.5),
        area_row("deaths", "E08000001", 24.0, 15.0, 36.0, 12.0, 40.0, period="2020"),
        area_row("deaths", "E08000002", 8.0, 3.0, 16.0, 2.0, 19.0, period="2020"),
        area_row("deaths", "E08000003", 56.0, 42.0, 73.0, 38.0, 79.0, period="2020"),
        area_row("deaths", ENGLAND, 4312.0, 4184.0, 4443.0, 4112.0, 4520.0, period="2020"),
        area_row("deaths", NORTH_WEST, 771.0, 717.0, 827.0, 688.0, 850.0, period="2020"),
        area_row("share", "E08000001", 30.0, 28.0, 32.0),
        area_row(
            "share",
            "E08000002",
            np.nan,
            np.nan,
            np.nan,
            suppressed=True,
            suppression_note="Suppressed: count between 1 and 4 (primary suppression)",
        ),
        area_row("share", "E08000003", 10.0, 8.0, 12.0),
        area_row("share", ENGLAND, 20.0, 19.5, 20.5),
    ]
    return pd.DataFrame(rows)


def no_trends() -> pd.DataFrame:
    return pd.DataFrame(columns=["indicator_id", "area_code", *overview.TREND_COLUMNS])


def trends_for(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(indicator, area, direction, assessment) -> a recent_trends-shaped frame."""
    return pd.DataFrame(
        [
            (
                i,
                a,
                d,
                t,
                "significant at the 99.8% level"
                if d in ("increasing", "decreasing")
                else "chi-squared below the 99.8% threshold",
                "2018/19",
                "2022/23",
            )
            for i, a, d, t in rows
        ],
        columns=["indicator_id", "area_code", *overview.TREND_COLUMNS],
    )


def test_benchmark_rows_two_levels_only_where_the_998_limits_exist():
    frame = pd.DataFrame(
        [
            dict(value=10.0, lci95=9.0, uci95=11.0, lci998=8.5, uci998=11.5),
            dict(value=19.0, lci95=17.8, uci95=20.0, lci998=17.0, uci998=21.0),
            dict(value=19.0, lci95=17.8, uci95=20.0, lci998=np.nan, uci998=np.nan),
            dict(value=np.nan, lci95=np.nan, uci95=np.nan, lci998=np.nan, uci998=np.nan),
        ]
    )
    out = benchmark_rows(frame, 17.6, "high_good", "proportion")
    assert out["benchmark"].tolist() == ["worse", "better", "better", "not compared"]
    assert out["benchmark_level"].tolist() == ["99.8%", "95%", "95%", ""]
    assert "inside the 99.8%" in out["benchmark_reason"].iloc[1]
    assert out["benchmark_reason"].iloc[2] == "comparator outside the 95% confidence interval"
    assert out["benchmark_reason"].iloc[3] == "not compared: no value"


def test_benchmark_rows_never_compare_counts():
    frame = pd.DataFrame(
        [
            dict(value=24.0, lci95=15.0, uci95=36.0, lci998=12.0, uci998=40.0),
            dict(value=np.nan, lci95=np.nan, uci95=np.nan, lci998=np.nan, uci998=np.nan),
        ]
    )
    out = benchmark_rows(frame, 4312.0, "low_good", "count")
    assert out["benchmark"].tolist() == ["not compared", "not compared"]
    assert out["benchmark_reason"].tolist() == [COUNT_REASON, "not compared: no value"]


def _series(years, counts, dens, period_type="financial_year", values=None):
    return pd.DataFrame(
        {
            "period": [f"{y}/{(y + 1) % 100:02d}" for y in years],
            "period_start": pd.to_datetime([f"{y}-04-01" for y in years]),
            "period_type": period_type,
            "count": counts,
            "denominator": dens,
            "value": values
            if values is not None
            else [100 * c / d for c, d in zip(counts, dens, strict=True)],
            "lci95": np.nan,
            "uci95": np.nan,
        }
    )


RISING = dict(years=range(2018, 2023), counts=[100, 130, 160, 190, 220], dens=[1000] * 5)


def test_series_trend_significant_rise_in_a_high_good_proportion_is_getting_better():
    trend = series_trend(_series(**RISING), "proportion", "high_good")
    assert (trend.direction, trend.assessment) == ("increasing", "getting better")
    assert (trend.first_period, trend.last_period) == ("2018/19", "2022/23")
    worse = series_trend(_series(**RISING), "proportion", "low_good")
    assert worse.assessment == "getting worse"


def test_series_trend_uses_only_the_last_five_points_in_time_order():
    series = _series(range(2015, 2023), [900, 10, 10, 100, 130, 160, 190, 220], [1000] * 8)
    trend = series_trend(series.iloc[::-1], "proportion", "high_good")
    assert trend.assessment == "getting better" and trend.first_period == "2018/19"


@pytest.mark.parametrize(
    ("series", "latest", "why"),
    [
        (
            _series(range(2019, 2023), [1, 2, 3, 4], [10] * 4),
            None,
            "fewer than 5 consecutive annual points",
        ),
        (
            _series(range(2018, 2023), [1, 2, 3, 4, 5], [10] * 5, "financial_year_3"),
            None,
            "fewer than 5 non-overlapping 3-year points",
        ),
        (
            _series([2016, 2018, 2019, 2020, 2021], [1, 2, 3, 4, 5], [10] * 5),
            None,
            "fewer than 5 consecutive annual points",
        ),
        (_series(range(2017, 2022), [1, 2, 3, 4, 5], [10] * 5), "2022/23", "no value for 2022/23"),
        (
            _series(range(2018, 2023), [1, np.nan, 3, 4, 5], [10] * 5),
            None,
            # A suppressed point leaves a gap: no five consecutive years remain.
            "fewer than 5 consecutive annual points",
        ),
        (_series(range(2018, 2023), [1, 20, 3, 4, 5], [10] * 5), None, "cannot be larger"),
        (_series([], [], []), None, "no values"),
    ],
    ids=["short", "rolling", "gap", "stale", "suppressed", "impossible", "empty"],
)
def test_series_trend_says_why_it_cannot_be_calculated(series, latest, why):
    trend = series_trend(series, "proportion", "high_good", latest)
    assert trend.direction == "could not be calculated"
    assert trend.reason.startswith("could not be calculated: ") and why in trend.reason
    assert trend.first_period is None


def test_series_trend_for_rates_uses_the_intervals():
    values = np.array([10.0, 12.0, 14.0, 16.0, 18.0])
    series = _series(range(2018, 2023), [np.nan] * 5, [np.nan] * 5, values=values)
    series["lci95"], series["uci95"] = values - 0.5, values + 0.5
    trend = series_trend(series, "crude_rate", "low_good")
    assert (trend.direction, trend.assessment) == ("increasing", "getting worse")
    series["uci95"] = np.nan
    assert series_trend(series, "crude_rate", "low_good").direction == "could not be calculated"


def test_recent_trends_end_at_each_indicators_latest_period():
    rising = _series(**RISING).assign(indicator_id="met_need", area_code="E08000001")
    stale = _series(range(2017, 2022), [1, 2, 3, 4, 5], [10] * 5).assign(
        indicator_id="met_need", area_code="E08000002"
    )
    out = recent_trends(pd.concat([rising, stale]), catalogue()).set_index("area_code")
    assert out.loc["E08000001", "trend"] == "getting better"
    assert out.loc["E08000002", "trend_reason"] == "could not be calculated: no value for 2022/23"
    with pytest.raises(ValueError, match="not in the catalogue"):
        recent_trends(rising.assign(indicator_id="mystery"), catalogue())
    with pytest.raises(ValueError, match="no column"):
        recent_trends(rising.drop(columns="period_type"), catalogue())


def england_rug(trends: pd.DataFrame | None = None) -> pd.DataFrame:
    return rug_frame(
        latest(),
        catalogue(),
        no_trends() if trends is None else trends,
        comparator_code=ENGLAND,
        comparator_name="England",
    )


def cell(rug: pd.DataFrame, indicator_id: str, area_name: str) -> pd.Series:
    rows = rug[(rug["indicator_id"] == indicator_id) & (rug["area_name"] == area_name)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_rug_has_a_header_row_then_boroughs_for_each_indicator_in_catalogue_order():
    rug = england_rug()
    assert list(dict.fromkeys(rug["indicator_id"])) == ["met_need", "deaths", "share"]
    met = rug[rug["indicator_id"] == "met_need"]
    assert met["row_label"].tolist() == ["England (comparator)", "Bolton", "Bury", "Manchester"]
    assert met["is_comparator"].tolist() == [True, False, False, False]
    assert set(met["comparator_value"]) == {17.6}
    header = met.iloc[0]
    assert (header["cell_text"], header["cell_status"], header["benchmark"]) == (
        "17.6%",
        "",
        "comparator",
    )
    assert met["column_label"].iloc[0] == "Alcohol met\nneed\n%\n2022/23"


def test_rug_cells_carry_benchmark_value_text_and_comparison():
    rug = england_rug()
    bolton = cell(rug, "met_need", "Bolton")
    assert (bolton["benchmark"], bolton["benchmark_level"]) == ("worse", "99.8%")
    assert (bolton["cell_text"], bolton["cell_status"]) == ("10.0%", "")
    assert bolton["comparison"] == "worse than England (99.8% level)"
    assert bolton["ci_text"] == "9.0–11.0%"
    assert cell(rug, "met_need", "Bury")["comparison"] == "similar to England"
    assert cell(rug, "met_need", "Manchester")["comparison"] == "better than England (95% level)"


def test_rug_counts_and_no_judgement_and_suppression():
    rug = england_rug()
    deaths = cell(rug, "deaths", "Manchester")
    assert (deaths["benchmark"], deaths["benchmark_reason"]) == ("not compared", COUNT_REASON)
    assert (deaths["cell_text"], deaths["cell_status"]) == ("56", "not compared:\na count")
    assert cell(rug, "share", "Bolton")["benchmark"] == "higher"
    assert cell(rug, "share", "Manchester")["benchmark"] == "lower"
    bury = cell(rug, "share", "Bury")
    assert (bury["cell_text"], bury["cell_status"], bury["benchmark"]) == (
        "suppressed",
        "",
        "not compared",
    )
    assert "primary suppression" in bury["suppression_note"]
    assert bool(bury["indicator_illustrative"]) and "illustrative" in bury["column_label"]


def test_a_comparator_without_a_value_makes_every_cell_say_so():
    rug = rug_frame(
        latest(), catalogue(), no_trends(), comparator_code=NORTH_WEST, comparator_name="North West"
    )
    share = rug[rug["indicator_id"] == "share"]
    header = share[share["is_comparator"]].iloc[0]
    assert header["row_label"] == "North West (comparator)" and header["cell_text"] == "no value"
    assert header["benchmark_reason"] == NO_COMPARATOR_REASON
    shown = share[~share["is_comparator"] & ~share["suppressed"]]
    assert (shown["benchmark_reason"] == NO_COMPARATOR_REASON).all()
    assert (shown["cell_status"] == "not compared:\nno comparator value").all()
    assert (shown["comparison"] == NO_COMPARATOR_REASON).all()
    assert math.isnan(header["comparator_value"])
    assert cell(rug, "met_need", "Bolton")["comparison"] == "worse than North West (99.8% level)"


def test_rug_frame_fails_clearly_on_bad_input():
    with pytest.raises(ValueError, match="no column"):
        rug_frame(
            latest().drop(columns="lci95"),
            catalogue(),
            no_trends(),
            comparator_code=ENGLAND,
            comparator_name="England",
        )
    with pytest.raises(ValueError, match="not in the catalogue"):
        rug_frame(
            latest(),
            catalogue().iloc[:1],
            no_trends(),
            comparator_code=ENGLAND,
            comparator_name="England",
        )
    with pytest.raises(ValueError, match="no indicator"):
        rug_frame(
            latest().iloc[:0],
            catalogue(),
            no_trends(),
            comparator_code=ENGLAND,
            comparator_name="England",
        )


def test_needs_attention_wants_worse_and_getting_worse():
    trends = trends_for(
        [
            ("met_need", "E08000001", "decreasing", "getting worse"),  # worse + worse: listed
            ("met_need", "E08000002", "decreasing", "getting worse"),  # similar: not listed
            ("met_need", "E08000003", "increasing", "getting better"),  # better: not listed
            ("deaths", "E08000003", "increasing", "getting worse"),  # a count: never compared
        ]
    )
    rug = england_rug(trends)
    flagged = overview.needs_attention(rug)
    assert list(zip(flagged["indicator_id"], flagged["area_name"], strict=True)) == [
        ("met_need", "Bolton")
    ]
    assert overview.attention_sentences(rug, "England") == [
        "Bolton — alcohol met need: 10.0% in 2022/23, significantly worse than England (17.6%) "
        "at the 99.8% level, and getting significantly worse over the last five years "
        "(2018/19 to 2022/23)."
    ]
    assert overview.attention_sentences(england_rug(), "England") == []
    assert rug.loc[rug["is_comparator"], "trend"].isna().all()


def test_trend_coverage_counts_the_cells_and_groups_the_reasons():
    trends = trends_for(
        [("met_need", a, "no significant change", "no significant change") for a in BOROUGHS]
    )
    text = overview.trend_coverage(england_rug(trends))
    assert text.startswith("A recent trend could be tested for 3 of 9 borough figures.")
    assert "Drug deaths, Population share (no series)" in text


def test_rug_table():
    rug = england_rug(trends_for([("met_need", "E08000001", "decreasing", "getting worse")]))
    table = overview.rug_table(rug, "England")
    assert len(table) == len(rug)
    assert {
        "Indicator",
        "Area",
        "Value",
        "England value",
        "Compared with England",
        "Recent trend",
        "suppression_note",
        "is_illustrative",
    } <= set(table.columns)
    assert "↓ getting worse" in table["Recent trend"].tolist()
    assert "England" in overview.how_to_read("England")


def test_gm_borough_series_query(fixture_con):
    frame = queries.gm_borough_series(fixture_con)
    opiate = frame[frame["indicator_id"] == "completions_opiate"]
    assert len(opiate) == 30 and set(opiate["area_code"]).isdisjoint({"E06000001", ENGLAND})
    oldham = opiate[opiate["area_code"] == "E08000004"]
    assert oldham["period"].tolist() == ["2019/20", "2020/21", "2021/22"]
    assert oldham["count"].tolist() == [13.0, 14.0, 15.0]
    bury = opiate[(opiate["area_code"] == "E08000002") & (opiate["period"] == "2021/22")].iloc[0]
    assert pd.isna(bury["count"]) and "suppress" in bury["suppression_note"].lower()
    # The boroughs of one period add up to GM's figure: a second cell protects Bury's.
    assert opiate[opiate["period"] == "2021/22"]["count"].isna().sum() >= 2
    deaths = frame[frame["indicator_id"] == "drug_poisoning_deaths"]
    assert deaths["area_code"].unique().tolist() == ["E08000003"]


def test_gm_as_comparator_without_a_figure_says_not_published_for_gm():
    rug = rug_frame(
        latest(), catalogue(), no_trends(), comparator_code=GM, comparator_name="Greater Manchester"
    )
    header = rug[(rug["indicator_id"] == "share") & rug["is_comparator"]].iloc[0]
    assert (header["cell_text"], header["cell_status"]) == ("not published for GM", "")
