"""Line chart of an indicator over time: areas with 95% bands, the comparator dashed and named."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from gmdash.charts import (
    COMPARATOR_COLOUR,
    SERIES_COLOURS,
    ChartDataError,
    require_columns,
    subtitle,
)
from gmdash.narrative import format_value

REQUIRED = ("series", "role", "period", "value", "lci95", "uci95", "segment")


def trend_chart(
    series: pd.DataFrame,
    *,
    title: str,
    unit: str,
    periods: Sequence[str],
    comparator_name: str,
    illustrative: bool,
) -> alt.LayerChart:
    """Lines per series over `periods` (oldest first), 95% interval bands, gaps left as gaps.

    `series` is gmdash.trends.series_frame output (plus any pooled series): each unbroken run
    of values has its own `segment`, so a missing period breaks the line rather than joining
    across it. The comparator (role "comparator") is black, dashed, and labelled at its end.
    """
    require_columns(series, REQUIRED, "trend_chart")
    data = series.dropna(subset=["value"])
    if data.empty:
        raise ChartDataError("trend_chart: every value is missing")
    names = list(dict.fromkeys(series.loc[series["role"] != "comparator", "series"]))
    comparators = list(dict.fromkeys(series.loc[series["role"] == "comparator", "series"]))
    domain = names + comparators
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(names))]
    colour_range = colours + [COMPARATOR_COLOUR] * len(comparators)
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=colour_range),
        legend=alt.Legend(orient="bottom", labelLimit=260, symbolStrokeWidth=3),
    )
    dash = alt.StrokeDash(
        "role:N",
        legend=None,
        scale=alt.Scale(domain=["area", "pooled", "comparator"], range=[[1, 0], [2, 2], [7, 4]]),
    )
    x = alt.X(
        "period:O", sort=list(periods), title=None, axis=alt.Axis(labelAngle=-40, labelOverlap=True)
    )
    y_title = f"{title} ({unit})"
    base = alt.Chart(data)
    # The band fills by series without a legend of its own, so the legend shows solid lines.
    band = base.mark_area(opacity=0.15).encode(
        x=x,
        y=alt.Y("lci95:Q", title=y_title, scale=alt.Scale(zero=False)),
        y2="uci95:Q",
        fill=alt.Fill("series:N", scale=alt.Scale(domain=domain, range=colour_range), legend=None),
        detail="segment:N",
    )
    line = base.mark_line(strokeWidth=2.5).encode(
        x=x, y="value:Q", color=colour, strokeDash=dash, detail="segment:N"
    )
    dots = base.mark_point(filled=True, size=45).encode(
        x=x,
        y="value:Q",
        color=colour,
        tooltip=[
            alt.Tooltip("series:N", title="Area"),
            alt.Tooltip("period:O", title="Period"),
            alt.Tooltip("value:Q", title=unit, format=",.1f"),
            alt.Tooltip("lci95:Q", title="95% lower", format=",.1f"),
            alt.Tooltip("uci95:Q", title="95% upper", format=",.1f"),
        ],
    )
    layers: list[alt.Chart] = [band, line, dots]
    last = data[data["role"] == "comparator"].groupby("series").tail(1)
    if not last.empty:
        layers.append(
            alt.Chart(last)
            .mark_text(
                align="left",
                dx=6,
                fontWeight="bold",
                color=COMPARATOR_COLOUR,
            )
            .encode(x=x, y="value:Q", text="series:N")
        )
    lines = [
        f"Shaded bands: 95% confidence intervals. Dashed black line: {comparator_name}. "
        "Gaps mean no published value for that period."
    ]
    return alt.LayerChart(
        layer=layers,
        title=alt.TitleParams(title, subtitle=subtitle(lines, illustrative), anchor="start"),
        height=400,
        width="container",
        description=trend_alt_text(
            series,
            title=title,
            unit=unit,
            comparator_name=comparator_name,
            illustrative=illustrative,
        ),
    )


def trend_alt_text(
    series: pd.DataFrame, *, title: str, unit: str, comparator_name: str, illustrative: bool
) -> str:
    """One sentence per series: first and latest value, for a screen reader."""
    parts = []
    for name, group in series.dropna(subset=["value"]).groupby("series", sort=False):
        first, latest = group.iloc[0], group.iloc[-1]
        parts.append(
            f"{name} {format_value(first['value'], unit)} in {first['period']}, "
            f"{format_value(latest['value'], unit)} in {latest['period']}"
        )
    return (
        ("Illustrative data. " if illustrative else "")
        + f"Line chart of {title} over time against {comparator_name}: "
        + "; ".join(parts)
        + "."
    )
