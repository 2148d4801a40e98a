"""The tartan rug: every GM borough against a comparator on every indicator, and what needs attention.

Also the two pieces the borough profile shares: benchmarking with the two-level rule only where the
99.8% limits are published, and the recent trend of every borough series.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gmcore import stats
from gmcore.schema import GREATER_MANCHESTER
from gmdash import narrative
from gmdash.analysis import add_benchmarks_each, comparator_value, num, text
from gmdash.provenance import status_of
from gmdash.trends import trend_periods

TREND_POINTS = 5
ANNUAL_PERIOD_TYPES = ("financial_year", "calendar_year")
NOT_CALCULATED = "could not be calculated"
COUNT_REASON = "not compared: counts depend on the size of the population"
NO_COMPARATOR_REASON = "not compared: no comparator value"
METHOD = (
    "Benchmarks follow Fingertips: two levels (95% and 99.8% confidence intervals) where the "
    "source publishes 99.8% limits, one level (95%) otherwise; counts are not compared. Recent "
    "trend: the last 5 consecutive annual points, chi-squared test for trend (proportions) or "
    "weighted regression (other values), significant at 99.8% and robust to dropping any one "
    "point."
)
TREND_COLUMNS = ("trend_direction", "trend", "trend_reason", "trend_from", "trend_to")

LATEST_COLUMNS = (
    "indicator_id",
    "area_code",
    "area_name",
    "area_type",
    "period",
    "value",
    "lci95",
    "uci95",
)
CATALOGUE_COLUMNS = (
    "indicator_id",
    "short_title",
    "unit",
    "value_type",
    "polarity",
    "is_illustrative",
)
SERIES_COLUMNS = (
    "indicator_id",
    "area_code",
    "period",
    "period_start",
    "period_type",
    "count",
    "denominator",
    "value",
    "lci95",
    "uci95",
)

# The second line of a not-compared cell: short enough for a projector, the full reason is in the
# tooltip and the table.
_CELL_REASONS = {
    NO_COMPARATOR_REASON: "not compared:\nno comparator value",
    COUNT_REASON: "not compared:\na count",
    "not compared: no confidence interval": "not compared:\nno interval",
}


def require(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Fail with the missing column names rather than a KeyError deep inside a page."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{what}: no column(s) {missing}; has {list(frame.columns)}")


def with_suppression(frame: pd.DataFrame) -> pd.DataFrame:
    """`suppressed` (bool) and `suppression_note` (str) on every row, whatever the input had."""
    suppressed = frame["suppressed"] if "suppressed" in frame.columns else False
    notes = frame["suppression_note"] if "suppression_note" in frame.columns else ""
    return frame.assign(
        suppressed=pd.Series(suppressed, index=frame.index).fillna(False).astype(bool),
        suppression_note=pd.Series(notes, index=frame.index).fillna("").astype(str),
    )


def benchmark_rows(
    frame: pd.DataFrame, comparator: float | None, polarity: str, value_type: str
) -> pd.DataFrame:
    """Benchmark each row: two levels where its 99.8% limits are published, one level (95%) if not.

    Counts are never compared: a borough's count against England's only says England is bigger.
    """
    count = len(frame)
    return benchmark_rows_each(
        frame, [comparator] * count, [polarity] * count, [value_type] * count
    )


def benchmark_rows_each(
    frame: pd.DataFrame,
    comparators: Sequence[float | None],
    polarities: Sequence[str],
    value_types: Sequence[str],
) -> pd.DataFrame:
    """benchmark_rows with a comparator, polarity and value type for each row (in row order):
    rows of several indicators judged in one pass."""
    two = add_benchmarks_each(frame, comparators, polarities)
    shown = (pd.Series(list(value_types), index=frame.index) == "count") & frame["value"].notna()
    two.loc[shown, "benchmark"] = "not compared"
    two.loc[shown, "benchmark_level"] = ""
    two.loc[shown, "benchmark_reason"] = COUNT_REASON
    return two


@dataclass(frozen=True)
class RecentTrend:
    """A recent-trend result with the span of periods it covers (None when not calculated)."""

    direction: str
    assessment: str
    reason: str
    first_period: str | None = None
    last_period: str | None = None


def series_trend(
    series: pd.DataFrame, value_type: str, polarity: str, latest_period: str | None = None
) -> RecentTrend:
    """stats.recent_trend on one area's series, on the points gmdash.trends.trend_periods picks.

    The points end at `latest_period` when given, so the trend describes the period the value
    is shown for; 3-year rolling series use every third period, so no two points overlap.
    """

    def fail(why: str) -> RecentTrend:
        return RecentTrend(NOT_CALCULATED, NOT_CALCULATED, f"{NOT_CALCULATED}: {why}")

    rows = series.sort_values("period_start")
    if rows.empty:
        return fail("no values")
    # The same rule as the Trends page (gmdash.trends.trend_periods), so the two always agree.
    used, why = trend_periods(
        rows["period"].astype(str).tolist(),
        rows.loc[rows["value"].notna(), "period"].astype(str).tolist(),
        str(rows["period_type"].iloc[-1]),
        n=TREND_POINTS,
        end=latest_period,
    )
    if why:
        return fail(why)
    last = rows.set_index("period").loc[used].reset_index()
    try:
        result = stats.recent_trend(
            last["count"],
            last["denominator"],
            last["value"],
            last["lci95"],
            last["uci95"],
            value_type,
            polarity,
        )
    except ValueError as exc:
        return fail(str(exc))
    if result.direction == NOT_CALCULATED:
        return RecentTrend(result.direction, result.assessment, result.reason)
    return RecentTrend(
        result.direction,
        result.assessment,
        result.reason,
        str(last["period"].iloc[0]),
        str(last["period"].iloc[-1]),
    )


def recent_trends(series: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """The recent trend of every indicator x area series, ending at the indicator's latest period.

    One row per indicator x area_code, with TREND_COLUMNS.
    """
    require(series, SERIES_COLUMNS, "recent_trends series")
    require(catalogue, CATALOGUE_COLUMNS, "recent_trends catalogue")
    meta = catalogue.set_index("indicator_id")
    rows = []
    for indicator_id, one in series.groupby("indicator_id", sort=False):
        if indicator_id not in meta.index:
            raise ValueError(f"recent_trends: indicator {indicator_id!r} is not in the catalogue")
        latest = str(one.loc[one["period_start"] == one["period_start"].max(), "period"].iloc[0])
        value_type = str(meta.at[indicator_id, "value_type"])
        polarity = str(meta.at[indicator_id, "polarity"])
        for area_code, area_series in one.groupby("area_code", sort=False):
            trend = series_trend(area_series, value_type, polarity, latest)
            rows.append(
                (
                    indicator_id,
                    area_code,
                    trend.direction,
                    trend.assessment,
                    trend.reason,
                    trend.first_period,
                    trend.last_period,
                )
            )
    return pd.DataFrame(rows, columns=["indicator_id", "area_code", *TREND_COLUMNS])


def column_label(short_title: str, unit: str, period: str, illustrative: bool) -> str:
    """A rug column heading over several lines: the title wrapped, the unit, the period."""
    # Narrow enough for eleven columns in a laptop's main pane; hyphens are break points.
    lines = [*textwrap.wrap(short_title, width=12, break_long_words=False), unit, period]
    if illustrative:
        lines.append("illustrative")
    return "\n".join(lines)


def cell_value(value: float | None, unit: str) -> str:
    """The number in a rug cell; the unit is in the column heading, except the % sign."""
    if narrative.missing(value):
        return "no value"
    number = narrative.format_number(value, unit)
    return f"{number}%" if unit == "%" else number


def comparison_text(benchmark: str, level: str, reason: str, comparator: str) -> str:
    """ "worse than England (99.8% level)", "similar to England", or the not-compared reason."""
    if benchmark == "not compared":
        return reason
    if benchmark == "similar":
        return f"similar to {comparator}"
    strength = f" ({level} level)" if level else ""
    return f"{benchmark} than {comparator}{strength}"


def _cell_status(cell: Any) -> str:
    """A cell's second line: why it is not compared (the header cell: that there is no value)."""
    reason = cell.benchmark_reason
    if cell.is_comparator:
        return _CELL_REASONS[reason] if reason == NO_COMPARATOR_REASON else ""
    if cell.benchmark != "not compared" or cell.suppressed or narrative.missing(cell.value):
        return ""
    return _CELL_REASONS.get(reason, "not compared")


