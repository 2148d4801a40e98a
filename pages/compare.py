"""Compare boroughs: one indicator across the boroughs, with intervals, a funnel plot and ranks."""

from __future__ import annotations

import streamlit as st

from gmdash import compare
from gmdash.analysis import table_view
from gmdash.charts.bars import bars_alt_text, interval_bars
from gmdash.charts.funnel import funnel_alt_text, funnel_chart
from gmdash.ui import components, data, shell, state, widgets

components.header(
    "Compare boroughs",
    "One indicator across Greater Manchester's ten boroughs, against a comparator, with the "
    "uncertainty in each figure and in each borough's rank.",
)
names = shell.boroughs()
catalogue = data.query("indicator_catalogue")
catalogue = catalogue[catalogue["has_gm_boroughs"]].set_index("indicator_id")
left, middle, right, last = st.columns([3, 2, 2, 2])
with left:
    indicator_id = widgets.indicator(catalogue["short_title"].to_dict(), key="compare:indicator")
meta = catalogue.loc[indicator_id]
unit, title, polarity = str(meta["unit"]), str(meta["short_title"]), str(meta["polarity"])
with last:
    sex = widgets.sex(str(meta["sexes"]).split(", "), key="compare:sex")
periods = data.query("indicator_periods", indicator_id=indicator_id, sex=sex)
periods = periods[periods["has_gm_boroughs"]]["period"].tolist()
if not periods:
    st.info(f"{title} has no borough values for {sex.lower()}; choose another indicator or sex.")
else:
    with middle:
        period = widgets.period(periods, key="compare:period")
    with right:
        comparator = state.COMPARATORS[widgets.comparator(key="compare:comparator")]
    frame = data.query("indicator_values_gm", indicator_id=indicator_id, period=period, sex=sex)
    boroughs, value, has_998 = compare.compare_boroughs(frame, polarity, state.current().comparator)
    illustrative = bool(frame["is_illustrative"].any())
    if illustrative:
        components.illustrative_banner()
    if boroughs["value"].isna().all():
        st.info(f"No borough has a value for {title} in {period}; choose another period.")
    else:
        if value is None:
            st.info(
                f"{comparator} has no value for {title} in {period}, so the boroughs are "
                "not benchmarked; choose another comparator."
            )
        for line in compare.suppressed_lines(boroughs):
            st.markdown(f"- **{line}**")
        view = widgets.choice(
            "View", ["Bars", "Funnel plot"], key="compare:view", default="Bars", kind="segmented"
        )
        provenance = compare.provenance_for(meta, data.manifest().version, boroughs)
        context = {
            "indicator": indicator_id,
            "period": period,
            "sex": sex,
            "comparator": comparator,
        }
        if view == "Bars":
            args = dict(
                title=title,
                unit=unit,
                comparator_name=comparator,
                comparator_value=value,
                period=period,
                illustrative=illustrative,
            )
            components.chart_block(
                interval_bars(boroughs, show_998=has_998, **args),
                table_view(boroughs, unit),
                key="compare:bars",
                alt_text=bars_alt_text(boroughs, **args),
                filename=f"{indicator_id}_{period.replace('/', '-')}_compare.csv",
                provenance=provenance,
                context=context,
            )
        elif meta["value_type"] != "proportion" or boroughs["denominator"].isna().all():
            st.info(compare.funnel_unavailable(title, str(meta["value_type"])))
        else:
            centre_options = ["Pooled GM boroughs"] + ([comparator] if value is not None else [])
            centre_on = widgets.choice(
                "Centre line",
                centre_options,
                key="compare:centre",
                default=centre_options[0],
                kind="radio",
            )
            centre = (
                compare.pooled_gm_centre(boroughs)[0]
                if centre_on == centre_options[0]
                else float(value)
            )  # type: ignore[arg-type]
            points, limits = compare.funnel_data(boroughs, centre)
            args = dict(
                title=title,
                centre=centre,
                centre_label=centre_on,
                period=period,
                illustrative=illustrative,
            )
            components.chart_block(
                funnel_chart(
                    points,
                    limits,
                    denominator_label=compare.denominator_label(indicator_id),
                    **args,
                ),
                table_view(points, unit).assign(**{"Against the funnel": points["funnel_flag"]}),
                key="compare:funnel",
                alt_text=funnel_alt_text(points, **args),
                filename=f"{indicator_id}_{period.replace('/', '-')}_funnel.csv",
                provenance=provenance,
                context={**context, "centre": centre_on},
            )
        st.subheader("Rank among the boroughs")
        st.caption(
            compare.ranking_note(polarity) + " The plausible range comes from 1,000 "
            "simulations of each value within its 95% interval."
        )
        st.dataframe(compare.rank_table(boroughs, polarity), hide_index=True, width="stretch")
        if meta["value_type"] == "proportion":
            st.subheader("What would it take?")
            code = widgets.borough(names, key="compare:area")
            rows = boroughs[boroughs["area_code"] == code]
            st.markdown(
                f"{names[code]} has no row for {title} in {period}."
                if rows.empty
                else compare.what_would_it_take_sentence(
                    rows.iloc[0].to_dict(),
                    indicator_id=indicator_id,
                    comparator_name=comparator,
                    comparator_value=value,
                )
            )
            st.caption(
                "The smallest change in the count, with the denominator unchanged, that "
                "would put the comparator inside the borough's 95% interval."
            )
