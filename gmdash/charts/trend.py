"""Line chart of an indicator over time: areas against comparators, told apart on a projector.

Up to four areas share one chart, each in its own colour and named in the legend; more become
small multiples, one panel per area, each against the same comparators. Comparators never take
an area's colour or dash: England is black with long dashes, Greater Manchester grey with short
dashes, the North West grey dash-dot. Published values are solid points, generated
(illustrative) values hollow, and the legend says which is which. Every period of the run is on
the axis, so a year without a value is a visible gap, and a series that stops early says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from gmcore.schema import COMPARATORS, ENGLAND, GREATER_MANCHESTER, NORTH_WEST
from gmdash.charts import (
    COMPARATOR_COLOUR,
    GENERATED,
    GM_COLOUR,
    PUBLISHED,
    TEXT,
    Chart,
    ChartDataError,
    is_partly_generated,
    require_columns,
    status_prefix,
    subtitle,
)
from gmdash.narrative import format_value
from gmdash.trends import early_ends, ends_sentence, value_status

REQUIRED = ("series", "role", "period", "value", "lci95", "uci95", "segment", "is_illustrative")
#: More areas than this are drawn as small multiples, one panel per area.
MAX_SHARED = 4
# Areas take these Okabe-Ito colours in order; black, grey and yellow are left out, so no area
# can look like a comparator, and none is near-invisible on white.
AREA_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")
POOLED_COLOUR = "#D55E00"
SOLID: list[float] = [1, 0]
POOLED_DASH: list[float] = [6, 2]
#: Comparator name -> (colour, dash, words for the subtitle).
COMPARATOR_STYLES: dict[str, tuple[str, list[float], str]] = {
    COMPARATORS[ENGLAND]: (COMPARATOR_COLOUR, [8, 4], "black, long dashes"),
    COMPARATORS[GREATER_MANCHESTER]: (GM_COLOUR, [2, 3], "grey, short dashes"),
    COMPARATORS[NORTH_WEST]: (GM_COLOUR, [8, 3, 2, 3], "grey, dash-dot"),
}
OTHER_COMPARATOR: tuple[str, list[float], str] = (COMPARATOR_COLOUR, [4, 4], "black, dashes")
#: What one panel of the small multiples calls its own area in the legend.
PANEL_AREA = "The area named above each panel"
PANEL_WIDTH, PANEL_HEIGHT, PANEL_COLUMNS = 250, 150, 4


def _styles(series: pd.DataFrame, panels: bool) -> tuple[list[str], list[str], list[list[float]]]:
    """The legend's entries in order, with each one's colour and dash."""
    areas = list(dict.fromkeys(series.loc[series["role"] == "area", "series"]))
    pooled = list(dict.fromkeys(series.loc[series["role"] == "pooled", "series"]))
    comparators = list(dict.fromkeys(series.loc[series["role"] == "comparator", "series"]))
    domain: list[str] = []
    colours: list[str] = []
    dashes: list[list[float]] = []
    if panels:
        if areas:
            domain, colours, dashes = [PANEL_AREA], [AREA_COLOURS[0]], [SOLID]
    else:
        domain = list(areas)
        colours = [AREA_COLOURS[i % len(AREA_COLOURS)] for i in range(len(areas))]
        dashes = [SOLID] * len(areas)
    domain += pooled
    colours += [POOLED_COLOUR] * len(pooled)
    dashes += [POOLED_DASH] * len(pooled)
    for name in comparators:
        colour, dash, _ = COMPARATOR_STYLES.get(name, OTHER_COMPARATOR)
        domain.append(name)
        colours.append(colour)
        dashes.append(dash)
    return domain, colours, dashes


def _panel_frame(series: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Each area (and pooled group) in its own panel, with every comparator repeated in each."""
    own = series[series["role"] != "comparator"]
    panels = list(dict.fromkeys(own["series"]))
    comparators = series[series["role"] == "comparator"]
    pieces = []
    for panel in panels:
        mine = own[own["series"] == panel]
        style = PANEL_AREA if (mine["role"] == "area").all() else panel
        pieces.append(mine.assign(panel=panel, style=style))
        # A comparator's line pieces are named per panel, so no piece spans two panels.
        segments = pd.Series(
            [None if pd.isna(s) else f"{panel}|{s}" for s in comparators["segment"]],
            index=comparators.index,
            dtype="object",
        )
        pieces.append(
            comparators.assign(panel=panel, style=comparators["series"], segment=segments)
        )
    return pd.concat(pieces, ignore_index=True), panels


