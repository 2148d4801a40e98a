"""The Borough profile view: one borough on every indicator, a spine chart, a table and sentences."""

from __future__ import annotations

from gmdash import profile, queries
from gmdash.charts.spine import spine_chart
from gmdash.figure import Block, Figure, Sentences, Table, slug
from gmdash.overview import METHOD
from gmdash.provenance import Provenance
from gmdash.queries import Ask
from gmdash.views.overview import recent_trends


def blocks(ask: Ask, area: str, area_name: str, version: str) -> list[Block]:
    """The borough's spine chart against England, its indicator table and plain English."""
    catalogue = ask(queries.indicator_catalogue)
    borough = profile.borough_profile(
        ask(queries.latest_values_gm), catalogue, recent_trends(ask), area
    )
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
    out: list[Block] = [
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