def _indicator_rows(
    rows: pd.DataFrame, meta: pd.Series, comparator_code: str, comparator_name: str
) -> pd.DataFrame:
    comp = comparator_value(rows, comparator_code)
    boroughs = benchmark_rows(
        rows[rows["area_type"] == "local_authority"],
        comp,
        str(meta["polarity"]),
        str(meta["value_type"]),
    )
    boroughs = boroughs.sort_values("area_name").assign(is_comparator=False)
    header = rows[rows["area_code"] == comparator_code].head(1)
    if header.empty:
        header = pd.DataFrame({"area_code": [comparator_code], "value": [np.nan]})
    header = header.assign(
        area_name=comparator_name,
        is_comparator=True,
        benchmark="comparator",
        benchmark_level="",
        benchmark_reason="" if comp is not None else NO_COMPARATOR_REASON,
    )
    out = pd.concat([header, boroughs], ignore_index=True)
    out["comparator_value"] = np.nan if comp is None else comp
    return out


def rug_frame(
    latest: pd.DataFrame,
    catalogue: pd.DataFrame,
    trends: pd.DataFrame,
    *,
    comparator_code: str,
    comparator_name: str,
) -> pd.DataFrame:
    """The rug's cells: per indicator (catalogue order), a comparator header row, then each borough.

    `latest` is latest_values_gm; `trends` is recent_trends (joined onto borough rows). Columns
    add to the inputs': is_comparator, comparator_value, the benchmark columns, row_label,
    column_label, cell_text (the value, "suppressed" or "no value"), cell_status (the
    not-compared line), comparison, ci_text and the trend columns.
    """
    require(latest, LATEST_COLUMNS, "rug_frame latest values")
    require(catalogue, CATALOGUE_COLUMNS, "rug_frame catalogue")
    meta = catalogue.drop_duplicates("indicator_id").set_index("indicator_id")
    unknown = sorted(set(latest["indicator_id"]) - set(meta.index))
    if unknown:
        raise ValueError(f"rug_frame: indicators {unknown} are not in the catalogue")
    present = set(latest["indicator_id"])
    pieces = []
    for indicator_id in (i for i in meta.index if i in present):
        rows = latest[latest["indicator_id"] == indicator_id]
        m = meta.loc[indicator_id]
        piece = _indicator_rows(rows, m, comparator_code, comparator_name)
        period = str(rows["period"].iloc[0])
        # Per value: the indicator is labelled here only if the cells shown hold generated values.
        illustrative = status_of(rows).has_generated
        piece = piece.assign(
            indicator_id=indicator_id,
            period=period,
            short_title=str(m["short_title"]),
            unit=str(m["unit"]),
            value_type=str(m["value_type"]),
            polarity=str(m["polarity"]),
            indicator_illustrative=illustrative,
            column_label=column_label(str(m["short_title"]), str(m["unit"]), period, illustrative),
        )
        pieces.append(piece)
    if not pieces:
        raise ValueError("rug_frame: no indicator has GM borough values")
    rug = with_suppression(pd.concat(pieces, ignore_index=True))
    rug["row_label"] = np.where(
        rug["is_comparator"], f"{comparator_name} (comparator)", rug["area_name"]
    )
    rug["cell_text"] = [
        "suppressed" if s else cell_value(v, u)
        for s, v, u in zip(rug["suppressed"], rug["value"], rug["unit"], strict=True)
    ]
    rug["cell_status"] = [_cell_status(r) for r in rug.itertuples(index=False)]
    # GM's own row, where the sources publish no GM figure, says so rather than "no value".
    absent_gm = (
        rug["is_comparator"]
        & (rug["area_code"] == GREATER_MANCHESTER)
        & rug["value"].map(narrative.missing)
    )
    rug.loc[absent_gm, "cell_text"] = narrative.NOT_PUBLISHED_FOR_GM
    rug.loc[absent_gm, "cell_status"] = ""
    rug["comparison"] = [
        "comparator" if c else comparison_text(b, lv, r, comparator_name)
        for c, b, lv, r in zip(
            rug["is_comparator"],
            rug["benchmark"],
            rug["benchmark_level"],
            rug["benchmark_reason"],
            strict=True,
        )
    ]
    rug["ci_text"] = [
        narrative.format_interval(lo, hi, u) or "not published"
        for lo, hi, u in zip(rug["lci95"], rug["uci95"], rug["unit"], strict=True)
    ]
    require(trends, ("indicator_id", "area_code", *TREND_COLUMNS), "rug_frame trends")
    # Trends are of borough series only, so the header rows get none.
    return rug.merge(
        trends[["indicator_id", "area_code", *TREND_COLUMNS]],
        on=["indicator_id", "area_code"],
        how="left",
    )


