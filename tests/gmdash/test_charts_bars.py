"""The shared interval bar chart, tested on its Vega-Lite spec."""

from __future__ import annotations

import pandas as pd
import pytest

from gmdash.charts import BENCHMARK_COLOURS, ILLUSTRATIVE_LABEL, ChartDataError
from gmdash.charts.bars import interval_bars

FRAME = pd.DataFrame(
    {
        "area_name": ["Bolton", "Bury", "Oldham"],
        "value": [5.0, 7.0, 6.0],
        "lci95": [4.0, 6.0, 5.0],
        "uci95": [6.0, 8.0, 7.0],
        "lci998": [3.5, 5.5, 4.5],
        "uci998": [6.5, 8.5, 7.5],
        "benchmark": ["worse", "better", "similar"],
    }
)


def _spec(**kwargs):
    args = {
        "title": "Completions: opiate",
        "unit": "%",
        "comparator_name": "England",
        "comparator_value": 6.0,
        "period": "2023/24",
        "illustrative": False,
    }
    return interval_bars(FRAME, **(args | kwargs)).to_dict()


def test_bars_encode_value_area_and_benchmark_with_the_palette():
    spec = _spec()
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    assert (
        bars["encoding"]["x"]["field"] == "value"
        and bars["encoding"]["x"]["type"] == "quantitative"
    )
    assert bars["encoding"]["y"]["field"] == "area_name"
    assert bars["encoding"]["y"]["sort"] == ["Bury", "Oldham", "Bolton"]
    scale = bars["encoding"]["color"]["scale"]
    assert scale["domain"] == ["better", "similar", "worse"]
    assert scale["range"] == [BENCHMARK_COLOURS[c] for c in scale["domain"]]


def test_comparator_is_named_on_the_chart_and_in_the_alt_text():
    spec = _spec()
    texts = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    assert texts and "England" in str(spec["datasets"])
    assert "Dashed line: England (6.0 %)." in spec["title"]["subtitle"]
    assert "Against England (6.0): 1 worse, 1 better, 1 similar." in spec["description"]


def test_illustrative_label_is_on_the_chart():
    spec = _spec(illustrative=True)
    assert spec["title"]["subtitle"][0] == ILLUSTRATIVE_LABEL
    assert spec["description"].startswith("Illustrative data.")


def test_998_whiskers_only_when_asked():
    rules = [layer for layer in _spec(show_998=True)["layer"] if layer["mark"]["type"] == "rule"]
    assert any(r["encoding"]["x"]["field"] == "lci998" for r in rules)
    rules = [layer for layer in _spec()["layer"] if layer["mark"]["type"] == "rule"]
    assert not any(r["encoding"]["x"].get("field") == "lci998" for r in rules)


def test_missing_columns_fail_loudly():
    with pytest.raises(ChartDataError, match="benchmark"):
        interval_bars(
            FRAME.drop(columns="benchmark"),
            title="t",
            unit="%",
            comparator_name=None,
            comparator_value=None,
            period="p",
            illustrative=False,
        )
    with pytest.raises(ChartDataError, match="no rows"):
        interval_bars(
            FRAME.iloc[0:0],
            title="t",
            unit="%",
            comparator_name=None,
            comparator_value=None,
            period="p",
            illustrative=False,
        )


def test_accessible_sets_dark_text_everywhere_and_keeps_other_config():
    from gmdash.charts import TEXT, accessible

    chart = interval_bars(
        FRAME,
        title="t",
        unit="%",
        comparator_name="England",
        comparator_value=6.0,
        period="p",
        illustrative=False,
    )
    config = accessible(chart.configure_view(stroke=None)).to_dict()["config"]
    assert config["axis"] == {"labelColor": TEXT, "titleColor": TEXT}
    assert config["legend"] == {"labelColor": TEXT, "titleColor": TEXT}
    assert config["title"] == {"color": TEXT, "subtitleColor": TEXT}
    assert config["view"]["stroke"] is None


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_benchmark_fill_has_text_meeting_wcag_aa():
    from gmdash.charts import TEXT_ON_FILL

    for category, fill in BENCHMARK_COLOURS.items():
        lighter, darker = sorted([_luminance(fill), _luminance(TEXT_ON_FILL[category])])
        assert (darker + 0.05) / (lighter + 0.05) >= 4.5, category


def test_the_chart_carries_only_the_fields_it_draws():
    # A page's frame has columns the chart never reads; they stay out of the spec the browser
    # parses on every redraw, while the alt text still reads the whole frame.
    extra = FRAME.assign(
        area_code=["E08000001", "E08000002", "E08000004"],
        source="OHID Fingertips",
        note="",
        is_illustrative=[False, True, False],
    )
    reported = pd.DataFrame(
        {"area_name": ["Bury"], "value": [7.5], "label": ["7.5 (quoted)"], "where": ["a plan"]}
    )
    spec = interval_bars(
        extra,
        title="Completions: opiate",
        unit="%",
        comparator_name="England",
        comparator_value=6.0,
        period="2023/24",
        illustrative=True,
        show_998=True,
        reported=reported,
    ).to_dict()
    fields = [set(rows[0]) for rows in spec["datasets"].values()]
    assert {
        "area_name",
        "value",
        "lci95",
        "uci95",
        "lci998",
        "uci998",
        "benchmark",
        "data_status",
    } in fields
    assert {"area_name", "value", "label"} in fields
    assert not any(f & {"area_code", "source", "note", "is_illustrative", "where"} for f in fields)
    # Generated values are still drawn hollow: the status comes from the dropped flag.
    assert spec["layer"][0]["encoding"]["fillOpacity"]["field"] == "data_status"
    assert "Bury 7.0 %" in spec["description"]
