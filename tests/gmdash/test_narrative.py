"""Plain-English sentences: every benchmark category and polarity, gaps, illustrative data, hedging."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from gmdash import narrative
from gmdash.narrative import (
    ILLUSTRATIVE_PREFIX,
    NO_JUDGEMENT_NOTE,
    benchmark_sentence,
    format_interval,
    format_value,
    needs_attention_sentence,
    running_name,
    trend_label,
    trend_sentence,
)

OVER_CLAIMS = re.compile(
    r"\b(prove[sdn]?|proof|definitely|definite|certainly|certain|clearly|caused|causes|"
    r"because of|due to|guarantee[sd]?|undoubtedly|always)\b",
    re.I,
)
SIGNIFICANT_REASON = "comparator outside the 99.8% confidence interval"
TWO_LEVEL_95_REASON = "comparator outside the 95% but inside the 99.8% confidence interval"
ONE_LEVEL_95_REASON = "comparator outside the 95% confidence interval"
SIMILAR_REASON = "comparator inside the 95% confidence interval"


def sentence(**overrides: object) -> str:
    """Oldham's alcohol met need against England, varied one field at a time."""
    args: dict[str, object] = dict(
        area="Oldham",
        indicator="Alcohol met need",
        period="2018/19",
        unit="%",
        value=13.0,
        lower95=12.1,
        upper95=13.9,
        comparator="England",
        comparator_value=17.6,
        benchmark="worse",
        level="99.8%",
        reason=SIGNIFICANT_REASON,
        polarity="high_good",
        illustrative=False,
        suppression_note=None,
    )
    args.update(overrides)
    return benchmark_sentence(**args)  # type: ignore[arg-type]


def test_the_briefs_example_sentence():
    text = sentence()
    assert text.startswith(
        "Oldham's alcohol met need in 2018/19 (13.0%, 95% CI 12.1–13.9%) is lower than "
        "England's (17.6%), and the difference is statistically significant at the 99.8% level."
    )
    assert text.endswith("For this indicator higher is better, so this is worse than England.")


# (benchmark, polarity, value, comparator) -> the direction word the sentence must use
SIGNIFICANT_CASES = [
    ("better", "high_good", 20.0, 17.6, "higher", "higher is better, so this is better"),
    ("worse", "high_good", 13.0, 17.6, "lower", "higher is better, so this is worse"),
    ("better", "low_good", 13.0, 17.6, "lower", "lower is better, so this is better"),
    ("worse", "low_good", 20.0, 17.6, "higher", "lower is better, so this is worse"),
    ("higher", "no_judgement", 20.0, 17.6, "higher", NO_JUDGEMENT_NOTE),
    ("lower", "no_judgement", 13.0, 17.6, "lower", NO_JUDGEMENT_NOTE),
]


@pytest.mark.parametrize(
    ("category", "polarity", "value", "comp", "direction", "judgement"), SIGNIFICANT_CASES
)
def test_significant_differences_by_category_and_polarity(
    category, polarity, value, comp, direction, judgement
):
    text = sentence(
        benchmark=category,
        polarity=polarity,
        value=value,
        lower95=value - 1,
        upper95=value + 1,
        comparator_value=comp,
    )
    assert f"is {direction} than England's (17.6%)" in text
    assert "statistically significant at the 99.8% level" in text
    assert judgement in text
    assert "could be chance" not in text


@pytest.mark.parametrize("polarity", ["high_good", "low_good", "no_judgement"])
def test_similar_says_the_difference_could_be_chance(polarity):
    text = sentence(
        benchmark="similar",
        level=None,
        reason=SIMILAR_REASON,
        polarity=polarity,
        value=17.0,
        lower95=15.9,
        upper95=18.1,
    )
    assert text == (
        "Oldham's alcohol met need in 2018/19 (17.0%, 95% CI 15.9–18.1%) is similar "
        "to England's (17.6%): the difference could be chance."
    )
    assert "significant" not in text


