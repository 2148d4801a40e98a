"""Funnel and trend chart builders, tested on their Vega-Lite specs."""

from __future__ import annotations

import pandas as pd
import pytest

from gmdash import compare, trends
from gmdash.charts import ILLUSTRATIVE_LABEL, ChartDataError
from gmdash.charts.funnel import funnel_chart
from gmdash.charts.trend import trend_chart

PERIODS = ["2019", "2020", "2021", "2022"]


def _funnel(illustrative: bool = True) -> dict:
    boroughs = pd.DataFrame(
        {
            "area_name": ["Oldham", "Wigan", "Bolton"],
            "count": [45.0, 80.0, 60.0],
            "denominator": [1000.0, 1000.0, 900.0],
            "value": [4.5, 8.0, 6.7],
        }
    )
    points, limits = compare.funnel_data(boroughs, centre=6.0)
    return funnel_chart(
        points,
        limits,
        title="Completions: opiate",
        denominator_label="Number in treatment",
        centre=6.0,
        centre_label="England",
        period="2023/24",
        illustrative=illustrative,
    ).to_dict()


def _series() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "area_code": ["A", "A", "A", "E", "E", "E", "E"],
            "area_name": ["Oldham"] * 3 + ["England"] * 4,
            "period": ["2019", "2020", "2022", *PERIODS],
            "value": [10.0, 11.0, 12.0, 8.0, 8.5, 9.0, 9.5],
            "lci95": [9.0, 10.0, 11.0, 7.9, 8.4, 8.9, 9.4],
            "uci95": [11.0, 12.0, 13.0, 8.1, 8.6, 9.1, 9.6],
            "suppression_note": "",
            "is_illustrative": False,
        }
    )
    return trends.series_frame(frame, PERIODS, "E")


def test_funnel_spec_fields_titles_and_centre_named():
    spec = _funnel()
    assert spec["title"]["text"] == "Completions: opiate: funnel plot"
    assert spec["title"]["subtitle"][0] == ILLUSTRATIVE_LABEL
    assert "Centre line: England (6.0%)" in spec["title"]["subtitle"][1]
    layers = spec["layer"]
    assert layers[0]["encoding"]["x"]["title"] == "Number in treatment"
    assert layers[0]["encoding"]["strokeDash"]["field"] == "limit"
    dots = layers[3]["encoding"]
    assert dots["color"]["field"] == "funnel_flag" and dots["x"]["type"] == "quantitative"
    assert layers[4]["encoding"]["text"]["field"] == "area_name"
    assert spec["description"].startswith("Illustrative data. Funnel plot of Completions")


def test_funnel_not_illustrative_has_no_label():
    assert ILLUSTRATIVE_LABEL not in _funnel(illustrative=False)["title"]["subtitle"]


def test_funnel_missing_columns_raise():
    with pytest.raises(ChartDataError, match="funnel_flag"):
        funnel_chart(
            pd.DataFrame({"area_name": ["A"], "denominator": [1], "value": [1]}),
            pd.DataFrame(
                {"denominator": [1], "limit": ["95% limits"], "side": ["upper"], "value": [2]}
            ),
            title="t",
            denominator_label="d",
            centre=1,
            centre_label="c",
            period="p",
            illustrative=False,
        )


def test_trend_spec_bands_lines_comparator_and_gaps():
    spec = trend_chart(
        _series(),
        title="Deaths",
        unit="per 100,000",
        periods=PERIODS,
        comparator_name="England",
        illustrative=False,
    ).to_dict()
    band, line, _dots, label = spec["layer"]
    assert band["mark"]["type"] == "area" and band["encoding"]["y2"]["field"] == "uci95"
    assert line["encoding"]["detail"]["field"] == "segment"
    assert line["encoding"]["x"]["sort"] == PERIODS
    assert line["encoding"]["strokeDash"]["field"] == "role"
    assert label["encoding"]["text"]["field"] == "series"
    colour = line["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Oldham", "England"] and colour["range"][1] == "#1A1A1A"
    assert "Dashed black line: England" in spec["title"]["subtitle"][0]
    assert spec["description"] == (
        "Line chart of Deaths over time against England: Oldham "
        "10.0 per 100,000 in 2019, 12.0 per 100,000 in 2022; England "
        "8.0 per 100,000 in 2019, 9.5 per 100,000 in 2022."
    )
    # Oldham's missing 2021 splits it into two segments, so the line is not joined across it.
    data = spec["datasets"][band["data"]["name"]]
    assert len({r["segment"] for r in data if r["series"] == "Oldham"}) == 2


def test_trend_illustrative_label_and_empty_data():
    series = _series()
    spec = trend_chart(
        series, title="t", unit="%", periods=PERIODS, comparator_name="England", illustrative=True
    ).to_dict()
    assert spec["title"]["subtitle"][0] == ILLUSTRATIVE_LABEL
    with pytest.raises(ChartDataError):
        trend_chart(
            series.assign(value=float("nan")),
            title="t",
            unit="%",
            periods=PERIODS,
            comparator_name="England",
            illustrative=False,
        )
    with pytest.raises(ChartDataError, match="segment"):
        trend_chart(
            series.drop(columns="segment"),
            title="t",
            unit="%",
            periods=PERIODS,
            comparator_name="England",
            illustrative=False,
        )
