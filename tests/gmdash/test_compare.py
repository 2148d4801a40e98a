"""Borough comparison logic on small frames: ranks, what it would take, funnel data."""

from __future__ import annotations

import pandas as pd
import pytest

from gmdash import compare


def _boroughs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_code": ["A", "B", "C", "D"],
            "area_name": ["Oldham", "Bury", "Wigan", "Bolton"],
            "area_type": "local_authority",
            "count": [45.0, None, 80.0, 60.0],
            "denominator": [1000.0, 200.0, 1000.0, 1000.0],
            "value": [4.5, None, 8.0, 6.0],
            "lci95": [3.4, None, 6.5, 4.7],
            "uci95": [6.0, None, 9.8, 7.6],
            "lci998": [2.9, None, 5.7, 4.1],
            "uci998": [6.9, None, 11.0, 8.8],
            "suppressed": [False, True, False, False],
            "suppression_note": [
                "",
                "Suppressed: count between 1 and 4 (primary suppression)",
                "",
                "",
            ],
            "is_illustrative": True,
        }
    )


def test_ordinals():
    assert [compare.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
    ]


def test_rank_table_high_good_ranks_highest_first_and_explains_suppressed():
    table = compare.rank_table(_boroughs(), "high_good")
    assert table["Area"].tolist() == ["Wigan", "Bolton", "Oldham", "Bury"]
    words = table["Rank in words"].tolist()
    assert words[0].startswith("Wigan: 1st of 3, plausible 1st–")
    assert words[2].startswith("Oldham: 3rd of 3, plausible ")
    assert words[3] == (
        "Bury: not ranked (suppressed — Suppressed: count between 1 and 4 (primary suppression))"
    )


def test_rank_table_low_good_ranks_lowest_first():
    table = compare.rank_table(_boroughs(), "low_good")
    assert table["Area"].tolist()[:3] == ["Oldham", "Bolton", "Wigan"]
    assert table["Rank"].tolist()[:3] == [1, 2, 3]


def test_ranking_note_says_how_no_judgement_is_ordered():
    assert "highest first" in compare.ranking_note("no_judgement")
    assert "neither better nor worse" in compare.ranking_note("no_judgement")
    assert "lowest" in compare.ranking_note("low_good")


def test_what_would_it_take_matches_the_methods_example():
    row = _boroughs().iloc[0].to_dict()  # 45/1000 against 7.0%: 10 to similar, 25 to match
    text = compare.what_would_it_take_sentence(
        row, indicator_id="completions_opiate", comparator_name="England", comparator_value=7.0
    )
    assert text == (
        "Oldham would need 10 more successful completions (of 1,000 in treatment) "
        "to be statistically similar to England, and 25 more to match England's "
        "7.0%."
    )


def test_what_would_it_take_when_already_similar_and_above():
    row = _boroughs().iloc[3].to_dict()  # 60/1000 against 5.0%: similar, 10 fewer to match
    text = compare.what_would_it_take_sentence(
        row, indicator_id="alcohol_met_need", comparator_name="North West", comparator_value=5.0
    )
    assert text.startswith("Bolton is already statistically similar to North West")
    assert "10 fewer people in treatment (of 1,000 estimated dependent drinkers)" in text


def test_what_would_it_take_never_for_suppressed_rows():
    row = _boroughs().iloc[1].to_dict()
    text = compare.what_would_it_take_sentence(
        row, indicator_id="completions_opiate", comparator_name="England", comparator_value=7.0
    )
    assert "suppressed" in text and "nothing is calculated" in text
    assert "need" not in text


def test_what_would_it_take_without_comparator_value():
    row = _boroughs().iloc[0].to_dict()
    text = compare.what_would_it_take_sentence(
        row, indicator_id="x", comparator_name="Greater Manchester", comparator_value=None
    )
    assert text == "Greater Manchester has no value for this period to compare Oldham with."


def test_compare_boroughs_uses_one_level_rule_without_998_limits():
    frame = pd.concat(
        [
            _boroughs().assign(lci998=None, uci998=None),
            pd.DataFrame(
                {
                    "area_code": ["E92000001"],
                    "area_name": ["England"],
                    "area_type": ["country"],
                    "value": [7.0],
                }
            ),
        ]
    )
    boroughs, value, has_998 = compare.compare_boroughs(frame, "high_good", "E92000001")
    assert value == 7.0 and not has_998
    assert boroughs.set_index("area_name").loc["Oldham", "benchmark"] == "worse"
    assert compare.suppressed_lines(boroughs) == [
        "Bury: suppressed — Suppressed: count between 1 and 4 (primary suppression)"
    ]


def test_funnel_data_flags_and_limits():
    points, limits = compare.funnel_data(_boroughs(), centre=6.0)
    assert points["area_name"].tolist() == ["Oldham", "Wigan", "Bolton"]  # Bury suppressed
    flags = dict(zip(points["area_name"], points["funnel_flag"], strict=True))
    assert flags == {
        "Oldham": "low (outside 95%)",
        "Wigan": "high (outside 95%)",
        "Bolton": "within the limits",
    }
    assert set(limits["limit"]) == {"95% limits", "99.8% limits"}
    at_1000 = limits.iloc[(limits["denominator"] - 1000).abs().argsort()]
    upper95 = at_1000[(at_1000["limit"] == "95% limits") & (at_1000["side"] == "upper")]
    assert upper95["value"].iloc[0] == pytest.approx(
        6.0 + 1.959964 * (0.06 * 0.94 / 1000) ** 0.5 * 100, abs=0.05
    )


def test_pooled_gm_centre_sums_counts_never_averages_percentages():
    centre, n = compare.pooled_gm_centre(_boroughs())
    assert n == 3 and centre == pytest.approx(185 / 3000 * 100)


def test_funnel_unavailable_names_the_value_type():
    assert "directly standardised rate" in compare.funnel_unavailable("Deaths", "dsr")
