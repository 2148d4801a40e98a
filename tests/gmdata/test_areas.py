"""The AREAS table built from the real ONS TopoJSON and Fingertips hierarchy, and name matching."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from gmcore.schema import AREA_TYPES, AREAS, ENGLAND, GM_BOROUGHS, GREATER_MANCHESTER, NORTH_WEST
from gmdata.areas import build_areas, normalise_name, resolve_area_codes
from gmdata.errors import SourceError

TOPOJSON = "geo/uk_admin_areas_2014_2025_bsc.topojson"
HIERARCHY = "outcomes/fingertips_next_poc_areas_hierarchy.csv"
TABLE_PREFIXES = ("E06", "E07", "E08", "E09", "E10", "E12")


@pytest.fixture(scope="module")
def areas(raw_dir: Path) -> pd.DataFrame:
    return build_areas(raw_dir / TOPOJSON, raw_dir / HIERARCHY)


def live_districts(areas: pd.DataFrame, year: int) -> pd.DataFrame:
    lower_tier = areas["area_code"].str[:3].isin(["E06", "E07", "E08", "E09"])
    live = (areas["start_year"].isna() | (areas["start_year"] <= year)) & (
        areas["end_year"].isna() | (areas["end_year"] >= year)
    )
    return areas[lower_tier & live.astype(bool)]


def test_matches_the_contract(areas: pd.DataFrame) -> None:
    assert list(areas.columns) == list(AREAS.columns)
    assert {c: str(t) for c, t in areas.dtypes.items()} == AREAS.columns
    assert areas["area_code"].is_unique
    assert areas["area_code"].tolist() == sorted(areas["area_code"])
    assert set(areas["area_type"]) <= set(AREA_TYPES)
    assert areas[list(AREAS.not_null)].notna().all().all()


def test_is_deterministic(raw_dir: Path, areas: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(build_areas(raw_dir / TOPOJSON, raw_dir / HIERARCHY), areas)


def test_england_regions_and_gmca(areas: pd.DataFrame) -> None:
    by_code = areas.set_index("area_code")
    assert by_code.loc[ENGLAND, "area_type"] == "country"
    assert pd.isna(by_code.loc[ENGLAND, "parent_code"])
    regions = areas[areas["area_type"] == "region"]
    assert len(regions) == 9
    assert regions["area_code"].str.startswith("E12").all()
    assert (regions["parent_code"] == ENGLAND).all()
    gmca = by_code.loc[GREATER_MANCHESTER]
    assert (gmca["area_type"], gmca["tier"]) == ("combined_authority", "combined_authority")
    assert (gmca["parent_code"], gmca["region_code"]) == (NORTH_WEST, NORTH_WEST)
    assert bool(gmca["is_gm"])


def test_gm_boroughs(areas: pd.DataFrame) -> None:
    gm = areas[areas["is_gm"]].set_index("area_code")
    assert set(gm.index) == set(GM_BOROUGHS) | {GREATER_MANCHESTER}
    boroughs = gm.loc[sorted(GM_BOROUGHS)]
    assert (boroughs["parent_code"] == GREATER_MANCHESTER).all()
    assert (boroughs["region_code"] == NORTH_WEST).all()
    assert (boroughs["tier"] == "metropolitan_district").all()
    assert boroughs["area_name"].to_dict() == GM_BOROUGHS
    assert gm.loc["E08000003", "area_name"] == "Manchester"


def test_every_la_and_ca_has_a_region(areas: pd.DataFrame) -> None:
    members = areas[areas["area_type"].isin(["local_authority", "combined_authority"])]
    assert members["region_code"].str.startswith("E12").all()
    others = members[~members["is_gm"]]
    assert (others["parent_code"] == others["region_code"]).all()


@pytest.mark.parametrize(
    ("code", "tier", "region"),
    [
        ("E10000017", "county", NORTH_WEST),  # Lancashire
        ("E07000117", "district", NORTH_WEST),  # Burnley
        ("E09000001", "london_borough", "E12000007"),
        ("E06000028", "unitary", "E12000009"),  # Bournemouth, retired 2019
        ("E07000004", "district", "E12000008"),  # Aylesbury Vale, retired 2020
        ("E06000063", "unitary", NORTH_WEST),  # Cumberland, from 2023
    ],
)
def test_tiers_and_regions(areas: pd.DataFrame, code: str, tier: str, region: str) -> None:
    row = areas.set_index("area_code").loc[code]
    assert (row["tier"], row["region_code"]) == (tier, region)


def test_live_district_counts_match_provenance(areas: pd.DataFrame) -> None:
    assert len(live_districts(areas, 2019)) == 317
    assert len(live_districts(areas, 2024)) == 296


def test_retired_codes_carry_their_years(areas: pd.DataFrame) -> None:
    by_code = areas.set_index("area_code")
    assert by_code.loc["E06000028", "end_year"] == 2018
    assert by_code.loc["E06000058", "start_year"] == 2019
    assert pd.isna(by_code.loc["E08000003", "start_year"])


def test_sdg_codes_are_known(raw_dir: Path, areas: pd.DataFrame) -> None:
    sdg = next((raw_dir / "outcomes").glob("ons_sdg_3-5-1_*.csv"))
    codes = pd.read_csv(sdg, dtype=str, keep_default_na=False)["GeoCode"].str.strip()
    wanted = set(codes[codes.str.startswith(TABLE_PREFIXES)])
    assert wanted
    assert wanted <= set(areas["area_code"])


def test_drug_death_codes_are_known(raw_dir: Path, areas: pd.DataFrame) -> None:
    path = raw_dir / "outcomes" / "ons_drug_poisoning_deaths_registrations_by_la_1993_to_2020.csv"
    codes = pd.read_csv(path, dtype=str, encoding="cp1252", keep_default_na=False)["code"]
    codes = codes.str.strip()
    wanted = set(codes[codes.str.startswith(TABLE_PREFIXES)])
    assert len(wanted) > 300
    assert wanted <= set(areas["area_code"])


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Bristol, City of", "city of bristol"),
        ("  NORTH  WEST ", "north west"),
        ("King’s Lynn and West Norfolk", "king's lynn and west norfolk"),
        ("Cornwall & Isles of Scilly", "cornwall and isles of scilly"),
        ("St. Helens", "st helens"),
    ],
)
def test_normalise_name(name: str, key: str) -> None:
    assert normalise_name(name) == key


def test_resolve_fills_names_from_the_sdg_file(areas: pd.DataFrame) -> None:
    frame = pd.DataFrame(
        {
            "area_code": [pd.NA, pd.NA, pd.NA, pd.NA, pd.NA, "E08000003", ""],
            "area_name": [
                "Kent",
                "Bristol, City of",
                "Kingston upon Hull, City of",
                "Lancashire",
                "NORTH WEST ",
                "Manchester",
                "City of London",
            ],
            "value": [1, 2, 3, 4, 5, 6, 7],
        }
    )
    out = resolve_area_codes(frame, areas, "sdg.csv")
    assert out["area_code"].tolist() == [
        "E10000016",
        "E06000023",
        "E06000010",
        "E10000017",  # the county, not the 2025 combined authority of the same name
        NORTH_WEST,
        "E08000003",
        "E09000001",
    ]
    assert out["value"].tolist() == frame["value"].tolist()
    assert frame["area_code"].isna().sum() == 5  # the input is not modified


def test_resolve_uses_the_year_for_reused_names(areas: pd.DataFrame) -> None:
    frame = pd.DataFrame({"area_code": [pd.NA], "area_name": ["Dorset"]})
    with pytest.raises(SourceError, match="more than one area"):
        resolve_area_codes(frame, areas, "sdg.csv")
    assert resolve_area_codes(frame, areas, "sdg.csv", year=2015)["area_code"][0] == "E10000009"
    assert resolve_area_codes(frame, areas, "sdg.csv", year=2020)["area_code"][0] == "E06000059"


def test_resolve_unknown_name(areas: pd.DataFrame) -> None:
    frame = pd.DataFrame({"area_code": [pd.NA], "area_name": ["Bedfordshire (Discontinued)"]})
    with pytest.raises(SourceError, match=r"Bedfordshire \(Discontinued\)") as info:
        resolve_area_codes(frame, areas, "sdg.csv")
    assert info.value.path.name == "sdg.csv"


def test_resolve_unknown_code(areas: pd.DataFrame) -> None:
    frame = pd.DataFrame({"area_code": ["E08999999"], "area_name": ["Nowhere"]})
    with pytest.raises(SourceError, match="unknown area code E08999999"):
        resolve_area_codes(frame, areas, "deaths.csv")


def test_missing_topojson(tmp_path: Path, raw_dir: Path) -> None:
    with pytest.raises(SourceError, match="file not found"):
        build_areas(tmp_path / "absent.topojson", raw_dir / HIERARCHY)


def test_hierarchy_without_children(tmp_path: Path, raw_dir: Path) -> None:
    broken = tmp_path / "areas.csv"
    broken.write_text("AreaCode,AreaName,AreaType\nE92000001,England,England\n", encoding="utf-8")
    with pytest.raises(SourceError, match="Children"):
        build_areas(raw_dir / TOPOJSON, broken)


def _box(west: float, south: float, east: float, north: float) -> list[list[float]]:
    """A closed anticlockwise ring in lon/lat, as a TopoJSON arc without a transform."""
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


def _topology(layers: dict[str, list[tuple[str, list[list[float]]]]]) -> dict[str, object]:
    """A TopoJSON with one polygon per area, each on its own arc (shared borders not merged)."""
    arcs: list[list[list[float]]] = []
    objects: dict[str, object] = {}
    for layer, shapes in layers.items():
        geometries = []
        for code, ring in shapes:
            arcs.append(ring)
            geometries.append(
                {
                    "type": "Polygon",
                    "arcs": [[len(arcs) - 1]],
                    "properties": {"areacd": code, "areanm": code},
                }
            )
        objects[layer] = {"type": "GeometryCollection", "geometries": geometries}
    return {"type": "Topology", "objects": objects, "arcs": arcs}


def test_a_district_astride_two_regions_stops_the_build(tmp_path: Path, raw_dir: Path) -> None:
    # Two regions side by side at 1°W. E06000901 lies inside the western one and touches the
    # eastern one along that border; E06000902 spans 1.3°W-0.9°W, so three quarters of it lie
    # in the western region and it is the one named. The county lies well inside the western
    # region; the combined authority, half in each, is allowed to straddle.
    topology = _topology(
        {
            "ctry": [(ENGLAND, _box(-2.0, 53.0, 0.0, 54.0))],
            "rgn": [
                ("E12000901", _box(-2.0, 53.0, -1.0, 54.0)),
                ("E12000902", _box(-1.0, 53.0, 0.0, 54.0)),
            ],
            "cauth": [("E47000901", _box(-1.5, 53.0, -0.5, 53.2))],
            "utla": [("E10000901", _box(-1.9, 53.1, -1.6, 53.3))],
            "ltla": [
                ("E06000901", _box(-1.5, 53.4, -1.0, 53.6)),
                ("E06000902", _box(-1.3, 53.7, -0.9, 53.8)),
            ],
        }
    )
    path = tmp_path / "areas.topojson"
    path.write_text(json.dumps(topology), encoding="utf-8")
    with pytest.raises(SourceError, match=r"E06000902 lies only 75% inside any one region"):
        build_areas(path, raw_dir / HIERARCHY)
