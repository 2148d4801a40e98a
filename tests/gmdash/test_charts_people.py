"""People-in-treatment chart specs: fields, marks, titles, alt text, and loud errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gmdash.charts import BENCHMARK_COLOURS, ChartDataError
from gmdash.charts import people as charts

AGES = ("18-29 yrs", "30-49 yrs", "50+ yrs")


def _layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", []):
        out += _layers(layer) if "layer" in layer else [layer]
    return out


def _pyramid(with_comparator: bool = True) -> pd.DataFrame:
    rows = []
    for sex in ("Male", "Female"):
        for i, age in enumerate(AGES):
            rows.append(("In treatment", "treatment", sex, age, 10.0 + i, 8.0 + i, 12.0 + i))
            rows.append(("Residents", "population", sex, age, 15.0 - i, np.nan, np.nan))
            if with_comparator:
                rows.append(("In treatment", "comparator", sex, age, 11.0, np.nan, np.nan))
    return pd.DataFrame(
        rows, columns=["bar", "role", "sex", "age", "share", "lci95", "uci95"]
    ).assign(count=1.0, of=1.0)


def test_pyramid_spec_men_left_women_right_with_england_marks():
    chart = charts.treatment_pyramid(_pyramid(), title="Who is in treatment", lines=["2021/22."])
    spec = chart.to_dict()
    layers = _layers(spec)
    bars = layers[0]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["yOffset"]["field"] == "bar"
    assert bars["encoding"]["color"]["scale"]["domain"] == ["In treatment", "Residents"]
    assert bars["encoding"]["color"]["scale"]["range"] == [
        charts.TREATMENT_COLOUR,
        charts.POPULATION_COLOUR,
    ]
    values = {
        r["sex"]: r["x"] for r in spec["datasets"][bars["data"]["name"]] if r["age"] == AGES[0]
    }
    assert values == {"Male": -15.0, "Female": 15.0}
    assert [layer["mark"]["type"] for layer in layers[:3]] == ["bar", "rule", "tick"]
    assert layers[1]["encoding"]["x2"]["field"] == "x_high"
    assert spec["title"]["text"] == "Who is in treatment"
    assert spec["title"]["subtitle"] == ["2021/22."]
    # Every cell is in the alt text, the treatment share against the residents'.
    assert spec["description"].startswith(
        "Pyramid of In treatment beside Residents, as shares of all adults in each: "
        "men 18 to 29 10.0% against 15.0%"
    )
    assert "women 50 and over 12.0% against 13.0%" in spec["description"]


def test_pyramid_without_a_comparator_draws_no_marks_and_needs_two_bars():
    spec = charts.treatment_pyramid(_pyramid(False), title="t", lines=[]).to_dict()
    assert "tick" not in [layer["mark"]["type"] for layer in _layers(spec)]
    one_bar = _pyramid(False)
    with pytest.raises(ChartDataError, match="two kinds of bar"):
        charts.treatment_pyramid(one_bar[one_bar["role"] == "treatment"], title="t", lines=[])
    with pytest.raises(ChartDataError, match="lci95"):
        charts.treatment_pyramid(one_bar.drop(columns="lci95"), title="t", lines=[])


def _shares() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category_label": ["White", "Mixed", "Black"],
            "share": [68.5, 5.7, np.nan],
            "lci95": [66.0, 4.6, np.nan],
            "uci95": [70.8, 7.1, np.nan],
            "compared": ["lower", "higher", "not compared"],
        }
    )


def _markers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "category_label": ["White", "Mixed", "White"],
            "marker": ["England", "England", "Residents"],
            "kind": ["comparator", "comparator", "residents"],
            "share": [90.1, 2.6, 82.9],
        }
    )


def test_share_bars_coloured_by_comparison_with_marks_and_a_named_gap():
    chart = charts.share_bars(
        _shares(), title="Ethnicity", lines=["l"], comparator_name="England", markers=_markers()
    )
    spec = chart.to_dict()
    layers = _layers(spec)
    bars = layers[0]
    colour = bars["encoding"]["fill"]
    assert colour["field"] == "compared"
    # The legend lists only the categories drawn, in the standard order.
    assert colour["scale"]["domain"] == ["higher", "lower", "not compared"]
    assert colour["scale"]["range"] == [BENCHMARK_COLOURS[c] for c in colour["scale"]["domain"]]
    assert colour["legend"]["title"] == "Compared with England"
    gap = next(layer for layer in layers if layer["mark"]["type"] == "text")
    assert spec["datasets"][gap["data"]["name"]][0]["label"] == "not shown: see the table"
    points = next(layer for layer in layers if layer["mark"]["type"] == "point")
    assert points["encoding"]["shape"]["scale"] == {
        "domain": ["England", "Residents"],
        "range": ["diamond", "triangle-up"],
    }
    assert points["encoding"]["color"]["scale"]["range"] == [
        charts.COMPARATOR_COLOUR,
        charts.RESIDENTS_COLOUR,
    ]
    # One legend names the markers by shape and colour together.
    assert points["encoding"]["shape"]["legend"] == points["encoding"]["color"]["legend"]
    assert spec["description"] == (
        "Bar chart of Ethnicity: White 68.5% (95% CI 66.0 to 70.8), lower; Mixed 5.7% (95% CI "
        "4.6 to 7.1), higher; Black not shown. England: White 90.1%; Mixed 2.6%. Residents: "
        "White 82.9%."
    )


def test_share_bars_without_a_comparator_are_one_colour():
    shares = _shares().drop(columns="compared")
    residents = _markers().iloc[[2]]
    spec = charts.share_bars(shares, title="Exits", lines=[], markers=residents).to_dict()
    bars = _layers(spec)[0]
    assert bars["encoding"]["fill"] == {"value": charts.TREATMENT_COLOUR}
    points = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "point")
    # A lone residents series is still a grey triangle, never England's black diamond.
    assert points["encoding"]["shape"]["scale"]["range"] == ["triangle-up"]
    with pytest.raises(ChartDataError, match="compared"):
        charts.share_bars(shares, title="t", lines=[], comparator_name="England")
    with pytest.raises(ChartDataError, match="no rows"):
        charts.share_bars(shares.head(0), title="t", lines=[])


def _panels() -> pd.DataFrame:
    rows = []
    for role, series in (("area", "Bury"), ("comparator", "England")):
        for i, period in enumerate(["2019/20", "2020/21", "2021/22"]):
            value = 40.0 + i if role == "area" else 45.0
            rows.append(("Women: increasing", "Women", "increasing", period, series, role, value))
    frame = pd.DataFrame(
        rows,
        columns=["panel", "category_label", "trend", "period", "series", "role", "value"],
    )
    return frame.assign(lci95=frame["value"] - 2, uci95=frame["value"] + 2)


def test_trend_multiples_facet_per_panel_comparator_dashed():
    chart = charts.trend_multiples(_panels(), title="Over time", lines=["l"], unit="Share (%)")
    spec = chart.to_dict()
    assert spec["facet"]["field"] == "panel"
    assert spec["columns"] == 3
    assert spec["resolve"]["scale"]["y"] == "independent"
    inner = spec["spec"]["layer"]
    assert [layer["mark"]["type"] for layer in inner] == ["area", "line", "point"]
    line = inner[1]["encoding"]
    assert line["strokeDash"]["scale"] == {
        "domain": ["area", "comparator"],
        "range": [[1, 0], [7, 4]],
    }
    assert line["color"]["scale"]["range"] == [charts.TREATMENT_COLOUR, charts.COMPARATOR_COLOUR]
    assert spec["description"] == (
        "Small multiples of Over time (Share (%)), each against England (dashed): "
        "Women: 40.0 in 2019/20, 42.0 in 2021/22 (increasing)."
    )


def test_trend_multiples_counts_have_no_decimals_and_empty_data_fails():
    panels = _panels().assign(value=lambda f: f["value"] * 1000)
    spec = charts.trend_multiples(panels, title="People", lines=[], unit="People", decimals=0)
    assert "40,000 in 2019/20, 42,000 in 2021/22" in spec.to_dict()["description"]
    with pytest.raises(ChartDataError, match="every value is missing"):
        charts.trend_multiples(
            _panels().assign(value=np.nan), title="t", lines=[], unit="Share (%)"
        )
    with pytest.raises(ChartDataError, match="panel"):
        charts.trend_multiples(_panels().drop(columns="panel"), title="t", lines=[], unit="%")
