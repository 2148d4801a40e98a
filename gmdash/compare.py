"""Comparing the boroughs on one indicator: ranks with uncertainty, funnel data, what it takes."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from gmcore import stats
from gmdash.analysis import borough_comparison
from gmdash.narrative import format_interval, format_value, ordinal
from gmdash.queries import NDTMS_PREFIXES

#: What the numerator and denominator of each proportion count, for sentences a reader can use.
COUNT_WORDS: Mapping[str, tuple[str, str]] = {
    "completions_": ("successful completions", "in treatment"),
    "alcohol_met_need": ("people in treatment", "estimated dependent drinkers"),
}
VALUE_TYPE_WORDS = {
    "proportion": "proportion",
    "crude_rate": "crude rate",
    "dsr": "directly standardised rate",
    "count": "count",
}
FUNNEL_CATEGORIES = (
    "high (outside 99.8%)",
    "high (outside 95%)",
    "within the limits",
    "low (outside 95%)",
    "low (outside 99.8%)",
)


def ranking_note(polarity: str) -> str:
    """How ranks are ordered for an indicator's polarity, in one sentence."""
    if polarity == "high_good":
        return "Rank 1 is the highest value (higher is better for this indicator)."
    if polarity == "low_good":
        return "Rank 1 is the lowest value (lower is better for this indicator)."
    return (
        "Ranked by value, highest first: rank 1 is the highest value. Higher is neither "
        "better nor worse for this indicator."
    )


def rank_table(
    boroughs: pd.DataFrame, polarity: str, seed: int = 0, unit: str = ""
) -> pd.DataFrame:
    """Each borough's rank with its plausible range (stats.rank_with_uncertainty), in words.

    One number format throughout: values and intervals as the rest of the app writes them
    for `unit` ("25.8%", "24.1–27.6%"), ranks as ordinals ("1st", "1st–3rd"). Columns: Area,
    Value, 95% interval, Rank, Plausible range, Rank in words; best (or highest) first,
    unranked rows (suppressed, or no value or interval) last with the reason.
    """
    frame = boroughs.reset_index(drop=True)
    ranks = stats.rank_with_uncertainty(
        frame["value"],
        frame["lci95"],
        frame["uci95"],
        seed=seed,
        higher_is_better=polarity != "low_good",
    )
    n_ranked = int(ranks["rank"].notna().sum())
    sentences = []
    for row, rank, low, high in zip(
        frame.to_dict("records"),
        ranks["rank"].tolist(),
        ranks["rank_lower"].tolist(),
        ranks["rank_upper"].tolist(),
        strict=True,
    ):
        if pd.isna(rank):
            note = str(row.get("suppression_note") or "")
            why = (
                ("suppressed — " + note)
                if note and bool(row.get("suppressed"))
                else "no value or no confidence interval"
            )
            sentences.append(f"{row['area_name']}: not ranked ({why})")
        else:
            sentences.append(
                f"{row['area_name']}: {ordinal(int(rank))} of {n_ranked}, "
                f"plausible {ordinal(int(low))}–{ordinal(int(high))}"
            )
    out = pd.DataFrame(
        {
            "Area": frame["area_name"],
            # Ranks come from full precision; the table shows values as the app writes them.
            "Value": [
                "suppressed" if bool(row.get("suppressed")) else format_value(row["value"], unit)
                for row in frame.to_dict("records")
            ],
            "95% interval": [
                format_interval(lo, hi, unit) or ""
                for lo, hi in zip(frame["lci95"], frame["uci95"], strict=True)
            ],
            "Rank": ["not ranked" if pd.isna(r) else ordinal(int(r)) for r in ranks["rank"]],
            "Plausible range": [
                "" if pd.isna(lo) else f"{ordinal(int(lo))}–{ordinal(int(hi))}"
                for lo, hi in zip(ranks["rank_lower"], ranks["rank_upper"], strict=True)
            ],
            "Rank in words": sentences,
            "_rank": ranks["rank"].to_numpy(),
        }
    )
    out = out.sort_values("_rank", na_position="last", kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True)


def count_words(indicator_id: str) -> tuple[str, str]:
    """(numerator noun, denominator phrase) for an indicator; generic words if not known."""
    for prefix, words in COUNT_WORDS.items():
        if indicator_id.startswith(prefix):
            return words
    return ("", "")


# A row's own notes say when its counts are rounded: ViewIt's "counts rounded to 5" and the
# disclosure layer's "Rounded to the nearest 5".
ROUNDED_WORDS = re.compile(r"rounded to (the nearest )?5\b", re.IGNORECASE)


