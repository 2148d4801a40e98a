"""Indicator series over time: gap-aware series, recent trends, change since a baseline, pooled groups."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gmcore import stats
from gmcore.schema import COMPARATORS, GREATER_MANCHESTER
from gmdash.charts import GENERATED, PUBLISHED
from gmdash.narrative import format_value

#: Period types whose consecutive periods overlap (rolling 3-year pools).
POOLED_PERIOD_TYPES = ("financial_year_3", "calendar_year_3")
SERIES_COLUMNS = [
    "series",
    "role",
    "period",
    "value",
    "lci95",
    "uci95",
    "segment",
    "suppression_note",
    "is_illustrative",
]


def series_frame(
    frame: pd.DataFrame,
    periods: Sequence[str],
    comparator_code: str | None = None,
    also: Sequence[str] = (),
) -> pd.DataFrame:
    """One row per series x period over every period of the indicator, gaps kept as missing.

    `frame` is indicator_trend output. `segment` numbers each unbroken run of values within a
    series, so a chart draws separate line pieces either side of a gap instead of joining them.
    The comparator's rows, and those of the further comparators in `also`, get role
    "comparator" and come after the areas (the chosen comparator first); the rest "area".
    """
    comparators = [c for c in (comparator_code, *also) if c]
    areas, others = [], {}
    for (code, name), group in frame.groupby(["area_code", "area_name"], sort=False):
        by_period = group.set_index("period")
        if code in comparators:
            others[code] = _complete(by_period, str(name), "comparator", periods)
        else:
            areas.append(_complete(by_period, str(name), "area", periods))
    rows = areas + [others[c] for c in comparators if c in others]
    if not rows:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    return pd.concat(rows, ignore_index=True)


def period_label(start_year: int, period_type: str) -> str:
    """The label of the period of `period_type` starting in `start_year`, as the sources write it.

    "2020" (calendar year), "2020/21" (financial year), "2018/19 - 20/21" (rolling three
    financial years), "2018 - 20" (rolling three calendar years).
    """
    if period_type == "calendar_year":
        return str(start_year)
    if period_type == "financial_year":
        return f"{start_year}/{(start_year + 1) % 100:02d}"
    if period_type == "financial_year_3":
        first, last = start_year, start_year + 2
        return f"{first}/{(first + 1) % 100:02d} - {last % 100:02d}/{(last + 1) % 100:02d}"
    if period_type == "calendar_year_3":
        return f"{start_year} - {(start_year + 2) % 100:02d}"
    raise ValueError(f"unknown period type {period_type!r}")


def period_run(labels: Sequence[str], period_type: str) -> list[str]:
    """Every period from the first label to the last, one a year, so a missing year stays visible.

    `labels` are the periods that have values, oldest first, each starting with its start year.
    A year no area has a value for (2021 between 2020 and 2022) is put back, labelled the way
    the period type is written, so a chart's axis shows it as a gap instead of a silent jump.
    Labels the data already use are kept as they are.
    """
    if not labels:
        return []
    by_year = {int(label[:4]): label for label in labels}
    first, last = min(by_year), max(by_year)
    return [by_year.get(y) or period_label(y, period_type) for y in range(first, last + 1)]


def early_ends(series: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Series whose values stop before the chart's last period with a value.

    Returns (series, its last period, the chart's last period) for each, in series order: a
    borough's drug-poisoning figures that end in 2020 while England's run on to 2022.
    """
    valued = series[series["value"].notna()]
    if valued.empty:
        return []
    order = list(dict.fromkeys(series["period"]))
    position = {p: i for i, p in enumerate(order)}
    chart_last = max(valued["period"], key=position.__getitem__)
    out = []
    for name, group in valued.groupby("series", sort=False):
        last = max(group["period"], key=position.__getitem__)
        if position[last] < position[chart_last]:
            out.append((str(name), str(last), str(chart_last)))
    return out


