"""Funnel and trend chart builders, tested on their Vega-Lite specs."""

from __future__ import annotations

import pandas as pd
import pytest

from gmdash import compare, trends
from gmdash.charts import ILLUSTRATIVE_LABEL, PARTLY_LABEL, ChartDataError
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


def _trend(series: pd.DataFrame, illustrative: bool = False) -> dict:
    return trend_chart(
        series, title="Deaths", unit="per 100,000", periods=PERIODS, illustrative=illustrative
    ).to_dict()


def _rows(spec: dict) -> list[dict]:
    return spec["datasets"][spec["data"]["name"]]


def test_trend_spec_bands_lines_legend_and_gaps():
    spec = _trend(_series())
    band, line, points = spec["layer"]
    assert band["mark"]["type"] == "area" and band["encoding"]["y2"]["field"] == "uci95"
    assert line["encoding"]["detail"]["field"] == "segment"
    # Every period is on the axis, whether or not any series has a value for it.
    assert line["encoding"]["x"]["scale"]["domain"] == PERIODS
    colour = line["encoding"]["color"]
    assert colour["scale"]["domain"] == ["Oldham", "England"]
    assert colour["scale"]["range"] == ["#0072B2", "#1A1A1A"]
    assert colour["legend"]["orient"] == "bottom" and colour["legend"]["symbolType"] == "stroke"
    # The dash shares the colour's field and domain, so one legend shows both.
    dash = line["encoding"]["strokeDash"]
    assert dash["field"] == colour["field"] == "style"
    assert dash["scale"]["domain"] == ["Oldham", "England"]
    assert dash["scale"]["range"] == [[1, 0], [8, 4]]
    assert "Comparators: England (black, long dashes)." in spec["title"]["subtitle"][1]
    tooltip = {t["title"]: t["field"] for t in points["encoding"]["tooltip"]}
    assert tooltip["Data"] == "status"
    assert spec["description"] == (
        "Line chart of Deaths over time against England: Oldham "
        "10.0 per 100,000 in 2019, 12.0 per 100,000 in 2022; England "
        "8.0 per 100,000 in 2019, 9.5 per 100,000 in 2022."
    )
    # Oldham's missing 2021 splits it into two segments, so the line is not joined across it.
    rows = _rows(spec)
    oldham = {r["segment"] for r in rows if r["series"] == "Oldham" and r["value"] is not None}
    assert len(oldham) == 2


def _frame(areas: dict[str, str], periods: list[str] = PERIODS) -> pd.DataFrame:
    rows = [
        (code, name, period, 10.0 + i, 9.0 + i, 11.0 + i)
        for code, name in areas.items()
        for i, period in enumerate(periods)
    ]
    frame = pd.DataFrame(
        rows, columns=["area_code", "area_name", "period", "value", "lci95", "uci95"]
    )
    return frame.assign(suppression_note="", is_illustrative=False)


BOROUGHS = {
    "E08000001": "Bolton",
    "E08000002": "Bury",
    "E08000003": "Manchester",
    "E08000004": "Oldham",
    "E08000005": "Rochdale",
}


def test_trend_never_gives_an_area_a_comparators_colour_or_dash():
    frame = pd.concat(
        [
            _frame(dict(list(BOROUGHS.items())[:4])),
            _frame({"E92000001": "England", "E47000001": "Greater Manchester"}),
        ]
    )
    series = trends.series_frame(frame, PERIODS, "E92000001", ("E47000001",))
    line = _trend(series)["layer"][1]["encoding"]
    domain = line["color"]["scale"]["domain"]
    colours = dict(zip(domain, line["color"]["scale"]["range"], strict=True))
    dashes = dict(zip(domain, line["strokeDash"]["scale"]["range"], strict=True))
    assert domain == ["Bolton", "Bury", "Manchester", "Oldham", "England", "Greater Manchester"]
    assert colours["England"] == "#1A1A1A" and dashes["England"] == [8, 4]
    assert colours["Greater Manchester"] == "#5F5F5F" and dashes["Greater Manchester"] == [2, 3]
    for borough in ("Bolton", "Bury", "Manchester", "Oldham"):
        assert colours[borough] not in ("#1A1A1A", "#000000", "#5F5F5F")
        assert dashes[borough] == [1, 0]
    assert len({colours[b] for b in ("Bolton", "Bury", "Manchester", "Oldham")}) == 4


def test_trend_more_than_four_areas_become_small_multiples_against_the_comparator():
    frame = pd.concat([_frame(BOROUGHS), _frame({"E92000001": "England"})])
    series = trends.series_frame(frame, PERIODS, "E92000001")
    spec = _trend(series)
    assert spec["facet"]["field"] == "panel" and spec["columns"] == 4
    assert spec["facet"]["sort"] == list(BOROUGHS.values())
    rows = spec["datasets"][spec["data"]["name"]]
    # Each panel holds its own borough and England, and nothing else.
    for name in BOROUGHS.values():
        assert {r["series"] for r in rows if r["panel"] == name} == {name, "England"}
    line = spec["spec"]["layer"][1]["encoding"]
    assert line["color"]["scale"]["domain"] == ["The area named above each panel", "England"]
    assert "One panel per area, each against England" in spec["title"]["subtitle"][1]


