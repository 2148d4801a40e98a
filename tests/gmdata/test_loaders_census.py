"""Census topic loader: every listed file read into the contract, and clear errors on bad copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from gmcore.schema import CENSUS, GM_BOROUGHS
from gmdata.errors import SourceError
from gmdata.loaders.census import CENSUS_FILES, SINGLE_YEAR_FILE, load_census_topics

HISTORY = "census_1981_2021_pop_by_sex_5yr_age_gm_lad.csv"
RELIGION = "census2021_religion_gm_lad.csv"


@pytest.fixture(scope="module")
def census(raw_dir: Path) -> pd.DataFrame:
    return load_census_topics(raw_dir / "demographics")


def copy_sources(raw_dir: Path, dst: Path) -> Path:
    for name in [*CENSUS_FILES, SINGLE_YEAR_FILE]:
        shutil.copy(raw_dir / "demographics" / name, dst / name)
    return dst


def test_every_census_file_but_single_year_ages_is_loaded(
    raw_dir: Path, census: pd.DataFrame
) -> None:
    on_disk = {p.name for p in (raw_dir / "demographics").glob("census2021_*_gm_lad.csv")}
    assert on_disk - set(CENSUS_FILES) == {SINGLE_YEAR_FILE}
    assert census["topic"].nunique() == len(CENSUS_FILES)
    assert list(census.columns) == list(CENSUS.columns)
    assert (census.dtypes.astype(str) == pd.Series(CENSUS.columns)).all()
    assert set(census["area_code"]) == set(GM_BOROUGHS)
    assert set(census["measure"]) == {"count", "percentage"}
    assert not census.duplicated(list(CENSUS.key)).any()
    assert census[list(CENSUS.not_null)].notna().all().all()
    assert len(census) == 6_990


def test_published_figures(census: pd.DataFrame) -> None:
    def value(topic: str, area: str, category: str, **where: str) -> float:
        rows = census[
            (census["topic"] == topic)
            & (census["area_code"] == area)
            & (census["category"] == category)
        ]
        for column, wanted in where.items():
            rows = rows[rows[column] == wanted]
        assert len(rows) == 1
        return float(rows["value"].iloc[0])

    # The 5-year bands carry their band in `indicator`; Wigan's sum to the Census total.
    bands = census[(census["topic"] == "age_5yr") & (census["area_code"] == "E08000010")]
    assert bands["value"].sum() == pytest.approx(329_321, abs=20)  # cell-key perturbation
    # The 1981-2021 series: 2021 is the rounded first release (Manchester 552,000).
    assert (
        value(
            "population_history",
            "E08000003",
            "All ages",
            sex="Persons",
            period=pd.Timestamp("2021-03-21"),
        )
        == 552_000
    )
    assert (
        value("ethnic_group", "E08000001", "Asian, Asian British or Asian Welsh: Bangladeshi")
        == 985
    )
    assert value("unpaid_care_age_std", "E08000001", "Provides no unpaid care") == 90.2
    history = census[census["topic"] == "population_history"]
    assert set(history["sex"]) == {"Persons", "Male", "Female"}
    assert history["period"].dt.year.unique().tolist() == [1981, 1991, 2001, 2011, 2021]
    religion = census[census["topic"] == "religion"]
    assert religion["source_url"].unique().tolist() == [
        "https://www.nomisweb.co.uk/api/v01/dataset/NM_2049_1.data.csv"
    ]
    assert religion["table_code"].unique().tolist() == ["TS030"]


def test_unlisted_census_file_is_refused(raw_dir: Path, tmp_path: Path) -> None:
    folder = copy_sources(raw_dir, tmp_path)
    shutil.copy(folder / RELIGION, folder / "census2021_new_topic_gm_lad.csv")
    with pytest.raises(SourceError, match=r"census2021_new_topic_gm_lad\.csv: not in CENSUS_FILES"):
        load_census_topics(folder)


def test_non_numeric_value_names_file_and_row(raw_dir: Path, tmp_path: Path) -> None:
    folder = copy_sources(raw_dir, tmp_path)
    lines = (folder / RELIGION).read_text().splitlines(keepends=True)
    lines[3] = lines[3].rsplit(",", 1)[0] + ",c\n"
    (folder / RELIGION).write_text("".join(lines))
    with pytest.raises(SourceError, match=rf"{RELIGION}, row 4: column 'value' .*'c'"):
        load_census_topics(folder)


def test_duplicate_key_and_unknown_sex(raw_dir: Path, tmp_path: Path) -> None:
    folder = copy_sources(raw_dir, tmp_path)
    lines = (folder / RELIGION).read_text().splitlines(keepends=True)
    (folder / RELIGION).write_text("".join([*lines, lines[1]]))
    with pytest.raises(SourceError, match=rf"{RELIGION}, row {len(lines) + 1}: duplicate key"):
        load_census_topics(folder)
    shutil.copy(raw_dir / "demographics" / RELIGION, folder / RELIGION)
    text = (folder / HISTORY).read_text().replace(",Females,", ",Women,", 1)
    (folder / HISTORY).write_text(text)
    with pytest.raises(SourceError, match=rf"{HISTORY}, row 2: column 'sex' .*'Women'"):
        load_census_topics(folder)


def test_missing_category_column(raw_dir: Path, tmp_path: Path) -> None:
    folder = copy_sources(raw_dir, tmp_path)
    text = (folder / RELIGION).read_text().replace("religion,measure", "faith,measure", 1)
    (folder / RELIGION).write_text(text)
    with pytest.raises(
        SourceError, match=rf"{RELIGION}, row 1: missing column\(s\) \['religion'\]"
    ):
        load_census_topics(folder)
