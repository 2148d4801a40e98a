"""Splitting a fixed pot across the ten boroughs: equally, per head, by need, or a blend.

METHODS.md, "Splitting a fixed pot": each method gives every borough a share of the pot (shares
sum to 1); a blend is the weighted sum of the methods' shares, and several need measures combine
as the weighted sum of their normalised shares. Money is split in pennies by the largest-remainder
method so the shares always add up to the pot exactly. The range of each share comes from 1,000
seeded draws of every need measure within its 95% interval (normal, SE = width / 3.92).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from gmcore.schema import GM_BOROUGHS, GREATER_MANCHESTER
from gmdash import queries
from gmdash.analysis import num
from gmdash.queries import Ask
from gmdash.whatif import OFFICIAL, combined_status, statuses

GM_CODES = tuple(GM_BOROUGHS)
POPULATION_BASES = {"all_ages": "all ages", "adults": "adults aged 18 and over"}
ADULT_AGE = 18
IMD_EDITION = 2019
IMD_DOMAIN = "Index of Multiple Deprivation"
N_DRAWS = 1000
#: 95% normal interval half-width in standard errors, times two (METHODS.md uses 3.92).
CI_WIDTH_IN_SE = 3.92
MAX_POT_GBP = Decimal("100000000000")
WEIGHT_TOLERANCE = 1e-9


class SplitError(ValueError):
    """A split cannot be made as asked; the message says what to change."""


@dataclass(frozen=True)
class NeedMeasure:
    """A need measure: where it comes from in the extracts and how to name it."""

    key: str
    label: str
    unit: str
    #: Indicators that can supply it, first choice first; empty for the deprivation score.
    indicator_ids: tuple[str, ...] = ()


NEED_MEASURES: dict[str, NeedMeasure] = {
    m.key: m
    for m in (
        NeedMeasure("imd_score", "IMD 2019 average score", "score"),
        NeedMeasure(
            "dependent_drinkers",
            "Estimated alcohol-dependent adults",
            "people",
            ("alcohol_dependent_adults",),
        ),
        # All adults in treatment where the extracts have them for the boroughs, else the
        # alcohol treatment count that the SDG 3.5.1 source publishes for every borough.
        NeedMeasure(
            "in_treatment",
            "People in treatment",
            "people",
            ("adults_in_treatment_total", "alcohol_in_treatment"),
        ),
        NeedMeasure("drug_deaths", "Drug-poisoning deaths", "deaths", ("drug_poisoning_deaths",)),
    )
}


@dataclass(frozen=True)
class SplitInputs:
    """The figures a split needs, one row per GM borough, with where each came from.

    ``boroughs``: area_code, area_name, population_all, population_adults, population_year,
    population_source. ``need``: long form, one row per borough x measure: area_code, measure,
    indicator_id, period, value, lci95, uci95, data_status. ``unavailable``: measure -> why.
    """

    year: int
    boroughs: pd.DataFrame
    need: pd.DataFrame
    sources: dict[str, str] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SplitMethod:
    """How to split: weights on equal, per head and by need (summing to 1), the population
    base for per head, and the weights of the need measures (summing to 1) when need is used."""

    equal: float = 0.0
    per_head: float = 0.0
    need: float = 0.0
    population: str = "adults"
    need_weights: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        weights = {"equal": self.equal, "per head": self.per_head, "by need": self.need}
        _check_weights(weights, "method")
        if self.population not in POPULATION_BASES:
            raise SplitError(
                f"Population base must be one of {', '.join(POPULATION_BASES)}, "
                f"not {self.population!r}."
            )
        unknown = sorted(set(self.need_weights) - set(NEED_MEASURES))
        if unknown:
            raise SplitError(
                f"Unknown need measure(s) {', '.join(map(repr, unknown))}; choose from "
                f"{', '.join(NEED_MEASURES)}."
            )
        if self.need > 0:
            _check_weights(dict(self.need_weights), "need measure")

    @property
    def used_measures(self) -> list[str]:
        if self.need <= 0:
            return []
        return [k for k, w in self.need_weights.items() if w > 0]

    def describe(self) -> str:
        """The method in words, e.g. "50% per head (adults aged 18 and over), 50% by need
        (IMD 2019 average score 100%)"."""
        parts = []
        if self.equal:
            parts.append(f"{self.equal:.0%} equal")
        if self.per_head:
            parts.append(f"{self.per_head:.0%} per head ({POPULATION_BASES[self.population]})")
        if self.need:
            inner = ", ".join(
                f"{NEED_MEASURES[k].label} {w:.0%}" for k, w in self.need_weights.items() if w
            )
            parts.append(f"{self.need:.0%} by need ({inner})")
        return ", ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form saved in scenarios."""
        return {
            "equal": self.equal,
            "per_head": self.per_head,
            "need": self.need,
            "population": self.population,
            "need_weights": dict(self.need_weights),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SplitMethod:
        try:
            return cls(
                equal=float(data.get("equal", 0)),
                per_head=float(data.get("per_head", 0)),
                need=float(data.get("need", 0)),
                population=str(data.get("population", "adults")),
                need_weights={
                    str(k): float(v) for k, v in dict(data.get("need_weights", {})).items()
                },
            )
        except (TypeError, ValueError) as exc:
            if isinstance(exc, SplitError):
                raise
            raise SplitError(f"The saved split method is not readable: {exc}") from None


def _check_weights(weights: Mapping[str, float], what: str) -> None:
    for name, w in weights.items():
        if isinstance(w, bool) or not isinstance(w, int | float) or not math.isfinite(w):
            raise SplitError(f"The {what} weight for {name} must be a number, not {w!r}.")
        if w < 0:
            raise SplitError(f"The {what} weight for {name} cannot be negative ({w}).")
    total = float(sum(weights.values()))
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise SplitError(f"The {what} weights must add up to 1 (100%); they add up to {total:g}.")


def _pence(amount: object, what: str, *, allow_zero: bool = False) -> int:
    """An amount in pounds as whole pence; refuses fractions of a penny, negatives, absurd sizes."""
    example = f"{what} must be an amount in pounds, such as 650000"
    if isinstance(amount, bool) or amount is None:
        raise SplitError(f"{example}.")
    try:
        value = Decimal(str(amount).replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        raise SplitError(f"{example}, not {amount!r}.") from None
    if not value.is_finite() or value < 0 or (value == 0 and not allow_zero):
        raise SplitError(f"{what} must be more than £0." if not allow_zero else f"{example}.")
    if value > MAX_POT_GBP:
        raise SplitError(f"{what} must be at most £{MAX_POT_GBP:,}.")
    pence = value * 100
    if pence != pence.to_integral_value():
        raise SplitError(f"{what} must be in pounds and pence (at most two decimal places).")
    return int(pence)


def pot_pence(pot: object) -> int:
    """The pot in whole pence."""
    return _pence(pot, "The pot")


def largest_remainder(total: int, shares: Sequence[float]) -> list[int]:
    """Split ``total`` whole units in proportion to ``shares`` so the parts add up exactly.

    Each part gets the whole number of its exact quota; the units left over go one each to the
    largest fractional remainders (ties to the earlier position, so the split is repeatable).
    """
    weights = np.asarray(shares, dtype=float)
    if len(weights) == 0 or (weights < 0).any() or not np.isfinite(weights).all():
        raise SplitError("Shares must be non-negative numbers.")
    if weights.sum() <= 0:
        raise SplitError("The shares add up to nothing, so the pot cannot be split.")
    quotas = total * weights / weights.sum()
    floors = np.floor(quotas).astype(np.int64)
    left = int(total - floors.sum())
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [int(v) for v in floors]


def _latest_complete_period(
    ask: Ask, indicator_id: str, year: int
) -> tuple[str, pd.DataFrame] | None:
    """The latest period starting in or before ``year`` with a figure for all ten boroughs."""
    periods = ask(queries.indicator_periods, indicator_id)
    if periods.empty:
        return None
    periods = periods[pd.to_datetime(periods["period_start"]).dt.year <= year]
    for period in reversed(periods["period"].tolist()):
        frame = ask(queries.indicator_values_gm, indicator_id, str(period))
        rows = frame[frame["area_code"].isin(GM_CODES)]
        hidden = (
            rows["suppressed"].astype("boolean").fillna(False) if "suppressed" in rows else False
        )
        if rows["value"].notna().sum() == len(GM_CODES) and not bool(np.any(hidden)):
            return str(period), rows
    return None


def load_inputs(ask: Ask, year: int, periods: Mapping[str, str] | None = None) -> SplitInputs:
    """Populations and need measures for ``year`` from the extracts, through the query layer.

    Populations: ONS estimates for the latest year on or before ``year``. Need measures: IMD
    2019 average score; each indicator measure in its latest period starting on or before
    ``year`` with a figure for all ten boroughs, or the period given in ``periods``.
    """
    year = int(year)
    pop = ask(queries.population_age_share, GM_CODES, year, ADULT_AGE)
    if set(pop["area_code"]) != set(GM_CODES):
        raise SplitError(f"No population estimates for every GM borough in or before {year}.")
    boroughs = pd.DataFrame(
        {
            "area_code": pop["area_code"],
            "area_name": pop["area_name"],
            "population_all": pop["population"].astype(float),
            "population_adults": pop["at_or_above"].astype(float),
            "population_year": pop["year"].astype(int),
            "population_source": pop["source"].astype(str),
        }
    )
    order = {c: i for i, c in enumerate(GM_CODES)}
    boroughs = boroughs.sort_values("area_code", key=lambda s: s.map(order)).reset_index(drop=True)
    need_rows: list[pd.DataFrame] = []
    sources: dict[str, str] = {}
    unavailable: dict[str, str] = {}

    imd = ask(queries.deprivation_districts, IMD_EDITION, IMD_DOMAIN)
    imd = imd[imd["area_code"].isin(GM_CODES)]
    if len(imd) == len(GM_CODES):
        need_rows.append(
            pd.DataFrame(
                {
                    "area_code": imd["area_code"],
                    "measure": "imd_score",
                    "indicator_id": "",
                    "period": str(IMD_EDITION),
                    "value": imd["average_score"].astype(float),
                    "lci95": np.nan,
                    "uci95": np.nan,
                    "data_status": OFFICIAL,
                }
            )
        )
        sources["imd_score"] = "English Indices of Deprivation 2019 (MHCLG), average score"
    else:
        unavailable["imd_score"] = "the IMD 2019 scores are not in the extracts for every borough"

    chosen = dict(periods or {})
    for key, measure in NEED_MEASURES.items():
        if not measure.indicator_ids:
            continue
        found = None
        for indicator_id in measure.indicator_ids:
            if key in chosen:
                frame = ask(queries.indicator_values_gm, indicator_id, chosen[key])
                rows = frame[frame["area_code"].isin(GM_CODES)]
                if rows["value"].notna().sum() == len(GM_CODES):
                    found = (indicator_id, chosen[key], rows)
                    break
                continue
            hit = _latest_complete_period(ask, indicator_id, year)
            if hit is not None:
                found = (indicator_id, hit[0], hit[1])
                break
        if found is None:
            when = f"for {chosen[key]}" if key in chosen else f"in or before {year}"
            unavailable[key] = f"no figure for all ten boroughs {when}"
            continue
        indicator_id, period, rows = found
        need_rows.append(
            pd.DataFrame(
                {
                    "area_code": rows["area_code"].to_numpy(),
                    "measure": key,
                    "indicator_id": indicator_id,
                    "period": period,
                    "value": rows["value"].astype(float).to_numpy(),
                    "lci95": rows["lci95"].astype(float).to_numpy(),
                    "uci95": rows["uci95"].astype(float).to_numpy(),
                    "data_status": statuses(rows).to_numpy(),
                }
            )
        )
        sources[key] = f"{indicator_id}, {period}"
    need = (
        pd.concat(need_rows, ignore_index=True)
        if need_rows
        else pd.DataFrame(
            columns=[
                "area_code",
                "measure",
                "indicator_id",
                "period",
                "value",
                "lci95",
                "uci95",
                "data_status",
            ]
        )
    )
    return SplitInputs(year, boroughs, need, sources, unavailable)


def _need_matrix(inputs: SplitInputs, key: str) -> pd.DataFrame:
    rows = inputs.need[inputs.need["measure"] == key].set_index("area_code")
    if rows.empty:
        why = inputs.unavailable.get(key, "it is not in the inputs")
        raise SplitError(f"{NEED_MEASURES[key].label} cannot be used: {why}.")
    return rows.reindex(inputs.boroughs["area_code"])


def _shares(
    method: SplitMethod, inputs: SplitInputs, need_values: Mapping[str, np.ndarray]
) -> np.ndarray:
    """Each borough's share of the pot (rows: draws or one row; columns: boroughs)."""
    n = len(inputs.boroughs)
    first = next(iter(need_values.values()), np.ones((1, n)))
    draws = first.shape[0]
    share = np.zeros((draws, n))
    if method.equal:
        share += method.equal / n
    if method.per_head:
        column = "population_all" if method.population == "all_ages" else "population_adults"
        pop = inputs.boroughs[column].to_numpy(dtype=float)
        share += method.per_head * pop / pop.sum()
    for key in method.used_measures:
        values = need_values[key]
        totals = values.sum(axis=1, keepdims=True)
        if (totals <= 0).any():
            raise SplitError(f"{NEED_MEASURES[key].label} adds up to nothing across the boroughs.")
        share += method.need * method.need_weights[key] * values / totals
    return share


@dataclass(frozen=True)
class SplitResult:
    """The split: one row per borough, the pot, and notes on what the figures rest on."""

    frame: pd.DataFrame
    pot_pence: int
    method: SplitMethod
    notes: tuple[str, ...]
    data_status: str

    @property
    def total_pence(self) -> int:
        return int(self.frame["amount_pence"].sum())


def published_pots(ask: Ask) -> pd.DataFrame:
    """Published Greater Manchester-wide awards that can prefill the pot (grant, year, amount)."""
    rows = ask(queries.funding_allocations, (GREATER_MANCHESTER,))
    rows = rows[rows["status"] == "final"]
    return rows[
        ["grant", "financial_year", "year_start", "amount_gbp", "source_url", "source_note"]
    ].reset_index(drop=True)


def published_actuals(ask: Ask, grant: str, financial_year: str) -> pd.DataFrame:
    """The boroughs' own published figures for a grant and year (final status only)."""
    rows = ask(queries.funding_allocations, GM_CODES)
    rows = rows[
        (rows["grant"] == grant)
        & (rows["financial_year"] == financial_year)
        & (rows["status"] == "final")
    ]
    return rows[["area_code", "amount_gbp", "source_url"]].reset_index(drop=True)


def _actuals(
    published: pd.DataFrame | None, typed: Mapping[str, object] | None
) -> tuple[dict[str, tuple[float, str]], list[str]]:
    """Actual amounts by borough: published where they exist, typed figures for the rest."""
    by_name = {name.lower(): code for code, name in GM_BOROUGHS.items()}
    out: dict[str, tuple[float, str]] = {}
    notes: list[str] = []
    if published is not None:
        for row in published.itertuples(index=False):
            paid = num(row.amount_gbp)
            if paid is not None:
                out[str(row.area_code)] = (paid, "published")
    for key, amount in (typed or {}).items():
        code = key if key in GM_BOROUGHS else by_name.get(str(key).strip().lower())
        if code is None:
            raise SplitError(f"{key!r} is not a Greater Manchester borough.")
        if amount is None or (isinstance(amount, str) and not amount.strip()):
            continue
        value = _pence(amount, f"The actual figure for {GM_BOROUGHS[code]}", allow_zero=True) / 100
        if code in out:
            notes.append(
                f"The figure typed for {GM_BOROUGHS[code]} was not used: a published figure "
                f"(£{out[code][0]:,.2f}) exists."
            )
            continue
        out[code] = (value, "typed")
    return out, notes


def _draw_needs(
    inputs: SplitInputs, method: SplitMethod, draws: int, rng: np.random.Generator
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], list[str], list[str], list[str]]:
    """Each need measure the method uses: its published values, `draws` seeded draws within its
    95% interval (the values repeated where it has none), the rows' data statuses, the labels
    of the measures that carry uncertainty, and notes on those that do not."""
    point: dict[str, np.ndarray] = {}
    drawn: dict[str, np.ndarray] = {}
    notes: list[str] = []
    status_parts = [OFFICIAL]
    uncertain = []
    for key in method.used_measures:
        rows = _need_matrix(inputs, key)
        values = rows["value"].to_numpy(dtype=float)
        if np.isnan(values).any() or (values < 0).any():
            raise SplitError(f"{NEED_MEASURES[key].label} is missing or negative for a borough.")
        point[key] = values[None, :]
        status_parts += rows["data_status"].astype(str).tolist()
        lo, hi = rows["lci95"].to_numpy(dtype=float), rows["uci95"].to_numpy(dtype=float)
        if np.isnan(lo).any() or np.isnan(hi).any():
            drawn[key] = np.repeat(point[key], draws, axis=0)
            notes.append(
                f"{NEED_MEASURES[key].label} ({inputs.sources.get(key, '')}) has no published "
                "interval, so it adds nothing to the range of the shares."
            )
        else:
            se = (hi - lo) / CI_WIDTH_IN_SE
            # a need cannot be negative; the rare draw below zero counts as none
            drawn[key] = np.clip(rng.normal(values, se, size=(draws, len(values))), 0, None)
            uncertain.append(NEED_MEASURES[key].label)
    return point, drawn, status_parts, uncertain, notes


def split_pot(
    inputs: SplitInputs,
    method: SplitMethod,
    pot: object,
    *,
    published: pd.DataFrame | None = None,
    typed_actuals: Mapping[str, object] | None = None,
    draws: int = N_DRAWS,
    seed: int = 0,
) -> SplitResult:
    """Split ``pot`` (pounds) across the ten boroughs by ``method``.

    Columns: area_code, area_name, amount_pence, amount_gbp, share, share_low, share_high
    (2.5th and 97.5th percentiles of the share over ``draws`` seeded draws of the need measures
    within their 95% intervals), amount_low_gbp, amount_high_gbp, population (the chosen base),
    gbp_per_head, people_in_treatment, gbp_per_person_in_treatment, actual_gbp, actual_source
    ("published" / "typed" / ""), difference_gbp (model minus actual), data_status.
    """
    pence = pot_pence(pot)
    if draws < 1:
        raise SplitError("The number of draws must be at least 1.")
    boroughs = inputs.boroughs
    if list(boroughs["area_code"]) != list(GM_CODES):
        raise SplitError("The inputs must have one row for each of the ten GM boroughs.")
    rng = np.random.default_rng(seed)
    point, drawn, status_parts, uncertain, notes = _draw_needs(inputs, method, draws, rng)
    share = _shares(method, inputs, point)[0]
    spread = (
        _shares(method, inputs, drawn)
        if method.used_measures
        else np.repeat(share[None, :], draws, axis=0)
    )
    low, high = np.percentile(spread, [2.5, 97.5], axis=0)
    if not uncertain:
        notes.append("No measure in this split has an interval, so the shares carry no range.")
    amounts = largest_remainder(pence, share)
    population = boroughs[
        "population_all" if method.population == "all_ages" else "population_adults"
    ].to_numpy(dtype=float)
    treated = inputs.need[inputs.need["measure"] == "in_treatment"].set_index("area_code")
    in_treatment = (
        treated["value"].reindex(boroughs["area_code"]).to_numpy(dtype=float)
        if len(treated)
        else np.full(len(boroughs), np.nan)
    )
    actual, actual_notes = _actuals(published, typed_actuals)
    notes += actual_notes
    gbp = np.asarray(amounts, dtype=float) / 100
    frame = pd.DataFrame(
        {
            "area_code": boroughs["area_code"],
            "area_name": boroughs["area_name"],
            "amount_pence": amounts,
            "amount_gbp": gbp,
            "share": share,
            "share_low": np.minimum(low, share),
            "share_high": np.maximum(high, share),
            "population": population,
            "gbp_per_head": gbp / population,
            "people_in_treatment": in_treatment,
            "gbp_per_person_in_treatment": np.where(in_treatment > 0, gbp / in_treatment, np.nan),
        }
    )
    # the range never excludes the allocation itself, whatever the rounding to pennies
    frame["amount_low_gbp"] = np.minimum((frame["share_low"] * pence).round() / 100, gbp)
    frame["amount_high_gbp"] = np.maximum((frame["share_high"] * pence).round() / 100, gbp)
    frame["actual_gbp"] = [actual.get(c, (np.nan, ""))[0] for c in frame["area_code"]]
    frame["actual_source"] = [actual.get(c, (np.nan, ""))[1] for c in frame["area_code"]]
    frame["difference_gbp"] = (frame["amount_gbp"] - frame["actual_gbp"]).round(2)
    status = combined_status(status_parts)
    frame["data_status"] = status
    known = [v for v, _ in actual.values()]
    if len(known) == len(GM_CODES) and round(sum(known) * 100) != pence:
        notes.append(
            f"The actual figures add up to £{sum(known):,.2f}, not the pot of £{pence / 100:,.2f}."
        )
    years = set(boroughs["population_year"])
    if method.per_head and years != {inputs.year}:
        notes.append(
            f"Population estimates for {inputs.year} are not in the extracts; the latest before "
            f"it ({', '.join(map(str, sorted(years)))}) are used."
        )
    return SplitResult(frame, pence, method, tuple(notes), status)
