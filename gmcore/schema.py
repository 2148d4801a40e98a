"""The extracts' contract: each table's columns, types, key and accepted values.

The build checks every table against this before writing, the app registers exactly these tables,
and the query tests build fixtures from it, so the three cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# The pandas dtypes an extract's column may have; a Literal so pandas' typed `astype` applies.
Dtype = Literal["string", "float64", "int64", "Int64", "bool", "datetime64[ms]"]

AREA_TYPES = ("country", "region", "combined_authority", "local_authority")
VALUE_TYPES = ("proportion", "crude_rate", "dsr", "count")
POLARITIES = ("high_good", "low_good", "no_judgement")
PERIOD_TYPES = ("financial_year", "calendar_year", "financial_year_3", "calendar_year_3")
SEXES = ("Persons", "Male", "Female")
FUNDING_STATUSES = ("final", "indicative")
DEPRIVATION_EDITIONS = (2019, 2025)

ENGLAND = "E92000001"
NORTH_WEST = "E12000002"
GREATER_MANCHESTER = "E47000001"
# The areas every view may compare a borough with, in the order pickers offer them.
COMPARATORS = {
    ENGLAND: "England",
    NORTH_WEST: "North West",
    GREATER_MANCHESTER: "Greater Manchester",
}
GM_BOROUGHS = {
    "E08000001": "Bolton",
    "E08000002": "Bury",
    "E08000003": "Manchester",
    "E08000004": "Oldham",
    "E08000005": "Rochdale",
    "E08000006": "Salford",
    "E08000007": "Stockport",
    "E08000008": "Tameside",
    "E08000009": "Trafford",
    "E08000010": "Wigan",
}


@dataclass(frozen=True)
class Table:
    """One extract: its columns (name -> pandas dtype), unique key and value rules."""

    name: str
    columns: dict[str, Dtype]
    key: tuple[str, ...]
    accepted: dict[str, tuple[object, ...]] = field(default_factory=dict)
    not_null: tuple[str, ...] = ()
    area_columns: tuple[str, ...] = ()
    description: str = ""
    # A table filled only from files given to the build (VIEWIT=) is empty when none is given.
    may_be_empty: bool = False

    @property
    def filename(self) -> str:
        return f"{self.name}.parquet"


AREAS = Table(
    name="areas",
    description="One row per area: England, its regions, combined authorities and local authorities.",
    columns={
        "area_code": "string",
        "area_name": "string",
        "area_type": "string",
        "tier": "string",
        "parent_code": "string",
        "region_code": "string",
        "is_gm": "bool",
        # England, the North West and Greater Manchester (COMPARATORS), set by the build.
        "is_comparator": "bool",
        "start_year": "Int64",
        "end_year": "Int64",
    },
    key=("area_code",),
    accepted={"area_type": AREA_TYPES},
    not_null=("area_code", "area_name", "area_type", "is_gm", "is_comparator"),
)

# What each indicator's values cover, worked out once by the build (gmdata.derived): the
# latest GM period is defined here and nowhere else.
INDICATOR_COVERAGE: dict[str, Dtype] = {
    "first_period": "string",
    "latest_period": "string",
    # The latest period in which a GM borough has a value: what the rug, profile and home show.
    "latest_gm_period": "string",
    "latest_gm_period_start": "datetime64[ms]",
    # The age band the boroughs' values in latest_gm_period are published for.
    "latest_gm_age": "string",
    "n_periods": "Int64",
    "n_areas": "Int64",
    "has_gm_boroughs": "bool",
    # The sexes the indicator is published for, comma separated.
    "sexes": "string",
}

INDICATORS = Table(
    name="indicators",
    description="One row per indicator: what it measures, its unit, polarity and source.",
    columns={
        "indicator_id": "string",
        "title": "string",
        "short_title": "string",
        "topic": "string",
        "unit": "string",
        "value_type": "string",
        "polarity": "string",
        "definition": "string",
        "source_name": "string",
        "source_url": "string",
        "licence": "string",
        "fingertips_id": "Int64",
        "is_illustrative": "bool",
        **INDICATOR_COVERAGE,
    },
    key=("indicator_id",),
    accepted={"value_type": VALUE_TYPES, "polarity": POLARITIES},
    not_null=("indicator_id", "title", "unit", "value_type", "polarity", "source_name"),
)

INDICATOR_VALUES = Table(
    name="indicator_values",
    description="One row per indicator x area x period x sex x age.",
    columns={
        "indicator_id": "string",
        "area_code": "string",
        "period": "string",
        "period_start": "datetime64[ms]",
        "period_type": "string",
        "sex": "string",
        "age": "string",
        "count": "float64",
        "denominator": "float64",
        "value": "float64",
        "lci95": "float64",
        "uci95": "float64",
        "lci998": "float64",
        "uci998": "float64",
        "note": "string",
        "source": "string",
        "is_illustrative": "bool",
    },
    key=("indicator_id", "area_code", "period", "sex", "age"),
    accepted={"period_type": PERIOD_TYPES, "sex": SEXES},
    not_null=("indicator_id", "area_code", "period", "period_start", "period_type", "sex", "age"),
    area_columns=("area_code",),
)

POPULATION = Table(
    name="population",
    description="One row per area x year x sex x single year of age (top band marked).",
    columns={
        "area_code": "string",
        "year": "int64",
        "sex": "string",
        "age": "int64",
        "is_top_band": "bool",
        "population": "float64",
        "source": "string",
    },
    key=("area_code", "year", "sex", "age"),
    accepted={"sex": SEXES},
    not_null=("area_code", "year", "sex", "age", "population"),
    area_columns=("area_code",),
)

DEPRIVATION = Table(
    name="deprivation",
    description="One row per district x IoD edition x measure (domain and statistic).",
    columns={
        "area_code": "string",
        "edition": "int64",
        "domain": "string",
        "measure": "string",
        "value": "float64",
        "rank": "float64",
        "rank_of": "int64",
    },
    key=("area_code", "edition", "domain", "measure"),
    accepted={"edition": DEPRIVATION_EDITIONS},
    not_null=("area_code", "edition", "domain", "measure"),
    area_columns=("area_code",),
)

LSOA_DEPRIVATION = Table(
    name="lsoa_deprivation",
    description="One row per 2011 LSOA in England x IoD 2019 domain: national rank and decile.",
    columns={
        "lsoa_code": "string",
        "lsoa_name": "string",
        "area_code": "string",
        "domain": "string",
        "rank": "int64",
        "decile": "int64",
        "population_2015": "float64",
    },
    key=("lsoa_code", "domain"),
    not_null=("lsoa_code", "area_code", "domain", "rank", "decile"),
)

FUNDING = Table(
    name="funding",
    description="One row per area x financial year x grant x status, every figure sourced.",
    columns={
        "area_code": "string",
        "financial_year": "string",
        "year_start": "int64",
        "grant": "string",
        "amount_gbp": "float64",
        "status": "string",
        "source_url": "string",
        "source_note": "string",
    },
    key=("area_code", "financial_year", "grant", "status"),
    accepted={"status": FUNDING_STATUSES},
    not_null=("area_code", "financial_year", "grant", "amount_gbp", "status", "source_url"),
    area_columns=("area_code",),
)

CENSUS = Table(
    name="census",
    description="One row per GM borough x Census topic x category x measure x census date.",
    columns={
        "area_code": "string",
        "topic": "string",
        "table_code": "string",
        "category": "string",
        "sex": "string",
        "measure": "string",
        "unit": "string",
        "period": "datetime64[ms]",
        "value": "float64",
        "source_url": "string",
    },
    key=("area_code", "topic", "category", "sex", "measure", "period"),
    not_null=("area_code", "topic", "category", "measure", "period", "value"),
    area_columns=("area_code",),
)

TREATMENT_DEMOGRAPHICS = Table(
    name="treatment_demographics",
    description="England adults in treatment (NDTMS): period x substance x sex x age x ethnicity.",
    columns={
        "area_code": "string",
        "period": "string",
        "substance_group": "string",
        "sex": "string",
        "age": "string",
        "ethnicity": "string",
        "count": "float64",
    },
    key=("area_code", "period", "substance_group", "sex", "age", "ethnicity"),
    not_null=("area_code", "period", "substance_group", "sex", "age", "ethnicity"),
    area_columns=("area_code",),
)

# NDTMS ViewIt service-user profile: each measure's categories (see gmdata/loaders/viewit_people.py
# for the export columns they come from). "all" is the measure's single count.
SUBSTANCE_GROUPS = ("total", "opiate", "non_opiate", "alcohol", "alcohol_non_opiate")
TREATMENT_AGES = ("18+ yrs", "18-29 yrs", "30-49 yrs", "50+ yrs")
PROFILE_STATUSES = ("published", "suppressed", "not_collected")
ETHNIC_GROUPS = ("white", "mixed", "asian", "black", "other")
WAITS = ("under_3_weeks", "3_to_6_weeks", "over_6_weeks")
PARENTAL_STATUSES = (
    "parent_living_with_children",
    "other_living_with_children",
    "parent_not_living_with_children",
    "not_parent_no_children",
    "incomplete_data",
)
PROFILE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "in_treatment": ("all",),
    "new_presentations": ("all",),
    "ethnicity_in_treatment": ETHNIC_GROUPS,
    "ethnicity_new_presentations": ETHNIC_GROUPS,
    "referral_source": (
        "self_family_friends",
        "health_social_care",
        "criminal_justice",
        "substance_misuse_service",
        "other",
        "missing",
    ),
    "housing_at_start": (
        "urgent_problem",
        "housing_problem",
        "no_problem",
        "other",
        "not_stated",
    ),
    "wait_first_intervention": WAITS,
    "wait_subsequent_intervention": WAITS,
    "exit_reason": (
        "successful_completion",
        "dropped_out",
        "died",
        "prison",
        "transferred_in_custody",
        "transferred_not_in_custody",
        "referred_on",
        "moved_away",
        "no_appropriate_treatment",
        "treatment_declined",
        "treatment_withdrawn",
        "other",
        "not_known",
        "inconsistent",
    ),
    "parental_status_in_treatment": PARENTAL_STATUSES,
    "parental_status_new_presentations": PARENTAL_STATUSES,
    "children_living_with_in_treatment": ("all",),
    "children_living_with_new_presentations": ("all",),
}

TREATMENT_PROFILE = Table(
    name="treatment_profile",
    description=(
        "Service users from NDTMS ViewIt LA exports given to the build: area x period x sex x "
        "age x substance x measure x category, counts as published (rounded to 5 by NDTMS)."
    ),
    columns={
        "area_code": "string",
        "period": "string",
        "period_start": "datetime64[ms]",
        "sex": "string",
        "age": "string",
        "substance_group": "string",
        "measure": "string",
        "category": "string",
        "count": "float64",
        "status": "string",
        "source": "string",
    },
    key=("area_code", "period", "sex", "age", "substance_group", "measure", "category"),
    accepted={
        "sex": SEXES,
        "age": TREATMENT_AGES,
        "substance_group": SUBSTANCE_GROUPS,
        "measure": tuple(PROFILE_CATEGORIES),
        "category": tuple(dict.fromkeys(c for cs in PROFILE_CATEGORIES.values() for c in cs)),
        "status": PROFILE_STATUSES,
    },
    not_null=(
        "area_code",
        "period",
        "period_start",
        "sex",
        "age",
        "substance_group",
        "measure",
        "category",
        "status",
        "source",
    ),
    area_columns=("area_code",),
    may_be_empty=True,
)

REPORTED_FIGURES = Table(
    name="reported_figures",
    description="Single figures quoted in council reports, with where on the page they appear.",
    columns={
        "area_code": "string",
        "indicator_id": "string",
        "period": "string",
        "value": "float64",
        "count": "float64",
        "denominator": "float64",
        "source_url": "string",
        "quote_location": "string",
    },
    key=("area_code", "indicator_id", "source_url"),
    not_null=("area_code", "indicator_id", "value", "source_url"),
    area_columns=("area_code",),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        AREAS,
        INDICATORS,
        INDICATOR_VALUES,
        POPULATION,
        DEPRIVATION,
        LSOA_DEPRIVATION,
        FUNDING,
        CENSUS,
        TREATMENT_DEMOGRAPHICS,
        REPORTED_FIGURES,
        TREATMENT_PROFILE,
    )
}

# Boundaries are GeoParquet (EPSG:4326) beside the tables; the app reads them with geopandas.
BOUNDARIES = {
    "gm_boroughs": "boundaries/gm_boroughs.parquet",
    "gm_lsoa11": "boundaries/gm_lsoa11.parquet",
    "england_districts": "boundaries/england_districts.parquet",
}
# Layers the browser draws from a file it fetches once (TopoJSON: each shared border stored once,
# coordinates quantised), rather than inline in every chart. `static/` in the checkout links to
# the extracts' `static/` folder, which Streamlit serves at app/static/ (server.enableStaticServing).
MAP_TOPOLOGIES = {
    "gm_boroughs": "static/gm_boroughs.topojson",
    "gm_lsoa11": "static/gm_lsoa11.topojson",
}
