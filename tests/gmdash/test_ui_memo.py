"""The app's memo (gmdash.ui.data): exact keys, a bounded store, one worker per key."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import pandas as pd
import pytest

from gmdash import views
from gmdash.ui import data
from gmdash.ui.data import Memo, _frozen


@dataclass(frozen=True)
class _Choice:
    area: str
    areas: tuple[str, ...]
    rate: float


def test_keys_are_equal_exactly_when_the_values_are():
    row = pd.Series({"indicator_id": "a", "unit": "%", "target": float("nan")}, name="a")
    assert _frozen((row, {"E08000001": "Bolton"})) == _frozen((row.copy(), {"E08000001": "Bolton"}))
    # NaN keys itself, where NaN == NaN is false.
    assert _frozen(float("nan")) == _frozen(float("nan"))
    assert _frozen(_Choice("x", ("y",), 1.5)) == _frozen(_Choice("x", ("y",), 1.5))
    different = [
        (1, True),
        (1, 1.0),
        (0.0, -0.0),
        ("1", 1),
        (("a",), ["a"]),
        ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
        (_Choice("x", ("y",), 1.5), _Choice("x", ("z",), 1.5)),
        (row, row.rename({"unit": "units"})),
        (row, pd.Series({"indicator_id": "a", "unit": "%", "target": 0.0}, name="a")),
        (row, row.rename("b")),
    ]
    for one, other in different:
        assert _frozen(one) != _frozen(other), (one, other)


def test_an_argument_it_cannot_key_is_refused():
    with pytest.raises(TypeError, match="cannot key"):
        _frozen(object())


def test_the_least_recently_used_result_goes_first():
    memo = Memo(2)
    made: list[str] = []

    def make(key: str):
        return lambda: made.append(key) or key.upper()

    assert memo.get("a", make("a")) == "A"
    assert memo.get("b", make("b")) == "B"
    assert memo.get("a", make("a")) == "A"  # a is now the most recently used
    assert memo.get("c", make("c")) == "C"  # so b goes
    assert len(memo) == 2
    assert memo.get("a", make("a")) == "A"
    assert memo.get("b", make("b")) == "B"
    assert made == ["a", "b", "c", "b"]


def test_a_failure_is_not_kept():
    memo = Memo(4)

    def fail() -> str:
        raise ValueError("no")

    with pytest.raises(ValueError):
        memo.get("a", fail)
    assert memo.get("a", lambda: "A") == "A"


def test_callers_with_the_same_key_share_one_piece_of_work():
    memo = Memo(4)
    calls: list[int] = []

    def slow() -> object:
        calls.append(1)
        time.sleep(0.2)
        return object()

    results: list[object] = []
    threads = [
        threading.Thread(target=lambda: results.append(memo.get("k", slow))) for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len({id(r) for r in results}) == 1


def test_app_ask_shares_one_result_for_equal_arguments():
    boroughs = data.ask.memo(views.gm_boroughs)
    catalogue = views.borough_catalogue(data.ask)
    meta = views.indicator_meta(catalogue, catalogue.index[0])
    assert data.ask.memo(views.gm_boroughs) is boroughs
    assert data.ask.memo(_echo, meta, dict(boroughs)) is data.ask.memo(
        _echo, meta.copy(), dict(boroughs)
    )
    assert data.ask.memo(_echo, meta, {}) is not data.ask.memo(_echo, meta, dict(boroughs))


def _echo(ask: object, meta: pd.Series, names: dict[str, str]) -> list[object]:
    return [meta, names]
