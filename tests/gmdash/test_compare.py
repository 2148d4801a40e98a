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
    assert table["Rank"].tolist()[:3] == ["1st", "2nd", "3rd"]


def test_rank_table_uses_one_number_format():
    table = compare.rank_table(_boroughs(), "high_good", unit="%").set_index("Area")
    assert table.loc["Wigan", "Value"] == "8.0%"
    assert table.loc["Wigan", "95% interval"] == "6.5–9.8%"
    assert table.loc["Wigan", "Rank"] == "1st"
    assert table.loc["Bury", ["Value", "95% interval", "Rank", "Plausible range"]].tolist() == [
        "suppressed",
        "",
        "not ranked",
        "",
    ]
    # Every plausible range is two ordinals, as the words say.
    ranged = table.loc[["Wigan", "Bolton", "Oldham"], "Plausible range"]
    assert ranged.str.fullmatch(r"\d+(st|nd|rd|th)–\d+(st|nd|rd|th)").all()
    deaths = compare.rank_table(
        _boroughs().assign(value=[45.0, None, 80.0, 60.0]), "low_good", unit="deaths"
    )
    assert deaths["Value"].iloc[0] == "45 deaths"


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
        "Oldham (4.5%) would need 10 more successful completions (of 1,000 in treatment) "
        "to be statistically similar to England, and 25 more to match England's 7.0%."
    )


def test_what_would_it_take_in_steps_of_the_counts_rounding():
    # 45/1000 needs 10 more to be similar and 25 more to match (METHODS.md); with counts
    # rounded to 5 the answer is stated in steps of 5, "about", and says why.
    row = _boroughs().iloc[0].to_dict()
    text = compare.what_would_it_take_sentence(
        row,
        indicator_id="completions_opiate",
        comparator_name="England",
        comparator_value=7.0,
        step=5,
    )
    assert "would need about 10 more successful completions" in text
    assert "and about 25 more to match England's 7.0%" in text
    assert text.endswith("(counts are rounded to 5, so changes are given in steps of 5).")


def test_what_would_it_take_rounds_a_change_up_to_whole_steps():
    # 44/1000 against 5.0% is similar (Wilson 95% 3.3-5.9%); matching needs 6 more, which a
    # step of 5 states as about 10, never as less than is needed.
    row = {"area_name": "Rochdale", "count": 44.0, "denominator": 1000.0, "benchmark": "similar"}
    text = compare.what_would_it_take_sentence(
        row,
        indicator_id="completions_opiate",
        comparator_name="England",
        comparator_value=5.0,
        step=5,
    )
    assert "it would need about 10 more successful completions (of 1,000 in treatment)" in text


def test_a_borough_already_better_is_told_so_not_how_many_fewer():
    row = {"area_name": "Bury", "count": 120.0, "denominator": 1000.0, "benchmark": "better"}
    text = compare.what_would_it_take_sentence(
        row, indicator_id="completions_opiate", comparator_name="England", comparator_value=7.0
    )
    assert text == (
        "Bury (12.0%) is already statistically better than England's 7.0%: no change is "
        "needed to reach it."
    )
    assert "fewer" not in text


def test_what_would_it_take_when_already_similar_and_above():
    row = _boroughs().iloc[3].to_dict()  # 60/1000 against 5.0%: similar, and above it
    text = compare.what_would_it_take_sentence(
        row, indicator_id="alcohol_met_need", comparator_name="North West", comparator_value=5.0
    )
    assert text == (
        "Bolton (6.0%) is already statistically similar to North West (its 95% interval "
        "includes North West's 5.0%) and is at or beyond it."
    )


def test_lower_is_better_asks_for_fewer():
    # 80/1000 against 5.0% where lower is better: worse, so fewer are needed.
    row = {"area_name": "Wigan", "count": 80.0, "denominator": 1000.0, "benchmark": "worse"}
    text = compare.what_would_it_take_sentence(
        row,
        indicator_id="x",
        comparator_name="England",
        comparator_value=5.0,
        polarity="low_good",
    )
    assert text.startswith("Wigan (8.0%) would need ") and " fewer " in text


def test_row_step_is_five_only_for_a_rounded_row():
    generated = {"count": 45.0, "denominator": 1000.0, "is_illustrative": True}
    assert compare.row_step(generated, "completions_opiate") == 5
    # Salford's published 2017 non-opiate row (PROVENANCE.md, outcomes section 14): exact.
    published = {"count": 322.0, "denominator": 551.0, "is_illustrative": False}
    assert compare.row_step(published, "completions_non_opiate") == 1
    # A published row that happens to land on fives is still exact unless it says it is rounded.
    assert compare.row_step(generated | {"is_illustrative": False}, "completions_opiate") == 1
    viewit = {"count": 45.0, "denominator": 1000.0, "note": "ViewIt counts rounded to 5"}
    assert compare.row_step(viewit, "completions_viewit_opiate") == 5
    assert compare.row_step(generated | {"count": 46.0}, "completions_opiate") == 1


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


def test_a_figure_quoted_without_a_period_is_a_labelled_marker_not_a_bar():
    # The one row of completions_from_reports.csv: Oldham, non-opiate, 37.2%, no period.
    reported = pd.DataFrame(
        {
            "area_code": ["E08000004"],
            "area_name": ["Oldham"],
            "indicator_id": ["completions_non_opiate"],
            "period": [None],
            "value": [37.2],
            "source_url": ["https://committees.oldham.gov.uk/mgAi.aspx?ID=43228"],
            "quote_location": ["Health and Wellbeing Board minutes"],
        }
    )
    boroughs = pd.DataFrame({"area_code": ["E08000004", "E08000001"]})
    markers = compare.reported_markers(reported, "completions_non_opiate", boroughs)
    assert markers[["area_name", "value", "label"]].to_dict("records") == [
        {"area_name": "Oldham", "value": 37.2, "label": "37.2% quoted, period not stated"}
    ]
    assert compare.reported_markers(reported, "completions_opiate", boroughs).empty
    (note,) = compare.reported_notes(markers)
    assert note.startswith("Diamond: Oldham, 37.2% quoted, period not stated")
    assert "not as part of it" in note
