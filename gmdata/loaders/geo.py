"""Boundary loaders: repaired, simplified EPSG:4326 GeoDataFrames and deterministic GeoParquet."""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely
from shapely.geometry.base import BaseGeometry
from topojson.core.topology import Topology

from gmcore.schema import GM_BOROUGHS
from gmdata.errors import SourceError
from gmdata.io import read_csv_checked

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right {year}"
)
# Boundary vintage of each layer in schema.BOUNDARIES, used for the copyright year.
VINTAGES = {"gm_boroughs": 2023, "gm_lsoa11": 2011, "england_districts": 2021}

GM_LAD_FILE = "gm_lad_dec2023_bgc.geojson"
GM_LSOA11_FILE = "gm_lsoa_2011_bgc.geojson"
GM_LSOA11_LOOKUP = "gm_lookup_oa11_lsoa11_msoa11_lad.csv"
ENGLAND_LAD_FILE = "uk_lad_dec2021_buc_bng.geojson"
GM_LSOA11_COUNT = 1673
ENGLAND_LAD_COUNT = 309

WGS84 = "EPSG:4326"
BNG = "EPSG:27700"
# Simplification tolerances in each source's own CRS units. Each polygon is simplified alone,
# so neighbours can part by up to the tolerance: kept well under what a map shows at its zoom.
GM_LAD_TOLERANCE_DEG = 0.0001  # ~7-11 m at 53.5°N
GM_LSOA_TOLERANCE_DEG = 0.0001  # the tiniest LSOAs change area by up to ~2%
ENGLAND_LAD_TOLERANCE_M = 500.0  # BUC outlines are already generalised to 500 m
# 1e-5 degrees ≈ 1 m: compact, and rounding makes the output independent of float noise.
GRID_DEG = 1e-5
# The neighbourhood map's TopoJSON: the LSOAs simplified together (shared borders move as one,
# so no gaps open) to about 35-55 m, under one screen pixel (≈ 80 m) of the map at its size, and
# quantised to a 10,000 × 10,000 grid over GM (≈ 4-6 m).
TOPOLOGY_TOLERANCE_DEG = 0.0005
TOPOLOGY_QUANTIZATION = 10_000
PARQUET_COMPRESSION = "zstd"


def attribution(layer: str) -> str:
    """The ONS/OS attribution line for a boundary layer named as in schema.BOUNDARIES."""
    return ATTRIBUTION.format(year=VINTAGES[layer])


def _read_geojson(path: Path) -> gpd.GeoDataFrame:
    """Read a GeoJSON file, turning every failure into a SourceError that names it."""
    if not path.exists():
        raise SourceError(path, "file not found")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise SourceError(path, f"not valid GeoJSON: {exc}") from exc
    if frame.crs is None:
        raise SourceError(path, "no coordinate reference system")
    return frame


def _require(frame: pd.DataFrame, columns: list[str], path: Path) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SourceError(path, f"missing feature propert(ies) {missing}")


def _check_codes(codes: pd.Series, path: Path) -> pd.Series:
    """Strip codes and fail on a blank or repeated one."""
    codes = codes.astype("string").str.strip()
    blank = codes.isna() | (codes == "")
    if blank.any():
        raise SourceError(path, f"feature {int(np.argmax(blank.to_numpy()))} has no area code")
    repeated = codes[codes.duplicated()]
    if not repeated.empty:
        raise SourceError(path, f"area code {repeated.iloc[0]} appears more than once")
    return codes


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygon parts: make_valid and set_precision can leave stray lines and points."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _prepare(frame: gpd.GeoDataFrame, tolerance: float, path: Path) -> gpd.GeoDataFrame:
    """Repair, simplify in the source CRS, reproject to WGS84, snap to the 1 m grid, sort."""
    geometry = shapely.make_valid(frame.geometry.values)
    geometry = np.array([_polygonal(g) for g in geometry], dtype=object)
    geometry = shapely.simplify(geometry, tolerance, preserve_topology=True)
    out = gpd.GeoDataFrame(frame.drop(columns="geometry"), geometry=geometry, crs=frame.crs)
    out = out.to_crs(WGS84)
    # set_precision keeps output valid but may leave collapsed slivers as lines: drop them.
    snapped = shapely.set_precision(out.geometry.values, GRID_DEG)
    out["geometry"] = [_polygonal(shapely.make_valid(g)) for g in snapped]
    bad = out.geometry.is_empty | ~out.geometry.is_valid
    if bad.any():
        raise SourceError(path, f"area {out.loc[bad, 'area_code'].iloc[0]} has no usable polygon")
    return out.sort_values("area_code").reset_index(drop=True)