def _end_marks(series: pd.DataFrame, panels: bool) -> pd.DataFrame:
    """One "ends" mark per panel and last period: where series stop before the chart's end."""
    ends = early_ends(series)
    rows = []
    if panels:
        for name, last, _ in ends:
            if name in set(series.loc[series["role"] != "comparator", "series"]):
                rows.append((name, last, f"ends {last}"))
    else:
        by_last: dict[str, list[str]] = {}
        for name, last, _ in ends:
            by_last.setdefault(last, []).append(name)
        for last, names in by_last.items():
            who = ", ".join(names) if len(names) <= 3 else f"{len(names)} series"
            rows.append(
                ("", last, f"{who}: end {last}" if len(names) > 1 else f"{who}: ends {last}")
            )
    return pd.DataFrame(rows, columns=["panel", "period", "end_label"])


def trend_chart(
    series: pd.DataFrame,
    *,
    title: str,
    unit: str,
    periods: Sequence[str],
    illustrative: bool,
) -> Chart:
    """Lines per series over `periods` (every period of the run, oldest first), with 95% bands.

    `series` is gmdash.trends.series_frame output (plus any pooled series): each unbroken run
    of values has its own `segment`, so a missing period breaks the line rather than joining
    across it, and every period in `periods` is on the axis whether or not it has a value.
    Roles: "area" and "pooled" series are the subjects, "comparator" series the yardsticks.
    """
    require_columns(series, REQUIRED, "trend_chart")
    if series["value"].isna().all():
        raise ChartDataError("trend_chart: every value is missing")
    subjects = series.loc[series["role"] != "comparator", "series"].unique()
    panels = len(subjects) > MAX_SHARED
    data = series.assign(status=value_status(series))
    if panels:
        data, panel_names = _panel_frame(data)
    else:
        data = data.assign(panel="", style=data["series"])
        panel_names = [""]
    domain, colours, dashes = _styles(series, panels)
    generated = bool(data.loc[data["value"].notna(), "is_illustrative"].astype(bool).any())
    published = bool((~data.loc[data["value"].notna(), "is_illustrative"].astype(bool)).any())
    ends = _end_marks(series, panels)
    layered = pd.concat(
        [data.assign(layer="series"), ends.assign(layer="end")], ignore_index=True
    ).astype({"panel": str})

    x = alt.X(
        "period:O",
        scale=alt.Scale(domain=list(periods)),
        title=None,
        axis=alt.Axis(labelAngle=-40, labelOverlap=True),
    )
    # A panel is too short for the indicator's name: its axis names the unit only.
    y_title = unit if panels else f"{title} ({unit})"
    style_scale = alt.Scale(domain=domain, range=colours)
    # Channels are written as their classes (alt.Y("value:Q"), not y="value:Q"): Altair turns a
    # bare string or alt.value() into a class by trying each schema it might match, about 4 ms
    # per channel, for the same spec.
    base = alt.Chart().transform_filter("datum.layer == 'series' && isValid(datum.value)")
    band = base.mark_area(opacity=0.12).encode(
        x=x,
        y=alt.Y("lci95:Q", title=y_title, scale=alt.Scale(zero=False)),
        y2=alt.Y2("uci95:Q"),
        fill=alt.Fill("style:N", scale=style_scale, legend=None),
        detail=alt.Detail("segment:N"),
    )
    line = base.mark_line(strokeWidth=2.5).encode(
        x=x,
        y=alt.Y("value:Q"),
        color=alt.Color(
            "style:N",
            title=None,
            scale=style_scale,
            legend=alt.Legend(
                orient="bottom",
                direction="horizontal",
                labelLimit=320,
                labelFontSize=13,
                symbolType="stroke",
                symbolStrokeWidth=3,
                symbolSize=500,
            ),
        ),
        # Same field and domain as the colour: the one legend shows each line's colour and dash.
        strokeDash=alt.StrokeDash(
            "style:N", title=None, scale=alt.Scale(domain=domain, range=dashes)
        ),
        detail=alt.Detail("segment:N"),
    )
    points = base.mark_point(filled=True, opacity=1, strokeWidth=2).encode(
        x=x,
        y=alt.Y("value:Q"),
        fill=alt.Fill("style:N", scale=style_scale, legend=None),
        stroke=alt.Stroke("style:N", scale=style_scale, legend=None),
        # Solid for published values, hollow for generated ones.
        fillOpacity=alt.FillOpacityValue(
            1, condition={"test": f"datum.status == '{GENERATED}'", "value": 0}
        ),
        size=alt.SizeValue(
            30 if panels else 60,
            condition={"test": "datum.role == 'comparator'", "value": 25 if panels else 35},
        ),
        tooltip=[
            alt.Tooltip("series:N", title="Area"),
            alt.Tooltip("period:O", title="Period"),
            alt.Tooltip("value:Q", title=unit, format=",.1f"),
            alt.Tooltip("lci95:Q", title="95% lower", format=",.1f"),
            alt.Tooltip("uci95:Q", title="95% upper", format=",.1f"),
            alt.Tooltip("status:N", title="Data"),
        ],
    )
    # The key to solid and hollow points: an invisible layer whose only job is its legend.
    statuses = [s for s, shown in ((PUBLISHED, published), (GENERATED, generated)) if shown]
    key = base.mark_point(filled=True, opacity=0).encode(
        x=x,
        y=alt.Y("value:Q"),
        fill=alt.Fill(
            "status:N",
            title=None,
            scale=alt.Scale(domain=[PUBLISHED, GENERATED], range=[TEXT, "#FFFFFF"]),
            legend=alt.Legend(
                orient="bottom",
                values=statuses,
                labelExpr=(
                    f"datum.label == '{PUBLISHED}' ? 'Solid point: published value'"
                    " : 'Hollow point: generated (illustrative) value'"
                ),
                symbolType="circle",
                symbolOpacity=1,
                symbolStrokeColor=TEXT,
                symbolStrokeWidth=2,
                labelFontSize=13,
                labelLimit=360,
            ),
        ),
    )
    ending = alt.Chart().transform_filter("datum.layer == 'end'")
    end_rule = ending.mark_rule(color=GM_COLOUR, strokeDash=[1, 3], strokeWidth=1.5).encode(x=x)
    end_text = ending.mark_text(
        align="right", baseline="top", dx=-4, dy=4, fontSize=12, color=TEXT, fontStyle="italic"
    ).encode(
        x=x,
        # Altair leaves YValue's constructor untyped; alt.value(0) is the same spec, resolved slowly.
        y=alt.YValue(0),  # type: ignore[no-untyped-call]
        text=alt.Text("end_label:N"),
    )
    layers: list[alt.Chart] = [band, line, points]
    if generated:
        layers.append(key)
    if not ends.empty:
        layers += [end_rule, end_text]

    title_params = alt.TitleParams(
        title,
        subtitle=subtitle(
            _subtitle_lines(series, generated, published, panels),
            illustrative,
            partly=is_partly_generated(series),
        ),
        anchor="start",
    )
    description = trend_alt_text(series, title=title, unit=unit, illustrative=illustrative)
    # The bands' and points' colours follow the lines' and have no legend of their own; kept
    # independent, they cannot hide the lines' legend.
    independent = {"fill": "independent", "stroke": "independent"}
    if panels:
        faceted: Chart = (
            alt.layer(*layers)
            .resolve_scale(fill="independent")
            .resolve_legend(**independent)
            .properties(width=PANEL_WIDTH, height=PANEL_HEIGHT)
            .facet(
                facet=alt.Facet(
                    "panel:N",
                    sort=panel_names,
                    title=None,
                    header=alt.Header(
                        labelFontSize=14, labelFontWeight="bold", labelAnchor="start"
                    ),
                ),
                columns=PANEL_COLUMNS,
                data=layered,
            )
            .properties(title=title_params, description=description)
        )
        return faceted
    single: Chart = (
        alt.LayerChart(
            data=layered,
            layer=layers,
            title=title_params,
            # Streamlit fits title, subtitle and legend inside the height: room for them all.
            height=480,
            width="container",
            description=description,
        )
        .resolve_scale(fill="independent")
        .resolve_legend(**independent)
    )
    return single


