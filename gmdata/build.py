"""One deterministic build: raw public sources -> checked parquet extracts and a manifest in data/."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from gmcore import stats
from gmcore.schema import (
    BOUNDARIES,
    ENGLAND,
    GM_BOROUGHS,
    GREATER_MANCHESTER,
    MAP_TOPOLOGIES,
    TABLES,
    Table,
)
from gmdata import catalogue, derived, illustrative
from gmdata.areas import build_areas, resolve_area_codes
from gmdata.checks import run_checks
from gmdata.errors import CheckError
from gmdata.loaders import (
    census,
    deprivation,
    fingertips,
    funding,
    geo,
    outcomes,
    population,
    viewit,
    viewit_people,
    walkthrough,
)

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Sources:
    """Where each raw file lives, relative to the raw folder (shared/data/raw by default)."""

    raw: Path
    fingertips: Path | None = None
    viewit: tuple[Path, ...] = ()

    def __call__(self, relative: str) -> Path:
        return self.raw / relative


OUT = "outcomes/"
DEM = "demographics/"
GEO = "geo/"
SDG = OUT + "ons_sdg_3-5-1_alcohol_treatment_met_need_by_utla_2010-11_to_2018-19.csv"
OHID = OUT + "ohid_estimates_alcohol_dependent_adults_by_utla_2010_to_2017-18.csv"
DEATHS_LA = OUT + "ons_drug_poisoning_deaths_registrations_by_la_1993_to_2020.csv"
DEATHS_ENG = (
    OUT + "ons_england_drug_poisoning_and_drug_misuse_deaths_registrations_1993_to_2023.csv"
)
NDTMS_ENG = (
    OUT + "ndtms_viewit_england_adults_in_treatment_by_substance_sex_age_ethnicity_"
    "2009-10_to_2021-22.csv"
)
FT_NEXT = OUT + "fingertips_next_poc_healthdata_incl_93763_92904.csv"
FT_NEXT_IND = OUT + "fingertips_next_poc_indicators.csv"
FT_HIERARCHY = OUT + "fingertips_next_poc_areas_hierarchy.csv"
FT_SAMPLES = (
    OUT + "fingertips_93532_dependent_drinkers_not_in_treatment_SAMPLE.csv",
    OUT + "fingertips_93517_ocu_not_in_treatment_SAMPLE.csv",
)
REPORTS = OUT + "completions_from_reports.csv"
WALKTHROUGH = (
    OUT + "wsx_walkthrough_ut_neighbours_incl_salford_90245_2017.json",
    OUT + "wsx_walkthrough_ut_neighbours_incl_salford_90245_2018.json",
)
WALKTHROUGH_COMPANIONS = tuple(OUT + walkthrough.companion_path(Path(p)).name for p in WALKTHROUGH)
MYE_LAD = DEM + "mye_uk_lad_single_year_age_persons_1997_2020.csv"
MYE_RGN = DEM + "mye_england_regions_single_year_age_persons_1991_2020.csv"
MYE_ENG = DEM + "mye_england_single_year_age_sex_2022.csv"
CENSUS_POP = DEM + "census2021_pop_by_sex_single_year_age_gm_lad.csv"
IOD19 = DEM + "iod2019_lad19_summaries_england.csv"
IOD25 = DEM + "iod2025_lad24_summaries_england.csv"
IOD19_LSOA = DEM + "iod2019_lsoa11_domains_ranks_deciles_england.csv.gz"
IOD19_POP = DEM + "iod2019_lsoa11_population_denominators_mid2015_england.csv.gz"
FUNDING = "funding/funding_allocations.csv"
TOPOJSON = GEO + "uk_admin_areas_2014_2025_bsc.topojson"
IMD_DOMAIN = "Index of Multiple Deprivation"


@dataclass
class Extracts:
    """The assembled tables and boundaries, with the raw files each was built from."""

    tables: dict[str, pd.DataFrame]
    boundaries: dict[str, gpd.GeoDataFrame]
    sources: dict[str, list[str]] = field(default_factory=dict)


def conform(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Columns in schema order with schema dtypes, rows sorted by key: the deterministic form."""
    missing = [c for c in table.columns if c not in frame.columns]
    if missing:
        raise CheckError(f"{table.name}: the build produced no column(s) {missing}")
    out = frame[list(table.columns)].copy()
    for column, dtype in table.columns.items():
        if dtype.startswith("datetime64"):
            out[column] = pd.to_datetime(out[column]).astype(dtype)
        elif dtype == "bool":
            out[column] = out[column].fillna(False).astype(bool)
        else:
            out[column] = out[column].astype(dtype)
    return out.sort_values(list(table.key), kind="mergesort").reset_index(drop=True)