def ends_sentence(ends: Sequence[tuple[str, str, str]], names: Sequence[str] = ()) -> str:
    """One sentence on the series that stop early: "Bury: no figures after 2020 (...)".

    `names` are all the chart's series: when most stop early, the sentence names the few that
    do not ("Every series but England: ...") rather than listing ten boroughs.
    """
    if not ends:
        return ""
    by_last: dict[tuple[str, str], list[str]] = {}
    for name, last, chart_last in ends:
        by_last.setdefault((last, chart_last), []).append(name)
    parts = []
    for (last, chart_last), who in by_last.items():
        rest = [n for n in names if n not in who]
        if len(who) > 3 and rest and len(rest) < len(who):
            subject = "Every series but " + _and(rest)
        else:
            subject = _and(who)
        parts.append(
            f"{subject}: no figures after {last} in the available data (the latest on the "
            f"chart is {chart_last})"
        )
    return "; ".join(parts) + "."


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _complete(
    by_period: pd.DataFrame, name: str, role: str, periods: Sequence[str]
) -> pd.DataFrame:
    out = pd.DataFrame({"series": name, "role": role, "period": list(periods)})
    # Each column is read once into a dict by period: a pandas lookup per period and column
    # was most of the time a new trend took.
    index = list(by_period.index)
    if len(set(index)) != len(index):
        raise ValueError(f"{name} has more than one row for a period")

    def column(col: str) -> dict[Any, Any]:
        return dict(zip(index, by_period[col], strict=True)) if col in by_period else {}

    for col in ("value", "lci95", "uci95"):
        got = column(col)
        out[col] = [float(got.get(p, np.nan)) for p in periods]
    notes = column("suppression_note")
    out["suppression_note"] = [
        "" if p not in notes or pd.isna(notes[p]) else str(notes[p]) for p in periods
    ]
    flags = column("is_illustrative")
    out["is_illustrative"] = [bool(flags.get(p, False)) for p in periods]
    present = out["value"].notna()
    run = (present != present.shift(fill_value=False)).cumsum()
    out["segment"] = [f"{name}#{r}" if ok else None for r, ok in zip(run, present, strict=True)]
    return out


def trend_periods(
    periods: Sequence[str],
    available: Sequence[str],
    period_type: str,
    n: int = 5,
    end: str | None = None,
) -> tuple[list[str], str | None]:
    """The last `n` non-overlapping, consecutive periods of a series, and why not if none.

    The one rule every page uses for the Fingertips recent trend. Points are a whole period
    apart: a year for annual series; for rolling 3-year periods every third period, so no two
    points share a year. They end at `end` (the period a page shows) when given, else at the
    area's latest value. `periods` is the indicator's periods in time order, labelled with the
    start year first ("2018/19", "2020", "2018/19 - 20/21"). Returns the periods, oldest first.
    """
    have = [p for p in periods if p in set(available)]
    if not have:
        return [], "no values"
    if end is not None and end not in have:
        return [], f"no value for {end}"
    last = end or have[-1]
    step = 3 if period_type in POOLED_PERIOD_TYPES else 1
    start_year = {p: int(p[:4]) for p in periods}
    wanted = [start_year[last] - step * i for i in reversed(range(n))]
    by_year = {start_year[p]: p for p in have}
    if any(year not in by_year for year in wanted):
        kind = "non-overlapping 3-year" if step == 3 else "consecutive annual"
        return [], f"fewer than {n} {kind} points up to {last}"
    return [by_year[year] for year in wanted], None


def recent_trends(
    series: pd.DataFrame,
    counts: pd.DataFrame,
    periods: Sequence[str],
    *,
    value_type: str,
    polarity: str,
    period_type: str,
) -> pd.DataFrame:
    """The Fingertips recent trend of each series, in words.

    `series` is series_frame output; `counts` is indicator_trend output (area_name, period,
    count, denominator) for the chi-squared test on proportions. Columns: Area, Recent trend,
    Periods used (recent_trend_note says which test).
    """
    out = []
    for name, group in series.groupby("series", sort=False):
        group = group.set_index("period")
        available = group.index[group["value"].notna()].tolist()
        used, why = trend_periods(periods, available, period_type)
        if why:
            out.append((name, f"could not be calculated: {why}", ""))
            continue
        sub = group.loc[used]
        mine = counts[counts["area_name"] == name].set_index("period")
        result = stats.recent_trend(
            mine["count"].reindex(used) if "count" in mine else None,
            mine["denominator"].reindex(used) if "denominator" in mine else None,
            sub["value"],
            sub["lci95"],
            sub["uci95"],
            value_type,
            polarity,
        )
        words = result.assessment
        if result.direction in ("increasing", "decreasing") and words != result.direction:
            words = f"{words} ({result.direction}, significant at the 99.8% level)"
        elif result.direction == "could not be calculated":
            words = result.reason
        out.append((name, words, f"{used[0]} to {used[-1]}"))
    return pd.DataFrame(out, columns=["Area", "Recent trend", "Periods used"])