def _flag(value: object) -> bool:
    """A row's true/false flag; missing (None, NaN, pd.NA) and text count as false."""
    if value is None or isinstance(value, str):
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    try:
        return bool(value)
    except TypeError:  # pd.NA has no truth value
        return False


def row_step(row: Mapping[str, Any], indicator_id: str) -> int:
    """The precision of one row's count: 5 where that row's counts are rounded to 5, else 1.

    Per row, never per frame: a period can mix exact published rows (Salford's Fingertips
    completions for 2017 and 2018, 322 of 551) with generated ones, which gmdata/illustrative.py
    rounds to 5 as NDTMS rounds local counts. A row is rounded when its notes say so, or when it
    is a generated NDTMS-style treatment count; either way its count and denominator must both
    be multiples of 5.
    """
    x, n = row.get("count"), row.get("denominator")
    if x is None or n is None or pd.isna(x) or pd.isna(n) or float(x) % 5 or float(n) % 5:
        return 1
    said = " ".join(str(row.get(c) or "") for c in ("note", "suppression_note"))
    if ROUNDED_WORDS.search(said):
        return 5
    generated = _flag(row.get("value_is_illustrative", row.get("is_illustrative")))
    return 5 if generated and indicator_id.startswith(NDTMS_PREFIXES) else 1


def _in_steps(k: int, step: int) -> int:
    """|k| rounded up to a whole number of steps: never claim less change than is needed."""
    return math.ceil(abs(k) / step) * step


def what_would_it_take_sentence(
    row: Mapping[str, object],
    *,
    indicator_id: str,
    comparator_name: str,
    comparator_value: float | None,
    polarity: str = "high_good",
    step: int = 1,
) -> str:
    """The "what would it take" line for one borough on a proportion (values in %).

    Changes are given in whole `step`s ("about 10 more" when counts are rounded to 5). A
    borough already better than the comparator, or similar and on the good side of it, is told
    so rather than how many fewer would "match". Never computed for a suppressed row.
    """
    name = str(row["area_name"])
    if bool(row.get("suppressed", False)):
        return (
            f"{name}'s figures for this period are suppressed "
            f"({row.get('suppression_note') or 'small numbers'}), so nothing is calculated."
        )
    count = pd.to_numeric(pd.Series([row.get("count"), row.get("denominator")]), errors="coerce")
    if count.isna().any():
        return f"{name} has no published count and denominator for this period."
    if comparator_value is None or math.isnan(comparator_value):
        return f"{comparator_name} has no value for this period to compare {name} with."
    x, n = float(count.iloc[0]), float(count.iloc[1])
    to_similar, to_match = stats.what_would_it_take(x, n, comparator_value / 100)
    noun, of = count_words(indicator_id)
    target = f"{comparator_name}'s {format_value(comparator_value, '%')}"
    value = format_value(100 * x / n, "%")
    about = "about " if step > 1 else ""
    precision = f" (counts are rounded to {step}, so changes are given in steps of {step})"

    def amount(k: int, with_noun: bool) -> str:
        words = f"{about}{_in_steps(k, step):,} {'more' if k > 0 else 'fewer'}"
        return f"{words} {noun}" if with_noun and noun else words

    higher_is_good = polarity != "low_good"
    good_side = (100 * x / n >= comparator_value) == higher_is_good
    if str(row.get("benchmark", "")) == "better":
        return (
            f"{name} ({value}) is already statistically better than {target}: no change is "
            "needed to reach it."
        )
    base = f"(of {n:,.0f}{' ' + of if of else ''})"
    tail = precision if step > 1 else ""
    if to_similar == 0:
        if to_match == 0 or (good_side and polarity != "no_judgement"):
            return (
                f"{name} ({value}) is already statistically similar to {comparator_name} (its "
                f"95% interval includes {target}) and is at or beyond it."
            )
        return (
            f"{name} ({value}) is already statistically similar to {comparator_name} (its 95% "
            f"interval includes {target}); it would need {amount(to_match, True)} {base} to "
            f"match it{tail}."
        )
    return (
        f"{name} ({value}) would need {amount(to_similar, True)} {base} to be statistically "
        f"similar to {comparator_name}, and {amount(to_match, False)} to match {target}{tail}."
    )


def compare_boroughs(
    frame: pd.DataFrame, polarity: str, comparator_code: str
) -> tuple[pd.DataFrame, float | None, bool]:
    """Benchmarked borough rows, the comparator's value, and whether 99.8% limits are shown.

    Each row is judged by the one rule (analysis.add_benchmarks): two levels where its 99.8%
    limits exist, one level where the source publishes only 95% limits.
    """
    has_998 = bool(frame[frame["area_type"] == "local_authority"]["lci998"].notna().any())
    boroughs, value = borough_comparison(frame, polarity, comparator_code)
    return boroughs.reset_index(drop=True), value, has_998