def needs_attention(rug: pd.DataFrame) -> pd.DataFrame:
    """Borough cells significantly worse than the comparator and getting significantly worse."""
    flagged = (
        (~rug["is_comparator"]) & (rug["benchmark"] == "worse") & (rug["trend"] == "getting worse")
    )
    return rug[flagged]


def attention_sentences(rug: pd.DataFrame, comparator_name: str) -> list[str]:
    """The needs-attention list as plain sentences, worst level first, then by borough."""
    rows = needs_attention(rug).sort_values(
        ["benchmark_level", "area_name", "short_title"], ascending=[False, True, True]
    )
    return [
        narrative.needs_attention_sentence(
            area=str(r.area_name),
            indicator=str(r.short_title),
            period=str(r.period),
            unit=str(r.unit),
            value=num(r.value),
            comparator=comparator_name,
            comparator_value=num(r.comparator_value),
            level=str(r.benchmark_level) or None,
            first_period=text(r.trend_from),
            last_period=text(r.trend_to),
            illustrative=bool(r.indicator_illustrative),
        )
        for r in rows.itertuples(index=False)
    ]


def trend_coverage(rug: pd.DataFrame) -> str:
    """How many borough cells had a trend to test, and why the others did not, in one sentence."""
    boroughs = rug[~rug["is_comparator"]]
    failed = boroughs[boroughs["trend_direction"].fillna(NOT_CALCULATED) == NOT_CALCULATED]
    tested = len(boroughs) - len(failed)
    text = f"A recent trend could be tested for {tested} of {len(boroughs)} borough figures."
    if failed.empty:
        return text
    reasons = (
        failed["trend_reason"]
        .fillna(f"{NOT_CALCULATED}: no series")
        .str.removeprefix(f"{NOT_CALCULATED}: ")
    )
    counts = (
        failed.assign(reason=reasons)
        .groupby("reason")["short_title"]
        .agg(lambda titles: ", ".join(dict.fromkeys(titles)))
    )
    parts = [f"{titles} ({reason})" for reason, titles in counts.items()]
    return text + " Not for: " + "; ".join(parts) + "."


