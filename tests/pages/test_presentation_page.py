"""Presentation mode and the print header under AppTest: the deck, the keys, the URL, the theme."""

from __future__ import annotations

import datetime as dt

from page_support import APP, assert_clean
from streamlit.testing.v1 import AppTest

from gmdash.ui import printing, state

DECK = (
    "profile:E08000002,compare:alcohol_met_need,"
    "trends:drug_poisoning_death_rate:E08000002+E08000010"
)


def _present(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in {"present": "1", **params}.items():
        at.query_params[key] = value
    return at.run()


def _html(at: AppTest) -> str:
    return " ".join(h.proto.body for h in at.html)


def test_presentation_shows_one_slide_with_keys_and_no_controls():
    # Stepping by key and click is exercised in a real browser (tests/browser): AppTest does not
    # rerun app.py's router after a click in this mode, so here each step is opened by its link.
    at = _present({"slides": DECK})
    assert_clean(at)
    assert "Slide 1 of 3" in _html(at) and "Borough profile · Bury" in _html(at)
    # One chart, no filter widgets, no sidebar freshness panel, no footer.
    assert len(at.get("vega_lite_chart")) == 1
    assert not at.selectbox and not at.multiselect and not at.expander
    assert not any("Open Government Licence" in c.value for c in at.caption)
    keys = {b.key: b for b in at.button}
    assert set(keys) == {"present.previous", "present.next", "present.contrast", "present.exit"}
    assert keys["present.previous"].disabled and not keys["present.next"].disabled
    assert keys["present.next"].proto.shortcut == "right"
    assert keys["present.previous"].proto.shortcut == "left"
    assert keys["present.contrast"].proto.shortcut == "h"
    assert keys["present.exit"].proto.shortcut == "escape"
    at = _present({"slides": DECK, "step": "2"})
    assert "Slide 2 of 3" in _html(at) and "Compare boroughs · Alcohol met need" in _html(at)
    at = _present({"slides": DECK, "step": "3"})
    assert at.button(key="present.next").disabled
    assert not at.button(key="present.previous").disabled
    assert any(c.value.endswith("Extracts " + c.value.split("Extracts ")[-1]) for c in at.caption)


def test_a_permalink_reopens_the_same_step_and_a_bad_step_is_kept_in_range():
    at = _present({"slides": DECK, "step": "3"})
    assert "Slide 3 of 3" in _html(at) and "Trends · Drug-poisoning death rate" in _html(at)
    at = _present({"slides": DECK, "step": "12"})
    assert "Slide 3 of 3" in _html(at) and at.query_params["step"] == "3"


def test_without_slides_the_deck_is_the_current_borough_and_indicator():
    at = _present({"area": "E08000010"})
    assert_clean(at)
    assert "Borough profile · Wigan" in _html(at)
    assert at.query_params["slides"].startswith("profile:E08000010,compare:alcohol_met_need")


def test_unknown_slides_are_named_and_left_out():
    at = _present({"slides": "map:1,profile:Bury"})
    # The notice quotes the link escaped (a backslash before the colon): no Markdown gets in.
    assert any("“map\\:1” is not a view presentation mode can show" in w.value for w in at.warning)
    assert "Slide 1 of 1" in _html(at)


def test_high_contrast_theme_is_in_the_link():
    at = _present({"slides": DECK})
    assert "#FFF3B0" not in _html(at)
    at = _present({"slides": DECK, "contrast": "high"})
    assert_clean(at)
    assert "#FFF3B0" in _html(at)
    assert at.button(key="present.contrast").label == "Standard contrast"


def test_the_app_frame_puts_the_print_header_above_the_page():
    # AppTest runs app.py's frame on a session's first run (later runs execute the page alone).
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["area"] = "E08000002"
    at.run()
    assert_clean(at)
    header = _html(at)
    assert '<div class="gm-print-header"><h1>Home</h1><p>No filters</p>' in header
    assert "@page { size: A4 landscape; margin: 10mm 12mm; }" in header
    assert "Extracts version" in header


def test_print_header_names_the_filters_a_page_uses():
    filters = state.Filters(
        area="E08000002",
        indicator="alcohol_met_need",
        comparator="E47000001",
        areas=("E08000002", "E08000010"),
        choices=(("trends.also", "E92000001"), ("compare.view", "Funnel plot")),
    )
    boroughs = {"E08000002": "Bury", "E08000010": "Wigan"}
    titles = {"alcohol_met_need": "Alcohol met need"}
    assert printing.filter_words("compare", filters, boroughs, titles) == [
        "Indicator: Alcohol met need",
        "Period: latest available",
        "Sex: Persons",
        "Compared with: Greater Manchester",
        "Borough: Bury",
        "View: Funnel plot",
    ]
    assert printing.filter_words("trends", filters, boroughs, titles) == [
        "Indicator: Alcohol met need",
        "Sex: Persons",
        "Compared with: Greater Manchester",
        "Boroughs: Bury, Wigan",
        "Also: England",
    ]
    assert printing.filter_words("profile", filters, boroughs, titles) == ["Borough: Bury"]
    html = printing.header_html("Trends <3", ["Borough: Bury"], "abc", dt.date(2026, 11, 26))
    assert html == (
        '<div class="gm-print-header"><h1>Trends &lt;3</h1><p>Borough: Bury</p>'
        "<p>Printed 26 November 2026 · Extracts version abc · GM drug and alcohol treatment "
        "dashboard</p></div>"
    )
