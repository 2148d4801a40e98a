"""The borough profile's data: benchmarks against England, spine rows, table, sentences, query."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from extracts_support import committed

from gmdash import profile, queries
from gmdash.profile import (
    RANGE_ENGLAND,
    RANGE_GM,
    RANGE_NORTH_WEST,
    borough_profile,
    comparable_areas,
    range_label,
    spine_frame,
)

OLDHAM, BURY = "E08000004", "E08000002"
ENGLAND, NORTH_WEST, GM = "E92000001", "E12000002", "E47000001"
NAMES = {OLDHAM: "Oldham", BURY: "Bury", ENGLAND: "England", GM: "Greater Manchester"}
TYPES = {ENGLAND: "country", GM: "combined_authority"}


def catalogue() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("met_need", "Alcohol met need", "%", "proportion", "high_good", False),
            ("rate", "Death rate", "per 100,000", "crude_rate", "low_good", False),
            ("deaths", "Drug deaths", "deaths", "count", "low_good", False),
            ("share", "Population share", "%", "proportion", "no_judgement", True),
        ],
        columns=[
            "indicator_id",
            "short_title",
            "unit",
            "value_type",
            "polarity",
            "is_illustrative",
        ],
    )


def latest() -> pd.DataFrame:
    """Oldham: met need worse (99.8%); rate better than England at 95%; deaths a count; share
    suppressed. Bury has rows too, so the profile must pick Oldham's."""

    def row(indicator_id, code, period, value, lo, hi, lo998=np.nan, hi998=np.nan, **extra):
        return dict(
            indicator_id=indicator_id,
            area_code=code,
            area_name=NAMES[code],
            area_type=TYPES.get(code, "local_authority"),
            period=period,
            value=value,
            lci95=lo,
            uci95=hi,
            lci998=lo998,
            uci998=hi998,
            suppressed=False,
            suppression_note="",
            # Per value: the share's rows are the generated ones (its catalogue flag says so).
            is_illustrative=indicator_id == "share",
            **extra,
        )

    rows = [
        row("met_need", BURY, "2018/19", 21.0, 19.5, 23.0, 19.0, 23.5),
        row("met_need", OLDHAM, "2018/19", 13.0, 11.9, 14.3, 11.5, 14.8),
        row("met_need", ENGLAND, "2018/19", 17.6, 17.5, 17.7, 17.4, 17.8),
        row("met_need", GM, "2018/19", 19.2, 18.8, 19.6, 18.5, 19.9),
        row("rate", OLDHAM, "2020", 5.0, 4.0, 5.9),
        row("rate", ENGLAND, "2020", 6.0, 5.8, 6.2),
        row("deaths", OLDHAM, "2020", 11.0, 5.0, 20.0, 4.0, 24.0),
        row("deaths", ENGLAND, "2020", 4312.0, 4184.0, 4443.0, 4112.0, 4520.0),
        row("deaths", GM, "2020", 245.0, 215.0, 278.0, 199.0, 295.0),
        row("share", OLDHAM, "2023/24", np.nan, np.nan, np.nan),
        row("share", ENGLAND, "2023/24", 25.0, 24.0, 26.0),
        row("share", GM, "2023/24", 30.0, 29.0, 31.0),
    ]
    frame = pd.DataFrame(rows)
    share = (frame["indicator_id"] == "share") & (frame["area_code"] == OLDHAM)
    frame.loc[share, "suppressed"] = True
    frame.loc[share, "suppression_note"] = "Suppressed: count between 1 and 4"
    return frame


def trends() -> pd.DataFrame:
    return pd.DataFrame(
        [
            (
                "met_need",
                OLDHAM,
                "decreasing",
                "getting worse",
                "significant at the 99.8% level",
                "2014/15",
                "2018/19",
            ),
            (
                "rate",
                OLDHAM,
                "no significant change",
                "no significant change",
                "chi-squared below the 99.8% threshold",
                "2016",
                "2020",
            ),
            (
                "deaths",
                OLDHAM,
                "could not be calculated",
                "could not be calculated",
                "could not be calculated: fewer than 5 annual points",
                None,
                None,
            ),
        ],
        columns=[
            "indicator_id",
            "area_code",
            "trend_direction",
            "trend",
            "trend_reason",
            "trend_from",
            "trend_to",
        ],
    )


def oldham() -> pd.DataFrame:
    return borough_profile(latest(), catalogue(), trends(), OLDHAM)


