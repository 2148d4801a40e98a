"""Public-health statistics in the Fingertips / PHE indicator-methods conventions (METHODS.md)."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

__all__ = [
    "TREND_CHI2_998",
    "Benchmark",
    "Trend",
    "benchmark",
    "byars_ci",
    "dsr_ci",
    "funnel_flags",
    "funnel_limits",
    "pooled",
    "pooled_centre",
    "pooled_rate",
    "quintiles",
    "rank_with_uncertainty",
    "rate_ci",
    "recent_trend",
    "what_would_it_take",
    "wilson_ci",
    "z_value",
]

#: 99.8% point of chi-squared on 1 degree of freedom: the Fingertips recent-trend threshold.
TREND_CHI2_998 = 9.5495
#: Directly standardised rates are not shown when the total count is below this.
DSR_MIN_COUNT = 10
#: Quintile labels, lowest values first (the label says nothing about good or bad).
QUINTILE_LABELS = ("Lowest", "Low", "Middle", "High", "Highest")
#: Polarity values understood by benchmark() and recent_trend().
POLARITIES = ("high_good", "low_good", "no_judgement")

FloatSeq: TypeAlias = Sequence[float | None] | np.ndarray | pd.Series


def _scipy_stats() -> Any:
    """scipy.stats, imported on first use: it takes about a second, longer than a page."""
    from scipy import stats

    return stats


def _scipy_special() -> Any:
    """scipy.special, imported on first use: the quantiles below need only it, whose import
    costs a fifth of scipy.stats' (which the data build otherwise paid for two functions)."""
    from scipy import special

    return special


# --------------------------------------------------------------------------------------------
# validation helpers
# --------------------------------------------------------------------------------------------
def _finite(value: Any, name: str) -> float:
    """Return ``value`` as a float, or raise ValueError if it is missing or not finite."""
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(out):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return out


def _check_level(level: float) -> float:
    lv = _finite(level, "level")
    if not 0.0 < lv < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1 (e.g. 0.95), got {level!r}")
    return lv


def z_value(level: float = 0.95) -> float:
    """Two-sided normal quantile for a confidence level: 0.95 → 1.959964, 0.998 → 3.090232."""
    return _z_value(_check_level(level))


# Every Wilson interval and benchmark asks for one of the same few levels; scipy's quantile costs
# far more than the interval around it.
@functools.lru_cache(maxsize=32)
def _z_value(level: float) -> float:
    # scipy.stats.norm.ppf(q) is computed as special.ndtri(q): the same number.
    return float(_scipy_special().ndtri(1.0 - (1.0 - level) / 2.0))


def _check_count(count: Any, name: str = "count") -> float:
    x = _finite(count, name)
    if x < 0:
        raise ValueError(f"{name} cannot be negative, got {count!r}")
    return x


def _check_proportion(count: Any, denominator: Any) -> tuple[float, float]:
    x = _check_count(count)
    n = _finite(denominator, "denominator")
    if n <= 0:
        raise ValueError(f"denominator must be greater than zero, got {denominator!r}")
    if x > n:
        raise ValueError(
            f"count ({count!r}) cannot be larger than the denominator ({denominator!r})"
        )
    return x, n


def _as_floats(values: Any, name: str) -> np.ndarray:
    """1-D float array with None/pd.NA turned into NaN."""
    if values is None:
        raise ValueError(f"{name} is required")
    try:
        arr = pd.Series(list(values), dtype="Float64").to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of numbers") from None
    return arr


# --------------------------------------------------------------------------------------------
# confidence intervals
# --------------------------------------------------------------------------------------------
def _wilson(x: np.ndarray | float, n: np.ndarray | float, z: float) -> tuple[Any, Any]:
    """Vectorised Wilson bounds without validation (x, n already checked)."""
    x_arr = np.asarray(x, dtype=float)
    n_arr = np.asarray(n, dtype=float)
    z2 = z * z
    # max(0, ·) guards the tiny negative that rounding can give when x == n
    root = z * np.sqrt(np.maximum(z2 + 4.0 * x_arr * (1.0 - x_arr / n_arr), 0.0))
    denom = 2.0 * (n_arr + z2)
    lower = (2.0 * x_arr + z2 - root) / denom
    upper = (2.0 * x_arr + z2 + root) / denom
    # exact end points: sqrt(z²) need not equal z in floating point
    lower = np.where(x_arr == 0, 0.0, np.clip(lower, 0.0, 1.0))
    upper = np.where(x_arr == n_arr, 1.0, np.clip(upper, 0.0, 1.0))
    return lower, upper


