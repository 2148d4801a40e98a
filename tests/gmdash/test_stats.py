"""Check values from METHODS.md and agreement with independent implementations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st
from statsmodels.stats.contingency_tables import Table
from statsmodels.stats.proportion import proportion_confint

from gmcore import stats as gs

# --------------------------------------------------------------------- METHODS.md check values


def test_z_values_match_methods() -> None:
    assert gs.z_value(0.95) == pytest.approx(1.959964, abs=1e-6)
    assert gs.z_value(0.998) == pytest.approx(3.090232, abs=1e-6)


def test_wilson_methods_check_value() -> None:
    lo, hi = gs.wilson_ci(60, 1000)
    assert (round(lo * 100, 2), round(hi * 100, 2)) == (4.69, 7.65)
    lo, hi = gs.wilson_ci(60, 1000, 0.998)
    assert (round(lo * 100, 2), round(hi * 100, 2)) == (4.07, 8.76)


def test_byars_methods_check_value() -> None:
    lo, hi = gs.byars_ci(20)
    assert (round(lo, 2), round(hi, 2)) == (12.21, 30.89)


def test_what_would_it_take_methods_check_value() -> None:
    assert (
        gs.benchmark(0.045, *gs.wilson_ci(45, 1000), 0.07, "high_good", method="one_level").category
        == "worse"
    )
    assert gs.what_would_it_take(45, 1000, 0.07) == (10, 25)
    lo, hi = gs.wilson_ci(55, 1000)
    assert lo <= 0.07 <= hi


def test_trend_threshold_is_chi2_998() -> None:
    assert round(float(st.chi2.ppf(0.998, 1)), 4) == gs.TREND_CHI2_998


# ----------------------------------------------------------------------- Wilson vs statsmodels


@pytest.mark.parametrize("n", [1, 2, 5, 17, 100, 1000, 25_000])
@pytest.mark.parametrize("level", [0.95, 0.998])
def test_wilson_matches_statsmodels(n: int, level: float) -> None:
    for x in sorted({0, 1, n // 3, n // 2, n - 1, n}):
        if x < 0:
            continue
        lo, hi = gs.wilson_ci(x, n, level)
        slo, shi = proportion_confint(x, n, alpha=1 - level, method="wilson")
        assert lo == pytest.approx(slo, abs=1e-10)
        assert hi == pytest.approx(shi, abs=1e-10)


def test_wilson_edges_are_exact() -> None:
    assert gs.wilson_ci(0, 50)[0] == 0.0
    assert gs.wilson_ci(50, 50)[1] == 1.0


# ------------------------------------------------------------------------- Byars vs exact


def _exact_poisson(x: int, level: float) -> tuple[float, float]:
    a = 1 - level
    lo = 0.0 if x == 0 else st.chi2.ppf(a / 2, 2 * x) / 2
    return lo, st.chi2.ppf(1 - a / 2, 2 * x + 2) / 2


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_byars_exact_below_10(level: float) -> None:
    for x in range(10):
        assert gs.byars_ci(x, level) == pytest.approx(_exact_poisson(x, level), rel=1e-12)


@pytest.mark.parametrize(
    ("level", "tolerance"),
    # Byars is an approximation: within 0.5% at 95% from 10 events; at 99.8% its lower limit
    # is 1.5% low at 10 events and within 0.5% from 20
    [(0.95, 0.005), (0.998, 0.016)],
)
def test_byars_close_to_exact_from_10(level: float, tolerance: float) -> None:
    for x in [*range(10, 60), 100, 250, 1000, 10_000]:
        lo, hi = gs.byars_ci(x, level)
        elo, ehi = _exact_poisson(x, level)
        rel = tolerance if x < 20 else 0.005
        assert lo == pytest.approx(elo, rel=rel)
        assert hi == pytest.approx(ehi, rel=rel)


def test_rate_ci_scales_byars() -> None:
    value, lo, hi = gs.rate_ci(20, 50_000)
    assert value == pytest.approx(40.0)
    blo, bhi = gs.byars_ci(20)
    assert (lo, hi) == pytest.approx((blo / 50_000 * 1e5, bhi / 50_000 * 1e5))


# ----------------------------------------------------------------------------------- DSR


def test_dsr_one_stratum_equals_crude_rate() -> None:
    assert gs.dsr_ci([25], [40_000], [40_000]) == pytest.approx(gs.rate_ci(25, 40_000))


def test_dsr_against_direct_formula() -> None:
    x = np.array([4.0, 12.0, 30.0])
    n = np.array([20_000.0, 15_000.0, 9_000.0])
    w = np.array([30_000.0, 40_000.0, 30_000.0])
    value, lo, hi = gs.dsr_ci(x, n, w)
    rates = x / n
    dsr = (w * rates).sum() / w.sum()
    se_dsr = math.sqrt((w**2 * x / n**2).sum()) / w.sum()
    o = x.sum()
    olo, ohi = gs.byars_ci(o)
    assert value == pytest.approx(dsr * 1e5)
    assert lo == pytest.approx((dsr + se_dsr / math.sqrt(o) * (olo - o)) * 1e5)
    assert hi == pytest.approx((dsr + se_dsr / math.sqrt(o) * (ohi - o)) * 1e5)
    assert lo < value < hi


def test_dsr_not_shown_under_10() -> None:
    out = gs.dsr_ci([3, 6], [1000, 1000], [500, 500])
    assert all(math.isnan(v) for v in out)


# ------------------------------------------------------------------------------ benchmark


@pytest.mark.parametrize(
    ("polarity", "above", "below"),
    [
        ("high_good", "better", "worse"),
        ("low_good", "worse", "better"),
        ("no_judgement", "higher", "lower"),
    ],
)
def test_benchmark_categories(polarity: str, above: str, below: str) -> None:
    # area 10 (95% 8–12, 99.8% 7–13)
    args = (10.0, 8.0, 12.0)
    ci998 = {"lower998": 7.0, "upper998": 13.0}
    assert gs.benchmark(*args, 9.0, polarity, **ci998).category == "similar"
    assert gs.benchmark(*args, 8.0, polarity, **ci998).category == "similar"  # on the limit
    b = gs.benchmark(*args, 7.5, polarity, **ci998)
    assert (b.category, b.level) == (above, "95%")
    b = gs.benchmark(*args, 6.0, polarity, **ci998)
    assert (b.category, b.level) == (above, "99.8%")
    b = gs.benchmark(*args, 12.5, polarity, **ci998)
    assert (b.category, b.level) == (below, "95%")
    b = gs.benchmark(*args, 14.0, polarity, **ci998)
    assert (b.category, b.level) == (below, "99.8%")
    b = gs.benchmark(*args, 14.0, polarity, method="one_level")
    assert (b.category, b.level) == (below, "95%")
    b = gs.benchmark(*args, 6.0, polarity, method="one_level")
    assert (b.category, b.level) == (above, "95%")


def test_benchmark_not_compared_reasons() -> None:
    b = gs.benchmark(10.0, None, None, 9.0, "high_good")
    assert (b.category, b.reason) == ("not compared", "not compared: no confidence interval")
    b = gs.benchmark(10.0, 8.0, 12.0, None, "high_good")
    assert b.reason == "not compared: no comparator value"
    b = gs.benchmark(10.0, 8.0, 12.0, float("nan"), "high_good")
    assert b.reason == "not compared: no comparator value"
    b = gs.benchmark(None, None, None, 9.0, "high_good")
    assert b.category == "not compared"
    b = gs.benchmark(10.0, 8.0, 12.0, 9.0, None)
    assert b.category == "not compared" and "polarity" in b.reason
    b = gs.benchmark(10.0, 8.0, 12.0, 5.0, "high_good")  # two-level without 99.8% limits
    assert b.category == "not compared" and "99.8%" in b.reason
    with pytest.raises(ValueError):
        gs.benchmark(10.0, 8.0, 12.0, 5.0, "up")
    with pytest.raises(ValueError):
        gs.benchmark(10.0, 8.0, 12.0, 5.0, "high_good", method="three_level")


# ------------------------------------------------------------------------------ quintiles


def test_quintiles_labels() -> None:
    values = [float(v) for v in range(1, 11)]
    assert gs.quintiles(values) == [
        "Lowest",
        "Lowest",
        "Low",
        "Low",
        "Middle",
        "Middle",
        "High",
        "High",
        "Highest",
        "Highest",
    ]
    cuts = np.percentile(values, [20, 40, 60, 80])
    assert cuts.tolist() == pytest.approx([2.8, 4.6, 6.4, 8.2])


def test_quintiles_need_more_than_three_areas() -> None:
    out = gs.quintiles([1.0, 2.0, None, 3.0])
    assert out[:2] == ["not compared: 3 or fewer areas with a value"] * 2
    assert out[2] == "not compared: no value"
    assert gs.quintiles([1.0, 2.0, 3.0, 4.0])[0] == "Lowest"


# ---------------------------------------------------------------------------- recent trend


def _ci(values: list[float], se: float) -> tuple[list[float], list[float]]:
    return [v - 1.96 * se for v in values], [v + 1.96 * se for v in values]


def test_trend_rising_rate_is_significant() -> None:
    values = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
    lo, hi = _ci(values, 1.0)
    t = gs.recent_trend(None, None, values, lo, hi, "rate", "high_good")
    assert (t.direction, t.assessment) == ("increasing", "getting better")
    assert t.chi_squared is not None and t.chi_squared > gs.TREND_CHI2_998
    assert (
        gs.recent_trend(None, None, values, lo, hi, "rate", "low_good").assessment
        == "getting worse"
    )
    assert (
        gs.recent_trend(None, None, values, lo, hi, "rate", "no_judgement").assessment
        == "increasing"
    )


def test_trend_rising_proportion_is_significant() -> None:
    t = gs.recent_trend(
        [100, 150, 200, 250, 300], [1000] * 5, None, None, None, "proportion", "high_good"
    )
    assert (t.direction, t.assessment) == ("increasing", "getting better")
    t = gs.recent_trend(
        [300, 250, 200, 150, 100], [1000] * 5, None, None, None, "proportion", "high_good"
    )
    assert (t.direction, t.assessment) == ("decreasing", "getting worse")


def test_trend_flat_series() -> None:
    values = [20.0, 21.0, 19.5, 20.5, 20.0]
    lo, hi = _ci(values, 2.0)
    t = gs.recent_trend(None, None, values, lo, hi, "rate", "high_good")
    assert (t.direction, t.assessment) == ("no significant change", "no significant change")
    t = gs.recent_trend(
        [50, 52, 49, 51, 50], [1000] * 5, None, None, None, "proportion", "high_good"
    )
    assert t.direction == "no significant change"


def test_trend_fewer_than_five_points() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    lo, hi = _ci(values, 1.0)
    t = gs.recent_trend(None, None, values, lo, hi, "rate", "high_good")
    assert t.direction == "could not be calculated"
    assert t.assessment == "could not be calculated"
    assert "fewer than 5 annual points" in t.reason
    t = gs.recent_trend([1, 2, 3, 4], [10] * 4, None, None, None, "proportion", "high_good")
    assert "fewer than 5 annual points" in t.reason


def test_trend_missing_point() -> None:
    values = [10.0, 20.0, None, 40.0, 50.0]
    t = gs.recent_trend(
        None, None, values, [9, 19, None, 39, 49], [11, 21, None, 41, 51], "rate", "high_good"
    )
    assert t.direction == "could not be calculated" and "missing" in t.reason


def test_trend_sign_flips_when_a_point_is_dropped() -> None:
    values = [12.0, 11.0, 10.0, 9.0, 100.0]
    lo, hi = _ci(values, 0.1)
    t = gs.recent_trend(None, None, values, lo, hi, "rate", "high_good")
    assert t.chi_squared is not None and t.chi_squared > gs.TREND_CHI2_998
    assert t.direction == "no significant change"
    assert "sign" in t.reason


def test_trend_uses_last_five_points() -> None:
    values = [500.0, 1.0, 10.0, 20.0, 30.0, 40.0, 50.0]
    lo, hi = _ci(values, 1.0)
    t = gs.recent_trend(None, None, values, lo, hi, "rate", "high_good")
    assert t.direction == "increasing"


def _chi2_trend_individual(x: list[int], n: list[int]) -> float:
    """Cochran–Armitage written differently: N·r² over individual records."""
    t = np.repeat(np.arange(1, len(n) + 1), n)
    y = np.concatenate([np.r_[np.ones(xi), np.zeros(ni - xi)] for xi, ni in zip(x, n, strict=True)])
    r = st.linregress(t, y).rvalue
    return float(len(y) * r**2)


@pytest.mark.parametrize(
    ("x", "n"),
    [
        ([5, 9, 12, 15, 22], [100, 110, 95, 100, 120]),
        ([40, 38, 30, 31, 20], [200, 210, 190, 205, 200]),
        ([3, 3, 4, 2, 3], [30, 30, 30, 30, 30]),
    ],
)
def test_cochran_armitage_matches_independent(x: list[int], n: list[int]) -> None:
    t = gs.recent_trend(x, n, None, None, None, "proportion", "high_good")
    assert t.chi_squared == pytest.approx(_chi2_trend_individual(x, n), rel=1e-9)
    # statsmodels' linear-by-linear test uses N − 1 where Cochran–Armitage uses N
    table = Table(np.column_stack([x, np.array(n) - np.array(x)]))
    z = table.test_ordinal_association().zscore
    big_n = sum(n)
    assert t.chi_squared == pytest.approx(z**2 * big_n / (big_n - 1), rel=1e-9)


def test_wls_trend_matches_statsmodels() -> None:
    import statsmodels.api as sm

    values = [10.0, 12.0, 11.0, 15.0, 16.0]
    ses = np.array([1.0, 0.8, 1.2, 0.9, 1.1])
    lo = list(np.array(values) - 1.96 * ses)
    hi = list(np.array(values) + 1.96 * ses)
    t = gs.recent_trend(None, None, values, lo, hi, "rate", "high_good")
    x = sm.add_constant(np.arange(1.0, 6.0))
    fit = sm.WLS(values, x, weights=1 / ses**2).fit(cov_type="fixed scale")
    assert t.chi_squared == pytest.approx((fit.params[1] / fit.bse[1]) ** 2, rel=1e-9)


# ------------------------------------------------------------------------------- funnels


def test_funnel_limits_touch_centre() -> None:
    centre = 0.3
    frame = gs.funnel_limits([50, 200, 1000, 5000], centre)
    assert list(frame.columns) == ["denominator", "lower95", "upper95", "lower998", "upper998"]
    for row in frame.itertuples():
        n = row.denominator
        for level, lab in [(0.95, "95"), (0.998, "998")]:
            upper_p = getattr(row, f"upper{lab}")
            lower_p = getattr(row, f"lower{lab}")
            assert gs.wilson_ci(upper_p * n, n, level)[0] == pytest.approx(centre, abs=1e-12)
            assert gs.wilson_ci(lower_p * n, n, level)[1] == pytest.approx(centre, abs=1e-12)
    assert (frame["lower998"] <= frame["lower95"]).all()
    assert frame["upper95"].is_monotonic_decreasing


def test_funnel_limits_clip_at_zero() -> None:
    frame = gs.funnel_limits([10], 0.02)
    assert frame.loc[0, "lower95"] == 0.0


def test_pooled_centre_and_flags() -> None:
    assert gs.pooled_centre([10, 30], [100, 100]) == pytest.approx(0.2)
    assert gs.funnel_flags(45, 1000, 0.07) == {"95%": "low", "99.8%": "low"}
    assert gs.funnel_flags(70, 1000, 0.07) == {"95%": "within", "99.8%": "within"}
    assert gs.funnel_flags(93, 1000, 0.07) == {"95%": "high", "99.8%": "within"}


def test_pooled_sums_never_averages() -> None:
    value, lo, hi = gs.pooled([1, 90], [10, 100])
    assert value == pytest.approx(91 / 110)
    assert (lo, hi) == pytest.approx(gs.wilson_ci(91, 110))
    rate, rlo, rhi = gs.pooled_rate([5, 15], [10_000, 30_000])
    assert (rate, rlo, rhi) == pytest.approx(gs.rate_ci(20, 40_000))


# ---------------------------------------------------------------------- what would it take


def test_what_would_it_take_above_and_similar() -> None:
    assert gs.what_would_it_take(70, 1000, 0.07) == (0, 0)
    to_similar, to_match = gs.what_would_it_take(100, 1000, 0.07)
    assert to_similar < 0 and to_match == -30
    lo, _ = gs.wilson_ci(100 + to_similar, 1000)
    assert lo <= 0.07
    assert gs.wilson_ci(100 + to_similar + 1, 1000)[0] > 0.07


def test_what_would_it_take_rejects_percent() -> None:
    with pytest.raises(ValueError, match="proportion"):
        gs.what_would_it_take(45, 1000, 7.0)


# -------------------------------------------------------------------------------- ranking


def test_rank_with_uncertainty_deterministic_and_consistent() -> None:
    rng = np.random.default_rng(1)
    values = rng.uniform(40, 60, size=10)
    half = rng.uniform(1, 8, size=10)
    a = gs.rank_with_uncertainty(values, values - half, values + half, seed=3)
    b = gs.rank_with_uncertainty(values, values - half, values + half, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert (a["rank_lower"] <= a["rank"]).all() and (a["rank"] <= a["rank_upper"]).all()
    assert sorted(a["rank"].tolist()) == list(range(1, 11))
    assert a.loc[int(np.argmax(values)), "rank"] == 1


def test_rank_direction_and_missing() -> None:
    out = gs.rank_with_uncertainty(
        [1.0, 2.0, 30.0, None], [0.5, 1.5, 29, None], [1.5, 2.5, 31, None], higher_is_better=False
    )
    assert out["rank"].tolist()[:3] == [1, 2, 3]
    assert out["rank"].isna().tolist() == [False, False, False, True]
    assert out.loc[2, "rank_lower"] == 3 and out.loc[2, "rank_upper"] == 3


# ----------------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("count", "denominator"),
    [(11, 10), (-1, 10), (1, 0), (1, -5), (float("nan"), 10), (1, float("nan")), (None, 10)],
)
def test_impossible_proportion_input(count: float, denominator: float) -> None:
    with pytest.raises(ValueError):
        gs.wilson_ci(count, denominator)
    with pytest.raises(ValueError):
        gs.what_would_it_take(count, denominator, 0.5)


@pytest.mark.parametrize("level", [0, 1, 95, -0.5, float("nan")])
def test_bad_level(level: float) -> None:
    with pytest.raises(ValueError, match="level"):
        gs.wilson_ci(5, 10, level)
    with pytest.raises(ValueError, match="level"):
        gs.byars_ci(5, level)


def test_other_impossible_input() -> None:
    with pytest.raises(ValueError, match="negative"):
        gs.byars_ci(-1)
    with pytest.raises(ValueError):
        gs.rate_ci(5, 0)
    with pytest.raises(ValueError):
        gs.pooled([5, 11], [10, 10])
    with pytest.raises(ValueError):
        gs.recent_trend([6, 2, 3, 4, 5], [5] * 5, None, None, None, "proportion", "high_good")
