"""Population loaders: published totals from the real files, and clear errors on broken copies."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gmcore.schema import GM_BOROUGHS, POPULATION
from gmdata.errors import SourceError
from gmdata.loaders.population import (
    load_census_population,
    load_mye_districts,
    load_mye_england_2022,
    load_mye_regions,
)

DISTRICTS = "mye_uk_lad_single_year_age_persons_1997_2020.csv"
REGIONS = "mye_england_regions_single_year_age_persons_1991_2020.csv"
ENGLAND_2022 = "mye_england_single_year_age_sex_2022.csv"
CENSUS = "census2021_pop_by_sex_single_year_age_gm_lad.csv"


@pytest.fixture(scope="module")
def demographics(raw_dir: Path) -> Path:
    return raw_dir / "demographics"


@pytest.fixture(scope="module")
def districts(demographics: Path) -> pd.DataFrame:
    return load_mye_districts(demographics / DISTRICTS)


def total(frame: pd.DataFrame, area: str, year: int, sex: str = "Persons") -> float:
    rows = frame[(frame["area_code"] == area) & (frame["year"] == year) & (frame["sex"] == sex)]
    return float(rows["population"].sum())


def share_65_plus(frame: pd.DataFrame) -> float:
    return round(
        100 * frame.loc[frame["age"] >= 65, "population"].sum() / frame["population"].sum(), 1
    )


def corrupt(src: Path, dst: Path, line: int, old: str, new: str) -> Path:
    """Copy `src` to `dst` with `old` replaced by `new` on 1-based `line`."""
    lines = src.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    dst.write_text("".join(lines), encoding="utf-8")
    return dst


def test_districts_match_published_totals(districts: pd.DataFrame) -> None:
    assert total(districts, "E08000003", 2011) == 502_902
    assert total(districts, "E08000003", 2020) == 555_741
    assert total(districts, "E08000010", 2011) == 318_122
    gm = districts[districts["area_code"].isin(GM_BOROUGHS) & (districts["year"] == 2011)]
    assert gm["population"].sum() == 2_685_386


def test_districts_are_english_complete_years_in_the_contract(districts: pd.DataFrame) -> None:
    assert list(districts.columns) == list(POPULATION.columns)
    assert districts["area_code"].str[:3].isin(["E06", "E07", "E08", "E09"]).all()
    assert districts["area_code"].nunique() == 309
    # 1997-2000 publish 85+ as "-", so those years are dropped rather than understated.
    assert districts["year"].min() == 2001 and districts["year"].max() == 2020
    assert len(districts) == 309 * 20 * 91
    assert districts.loc[districts["is_top_band"], "age"].eq(90).all()
    assert not districts.duplicated(list(POPULATION.key)).any()


def test_regions_sum_to_england_and_carry_names(
    demographics: Path, districts: pd.DataFrame
) -> None:
    regions = load_mye_regions(demographics / REGIONS)
    assert regions["area_code"].isna().all()
    nw = regions[(regions["area_name"] == "North West") & (regions["year"] == 2011)]
    assert nw["population"].sum() == 7_055_961
    england_2011 = regions.loc[regions["year"] == 2011, "population"].sum()
    assert england_2011 == districts.loc[districts["year"] == 2011, "population"].sum()
    assert england_2011 == 53_107_169
    assert regions["year"].min() == 2001 and len(regions) == 9 * 20 * 91


def test_england_2022_persons_and_share_65_plus(demographics: Path) -> None:
    england = load_mye_england_2022(demographics / ENGLAND_2022)
    assert set(england["sex"]) == {"Persons", "Male", "Female"}
    persons = england[england["sex"] == "Persons"]
    assert persons["population"].sum() == 57_112_542
    assert (
        total(england, "E92000001", 2022, "Male") + total(england, "E92000001", 2022, "Female")
        == 57_112_542
    )
    assert share_65_plus(persons) == 18.6


def test_census_population_wigan(demographics: Path) -> None:
    census = load_census_population(demographics / CENSUS)
    wigan = census[(census["area_code"] == "E08000010") & (census["sex"] == "Persons")]
    assert wigan["population"].sum() == 329_321
    assert share_65_plus(wigan) == 19.3
    assert total(census, "E08000003", 2021) == 551_944
    assert sorted(wigan["age"]) == list(range(91))
    assert wigan.loc[wigan["age"] == 90, "is_top_band"].all()
    assert len(census) == 10 * 3 * 91


def test_undocumented_marker_names_file_and_row(demographics: Path, tmp_path: Path) -> None:
    bad = corrupt(demographics / DISTRICTS, tmp_path / DISTRICTS, 3, ",5658,", ",x,")
    with pytest.raises(SourceError, match=rf"{DISTRICTS}, row 3: column 'Age 0'.*'x'"):
        load_mye_districts(bad)


def test_missing_age_column_is_reported(demographics: Path, tmp_path: Path) -> None:
    bad = corrupt(demographics / DISTRICTS, tmp_path / DISTRICTS, 1, "Aged 90+", "Age 90")
    with pytest.raises(SourceError, match=r"row 1: missing column\(s\) \['Aged 90\+'\]"):
        load_mye_districts(bad)


def test_regions_all_ages_must_equal_the_single_ages(demographics: Path, tmp_path: Path) -> None:
    lines = (demographics / REGIONS).read_text().splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t.startswith("All Ages,North West,"))
    bad = corrupt(demographics / REGIONS, tmp_path / REGIONS, line, ",7055961,", ",7055962,")
    with pytest.raises(SourceError, match=rf"row {line}: North West 2011: single ages sum to "):
        load_mye_regions(bad)


def test_england_2022_unknown_sex_code(demographics: Path, tmp_path: Path) -> None:
    bad = corrupt(demographics / ENGLAND_2022, tmp_path / ENGLAND_2022, 5, ",1,", ",3,")
    with pytest.raises(SourceError, match=r"row 5: column 'sex' has unexpected value '3'"):
        load_mye_england_2022(bad)


def test_census_unknown_age_label_and_empty_file(demographics: Path, tmp_path: Path) -> None:
    bad = corrupt(demographics / CENSUS, tmp_path / CENSUS, 2, "Aged under 1 year", "Aged <1")
    with pytest.raises(SourceError, match=r"row 2: column 'age' has unexpected value 'Aged <1'"):
        load_census_population(bad)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(SourceError, match=r"empty\.csv: file is empty"):
        load_census_population(empty)
