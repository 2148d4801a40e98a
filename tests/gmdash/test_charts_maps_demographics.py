"""Map and demographic chart specs: geoshape + mercator, tooltips, attribution, titles, alt text."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from gmdash import demographics, geo, queries
from gmdash.charts import ILLUSTRATIVE_LABEL, ChartDataError, maps
from gmdash.charts import demographics as demo_charts


def _borough_view(scheme: str = "benchmark") -> tuple[pd.DataFrame, geo.MapView, str]:
    codes = [f"E080000{n:02d}" for n in range(1, 11)]
    frame = pd.DataFrame(
        {
            "area_code": codes,
            "area_name": [f"B{i}" for i in range(10)],
            "period": "2023/24",
            "value": [float(i) for i in range(10)],
            "lci95": 0.0,
            "uci95": 20.0,
            "lci998": 0.0,
            "uci998": 25.0,
            "suppressed": False,
            "suppression_note": "",
            "is_illustrative": True,
        }
    )
    out, legend = geo.map_categories(
        frame,
        scheme=scheme,
        unit="%",
        polarity="high_good",
        comparator_value=5.0,
        comparator_name="England",
    )
    return out, geo.map_view(out), legend


def _layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", []):
        out += _layers(layer) if "layer" in layer else [layer]
    return out


def test_borough_map_spec():
    _frame, view, legend = _borough_view()
    chart = maps.borough_map(
        view.features,
        view.context,
        scheme="benchmark",
        legend_title=legend,
        title="Completions",
        period="2023/24",
        polarity="high_good",
        comparator_name="England",
        attribution=view.attribution,
        illustrative=True,
        description="Alt text here",
    )
    spec = chart.to_dict()
    assert spec["projection"]["type"] == "mercator"
    marks = [layer["mark"]["type"] for layer in _layers(spec)]
    assert marks.count("geoshape") == 2
    shapes = _layers(spec)[1]
    assert shapes["encoding"]["color"]["field"] == "properties.category"
    assert shapes["encoding"]["color"]["legend"]["title"] == "Compared with England"
    tips = {t["field"] for t in shapes["encoding"]["tooltip"]}
    assert {"properties.area_name", "properties.value_label", "properties.period"} <= tips
    assert spec["description"] == "Alt text here"
    assert spec["title"]["subtitle"][0] == ILLUSTRATIVE_LABEL
    text = json.dumps(spec, ensure_ascii=False)
    assert geo.attribution("gm_boroughs").split(". ")[1] in text
    assert "Contains OS data © Crown copyright and database right 2021" in text


def test_quintile_map_legend_names_its_reference():
    frame, view, legend = _borough_view("quintiles")
    chart = maps.borough_map(
        view.features,
        view.context,
        scheme="quintiles",
        legend_title=legend,
        title="Completions",
        period="2023/24",
        polarity="high_good",
        comparator_name="England",
        attribution=view.attribution,
        illustrative=False,
        description="d",
    )
    shapes = _layers(chart.to_dict())[1]
    assert shapes["encoding"]["color"]["legend"]["title"] == (
        "Quintile among the 10 GM boroughs (only they have data)"
    )
    assert shapes["encoding"]["color"]["scale"]["domain"][0] == "Lowest"
    assert "Lowest: B0, B1." in maps.borough_map_alt_text(
        frame, title="t", period="p", legend_title=legend, illustrative=False
    )


def _topology(codes: list[str], layer: str = "gm_lsoa11") -> dict:
    """A TopoJSON with one empty geometry per code: the chart joins rows on the ids."""
    geometries = [{"type": None, "id": code} for code in codes]
    return {
        "type": "Topology",
        "objects": {layer: {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": [],
    }


BOROUGH_OUTLINES = _topology([f"E080000{n:02d}" for n in range(1, 11)], "gm_boroughs")
LABELS = pd.DataFrame({"name": ["Bolton"], "lon": [-2.5], "lat": [53.6]})


def test_deprivation_map_spec(fixture_con):
    lsoas = geo.lsoa_frame(
        queries.gm_lsoa_deprivation(fixture_con, domain="Index of Multiple Deprivation")
    )
    chart = maps.deprivation_map(
        _topology(lsoas["area_code"].tolist()),
        lsoas,
        BOROUGH_OUTLINES,
        LABELS,
        domain="Income",
        attribution=["A"],
        description="d",
        ranked=32_844,
    )
    spec = chart.to_dict()
    assert spec["projection"]["type"] == "mercator"
    lsoa_layer = _layers(spec)[0]
    # The shapes are the TopoJSON, joined to the rows by area code (the geometries' ids).
    assert lsoa_layer["data"]["format"] == {"type": "topojson", "feature": "gm_lsoa11"}
    lookup = lsoa_layer["transform"][0]
    assert lookup["lookup"] == "id" and lookup["from"]["key"] == "area_code"
    assert set(lookup["from"]["fields"]) == {"area_name", "borough_name", "decile", "rank"}
    # The words for the decile and rank are worked out in the browser from the numbers.
    words = {c["as"]: c["calculate"] for c in lsoa_layer["transform"][1:]}
    assert words["decile_label"].startswith("['1 – most deprived 10%', '2',")
    assert words["decile_label"].endswith("'10 – least deprived 10%'][datum.decile - 1]")
    assert words["rank_label"] == "format(datum.rank, ',') + ' of 32,844 (1 = most deprived)'"
    colour = lsoa_layer["encoding"]["color"]
    assert colour["field"] == "decile_label"
    assert colour["scale"]["domain"][0] == "1 – most deprived 10%"
    assert {t["field"] for t in lsoa_layer["encoding"]["tooltip"]} == {
        "area_name",
        "area_code",
        "borough_name",
        "decile_label",
        "rank_label",
    }
    assert "Income" in spec["title"]["text"] and "A" in spec["title"]["subtitle"]
    outlines = _layers(spec)[1]
    assert outlines["data"]["format"] == {"type": "topojson", "feature": "gm_boroughs"}
    assert outlines["mark"]["filled"] is False and outlines["mark"]["aria"] is False


def test_deprivation_map_refuses_a_topology_without_the_layer(fixture_con):
    lsoas = geo.lsoa_frame(
        queries.gm_lsoa_deprivation(fixture_con, domain="Index of Multiple Deprivation")
    )
    with pytest.raises(ChartDataError, match="gm_lsoa11"):
        maps.deprivation_map(
            {"type": "Topology", "objects": {}, "arcs": []},
            lsoas,
            BOROUGH_OUTLINES,
            LABELS,
            domain="Income",
            attribution=[],
            description="d",
            ranked=32_844,
        )
    with pytest.raises(ChartDataError, match="rank"):
        maps.deprivation_map(
            _topology(lsoas["area_code"].tolist()),
            lsoas.drop(columns="rank"),
            BOROUGH_OUTLINES,
            LABELS,
            domain="Income",
            attribution=[],
            description="d",
            ranked=32_844,
        )


def test_maps_refuse_features_without_properties():
    with pytest.raises(ChartDataError, match="category"):
        maps.borough_map(
            [{"type": "Feature", "geometry": None, "properties": {}}],
            [],
            scheme="benchmark",
            legend_title="x",
            title="t",
            period="p",
            polarity="high_good",
            comparator_name="England",
            attribution=[],
            illustrative=False,
            description="d",
        )


def test_pyramid_chart_names_sources_and_years(fixture_con):
    cells = queries.population_pyramid(fixture_con, area_code="E08000003", year=2020)
    borough = demographics.pyramid_bands(cells, "Manchester")
    england = demographics.pyramid_bands(
        queries.population_pyramid(fixture_con, area_code="E92000001", year=2020), "England"
    )
    chart = demo_charts.pyramid_chart(borough, england, description="d")
    spec = chart.to_dict()
    assert spec["description"] == "d"
    assert "ONS mid-2020 estimate" in spec["title"]["subtitle"][0]
    assert spec["layer"][0]["encoding"]["x"]["field"] == "signed_share"
    with pytest.raises(ChartDataError):
        demo_charts.pyramid_chart(borough.drop(columns="share"), england, description="d")


def test_census_and_decile_charts(fixture_con):
    rows = queries.census_topic(fixture_con, topic="ethnic_group", measure="count")
    view = demographics.census_comparison(rows, "E08000003")
    spec = demo_charts.census_chart(view, title="Ethnic group", description="d").to_dict()
    assert (
        "TS021" in spec["title"]["subtitle"][0] and "21 March 2021" in spec["title"]["subtitle"][0]
    )
    counts = queries.lsoa_decile_counts(
        fixture_con, area_codes=["E08000003"], domain="Index of Multiple Deprivation"
    )
    deciles = demographics.decile_view(counts)
    spec = demo_charts.decile_chart(deciles, domain="IMD", description="d").to_dict()
    assert spec["layer"][1]["mark"]["type"] == "rule"
    assert "England" in json.dumps(spec)
    assert "in England's most deprived 10%" in demo_charts.decile_alt_text(deciles, "IMD")
