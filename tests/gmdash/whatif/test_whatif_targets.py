"""Targets: what it would take for each borough, on METHODS.md's check and the real extracts."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from extracts_support import committed

from gmcore import stats
from gmcore.schema import ENGLAND, GM_BOROUGHS
from gmdash import compare, queries
from gmdash.narrative import ILLUSTRATIVE_PREFIX
from gmdash.whatif import targets
from gmdash.whatif.groups import make_group

CODES = list(GM_BOROUGHS)


def _row(code: str, name: str, x: float, n: float, area_type: str = "local_authority") -> dict:
    lo95, hi95 = stats.wilson_ci(x, n, 0.95)
    lo998, hi998 = stats.wilson_ci(x, n, 0.998)
    return {
        "area_code": code,
        "area_name": name,
        "area_type": area_type,
        "period": "2023/24",
        "count": x,
        "denominator": n,
        "value": 100 * x / n,
        "lci95": 100 * lo95,
        "uci95": 100 * hi95,
        "lci998": 100 * lo998,
        "uci998": 100 * hi998,
        "note": "",
        "is_illustrative": False,
        "suppressed": False,
        "suppression_note": "",
    }


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


META = {
    "indicator_id": "alcohol_met_need",
    "value_type": "proportion",
    "polarity": "high_good",
    "unit": "%",
}


def test_methods_check_45_of_1000_against_7_percent():
    # METHODS.md "What would it take": 45/1000 vs England 7.0% -> 10 more similar, 25 to match.
    frame = _frame(
        [_row("E08000004", "Oldham", 45, 1000), _row(ENGLAND, "England", 7000, 100000, "country")]
    )
    meta = META | {"indicator_id": "completions_opiate"}
    table = targets.targets_table(frame, targets.Target("england"), meta, step=1)
    row = table.frame.iloc[0]
    assert row["benchmark"] == "worse"
    assert (row["change_to_similar"], row["change_to_match"]) == (10, 25)
    assert row["count_if_similar"] == 55 and row["benchmark_if_similar"] == "similar"
    assert row["benchmark_if_matched"] == "similar"
    assert (
        "would need 10 more successful completions (of 1,000 in treatment) to be "
        "statistically similar, and 25 more to match it." in row["sentence"]
    )
    typed = targets.targets_table(frame, targets.Target("percent", percent=7.0), meta, step=1)
    assert (typed.frame.iloc[0]["change_to_similar"], typed.frame.iloc[0]["change_to_match"]) == (
        10,
        25,
    )
    assert "the target of 7.0%" in typed.frame.iloc[0]["sentence"]


def test_generated_treatment_counts_are_answered_in_steps_of_five():
    # the generator rounds NDTMS-style counts to 5 (gmdata/illustrative.py)
    oldham = _row("E08000004", "Oldham", 45, 1000) | {"is_illustrative": True}
    frame = _frame([oldham, _row(ENGLAND, "England", 7000, 100000, "country")])
    meta = META | {"indicator_id": "completions_opiate"}
    table = targets.targets_table(frame, targets.Target("england"), meta)
    assert table.step == 5 and table.frame.iloc[0]["step"] == 5
    sentence = table.frame.iloc[0]["sentence"]
    assert "about 10 more successful completions" in sentence
    assert "about 25 more to match it" in sentence
    assert "Counts are rounded to 5, so changes are in steps of 5." in sentence


def test_the_step_follows_each_rows_own_precision_not_the_frames():
    # one period mixing an exact published row (Salford, 322 of 551: Fingertips 90245, 2017, in
    # the raw walkthrough extract) with generated rows rounded to 5
    salford = _row("E08000006", "Salford", 322, 551)
    bolton = _row("E08000001", "Bolton", 120, 345) | {"is_illustrative": True}
    bury = _row("E08000002", "Bury", 45, 1000) | {"is_illustrative": True}
    exact_bury = _row("E08000002", "Bury", 45, 1000)  # published, multiples of 5 by chance
    target = targets.Target("percent", percent=70.0)
    meta = META | {"indicator_id": "completions_non_opiate"}
    table = targets.targets_table(_frame([salford, bolton, bury]), target, meta)
    rows = table.frame.set_index("area_name")
    assert rows["step"].to_dict() == {"Salford": 1, "Bolton": 5, "Bury": 5}
    exact_similar, exact_match = stats.what_would_it_take(322, 551, 0.70)
    assert rows.loc["Salford", "change_to_similar"] == exact_similar
    assert rows.loc["Salford", "change_to_match"] == exact_match
    assert exact_match % 5 != 0  # so a step of 5 would have changed Salford's answer
    assert "rounded" not in rows.loc["Salford", "sentence"]
    assert "about" not in rows.loc["Salford", "sentence"]
    assert "Counts are rounded to 5" in rows.loc["Bolton", "sentence"]
    assert rows.loc["Bolton", "change_to_match"] % 5 == 0
    assert "single units" in table.method
    alone = targets.targets_table(_frame([exact_bury]), target, meta)
    assert alone.frame.iloc[0]["step"] == 1 and "rounded" not in alone.method
    viewit = exact_bury | {"note": "Your own uploaded figures; ViewIt counts rounded to 5"}
    assert targets.targets_table(_frame([viewit]), target, meta).frame.iloc[0]["step"] == 5


def test_on_the_real_extracts_salfords_exact_rows_are_answered_in_single_units(con):
    meta = _meta(con, "completions_non_opiate")
    for period in ("2017", "2018"):
        frame = queries.indicator_values_gm(con, "completions_non_opiate", period)
        table = targets.targets_table(frame, targets.Target("england"), meta)
        rows = table.frame.set_index("area_name")
        assert rows.loc["Salford", "step"] == 1
        assert not rows.loc["Salford", "value_is_illustrative"]
        generated = rows[rows["value_is_illustrative"].astype(bool)]
        assert len(generated) == 9 and set(generated["step"]) == {5}
        assert "rounded" not in rows.loc["Salford", "sentence"]
        for _, row in generated.iterrows():
            assert row["change_to_match"] % 5 == 0 and row["change_to_similar"] % 5 == 0


def test_a_change_below_one_step_is_given_as_a_whole_step_never_one():
    # 50/935 (generated, so rounded to 5) vs 7%: one more completion would do it at 95%, but
    # the data move in fives
    bolton = _row("E08000001", "Bolton", 50, 935) | {"is_illustrative": True}
    frame = _frame([bolton, _row(ENGLAND, "England", 7000, 100000, "country")])
    meta = META | {"indicator_id": "completions_opiate"}
    exact, _ = stats.what_would_it_take(50, 935, 0.07)
    assert 0 < exact < 5
    table = targets.targets_table(frame, targets.Target("england"), meta)
    row = table.frame.iloc[0]
    assert row["change_to_similar"] == 5
    assert not re.search(r"\b1 (more|fewer)\b", row["sentence"])


def test_a_borough_already_better_needs_nothing_and_is_never_told_fewer_to_match():
    frame = _frame(
        [
            _row("E08000006", "Salford", 120, 1000),
            _row("E08000007", "Stockport", 75, 1000),
            _row(ENGLAND, "England", 7000, 100000, "country"),
        ]
    )
    table = targets.targets_table(frame, targets.Target("england"), META)
    better, similar_above = table.frame.iloc[0], table.frame.iloc[1]
    assert better["benchmark"] == "better"
    assert (better["change_to_similar"], better["change_to_match"]) == (0, 0)
    assert better["margin"] == 50  # 120 completions where 70 would match 7.0%
    assert better["sentence"] == (
        "Salford (12.0%, 95% CI 10.1–14.2%) is already better than England (7.0%): no change "
        "is needed. It has 50 more people in treatment than matching England would need."
    )
    assert similar_above["benchmark"] == "similar"
    assert "no change is needed" in similar_above["sentence"]
    for sentence in table.frame["sentence"]:
        assert not re.search(r"fewer[^.]*to match", sentence)


def test_low_is_good_reads_the_right_way_round():
    meta = META | {"indicator_id": "ocu_not_in_treatment", "polarity": "low_good"}
    frame = _frame(
        [
            _row("E08000001", "Bolton", 600, 1000),
            _row("E08000002", "Bury", 400, 1000),
            _row(ENGLAND, "England", 50000, 100000, "country"),
        ]
    )
    table = targets.targets_table(frame, targets.Target("england"), meta)
    worse, better = table.frame.iloc[0], table.frame.iloc[1]
    assert worse["benchmark"] == "worse" and worse["change_to_similar"] < 0
    assert worse["change_to_match"] == -100
    assert "fewer" in worse["sentence"] and "to be statistically similar" in worse["sentence"]
    assert better["benchmark"] == "better" and better["change_to_match"] == 0
    assert better["margin"] == -100  # 100 fewer than matching 50% would need
    assert "already better than England (50.0%): no change is needed" in better["sentence"]


def test_generated_inputs_give_answers_labelled_generated_at_the_start():
    official = _row("E08000001", "Bolton", 45, 1000)
    england = _row(ENGLAND, "England", 7000, 100000, "country") | {"is_illustrative": True}
    table = targets.targets_table(_frame([official, england]), targets.Target("england"), META)
    assert table.data_status == "illustrative"
    assert table.frame.iloc[0]["sentence"].startswith(ILLUSTRATIVE_PREFIX)
    typed = targets.targets_table(
        _frame([official, england]), targets.Target("percent", percent=7), META
    )
    assert typed.data_status == "official"
    assert not typed.frame.iloc[0]["sentence"].startswith(ILLUSTRATIVE_PREFIX)


def test_user_data_answers_are_labelled_as_the_users_own():
    row = _row("E08000001", "Bolton", 45, 1000) | {"data_status": "user"}
    frame = _frame([row])
    table = targets.targets_table(frame, targets.Target("percent", percent=7), META)
    assert table.frame.iloc[0]["sentence"].startswith(
        "Your own uploaded figures, not official statistics: "
    )


def test_gm_median_and_best_and_a_pooled_group_as_targets():
    frame = _frame(
        [
            _row("E08000001", "Bolton", 40, 1000),
            _row("E08000002", "Bury", 60, 1000),
            _row("E08000003", "Manchester", 90, 1000),
            _row("E08000004", "Oldham", 70, 2000),
        ]
    )
    median = targets.resolve_target(frame, targets.Target("gm_median"), META)
    assert median.value == pytest.approx(5.0)  # median of 3.5, 4.0, 6.0 and 9.0
    best = targets.resolve_target(frame, targets.Target("gm_best"), META)
    assert (best.value, best.name) == (9.0, "the GM best (Manchester)")
    low = targets.resolve_target(frame, targets.Target("gm_best"), META | {"polarity": "low_good"})
    assert low.value == 3.5
    group = make_group("East", ["Bury", "Oldham"])
    pooled = targets.resolve_target(frame, targets.Target("group", group=group), META)
    assert pooled.value == pytest.approx(100 * 130 / 3000)  # never (6.0 + 3.5) / 2
    assert pooled.label == "East (pooled, 4.3%)"


@pytest.mark.parametrize(
    ("target", "meta", "message"),
    [
        (lambda: targets.Target("percent", percent=120), META, "between 0 and 100"),
        (lambda: targets.Target("percent"), META, "Type the target as a percentage"),
        (lambda: targets.Target("wales"), META, "Unknown target"),
        (lambda: targets.Target("group"), META, "pooled group"),
        (
            lambda: targets.Target("gm_best"),
            META | {"polarity": "no_judgement"},
            "no direction",
        ),
        (
            lambda: targets.Target("england"),
            META | {"value_type": "dsr"},
            "works on proportions",
        ),
        (lambda: targets.Target("north_west"), META, "North West has no figure"),
    ],
)
def test_impossible_targets_are_refused_in_words(target, meta, message):
    frame = _frame([_row("E08000001", "Bolton", 45, 1000)])
    with pytest.raises(targets.TargetError, match=message):
        targets.targets_table(frame, target(), meta)


@pytest.fixture(scope="module")
def con():
    return committed()


def _meta(con, indicator_id: str) -> dict:
    catalogue = queries.indicator_catalogue(con).set_index("indicator_id")
    return dict(catalogue.loc[indicator_id]) | {"indicator_id": indicator_id}


@pytest.mark.parametrize("indicator_id", ["completions_opiate", "alcohol_met_need"])
def test_answers_agree_with_compare_and_the_engine_on_the_real_extracts(con, indicator_id):
    meta = _meta(con, indicator_id)
    period = str(meta["latest_gm_period"])
    frame = queries.indicator_values_gm(con, indicator_id, period)
    compared, _, _ = compare.compare_boroughs(frame, str(meta["polarity"]), ENGLAND)
    group = make_group("Bolton, Salford and Trafford", ["Bolton", "Salford", "Trafford"])
    kinds = [
        targets.Target("england"),
        targets.Target("north_west"),
        targets.Target("gm_best"),
        targets.Target("gm_median"),
        targets.Target("group", group=group),
        targets.Target("percent", percent=7.0),
    ]
    for target in kinds:
        comparator = targets.COMPARATOR_CODES.get(target.kind)
        if comparator and not (frame["area_code"] == comparator).any():
            with pytest.raises(targets.TargetError, match="has no figure for this period"):
                targets.targets_table(frame, target, meta)
            continue
        table = targets.targets_table(frame, target, meta)
        rows = table.frame
        assert len(rows) == 10 and set(rows["area_code"]) == set(GM_BOROUGHS)
        if target.kind == "england":
            # the same colours as the Compare page against England
            assert rows["benchmark"].tolist() == compared["benchmark"].tolist()
        for row in rows.to_dict("records"):
            x, n, c = row["count"], row["denominator"], row["target_value"] / 100
            exact_similar, exact_match = stats.what_would_it_take(x, n, c)
            assert row["exact_to_match"] == exact_match
            step = int(row["step"])
            if row["benchmark"] in ("similar", "better"):
                assert row["change_to_similar"] == 0
            if row["benchmark"] == "similar":
                assert exact_similar == 0
            if row["benchmark"] == "worse":
                assert row["exact_to_similar"] == exact_similar
                change = row["change_to_similar"]
                assert change % step == 0 and abs(change) >= abs(exact_similar)
                assert row["benchmark_if_similar"] == "similar"
                # the smallest whole step: one step less is not yet similar
                fewer = x + change - step * (1 if change > 0 else -1)
                lo, hi = stats.wilson_ci(fewer, n)
                assert abs(change) == step or not lo <= c <= hi
            assert row["change_to_match"] % step == 0
            assert row["sentence"].startswith(ILLUSTRATIVE_PREFIX) == bool(
                row["data_status"] == "illustrative"
            )
            assert not re.search(r"\b1 (more|fewer)\b", row["sentence"]) or step == 1


def test_suppressed_boroughs_get_no_answer_and_say_why(fixture_con):
    meta = _meta(fixture_con, "completions_opiate")
    frame = queries.indicator_values_gm(fixture_con, "completions_opiate", "2021/22")
    table = targets.targets_table(frame, targets.Target("england"), meta)
    bury = table.frame.set_index("area_name").loc["Bury"]
    assert pd.isna(bury["change_to_similar"]) and pd.isna(bury["change_to_match"])
    assert table.sentence("Bury").startswith(ILLUSTRATIVE_PREFIX + "Bury's figures for 2021/22")
    assert "suppressed" in table.sentence("E08000002")
    with pytest.raises(targets.TargetError, match="No borough"):
        table.sentence("Barnet")
