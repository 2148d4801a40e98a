"""Census topic tables for the GM boroughs: Census 2021 (via Nomis) and the 1981-2021 series."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from gmcore.schema import CENSUS
from gmdata.errors import SourceError
from gmdata.io import file_row, read_csv_checked, require_unique, to_number

NOMIS = "https://www.nomisweb.co.uk/api/v01/dataset/{}.data.csv"
SINGLE_YEAR_FILE = "census2021_pop_by_sex_single_year_age_gm_lad.csv"  # -> population loader
MEASURES = {"Count": "count", "Percentage": "percentage"}
SEXES = {"Persons": "Persons", "Males": "Male", "Females": "Female"}


@dataclass(frozen=True)
class CensusFile:
    """How to read one topic file: its topic slug, ONS table, category column and source."""

    topic: str
    table_code: str
    category: str  # "indicator" where the file has no category column of its own
    source_url: str
    sex: str | None = None  # the sex column, if the table is split by sex
    unit: str | None = None  # replaces the published unit where that one misleads


def _nomis(topic: str, table_code: str, category: str, nomis_id: str, **kw: str) -> CensusFile:
    return CensusFile(topic, table_code, category, NOMIS.format(nomis_id), **kw)


# One line per file; the Nomis ids and table codes are those in demographics/PROVENANCE.md.
CENSUS_FILES = {
    "census2021_pop_5yr_age_bands_gm_lad.csv": _nomis(
        "age_5yr", "TS007A", "indicator", "NM_2020_1"
    ),
    "census2021_pop_density_gm_lad.csv": _nomis(
        "population_density", "TS006", "indicator", "NM_2026_1", unit="Persons per km²"
    ),
    "census2021_ethnic_group_gm_lad.csv": _nomis(
        "ethnic_group", "TS021", "ethnic_group", "NM_2041_1"
    ),
    "census2021_ethnic_group_detailed_gm_lad.csv": _nomis(
        "ethnic_group_detailed", "TS022", "ethnic_group", "NM_2095_1"
    ),
    "census2021_religion_gm_lad.csv": _nomis("religion", "TS030", "religion", "NM_2049_1"),
    "census2021_english_proficiency_gm_lad.csv": _nomis(
        "english_proficiency", "TS029", "proficiency", "NM_2048_1"
    ),
    "census2021_general_health_gm_lad.csv": _nomis(
        "general_health", "TS037", "general_health", "NM_2055_1"
    ),
    "census2021_general_health_age_std_gm_lad.csv": _nomis(
        "general_health_age_std", "TS037ASP", "general_health", "NM_2092_1"
    ),
    "census2021_disability_gm_lad.csv": _nomis(
        "disability", "TS038", "disability_category", "NM_2056_1"
    ),
    "census2021_disability_age_std_gm_lad.csv": _nomis(
        "disability_age_std", "TS038ASP", "disability_category", "NM_2093_1"
    ),
    "census2021_unpaid_care_gm_lad.csv": _nomis("unpaid_care", "TS039", "unpaid_care", "NM_2057_1"),
    "census2021_unpaid_care_age_std_gm_lad.csv": _nomis(
        "unpaid_care_age_std", "TS039ASP", "unpaid_care", "NM_2094_1"
    ),
    "census2021_economic_activity_gm_lad.csv": _nomis(
        "economic_activity", "TS066", "economic_activity_status", "NM_2083_1"
    ),
    "census2021_highest_qualification_gm_lad.csv": _nomis(
        "highest_qualification", "TS067", "highest_qualification", "NM_2084_1"
    ),
    "census2021_household_tenure_gm_lad.csv": _nomis(
        "household_tenure", "TS054", "household_tenure", "NM_2072_1"
    ),
    "census2021_household_composition_gm_lad.csv": _nomis(
        "household_composition", "TS003", "indicator", "NM_2023_1"
    ),
    "census_1981_2021_pop_by_sex_5yr_age_gm_lad.csv": CensusFile(
        "population_history",
        "CT1216",
        "age_group",
        "https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/"
        "populationestimates/adhocs/14798ct1216sexbyagetimeseriescensus1981to2011",
        sex="sex",
    ),
}


def _lookup(values: pd.Series, mapping: dict[str, str], path: Path, column: str) -> pd.Series:
    """Map source labels; an unknown label raises naming its row."""
    mapped = values.map(mapping)
    bad = mapped.isna().to_numpy()
    if bad.any():
        pos = int(bad.argmax())
        raise SourceError(
            path, f"column {column!r} has unexpected value {values.iloc[pos]!r}", row=file_row(pos)
        )
    return mapped


def load_census_file(path: Path, spec: CensusFile) -> pd.DataFrame:
    """One Census topic file as CENSUS rows, checked for unique keys."""
    path = Path(path)
    required = ["area_code", "period", "measure", "unit", "value", spec.category]
    raw = read_csv_checked(path, required + ([spec.sex] if spec.sex else []))
    period = pd.to_datetime(raw["period"], format="%Y-%m-%d", errors="coerce")
    if period.isna().any():
        pos = int(period.isna().to_numpy().argmax())
        raise SourceError(
            path, f"period {raw['period'].iloc[pos]!r} is not a date", row=file_row(pos)
        )
    frame = pd.DataFrame(
        {
            "area_code": raw["area_code"],
            "topic": spec.topic,
            "table_code": spec.table_code,
            "category": raw[spec.category].str.strip(),
            "sex": _lookup(raw[spec.sex], SEXES, path, spec.sex) if spec.sex else "Persons",
            "measure": _lookup(raw["measure"], MEASURES, path, "measure"),
            "unit": spec.unit or raw["unit"],
            "period": period,
            "value": to_number(raw["value"], path, "value", missing=()),
            "source_url": spec.source_url,
        }
    )
    require_unique(frame, list(CENSUS.key), path)
    return frame.astype(CENSUS.columns)


def load_census_topics(demographics_dir: Path) -> pd.DataFrame:
    """Every Census topic table for the 10 GM boroughs, long: one row per category and measure.

    Sources: ONS Census 2021 topic summaries via the Nomis API (copies in
    traffordDataLab/open_data; each row's `source_url` names its Nomis dataset,
    https://www.nomisweb.co.uk/) and ONS ad hoc table CT1216 "Sex by age time series, Census 1981
    to 2011" with the first Census 2021 release (2021 values rounded to the nearest 100), Office
    for National Statistics. The single-year-of-age file is left to the population loader.
    """
    demographics_dir = Path(demographics_dir)
    found = {p.name for p in demographics_dir.glob("census2021_*_gm_lad.csv")}
    unlisted = sorted(found - set(CENSUS_FILES) - {SINGLE_YEAR_FILE})
    if unlisted:
        raise SourceError(demographics_dir / unlisted[0], "not in CENSUS_FILES: add a line for it")
    frames = [
        load_census_file(demographics_dir / name, spec) for name, spec in CENSUS_FILES.items()
    ]
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["topic", "area_code", "period", "sex"], kind="stable").reset_index(
        drop=True
    )
