"""The Overview view (the tartan rug) and the pieces the borough profile shares with it."""

from __future__ import annotations

import pandas as pd

from gmcore.schema import COMPARATORS
from gmdash import overview, queries
from gmdash.charts.rug import rug_chart
from gmdash.figure import Block, Figure, Sentences, slug
from gmdash.provenance import Provenance, labelled, status_of
from gmdash.queries import Ask


def borough_trends(ask: Ask) -> pd.DataFrame:
    """The recent trend of every GM borough series (the rug's and the profile's arrows).

    Hundreds of trend tests that depend on the extracts alone: `ask.memo` works them out once.
    """
    return overview.recent_trends(ask(queries.gm_borough_series), ask(queries.indicator_catalogue))


def recent_trends(ask: Ask) -> pd.DataFrame:
    """`borough_trends`, worked out once per extract version where `ask` can keep it."""
    return ask.memo(borough_trends)


def blocks(ask: Ask, comparator: str, version: str) -> list[Block]:
    """The rug against a comparator, how to read it, and what needs attention."""
    name = COMPARATORS[comparator]
    catalogue = ask(queries.indicator_catalogue)
    rug = overview.rug_frame(
        ask(queries.latest_values_gm),
        catalogue,
        recent_trends(ask),
        comparator_code=comparator,
        comparator_name=name,
    )
    used = catalogue[catalogue["indicator_id"].isin(set(rug["indicator_id"]))]
    provenance = Provenance.for_indicators(used, rug, version, overview.METHOD)
    figure = Figure(
        key="overview.rug",
        chart=rug_chart(rug, comparator_name=name, illustrative=provenance.status.has_generated),
        table=overview.rug_table(rug, name),
        provenance=provenance,
        name=f"gm-boroughs_overview_latest_vs-{slug(name)}",
        context={"comparator": name, "sex": "Persons"},
    )
    attention = overview.needs_attention(rug)
    sentences = overview.attention_sentences(rug, name)
    return [
        figure,
        Sentences(
            key="overview.how_to_read",
            title="How to read the rug",
            lines=(overview.how_to_read(name),),
            bullets=False,
        ),
        Sentences(
            key="overview.attention",
            title="Needs attention",
            caption=f"Borough figures significantly worse than {name} that are also getting "
            "significantly worse over their last five annual points. "
            + overview.trend_coverage(rug),
            lines=tuple(sentences)
            or (
                labelled(
                    f"No borough figure is both significantly worse than {name} and getting "
                    "significantly worse.",
                    status_of(attention),
                ),
            ),
        ),
    ]
