"""What would it take: the change in a count that brings each GM borough to a chosen target.

One engine throughout: the change comes from ``gmcore.stats.what_would_it_take`` (Wilson
intervals), each borough's rating now comes from ``gmdash.analysis.add_benchmarks`` with the rule
the Compare page uses, and the rating after the change from ``gmcore.stats.benchmark`` on the new
count, so an answer here never contradicts a benchmark colour elsewhere. Answers keep to the
data's precision: where counts are rounded to 5 the changes are too, and say so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gmcore import stats
from gmcore.schema import ENGLAND, NORTH_WEST
from gmdash.analysis import add_benchmarks
from gmdash.compare import count_words, row_step
from gmdash.narrative import format_interval, format_value, possessive
from gmdash.whatif import ILLUSTRATIVE, OFFICIAL, combined_status, prefix, statuses
from gmdash.whatif.groups import PooledGroup, pool

TARGET_KINDS = ("gm_best", "gm_median", "england", "north_west", "group", "percent")
TARGET_LABELS = {
    "gm_best": "GM best",
    "gm_median": "GM median",
    "england": "England",
    "north_west": "North West",
    "group": "a pooled group",
    "percent": "a typed percentage",
}
COMPARATOR_CODES = {"england": ENGLAND, "north_west": NORTH_WEST}
BOROUGH = "local_authority"


class TargetError(ValueError):
    """A target cannot be set or reached; the message says why in plain words."""


@dataclass(frozen=True)
class Target:
    """What to aim at: one of TARGET_KINDS, with a percentage or a group where it needs one."""

    kind: str
    percent: float | None = None
    group: PooledGroup | None = None

    def __post_init__(self) -> None:
        if self.kind not in TARGET_KINDS:
            raise TargetError(
                f"Unknown target {self.kind!r}; choose one of {', '.join(TARGET_KINDS)}."
            )
        if self.kind == "percent":
            value = self.percent
            if value is None or isinstance(value, bool) or not isinstance(value, int | float):
                raise TargetError("Type the target as a percentage, such as 7 or 7.5.")
            if not math.isfinite(value) or not 0 <= value <= 100:
                raise TargetError(f"A target percentage must be between 0 and 100, not {value}.")
        if self.kind == "group" and self.group is None:
            raise TargetError("Choose or make a pooled group to use as the target.")

    def to_dict(self) -> dict[str, Any]:
        """The JSON form saved in scenarios."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.percent is not None:
            out["percent"] = self.percent
        if self.group is not None:
            out["group"] = self.group.to_dict()
        return out


@dataclass(frozen=True)
class ResolvedTarget:
    """A target's value (in %) for one indicator and period, and how to name it in a sentence."""

    name: str
    value: float
    data_status: str
    note: str = ""
    label: str = ""

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", f"{self.name} ({format_value(self.value, '%')})")


@dataclass(frozen=True)
class TargetTable:
    """The answer for every borough, the target it answers, and how it was worked out."""

    frame: pd.DataFrame
    target: ResolvedTarget
    step: int
    method: str
    data_status: str

    def sentence(self, area: str) -> str:
        """The plain-English answer for one borough, by area code or name."""
        rows = self.frame[(self.frame["area_code"] == area) | (self.frame["area_name"] == area)]
        if rows.empty:
            raise TargetError(f"No borough {area!r} in this table.")
        return str(rows["sentence"].iloc[0])


def _boroughs(frame: pd.DataFrame) -> pd.DataFrame:
    if "area_type" not in frame.columns:
        raise ValueError("the frame needs an area_type column (indicator_values_gm output)")
    return frame[frame["area_type"] == BOROUGH].reset_index(drop=True)


def _hidden(frame: pd.DataFrame) -> np.ndarray:
    if "suppressed" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    return frame["suppressed"].astype("boolean").fillna(False).to_numpy(dtype=bool)


