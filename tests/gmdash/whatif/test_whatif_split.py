"""Funding split: METHODS.md's check values, pennies that add up, need, blends, ranges, actuals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import numpy as np
import pytest
from extracts_support import committed

from gmcore.schema import GM_BOROUGHS
from gmdash import queries
from gmdash.whatif import split

PER_HEAD_ADULTS = split.SplitMethod(per_head=1.0, population="adults")


@pytest.fixture(scope="module")
def con():
    return committed()


@pytest.fixture(scope="module")
def inputs_2020(con):
    return split.load_inputs(queries.Direct(con), 2020)


def _by_name(result: split.SplitResult) -> dict[str, float]:
    return dict(zip(result.frame["area_name"], result.frame["amount_gbp"], strict=True))


def test_methods_check_values_per_head_of_adults_mid_2020(inputs_2020):
    # METHODS.md, "Splitting a fixed pot": £650,000 by ONS mid-2020 adults (18+).
    result = split.split_pot(inputs_2020, PER_HEAD_ADULTS, 650000)
    amounts = _by_name(result)
    assert amounts["Wigan"] == 77221.22
    assert amounts["Oldham"] == 52650.78
    assert amounts["Bury"] == 43593.84
    assert amounts["Trafford"] == 53470.77
    assert result.total_pence == 65_000_000
    assert f"£{result.frame['amount_pence'].sum() / 100:,.2f}" == "£650,000.00"
    assert set(inputs_2020.boroughs["population_year"]) == {2020}


def test_rounding_each_share_on_its_own_would_not_add_up(inputs_2020):
    # METHODS.md: rounding each share on its own gives £650,000.01.
    adults = [int(p) for p in inputs_2020.boroughs["population_adults"]]
    naive = sum(
        (Decimal(q.numerator) / Decimal(q.denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        for q in (Fraction(650000 * p, sum(adults)) for p in adults)
    )
    assert naive == Decimal("650000.01")


def test_largest_remainder_gives_leftover_units_to_the_largest_remainders():
    assert split.largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert split.largest_remainder(7, [1] * 10) == [1] * 7 + [0] * 3
    assert split.largest_remainder(100, [0.333, 0.333, 0.334]) == [33, 33, 34]
    rng = np.random.default_rng(7)
    for _ in range(200):
        total = int(rng.integers(1, 10**9))
        shares = rng.random(int(rng.integers(1, 12)))
        parts = split.largest_remainder(total, shares)
        assert sum(parts) == total
        quotas = total * shares / shares.sum()
        assert all(abs(p - q) < 1 for p, q in zip(parts, quotas, strict=True))


@pytest.mark.parametrize("pot", ["0.07", 100, "1,234,567.89", "£650,000", 0.01, 999999.99])
def test_every_split_adds_up_to_the_pot_to_the_penny(inputs_2020, pot):
    method = split.SplitMethod(
        equal=0.2,
        per_head=0.3,
        need=0.5,
        population="all_ages",
        need_weights={"imd_score": 0.4, "drug_deaths": 0.6},
    )
    result = split.split_pot(inputs_2020, method, pot, draws=50)
    assert result.total_pence == split.pot_pence(pot)
    assert result.frame["share"].sum() == pytest.approx(1.0)


def test_equal_split_and_need_split_follow_their_formulas(inputs_2020):
    equal = split.split_pot(inputs_2020, split.SplitMethod(equal=1.0), 1000)
    assert (equal.frame["amount_gbp"] == 100.0).all()
    imd = split.split_pot(
        inputs_2020, split.SplitMethod(need=1.0, need_weights={"imd_score": 1.0}), 650000
    )
    scores = (
        inputs_2020.need[inputs_2020.need["measure"] == "imd_score"]
        .set_index("area_code")["value"]
        .reindex(list(GM_BOROUGHS))
    )
    expected = 650000 * scores / scores.sum()
    assert np.abs(imd.frame["amount_gbp"].to_numpy() - expected.to_numpy()).max() <= 0.01
    # a score has no interval: no range, and the notes say so
    assert (imd.frame["share_low"] == imd.frame["share"]).all()
    assert any("no range" in note for note in imd.notes)


def test_a_blend_is_the_weighted_sum_of_its_methods_shares(inputs_2020):
    head = split.split_pot(inputs_2020, PER_HEAD_ADULTS, 650000).frame["share"]
    need = split.split_pot(
        inputs_2020,
        split.SplitMethod(need=1.0, need_weights={"in_treatment": 0.5, "drug_deaths": 0.5}),
        650000,
        draws=10,
    ).frame["share"]
    blend = split.split_pot(
        inputs_2020,
        split.SplitMethod(
            per_head=0.25, need=0.75, need_weights={"in_treatment": 0.5, "drug_deaths": 0.5}
        ),
        650000,
        draws=10,
    ).frame["share"]
    assert np.allclose(blend, 0.25 * head + 0.75 * need)


def test_the_range_of_each_share_comes_from_seeded_draws_within_the_intervals(inputs_2020):
    method = split.SplitMethod(need=1.0, need_weights={"drug_deaths": 1.0})
    first = split.split_pot(inputs_2020, method, 650000, seed=1)
    again = split.split_pot(inputs_2020, method, 650000, seed=1)
    other = split.split_pot(inputs_2020, method, 650000, seed=2)
    frame = first.frame
    assert frame[["share_low", "share_high"]].equals(again.frame[["share_low", "share_high"]])
    assert not frame["share_low"].equals(other.frame["share_low"])
    assert (frame["share_low"] < frame["share"]).all() and (
        frame["share"] < frame["share_high"]
    ).all()
    assert (frame["amount_low_gbp"] <= frame["amount_gbp"]).all()
    assert (frame["amount_gbp"] <= frame["amount_high_gbp"]).all()
    # drug deaths are small counts: the ranges are wide, yet every draw's shares sum to one
    assert (frame["share_high"] - frame["share_low"]).min() > 0.01


def test_difference_from_published_and_typed_actuals(con, inputs_2020):
    published = split.published_actuals(queries.Direct(con), "inpatient_detox", "2021/22")
    assert published.set_index("area_code")["amount_gbp"].to_dict() == {"E08000010": 74000.0}
    result = split.split_pot(
        inputs_2020,
        PER_HEAD_ADULTS,
        650000,
        published=published,
        typed_actuals={"Oldham": "52,453", "wigan": 1.0, "Bury": ""},
    )
    rows = result.frame.set_index("area_name")
    # METHODS.md and funding/PROVENANCE.md (item 7): Wigan £74,000 of the £650,000 inpatient
    # detox award, 2021/22, published; Oldham £52,453 (METHODS.md) typed by the user
    assert rows.loc["Wigan", "difference_gbp"] == 3221.22
    assert rows.loc["Wigan", "actual_source"] == "published"
    assert rows.loc["Oldham", "difference_gbp"] == 197.78
    assert rows.loc["Oldham", "actual_source"] == "typed"
    assert np.isnan(rows.loc["Bury", "actual_gbp"]) and rows.loc["Bury", "actual_source"] == ""
    assert any("typed for Wigan was not used" in n for n in result.notes)


def test_per_head_and_per_person_in_treatment(inputs_2020):
    result = split.split_pot(inputs_2020, PER_HEAD_ADULTS, 650000)
    rows = result.frame
    assert np.allclose(rows["gbp_per_head"], rows["amount_gbp"] / rows["population"])
    treated = inputs_2020.need[inputs_2020.need["measure"] == "in_treatment"]
    assert len(treated) == 10
    assert np.allclose(
        rows["gbp_per_person_in_treatment"], rows["amount_gbp"] / rows["people_in_treatment"]
    )
    # per head of adults is the same for every borough: that is what per head means
    assert rows["gbp_per_head"].round(6).nunique() == 1


def test_inputs_name_their_sources_and_periods(inputs_2020):
    assert set(inputs_2020.need["measure"]) == set(split.NEED_MEASURES)
    assert inputs_2020.sources["drug_deaths"] == "drug_poisoning_deaths, 2020"
    assert inputs_2020.unavailable == {}
    per_measure = inputs_2020.need.groupby("measure")["area_code"].nunique()
    assert (per_measure == 10).all()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: split.SplitMethod(per_head=0.5, equal=0.4),
            "add up to 1 .100%.; they add up to 0.9",
        ),
        (lambda: split.SplitMethod(per_head=1.2, equal=-0.2), "cannot be negative"),
        (lambda: split.SplitMethod(equal=float("nan")), "must be a number"),
        (lambda: split.SplitMethod(need=1.0), "need measure weights must add up to 1"),
        (
            lambda: split.SplitMethod(need=1.0, need_weights={"rainfall": 1.0}),
            "Unknown need measure",
        ),
        (lambda: split.SplitMethod(per_head=1.0, population="children"), "Population base"),
    ],
)
def test_bad_methods_are_refused_in_words(make, message):
    with pytest.raises(split.SplitError, match=message):
        make()


@pytest.mark.parametrize(
    ("pot", "message"),
    [
        ("abc", "amount in pounds"),
        (0, "more than £0"),
        (-5, "more than £0"),
        ("10.005", "at most two decimal places"),
        (True, "amount in pounds"),
        (None, "amount in pounds"),
        ("1e20", "at most"),
    ],
)
def test_bad_pots_are_refused_in_words(inputs_2020, pot, message):
    with pytest.raises(split.SplitError, match=message):
        split.split_pot(inputs_2020, PER_HEAD_ADULTS, pot)


def test_bad_typed_actuals_are_refused(inputs_2020):
    with pytest.raises(split.SplitError, match="'Barnet' is not a Greater Manchester borough"):
        split.split_pot(inputs_2020, PER_HEAD_ADULTS, 650000, typed_actuals={"Barnet": 5})
    with pytest.raises(split.SplitError, match="actual figure for Bury must be"):
        split.split_pot(inputs_2020, PER_HEAD_ADULTS, 650000, typed_actuals={"Bury": "lots"})


def test_missing_populations_are_refused(fixture_con):
    with pytest.raises(split.SplitError, match="No population estimates for every GM borough"):
        split.load_inputs(queries.Direct(fixture_con), 2020)


def test_the_published_pot_prefills_from_the_funding_extract(con):
    pots = split.published_pots(queries.Direct(con))
    detox = pots[(pots["grant"] == "inpatient_detox") & (pots["financial_year"] == "2021/22")]
    assert detox["amount_gbp"].tolist() == [650000.0]


def test_the_method_round_trips_through_json_and_describes_itself():
    method = split.SplitMethod(
        per_head=0.5, need=0.5, population="all_ages", need_weights={"imd_score": 1.0}
    )
    assert split.SplitMethod.from_dict(method.to_dict()) == method
    assert method.describe() == "50% per head (all ages), 50% by need (IMD 2019 average score 100%)"
    with pytest.raises(split.SplitError, match="not readable"):
        split.SplitMethod.from_dict({"equal": "lots"})