def suppressed_lines(boroughs: pd.DataFrame) -> list[str]:
    """ "Bury: suppressed — <reason>" for every suppressed borough row."""
    if "suppressed" not in boroughs.columns:
        return []
    rows = boroughs[boroughs["suppressed"].astype("boolean").fillna(False)]
    return [f"{r.area_name}: suppressed — {r.suppression_note}" for r in rows.itertuples()]


def denominator_label(indicator_id: str) -> str:
    """Axis title for a proportion's denominator: "Number in treatment"."""
    of = count_words(indicator_id)[1]
    if not of:
        return "Denominator"
    return f"Number {of}" if of.startswith("in ") else of[0].upper() + of[1:]


def funnel_unavailable(title: str, value_type: str) -> str:
    """Why an indicator gets no funnel plot, in words."""
    kind = VALUE_TYPE_WORDS.get(value_type, value_type)
    return (
        f"A funnel plot needs a count and a denominator for each borough (a proportion). "
        f"{title} is a {kind}, so it has no funnel plot: use the bar view."
    )


def funnel_data(
    boroughs: pd.DataFrame, centre: float, n_points: int = 120
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Funnel points and limits for proportions (values in %), around `centre` (in %).

    Points: the boroughs with a count and denominator, with `funnel_flag` (one of
    FUNNEL_CATEGORIES). Limits: long form (denominator, limit, side, value) at 95% and 99.8%
    over denominators from half the smallest to 1.5 times the largest.
    """
    shown = boroughs.dropna(subset=["count", "denominator"]).copy()
    if shown.empty:
        raise ValueError("no borough has a count and denominator to plot")
    c = centre / 100
    flags = [
        stats.funnel_flags(float(x), float(n), c)
        for x, n in zip(shown["count"], shown["denominator"], strict=True)
    ]
    shown["flag95"] = [f["95%"] for f in flags]
    shown["flag998"] = [f["99.8%"] for f in flags]
    shown["funnel_flag"] = [
        f"{f['99.8%']} (outside 99.8%)"
        if f["99.8%"] != "within"
        else f"{f['95%']} (outside 95%)"
        if f["95%"] != "within"
        else "within the limits"
        for f in flags
    ]
    lo = max(1.0, float(shown["denominator"].min()) * 0.5)
    hi = float(shown["denominator"].max()) * 1.5
    grid = stats.funnel_limits(np.geomspace(lo, hi, n_points), c)
    limits = pd.concat(
        [
            pd.DataFrame(
                {
                    "denominator": grid["denominator"],
                    "limit": label,
                    "side": side,
                    "value": grid[f"{side}{key}"] * 100,
                }
            )
            for key, label in (("95", "95% limits"), ("998", "99.8% limits"))
            for side in ("lower", "upper")
        ],
        ignore_index=True,
    )
    return shown.reset_index(drop=True), limits


def pooled_gm_centre(boroughs: pd.DataFrame) -> tuple[float, int]:
    """Pooled proportion (in %) of the boroughs with a count and denominator, and how many."""
    shown = boroughs.dropna(subset=["count", "denominator"])
    if shown.empty:
        raise ValueError("no borough has a count and denominator to pool")
    return stats.pooled_centre(shown["count"], shown["denominator"]) * 100, len(shown)


def reported_markers(
    reported: pd.DataFrame, indicator_id: str, boroughs: pd.DataFrame
) -> pd.DataFrame:
    """Figures quoted in documents for this indicator and the boroughs shown, as chart labels.

    Columns: area_name, value, label, source_url, where. The label says the period is not
    stated when the document does not state it, so the marker is never read as this period's.
    """
    rows = reported[
        (reported["indicator_id"] == indicator_id)
        & reported["area_code"].isin(set(boroughs["area_code"]))
    ]
    period = rows["period"].fillna("").astype(str)
    return pd.DataFrame(
        {
            "area_name": rows["area_name"],
            "value": rows["value"],
            "label": [
                f"{format_value(v, '%')} quoted" + (f" for {p}" if p else ", period not stated")
                for v, p in zip(rows["value"], period, strict=True)
            ],
            "source_url": rows["source_url"],
            "where": rows["quote_location"],
        }
    ).reset_index(drop=True)


def reported_notes(markers: pd.DataFrame) -> list[str]:
    """One note per quoted figure: what it is, where it was quoted, and why it is not a bar."""
    return [
        f"Diamond: {r.area_name}, {r.label} in a council document ([source]({r.source_url})): "
        "a single quoted figure, shown beside the series, not as part of it."
        for r in markers.itertuples(index=False)
    ]
