"""Real and generated values told apart on the charts themselves: hollow marks and a legend."""

from __future__ import annotations

import pandas as pd

from gmdash.charts import GENERATED, PARTLY_LABEL, PUBLISHED
from gmdash.charts.bars import interval_bars
from gmdash.charts.funnel import funnel_chart
from gmdash.compare import funnel_data


def _rows(flags: list[bool]) -> pd.DataFrame:
    n = len(flags)
    return pd.DataFrame(
        {
            "area_code": [f"E0800000{i}" for i in range(1, n + 1)],
            "area_name": ["Bolton", "Bury", "Salford"][:n],
            "count": [100.0, 150.0, 322.0][:n],
            "denominator": [400.0, 500.0, 551.0][:n],
            "value": [25.0, 30.0, 58.4][:n],
            "lci95": [21.0, 26.0, 54.3][:n],
            "uci95": [29.5, 34.2, 62.5][:n],
            "benchmark": ["worse", "similar", "better"][:n],
            "is_illustrative": flags,
        }
    )


def _bars(flags: list[bool]) -> dict:
    return interval_bars(
        _rows(flags),
        title="Completions: non-opiate",
        unit="%",
        comparator_name="England",
        comparator_value=36.9,
        period="2017",
        illustrative=any(flags),
    ).to_dict()


def test_a_partly_real_bar_chart_draws_generated_bars_hollow_with_a_legend():
    spec = _bars([True, True, False])
    bars = spec["layer"][0]
    opacity = bars["encoding"]["fillOpacity"]
    assert opacity["field"] == "data_status"
    assert opacity["scale"]["domain"] == [PUBLISHED, GENERATED]
    assert opacity["scale"]["range"][0] == 1.0 and opacity["scale"]["range"][1] < 0.5
    assert opacity["title"] == "Values"
    assert spec["title"]["subtitle"][0] == PARTLY_LABEL
    assert spec["description"].startswith("Partly illustrative data: hollow marks are generated")
    rows = next(iter(spec["datasets"].values()))
    statuses = {r["area_name"]: r["data_status"] for r in rows}
    assert statuses == {"Bolton": GENERATED, "Bury": GENERATED, "Salford": PUBLISHED}


def test_a_real_bar_chart_is_unchanged_and_unlabelled():
    spec = _bars([False, False, False])
    assert "fillOpacity" not in spec["layer"][0]["encoding"]
    assert spec["title"]["subtitle"][0].startswith("2017.")
    assert spec["description"].startswith("Bar chart of")


def test_a_wholly_generated_chart_says_illustrative_not_partly():
    spec = _bars([True, True, True])
    assert spec["title"]["subtitle"][0].startswith("ILLUSTRATIVE DATA")
    assert spec["description"].startswith("Illustrative data. Bar chart of")


def test_funnel_points_of_generated_values_are_hollow():
    points, limits = funnel_data(_rows([True, False, True]), centre=40.0)
    spec = funnel_chart(
        points,
        limits,
        title="Completions: non-opiate",
        denominator_label="Number in treatment",
        centre=40.0,
        centre_label="Pooled GM boroughs",
        period="2017",
        illustrative=True,
    ).to_dict()
    dots = spec["layer"][3]
    assert dots["encoding"]["fillOpacity"]["scale"]["domain"] == [PUBLISHED, GENERATED]
    assert spec["description"].startswith("Partly illustrative data")


def test_a_quoted_figure_is_a_diamond_beside_the_bars_with_its_words():
    reported = pd.DataFrame(
        {"area_name": ["Bury"], "value": [37.2], "label": ["37.2% quoted, period not stated"]}
    )
    spec = interval_bars(
        _rows([False, False, False]),
        title="Completions: non-opiate",
        unit="%",
        comparator_name="England",
        comparator_value=36.9,
        period="2017",
        illustrative=False,
        reported=reported,
    ).to_dict()
    marks = [layer["mark"] for layer in spec["layer"]]
    diamonds = [m for m in marks if isinstance(m, dict) and m.get("shape") == "diamond"]
    assert len(diamonds) == 1
    assert any(
        "Diamond: a figure quoted in a council document" in s for s in spec["title"]["subtitle"]
    )