def test_level_wording_separates_the_two_level_and_one_level_rules():
    two_level = sentence(level="95%", reason=TWO_LEVEL_95_REASON)
    assert "significant at the 95% level (though not at the stricter 99.8% level)." in two_level
    one_level = sentence(level="95%", reason=ONE_LEVEL_95_REASON)
    assert "significant at the 95% level." in one_level
    assert "stricter" not in one_level


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (
            "not compared: no comparator value",
            "Not compared with North West: North West has no value for 2018/19.",
        ),
        (
            "not compared: counts depend on the size of the population",
            "Not compared with North West: counts depend on the size of the population.",
        ),
        (
            "not compared: no confidence interval",
            "Not compared with North West: no confidence interval is published for it",
        ),
        (
            "not compared: no polarity for this indicator",
            "Not compared with North West: no polarity for this indicator.",
        ),
    ],
)
def test_not_compared_gives_the_reason(reason, expected):
    text = sentence(
        benchmark="not compared",
        level=None,
        reason=reason,
        comparator="North West",
        comparator_value=None,
    )
    assert text.startswith("Oldham's alcohol met need in 2018/19: 13.0%, 95% CI 12.1–13.9%.")
    assert expected in text
    assert "significant" not in text and "similar" not in text


def test_not_compared_without_an_interval_shows_the_value_alone():
    text = sentence(
        benchmark="not compared",
        level=None,
        unit="people",
        value=2927.33,
        lower95=None,
        upper95=math.nan,
        reason="not compared: no confidence interval",
    )
    assert text.startswith("Oldham's alcohol met need in 2018/19: 2,927 people. Not compared")


@pytest.mark.parametrize("value", [None, math.nan, float("nan")])
def test_suppressed_values_are_not_shown_and_say_why(value):
    text = sentence(
        value=value,
        lower95=None,
        upper95=None,
        benchmark="not compared",
        level=None,
        reason="not compared: no value",
        suppression_note="Suppressed: count between 1 and 4 (primary suppression)",
    )
    assert text == (
        "Oldham's alcohol met need in 2018/19 is suppressed to protect "
        "confidentiality: count between 1 and 4 (primary suppression). It is not "
        "shown or compared with England."
    )
    assert not re.search(r"\d+\.\d", text)


@pytest.mark.parametrize("value", [None, math.nan])
def test_missing_values_say_there_is_no_value(value):
    text = sentence(
        value=value,
        lower95=None,
        upper95=None,
        benchmark="not compared",
        level=None,
        reason="not compared: no value",
    )
    assert text == (
        "Oldham has no published value for alcohol met need in 2018/19, so it is not "
        "compared with England."
    )


def test_illustrative_sentences_say_so_first():
    kinds = [
        sentence(illustrative=True),
        sentence(illustrative=True, benchmark="similar", level=None, reason=SIMILAR_REASON),
        sentence(illustrative=True, value=None, suppression_note="Suppressed: count 1 to 4"),
        sentence(illustrative=True, value=None),
        trend_sentence(
            area="Bury",
            indicator="Completions: opiate",
            direction="increasing",
            assessment="getting better",
            reason="significant at the 99.8% level",
            first_period="2019/20",
            last_period="2023/24",
            illustrative=True,
        ),
        needs_attention_sentence(
            area="Bury",
            indicator="Completions: opiate",
            period="2023/24",
            unit="%",
            value=2.9,
            comparator="England",
            comparator_value=5.8,
            level="99.8%",
            first_period="2019/20",
            last_period="2023/24",
            illustrative=True,
        ),
    ]
    for text in kinds:
        assert text.startswith(ILLUSTRATIVE_PREFIX)
        assert "illustrative" in text.lower()
    assert "illustrative" not in sentence().lower()


def _all_benchmark_sentences():
    categories = ["better", "worse", "similar", "higher", "lower", "not compared"]
    polarities = ["high_good", "low_good", "no_judgement"]
    for category, polarity, illustrative, level in itertools.product(
        categories, polarities, [False, True], ["95%", "99.8%", None]
    ):
        yield (
            category,
            polarity,
            sentence(
                benchmark=category,
                polarity=polarity,
                illustrative=illustrative,
                level=level,
                reason=SIMILAR_REASON if category == "similar" else SIGNIFICANT_REASON,
                comparator="Greater Manchester",
                period="2021/22 - 23/24",
            ),
        )


def test_every_benchmark_sentence_names_period_and_comparator_and_never_over_claims():
    for category, _, text in _all_benchmark_sentences():
        assert "2021/22 - 23/24" in text, text
        assert "Greater Manchester" in text, text
        assert not OVER_CLAIMS.search(text), text
        if category in ("similar", "not compared"):
            assert "significant" not in text, text


