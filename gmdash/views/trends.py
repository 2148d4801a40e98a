"""The Trends view: one indicator over time for chosen boroughs, a comparator and a pooled group."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from gmcore.schema import COMPARATORS, ENGLAND, GREATER_MANCHESTER
from gmdash import queries, trends
from gmdash.charts.trend import trend_chart
from gmdash.figure import Block, Figure, Notice, Sentences, Table, slug
from gmdash.provenance import Provenance, labelled, status_of
from gmdash.queries import Ask
from gmdash.whatif import indicator_facts
from gmdash.whatif.groups import GroupError, PooledGroup, make_group, pool


@dataclass(frozen=True)
class Periods:
    """An indicator's periods for one sex (oldest first) and its period type."""

    labels: list[str]
    period_type: str

    @property
    def axis(self) -> list[str]:
        """Every period from the first to the last, those without a value included."""
        return trends.period_run(self.labels, self.period_type)

    def baselines(self) -> list[str]:
        """Periods a change can be measured from (all but the latest), and the default one."""
        return self.labels[:-1] or self.labels

    def default_baseline(self) -> str:
        return self.baselines()[max(0, len(self.labels) - 6)]


@dataclass(frozen=True)
class Choice:
    """What the reader chose on the Trends page (area codes, comparator code)."""

    indicator_id: str
    sex: str
    comparator: str
    areas: tuple[str, ...]
    # The pooled group drawn as one more series (gmdash.whatif.groups), or None.
    group: PooledGroup | None = None
    baseline: str = ""
    also: tuple[str, ...] = ()


def also_options(comparator: str) -> list[str]:
    """Comparators a reader may add beside the chosen one (codes)."""
    return [code for code in COMPARATORS if code != comparator]


def default_also(comparator: str) -> list[str]:
    """Borough, Greater Manchester and England together unless the reader says otherwise."""
    return [code for code in (GREATER_MANCHESTER, ENGLAND) if code != comparator]


def periods(ask: Ask, indicator_id: str, sex: str) -> Periods:
    rows = ask(queries.indicator_periods, indicator_id, sex)
    kind = str(rows["period_type"].iloc[-1]) if not rows.empty else ""
    return Periods(rows["period"].tolist(), kind)


def series_group(
    group: PooledGroup | None, areas: Sequence[str], names: Mapping[str, str]
) -> PooledGroup | None:
    """The group to pool: the reader's named group, else the chosen boroughs as one group."""
    if group is not None or len(areas) < 2:
        return group
    name = " + ".join(names[c] for c in areas) if len(areas) <= 3 else f"{len(areas)} boroughs"
    return make_group(f"{name} (pooled)", areas, names)


def _pooled(ask: Ask, meta: pd.Series, choice: Choice) -> tuple[pd.DataFrame | None, str, str]:
    """The group's pooled rows over time, its series name, and how it was pooled (or why not)."""
    if choice.group is None:
        return None, "", ""
    members = ask(queries.indicator_trend, choice.indicator_id, choice.group.members, choice.sex)
    try:
        pooled = pool(members, choice.group, indicator_facts(meta, choice.indicator_id))
    except GroupError as exc:
        return None, choice.group.name, f"{choice.group.name} is not drawn: {exc}"
    return (
        pooled,
        choice.group.name,
        (
            f"{choice.group.name} ({choice.group.describe()}): counts and denominators summed over "
            "the boroughs, then the value and interval computed (never an average); a year in "
            "which a member's figure is suppressed or missing is left as a gap."
        ),
    )


def blocks(
    ask: Ask,
    meta: pd.Series,
    choice: Choice,
    names: Mapping[str, str],
    version: str,
) -> list[Block]:
    """Everything the Trends page shows for a choice, in reading order."""
    title, unit, value_type = str(meta["short_title"]), str(meta["unit"]), str(meta["value_type"])
    comparator = COMPARATORS[choice.comparator]
    known = periods(ask, choice.indicator_id, choice.sex)
    if not choice.areas:
        return [Notice("Choose at least one borough to see its trend.")]
    if not known.labels:
        return [
            Notice(
                f"{title} has no values for {choice.sex.lower()}; choose another indicator or sex."
            )
        ]
    also = tuple(c for c in choice.also if c != choice.comparator and c in COMPARATORS)
    pooled, pooled_name, pooled_note = _pooled(ask, meta, choice)
    view = trends.trend_view(
        ask(
            queries.indicator_trend,
            choice.indicator_id,
            (*choice.areas, choice.comparator, *also),
            choice.sex,
        ),
        known.axis,
        comparator_code=choice.comparator,
        also=also,
        pooled=pooled,
        pooled_name=pooled_name,
        pooled_note=pooled_note,
    )
    out: list[Block] = [
        Notice(trends.absent_comparator(COMPARATORS[code], title, value_type))
        for code in (choice.comparator, *also)
        if not trends.has_values(
            view.series[view.series["series"] == COMPARATORS[code]], "comparator"
        )
    ]
    if view.pooled_note and not view.pooled_shown:
        out.append(Notice(view.pooled_note))
    if view.pooled_shown and not trends.has_values(view.series, "pooled"):
        gaps = view.series.loc[view.series["role"] == "pooled", "suppression_note"]
        why = next((g for g in gaps if g), "no period has a figure for every member")
        out.append(Notice(f"{pooled_name} has no pooled figure to draw: {why}"))
    if view.series["value"].isna().all():
        return [
            *out,
            Notice(f"None of the chosen areas has a value for {title}; choose another indicator."),
        ]
    status = status_of(view.series)
    provenance = Provenance.for_indicators(meta.to_frame().T, view.series, version)
    if view.pooled_note:
        provenance = Provenance.for_indicators(
            meta.to_frame().T, view.series, version, f"{meta['definition']} {view.pooled_note}"
        )
    chart = trend_chart(
        view.series,
        periods=known.axis,
        title=title,
        unit=unit,
        illustrative=status.has_generated,
    )
    area_part = (
        slug(names[choice.areas[0]])
        if len(choice.areas) == 1
        else f"{'pooled-' if choice.group else ''}{len(choice.areas)}-boroughs"
    )
    span = f"{slug(known.labels[0])}-to-{slug(known.labels[-1])}"
    out.append(
        Figure(
            key="trends.chart",
            chart=chart,
            table=trends.table_view(view.series),
            provenance=provenance,
            name=f"{area_part}_{slug(title)}_{span}_vs-{slug(comparator)}",
            context={
                "indicator": choice.indicator_id,
                "sex": choice.sex,
                "comparator": " and ".join(COMPARATORS[c] for c in (choice.comparator, *also)),
            },
        )
    )
    out.append(
        Table(
            key="trends.recent",
            title="Recent trend",
            frame=trends.recent_trends(
                view.series,
                view.counts,
                known.labels,
                value_type=value_type,
                polarity=str(meta["polarity"]),
                period_type=known.period_type,
            ),
            caption=trends.recent_trend_note(value_type, known.period_type),
            status=status,
        )
    )
    baseline = choice.baseline if choice.baseline in known.baselines() else known.default_baseline()
    change = trends.change_since(view.series, baseline, unit)
    lines = tuple(
        labelled(sentence, status_of(view.series[view.series["series"] == area]))
        for area, sentence in zip(change["Area"], change["Change in words"], strict=True)
    )
    out.append(
        Sentences(
            key="trends.change",
            title="Change since a baseline",
            lines=lines,
            caption="Overlapping 95% intervals do not prove there was no change; they mean the "
            "change is not clearly larger than the uncertainty.",
        )
    )
    return out
