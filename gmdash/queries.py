"""One typed function per file in queries/: values are always bound, never formatted into SQL."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

import duckdb
import pandas as pd

from gmdash.disclosure import mark_source_status, protect_profile, protect_two_way, suppress

QUERIES_DIR = Path(__file__).resolve().parents[1] / "queries"
P = ParamSpec("P")
T = TypeVar("T")
Connection = duckdb.DuckDBPyConnection

_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/", re.S)
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@cache
def sql_text(name: str) -> str:
    """The SQL of queries/<name>.sql (read once)."""
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query file queries/{name}.sql")
    return path.read_text()


def named_parameters(sql: str) -> list[str]:
    """The `$name` parameters a query binds, in first-use order, ignoring strings and comments."""
    seen: dict[str, None] = {}
    for match in _PARAMETER.finditer(_STRINGS_AND_COMMENTS.sub(" ", sql)):
        seen.setdefault(match.group(1), None)
    return list(seen)


def run(con: duckdb.DuckDBPyConnection, name: str, **params: Any) -> pd.DataFrame:
    """Execute queries/<name>.sql on a fresh cursor with exactly its named parameters bound."""
    sql = sql_text(name)
    expected = set(named_parameters(sql))
    if set(params) != expected:
        raise TypeError(f"queries/{name}.sql takes {sorted(expected)}, got {sorted(params)}")
    cursor = con.cursor()
    try:
        return cursor.execute(sql, params or None).df()
    finally:
        cursor.close()


class Ask(Protocol):
    """How views run a query: `ask(queries.indicator_periods, indicator_id, sex=...)`.

    Typed like a call of the query itself (mypy checks the arguments against the function),
    so views run unchanged on the app's cached queries (`gmdash.ui.data.ask`) and on a plain
    connection (`Direct`, for the committee pack and the benchmark).

    `ask.memo(fn, *args)` is `fn(ask, *args)` for anything worked out from the extracts alone
    (a view's blocks, every borough series' recent trend): the app's ask computes it once per
    extract version and arguments and shares the result between sessions, so callers treat
    what it returns as read-only; other asks simply call `fn`.
    """

    def __call__(
        self,
        query: Callable[Concatenate[Connection, P], pd.DataFrame],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> pd.DataFrame: ...

    def memo(
        self, fn: Callable[Concatenate[Ask, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T: ...


@dataclass(frozen=True)
class Direct:
    """Run queries straight on a connection, uncached (command-line tools and tests)."""

    con: Connection

    def __call__(
        self,
        query: Callable[Concatenate[Connection, P], pd.DataFrame],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> pd.DataFrame:
        return query(self.con, *args, **kwargs)

    def memo(self, fn: Callable[Concatenate[Ask, P], T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        return fn(self, *args, **kwargs)


def _codes(values: Sequence[str]) -> list[str]:
    return [str(v) for v in values]


# NDTMS-style treatment counts: user-defined slices of these are rounded to 5, as ViewIt does.
NDTMS_PREFIXES = ("completions_", "adults_in_treatment_", "alcohol_in_treatment")


def _disclosed(
    frame: pd.DataFrame,
    *,
    group_cols: Sequence[str] = (),
    round_to: int | None = None,
    total_published: bool = True,
) -> pd.DataFrame:
    """Disclosure control, applied here to every frame that carries counts, before any page.

    `group_cols` name the rows that add up to a total a reader could see (the boroughs of one
    period, the ethnic groups of one sex and age), so secondary suppression protects them.
    """
    if "count" not in frame.columns:
        return frame
    return suppress(
        frame, group_cols=group_cols, round_to=round_to, total_published=total_published
    )


def indicator_catalogue(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every indicator with its metadata and the periods and areas it covers."""
    return run(con, "indicator_catalogue")


def indicator_periods(
    con: duckdb.DuckDBPyConnection, indicator_id: str, sex: str = "Persons"
) -> pd.DataFrame:
    """The periods an indicator has values for, oldest first."""
    return run(con, "indicator_periods", indicator_id=indicator_id, sex=sex)