def distribution() -> pd.DataFrame:
    """Met need across England (with a county and its districts), deaths rate, GM-only share."""
    rows = [
        ("met_need", f"E0600000{i}", "unitary", "E12000001", False, v)
        for i, v in enumerate([8.0, 12.0, 16.0, 20.0, 40.0])
    ]
    rows += [
        ("met_need", "E10000001", "county", "E12000008", False, 18.0),
        ("met_need", OLDHAM, "metropolitan_district", NORTH_WEST, True, 13.0),
    ]
    rows += [
        ("rate", f"E0700000{i}", "district", NORTH_WEST, False, v)
        for i, v in enumerate([2.0, 4.0, 6.0, np.nan])
    ]
    rows += [("rate", OLDHAM, "metropolitan_district", NORTH_WEST, True, 5.0)]
    rows += [
        ("share", f"E0800000{i}", "metropolitan_district", NORTH_WEST, True, v)
        for i, v in enumerate([20.0, 30.0, 40.0, 50.0], start=1)
    ]
    return pd.DataFrame(
        rows, columns=["indicator_id", "area_code", "tier", "region_code", "is_gm", "value"]
    )


def test_borough_profile_one_row_per_indicator_benchmarked_against_england():
    frame = oldham().set_index("indicator_id")
    assert frame.index.tolist() == ["met_need", "rate", "deaths", "share"]
    met = frame.loc["met_need"]
    assert (met["benchmark"], met["benchmark_level"]) == ("worse", "99.8%")
    assert (met["england_value"], met["gm_value"]) == (17.6, 19.2)
    assert met["trend"] == "getting worse" and met["trend_from"] == "2014/15"
    assert frame.loc["deaths", "benchmark_reason"].startswith("not compared: counts")
    assert math.isnan(frame.loc["rate", "gm_value"])
    assert frame.loc["share", "suppressed"] and bool(frame.loc["share", "indicator_illustrative"])
    with pytest.raises(ValueError, match="no indicator has a value row"):
        borough_profile(latest(), catalogue(), trends(), "E08000099")


def test_comparable_areas_keep_one_tier_of_counties_or_districts():
    frame = pd.DataFrame({"tier": ["county", "district", "district", "unitary"]})
    assert comparable_areas(frame)["tier"].tolist() == ["district", "district", "unitary"]
    frame = pd.DataFrame({"tier": ["county", "county", "district", "unitary"]})
    assert comparable_areas(frame)["tier"].tolist() == ["county", "county", "unitary"]
    frame = pd.DataFrame({"tier": ["district", "unitary"]})
    assert comparable_areas(frame)["tier"].tolist() == ["district", "unitary"]


def test_range_label_names_the_areas_in_the_range():
    gm = pd.DataFrame({"is_gm": [True, True], "region_code": [NORTH_WEST] * 2})
    north_west = pd.DataFrame({"is_gm": [True, False], "region_code": [NORTH_WEST] * 2})
    england = pd.DataFrame({"is_gm": [True, False], "region_code": [NORTH_WEST, "E12000001"]})
    assert range_label(gm) == RANGE_GM == "GM boroughs"
    assert range_label(north_west) == RANGE_NORTH_WEST
    assert range_label(england) == RANGE_ENGLAND


def test_spine_scales_each_row_so_england_is_at_zero_and_better_is_right():
    spine = spine_frame(oldham(), distribution()).set_index("indicator_id")
    assert "deaths" not in spine.index  # a count
    met = spine.loc["met_need"]  # high is good; England 17.6
    # With no districts in the range, the county stays.
    assert met["n_areas"] == 7 and met["range_label"] == RANGE_ENGLAND
    assert (met["lowest"], met["highest"]) == (8.0, 40.0)
    half = 40.0 - 17.6  # the furthest value from England
    assert met["x_high"] == pytest.approx(1.0) and met["x_low"] == pytest.approx(-9.6 / half)
    assert met["x_area"] == pytest.approx((13.0 - 17.6) / half)
    assert met["x_gm"] == pytest.approx((19.2 - 17.6) / half)
    assert met["x_q_low"] < 0 < met["x_q_high"]
    assert met["row_label"] == "Alcohol met need\n2018/19 · range: English local authorities"


def test_spine_flips_low_is_good_rows_and_leaves_out_suppressed_areas():
    rate = spine_frame(oldham(), distribution()).set_index("indicator_id").loc["rate"]
    # Low is good, England 6.0: the lowest value (2.0) is best, so on the right.
    assert (rate["lowest"], rate["highest"]) == (2.0, 6.0)
    assert rate["x_high"] == pytest.approx(1.0) and rate["x_low"] == pytest.approx(0.0)
    assert rate["x_area"] == pytest.approx(0.25)  # Oldham 5.0 is better than England's 6.0
    assert rate["n_suppressed"] == 1 and rate["range_label"] == RANGE_NORTH_WEST
    assert math.isnan(rate["x_gm"])
    notes = profile.spine_notes(oldham(), spine_frame(oldham(), distribution()))
    assert notes[0].startswith("Not drawn: Drug deaths — counts")
    assert notes[1] == "Death rate: the range leaves out 1 area whose figure is suppressed."