def test_trend_four_areas_share_one_chart():
    frame = pd.concat([_frame(dict(list(BOROUGHS.items())[:4])), _frame({"E92000001": "England"})])
    spec = _trend(trends.series_frame(frame, PERIODS, "E92000001"))
    assert "facet" not in spec and len(spec["layer"]) == 3


def test_trend_axis_keeps_a_year_no_area_has():
    frame = _frame({"E08000002": "Bury", "E92000001": "England"}, ["2019", "2020", "2022"])
    axis = trends.period_run(["2019", "2020", "2022"], "calendar_year")
    series = trends.series_frame(frame, axis, "E92000001")
    spec = trend_chart(series, title="t", unit="%", periods=axis, illustrative=False).to_dict()
    assert spec["layer"][1]["encoding"]["x"]["scale"]["domain"] == ["2019", "2020", "2021", "2022"]
    bury = [r for r in _rows(spec) if r["series"] == "Bury"]
    assert [r["period"] for r in bury if r["value"] is None] == ["2021"]
    assert len({r["segment"] for r in bury if r["value"] is not None}) == 2


def test_trend_generated_points_hollow_with_a_legend_saying_so():
    series = _series()
    # Oldham's 2022 value is generated; the rest are published.
    series.loc[(series["series"] == "Oldham") & (series["period"] == "2022"), "is_illustrative"] = (
        True
    )
    spec = _trend(series, illustrative=True)
    points, key = spec["layer"][2], spec["layer"][3]
    hollow = points["encoding"]["fillOpacity"]
    assert hollow["condition"]["test"] == "datum.status == 'generated (illustrative)'"
    assert hollow["condition"]["value"] == 0 and hollow["value"] == 1
    legend = key["encoding"]["fill"]
    assert legend["scale"]["range"] == ["#1A1A1A", "#FFFFFF"]
    assert legend["legend"]["values"] == ["published", "generated (illustrative)"]
    assert "Hollow point: generated (illustrative) value" in legend["legend"]["labelExpr"]
    assert key["mark"]["opacity"] == 0
    statuses = {(r["series"], r["period"]): r["status"] for r in _rows(spec)}
    assert statuses[("Oldham", "2022")] == "generated (illustrative)"
    assert statuses[("Oldham", "2019")] == "published"
    assert statuses[("Oldham", "2021")] == ""
    # Partly generated: the first line of the subtitle says hollow is generated, solid published.
    assert spec["title"]["subtitle"][0] == PARTLY_LABEL
    assert spec["description"].startswith("Partly illustrative data: hollow marks are generated")


def test_trend_all_published_has_no_hollow_legend():
    spec = _trend(_series())
    assert len(spec["layer"]) == 3
    assert not any("Hollow" in line for line in spec["title"]["subtitle"])


def test_trend_says_where_a_series_stops_early():
    frame = pd.concat(
        [
            _frame({"E08000002": "Bury"}, ["2019", "2020"]),
            _frame({"E92000001": "England"}),
        ]
    )
    series = trends.series_frame(frame, PERIODS, "E92000001")
    spec = _trend(series)
    rule, text = spec["layer"][3], spec["layer"][4]
    assert rule["mark"]["type"] == "rule" and text["encoding"]["text"]["field"] == "end_label"
    ends = [r for r in _rows(spec) if r["layer"] == "end"]
    assert [(r["period"], r["end_label"]) for r in ends] == [("2020", "Bury: ends 2020")]
    sentence = (
        "Bury: no figures after 2020 in the available data (the latest on the chart is 2022)."
    )
    assert sentence in spec["title"]["subtitle"]
    assert spec["description"].endswith(sentence)


def test_trend_illustrative_label_and_empty_data():
    series = _series()
    spec = trend_chart(
        series.assign(is_illustrative=True), title="t", unit="%", periods=PERIODS, illustrative=True
    ).to_dict()
    assert spec["title"]["subtitle"][0] == ILLUSTRATIVE_LABEL
    assert spec["description"].startswith("Illustrative data. Line chart of t")
    with pytest.raises(ChartDataError):
        trend_chart(
            series.assign(value=float("nan")),
            title="t",
            unit="%",
            periods=PERIODS,
            illustrative=False,
        )
    with pytest.raises(ChartDataError, match="segment"):
        trend_chart(
            series.drop(columns="segment"),
            title="t",
            unit="%",
            periods=PERIODS,
            illustrative=False,
        )
