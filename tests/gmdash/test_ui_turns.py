"""Page runs take turns (gmdash.ui.turns): one at a time, in arrival order, never stuck for good."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import pytest

from gmdash.ui.turns import Turns


def _until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached")
        time.sleep(0.001)


def _thread(target: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def _held_elsewhere(turns: Turns, release: threading.Event) -> threading.Thread:
    """Another run that holds the turn until `release` is set (started, and holding)."""

    def hold() -> None:
        with turns.turn():
            release.wait(10)

    holder = _thread(hold)
    _until(turns.held)
    return holder


def test_one_run_at_a_time_under_many_threads() -> None:
    turns = Turns()
    inside, most, lock = 0, 0, threading.Lock()

    def run() -> None:
        nonlocal inside, most
        for _ in range(50):
            with turns.turn():
                with lock:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.0002)
                with lock:
                    inside -= 1

    threads = [_thread(run) for _ in range(8)]
    for thread in threads:
        thread.join(10)
    assert most == 1
    assert not turns.held() and turns.waiting() == 0


def test_waiting_runs_are_served_in_arrival_order() -> None:
    turns = Turns()
    order: list[str] = []
    release = threading.Event()

    def waiter(name: str) -> Callable[[], None]:
        def run() -> None:
            with turns.turn():
                order.append(name)

        return run

    first = _held_elsewhere(turns, release)
    waiters = []
    for number, name in enumerate("ABCDE", start=1):
        waiters.append(_thread(waiter(name)))
        _until(lambda n=number: turns.waiting() == n)
    release.set()
    for thread in (first, *waiters):
        thread.join(5)
    assert order == list("ABCDE")


def test_a_run_that_holds_its_turn_may_take_it_again() -> None:
    turns = Turns()
    with turns.turn():
        with turns.turn():
            assert turns.held()
        assert turns.held()
    assert not turns.held()


def test_a_failing_run_gives_its_turn_up() -> None:
    turns = Turns()
    with pytest.raises(RuntimeError), turns.turn():
        raise RuntimeError("page failed")
    assert not turns.held()
    got = threading.Event()

    def next_run() -> None:
        with turns.turn():
            got.set()

    _thread(next_run).join(5)
    assert got.is_set()


def test_work_aside_lets_other_runs_go_and_queues_again_after() -> None:
    turns = Turns()
    events: list[str] = []
    other_in = threading.Event()

    def other() -> None:
        with turns.turn():
            other_in.set()
            time.sleep(0.05)
            events.append("other out")

    with turns.turn():
        with turns.aside():
            assert not turns.held()
            thread = _thread(other)
            # Another run gets the turn while this one works aside.
            assert other_in.wait(5)
        # Back from aside only once the other run has finished its turn.
        events.append("back")
        assert turns.held()
    thread.join(5)
    assert events == ["other out", "back"]
    assert not turns.held()


def test_aside_outside_a_turn_just_runs() -> None:
    turns = Turns()
    with turns.aside():
        assert not turns.held()
    assert not turns.held()


def test_a_run_that_never_ends_cannot_stop_the_server(caplog: pytest.LogCaptureFixture) -> None:
    turns = Turns(wait_s=0.2)
    release = threading.Event()
    holder = _held_elsewhere(turns, release)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="gmdash"), turns.turn():
        waited = time.monotonic() - started
    assert 0.15 < waited < 5
    assert "went ahead" in caplog.text
    # The run that went ahead gave nothing back it did not hold: the stuck run still holds the
    # turn, and once it ends, the turn is free again.
    assert turns.held()
    release.set()
    holder.join(5)
    assert not turns.held() and turns.waiting() == 0
