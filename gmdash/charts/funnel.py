"""Funnel plot of a proportion across boroughs: 95% and 99.8% limits around a centre line."""

from __future__ import annotations

import altair as alt
import pandas as pd

from gmdash.charts import (
    COMPARATOR_COLOUR,
    TEXT,
    is_partly_generated,
    require_columns,
    status_fill,
    status_prefix,
    subtitle,
    with_status,
)
from gmdash.compare import FUNNEL_CATEGORIES
from gmdash.narrative import format_value

POINT_COLUMNS = ("area_name", "denominator", "value", "funnel_flag")
LIMIT_COLUMNS = ("denominator", "limit", "side", "value")
# Blue for high, orange for low (no judgement: a funnel says "unusual", not good or bad); the
# darker shade marks the 99.8% limit, and every point also carries its name and a word.
FUNNEL_COLOURS = ("#0072B2", "#56B4E9", "#BDBDBD", "#E69F00", "#D55E00")


def funnel_chart(
    points: pd.DataFrame,
    limits: pd.DataFrame,
    *,
    title: str,
    denominator_label: str,
    centre: float,
    centre_label: str,
    period: str,
    illustrative: bool,
) -> alt.LayerChart:
    """Boroughs as labelled points (value in % against denominator) inside the funnel limits.

    `points` come from gmdash.compare.funnel_data; `limits` is its long-form limit frame. The
    centre line is named on the chart (e.g. "Pooled GM boroughs 47.1%" or "England 6.0%").
    """
    require_columns(points, POINT_COLUMNS, "funnel_chart points")
    require_columns(limits, LIMIT_COLUMNS, "funnel_chart limits")
    x = alt.X("denominator:Q", title=denominator_label, scale=alt.Scale(zero=False, nice=True))
    y_title = f"{title} (%)"
    lines = (
        alt.Chart(limits)
        .mark_line(color="#5F5F5F", strokeWidth=1.5)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=False)),
            detail="side:N",
            strokeDash=alt.StrokeDash(
                "limit:N",
                title="Control limits",
                scale=alt.Scale(domain=["95% limits", "99.8% limits"], range=[[6, 3], [1, 0]]),
                legend=alt.Legend(orient="bottom"),
            ),
        )
    )
    centre_frame = pd.DataFrame(
        {"value": [centre], "label": [f"{centre_label} {format_value(centre, '%')}"]}
    )
    centre_rule = (
        alt.Chart(centre_frame)
        .mark_rule(color=COMPARATOR_COLOUR, strokeWidth=2)
        .encode(y="value:Q")
    )
    centre_text = (
        alt.Chart(centre_frame)
        .mark_text(
            align="right",
            baseline="bottom",
            dy=-4,
            fontWeight="bold",
            color=COMPARATOR_COLOUR,
            x="width",
        )
        .encode(y="value:Q", text="label:N")
    )
    marked = with_status(points)
    dots = (
        alt.Chart(marked)
        .mark_point(filled=True, size=120, stroke=TEXT, strokeWidth=1.5, opacity=1)
        .encode(
            x=x,
            y="value:Q",
            color=alt.Color(
                "funnel_flag:N",
                title="Against the funnel",
                scale=alt.Scale(domain=list(FUNNEL_CATEGORIES), range=list(FUNNEL_COLOURS)),
                legend=alt.Legend(orient="bottom", columns=3, labelLimit=220),
            ),
            tooltip=[
                alt.Tooltip("area_name:N", title="Borough"),
                alt.Tooltip("value:Q", title="%", format=".1f"),
                alt.Tooltip("count:Q", title="Count", format=",.0f"),
                alt.Tooltip("denominator:Q", title=denominator_label, format=",.0f"),
                alt.Tooltip("funnel_flag:N", title="Against the funnel"),
                alt.Tooltip("data_status:N", title="Value"),
            ],
            **status_fill(marked),
        )
    )
    labels = (
        alt.Chart(points)
        .mark_text(align="left", dx=8, dy=-2, fontSize=12, color=TEXT)
        .encode(x=x, y="value:Q", text="area_name:N")
    )
    notes = [
        f"{period}. Centre line: {centre_label} ({format_value(centre, '%')}). Dashed lines: "
        "95% limits; solid grey lines: 99.8% limits.",
        "A borough outside a pair of lines differs from the centre by more than chance "
        "would usually explain.",
    ]
    return alt.LayerChart(
        layer=[lines, centre_rule, centre_text, dots, labels],
        title=alt.TitleParams(
            f"{title}: funnel plot",
            subtitle=subtitle(notes, illustrative, is_partly_generated(points)),
            anchor="start",
        ),
        height=420,
        width="container",
        description=funnel_alt_text(
            points,
            title=title,
            centre=centre,
            centre_label=centre_label,
            period=period,
            illustrative=illustrative,
        ),
    )


def funnel_alt_text(
    points: pd.DataFrame,
    *,
    title: str,
    centre: float,
    centre_label: str,
    period: str,
    illustrative: bool,
) -> str:
    """A sentence or two naming the boroughs outside the funnel limits."""
    outside = points[points["funnel_flag"] != "within the limits"]
    named = "; ".join(f"{r.area_name} {r.funnel_flag}" for r in outside.itertuples())
    return (
        status_prefix(points, illustrative)
        + f"Funnel plot of {title} for {len(points)} boroughs, {period}, around "
        f"{centre_label} ({format_value(centre, '%')}). "
        + (f"Outside the limits: {named}." if named else "All boroughs are within the 95% limits.")
    )
