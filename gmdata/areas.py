"""The AREAS table (England, regions, combined authorities, LAs 2014–2025); name→code matching."""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings
from collections.abc import Collection, Iterable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gmcore.schema import AREAS, ENGLAND, GM_BOROUGHS, GREATER_MANCHESTER, NORTH_WEST
from gmdata.derived import mark_comparators
from gmdata.errors import SourceError
from gmdata.io import read_csv_checked

# TopoJSON layers read for the table, and the English code prefixes kept from each.
LAYERS = {
    "ctry": ("E92",),
    "rgn": ("E12",),
    "cauth": ("E47",),
    "utla": ("E06", "E08", "E09", "E10"),
    "ltla": ("E06", "E07", "E08", "E09"),
}
# The layers whose shapes are measured (each area's region by overlap); England's outline is
# never used, and repairing it alone costs a quarter of reading the file.
MEASURED_LAYERS = ("rgn", "cauth", "utla", "ltla")
TIERS = {
    "E92": ("country", "country"),
    "E12": ("region", "region"),
    "E47": ("combined_authority", "combined_authority"),
    "E10": ("local_authority", "county"),
    "E07": ("local_authority", "district"),
    "E08": ("local_authority", "metropolitan_district"),
    "E09": ("local_authority", "london_borough"),
    "E06": ("local_authority", "unitary"),
}
HIERARCHY_COLUMNS = ("Children", "AreaCode", "AreaName", "AreaType")
# An LA must lie (by area) mostly inside one region; anything less means a broken polygon.
MIN_REGION_SHARE = 0.9
# Areas are compared in British National Grid, where areas are in m² and not distorted.
BNG = "EPSG:27700"
DEFAULT_MATCH_TYPES = ("country", "region", "local_authority")


def _read_layer(path: Path, layer: str, prefixes: Iterable[str]) -> gpd.GeoDataFrame:
    """One TopoJSON layer's areas whose codes start with `prefixes`, with CRS set and polygons
    repaired (only those kept, and only in MEASURED_LAYERS: repair is much of the read's cost);
    raises SourceError naming the file."""
    if not path.exists():
        raise SourceError(path, "file not found")
    try:
        with warnings.catch_warnings():
            # GDAL warns that TopoJSON carries no CRS; that is documented and handled below.
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several unrelated types for unreadable files
        raise SourceError(path, f"cannot read TopoJSON layer {layer!r}: {exc}") from exc
    missing = [c for c in ("areacd", "areanm") if c not in frame.columns]
    if missing:
        raise SourceError(path, f"layer {layer!r} lacks propert(ies) {missing}")
    for column in ("start", "end"):
        if column not in frame.columns:
            frame[column] = pd.NA
    # GDAL reports no CRS for TopoJSON, but the coordinates are WGS84 lon/lat (PROVENANCE C).
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    frame = frame[frame["areacd"].astype(str).str[:3].isin(list(prefixes))].copy()
    if layer in MEASURED_LAYERS:
        frame["geometry"] = shapely.make_valid(frame.geometry.values)
    frame["layer"] = layer
    return frame


def _topojson_areas(path: Path) -> gpd.GeoDataFrame:
    """Every English area of interest in the TopoJSON, one row per code."""
    parts = []
    for layer, prefixes in LAYERS.items():
        parts.append(_read_layer(path, layer, prefixes))
    combined = gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")
    combined["start"] = pd.to_numeric(combined["start"], errors="raise").astype("Int64")
    combined["end"] = pd.to_numeric(combined["end"], errors="raise").astype("Int64")
    # Unitaries, met districts and boroughs sit in both ltla and utla: the two must agree.
    facts = combined[["areacd", "areanm", "start", "end"]].astype("string").fillna("")
    clash = facts.drop_duplicates().duplicated(subset="areacd", keep=False)
    if clash.any():
        codes = sorted(facts.loc[clash[clash].index, "areacd"].unique())
        raise SourceError(path, f"layers disagree on the name or years of {codes[:5]}")
    combined = combined.drop_duplicates(subset="areacd", keep="first")
    if ENGLAND not in set(combined["areacd"]):
        raise SourceError(path, f"no England ({ENGLAND}) in layer 'ctry'")
    return combined.sort_values("areacd").reset_index(drop=True)


