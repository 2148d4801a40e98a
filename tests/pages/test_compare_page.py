"""The Compare boroughs page under AppTest: every borough, the view switch, indicators, links,
the table view drawn once opened, and the turn a page run takes (gmdash.ui.turns)."""

from __future__ import annotations

import logging
import time

import pytest
from page_support import GM_BOROUGHS, assert_clean, grid, link_notices, open_page, table_view_keys

from gmdash.ui.turns import TURNS

PAGE = "pages/compare.py"


@pytest.mark.parametrize("code", list(GM_BOROUGHS))
def test_compare_runs_for_every_borough(code):
    at = open_page(PAGE, {"area": code})
    assert_clean(at)
    assert at.selectbox(key="compare.area").value == code
    name = GM_BOROUGHS[code]
    assert any(m.value.startswith(f"- {name} (") for m in at.markdown)  # what would it take
    table = grid(at, "Rank in words")
    assert table["Rank in words"].str.contains(" of 10, plausible ").all()


def test_funnel_view_and_indicator_without_denominator():
    at = open_page(PAGE, {"area": "E08000004", "indicator": "completions_opiate"})
    at.segmented_control(key="compare.view").set_value("Funnel plot").run()
    assert_clean(at)
    assert any(c.value.startswith("Illustrative data. Funnel plot of") for c in at.caption)
    at.selectbox(key="compare.indicator").select("drug_poisoning_death_rate").run()
    assert_clean(at)
    assert any("funnel plot needs a count and a denominator" in i.value for i in at.info)


def test_changing_period_and_comparator_changes_the_chart():
    at = open_page(
        PAGE,
        {
            "area": "E08000004",
            "indicator": "completions_opiate",
            "period": "2019",
            "comparator": "E12000002",
        },
    )
    assert_clean(at)
    assert any("2019" in c.value and "North West" in c.value for c in at.caption)
    at.selectbox(key="compare.period").select("2021").run()
    assert any("2021" in c.value for c in at.caption)
    assert at.query_params["period"] == "2021"


def test_unknown_url_value_shows_a_notice():
    link = {"area": "E08000004", "indicator": "not_an_indicator"}
    at, notices = open_page(PAGE, link), link_notices(link)
    assert_clean(at)
    assert any("does not have" in n for n in notices)
    assert at.selectbox(key="compare.indicator").value == "alcohol_met_need"  # the real default
    assert at.selectbox(key="compare.area").value == "E08000004"


def test_a_links_page_settings_are_applied_and_bad_ones_fall_back():
    at = open_page(PAGE, {"area": "E08000004", "compare.view": "Funnel plot"})
    assert_clean(at)
    assert at.segmented_control(key="compare.view").value == "Funnel plot"
    assert at.query_params["compare.view"] == "Funnel plot"
    bad = open_page(PAGE, {"area": "E08000004", "compare.view": "Pie chart"})
    assert_clean(bad)
    assert bad.segmented_control(key="compare.view").value == "Bars"
    assert any("Pie chart" in i.value for i in bad.info)
    assert "compare.view" not in bad.query_params


def test_comparator_and_indicator_changes_each_redraw_the_chart():
    # The comparator lives in the inner fragment (settings and view), the indicator in the outer
    # one (what is measured): a change of either must reach the chart, and keep the other.
    at = open_page(PAGE, {"area": "E08000004", "indicator": "completions_opiate"})
    assert_clean(at)
    at.selectbox(key="compare.comparator").select("E12000002").run()
    assert_clean(at)
    assert any("Against North West" in c.value for c in at.caption)
    assert at.query_params["comparator"] == "E12000002"
    at.selectbox(key="compare.indicator").select("completions_non_opiate").run()
    assert_clean(at)
    assert at.selectbox(key="compare.comparator").value == "E12000002"
    assert any("Against North West" in c.value for c in at.caption)
    assert at.query_params["indicator"] == "completions_non_opiate"


def test_a_charts_table_view_is_drawn_only_once_opened_and_stays_open():
    at = open_page(PAGE, {"area": "E08000004", "indicator": "completions_opiate"})
    assert table_view_keys(at) == ["table:compare.bars"]
    # Closed: the chart's grid is not sent at all (the rank table is a static table).
    assert not any("Compared with comparator" in d.value.columns for d in at.dataframe)
    bars = grid(at, "Compared with comparator")  # opens it, as a reader's click does
    assert len(bars) >= 10 and at.session_state["table:compare.bars"]
    # A new comparator redraws the open table with the new comparison.
    at.selectbox(key="compare.comparator").select("E12000002").run()
    again = next(d.value for d in at.dataframe if "Compared with comparator" in d.value.columns)
    assert not again.equals(bars)


def test_a_page_run_waits_for_the_turn_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(TURNS, "wait_s", 0.5)
    # The test holds the turn, as another session's run would: the page run queues for it, and
    # (the turn never coming) goes ahead once its wait is over.
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="gmdash"), TURNS.turn():
        at = open_page(PAGE)
    assert time.monotonic() - started >= 0.5
    assert caplog.text.count("went ahead") == 1, "the page's fragments share its run's turn"
    assert_clean(at)
    assert not TURNS.held()
    # Without a run elsewhere, the next run has the turn at once and leaves it free.
    caplog.clear()
    at.run()
    assert "went ahead" not in caplog.text
    assert not TURNS.held() and TURNS.waiting() == 0
