"""Presentation mode's logic: the deck in the URL, steps, slides from real views, the theme."""

from __future__ import annotations

import pytest
from extracts_support import committed

from gmdash import present, queries, views
from gmdash.figure import Figure, Notice

BOROUGHS = {"E08000002": "Bury", "E08000010": "Wigan", "E08000004": "Oldham"}
INDICATORS = ["alcohol_met_need", "drug_poisoning_death_rate"]


def test_parse_slides_reads_each_view_by_code_or_name():
    slides, notices = present.parse_slides(
        "profile:Bury,compare:alcohol_met_need:2018/19,"
        "trends:drug_poisoning_death_rate:E08000002+wigan",
        BOROUGHS,
        INDICATORS,
    )
    assert notices == []
    assert slides == [
        present.Slide("profile", areas=("E08000002",)),
        present.Slide("compare", "alcohol_met_need", period="2018/19"),
        present.Slide("trends", "drug_poisoning_death_rate", areas=("E08000002", "E08000010")),
    ]
    # The URL form round-trips, and a "+" decoded to a space still separates boroughs.
    assert present.parse_slides(present.deck_text(slides), BOROUGHS, INDICATORS)[0] == slides
    spaced = present.parse_slides(
        "trends:drug_poisoning_death_rate:Bury Wigan", BOROUGHS, ["drug_poisoning_death_rate"]
    )[0]
    assert spaced[0].areas == ("E08000002", "E08000010")


def test_parse_slides_leaves_out_what_it_cannot_show_and_says_so():
    slides, notices = present.parse_slides(
        "map:x,profile:Atlantis,compare:nothing,trends:alcohol_met_need:Bury+Paris,"
        "compare:alcohol_met_need",
        BOROUGHS,
        INDICATORS,
    )
    assert slides == [present.Slide("compare", "alcohol_met_need")]
    assert notices == [
        "“map:x” is not a view presentation mode can show (it shows profile, compare, trends); "
        "it was left out.",
        "“profile:Atlantis” names no GM borough; it was left out.",
        "“compare:nothing” names no indicator this dashboard has; it was left out.",
        "“trends:alcohol_met_need:Bury+Paris” names a borough that is not in GM; it was left out.",
    ]


def test_step_is_kept_within_the_deck():
    assert present.step_of("3", 3) == 3
    assert present.step_of("9", 3) == 3
    assert present.step_of("0", 3) == 1
    assert present.step_of("three", 3) == 1
    assert present.step_of(None, 3) == 1


def test_default_deck_starts_with_the_current_page():
    setting = present.Setting("E92000001", "Persons", "E08000002")
    deck = present.default_deck("trends", setting, "alcohol_met_need")
    assert [s.kind for s in deck] == ["trends", "profile", "compare"]
    assert deck[0].areas == ("E08000002",)
    assert [s.kind for s in present.default_deck("", setting, "x")] == [
        "profile",
        "compare",
        "trends",
    ]


@pytest.fixture(scope="module")
def ask():
    return queries.Direct(committed())


def test_every_kind_of_slide_is_one_figure_from_its_pages_view(ask):
    setting = present.Setting("E92000001", "Persons", "E08000002")
    boroughs = dict(
        zip(
            *ask(queries.gm_areas)
            .query("role == 'borough'")[["area_code", "area_name"]]
            .to_numpy()
            .T,
            strict=True,
        )
    )
    profile = present.slide_figure(
        ask, present.Slide("profile", areas=("E08000010",)), setting, boroughs, "v"
    )
    assert isinstance(profile, Figure) and profile.key == "profile.spine"
    assert profile.title == "Wigan compared with England and other areas"
    compare = present.slide_figure(
        ask, present.Slide("compare", "alcohol_met_need"), setting, boroughs, "v"
    )
    periods = views.borough_periods(ask, "alcohol_met_need", "Persons")
    assert isinstance(compare, Figure) and compare.key == "compare.bars"
    assert compare.context["period"] == periods[-1]
    trend = present.slide_figure(
        ask,
        present.Slide("trends", "drug_poisoning_death_rate", areas=("E08000002", "E08000010")),
        setting,
        boroughs,
        "v",
    )
    assert isinstance(trend, Figure) and trend.key == "trends.chart"
    assert trend.alt_text.startswith(
        "Line chart of Drug-poisoning death rate over time against England and Greater "
        "Manchester: Bury"
    )
    missing = present.slide_figure(
        ask,
        present.Slide("trends", "drug_poisoning_death_rate", areas=("E08000002",)),
        present.Setting("E92000001", "Female", "E08000002"),
        boroughs,
        "v",
    )
    assert isinstance(missing, Notice)


def test_high_contrast_theme_meets_wcag_aaa():
    # WCAG 2.2 reference points: black on white is 21:1; #767676 on white is the AA limit 4.5:1.
    assert present.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert present.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    theme = present.HIGH_CONTRAST
    for text, ground in present.HIGH_CONTRAST_PAIRS:
        assert present.contrast_ratio(theme[text], theme[ground]) >= 7.0, (text, ground)
    # Gridlines and disabled controls are graphics: 3:1 is the bar, and they clear AAA text's 7:1.
    assert present.contrast_ratio(theme["gridlines"], theme["background"]) >= 7.0
