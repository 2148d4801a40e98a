"""The Borough profile view: one borough on every indicator, a spine chart, a table and sentences."""

from __future__ import annotations

import pandas as pd

from gmdash import overview, profile, queries
from gmdash.charts.spine import spine_chart
from gmdash.figure import Block, Figure, Notice, Sentences, Table, slug
from gmdash.overview import METHOD
from gmdash.provenance import Provenance
from gmdash.queries import Ask
from gmdash.views import indicator_meta
from gmdash.views.overview import recent_trends
from gmdash.whatif import indicator_facts
from gmdash.whatif.groups import GroupError, PooledGroup, group_rows


def _pooled(
    ask: Ask, catalogue: pd.DataFrame, group: PooledGroup
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Latest values and recent trends with the group's pooled rows added (one way to pool:
    gmdash.whatif.groups), and the indicators that cannot be pooled, with why."""
    latest, series = ask(queries.latest_values_gm), ask(queries.gm_borough_series)
    meta = catalogue.set_index("indicator_id")
    latest_parts, series_parts, skipped = [latest], [series], []
    for indicator_id, rows in latest.groupby("indicator_id", sort=False):
        facts = indicator_facts(indicator_meta(meta, str(indicator_id)), str(indicator_id))
        try:
            latest_parts.append(group_rows(rows, [group], facts))
            found = series[series["indicator_id"] == indicator_id]
            series_parts.append(group_rows(found, [group], facts))
        except GroupError as exc:
            skipped.append(f"{facts['short_title']}: {exc}")
    trends = overview.recent_trends(pd.concat(series_parts, ignore_index=True), catalogue)
    return pd.concat(latest_parts, ignore_index=True), trends, skipped


def blocks(
    ask: Ask, area: str, area_name: str, version: str, group: PooledGroup | None = None
) -> list[Block]:
    """The borough's (or the pooled group's) spine chart against England, its indicator table
    and plain English."""
    catalogue = ask(queries.indicator_catalogue)
    skipped: list[str] = []
    if group is None:
        latest, trends = ask(queries.latest_values_gm), recent_trends(ask)
    else:
        latest, trends, skipped = _pooled(ask, catalogue, group)
        area, area_name = group.area_code, f"{group.name} (pooled group)"
    borough = profile.borough_profile(latest, catalogue, trends, area)
    spine = profile.spine_frame(borough, ask(queries.england_distribution_latest))
    used = catalogue[catalogue["indicator_id"].isin(set(borough["indicator_id"]))]
    shown = borough.assign(is_illustrative=borough["indicator_illustrative"])
    provenance = Provenance.for_indicators(used, shown, version, METHOD)
    figure = Figure(
        key="profile.spine",
        chart=spine_chart(spine, area_name=area_name, illustrative=provenance.status.has_generated),
        table=profile.profile_download(borough),
        provenance=provenance,
        name=f"{slug(area_name)}_profile_latest_vs-england",
        context={"area": area_name, "comparator": "England", "sex": "Persons"},
        notes=tuple(profile.spine_notes(borough, spine)),
    )
    out: list[Block] = []
    if group is not None:
        how = (
            f"{area_name} pools {group.describe()}: counts and denominators summed, then each "
            "value, interval, benchmark and trend worked out again (never an average)."
        )
        out.append(Notice(how + (" Not pooled: " + "; ".join(skipped) if skipped else "")))
    out += [
        figure,
        Table(
            key="profile.table",
            title="Indicator by indicator",
            frame=profile.profile_table(borough, area_name),
            caption="Indicators marked (illustrative) hold generated values, not official "
            "statistics."
            if provenance.status.has_generated
            else "",
            status=provenance.status,
            static=True,
        ),
    ]
    lines = tuple(
        f"**{title}** — " + " ".join(sentences)
        for title, sentences in profile.profile_sentences(borough, area_name)
    )
    out.append(Sentences(key="profile.sentences", title="In plain English", lines=lines))
    return out
