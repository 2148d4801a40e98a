"""Map data: GeoParquet boundaries as GeoJSON features with data joined, and map colouring."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from gmcore import stats
from gmcore.schema import MAP_TOPOLOGIES
from gmdash import db
from gmdash.analysis import add_benchmarks
from gmdata.loaders.geo import read_attribution

LAYERS = ("gm_boroughs", "gm_lsoa11", "england_districts")
# Margin (degrees) around GM for the grey context districts: enough to show the neighbours
# (Lancashire, Cheshire, West Yorkshire, the Peak) without shrinking GM on screen.
CONTEXT_MARGIN_LON = 0.12
CONTEXT_MARGIN_LAT = 0.07
BENCHMARK_SCHEME = "benchmark"
QUINTILE_SCHEME = "quintiles"
SCHEMES = (BENCHMARK_SCHEME, QUINTILE_SCHEME)
SCHEME_NAMES = {BENCHMARK_SCHEME: "Benchmark", QUINTILE_SCHEME: "Quintiles"}
NOT_COMPARED = "not compared"
# IoD 2019 ranks the 32,844 English 2011 LSOAs (rank 1 = most deprived).
LSOAS_IN_ENGLAND_2019 = 32_844
DEFAULT_DOMAIN = "Index of Multiple Deprivation"
# Only these columns travel to the browser with each borough's shape.
MAP_PROPERTIES = (
    "area_code",
    "area_name",
    "period",
    "value",
    "lci95",
    "uci95",
    "value_label",
    "category",
    "category_note",
    "suppressed",
    "is_illustrative",
)
DECILE_LABELS = {d: f"{d}" for d in range(1, 11)} | {
    1: "1 – most deprived 10%",
    10: "10 – least deprived 10%",
}


class UnmatchedAreas(ValueError):
    """A map was given area codes its boundaries do not have (or boundaries without data)."""


def topology_path(layer: str) -> Path:
    """The TopoJSON file the data build writes for a layer the browser draws (MAP_TOPOLOGIES)."""
    if layer not in MAP_TOPOLOGIES:
        raise KeyError(f"no TopoJSON for layer {layer!r}; there is one for {list(MAP_TOPOLOGIES)}")
    return db.data_dir() / MAP_TOPOLOGIES[layer]


@functools.cache
def _topology(path: Path) -> dict[str, Any]:
    # Built data, read once per file; callers only read it (charts copy what they keep).
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def read_topology(layer: str) -> dict[str, Any]:
    """A layer's TopoJSON (one object named after the layer, each geometry's id its area code)."""
    return _topology(topology_path(layer))


def topology_codes(topology: dict[str, Any], layer: str) -> list[str]:
    """The area codes of a TopoJSON object's geometries, in file order."""
    return [str(g["id"]) for g in topology["objects"][layer]["geometries"]]


def layer_path(layer: str) -> Path:
    """The GeoParquet file of a boundary layer."""
    if layer not in LAYERS:
        raise KeyError(f"no boundary layer {layer!r}; layers are {list(LAYERS)}")
    return db.data_dir() / "boundaries" / f"{layer}.parquet"


@functools.cache
def _layer(path: Path) -> gpd.GeoDataFrame:
    # Boundaries are built data that never change while the app runs: read each file once.
    frame = gpd.read_parquet(path)
    return frame.sort_values("area_code").reset_index(drop=True)


def read_layer(layer: str) -> gpd.GeoDataFrame:
    """One boundary layer (EPSG:4326, simplified at build time), sorted by area code.

    A copy of the cached layer, so a caller's changes never reach the next caller.
    """
    return _layer(layer_path(layer)).copy()


def attribution(layer: str) -> str:
    """The ONS/OS attribution line stored in the layer's GeoParquet metadata."""
    return read_attribution(layer_path(layer))


def attribution_lines(texts: Iterable[str]) -> list[str]:
    """Attribution texts split into short lines (for drawing on a map), repeats dropped."""
    lines: dict[str, None] = {}
    for text in texts:
        for part in text.replace(". Contains", ".\nContains").split("\n"):
            lines.setdefault(part.strip(), None)
    return [line for line in lines if line]