def resolve_target(
    frame: pd.DataFrame, target: Target, meta: Mapping[str, object]
) -> ResolvedTarget:
    """The target's value in this frame (indicator_values_gm output for one period).

    GM best is the best borough value by the indicator's polarity; GM median the median of the
    borough values (suppressed ones excluded, and said so); England and the North West their
    rows; a pooled group its pooled value (groups.pool); a typed percentage itself.
    """
    polarity = str(meta["polarity"])
    boroughs = _boroughs(frame)
    shown = boroughs[~_hidden(boroughs) & boroughs["value"].notna()]
    left_out = len(boroughs) - len(shown)
    noun = "borough" if left_out == 1 else "boroughs"
    gap = f" ({left_out} {noun} without a figure left out)" if left_out else ""
    if target.kind == "percent":
        assert target.percent is not None
        typed = format_value(target.percent, "%")
        return ResolvedTarget(
            "the target", target.percent, OFFICIAL, label=f"the target of {typed}"
        )
    if target.kind in ("gm_best", "gm_median"):
        if shown.empty:
            raise TargetError("No borough has a figure for this period, so there is no GM target.")
        status = combined_status(statuses(shown))
        if target.kind == "gm_median":
            value = float(np.median(shown["value"].to_numpy(dtype=float)))
            return ResolvedTarget("the GM median", value, status, "median of the boroughs" + gap)
        if polarity not in ("high_good", "low_good"):
            raise TargetError(
                "GM best needs an indicator where higher or lower is better; this one has no "
                "direction, so choose another target."
            )
        values = shown["value"].to_numpy(dtype=float)
        pick = int(np.argmax(values) if polarity == "high_good" else np.argmin(values))
        best = shown.iloc[pick]
        value = float(best["value"])
        return ResolvedTarget(
            f"the GM best ({best['area_name']})",
            value,
            combined_status(statuses(shown.iloc[[pick]])),
            "best borough value" + gap,
            label=f"the GM best ({best['area_name']}, {format_value(value, '%')})",
        )
    if target.kind in COMPARATOR_CODES:
        code = COMPARATOR_CODES[target.kind]
        rows = frame[frame["area_code"] == code]
        label = TARGET_LABELS[target.kind]
        if rows.empty or pd.isna(rows["value"].iloc[0]) or _hidden(rows).any():
            raise TargetError(f"{label} has no figure for this period; choose another target.")
        return ResolvedTarget(label, float(rows["value"].iloc[0]), statuses(rows).iloc[0])
    assert target.group is not None
    pooled = pool(frame, target.group, meta)
    row = pooled.iloc[0]
    if pd.isna(row["value"]):
        raise TargetError(f"The group '{target.group.name}' has no pooled figure: {row['note']}")
    value = float(row["value"])
    return ResolvedTarget(
        f"{target.group.name} (pooled)",
        value,
        str(row["data_status"]),
        str(row["note"]),
        label=f"{target.group.name} (pooled, {format_value(value, '%')})",
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as dicts keyed by column name (the columns are all names)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def data_step(frame: pd.DataFrame, indicator_id: str) -> int:
    """The coarsest precision among the boroughs' rows: 5 if any row is rounded to 5, else 1."""
    steps = [row_step(row, indicator_id) for row in _records(_boroughs(frame))]
    return max(steps, default=1)


def benchmark_method(frame: pd.DataFrame) -> str:
    """The Compare page's rule: two levels where the boroughs have 99.8% limits, else one."""
    boroughs = _boroughs(frame)
    has_998 = "lci998" in boroughs and bool(boroughs["lci998"].notna().any())
    return "two_level" if has_998 else "one_level"


def _stepped(change: int, step: int, towards_match: bool) -> int:
    """A change in whole steps: away from zero for "similar" (so it is enough), nearest for
    "match" (halves away from zero)."""
    if step == 1 or change == 0:
        return change
    size = abs(change) / step
    steps = math.floor(size + 0.5) if towards_match else math.ceil(size)
    return int(math.copysign(steps * step, change))


def _rating(count: float, denominator: float, target: float, polarity: str, method: str) -> str:
    """The benchmark a borough would have with this count (Wilson limits, as the build gives)."""
    lo95, hi95 = stats.wilson_ci(count, denominator, 0.95)
    lo998, hi998 = stats.wilson_ci(count, denominator, 0.998)
    result = stats.benchmark(
        100 * count / denominator,
        100 * lo95,
        100 * hi95,
        target,
        polarity,
        lower998=100 * lo998,
        upper998=100 * hi998,
        method=method,
    )
    return result.category


def _similar_change(
    x: float, n: float, target: float, exact: int, step: int, polarity: str, method: str
) -> int:
    """The stepped change to become similar, checked with the engine's own rating.

    A whole step can overshoot a narrow interval on a small denominator; then the engine's
    exact answer is given instead (a step less would not be enough).
    """
    if exact == 0:
        return 0
    candidate = _stepped(exact, step, towards_match=False)
    new = x + candidate
    if 0 <= new <= n and _rating(new, n, target, polarity, method) == "similar":
        return candidate
    return exact


def _amount(k: int, step: int, noun: str = "") -> str:
    about = "about " if step > 1 else ""
    words = f"{about}{abs(k):,} {'more' if k > 0 else 'fewer'}"
    return f"{words} {noun}" if noun else words


def _good_side(value: float, target: float, polarity: str) -> bool | None:
    """Whether the value is at the target or beyond it in the good direction (None: no
    direction is judged for this indicator)."""
    if polarity == "high_good":
        return value >= target
    if polarity == "low_good":
        return value <= target
    return None


def _answer(
    row: Mapping[str, Any], target: float, polarity: str, method: str, step: int
) -> dict[str, Any]:
    """The numbers for one borough row that has a count, a denominator and a rating."""
    x, n = float(row["count"]), float(row["denominator"])
    exact_similar, exact_match = stats.what_would_it_take(x, n, target / 100)
    rating = str(row["benchmark"])
    good = _good_side(float(row["value"]), target, polarity)
    if rating == "similar":
        # the rating shown on Compare wins over a published interval's rounding
        exact_similar = 0
    elif exact_similar == 0:
        exact_similar = 1 if x / n < target / 100 else -1
    similar = _similar_change(x, n, target, exact_similar, step, polarity, method)
    match = _stepped(exact_match, step, towards_match=True)
    if similar and match and (similar > 0) == (match > 0) and abs(match) < abs(similar):
        match = similar  # stepping must not make matching look nearer than similarity
    margin = 0
    if good:
        # at or beyond the target on the good side: nothing is needed, and the margin says how
        # far past matching it is (never phrased as a change "needed to match")
        margin, similar, match = -match, 0, 0
    out: dict[str, Any] = {
        "exact_to_similar": exact_similar,
        "exact_to_match": exact_match,
        "change_to_similar": similar,
        "change_to_match": match,
        "margin": margin,
    }
    for label, change in (("similar", similar), ("matched", match)):
        new = x + change
        out[f"count_if_{label}"] = new
        out[f"value_if_{label}"] = 100 * new / n
        out[f"benchmark_if_{label}"] = (
            rating if change == 0 else _rating(new, n, target, polarity, method)
        )
    return out


def _sentence(
    row: Mapping[str, Any],
    target: ResolvedTarget,
    polarity: str,
    step: int,
    indicator_id: str,
    period: str,
) -> str:
    """One borough's answer in words, opening with the data's status when it is not official."""
    name = str(row["area_name"])
    lead = prefix(str(row["data_status"]))
    if bool(row.get("suppressed")):
        why = str(row.get("suppression_note") or "small numbers")
        return (
            f"{lead}{possessive(name)} figures for {period} are suppressed ({why}), so nothing "
            "is calculated."
        )
    if pd.isna(row.get("count")) or pd.isna(row.get("denominator")):
        return (
            f"{lead}{name} has no published count and denominator for {period}, so nothing is "
            "calculated."
        )
    ci = format_interval(row.get("lci95"), row.get("uci95"), "%")
    now = f"{name} ({format_value(row['value'], '%')}{', 95% CI ' + ci if ci else ''})"
    goal = target.label
    rating = str(row["benchmark"])
    if rating == "not compared":
        return f"{lead}{now} cannot be compared with {goal}: {row['benchmark_reason']}."
    noun, of = count_words(indicator_id)
    noun = noun or "in the count"
    base = f"(of {float(row['denominator']):,.0f}{' ' + of if of else ''})"
    precision = (
        f" Counts are rounded to {step}, so changes are in steps of {step}." if step > 1 else ""
    )
    similar, match, margin = (
        int(row[c]) for c in ("change_to_similar", "change_to_match", "margin")
    )
    good = _good_side(float(row["value"]), target.value, polarity)
    if good:
        state = (
            f"is already {rating} than {goal}"
            if rating in ("better", "worse")
            else f"is statistically similar to {goal} and at or beyond it"
        )
        spare = (
            f" It has {_amount(margin, step, noun)} than matching {target.name} would need."
            if margin
            else ""
        )
        return f"{lead}{now} {state}: no change is needed.{spare}{precision}"
    if rating == "similar":
        if match == 0:
            return (
                f"{lead}{now} is statistically similar to {goal} and matches it"
                f"{' to the nearest ' + str(step) if step > 1 else ''}.{precision}"
            )
        return (
            f"{lead}{now} is statistically similar to {goal} (its 95% interval includes it); "
            f"matching it would take {_amount(match, step, noun)} {base}.{precision}"
        )
    level = f" at the {row['benchmark_level']} level" if row.get("benchmark_level") else ""
    after = f"{float(row['count_if_similar']):,.0f} of {float(row['denominator']):,.0f}"
    return (
        f"{lead}{now} is {rating} than {goal}{level}: it would need "
        f"{_amount(similar, step, noun)} {base} to be statistically similar, and "
        f"{_amount(match, step)} to match it. With {after} it would be rated "
        f"{row['benchmark_if_similar']}.{precision}"
    )


COLUMNS = [
    "area_code", "area_name", "period", "count", "denominator", "value", "lci95", "uci95",
    "target_name", "target_value", "benchmark", "benchmark_level", "benchmark_reason",
    "change_to_similar", "change_to_match", "margin", "exact_to_similar", "exact_to_match",
    "count_if_similar", "value_if_similar", "benchmark_if_similar", "count_if_matched",
    "value_if_matched", "benchmark_if_matched", "step", "suppressed", "suppression_note",
    "value_is_illustrative", "is_illustrative", "data_status", "sentence",
]  # fmt: skip
CHANGE_COLUMNS = (
    "exact_to_similar", "exact_to_match", "change_to_similar", "change_to_match", "margin",
)  # fmt: skip


def _usable(row: Mapping[str, Any], hidden: bool) -> bool:
    """Whether a borough row can be answered: shown, with a count, a denominator and a rating."""
    return (
        not hidden
        and pd.notna(row.get("count"))
        and pd.notna(row.get("denominator"))
        and float(row["denominator"]) > 0
        and row["benchmark"] != "not compared"
    )


def _numbers(answers: list[dict[str, Any]], index: pd.Index) -> pd.DataFrame:
    """The answers as typed columns, present (and empty) even when no borough was answered."""
    numbers = pd.DataFrame(answers, index=index)
    for column in CHANGE_COLUMNS:
        numbers[column] = (
            pd.to_numeric(numbers[column]).astype("Float64").astype("Int64")
            if column in numbers
            else pd.Series(pd.NA, index=index, dtype="Int64")
        )
    for column in ("count_if_similar", "value_if_similar", "count_if_matched", "value_if_matched"):
        if column not in numbers:
            numbers[column] = np.nan
    for column in ("benchmark_if_similar", "benchmark_if_matched"):
        if column not in numbers:
            numbers[column] = ""
        numbers[column] = numbers[column].fillna("")
    return numbers


def _method(method: str, steps: set[int]) -> str:
    rule = "two-level (95% and 99.8%)" if method == "two_level" else "one-level (95%)"
    if steps == {5}:
        precision = " Counts are rounded to 5, so changes are in steps of 5."
    elif 5 in steps:
        precision = (
            " Rows whose counts are rounded to 5 are answered in steps of 5; rows with exact "
            "published counts in single units."
        )
    else:
        precision = ""
    return (
        "Changes in the count with the denominator fixed, from the Wilson-interval search in "
        f"METHODS.md ('What would it take'); ratings by the {rule} rule the Compare page uses."
        + precision
    )


def targets_table(
    frame: pd.DataFrame,
    target: Target,
    meta: Mapping[str, object],
    *,
    step: int | None = None,
) -> TargetTable:
    """What it would take for every GM borough to reach ``target``, in numbers and in words.

    ``frame`` is ``indicator_values_gm`` output (disclosure already applied) for one proportion
    indicator and period; ``meta`` its catalogue row (indicator_id, value_type, polarity).
    Columns, one row per borough: area_code, area_name, period, count, denominator, value,
    lci95, uci95, target_name, target_value, benchmark, benchmark_level, benchmark_reason (now,
    by Compare's rule), change_to_similar and change_to_match (the change in the count
    needed, in whole steps of the row's own precision; 0 when none is needed), margin (how far
    past matching a borough already at or beyond the target is), exact_to_similar and
    exact_to_match (the engine's signed answers), count/value/benchmark_if_similar and
    _if_matched, step (5 where that row's counts are rounded to 5, else 1; ``step`` sets one
    for every row), value_is_illustrative (the row's own value), is_illustrative and
    data_status (of the answer: the row's and the target's together), sentence.
    """
    indicator_id = str(meta["indicator_id"])
    polarity = str(meta["polarity"])
    if str(meta["value_type"]) != "proportion":
        raise TargetError(
            "What would it take works on proportions with a count and a denominator (such as "
            "successful completions); this indicator is not one."
        )
    if step is not None and int(step) < 1:
        raise ValueError("step must be a whole number of at least 1")
    resolved = resolve_target(frame, target, meta)
    method = benchmark_method(frame)
    # "now" by the one rule every page uses (each row on the levels it has); the rating after a
    # change uses Wilson limits at both levels, so it takes the method the limits allow
    boroughs = add_benchmarks(_boroughs(frame), resolved.value, polarity)
    boroughs["value_is_illustrative"] = statuses(boroughs).to_numpy() == ILLUSTRATIVE
    boroughs["data_status"] = [
        combined_status([s, resolved.data_status]) for s in statuses(boroughs)
    ]
    boroughs["is_illustrative"] = boroughs["data_status"] == ILLUSTRATIVE
    rows = _records(boroughs)
    boroughs["step"] = [row_step(row, indicator_id) if step is None else int(step) for row in rows]
    hidden = _hidden(boroughs)
    answers = [
        _answer(row, resolved.value, polarity, method, int(row_step_))
        if _usable(row, hidden[i])
        else {}
        for i, (row, row_step_) in enumerate(zip(rows, boroughs["step"], strict=True))
    ]
    out = pd.concat([boroughs, _numbers(answers, boroughs.index)], axis=1)
    out["target_name"] = resolved.name
    out["target_value"] = resolved.value
    period = str(out["period"].iloc[0]) if "period" in out and len(out) else ""
    out["sentence"] = [
        _sentence(row, resolved, polarity, int(row["step"]), indicator_id, period)
        for row in _records(out)
    ]
    for column in COLUMNS:
        if column not in out.columns:
            out[column] = pd.NA
    steps = {int(s) for s in out["step"]} or {1}
    return TargetTable(
        frame=out[COLUMNS],
        target=resolved,
        step=max(steps),
        method=_method(method, steps),
        data_status=combined_status(out["data_status"]) if len(out) else resolved.data_status,
    )