def wilson_ci(count: float, denominator: float, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for ``count``/``denominator`` as proportions (0–1).

    ``(2x + z² ∓ z·sqrt(z² + 4x(1 − x/n))) / (2(n + z²))``; 0 and ``count == denominator``
    give exact 0 and 1 limits. Raises ValueError for impossible input.
    """
    x, n = _check_proportion(count, denominator)
    lo, hi = _wilson(x, n, z_value(level))
    return float(lo), float(hi)


def byars_ci(count: float, level: float = 0.95) -> tuple[float, float]:
    """Confidence limits for a Poisson count: exact (chi-squared) below 10, Byars otherwise."""
    x = _check_count(count)
    lv = _check_level(level)
    alpha = 1.0 - lv
    if x < 10:
        # The exact limits are chi2.ppf(p, 2x) / 2 and chi2.ppf(1 - p, 2x + 2) / 2; scipy.stats
        # computes chi2.ppf(p, k) as 2 * special.gammaincinv(k / 2, p), so these are the same
        # numbers (halving and doubling are exact in binary floating point).
        special = _scipy_special()
        lower = 0.0 if x == 0 else float(special.gammaincinv(x, alpha / 2.0))
        upper = float(special.gammaincinv(x + 1.0, 1.0 - alpha / 2.0))
        return lower, upper
    z = z_value(lv)
    lower = x * (1.0 - 1.0 / (9.0 * x) - z / (3.0 * math.sqrt(x))) ** 3
    x1 = x + 1.0
    upper = x1 * (1.0 - 1.0 / (9.0 * x1) + z / (3.0 * math.sqrt(x1))) ** 3
    return lower, upper


def rate_ci(
    count: float, population: float, multiplier: float = 100_000, level: float = 0.95
) -> tuple[float, float, float]:
    """Crude rate per ``multiplier`` with Byars (exact below 10) limits: (value, lower, upper)."""
    x = _check_count(count)
    n = _finite(population, "population")
    if n <= 0:
        raise ValueError(f"population must be greater than zero, got {population!r}")
    m = _finite(multiplier, "multiplier")
    lo, hi = byars_ci(x, level)
    return x / n * m, lo / n * m, hi / n * m


def dsr_ci(
    counts: FloatSeq,
    populations: FloatSeq,
    standard_populations: FloatSeq,
    multiplier: float = 100_000,
    level: float = 0.95,
    min_total: int = DSR_MIN_COUNT,
) -> tuple[float, float, float]:
    """Directly standardised rate with Dobson limits: (value, lower, upper).

    ``counts``, ``populations`` and ``standard_populations`` are aligned by stratum (e.g. age
    band). Dobson: with O = Σx and DSR = Σ(wᵢxᵢ/nᵢ)/Σw, the limits are
    ``DSR + sqrt(var(DSR)/O)·(O_limit − O)`` using the Byars/exact limits of O.

    Choice: when the total count is below ``min_total`` (10, per METHODS) the rate is not
    shown, and this returns ``(nan, nan, nan)`` rather than raising, so a table of areas can
    carry the gap; the caller labels it "not shown: fewer than 10 events".
    """
    x = _as_floats(counts, "counts")
    n = _as_floats(populations, "populations")
    w = _as_floats(standard_populations, "standard_populations")
    if not (len(x) == len(n) == len(w)) or len(x) == 0:
        raise ValueError("counts, populations and standard_populations must be the same length")
    if np.isnan(x).any() or np.isnan(n).any() or np.isnan(w).any():
        raise ValueError("dsr_ci inputs cannot contain missing values")
    if (x < 0).any():
        raise ValueError("counts cannot be negative")
    if (n <= 0).any():
        raise ValueError("populations must be greater than zero")
    if (w < 0).any() or w.sum() <= 0:
        raise ValueError("standard populations must be non-negative with a positive total")
    m = _finite(multiplier, "multiplier")
    _check_level(level)
    total = float(x.sum())
    if total < min_total:
        return math.nan, math.nan, math.nan
    wsum = float(w.sum())
    value = float(np.sum(w * x / n)) / wsum
    var = float(np.sum(w**2 * x / n**2)) / wsum**2
    o_lo, o_hi = byars_ci(total, level)
    scale = math.sqrt(var / total)
    return value * m, (value + scale * (o_lo - total)) * m, (value + scale * (o_hi - total)) * m


def pooled(
    counts: FloatSeq, denominators: FloatSeq, level: float = 0.95
) -> tuple[float, float, float]:
    """Pooled proportion Σx/Σn with its Wilson interval (never an average of percentages)."""
    x = _as_floats(counts, "counts")
    n = _as_floats(denominators, "denominators")
    if len(x) != len(n) or len(x) == 0:
        raise ValueError("counts and denominators must be non-empty and the same length")
    if np.isnan(x).any() or np.isnan(n).any():
        raise ValueError("pooled inputs cannot contain missing values")
    for xi, ni in zip(x, n, strict=True):
        _check_proportion(xi, ni)
    sx, sn = float(x.sum()), float(n.sum())
    lo, hi = wilson_ci(sx, sn, level)
    return sx / sn, lo, hi


def pooled_rate(
    counts: FloatSeq, populations: FloatSeq, multiplier: float = 100_000, level: float = 0.95
) -> tuple[float, float, float]:
    """Pooled crude rate Σx/Σpop × multiplier with Byars limits: (value, lower, upper)."""
    x = _as_floats(counts, "counts")
    n = _as_floats(populations, "populations")
    if len(x) != len(n) or len(x) == 0:
        raise ValueError("counts and populations must be non-empty and the same length")
    if np.isnan(x).any() or np.isnan(n).any():
        raise ValueError("pooled_rate inputs cannot contain missing values")
    if (x < 0).any():
        raise ValueError("counts cannot be negative")
    if (n <= 0).any():
        raise ValueError("populations must be greater than zero")
    return rate_ci(float(x.sum()), float(n.sum()), multiplier, level)


# --------------------------------------------------------------------------------------------
# benchmarking
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Benchmark:
    """Result of comparing an area with a comparator.

    ``category``: "better"/"similar"/"worse" (polarity high_good or low_good),
    "higher"/"similar"/"lower" (no_judgement), or "not compared". ``level`` is "95%" or
    "99.8%" for a significant difference, else None. ``reason`` is a plain sentence.
    """

    category: str
    level: str | None
    reason: str


def _missing(v: object) -> bool:
    """True for None, pd.NA and NaN of any float type; ValueError for non-numbers."""
    if v is None or v is pd.NA:
        return True
    try:
        return math.isnan(float(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"expected a number, got {v!r}") from None


def _direction_word(higher: bool, polarity: str) -> str:
    if polarity == "no_judgement":
        return "higher" if higher else "lower"
    if polarity == "high_good":
        return "better" if higher else "worse"
    return "worse" if higher else "better"


def _why_not_compared(
    value: float | None,
    lower95: float | None,
    upper95: float | None,
    comparator: float | None,
    polarity: str | None,
) -> str:
    """Why a benchmark cannot be made, or "" when it can."""
    if _missing(value):
        return "no value"
    if _missing(lower95) or _missing(upper95):
        return "no confidence interval"
    if _missing(comparator):
        return "no comparator value"
    if polarity is None:
        return "no polarity for this indicator"
    return ""


def benchmark(
    value: float | None,
    lower95: float | None,
    upper95: float | None,
    comparator: float | None,
    polarity: str | None,
    lower998: float | None = None,
    upper998: float | None = None,
    method: str = "two_level",
) -> Benchmark:
    """Compare an area's value with a comparator (Fingertips one- or two-level rule).

    The comparator is "inside" an interval when ``lower ≤ comparator ≤ upper``.
    ``method="one_level"``: inside the 95% CI → similar, else better/worse at "95%".
    ``method="two_level"``: inside 95% → similar; outside 95% but inside 99.8% → better/worse
    at "95%"; outside 99.8% → better/worse at "99.8%" (needs the 99.8% limits).
    ``polarity``: "high_good", "low_good", or "no_judgement" (higher/lower). A missing value,
    interval, comparator or polarity gives "not compared" with the reason.
    """
    if method not in ("one_level", "two_level"):
        raise ValueError(f"method must be 'one_level' or 'two_level', got {method!r}")
    if polarity is not None and polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES} or None, got {polarity!r}")
    why = _why_not_compared(value, lower95, upper95, comparator, polarity)
    if why:
        return Benchmark("not compared", None, f"not compared: {why}")
    assert polarity is not None  # _why_not_compared refuses a missing polarity
    lo95, hi95, comp = float(lower95), float(upper95), float(comparator)  # type: ignore[arg-type]
    if lo95 > hi95:
        raise ValueError(f"lower95 ({lower95}) is above upper95 ({upper95})")
    if lo95 <= comp <= hi95:
        return Benchmark("similar", None, "comparator inside the 95% confidence interval")
    higher = comp < lo95  # area's whole interval above the comparator
    word = _direction_word(higher, polarity)
    if method == "one_level":
        return Benchmark(word, "95%", "comparator outside the 95% confidence interval")
    if _missing(lower998) or _missing(upper998):
        return Benchmark(
            "not compared",
            None,
            "not compared: no 99.8% confidence interval for the two-level comparison",
        )
    lo998, hi998 = float(lower998), float(upper998)  # type: ignore[arg-type]
    if lo998 <= comp <= hi998:
        return Benchmark(
            word, "95%", "comparator outside the 95% but inside the 99.8% confidence interval"
        )
    return Benchmark(word, "99.8%", "comparator outside the 99.8% confidence interval")


def quintiles(values: FloatSeq) -> list[str]:
    """Quintile label for each value: "Lowest", "Low", "Middle", "High", "Highest".

    Cut points are the 20th/40th/60th/80th linear-interpolated percentiles over all areas with
    a value; a value equal to a cut point goes in the lower quintile. Needs more than 3 areas
    with a value, otherwise every label is "not compared: 3 or fewer areas with a value";
    a missing value gets "not compared: no value". Labels describe size, not good or bad.
    """
    arr = _as_floats(values, "values")
    ok = ~np.isnan(arr)
    if ok.sum() <= 3:
        return [
            "not compared: 3 or fewer areas with a value" if k else "not compared: no value"
            for k in ok
        ]
    cuts = np.percentile(arr[ok], [20, 40, 60, 80], method="linear")
    out: list[str] = []
    for v, k in zip(arr, ok, strict=True):
        if not k:
            out.append("not compared: no value")
        else:
            out.append(QUINTILE_LABELS[int(np.searchsorted(cuts, v, side="left"))])
    return out


# --------------------------------------------------------------------------------------------
# recent trend
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Trend:
    """Recent-trend result.

    ``direction``: "increasing", "decreasing", "no significant change" or
    "could not be calculated". ``assessment`` adds polarity: "getting better"/"getting worse"
    (for no_judgement or no polarity it repeats "increasing"/"decreasing"), "no significant
    change" or "could not be calculated". ``chi_squared`` is the test statistic when computed.
    """

    direction: str
    assessment: str
    chi_squared: float | None
    reason: str


_NOT_CALC = "could not be calculated"
_NO_CHANGE = "no significant change"


def _cochran_armitage(x: np.ndarray, n: np.ndarray) -> tuple[float, float] | None:
    """(T, χ²) for a linear trend in proportions with scores 1..k; None when p̄ is 0 or 1."""
    t = np.arange(1.0, len(x) + 1.0)
    big_n, big_x = n.sum(), x.sum()
    pbar = big_x / big_n
    tbar = float(np.sum(n * t)) / big_n
    stat = float(np.sum(x * (t - tbar)))
    var = pbar * (1.0 - pbar) * float(np.sum(n * (t - tbar) ** 2))
    if var <= 0:
        return None
    return stat, float(stat * stat / var)


def _wls_slope(y: np.ndarray, se: np.ndarray) -> tuple[float, float]:
    """(slope, χ²) of weighted least squares of y on time with known weights 1/SE²."""
    t = np.arange(1.0, len(y) + 1.0)
    w = 1.0 / se**2
    tbar = float(np.sum(w * t) / np.sum(w))
    ybar = float(np.sum(w * y) / np.sum(w))
    sxx = float(np.sum(w * (t - tbar) ** 2))
    slope = float(np.sum(w * (t - tbar) * (y - ybar))) / sxx
    # known-variance WLS: var(slope) = 1/Σw(t − t̄)²
    return slope, float(slope * slope * sxx)


def recent_trend(
    counts: FloatSeq | None,
    denominators: FloatSeq | None,
    values: FloatSeq | None,
    lower95: FloatSeq | None,
    upper95: FloatSeq | None,
    value_type: str,
    polarity: str | None,
) -> Trend:
    """Fingertips recent trend over the last 5 points of a series given in time order.

    The caller passes consecutive, annual, non-overlapping periods oldest first; only the
    last 5 are used. ``value_type == "proportion"`` uses ``counts``/``denominators`` and the
    Cochran–Armitage chi-squared test for linear trend (scores 1–5); any other value type
    uses ``values``/``lower95``/``upper95`` and weighted least squares on time with weights
    1/SE², SE = (U95 − L95)/3.92, χ² = (slope/SE_slope)². The change is significant when
    χ² > 9.5495 (99.8% point of χ²₁) and the slope keeps its sign when any one of the 5
    points is dropped.
    """
    if polarity is not None and polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {POLARITIES} or None, got {polarity!r}")
    if value_type == "proportion":
        fit = _proportion_trend_fit(counts, denominators)
    else:
        fit = _value_trend_fit(values, lower95, upper95)
    if isinstance(fit, str):
        return Trend(_NOT_CALC, _NOT_CALC, None, f"could not be calculated: {fit}")
    chi2, full_sign, signs = fit
    if not chi2 > TREND_CHI2_998:
        return Trend(_NO_CHANGE, _NO_CHANGE, chi2, "chi-squared below the 99.8% threshold")
    if full_sign == 0 or any(s != full_sign for s in signs):
        return Trend(
            _NO_CHANGE, _NO_CHANGE, chi2, "the slope changes sign when one point is dropped"
        )
    direction = "increasing" if full_sign > 0 else "decreasing"
    if polarity is None or polarity == "no_judgement":
        assessment = direction
    elif (polarity == "high_good") == (full_sign > 0):
        assessment = "getting better"
    else:
        assessment = "getting worse"
    return Trend(direction, assessment, chi2, "significant at the 99.8% level")


# A trend fit: (chi-squared, sign of the slope on all 5 points, signs with each point dropped),
# or the reason it could not be calculated.
_Fit = tuple[float, float, list[float]] | str


def _proportion_trend_fit(counts: FloatSeq | None, denominators: FloatSeq | None) -> _Fit:
    """Cochran–Armitage on the last 5 counts and denominators, and the leave-one-out signs."""
    if counts is None or denominators is None:
        raise ValueError("a proportion trend needs counts and denominators")
    x = _as_floats(counts, "counts")
    n = _as_floats(denominators, "denominators")
    if len(x) != len(n):
        raise ValueError("counts and denominators must be the same length")
    if len(x) < 5:
        return "fewer than 5 annual points"
    x, n = x[-5:], n[-5:]
    if np.isnan(x).any() or np.isnan(n).any():
        return "a count or denominator is missing among the last 5 points"
    for xi, ni in zip(x, n, strict=True):
        _check_proportion(xi, ni)
    res = _cochran_armitage(x, n)
    if res is None:
        return "the proportion is 0% or 100% at every point"
    signs = []
    for drop in range(5):
        keep = np.arange(5) != drop
        sub = _cochran_armitage(x[keep], n[keep])
        signs.append(0.0 if sub is None else float(np.sign(sub[0])))
    return res[1], float(np.sign(res[0])), signs


def _value_trend_fit(
    values: FloatSeq | None, lower95: FloatSeq | None, upper95: FloatSeq | None
) -> _Fit:
    """Weighted least squares on the last 5 values (weights 1/SE²), and the leave-one-out signs."""
    if values is None or lower95 is None or upper95 is None:
        raise ValueError("a non-proportion trend needs values, lower95 and upper95")
    y = _as_floats(values, "values")
    lo = _as_floats(lower95, "lower95")
    hi = _as_floats(upper95, "upper95")
    if not len(y) == len(lo) == len(hi):
        raise ValueError("values, lower95 and upper95 must be the same length")
    if len(y) < 5:
        return "fewer than 5 annual points"
    y, lo, hi = y[-5:], lo[-5:], hi[-5:]
    if np.isnan(y).any() or np.isnan(lo).any() or np.isnan(hi).any():
        return "a value or confidence limit is missing among the last 5 points"
    se = (hi - lo) / 3.92
    if (se <= 0).any():
        return "a confidence interval has zero or negative width"
    slope, chi2 = _wls_slope(y, se)
    signs = []
    for drop in range(5):
        keep = np.arange(5) != drop
        signs.append(float(np.sign(_wls_slope(y[keep], se[keep])[0])))
    return chi2, float(np.sign(slope)), signs


# --------------------------------------------------------------------------------------------
# funnel plots
# --------------------------------------------------------------------------------------------
def pooled_centre(counts: FloatSeq, denominators: FloatSeq) -> float:
    """Funnel centre line: pooled proportion Σx/Σn."""
    return pooled(counts, denominators)[0]


def _level_label(level: float) -> str:
    """0.95 → "95", 0.998 → "998" (for column names)."""
    return f"{level * 100:g}".replace(".", "")


def _check_centre(centre: float) -> float:
    c = _finite(centre, "centre")
    if not 0.0 <= c <= 1.0:
        raise ValueError(f"centre must be a proportion between 0 and 1, got {centre!r}")
    return c


def funnel_limits(
    denominators: FloatSeq, centre: float, levels: Sequence[float] = (0.95, 0.998)
) -> pd.DataFrame:
    """Funnel limits (proportions) for each denominator.

    The limit is the observed proportion p at which the area's Wilson interval just touches
    the centre c. The Wilson interval is exactly the set of c with
    ``|p − c| ≤ z·sqrt(c(1 − c)/n)``, so the limits are ``c ± z·sqrt(c(1 − c)/n)`` in closed
    form, clipped to [0, 1]. Columns: ``denominator``, then ``lower95``, ``upper95``,
    ``lower998``, ``upper998`` (named after each level).
    """
    n = _as_floats(denominators, "denominators")
    if np.isnan(n).any() or (n <= 0).any():
        raise ValueError("denominators must be greater than zero and not missing")
    c = _check_centre(centre)
    out = pd.DataFrame({"denominator": n})
    for level in levels:
        z = z_value(level)
        half = z * np.sqrt(c * (1.0 - c) / n)
        lab = _level_label(level)
        out[f"lower{lab}"] = np.clip(c - half, 0.0, 1.0)
        out[f"upper{lab}"] = np.clip(c + half, 0.0, 1.0)
    return out


def funnel_flags(
    count: float, denominator: float, centre: float, levels: Sequence[float] = (0.95, 0.998)
) -> dict[str, str]:
    """Label an area "high", "low" or "within" at each funnel level, keyed "95%", "99.8%".

    "high" when the area's Wilson lower bound is above the centre (equivalently its
    proportion is above the upper funnel limit), "low" when the upper bound is below it.
    """
    c = _check_centre(centre)
    out: dict[str, str] = {}
    for level in levels:
        lo, hi = wilson_ci(count, denominator, level)
        out[f"{level * 100:g}%"] = "high" if lo > c else "low" if hi < c else "within"
    return out


# --------------------------------------------------------------------------------------------
# what would it take
# --------------------------------------------------------------------------------------------
def what_would_it_take(
    count: float, denominator: float, comparator: float, level: float = 0.95
) -> tuple[int, int]:
    """Change in the numerator (denominator fixed) to become similar and to match.

    ``comparator`` is a proportion between 0 and 1 (pass 0.07 for 7%). Returns
    ``(to_similar, to_match)``: ``to_similar`` is the smallest integer change whose Wilson
    interval at ``level`` contains the comparator (0 if it already does; negative means fewer,
    when the area is above); ``to_match`` is ``round(comparator × denominator) − count``
    (halves round up). Example: 45/1000 vs 0.07 → (10, 25).
    """
    x, n = _check_proportion(count, denominator)
    c = _finite(comparator, "comparator")
    if not 0.0 <= c <= 1.0:
        raise ValueError(
            f"comparator must be a proportion between 0 and 1 (0.07 for 7%), got {comparator!r}"
        )
    z = z_value(level)
    to_match = round(math.floor(c * n + 0.5) - x)

    def similar(k: float) -> bool:
        lo, hi = _wilson(k, n, z)
        return bool(lo <= c <= hi)

    if similar(x):
        return 0, to_match
    # the Wilson interval contains c exactly when |k/n − c| ≤ z·sqrt(c(1−c)/n); start there,
    # then step with the real interval so floating-point edges agree with wilson_ci
    half = z * math.sqrt(c * (1.0 - c) / n)
    if x / n < c:
        k = min(max(math.ceil(n * (c - half)), math.floor(x)), math.floor(n))
        while k > x and similar(k - 1):
            k -= 1
        while k < n and not similar(k):
            k += 1
        while k <= x:  # must move; count may be fractional
            k += 1
    else:
        k = max(min(math.floor(n * (c + half)), math.ceil(x)), 0)
        while k < x and similar(k + 1):
            k += 1
        while k > 0 and not similar(k):
            k -= 1
        while k >= x:
            k -= 1
    return round(k - x), to_match


# --------------------------------------------------------------------------------------------
# ranking
# --------------------------------------------------------------------------------------------
def rank_with_uncertainty(
    values: FloatSeq,
    lower95: FloatSeq,
    upper95: FloatSeq,
    n_sims: int = 1000,
    seed: int = 0,
    higher_is_better: bool = True,
) -> pd.DataFrame:
    """Rank areas (1 = best) with a plausible range from seeded simulation.

    Each simulation draws every area's value from a normal with SE = (U95 − L95)/3.92
    (numpy ``default_rng(seed)``); the range is the 2.5th–97.5th percentile of the simulated
    ranks (rounded outwards, and widened to include the point rank). Areas missing a value or
    interval get no rank. Ties in the point rank share the best rank. Columns: ``value``,
    ``rank``, ``rank_lower``, ``rank_upper`` (nullable integers), in input order.
    """
    y = _as_floats(values, "values")
    lo = _as_floats(lower95, "lower95")
    hi = _as_floats(upper95, "upper95")
    if not len(y) == len(lo) == len(hi):
        raise ValueError("values, lower95 and upper95 must be the same length")
    if n_sims < 1:
        raise ValueError("n_sims must be at least 1")
    ok = ~(np.isnan(y) | np.isnan(lo) | np.isnan(hi))
    se = (hi - lo) / 3.92
    if (se[ok] < 0).any():
        raise ValueError("an upper limit is below its lower limit")
    index = values.index if isinstance(values, pd.Series) else None
    rank = np.full(len(y), np.nan)
    r_lo = np.full(len(y), np.nan)
    r_hi = np.full(len(y), np.nan)
    if ok.any():
        sign = -1.0 if higher_is_better else 1.0  # rank ascending on sign·value
        rank[ok] = _scipy_stats().rankdata(sign * y[ok], method="min")
        rng = np.random.default_rng(seed)
        sims = rng.normal(y[ok], se[ok], size=(n_sims, int(ok.sum())))
        sim_ranks = _scipy_stats().rankdata(sign * sims, axis=1, method="min")
        r_lo[ok] = np.minimum(np.floor(np.percentile(sim_ranks, 2.5, axis=0)), rank[ok])
        r_hi[ok] = np.maximum(np.ceil(np.percentile(sim_ranks, 97.5, axis=0)), rank[ok])
    return pd.DataFrame(
        {
            "value": y,
            "rank": pd.array(np.where(ok, rank, np.nan), dtype="Float64").astype("Int64"),
            "rank_lower": pd.array(r_lo, dtype="Float64").astype("Int64"),
            "rank_upper": pd.array(r_hi, dtype="Float64").astype("Int64"),
        },
        index=index,
    )
