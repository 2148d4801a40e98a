"""The Funding view: a grant by borough and year with gaps as gaps, per resident, England's total."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from gmcore.schema import ENGLAND
from gmdash import funding, queries
from gmdash.charts.funding import england_totals_chart, funding_grid_chart, per_head_chart
from gmdash.figure import Block, Download, Figure, Notice, Sentences, Table, slug
from gmdash.provenance import Provenance
from gmdash.queries import Ask


def _provenance(version: str, method: str) -> Provenance:
    return Provenance.for_sources(
        (funding.SOURCE,), version, method, suppression=funding.NOT_COUNTS
    )


def blocks(
    ask: Ask, grant: str, area: str, boroughs: Mapping[str, str], version: str
) -> list[Block]:
    """The grant's grid, the chosen borough's every figure, per resident, and England's total.

    The grant's figures and England's are each worked out once (`ask.memo`) and shared by every
    borough chosen with them: a new borough only adds its own table and sentences.
    """
    grid, per_head = ask.memo(grant_blocks, grant, boroughs, version)
    return [
        grid,
        *borough_blocks(ask, area, boroughs),
        *per_head,
        *ask.memo(england_blocks, version),
    ]


def grant_blocks(
    ask: Ask, grant: str, boroughs: Mapping[str, str], version: str
) -> tuple[Block, list[Block]]:
    """The grant's grid of every borough and year, and its figures per resident."""
    codes, allocations = _allocations(ask)
    label = funding.grant_label(grant)
    context = {"grant": grant, "terms": funding.CASH_TERMS}
    grid = funding.gap_grid(allocations, grant, funding.grid_areas(boroughs))
    figure = Figure(
        key=f"funding.grid.{grant}",
        chart=funding_grid_chart(grid, grant=grant),
        table=grid,
        provenance=_provenance(
            version,
            "Published figures as found; nothing estimated, interpolated or deflated. "
            "Empty cells mean no published figure was found.",
        ),
        name=f"gm-boroughs_{slug(grant)}_by-year",
        heading=f"{label} by borough and year",
        context=context,
    )
    return figure, _per_head(ask, codes, grant, label, version, context)


def borough_blocks(ask: Ask, area: str, boroughs: Mapping[str, str]) -> list[Block]:
    """Every figure found for the borough, and its share of any consortium pot."""
    _, allocations = _allocations(ask)
    detail = funding.borough_figures(allocations, area)
    out: list[Block] = [
        Table(
            key="funding.borough",
            title=f"Every figure found for {boroughs[area]}",
            frame=detail,
            caption=f"Grouped by grant, newest first; amounts in pounds, {funding.CASH_TERMS}.",
            links=("Source",),
        )
        if not detail.empty
        else Notice(f"No funding figure was found for {boroughs[area]} in the sources searched.")
    ]
    shares = funding.consortium_shares(allocations, area)
    if not shares.empty:
        out.append(
            Sentences(
                key="funding.consortium",
                title="Share of a consortium pot",
                lines=tuple(shares["sentence"]),
                caption="Worked out from the funding extract: the borough's figure divided by "
                "the consortium's total for the same grant, year and status.",
            )
        )
    return out


def england_blocks(ask: Ask, version: str) -> list[Block]:
    """England's total over time, and every sourced figure as a table and a download."""
    _, allocations = _allocations(ask)
    totals = funding.england_totals(allocations)
    return [
        Figure(
            key="funding.england",
            chart=england_totals_chart(totals),
            table=totals,
            provenance=_provenance(
                version, "England totals as published, cash terms (not adjusted for inflation)."
            ),
            name="england_public-health-grant_by-year",
            heading="England public health grant over time",
            context={"area_code": ENGLAND, "area_name": "England", "terms": funding.CASH_TERMS},
        ),
        Table(
            key="funding.all",
            title="Every sourced figure (all grants, areas and years)",
            frame=funding.figures_table(allocations),
            links=("Source",),
            folded=True,
        ),
        Download(
            key="funding.all.csv",
            label="Download every figure (CSV)",
            frame=funding.figures_data(allocations),
            name="gm_funding_every-figure",
            context={"terms": funding.CASH_TERMS},
        ),
    ]


def _allocations(ask: Ask) -> tuple[tuple[str, ...], pd.DataFrame]:
    """The codes gm_areas lists, and every sourced funding figure for them."""
    codes = tuple(ask(queries.gm_areas)["area_code"])
    return codes, ask(queries.funding_allocations, codes)


def _per_head(
    ask: Ask, codes: tuple[str, ...], grant: str, label: str, version: str, context: dict[str, str]
) -> list[Block]:
    per_head: pd.DataFrame = funding.per_head_view(ask(queries.funding_per_head, codes), grant)
    if per_head.empty:
        return [
            Notice(
                f"No {label} figure has a population estimate for the same year, so no "
                "per-resident figure is shown."
            )
        ]
    return [
        Figure(
            key=f"funding.per_head.{grant}",
            chart=per_head_chart(per_head, grant=grant),
            table=per_head,
            provenance=_provenance(
                version,
                "Amount divided by the ONS mid-year population estimate for the mid-year in "
                "which the financial year starts (e.g. 2015/16 uses mid-2015).",
            ),
            name=f"gm-boroughs_{slug(grant)}_per-resident",
            heading="Per resident",
            context=context,
        )
    ]
