"""The illustrative generator: calibrated on the real anchors, inside its documented ranges, in
the official grain, and never equal to a real figure."""

from __future__ import annotations

import csv
import json
import statistics
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from gmcore.schema import ENGLAND, GM_BOROUGHS, NORTH_WEST
from gmdata import illustrative
from gmdata.catalogue import BY_ID, COMPLETION_IDS

OUTCOMES = "outcomes"
NEIGHBOURS = "wsx_walkthrough_ut_neighbours_incl_salford_90245_{year}.json"
NDTMS = (
    "ndtms_viewit_england_adults_in_treatment_by_substance_sex_age_ethnicity_2009-10_to_2021-22.csv"
)
NAME = "Successful completion of drug treatment - non-opiate users"
# PROVENANCE section 14b: England 90245, 36.9027% (19,106 completions) in 2017, 34.3774% in 2018.
ENGLAND_2017, ENGLAND_2018, ENGLAND_COUNT_2017 = 36.9027, 34.3774, 19106


def _real_area_values(raw_dir: Path, year: int) -> list[float]:
    """The 35 real areas' 90245 values in one walkthrough file, each area once."""
    records = json.loads((raw_dir / OUTCOMES / NEIGHBOURS.format(year=year)).read_text())
    by_area = {r["Area_name"]: r["Value"] for r in records if r["Name"] == NAME}
    assert len(by_area) == 35
    return list(by_area.values())


def _ndtms_england(raw_dir: Path) -> dict[tuple[str, str], float]:
    """NDTMS England adults in treatment by (period, drug group), all sexes and ages."""
    with (raw_dir / OUTCOMES / NDTMS).open(encoding="utf-8-sig") as f:
        return {
            (r["ReportingPeriod_Data"], r["DrugGroup_Data"].lower()): float(
                r["Num_InTreatment_AllInTx"]
            )
            for r in csv.DictReader(f)
            if r["Gender_Data"].lower() == r["AgeGroup_Data"].lower() == "total"
        }


def test_spreads_are_those_of_the_real_areas_and_england(raw_dir: Path) -> None:
    for year in (2017, 2018):
        values = _real_area_values(raw_dir, year)
        cv = statistics.stdev(values) / statistics.mean(values)
        assert cv == pytest.approx(illustrative.AREA_CV, abs=0.005)
        spread = statistics.stdev(values)
        inside = [v for v in values if abs(v - statistics.mean(values)) <= 2 * spread]
        assert len(inside) >= 32  # EFFECT_LIMIT = 2 spreads holds 32 of 35 (2017), 34 (2018)
    move = abs(ENGLAND_2017 - ENGLAND_2018) / statistics.mean([ENGLAND_2017, ENGLAND_2018])
    assert move == pytest.approx(illustrative.YEAR_CV, abs=0.0005)


def test_centres_are_calibrated_on_their_anchors() -> None:
    assumptions = illustrative.GENERATOR_ASSUMPTIONS
    assert set(assumptions) == set(COMPLETION_IDS)
    non_opiate = assumptions["completions_non_opiate"]
    assert 100 * non_opiate.centre == pytest.approx((ENGLAND_2017 + ENGLAND_2018) / 2, abs=0.01)
    # Both real England values sit inside the national band.
    low, high = non_opiate.band
    assert low < ENGLAND_2018 / 100 < ENGLAND_2017 / 100 < high
    # Issue 7's anchor: the national opiate completion rate is roughly 5-9%.
    low, high = assumptions["completions_opiate"].band
    assert 0.05 <= low < high <= 0.09
    assert "none for alcohol" in assumptions["completions_alcohol"].anchor


def test_non_opiate_users_are_two_ndtms_groups_weighted_into_calendar_years(
    raw_dir: Path,
) -> None:
    """The England denominator implied by Fingertips' 2017 count and value is NDTMS "non-opiate
    only" plus "non-opiate and alcohol", a calendar year weighing its financial years 1:3."""
    ndtms = _ndtms_england(raw_dir)
    implied = ENGLAND_COUNT_2017 / (ENGLAND_2017 / 100)
    assert round(implied) == 51774

    def users(period: str, groups: tuple[str, ...]) -> float:
        return sum(ndtms[(period, g)] for g in groups)

    both = ("non-opiates only", "alcohol & non-opiates")
    assert users("2017/18", both) == 51414 and users("2016/17", both) == 52803
    assert users("2017/18", ("non-opiates only",)) == 23730
    early, late = illustrative.CALENDAR_WEIGHTS
    calendar_2017 = early * users("2016/17", both) + late * users("2017/18", both)
    assert calendar_2017 == pytest.approx(implied, rel=0.001)
    assert BY_ID["completions_non_opiate"].treatment_groups == ("non_opiate", "alcohol_non_opiate")


@pytest.fixture(scope="module")
def generated(data_dir: Path) -> pd.DataFrame:
    """The generator run on the committed extracts' inputs, with no real completion rows."""
    return illustrative.generate_completions(*_inputs(data_dir))


