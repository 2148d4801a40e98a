"""Walkthrough JSON loader, on the real extracts and on malformed copies of them."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from gmdata.areas import build_areas
from gmdata.errors import SourceError
from gmdata.loaders.fingertips import INDICATOR_COLUMNS
from gmdata.loaders.walkthrough import load_walkthrough, load_walkthrough_extracts

NEIGHBOURS = "wsx_walkthrough_ut_neighbours_incl_salford_90245_{year}.json"
COMPANION = "wsx_walkthrough_extract_compare_england_90245_{year}.json"
NAME = "Successful completion of drug treatment - non-opiate users"


@pytest.fixture(scope="module")
def areas(raw_dir: Path) -> pd.DataFrame:
    return build_areas(
        raw_dir / "geo/uk_admin_areas_2014_2025_bsc.topojson",
        raw_dir / "outcomes/fingertips_next_poc_areas_hierarchy.csv",
    )


@pytest.fixture(scope="module")
def rows(raw_dir: Path, areas: pd.DataFrame) -> pd.DataFrame:
    return load_walkthrough_extracts(
        [raw_dir / "outcomes" / NEIGHBOURS.format(year=y) for y in (2017, 2018)], areas
    )


def _one(frame: pd.DataFrame, area: str, period: str) -> pd.Series:
    found = frame[(frame["area_code"] == area) & (frame["period"] == period)]
    assert len(found) == 1, (area, period)
    return found.iloc[0]


def test_salford_and_england_as_published(rows: pd.DataFrame) -> None:
    assert list(rows.columns) == list(INDICATOR_COLUMNS)
    assert set(rows["indicator_id"]) == {"completions_non_opiate"}
    # PROVENANCE section 14: Salford's 90245 rows.
    salford = _one(rows, "E08000006", "2017")
    assert (salford["count"], salford["denominator"]) == (322, 551)
    assert (salford["value"], salford["lci95"], salford["uci95"]) == (58.4392, 54.2797, 62.4819)
    salford = _one(rows, "E08000006", "2018")
    assert (salford["count"], salford["denominator"]) == (278, 549)
    assert (salford["value"], salford["lci95"], salford["uci95"]) == (50.6375, 46.4655, 54.8007)
    # PROVENANCE section 14b: England's comparator fields; no England denominator published.
    england = _one(rows, "E92000001", "2017")
    assert (england["value"], england["lci95"], england["uci95"]) == (36.9027, 36.488, 37.3193)
    assert england["count"] == 19106 and pd.isna(england["denominator"])
    assert "no England denominator" in england["note"]
    england = _one(rows, "E92000001", "2018")
    assert (england["value"], england["lci95"], england["uci95"]) == (34.3774, 33.9712, 34.7859)
    assert england["count"] == 17956 and pd.isna(england["denominator"])
    assert england["source"] == COMPANION.format(year=2018)
    assert salford["source"] == NEIGHBOURS.format(year=2018)


def test_every_area_once_per_period_in_the_official_grain(rows: pd.DataFrame) -> None:
    # Salford and 34 other upper-tier areas, and England, in each of the two years.
    assert Counter(rows["period"]) == {"2017": 36, "2018": 36}
    places = rows[rows["area_code"] != "E92000001"]
    assert places["area_code"].str[:3].isin(["E06", "E08", "E09", "E10"]).all()
    assert not rows.duplicated(["area_code", "period"]).any()
    assert set(rows[["period_type", "sex", "age"]].itertuples(index=False)) == {
        ("calendar_year", "Persons", "18+ yrs")
    }
    assert set(rows["period_start"]) == {pd.Timestamp("2017-01-01"), pd.Timestamp("2018-01-01")}
    # Only the published 95% limits: no 99.8% limits are made up beside them.
    assert rows[["lci998", "uci998"]].isna().all().all()
    assert places[["count", "denominator", "value", "lci95", "uci95"]].notna().all().all()


def test_codes_agree_with_the_companion(raw_dir: Path, rows: pd.DataFrame) -> None:
    companion = json.loads((raw_dir / "outcomes" / COMPANION.format(year=2017)).read_text())
    for record in (r for r in companion if r["ID"] == "90245"):
        row = _one(rows, record["Area_code"], "2017")
        assert row["area_name"] == record["Area_name"]
        assert row["value"] == record["Value"]


# Malformed copies: each stops with a SourceError naming the file and the problem.
def _copy(raw_dir: Path, tmp: Path, year: int = 2017) -> tuple[Path, Path]:
    neighbours = tmp / NEIGHBOURS.format(year=year)
    companion = tmp / COMPANION.format(year=year)
    shutil.copy(raw_dir / "outcomes" / neighbours.name, neighbours)
    shutil.copy(raw_dir / "outcomes" / companion.name, companion)
    return neighbours, companion


def _edit(path: Path, change: Any) -> None:
    records = json.loads(path.read_text())
    change(records)
    path.write_text(json.dumps(records))


def test_missing_companion(raw_dir: Path, tmp_path: Path, areas: pd.DataFrame) -> None:
    neighbours, companion = _copy(raw_dir, tmp_path)
    companion.unlink()
    with pytest.raises(SourceError, match=rf"{neighbours.name}: companion file {companion.name}"):
        load_walkthrough(neighbours, areas)


def test_file_name_without_indicator_and_year(
    raw_dir: Path, tmp_path: Path, areas: pd.DataFrame
) -> None:
    neighbours, _ = _copy(raw_dir, tmp_path)
    renamed = neighbours.rename(tmp_path / "neighbours.json")
    with pytest.raises(SourceError, match=r"neighbours\.json: file name does not end"):
        load_walkthrough(renamed, areas)


def test_area_name_that_maps_to_no_code(raw_dir: Path, tmp_path: Path, areas: pd.DataFrame) -> None:
    neighbours, _ = _copy(raw_dir, tmp_path)

    def rename(records: list[dict[str, Any]]) -> None:
        for r in records:
            if r["Area_name"] == "Reading":
                r["Area_name"] = "Narnia"

    _edit(neighbours, rename)
    with pytest.raises(SourceError, match=rf"{neighbours.name}: area name 'Narnia' matches no"):
        load_walkthrough(neighbours, areas)


def test_duplicate_records_with_conflicting_values(
    raw_dir: Path, tmp_path: Path, areas: pd.DataFrame
) -> None:
    neighbours, _ = _copy(raw_dir, tmp_path)
    records = json.loads(neighbours.read_text())
    repeated = Counter(r["Area_name"] for r in records if r["Name"] == NAME)
    area = next(a for a, n in sorted(repeated.items()) if n > 1)

    def change_last(records: list[dict[str, Any]]) -> None:
        last = [r for r in records if r["Name"] == NAME and r["Area_name"] == area][-1]
        last["Value"] += 1

    _edit(neighbours, change_last)
    with pytest.raises(
        SourceError, match=rf"{neighbours.name}: duplicate records for '{area}'.*conflicting"
    ):
        load_walkthrough(neighbours, areas)


def test_neighbours_disagree_with_the_companion(
    raw_dir: Path, tmp_path: Path, areas: pd.DataFrame
) -> None:
    neighbours, _ = _copy(raw_dir, tmp_path)

    def shift(records: list[dict[str, Any]]) -> None:
        for r in records:
            if r["Name"] == NAME and r["Area_name"] == "West Sussex":
                r["Numerator"] += 1

    _edit(neighbours, shift)
    with pytest.raises(SourceError, match=r"'West Sussex'.*not from the same data pull"):
        load_walkthrough(neighbours, areas)


def test_companion_with_two_periods(raw_dir: Path, tmp_path: Path, areas: pd.DataFrame) -> None:
    neighbours, companion = _copy(raw_dir, tmp_path)

    def second_period(records: list[dict[str, Any]]) -> None:
        [r for r in records if r["ID"] == "90245"][-1]["Timeperiod"] = "2016"

    _edit(companion, second_period)
    with pytest.raises(SourceError, match=rf"{companion.name}: 90245 period should be one value"):
        load_walkthrough(neighbours, areas)


def test_text_where_a_number_belongs(raw_dir: Path, tmp_path: Path, areas: pd.DataFrame) -> None:
    neighbours, _ = _copy(raw_dir, tmp_path)

    def text(records: list[dict[str, Any]]) -> None:
        next(r for r in records if r["Name"] == NAME)["Denominator"] = "603"

    _edit(neighbours, text)
    with pytest.raises(SourceError, match=r"'Denominator' is '603', not a number"):
        load_walkthrough(neighbours, areas)


def test_not_json(raw_dir: Path, tmp_path: Path, areas: pd.DataFrame) -> None:
    neighbours, _ = _copy(raw_dir, tmp_path)
    neighbours.write_text("<html>not found</html>")
    with pytest.raises(SourceError, match=rf"{neighbours.name}: not valid UTF-8 JSON"):
        load_walkthrough(neighbours, areas)


def test_indicator_absent_from_the_neighbour_file(
    raw_dir: Path, tmp_path: Path, areas: pd.DataFrame
) -> None:
    neighbours, _ = _copy(raw_dir, tmp_path)
    _edit(neighbours, lambda records: records.__setitem__(slice(None), records[:10]))
    with pytest.raises(SourceError, match=rf"{neighbours.name}: no records for '{NAME}'"):
        load_walkthrough(neighbours, areas)


def test_two_files_for_the_same_period(raw_dir: Path, tmp_path: Path, areas: pd.DataFrame) -> None:
    first, _ = _copy(raw_dir, tmp_path, 2017)
    second = tmp_path / "wsx_walkthrough_ut_neighbours_copy_90245_2017.json"
    shutil.copy(first, second)
    with pytest.raises(SourceError, match=rf"{second.name}: .*also in {first.name}"):
        load_walkthrough_extracts([first, second], areas)