def _spatial_regions(areas: gpd.GeoDataFrame, path: Path) -> dict[str, str]:
    """Each LA's and CA's region: the region polygon holding most of its area."""
    regions = areas[areas["areacd"].str.startswith("E12")].to_crs(BNG).reset_index(drop=True)
    members = areas[areas["areacd"].str[:3].isin(["E06", "E07", "E08", "E09", "E10", "E47"])]
    members = members.to_crs(BNG).reset_index(drop=True)
    if regions.empty:
        raise SourceError(path, "layer 'rgn' has no English regions")
    left, right = regions.sindex.query(members.geometry.values, predicate="intersects")
    inner = np.asarray(members.geometry.values)[left]
    outer = np.asarray(regions.geometry.values)[right]
    inner_area = shapely.area(inner)
    # Nearly every pair is an area lying inside its region or a neighbour touching it along the
    # border; one DE-9IM matrix per pair says which (interior-exterior and boundary-exterior
    # empty: covered; interiors disjoint: no overlap), so only the few areas that cross a
    # region's boundary pay for an intersection, the costliest step of the areas table.
    matrix = shapely.relate(inner, outer)
    covered = np.array([m[2] == "F" and m[5] == "F" for m in matrix], dtype=bool)
    apart = np.array([m[0] == "F" for m in matrix], dtype=bool)
    overlap = np.where(covered, inner_area, 0.0)
    crossing = ~covered & ~apart
    overlap[crossing] = shapely.area(shapely.intersection(inner[crossing], outer[crossing]))
    pairs = pd.DataFrame(
        {
            "code": members["areacd"].to_numpy()[left],
            "region": regions["areacd"].to_numpy()[right],
            "share": overlap / inner_area,
        }
    ).sort_values(["code", "share", "region"], ascending=[True, False, True])
    best = pairs.drop_duplicates("code")
    # Combined authorities may straddle regions (Greater Lincolnshire); LAs must not.
    straddles = best[~best["code"].str.startswith("E47") & (best["share"] < MIN_REGION_SHARE)]
    if not straddles.empty:
        row = straddles.iloc[0]
        raise SourceError(path, f"{row['code']} lies only {row['share']:.0%} inside any one region")
    return dict(zip(best["code"], best["region"], strict=True))


