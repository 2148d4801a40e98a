"""Pooled groups: validation, pooled figures on real and fixture extracts, disclosure, area rows."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from extracts_support import committed

from gmcore import stats
from gmcore.schema import GM_BOROUGHS, GREATER_MANCHESTER
from gmdash import compare, queries
from gmdash.whatif import groups

ALL_TEN = list(GM_BOROUGHS)


@pytest.fixture(scope="module")
def con():
    return committed()


def _meta(con, indicator_id: str) -> dict:
    catalogue = queries.indicator_catalogue(con).set_index("indicator_id")
    return dict(catalogue.loc[indicator_id]) | {"indicator_id": indicator_id}


def test_a_group_takes_codes_or_names_in_any_case_and_keeps_borough_order():
    group = groups.make_group(
        "  Bolton, Salford &  Trafford ", ["trafford", "E08000006", "BOLTON", "Bolton"]
    )
    assert group.name == "Bolton, Salford & Trafford"
    assert group.members == ("E08000001", "E08000006", "E08000009")
    assert group.member_names == ("Bolton", "Salford", "Trafford")
    assert group.slug == "bolton-salford-trafford"
    assert group.area_code == "group:bolton-salford-trafford"
    assert group.describe() == "Bolton, Salford and Trafford"
    assert groups.group_from_dict(group.to_dict()) == group


@pytest.mark.parametrize(
    ("name", "members", "message"),
    [
        ("West", ["Bolton", "Barnet", "E09000003"], "Not a Greater Manchester borough: 'Barnet', "),
        ("West", ["Bolton", "Barnet"], "Choose from Bolton, Bury, Manchester"),
        ("West", ["Bolton"], "at least 2 different boroughs; it has 1"),
        ("West", ["Bolton", "bolton", "E08000001"], "at least 2 different boroughs; it has 1"),
        ("West", "Bolton, Wigan", "must be a list"),
        ("West", ["Bolton", 7], "Not a Greater Manchester borough: 7"),
        ("", ["Bolton", "Wigan"], "needs a name"),
        ("   ", ["Bolton", "Wigan"], "needs a name"),
        ("x" * 61, ["Bolton", "Wigan"], "at most 60 characters; this one has 61"),
        ("!!!", ["Bolton", "Wigan"], "at least one letter or digit"),
        ("Bolton", ["Bolton", "Wigan"], "already the name of an area"),
        ("greater  manchester", ALL_TEN, "already the name of an area"),
        ("England", ["Bolton", "Wigan"], "already the name of an area"),
        ("North\x00West group", ["Bolton", "Wigan"], "control characters"),
        (None, ["Bolton", "Wigan"], "needs a name"),
    ],
)
def test_bad_groups_are_refused_with_a_clear_message(name, members, message):
    with pytest.raises(groups.GroupError, match=message):
        groups.make_group(name, members)


def test_at_most_the_ten_boroughs_and_groups_must_be_told_apart():
    group = groups.make_group("All ten", [*ALL_TEN, *GM_BOROUGHS.values()])
    assert len(group.members) == 10
    with pytest.raises(groups.GroupError, match="too alike"):
        groups.check_distinct(
            [groups.make_group("West side", ALL_TEN[:2]), groups.make_group("West-Side", ALL_TEN)]
        )
    with pytest.raises(groups.GroupError, match="needs a 'name'"):
        groups.group_from_dict({"members": ALL_TEN})


@pytest.mark.parametrize(
    "indicator_id", ["completions_opiate", "alcohol_met_need", "drug_poisoning_deaths"]
)
def test_pooled_gm_equals_the_sum_of_the_ten_boroughs_in_every_period(con, indicator_id):
    meta = _meta(con, indicator_id)
    trend = queries.indicator_trend(con, indicator_id, [*ALL_TEN, GREATER_MANCHESTER])
    pooled = groups.pool(trend, groups.make_group("All ten", ALL_TEN), meta).set_index("period")
    boroughs = trend[trend["area_code"].isin(ALL_TEN)]
    gm = trend[trend["area_code"] == GREATER_MANCHESTER].set_index("period")
    complete = boroughs.groupby("period").filter(lambda g: g["count"].notna().sum() == 10)
    assert len(complete["period"].unique()) > 3
    for period, part in complete.groupby("period"):
        row = pooled.loc[period]
        assert row["count"] == pytest.approx(part["count"].sum())
        assert row["count"] == pytest.approx(gm.loc[period, "count"])
        if meta["value_type"] == "proportion":
            total = part["denominator"].sum()
            assert row["denominator"] == pytest.approx(total)
            assert row["value"] == pytest.approx(100 * part["count"].sum() / total)
            lo, hi = stats.wilson_ci(part["count"].sum(), total)
            assert (row["lci95"], row["uci95"]) == pytest.approx((100 * lo, 100 * hi))
        if period in gm.index and pd.notna(gm.loc[period, "lci95"]):
            # the build's own GM row agrees (computed there from the same sums)
            assert row["value"] == pytest.approx(gm.loc[period, "value"], rel=1e-9)
    assert (pooled["area_type"] == "pooled_group").all()


def test_pooling_sums_counts_and_never_averages_percentages():
    # METHODS.md: 60/1000 -> 6.0%, 95% CI 4.69–7.65, 99.8% CI 4.07–8.76
    frame = pd.DataFrame(
        {
            "area_code": ["E08000001", "E08000002"],
            "area_type": "local_authority",
            "period": "2018/19",
            "count": [50.0, 10.0],
            "denominator": [100.0, 900.0],
            "value": [50.0, 100 / 9],
            "is_illustrative": False,
        }
    )
    meta = {"indicator_id": "alcohol_met_need", "value_type": "proportion", "unit": "%"}
    group = groups.make_group("Two", ["Bolton", "Bury"])
    row = groups.pool(frame, group, meta | {"polarity": "high_good"}).iloc[0]
    assert (row["count"], row["denominator"], row["value"]) == (60, 1000, 6.0)
    assert round(row["lci95"], 2) == 4.69 and round(row["uci95"], 2) == 7.65
    assert round(row["lci998"], 2) == 4.07 and round(row["uci998"], 2) == 8.76
    assert "never an average" in row["note"]
    assert row["data_status"] == "official" and not row["is_illustrative"]


def test_pooled_crude_rates_and_counts_use_byars():
    # METHODS.md: x = 20 -> count limits 12.21–30.89 at 95%
    frame = pd.DataFrame(
        {
            "area_code": ["E08000001", "E08000002"],
            "area_type": "local_authority",
            "count": [8.0, 12.0],
            "denominator": [50_000.0, 50_000.0],
        }
    )
    group = groups.make_group("Two", ["Bolton", "Bury"])
    rate = {"indicator_id": "x_rate", "value_type": "crude_rate", "unit": "per 100,000"}
    row = groups.pool(frame, group, rate | {"polarity": "low_good"}).iloc[0]
    assert row["value"] == 20.0
    assert round(row["lci95"], 2) == 12.21 and round(row["uci95"], 2) == 30.89
    count = {"indicator_id": "deaths", "value_type": "count", "unit": "deaths"}
    row = groups.pool(frame, group, count | {"polarity": "low_good"}).iloc[0]
    assert row["value"] == 20.0 and round(row["uci95"], 2) == 30.89
    with pytest.raises(groups.GroupError, match="Directly standardised rates cannot be pooled"):
        groups.pool(frame, group, count | {"value_type": "dsr", "polarity": "low_good"})


def test_pooled_treatment_counts_are_rounded_to_5_and_values_follow_the_rounded_figures():
    frame = pd.DataFrame(
        {
            "area_code": ["E08000001", "E08000002"],
            "area_type": "local_authority",
            "count": [6.0, 8.0],
            "denominator": [101.0, 102.0],
            "is_illustrative": True,
        }
    )
    meta = {"indicator_id": "completions_opiate", "value_type": "proportion", "unit": "%"}
    row = groups.pool(
        frame, groups.make_group("Two", ["Bolton", "Bury"]), meta | {"polarity": "high_good"}
    ).iloc[0]
    assert (row["count"], row["denominator"]) == (15, 205)
    assert row["value"] == pytest.approx(100 * 15 / 205)
    assert "Rounded to the nearest 5" in row["suppression_note"]
    assert row["is_illustrative"] and row["data_status"] == "illustrative"


def test_a_suppressed_member_is_never_pooled_and_the_row_says_why(fixture_con):
    meta = _meta(fixture_con, "completions_opiate")
    frame = queries.indicator_values_gm(fixture_con, "completions_opiate", "2021/22")
    with_bury = groups.make_group("Bolton and Bury", ["Bolton", "Bury"])
    # Bury's count of 3 is hidden, and secondary suppression hides the next smallest too
    shown_codes = frame.loc[
        (frame["area_type"] == "local_authority") & ~frame["suppressed"], "area_code"
    ].tolist()
    assert "E08000002" not in shown_codes and len(shown_codes) == 8
    without = groups.make_group("Shown pair", shown_codes[-2:])
    rows = groups.with_groups(frame, [with_bury, without], meta).set_index("area_code")
    hidden = rows.loc[with_bury.area_code]
    assert pd.isna(hidden["count"]) and pd.isna(hidden["value"]) and bool(hidden["suppressed"])
    assert "Bury is suppressed" in hidden["suppression_note"]
    shown = rows.loc[without.area_code]
    total = rows.loc[shown_codes[-2], "count"] + rows.loc[shown_codes[-1], "count"]
    # a user-defined slice of treatment counts, so rounded to the nearest 5 (half up)
    assert shown["count"] == 5 * math.floor(total / 5 + 0.5) and not bool(shown["suppressed"])


def test_a_missing_member_means_no_pooled_figure():
    frame = pd.DataFrame(
        {
            "area_code": ["E08000001"],
            "area_type": "local_authority",
            "count": [50.0],
            "denominator": [100.0],
        }
    )
    meta = {"indicator_id": "x", "value_type": "proportion", "unit": "%", "polarity": "high_good"}
    row = groups.pool(frame, groups.make_group("Two", ["Bolton", "Bury"]), meta).iloc[0]
    assert pd.isna(row["value"]) and row["note"] == "Not pooled: no figure for Bury."


def test_group_rows_sit_beside_boroughs_without_being_taken_for_one(con):
    meta = _meta(con, "completions_opiate")
    frame = queries.indicator_values_gm(con, "completions_opiate", str(meta["latest_gm_period"]))
    group = groups.make_group("Bolton, Salford and Trafford", ["Bolton", "Salford", "Trafford"])
    combined = groups.with_groups(frame, [group], meta)
    assert len(combined) == len(frame) + 1
    row = combined.iloc[-1]
    assert (row["area_code"], row["area_name"], row["area_type"]) == (
        "group:bolton-salford-and-trafford",
        "Bolton, Salford and Trafford",
        "pooled_group",
    )
    assert list(combined.columns[: len(frame.columns)]) == list(frame.columns)
    boroughs, _, _ = compare.compare_boroughs(combined, str(meta["polarity"]), "E92000001")
    assert len(boroughs) == 10
    members = frame[frame["area_code"].isin(group.members)]
    assert row["count"] == pytest.approx(members["count"].sum())
    assert groups.with_groups(frame, [], meta).equals(frame)
