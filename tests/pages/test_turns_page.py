"""The app takes its turn for each page run (gmdash.ui.turns), and gives it back."""

from __future__ import annotations

import logging
import time

import pytest
from page_support import assert_clean, open_page

from gmdash.ui.turns import TURNS


def test_a_page_run_waits_for_the_turn_and_gives_it_back(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(TURNS, "wait_s", 0.5)
    # The test holds the turn, as another session's run would: the page run queues for it, and
    # (the turn never coming) goes ahead once its wait is over.
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="gmdash"), TURNS.turn():
        at = open_page("pages/compare.py")
    assert time.monotonic() - started >= 0.5
    assert caplog.text.count("went ahead") == 1, "the page's fragments share its run's turn"
    assert_clean(at)
    assert not TURNS.held()
    # Without a run elsewhere, the next run has the turn at once and leaves it free.
    caplog.clear()
    at.run()
    assert "went ahead" not in caplog.text
    assert not TURNS.held() and TURNS.waiting() == 0