def _hierarchy(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """English areas in the Fingertips hierarchy, and each LA's and CA's region by its children."""
    frame = read_csv_checked(path, HIERARCHY_COLUMNS)
    for column in HIERARCHY_COLUMNS:
        frame[column] = frame[column].str.strip()
    english = frame[frame["AreaCode"].str.match(r"^E(0[6-9]|10|12|47|92)\d{6}$")]
    english = english.drop_duplicates("AreaCode").reset_index(drop=True)
    children: dict[str, list[str]] = {
        str(code): [c for c in str(kids).split("|") if c]
        for code, kids in zip(
            english["AreaCode"].tolist(), english["Children"].tolist(), strict=True
        )
    }
    region_of: dict[str, str] = {}
    for region in sorted(c for c in children if c.startswith("E12")):
        # Regions list upper-tier areas; counties in turn list their districts.
        stack = list(children[region])
        while stack:
            code = stack.pop()
            previous = region_of.setdefault(code, region)
            if previous != region:
                raise SourceError(path, f"{code} is a child of both {previous} and {region}")
            stack.extend(children.get(code, []))
    for authority in sorted(c for c in children if c.startswith("E47")):
        found = {region_of[c] for c in children[authority] if c in region_of}
        if len(found) == 1:
            region_of[authority] = found.pop()
    return english, region_of


def build_areas(topojson_path: Path, hierarchy_path: Path) -> pd.DataFrame:
    """The AREAS table: one row per English area code live at any time 2014–2025, by code."""
    topojson_path, hierarchy_path = Path(topojson_path), Path(hierarchy_path)
    shapes = _topojson_areas(topojson_path)
    spatial = _spatial_regions(shapes, topojson_path)
    english, listed = _hierarchy(hierarchy_path)

    disagree = sorted(c for c in set(spatial) & set(listed) if spatial[c] != listed[c])
    if disagree:
        code = disagree[0]
        raise SourceError(
            hierarchy_path,
            f"{code} is in region {listed[code]} here but in {spatial[code]} by its boundary "
            f"({len(disagree)} such codes)",
        )

    table = pd.DataFrame(
        {
            "area_code": shapes["areacd"].astype(str),
            "area_name": shapes["areanm"].astype(str).str.strip(),
            "start_year": shapes["start"],
            "end_year": shapes["end"],
        }
    )
    extra = english[~english["AreaCode"].isin(set(table["area_code"]))]
    if not extra.empty:
        # Codes Fingertips knows but the TopoJSON lacks: no boundary, so no start/end years.
        table = pd.concat(
            [
                table,
                pd.DataFrame(
                    {
                        "area_code": extra["AreaCode"],
                        "area_name": extra["AreaName"],
                        "start_year": pd.array([pd.NA] * len(extra), dtype="Int64"),
                        "end_year": pd.array([pd.NA] * len(extra), dtype="Int64"),
                    }
                ),
            ],
            ignore_index=True,
        )

    prefix = table["area_code"].str[:3]
    table["area_type"] = prefix.map(lambda p: TIERS[p][0])
    table["tier"] = prefix.map(lambda p: TIERS[p][1])
    regions = {**listed, **spatial}
    needs_region = table["area_type"].isin(["local_authority", "combined_authority"])
    table["region_code"] = table["area_code"].map(regions).where(needs_region)
    table.loc[table["area_type"] == "region", "region_code"] = table["area_code"]
    orphans = table.loc[needs_region & table["region_code"].isna(), "area_code"]
    if not orphans.empty:
        raise SourceError(
            topojson_path, f"no region found for {sorted(orphans)[:5]} ({len(orphans)} codes)"
        )

    gm = set(GM_BOROUGHS) | {GREATER_MANCHESTER}
    table["is_gm"] = table["area_code"].isin(gm)
    parent = table["region_code"].where(needs_region)
    parent = parent.mask(table["area_code"].isin(set(GM_BOROUGHS)), GREATER_MANCHESTER)
    parent = parent.mask(table["area_type"] == "region", ENGLAND)
    table["parent_code"] = parent

    missing_gm = sorted(gm - set(table["area_code"]))
    if missing_gm:
        raise SourceError(topojson_path, f"Greater Manchester code(s) missing: {missing_gm}")
    gm_regions = set(table.loc[table["is_gm"], "region_code"])
    if gm_regions != {NORTH_WEST}:
        raise SourceError(topojson_path, f"GM areas fall in regions {sorted(gm_regions)}")

    table = mark_comparators(table.sort_values("area_code").reset_index(drop=True))
    return table[list(AREAS.columns)].astype(AREAS.columns)


_CITY_SUFFIX = re.compile(r"^(?P<name>.+?)\s*,\s*(?P<kind>city|county) of$")
_NON_WORD = re.compile(r"[^a-z0-9', -]+")


def normalise_name(name: str) -> str:
    """A comparison key for an area name: case, spacing, '&', apostrophes and 'X, City of'."""
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("&", " and ").replace(".", "")
    text = " ".join(_NON_WORD.sub(" ", text).split())
    # ONS writes "Bristol, City of"; other sources write "City of Bristol".
    match = _CITY_SUFFIX.match(text)
    if match is not None:
        text = f"{match['kind']} of {match['name']}"
    text = " ".join(text.replace(",", " ").split())
    return NAME_ALIASES.get(text, text)


# ONS publishes region E12000006 as both "East" (mid-year estimates) and "East of England".
NAME_ALIASES = {"east": "east of england"}


# The build resolves a score of sources against the same few hundred area names.
_cached_key = functools.lru_cache(maxsize=4096)(normalise_name)


def _short_name(key: str) -> str:
    """The key without a leading 'city of' / 'county of', tried only after an exact miss."""
    return re.sub(r"^(city|county) of ", "", key)


def resolve_area_codes(
    frame: pd.DataFrame,
    areas: pd.DataFrame,
    path_hint: str,
    *,
    year: int | None = None,
    area_types: Collection[str] = DEFAULT_MATCH_TYPES,
) -> pd.DataFrame:
    """Fill missing area_code values by area_name and check every code is a known area.

    Names match among `area_types` (combined authorities share names with regions and counties,
    e.g. "North East", "Lancashire", so they are left out unless asked for). With `year`, only
    areas live that year count; without it, a name used by two areas over time (Dorset county
    until 2018, Dorset unitary from 2019) is ambiguous and raises rather than guessing.
    """
    for column in ("area_code", "area_name"):
        if column not in frame.columns:
            raise SourceError(path_hint, f"no {column!r} column to resolve areas from")
    out = frame.copy()
    codes = out["area_code"].astype("string").str.strip()
    codes = codes.mask(codes == "")

    known = set(areas["area_code"].astype(str))
    unknown = sorted(set(codes.dropna()) - known)
    if unknown:
        raise SourceError(path_hint, f"unknown area code {unknown[0]} ({len(unknown)} such codes)")

    candidates = areas[areas["area_type"].isin(list(area_types))]
    if year is not None:
        live = (candidates["start_year"].isna() | (candidates["start_year"] <= year)) & (
            candidates["end_year"].isna() | (candidates["end_year"] >= year)
        )
        candidates = candidates[live.astype(bool)]
    by_key: dict[str, list[str]] = {}
    by_short: dict[str, list[str]] = {}
    for code, name in zip(
        candidates["area_code"].astype(str).tolist(),
        candidates["area_name"].astype(str).tolist(),
        strict=True,
    ):
        key = _cached_key(name)
        by_key.setdefault(key, []).append(code)
        by_short.setdefault(_short_name(key), []).append(code)
    for found in (*by_key.values(), *by_short.values()):
        found.sort()

    lookup: dict[str, str] = {}
    for name in out.loc[codes.isna(), "area_name"].dropna().unique():
        key = normalise_name(name)
        found = by_key.get(key) or by_short.get(_short_name(key), [])
        when = f" in {year}" if year is not None else ""
        if not found:
            raise SourceError(path_hint, f"area name {name!r} matches no known area{when}")
        if len(found) > 1:
            raise SourceError(
                path_hint, f"area name {name!r} matches more than one area{when}: {found}"
            )
        lookup[name] = found[0]
    blank_names = codes.isna() & out["area_name"].isna()
    if blank_names.any():
        raise SourceError(path_hint, "a row has neither an area code nor an area name")
    out["area_code"] = codes.fillna(out["area_name"].map(lookup)).astype("string")
    return out
