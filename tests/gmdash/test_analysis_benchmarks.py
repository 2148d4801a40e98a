"""add_benchmarks_each: every row judged against its own comparator, by the rule that fits it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gmdash.analysis import add_benchmarks, add_benchmarks_each

# Three boroughs' values with 95% limits; the second also has 99.8% limits, the third no value.
FRAME = pd.DataFrame(
    {
        "area_code": ["A", "B", "C"],
        "value": [60.0, 60.0, np.nan],
        "lci95": [55.0, 55.0, np.nan],
        "uci95": [65.0, 65.0, np.nan],
        "lci998": [np.nan, 52.0, np.nan],
        "uci998": [np.nan, 68.0, np.nan],
    }
)


def test_each_row_has_its_own_comparator_and_polarity():
    out = add_benchmarks_each(FRAME, [50.0, 50.0, 50.0], ["high_good", "low_good", "high_good"])
    # Row A: 95% limits only, 50 below them, higher is good. Row B: 99.8% limits (52-68) exclude
    # 50, lower is good. Row C: no value.
    assert out["benchmark"].tolist() == ["better", "worse", "not compared"]
    assert out["benchmark_level"].tolist() == ["95%", "99.8%", ""]
    assert out["benchmark_reason"].tolist()[2] == "not compared: no value"
    # A comparator inside row A's interval, none for row B.
    out = add_benchmarks_each(FRAME, [60.0, None, 50.0], ["high_good"] * 3)
    assert out["benchmark"].tolist()[:2] == ["similar", "not compared"]
    assert list(FRAME.columns) == list(out.columns)[: len(FRAME.columns)]


def test_one_comparator_for_every_row_is_add_benchmarks():
    pd.testing.assert_frame_equal(
        add_benchmarks(FRAME, 50.0, "high_good"),
        add_benchmarks_each(FRAME, [50.0] * 3, ["high_good"] * 3),
    )
    forced = add_benchmarks(FRAME, 50.0, "high_good", "one_level")
    assert forced["benchmark_level"].tolist() == ["95%", "95%", ""]


def test_one_comparator_and_polarity_per_row_is_required():
    with pytest.raises(ValueError, match="one comparator value and polarity per row"):
        add_benchmarks_each(FRAME, [50.0], ["high_good"] * 3)
