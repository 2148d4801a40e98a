"""The Compare view: one indicator across the boroughs, as bars or a funnel, ranks, what it takes."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gmcore.schema import COMPARATORS, ENGLAND
from gmdash import compare, queries
from gmdash.analysis import add_benchmarks, num, table_view
from gmdash.charts.bars import interval_bars
from gmdash.charts.funnel import funnel_chart
from gmdash.figure import Block, Figure, Notice, Sentences, Table, slug
from gmdash.provenance import DataStatus, Provenance, labelled, status_of
from gmdash.queries import Ask
from gmdash.whatif import indicator_facts, uploads
from gmdash.whatif.groups import GroupError, PooledGroup, group_rows

BARS, FUNNEL = "Bars", "Funnel plot"
VIEWS = (BARS, FUNNEL)
POOLED_CENTRE = "Pooled GM boroughs"


@dataclass(frozen=True)
class Choice:
    """What the reader chose on the Compare page (codes, not names)."""

    indicator_id: str
    period: str
    sex: str
    comparator: str
    view: str = BARS
    centre: str = POOLED_CENTRE
    area: str = ""
    # The reader's pooled group: an extra bar, and a comparator when `comparator` is its code.
    group: PooledGroup | None = None

    @property
    def comparator_name(self) -> str:
        return comparator_name(self.comparator, self.group)


def comparator_name(comparator: str, group: PooledGroup | None) -> str:
    """The comparator's name: England, North West, Greater Manchester or the pooled group."""
    if group is not None and comparator == group.area_code:
        return f"{group.name} (pooled group)"
    return COMPARATORS.get(comparator, COMPARATORS[ENGLAND])


def centre_options(comparator: str, group: PooledGroup | None = None) -> list[str]:
    """The funnel plot's centre-line choices: the pooled boroughs, or the comparator."""
    return [POOLED_CENTRE, comparator_name(comparator, group)]


def _name(meta: pd.Series, choice: Choice, kind: str) -> str:
    vs = slug(choice.comparator_name)
    sex = "" if choice.sex == "Persons" else f"_{slug(choice.sex)}"
    title = slug(str(meta["short_title"]))
    return f"gm-boroughs_{title}_{slug(choice.period)}{sex}_vs-{vs}_{kind}"


def _bars(
    ask: Ask,
    rows: pd.DataFrame,
    meta: pd.Series,
    choice: Choice,
    value: float | None,
    has_998: bool,
    provenance: Provenance,
) -> Figure:
    title, unit = str(meta["short_title"]), str(meta["unit"])
    markers = compare.reported_markers(ask(queries.reported_figures), choice.indicator_id, rows)
    chart = interval_bars(
        rows,
        title=title,
        unit=unit,
        comparator_name=choice.comparator_name,
        comparator_value=value,
        period=choice.period,
        illustrative=provenance.status.is_generated,
        show_998=has_998,
        reported=markers,
        user=provenance.status is DataStatus.USER,
    )
    return Figure(
        key="compare.bars",
        chart=chart,
        table=table_view(rows, unit),
        provenance=provenance,
        notes=tuple(compare.reported_notes(markers)),
        name=_name(meta, choice, "bars"),
        context=_context(choice),
    )


def _funnel(
    rows: pd.DataFrame, meta: pd.Series, choice: Choice, value: float | None, provenance: Provenance
) -> Block:
    title = str(meta["short_title"])
    if meta["value_type"] != "proportion" or rows["denominator"].isna().all():
        return Notice(compare.funnel_unavailable(title, str(meta["value_type"])))
    if value is None or choice.centre != choice.comparator_name:
        centre, centre_label = compare.pooled_gm_centre(rows)[0], POOLED_CENTRE
    else:
        centre, centre_label = value, choice.comparator_name
    points, limits = compare.funnel_data(rows, centre)
    chart = funnel_chart(
        points,
        limits,
        title=title,
        centre=centre,
        centre_label=centre_label,
        period=choice.period,
        illustrative=provenance.status.is_generated,
        denominator_label=compare.denominator_label(choice.indicator_id),
    )
    table = table_view(points, str(meta["unit"])).assign(
        **{"Against the funnel": points["funnel_flag"]}
    )
    return Figure(
        key="compare.funnel",
        chart=chart,
        table=table,
        provenance=provenance,
        name=_name(meta, choice, "funnel"),
        context={**_context(choice), "centre": centre_label},
    )