def rug_table(rug: pd.DataFrame, comparator_name: str) -> pd.DataFrame:
    """The rug as a table a reader can sort and download: one row per cell, plain headings."""
    return pd.DataFrame(
        {
            "Indicator": rug["short_title"],
            "Period": rug["period"],
            "Unit": rug["unit"],
            "Area": rug["area_name"],
            "Row": np.where(rug["is_comparator"], "comparator", "borough"),
            "Value": rug["value"],
            "95% CI lower": rug["lci95"],
            "95% CI upper": rug["uci95"],
            "99.8% CI lower": rug.get("lci998"),
            "99.8% CI upper": rug.get("uci998"),
            f"{comparator_name} value": rug["comparator_value"],
            f"Compared with {comparator_name}": rug["comparison"],
            "Recent trend": [
                narrative.trend_label(d, a, r) if isinstance(d, str) else ""
                for d, a, r in zip(
                    rug["trend_direction"], rug["trend"], rug["trend_reason"], strict=True
                )
            ],
            "suppression_note": rug["suppression_note"],
            "is_illustrative": rug["is_illustrative"].fillna(False).astype(bool)
            if "is_illustrative" in rug.columns
            else rug["indicator_illustrative"],
        }
    )


def how_to_read(comparator_name: str) -> str:
    """The short explanation shown beside the rug (markdown)."""
    return (
        f"Each column is one indicator in its latest period with borough figures; each row is a "
        f"borough, under a header row giving {comparator_name}'s value. A cell's colour says how "
        f"the borough compares with {comparator_name}: **better** or **worse** when "
        f"{comparator_name}'s value lies outside the borough's 95% confidence interval (two "
        "levels, 95% and 99.8%, where the source publishes 99.8% limits), **similar** when it "
        "lies inside, so the difference could be chance. Where neither high nor low is better, "
        "cells say **higher** or **lower** instead. Grey cells are **not compared**, and say "
        "why: counts, which depend on population size, are never compared. A colour says "
        "nothing about how big the difference is: hover over a cell for the value, its "
        "confidence interval and the comparison, or open the table view."
    )