def change_since(series: pd.DataFrame, baseline: str, unit: str) -> pd.DataFrame:
    """Absolute and relative change from `baseline` to each series' latest value, in words.

    Whether the two 95% intervals overlap is reported without over-claiming: overlapping
    intervals mean the change is not shown to be larger than the uncertainty.
    """
    rows: list[tuple[object, ...]] = []
    for name, group in series.groupby("series", sort=False):
        valued = group[group["value"].notna()].set_index("period")
        order = list(valued.index)
        if baseline not in order:
            notes = group.set_index("period")["suppression_note"]
            note = str(notes.get(baseline, "") or "")
            why = f"suppressed ({note})" if note else "no value"
            rows.append(
                (
                    name,
                    baseline,
                    "",
                    np.nan,
                    np.nan,
                    np.nan,
                    np.nan,
                    None,
                    f"{name}: no comparison — {baseline} has {why}.",
                )
            )
            continue
        latest = str(order[-1])
        cols = ["value", "lci95", "uci95"]
        start = dict(zip(cols, valued.loc[baseline, cols].to_numpy(dtype=float), strict=True))
        end = dict(zip(cols, valued.loc[latest, cols].to_numpy(dtype=float), strict=True))
        if latest == baseline:
            rows.append(
                (
                    name,
                    baseline,
                    latest,
                    start["value"],
                    end["value"],
                    np.nan,
                    np.nan,
                    None,
                    f"{name}: {baseline} is its latest value; nothing to compare.",
                )
            )
            continue
        change = end["value"] - start["value"]
        relative = change / start["value"] * 100 if start["value"] else np.nan
        has_ci = not any(
            np.isnan(v) for v in (start["lci95"], start["uci95"], end["lci95"], end["uci95"])
        )
        overlap = (
            not (end["lci95"] > start["uci95"] or end["uci95"] < start["lci95"]) if has_ci else None
        )
        rows.append(
            (
                name,
                baseline,
                latest,
                start["value"],
                end["value"],
                change,
                relative,
                overlap,
                _change_sentence(
                    str(name),
                    baseline,
                    latest,
                    start["value"],
                    end["value"],
                    relative,
                    unit,
                    overlap,
                ),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "Area",
            "Baseline",
            "Latest",
            "Baseline value",
            "Latest value",
            "Change",
            "Relative change (%)",
            "95% intervals overlap",
            "Change in words",
        ],
    )


def _change_sentence(
    name: str,
    baseline: str,
    latest: str,
    start: float,
    end: float,
    relative: float,
    unit: str,
    overlap: bool | None,
) -> str:
    change = end - start
    size = (
        f"{abs(change):,.1f} percentage points" if unit == "%" else format_value(abs(change), unit)
    )
    way = "up" if change > 0 else "down" if change < 0 else "unchanged"
    rel = "" if np.isnan(relative) or change == 0 else f" ({relative:+.0f}%)"
    moved = f"{way} {size}{rel}" if change else "unchanged"
    if overlap is None:
        verdict = "no confidence intervals, so the uncertainty cannot be judged"
    elif overlap:
        verdict = (
            "the 95% intervals overlap, so the change is not larger than the uncertainty "
            "(it may still be real)"
        )
    else:
        verdict = "the 95% intervals do not overlap, so the change is larger than the uncertainty"
    return (
        f"{name}: {format_value(start, unit)} in {baseline} → {format_value(end, unit)} in "
        f"{latest}, {moved}; {verdict}."
    )


def pooled_series(pooled: pd.DataFrame, name: str, periods: Sequence[str]) -> pd.DataFrame:
    """The pooled group's series from gmdash.whatif.groups.pool output over several periods.

    A period the group could not be pooled in (a member suppressed or missing) is a gap whose
    note says why.
    """
    reason = pooled["note"].astype("string").fillna("")
    notes = pooled["suppression_note"].astype("string").fillna("")
    why = notes.where(notes != "", reason).where(pooled["value"].isna(), "")
    rows = pooled.assign(suppression_note=why.astype(object))
    return _complete(rows.set_index("period"), name, "pooled", periods)