def _subtitle_lines(
    series: pd.DataFrame, generated: bool, published: bool, panels: bool
) -> list[str]:
    comparators = list(dict.fromkeys(series.loc[series["role"] == "comparator", "series"]))
    styles = [f"{n} ({COMPARATOR_STYLES.get(n, OTHER_COMPARATOR)[2]})" for n in comparators]
    lines = [
        "Shaded bands: 95% confidence intervals. A gap in a line: no published value for "
        "that period."
    ]
    if panels:
        lines.append(
            "One panel per area, each against "
            + (" and ".join(styles) if styles else "no comparator")
            + "."
        )
    elif styles:
        lines.append("Comparators: " + "; ".join(styles) + ".")
    # A partly generated chart says which points are which in its first line (PARTLY_LABEL).
    if generated and not published:
        lines.append("Hollow points: generated (illustrative) values.")
    if ends := ends_sentence(early_ends(series), list(dict.fromkeys(series["series"]))):
        lines.append(ends)
    return lines


def trend_alt_text(series: pd.DataFrame, *, title: str, unit: str, illustrative: bool) -> str:
    """One sentence per series: first and latest value, for a screen reader."""
    parts = []
    for name, group in series.dropna(subset=["value"]).groupby("series", sort=False):
        first, latest = group.iloc[0], group.iloc[-1]
        parts.append(
            f"{name} {format_value(first['value'], unit)} in {first['period']}, "
            f"{format_value(latest['value'], unit)} in {latest['period']}"
        )
    comparators = list(dict.fromkeys(series.loc[series["role"] == "comparator", "series"]))
    against = f" against {' and '.join(comparators)}" if comparators else ""
    status = status_prefix(series, illustrative or bool(series["is_illustrative"].any()))
    ends = ends_sentence(early_ends(series), list(dict.fromkeys(series["series"])))
    return (
        status
        + f"Line chart of {title} over time{against}: "
        + "; ".join(parts)
        + "."
        + (f" {ends}" if ends else "")
    )
