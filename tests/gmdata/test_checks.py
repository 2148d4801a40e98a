"""Every build check fails on the problem it guards against and passes on valid tables."""

from __future__ import annotations

import pandas as pd
import pytest

from gmdata.checks import run_checks
from gmdata.errors import CheckError


def test_valid_tables_pass(fixture_tables):
    run_checks(fixture_tables)


def _fails(tables, match: str) -> None:
    with pytest.raises(CheckError, match=match):
        run_checks(tables)


def test_duplicate_key(fixture_tables):
    values = fixture_tables["indicator_values"]
    fixture_tables["indicator_values"] = pd.concat([values, values.head(1)], ignore_index=True)
    _fails(fixture_tables, "share a key")


def test_null_key(fixture_tables):
    fixture_tables["areas"].loc[0, "area_name"] = pd.NA
    _fails(fixture_tables, "null value.*area_name")


def test_value_outside_accepted_set(fixture_tables):
    fixture_tables["indicator_values"].loc[0, "sex"] = "Unknown"
    _fails(fixture_tables, "sex.*outside")


def test_unknown_area_code(fixture_tables):
    fixture_tables["funding"].loc[0, "area_code"] = "E08999999"
    _fails(fixture_tables, "unknown area code.*E08999999")


def test_lower_limit_above_value(fixture_tables):
    fixture_tables["indicator_values"].loc[0, "lci95"] = 99.0
    _fails(fixture_tables, "lci95 > value")


def test_value_above_upper_limit(fixture_tables):
    values = fixture_tables["indicator_values"]
    values.loc[0, "uci95"] = values.loc[0, "value"] - 1
    _fails(fixture_tables, "value > uci95")


def test_998_interval_must_contain_95(fixture_tables):
    values = fixture_tables["indicator_values"]
    values.loc[0, "lci998"] = values.loc[0, "lci95"] + 0.01
    _fails(fixture_tables, "lci998 > lci95")


def test_proportion_outside_0_100(fixture_tables):
    values = fixture_tables["indicator_values"]
    row = values.index[values["indicator_id"] == "completions_opiate"][0]
    values.loc[row, ["value", "lci95", "uci95", "lci998", "uci998"]] = [101, 100, 102, 99, 103]
    _fails(fixture_tables, "proportion .* outside 0-100")


def test_count_above_denominator(fixture_tables):
    values = fixture_tables["indicator_values"]
    row = values.index[values["indicator_id"] == "completions_opiate"][0]
    values.loc[row, "count"] = values.loc[row, "denominator"] + 1
    _fails(fixture_tables, "count > denominator")


def test_negative_count(fixture_tables):
    fixture_tables["indicator_values"].loc[0, "count"] = -1
    _fails(fixture_tables, "negative count")


def test_indicator_without_metadata(fixture_tables):
    fixture_tables["indicator_values"].loc[0, "indicator_id"] = "not_catalogued"
    _fails(fixture_tables, "not in indicators")


def test_illustrative_flag_must_match_rows(fixture_tables):
    fixture_tables["indicators"]["is_illustrative"] = False
    _fails(fixture_tables, "is_illustrative disagrees")


def test_missing_and_extra_columns(fixture_tables):
    fixture_tables["census"] = fixture_tables["census"].drop(columns=["unit"]).assign(x=1)
    _fails(fixture_tables, r"census: columns differ.*missing \['unit'\].*unexpected \['x'\]")


def test_missing_table_and_empty_table(fixture_tables):
    del fixture_tables["reported_figures"]
    fixture_tables["funding"] = fixture_tables["funding"].iloc[0:0]
    _fails(fixture_tables, r"(?s)tables missing.*reported_figures.*funding: no rows")


def test_every_failure_is_reported_at_once(fixture_tables):
    fixture_tables["indicator_values"].loc[0, "count"] = -1
    fixture_tables["funding"].loc[0, "status"] = "rumoured"
    with pytest.raises(CheckError) as caught:
        run_checks(fixture_tables)
    assert "negative count" in str(caught.value) and "rumoured" in str(caught.value)


def test_profile_category_must_belong_to_its_measure(fixture_tables):
    profile = fixture_tables["treatment_profile"]
    profile.loc[profile["measure"] == "exit_reason", "category"] = profile["category"].where(
        profile["category"] != "died", "white"
    )
    _fails(fixture_tables, r"categories outside their measure: \[\('exit_reason', 'white'\)\]")


def test_profile_count_must_agree_with_status(fixture_tables):
    profile = fixture_tables["treatment_profile"]
    starred = profile.index[profile["status"] == "suppressed"][0]
    profile.loc[starred, "count"] = 5.0
    _fails(fixture_tables, "count disagrees with its status.*suppressed with count 5.0")


def test_profile_status_outside_accepted_set(fixture_tables):
    fixture_tables["treatment_profile"].loc[0, "status"] = "rounded"
    _fails(fixture_tables, "status.*outside")


def test_an_empty_profile_passes_but_other_tables_may_not_be_empty(fixture_tables):
    fixture_tables["treatment_profile"] = fixture_tables["treatment_profile"].head(0)
    run_checks(fixture_tables)
    fixture_tables["census"] = fixture_tables["census"].head(0)
    _fails(fixture_tables, "census: no rows")