def _context(choice: Choice) -> dict[str, str]:
    return {
        "indicator": choice.indicator_id,
        "period": choice.period,
        "sex": choice.sex,
        "comparator": choice.comparator_name,
    }


def _group_rows(
    frame: pd.DataFrame, meta: pd.Series, choice: Choice
) -> tuple[pd.DataFrame, list[Block]]:
    """The pooled group's row (gmdash.whatif.groups.pool), or none and a notice saying why."""
    if choice.group is None:
        return frame.iloc[0:0], []
    try:
        pooled = group_rows(frame, [choice.group], indicator_facts(meta, choice.indicator_id))
    except GroupError as exc:
        return frame.iloc[0:0], [Notice(f"{choice.group.name}: {exc}")]
    notes: list[Block] = [
        Notice(f"{choice.group.name}: {note}")
        for value, note in zip(pooled["value"], pooled["note"].fillna(""), strict=True)
        if num(value) is None and note
    ]
    return pooled, notes


def blocks(
    ask: Ask,
    meta: pd.Series,
    choice: Choice,
    version: str,
    uploaded: pd.DataFrame | None = None,
) -> list[Block]:
    """Everything the Compare page shows for a choice, in reading order.

    `uploaded` is the reader's own figures for this indicator and period
    (`gmdash.whatif.uploads.as_area_frame`); they replace the dashboard's for the areas they
    cover, and everything built on them says so.
    """
    title, polarity = str(meta["short_title"]), str(meta["polarity"])
    comparator = choice.comparator_name
    frame = ask(queries.indicator_values_gm, choice.indicator_id, choice.period, choice.sex)
    if uploaded is not None:
        frame = uploads.overlay(frame, uploaded)
    pooled, out = _group_rows(frame, meta, choice)
    rows, value, has_998 = compare.compare_boroughs(
        pd.concat([frame, pooled], ignore_index=True), polarity, choice.comparator
    )
    if rows["value"].isna().all():
        return [
            Notice(f"No borough has a value for {title} in {choice.period}; choose another period.")
        ]
    if value is None:
        out.append(
            Notice(
                f"{comparator} has no value for {title} in {choice.period}, so the boroughs are "
                "not benchmarked; choose another comparator."
            )
        )
    out += [Notice(line, "warning") for line in compare.suppressed_lines(rows)]
    extra = pooled[pooled["value"].notna() & (pooled["area_code"] != choice.comparator)]
    if len(extra):
        # judged by the one rule every page uses, like the boroughs beside it
        extra = add_benchmarks(extra, value, polarity).assign(
            area_name=lambda f: f["area_name"] + " (pooled group)"
        )
    shown = pd.concat([rows, extra], ignore_index=True) if len(extra) else rows
    provenance = Provenance.for_indicators(meta.to_frame().T, shown, version)
    if choice.view == FUNNEL:
        out.append(_funnel(rows, meta, choice, value, provenance))
    else:
        out.append(_bars(ask, shown, meta, choice, value, has_998, provenance))
    status = status_of(rows)
    out.append(
        Table(
            key="compare.ranks",
            title="Rank among the boroughs",
            # Ten boroughs: read whole, printed as is, and a plain table to a screen reader.
            static=True,
            frame=compare.rank_table(rows, polarity, unit=str(meta["unit"])),
            caption=compare.ranking_note(polarity) + " The plausible range comes from 1,000 "
            "simulations of each value within its 95% interval.",
            status=status,
        )
    )
    if meta["value_type"] == "proportion" and choice.area:
        out.append(_what_it_takes(rows, meta, choice, value))
    return out


def _what_it_takes(
    rows: pd.DataFrame, meta: pd.Series, choice: Choice, value: float | None
) -> Sentences:
    chosen = rows[rows["area_code"] == choice.area]
    if chosen.empty:
        line = f"The borough has no row for {meta['short_title']} in {choice.period}."
    else:
        row = {str(k): v for k, v in chosen.iloc[0].items()}
        line = labelled(
            compare.what_would_it_take_sentence(
                row,
                indicator_id=choice.indicator_id,
                comparator_name=choice.comparator_name,
                comparator_value=value,
                polarity=str(meta["polarity"]),
                step=compare.row_step(row, choice.indicator_id),
            ),
            status_of(chosen),
        )
    return Sentences(
        key="compare.what_it_takes",
        title="What would it take?",
        lines=(line,),
        caption="The smallest change in the count, with the denominator unchanged, that would "
        "put the comparator inside the borough's 95% interval.",
    )
