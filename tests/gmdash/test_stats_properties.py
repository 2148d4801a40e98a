"""Property tests for the confidence intervals and what-would-it-take."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gmcore import stats as gs


@st.composite
def proportions(draw: st.DrawFn, max_n: int = 100_000) -> tuple[int, int]:
    n = draw(st.integers(min_value=1, max_value=max_n))
    x = draw(st.integers(min_value=0, max_value=n))
    return x, n


LEVELS = st.sampled_from([0.9, 0.95, 0.99, 0.998])


@settings(max_examples=300, deadline=None)
@given(proportions(), LEVELS)
def test_wilson_contains_point_estimate(xn: tuple[int, int], level: float) -> None:
    x, n = xn
    lo, hi = gs.wilson_ci(x, n, level)
    assert 0.0 <= lo <= x / n <= hi <= 1.0


@settings(max_examples=300, deadline=None)
@given(proportions())
def test_wilson_998_contains_95(xn: tuple[int, int]) -> None:
    x, n = xn
    lo95, hi95 = gs.wilson_ci(x, n, 0.95)
    lo998, hi998 = gs.wilson_ci(x, n, 0.998)
    assert lo998 <= lo95 and hi95 <= hi998


@settings(max_examples=300, deadline=None)
@given(proportions(max_n=20_000), LEVELS)
def test_wilson_narrows_with_denominator(xn: tuple[int, int], level: float) -> None:
    x, n = xn
    lo1, hi1 = gs.wilson_ci(x, n, level)
    lo4, hi4 = gs.wilson_ci(4 * x, 4 * n, level)
    assert hi4 - lo4 < hi1 - lo1


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=100_000), LEVELS)
def test_byars_contains_count(x: int, level: float) -> None:
    lo, hi = gs.byars_ci(x, level)
    assert 0.0 <= lo <= x <= hi


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=100_000))
def test_byars_998_contains_95(x: int) -> None:
    lo95, hi95 = gs.byars_ci(x, 0.95)
    lo998, hi998 = gs.byars_ci(x, 0.998)
    assert lo998 <= lo95 and hi95 <= hi998


@settings(max_examples=300, deadline=None)
@given(
    proportions(max_n=50_000),
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False),
    st.sampled_from([0.95, 0.998]),
)
def test_what_would_it_take_is_minimal(
    xn: tuple[int, int], comparator: float, level: float
) -> None:
    x, n = xn
    to_similar, to_match = gs.what_would_it_take(x, n, comparator, level)

    def similar(k: int) -> bool:
        lo, hi = gs.wilson_ci(k, n, level)
        return lo <= comparator <= hi

    assert 0 <= x + to_similar <= n
    assert similar(x + to_similar)
    if to_similar > 0:
        assert not similar(x + to_similar - 1)
    elif to_similar < 0:
        assert not similar(x + to_similar + 1)
    else:
        assert similar(x)
    assert 0 <= x + to_match <= n
    assert abs((x + to_match) - comparator * n) <= 0.5 + 1e-9


@settings(max_examples=300, deadline=None)
@given(proportions(max_n=5_000), st.floats(min_value=0.01, max_value=0.99))
def test_funnel_flags_agree_with_limits(xn: tuple[int, int], centre: float) -> None:
    x, n = xn
    limits = gs.funnel_limits([n], centre).iloc[0]
    flags = gs.funnel_flags(x, n, centre)
    p = x / n
    # away from floating-point ties at the limit, flags and limits say the same thing
    assume(min(abs(p - limits["upper95"]), abs(p - limits["lower95"])) > 1e-9)
    expected = "high" if p > limits["upper95"] else "low" if p < limits["lower95"] else "within"
    assert flags["95%"] == expected
