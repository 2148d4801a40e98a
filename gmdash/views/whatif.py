"""The What-if view: what it would take for every GM borough to reach a chosen target."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from gmdash import compare, queries
from gmdash.charts.whatif import target_chart
from gmdash.figure import Block, Figure, Notice, Sentences, Table, slug
from gmdash.narrative import format_interval
from gmdash.provenance import DataStatus, Provenance, status_of
from gmdash.queries import Ask
from gmdash.whatif import ILLUSTRATIVE, OFFICIAL, USER, indicator_facts, uploads
from gmdash.whatif.groups import GroupError, PooledGroup
from gmdash.whatif.targets import TARGET_KINDS, TARGET_LABELS, Target, TargetError, targets_table

DEFAULT_TARGET = "england"
STATUS_WORDS = {
    OFFICIAL: "published",
    ILLUSTRATIVE: "illustrative (generated)",
    USER: "your own upload",
}


@dataclass(frozen=True)
class Choice:
    """What the reader chose on the What-if page (codes, not names)."""

    indicator_id: str
    period: str
    target: str
    area: str
    percent: float | None = None
    group: PooledGroup | None = None


def proportions(catalogue: pd.DataFrame) -> pd.DataFrame:
    """The indicators a target can be set on: proportions with GM borough values."""
    return catalogue[catalogue["value_type"] == "proportion"]


def target_kinds(group: PooledGroup | None) -> list[str]:
    """The targets on offer: a pooled group only once the reader has named one."""
    return [k for k in TARGET_KINDS if k != "group" or group is not None]


def target_label(kind: str, group: PooledGroup | None = None) -> str:
    """ "England", "GM best", "Bolton, Salford and Trafford (pooled group)" ..."""
    if kind == "group" and group is not None:
        return f"{group.name} (pooled group)"
    return TARGET_LABELS[kind][0].upper() + TARGET_LABELS[kind][1:]


def answer_table(frame: pd.DataFrame) -> pd.DataFrame:
    """targets_table output as a reader's table: one row per borough, plain headings."""

    def interval(row: pd.Series) -> str:
        return format_interval(row["lci95"], row["uci95"], "%") or ""

    def rating(row: pd.Series) -> str:
        level = f" ({row['benchmark_level']})" if row.get("benchmark_level") else ""
        return f"{row['benchmark']}{level}"

    return pd.DataFrame(
        {
            "Borough": frame["area_name"],
            "Count": frame["count"],
            # shown as published: 1 dp (some denominators are 3-year means)
            "Denominator": frame["denominator"].round(1),
            "Value (%)": frame["value"].round(1),
            "95% CI": frame.apply(interval, axis=1),
            "Now, against the target": frame.apply(rating, axis=1),
            "Change to be similar": frame["change_to_similar"],
            "Change to match": frame["change_to_match"],
            "Rating if similar": frame["benchmark_if_similar"],
            "Rating if matched": frame["benchmark_if_matched"],
            "Counts in steps of": frame["step"],
            "Data": frame["data_status"].map(STATUS_WORDS).fillna("published"),
            "is_illustrative": frame["is_illustrative"].astype(bool),
            "data_status": frame["data_status"],
        }
    )


def reader_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The page's table: answer_table narrowed to fit the page (count and denominator, value
    and interval each in one column; the rating once matched, always "similar", and the step
    left to the download)."""
    full = answer_table(frame)

    def count(row: pd.Series) -> str:
        if pd.isna(row["Count"]) or pd.isna(row["Denominator"]):
            return ""
        return f"{row['Count']:,.0f} of {row['Denominator']:,.0f}"

    def value(row: pd.Series) -> str:
        if pd.isna(row["Value (%)"]):
            return ""
        ci = f" ({row['95% CI']})" if row["95% CI"] else ""
        return f"{row['Value (%)']:.1f}%{ci}"

    out = full.drop(
        columns=["Rating if matched", "Counts in steps of", "is_illustrative", "data_status"]
    )
    for column in ("Change to be similar", "Change to match"):
        # signed, with thousands: "+1,111" more, "-100" fewer
        out[column] = full[column].map(lambda k: "" if pd.isna(k) else f"{int(k):+,}" if k else "0")
    out.insert(1, "Count of total", full.apply(count, axis=1))
    out.insert(2, "Value (95% CI)", full.apply(value, axis=1))
    return out.drop(columns=["Count", "Denominator", "Value (%)", "95% CI"])


def blocks(
    ask: Ask,
    meta: pd.Series,
    choice: Choice,
    version: str,
    uploaded: pd.DataFrame | None = None,
) -> list[Block]:
    """The chosen borough's answer in words, a chart of every borough's, and their table.

    `uploaded` is the reader's own figures for this indicator and period
    (`uploads.as_area_frame`); they replace the dashboard's for the areas they cover.
    """
    title = str(meta["short_title"])
    frame = ask(queries.indicator_values_gm, choice.indicator_id, choice.period)
    if uploaded is not None:
        frame = uploads.overlay(frame, uploaded)
    try:
        target = Target(choice.target, choice.percent, choice.group)
        table = targets_table(frame, target, indicator_facts(meta, choice.indicator_id))
    except (TargetError, GroupError) as exc:
        return [Notice(str(exc), "warning")]
    rows = table.frame
    if rows["value"].isna().all():
        return [Notice(f"No borough has a value for {title} in {choice.period}.")]
    status = status_of(rows)
    provenance = Provenance.for_indicators(meta.to_frame().T, rows, version, table.method)
    out: list[Block] = [Notice(line, "warning") for line in compare.suppressed_lines(rows)]
    if choice.area in set(rows["area_code"]):
        name = str(rows.loc[rows["area_code"] == choice.area, "area_name"].iloc[0])
        out.append(
            Sentences(
                key="whatif.answer",
                title=f"What would it take for {name}?",
                lines=(table.sentence(choice.area),),
            )
        )
    notes = " ".join(n for n in (table.target.note,) if n).rstrip(".")
    chart = target_chart(
        rows,
        title=title,
        unit=str(meta["unit"]),
        target_name=table.target.name,
        target_value=table.target.value,
        period=choice.period,
        illustrative=status.is_generated,
        user=status is DataStatus.USER,
    )
    out.append(
        Figure(
            key="whatif.chart",
            chart=chart,
            table=answer_table(rows),
            provenance=provenance,
            name=f"gm-boroughs_{slug(title)}_{slug(choice.period)}_"
            f"to-{slug(table.target.name)}_whatif",
            context={
                "indicator": choice.indicator_id,
                "period": choice.period,
                "target": table.target.label,
            },
        )
    )
    out.append(
        Table(
            key="whatif.table",
            title=f"Every borough against {table.target.label}",
            frame=reader_table(rows),
            static=True,
            caption=f"{table.method}{' Target: ' + notes + '.' if notes else ''}",
            status=status,
        )
    )
    return out
