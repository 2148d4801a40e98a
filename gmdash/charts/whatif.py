"""What-if charts: each borough against a target, and a pot split across the boroughs."""

from __future__ import annotations

import altair as alt
import pandas as pd

from gmdash.charts import (
    BENCHMARK_COLOURS,
    BENCHMARK_ORDER,
    COMPARATOR_COLOUR,
    TEXT,
    Chart,
    is_partly_generated,
    require_columns,
    status_fill,
    status_prefix,
    subtitle,
    with_status,
)

TARGET_REQUIRED = (
    "area_name",
    "value",
    "lci95",
    "uci95",
    "benchmark",
    "value_if_similar",
    "change_to_similar",
)
SPLIT_REQUIRED = ("area_name", "amount_gbp", "amount_low_gbp", "amount_high_gbp", "actual_gbp")
NEEDED_COLOUR = "#0072B2"
ACTUAL_COLOUR = "#CC79A7"
NEEDED_LABEL = "Value it would need to be similar"


def _lead(illustrative: bool, user: bool) -> str:
    return ("Your own uploaded figures. " if user else "") + (
        "Illustrative data. " if illustrative else ""
    )


def target_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    target_name: str,
    target_value: float,
    period: str,
    illustrative: bool,
    user: bool = False,
) -> Chart:
    """Each borough's value (bar, coloured by its rating against the target) with its 95%
    interval, the target as a dashed line, and a diamond at the value a borough rated worse (or
    better) would need to be statistically similar.

    `frame` is gmdash.whatif.targets.targets_table output.
    """
    require_columns(frame, TARGET_REQUIRED, "target_chart")
    data = frame[frame["value"].notna()].copy()
    if data.empty:
        raise ValueError("target_chart: no borough has a value to draw")
    data["benchmark"] = data["benchmark"].fillna("not compared")
    if "value_is_illustrative" in data.columns:
        # hollow bars mark the values that are generated, whatever the target is built from
        data["is_illustrative"] = data["value_is_illustrative"].astype("boolean").fillna(False)
    data = with_status(data)
    partly = is_partly_generated(data)
    order = data.sort_values("value", ascending=False)["area_name"].tolist()
    y = alt.Y("area_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    shown = [c for c in BENCHMARK_ORDER if c in set(data["benchmark"])]
    base = alt.Chart(data)
    bars = base.mark_bar(stroke=TEXT, strokeWidth=0.5).encode(
        y=y,
        x=alt.X("value:Q", title=f"{title} ({unit})"),
        color=alt.Color(
            "benchmark:N",
            scale=alt.Scale(domain=shown, range=[BENCHMARK_COLOURS[c] for c in shown]),
            legend=alt.Legend(title=f"Now, against {target_name}", orient="bottom"),
        ),
        **status_fill(data),
        tooltip=[
            alt.Tooltip("area_name:N", title="Borough"),
            alt.Tooltip("value:Q", title=unit, format=",.1f"),
            alt.Tooltip("lci95:Q", title="95% lower", format=",.1f"),
            alt.Tooltip("uci95:Q", title="95% upper", format=",.1f"),
            alt.Tooltip("benchmark:N", title=f"Against {target_name}"),
            alt.Tooltip("change_to_similar:Q", title="Change to be similar"),
        ],
    )
    whiskers = base.mark_rule(color=TEXT, strokeWidth=2).encode(y=y, x="lci95:Q", x2="uci95:Q")
    needed = data[data["change_to_similar"].fillna(0).astype(int) != 0].assign(marker=NEEDED_LABEL)
    layers: list[alt.Chart] = [bars, whiskers]
    if not needed.empty:
        layers.append(
            alt.Chart(needed)
            .mark_point(shape="diamond", size=120, filled=True, stroke=TEXT, strokeWidth=1)
            .encode(
                y=y,
                x="value_if_similar:Q",
                color=alt.value(NEEDED_COLOUR),
                shape=alt.Shape(
                    "marker:N",
                    scale=alt.Scale(domain=[NEEDED_LABEL], range=["diamond"]),
                    legend=alt.Legend(title=None, orient="bottom", labelLimit=320),
                ),
                tooltip=[
                    alt.Tooltip("area_name:N", title="Borough"),
                    alt.Tooltip("value_if_similar:Q", title="Would need", format=",.1f"),
                    alt.Tooltip("change_to_similar:Q", title="Change in the count"),
                ],
            )
        )
    line = pd.DataFrame({"value": [target_value], "label": [target_name]})
    layers.append(
        alt.Chart(line)
        .mark_rule(color=COMPARATOR_COLOUR, strokeDash=[6, 3], strokeWidth=2)
        .encode(x="value:Q")
    )
    layers.append(
        alt.Chart(line)
        .mark_text(align="left", dx=4, dy=-6, baseline="bottom", fontWeight="bold", color=TEXT)
        .encode(x="value:Q", y=alt.value(0), text=alt.Text("label:N"))
    )
    lines = [
        f"{period}. Bars: each borough's value, coloured by how it compares with {target_name} "
        f"({target_value:,.1f}{unit if unit == '%' else ' ' + unit}).",
        "Black whiskers: 95% confidence intervals. Diamonds: the value a borough would need to "
        "be statistically similar to the target.",
    ]
    return alt.LayerChart(
        layer=layers,
        title=alt.TitleParams(
            f"{title}: what it would take to reach {target_name}",
            subtitle=subtitle(lines, illustrative, partly, user=user),
            anchor="start",
        ),
        height=alt.Step(28),
        width="container",
        description=target_alt_text(
            data,
            title=title,
            unit=unit,
            period=period,
            target_name=target_name,
            target_value=target_value,
            illustrative=illustrative,
            user=user,
        ),
    )


def target_alt_text(
    frame: pd.DataFrame,
    *,
    title: str,
    unit: str,
    period: str,
    target_name: str,
    target_value: float,
    illustrative: bool,
    user: bool = False,
) -> str:
    """What the target chart shows, in words: the ratings and who needs how much change."""
    shown = frame[frame["value"].notna()]
    counts = shown["benchmark"].fillna("not compared").value_counts()
    ratings = ", ".join(f"{n} {k}" for k, n in counts.items())
    needing = shown[shown["change_to_similar"].fillna(0).astype(int) != 0]
    lead = ("Your own uploaded figures. " if user else "") + status_prefix(shown, illustrative)
    parts = [
        lead + f"Bar chart of {title} for {len(shown)} GM boroughs, {period}, against "
        f"{target_name} ({target_value:,.1f}{unit if unit == '%' else ' ' + unit}): {ratings}."
    ]
    if len(needing):
        ordered = needing.sort_values("area_name")
        changes = "; ".join(
            f"{name} {int(change):+,}"
            for name, change in zip(
                ordered["area_name"], ordered["change_to_similar"].astype(int), strict=True
            )
        )
        parts.append(f"Change in the count needed to be statistically similar: {changes}.")
    else:
        parts.append("No borough needs a change to be statistically similar.")
    return " ".join(parts)


def split_chart(
    frame: pd.DataFrame,
    *,
    pot_label: str,
    method: str,
    illustrative: bool,
) -> Chart:
    """Each borough's allocation (bar) with the range implied by the need measures' uncertainty
    (whisker) and the actual amount where one is known (a pink tick).

    `frame` is gmdash.whatif.split.split_pot output.
    """
    require_columns(frame, SPLIT_REQUIRED, "split_chart")
    data = frame.copy()
    order = data.sort_values("amount_gbp", ascending=False)["area_name"].tolist()
    y = alt.Y("area_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=220))
    base = alt.Chart(data)
    bars = base.mark_bar(color=NEEDED_COLOUR, stroke=TEXT, strokeWidth=0.5).encode(
        y=y,
        x=alt.X("amount_gbp:Q", title="Allocation (£)", axis=alt.Axis(format="~s")),
        tooltip=[
            alt.Tooltip("area_name:N", title="Borough"),
            alt.Tooltip("amount_gbp:Q", title="Allocation (£)", format=",.2f"),
            alt.Tooltip("share:Q", title="Share", format=".1%"),
            alt.Tooltip("amount_low_gbp:Q", title="Range from (£)", format=",.0f"),
            alt.Tooltip("amount_high_gbp:Q", title="Range to (£)", format=",.0f"),
            alt.Tooltip("actual_gbp:Q", title="Actual (£)", format=",.0f"),
        ],
    )
    whiskers = base.mark_rule(color=TEXT, strokeWidth=2).encode(
        y=y, x="amount_low_gbp:Q", x2="amount_high_gbp:Q"
    )
    layers: list[alt.Chart] = [bars, whiskers]
    actual = data[data["actual_gbp"].notna()].assign(marker="Actual amount")
    if not actual.empty:
        # a dark tick under the pink one outlines it, so it shows on the blue bar too
        layers.append(
            alt.Chart(actual)
            .mark_tick(thickness=8, size=26, color=TEXT)
            .encode(y=y, x="actual_gbp:Q")
        )
        layers.append(
            alt.Chart(actual)
            .mark_tick(thickness=4, size=22)
            .encode(
                y=y,
                x="actual_gbp:Q",
                color=alt.Color(
                    "marker:N",
                    scale=alt.Scale(domain=["Actual amount"], range=[ACTUAL_COLOUR]),
                    legend=alt.Legend(title=None, orient="bottom"),
                ),
            )
        )
    lines = [
        f"{pot_label}, split {method}.",
        "Bars: each borough's allocation. Whiskers: the range implied by the uncertainty in "
        "the need measures (95%). Pink ticks: the actual amount, where one is published or typed.",
    ]
    return alt.LayerChart(
        layer=layers,
        title=alt.TitleParams(
            "Splitting the pot across the boroughs",
            subtitle=subtitle(lines, illustrative),
            anchor="start",
        ),
        height=alt.Step(28),
        width="container",
        description=split_alt_text(
            frame, pot_label=pot_label, method=method, illustrative=illustrative
        ),
    )


def split_alt_text(frame: pd.DataFrame, *, pot_label: str, method: str, illustrative: bool) -> str:
    """The split in words: the largest and smallest allocations and how many have an actual."""
    ranked = frame.sort_values("amount_gbp", ascending=False)
    top, bottom = ranked.iloc[0], ranked.iloc[-1]
    known = int(frame["actual_gbp"].notna().sum())
    return (
        _lead(illustrative, False)
        + f"Bar chart of {pot_label} split {method} across {len(frame)} boroughs. Largest: "
        f"{top['area_name']} £{top['amount_gbp']:,.2f} ({top['share']:.1%}); smallest: "
        f"{bottom['area_name']} £{bottom['amount_gbp']:,.2f} ({bottom['share']:.1%}). "
        + (
            f"{known} borough has an actual amount to compare."
            if known == 1
            else f"{known} boroughs have an actual amount to compare."
        )
    )