def area_lookup(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every known area with its type and years, for checking codes in uploaded files."""
    return run(con, "area_lookup")


def gm_areas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The ten GM boroughs, Greater Manchester, the North West and England, in display order."""
    return run(con, "gm_areas")


def indicator_values_gm(
    con: duckdb.DuckDBPyConnection, indicator_id: str, period: str, sex: str = "Persons"
) -> pd.DataFrame:
    """One indicator in one period for the GM boroughs and the comparators."""
    frame = run(con, "indicator_values_gm", indicator_id=indicator_id, period=period, sex=sex)
    return _disclosed(frame)


def latest_values_gm(con: duckdb.DuckDBPyConnection, sex: str = "Persons") -> pd.DataFrame:
    """Every indicator with GM borough data in its latest period, boroughs and comparators."""
    return _disclosed(run(con, "latest_values_gm", sex=sex), group_cols=["indicator_id"])


def indicator_trend(
    con: duckdb.DuckDBPyConnection,
    indicator_id: str,
    area_codes: Sequence[str],
    sex: str = "Persons",
) -> pd.DataFrame:
    """An indicator over time for the chosen areas."""
    frame = run(
        con, "indicator_trend", indicator_id=indicator_id, sex=sex, area_codes=_codes(area_codes)
    )
    return _disclosed(frame, group_cols=["period"])


def population_pyramid(con: duckdb.DuckDBPyConnection, area_code: str, year: int) -> pd.DataFrame:
    """Population by sex and single year of age with each cell's share of the total."""
    return run(con, "population_pyramid", area_code=area_code, year=int(year))


def population_years(con: duckdb.DuckDBPyConnection, area_code: str) -> pd.DataFrame:
    """The years an area has population estimates for."""
    return run(con, "population_years", area_code=area_code)


def population_age_share(
    con: duckdb.DuckDBPyConnection, area_codes: Sequence[str], year: int, min_age: int
) -> pd.DataFrame:
    """Share of each area's population at or above `min_age`, latest year up to `year`."""
    return run(
        con,
        "population_age_share",
        area_codes=_codes(area_codes),
        year=int(year),
        min_age=int(min_age),
    )


def deprivation_districts(
    con: duckdb.DuckDBPyConnection, edition: int, domain: str
) -> pd.DataFrame:
    """Every English district's deprivation summary for one edition and domain."""
    return run(con, "deprivation_districts", edition=int(edition), domain=domain)


def lsoa_decile_counts(
    con: duckdb.DuckDBPyConnection, area_codes: Sequence[str], domain: str
) -> pd.DataFrame:
    """How each chosen borough's LSOAs spread across the national deciles of a domain."""
    return run(con, "lsoa_decile_counts", area_codes=_codes(area_codes), domain=domain)


def gm_lsoa_deprivation(con: duckdb.DuckDBPyConnection, domain: str) -> pd.DataFrame:
    """Every GM 2011 LSOA's national rank and decile on an IoD 2019 domain."""
    return run(con, "gm_lsoa_deprivation", domain=domain)


def lsoa_domains(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The IoD 2019 domains available at LSOA level."""
    return run(con, "lsoa_domains")


def funding_allocations(con: duckdb.DuckDBPyConnection, area_codes: Sequence[str]) -> pd.DataFrame:
    """Every sourced funding figure for the chosen areas."""
    return run(con, "funding_allocations", area_codes=_codes(area_codes))


def funding_per_head(con: duckdb.DuckDBPyConnection, area_codes: Sequence[str]) -> pd.DataFrame:
    """Funding per resident where a same-year population estimate exists."""
    return run(con, "funding_per_head", area_codes=_codes(area_codes))


def funding_grants(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The grants in the funding extract with their coverage."""
    return run(con, "funding_grants")


def census_topics(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The Census topics held for the GM boroughs."""
    return run(con, "census_topics")


def census_topic(con: duckdb.DuckDBPyConnection, topic: str, measure: str) -> pd.DataFrame:
    """One Census topic for the GM boroughs in one measure."""
    return run(con, "census_topic", topic=topic, measure=measure)


def treatment_demographics(
    con: duckdb.DuckDBPyConnection, period: str, substance_group: str
) -> pd.DataFrame:
    """Adults in treatment in England by sex, age and ethnicity (NDTMS)."""
    frame = run(con, "treatment_demographics", period=period, substance_group=substance_group)
    return _disclosed(frame, group_cols=["sex", "age"])


def reported_figures(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Single figures quoted in council reports."""
    return run(con, "reported_figures")


def quintile_areas(
    con: duckdb.DuckDBPyConnection, indicator_id: str, period: str, sex: str = "Persons"
) -> pd.DataFrame:
    """The English local authorities with a value, with tier and region, for map quintiles."""
    frame = run(con, "quintile_areas", indicator_id=indicator_id, period=period, sex=sex)
    return _disclosed(frame)


def gm_borough_series(con: duckdb.DuckDBPyConnection, sex: str = "Persons") -> pd.DataFrame:
    """Every indicator's GM borough series up to its latest GM period, for the trend test."""
    return _disclosed(run(con, "gm_borough_series", sex=sex), group_cols=["indicator_id", "period"])


def england_distribution_latest(
    con: duckdb.DuckDBPyConnection, sex: str = "Persons"
) -> pd.DataFrame:
    """Every indicator's English local-authority values in its latest GM period (spine ranges)."""
    return _disclosed(run(con, "england_distribution_latest", sex=sex), group_cols=["indicator_id"])


def gm_indicator_values(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every indicator, every period, for the GM boroughs and comparators (the full download)."""
    # Each indicator x period x sex x age slice is a set of boroughs adding up to GM: protect it.
    return _disclosed(
        run(con, "gm_indicator_values"), group_cols=["indicator_id", "period", "sex", "age"]
    )


def treatment_profile_areas(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The areas with an NDTMS ViewIt export loaded, GM boroughs first; empty when none is."""
    return run(con, "treatment_profile_areas")


def treatment_profile_breakdown(
    con: duckdb.DuckDBPyConnection,
    area_code: str,
    period: str,
    substance_group: str,
    sex: str = "Persons",
    age: str = "18+ yrs",
) -> pd.DataFrame:
    """Every service-user measure's categories for one area, year, substance, sex and age."""
    frame = run(
        con,
        "treatment_profile_breakdown",
        area_code=area_code,
        period=period,
        substance_group=substance_group,
        sex=sex,
        age=age,
    )
    # A measure's categories add up to its total (`denominator`): protect them as one group.
    return protect_profile(frame, group_cols=["measure"])


def treatment_profile_series(
    con: duckdb.DuckDBPyConnection,
    area_code: str,
    substance_group: str,
    sex: str = "Persons",
    age: str = "18+ yrs",
) -> pd.DataFrame:
    """Every service-user measure's categories over the years loaded for one area."""
    frame = run(
        con,
        "treatment_profile_series",
        area_code=area_code,
        substance_group=substance_group,
        sex=sex,
        age=age,
    )
    return protect_profile(frame, group_cols=["period", "measure"])


def treatment_profile_sex_age(
    con: duckdb.DuckDBPyConnection, area_code: str, period: str, substance_group: str
) -> pd.DataFrame:
    """People in treatment by sex and age group, margins included, for one area and year."""
    frame = run(
        con,
        "treatment_profile_sex_age",
        area_code=area_code,
        period=period,
        substance_group=substance_group,
    )
    # Both margins are shown, so a hidden cell must be safe along its row and its column.
    protected = protect_two_way(frame, "sex", "age", "Persons", "18+ yrs", round_to=5)
    return mark_source_status(protected)


def treatment_profile_sex_age_series(
    con: duckdb.DuckDBPyConnection, area_code: str, substance_group: str
) -> pd.DataFrame:
    """People in treatment by sex and age group, margins included, for every year loaded."""
    frame = run(
        con,
        "treatment_profile_sex_age_series",
        area_code=area_code,
        substance_group=substance_group,
    )
    # Each year's grid is shown with both margins, as in treatment_profile_sex_age.
    parts = [
        protect_two_way(part, "sex", "age", "Persons", "18+ yrs", round_to=5)
        for _, part in frame.groupby("period", sort=False)
    ]
    if not parts:
        return protect_two_way(frame, "sex", "age", "Persons", "18+ yrs", round_to=5)
    return mark_source_status(pd.concat(parts, ignore_index=True))


def treatment_profile_england(con: duckdb.DuckDBPyConnection, substance_group: str) -> pd.DataFrame:
    """England's adults in treatment by sex, age and ethnicity in every year (NDTMS)."""
    frame = run(con, "treatment_profile_england", substance_group=substance_group)
    # As treatment_demographics: the ethnic groups of one year, sex and age are shown together.
    return _disclosed(frame, group_cols=["period", "sex", "age"])