def test_trend_sentences_for_every_result():
    common = dict(
        area="Oldham",
        indicator="Alcohol met need",
        first_period="2014/15",
        last_period="2018/19",
        illustrative=False,
    )
    worse = trend_sentence(
        direction="decreasing",
        assessment="getting worse",
        reason="significant at the 99.8% level",
        **common,
    )
    assert worse == (
        "Oldham's alcohol met need: getting worse over the last five years "
        "(2014/15 to 2018/19), a statistically significant fall at the 99.8% level."
    )
    better = trend_sentence(
        direction="increasing",
        assessment="getting better",
        reason="significant at the 99.8% level",
        **common,
    )
    assert "getting better" in better and "significant rise" in better
    rising = trend_sentence(
        direction="increasing",
        assessment="increasing",
        reason="significant at the 99.8% level",
        **common,
    )
    assert "statistically significant rise" in rising and NO_JUDGEMENT_NOTE in rising
    assert "better" not in rising.replace(NO_JUDGEMENT_NOTE, "")
    flat = trend_sentence(
        direction="no significant change",
        assessment="no significant change",
        reason="chi-squared below the 99.8% threshold",
        **common,
    )
    assert flat == (
        "No significant change in Oldham's alcohol met need over the last five "
        "years (2014/15 to 2018/19)."
    )
    failed = trend_sentence(
        direction="could not be calculated",
        assessment="could not be calculated",
        reason="could not be calculated: fewer than 5 annual points",
        **{**common, "first_period": None, "last_period": None},
    )
    assert failed == "Trend could not be calculated: fewer than 5 annual points."
    for text in (worse, better, rising, flat, failed):
        assert not OVER_CLAIMS.search(text)


def test_trend_labels_pair_a_marker_with_words():
    assert trend_label("increasing", "getting better", "") == "↑ getting better"
    assert trend_label("decreasing", "getting worse", "") == "↓ getting worse"
    assert trend_label("decreasing", "decreasing", "") == "↓ decreasing"
    assert trend_label("no significant change", "no significant change", "") == (
        "→ no significant change"
    )
    assert trend_label(
        "could not be calculated",
        "could not be calculated",
        "could not be calculated: fewer than 5 annual points",
    ) == ("– could not be calculated: fewer than 5 annual points")


def test_needs_attention_sentence():
    text = needs_attention_sentence(
        area="Manchester",
        indicator="Alcohol met need",
        period="2018/19",
        unit="%",
        value=10.853,
        comparator="England",
        comparator_value=17.64,
        level="99.8%",
        first_period="2014/15",
        last_period="2018/19",
        illustrative=False,
    )
    assert text == (
        "Manchester — alcohol met need: 10.9% in 2018/19, significantly worse than "
        "England (17.6%) at the 99.8% level, and getting significantly worse over "
        "the last five years (2014/15 to 2018/19)."
    )


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (13.049, "%", "13.0%"),
        (7.625, "per 100,000", "7.6 per 100,000"),
        (4312.0, "deaths", "4,312 deaths"),
        (37127.67, "people", "37,128 people"),
        (None, "%", "no value"),
        (math.nan, "people", "no value"),
    ],
)
def test_format_value(value, unit, expected):
    assert format_value(value, unit) == expected


def test_format_interval():
    assert format_interval(12.06, 13.94, "%") == "12.1–13.9%"
    assert format_interval(7.399, 7.856, "per 100,000") == "7.4–7.9"
    assert format_interval(15.4, 35.7, "deaths") == "15–36"
    assert format_interval(None, 3.0, "%") is None
    assert format_interval(1.0, math.nan, "%") is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Alcohol met need", "alcohol met need"),
        ("Completions: opiate", "opiate completions"),
        ("In treatment: alcohol", "alcohol in treatment"),
        ("OCU prevalence", "OCU prevalence"),
        ("Drug-poisoning death rate", "drug-poisoning death rate"),
    ],
)
def test_running_name(title, expected):
    assert running_name(title) == expected


def test_possessive_and_missing():
    assert narrative.possessive("England") == "England's"
    assert narrative.possessive("Greater Manchester") == "Greater Manchester's"
    assert narrative.missing(None) and narrative.missing(math.nan)
    assert not narrative.missing(0.0)


def test_gm_value_says_not_published_where_gm_has_none():
    from gmdash import narrative

    assert narrative.gm_value(None, "per 100,000") == "not published for GM"
    assert narrative.gm_value(float("nan"), "%") == "not published for GM"
    assert narrative.gm_value(19.2, "%") == "19.2%"
