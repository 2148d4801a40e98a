"""What-if charts on their Vega-Lite spec: marks, fields, titles, labels and alt text."""

from __future__ import annotations

import pandas as pd
import pytest

from gmdash.charts import (
    GENERATED,
    ILLUSTRATIVE_LABEL,
    PARTLY_LABEL,
    USER_LABEL,
    ChartDataError,
)
from gmdash.charts.whatif import NEEDED_LABEL, split_chart, target_chart


def _targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_name": ["Oldham", "Bury", "Wigan"],
            "value": [4.5, 7.2, 9.0],
            "lci95": [3.4, 6.0, 7.9],
            "uci95": [6.0, 8.6, 10.2],
            "benchmark": ["worse", "similar", "better"],
            "value_if_similar": [5.5, 7.2, 9.0],
            "change_to_similar": pd.array([10, 0, 0], dtype="Int64"),
        }
    )


def _layers(chart) -> list[dict]:
    return chart.to_dict()["layer"]


def test_target_chart_draws_bars_intervals_the_needed_value_and_the_target():
    chart = target_chart(
        _targets(),
        title="Completions: opiate",
        unit="%",
        target_name="England",
        target_value=7.0,
        period="2023/24",
        illustrative=False,
    )
    spec = chart.to_dict()
    marks = [layer["mark"]["type"] for layer in _layers(chart)]
    assert marks == ["bar", "rule", "point", "rule", "text"]
    assert _layers(chart)[0]["encoding"]["color"]["field"] == "benchmark"
    assert _layers(chart)[2]["encoding"]["x"]["field"] == "value_if_similar"
    assert _layers(chart)[2]["encoding"]["shape"]["scale"]["domain"] == [NEEDED_LABEL]
    assert spec["title"]["text"] == "Completions: opiate: what it would take to reach England"
    assert spec["description"] == (
        "Bar chart of Completions: opiate for 3 GM boroughs, 2023/24, against England (7.0%): "
        "1 worse, 1 similar, 1 better. Change in the count needed to be statistically "
        "similar: Oldham +10."
    )
    assert ILLUSTRATIVE_LABEL not in spec["title"]["subtitle"]


def test_target_chart_labels_generated_and_uploaded_figures():
    chart = target_chart(
        _targets().assign(change_to_similar=0),
        title="T",
        unit="%",
        target_name="GM median",
        target_value=7.2,
        period="2023/24",
        illustrative=True,
        user=True,
    )
    spec = chart.to_dict()
    assert spec["title"]["subtitle"][:2] == [USER_LABEL, ILLUSTRATIVE_LABEL]
    assert spec["description"].startswith("Your own uploaded figures. Illustrative data. ")
    assert spec["description"].endswith("No borough needs a change to be statistically similar.")
    assert [layer["mark"]["type"] for layer in _layers(chart)] == ["bar", "rule", "rule", "text"]


def test_target_chart_draws_each_generated_value_hollow_beside_published_ones():
    # Salford published, the rest generated; the answers' own status (is_illustrative) is
    # generated for all three, but a bar shows the borough's value, so it follows that value
    frame = _targets().assign(
        area_name=["Salford", "Bury", "Wigan"],
        value_is_illustrative=[False, True, True],
        is_illustrative=[True, True, True],
    )
    chart = target_chart(
        frame,
        title="T",
        unit="%",
        target_name="England",
        target_value=7.0,
        period="2017",
        illustrative=True,
    )
    spec = chart.to_dict()
    assert spec["title"]["subtitle"][0] == PARTLY_LABEL
    bars = _layers(chart)[0]
    assert bars["encoding"]["fillOpacity"]["field"] == "data_status"
    values = {r["area_name"]: r["data_status"] for r in spec["datasets"][bars["data"]["name"]]}
    assert values == {"Salford": "published", "Bury": GENERATED, "Wigan": GENERATED}
    assert spec["description"].startswith("Partly illustrative data: hollow marks are generated")
    everything = frame.assign(value_is_illustrative=True)
    whole = target_chart(
        everything,
        title="T",
        unit="%",
        target_name="England",
        target_value=7.0,
        period="2017",
        illustrative=True,
    ).to_dict()
    assert whole["title"]["subtitle"][0] == ILLUSTRATIVE_LABEL


def test_target_chart_refuses_missing_columns():
    with pytest.raises(ChartDataError, match="value_if_similar"):
        target_chart(
            _targets().drop(columns="value_if_similar"),
            title="T",
            unit="%",
            target_name="England",
            target_value=7.0,
            period="p",
            illustrative=False,
        )


def _split() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_name": ["Wigan", "Bury"],
            "amount_gbp": [400.0, 600.0],
            "share": [0.4, 0.6],
            "amount_low_gbp": [380.0, 590.0],
            "amount_high_gbp": [420.0, 610.0],
            "actual_gbp": [450.0, float("nan")],
        }
    )


def test_split_chart_draws_allocations_ranges_and_actuals():
    chart = split_chart(
        _split(), pot_label="A pot (£1,000.00)", method="equally", illustrative=False
    )
    spec = chart.to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["bar", "rule", "tick", "tick"]  # the actual: a pink tick on a dark one
    assert spec["layer"][1]["encoding"]["x"]["field"] == "amount_low_gbp"
    assert spec["layer"][3]["encoding"]["x"]["field"] == "actual_gbp"
    assert spec["layer"][3]["encoding"]["color"]["scale"]["range"] == ["#CC79A7"]
    assert spec["description"] == (
        "Bar chart of A pot (£1,000.00) split equally across 2 boroughs. Largest: Bury "
        "£600.00 (60.0%); smallest: Wigan £400.00 (40.0%). 1 borough has an actual amount "
        "to compare."
    )
    without = split_chart(
        _split().assign(actual_gbp=float("nan")), pot_label="P", method="m", illustrative=True
    )
    assert [layer["mark"]["type"] for layer in without.to_dict()["layer"]] == ["bar", "rule"]
    assert without.to_dict()["title"]["subtitle"][0] == ILLUSTRATIVE_LABEL