def test_spine_row_of_gm_only_data_says_range_gm_boroughs_and_centres_on_the_median():
    prof = oldham()
    prof.loc[prof["indicator_id"] == "share", "england_value"] = np.nan
    share = spine_frame(prof, distribution()).set_index("indicator_id").loc["share"]
    assert share["range_label"] == RANGE_GM
    assert "range: GM boroughs" in share["row_label"] and "(illustrative)" in share["row_label"]
    assert share["centre"] == 35.0 and share["centre_label"] == "median (no England value)"
    assert share["area_text"] == "suppressed" and math.isnan(share["x_area"])


def test_spine_positions_stay_within_the_chart():
    spine = spine_frame(oldham(), distribution())
    positions = spine[["x_low", "x_high", "x_q_low", "x_q_high", "x_area", "x_gm"]]
    assert ((positions.abs() <= 1.0 + 1e-12) | positions.isna()).all().all()
    with pytest.raises(ValueError, match="no column"):
        spine_frame(oldham(), distribution().drop(columns="tier"))


def test_profile_table_reads_as_text():
    table = profile.profile_table(oldham(), "Oldham").set_index("Indicator")
    assert list(table.columns) == [
        "Period",
        "Oldham (95% CI)",
        "England",
        "Greater Manchester",
        "Compared with England",
        "Recent trend",
    ]
    met = table.loc["Alcohol met need"]
    assert met["Oldham (95% CI)"] == "13.0% (95% CI 11.9–14.3%)"
    assert met["Compared with England"] == "worse than England (99.8% level)"
    assert met["Recent trend"] == "↓ getting worse"
    assert table.loc["Population share (illustrative)", "Oldham (95% CI)"] == "suppressed"
    assert table.loc["Death rate", "Greater Manchester"] == "not published for GM"
    assert table.loc["Drug deaths", "Recent trend"] == (
        "– could not be calculated: fewer than 5 annual points"
    )
    assert table.loc["Population share (illustrative)", "Recent trend"] == (
        "– could not be calculated: no series"
    )


def test_profile_sentences_and_download():
    sentences = dict(profile.profile_sentences(oldham(), "Oldham"))
    met = sentences["Alcohol met need"]
    assert met[0].startswith(
        "Oldham's alcohol met need in 2018/19 (13.0%, 95% CI 11.9–14.3%) "
        "is lower than England's (17.6%)"
    )
    assert met[1].startswith("Oldham's alcohol met need: getting worse")
    assert sentences["Drug deaths"][1] == (
        "Trend could not be calculated: fewer than 5 annual points."
    )
    share = sentences["Population share"]
    assert len(share) == 1 and share[0].startswith("Illustrative data")
    assert "suppressed" in share[0]
    download = profile.profile_download(oldham())
    assert {
        "value",
        "lci95",
        "england_value",
        "gm_value",
        "benchmark",
        "trend",
        "is_illustrative",
    } <= set(download.columns)


def test_england_distribution_latest_query(fixture_con):
    frame = queries.england_distribution_latest(fixture_con)
    opiate = frame[frame["indicator_id"] == "completions_opiate"]
    assert set(opiate["period"]) == {"2021/22"} and len(opiate) == 11
    assert "E06000001" in set(opiate["area_code"])  # a non-GM authority is in the range
    assert "E92000001" not in set(frame["area_code"])
    bury = opiate[opiate["area_code"] == "E08000002"].iloc[0]
    assert pd.isna(bury["value"]) and bool(bury["suppressed"])
    deaths = frame[frame["indicator_id"] == "drug_poisoning_deaths"]
    assert deaths["period"].tolist() == ["2021"] and deaths["area_code"].tolist() == ["E08000003"]
    assert {"tier", "region_code", "is_gm"} <= set(frame.columns)


def test_every_gm_borough_gets_a_profile_from_the_real_extracts():
    from gmdash import overview

    con = committed()
    cat = queries.indicator_catalogue(con)
    found = overview.recent_trends(queries.gm_borough_series(con), cat)
    values = queries.latest_values_gm(con)
    dist = queries.england_distribution_latest(con)
    for code in ("E08000001", "E08000004", "E08000010"):
        prof = borough_profile(values, cat, found, code)
        spine = spine_frame(prof, dist)
        assert len(prof) == values["indicator_id"].nunique()
        assert not spine.empty and (spine["centre_label"] == "England").all()
        completions = spine[spine["indicator_id"].str.startswith("completions_")]
        assert (completions["range_label"] == RANGE_GM).all()