def _json_value(value: Any) -> Any:
    """A property value JSON can carry: missing numbers become null, numpy scalars Python."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if not isinstance(value, str | int | float | bool):
        return str(value)
    return value


def features(
    boundaries: gpd.GeoDataFrame,
    frame: pd.DataFrame,
    *,
    code_column: str = "area_code",
    require_all: bool = True,
    geojson: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """GeoJSON features of `boundaries` with each area's row of `frame` merged into properties.

    Fails loudly, naming the codes, when `frame` has an area the boundaries lack, or (with
    `require_all`) when a boundary has no row: a map must never silently drop an area.
    `geojson` is `boundaries`' area codes and geometry as GeoJSON, when the caller has it already
    (_shapes); the features then share its geometry, which no one changes.
    """
    if code_column not in frame.columns:
        raise UnmatchedAreas(f"the data has no {code_column!r} column to match boundaries on")
    codes = frame[code_column].astype(str)
    if codes.duplicated().any():
        repeated = sorted(set(codes[codes.duplicated()]))
        raise UnmatchedAreas(f"area code(s) repeated in the data: {', '.join(repeated[:10])}")
    shapes = set(boundaries["area_code"].astype(str))
    unknown = sorted(set(codes) - shapes)
    if unknown:
        raise UnmatchedAreas(
            f"{len(unknown)} area code(s) have no boundary: {', '.join(unknown[:10])}"
        )
    missing = sorted(shapes - set(codes))
    if require_all and missing:
        raise UnmatchedAreas(
            f"{len(missing)} boundar(ies) have no data row: {', '.join(missing[:10])}"
        )
    data = frame.set_index(codes).drop(columns=[c for c in ("geometry",) if c in frame.columns])
    records = data.to_dict(orient="index")
    geojson = geojson if geojson is not None else _geojson(boundaries)
    out = []
    for feature in geojson["features"]:
        code = feature["properties"]["area_code"]
        row = records.get(code, {})
        properties = {"area_code": code} | {str(k): _json_value(v) for k, v in row.items()}
        out.append({"type": "Feature", "geometry": feature["geometry"], "properties": properties})
    return out


def _geojson(boundaries: gpd.GeoDataFrame) -> dict[str, Any]:
    shapes: dict[str, Any] = json.loads(boundaries[["area_code", "geometry"]].to_json(drop_id=True))
    return shapes


@functools.cache
def _shapes(path: Path) -> dict[str, Any]:
    # A layer's shapes as GeoJSON, for every map of it: serialising them was a third of a new
    # borough map's time. Only read (features copies the properties it adds, not the shapes).
    return _geojson(_layer(path))


@functools.cache
def _label_points(path: Path) -> tuple[dict[str, float], dict[str, float]]:
    points = _layer(path)
    codes = points["area_code"].astype(str)
    return dict(zip(codes, points["label_lon"], strict=True)), dict(
        zip(codes, points["label_lat"], strict=True)
    )


def context_features(around: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """England's districts clipped to a box around `around`, for a light grey backdrop."""
    minx, miny, maxx, maxy = around.total_bounds
    window = box(
        minx - CONTEXT_MARGIN_LON,
        miny - CONTEXT_MARGIN_LAT,
        maxx + CONTEXT_MARGIN_LON,
        maxy + CONTEXT_MARGIN_LAT,
    )
    districts = read_layer("england_districts")
    clipped = districts.clip(window)
    clipped = clipped[~clipped.geometry.is_empty]
    return features(clipped, clipped[["area_code", "area_name"]].copy(), require_all=True)


