"""The Map view: the boroughs coloured by an indicator, and GM neighbourhoods by deprivation."""

from __future__ import annotations

import contextlib

import pandas as pd

from gmcore.schema import COMPARATORS, ENGLAND
from gmdash import geo, queries
from gmdash.analysis import comparator_value
from gmdash.charts import maps
from gmdash.figure import Block, Figure, Notice, slug
from gmdash.provenance import Provenance
from gmdash.queries import Ask
from gmdash.whatif import indicator_facts
from gmdash.whatif.groups import GroupError, PooledGroup, with_groups

BOUNDARIES = ("ONS boundaries (Open Geography Portal)", "https://geoportal.statistics.gov.uk/")
IOD2019 = (
    "English Indices of Deprivation 2019 (MHCLG)",
    "https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
)


def borough_blocks(
    ask: Ask,
    meta: pd.Series,
    indicator_id: str,
    period: str,
    comparator: str,
    scheme: str,
    version: str,
    group: PooledGroup | None = None,
) -> list[Block]:
    """The boroughs coloured by benchmark or quintile, with England's districts for context.

    A pooled group's members are outlined, and the group can be the comparator (its pooled
    value, gmdash.whatif.groups).
    """
    title = str(meta["short_title"])
    values = ask(queries.indicator_values_gm, indicator_id, period)
    if group is not None and comparator == group.area_code:
        name = f"{group.name} (pooled group)"
        # without a pooled value the map says the boroughs are not compared
        with contextlib.suppress(GroupError):
            values = with_groups(values, [group], indicator_facts(meta, indicator_id))
    else:
        name = COMPARATORS.get(comparator, COMPARATORS[ENGLAND])
    comparison = comparator_value(values, comparator)
    frame, legend = geo.map_categories(
        values[values["area_type"] == "local_authority"],
        scheme=scheme,
        unit=str(meta["unit"]),
        polarity=str(meta["polarity"]),
        comparator_value=comparison,
        comparator_name=name,
        reference=ask(queries.quintile_areas, indicator_id, period),
    )
    indicator = Provenance.for_indicators(meta.to_frame().T, frame, version)
    provenance = Provenance(
        sources=(*indicator.sources, BOUNDARIES),
        extract_version=version,
        method=indicator.method,
        suppression=indicator.suppression,
        status=indicator.status,
    )
    view = geo.map_view(frame)
    illustrative = provenance.status.has_generated
    outline = f"the pooled group {group.name} ({group.describe()})" if group else ""
    chart = maps.borough_map(
        view.features,
        view.context,
        scheme=scheme,
        legend_title=legend,
        title=title,
        period=period,
        polarity=str(meta["polarity"]),
        comparator_name=name,
        attribution=view.attribution,
        illustrative=illustrative,
        description=maps.borough_map_alt_text(
            frame, title=title, period=period, legend_title=legend, illustrative=illustrative
        )
        + (f" Outlined: {outline}." if outline else ""),
        outlined=group.members if group else (),
        outline_label=outline,
    )
    out: list[Block] = []
    if scheme == geo.BENCHMARK_SCHEME and comparison is None:
        out.append(
            Notice(
                f"There is no {name} value for {period}, so the boroughs are not compared: "
                "choose another comparator, or colour by quintiles."
            )
        )
    out.append(
        Figure(
            key="map.boroughs",
            chart=chart,
            table=geo.map_table(frame, unit=str(meta["unit"]), legend_title=legend),
            provenance=provenance,
            name=f"gm-boroughs_{slug(title)}_{slug(period)}_map_{slug(legend)}",
            context={"indicator": indicator_id, "period": period, "colouring": legend},
        )
    )
    return out


def deprivation_figure(ask: Ask, domain: str, version: str) -> Figure:
    """Every GM neighbourhood (2011 LSOA) by its national deprivation decile on one domain."""
    lsoas = geo.lsoa_frame(ask(queries.gm_lsoa_deprivation, domain))
    view = geo.lsoa_map_view(lsoas)
    chart = maps.deprivation_map(
        view.topology,
        view.lsoas,
        view.outlines,
        view.labels,
        domain=domain,
        attribution=view.attribution,
        description=maps.deprivation_map_alt_text(lsoas, domain=domain),
        ranked=geo.LSOAS_IN_ENGLAND_2019,
    )
    return Figure(
        key="map.lsoa",
        chart=chart,
        table=geo.lsoa_table(lsoas),
        provenance=Provenance.for_sources(
            (IOD2019, BOUNDARIES),
            version,
            "National rank and decile of each 2011 LSOA (1 = most deprived).",
        ),
        name=f"gm-lsoa_{slug(domain)}_iod2019_map",
        context={"domain": domain},
    )
