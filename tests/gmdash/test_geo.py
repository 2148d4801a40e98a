"""gmdash.geo: boundaries as valid GeoJSON, every borough matched, loud failures, map colouring."""

from __future__ import annotations

import pandas as pd
import pytest

from gmdash import geo

GM_CODES = [f"E080000{n:02d}" for n in range(1, 11)]


def _boroughs(values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": GM_CODES,
            "area_name": [f"B{i}" for i in range(10)],
            "period": "2023/24",
            "value": values,
            "lci95": [v - 1 if v else None for v in values],
            "uci95": [v + 1 if v else None for v in values],
            "lci998": [v - 1.5 if v else None for v in values],
            "uci998": [v + 1.5 if v else None for v in values],
            "suppressed": False,
            "suppression_note": "",
        }
    )


def test_features_are_valid_geojson_with_every_borough():
    features = geo.features(geo.read_layer("gm_boroughs"), _boroughs([5.0] * 10))
    assert sorted(f["properties"]["area_code"] for f in features) == GM_CODES
    for feature in features:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert feature["properties"]["value"] == 5.0


def test_unmatched_codes_fail_loudly_naming_them():
    frame = pd.concat(
        [_boroughs([1.0] * 10), pd.DataFrame({"area_code": ["E99999999"], "value": [1.0]})]
    )
    with pytest.raises(geo.UnmatchedAreas, match="E99999999"):
        geo.features(geo.read_layer("gm_boroughs"), frame)
    with pytest.raises(geo.UnmatchedAreas, match="E08000010"):
        geo.features(geo.read_layer("gm_boroughs"), _boroughs([1.0] * 10).iloc[:9])


def test_missing_values_become_null():
    features = geo.features(geo.read_layer("gm_boroughs"), _boroughs([None, *[2.0] * 9]))
    assert features[0]["properties"]["value"] is None


def test_attribution_is_read_from_the_parquet_metadata():
    text = geo.attribution("gm_boroughs")
    assert "Office for National Statistics" in text and "2023" in text
    lines = geo.attribution_lines([text, geo.attribution("england_districts")])
    assert lines[0].startswith("Source: Office for National Statistics")
    assert sum(line.startswith("Contains OS data") for line in lines) == 2


def test_context_is_clipped_around_gm():
    context = geo.context_features(geo.read_layer("gm_boroughs"))
    codes = {f["properties"]["area_code"] for f in context}
    assert "E08000003" in codes and "E06000001" not in codes  # Manchester in, Hartlepool out


def test_quintiles_name_their_reference_set():
    areas = pd.DataFrame(
        {
            "area_code": [f"E0{i}" for i in range(12)],
            "value": [float(i) for i in range(12)],
            "tier": ["county"] * 2 + ["district"] * 10,
            "is_gm": [False] * 12,
            "region_name": ["North West"] * 12,
        }
    )
    chosen, title = geo.quintile_reference(areas)
    assert len(chosen) == 10
    assert title == "Quintile among 10 North West lower-tier local authorities"
    only_gm = areas.assign(is_gm=True)
    assert "only they have data" in geo.quintile_reference(only_gm)[1]


def test_benchmark_colouring_and_suppressed_value_label():
    frame = _boroughs([1.0, 10.0, *[5.0] * 8])
    frame.loc[
        2, ["value", "lci95", "uci95", "lci998", "uci998", "suppressed", "suppression_note"]
    ] = (None, None, None, None, None, True, "count between 1 and 4")
    out, title = geo.map_categories(
        frame,
        scheme="benchmark",
        unit="%",
        polarity="high_good",
        comparator_value=5.0,
        comparator_name="England",
    )
    assert title == "Compared with England"
    assert list(out["category"][:3]) == ["worse", "better", "not compared"]
    assert out["value_label"].iloc[2] == "suppressed (count between 1 and 4)"
    assert out["value_label"].iloc[0] == "1.0% (95% CI 0.0 to 2.0)"


def test_lsoa_frame_labels_decile_one_as_most_deprived():
    lsoas = pd.DataFrame(
        {
            "lsoa_code": ["E01"],
            "lsoa_name": ["A 001A"],
            "area_code": ["E08"],
            "area_name": ["A"],
            "rank": [12],
            "decile": [1],
            "population_2015": [1500.0],
        }
    )
    out = geo.lsoa_frame(lsoas)
    assert out["decile_label"].iloc[0] == "1 – most deprived 10%"
    assert out["rank_label"].iloc[0] == "12 of 32,844 (1 = most deprived)"


def test_quintile_areas_query(fixture_con):
    from gmdash import queries

    rows = queries.quintile_areas(fixture_con, indicator_id="completions_opiate", period="2019/20")
    assert len(rows) == 11  # ten boroughs and Hartlepool, not England
    hartlepool = rows[rows["area_code"] == "E06000001"].iloc[0]
    assert hartlepool["region_name"] == "North East" and not hartlepool["is_gm"]
