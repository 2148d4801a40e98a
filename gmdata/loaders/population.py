"""Population by single year of age: ONS mid-year estimates and the Census 2021 count."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from gmcore.schema import ENGLAND, POPULATION
from gmdata.errors import SourceError
from gmdata.io import file_row, read_csv_checked, require_unique, to_number

TOP_AGE = 90  # every source here ends in an open "90 and over" band
MYE_AGES = {f"Age {a}": a for a in range(TOP_AGE)} | {"Aged 90+": TOP_AGE}
MYE_MISSING = ("-",)  # the documented marker for a cell ONS did not publish
MYE_ALL_AGES = "All Ages"
ENGLISH_DISTRICTS = ("E06", "E07", "E08", "E09")
OTHER_UK_DISTRICTS = ("W06", "S12", "N09")
CENSUS_AGES = (
    {"Aged under 1 year": 0, "Aged 1 year": 1}
    | {f"Aged {a} years": a for a in range(2, TOP_AGE)}
    | {"Aged 90 years and over": TOP_AGE}
)
CENSUS_SEXES = {"All persons": "Persons", "Male": "Male", "Female": "Female"}
ENGLAND_2022_SEXES = {"1": "Male", "2": "Female"}


def _lookup(values: pd.Series, mapping: Mapping[str, object], path: Path, column: str) -> pd.Series:
    """Map source labels to values; an unknown label raises naming its row."""
    mapped = values.map(mapping)
    bad = mapped.isna().to_numpy()
    if bad.any():
        pos = int(bad.argmax())
        raise SourceError(
            path, f"column {column!r} has unexpected value {values.iloc[pos]!r}", row=file_row(pos)
        )
    return mapped


def _whole(values: pd.Series, path: Path, column: str) -> pd.Series:
    """Convert text to int64; a blank, non-numeric or fractional cell raises naming its row."""
    numbers = to_number(values, path, column, missing=())
    fractional = (numbers % 1 != 0).to_numpy()
    if fractional.any():
        pos = int(fractional.argmax())
        raise SourceError(path, f"column {column!r} is not a whole number", row=file_row(pos))
    return numbers.astype("int64")


def _check_complete(long: pd.DataFrame, path: Path, by: list[str]) -> None:
    """Each group must hold every single age 0..90 exactly once."""
    expected = set(range(TOP_AGE + 1))
    for key, ages in long.groupby(by)["age"]:
        if len(ages) != len(expected) or set(ages) != expected:
            raise SourceError(
                path,
                f"{dict(zip(by, key, strict=True))} lacks single ages "
                f"{sorted(expected - set(ages))}",
            )


def _shape(long: pd.DataFrame, path: Path, extra: Iterable[str] = ()) -> pd.DataFrame:
    """Mark the top band, name the source and cast to the POPULATION contract."""
    long = long.assign(is_top_band=long["age"] == TOP_AGE, source=path.name)
    extra = list(extra)
    columns = [*POPULATION.columns, *extra]
    out = long[columns].astype(POPULATION.columns | dict.fromkeys(extra, "string"))
    return out.sort_values(list(POPULATION.key)).reset_index(drop=True)


def load_mye_districts(path: Path) -> pd.DataFrame:
    """English districts, persons by single year of age, mid-2001 to mid-2020.

    Source: ONS mid-year population estimates for local authorities by single year of age, as
    published before the Census 2021 rebasing (copy in danlewer/irid_trends), Office for National
    Statistics, https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates
    """
    path = Path(path)
    raw = read_csv_checked(path, ["name", "code", "year", *MYE_AGES])
    require_unique(raw, ["code", "year"], path)
    counts = pd.DataFrame({c: to_number(raw[c], path, c, missing=MYE_MISSING) for c in MYE_AGES})
    year = _whole(raw["year"], path, "year")
    prefix = raw["code"].str[:3]
    unknown = (~prefix.isin([*ENGLISH_DISTRICTS, *OTHER_UK_DISTRICTS])).to_numpy()
    if unknown.any():
        pos = int(unknown.argmax())
        raise SourceError(
            path, f"unexpected area code {raw['code'].iloc[pos]!r}", row=file_row(pos)
        )
    # The dashboard compares English areas only, so Welsh, Scottish and NI districts are dropped.
    keep = prefix.isin(ENGLISH_DISTRICTS)
    # An area-year missing any single age (1997-2000 publish 85+ as "-") is dropped whole:
    # a partial age profile would understate the total.
    keep &= counts.notna().all(axis=1)
    # Area-years in key order, each unrolled into its ages in column (= age) order: the long
    # table comes out already sorted, so _shape's sort moves no rows (a melt would give the
    # ages' blocks one after another, and sorting 600,000 rows of text costs more than the rest).
    rows = pd.DataFrame({"area_code": raw["code"], "year": year})[keep]
    rows = rows.sort_values(["area_code", "year"])
    ages = len(MYE_AGES)
    repeat = np.repeat(np.arange(len(rows)), ages)
    long = pd.DataFrame(
        {
            "area_code": rows["area_code"].array.take(repeat),
            "year": rows["year"].to_numpy()[repeat],
            "age": np.tile(np.array(list(MYE_AGES.values()), dtype="int64"), len(rows)),
            "population": counts.loc[rows.index].to_numpy().ravel(),
        }
    )
    return _shape(long.assign(sex="Persons"), path)


def load_mye_regions(path: Path) -> pd.DataFrame:
    """The nine English regions, persons by single year of age, mid-2001 to mid-2020.

    Source: ONS mid-year population estimates, English regions by single year of age (pre-2021
    rebasing; copy in danlewer/irid_trends), Office for National Statistics,
    https://www.ons.gov.uk/peoplepopulationandcommunity/populationandmigration/populationestimates

    The file names regions but gives no codes, so `area_code` is NA and the extra `area_name`
    column carries the region; the build resolves names to codes and drops `area_name`.
    """
    path = Path(path)
    raw = read_csv_checked(path, ["Age", "region"])
    years = [c for c in raw.columns if c.isdigit() and len(c) == 4]
    if not years:
        raise SourceError(path, "no year columns (e.g. '2011') in the header", row=1)
    require_unique(raw, ["region", "Age"], path)
    label = _lookup(raw["Age"], MYE_AGES | {MYE_ALL_AGES: -1}, path, "Age")
    counts = pd.DataFrame({c: to_number(raw[c], path, c, missing=MYE_MISSING) for c in years})
    wide = counts.assign(area_name=raw["region"], age=label, row=[file_row(i) for i in raw.index])
    long = wide.melt(id_vars=["area_name", "age", "row"], var_name="year", value_name="population")
    long["year"] = long["year"].astype("int64")
    totals = long.loc[long["age"] == -1, ["area_name", "year", "population", "row"]]
    ages = long[long["age"] != -1]
    _check_complete(ages, path, ["area_name", "year"])
    # As for districts, a region-year missing any single age (1991-2000 publish 85+ as "-")
    # is dropped whole; its "All Ages" cannot be checked against the single ages either.
    complete = ages["population"].notna().groupby([ages["area_name"], ages["year"]])
    ages = ages[complete.transform("all")]
    checked = (
        ages.groupby(["area_name", "year"])["population"].sum().rename("sum").reset_index()
    ).merge(totals, on=["area_name", "year"], how="left")
    wrong = ~((checked["sum"] - checked["population"]).abs() < 0.5)
    if wrong.any():
        first = checked[wrong].iloc[0]
        raise SourceError(
            path,
            f"{first['area_name']} {first['year']}: single ages sum to {first['sum']:,.0f} but "
            f"{MYE_ALL_AGES} is {first['population']:,.0f}",
            row=None if pd.isna(first["row"]) else int(first["row"]),
        )
    return _shape(ages.assign(area_code=None, sex="Persons"), path, extra=["area_name"])


def load_mye_england_2022(path: Path) -> pd.DataFrame:
    """England mid-2022 by sex and single year of age, with Persons = Male + Female.

    Source: ONS "Analysis of population estimates tool for UK" 2023 edition, sheet MYEB2 (copy
    in sandyknight/mortality-and-substance-use), Office for National Statistics,
    https://www.ons.gov.uk/file?uri=/peoplepopulationandcommunity/populationandmigration/populationestimates/datasets/analysisofpopulationestimatestoolforuk/2023/theanalysisofpopulationestimatestool2023ew.xlsx
    """
    path = Path(path)
    raw = read_csv_checked(path, ["code", "level", "age", "sex", "population_2022"])
    _lookup(raw["code"], {ENGLAND: ENGLAND}, path, "code")
    require_unique(raw, ["code", "age", "sex"], path)
    frame = pd.DataFrame(
        {
            "area_code": raw["code"],
            "year": 2022,
            "sex": _lookup(raw["sex"], ENGLAND_2022_SEXES, path, "sex"),
            "age": _whole(raw["age"], path, "age"),
            "population": to_number(raw["population_2022"], path, "population_2022", missing=()),
        }
    )
    _check_complete(frame, path, ["sex"])
    persons = frame.groupby(["area_code", "year", "age"], as_index=False)["population"].sum()
    return _shape(pd.concat([frame, persons.assign(sex="Persons")]), path)


def load_census_population(path: Path) -> pd.DataFrame:
    """GM boroughs at Census 2021 (21 March) by sex and single year of age, unrounded.

    Source: ONS Census 2021 table RM200 "Sex by single year of age" via Nomis (NM_2300_1; copy
    in traffordDataLab/open_data), Office for National Statistics,
    https://www.nomisweb.co.uk/api/v01/dataset/NM_2300_1.data.csv
    """
    path = Path(path)
    raw = read_csv_checked(path, ["area_code", "period", "measure", "age", "sex", "value"])
    _lookup(raw["measure"], {"Count": "Count"}, path, "measure")
    _lookup(raw["period"], {"2021-03-21": 2021}, path, "period")
    require_unique(raw, ["area_code", "period", "sex", "age"], path)
    frame = pd.DataFrame(
        {
            "area_code": raw["area_code"],
            "year": 2021,
            "sex": _lookup(raw["sex"], CENSUS_SEXES, path, "sex"),
            "age": _lookup(raw["age"], CENSUS_AGES, path, "age").astype("int64"),
            "population": to_number(raw["value"], path, "value", missing=()),
        }
    )
    _check_complete(frame, path, ["area_code", "sex"])
    return _shape(frame, path)
