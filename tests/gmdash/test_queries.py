"""Query tests: fixture rows in, expected rows out, on the app's real read-only DuckDB connection."""

from __future__ import annotations

import pandas as pd

from gmdash import queries


def test_gm_areas_lists_boroughs_then_comparators(fixture_con):
    frame = queries.gm_areas(fixture_con)
    assert frame["role"].tolist() == ["borough"] * 10 + ["gm", "region", "england"]
    assert frame["area_name"].iloc[0] == "Bolton"
    assert "E06000001" not in set(frame["area_code"])


def test_indicator_catalogue_coverage(fixture_con):
    frame = queries.indicator_catalogue(fixture_con).set_index("indicator_id")
    row = frame.loc["completions_opiate"]
    assert (row["first_period"], row["latest_period"], row["n_periods"]) == (
        "2019/20",
        "2021/22",
        3,
    )
    assert bool(row["has_gm_boroughs"]) and bool(row["is_illustrative"])


def test_indicator_periods_in_time_order(fixture_con):
    frame = queries.indicator_periods(fixture_con, "drug_poisoning_deaths")
    assert frame["period"].tolist() == ["2019", "2020", "2021"]


def test_indicator_values_gm_has_boroughs_and_england_only(fixture_con):
    frame = queries.indicator_values_gm(fixture_con, "completions_opiate", "2020/21")
    assert set(frame["area_code"]) == set(queries.gm_areas(fixture_con)["area_code"]) - {
        "E47000001",
        "E12000002",
    }
    oldham = frame.set_index("area_name").loc["Oldham"]
    assert (oldham["count"], oldham["denominator"]) == (14.0, 230.0)


def test_small_counts_are_suppressed_before_the_page(fixture_con):
    frame = queries.indicator_values_gm(fixture_con, "completions_opiate", "2021/22")
    bury = frame.set_index("area_name").loc["Bury"]
    assert pd.isna(bury["count"]) and pd.isna(bury["value"]) and pd.isna(bury["lci95"])
    assert "suppress" in str(bury["suppression_note"]).lower()


def test_latest_values_gm_takes_each_indicators_latest_period(fixture_con):
    frame = queries.latest_values_gm(fixture_con)
    assert set(frame["period"]) == {"2021/22", "2021"}
    assert len(frame[frame["indicator_id"] == "completions_opiate"]) == 11


def test_indicator_trend_for_chosen_areas(fixture_con):
    frame = queries.indicator_trend(fixture_con, "completions_opiate", ["E08000004", "E92000001"])
    assert frame.groupby("area_code").size().to_dict() == {"E08000004": 3, "E92000001": 3}
    assert frame[frame["area_code"] == "E08000004"]["count"].tolist() == [13.0, 14.0, 15.0]


def test_population_pyramid_shares_sum_to_100(fixture_con):
    frame = queries.population_pyramid(fixture_con, "E08000003", 2020)
    assert len(frame) == 182 and abs(frame["share"].sum() - 100) < 1e-9


def test_population_age_share(fixture_con):
    frame = queries.population_age_share(fixture_con, ["E08000003"], 2022, 65)
    row = frame.iloc[0]
    expected = sum(2 * (1000 + a) for a in range(65, 91)) / sum(2 * (1000 + a) for a in range(91))
    assert row["year"] == 2020 and abs(row["share"] - 100 * expected) < 1e-9


def test_deprivation_and_lsoa_queries(fixture_con):
    districts = queries.deprivation_districts(fixture_con, 2019, "Index of Multiple Deprivation")
    assert districts["rank_average_score"].tolist() == list(range(1, 11))
    deciles = queries.lsoa_decile_counts(
        fixture_con, ["E08000003"], "Index of Multiple Deprivation"
    )
    assert deciles["decile"].tolist() == list(range(1, 11)) and deciles["lsoas"].sum() == 20
    lsoas = queries.gm_lsoa_deprivation(fixture_con, "Index of Multiple Deprivation")
    assert len(lsoas) == 20


def test_funding_gaps_stay_gaps(fixture_con):
    frame = queries.funding_allocations(fixture_con, ["E08000010", "E08000001"])
    assert frame["area_name"].tolist() == ["Wigan"]
    per_head = queries.funding_per_head(fixture_con, ["E08000003"])
    row = per_head.iloc[0]
    assert row["population"] == sum(2 * (1000 + a) for a in range(91))


def test_census_topic_shares(fixture_con):
    frame = queries.census_topic(fixture_con, "ethnic_group", "count")
    bolton = frame[frame["area_name"] == "Bolton"].set_index("category")
    assert bolton.loc["White", "share"] == 80.0


def test_treatment_demographics_suppresses_small_counts(fixture_con):
    frame = queries.treatment_demographics(fixture_con, "2021/22", "total")
    mixed = frame[frame["ethnicity"] == "Mixed"]
    assert mixed["count"].isna().all()
