"""The Fingertips spine chart: one borough on every indicator against the range of areas and England."""

from __future__ import annotations

import altair as alt
import pandas as pd

from gmdash.charts import (
    BENCHMARK_COLOURS,
    BENCHMARK_ORDER,
    TEXT,
    Chart,
    is_partly_generated,
    require_columns,
    status_fill,
    status_prefix,
    subtitle,
    with_status,
)

REQUIRED = (
    "row_label",
    "x_low",
    "x_high",
    "x_q_low",
    "x_q_high",
    "x_area",
    "x_gm",
    "benchmark",
    "short_title",
    "period",
    "range_label",
    "area_text",
    "england_text",
    "gm_text",
    "range_text",
    "centre_label",
    "polarity",
)
RANGE_COLOUR = "#D0D0D0"
MIDDLE_COLOUR = "#8C8C8C"
GM_NAME = "Greater Manchester"
ROW_STEP = 58
# Lines of a multi-line axis label run down from its anchor: anchoring the first line's bottom at
# the row's centre puts a two-line label across it.
MULTILINE_LABEL = "split(datum.label, '\\n')"
SIDE_LABELS = "datum.value < 0 ? '← worse' : datum.value > 0 ? 'better →' : 'England'"


def spine_chart(spine: pd.DataFrame, *, area_name: str, illustrative: bool) -> Chart:
    """Rows: indicators (gmdash.profile.spine_frame), each scaled so England is at 0 and better is
    to the right. Light bar: lowest to highest area; dark bar: 25th to 75th percentile; black line:
    England; circle: the borough, coloured by its benchmark; diamond (drawn on top): Greater
    Manchester.
    """
    require_columns(spine, REQUIRED, "spine_chart")
    marked = _marked(spine)
    data = marked[[*REQUIRED, "data_status"]].copy()
    order = data["row_label"].tolist()
    y = alt.Y(
        "row_label:N",
        sort=order,
        title=None,
        axis=alt.Axis(
            labelExpr=MULTILINE_LABEL,
            labelBaseline="bottom",
            labelFontSize=13,
            labelLimit=340,
            labelColor=TEXT,
            ticks=False,
            domain=False,
        ),
    )
    x_scale = alt.Scale(domain=[-1.1, 1.1], nice=False)
    tooltip = [
        alt.Tooltip("short_title:N", title="Indicator"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("area_text:N", title=area_name),
        alt.Tooltip("benchmark:N", title="Compared with England"),
        alt.Tooltip("england_text:N", title="England"),
        alt.Tooltip("gm_text:N", title=GM_NAME),
        alt.Tooltip("range_text:N", title="Range"),
        alt.Tooltip("centre_label:N", title="Centre line"),
    ]
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    full_range = base.mark_bar(size=24, color=RANGE_COLOUR).encode(
        x=alt.X(
            "x_low:Q",
            scale=x_scale,
            title=None,
            axis=alt.Axis(
                values=[-1, 0, 1],
                labelExpr=SIDE_LABELS,
                labelFontSize=14,
                labelColor=TEXT,
                grid=False,
                ticks=False,
                orient="top",
            ),
        ),
        x2="x_high:Q",
    )
    middle = base.mark_bar(size=24, color=MIDDLE_COLOUR).encode(
        x=alt.X("x_q_low:Q", title=None), x2="x_q_high:Q"
    )
    england = (
        alt.Chart(pd.DataFrame({"x": [0.0]}))
        .mark_rule(color=TEXT, strokeWidth=2.5)
        .encode(x=alt.X("x:Q", scale=x_scale, title=None))
    )
    gm = (
        base.transform_calculate(marker=f"'{GM_NAME}'")
        .mark_point(filled=True, size=190, color=TEXT, stroke="#FFFFFF", strokeWidth=1, opacity=1)
        .encode(
            x=alt.X("x_gm:Q", title=None),
            shape=alt.Shape(
                "marker:N",
                scale=alt.Scale(domain=[GM_NAME], range=["diamond"]),
                legend=alt.Legend(
                    title=None, orient="bottom", labelFontSize=14, labelColor=TEXT, symbolSize=200
                ),
            ),
        )
    )
    borough = base.mark_circle(size=330, stroke=TEXT, strokeWidth=1.5, opacity=1).encode(
        **status_fill(marked),
        x=alt.X("x_area:Q", title=None),
        color=alt.Color(
            "benchmark:N",
            scale=alt.Scale(domain=BENCHMARK_ORDER, range=list(BENCHMARK_COLOURS.values())),
            legend=alt.Legend(
                title=f"{area_name} compared with England",
                orient="bottom",
                titleFontSize=14,
                labelFontSize=14,
                titleColor=TEXT,
                labelColor=TEXT,
                symbolStrokeColor=TEXT,
                titleLimit=500,
                columns=6,
            ),
        ),
    )
    lines = [
        "Each row is scaled so England (black line) is at the centre and better is to the right.",
        "Light bar: lowest to highest area; dark bar: the middle half (25th to 75th percentile); "
        f"diamond: {GM_NAME}; circle: {area_name}.",
    ]
    if (data["polarity"] == "no_judgement").any():
        lines.append("Where neither higher nor lower is better, higher is to the right.")
    return alt.LayerChart(
        layer=[full_range, middle, england, borough, gm],
        title=alt.TitleParams(
            f"{area_name} compared with England and other areas",
            subtitle=subtitle(lines, illustrative, is_partly_generated(marked)),
            anchor="start",
            fontSize=18,
            subtitleFontSize=13,
        ),
        width="container",
        height=alt.Step(ROW_STEP),
        description=spine_alt_text(spine, area_name=area_name, illustrative=illustrative),
    )


def _marked(spine: pd.DataFrame) -> pd.DataFrame:
    """Spine rows with is_illustrative (the profile calls it indicator_illustrative)."""
    if "indicator_illustrative" in spine.columns and "is_illustrative" not in spine.columns:
        spine = spine.assign(is_illustrative=spine["indicator_illustrative"])
    return with_status(spine)


def spine_alt_text(spine: pd.DataFrame, *, area_name: str, illustrative: bool) -> str:
    """The spine chart in words: how many indicators fall in each benchmark group, and which."""
    groups = spine.groupby("benchmark", sort=False)["short_title"].agg(list)
    parts = [f"{name} on {len(titles)} ({', '.join(titles)})" for name, titles in groups.items()]
    return (
        status_prefix(_marked(spine), illustrative)
        + f"Spine chart of {len(spine)} indicators for {area_name}, each against England "
        f"and the range of areas: {'; '.join(parts)}."
    )