def _finish(frame: gpd.GeoDataFrame, layer: str) -> gpd.GeoDataFrame:
    for column in frame.columns:
        if column != "geometry" and frame[column].dtype != "float64":
            frame[column] = frame[column].astype("string")
    frame.attrs["attribution"] = attribution(layer)
    frame.attrs["layer"] = layer
    return frame


def _label_point(frame: pd.DataFrame, lon: str, lat: str, path: Path) -> pd.DataFrame:
    """The ONS label point (a lon/lat inside the area, for map labels), rounded like the shapes."""
    out = pd.DataFrame(index=frame.index)
    for source, target in ((lon, "label_lon"), (lat, "label_lat")):
        values = pd.to_numeric(frame[source], errors="coerce")
        if values.isna().any():
            raise SourceError(path, f"property {source!r} is missing or not a number")
        out[target] = values.round(5).astype("float64")
    return out


def load_gm_boroughs(geo_dir: Path) -> gpd.GeoDataFrame:
    """The ten GM boroughs (LAD Dec 2023 BGC): area_code, area_name, label_lon/lat, geometry."""
    path = Path(geo_dir) / GM_LAD_FILE
    raw = _read_geojson(path)
    _require(raw, ["area_code", "area_name", "lon", "lat"], path)
    codes = _check_codes(raw["area_code"], path)
    if set(codes) != set(GM_BOROUGHS):
        missing = sorted(set(GM_BOROUGHS) - set(codes))
        extra = sorted(set(codes) - set(GM_BOROUGHS))
        raise SourceError(
            path,
            f"expected the 10 GM boroughs, found {len(codes)} features "
            f"(missing {missing}, unexpected {extra})",
        )
    frame = gpd.GeoDataFrame(
        {"area_code": codes, "area_name": raw["area_name"].astype("string").str.strip()},
        geometry=raw.geometry,
        crs=raw.crs,
    ).join(_label_point(raw, "lon", "lat", path))
    out = _prepare(frame, GM_LAD_TOLERANCE_DEG, path)
    return _finish(
        out[["area_code", "area_name", "label_lon", "label_lat", "geometry"]], "gm_boroughs"
    )


def load_gm_lsoa11(geo_dir: Path) -> gpd.GeoDataFrame:
    """GM's 1,673 LSOAs (2011, BGC): area_code (LSOA11), area_name, lad_code, geometry."""
    path = Path(geo_dir) / GM_LSOA11_FILE
    raw = _read_geojson(path)
    _require(raw, ["area_code", "area_name"], path)
    codes = _check_codes(raw["area_code"], path)
    if len(codes) != GM_LSOA11_COUNT:
        raise SourceError(path, f"expected {GM_LSOA11_COUNT} GM LSOAs, found {len(codes)}")

    lookup_path = Path(geo_dir) / GM_LSOA11_LOOKUP
    lookup = read_csv_checked(lookup_path, ["lsoa11cd", "lad11cd"])
    lad_of = lookup[["lsoa11cd", "lad11cd"]].apply(lambda s: s.str.strip()).drop_duplicates()
    if lad_of["lsoa11cd"].duplicated().any():
        raise SourceError(lookup_path, "an LSOA maps to more than one district")
    lad_code = codes.map(dict(zip(lad_of["lsoa11cd"], lad_of["lad11cd"], strict=True)))
    unmatched = codes[lad_code.isna()]
    if not unmatched.empty:
        raise SourceError(lookup_path, f"LSOA {unmatched.iloc[0]} is not in the lookup")
    outside = sorted(set(lad_code) - set(GM_BOROUGHS))
    if outside:
        raise SourceError(lookup_path, f"LSOAs map to non-GM district(s) {outside}")

    frame = gpd.GeoDataFrame(
        {
            "area_code": codes,
            "area_name": raw["area_name"].astype("string").str.strip(),
            "lad_code": lad_code,
        },
        geometry=raw.geometry,
        crs=raw.crs,
    )
    out = _prepare(frame, GM_LSOA_TOLERANCE_DEG, path)
    return _finish(out[["area_code", "area_name", "lad_code", "geometry"]], "gm_lsoa11")


