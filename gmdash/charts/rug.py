"""The tartan rug: a heatmap of boroughs x indicators, each cell its value coloured by benchmark."""

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
    text_on_fill,
    with_status,
)

REQUIRED = (
    "row_label",
    "column_label",
    "is_comparator",
    "benchmark",
    "cell_text",
    "cell_status",
    "short_title",
    "period",
    "unit",
    "area_name",
    "comparison",
    "ci_text",
    "suppression_note",
)
ROW_STEP = 62
HEADING_LINE = 13


def legend_title(comparator_name: str) -> str:
    return f"Compared with {comparator_name} (95% / 99.8% where published)"


def rug_chart(rug: pd.DataFrame, *, comparator_name: str, illustrative: bool) -> Chart:
    """Rows: the comparator's header row, then the boroughs; columns: indicators, in rug order.

    `rug` is gmdash.overview.rug_frame. Borough cells are coloured by `benchmark`; the header row
    is white with its values in bold. Every cell shows its value (or "suppressed"/"no value") and,
    when not compared, why; the tooltip adds the interval, the comparison and any suppression.
    """
    require_columns(rug, REQUIRED, "rug_chart")
    kept = [*REQUIRED, *(["is_illustrative"] if "is_illustrative" in rug.columns else [])]
    data = with_status(rug[kept])
    n_lines = int(data["column_label"].str.count("\n").max()) + 1
    # Headings are text above the grid, padded with blank lines at the top to one height: the
    # lines of a multi-line label or text mark always run downwards from its anchor.
    data["heading"] = [
        "\n" * (n_lines - 1 - label.count("\n")) + label for label in data["column_label"]
    ]
    base = alt.Chart(data).encode(x=_columns(data), y=_rows(data))
    tooltip = _tooltip(comparator_name)
    lines = [
        "Each indicator's latest period with borough figures is under its name. "
        f"Top row: {comparator_name}'s value; cells: each borough's, coloured by how it "
        f"compares with {comparator_name}.",
    ]
    chart: Chart = (
        alt.layer(
            _cells(base, data, tooltip, comparator_name),
            base.transform_filter("datum.is_comparator")
            .mark_rect(fill="#FFFFFF", stroke=TEXT, strokeWidth=1.5)
            .encode(tooltip=tooltip),
            base.transform_filter("datum.is_comparator")
            .mark_text(
                fontSize=11, color=TEXT, baseline="top", lineBreak="\n", lineHeight=HEADING_LINE
            )
            .encode(text="heading:N", y=alt.value(-(n_lines * HEADING_LINE + 6))),
            *_cell_texts(base, tooltip),
        )
        .properties(
            title=alt.TitleParams(
                f"GM boroughs compared with {comparator_name}",
                subtitle=subtitle(lines, illustrative, is_partly_generated(data)),
                anchor="start",
                fontSize=18,
                subtitleFontSize=13,
            ),
            width="container",
            height=alt.Step(ROW_STEP),
            description=rug_alt_text(
                rug, comparator_name=comparator_name, illustrative=illustrative
            ),
        )
        .configure_view(stroke=None)
    )
    return chart


def _columns(data: pd.DataFrame) -> alt.X:
    return alt.X(
        "column_label:N", sort=list(dict.fromkeys(data["column_label"])), title=None, axis=None
    )


def _rows(data: pd.DataFrame) -> alt.Y:
    """The comparator's row first, then the boroughs alphabetically."""
    rows = pd.concat(
        [
            data.loc[data["is_comparator"], "row_label"],
            data.loc[~data["is_comparator"], "row_label"].sort_values(),
        ]
    )
    return alt.Y(
        "row_label:N",
        sort=list(dict.fromkeys(rows)),
        title=None,
        axis=alt.Axis(
            labelFontSize=15,
            labelLimit=280,
            labelColor=TEXT,
            domain=False,
            ticks=False,
            labelPadding=8,
        ),
    )


def _tooltip(comparator_name: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("area_name:N", title="Area"),
        alt.Tooltip("short_title:N", title="Indicator"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("cell_text:N", title="Value"),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("ci_text:N", title="95% confidence interval"),
        alt.Tooltip("comparison:N", title=f"Compared with {comparator_name}"),
        alt.Tooltip("suppression_note:N", title="Suppression"),
        alt.Tooltip("data_status:N", title="Data"),
    ]


def _cells(
    base: alt.Chart, data: pd.DataFrame, tooltip: list[alt.Tooltip], comparator_name: str
) -> alt.Chart:
    """The borough cells, filled by benchmark; generated values hollow."""
    cells: alt.Chart = (
        base.transform_filter("!datum.is_comparator")
        .mark_rect(stroke="#FFFFFF", strokeWidth=2)
        .encode(
            color=alt.Color(
                "benchmark:N",
                scale=alt.Scale(domain=BENCHMARK_ORDER, range=list(BENCHMARK_COLOURS.values())),
                legend=alt.Legend(
                    title=legend_title(comparator_name),
                    orient="bottom",
                    titleFontSize=14,
                    labelFontSize=14,
                    symbolSize=260,
                    titleColor=TEXT,
                    labelColor=TEXT,
                    symbolStrokeColor=TEXT,
                    titleLimit=640,
                    columns=6,
                ),
            ),
            tooltip=tooltip,
            **status_fill(data[~data["is_comparator"]]),
        )
    )
    return cells


def _cell_texts(base: alt.Chart, tooltip: list[alt.Tooltip]) -> list[alt.Chart]:
    """Each cell's value, and below it the not-compared line where there is one."""
    weight = alt.ExprRef("datum.is_comparator ? 'bold' : 'normal'")
    plain = (
        base.transform_filter("datum.cell_status == ''")
        .mark_text(fontSize=15, color=text_on_fill(), baseline="middle", fontWeight=weight)
        .encode(text="cell_text:N", tooltip=tooltip)
    )
    upper = (
        base.transform_filter("datum.cell_status != ''")
        .mark_text(fontSize=15, color=text_on_fill(), baseline="bottom", dy=-3, fontWeight=weight)
        .encode(text="cell_text:N", tooltip=tooltip)
    )
    status = (
        base.transform_filter("datum.cell_status != ''")
        .mark_text(
            fontSize=10, color=text_on_fill(), baseline="top", dy=1, lineBreak="\n", lineHeight=12
        )
        .encode(text="cell_status:N", tooltip=tooltip)
    )
    return [plain, upper, status]


def rug_alt_text(rug: pd.DataFrame, *, comparator_name: str, illustrative: bool) -> str:
    """What the rug shows, for a screen reader: its size and how many cells fall in each group."""
    boroughs = rug[~rug["is_comparator"]]
    n_indicators = rug["column_label"].nunique()
    counts = boroughs["benchmark"].value_counts()
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    worse = boroughs[boroughs["benchmark"] == "worse"]
    text = (
        status_prefix(rug, illustrative)
        + f"Grid of {n_indicators} indicators for {boroughs['area_name'].nunique()} GM "
        f"boroughs, each compared with {comparator_name}: {summary}."
    )
    if not worse.empty:
        pairs = "; ".join(
            f"{a} on {t}" for a, t in zip(worse["area_name"], worse["short_title"], strict=True)
        )
        text += f" Worse than {comparator_name}: {pairs}."
    return text
