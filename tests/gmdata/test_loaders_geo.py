"""Boundary loaders on the real ONS files: counts, CRS, validity, simplification and determinism."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest

from gmcore.schema import BOUNDARIES, GM_BOROUGHS
from gmdata.errors import SourceError
from gmdata.loaders import geo

Loader = Callable[[Path], gpd.GeoDataFrame]
LOADERS: dict[str, tuple[Loader, int]] = {
    "gm_boroughs": (geo.load_gm_boroughs, 10),
    "gm_lsoa11": (geo.load_gm_lsoa11, 1673),
    "england_districts": (geo.load_england_districts, 309),
}


@pytest.fixture(scope="module")
def layers(raw_dir: Path) -> dict[str, gpd.GeoDataFrame]:
    return {name: load(raw_dir / "geo") for name, (load, _) in LOADERS.items()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", list(LOADERS))
def test_shape_of_each_layer(layers: dict[str, gpd.GeoDataFrame], name: str) -> None:
    gdf = layers[name]
    assert len(gdf) == LOADERS[name][1]
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert list(gdf.columns[:2]) == ["area_code", "area_name"]
    assert gdf["area_code"].is_unique
    assert gdf["area_code"].tolist() == sorted(gdf["area_code"])
    assert gdf.geometry.is_valid.all()
    assert not gdf.geometry.is_empty.any()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}
    assert gdf.attrs["attribution"] == geo.attribution(name)
    assert name in BOUNDARIES


@pytest.mark.parametrize("name", ["gm_boroughs", "gm_lsoa11"])
def test_gm_bounds(layers: dict[str, gpd.GeoDataFrame], name: str) -> None:
    minx, miny, maxx, maxy = layers[name].total_bounds
    assert -2.8 < minx < maxx < -1.9
    assert 53.3 < miny < maxy < 53.7


def test_england_bounds(layers: dict[str, gpd.GeoDataFrame]) -> None:
    minx, miny, maxx, maxy = layers["england_districts"].total_bounds
    assert minx > -6.5 and maxx < 1.8 and miny > 49.8 and maxy < 55.9
    assert layers["england_districts"]["area_code"].str.startswith("E").all()
    assert set(GM_BOROUGHS) <= set(layers["england_districts"]["area_code"])


def test_boroughs_named(layers: dict[str, gpd.GeoDataFrame]) -> None:
    boroughs = layers["gm_boroughs"].set_index("area_code")
    assert boroughs["area_name"].to_dict() == GM_BOROUGHS
    labels = gpd.points_from_xy(boroughs["label_lon"], boroughs["label_lat"], crs="EPSG:4326")
    assert boroughs.geometry.values.contains(labels).all()


def test_lsoas_carry_their_borough(layers: dict[str, gpd.GeoDataFrame]) -> None:
    lsoas = layers["gm_lsoa11"]
    assert lsoas["area_code"].str.startswith("E01").all()
    assert set(lsoas["lad_code"]) == set(GM_BOROUGHS)
    # The LSOA name starts with its borough's name ("Bolton 005A"), a check on the lookup.
    borough = lsoas["lad_code"].map(GM_BOROUGHS)
    assert all(n.startswith(b) for n, b in zip(lsoas["area_name"], borough, strict=True))


def test_simplification_keeps_borough_areas(
    raw_dir: Path, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    original = gpd.read_file(raw_dir / "geo" / geo.GM_LAD_FILE).set_index("area_code")
    before = original.to_crs("EPSG:27700").area
    after = layers["gm_boroughs"].set_index("area_code").to_crs("EPSG:27700").area
    change = (after / before.loc[after.index] - 1).abs()
    assert change.max() < 0.01


def test_simplification_reduces_districts(
    raw_dir: Path, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    original = gpd.read_file(raw_dir / "geo" / geo.ENGLAND_LAD_FILE)
    original = original[original["LAD21CD"].str.startswith("E")]
    vertices = layers["england_districts"].count_coordinates().sum()
    assert vertices < original.count_coordinates().sum()


@pytest.mark.parametrize(
    ("name", "limit"),
    [("gm_boroughs", 300_000), ("gm_lsoa11", 1_500_000), ("england_districts", 1_500_000)],
)
def test_write_is_deterministic_and_small(
    tmp_path: Path, layers: dict[str, gpd.GeoDataFrame], name: str, limit: int
) -> None:
    first, second = tmp_path / "a" / f"{name}.parquet", tmp_path / "b" / f"{name}.parquet"
    geo.write_geoparquet(layers[name], first)
    geo.write_geoparquet(layers[name].sample(frac=1, random_state=1), second)
    assert sha256(first) == sha256(second)
    assert first.stat().st_size < limit
    assert geo.read_attribution(first) == geo.attribution(name)
    back = gpd.read_parquet(first)
    assert back.crs is not None and back.crs.to_epsg() == 4326
    assert back["area_code"].tolist() == layers[name]["area_code"].tolist()
    assert back.geometry.geom_equals_exact(layers[name].geometry, tolerance=0).all()


def test_write_refuses_geometry_without_attribution(
    tmp_path: Path, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    bare = layers["gm_boroughs"].copy()
    bare.attrs = {}
    with pytest.raises(ValueError, match="attribution"):
        geo.write_geoparquet(bare, tmp_path / "x.parquet")


def test_attribution_years() -> None:
    assert geo.attribution("gm_boroughs").endswith("database right 2023")
    assert geo.attribution("england_districts").endswith("database right 2021")
    assert geo.ATTRIBUTION.startswith("Source: Office for National Statistics")


def copy_with(raw_dir: Path, tmp_path: Path, name: str, edit: Callable[[dict], None]) -> Path:
    """A copy of the GM geo folder with one GeoJSON file edited."""
    folder = tmp_path / "geo"
    folder.mkdir()
    shutil.copy(raw_dir / "geo" / geo.GM_LSOA11_LOOKUP, folder)
    data = json.loads((raw_dir / "geo" / name).read_text(encoding="utf-8"))
    edit(data)
    (folder / name).write_text(json.dumps(data), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", list(LOADERS))
def test_missing_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(SourceError, match="file not found"):
        LOADERS[name][0](tmp_path)


def test_not_geojson(tmp_path: Path) -> None:
    (tmp_path / geo.GM_LAD_FILE).write_text("this is not json", encoding="utf-8")
    with pytest.raises(SourceError, match="not valid GeoJSON") as info:
        geo.load_gm_boroughs(tmp_path)
    assert info.value.path.name == geo.GM_LAD_FILE


def test_nine_boroughs(raw_dir: Path, tmp_path: Path) -> None:
    def drop_wigan(data: dict) -> None:
        data["features"] = [
            f for f in data["features"] if f["properties"]["area_code"] != "E08000010"
        ]

    folder = copy_with(raw_dir, tmp_path, geo.GM_LAD_FILE, drop_wigan)
    with pytest.raises(SourceError, match=r"found 9 features.*E08000010"):
        geo.load_gm_boroughs(folder)


def test_missing_area_code_property(raw_dir: Path, tmp_path: Path) -> None:
    def rename(data: dict) -> None:
        for feature in data["features"]:
            feature["properties"]["code"] = feature["properties"].pop("area_code")

    folder = copy_with(raw_dir, tmp_path, geo.GM_LSOA11_FILE, rename)
    with pytest.raises(SourceError, match="area_code"):
        geo.load_gm_lsoa11(folder)


def test_lsoa_missing_from_lookup(raw_dir: Path, tmp_path: Path) -> None:
    def recode(data: dict) -> None:
        data["features"][0]["properties"]["area_code"] = "E01999999"

    folder = copy_with(raw_dir, tmp_path, geo.GM_LSOA11_FILE, recode)
    with pytest.raises(SourceError, match="E01999999"):
        geo.load_gm_lsoa11(folder)


def test_blank_area_code(raw_dir: Path, tmp_path: Path) -> None:
    def blank(data: dict) -> None:
        data["features"][3]["properties"]["area_code"] = " "

    folder = copy_with(raw_dir, tmp_path, geo.GM_LAD_FILE, blank)
    with pytest.raises(SourceError, match="no area code"):
        geo.load_gm_boroughs(folder)


# d3-geo, which Vega draws maps with, reads an exterior ring that runs anticlockwise as the whole
# sphere outside it: one such ring among the neighbourhoods filled the map with a single colour.
@pytest.mark.parametrize("name", ["gm_boroughs", "gm_lsoa11"])
def test_every_ring_of_the_served_maps_winds_as_d3_draws_it(data_dir: Path, name: str) -> None:
    topology = json.loads((data_dir / "static" / f"{name}.topojson").read_text())
    rings = geo.ring_areas(topology)
    assert len(rings) >= {"gm_boroughs": 10, "gm_lsoa11": 1673}[name]
    wrong = [(id_, exterior) for id_, exterior, area in rings if (area > 0) == exterior]
    assert not wrong, f"rings the browser would draw inside out: {wrong[:5]}"


def test_a_ring_turned_the_wrong_way_is_walked_backwards() -> None:
    # Two unit squares side by side sharing the edge x=1 (arc 1). "A" runs clockwise (arc 0 then
    # arc 1), as d3 needs; "B" runs anticlockwise (arc 2 then arc 1).
    arcs = [
        [[1, 0], [-1, 0], [0, 1], [1, 0]],  # (1,0) (0,0) (0,1) (1,1): delta-encoded
        [[1, 1], [0, -1]],  # (1,1) to (1,0)
        [[1, 0], [1, 0], [0, 1], [-1, 0]],  # (1,0) (2,0) (2,1) (1,1)
    ]
    built = {
        "arcs": arcs,
        "objects": {
            "squares": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "A", "arcs": [[0, 1]]},
                    {"type": "Polygon", "id": "B", "arcs": [[2, 1]]},
                ],
            }
        },
    }
    assert [(i, e, a > 0) for i, e, a in geo.ring_areas(built)] == [
        ("A", True, False),
        ("B", True, True),
    ]
    geo.wind_for_d3(built)
    geometries = built["objects"]["squares"]["geometries"]  # type: ignore[index]
    assert geometries[0]["arcs"] == [[0, 1]]
    assert geometries[1]["arcs"] == [[~1, ~2]]
    assert [a > 0 for _, _, a in geo.ring_areas(built)] == [False, False]