def _inputs(data_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    population = pd.read_parquet(data_dir / "population.parquet")
    values = pd.read_parquet(data_dir / "indicator_values.parquet")
    in_treatment = values[
        (values["area_code"] == ENGLAND)
        & values["indicator_id"].str.startswith("adults_in_treatment_")
        & (values["sex"] == "Persons")
        & (values["age"] == "18+ yrs")
    ]
    scores = duckdb.execute(
        "select d.area_code, a.region_code, d.value as score from read_parquet(?) d "
        "join read_parquet(?) a using (area_code) where d.edition = 2019 and "
        "d.domain = 'Index of Multiple Deprivation' and d.measure = 'average_score'",
        [str(data_dir / "deprivation.parquet"), str(data_dir / "areas.parquet")],
    ).df()
    return population, in_treatment, scores


def test_generated_rows_have_the_official_grain(generated: pd.DataFrame) -> None:
    assert set(generated["indicator_id"]) == set(COMPLETION_IDS)
    assert set(generated["area_code"]) == {*GM_BOROUGHS, NORTH_WEST, ENGLAND}
    assert sorted(set(generated["period"])) == [str(y) for y in range(2010, 2024)]
    assert set(generated[["period_type", "sex", "age"]].itertuples(index=False)) == {
        ("calendar_year", "Persons", "18+ yrs")
    }
    assert (generated["period_start"] == pd.to_datetime(generated["period"] + "-01-01")).all()
    assert generated["is_illustrative"].all() and generated["note"].str.startswith("ILLUSTR").all()
    assert not generated.duplicated(["indicator_id", "area_code", "period"]).any()


@pytest.mark.parametrize("indicator_id", COMPLETION_IDS)
def test_generated_values_sit_in_the_documented_ranges(
    generated: pd.DataFrame, data_dir: Path, indicator_id: str
) -> None:
    assumption = illustrative.GENERATOR_ASSUMPTIONS[indicator_id]
    low, high = assumption.area_range
    committed = pd.read_parquet(data_dir / "indicator_values.parquet")
    committed = committed[
        (committed["indicator_id"] == indicator_id) & committed["is_illustrative"]
    ]
    for frame in (generated[generated["indicator_id"] == indicator_id], committed):
        share = frame["value"] / 100
        assert share.between(low, high).all(), share.describe()
    # England sits in the national band; rounding to 5 moves it by under 0.01 points.
    low, high = assumption.band
    england = generated[
        (generated["indicator_id"] == indicator_id) & (generated["area_code"] == ENGLAND)
    ]
    assert (england["value"] / 100).between(low - 1e-4, high + 1e-4).all()
    counts = generated[["count", "denominator"]]
    assert (counts % 5 == 0).all().all() and (counts["denominator"] > 0).all()


def test_north_west_and_england_are_sums_of_their_parts(generated: pd.DataFrame) -> None:
    keys = ["indicator_id", "period"]
    by_area = generated.set_index([*keys, "area_code"])[["count", "denominator"]]
    boroughs = generated[generated["area_code"].isin(list(GM_BOROUGHS))].groupby(keys)
    nw = by_area.xs(NORTH_WEST, level="area_code")
    england = by_area.xs(ENGLAND, level="area_code")
    assert (nw["denominator"] > boroughs["denominator"].sum()).all()
    assert (england["denominator"] > nw["denominator"]).all()


def test_no_generated_figure_equals_a_real_one(data_dir: Path, generated: pd.DataFrame) -> None:
    """Given real rows equal to its own first run, the generator reproduces none of them."""
    real = generated.assign(is_illustrative=False)
    second = illustrative.generate_completions(*_inputs(data_dir), real=real)
    for indicator_id in COMPLETION_IDS:
        mine = real[real["indicator_id"] == indicator_id]
        again = second[second["indicator_id"] == indicator_id]
        pairs = set(zip(mine["count"], mine["denominator"], strict=True))
        assert not any(p in pairs for p in zip(again["count"], again["denominator"], strict=True))
        assert not set(again["value"].round(4)) & set(mine["value"].round(4))


def test_committed_generated_rows_reproduce_no_real_row(data_dir: Path) -> None:
    values = pd.read_parquet(data_dir / "indicator_values.parquet")
    values = values[values["indicator_id"].isin(COMPLETION_IDS)]
    real, made = values[~values["is_illustrative"]], values[values["is_illustrative"]]
    assert len(real) and len(made)
    for indicator_id in COMPLETION_IDS:
        r = real[real["indicator_id"] == indicator_id]
        m = made[made["indicator_id"] == indicator_id]
        pairs = set(zip(r["count"], r["denominator"], strict=True))
        assert not any(p in pairs for p in zip(m["count"], m["denominator"], strict=True))
        assert not set(m["value"].round(4)) & set(r["value"].round(4))


def test_salford_real_years_anchor_its_generated_ones(data_dir: Path) -> None:
    """Salford's non-opiate years around its real 2017 (322/551) and 2018 (278/549)."""
    values = pd.read_parquet(data_dir / "indicator_values.parquet")
    salford = values[
        (values["indicator_id"] == "completions_non_opiate") & (values["area_code"] == "E08000006")
    ].set_index("period")
    assert not salford.loc[["2017", "2018"], "is_illustrative"].any()
    assert salford.drop(index=["2017", "2018"])["is_illustrative"].all()
    around = salford.loc[["2016", "2019"]]
    # Denominators keep the real size (551, 549) within the population change and noise.
    assert around["denominator"].between(0.8 * 550, 1.2 * 550).all()
    # Shares keep Salford's real level (58.4%, 50.6%) give or take three year spreads.
    sd = illustrative.GENERATOR_ASSUMPTIONS["completions_non_opiate"].year_sd
    assert ((around["value"] / 100 - (58.4392 + 50.6375) / 200).abs() < 3 * sd + 0.05).all()