def load_england_districts(geo_dir: Path) -> gpd.GeoDataFrame:
    """England's 309 districts (LAD Dec 2021 BUC): area_code, area_name, label_lon/lat, geometry."""
    path = Path(geo_dir) / ENGLAND_LAD_FILE
    raw = _read_geojson(path)
    _require(raw, ["LAD21CD", "LAD21NM", "LONG", "LAT"], path)
    if raw.crs is None or raw.crs.to_epsg() != 27700:
        raise SourceError(path, f"expected British National Grid (EPSG:27700), found {raw.crs}")
    codes = _check_codes(raw["LAD21CD"], path)
    england = codes.str.startswith("E").fillna(False).to_numpy(dtype=bool)
    if int(england.sum()) != ENGLAND_LAD_COUNT:
        raise SourceError(
            path, f"expected {ENGLAND_LAD_COUNT} English districts, found {int(england.sum())}"
        )
    raw = raw[england]
    frame = gpd.GeoDataFrame(
        {"area_code": codes[england], "area_name": raw["LAD21NM"].astype("string").str.strip()},
        geometry=raw.geometry,
        crs=raw.crs,
    ).join(_label_point(raw, "LONG", "LAT", path))
    out = _prepare(frame, ENGLAND_LAD_TOLERANCE_M, path)
    return _finish(
        out[["area_code", "area_name", "label_lon", "label_lat", "geometry"]], "england_districts"
    )