def quintile_reference(areas: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The areas quintiles are taken over, and their description for the legend title.

    Counties and their districts cover the same people, so they are never ranked together:
    lower-tier areas (districts with unitaries, metropolitan and London boroughs) when districts
    have values, otherwise upper-tier areas. The description names the region when all the
    areas are in one, and says when only the GM boroughs have a value.
    """
    with_value = areas[areas["value"].notna()]
    if with_value["is_gm"].astype(bool).all():
        return with_value, f"Quintile among the {len(with_value)} GM boroughs (only they have data)"
    tiers = set(with_value["tier"])
    if "district" in tiers:
        chosen = with_value[with_value["tier"] != "county"]
        tier = "lower-tier local authorities"
    elif "county" in tiers:
        chosen = with_value[with_value["tier"] != "district"]
        tier = "upper-tier local authorities"
    else:
        chosen, tier = with_value, "local authorities"
    regions = chosen["region_name"].dropna().unique()
    place = f"{regions[0]}" if len(regions) == 1 else "English"
    return chosen, f"Quintile among {len(chosen)} {place} {tier}"


def _value_label(row: pd.Series, unit: str) -> str:
    """The value with its interval in words, or why there is none (suppressed stays suppressed)."""
    if bool(row.get("suppressed", False)):
        note = row.get("suppression_note") or "small numbers"
        return f"suppressed ({note})"
    value = row.get("value")
    if value is None or pd.isna(value):
        return "no value"
    text = f"{value:,.1f}{unit}" if unit == "%" else f"{value:,.1f} {unit}"
    lower, upper = row.get("lci95"), row.get("uci95")
    if lower is not None and upper is not None and not pd.isna(lower) and not pd.isna(upper):
        text += f" (95% CI {lower:,.1f} to {upper:,.1f})"
    return text


def map_categories(
    boroughs: pd.DataFrame,
    *,
    scheme: str,
    unit: str,
    polarity: str,
    comparator_value: float | None,
    comparator_name: str,
    reference: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, str]:
    """Borough rows with the map's `category`, `category_note` and `value_label`; a legend title.

    `scheme` is "benchmark" (against the comparator, polarity-aware) or "quintiles" (over the
    `reference` areas from quintile_areas, see quintile_reference).
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown map colouring {scheme!r}; use one of {SCHEMES}")
    out = boroughs.copy()
    out["value_label"] = [_value_label(row, unit) for _, row in out.iterrows()]
    if scheme == BENCHMARK_SCHEME:
        out = add_benchmarks(out, comparator_value, polarity)
        out["category"] = out["benchmark"]
        out["category_note"] = out["benchmark_reason"]
        return out.drop(columns=["benchmark", "benchmark_level", "benchmark_reason"]), (
            f"Compared with {comparator_name}"
        )
    ref = reference if reference is not None else boroughs.assign(is_gm=True)
    chosen, title = quintile_reference(ref)
    labels = dict(zip(chosen["area_code"], stats.quintiles(chosen["value"].tolist()), strict=True))
    out["category_note"] = [labels.get(code, "not compared: no value") for code in out["area_code"]]
    out["category"] = [
        note if note in stats.QUINTILE_LABELS else NOT_COMPARED for note in out["category_note"]
    ]
    return out, title


def map_table(frame: pd.DataFrame, *, unit: str, legend_title: str) -> pd.DataFrame:
    """Every borough on the map with its value, interval and colour category, plain headings."""
    columns = {
        "area_code": "Area code",
        "area_name": "Area",
        "period": "Period",
        "value": f"Value ({unit})",
        "lci95": "95% CI lower",
        "uci95": "95% CI upper",
        "category": legend_title,
        "category_note": "Note",
        "suppression_note": "suppression_note",
        "is_illustrative": "is_illustrative",
    }
    present = [c for c in columns if c in frame.columns]
    return frame[present].rename(columns=columns).sort_values("Area").reset_index(drop=True)


def lsoa_frame(lsoas: pd.DataFrame) -> pd.DataFrame:
    """LSOA deprivation rows shaped for the map: code renamed, decile label, rank in words."""
    out = lsoas.rename(columns={"area_code": "borough_code", "area_name": "borough_name"})
    out = out.rename(columns={"lsoa_code": "area_code", "lsoa_name": "area_name"})
    out["decile_label"] = out["decile"].map(DECILE_LABELS)
    out["rank_label"] = [
        f"{int(r):,} of {LSOAS_IN_ENGLAND_2019:,} (1 = most deprived)" for r in out["rank"]
    ]
    return out[
        [
            "area_code",
            "area_name",
            "borough_code",
            "borough_name",
            "decile",
            "decile_label",
            "rank",
            "rank_label",
        ]
    ]


def lsoa_table(lsoas: pd.DataFrame) -> pd.DataFrame:
    """The LSOA map's table view: one row per LSOA, the decile and rank once each, in words."""
    return (
        lsoas[["area_code", "area_name", "borough_name", "decile", "rank"]]
        .astype({"borough_name": "category", "decile": "int8", "rank": "int32"})
        .rename(
            columns={
                "area_code": "LSOA code",
                "area_name": "LSOA",
                "borough_name": "Borough",
                "decile": "National decile (1 = most deprived 10%)",
                "rank": f"National rank of {LSOAS_IN_ENGLAND_2019:,} (1 = most deprived)",
            }
        )
        .reset_index(drop=True)
    )


def decile_order() -> Sequence[str]:
    """Decile labels from most to least deprived, for a legend."""
    return [DECILE_LABELS[d] for d in range(1, 11)]


@dataclass(frozen=True)
class MapView:
    """What a map draws: the coloured features, the context shapes and the attribution lines."""

    features: list[dict[str, Any]]
    context: list[dict[str, Any]]
    attribution: list[str]


def _with_label_points(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The frame with each borough's label point (a left join on the borough's code)."""
    lon, lat = _label_points(path)
    out = frame.drop(columns=["label_lon", "label_lat"], errors="ignore").reset_index(drop=True)
    codes = out["area_code"].astype(str)
    return out.assign(
        label_lon=codes.map(lon).astype(float), label_lat=codes.map(lat).astype(float)
    )


@functools.cache
def _gm_context(boroughs: Path) -> list[dict[str, Any]]:
    # The same clipped districts for every borough map: worked out once per extracts folder
    # (the path names it, and England's districts sit beside it), and only read by the charts,
    # which copy what they keep.
    return context_features(_layer(boroughs))


def map_view(frame: pd.DataFrame) -> MapView:
    """The borough map of a map_categories frame over England's districts around GM."""
    path = layer_path("gm_boroughs")
    boroughs = _layer(path)
    columns = [c for c in MAP_PROPERTIES if c in frame.columns]
    return MapView(
        features=features(
            boroughs, _with_label_points(frame[columns], path), geojson=_shapes(path)
        ),
        context=_gm_context(path),
        attribution=attribution_lines(
            [attribution("gm_boroughs"), attribution("england_districts")]
        ),
    )


@dataclass(frozen=True)
class NeighbourhoodView:
    """The LSOA map's drawing: the LSOAs' TopoJSON, their rows, borough outlines, attribution."""

    topology: dict[str, Any]
    lsoas: pd.DataFrame
    outlines: dict[str, Any]
    labels: pd.DataFrame
    attribution: list[str]


def lsoa_map_view(lsoas: pd.DataFrame) -> NeighbourhoodView:
    """The LSOA deprivation map of an lsoa_frame, with the borough outlines as context.

    The map joins each row to its shape by area code in the browser, so the codes are checked
    here: a row without a shape, or a shape without a row, fails loudly, naming the codes.
    """
    topology = read_topology("gm_lsoa11")
    shapes = set(topology_codes(topology, "gm_lsoa11"))
    codes = lsoas["area_code"].astype(str)
    if codes.duplicated().any():
        repeated = sorted(set(codes[codes.duplicated()]))
        raise UnmatchedAreas(f"area code(s) repeated in the data: {', '.join(repeated[:10])}")
    for what, extra in (
        ("area code(s) have no boundary", sorted(set(codes) - shapes)),
        ("boundar(ies) have no data row", sorted(shapes - set(codes))),
    ):
        if extra:
            raise UnmatchedAreas(f"{len(extra)} {what}: {', '.join(extra[:10])}")
    boroughs = read_layer("gm_boroughs")
    labels = pd.DataFrame(boroughs[["area_name", "label_lon", "label_lat"]]).rename(
        columns={"area_name": "name", "label_lon": "lon", "label_lat": "lat"}
    )
    return NeighbourhoodView(
        topology=topology,
        lsoas=lsoas[["area_code", "area_name", "borough_name", "decile", "rank"]].astype(
            {"borough_name": "category", "decile": "int8", "rank": "int32"}
        ),
        outlines=read_topology("gm_boroughs"),
        labels=labels,
        attribution=attribution_lines([attribution("gm_lsoa11"), attribution("gm_boroughs")]),
    )