@dataclass(frozen=True)
class TrendView:
    """Everything the Trends page shows for one indicator and selection of areas."""

    series: pd.DataFrame
    counts: pd.DataFrame
    pooled_note: str
    pooled_shown: bool
    illustrative: bool


def trend_view(
    trend: pd.DataFrame,
    periods: Sequence[str],
    *,
    comparator_code: str,
    pooled: pd.DataFrame | None = None,
    pooled_name: str = "Pooled group",
    pooled_note: str = "",
    also: Sequence[str] = (),
) -> TrendView:
    """The series (areas, comparators, and the pooled group when given) and their counts.

    `pooled` is gmdash.whatif.groups.pool output for the group over the indicator's periods
    (the one way the dashboard pools: disclosure-controlled members, summed counts, the
    interval recomputed); None with `pooled_note` saying why when the group cannot be pooled.
    """
    series = series_frame(trend, periods, comparator_code, also)
    counts = trend[["area_name", "period", "count", "denominator"]]
    shown = False
    if pooled is not None:
        shown = True
        series = pd.concat([series, pooled_series(pooled, pooled_name, periods)], ignore_index=True)
        counts = pd.concat(
            [
                counts,
                pooled.assign(area_name=pooled_name)[
                    ["area_name", "period", "count", "denominator"]
                ],
            ],
            ignore_index=True,
        )
    return TrendView(series, counts, pooled_note, shown, bool(series["is_illustrative"].any()))


def not_published_for_gm(title: str, value_type: str) -> str:
    """Why Greater Manchester has no figure where the source publishes none for it."""
    why = (
        "age-standardised rates cannot be summed from the boroughs' rates (it needs their "
        "age-specific counts), and the source publishes none for GM"
        if value_type == "dsr"
        else "the source publishes figures for the boroughs, not for GM as a whole"
    )
    return f"{title}: not published for Greater Manchester — {why}."


def absent_comparator(name: str, title: str, value_type: str) -> str:
    """The notice for a comparator with no values on the chart, saying why where it is known."""
    if name == COMPARATORS[GREATER_MANCHESTER]:
        return not_published_for_gm(title, value_type) + " The chart shows the other areas."
    return f"{name} has no values for {title}; choose another comparator to see one on the chart."


def has_values(series: pd.DataFrame, role: str) -> bool:
    """Whether any series of this role ("area", "comparator", "pooled") has a value."""
    return bool(series.loc[series["role"] == role, "value"].notna().any())


def recent_trend_note(value_type: str, period_type: str) -> str:
    """What the recent-trend test used, in one or two sentences."""
    test = (
        "a chi-squared test for linear trend on the counts and denominators"
        if value_type == "proportion"
        else "weighted least squares on the values, weighted by their confidence intervals"
    )
    points = (
        "every third rolling 3-year period (5 non-overlapping periods, so no year is counted twice)"
        if period_type in POOLED_PERIOD_TYPES
        else "the last 5 consecutive "
        + ("calendar years" if period_type.startswith("calendar") else "financial years")
        + " with a value"
    )
    return (
        f"Fingertips method: {test}, over {points}. A trend is reported only when it is "
        "significant at the 99.8% level and keeps its direction when any one point is "
        "dropped."
    )


def value_status(series: pd.DataFrame) -> list[str]:
    """Each row's data status in words: published, generated, or blank where there is no value."""
    return [
        "" if pd.isna(v) else GENERATED if bool(flag) else PUBLISHED
        for v, flag in zip(series["value"], series["is_illustrative"], strict=True)
    ]


def table_view(series: pd.DataFrame) -> pd.DataFrame:
    """The series as a reader's table: one row per area and period, gaps included.

    "Data" says of each value whether it is published or generated by this project.
    """
    columns = {
        "series": "Area",
        "period": "Period",
        "value": "Value",
        "lci95": "95% CI lower",
        "uci95": "95% CI upper",
        "suppression_note": "suppression_note",
        "is_illustrative": "is_illustrative",
    }
    out = series[list(columns)].rename(columns=columns)
    out.insert(5, "Data", value_status(series))
    return out