def write_geoparquet(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write GeoParquet byte-for-byte reproducibly, with the attribution in the file metadata.

    The attribution comes from gdf.attrs["attribution"] (set by the loaders); geometry without
    it is refused, because the licence requires it wherever the boundaries are shown.
    """
    text = gdf.attrs.get("attribution")
    if not text:
        raise ValueError("boundaries carry no attribution (gdf.attrs['attribution'])")
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise ValueError(f"boundaries must be EPSG:4326, not {gdf.crs}")
    ordered = gdf.sort_values("area_code", kind="stable").reset_index(drop=True)
    ordered.attrs = {}
    # geopandas adds no timestamps, but pin the GeoParquet version and drop the bbox column
    # so that the bytes depend only on the data and the library versions.
    buffer = io.BytesIO()
    ordered.to_parquet(buffer, index=False, schema_version="1.1.0", write_covering_bbox=False)
    table = pq.read_table(io.BytesIO(buffer.getvalue()))
    metadata = dict(table.schema.metadata or {})
    metadata[b"attribution"] = text.encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table.replace_schema_metadata(metadata),
        path,
        compression=PARQUET_COMPRESSION,
        write_statistics=True,
    )


def topology(gdf: gpd.GeoDataFrame, layer: str) -> dict[str, object]:
    """The layer as TopoJSON for a map the browser draws: one object named `layer`.

    Each geometry's `id` is its area code (the map joins its data on it); borders two areas
    share are stored once, coordinates are quantised and delta-encoded, and the attribution
    travels in the file as a foreign member.
    """
    if gdf.crs is None or gdf.crs.to_epsg() != 4326:
        raise ValueError(f"boundaries must be EPSG:4326, not {gdf.crs}")
    ordered = gdf.sort_values("area_code", kind="stable").reset_index(drop=True)
    simple = gpd.GeoDataFrame(
        {"area_code": ordered["area_code"].astype(str)},
        geometry=shapely.coverage_simplify(ordered.geometry.values, TOPOLOGY_TOLERANCE_DEG),
        crs=gdf.crs,
    )
    built = Topology(
        simple, prequantize=TOPOLOGY_QUANTIZATION, topology=True, object_name=layer
    ).to_dict()
    for geometry in built["objects"][layer]["geometries"]:
        geometry["id"] = geometry.pop("properties")["area_code"]
    wind_for_d3(built)
    built["attribution"] = attribution(layer)
    return dict(built)


def _decoded_arcs(built: dict[str, Any]) -> list[np.ndarray]:
    """The topology's arcs in quantised units (its delta encoding undone)."""
    return [np.cumsum(np.asarray(arc, dtype=np.int64), axis=0) for arc in built["arcs"]]


def _signed_area(arcs: list[np.ndarray], ring: list[int]) -> int:
    """Twice a ring's area in quantised units: positive when it runs anticlockwise (x east,
    y north). An arc index ~i is arc i walked backwards."""
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in ring]
    xy = np.concatenate([parts[0], *(part[1:] for part in parts[1:])])
    x, y = xy[:, 0], xy[:, 1]
    return int(np.sum(x[:-1] * y[1:] - x[1:] * y[:-1]))


def _polygons(built: dict[str, Any]) -> Iterator[tuple[str, list[list[int]]]]:
    """Each polygon of every object's geometries, with its geometry's id."""
    for obj in built["objects"].values():
        for geometry in obj["geometries"]:
            multi = geometry["type"] == "MultiPolygon"
            for polygon in geometry["arcs"] if multi else [geometry["arcs"]]:
                yield str(geometry["id"]), polygon


def ring_areas(built: dict[str, Any]) -> list[tuple[str, bool, int]]:
    """Each polygon ring of a quantised topology: its geometry's id, whether it is an exterior
    ring, and its signed area (`_signed_area`)."""
    arcs = _decoded_arcs(built)
    return [
        (id_, n == 0, _signed_area(arcs, ring))
        for id_, polygon in _polygons(built)
        for n, ring in enumerate(polygon)
    ]


def wind_for_d3(built: dict[str, Any]) -> None:
    """Turn every ring of a quantised topology the way the browser's map needs it, in place.

    Vega draws maps with d3-geo, which reads a ring on the sphere: an exterior ring must run
    clockwise and a hole anticlockwise, or the polygon is everything outside it. Quantising can
    turn a sliver of a few hundred square metres the other way (4 of Greater Manchester's 1,673
    neighbourhoods), and one such ring filled the whole neighbourhood map with its colour. A
    ring is turned by walking its arcs backwards, so the borders it shares are unchanged.
    """
    arcs = _decoded_arcs(built)
    for _, polygon in _polygons(built):
        for n, ring in enumerate(polygon):
            area = _signed_area(arcs, ring)
            if area != 0 and (area > 0) == (n == 0):
                polygon[n] = [~i for i in reversed(ring)]


def write_topojson(gdf: gpd.GeoDataFrame, layer: str, path: Path) -> None:
    """Write `topology(gdf, layer)` as compact JSON, byte-for-byte reproducibly."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(topology(gdf, layer), sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def read_attribution(path: Path) -> str:
    """The attribution stored in a GeoParquet file written by write_geoparquet."""
    metadata = pq.read_schema(path).metadata or {}
    value = metadata.get(b"attribution")
    if not isinstance(value, bytes):
        raise SourceError(path, "GeoParquet file has no attribution metadata")
    return value.decode("utf-8")
