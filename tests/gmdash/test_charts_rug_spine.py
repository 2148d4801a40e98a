"""The rug and spine charts, tested on their Vega-Lite specs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gmdash.charts import (
    BENCHMARK_ORDER,
    GENERATED,
    ILLUSTRATIVE_LABEL,
    PARTLY_LABEL,
    PUBLISHED,
    ChartDataError,
)
from gmdash.charts.rug import rug_alt_text, rug_chart
from gmdash.charts.spine import spine_alt_text, spine_chart
from gmdash.overview import TREND_COLUMNS, rug_frame
from gmdash.profile import borough_profile, spine_frame

ENGLAND = "E92000001"
BOROUGHS = {"E08000001": "Bolton", "E08000002": "Bury"}
CATALOGUE = pd.DataFrame(
    [
        ("met_need", "Alcohol met need", "%", "proportion", "high_good", False),
        ("completions", "Completions: opiate", "%", "proportion", "high_good", True),
    ],
    columns=["indicator_id", "short_title", "unit", "value_type", "polarity", "is_illustrative"],
)
NO_TRENDS = pd.DataFrame(columns=["indicator_id", "area_code", *TREND_COLUMNS])


def latest() -> pd.DataFrame:
    rows = []
    for indicator_id, values in (
        ("met_need", (10.0, 17.0, 17.6)),
        ("completions", (6.0, np.nan, 5.8)),
    ):
        for code, value in zip([*BOROUGHS, ENGLAND], values, strict=True):
            rows.append(
                dict(
                    indicator_id=indicator_id,
                    area_code=code,
                    area_name=BOROUGHS.get(code, "England"),
                    area_type="local_authority" if code in BOROUGHS else "country",
                    period="2022/23",
                    value=value,
                    lci95=value - 1,
                    uci95=value + 1,
                    lci998=value - 2,
                    uci998=value + 2,
                    suppressed=bool(np.isnan(value)),
                    suppression_note="Suppressed: count between 1 and 4" if np.isnan(value) else "",
                    is_illustrative=indicator_id == "completions",
                )
            )
    return pd.DataFrame(rows)


def rug() -> pd.DataFrame:
    return rug_frame(
        latest(), CATALOGUE, NO_TRENDS, comparator_code=ENGLAND, comparator_name="England"
    )


def spine() -> pd.DataFrame:
    prof = borough_profile(latest(), CATALOGUE, NO_TRENDS, "E08000001")
    dist = latest()[latest()["area_code"].isin(list(BOROUGHS))].assign(
        tier="metropolitan_district", region_code="E12000002", is_gm=True
    )
    return spine_frame(prof, dist)


def layers(spec: dict) -> list[dict]:
    return spec["layer"]


def marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] for layer in layers(spec)]


def test_rug_is_rects_with_text_coloured_by_benchmark():
    spec = rug_chart(rug(), comparator_name="England", illustrative=True).to_dict()
    assert marks(spec) == ["rect", "rect", "text", "text", "text", "text"]
    cells = layers(spec)[0]
    color = cells["encoding"]["color"]
    assert color["field"] == "benchmark" and color["scale"]["domain"] == BENCHMARK_ORDER
    assert color["legend"]["title"] == "Compared with England (95% / 99.8% where published)"
    assert cells["transform"] == [{"filter": "!datum.is_comparator"}]
    header = layers(spec)[1]
    assert header["mark"]["fill"] == "#FFFFFF" and header["transform"] == [
        {"filter": "datum.is_comparator"}
    ]
    texts = [layer["encoding"]["text"]["field"] for layer in layers(spec)[2:]]
    assert texts == ["heading", "cell_text", "cell_text", "cell_status"]
    tooltips = {t["field"]: t["title"] for t in cells["encoding"]["tooltip"]}
    assert tooltips["suppression_note"] == "Suppression"
    assert tooltips["comparison"] == "Compared with England"
    assert spec["width"] == "container" and spec["height"] == {"step": 62}
    # Met need is real and the completions generated: generated cells are drawn hollow.
    assert spec["title"]["subtitle"][0] == PARTLY_LABEL
    assert spec["description"].startswith(
        "Partly illustrative data: hollow marks are generated values. Grid of 2 "
    )
    assert cells["encoding"]["fillOpacity"]["scale"]["domain"] == [PUBLISHED, GENERATED]


def test_rug_rows_put_the_comparator_first_and_columns_keep_the_catalogue_order():
    spec = rug_chart(rug(), comparator_name="England", illustrative=False).to_dict()
    encoding = layers(spec)[0]["encoding"]
    assert encoding["y"]["sort"] == ["England (comparator)", "Bolton", "Bury"]
    assert [label.split("\n")[0] for label in encoding["x"]["sort"]] == [
        "Alcohol met",
        "Completions:",
    ]
    assert ILLUSTRATIVE_LABEL not in spec["title"]["subtitle"]


def test_rug_cells_show_suppressed_and_headings_share_one_height():
    chart = rug_chart(rug(), comparator_name="England", illustrative=True)
    data = pd.DataFrame(next(iter(chart.to_dict()["datasets"].values())))
    bury = data[(data["area_name"] == "Bury") & (data["short_title"] == "Completions: opiate")]
    assert bury["cell_text"].tolist() == ["suppressed"]
    assert bury["suppression_note"].tolist() == ["Suppressed: count between 1 and 4"]
    assert data["heading"].str.count("\n").nunique() == 1


def test_rug_alt_text_counts_the_groups():
    text = rug_alt_text(rug(), comparator_name="England", illustrative=False)
    assert "Grid of 2 indicators for 2 GM boroughs, each compared with England" in text
    assert "Worse than England: Bolton on Alcohol met need." in text


def test_rug_fails_loudly_on_missing_columns_or_rows():
    with pytest.raises(ChartDataError, match="cell_status"):
        rug_chart(rug().drop(columns="cell_status"), comparator_name="England", illustrative=False)
    with pytest.raises(ChartDataError, match="no rows"):
        rug_chart(rug().iloc[:0], comparator_name="England", illustrative=False)


def test_spine_layers_ranges_england_borough_and_gm():
    spec = spine_chart(spine(), area_name="Bolton", illustrative=True).to_dict()
    assert marks(spec) == ["bar", "bar", "rule", "circle", "point"]
    full, middle, england, borough, gm = layers(spec)
    assert (full["encoding"]["x"]["field"], full["encoding"]["x2"]["field"]) == ("x_low", "x_high")
    assert full["encoding"]["x"]["scale"]["domain"] == [-1.1, 1.1]
    assert "better" in full["encoding"]["x"]["axis"]["labelExpr"]
    assert (middle["encoding"]["x"]["field"], middle["encoding"]["x2"]["field"]) == (
        "x_q_low",
        "x_q_high",
    )
    assert england["encoding"]["x"]["field"] == "x"
    assert borough["encoding"]["x"]["field"] == "x_area"
    assert borough["encoding"]["color"]["legend"]["title"] == "Bolton compared with England"
    assert gm["encoding"]["x"]["field"] == "x_gm"
    assert gm["encoding"]["shape"]["scale"] == {
        "domain": ["Greater Manchester"],
        "range": ["diamond"],
    }
    assert spec["title"]["subtitle"][0] == PARTLY_LABEL
    assert borough["encoding"]["fillOpacity"]["scale"]["domain"] == [PUBLISHED, GENERATED]
    assert spec["width"] == "container"


def test_spine_rows_name_their_range():
    spec = spine_chart(spine(), area_name="Bolton", illustrative=True).to_dict()
    order = layers(spec)[0]["encoding"]["y"]["sort"]
    assert order == [
        "Alcohol met need\n2022/23 · range: GM boroughs",
        "Completions: opiate (illustrative)\n2022/23 · range: GM boroughs",
    ]
    tooltips = [t["field"] for t in layers(spec)[0]["encoding"]["tooltip"]]
    assert {"area_text", "england_text", "gm_text", "range_text"} <= set(tooltips)


def test_spine_alt_text_and_errors():
    text = spine_alt_text(spine(), area_name="Bolton", illustrative=False)
    assert text.startswith("Spine chart of 2 indicators for Bolton")
    assert "worse on 1 (Alcohol met need)" in text
    with pytest.raises(ChartDataError, match="x_gm"):
        spine_chart(spine().drop(columns="x_gm"), area_name="Bolton", illustrative=False)