def _resolve(frame: pd.DataFrame, areas: pd.DataFrame, source: str) -> pd.DataFrame:
    """Fill missing area codes from names, matching each row against the areas live that year."""
    if "area_name" not in frame.columns:
        frame = frame.assign(area_name=None)
    if "period_start" not in frame.columns or frame["area_code"].notna().all():
        return resolve_area_codes(frame, areas, source).drop(columns=["area_name"])
    # Names such as Dorset or Buckinghamshire belong to different codes in different years.
    years = frame["period_start"].dt.year
    parts = [
        resolve_area_codes(part, areas, source, year=int(year))
        for year, part in frame.groupby(years, sort=True)
    ]
    return pd.concat(parts).sort_index().drop(columns=["area_name"])


def fill_intervals(values: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Add 95% and 99.8% limits where a source publishes none, with the METHODS.md methods.

    Proportions: Wilson. Counts with a good/bad direction (deaths): Byars (exact below 10).
    Crude rates with count and denominator: Byars on the count. Where a source publishes its
    own 95% limits they are kept and no 99.8% limits are invented beside them: mixing methods
    would let a narrow computed 99.8% interval sit inside a wider published 95% one (Fingertips
    unmet-need limits include the prevalence model's uncertainty). Those rows are compared at
    one level.
    """
    out = values.copy()
    meta = indicators.set_index("indicator_id")
    kind = out["indicator_id"].map(meta["value_type"])
    polarity = out["indicator_id"].map(meta["polarity"])
    unpublished = out["lci95"].isna() & out["uci95"].isna()
    has_counts = out["count"].notna() & out["denominator"].notna() & (out["denominator"] > 0)
    props = unpublished & (kind == "proportion") & has_counts
    counts = unpublished & (kind == "count") & (polarity != "no_judgement") & out["count"].notna()
    rates = unpublished & (kind == "crude_rate") & has_counts
    count, denominator = out["count"], out["denominator"]
    for level, lo, hi in ((0.95, "lci95", "uci95"), (0.998, "lci998", "uci998")):
        # Each distinct count is worked out once (Byars is exact, and slow, below 10); the
        # limits are then written a column at a time, not cell by cell.
        byars = {x: stats.byars_ci(x, level) for x in set(count[counts | rates].astype(float))}
        wilson = [
            stats.wilson_ci(min(float(x), float(n)), float(n), level)
            for x, n in zip(count[props], denominator[props], strict=True)
        ]
        _put(out, props, lo, hi, [(100 * a, 100 * b) for a, b in wilson])
        _put(out, counts, lo, hi, [byars[float(x)] for x in count[counts]])
        scales = 100_000 / denominator[rates].astype(float)
        rated = [byars[float(x)] for x in count[rates]]
        _put(out, rates, lo, hi, [(a * k, b * k) for (a, b), k in zip(rated, scales, strict=True)])
    return out


def _put(
    out: pd.DataFrame, rows: pd.Series, lo: str, hi: str, limits: list[tuple[float, float]]
) -> None:
    """Write each selected row's (lower, upper) limits into the `lo` and `hi` columns."""
    if limits:
        out.loc[rows, lo] = [a for a, _ in limits]
        out.loc[rows, hi] = [b for _, b in limits]


def gm_aggregates(values: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Greater Manchester rows summed from the ten boroughs where a source publishes none.

    Only proportions (sum numerators and denominators, then the value) and counts, and only
    where all ten boroughs have a count: never an average of percentages, never a DSR.
    """
    kinds = indicators.set_index("indicator_id")["value_type"]
    rows = values[
        values["area_code"].isin(list(GM_BOROUGHS))
        & values["indicator_id"].map(kinds).isin(["proportion", "count"])
    ]
    keys = ["indicator_id", "period", "sex", "age"]
    published = values[values["area_code"] == GREATER_MANCHESTER][keys].drop_duplicates()
    complete = rows.groupby(keys).filter(
        lambda g: g["area_code"].nunique() == len(GM_BOROUGHS) and g["count"].notna().all()
    )
    summed = complete.groupby(keys, as_index=False).agg(
        period_start=("period_start", "first"),
        period_type=("period_type", "first"),
        count=("count", "sum"),
        denominator=("denominator", lambda d: d.sum() if d.notna().all() else np.nan),
        is_illustrative=("is_illustrative", "any"),
        source=("source", lambda s: " + ".join(sorted(set(s)))),
        note=("note", "first"),
    )
    summed = summed.merge(published, on=keys, how="left", indicator=True)
    summed = summed[summed["_merge"] == "left_only"].drop(columns="_merge")
    proportion = summed["indicator_id"].map(kinds) == "proportion"
    summed["value"] = np.where(
        proportion, 100 * summed["count"] / summed["denominator"], summed["count"]
    )
    summed["area_code"] = GREATER_MANCHESTER
    summed["note"] = "Greater Manchester: the sum of the ten boroughs, computed by this project"
    summed["note"] = summed["note"].mask(
        summed["is_illustrative"],
        "ILLUSTRATIVE: " + summed["note"] + ", including generated borough values",
    )
    for column in ("lci95", "uci95", "lci998", "uci998"):
        summed[column] = np.nan
    return summed[values.columns]


def death_rates(deaths: pd.DataFrame, pop: pd.DataFrame) -> pd.DataFrame:
    """Crude drug-poisoning death rates per 100,000 where a same-year population exists."""
    totals = (
        pop[(pop["sex"] == "Persons") & pop["source"].str.startswith("mye")]
        .groupby(["area_code", "year"], as_index=False)
        .agg(population=("population", "sum"))
    )
    d = deaths[deaths["indicator_id"] == "drug_poisoning_deaths"].copy()
    d["year"] = d["period_start"].dt.year
    d = d.merge(totals, on=["area_code", "year"], how="inner")
    d["indicator_id"] = "drug_poisoning_death_rate"
    d["denominator"] = d["population"]
    d["value"] = 100_000 * d["count"] / d["denominator"]
    d["source"] = d["source"] + " + mid-year population estimates"
    d["note"] = "Crude rate computed by this project from ONS counts and mid-year estimates"
    for column in ("lci95", "uci95", "lci998", "uci998"):
        d[column] = np.nan
    return d.drop(columns=["year", "population"])


def assemble_population(src: Sources, areas: pd.DataFrame) -> pd.DataFrame:
    """Districts, regions, England and GM by single year of age; aggregates summed from parts."""
    districts = population.load_mye_districts(src(MYE_LAD))
    regions = _resolve(population.load_mye_regions(src(MYE_RGN)), areas, MYE_RGN)
    england_2022 = population.load_mye_england_2022(src(MYE_ENG))
    census_2021 = population.load_census_population(src(CENSUS_POP))
    keys = ["year", "sex", "age", "is_top_band"]
    england = regions.groupby(keys, as_index=False).agg(population=("population", "sum"))
    england = england.assign(area_code=ENGLAND, source="mye_regions (sum of the 9 regions)")
    parts = []
    for frame, label in ((districts, "mye"), (census_2021, "census2021")):
        gm = frame[frame["area_code"].isin(list(GM_BOROUGHS))]
        complete = gm.groupby("year")["area_code"].nunique()
        gm = gm[gm["year"].isin(complete[complete == len(GM_BOROUGHS)].index)]
        summed = gm.groupby(keys, as_index=False).agg(population=("population", "sum"))
        parts.append(summed.assign(area_code=GREATER_MANCHESTER, source=f"{label} (sum of GM)"))
    districts = districts.drop(columns=["area_name"], errors="ignore")
    frames = [districts, regions, england, england_2022, census_2021, *parts]
    return pd.concat([f.drop(columns=["area_name"], errors="ignore") for f in frames])


def _generator_inputs(
    iod19: pd.DataFrame, areas: pd.DataFrame, ndtms_rows: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the illustrative generator scales need by: each English district's IMD 2019 average
    score with its region, and England's adults in treatment by substance (persons, 18+)."""
    scores = iod19[(iod19["domain"] == IMD_DOMAIN) & (iod19["measure"] == "average_score")]
    regions = areas.set_index("area_code")["region_code"]
    district_scores = pd.DataFrame(
        {
            "area_code": scores["area_code"],
            "region_code": scores["area_code"].map(regions),
            "score": scores["value"],
        }
    )
    england_in_treatment = ndtms_rows[
        (ndtms_rows["area_code"] == ENGLAND)
        & (ndtms_rows["sex"] == "Persons")
        & ndtms_rows["indicator_id"].str.startswith("adults_in_treatment_")
        & (ndtms_rows["age"] == "18+ yrs")
    ]
    return district_scores, england_in_treatment


class _Standalone(NamedTuple):
    """The sources read on their own, before anything is derived."""

    iod19: pd.DataFrame
    iod25: pd.DataFrame
    lsoa: pd.DataFrame
    funding: pd.DataFrame
    census: pd.DataFrame
    reported: pd.DataFrame
    boundaries: dict[str, gpd.GeoDataFrame]


def _read_standalone(src: Sources, areas: pd.DataFrame) -> _Standalone:
    return _Standalone(
        iod19=deprivation.load_iod2019_districts(src(IOD19)),
        iod25=deprivation.load_iod2025_districts(src(IOD25)),
        lsoa=deprivation.load_iod2019_lsoa(src(IOD19_LSOA), src(IOD19_POP)),
        funding=_resolve(funding.load_funding(src(FUNDING)), areas, FUNDING),
        census=census.load_census_topics(src(DEM)),
        reported=outcomes.load_reported_figures(src(REPORTS)),
        boundaries={
            "gm_boroughs": geo.load_gm_boroughs(src(GEO)),
            "gm_lsoa11": geo.load_gm_lsoa11(src(GEO)),
            "england_districts": geo.load_england_districts(src(GEO)),
        },
    )


def assemble(src: Sources) -> Extracts:
    """Load every source, derive what the pages need, and return the unchecked tables."""
    # Files given to the build are read first, so a malformed one stops it before anything else.
    profiles = [viewit_people.load_viewit_profile(p) for p in src.viewit]
    areas = build_areas(src(TOPOJSON), src(FT_HIERARCHY))
    used: dict[str, list[str]] = {"areas": [TOPOJSON, FT_HIERARCHY]}
    profile = viewit_people.combine_exports(
        [_resolve(f, areas, str(p)) for f, p in zip(profiles, src.viewit, strict=True)]
    )

    supplied = []
    if src.fingertips is not None:
        supplied.append(
            _resolve(fingertips.load_fingertips_csv(src.fingertips), areas, str(src.fingertips))
        )
    for path in src.viewit:
        supplied.append(_resolve(viewit.load_viewit_la_export(path), areas, str(path)))
    # Sources that need nothing derived are read next, before the slow steps (the generator,
    # the intervals), so a malformed one stops the build in seconds.
    alone = _read_standalone(src, areas)
    pop = assemble_population(src, areas)
    used["population"] = [MYE_LAD, MYE_RGN, MYE_ENG, CENSUS_POP]

    sdg = _resolve(outcomes.load_sdg_alcohol_met_need(src(SDG)), areas, SDG)
    ohid = _resolve(outcomes.load_ohid_alcohol_dependent_estimates(src(OHID)), areas, OHID)
    # One series for the prevalence estimate: OHID (with limits) to 2017/18, SDG for 2018/19.
    sdg_prev = sdg["indicator_id"] == "alcohol_dependent_adults"
    sdg = sdg[~sdg_prev | ~sdg["period"].isin(set(ohid["period"]))]

    deaths_la = _resolve(
        outcomes.load_drug_poisoning_deaths_by_la(src(DEATHS_LA)), areas, DEATHS_LA
    )
    deaths_eng = _resolve(outcomes.load_england_drug_deaths(src(DEATHS_ENG)), areas, DEATHS_ENG)
    _check_england_deaths_agree(deaths_la, deaths_eng)
    deaths_la = deaths_la[deaths_la["area_code"] != ENGLAND]

    ndtms_rows, treatment_demo = outcomes.load_ndtms_england_in_treatment(src(NDTMS_ENG))
    ndtms_rows = _resolve(ndtms_rows, areas, NDTMS_ENG)
    ft_next = _resolve(
        outcomes.load_fingertips_next(src(FT_NEXT), src(FT_NEXT_IND)), areas, FT_NEXT
    )
    samples = [_resolve(fingertips.load_fingertips_csv(src(p)), areas, p) for p in FT_SAMPLES]
    extracts = walkthrough.load_walkthrough_extracts([src(p) for p in WALKTHROUGH], areas)
    extracts = _resolve(extracts, areas, WALKTHROUGH[0])

    real = pd.concat([sdg, ohid, deaths_la, deaths_eng, ndtms_rows, ft_next, *samples, extracts])
    real = pd.concat([real, death_rates(pd.concat([deaths_la, deaths_eng]), pop)])

    district_scores, england_in_treatment = _generator_inputs(alone.iod19, areas, ndtms_rows)
    # The generator is anchored on, and kept clear of, every real completion row it may meet.
    generated = illustrative.generate_completions(
        pop, england_in_treatment, district_scores, pd.concat([*supplied, real])
    )
    values = _combine(real.assign(is_illustrative=False), generated, supplied)

    present = set(values["indicator_id"])
    flagged = set(values.loc[values["is_illustrative"], "indicator_id"])
    indicators = pd.DataFrame(
        [
            {**vars(i), "is_illustrative": i.indicator_id in flagged}
            for i in catalogue.CATALOGUE
            if i.indicator_id in present
        ]
    )
    values = pd.concat([values, gm_aggregates(values, indicators)], ignore_index=True)
    values = fill_intervals(values, indicators)
    indicators = derived.with_coverage(indicators, values, areas)
    used["indicators"] = ["gmdata/catalogue.py"]
    used["indicator_values"] = [
        SDG,
        OHID,
        DEATHS_LA,
        DEATHS_ENG,
        NDTMS_ENG,
        FT_NEXT,
        *FT_SAMPLES,
        *WALKTHROUGH,
        *WALKTHROUGH_COMPANIONS,
        MYE_LAD,
        MYE_RGN,
        IOD19,
        "gmdata/illustrative.py",
    ]
    used["indicator_values"] += [str(p) for p in (src.fingertips, *src.viewit) if p is not None]

    used |= {
        "deprivation": [IOD19, IOD25],
        "lsoa_deprivation": [IOD19_LSOA, IOD19_POP],
        "funding": [FUNDING],
        "census": [DEM + "census2021_*_gm_lad.csv", DEM + "census_1981_2021_*.csv"],
        "treatment_demographics": [NDTMS_ENG],
        "reported_figures": [REPORTS],
        "treatment_profile": [str(p) for p in src.viewit],
    }
    raw_tables = {
        "areas": areas,
        "indicators": indicators,
        "indicator_values": values,
        "population": pop,
        "deprivation": pd.concat([alone.iod19, alone.iod25]),
        "lsoa_deprivation": alone.lsoa,
        "funding": alone.funding,
        "census": alone.census,
        "treatment_demographics": treatment_demo,
        "reported_figures": alone.reported,
        "treatment_profile": profile,
    }
    tables = {name: conform(frame, TABLES[name]) for name, frame in raw_tables.items()}
    used |= {
        "boundaries/gm_boroughs": [GEO + "gm_lad_dec2023_bgc.geojson"],
        "boundaries/gm_lsoa11": [
            GEO + "gm_lsoa_2011_bgc.geojson",
            GEO + "gm_lookup_oa11_lsoa11_msoa11_lad.csv",
        ],
        "boundaries/england_districts": [GEO + "uk_lad_dec2021_buc_bng.geojson"],
    }
    return Extracts(tables=tables, boundaries=alone.boundaries, sources=used)


def _check_england_deaths_agree(by_la: pd.DataFrame, england: pd.DataFrame) -> None:
    """The two ONS files must give the same England drug-poisoning counts where both do."""
    a = by_la[(by_la["area_code"] == ENGLAND) & (by_la["indicator_id"] == "drug_poisoning_deaths")]
    b = england[england["indicator_id"] == "drug_poisoning_deaths"]
    both = a.merge(b, on="period", suffixes=("_la", "_eng"))
    differ = both[both["count_la"] != both["count_eng"]]
    if both.empty or not differ.empty:
        raise CheckError(
            f"{Path(DEATHS_LA).name} and {Path(DEATHS_ENG).name} disagree on England "
            f"drug-poisoning deaths: {differ[['period', 'count_la', 'count_eng']].to_dict('records')}"
        )


def _combine(
    real: pd.DataFrame, generated: pd.DataFrame, supplied: list[pd.DataFrame]
) -> pd.DataFrame:
    """Real rows, and illustrative rows only where no real row covers the same cell.

    A cell is an indicator, area, period and sex, whatever the age label: official files may
    label the same adults "18+ yrs" or "18-75 yrs". A file given to the build (FINGERTIPS=,
    VIEWIT=) wins over every other row for its cells. Generated rows take the age label the
    real rows of their indicator use, so a partly real series stays on one grain.
    """
    key = list(TABLES["indicator_values"].key)
    cell = ["indicator_id", "area_code", "period", "sex"]
    given = pd.concat(
        [pd.DataFrame(columns=real.columns), *(f.assign(is_illustrative=False) for f in supplied)],
        ignore_index=True,
    )
    overridden = pd.MultiIndex.from_frame(real[cell]).isin(
        pd.MultiIndex.from_frame(given[cell].drop_duplicates())
    )
    official = pd.concat([given, real[~overridden]], ignore_index=True)
    covered = pd.MultiIndex.from_frame(official[cell].drop_duplicates())
    keep = ~pd.MultiIndex.from_frame(generated[cell]).isin(covered)
    labelled = official[official["indicator_id"].isin(set(generated["indicator_id"]))]
    ages = labelled.groupby("indicator_id")["age"].unique()
    single = {i: a[0] for i, a in ages.items() if len(a) == 1}
    generated = generated.assign(
        age=generated["indicator_id"].map(single).fillna(generated["age"]).astype("string")
    )
    combined = pd.concat([official, generated[keep]], ignore_index=True)
    return combined.drop_duplicates(subset=key, keep="first").reset_index(drop=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Parquet with fixed settings so the same frame always gives the same bytes."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, compression="zstd", write_statistics=True)


def write_extracts(extracts: Extracts, out: Path, raw: Path) -> dict[str, Any]:
    """Write everything into a staging folder, then swap it into place: never half-written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.staging-", dir=out.parent))
    try:
        files: dict[str, dict[str, Any]] = {}
        for name, frame in extracts.tables.items():
            path = staging / TABLES[name].filename
            write_table(frame, path)
            files[path.name] = {
                "table": name,
                "rows": len(frame),
                "columns": list(frame.columns),
                "sources": extracts.sources.get(name, []),
            }
        (staging / "boundaries").mkdir()
        for name, gdf in extracts.boundaries.items():
            relative = BOUNDARIES[name]
            geo.write_geoparquet(gdf, staging / relative)
            files[relative] = {
                "table": name,
                "rows": len(gdf),
                "sources": extracts.sources.get(f"boundaries/{name}", []),
                "attribution": geo.attribution(name),
            }
        for name, relative in MAP_TOPOLOGIES.items():
            geo.write_topojson(extracts.boundaries[name], name, staging / relative)
            files[relative] = {
                "table": name,
                "format": "TopoJSON",
                "rows": len(extracts.boundaries[name]),
                "sources": extracts.sources.get(f"boundaries/{name}", []),
                "attribution": geo.attribution(name),
            }
        for relative, entry in files.items():
            entry["sha256"] = _sha256(staging / relative)
        manifest = _manifest(extracts, files, raw)
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        _swap_into_place(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _manifest(extracts: Extracts, files: dict[str, dict[str, Any]], raw: Path) -> dict[str, Any]:
    values = extracts.tables["indicator_values"]
    latest = (
        values.sort_values("period_start")
        .groupby("indicator_id")
        .agg(latest_period=("period", "last"), periods=("period", "nunique"))
    )
    raw_files = sorted(
        {
            s
            for e in files.values()
            for s in e["sources"]
            if not s.startswith("gmdata/") and "*" not in s
        }
    )
    digest = hashlib.sha256(
        "".join(f"{k}{files[k]['sha256']}" for k in sorted(files)).encode()
    ).hexdigest()
    return {
        "version": digest[:12],
        "files": files,
        "indicators": {
            i: {"latest_period": r.latest_period, "periods": int(r.periods)}
            for i, r in latest.iterrows()
        },
        "illustrative_indicators": sorted(
            extracts.tables["indicators"].query("is_illustrative")["indicator_id"]
        ),
        "raw_sources": {s: _sha256(raw / s) for s in raw_files if (raw / s).is_file()},
    }


def _swap_into_place(staging: Path, out: Path) -> None:
    old = out.parent / f".{out.name}.old"
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def build(
    raw: Path,
    out: Path,
    fingertips_file: Path | None = None,
    viewit_files: Sequence[Path] = (),
    on_step: Callable[[str], None] = lambda _: None,
) -> dict[str, Any]:
    """Build, check and write the extracts; raise SourceError or CheckError and write nothing.

    `viewit_files` are NDTMS ViewIt LA exports, as many as are given (one per area or several
    areas in one): their completions replace illustrative rows and their service-user fields
    fill `treatment_profile`, which is empty without them.
    """
    on_step(f"reading sources from {raw}")
    sources = Sources(raw=raw, fingertips=fingertips_file, viewit=tuple(map(Path, viewit_files)))
    extracts = assemble(sources)
    on_step("running data checks")
    run_checks(extracts.tables)
    on_step(f"writing extracts to {out}")
    return write_extracts(extracts, out, raw)
